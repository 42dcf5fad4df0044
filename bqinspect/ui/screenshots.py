"""Render every main screen offscreen to PNG, in each UI language, from a (demo) workspace.

``bqinspect screenshots --out DIR`` (or ``python -m bqinspect.ui.screenshots --out DIR``)
renders a fresh temporary demo workspace; with ``--data-dir`` it renders that workspace
(filling it with demo data first if it is empty). Every screen is 1366×768.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, QThreadPool
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from bqinspect.domain.lifecycle import InspectionStatus, Role, is_draft
from bqinspect.services import inspections
from bqinspect.store.workspace import Workspace
from bqinspect.ui import i18n
from bqinspect.ui.app import create_application
from bqinspect.ui.context import AppContext
from bqinspect.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SIZE = (1366, 768)
EXTRA_PAGES = (
    "rectifications",
    "feedback",
    "branches",
    "forms",
    "analytics",
    "sync",
    "settings",
)


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _settle_background(app: QApplication, ctx: AppContext) -> None:
    """Let the background reads (the inspections list, the analytics figures, the branch list's
    figures) finish and their results reach the widgets."""
    if isinstance(ctx.pool, QThreadPool):
        ctx.pool.waitForDone()
    _settle(app)


def _with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn over it, dimmed behind, as the user would see it."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    front = dialog.grab()
    x = (shot.width() - front.width()) // 2
    y = max(24, (shot.height() - front.height()) // 2)
    painter.fillRect(x - 1, y - 1, front.width() + 2, front.height() + 2, QColor("#5b6573"))
    painter.drawPixmap(QPoint(x, y), front)
    painter.end()
    return shot


def _pick(ws: Workspace, kind: str) -> uuid.UUID | None:
    """A draft of ``kind`` in progress: most answers, and something left to complete if any."""
    rows = inspections.list_inspections(ws, kind=kind)
    drafts = [r for r in rows if is_draft(r.status)] or rows
    if not drafts:
        return None

    def interest(row: inspections.InspectionRow) -> tuple[bool, int]:
        missing = is_draft(row.status) and bool(inspections.check_submission(ws, row.id))
        return missing, len(inspections.answers_of(ws, row.id))

    return max(drafts, key=interest).id


def _most_revised(ws: Workspace) -> uuid.UUID | None:
    """The submitted inspection with the most revisions (the richest audit trail)."""
    rows = [r for r in inspections.list_inspections(ws) if not is_draft(r.status)]
    if not rows:
        return None
    return max(rows, key=lambda r: (r.revision, r.visit_start)).id


def _render_history(
    app: QApplication, ctx: AppContext, window: MainWindow, save: Callable[[str, QPixmap], None]
) -> None:
    """The audit trail and the revisions of the most revised record, the trust dialog."""
    from bqinspect.ui.audit.dialog import open_audit_dialog
    from bqinspect.ui.audit.revisions_dialog import open_revisions_dialog
    from bqinspect.ui.sync.trust_dialog import TrustDialog

    window.show_page("inspections")
    _settle(app)
    audited = _most_revised(ctx.workspace)
    if audited is not None:
        for name, opener in (("audit", open_audit_dialog), ("revisions", open_revisions_dialog)):
            dialog = opener(ctx, audited, window)
            _settle(app)
            save(name, _with_dialog(window, dialog))
            dialog.close()
    trust = TrustDialog(Path("head-office.pub"), window)
    trust.adjustSize()
    trust.show()
    _settle(app)
    save("trust-device", _with_dialog(window, trust))
    trust.close()


def _with_status(ws: Workspace, status: InspectionStatus) -> uuid.UUID | None:
    """An on-site inspection in ``status`` with the most failed items (the most to review)."""
    rows = [r for r in inspections.list_inspections(ws, status=status.value) if r.kind == "onsite"]
    if not rows:
        return None

    def failed(row: inspections.InspectionRow) -> int:
        result = inspections.current_score(ws, row.id)
        return sum(1 for i in result.items.values() if i.visible and i.failed)

    return max(rows, key=failed).id


def _review_screens(
    app: QApplication, window: MainWindow, ws: Workspace, save: Callable[[str, QPixmap], None]
) -> None:
    """The editor as the lead reviews, as the inspector amends, and a returned inspection."""
    from bqinspect.ui.editor.page import InspectionEditor

    def show(inspection_id: uuid.UUID) -> InspectionEditor:
        editor = window.open_inspection(inspection_id)
        assert isinstance(editor, InspectionEditor)
        target = next(iter(editor.session.redo_items()), None) or next(
            (i for i in editor.session.visible_items() if editor.session.failed(i)), None
        )
        if target:
            editor.focus_item(target)
        _settle(app)
        return editor

    submitted = _with_status(ws, InspectionStatus.SUBMITTED)
    returned = _with_status(ws, InspectionStatus.RETURNED)
    if submitted is not None:
        with ws.acting_as(Role.LEAD):
            editor = show(submitted)
            save("editor-review", window.grab())
            dialog = editor.review.return_()
            if dialog is not None:
                dialog.check(dialog.listed()[0])
                _settle(app)
                save("review-return", _with_dialog(window, dialog))
                dialog.close()
            window.close_editor()
        editor = show(submitted)
        editor.session.begin_amendment("演示：柜面照片拍错网点")
        _settle(app)
        save("editor-amend", window.grab())
        window.close_editor()
    if returned is not None:
        show(returned)
        save("editor-returned", window.grab())
        window.close_editor()
    _settle(app)


def render_all(
    ws: Workspace,
    out_dir: Path,
    languages: tuple[str, ...] = ("zh_CN", "en"),
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write ``<lang>-<screen>.png`` files for every main screen; their paths."""
    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    previous = i18n.Translators.of(app).language
    try:
        _render(app, ws, out_dir, languages, written, progress)
    finally:
        i18n.Translators.of(app).apply(previous)
    return written


