"""The main window: left navigation over the pages, menus, status bar, remembered state."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from bqinspect.ui import geometry as geometry_module
from bqinspect.ui.context import AppContext
from bqinspect.ui.lazy_pages import LazyPages, PageSpec

log = logging.getLogger(__name__)

# (name, page class), in the order of the navigation; each takes (ctx, parent) and is
# imported and built when first shown.
PAGES: list[tuple[str, PageSpec]] = [
    ("inspections", PageSpec("bqinspect.ui.inspections.page", "InspectionsPage")),
    ("rectifications", PageSpec("bqinspect.ui.pages.rectifications", "RectificationsPage")),
    ("feedback", PageSpec("bqinspect.ui.pages.feedback", "FeedbackPage")),
    ("branches", PageSpec("bqinspect.ui.pages.branches", "BranchesPage")),
    ("forms", PageSpec("bqinspect.ui.pages.forms", "FormsPage")),
    ("analytics", PageSpec("bqinspect.ui.pages.analytics", "AnalyticsPage")),
    ("sync", PageSpec("bqinspect.ui.sync.page", "SyncPage")),
    ("settings", PageSpec("bqinspect.ui.pages.settings", "SettingsPage")),
]
PAGE_TITLES = {
    "inspections": QT_TRANSLATE_NOOP("MainWindow", "Inspections"),
    "rectifications": QT_TRANSLATE_NOOP("MainWindow", "Rectifications"),
    "feedback": QT_TRANSLATE_NOOP("MainWindow", "Customer feedback"),
    "branches": QT_TRANSLATE_NOOP("MainWindow", "Branches"),
    "forms": QT_TRANSLATE_NOOP("MainWindow", "Forms"),
    "analytics": QT_TRANSLATE_NOOP("MainWindow", "Analytics"),
    "sync": QT_TRANSLATE_NOOP("MainWindow", "Sync"),
    "settings": QT_TRANSLATE_NOOP("MainWindow", "Settings"),
}
GEOMETRY_KEY = "mainwindow/geometry"
STATE_KEY = "mainwindow/state"
PAGE_KEY = "mainwindow/page"


class MainWindow(QMainWindow):
    """The window over ``ctx``; it may be built and shown before the workspace is open.

    Until ``ctx.workspace_opened`` it shows that the workspace is opening, and the page the
    navigation asks for is only remembered: no page is built without the workspace.
    """

    # the page shown first once the workspace is open has its data on screen (its name)
    first_page_filled = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self.editor: QWidget | None = None
        self._wanted = ""  # the page asked for while the workspace opens

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(176)
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.pages = LazyPages(ctx, self.stack, PAGES, self._page_built)
        self.opening: QLabel | None = None
        if not ctx.is_open:
            self.opening = QLabel()
            self.opening.setObjectName("muted")
            self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(self.opening)
            self.stack.setCurrentWidget(self.opening)
            ctx.workspace_opened.connect(self._workspace_opened)
        for name in self.pages:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.workspace_label)
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        ctx.open_inspection.connect(self.open_inspection)
        self._menus()
        self.retranslate()
        self._restore()

    # menus --------------------------------------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_inspection)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.new_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.page_actions: list[QAction] = []
        for number, name in enumerate(self.pages, start=1):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{number}"))
            act.triggered.connect(lambda _c=False, n=name: self.show_page(n))
            self.view_menu.addAction(act)
            self.page_actions.append(act)
        self.view_menu.addSeparator()
        self.fullscreen_action = QAction(self)
        self.fullscreen_action.setShortcut(QKeySequence.StandardKey.FullScreen)
        self.fullscreen_action.triggered.connect(self._toggle_fullscreen)
        self.view_menu.addAction(self.fullscreen_action)

        self.help_menu = bar.addMenu("")
        self.keys_action = QAction(self)
        self.keys_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.keys_action.triggered.connect(self.show_keys)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.keys_action)
        self.help_menu.addAction(self.about_action)

    def _toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def show_keys(self) -> QMessageBox:
        from bqinspect.ui.editor.keys import legend

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Keyboard"), "", parent=self)
        box.setText(legend(True).replace("  ·  ", "\n"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def show_about(self) -> QMessageBox:
        from bqinspect import __version__

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About bqinspect"), "", parent=self)
        box.setText(
            self.tr(
                "bqinspect %1\nOffline bank-branch service-quality inspections and mystery "
                "shopping.\nLicensed under the GPL, version 3 or later."
            ).replace("%1", __version__)
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # pages --------------------------------------------------------------------------------------
    def page_names(self) -> list[str]:
        return list(self.pages)

    def _page_built(self, _name: str, page: QWidget) -> None:
        navigate = getattr(page, "navigate_requested", None)
        if navigate is not None:
            navigate.connect(self.show_page)

    def show_page(self, name: str) -> QWidget | None:
        """Show (and build) the page ``name``; while the workspace opens, only select it."""
        if name not in self.pages:
            return None
        row = self.pages.index(name)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # → _nav_changed
        else:
            self._nav_changed(row)
        return self.pages[name] if self.ctx.is_open else None

    def _nav_changed(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        name = list(self.pages)[row]
        if not self.ctx.is_open:
            self._wanted = name  # shown once the workspace is open
        elif self.editor is not None and name == "inspections":
            self.stack.setCurrentWidget(self.editor)
        else:
            self.stack.setCurrentWidget(self.pages[name])
        self.ctx.settings.setValue(PAGE_KEY, name)

    def _workspace_opened(self) -> None:
        self.retranslate()  # the inspector and the database, in the status bar
        name = self._wanted or next(iter(self.pages), "")
        page = self.show_page(name)
        if self.opening is not None:
            self.stack.removeWidget(self.opening)
            self.opening.deleteLater()
            self.opening = None
        if page is None:
            return
        # a page that reads its data off the GUI thread says when it is on screen
        filled = getattr(page, "filled", None)
        if filled is None or getattr(page, "is_filled", True):
            self.first_page_filled.emit(name)
            return

        def once() -> None:
            filled.disconnect(once)
            self.first_page_filled.emit(name)

        filled.connect(once)

    def new_inspection(self) -> None:
        page = self.show_page("inspections")
        if page is not None and self.editor is not None:
            self.close_editor()
        creator = getattr(page, "new_inspection", None)
        if creator is not None:
            creator()

    def open_inspection(self, inspection_id: uuid.UUID) -> QWidget:
        from bqinspect.ui.editor.page import InspectionEditor

        self.close_editor()
        editor = InspectionEditor(self.ctx, inspection_id, self.stack)
        editor.closed.connect(self.close_editor)
        self.editor = editor
        self.stack.addWidget(editor)
        if "inspections" in self.pages:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.pages.index("inspections"))
            self.nav.blockSignals(False)
        self.stack.setCurrentWidget(editor)
        editor.resume()
        return editor

    def close_editor(self) -> None:
        editor = self.editor
        if editor is None:
            return
        self.editor = None
        self.stack.removeWidget(editor)
        editor.hide()
        dispose = getattr(editor, "dispose", None)
        if dispose is not None:
            dispose()  # waits for photos still being added
        else:
            editor.deleteLater()
        if "inspections" in self.pages:
            self.stack.setCurrentWidget(self.pages["inspections"])

    # state ----------------------------------------------------------------------------------------
    def _restore(self) -> None:
        settings = self.ctx.settings
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            geometry_module.bring_on_screen(self)
        else:
            geometry_module.place_first(self)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        name = str(settings.value(PAGE_KEY, "inspections") or "inspections")
        self.show_page(name if name in self.pages else next(iter(self.pages), ""))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editor is not None:
            self.close_editor()
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.ctx.settings.setValue(STATE_KEY, self.saveState())
        self.ctx.settings.sync()
        super().closeEvent(event)

    # translation ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        # the platform adds the application name (" — bqinspect") itself
        self.setWindowTitle(self.tr("Branch inspections"))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            name = str(item.data(Qt.ItemDataRole.UserRole))
            item.setText(QCoreApplication.translate("MainWindow", PAGE_TITLES.get(name, name)))
        self.file_menu.setTitle(self.tr("&File"))
        self.new_action.setText(self.tr("&New inspection…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        for act, name in zip(self.page_actions, self.pages, strict=True):
            act.setText(QCoreApplication.translate("MainWindow", PAGE_TITLES.get(name, name)))
        self.fullscreen_action.setText(self.tr("&Full screen"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.keys_action.setText(self.tr("&Keyboard shortcuts"))
        self.about_action.setText(self.tr("&About bqinspect"))
        if self.opening is not None:
            self.opening.setText(self.tr("Opening the data…"))
        if not self.ctx.is_open:
            self.workspace_label.setText(self.tr("Opening the data…"))
            return
        from bqinspect.services.maintenance import database_info

        ws = self.ctx.workspace
        who = ws.who()
        database = database_info(ws)
        self.workspace_label.setText(
            (self.tr("Inspector: %1").replace("%1", who) + "   ·   " if who else "")
            + self.tr("Database: %1").replace("%1", database.where)
        )
        self.workspace_label.setToolTip(str(database.sqlite_path or database.home))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
