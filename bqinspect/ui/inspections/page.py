"""The Inspections page: filterable, sortable table; new, open/resume, report, delete a draft."""

from __future__ import annotations

import logging
import uuid
from contextlib import nullcontext
from datetime import date

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import InspectionStatus, is_draft
from bqinspect.services import branches, inspections
from bqinspect.ui import changes
from bqinspect.ui.audit.entry import add_record_actions
from bqinspect.ui.context import AppContext
from bqinspect.ui.i18n import content_language
from bqinspect.ui.inspections import model as cols
from bqinspect.ui.inspections.filters import InspectionFilter
from bqinspect.ui.inspections.loading import ListLoad, load_list
from bqinspect.ui.inspections.model import ROW_ROLE, InspectionTableModel
from bqinspect.ui.inspections.new_dialog import NewInspectionDialog
from bqinspect.ui.labels import KIND, kind_label, status_label
from bqinspect.ui.models.table import CONTENTS_ROWS, FitOnce, Prepared
from bqinspect.ui.reports import ReportButton, ReportRunner, ReportTarget
from bqinspect.ui.tasks import Progress, Task, keep_long_lived, make_task, start_task
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.tables import record_table

log = logging.getLogger(__name__)

_NO_DATE = QDate(2000, 1, 1)
SETTINGS_PREFIX = "inspections/"