def _render(
    app: QApplication,
    ws: Workspace,
    out_dir: Path,
    languages: tuple[str, ...],
    written: list[Path],
    progress: Callable[[str], None] | None,
) -> None:
    from bqinspect.ui.editor.page import InspectionEditor

    with tempfile.TemporaryDirectory(prefix="bqinspect-shots-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(ws, settings)
        onsite, mystery = _pick(ws, "onsite"), _pick(ws, "mystery")
        for lang in languages:
            i18n.install(app, lang)
            ctx.language = i18n.normalize(lang)
            window = MainWindow(ctx)
            window.resize(*SIZE)
            window.show()
            _settle(app)

            def save(name: str, pixmap: QPixmap, lang: str = lang) -> None:
                path = out_dir / f"{lang}-{name}.png"
                pixmap.save(str(path), "PNG")
                written.append(path)
                if progress:
                    progress(str(path))

            window.show_page("inspections")
            _settle_background(app, ctx)  # the list is read on the pool
            save("inspections", window.grab())
            for kind, inspection_id in (("onsite", onsite), ("mystery", mystery)):
                if inspection_id is None:
                    continue
                editor = window.open_inspection(inspection_id)
                assert isinstance(editor, InspectionEditor)
                failed = next(
                    (i for i in editor.session.visible_items() if editor.session.failed(i)), None
                )
                if failed and kind == "onsite":
                    editor.focus_item(failed)
                _settle(app)
                save(f"editor-{kind}", window.grab())
                if kind == "onsite":
                    dialog = editor.open_submit()
                    if dialog is not None:
                        dialog.adjustSize()
                        _settle(app)
                        save("submit-check", _with_dialog(window, dialog))
                        dialog.close()
                window.close_editor()
                _settle(app)
            _review_screens(app, window, ws, save)
            for name in EXTRA_PAGES:
                if window.show_page(name) is not None:
                    _settle_background(app, ctx)
                    save(name, window.grab())
            _render_history(app, ctx, window, save)
            window.close()
            window.deleteLater()
            _settle(app)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bqinspect.ui.screenshots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", default="screenshots", help="output folder")
    parser.add_argument("--lang", action="append", choices=["zh_CN", "en"])
    parser.add_argument("--data-dir", default=None, help="workspace to render (default: a demo)")
    parser.add_argument("--db-url", default=None)
    return parser.parse_args(list(argv) if argv is not None else None)


def _fill_if_empty(ws: Workspace) -> None:
    if not inspections.list_inspections(ws):
        from bqinspect.services.demo import create_demo

        create_demo(ws)


def main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """Command entry: render to ``--out``; exit status 0 (prints one line per file)."""
    from bqinspect.store.workspace import open_workspace

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    ns = args if isinstance(args, argparse.Namespace) else _parse(args)
    languages = tuple(getattr(ns, "lang", None) or ("zh_CN", "en"))
    out = Path(getattr(ns, "out", None) or "screenshots")
    data_dir, db_url = getattr(ns, "data_dir", None), getattr(ns, "db_url", None)
    with tempfile.TemporaryDirectory(prefix="bqinspect-demo-") as tmp:
        ws = open_workspace(data_dir or tmp, db_url, actor="演示 demo")
        try:
            _fill_if_empty(ws)
            paths = render_all(ws, out, languages, progress=print)
        finally:
            ws.close()
    print(f"{len(paths)} screenshots in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
