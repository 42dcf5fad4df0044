"""The redaction dialog of one photo: find faces off the GUI thread, accept, remove, draw, save."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.redaction.boxes import Box, BoxKind
from bqinspect.redaction.detect import Detection
from bqinspect.services import redaction
from bqinspect.store.workspace import Workspace
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.redaction.canvas import Proposal, RedactionCanvas
from bqinspect.ui.tasks import Progress, Task, TaskPool, make_task, start_task
from bqinspect.ui.widgets.thumbnails import PhotoThumb


class RedactionDialog(QDialog):
    """Boxes to hide in the photo's copies that leave the office; ``saved`` after a save."""

    saved = Signal(object)  # services.redaction.Redaction, or None when no box is left

    def __init__(
        self,
        ws: Workspace,
        pool: TaskPool,
        photo_id: uuid.UUID,
        display: bytes | None,
        *,
        editable: bool = True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ws, self.pool, self.photo_id = ws, pool, photo_id
        self.editable = editable
        self.task: Task | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1000, 680)

        self.canvas = RedactionCanvas()
        self.canvas.setEnabled(editable)
        self.canvas.drawn.connect(self.add_box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.boxes = QListWidget()
        self.boxes.itemChanged.connect(self._item_changed)
        self.boxes.currentRowChanged.connect(self._select)
        self.find_button = QPushButton()
        self.find_button.clicked.connect(self.find_faces)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.kind_label = QLabel()
        self.kind = QComboBox()
        for kind in BoxKind:
            self.kind.addItem("", kind)
        self.kind.setCurrentIndex(self.kind.findData(BoxKind.ID_CARD))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.find_button, self.remove_button, self.kind):
            widget.setEnabled(editable)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)

        side = QVBoxLayout()
        side.addWidget(self.find_button)
        kinds = QHBoxLayout()
        kinds.addWidget(self.kind_label)
        kinds.addWidget(self.kind, 1)
        side.addLayout(kinds)
        side.addWidget(self.boxes, 1)
        side.addWidget(self.remove_button)
        side.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(self.canvas, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        if not self.canvas.set_image(display or b""):
            self.status.setText(self.tr("This photo cannot be shown"))
        current = redaction.redaction_of(ws, photo_id)
        for box in current.boxes if current else ():
            self.add_box(box)
        if current is None and editable:
            self.find_faces()  # a photo not redacted yet: propose its faces at once

    # boxes ----------------------------------------------------------------------------------------
    def accepted_boxes(self) -> list[Box]:
        return [p.box for p in self.canvas.proposals if p.accepted]

    def add_box(self, box: Box) -> None:
        self.canvas.proposals.append(Proposal(box))
        item = QListWidgetItem(self._describe(box))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.boxes.addItem(item)
        self.canvas.update()

    def remove_selected(self) -> None:
        row = self.boxes.currentRow()
        if row < 0:
            return
        del self.canvas.proposals[row]
        self.boxes.takeItem(row)
        self.canvas.selected = self.boxes.currentRow()
        self.canvas.update()

    def _describe(self, box: Box) -> str:
        how = self.tr("found") if box.auto else self.tr("drawn")
        return f"{self._kind_name(box.kind)} ({how})"

    def _kind_name(self, kind: BoxKind) -> str:
        names = {
            BoxKind.FACE: self.tr("Face"),
            BoxKind.ID_CARD: self.tr("ID card"),
            BoxKind.SCREEN: self.tr("Screen"),
            BoxKind.DOCUMENT: self.tr("Document"),
            BoxKind.OTHER: self.tr("Other"),
        }
        return names[kind]

    def _item_changed(self, item: QListWidgetItem) -> None:
        row = self.boxes.row(item)
        if 0 <= row < len(self.canvas.proposals):
            accepted = item.checkState() == Qt.CheckState.Checked
            self.canvas.proposals[row].accepted = accepted
            self.canvas.update()

    def _select(self, row: int) -> None:
        self.canvas.selected = row
        self.canvas.update()

    def _kind_changed(self) -> None:
        self.canvas.kind = BoxKind(self.kind.currentData())

    # background work --------------------------------------------------------------------------
    def find_faces(self) -> Task:
        """Run the face detector on the pool; its boxes arrive as accepted proposals."""
        ws, photo_id = self.ws, self.photo_id
        self.find_button.setEnabled(False)
        self.status.setText(self.tr("Looking for faces…"))

        def work(_progress: Progress) -> Detection:
            return redaction.propose_faces(ws, photo_id)

        # no Qt parent: the dialog deletes itself on close while a worker may still be
        # delivering; the runnable keeps the task alive until it has finished
        self.task = make_task(work, on_success=self._found, on_error=self._failed)
        start_task(self.task, self.pool)
        return self.task

    def _found(self, found: Detection) -> None:
        known = [p.box for p in self.canvas.proposals]
        new = [b for b in found.boxes if not any(b.overlap(k) > 0.5 for k in known)]
        for box in new:
            self.add_box(box)
        self.find_button.setEnabled(self.editable)
        self.status.setText(
            self.tr("%n face(s) found; drag on the photo to add a box", "", len(found.boxes))
        )

    def _failed(self, exc: BaseException) -> None:
        self.find_button.setEnabled(self.editable)
        self.status.setText(str(exc))

    def save(self) -> Task:
        """Store the accepted boxes and make the redacted copy on the pool, then close."""
        ws, photo_id, boxes = self.ws, self.photo_id, self.accepted_boxes()
        self.buttons.setEnabled(False)
        self.status.setText(self.tr("Saving the redacted copy…"))

        def work(_progress: Progress) -> redaction.Redaction | None:
            return redaction.redact_photo(ws, photo_id, boxes)

        self.task = make_task(work, on_success=self._saved, on_error=self._save_failed)
        start_task(self.task, self.pool)
        return self.task

    def _saved(self, state: redaction.Redaction | None) -> None:
        self.saved.emit(state)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.status.setText(str(exc))

    # language -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Redact photo"))
        self.find_button.setText(self.tr("Find faces"))
        self.remove_button.setText(self.tr("Remove box"))
        self.kind_label.setText(self.tr("New box:"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, self._kind_name(BoxKind(self.kind.itemData(index))))
        for row, proposal in enumerate(self.canvas.proposals):
            item = self.boxes.item(row)
            if item is not None:
                item.setText(self._describe(proposal.box))
        self.boxes.setToolTip(
            self.tr(
                "Checked boxes are pixelated in every copy that leaves the office: the branch "
                "copy of the notice and packages to branches and inspectors"
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def open_redaction(
    ctx: AppContext,
    photo: PhotoThumb,
    load_display: Callable[[str], bytes | None],
    parent: QWidget | None,
    *,
    editable: bool = True,
) -> RedactionDialog:
    """Open the redaction dialog of ``photo``; a save announces the changed inspection."""
    display = load_display(photo.sha256) or photo.thumbnail
    dialog = RedactionDialog(
        ctx.workspace, ctx.pool, photo.photo_id, display, editable=editable, parent=parent
    )
    dialog.saved.connect(lambda _state: ctx.data_changed.emit(changes.INSPECTION))
    dialog.open()
    return dialog
