"""Getting photos into an item: files (ingested off the GUI thread), clipboard, signatures."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from bqinspect import photos
from bqinspect.base.progress import check
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.tasks import Progress, Task, TaskPool, make_task, start_task
from bqinspect.ui.widgets.images import png_bytes
from bqinspect.ui.widgets.progress import TaskProgressDialog

log = logging.getLogger(__name__)


def ingest_files(
    paths: list[Path], max_edge: int
) -> Callable[[Progress], tuple[list[photos.IngestedPhoto], list[str]]]:
    """The background work: ingest each file; refusals are collected, not raised."""

    def work(progress: Progress) -> tuple[list[photos.IngestedPhoto], list[str]]:
        done: list[photos.IngestedPhoto] = []
        problems: list[str] = []
        for number, path in enumerate(paths):
            check(progress)
            progress(number, len(paths), path.name)
            try:
                done.append(photos.ingest_bytes(path.read_bytes(), path.name, max_edge=max_edge))
            except photos.PhotoError as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(f"{path.name}: {exc.strerror or exc}")
        progress(len(paths), len(paths), "")
        return done, problems

    return work


class PhotoIntake(QObject):
    """Runs ingest on ``pool`` and attaches the results on the GUI thread."""

    finished = Signal(str, int, list)  # item id ("" for none), attached count, problems

    def __init__(self, session: EditorSession, pool: TaskPool, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.pool = pool
        self.tasks: list[Task] = []

    def _max_edge(self) -> int:
        try:
            return int(self.session.ws.setting("photo_max_edge") or 2048)
        except (TypeError, ValueError):
            return 2048

    def add_files(
        self, item_id: str | None, paths: list[Path], dialog_parent: QWidget | None = None
    ) -> Task:
        task = make_task(
            ingest_files(paths, self._max_edge()),
            on_success=lambda result: self._attach(item_id, *result),
            on_error=lambda exc: self.finished.emit(item_id or "", 0, [str(exc)]),
            on_cancel=lambda: self.finished.emit(item_id or "", 0, []),
            parent=self,
        )
        if dialog_parent is not None and len(paths) > 1:
            TaskProgressDialog(task, self.tr("Adding photos…"), dialog_parent)
        self.tasks = [t for t in self.tasks if not t.delivered] + [task]
        start_task(task, self.pool)
        return task

    def pending(self) -> list[Task]:
        """Ingests whose results have not been attached yet."""
        return [t for t in self.tasks if not t.delivered]

    def add_image(self, item_id: str | None, image: QImage, name: str = "clipboard.png") -> bool:
        """A pasted or dropped image (small: ingested right here)."""
        if image.isNull():
            self.finished.emit(item_id or "", 0, [self.tr("The clipboard holds no image")])
            return False
        try:
            ingested = photos.ingest_bytes(png_bytes(image), name, max_edge=self._max_edge())
        except photos.PhotoError as exc:
            self.finished.emit(item_id or "", 0, [str(exc)])
            return False
        self._attach(item_id, [ingested], [])
        return True

    def add_png(self, item_id: str | None, png: bytes, name: str) -> bool:
        try:
            ingested = photos.ingest_bytes(png, name, max_edge=self._max_edge())
        except photos.PhotoError as exc:
            self.finished.emit(item_id or "", 0, [str(exc)])
            return False
        self._attach(item_id, [ingested], [])
        return True

    def _attach(
        self, item_id: str | None, ingested: list[photos.IngestedPhoto], problems: list[str]
    ) -> None:
        count = self.session.attach(item_id, ingested) if ingested else 0
        self.finished.emit(item_id or "", count, problems)
