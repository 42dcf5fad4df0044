"""The inspection editor: section list, item cards, find, photos, stopwatch, submit, review."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.forms import Section
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.editor import keys
from bqinspect.ui.editor.banner import StatusBanner
from bqinspect.ui.editor.card import ItemCard
from bqinspect.ui.editor.find import FindBar
from bqinspect.ui.editor.header import EditorHeader
from bqinspect.ui.editor.jump import step
from bqinspect.ui.editor.mode import EditorMode
from bqinspect.ui.editor.photos import PhotoIntake
from bqinspect.ui.editor.review import ReviewActions
from bqinspect.ui.editor.review_panel import ReviewPanel
from bqinspect.ui.editor.section_page import SectionPage
from bqinspect.ui.editor.sections import SECTION_ROLE, SectionDelegate, SectionListModel
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.editor.stopwatch import StopwatchPanel
from bqinspect.ui.editor.submit import SubmitDialog
from bqinspect.ui.i18n import content_language
from bqinspect.ui.redaction.dialog import open_redaction
from bqinspect.ui.reports import ReportRunner, ReportTarget
from bqinspect.ui.tasks import Task, keep_long_lived
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.signature import SignatureDialog
from bqinspect.ui.widgets.viewer import PhotoViewer

log = logging.getLogger(__name__)


class InspectionEditor(QWidget):
    """Edit (or view, once submitted) one inspection; every edit is committed at once."""

    closed = Signal()

    def __init__(self, ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lang = content_language(ctx.language)
        self.session = EditorSession(ctx.workspace, inspection_id, self)
        self.cards: dict[str, ItemCard] = {}
        self._card_states: dict[str, tuple[bool, bool]] = {}  # (visible, failed) last shown
        self.pages: dict[str, SectionPage] = {}
        self.current: ItemCard | None = None
        self.submit_dialog: SubmitDialog | None = None
        self.viewer: PhotoViewer | None = None
        self.intake = PhotoIntake(self.session, ctx.pool, self)
        self.intake.finished.connect(self._photos_done)
        self.reports = ReportRunner(ctx.workspace, ctx.pool, self)
        self.reports.tell_user(ctx, self)

        self.header = EditorHeader(self.session, self.lang, self)
        self.header.back.connect(self.close_editor)
        self.header.submit.connect(self.open_submit)
        self.header.report.connect(self.make_report)
        self.review = ReviewActions(ctx, self.session, self.lang, self)
        self.header.amend.connect(self.review.amend)
        self.header.end_amend.connect(self.review.end_amend)
        self.header.approve.connect(self.review.approve)
        self.header.return_.connect(self.review.return_)
        self.header.reopen.connect(self.review.reopen)

        self.section_model = SectionListModel(self.session.form, self.lang, self)
        self.sections = QListView()
        self.sections.setModel(self.section_model)
        self.sections.setItemDelegate(SectionDelegate(self.sections))
        self.sections.setFixedWidth(236)
        self.sections.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.sections.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.sections.clicked.connect(self._section_clicked)

        self.find_bar = FindBar(self.session.form, self.lang)
        self.find_bar.hide()
        self.find_bar.found.connect(self._found)
        self.find_bar.closed.connect(self._close_find)
        self.banner = StatusBanner()
        self.stack = QStackedWidget()
        center = QVBoxLayout()
        center.setContentsMargins(0, 0, 0, 0)
        center.addWidget(self.find_bar)
        center.addWidget(self.banner)
        center.addWidget(self.stack, 1)

        self.stopwatch: StopwatchPanel | None = None
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sections)
        body.addLayout(center, 1)
        self.review_panel = ReviewPanel(self.session, self.lang)
        self.side: QTabWidget | None = None  # the stopwatch and the review, as tabs
        if self.session.form.checkpoints:
            self.stopwatch = StopwatchPanel(self.session, self.lang)
            self.side = QTabWidget()
            self.side.setFixedWidth(300)
            self.side.addTab(self.stopwatch, "")
            self.side.addTab(self.review_panel, "")
            body.addWidget(self.side)
        else:
            self.review_panel.setFixedWidth(300)
            body.addWidget(self.review_panel)

        self.legend = QLabel()
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d5dbe3;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(line)
        layout.addLayout(body, 1)
        layout.addWidget(self.legend)
        self.legend.setContentsMargins(12, 4, 12, 4)

        self._actions()
        s = self.session
        s.answers_changed.connect(self._answers_changed)
        s.score_changed.connect(self._score_changed)
        s.findings_changed.connect(self._findings_changed)
        s.photos_changed.connect(self._photos_changed)
        s.saved.connect(self.header.saved.mark_saved)
        s.pending.connect(self.header.saved.mark_pending)
        s.saved.connect(lambda _at: self.ctx.data_changed.emit(changes.INSPECTION))
        s.refused.connect(self._refused)
        s.status_changed.connect(self._status_changed)
        s.comments_changed.connect(self._comments_changed)
        s.revision_changed.connect(self._revision_changed)
        s.commented.connect(lambda: ctx.data_changed.emit("inspection"))
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        ctx.language_changed.connect(self.set_language)
        ctx.data_changed.connect(self._data_changed)

        self.retranslate()
        self._score_changed()
        self._status_changed()
        self.show_section(self.session.form.sections[0].id)

    # building -----------------------------------------------------------------------------------
    def _actions(self) -> None:
        def action(seq: list[QKeySequence], slot: object) -> QAction:
            act = QAction(self)
            act.setShortcuts(seq)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.find_action = action([QKeySequence(QKeySequence.StandardKey.Find)], self.open_find)
        self.note_action = action(
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], self.toggle_note
        )
        self.photo_action = action([QKeySequence("Ctrl+Shift+P")], self.add_photos_dialog)
        self.paste_action = action([QKeySequence(QKeySequence.StandardKey.Paste)], self.paste_photo)
        self.submit_action = action([QKeySequence("Ctrl+Shift+S")], self.open_submit)
        self.next_failed_action = action(
            [QKeySequence(keys.NEXT_FAILED)], lambda: self.jump_failed(1)
        )
        self.previous_failed_action = action(
            [QKeySequence(keys.PREVIOUS_FAILED)], lambda: self.jump_failed(-1)
        )
        self.next_commented_action = action(
            [QKeySequence(keys.NEXT_COMMENTED)], lambda: self.jump_commented(1)
        )
        self.previous_commented_action = action(
            [QKeySequence(keys.PREVIOUS_COMMENTED)], lambda: self.jump_commented(-1)
        )
        self.comment_action = action([QKeySequence(keys.COMMENT)], self.comment_current)
        self.review_panel.jump.connect(self._panel_jump)

    def page_for(self, section_id: str) -> SectionPage:
        page = self.pages.get(section_id)
        if page is None:
            section = next(s for s in self.session.form.sections if s.id == section_id)
            page = SectionPage(section, self.lang, self.stack)
            for item in section.items:
                card = ItemCard(item, self.session, self.lang, page.container)
                card.navigate.connect(lambda delta, c=card: self.navigate(c, delta))
                card.photos_dropped.connect(self.add_photo_files)
                card.image_dropped.connect(self.add_image)
                card.view_photo.connect(self.view_photo)
                card.sign_requested.connect(self.sign_item)
                page.add_card(card)
                self.cards[item.id] = card
            page.finish()
            self.pages[section_id] = page
            self.stack.addWidget(page)
            keep_long_lived()  # the cards stay: no full collection walks them on a key
        return page

    # navigation ---------------------------------------------------------------------------------
    def show_section(self, section_id: str, *, focus_first: bool = False) -> SectionPage:
        page = self.page_for(section_id)
        self.stack.setCurrentWidget(page)
        row = self.section_model.row_of(section_id)
        selection = self.sections.selectionModel()
        index = self.section_model.index(row, 0)
        if selection.currentIndex() != index:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if focus_first:
            visible = [i.id for i in page.section.items if self.session.visible(i.id)]
            if visible:
                self.focus_item(visible[0])
        return page

    def _section_clicked(self, index: QModelIndex) -> None:
        section = index.data(SECTION_ROLE)
        if isinstance(section, Section):
            self.show_section(section.id, focus_first=True)

    def focus_item(self, item_id: str) -> ItemCard | None:
        """Show the item's section, focus its card and scroll to it."""
        try:
            section = self.session.form.section_of(item_id)
        except KeyError:
            return None
        page = self.show_section(section.id)
        card = self.cards[item_id]
        if not self.session.visible(item_id):
            self.ctx.status_message.emit(
                self.tr("%1 is hidden by an earlier answer").replace("%1", item_id)
            )
            return None
        card.focus_card()
        self._set_current(card)
        page.container.layout().activate()
        page.ensureWidgetVisible(card, 0, 24)
        return card

    def first_open_item(self) -> str | None:
        """Where to resume: the first visible item without an answer."""
        for item_id in self.session.visible_items():
            if item_id not in self.session.answers or (
                self.session.value(item_id) is None and not self.session.is_na(item_id)
            ):
                return item_id
        visible = self.session.visible_items()
        return visible[0] if visible else None

    def resume(self) -> None:
        target = self.first_open_item()
        if target is not None:
            self.focus_item(target)

    def navigate(self, card: ItemCard, delta: int) -> None:
        ids = self.session.visible_items()
        if card.item_id not in ids:
            return
        position = ids.index(card.item_id) + delta
        if 0 <= position < len(ids):
            self.focus_item(ids[position])
        elif position >= len(ids):
            self.ctx.status_message.emit(
                self.tr("Last item. Ctrl+Shift+S checks and submits the inspection.")
            )

    def jump_failed(self, delta: int) -> ItemCard | None:
        """F8 / Shift+F8: the next or previous failed item (wrapping)."""
        s = self.session
        ids = s.visible_items()
        target = step(ids, {i for i in ids if s.failed(i)}, self._current_id(), delta)
        return self._jump(target, self.tr("No item has failed"))

    def jump_commented(self, delta: int) -> ItemCard | None:
        """F9 / Shift+F9: the next or previous item with a comment (wrapping)."""
        ids = self.session.visible_items()
        wanted = {i for i in ids if self.session.comments_on(i)}
        target = step(ids, wanted, self._current_id(), delta)
        return self._jump(target, self.tr("No item has a comment"))

    def _current_id(self) -> str | None:
        return self.current.item_id if self.current is not None else None

    def _jump(self, item_id: str | None, none_text: str) -> ItemCard | None:
        if item_id is None:
            self.ctx.status_message.emit(none_text)
            return None
        return self.focus_item(item_id)

    def _panel_jump(self, kind: str, delta: int) -> None:
        if kind == "failed":
            self.jump_failed(delta)
        else:
            self.jump_commented(delta)

    def comment_current(self) -> None:
        if self.current is not None:
            self.current.open_comment()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        widget = new
        while widget is not None and not isinstance(widget, ItemCard):
            widget = widget.parentWidget()
        if isinstance(widget, ItemCard) and widget.session is self.session:
            self._set_current(widget)
            section = self.session.form.section_of(widget.item_id)
            if self.stack.currentWidget() is self.pages.get(section.id):
                row = self.section_model.row_of(section.id)
                index = self.section_model.index(row, 0)
                if self.sections.currentIndex() != index:
                    self.sections.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    )

    def _set_current(self, card: ItemCard) -> None:
        if self.current is card:
            return
        self.session.store_typed()  # an amendment's typed text, once the user moves on
        if self.current is not None:
            self.current.set_current(False)
        self.current = card
        card.set_current(True)

    # find -----------------------------------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.selectAll()

    def _found(self, item_id: str) -> None:
        self.find_bar.hide()
        self.focus_item(item_id)

    def _close_find(self) -> None:
        self.find_bar.hide()
        if self.current is not None:
            self.current.focus_card()

    # notes, photos --------------------------------------------------------------------------------
    def toggle_note(self) -> None:
        if self.current is not None and not self.session.read_only:
            self.current.toggle_note()

    def _photo_target(self) -> str | None:
        return self.current.item_id if self.current is not None else None

    def add_photos_dialog(self) -> None:
        if self.session.read_only:
            return
        item_id = self._photo_target()
        self._picker = dialogs.pick_photo_files(
            self, lambda paths: self.add_photo_files(item_id or "", paths)
        )

    def add_photo_files(self, item_id: str, paths: list[Path]) -> None:
        if paths and not self.session.read_only:
            self.intake.add_files(item_id or None, list(paths), self)

    def add_image(self, item_id: str, image: QImage) -> None:
        if not self.session.read_only:
            self.intake.add_image(item_id or None, image)

    def paste_photo(self) -> None:
        if self.session.read_only:
            return
        mime = QGuiApplication.clipboard().mimeData()
        item_id = self._photo_target() or ""
        if mime is None:
            return
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if files:
            self.add_photo_files(item_id, files)
        elif mime.hasImage():
            self.add_image(item_id, QImage(mime.imageData()))
        else:
            self.ctx.status_message.emit(self.tr("The clipboard holds no image"))

    def _photos_done(self, item_id: str, count: int, problems: list[str]) -> None:
        if count:
            self.ctx.status_message.emit(self.tr("%n photo(s) added", "", count))
        if problems:
            card = self.cards.get(item_id)
            if card is not None:
                card.show_problem("\n".join(problems))
            dialogs.inform(self, self.tr("Some files were not added"), "\n".join(problems[:10]))

    def view_photo(self, item_id: str, row: int) -> None:
        photos = self.session.photo_thumbs(item_id)
        self.viewer = PhotoViewer(
            photos,
            row,
            self.session.display_image,
            editable=not self.session.read_only,
            markable=True,
            parent=self,
        )
        self.viewer.marks_edited.connect(self.session.set_photo_marks)
        self.viewer.caption_edited.connect(self.session.set_caption)
        self.viewer.remove_requested.connect(self.session.remove_photo)
        self.viewer.redact_requested.connect(
            lambda thumb: open_redaction(self.ctx, thumb, self.session.display_image, self.viewer)
        )
        self.viewer.show()

    def sign_item(self, item_id: str) -> None:
        dialog = SignatureDialog(self.tr("Signature"), self)
        dialog.signed.connect(lambda png: self.intake.add_png(item_id, png, "signature.png"))
        dialog.open()

    # session signals ----------------------------------------------------------------------------
    @contextmanager
    def _sections_laid_out_after(self) -> Iterator[None]:
        """Cards shown, hidden, grown or shrunk in the block are laid out once, after it: a
        widget shown (a card's finding, its reasons, its note) lays out all its ancestors
        there and then, each time, unless their layouts wait."""
        held = [page.layout_ for page in self.pages.values() if page.layout_.isEnabled()]
        for layout in held:
            layout.setEnabled(False)
        try:
            yield
        finally:
            for layout in held:
                layout.setEnabled(True)  # the layout request already posted lays them out

    def _answers_changed(self, item_ids: list[str]) -> None:
        items = self.session.result.items
        with self._sections_laid_out_after():
            for item_id in item_ids:
                card = self.cards.get(item_id)
                if card is not None:
                    card.refresh()  # its state too: the score's refresh need not touch it again
                    self._card_states[item_id] = (items[item_id].visible, items[item_id].failed)

    def _score_changed(self) -> None:
        self.header.show_score()
        self.review_panel.refresh_score()
        self.section_model.update_scores(self.session.result)
        items = self.session.result.items
        with self._sections_laid_out_after():
            for item_id, card in self.cards.items():
                state = (items[item_id].visible, items[item_id].failed)
                if self._card_states.get(item_id) != state:
                    self._card_states[item_id] = state
                    card.refresh_state()

    def _findings_changed(self, item_ids: list[str]) -> None:
        with self._sections_laid_out_after():
            for item_id in item_ids:
                card = self.cards.get(item_id)
                if card is not None:
                    card.refresh_finding()

    def _data_changed(self, entity: str) -> None:
        """The installation's role is a setting: the mode follows it."""
        if entity in (changes.SETTINGS, changes.ALL) and self.session.refresh_role():
            self._status_changed()

    def _photos_changed(self, item_id: str | None) -> None:
        card = self.cards.get(item_id or "")
        if card is not None:
            card.refresh_photos()

    def _refused(self, where: str, message: str) -> None:
        card = self.cards.get(where)
        if card is not None:
            card.show_problem(message)
        self.ctx.status_message.emit(message)

    def _comments_changed(self, item_id: str) -> None:
        card = self.cards.get(item_id)
        if card is not None:
            card.refresh_comments()

    def _revision_changed(self) -> None:
        self.banner.show_for(self.session)
        self.header.update_state()
        self.review_panel.refresh()

    def _status_changed(self) -> None:
        s = self.session
        self.banner.show_for(s)
        for card in self.cards.values():
            card.refresh()
        if self.stopwatch is not None:
            self.stopwatch.refresh()
        self.header.update_state()
        self.review_panel.refresh()
        reviewing = s.mode in (EditorMode.REVIEW, EditorMode.VIEW)
        self.legend.setText(keys.legend(s.is_mystery, review=reviewing))
        shown = reviewing or s.inspection.submitted_at is not None or bool(s.comments)
        if self.side is not None:
            self.side.setTabVisible(1, shown)
            self.side.tabBar().setVisible(shown)
            self.side.setCurrentIndex(1 if reviewing else 0)
        else:
            self.review_panel.setVisible(shown)

    # submit, report -----------------------------------------------------------------------------
    def open_submit(self) -> SubmitDialog | None:
        if self.session.read_only:
            return None
        if self.current is not None:
            self.current.input.commit_pending()
        self.session.store_typed()  # a note still waiting for its pause
        dialog = SubmitDialog(self.session, self.lang, self)
        dialog.jump_requested.connect(self.focus_item)
        dialog.submitted.connect(self._submitted)
        self.submit_dialog = dialog
        dialog.open()
        return dialog

    def _submitted(self, _result: object) -> None:
        self.ctx.data_changed.emit(changes.INSPECTION)
        self.ctx.status_message.emit(self.tr("Inspection submitted"))

    def make_report(self, audience: str) -> Task | None:
        s = self.session
        target = ReportTarget(s.inspection_id, s.branch.code, s.inspection.visit_start)
        lang = self.header.report_button.language(content_language(self.ctx.language))
        return self.reports.build(target, audience=audience, lang=lang, dialog_parent=self)

    def close_editor(self) -> None:
        if self.current is not None:
            self.current.input.commit_pending()
        self.session.store_typed()
        self.ctx.data_changed.emit(changes.INSPECTION)
        self.closed.emit()

    def pending_work(self) -> list[Task]:
        return self.intake.pending() + self.reports.pending()

    def dispose(self) -> None:
        """Delete the editor once its background work (photos being added) has landed."""
        self.session.store_typed()
        pending = self.pending_work()
        if not pending:
            self.deleteLater()
            return
        log.info("editor closes after %d background task(s)", len(pending))
        for task in pending:
            task.finished.connect(self._dispose_when_idle)

    def _dispose_when_idle(self) -> None:
        if not self.pending_work():
            self.deleteLater()

    # language -------------------------------------------------------------------------------------
    def set_language(self, ui_lang: str) -> None:
        self.lang = content_language(ui_lang)
        self.section_model.set_language(self.lang)
        self.find_bar.set_language(self.lang)
        self.header.set_language(self.lang)
        for page in self.pages.values():
            page.set_language(self.lang)
        for card in self.cards.values():
            card.set_language(self.lang)
        if self.stopwatch is not None:
            self.stopwatch.set_language(self.lang)
        self.review_panel.set_language(self.lang)
        self.review.lang = self.lang
        self.retranslate()

    def retranslate(self) -> None:
        if self.side is not None:
            self.side.setTabText(0, self.tr("Stopwatch"))
            self.side.setTabText(1, self.tr("Review"))
        self._status_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
