"""The submit dialog: what is still missing (click to jump), signatures, then submit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.forms import Form
from bqinspect.services.inspections import Missing
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.widgets import theme
from bqinspect.ui.widgets.signature import SignaturePad

MISSING_ROLE = Qt.ItemDataRole.UserRole + 1  # the Missing
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the item id

_Index = QModelIndex | QPersistentModelIndex


class MissingListModel(QAbstractListModel):
    """What blocks submission, one row each, in form order."""

    def __init__(self, form: Form, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self.form = form
        self.lang = lang
        self._rows: list[Missing] = []

    def set_missing(self, rows: list[Missing]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def _what(self, missing: Missing) -> str:
        if missing.what == "answer":
            return self.tr("Not answered")
        if missing.what == "checks":
            return self.tr("Not every check is answered")
        if missing.what == "dwell":
            return self.tr("Failed before the dwell time: the fail does not count yet")
        if missing.what == "photo":
            return self.tr("Failed: a photo is required")
        if missing.what == "note":
            return self.tr("Failed: a note is required")
        if missing.what == "reason":
            return self.tr("Points deducted: give the reason (a note)")
        return missing.message

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        missing = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                text = self.form.item(missing.item_id).text.get(self.lang)
            except KeyError:
                text = ""
            return f"{missing.item_id}  {text}  —  {self._what(missing)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(theme.FAIL if missing.what != "answer" else "#111827"))
        if role == MISSING_ROLE:
            return missing
        if role == ITEM_ROLE:
            return missing.item_id
        return None


class SignatureBox(QGroupBox):
    """A name field and a signature pad for one signer."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit(name)
        self.pad = SignaturePad()
        self.pad.setMinimumHeight(110)
        self.pad.setMaximumHeight(200)
        self.clear = QPushButton()
        self.clear.clicked.connect(self.pad.clear)
        self.name_label = QLabel()
        grid = QGridLayout(self)
        grid.addWidget(self.name_label, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.clear, 0, 2)
        grid.addWidget(self.pad, 1, 0, 1, 3)

    def ready(self) -> bool:
        return bool(self.name.text().strip()) and not self.pad.is_empty()

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name"))
        self.clear.setText(self.tr("Clear"))


class SubmitDialog(QDialog):
    """Non-modal. ``jump_requested(item_id)`` when a missing entry is clicked."""

    jump_requested = Signal(str)
    submitted = Signal(object)  # ScoreResult

    def __init__(self, session: EditorSession, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(720)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 14px;")
        self.missing_label = QLabel()
        self.missing_label.setStyleSheet(f"color: {theme.FAIL}; font-weight: 600;")
        self.model = MissingListModel(session.form, lang, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        self.list.clicked.connect(self._jump)
        self.list.activated.connect(self._jump)
        inspectors = session.inspection.inspectors
        self.inspector = SignatureBox(inspectors[0] if inspectors else session.ws.who())
        self.manager_check = QCheckBox()
        self.manager = SignatureBox(session.branch.manager)
        self.manager.setEnabled(False)
        self.manager_check.toggled.connect(self.manager.setEnabled)
        self.manager_check.toggled.connect(self._update)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.FAIL};")
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.submit_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.setObjectName("primary")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button.clicked.connect(self.do_submit)
        self.buttons.rejected.connect(self.reject)
        for box in (self.inspector, self.manager):
            box.pad.changed.connect(self._update)
            box.name.textChanged.connect(self._update)
        signatures = QHBoxLayout()
        signatures.addWidget(self.inspector)
        right = QVBoxLayout()
        right.addWidget(self.manager_check)
        right.addWidget(self.manager)
        signatures.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.list, 1)
        self.ready = QLabel()
        self.ready.setStyleSheet(f"color: {theme.PASS}; font-weight: 600;")
        layout.addWidget(self.ready)
        layout.addLayout(signatures)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        session.refused.connect(self._refused)
        self.recheck()
        self.retranslate()

    def recheck(self) -> None:
        self.model.set_missing(self.session.check())
        self._update()

    def _jump(self, index: QModelIndex) -> None:
        item_id = index.data(ITEM_ROLE)
        if item_id:
            self.jump_requested.emit(str(item_id))
            self.close()

    def can_submit(self) -> bool:
        manager_ok = not self.manager_check.isChecked() or self.manager.ready()
        return self.model.rowCount() == 0 and self.inspector.ready() and manager_ok

    def _update(self) -> None:
        count = self.model.rowCount()
        self.list.setVisible(count > 0)
        self.missing_label.setVisible(count > 0)
        self.ready.setVisible(count == 0)
        self.ready.setText(
            self.tr(
                "✓ Everything required is filled in. Sign below; after submission the "
                "answers are locked."
            )
        )
        self.missing_label.setText(
            self.tr(
                "%n thing(s) must be completed before submission (click one to go to it):",
                "",
                count,
            )
        )
        self.submit_button.setEnabled(self.can_submit())
        self._summarize()

    def _summarize(self) -> None:
        result = self.session.result
        band = self.session.form.grading.band(result.grade)
        text = self.tr("Score %1 · grade %2").replace("%1", f"{result.overall:.1f}")
        text = text.replace("%2", band.label.get(self.lang))
        if result.veto_hits:
            text += " · " + self.tr("veto: %1").replace("%1", ", ".join(result.veto_hits))
        findings = len(self.session.findings)
        text += " · " + self.tr("%n finding(s)", "", findings)
        self.summary.setText(text)

    def signatures(self) -> list[tuple[str, str, bytes]]:
        rows = [("inspector", self.inspector.name.text().strip(), self.inspector.pad.to_png())]
        if self.manager_check.isChecked() and self.manager.ready():
            rows.append(("manager", self.manager.name.text().strip(), self.manager.pad.to_png()))
        return rows

    def do_submit(self) -> bool:
        if not self.can_submit():
            return False
        result = self.session.submit(self.signatures())
        if result is None:
            self.recheck()
            return False
        self.submitted.emit(result)
        self.accept()
        return True

    def _refused(self, where: str, message: str) -> None:
        if where == "submit":
            self.error.setText(message)
            self.error.show()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Submit inspection"))
        self.inspector.setTitle(self.tr("Inspector's signature (required)"))
        self.manager.setTitle(self.tr("Branch manager's signature"))
        self.manager_check.setText(self.tr("The branch manager signs too"))
        self.submit_button.setText(self.tr("Sign and submit"))
        for box in (self.inspector, self.manager):
            box.retranslate()
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
