"""Sync page: the export wizard (choose, destination and keys, progress, summary) and import."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDir,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bqinspect.services import inspections as insp_svc
from bqinspect.services.errors import Refused
from bqinspect.sync import crypto
from bqinspect.sync import progress as core_progress
from bqinspect.sync.conflicts import ConflictRow, list_conflicts, resolve
from bqinspect.sync.export import ExportResult, export_package
from bqinspect.sync.imports import ImportResult, SignerRefused, import_package
from bqinspect.sync.keys import (
    export_public,
    load_identity,
    pretty_fingerprint,
    read_public_file,
    trust_file,
)
from bqinspect.sync.merge import Outcome, RecordOutcome
from bqinspect.sync.package import SUFFIX
from bqinspect.ui.context import AppContext
from bqinspect.ui.tasks import Cancelled, Progress, Task, run_task
from bqinspect.ui.widgets.theme import FAIL, MUTED, PASS, STATUS_COLORS, WARN

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OUTCOME_COLORS = {
    Outcome.NEW: PASS,
    Outcome.UPDATED: "#1c5d99",
    Outcome.UNCHANGED: MUTED,
    Outcome.CONFLICT: WARN,
    Outcome.REFUSED: FAIL,
}


def _run_core(fn: Any, progress: Progress) -> Any:
    """Run core work with the task's progress (it has the core's ``cancelled()`` too)."""
    try:
        return fn(progress)
    except core_progress.Cancelled:
        raise Cancelled() from None


# models -----------------------------------------------------------------------------------------
class ExportModel(QAbstractTableModel):
    """Inspections with a check box each; the checked ones are exported."""

    CHECK, BRANCH, DATE, KIND, STATUS, SCORE, EXPORTED = range(7)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[insp_svc.InspectionRow] = []
        self._checked: set[uuid.UUID] = set()

    def set_rows(self, rows: list[insp_svc.InspectionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._checked &= {r.id for r in rows}
        self.endResetModel()

    def chosen(self) -> list[uuid.UUID]:
        return [r.id for r in self._rows if r.id in self._checked]

    def set_checked(self, ids: set[uuid.UUID]) -> None:
        self._checked = set(ids) & {r.id for r in self._rows}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def rows(self) -> list[insp_svc.InspectionRow]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.CHECK:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.CheckStateRole and col == self.CHECK:
            return Qt.CheckState.Checked if row.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.BRANCH:
                return f"{row.branch_code} {row.branch_name}"
            if col == self.DATE:
                return f"{row.visit_start.astimezone():%Y-%m-%d}"
            if col == self.KIND:
                return self.tr("On-site") if row.kind == "onsite" else self.tr("Mystery")
            if col == self.STATUS:
                return _status_text(self, row.status)
            if col == self.SCORE:
                return "—" if row.overall_score is None else f"{row.overall_score:.1f}"
            if col == self.EXPORTED:
                if row.exported_at is None:
                    return self.tr("not yet")
                return f"{row.exported_at.astimezone():%Y-%m-%d %H:%M}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATUS:
                return QBrush(QColor(STATUS_COLORS.get(row.status, MUTED)))
            if col == self.EXPORTED and row.exported_at is None:
                return QBrush(QColor(WARN))
        if role == Qt.ItemDataRole.UserRole and col == self.CHECK:
            return row.id in self._checked
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.CHECK:
            return False
        row = self._rows[index.row()]
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(row.id)
        else:
            self._checked.discard(row.id)
        self.dataChanged.emit(index, index)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            "",
            self.tr("Branch"),
            self.tr("Visit"),
            self.tr("Kind"),
            self.tr("Status"),
            self.tr("Score"),
            self.tr("Exported"),
        ][section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 6)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 6))


def _status_text(owner: QObject, status: str) -> str:
    return {
        "draft": owner.tr("Draft"),
        "submitted": owner.tr("Submitted"),
        "approved": owner.tr("Approved"),
        "returned": owner.tr("Returned"),
    }.get(status, status)


class OutcomesModel(QAbstractTableModel):
    """The import report: one row per record, with what happened and why."""

    OUTCOME, ENTITY, RECORD, REASON = range(4)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[RecordOutcome] = []

    def set_outcomes(self, rows: list[RecordOutcome]) -> None:
        order = {o: i for i, o in enumerate(
            [Outcome.REFUSED, Outcome.CONFLICT, Outcome.NEW, Outcome.UPDATED, Outcome.UNCHANGED]
        )}  # fmt: skip
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (order[r.outcome], r.entity, r.label))
        self.endResetModel()

    def outcomes(self) -> list[RecordOutcome]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def outcome_text(self, outcome: Outcome) -> str:
        return {
            Outcome.NEW: self.tr("new"),
            Outcome.UPDATED: self.tr("updated"),
            Outcome.UNCHANGED: self.tr("unchanged"),
            Outcome.CONFLICT: self.tr("conflict"),
            Outcome.REFUSED: self.tr("refused"),
        }[outcome]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == self.OUTCOME:
                return self.outcome_text(row.outcome)
            if col == self.ENTITY:
                return self.tr("Inspection") if row.entity == "inspection" else self.tr("Branch")
            if col == self.RECORD:
                return row.label
            return row.reason
        if role == Qt.ItemDataRole.ForegroundRole and col == self.OUTCOME:
            return QBrush(QColor(OUTCOME_COLORS[row.outcome]))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("Result"), self.tr("Type"), self.tr("Record"), self.tr("Reason")][section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 3))


class ConflictsModel(QAbstractTableModel):
    """Recorded conflicts not yet resolved."""

    WHAT, RECORD, REVISION, WHEN, SOURCE = range(5)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ConflictRow] = []

    def set_conflicts(self, rows: list[ConflictRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def conflict(self, row: int) -> ConflictRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.label}\n{row.entity} {row.entity_id}\n{row.source}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        if col == self.WHAT:
            return {
                "inspection": self.tr("Inspector's data"),
                "inspection.review": self.tr("Review decision"),
                "finding": self.tr("Finding"),
                "branch": self.tr("Branch"),
            }.get(row.entity, row.entity)
        if col == self.RECORD:
            return row.label
        if col == self.REVISION:
            return str(row.revision)
        if col == self.WHEN:
            return f"{row.created_at.astimezone():%Y-%m-%d %H:%M}"
        return row.source.split(" (")[0]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Conflict"),
            self.tr("Record"),
            self.tr("Revision"),
            self.tr("Met"),
            self.tr("From"),
        ][section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)


def _summary_label() -> QLabel:
    """A multi-line summary: one fact per line, selectable, never widening the window."""
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if value == "":
        return "(empty)"
    return str(value)


def _table(model: QAbstractItemModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


# the page ---------------------------------------------------------------------------------------
class SyncPage(QWidget):
    """Export chosen inspections to a package file; import package files (also by drag-and-drop)."""

    export_finished = Signal(object)  # ExportResult, or the exception
    import_finished = Signal(object)  # ImportResult, or the exception
    STEP_CHOOSE, STEP_DESTINATION, STEP_RESULT = range(3)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.recipient_files: list[Path] = []
        self.last_export: ExportResult | None = None
        self.last_import: ImportResult | None = None
        self.pending_signer: tuple[Path, SignerRefused] | None = None
        self._export_error = ""
        self._import_error = ""
        self.setAcceptDrops(True)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.device_label = QLabel()
        self.device_label.setObjectName("muted")
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_key_button = QPushButton()
        self.export_key_button.clicked.connect(self.choose_public_key_destination)
        self.trust_button = QPushButton()
        self.trust_button.clicked.connect(self.choose_device_to_trust)
        top = QHBoxLayout()
        top.addWidget(self.device_label, 1)
        top.addWidget(self.export_key_button)
        top.addWidget(self.trust_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_export(), "")
        self.tabs.addTab(self._build_import(), "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.refresh()

    # building ----------------------------------------------------------------------------------
    def _build_export(self) -> QWidget:
        self.steps = QStackedWidget()
        self.step_label = QLabel()
        self.step_label.setObjectName("muted")

        # step 1: choose inspections
        choose = QWidget()
        self.export_model = ExportModel(self)
        self.export_proxy = QSortFilterProxyModel(self)
        self.export_proxy.setSourceModel(self.export_model)
        self.export_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.export_proxy.setFilterKeyColumn(-1)
        self.export_table = _table(self.export_proxy, ExportModel.BRANCH)
        self.export_table.setSortingEnabled(True)
        self.export_table.sortByColumn(ExportModel.DATE, Qt.SortOrder.DescendingOrder)
        self.export_table.clicked.connect(self._toggle_row)
        self.export_search = QLineEdit()
        self.export_search.setClearButtonEnabled(True)
        self.export_search.textChanged.connect(self.export_proxy.setFilterFixedString)
        self.select_all_button = QPushButton()
        self.select_none_button = QPushButton()
        self.select_new_button = QPushButton()
        self.select_all_button.clicked.connect(lambda: self.check_where(lambda r: True))
        self.select_none_button.clicked.connect(lambda: self.check_where(lambda r: False))
        self.select_new_button.clicked.connect(
            lambda: self.check_where(lambda r: r.exported_at is None)
        )
        self.chosen_label = QLabel()
        self.export_model.dataChanged.connect(lambda *_: self._update_export_buttons())
        self.export_model.modelReset.connect(self._update_export_buttons)
        bar = QHBoxLayout()
        bar.addWidget(self.export_search, 1)
        bar.addWidget(self.select_all_button)
        bar.addWidget(self.select_new_button)
        bar.addWidget(self.select_none_button)
        box = QVBoxLayout(choose)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.export_table, 1)
        box.addWidget(self.chosen_label)

        # step 2: destination and recipients
        where = QWidget()
        self.destination_label = QLabel()
        self.destination = QLineEdit()
        self.destination.textChanged.connect(lambda _t: self._update_export_buttons())
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.choose_destination)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.destination, 1)
        dest_row.addWidget(self.browse_button)
        self.recipients_label = QLabel()
        self.recipients_list = QListWidget()
        self.add_recipient_button = QPushButton()
        self.add_recipient_button.clicked.connect(self.choose_recipient_file)
        self.remove_recipient_button = QPushButton()
        self.remove_recipient_button.clicked.connect(self.remove_selected_recipient)
        self.recipients_note = QLabel()
        self.recipients_note.setWordWrap(True)
        self.recipients_note.setObjectName("muted")
        self.destination_error = QLabel()
        self.destination_error.setWordWrap(True)
        self.destination_error.setStyleSheet(f"color: {FAIL};")
        rec_buttons = QHBoxLayout()
        rec_buttons.addWidget(self.add_recipient_button)
        rec_buttons.addWidget(self.remove_recipient_button)
        rec_buttons.addStretch(1)
        box = QVBoxLayout(where)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.destination_label)
        box.addLayout(dest_row)
        box.addSpacing(12)
        box.addWidget(self.recipients_label)
        box.addWidget(self.recipients_list, 1)
        box.addLayout(rec_buttons)
        box.addWidget(self.recipients_note)
        box.addWidget(self.destination_error)

        # step 3: progress and summary
        result = QWidget()
        self.export_progress = QProgressBar()
        self.export_progress_label = QLabel()
        self.export_cancel_button = QPushButton()
        self.export_cancel_button.clicked.connect(self.cancel_task)
        self.export_summary = _summary_label()
        self.export_again_button = QPushButton()
        self.export_again_button.clicked.connect(lambda: self.go_to_step(self.STEP_CHOOSE))
        prog = QHBoxLayout()
        prog.addWidget(self.export_progress, 1)
        prog.addWidget(self.export_cancel_button)
        box = QVBoxLayout(result)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.export_progress_label)
        box.addLayout(prog)
        box.addWidget(self.export_summary)
        box.addWidget(self.export_again_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)

        for w in (choose, where, result):
            self.steps.addWidget(w)
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.back_button.clicked.connect(lambda: self.go_to_step(self.steps.currentIndex() - 1))
        self.next_button.clicked.connect(self._next)
        nav = QHBoxLayout()
        nav.addWidget(self.step_label, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.steps, 1)
        box.addLayout(nav)
        return page

    def _build_import(self) -> QWidget:
        page = QWidget()
        self.drop_zone = QFrame()
        self.drop_zone.setObjectName("emptyState")
        self.drop_label = QLabel()
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setWordWrap(True)
        self.choose_file_button = QPushButton()
        self.choose_file_button.setObjectName("primary")
        self.choose_file_button.clicked.connect(self.choose_import_file)
        zone = QVBoxLayout(self.drop_zone)
        zone.addWidget(self.drop_label)
        zone.addWidget(self.choose_file_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.import_progress = QProgressBar()
        self.import_progress_label = QLabel()
        self.import_cancel_button = QPushButton()
        self.import_cancel_button.clicked.connect(self.cancel_task)
        prog = QHBoxLayout()
        prog.addWidget(self.import_progress, 1)
        prog.addWidget(self.import_cancel_button)

        self.import_summary = _summary_label()
        self.signer_panel = QFrame()
        self.signer_panel.setObjectName("findingPanel")
        self.signer_text = QLabel()
        self.signer_text.setWordWrap(True)
        self.accept_once_button = QPushButton()
        self.accept_once_button.clicked.connect(self.accept_signer_once)
        signer_box = QHBoxLayout(self.signer_panel)
        signer_box.addWidget(self.signer_text, 1)
        signer_box.addWidget(self.accept_once_button, 0, Qt.AlignmentFlag.AlignTop)

        self.outcomes_model = OutcomesModel(self)
        self.outcomes_table = _table(self.outcomes_model, OutcomesModel.REASON)
        self.outcomes_table.setWordWrap(True)

        self.conflicts_title = QLabel()
        self.conflicts_title.setStyleSheet("font-weight: 600;")
        self.conflicts_model = ConflictsModel(self)
        self.conflicts_table = _table(self.conflicts_model, ConflictsModel.RECORD)
        self.conflicts_table.selectionModel().selectionChanged.connect(
            lambda *_: self._show_conflict()
        )
        self.conflict_detail = QPlainTextEdit()
        self.conflict_detail.setReadOnly(True)
        self.resolve_button = QPushButton()
        self.resolve_button.clicked.connect(self.resolve_selected_conflict)
        conflicts = QWidget()
        cbox = QVBoxLayout(conflicts)
        cbox.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.conflicts_title, 1)
        head.addWidget(self.resolve_button)
        cbox.addLayout(head)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.conflicts_table)
        split.addWidget(self.conflict_detail)
        split.setSizes([500, 400])
        cbox.addWidget(split, 1)

        box = QVBoxLayout(page)
        box.addWidget(self.drop_zone)
        box.addWidget(self.import_progress_label)
        box.addLayout(prog)
        box.addWidget(self.signer_panel)
        box.addWidget(self.import_summary)
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.addWidget(self.outcomes_table)
        lower.addWidget(conflicts)
        box.addWidget(lower, 1)
        self._set_import_running(False)
        self.signer_panel.hide()
        return page

    # data ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.export_model.set_rows(insp_svc.list_inspections(self.ctx.workspace))
        self.conflicts_model.set_conflicts(list_conflicts(self.ctx.workspace))
        self._update_device_label()
        self._update_export_buttons()
        self._show_conflict()
        self._retranslate_counts()

    def _data_changed(self, entity: str) -> None:
        if entity in ("inspection", "all"):
            self.refresh()

    def _update_device_label(self) -> None:
        try:
            ident = load_identity(self.ctx.workspace)
        except Refused as exc:
            self.device_label.setText(str(exc))
            return
        self.device_label.setText(
            self.tr("This device: %1 · key fingerprint %2")
            .replace("%1", ident.name)
            .replace("%2", pretty_fingerprint(ident.fingerprint))
        )

    # export: choosing --------------------------------------------------------------------------
    def _toggle_row(self, index: QModelIndex) -> None:
        if index.column() == ExportModel.CHECK:
            return  # the check box handles itself
        source = self.export_proxy.mapToSource(index)
        check = source.siblingAtColumn(ExportModel.CHECK)
        checked = bool(self.export_model.data(check, Qt.ItemDataRole.UserRole))
        self.export_model.setData(
            check,
            Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )

    def check_where(self, wanted: Any) -> None:
        self.export_model.set_checked({r.id for r in self.export_model.rows() if wanted(r)})

    def chosen(self) -> list[uuid.UUID]:
        return self.export_model.chosen()

    def go_to_step(self, step: int) -> None:
        step = max(self.STEP_CHOOSE, min(self.STEP_RESULT, step))
        if step == self.STEP_DESTINATION and not self.destination.text():
            self.destination.setText(str(self._default_destination()))
        self.steps.setCurrentIndex(step)
        self._update_export_buttons()
        self._retranslate_steps()

    def _next(self) -> None:
        step = self.steps.currentIndex()
        if step == self.STEP_CHOOSE:
            self.go_to_step(self.STEP_DESTINATION)
        elif step == self.STEP_DESTINATION:
            self.start_export()

    def _default_destination(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        folder = Path(QDir.homePath())
        return folder / f"bqinspect-{stamp}{SUFFIX}"

    def _update_export_buttons(self) -> None:
        step = self.steps.currentIndex()
        running = self.task is not None
        count = len(self.chosen())
        self.back_button.setVisible(step == self.STEP_DESTINATION)
        self.next_button.setVisible(step != self.STEP_RESULT)
        if step == self.STEP_CHOOSE:
            self.next_button.setEnabled(count > 0 and not running)
        elif step == self.STEP_DESTINATION:
            self.next_button.setEnabled(bool(self.destination.text().strip()) and not running)
        self.remove_recipient_button.setEnabled(self.recipients_list.currentRow() >= 0)
        self._retranslate_counts()

    # export: destination and keys ----------------------------------------------------------------
    def choose_destination(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            self.tr("Save package as"),
            self.destination.text() or str(self._default_destination()),
            self.tr("bqinspect packages (*%1);;All files (*)").replace("%1", SUFFIX),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(SUFFIX.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.destination.setText)
        dialog.open()
        return dialog

    def choose_recipient_file(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            self.tr("Encrypt to whose key?"),
            "",
            self.tr("Public key files (*.pub *.txt);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda names: [self.add_recipient(Path(n)) for n in names])
        dialog.open()
        return dialog

    def add_recipient(self, path: Path) -> bool:
        """Add a public key file to encrypt to; a bad file is refused with its reason."""
        try:
            keys = crypto.read_recipients(path)
            info = read_public_file(path)
        except Refused as exc:
            self.destination_error.setText(
                self.tr("%1 is not a public key file: %2")
                .replace("%1", path.name)
                .replace("%2", "; ".join(p.reason for p in exc.problems))
            )
            return False
        self.destination_error.clear()
        if path in self.recipient_files:
            return True
        self.recipient_files.append(path)
        who = info.name or path.name
        item = QListWidgetItem(f"{who} — {len(keys)} " + self.tr("key(s)") + f" · {keys[0]!s}"[:90])
        item.setData(ROW_ROLE, str(path))
        item.setToolTip(str(path))
        self.recipients_list.addItem(item)
        self.recipients_list.setCurrentRow(self.recipients_list.count() - 1)
        self._update_export_buttons()
        self._retranslate_recipients_note()
        return True

    def remove_selected_recipient(self) -> None:
        row = self.recipients_list.currentRow()
        if row < 0:
            return
        self.recipients_list.takeItem(row)
        del self.recipient_files[row]
        self._update_export_buttons()
        self._retranslate_recipients_note()

    # export: running ---------------------------------------------------------------------------
    def start_export(self) -> Task | None:
        ids = self.chosen()
        dest = Path(self.destination.text().strip()).expanduser()
        try:
            recipients = [r for f in self.recipient_files for r in crypto.read_recipients(f)]
        except Refused as exc:
            self.destination_error.setText(str(exc))
            return None
        if not ids:
            return None
        self.destination_error.clear()
        ws = self.ctx.workspace
        self._export_error = ""
        self.last_export = None
        self.go_to_step(self.STEP_RESULT)
        self._set_export_running(True)

        def work(progress: Progress) -> ExportResult:
            return _run_core(
                lambda p: export_package(ws, dest, ids, recipients=recipients, progress=p),
                progress,
            )

        self.task = run_task(
            work,
            on_success=self._exported,
            on_error=self._export_failed,
            on_progress=lambda d, t, text: self._progressed(self.export_progress, d, t),
            on_cancel=self._export_cancelled,
            parent=self,
        )
        return self.task

    def _set_export_running(self, running: bool) -> None:
        self.export_progress.setVisible(running)
        self.export_cancel_button.setVisible(running)
        self.export_progress_label.setVisible(running)
        self.export_again_button.setVisible(not running)
        if running:
            self.export_progress.setRange(0, 0)
            self.export_summary.clear()
        self._update_export_buttons()

    def _progressed(self, bar: QProgressBar, done: int, total: int) -> None:
        if total > 0:
            bar.setRange(0, total)
            bar.setValue(min(done, total))

    def _exported(self, result: ExportResult) -> None:
        self.task = None
        self.last_export = result
        self._set_export_running(False)
        self._show_export_summary()
        self.refresh()
        self.ctx.data_changed.emit("inspection")
        self.ctx.status_message.emit(self.export_summary.text())
        self.export_finished.emit(result)

    def _export_failed(self, exc: BaseException) -> None:
        self.task = None
        if not isinstance(exc, Refused):
            log.error("export failed", exc_info=exc)
        self._export_error = str(exc) or type(exc).__name__
        self._set_export_running(False)
        self._show_export_summary()
        self.export_finished.emit(exc)

    def _export_cancelled(self) -> None:
        self.task = None
        self._export_error = ""
        self._set_export_running(False)
        self.export_summary.setText(self.tr("Export cancelled. No file was written."))
        self.export_finished.emit(None)

    def _show_export_summary(self) -> None:
        if self._export_error:
            self.export_summary.setText(
                self.tr("Nothing was exported: %1").replace("%1", self._export_error)
            )
            self.export_summary.setStyleSheet(f"color: {FAIL};")
            return
        r = self.last_export
        if r is None:
            return
        self.export_summary.setStyleSheet("")
        enc = (
            self.tr("encrypted to %n key(s)", "", r.encrypted_to)
            if r.encrypted_to
            else self.tr("signed, not encrypted")
        )
        lines = [
            self.tr(
                "Exported %1 inspection(s) with %2 photo(s), %3 form version(s), %4 branch(es)."
            )
            .replace("%1", str(r.inspections))
            .replace("%2", str(r.photos))
            .replace("%3", str(r.forms))
            .replace("%4", str(r.branches)),
            self.tr("File: %1").replace("%1", str(r.path)),
            self.tr("Size: %1 KiB, %2.").replace("%1", f"{r.size / 1024:.0f}").replace("%2", enc),
            self.tr("Package id: %1").replace("%1", str(r.package_id)),
            self.tr("The list marks these inspections as exported."),
        ]
        self.export_summary.setText("\n".join(lines))
        self.export_summary.setToolTip(str(r.path))

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # import ------------------------------------------------------------------------------------
    def choose_import_file(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            self.tr("Import a package"),
            "",
            self.tr("bqinspect packages (*%1 *.zip *.age);;All files (*)").replace("%1", SUFFIX),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.import_file(Path(name)))
        dialog.open()
        return dialog

    def import_file(self, path: Path, *, accept_signer: str | None = None) -> Task | None:
        """Check and import a package off the GUI thread; the report appears when done."""
        if self.task is not None:
            return None
        self.tabs.setCurrentIndex(1)
        ws = self.ctx.workspace
        self.pending_signer = None
        self.signer_panel.hide()
        self._import_error = ""
        self.last_import = None
        self.outcomes_model.set_outcomes([])
        self._set_import_running(True)
        self.import_summary.setStyleSheet("")
        self.import_summary.setText(self.tr("Checking %1…").replace("%1", path.name))

        def work(progress: Progress) -> ImportResult:
            return _run_core(
                lambda p: import_package(ws, path, accept_signer=accept_signer, progress=p),
                progress,
            )

        self.task = run_task(
            work,
            on_success=self._imported,
            on_error=lambda exc: self._import_failed(path, exc),
            on_progress=self._import_progressed,
            on_cancel=self._import_cancelled,
            parent=self,
        )
        return self.task

    def _import_progressed(self, done: int, total: int, text: str) -> None:
        self._progressed(self.import_progress, done, total)
        names = {
            "decrypting": self.tr("Decrypting"),
            "checking": self.tr("Checking every file against the signed manifest"),
            "checking records": self.tr("Checking every record"),
            "importing": self.tr("Importing"),
        }
        self.import_progress_label.setText(names.get(text, text))

    def _set_import_running(self, running: bool) -> None:
        self.import_progress.setVisible(running)
        self.import_progress_label.setVisible(running)
        self.import_cancel_button.setVisible(running)
        self.choose_file_button.setEnabled(not running)
        if running:
            self.import_progress.setRange(0, 0)

    def _imported(self, result: ImportResult) -> None:
        self.task = None
        self.last_import = result
        self._set_import_running(False)
        self.outcomes_model.set_outcomes(result.outcomes)
        self._show_import_summary()
        self.refresh()
        if result.changed:
            self.ctx.data_changed.emit("all")
        self.ctx.status_message.emit(self.import_summary.text())
        self.import_finished.emit(result)

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self.task = None
        self._set_import_running(False)
        if not isinstance(exc, Refused):
            log.error("import failed", exc_info=exc)
        self._import_error = f"{path.name}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, SignerRefused):
            self.pending_signer = (path, exc)
            self._import_error = ""  # the signer panel says what and why
            self._show_signer_panel()
        self._show_import_summary()
        self.import_finished.emit(exc)

    def _import_cancelled(self) -> None:
        self.task = None
        self._set_import_running(False)
        self.import_summary.setText(self.tr("Import cancelled. Nothing was changed."))
        self.import_finished.emit(None)

    def _show_import_summary(self) -> None:
        if self._import_error:
            self.import_summary.setStyleSheet(f"color: {FAIL};")
            self.import_summary.setText(
                self.tr("The package was refused and nothing was changed.\n%1").replace(
                    "%1", self._import_error
                )
            )
            return
        r = self.last_import
        if r is None:
            if self.pending_signer is not None:
                path, exc = self.pending_signer
                self.import_summary.setStyleSheet(f"color: {FAIL};")
                self.import_summary.setText(
                    self.tr("The package was refused and nothing was changed.\n%1").replace(
                        "%1", f"{path.name} · {exc.device_name or '?'}"
                    )
                )
            else:
                self.import_summary.setText("")
            return
        self.import_summary.setStyleSheet("")
        c = r.counts()
        counts = (
            self.tr("%1 new, %2 updated, %3 unchanged, %4 conflicts, %5 refused")
            .replace("%1", str(c["new"]))
            .replace("%2", str(c["updated"]))
            .replace("%3", str(c["unchanged"]))
            .replace("%4", str(c["conflict"]))
            .replace("%5", str(c["refused"]))
        )
        source = (
            self.tr("from %1 (%2), signed %3")
            .replace("%1", r.source_device or "?")
            .replace("%2", pretty_fingerprint(r.source_fingerprint)[:19] + "…")
            .replace("%3", f"{r.created_at.astimezone():%Y-%m-%d %H:%M}")
        )
        if not r.changed and r.previously_imported_at is not None:
            head = self.tr("Already imported on %1: nothing changed.").replace(
                "%1", f"{r.previously_imported_at.astimezone():%Y-%m-%d %H:%M}"
            )
        elif not r.changed:
            head = self.tr("Nothing new in this package: nothing changed.")
        else:
            head = self.tr("Imported %1.").replace("%1", r.path.name)
        extra = []
        if r.forms_new:
            extra.append(self.tr("%n new form version(s)", "", r.forms_new))
        if r.blobs_new:
            extra.append(self.tr("%n new photo(s)", "", r.blobs_new))
        if r.encrypted:
            extra.append(self.tr("was encrypted"))
        if r.accepted_once:
            extra.append(self.tr("signer accepted once (recorded in the audit trail)"))
        lines = [head, self.tr("Inspections: %1.").replace("%1", counts), source]
        if extra:
            lines.append(", ".join(extra))
        lines += r.warnings
        self.import_summary.setText("\n".join(lines))

    def _show_signer_panel(self) -> None:
        if self.pending_signer is None:
            self.signer_panel.hide()
            return
        _path, exc = self.pending_signer
        state = self.tr("revoked") if exc.status.value == "revoked" else self.tr("not trusted")
        self.signer_text.setText(
            self.tr(
                "This package is signed by %1, a device %2 here (key fingerprint %3). Import it "
                "only if you know where it comes from. To trust this device for good, use "
                "“Trust a device…” with its public key file."
            )
            .replace("%1", exc.device_name or "?")
            .replace("%2", state)
            .replace("%3", pretty_fingerprint(exc.fingerprint))
        )
        self.signer_panel.show()

    def accept_signer_once(self) -> Task | None:
        if self.pending_signer is None:
            return None
        path, exc = self.pending_signer
        return self.import_file(path, accept_signer=exc.fingerprint)

    # drag and drop -------------------------------------------------------------------------------
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).is_file():
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.task is None and self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None or self.task is not None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)

    # conflicts -----------------------------------------------------------------------------------
    def selected_conflict(self) -> ConflictRow | None:
        rows = self.conflicts_table.selectionModel().selectedRows()
        return self.conflicts_model.conflict(rows[0].row()) if rows else None

    def _show_conflict(self) -> None:
        row = self.selected_conflict()
        self.resolve_button.setEnabled(row is not None)
        if row is None:
            self.conflict_detail.setPlainText(
                self.tr("Select a conflict to see what differs.")
                if self.conflicts_model.rowCount()
                else ""
            )
            return
        lines = [row.label, self.tr("Stored (kept) → incoming:"), ""]
        for d in row.differences[:200]:
            lines.append(f"{d.path}:\n    {_value(d.local)}\n  → {_value(d.incoming)}")
        self.conflict_detail.setPlainText("\n".join(lines))

    def resolve_selected_conflict(self) -> None:
        row = self.selected_conflict()
        if row is None:
            return
        resolve(self.ctx.workspace, row.id, why=self.tr("kept the stored data"))
        self.refresh()

    # keys --------------------------------------------------------------------------------------
    def choose_public_key_destination(self) -> QFileDialog:
        name = f"{load_identity(self.ctx.workspace).name}.pub"
        dialog = QFileDialog(
            self,
            self.tr("Save this device's public key"),
            str(Path(QDir.homePath()) / name),
            self.tr("Public key files (*.pub);;All files (*)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda n: self.save_public_key(Path(n)))
        dialog.open()
        return dialog

    def save_public_key(self, path: Path) -> None:
        export_public(self.ctx.workspace, path)
        self.ctx.status_message.emit(self.tr("Wrote %1").replace("%1", str(path)))

    def choose_device_to_trust(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            self.tr("Trust the device of this public key file"),
            "",
            self.tr("Public key files (*.pub *.txt);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda n: self.trust_device(Path(n)))
        dialog.open()
        return dialog

    def trust_device(self, path: Path) -> bool:
        try:
            row = trust_file(self.ctx.workspace, path)
        except Refused as exc:
            self.ctx.status_message.emit(str(exc))
            self.import_summary.setStyleSheet(f"color: {FAIL};")
            self.import_summary.setText(str(exc))
            return False
        self.ctx.status_message.emit(self.tr("Trusted %1").replace("%1", row.name or str(row.id)))
        return True

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Sync"))
        self.export_key_button.setText(self.tr("Export my public key…"))
        self.trust_button.setText(self.tr("Trust a device…"))
        self.tabs.setTabText(0, self.tr("Export"))
        self.tabs.setTabText(1, self.tr("Import"))
        self.export_search.setPlaceholderText(self.tr("Search branch, date, status…"))
        self.select_all_button.setText(self.tr("All"))
        self.select_new_button.setText(self.tr("Not yet exported"))
        self.select_none_button.setText(self.tr("None"))
        self.destination_label.setText(self.tr("Save the package as:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.recipients_label.setText(self.tr("Encrypt to (public key files of head office):"))
        self.add_recipient_button.setText(self.tr("Add key file…"))
        self.remove_recipient_button.setText(self.tr("Remove"))
        self.export_cancel_button.setText(self.tr("Cancel"))
        self.export_again_button.setText(self.tr("Export more…"))
        self.export_progress_label.setText(self.tr("Writing the package…"))
        self.back_button.setText(self.tr("< Back"))
        self.drop_label.setText(
            self.tr(
                "Drop a package file here, or choose one. It is checked in full (signature, "
                "every file's hash, every record) before anything is changed."
            )
        )
        self.choose_file_button.setText(self.tr("Choose package…"))
        self.import_cancel_button.setText(self.tr("Cancel"))
        self.accept_once_button.setText(self.tr("Import this package once"))
        self.resolve_button.setText(self.tr("Keep stored, mark resolved"))
        self.export_model.retranslate()
        self.outcomes_model.retranslate()
        self.conflicts_model.retranslate()
        self._retranslate_steps()
        self._retranslate_counts()
        self._retranslate_recipients_note()
        self._update_device_label()
        self._show_export_summary()
        self._show_import_summary()
        self._show_signer_panel()
        self._show_conflict()

    def _retranslate_steps(self) -> None:
        step = self.steps.currentIndex()
        texts = [
            self.tr("Step 1 of 3: choose the inspections"),
            self.tr("Step 2 of 3: where to save, and who may open it"),
            self.tr("Step 3 of 3: export"),
        ]
        self.step_label.setText(texts[step])
        self.next_button.setText(
            self.tr("Export") if step == self.STEP_DESTINATION else self.tr("Next >")
        )

    def _retranslate_counts(self) -> None:
        total = self.export_model.rowCount()
        chosen = len(self.chosen())
        never = sum(1 for r in self.export_model.rows() if r.exported_at is None)
        self.chosen_label.setText(
            self.tr("%1 of %2 chosen · %3 never exported")
            .replace("%1", str(chosen))
            .replace("%2", str(total))
            .replace("%3", str(never))
        )
        self.conflicts_title.setText(
            self.tr("Recorded conflicts (%n)", "", self.conflicts_model.rowCount())
        )

    def _retranslate_recipients_note(self) -> None:
        if self.recipient_files:
            self.recipients_note.setText(
                self.tr(
                    "The package will be encrypted (age format): only the holders of these keys "
                    "can open it."
                )
            )
        else:
            self.recipients_note.setText(
                self.tr(
                    "No key chosen: the package is signed but not encrypted. Anyone with the "
                    "file can read it."
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
