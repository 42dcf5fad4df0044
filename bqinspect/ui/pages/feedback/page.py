"""The feedback page: the filtered register beside the selected item's detail; new items."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.domain.ownership import Part, may_change
from bqinspect.services.branches import list_branches
from bqinspect.services.feedback_view import FeedbackFilter, FeedbackView, list_feedback
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.labels import label
from bqinspect.ui.pages.feedback.add_dialog import NewFeedbackDialog
from bqinspect.ui.pages.feedback.detail import FeedbackDetail
from bqinspect.ui.pages.feedback.labels import CATEGORY, CHANNEL, FEEDBACK_STATUS
from bqinspect.ui.pages.feedback.model import FEEDBACK_ROLE, FeedbackModel
from bqinspect.ui.widgets.tables import record_table

ANY = ""


class FeedbackPage(QWidget):
    """The customer feedback register, filtered by channel, category, branch, status and
    overdue, beside the selected item's detail; new items through a dialog."""

    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        ws = ctx.workspace
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_feedback)
        self.channel = self._combo(CHANNEL)
        self.category = self._combo(CATEGORY)
        self.status = self._combo(FEEDBACK_STATUS)
        self.branch = QComboBox()
        self.branch.addItem("", ANY)
        self.branch.setMinimumContentsLength(12)
        self.branch.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overdue_only = QCheckBox()
        self._dialog: NewFeedbackDialog | None = None

        self.model = FeedbackModel(ws.zone(), self)
        self.table = record_table(self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FeedbackModel.CONTENT, QHeaderView.ResizeMode.Stretch)
        for column in (
            FeedbackModel.RECEIVED,
            FeedbackModel.CHANNEL_,
            FeedbackModel.CATEGORY_,
            FeedbackModel.STATUS,
            FeedbackModel.DUE,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(FeedbackModel.BRANCH, 100)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())

        self.detail = FeedbackDetail(ws)
        self.detail.changed.connect(self._item_changed)
        self.detail.finding_opened.connect(lambda _id: ctx.data_changed.emit(changes.FINDING))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.detail)
        scroll.setMinimumWidth(360)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([840, 440])

        filters = QHBoxLayout()
        for box in (self.channel, self.category, self.branch, self.status):
            filters.addWidget(box)
            box.currentIndexChanged.connect(lambda *_: self.refresh())
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        self.overdue_only.toggled.connect(lambda *_: self.refresh())
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        head.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self.retranslate()
        self.reloader = changes.Reloader(
            ctx, self, (changes.FINDING, changes.BRANCH, changes.SETTINGS), self._data_changed
        )
        self.refresh()

    def _combo(self, table: dict[str, object]) -> QComboBox:
        box = QComboBox()
        box.addItem("", ANY)
        for code in table:
            box.addItem("", code)
        return box

    # data --------------------------------------------------------------------------------------
    def current_filter(self) -> FeedbackFilter:
        return FeedbackFilter(
            channel=str(self.channel.currentData() or ""),
            category=str(self.category.currentData() or ""),
            branch=str(self.branch.currentData() or ""),
            status=str(self.status.currentData() or ""),
            overdue_only=self.overdue_only.isChecked(),
        )

    def refresh(self, select: uuid.UUID | None = None) -> None:
        keep = select or self.detail.shown_id()
        ws = self.ctx.workspace
        self._fill_branches()
        rows = list_feedback(ws, self.current_filter(), clock.today())
        self.model.set_rows(rows)
        if (keep is None or not self.select(keep)) and self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._show_selected()
        overdue = sum(1 for r in rows if r.overdue)
        self.count_label.setText(
            self.tr("%1 shown · %2 overdue")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue))
        )
        self.new_button.setEnabled(may_change(ws.role(), Part.FEEDBACK))
        self.refreshed.emit()

    def _fill_branches(self) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        while self.branch.count() > 1:
            self.branch.removeItem(1)
        for row in list_branches(self.ctx.workspace):
            self.branch.addItem(f"{row.code} {row.name}", row.code)
        self.branch.setCurrentIndex(max(0, self.branch.findData(current)))
        self.branch.blockSignals(False)

    def _data_changed(self, _changed: frozenset[str]) -> None:
        with changes.kept_scroll(self.table):
            self.refresh()

    def _item_changed(self, feedback_id: uuid.UUID) -> None:
        self.refresh(select=feedback_id)

    def select(self, feedback_id: uuid.UUID) -> bool:
        row = self.model.row_of(feedback_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected(self) -> FeedbackView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].data(FEEDBACK_ROLE)
        return row if isinstance(row, FeedbackView) else None

    def _show_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.id != self.detail.shown_id():
            self.detail.show_item(chosen)

    def new_feedback(self) -> NewFeedbackDialog:
        dialog = NewFeedbackDialog(self.ctx.workspace, self)
        dialog.created.connect(lambda new_id: self.refresh(select=new_id))
        self._dialog = dialog
        dialog.open()
        return dialog

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Customer feedback"))
        self.new_button.setText(self.tr("New feedback…"))
        for box, table, any_text in (
            (self.channel, CHANNEL, self.tr("All channels")),
            (self.category, CATEGORY, self.tr("All categories")),
            (self.status, FEEDBACK_STATUS, self.tr("All statuses")),
        ):
            box.setItemText(0, any_text)
            for i in range(1, box.count()):
                box.setItemText(i, label(table, str(box.itemData(i))))
        self.branch.setItemText(0, self.tr("All branches"))
        self.overdue_only.setText(self.tr("Overdue only"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
