"""The Sync page's import history: each import that changed something and why records were
refused, shown in the UI language and again in the other when the language changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.services import review
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import ImportResult, import_package
from bqinspect.ui import i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync.models import ImportsModel, OutcomesModel
from bqinspect.ui.sync.page import SyncPage
from bqinspect.ui.tasks import InlinePool
from tests.unit.sync_helpers import field_with_inspections, open_ws, trust


def _shown(model, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    shown = Qt.ItemDataRole.DisplayRole
    return [model.data(model.index(r, col), shown) for r in range(model.rowCount())]


def test_a_refused_part_is_shown_in_the_ui_language(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field, ids = field_with_inspections(tmp_path / "field", 1)
    office = open_ws(tmp_path / "office")
    try:
        office.set_setting("device_name", "head-office")
        trust(office, field, tmp_path)
        import_package(office, export_package(field, tmp_path / "p1.bqpkg", ids).path)
        svc.set_answer(field, ids[0], "ENV-04", 3, why="复核计数")  # what the import changes
        with field.acting_as(Role.LEAD):  # the laptop plays the lead: not its part to send
            review.approve(field, ids[0], text="同意")
        package = export_package(field, tmp_path / "p2.bqpkg", ids).path

        ctx = AppContext(
            office, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
            pool=InlinePool(),
        )  # fmt: skip
        ctx.language = "en"
        page = SyncPage(ctx)
        qtbot.addWidget(page)
        page.resize(1100, 760)
        page.show()
        with qtbot.waitSignal(page.import_finished, timeout=30_000) as done:
            page.import_file(package)
        result = done.args[0]
        assert isinstance(result, ImportResult) and result.refused

        page.tabs.setCurrentWidget(page.history)
        history = page.history
        assert history.imports_model.rowCount() == 2
        chosen = history.selected()
        assert chosen is not None and chosen.id == result.import_id  # the newest, selected
        assert _shown(history.imports_model, ImportsModel.RESULT)[0] == "imported, with refusals"
        reasons = _shown(history.records_model, OutcomesModel.REASON)
        assert any("the review (decision" in r and "is the lead's" in r for r in reasons), reasons
        assert set(_shown(history.records_model, OutcomesModel.ENTITY)) == {"Inspection (a part)"}
        # the row and the panel name the package and the record: the cell says the reason alone,
        # its tooltip the whole sentence
        assert not any(r.startswith("package ") for r in reasons), reasons
        tip = history.records_model.data(
            history.records_model.index(0, OutcomesModel.REASON), Qt.ItemDataRole.ToolTipRole
        )
        assert tip.startswith(f"package {chosen.package_id}, record ")

        i18n.set_language(ctx, "zh_CN")
        try:
            assert page.tabs.tabText(2) == "导入记录"
            assert _shown(history.imports_model, ImportsModel.RESULT)[0] == "已导入，有拒绝"
            reasons = _shown(history.records_model, OutcomesModel.REASON)
            assert any("审核部分（审核结论" in r and "归督导组长所有" in r for r in reasons), (
                reasons
            )
            assert set(_shown(history.records_model, OutcomesModel.ENTITY)) == {"检查（部分内容）"}
            assert _shown(history.imports_model, ImportsModel.SUMMARY)[0].startswith("检查：")
            assert f"拒绝修改 {len(reasons)} 处" in history.detail.text()
            # the report of the import just made follows the language too
            page.tabs.setCurrentWidget(page.import_panel)
            shown = _shown(page.outcomes_model, OutcomesModel.REASON)
            assert any("归督导组长所有" in r for r in shown), shown
        finally:
            i18n.set_language(ctx, "en")
        page.tabs.setCurrentWidget(page.history)
        reasons = _shown(history.records_model, OutcomesModel.REASON)
        assert any("is the lead's" in r for r in reasons) and not any("督导" in r for r in reasons)
    finally:
        office.close()
        field.close()
