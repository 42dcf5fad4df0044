"""The base of the read-only table models: a list of row objects shown in named columns."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

# The rows a column fitted to its contents is measured on (``setResizeContentsPrecision``):
# Qt's default, 1,000, asks every role of 1,000 rows each time a list changes, and 0 means
# the rows shown only while the table is visible but every row while it is hidden.
CONTENTS_ROWS = 50


def fix_widths(view: QTableView) -> None:
    """Fit the columns fitted to their contents once, to the rows there now, and keep those
    widths (the user may still drag them): a column left fitting itself is measured again,
    ``CONTENTS_ROWS`` rows by every role, after each sort, filter key and reload."""
    header = view.horizontalHeader()
    fitted = QHeaderView.ResizeMode.ResizeToContents
    fit_widths(view, [c for c in range(header.count()) if header.sectionResizeMode(c) == fitted])


def fit_widths(view: QTableView, columns: Iterable[int]) -> None:
    """Fit ``columns`` to the rows there now, each measured once, and leave them interactive.

    Every column is made interactive first: asking a header for a section's size while
    others still fit themselves lays it out again, and measures every fitted column anew."""
    header = view.horizontalHeader()
    columns = list(columns)
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    for column in columns:
        view.resizeColumnToContents(column)


class FitOnce(QObject):
    """A long list's columns fitted to their first rows, once, in an event of its own after
    those rows are shown (not in the one that inserts 10,000 rows); until then, and after,
    the columns are interactive, so that no change of the rows measures them again."""

    def __init__(self, view: QTableView, columns: Iterable[int]):
        super().__init__(view)
        self.view = view
        self.columns = list(columns)
        self.done = False
        header = view.horizontalHeader()
        for column in self.columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)

    def rows_shown(self) -> None:
        """The list has rows: fit the columns to them soon, if not done yet."""
        if not self.done and not self._timer.isActive():
            self._timer.start()

    def fit(self) -> None:
        self._timer.stop()
        if not self.done and self.view.model().rowCount():
            fit_widths(self.view, self.columns)
            self.done = True


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are objects of one type; subclasses give ``COLUMNS``, :meth:`headers` and ``data``.

    :meth:`set_rows` resets the model; :meth:`retranslate` tells the views that the headers
    and every cell need to be shown again (after a language change).
    """

    COLUMNS = 0

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_object(self, row: int) -> Row:
        return self._rows[row]

    def find_row(self, matches: Callable[[Row], bool]) -> int:
        """The number of the first row that ``matches``, or -1."""
        return next((n for n, row in enumerate(self._rows) if matches(row)), -1)

    def row_at(self, index: Index) -> Row | None:
        """The row object of a valid ``index`` of this model, else None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def headers(self) -> list[str]:
        """The translated column titles, one per column."""
        raise NotImplementedError

    def retranslate(self) -> None:
        last = self.COLUMNS - 1
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    # Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = self.headers()
        return titles[section] if 0 <= section < len(titles) else None


# rows handled between two pauses of a reload made ready off the GUI thread: a pool thread
# busy in Python makes each call the GUI thread makes into Python (every data() of a paint)
# wait for the interpreter up to its switch interval, 5 ms
_PAUSE_EVERY = 500


def _pauser() -> Callable[[int], None]:
    """``pause(n)``: let the GUI thread run every ``_PAUSE_EVERY`` rows, off the GUI thread
    only (on it, a pause would hand the interpreter to a busy pool thread instead)."""
    if threading.current_thread() is threading.main_thread():
        return lambda _n: None

    def pause(n: int) -> None:
        if n % _PAUSE_EVERY == _PAUSE_EVERY - 1:
            time.sleep(0)

    return pause


def _in_order(base: list[Row], keys: list[Any], order: Qt.SortOrder) -> list[Row]:
    """``base`` (rows in tie order) sorted by ``keys`` (one per row); ties keep their order."""
    descending = order == Qt.SortOrder.DescendingOrder
    return [base[n] for n in sorted(range(len(base)), key=keys.__getitem__, reverse=descending)]


@dataclass(frozen=True)
class Prepared(Generic[Row]):
    """A reload made ready off the GUI thread (:meth:`SortedRowTableModel.preparer`)."""

    given: list[Row]  # the rows read
    sort: tuple[int, Qt.SortOrder]  # the model's sort it was made for
    since: list[Row]  # the model's rows it was compared with
    rows: list[Row]  # every row to keep, in order: an unchanged row is the one shown
    changed: bool  # any row new, changed or gone
    texts: dict[int, str] = field(default_factory=dict)  # id(row): search text, casefolded
    base: list[Row] | None = None  # the rows in tie order, when sorted anew
    keys: list[Any] | None = None  # each one's key of the sort column


class SortedRowTableModel(RowTableModel[Row]):
    """A row model that sorts and filters itself: one key per row and column
    (:meth:`sort_key`), computed once per sort, never one Python call per comparison; ties keep
    their order by :meth:`tie_key` in either direction.

    All rows are kept in order; the model shows those its filter (:meth:`set_filter`,
    :meth:`set_text`) accepts, so a sort or a filter key is one layout change of the shown rows
    (persistent indexes and selections follow their rows; a row filtered out loses them), with
    no proxy asking Python about every row. :meth:`rows` and ``rowCount`` are the shown rows,
    :meth:`all_rows` and :meth:`total` every row.

    :meth:`update_rows` applies what changed (rows added, removed, changed) instead of a reset,
    so a view keeps its selection, current row and scroll position.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.sort_column = -1  # none: the rows as given
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._all: list[Row] = []  # every row, in the current order
        self._accepts: Callable[[Row], bool] | None = None  # None: every row is shown
        self._words: list[str] = []  # of set_text
        self._haystacks: dict[int, str] = {}  # id(row): its searchable text, casefolded
        self._titles: list[str] | None = None  # the translated headers, made when first asked
        self._forget_order()

    # what subclasses give ------------------------------------------------------------------
    def sort_key(self, row: Row, column: int) -> Any:
        """The value ``column`` sorts ``row`` by (comparable with every other row's)."""
        raise NotImplementedError

    def tie_key(self, row: Row) -> Any:
        """What orders rows whose keys are equal (ascending whatever the direction)."""
        return 0

    def row_id(self, row: Row) -> Any:
        """What identifies a row across reloads (for :meth:`update_rows`)."""
        return id(row)

    def same_row(self, old: Row, new: Row) -> bool:
        """Whether ``new`` shows as ``old`` does (no change to apply)."""
        return bool(old == new)

    def search_text(self, row: Row) -> str:
        """The text a filter's words are looked for in."""
        return ""

    # whether search_text holds translated words (made again after a language change)
    TRANSLATED_TEXT = True

    def retranslate(self) -> None:
        if self.TRANSLATED_TEXT:
            self._haystacks.clear()
        self._titles = None
        super().retranslate()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The titles are translated once per language: a header asks for each section's
        several times per layout and paint."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if self._titles is None:
            self._titles = self.headers()
        return self._titles[section] if 0 <= section < len(self._titles) else None

    # every row -------------------------------------------------------------------------------
    def all_rows(self) -> list[Row]:
        """Every row, shown or filtered out, in the current order."""
        return list(self._all)

    def total(self) -> int:
        """How many rows there are, shown or filtered out."""
        return len(self._all)

    # sorting ---------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Row]) -> None:
        self._haystacks.clear()
        self._forget_order()
        self.beginResetModel()
        self._all = self._sorted(rows)
        self._rows = self._filtered(self._all)
        self.endResetModel()

    def _forget_order(self) -> None:
        """The rows changed: the tie order and the keys kept for sorting are made again."""
        self._base: list[Row] | None = None  # the rows in tie order
        self._keys: dict[int, list[Any]] = {}  # column: the key of each row of _base

    def _sorted(self, rows: Iterable[Row], *, shown: bool = False) -> list[Row]:
        """``rows`` in the current order; ``shown``: they are this model's rows, whose tie
        order and keys are kept from one sort to the next."""
        column = self.sort_column
        if not 0 <= column < self.COLUMNS:
            return list(rows)
        base = self._base if shown else None
        if base is None:
            base = sorted(rows, key=self.tie_key)
            if shown:
                self._base, self._keys = base, {}
        keys = self._keys.get(column) if shown else None
        if keys is None:
            keys = [self.sort_key(r, column) for r in base]
            if shown:
                self._keys[column] = keys
        return self.arrange(_in_order(base, keys, self.sort_order))

    def arrange(self, rows: list[Row]) -> list[Row]:
        """The sorted rows as shown (a subclass may bring some first)."""
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``; selections and other persistent indexes follow their rows.

        The rows are always kept in the current order, so asking for it again (a view asks
        twice per header click) costs nothing."""
        if (column, order) == (self.sort_column, self.sort_order):
            return
        self.sort_column, self.sort_order = column, order
        self._resort()

    def _resort(self) -> None:
        if not self._all:
            return
        self._all = self._sorted(self._all, shown=True)
        self._show(self._filtered(self._all))

    def _show(self, rows: list[Row]) -> None:
        """Show ``rows`` (some of ``_all``, in its order) in one layout change; persistent
        indexes follow their rows, those of a row no longer shown become invalid."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [self._rows[index.row()] for index in before]
        self._rows = rows
        if before:
            where = {id(row): n for n, row in enumerate(rows)}
            after = [
                self.index(where[id(r)], i.column()) if id(r) in where else QModelIndex()
                for r, i in zip(moved, before, strict=True)
            ]
            self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # filtering ---------------------------------------------------------------------------------
    def set_filter(self, accepts: Callable[[Row], bool] | None) -> None:
        """Show only the rows ``accepts`` (None: every row), in one layout change."""
        self._accepts = accepts
        if self._all or self._rows:
            self._show(self._filtered(self._all))

    def set_text(self, text: str) -> None:
        """Show the rows whose search text has every word of ``text`` (any case)."""
        words = text.casefold().split()
        if words == self._words:
            return
        self._words = words
        if not words:
            self.set_filter(None)
            return
        text_of = self.text_of

        def accepts(row: Row) -> bool:
            haystack = text_of(row)
            return all(word in haystack for word in words)

        self.set_filter(accepts)

    def _filtered(self, rows: list[Row]) -> list[Row]:
        accepts = self._accepts
        return list(rows) if accepts is None else [r for r in rows if accepts(r)]

    def text_of(self, row: Row) -> str:
        """The casefolded search text of ``row``, made once per row."""
        text = self._haystacks.get(id(row))
        if text is None:
            text = self._haystacks[id(row)] = self.search_text(row).casefold()
        return text

    def haystack(self, source_row: int) -> str:
        """The casefolded search text of the shown row ``source_row`` (for a proxy)."""
        return self.text_of(self._rows[source_row])

    # applying what changed ---------------------------------------------------------------------
    def update_rows(self, rows: Iterable[Row]) -> None:
        """Show ``rows``: removed rows are removed, changed ones updated in place, new ones
        inserted, then the order is made right again; nothing is reset."""
        self.apply_prepared(self.preparer()(list(rows)))

    def preparer(self) -> Callable[[list[Row]], Prepared[Row]]:
        """What makes a reload ready, to be called off the GUI thread with the rows read: it
        compares them with the rows here now, sorts them as the model is sorted and makes
        the search texts of the rows new or changed (those that name no translated word),
        leaving :meth:`apply_prepared` only the signals to the views."""
        since, sort = self._all, (self.sort_column, self.sort_order)
        row_id, same_row, tie_key, sort_key = (
            self.row_id,
            self.same_row,
            self.tie_key,
            self.sort_key,
        )
        arrange, search_text = self.arrange, self.search_text
        texts_here = not self.TRANSLATED_TEXT
        column, order = sort
        sorting = 0 <= column < self.COLUMNS

        def prepare(rows: list[Row]) -> Prepared[Row]:
            pause = _pauser()
            incoming: dict[Any, Row] = {}
            for n, row in enumerate(rows):
                incoming[row_id(row)] = row
                pause(n)
            kept: list[Row] = []
            new_rows: list[Row] = []  # changed, then new: their texts are made
            known: set[Any] = set()
            for n, row in enumerate(since):
                key = row_id(row)
                now = incoming.get(key)
                if now is not None:
                    known.add(key)
                    if same_row(row, now):
                        kept.append(row)
                    else:
                        kept.append(now)
                        new_rows.append(now)
                pause(n)
            fresh = [r for key, r in incoming.items() if key not in known]
            if not (new_rows or fresh) and len(kept) == len(since):
                return Prepared(rows, sort, since, since, False)
            merged = kept + fresh
            new_rows += fresh
            texts: dict[int, str] = {}
            if texts_here:
                for n, row in enumerate(new_rows):
                    texts[id(row)] = search_text(row).casefold()
                    pause(n)
            if not sorting or not new_rows:  # not sorted, or only rows gone: the order stays
                return Prepared(rows, sort, since, merged, True, texts)
            ties = []
            for n, row in enumerate(merged):
                ties.append(tie_key(row))
                pause(n)
            base = [merged[n] for n in sorted(range(len(merged)), key=ties.__getitem__)]
            keys = []
            for n, row in enumerate(base):
                keys.append(sort_key(row, column))
                pause(n)
            ordered = arrange(_in_order(base, keys, order))
            return Prepared(rows, sort, since, ordered, True, texts, base, keys)

        return prepare

    def apply_prepared(self, prepared: Prepared[Row]) -> None:
        """Show a reload made ready by :meth:`preparer` (on the GUI thread); one made against
        rows or an order that have changed since is made again here."""
        if prepared.since is not self._all or prepared.sort != (self.sort_column, self.sort_order):
            prepared = self.preparer()(prepared.given)
        if not prepared.changed:
            return
        everything = prepared.rows
        self._forget_order()
        if prepared.base is not None and prepared.keys is not None:
            self._base, self._keys = prepared.base, {self.sort_column: prepared.keys}
        stored = {id(r) for r in everything}
        self._haystacks = {k: t for k, t in self._haystacks.items() if k in stored}
        self._haystacks.update(prepared.texts)
        self._all = everything
        self._apply(self._filtered(everything))

    def _apply(self, wanted: list[Row]) -> None:
        """Go from the shown rows to ``wanted``: rows removed, rows changed in place, rows
        inserted at the end, then one layout change if the order is not yet ``wanted``'s."""
        if not self._rows:
            if wanted:
                self.beginInsertRows(QModelIndex(), 0, len(wanted) - 1)
                self._rows = wanted
                self.endInsertRows()
            return
        by_id = {self.row_id(r): r for r in wanted}
        self._remove_missing(by_id)
        self._replace_changed(by_id)
        shown = {self.row_id(r) for r in self._rows}
        new = [r for r in wanted if self.row_id(r) not in shown]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        if any(a is not b for a, b in zip(wanted, self._rows, strict=True)):
            self._show(wanted)

    def _remove_missing(self, incoming: dict[Any, Row]) -> None:
        n = len(self._rows) - 1
        while n >= 0:  # from the end, one contiguous run at a time
            if self.row_id(self._rows[n]) in incoming:
                n -= 1
                continue
            last = n
            while n >= 0 and self.row_id(self._rows[n]) not in incoming:
                n -= 1
            self.beginRemoveRows(QModelIndex(), n + 1, last)
            del self._rows[n + 1 : last + 1]
            self.endRemoveRows()

    def _replace_changed(self, incoming: dict[Any, Row]) -> bool:
        changed = [n for n, row in enumerate(self._rows) if incoming[self.row_id(row)] is not row]
        for n in changed:
            self._rows[n] = incoming[self.row_id(self._rows[n])]
        last = self.COLUMNS - 1
        start = 0
        while start < len(changed):  # one dataChanged per contiguous run
            end = start
            while end + 1 < len(changed) and changed[end + 1] == changed[end] + 1:
                end += 1
            self.dataChanged.emit(self.index(changed[start], 0), self.index(changed[end], last))
            start = end + 1
        return bool(changed)


class KeyFilterProxy(QSortFilterProxyModel):
    """In front of a :class:`SortedRowTableModel` that shows all its rows: a sort asked of it
    is the model's own (the proxy keeps the model's order), and its text filter looks for
    every word of the text in each row's search text, made once per row. A long list filters
    in its model instead (:meth:`SortedRowTableModel.set_text`): a proxy asks Python about
    every row after each sort and each key."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self._words = words
            # one layout change, not a removal signal per run of rows (each makes the view
            # and its row header walk every row); persistent indexes and selections follow
            self.invalidate()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, SortedRowTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if not isinstance(model, SortedRowTableModel):
            return True
        haystack = model.haystack(source_row)
        return all(word in haystack for word in self._words)
