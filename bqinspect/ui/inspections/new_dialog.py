"""The new-inspection dialog: branch, form, kind, inspectors, visit time (shopper alias)."""

from __future__ import annotations

import logging
import re
import uuid

from PySide6.QtCore import QDateTime, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.services import branches, catalog, inspections
from bqinspect.store.workspace import Workspace
from bqinspect.ui.i18n import content_language
from bqinspect.ui.labels import kind_label

log = logging.getLogger(__name__)

_SPLIT = re.compile(r"[,，、;；]+")


def split_names(text: str) -> list[str]:
    return [n.strip() for n in _SPLIT.split(text) if n.strip()]


class NewInspectionDialog(QDialog):
    """Open with ``open()``; ``created`` carries the new inspection's id."""

    created = Signal(object)  # uuid.UUID

    def __init__(self, ws: Workspace, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.lang = lang
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)

        self.branch = QComboBox()
        self.branch.setEditable(True)
        self.branch.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for row in branches.list_branches(ws, include_inactive=False):
            self.branch.addItem(f"{row.code}  {row.name}", row.id)
        completer = self.branch.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.form = QComboBox()
        for fv in catalog.latest_versions(ws):
            title = fv.title_zh if content_language(lang) == "zh" else fv.title_en
            self.form.addItem(f"{title}  (v{fv.version})", fv.id)
            self.form.setItemData(self.form.count() - 1, fv.kind, Qt.ItemDataRole.UserRole + 1)
        self.kind = QLabel()
        self.inspectors = QLineEdit(str(ws.setting("inspector_name") or ws.who() or ""))
        self.visit = QDateTimeEdit(QDateTime(clock.local_now().replace(tzinfo=None)))
        self.visit.setCalendarPopup(True)
        self.visit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.alias = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)

        self.layout_ = QFormLayout()
        self.labels = [QLabel() for _ in range(6)]
        for label, field in zip(
            self.labels,
            [self.branch, self.form, self.kind, self.inspectors, self.visit, self.alias],
            strict=True,
        ):
            label.setBuddy(field)
            self.layout_.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.layout_)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.form.currentIndexChanged.connect(self._form_changed)
        self.retranslate()
        self._form_changed()
        self._check_ready()

    def _selected_kind(self) -> str:
        return str(self.form.currentData(Qt.ItemDataRole.UserRole + 1) or "")

    def _form_changed(self) -> None:
        kind = self._selected_kind()
        self.kind.setText(kind_label(kind))
        mystery = kind == "mystery"
        self.layout_.setRowVisible(5, mystery)

    def _check_ready(self) -> None:
        ok = self.branch.count() > 0 and self.form.count() > 0
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if button is not None:
            button.setEnabled(ok)
        if not ok:
            self._show_error(
                self.tr("Add a branch first (Branches page).")
                if self.branch.count() == 0
                else self.tr("Install a checklist form first (Forms page).")
            )

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def selected_branch(self) -> uuid.UUID | None:
        text = self.branch.currentText().strip()
        index = self.branch.findText(text)
        if index < 0:
            code = text.split()[0] if text else ""
            index = next(
                (
                    i
                    for i in range(self.branch.count())
                    if self.branch.itemText(i).split()[0] == code
                ),
                -1,
            )
        return self.branch.itemData(index) if index >= 0 else None

    def _create(self) -> None:
        branch_id = self.selected_branch()
        form_id = self.form.currentData()
        if branch_id is None:
            self._show_error(self.tr("Choose a branch from the list."))
            return
        names = split_names(self.inspectors.text())
        if not names:
            self._show_error(self.tr("Enter at least one inspector."))
            return
        visit = self.visit.dateTime().toPython().astimezone()
        try:
            insp = inspections.start_inspection(
                self.ws,
                branch_id,
                form_id,
                inspectors=names,
                visit_start=visit,
                shopper_alias=self.alias.text().strip()
                if self._selected_kind() == "mystery"
                else "",
            )
        except Refused as exc:
            self._show_error(str(exc))
            return
        log.info("started inspection %s", insp.id)
        self.created.emit(insp.id)
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New inspection"))
        texts = [
            self.tr("&Branch"),
            self.tr("&Form"),
            self.tr("Kind"),
            self.tr("&Inspectors"),
            self.tr("&Visit time"),
            self.tr("Shopper &alias"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.inspectors.setPlaceholderText(self.tr("Names, separated by commas"))
        self.alias.setPlaceholderText(self.tr("Shown only in the head-office copy"))
        self.kind.setText(kind_label(self._selected_kind()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
