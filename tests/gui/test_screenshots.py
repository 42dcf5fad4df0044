"""The screenshot renderer: every main screen, each language, at 1366×768."""

from __future__ import annotations

from PIL import Image

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections, review
from bqinspect.ui import screenshots
from tests.gui.gui_data import add_branch, answer_all, start, submitted


def _visits(ws) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(ws)
    onsite = start(ws, "branch-onsite", branch)
    answer_all(ws, onsite.id, ENV_01="fail")
    mystery = start(ws, "mystery-cash", branch)
    inspections.mark_timer(ws, mystery.id, "T0")
    submitted(ws, branch=branch, STF_01="fail")
    returned = submitted(ws, branch=branch, STF_03="fail")
    with ws.acting_as(Role.LEAD):
        review.return_inspection(ws, returned.id, "请补拍柜台照片", ["STF-03"])


def test_render_all_writes_every_screen(workspace, qapp, tmp_path):
    _visits(workspace)
    paths = screenshots.render_all(workspace, tmp_path / "shots", ("en",))
    names = {p.name for p in paths}
    screens = ("inspections", "editor-onsite", "editor-mystery", "submit-check")
    for screen in (*screens, "editor-review", "review-return", "editor-amend", "editor-returned"):
        assert f"en-{screen}.png" in names
    for path in paths:
        with Image.open(path) as image:
            assert image.size == screenshots.SIZE
            colors = image.convert("RGB").resize((32, 18)).getcolors(32 * 18) or []
            assert len(colors) > 8  # not a blank picture


def test_command_renders_a_given_workspace(workspace, qapp, tmp_path, capsys):
    _visits(workspace)
    out = tmp_path / "out"
    code = screenshots.main(
        ["--data-dir", str(workspace.home), "--lang", "zh_CN", "--out", str(out)]
    )
    assert code == 0
    assert (out / "zh_CN-editor-mystery.png").exists()
    assert "screenshots in" in capsys.readouterr().err
