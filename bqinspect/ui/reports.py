"""Rectification notices from the GUI: built off the GUI thread with progress, then opened; where
no PDF viewer opens it, the user is told where it is, with the folder and a copy to save."""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QEvent, QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from bqinspect.base.errors import Refused, refuse_write_errors
from bqinspect.store.workspace import Workspace
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync.common import save_file
from bqinspect.ui.tasks import Progress, Task, TaskPool, make_task, start_task
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.progress import TaskProgressDialog

if TYPE_CHECKING:
    from bqinspect.report import ReportInfo

log = logging.getLogger(__name__)

AUDIENCES = ("branch", "office")


@dataclass(frozen=True)
class ReportTarget:
    """The inspection a report is made of, and what names the file."""

    inspection_id: uuid.UUID
    branch_code: str
    visit_start: datetime


def report_path(home: Path, target: ReportTarget, audience: str) -> Path:
    """``<home>/reports/<branch>-<visit day>-<id prefix>-<audience>.pdf`` (folder created)."""
    folder = home / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    day = target.visit_start.astimezone().strftime("%Y%m%d")
    return folder / f"{target.branch_code}-{day}-{str(target.inspection_id)[:8]}-{audience}.pdf"


def open_in_viewer(path: Path) -> bool:
    """Open ``path`` in the system's PDF viewer (or a folder in the file manager); False when
    there is none to open it."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def copy_destination(path: Path) -> str:
    """Where "Save a copy" starts: the user's documents folder, under the report's own name."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(folder or QDir.homePath()) / path.name)


def save_copy(source: Path, destination: Path) -> Path:
    """Copy a finished report; a full disk or a missing folder is one refusal naming the path."""
    with refuse_write_errors(destination):
        shutil.copyfile(source, destination)
    return destination


