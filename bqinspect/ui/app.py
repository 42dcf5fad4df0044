"""QApplication set-up: names, bundled UI font, translators, icon, crash dialog; run the GUI."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from bqinspect import APP_NAME
from bqinspect.base import resources
from bqinspect.base.errors import DatabaseError, Refused
from bqinspect.ui import i18n
from bqinspect.ui.tasks import Task, make_task, start_task
from bqinspect.ui.widgets import theme

if TYPE_CHECKING:  # the database layer is imported when the workspace opens, after the window
    from bqinspect.store.workspace import Workspace
    from bqinspect.ui.context import AppContext

log = logging.getLogger(__name__)

ORGANIZATION = "bqinspect"
UI_FONT_FAMILY = "WenQuanYi Zen Hei"
UI_FONT_POINT_SIZE = 10
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


def register_fonts() -> list[str]:
    """Register every font shipped in ``resources/fonts``; the families they add."""
    families: list[str] = []
    folder = resources.fonts_dir()
    if not folder.is_dir():
        return families
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load the font %s", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def apply_ui_font(app: QGuiApplication) -> str:
    """Use the bundled CJK font when it is there, so Chinese looks the same on every machine."""
    register_fonts()
    if UI_FONT_FAMILY in QFontDatabase.families():
        font = QFont(UI_FONT_FAMILY, UI_FONT_POINT_SIZE)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        app.setFont(font)
        return UI_FONT_FAMILY
    log.info("%s is not available; using the system UI font", UI_FONT_FAMILY)
    return app.font().family()


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), named, styled, with font and icon."""
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName("bqinspect")
    app.setDesktopFileName("bqinspect")
    icon = resources.icon_path()
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_ui_font(app)
    app.setStyle("Fusion")
    app.setStyleSheet(theme.STYLE_SHEET)
    return app


def version() -> str:
    from bqinspect import __version__

    return __version__


def friendly(exc: BaseException) -> str | None:
    """The message for an environment problem the user can act on; None for a bug."""
    if isinstance(exc, Refused | DatabaseError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc.strerror)
    return None


