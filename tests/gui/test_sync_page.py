"""The Sync page: the export wizard end to end, import by drag-and-drop, signer and conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from bqinspect.services import inspections as svc
from bqinspect.sync.export import ExportResult, export_package
from bqinspect.sync.imports import ImportResult, SignerRefused, import_package
from bqinspect.sync.keys import export_public
from bqinspect.sync.merge import Outcome
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync.models import ExportModel
from bqinspect.ui.sync.page import SyncPage
from bqinspect.ui.tasks import InlinePool
from tests.unit.sync_helpers import (
    db_content_hash,
    field_with_inspections,
    open_ws,
    rebuild,
    record_names,
    trust,
    zip_entries,
)


def _page(qtbot, ws, tmp_path: Path, name: str) -> SyncPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(
        ws, QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat), pool=InlinePool()
    )
    ctx.language = "en"
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


@pytest.fixture
def field(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, ids = field_with_inspections(tmp_path / "field", 3)
    yield ws, ids
    ws.close()


@pytest.fixture
def office(tmp_path: Path, field):  # type: ignore[no-untyped-def]
    ws = open_ws(tmp_path / "office")
    ws.set_setting("device_name", "head-office")
    trust(ws, field[0], tmp_path)
    yield ws
    ws.close()


def _check_rows(page: SyncPage, count: int) -> None:
    model = page.export_model
    for row in range(count):
        model.setData(
            model.index(row, ExportModel.CHECK),
            Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )


def test_export_wizard_end_to_end(qtbot, field, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, _ids = field
    page = _page(qtbot, ws, tmp_path, "field")
    assert page.export_model.rowCount() == 3
    assert "3 never exported" in page.chosen_label.text()
    assert "field-laptop" in page.device_label.text()
    assert not page.next_button.isEnabled()
    _check_rows(page, 2)
    assert page.chosen_label.text().startswith("2 of 3 chosen")
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == SyncPage.STEP_DESTINATION
    assert page.destination.text().endswith(".bqpkg")
    out = tmp_path / "to-office.bqpkg"
    page.destination.setText(str(out))
    key = tmp_path / "office.pub"
    export_public(office, key)
    assert not page.add_recipient(tmp_path / "missing.pub")
    assert "not a public key file" in page.destination_error.text()
    assert page.add_recipient(key)
    assert page.recipients_list.count() == 1
    assert "encrypted" in page.recipients_note.text()
    with qtbot.waitSignal(page.export_finished, timeout=30_000) as done:
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert isinstance(result, ExportResult)
    assert out.exists() and result.encrypted_to == 1
    assert page.steps.currentIndex() == SyncPage.STEP_RESULT
    assert "Exported 2 inspection(s)" in page.export_summary.text()
    assert "encrypted to 1 key(s)" in page.export_summary.text()
    marked = [r for r in page.export_model.rows() if r.exported_at is not None]
    assert len(marked) == 2
    assert "1 never exported" in page.chosen_label.text()
    imported = import_package(office, out)
    assert imported.counts()["new"] == 2
    page.grab().save(str(tmp_path / "sync-export.png"))


def test_export_refusal_is_shown_and_nothing_marked(qtbot, field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, _ids = field
    page = _page(qtbot, ws, tmp_path, "field")
    page.check_where(lambda r: True)
    page.go_to_step(SyncPage.STEP_DESTINATION)
    page.destination.setText(str(tmp_path / "no-such-folder" / "x.bqpkg"))
    with qtbot.waitSignal(page.export_finished, timeout=30_000) as done:
        page.start_export()
    assert isinstance(done.args[0], Exception)
    assert "Nothing was exported" in page.export_summary.text()
    assert "destination folder does not exist" in page.export_summary.text()
    assert all(r.exported_at is None for r in svc.list_inspections(ws))


def _drop(page: SyncPage, path: Path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(page, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(page, drop)
    return drop.isAccepted()


def test_import_by_drag_and_drop_then_again(qtbot, field, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    package = export_package(ws, tmp_path / "p.bqpkg", ids).path
    page = _page(qtbot, office, tmp_path, "office")
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as done:
        assert _drop(page, package)
    result = done.args[0]
    assert isinstance(result, ImportResult)
    assert page.tabs.currentIndex() == 1
    assert "Imported p.bqpkg." in page.import_summary.text()
    assert "3 new, 0 updated, 0 unchanged, 0 conflicts, 0 refused" in page.import_summary.text()
    shown = [page.outcomes_model.data(page.outcomes_model.index(r, 0)) for r in range(4)]
    assert shown.count("new") == 4  # three inspections and their branch
    assert page.export_model.rowCount() == 3, "the export list shows what was imported"
    page.grab().save(str(tmp_path / "sync-import.png"))
    with qtbot.waitSignal(page.import_finished, timeout=30_000):
        page.import_file(package)
    assert page.import_summary.text().startswith("Already imported on")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert not _drop(page, folder), "a folder is not a package"


def test_unknown_signer_can_be_accepted_once(qtbot, field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    package = export_package(ws, tmp_path / "p.bqpkg", ids[:1]).path
    stranger = open_ws(tmp_path / "stranger")
    page = _page(qtbot, stranger, tmp_path, "stranger")
    before = db_content_hash(stranger)
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as done:
        page.import_file(package)
    assert isinstance(done.args[0], SignerRefused)
    assert db_content_hash(stranger) == before
    assert page.signer_panel.isVisible()
    assert "field-laptop" in page.signer_text.text()
    assert "nothing was changed" in page.import_summary.text()
    assert "refused" not in page.import_summary.text()  # the user has not chosen yet
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as done:
        qtbot.mouseClick(page.accept_once_button, Qt.MouseButton.LeftButton)
    assert isinstance(done.args[0], ImportResult) and done.args[0].accepted_once
    assert not page.signer_panel.isVisible()
    assert "signer accepted once" in page.import_summary.text()
    stranger.close()


def test_tampered_package_is_refused_with_its_reason(qtbot, field, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    package = export_package(ws, tmp_path / "p.bqpkg", ids).path
    name = record_names(package)[0]
    data = dict((i.filename, d) for i, d in zip_entries(package))[name]
    bad = rebuild(package, tmp_path / "bad.bqpkg", replace={name: data + b"\n"})
    page = _page(qtbot, office, tmp_path, "office")
    before = db_content_hash(office)
    with qtbot.waitSignal(page.import_finished, timeout=30_000):
        page.import_file(bad)
    assert "refused and nothing was changed" in page.import_summary.text()
    assert "altered after signing" in page.import_summary.text()
    assert db_content_hash(office) == before
    assert page.outcomes_model.rowCount() == 0


def test_conflicts_are_listed_explained_and_resolved(qtbot, field, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    import_package(office, export_package(ws, tmp_path / "p1.bqpkg", ids[:1]).path)
    svc.set_note(office, ids[0], "ENV-04", "总行复核", why="复核")  # both sides edit revision 1
    svc.set_note(ws, ids[0], "ENV-04", "补记：门前施工", why="补记")
    second = export_package(ws, tmp_path / "p2.bqpkg", ids[:1]).path
    page = _page(qtbot, office, tmp_path, "office")
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as done:
        page.import_file(second)
    assert [o.outcome for o in done.args[0].outcomes if o.entity == "inspection"] == [
        Outcome.CONFLICT
    ]
    assert page.conflicts_model.rowCount() == 1
    assert page.conflicts_title.text() == "Recorded conflicts (1)"
    page.conflicts_table.selectRow(0)
    detail = page.conflict_detail.toPlainText()
    assert "answers[ENV-04].note" in detail and "补记：门前施工" in detail
    page.grab().save(str(tmp_path / "sync-conflict.png"))
    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    assert page.conflicts_model.rowCount() == 0
    # Importing the same package again after resolving does not bring the conflict back.
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as done:
        page.import_file(second)
    assert not done.args[0].changed
    assert page.conflicts_model.rowCount() == 0


def test_export_wizard_chooses_one_inspectors_records(qtbot, field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    from bqinspect.services import inspections as svc

    svc.set_inspection_fields(ws, ids[1], inspectors=["李静"], why="更正检查员")
    page = _page(qtbot, ws, tmp_path, "lead")
    page.refresh()
    wizard = page.export_wizard
    names = [wizard.inspector_choice.itemText(i) for i in range(wizard.inspector_choice.count())]
    assert names == sorted(["王晓明", "李静"])
    wizard.inspector_choice.setCurrentText("李静")
    qtbot.mouseClick(wizard.select_inspector_button, Qt.MouseButton.LeftButton)
    assert page.chosen() == [ids[1]]
    wizard.inspector_choice.setCurrentText("王晓明")
    qtbot.mouseClick(wizard.select_inspector_button, Qt.MouseButton.LeftButton)
    assert sorted(page.chosen()) == sorted([ids[0], ids[2]])
