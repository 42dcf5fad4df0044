"""An inspection's revisions side by side: their steps, and what changed between two of them."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.services import revisions
from bqinspect.ui.audit.dialog import inspection_subject, show_dialog
from bqinspect.ui.audit.models import ChangesModel, StepsModel
from bqinspect.ui.audit.texts import action_name, when
from bqinspect.ui.context import AppContext
from bqinspect.ui.i18n import content_language
from bqinspect.ui.widgets.tables import record_table

DIALOG_SIZE = (1180, 660)
STEPS_HEIGHT = 250


class RevisionsDialog(QDialog):
    """Pick two revisions; the table shows each part changed between them, by whom and why."""

    def __init__(self, ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.subject = inspection_subject(ctx, inspection_id)
        self.past = self._read()
        self.resize(*DIALOG_SIZE)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.steps_title = QLabel()
        self.steps_title.setObjectName("muted")
        self.steps_model = StepsModel(self)
        self.steps_model.set_revisions(list(self.past.revisions))
        self.steps = record_table(self.steps_model)
        self.steps.setMaximumHeight(STEPS_HEIGHT)
        steps_header = self.steps.horizontalHeader()
        steps_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        steps_header.setSectionResizeMode(StepsModel.REASON, QHeaderView.ResizeMode.Stretch)

        self.from_label, self.to_label = QLabel(), QLabel()
        self.first, self.second = QComboBox(), QComboBox()
        for box in (self.first, self.second):
            box.setMinimumContentsLength(28)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        numbers = [r.number for r in self.past.revisions]
        self._fill_pickers()
        if numbers:
            self.first.setCurrentIndex(max(0, len(numbers) - 2))
            self.second.setCurrentIndex(len(numbers) - 1)
        self.first.currentIndexChanged.connect(lambda _i: self.compare())
        self.second.currentIndexChanged.connect(lambda _i: self.compare())
        pickers = QHBoxLayout()
        pickers.addWidget(self.from_label)
        pickers.addWidget(self.first, 1)
        pickers.addWidget(self.to_label)
        pickers.addWidget(self.second, 1)

        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.changes_model = ChangesModel(self)
        self.changes = record_table(self.changes_model)
        self.changes.setWordWrap(True)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (ChangesModel.OLD, ChangesModel.NEW, ChangesModel.REASON):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.steps_title)
        layout.addWidget(self.steps)
        layout.addLayout(pickers)
        layout.addWidget(self.changes, 1)
        layout.addLayout(bottom)
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.second.setFocus()

    def _read(self) -> revisions.History:
        lang = content_language(self.ctx.language)
        return revisions.history(self.ctx.workspace, self.inspection_id, lang)

    def reload(self) -> None:
        """Read the revisions again; the chosen pair stays (the newest when it was)."""
        newest = self.second.currentIndex() == self.second.count() - 1
        self.past = self._read()
        self.steps_model.set_revisions(list(self.past.revisions))
        self._fill_pickers()
        if newest:
            self.second.setCurrentIndex(self.second.count() - 1)
        self.compare()

    def _data_changed(self, entity: str) -> None:
        if entity != "settings":
            self.reload()

    def _fill_pickers(self) -> None:
        for box in (self.first, self.second):
            index = max(0, box.currentIndex())
            box.blockSignals(True)
            box.clear()
            for rev in self.past.revisions:
                step = rev.steps[-1]
                text = f"r{rev.number} · {action_name(step.action)} · {when(step.at)} {step.actor}"
                box.addItem(text, rev.number)
            box.setCurrentIndex(min(index, box.count() - 1))
            box.blockSignals(False)

    def choose(self, first: int, second: int) -> None:
        """Compare revision ``first`` with ``second`` (their numbers)."""
        self.first.setCurrentIndex(self.first.findData(first))
        self.second.setCurrentIndex(self.second.findData(second))
        self.compare()

    def compare(self) -> list[revisions.Change]:
        first, second = self.first.currentData(), self.second.currentData()
        found = self.past.changes(first, second) if first is not None and second else []
        self.changes_model.set_rows(found)
        if first is None or first == second:
            self.summary.setText(self.tr("Choose two different revisions to compare."))
        else:
            self.summary.setText(
                self.tr("%n change(s) between r%1 and r%2", "", len(found))
                .replace("%1", str(min(first, second)))
                .replace("%2", str(max(first, second)))
            )
        return found

    def retranslate(self) -> None:
        title = self.tr("Revisions: %1").replace("%1", self.subject)
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.steps_title.setText(self.tr("Every revision, with who did what, when and why"))
        self.from_label.setText(self.tr("Compare"))
        self.to_label.setText(self.tr("with"))
        self.close_button.setText(self.tr("Close"))
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def open_revisions_dialog(
    ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget | None = None
) -> RevisionsDialog:
    """Show an inspection's revisions and what changed between the last two."""
    dialog = RevisionsDialog(ctx, inspection_id, parent)
    show_dialog(dialog)
    return dialog
