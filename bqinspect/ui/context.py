"""What every page of the window shares: the workspace, settings, task pool and app-wide signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal

from bqinspect.ui.tasks import TaskPool

if TYPE_CHECKING:  # the database layer is imported when the workspace opens, not before
    from bqinspect.store.workspace import Workspace


class AppContext(QObject):
    """Passed to every page; pages talk to each other only through these signals.

    The window is shown before its workspace is open: a context made without one gets it
    through :meth:`open_with`, which emits ``workspace_opened``. No page is built before.
    """

    language_changed = Signal(str)  # "zh_CN" or "en"
    data_changed = Signal(str)  # what changed: one of the entities of ui.changes
    open_inspection = Signal(object)  # uuid.UUID: ask the window to open it in the editor
    status_message = Signal(str)
    workspace_opened = Signal()

    def __init__(
        self,
        workspace: Workspace | None,
        settings: QSettings,
        parent: QObject | None = None,
        *,
        pool: TaskPool | None = None,
    ):
        """``pool`` runs the background tasks: a pool of this context's own by default."""
        super().__init__(parent)
        self._workspace = workspace
        self.settings = settings
        self.pool: TaskPool = pool if pool is not None else QThreadPool(self)
        self.language = "zh_CN"

    @property
    def is_open(self) -> bool:
        return self._workspace is not None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            raise RuntimeError("the workspace is not open yet")
        return self._workspace

    def open_with(self, workspace: Workspace) -> None:
        """The workspace is open: give it to the pages (``workspace_opened``)."""
        if self._workspace is not None:
            raise RuntimeError("the workspace is open already")
        self._workspace = workspace
        self.workspace_opened.emit()