class EmptyState(QFrame):
    """What a new user sees instead of an empty table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.headline = QLabel()
        self.headline.setObjectName("pageTitle")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setObjectName("muted")
        self.primary = QPushButton()
        self.primary.setObjectName("primary")
        self.secondary = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.secondary)
        buttons.addWidget(self.primary)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.headline)
        layout.addSpacing(8)
        layout.addWidget(self.text)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch()


class InspectionsPage(QWidget):
    """List of inspections; opening one asks the window (``ctx.open_inspection``)."""

    navigate_requested = Signal(str)  # page name, e.g. "branches"
    filled = Signal()  # the rows read (or the empty state) are on screen, after each load

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ws = ctx.workspace
        self.model = InspectionTableModel(self)
        self.model.lang = content_language(ctx.language)  # it sorts and filters itself
        self._dialog: NewInspectionDialog | None = None
        self.loading: Task | None = None  # the list being read, off the GUI thread
        self._empty_needs = ""
        self.last_load: ListLoad | None = None
        self._kept = False  # the first rows moved out of full collections
        self._select_next: uuid.UUID | None = None  # a new inspection, selected once listed
        self.context_menu: QMenu | None = None
        self.reports = ReportRunner(self.ws, ctx.pool, self)
        self.reports.tell_user(ctx, self)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.new_button = QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_inspection)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.status = QComboBox()
        self.kind = QComboBox()
        self.branch = QComboBox()
        self.branch.setMinimumContentsLength(12)
        self.branch.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.since = self._date_edit()
        self.until = self._date_edit()
        self.from_label = QLabel()
        self.to_label = QLabel()

        self.table = record_table(self.model)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(cols.BRANCH, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(cols.FORM, QHeaderView.ResizeMode.Stretch)
        stretched = (cols.BRANCH, cols.FORM)
        fitted = [c for c in range(cols.COLUMN_COUNT) if c not in stretched]
        self.widths = FitOnce(self.table, fitted)  # to the first rows, then kept
        header.setMinimumSectionSize(56)
        header.setResizeContentsPrecision(CONTENTS_ROWS)
        rows = self.table.verticalHeader()  # rows of one height: never measured one by one
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.sortByColumn(cols.DATE, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.empty = EmptyState()
        self.empty.primary.clicked.connect(self._empty_primary)
        self.empty.secondary.clicked.connect(lambda: self.navigate_requested.emit("forms"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.report_button = ReportButton()
        self.report_button.requested.connect(self.make_report)
        self.count = QLabel()
        self.count.setObjectName("muted")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch()
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status)
        filters.addWidget(self.kind)
        filters.addWidget(self.branch, 1)
        filters.addWidget(self.from_label)
        filters.addWidget(self.since)
        filters.addWidget(self.to_label)
        filters.addWidget(self.until)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch()
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.report_button)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self._focus_search)
        self.addAction(self.find_action)
        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)

        self.retranslate()  # the texts, and the filter combos filled once
        self._restore_filters()
        self.search.textChanged.connect(lambda t: self._filter_changed())
        for combo in (self.status, self.kind, self.branch):
            combo.currentIndexChanged.connect(lambda _i: self._filter_changed())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self._filter_changed())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        # a filter removes or inserts rows in many runs: the count is said once after them
        self._count_later = QTimer(self)
        self._count_later.setSingleShot(True)
        self._count_later.setInterval(0)
        self._count_later.timeout.connect(self._update_count)
        self.model.modelReset.connect(self._count_later.start)
        self.model.rowsInserted.connect(self._count_later.start)
        self.model.rowsRemoved.connect(self._count_later.start)
        self.model.layoutChanged.connect(self._count_later.start)
        self.reloader = changes.Reloader(
            ctx, self, (changes.INSPECTION, changes.BRANCH, changes.FORM), self._data_changed
        )
        ctx.language_changed.connect(self._language_changed)
        self.reload()

    # building ---------------------------------------------------------------------------------
    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(_NO_DATE)
        return edit

    def _fill_filter_combos(self) -> None:
        current = (self.status.currentData(), self.kind.currentData(), self.branch.currentData())
        for combo in (self.status, self.kind, self.branch):
            combo.blockSignals(True)
            combo.clear()
        self.status.addItem(self.tr("All statuses"), "")
        for status in InspectionStatus:
            self.status.addItem(status_label(status), status.value)
        self.kind.addItem(self.tr("All kinds"), "")
        for key in KIND:
            self.kind.addItem(kind_label(key), key)
        self.branch.addItem(self.tr("All branches"), "")
        for row in branches.list_branches(self.ws):
            self.branch.addItem(f"{row.code} {row.name}", row.code)
        for combo, value in zip((self.status, self.kind, self.branch), current, strict=True):
            index = combo.findData(value) if value else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _restore_filters(self) -> None:
        settings = self.ctx.settings
        for name, combo in (("status", self.status), ("kind", self.kind), ("branch", self.branch)):
            value = str(settings.value(SETTINGS_PREFIX + name, "") or "")
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.search.setText(str(settings.value(SETTINGS_PREFIX + "text", "") or ""))
        for name, edit in (("since", self.since), ("until", self.until)):
            text = str(settings.value(SETTINGS_PREFIX + name, "") or "")
            parsed = QDate.fromString(text, Qt.DateFormat.ISODate)
            edit.setDate(parsed if parsed.isValid() else _NO_DATE)
        self._apply_filter()

    # behaviour ----------------------------------------------------------------------------------
    @staticmethod
    def _date_of(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == _NO_DATE else value.toPython()

    def current_filter(self) -> InspectionFilter:
        return InspectionFilter(
            status=str(self.status.currentData() or ""),
            kind=str(self.kind.currentData() or ""),
            branch_code=str(self.branch.currentData() or ""),
            since=self._date_of(self.since),
            until=self._date_of(self.until),
            text=self.search.text().strip(),
        )

    def _apply_filter(self) -> None:
        self.model.apply_filter(self.current_filter())
        self._update_count()

    def _filter_changed(self) -> None:
        self._apply_filter()
        f = self.current_filter()
        settings = self.ctx.settings
        settings.setValue(SETTINGS_PREFIX + "status", f.status)
        settings.setValue(SETTINGS_PREFIX + "kind", f.kind)
        settings.setValue(SETTINGS_PREFIX + "branch", f.branch_code)
        settings.setValue(SETTINGS_PREFIX + "text", f.text)
        settings.setValue(SETTINGS_PREFIX + "since", f.since.isoformat() if f.since else "")
        settings.setValue(SETTINGS_PREFIX + "until", f.until.isoformat() if f.until else "")

    def reload(self) -> None:
        """Read the list off the GUI thread, and there compare it with the rows shown and
        sort it; the rows replace the shown ones when they arrive.

        A reload asked for while one is running supersedes it: only the newest is shown.
        """
        if self.loading is not None and not self.loading.delivered:
            self.loading.cancel()
        ws, prepare = self.ws, self.model.preparer()

        def work(_progress: Progress) -> tuple[ListLoad, Prepared[inspections.InspectionRow]]:
            load = load_list(ws)
            return load, prepare(load.rows)

        task = make_task(
            work,
            on_success=lambda loaded: self._loaded(*loaded),
            on_error=self._load_failed,
            parent=self,
        )
        self.loading = task
        start_task(task, self.ctx.pool)

    def _loaded(
        self, load: ListLoad, prepared: Prepared[inspections.InspectionRow] | None = None
    ) -> None:
        first, self.last_load = self.last_load is None, load
        selected, self._select_next = self._select_next or self.selected_id(), None
        # the first rows have no scroll position to keep (and no layout to force for it)
        with nullcontext() if first else changes.kept_scroll(self.table):
            if prepared is None:
                prepared = self.model.preparer()(load.rows)
            self.model.apply_prepared(prepared)  # what changed only: the selection stays
            if selected is not None:
                self.select(selected)
        if not self._kept and self.model.total():
            self._kept = True
            keep_long_lived()  # the rows stay: no full collection walks them again
        self.widths.rows_shown()
        self.stack.setCurrentWidget(self.table if self.model.total() else self.empty)
        self._update_empty_state(load)
        self._update_buttons()
        self._update_count()
        self.filled.emit()

    @property
    def is_filled(self) -> bool:
        """The list read once at least, and shown."""
        return self.last_load is not None

    def _load_failed(self, exc: BaseException) -> None:
        log.warning("the inspections list could not be read: %s", exc)
        self.ctx.status_message.emit(
            self.tr("The inspections list could not be read: %1").replace("%1", str(exc))
        )

    def _data_changed(self, changed: frozenset[str]) -> None:
        if changes.BRANCH in changed:
            self._fill_filter_combos()
        self.reload()  # the scroll position is kept when the rows arrive

    def _update_count(self, *_args: object) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        if shown == total:
            self.count.setText(self.tr("%n inspection(s)", "", total))
        else:
            self.count.setText(
                self.tr("%1 of %2 inspections shown")
                .replace("%1", str(shown))
                .replace("%2", str(total))
            )

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.report_button.setEnabled(row is not None)
        draft = row is not None and is_draft(row.status)
        self.delete_button.setEnabled(draft)
        if draft:
            self.open_button.setText(self.tr("Resume"))
        else:
            self.open_button.setText(self.tr("Open"))

    def _update_empty_state(self, load: ListLoad) -> None:
        if load.rows:
            return  # the empty state is not shown; it is made again when the list empties
        has_branches, has_forms = load.has_branches, load.has_forms
        self._empty_needs = load.needs
        self.empty.headline.setText(self.tr("No inspections yet"))
        if not has_branches:
            self.empty.text.setText(
                self.tr(
                    "Start by adding the branches you inspect, one by one or from a spreadsheet. "
                    "Then start an on-site inspection or a mystery-shopping visit here."
                )
            )
            self.empty.primary.setText(self.tr("Go to Branches"))
        elif not has_forms:
            self.empty.text.setText(self.tr("Install a checklist form before the first visit."))
            self.empty.primary.setText(self.tr("Go to Forms"))
        else:
            self.empty.text.setText(
                self.tr(
                    "Start an on-site inspection or a mystery-shopping visit: choose a branch and "
                    "a checklist form. Every answer is saved the moment you enter it."
                )
            )
            self.empty.primary.setText(self.tr("New inspection…"))
        self.empty.secondary.setText(self.tr("Checklist forms"))
        self.empty.secondary.setVisible(has_forms and has_branches)

    def _empty_primary(self) -> None:
        if self._empty_needs:
            self.navigate_requested.emit(self._empty_needs)
        else:
            self.new_inspection()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_row(self) -> inspections.InspectionRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, inspections.InspectionRow) else None

    def selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        return row.id if row else None

    def select(self, inspection_id: uuid.UUID) -> bool:
        row = self.model.row_of(inspection_id)  # -1: none, or filtered out
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, inspections.InspectionRow):
            self.ctx.open_inspection.emit(row.id)

    def open_selected(self) -> None:
        inspection_id = self.selected_id()
        if inspection_id is not None:
            self.ctx.open_inspection.emit(inspection_id)

    def make_report(self, audience: str) -> Task | None:
        """Build the selected inspection's notice (``audience``: branch or office) and open it."""
        row = self.selected_row()
        if row is None:
            return None
        return self.reports.build(
            ReportTarget(row.id, row.branch_code, row.visit_start),
            audience=audience,
            lang=self.report_button.language(content_language(self.ctx.language)),
            dialog_parent=self,
        )

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        row = self.selected_row()
        if row is None:
            return
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        menu = QMenu(self)
        open_action = menu.addAction(self.open_button.text())
        open_action.triggered.connect(self.open_selected)
        menu.setDefaultAction(open_action)  # what a double click does
        menu.addSeparator()
        reports = self.report_button
        for action, audience in ((reports.branch_copy, "branch"), (reports.office_copy, "office")):
            menu.addAction(action.text()).triggered.connect(
                lambda _=False, a=audience: self.make_report(a)
            )
        menu.addSeparator()
        add_record_actions(menu, self.ctx, row.id, self)
        if is_draft(row.status):
            menu.addSeparator()
            menu.addAction(self.delete_button.text()).triggered.connect(self.delete_selected)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def new_inspection(self) -> NewInspectionDialog:
        dialog = NewInspectionDialog(self.ws, self.ctx.language, self)
        dialog.created.connect(self._created)
        self._dialog = dialog
        dialog.open()
        return dialog

    def _created(self, inspection_id: uuid.UUID) -> None:
        self._select_next = inspection_id
        self.ctx.data_changed.emit(changes.INSPECTION)
        if self.select(inspection_id):
            self._select_next = None
        self.ctx.open_inspection.emit(inspection_id)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None or not is_draft(row.status):
            return
        text = self.tr(
            "Delete the draft inspection of %1 on %2? Its answers and photos are removed."
        )
        text = text.replace("%1", f"{row.branch_code} {row.branch_name}").replace(
            "%2", f"{row.visit_start.astimezone():%Y-%m-%d}"
        )
        self._confirm = dialogs.confirm(
            self,
            self.tr("Delete draft"),
            text,
            lambda: self._delete(row.id),
            yes_text=self.tr("Delete"),
        )

    def _delete(self, inspection_id: uuid.UUID) -> None:
        try:
            inspections.delete_draft(self.ws, inspection_id)
        except Refused as exc:
            dialogs.inform(self, self.tr("Cannot delete"), str(exc))
            return
        self.ctx.status_message.emit(self.tr("Draft deleted"))
        self.ctx.data_changed.emit(changes.INSPECTION)

    # translation ------------------------------------------------------------------------------
    def _language_changed(self, lang: str) -> None:
        self.model.set_language(content_language(lang))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Inspections"))
        self.new_button.setText(self.tr("New inspection…"))
        self.new_button.setToolTip(
            self.tr("Start an on-site inspection or a mystery visit (Ctrl+N)")
        )
        self.search.setPlaceholderText(self.tr("Search branch, form, inspector…"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.delete_button.setText(self.tr("Delete draft"))
        self._fill_filter_combos()
        self._update_buttons()
        self._update_count()
        if self.last_load is not None:
            self._update_empty_state(self.last_load)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
