"""One section's cards in a scroll area, laid out and painted so that an answer touches as
little of the screen as it can."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from bqinspect.domain.forms import Section
from bqinspect.ui.editor.card import ItemCard
from bqinspect.ui.widgets import theme

SCROLL_BAR = f"""
QScrollBar:vertical {{ background: {theme.SURFACE}; width: 12px; margin: 0; }}
QScrollBar::handle:vertical {{
    background: #c3cad3; min-height: 32px; border-radius: 4px; margin: 2px;
}}
QScrollBar::handle:vertical:hover {{ background: #9aa4b2; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


class SectionPage(QScrollArea):
    """The cards of one section, built when the section is first shown."""

    def __init__(self, section: Section, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # flat: the style's shaded bar took 2 ms to paint, and it is painted on every answer
        # that changes a card's height and on every scroll
        self.verticalScrollBar().setStyleSheet(SCROLL_BAR)
        self.container = QWidget()
        self.container.setObjectName("sectionContainer")
        # opaque, so scrolling copies its pixels; static, so growing paints only the new strip
        self.container.setAutoFillBackground(True)
        self.container.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.layout_ = QVBoxLayout(self.container)
        self.layout_.setContentsMargins(12, 8, 12, 12)
        self.layout_.setSpacing(8)
        self.heading = QLabel(section.title.get(lang))
        self.heading.setStyleSheet("font-size: 16px; font-weight: 600; color: #1c5d99;")
        self.layout_.addWidget(self.heading)
        self.setWidget(self.container)

    def add_card(self, card: ItemCard) -> None:
        self.layout_.addWidget(card)
        # each card below the ones before it in the stacking order: when a card grows, the
        # cards under it move down without passing under a later sibling, so their pixels are
        # copied (opaque cards) instead of painted again
        card.lower()

    def finish(self) -> None:
        self.layout_.addStretch()
        self.layout_.activate()

    def set_language(self, lang: str) -> None:
        self.heading.setText(self.section.title.get(lang))