class ReportRunner(QObject):
    """Builds one report at a time: ``done(path)``, ``failed(message)`` or ``cancelled()``.

    Tasks run on ``pool``; ``open_file`` is called with the finished PDF and says whether a
    viewer opened it (tests pass a recorder instead of a viewer).
    """

    done = Signal(object)  # Path
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        ws: Workspace,
        pool: TaskPool,
        parent: QObject | None = None,
        *,
        open_file: Callable[[Path], bool] = open_in_viewer,
    ):
        super().__init__(parent)
        self.ws = ws
        self.pool = pool
        self.open_file = open_file
        self.task: Task | None = None
        self.last: ReportInfo | None = None
        self.opened = False  # whether a viewer opened the last report
        self.notice: QMessageBox | None = None  # what the user was told of the last report

    def pending(self) -> list[Task]:
        return [self.task] if self.task is not None and not self.task.delivered else []

    def build(
        self,
        target: ReportTarget,
        *,
        audience: str,
        lang: str,
        dialog_parent: QWidget | None = None,
    ) -> Task | None:
        """Start building; None while another report of this runner is still being built."""
        if self.pending():
            return None
        ws, out = self.ws, report_path(self.ws.home, target, audience)

        def work(progress: Progress) -> ReportInfo:
            from bqinspect.report import build_report  # reportlab: on the first report only

            return build_report(
                ws, target.inspection_id, out, audience=audience, lang=lang, progress=progress
            )

        task = make_task(
            work,
            on_success=self._succeeded,
            on_error=lambda exc: self.failed.emit(str(exc) or type(exc).__name__),
            on_cancel=self.cancelled.emit,
            parent=self,
        )
        if dialog_parent is not None:
            TaskProgressDialog(task, self.tr("Building the report…"), dialog_parent)
        self.task = task
        start_task(task, self.pool)
        return task

    def _succeeded(self, info: ReportInfo) -> None:
        self.last = info
        log.info("report written to %s (%d pages)", info.path, info.pages)
        for warning in info.warnings:
            log.warning("report %s: %s", info.path.name, warning)
        self.opened = bool(self.open_file(info.path))
        if not self.opened:
            log.warning("no PDF viewer opened %s", info.path)
        self.done.emit(info.path)

    def tell_user(self, ctx: AppContext, parent: QWidget) -> None:
        """Say how each report ends: saved (status bar; a box when no viewer opened it, with
        its folder and a copy to save, or listing any warnings), failed (a box) or cancelled
        (status bar)."""
        self.done.connect(lambda path: self._saved(ctx, parent, path))
        self.failed.connect(
            lambda message: dialogs.inform(parent, self.tr("The report could not be made"), message)
        )
        self.cancelled.connect(lambda: ctx.status_message.emit(self.tr("Report cancelled")))

    def _saved(self, ctx: AppContext, parent: QWidget, path: Path) -> None:
        saved = self.tr("Report saved: %1").replace("%1", str(path))
        ctx.status_message.emit(saved)
        warnings = self.last.warnings if self.last is not None else []
        if self.opened and not warnings:
            self.notice = None
            return
        if self.opened:
            title = self.tr("The report was made with %n warning(s)", "", len(warnings))
            text = saved
        else:
            title = self.tr("The report is saved, but no PDF viewer opened it")
            text = self.tr(
                "No program to show PDF files was found on this computer. The report is saved "
                "as:\n%1\n\nOpen its folder, or save a copy where you want it."
            ).replace("%1", str(path))
        box = dialogs.inform(
            parent,
            title,
            text,
            details="\n".join(warnings),
            icon=QMessageBox.Icon.Information if self.opened else QMessageBox.Icon.Warning,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path
        folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        folder.clicked.disconnect()  # keep the box open: the path stays readable
        folder.clicked.connect(lambda: self._open_folder(ctx, path.parent))
        copy = box.addButton(self.tr("Save a copy…"), QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: self.choose_copy(ctx, box, path))
        self.notice = box

    def _open_folder(self, ctx: AppContext, folder: Path) -> None:
        if not self.open_file(folder):
            ctx.status_message.emit(
                self.tr("No file manager opened the folder: %1").replace("%1", str(folder))
            )

    def choose_copy(self, ctx: AppContext, parent: QWidget, path: Path) -> QFileDialog:
        """Ask where to save a copy of the report ``path`` (named as it is), then copy it."""

        def chosen(name: str) -> None:
            try:
                copied = save_copy(path, Path(name))
            except Refused as exc:
                dialogs.inform(parent, self.tr("The copy could not be saved"), str(exc))
                return
            ctx.status_message.emit(self.tr("Report saved: %1").replace("%1", str(copied)))

        return save_file(
            parent,
            self.tr("Save a copy of the report"),
            copy_destination(path),
            self.tr("PDF files (*.pdf)"),
            chosen,
        )


class ReportButton(QPushButton):
    """A "Report" button with a menu of the two copies; ``requested(audience)``."""

    requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.menu_ = QMenu(self)
        self.branch_copy = self.menu_.addAction("")
        self.office_copy = self.menu_.addAction("")
        self.branch_copy.triggered.connect(lambda: self.requested.emit("branch"))
        self.office_copy.triggered.connect(lambda: self.requested.emit("office"))
        self.menu_.addSeparator()
        self.both_languages = self.menu_.addAction("")
        self.both_languages.setCheckable(True)
        self.setMenu(self.menu_)
        self.retranslate()

    def language(self, content_lang: str) -> str:
        """The report's language: both when chosen, else the form language ``content_lang``."""
        return "both" if self.both_languages.isChecked() else content_lang

    def retranslate(self) -> None:
        self.setText(self.tr("Report"))
        self.setToolTip(self.tr("Make the rectification notice as a PDF and open it"))
        self.branch_copy.setText(self.tr("Rectification notice: branch copy (PDF)"))
        self.office_copy.setText(self.tr("Rectification notice: head-office copy (PDF)"))
        self.both_languages.setText(self.tr("In both languages (Chinese and English)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
