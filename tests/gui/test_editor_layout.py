"""A key changes only the card it answers on screen: the section follows a card that grows or
shrinks, the focus ring moves from card to card, and the cards keep their style."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt

from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import focused, make_ctx, show_active, start


def _editor(qtbot, ws, tmp_path, inspection_id) -> InspectionEditor:  # type: ignore[no-untyped-def]
    editor = InspectionEditor(make_ctx(ws, tmp_path), inspection_id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    return editor


def _laid_out(editor: InspectionEditor, item_ids: list[str]) -> bool:
    """Each card starts below the one before it, none overlapping."""
    cards = [editor.cards[i] for i in item_ids]
    return all(
        lower.geometry().top() > upper.geometry().bottom()
        and upper.height() == upper.heightForWidth(upper.width())
        for upper, lower in pairwise(cards)
    )


def test_the_section_follows_a_card_that_grows_and_shrinks(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    ids = ["ENV-01", "ENV-02", "ENV-03", "ENV-04"]
    card = editor.focus_item("ENV-01")
    assert card is not None
    before = card.height()
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # a fail: the finding shows, the card grows
    assert card.finding is not None and card.finding.isVisible()
    qtbot.waitUntil(lambda: card.height() > before and _laid_out(editor, ids))
    grown = card.height()
    editor.focus_item("ENV-01")
    qtbot.keyClick(focused(), Qt.Key.Key_Y)  # a pass: the finding goes, the card shrinks
    assert not card.finding.isVisible()
    qtbot.waitUntil(lambda: card.height() < grown and _laid_out(editor, ids))


def test_the_focus_ring_moves_with_the_keys(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    first = editor.focus_item("ENV-01")
    assert first is not None
    qtbot.keyClick(focused(), Qt.Key.Key_Y)  # a pass moves on to the next item
    second = editor.cards["ENV-02"]
    assert editor.current is second and focused() is second
    assert second._current and not first._current
    assert first.property("failed") is False  # the style still follows the answer


def test_a_card_paints_its_whole_rectangle(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    card = editor.focus_item("ENV-01")
    assert card is not None
    image = card.grab().toImage()  # rendered by the card alone: no pixel left unpainted
    corner = image.pixelColor(0, 0)
    assert corner.alpha() == 255
    page = editor.pages[editor.session.form.section_of("ENV-01").id]
    assert corner == page.container.palette().color(page.container.backgroundRole())


def test_a_long_row_of_reasons_wraps_inside_its_card(workspace, qtbot, tmp_path):
    """Beside the stopwatch the cards are narrow: a rating's reasons wrap onto more rows
    instead of making the card wider than the page (which scrolled the cards sideways, their
    ids hidden under the section list) or pressing them onto the title."""
    insp = start(workspace, "mystery-cash")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    card = editor.focus_item("ENV-04")
    assert card is not None
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # a poor rating: its reasons are offered
    chips = card.reasons
    assert chips.isVisible()
    page = editor.pages[editor.session.form.sections[0].id]

    def fits() -> bool:
        rows = {b.geometry().top() for b in chips.buttons}
        inside = all(chips.rect().contains(b.geometry()) for b in chips.buttons)
        return (
            len(rows) > 1
            and inside
            and page.container.width() <= page.viewport().width()
            and card.height() == card.heightForWidth(card.width())
            and chips.geometry().bottom() < card.height()
        )

    qtbot.waitUntil(fits)
    assert page.horizontalScrollBar().value() == 0
    assert card.mapTo(page.container, card.id_label.pos()).x() >= 0
