"""The report button: build the rectification notice off the GUI thread, then open it."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.tasks import Cancelled, Progress, Task, run_task, start_task
from bqinspect.ui.widgets.progress import TaskProgressDialog

log = logging.getLogger(__name__)


def report_builder() -> Callable[..., Any] | None:
    """``bqinspect.report.build_report`` when the report package is installed."""
    if importlib.util.find_spec("bqinspect.report") is None:
        return None
    module = importlib.import_module("bqinspect.report")
    builder = getattr(module, "build_report", None)
    if builder is None and importlib.util.find_spec("bqinspect.report.builder") is not None:
        builder = getattr(importlib.import_module("bqinspect.report.builder"), "build_report", None)
    return builder if callable(builder) else None


def report_path(session: EditorSession, audience: str) -> Path:
    insp = session.inspection
    folder = session.ws.home / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    day = insp.visit_start.astimezone().strftime("%Y%m%d")
    return folder / f"{session.branch.code}-{day}-{str(insp.id)[:8]}-{audience}.pdf"


class ReportRunner(QObject):
    """Builds one report at a time; ``done(path)`` or ``failed(message)``."""

    done = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, session: EditorSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.task: Task | None = None
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path))
        )

    def pending(self) -> list[Task]:
        return [self.task] if self.task is not None and not self.task.delivered else []

    @staticmethod
    def available() -> bool:
        return report_builder() is not None

    def build(
        self, *, audience: str, lang: str, dialog_parent: QWidget | None = None
    ) -> Task | None:
        builder = report_builder()
        if builder is None or self.pending():
            return None
        out = report_path(self.session, audience)
        ws, inspection_id = self.session.ws, self.session.inspection_id

        def work(progress: Progress) -> Path:
            try:
                info = builder(
                    ws,
                    inspection_id,
                    out,
                    audience=audience,
                    lang=lang,
                    progress=progress,
                    cancelled=progress.cancelled,
                )
            except Exception as exc:
                if type(exc).__name__ == "ReportCancelled":
                    raise Cancelled() from exc
                raise
            return Path(getattr(info, "path", out))

        task = run_task(
            work,
            on_success=self._succeeded,
            on_error=lambda exc: self.failed.emit(str(exc)),
            parent=self,
            start=False,
        )
        if dialog_parent is not None:
            TaskProgressDialog(task, self.tr("Building the report…"), dialog_parent)
        self.task = task
        start_task(task)
        return task

    def _succeeded(self, path: Path) -> None:
        log.info("report written to %s", path)
        self.done.emit(path)
        self.open_file(path)
