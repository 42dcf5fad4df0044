"""Lists that sort in their models and apply what changed: order per column, ties, Chinese
text, filters over each row's text, updates that keep the selection and never reset."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from bqinspect.ui.models.table import KeyFilterProxy, SortedRowTableModel

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@dataclass(frozen=True)
class Item:
    id: uuid.UUID
    code: str
    name: str
    score: float


class ItemsModel(SortedRowTableModel[Item]):
    COLUMNS = 3
    TRANSLATED_TEXT = False  # a code and a name: made off the GUI thread with a reload
    CODE, NAME, SCORE = range(3)

    def headers(self) -> list[str]:
        return ["Code", "Name", "Score"]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        row = self.row_at(index)
        if row is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [row.code, row.name, f"{row.score:.1f}"][index.column()]

    def row_id(self, row: Item) -> uuid.UUID:
        return row.id

    def tie_key(self, row: Item) -> str:
        return row.code

    def sort_key(self, row: Item, column: int) -> object:
        return [row.code, row.name, row.score][column]

    def search_text(self, row: Item) -> str:
        return f"{row.code} {row.name}"


def _item(code: str, name: str, score: float) -> Item:
    return Item(uuid.uuid4(), code, name, score)


@pytest.fixture
def items() -> list[Item]:
    return [
        _item("0003", "城西支行", 80.0),
        _item("0001", "城东支行", 92.5),
        _item("0004", "Branch A", 80.0),
        _item("0002", "城东支行", 61.0),
    ]


def _codes(model: SortedRowTableModel[Item]) -> list[str]:
    return [r.code for r in model.rows()]  # type: ignore[attr-defined]


def test_every_column_sorts_both_ways_with_ties_by_code(qtmodeltester, items) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    model.set_rows(items)
    qtmodeltester.check(model)
    assert _codes(model) == ["0003", "0001", "0004", "0002"]  # no sort: as given
    model.sort(ItemsModel.CODE, ASC)
    assert _codes(model) == ["0001", "0002", "0003", "0004"]
    model.sort(ItemsModel.CODE, DESC)
    assert _codes(model) == ["0004", "0003", "0002", "0001"]
    # Chinese text by code point, the same name twice ordered by code either way
    model.sort(ItemsModel.NAME, ASC)
    assert _codes(model) == ["0004", "0001", "0002", "0003"]
    model.sort(ItemsModel.NAME, DESC)
    assert _codes(model) == ["0003", "0001", "0002", "0004"]
    model.sort(ItemsModel.SCORE, ASC)
    assert _codes(model) == ["0002", "0003", "0004", "0001"]
    model.sort(ItemsModel.SCORE, DESC)
    assert _codes(model) == ["0001", "0003", "0004", "0002"]  # the tie 80.0 still by code


def test_a_sort_keeps_the_selected_row_selected(qtbot, items) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    model = ItemsModel()
    model.set_rows(items)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectionModel().select(
        model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    model.sort(ItemsModel.SCORE, ASC)
    selected = view.selectionModel().selectedRows()
    assert [model.row_object(i.row()).code for i in selected] == ["0001"]
    assert model.row_object(selected[0].row()) is items[1]


def test_an_update_applies_only_what_changed(qtbot, items) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    model.set_rows(items)
    model.sort(ItemsModel.CODE, ASC)
    kept = model.row_object(0)  # 0001
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))

    rescored = replace(items[0], score=99.0)  # 0003 changed
    fresh = _item("0000", "新网点", 70.0)
    model.update_rows([items[1], rescored, fresh, items[3]])  # 0004 gone

    assert resets == []
    assert removed == [(3, 3)]
    assert changed == [(2, 2)]
    assert inserted == [(3, 3)]
    assert _codes(model) == ["0000", "0001", "0002", "0003"]  # in order again
    assert model.row_object(1) is kept  # an unchanged row is the same object
    assert model.row_object(3) is rescored


def test_the_first_update_inserts_and_an_empty_one_removes(items) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    model.sort(ItemsModel.CODE, ASC)
    model.update_rows(items)
    assert _codes(model) == ["0001", "0002", "0003", "0004"]
    model.update_rows([])
    assert model.rowCount() == 0


def test_the_filter_finds_every_word_in_a_rows_text(qtmodeltester, items) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    model.set_rows(items)
    proxy = KeyFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    proxy.set_text("城东")
    assert sorted(shown()) == ["0001", "0002"]
    proxy.set_text("城东 0002")
    assert shown() == ["0002"]
    proxy.set_text("branch")  # case does not matter
    assert shown() == ["0004"]
    proxy.sort(ItemsModel.CODE, DESC)  # the model's own sort, the filter kept
    assert proxy.sortColumn() == -1
    assert model.sort_column == ItemsModel.CODE
    proxy.set_text("")
    assert shown() == ["0004", "0003", "0002", "0001"]


def _many(count: int = 300) -> list[Item]:
    import random

    rng = random.Random(7)
    names = ("城东支行", "城西支行", "Branch A", "Airport", "中山路营业部")
    return [
        _item(f"{rng.randrange(10_000):04d}", rng.choice(names), float(rng.randrange(50, 100)))
        for _ in range(count)
    ]


def _ids(model: SortedRowTableModel[Item]) -> list[uuid.UUID]:
    return [r.id for r in model.rows()]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["城", "城东", "0 城", "branch", "BRANCH a", "9", "无此网点", ""])
def test_filtering_in_the_model_shows_the_rows_a_filter_proxy_did(qtmodeltester, text) -> None:  # type: ignore[no-untyped-def]
    rows = _many()
    with_proxy, alone = ItemsModel(), ItemsModel()
    for model in (with_proxy, alone):
        model.sort(ItemsModel.SCORE, DESC)
        model.update_rows(rows)
    proxy = KeyFilterProxy()
    proxy.setSourceModel(with_proxy)
    qtmodeltester.check(alone)  # and the layout changes that follow
    proxy.set_text(text)
    alone.set_text(text)
    through_proxy = [
        proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(proxy.rowCount())
    ]
    assert [alone.index(r, 0).data() for r in range(alone.rowCount())] == through_proxy
    assert alone.total() == len(rows)
    for column, order in ((ItemsModel.NAME, ASC), (ItemsModel.CODE, DESC)):
        with_proxy.sort(column, order)
        alone.sort(column, order)
        shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
        assert [alone.index(r, 0).data() for r in range(alone.rowCount())] == shown


def test_a_filter_keeps_the_selection_of_a_row_still_shown(qtbot, items) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    model = ItemsModel()
    model.set_rows(items)
    model.sort(ItemsModel.CODE, ASC)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.selectionModel().select(model.index(1, 0), flags)  # 0002 城东支行

    def selected() -> list[str]:
        return [model.row_object(i.row()).code for i in view.selectionModel().selectedRows()]

    model.set_text("城东")
    assert _codes(model) == ["0001", "0002"] and selected() == ["0002"]
    model.set_text("城东 0001")  # the selected row filtered out: nothing selected
    assert _codes(model) == ["0001"] and selected() == []
    model.set_text("")
    assert _codes(model) == ["0001", "0002", "0003", "0004"]


def test_a_reload_under_a_filter_shows_only_the_rows_it_accepts(items) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    model.sort(ItemsModel.CODE, ASC)
    model.update_rows(items)
    model.set_text("城东")
    assert _codes(model) == ["0001", "0002"]
    renamed = replace(items[1], name="城北支行")  # 0001 no longer matches
    fresh = [_item("0000", "城东新网点", 70.0), _item("0005", "Airport", 70.0)]
    model.update_rows([renamed, items[0], items[2], items[3], *fresh])
    assert _codes(model) == ["0000", "0002"]
    assert model.total() == 6
    assert [r.code for r in model.all_rows()] == ["0000", "0001", "0002", "0003", "0004", "0005"]
    model.set_text("城北")
    assert _codes(model) == ["0001"] and model.row_object(0) is renamed


def test_a_reload_made_ready_before_a_sort_is_made_again_for_it(items) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    model.sort(ItemsModel.CODE, ASC)
    model.update_rows(items)
    prepare = model.preparer()  # as a page does before reading off the GUI thread
    fresh = _item("0000", "新网点", 99.5)
    prepared = prepare([*items, fresh])
    assert prepared.changed and prepared.texts  # the new row's text made with it
    model.sort(ItemsModel.SCORE, DESC)  # meanwhile the user sorts
    model.apply_prepared(prepared)
    assert _codes(model) == ["0000", "0001", "0003", "0004", "0002"]
    unchanged = model.preparer()([*items, fresh])
    assert not unchanged.changed
    model.apply_prepared(unchanged)
    assert model.row_object(0) is fresh
