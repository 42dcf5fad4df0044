"""QApplication set-up: names, bundled UI font, translators, icon, crash dialog; run the GUI."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QThreadPool
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from bqinspect import APP_NAME, __version__
from bqinspect.base import resources
from bqinspect.base.errors import DatabaseError, Refused
from bqinspect.store.workspace import Workspace
from bqinspect.ui import i18n
from bqinspect.ui.tasks import Task, make_task, start_task
from bqinspect.ui.widgets import theme

if TYPE_CHECKING:
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
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("bqinspect")
    icon = resources.icon_path()
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_ui_font(app)
    app.setStyle("Fusion")
    app.setStyleSheet(theme.STYLE_SHEET)
    return app


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
            box.setDetailedText(f"bqinspect {__version__}\n\n{details}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self.boxes.remove(b) if b in self.boxes else None)
        self.boxes.append(box)
        box.show()


UI_STATE_FILE = "ui-state.ini"


def ui_settings(ws: Workspace) -> QSettings:
    """The window's state (language, last page, filters, geometry) of one data directory, so
    nothing carries over from one workspace to another."""
    return QSettings(str(ws.home / UI_STATE_FILE), QSettings.Format.IniFormat)


def _factory(source: object) -> Callable[[], Workspace]:
    """A workspace factory from a callable, or from parsed CLI options (data_dir, db_url)."""
    if callable(source):
        return source
    from bqinspect.store.workspace import open_workspace

    data_dir, db_url = getattr(source, "data_dir", None), getattr(source, "db_url", None)
    return lambda: open_workspace(data_dir, db_url)


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


def run_gui(
    ws_factory: Callable[[], Workspace] | object,
    argv: Sequence[str] | None = None,
    *,
    settings: QSettings | None = None,
    smoke_test: bool = False,
) -> int:
    """Start the desktop app on the workspace made by ``ws_factory``; the exit status.

    ``ws_factory`` may also be the parsed command line (its ``data_dir``, ``db_url`` and
    ``smoke_test``). A smoke test opens the main window, processes events once and exits 0.
    """
    smoke_test = smoke_test or bool(getattr(ws_factory, "smoke_test", False))
    from bqinspect.ui.context import AppContext
    from bqinspect.ui.main_window import MainWindow

    make_workspace = _factory(ws_factory)
    app = create_application(argv)
    # the data directory's own language is known once it is open; its refusal in the system's
    i18n.install(
        app, i18n.saved_language(settings) if settings is not None else i18n.system_language()
    )
    try:
        ws = make_workspace()
    except (DatabaseError, Refused, OSError) as exc:
        log.error("cannot open the workspace: %s", exc)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            app.translate("app", "bqinspect"),
            app.translate("app", "The data could not be opened:") + f"\n\n{friendly(exc) or exc}",
        )
        box.exec()  # nothing else is running yet: a blocking box is the whole program here
        return 1
    settings = settings if settings is not None else ui_settings(ws)
    lang = i18n.saved_language(settings)
    if settings.value(i18n.SETTINGS_KEY) is None and ws.setting("ui_lang"):
        lang = i18n.normalize(str(ws.setting("ui_lang")))
    i18n.install(app, lang)
    ctx = AppContext(ws, settings)
    ctx.language = lang
    window = MainWindow(ctx)
    hook = ExceptionHook(lambda: window)
    hook.install()
    window.show()
    start_daily_backup(ctx)
    try:
        if smoke_test:
            app.processEvents()
            window.close()
            app.processEvents()
            return 0
        return app.exec()
    finally:
        hook.uninstall()
        if isinstance(ctx.pool, QThreadPool):
            ctx.pool.waitForDone()  # the backup and any other work end before the database closes
        ws.close()
