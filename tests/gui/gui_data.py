"""Helpers for the GUI tests: a context with private QSettings, branches, inspections, photos."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from bqinspect.base import clock
from bqinspect.domain.forms import AnswerType, Item
from bqinspect.services import branches, catalog, inspections
from bqinspect.store.models import Branch, Inspection
from bqinspect.store.workspace import Workspace
from bqinspect.ui.context import AppContext
from bqinspect.ui.tasks import InlinePool


def make_ctx(
    ws: Workspace, tmp_path: Path, language: str = "en", *, threaded: bool = False
) -> AppContext:
    """A context whose tasks run inline, or on a real thread pool when ``threaded``."""
    settings = QSettings(str(tmp_path / "qsettings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(ws, settings, pool=None if threaded else InlinePool())
    ctx.language = language
    return ctx


def add_branch(ws: Workspace, code: str = "0231", name: str = "城东支行营业部") -> Branch:
    return branches.save_branch(
        ws, {"code": code, "name": name, "region": "华东分行", "manager": "孙丽"}
    )


def start(ws: Workspace, form_id: str, branch: Branch | None = None, **kw: object) -> Inspection:
    branch = branch or add_branch(ws)
    fv = catalog.find_form_version(ws, form_id)
    return inspections.start_inspection(
        ws,
        branch.id,
        fv.id,
        inspectors=["王晓明"],
        **kw,  # type: ignore[arg-type]
    )


def jpeg_file(folder: Path, name: str = "site.jpg", color: str = "#3b7dd8") -> Path:
    image = Image.new("RGB", (640, 480), color)
    out = io.BytesIO()
    image.save(out, "JPEG")
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def value_of(ws: Workspace, inspection_id: uuid.UUID, item_id: str) -> object:
    answer = inspections.answers_of(ws, inspection_id).get(item_id)
    return None if answer is None else ("NA" if answer.is_na else answer.value)


def show_active(qtbot, editor: QWidget, size: tuple[int, int] = (1366, 768)) -> None:  # type: ignore[no-untyped-def]
    """Show an editor as the active window, all its section pages built first.

    WORKAROUND: on the offscreen platform, a thumbnail strip added to a card that was built
    after the window was shown deactivates the window (keyboard focus is lost); on X11 it
    does not. Building the pages before showing keeps the tests about the keyboard.
    """
    build = getattr(editor, "page_for", None)
    session = getattr(editor, "session", None)
    if build is not None and session is not None:
        for section in session.form.sections:
            build(section.id)
    editor.resize(*size)
    editor.show()
    with qtbot.waitActive(editor):
        editor.activateWindow()


def passing_value(item: Item) -> object:
    """A value that passes ``item`` (used to fill an inspection quickly through the services)."""
    t = item.type
    if t is AnswerType.YESNO:
        return "pass"
    if t is AnswerType.RATING:
        return item.scale
    if t in (AnswerType.NUMBER, AnswerType.DURATION):
        best = [b for b in item.bands or [] if b.score >= 1]
        if best and best[0].min is not None:
            return best[0].min
        return 0 if best else 1
    if t is AnswerType.COUNT:
        n = item.count_of or 3
        return {"x": n, "y": n}
    if t is AnswerType.CHECKS:
        return {c.id: "pass" for c in item.checks or []}
    if t is AnswerType.CHOICE:
        assert item.options
        return max(item.options, key=lambda o: o.score).value
    if t is AnswerType.MULTICHOICE:
        assert item.options
        return [o.value for o in item.options if not o.flagged]
    if t is AnswerType.TEXT:
        return "正常"
    if t is AnswerType.DATE:
        return clock.today().isoformat()
    if t is AnswerType.TIMESTAMP:
        return clock.local_now().isoformat()
    return 1


def answer_all(ws: Workspace, inspection_id: uuid.UUID, **overrides: object) -> None:
    """Answer every item with a passing value, except ``overrides`` (item id → value)."""
    insp = inspections.get_inspection(ws, inspection_id)
    form = ws.form(insp.form_version_id)
    for item in form.items():
        value = overrides.get(item.id.replace("-", "_"), passing_value(item))
        inspections.set_answer(ws, inspection_id, item.id, value)


def png_bytes(color: str = "#0d1b4c") -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (120, 40), color).save(out, "PNG")
    return out.getvalue()


def submitted(
    ws: Workspace, form_id: str = "branch-onsite", branch: Branch | None = None, **overrides: object
) -> Inspection:
    """An inspection answered (passing, except ``overrides``), signed and submitted."""
    insp = start(ws, form_id, branch)
    answer_all(ws, insp.id, **overrides)
    for missing in inspections.check_submission(ws, insp.id):
        if missing.what in ("reason", "note"):  # every deduction has its reason
            inspections.set_note(ws, insp.id, missing.item_id, "现场记录：未达标")
    inspections.add_signature(ws, insp.id, "inspector", "王晓明", png_bytes())
    inspections.submit(ws, insp.id)
    return insp
