"""Getting photos into an item: files (ingested off the GUI thread), clipboard, signatures."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from bqinspect.base.errors import Refused
from bqinspect.base.progress import ProgressFn, no_progress
from bqinspect.services import inspections as svc
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.tasks import Task, TaskPool, make_task, start_task
from bqinspect.ui.widgets.images import png_bytes
from bqinspect.ui.widgets.progress import TaskProgressDialog

log = logging.getLogger(__name__)

Added = tuple[svc.PhotosChanged, list[str]]


class PhotoIntake(QObject):
    """Adds photos through the services (files off the GUI thread) and hands the session the
    state they left."""

    finished = Signal(str, int, list)  # item id ("" for none), attached count, problems

    def __init__(self, session: EditorSession, pool: TaskPool, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.pool = pool
        self.tasks: list[Task] = []

    def _work(
        self, item_id: str | None, sources: Sequence[svc.PhotoSource]
    ) -> Callable[[ProgressFn], Added]:
        ws, inspection_id, why = self.session.ws, self.session.inspection_id, self.session.why

        def work(progress: ProgressFn) -> Added:
            changed, problems = svc.add_photos(
                ws, inspection_id, sources, item_id=item_id, why=why, progress=progress
            )
            return changed, [str(p) for p in problems]

        return work

    def add_files(
        self, item_id: str | None, paths: list[Path], dialog_parent: QWidget | None = None
    ) -> Task:
        task = make_task(
            self._work(item_id, paths),
            on_success=lambda result: self._attached(*result),
            on_error=lambda exc: self._failed(item_id, exc),
            on_cancel=lambda: self.finished.emit(item_id or "", 0, []),
            parent=self,
        )
        if dialog_parent is not None and len(paths) > 1:
            TaskProgressDialog(task, self.tr("Adding photos…"), dialog_parent)
        self.tasks = [t for t in self.tasks if not t.delivered] + [task]
        start_task(task, self.pool)
        return task

    def pending(self) -> list[Task]:
        """Photos being added whose results have not reached the session yet."""
        return [t for t in self.tasks if not t.delivered]

    def add_image(self, item_id: str | None, image: QImage, name: str = "clipboard.png") -> bool:
        """A pasted or dropped image (small: added right here)."""
        if image.isNull():
            self.finished.emit(item_id or "", 0, [self.tr("The clipboard holds no image")])
            return False
        return self.add_png(item_id, png_bytes(image), name)

    def add_png(self, item_id: str | None, png: bytes, name: str) -> bool:
        work = self._work(item_id, [svc.RawPhoto(png, name)])
        try:
            changed, problems = work(no_progress)
        except Refused as exc:
            self._failed(item_id, exc)
            return False
        self._attached(changed, problems)
        return not problems

    def _attached(self, changed: svc.PhotosChanged, problems: list[str]) -> None:
        if changed.attached:
            self.session.photos_committed(changed)
        self.finished.emit(changed.item_id or "", changed.attached, problems)

    def _failed(self, item_id: str | None, exc: BaseException) -> None:
        if isinstance(exc, Refused):
            self.session.refuse(item_id or "photo", exc)
            self.finished.emit(item_id or "", 0, [])
        else:
            self.finished.emit(item_id or "", 0, [str(exc)])
