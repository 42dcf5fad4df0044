"""The Branches page shows the selected branch's staff and the items an employee was named in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from bqinspect.services import inspections
from bqinspect.services.staff import import_staff
from bqinspect.ui.context import AppContext
from bqinspect.ui.pages.branches import BranchesPage
from bqinspect.ui.tasks import InlinePool
from tests.gui.gui_data import start

REGISTER = "工号,姓名,岗位,网点编号\n1023,张伟,柜员,0231\n1024,李娜,大堂经理,0231\n"


def test_the_selected_branch_lists_its_staff_and_their_named_items(  # type: ignore[no-untyped-def]
    workspace, qtbot, tmp_path: Path
) -> None:
    insp = start(workspace, "branch-onsite")
    (tmp_path / "s.csv").write_text(REGISTER, encoding="utf-8")
    import_staff(workspace, tmp_path / "s.csv")
    inspections.set_answer(workspace, insp.id, "ENV-01", "fail")
    inspections.name_staff(workspace, insp.id, "ENV-01", "1024", "2")
    ctx = AppContext(
        workspace,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        pool=InlinePool(),
    )
    ctx.language = "en"
    page = BranchesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.select_code("0231")
    panel = page.staff_panel
    qtbot.waitUntil(lambda: panel.code == "0231")
    assert [panel.staff.item(r, 0).text() for r in range(panel.staff.rowCount())] == [
        "1023",
        "1024",
    ]
    assert panel.staff.item(1, 2).text() == "Lobby manager"
    panel.staff.selectRow(1)
    assert panel.named.rowCount() == 1
    assert [panel.named.item(0, c).text() for c in (1, 3, 4)] == ["ENV-01", "2", "failed"]
    assert panel.summary.text() == "1024 李娜: named in 1 item(s), 1 failed"