class ExceptionHook:
    """``sys.excepthook``: a friendly box for known problems, a crash dialog for bugs."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None):
        self._parent = parent
        self.boxes: list[QMessageBox] = []
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        message = friendly(value)
        app = QApplication.instance()
        if app is None:
            self._previous(kind, value, tb)
            return
        parent = self._parent()
        if message is not None:
            log.warning("refused: %s", message)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                app.translate("app", "bqinspect"),
                message,
                QMessageBox.StandardButton.Ok,
                parent,
            )
        else:
            details = "".join(traceback.format_exception(kind, value, tb))
            log.error("unexpected error:\n%s", details)
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                app.translate("app", "bqinspect: unexpected error"),
                app.translate(
                    "app",
                    "Something went wrong inside bqinspect. Everything entered before this "
                    "message is saved. Please send the details below to the maintainers.",
                ),
                QMessageBox.StandardButton.Ok,
                parent,
            )
            box.setDetailedText(f"bqinspect {version()}\n\n{details}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self.boxes.remove(b) if b in self.boxes else None)
        self.boxes.append(box)
        box.show()


UI_STATE_FILE = "ui-state.ini"


def ui_settings_at(home: Path) -> QSettings:
    """The window's state (language, last page, filters, geometry) of the data directory
    ``home``, so nothing carries over from one workspace to another."""
    return QSettings(str(home / UI_STATE_FILE), QSettings.Format.IniFormat)


def ui_settings(ws: Workspace) -> QSettings:
    """The window's state of the workspace's data directory."""
    return ui_settings_at(ws.home)


@dataclass(frozen=True)
class WorkspaceSource:
    """How to open the workspace, and where its window state lives if known before."""

    open: Callable[[], Workspace]
    home: Path | None = None


def workspace_source(source: object) -> WorkspaceSource:
    """From a callable (where it opens is not known until it has), or from the parsed command
    line (``data_dir``, ``db_url``: the data directory is known without opening anything)."""
    if callable(source):
        return WorkspaceSource(source)
    from bqinspect.base import paths

    data_dir, db_url = getattr(source, "data_dir", None), getattr(source, "db_url", None)

    def open_it() -> Workspace:
        from bqinspect.store.workspace import open_workspace

        return open_workspace(data_dir, db_url)

    try:
        home: Path | None = paths.data_dir(data_dir)
    except OSError:
        home = None  # opening says why
    return WorkspaceSource(open_it, home)


def start_daily_backup(ctx: AppContext) -> Task:
    """Back up the database in the background when the app starts, at most once a day."""
    from bqinspect.services.maintenance import daily_backup

    def done(path: Path | None) -> None:
        if path is not None:
            ctx.status_message.emit(
                QCoreApplication.translate("app", "Daily backup saved: %1").replace("%1", path.name)
            )

    task = make_task(
        lambda _progress: daily_backup(ctx.workspace),
        on_success=done,
        on_error=lambda exc: log.warning("daily backup failed: %s", exc),
        parent=ctx,
    )
    start_task(task, ctx.pool)
    return task


OPEN_FAILURES = (DatabaseError, Refused, OSError)


def tell_cannot_open(exc: BaseException, parent: QWidget | None = None) -> None:
    """The box saying the data could not be opened, and why; returns once it is closed."""
    log.error("cannot open the workspace: %s", exc)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("app", "bqinspect"),
        QCoreApplication.translate("app", "The data could not be opened:")
        + f"\n\n{friendly(exc) or exc}",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.exec()  # nothing can be done without the data: the box is all the app does now


def run_gui(
    ws_factory: Callable[[], Workspace] | object,
    argv: Sequence[str] | None = None,
    *,
    settings: QSettings | None = None,
    smoke_test: bool = False,
) -> int:
    """Start the desktop app on the workspace made by ``ws_factory``; the exit status.

    ``ws_factory`` may also be the parsed command line (its ``data_dir``, ``db_url`` and
    ``smoke_test``). The window is shown first, then the workspace opened off the GUI thread
    (see :mod:`bqinspect.ui.opening`); a workspace that cannot be opened is told in a box and
    the app exits 1. A smoke test prints ``main window shown`` once the window is shown and
    ``first page filled`` once its first page has its data on screen, then exits 0.
    """
    smoke_test = smoke_test or bool(getattr(ws_factory, "smoke_test", False))
    from bqinspect.ui.context import AppContext
    from bqinspect.ui.main_window import MainWindow
    from bqinspect.ui.opening import WorkspaceOpener

    source = workspace_source(ws_factory)
    app = create_application(argv)
    if settings is None and source.home is not None:
        settings = ui_settings_at(source.home)
    # the language saved for this data directory; else the system's until the directory's
    # own setting is read (when the workspace is open)
    lang = i18n.saved_language(settings) if settings is not None else i18n.system_language()
    i18n.install(app, lang)
    ws: Workspace | None = None
    if settings is None:  # where the window state lives is known once it is open: open first
        try:
            ws = source.open()
        except OPEN_FAILURES as exc:
            tell_cannot_open(exc)
            return 1
        settings = ui_settings(ws)
        lang = i18n.saved_language(settings)
        if settings.value(i18n.SETTINGS_KEY) is None and ws.setting("ui_lang"):
            lang = i18n.normalize(str(ws.setting("ui_lang")))
        i18n.install(app, lang)
    ctx = AppContext(None, settings)
    ctx.language = lang
    window = MainWindow(ctx)
    hook = ExceptionHook(lambda: window)
    hook.install()
    opener = WorkspaceOpener(ctx, source.open, ctx)
    status = {"code": 0}

    def failed(exc: BaseException) -> None:
        status["code"] = 1
        if isinstance(exc, OPEN_FAILURES):
            tell_cannot_open(exc, window)
        else:
            hook(type(exc), exc, exc.__traceback__)  # a bug: the crash dialog, read first
            if hook.boxes:
                hook.boxes[-1].finished.connect(lambda _result: app.exit(1))
                return
        app.exit(1)

    def filled(_name: str) -> None:
        if smoke_test:
            print("first page filled", flush=True)
            app.exit(0)

    opener.failed.connect(failed)
    window.first_page_filled.connect(filled)
    ctx.workspace_opened.connect(lambda: start_daily_backup(ctx))
    window.show()
    try:
        if smoke_test:
            app.processEvents()
            print("main window shown", flush=True)
        app.setApplicationVersion(version())  # read from the metadata once the window is shown
        # after the first paint, inside the event loop (which the smoke test's exit ends)
        QTimer.singleShot(0, opener.start if ws is None else lambda: ctx.open_with(ws))
        code = app.exec()
        # closed after the loop, not in it: a window closed in it posts a quit that would
        # outlive it (and end the next event loop at once)
        window.close()
        app.processEvents()
        return status["code"] or code
    finally:
        hook.uninstall()
        if isinstance(ctx.pool, QThreadPool):
            ctx.pool.waitForDone()  # the backup and any other work end before the database closes
        if ctx.is_open:
            ctx.workspace.close()
        elif opener.pending is not None:  # the app ended while the workspace was opening
            opener.pending.close()
