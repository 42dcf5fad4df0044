"""What every page of the window shares: the workspace, settings, task pool and app-wide signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal

from bqinspect.store.workspace import Workspace
from bqinspect.ui.tasks import TaskPool


class AppContext(QObject):
    """Passed to every page; pages talk to each other only through these signals."""

    language_changed = Signal(str)  # "zh_CN" or "en"
    data_changed = Signal(str)  # what changed: one of the entities of ui.changes
    open_inspection = Signal(object)  # uuid.UUID: ask the window to open it in the editor
    status_message = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        settings: QSettings,
        parent: QObject | None = None,
        *,
        pool: TaskPool | None = None,
    ):
        """``pool`` runs the background tasks: a pool of this context's own by default."""
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.pool: TaskPool = pool if pool is not None else QThreadPool(self)
        self.language = "zh_CN"
