"""What every page of the window shares: the workspace, settings and app-wide signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from bqinspect.store.workspace import Workspace


class AppContext(QObject):
    """Passed to every page; pages talk to each other only through these signals."""

    language_changed = Signal(str)  # "zh_CN" or "en"
    data_changed = Signal(str)  # entity that changed: "inspection", "branch", "form", "finding"
    open_inspection = Signal(object)  # uuid.UUID: ask the window to open it in the editor
    status_message = Signal(str)

    def __init__(self, workspace: Workspace, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.language = "zh_CN"
