"""Opening the workspace once the window is shown: off the GUI thread, then given to the pages.

Opening is the database layer's imports, the connection, the schema check (and an upgrade,
with its backup) and the first reads: none of it is needed to show the window, so the
window is shown first and the workspace opened after, on the context's pool. The window
says that the workspace is opening until ``ctx.workspace_opened``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from bqinspect.ui import i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.tasks import Task, make_task, start_task

if TYPE_CHECKING:
    from bqinspect.store.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opened:
    workspace: Workspace
    ui_lang: str  # the data directory's own language setting ("" when unset)


class WorkspaceOpener(QObject):
    """Opens the workspace ``open_workspace`` makes, then ``ctx.open_with`` it (GUI thread).

    ``failed`` carries what stopped it from opening; the context stays without a workspace.
    """

    failed = Signal(object)  # the exception

    def __init__(
        self,
        ctx: AppContext,
        open_workspace: Callable[[], Workspace],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._open_workspace = open_workspace
        self.task: Task | None = None
        # opened on the pool but not handed over yet: closed by whoever ends the app first
        self.pending: Workspace | None = None

    def start(self) -> Task:
        task = make_task(
            lambda _progress: self._open(),
            on_success=self._opened,
            on_error=self.failed.emit,
            parent=self,
        )
        self.task = task
        start_task(task, self._ctx.pool)
        return task

    def _open(self) -> Opened:  # on the pool
        ws = self._open_workspace()
        self.pending = ws
        try:
            ui_lang = str(ws.setting("ui_lang") or "")
        except Exception:
            self.pending = None
            ws.close()
            raise
        return Opened(ws, ui_lang)

    def _opened(self, opened: Opened) -> None:
        self.pending = None
        ctx = self._ctx
        if ctx.settings.value(i18n.SETTINGS_KEY) is None and opened.ui_lang:
            lang = i18n.normalize(opened.ui_lang)
            app = QCoreApplication.instance()
            if lang != ctx.language and app is not None:
                i18n.install(app, lang)  # the window retranslates itself
            ctx.language = lang
        ctx.open_with(opened.workspace)
