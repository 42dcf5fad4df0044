"""Rectifications page: findings across inspections, filters, and the finding lifecycle."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.domain.forms import SEVERITY_ORDER
from bqinspect.domain.lifecycle import FindingStatus
from bqinspect.services import rectification as rect
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.labels import FINDING_STATUS, SEVERITY, label
from bqinspect.ui.models.findings import (
    ANY,
    FINDING_ROLE,
    NOT_CLOSED,
    FindingsFilter,
    FindingsModel,
    SeverityChipDelegate,
)
from bqinspect.ui.pages.finding_detail import FindingDetail
from bqinspect.ui.pages.ledger_dialog import LedgerDialog
from bqinspect.ui.widgets.tables import record_table

log = logging.getLogger(__name__)

SETTINGS_GROUP = "rectifications"


class RectificationsPage(QWidget):
    """The tracker: a filtered table of findings beside the selected finding's detail."""

    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = clock.today()

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for code in (NOT_CLOSED, ANY, *[s.value for s in FindingStatus]):
            self.status.addItem("", code)
        self.severity = QComboBox()
        for code in (ANY, *[s.value for s in SEVERITY_ORDER]):
            self.severity.addItem("", code)
        self.branch = QComboBox()
        self.branch.addItem("", ANY)
        self.branch.setMinimumContentsLength(14)
        self.branch.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overdue_only = QCheckBox()
        self.ledger_button = QPushButton()
        self.ledger_button.clicked.connect(self.open_ledger)

        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_table(self.proxy)
        self.table.setItemDelegateForColumn(FindingsModel.SEVERITY_, SeverityChipDelegate(self))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FindingsModel.DUE, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            FindingsModel.SEVERITY_, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(FindingsModel.DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FindingsModel.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FindingsModel.REQUIREMENT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (FindingsModel.BRANCH, 140),
            (FindingsModel.ITEM, 190),
            (FindingsModel.RESPONSIBLE, 80),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())

        self.detail = FindingDetail(ctx)
        self.detail.changed.connect(self._finding_changed)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.detail)
        scroll.setMinimumWidth(360)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status)
        filters.addWidget(self.severity)
        filters.addWidget(self.branch)
        filters.addWidget(self.overdue_only)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        head.addWidget(self.ledger_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self.retranslate()
        self._restore_filters()
        self.status.currentIndexChanged.connect(self._filters_changed)
        self.severity.currentIndexChanged.connect(self._filters_changed)
        self.branch.currentIndexChanged.connect(self._filters_changed)
        self.overdue_only.toggled.connect(self._filters_changed)
        self.search.textChanged.connect(self._filters_changed)
        self.reloader = changes.Reloader(
            ctx, self, (changes.FINDING, changes.INSPECTION, changes.BRANCH), self._data_changed
        )
        self.refresh()

    # data --------------------------------------------------------------------------------------
    def refresh(self, select: uuid.UUID | None = None) -> None:
        chosen = self.selected()
        keep = select or (chosen.id if chosen else None)
        self.today = clock.today()
        rows = rect.list_findings(self.ctx.workspace, today=self.today)
        self.model.set_rows(rows, self.today)
        self._fill_branches(rows)
        if keep is None or not self.select(keep):
            self._select_first()
        self._show_selected()
        self._update_counts()
        self.refreshed.emit()

    def _data_changed(self, _changed: frozenset[str]) -> None:
        with changes.kept_scroll(self.table):
            self.refresh()

    def _finding_changed(self, finding_id: uuid.UUID) -> None:
        self.refresh(select=finding_id)
        self.ctx.data_changed.emit(changes.FINDING)

    def _fill_branches(self, rows: list[rect.FindingRow]) -> None:
        current = self.branch.currentData() or self.proxy.branch
        branches = sorted({(r.branch_code, r.branch_name) for r in rows})
        self.branch.blockSignals(True)
        while self.branch.count() > 1:
            self.branch.removeItem(1)
        for code, name in branches:
            self.branch.addItem(f"{code} {name}", code)
        index = self.branch.findData(current)
        self.branch.setCurrentIndex(index if index >= 0 else 0)
        self.branch.blockSignals(False)
        if index < 0 and self.proxy.branch:
            self._filters_changed()

    def select(self, finding_id: uuid.UUID) -> bool:
        row = self.model.row_of(finding_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)

    def selected(self) -> rect.FindingRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].data(FINDING_ROLE)
        return row if isinstance(row, rect.FindingRow) else None

    def _show_selected(self) -> None:
        self.detail.show_finding(self.selected(), self.today)

    def _update_counts(self) -> None:
        shown = self.proxy.rowCount()
        overdue = sum(1 for r in self.model.rows() if rect.is_overdue(r, self.today))
        self.count_label.setText(
            self.tr("%1 of %2 findings shown · %3 overdue")
            .replace("%1", str(shown))
            .replace("%2", str(self.model.rowCount()))
            .replace("%3", str(overdue))
        )

    # filters -----------------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        self.proxy.set_filters(
            status=str(self.status.currentData()),
            severity=str(self.severity.currentData()),
            branch=str(self.branch.currentData() or ""),
            overdue_only=self.overdue_only.isChecked(),
            text=self.search.text(),
        )
        self._save_filters()
        if self.selected() is None:
            self.detail.show_finding(None)
        self._update_counts()

    def set_filters(
        self,
        *,
        status: str | None = None,
        severity: str | None = None,
        branch: str | None = None,
        overdue_only: bool | None = None,
    ) -> None:
        """Set the filter widgets (as a user would), e.g. from another page."""
        for box, value in ((self.status, status), (self.severity, severity)):
            if value is not None:
                box.setCurrentIndex(max(0, box.findData(value)))
        if branch is not None:
            self.branch.setCurrentIndex(max(0, self.branch.findData(branch)))
            if branch and self.branch.findData(branch) < 0:
                self.proxy.set_filters(branch=branch)
        if overdue_only is not None:
            self.overdue_only.setChecked(overdue_only)

    def _save_filters(self) -> None:
        settings = self.ctx.settings
        settings.beginGroup(SETTINGS_GROUP)
        settings.setValue("status", self.status.currentData())
        settings.setValue("severity", self.severity.currentData())
        settings.setValue("branch", self.branch.currentData() or "")
        settings.setValue("overdue_only", self.overdue_only.isChecked())
        settings.endGroup()

    def _restore_filters(self) -> None:
        settings = self.ctx.settings
        settings.beginGroup(SETTINGS_GROUP)
        status = str(settings.value("status", NOT_CLOSED))
        severity = str(settings.value("severity", ANY))
        branch = str(settings.value("branch", ANY))
        overdue = str(settings.value("overdue_only", "false")).lower() == "true"
        settings.endGroup()
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.severity.setCurrentIndex(max(0, self.severity.findData(severity)))
        self.overdue_only.setChecked(overdue)
        self.proxy.set_filters(
            status=str(self.status.currentData()),
            severity=str(self.severity.currentData()),
            branch=branch,
            overdue_only=overdue,
        )

    # language ----------------------------------------------------------------------------------
    def open_ledger(self) -> LedgerDialog:
        """The supervision ledger's export, for a period and region."""
        dialog = LedgerDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.title.setText(self.tr("Rectifications"))
        self.ledger_button.setText(self.tr("Supervision ledger…"))
        self.search.setPlaceholderText(self.tr("Search branch, item, requirement, responsible…"))
        for i in range(self.status.count()):
            code = str(self.status.itemData(i))
            text = {NOT_CLOSED: self.tr("Not closed"), ANY: self.tr("All statuses")}.get(code)
            self.status.setItemText(i, text or label(FINDING_STATUS, code))
        for i in range(self.severity.count()):
            code = str(self.severity.itemData(i))
            self.severity.setItemText(
                i, self.tr("All severities") if code == ANY else label(SEVERITY, code)
            )
        self.branch.setItemText(0, self.tr("All branches"))
        self.overdue_only.setText(self.tr("Overdue only"))
        self.model.retranslate()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
