"""Entities announced on ``AppContext.data_changed`` when data changes, and pages reloading on them.

Whoever changes data announces it with one line, e.g. ``ctx.data_changed.emit(INSPECTION)``;
each page names what it depends on once (:class:`Reloader`) and reloads when it is announced.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from bqinspect.ui.context import AppContext

INSPECTION = "inspection"  # an inspection's header, answers, status, score or export mark
FINDING = "finding"  # a finding's lifecycle, deadline or evidence
BRANCH = "branch"
FORM = "form"  # a checklist form version installed
SETTINGS = "settings"  # a workspace setting
ALL = "all"  # anything: an import, a return package, a restore

ENTITIES = frozenset({INSPECTION, FINDING, BRANCH, FORM, SETTINGS})


def affected(entity: str, depends_on: Collection[str]) -> frozenset[str]:
    """Which of ``depends_on`` an announcement of ``entity`` touches (all of them for ALL)."""
    if entity == ALL:
        return frozenset(depends_on)
    return frozenset({entity}) & frozenset(depends_on)


class Reloader(QObject):
    """Calls ``reload(changed)`` when an entity ``page`` depends on is announced.

    ``changed`` names the entities (of ``depends_on``) announced since the last reload. A page
    hidden inside a shown window (another page is in front) reloads when it is shown again;
    otherwise it reloads at once. The reloader is the page's child: it ends with the page.
    """

    def __init__(
        self,
        ctx: AppContext,
        page: QWidget,
        depends_on: Collection[str],
        reload: Callable[[frozenset[str]], object],
    ) -> None:
        super().__init__(page)
        self._page = page
        self._depends_on = frozenset(depends_on)
        self._reload = reload
        self.pending: frozenset[str] = frozenset()
        page.installEventFilter(self)
        ctx.data_changed.connect(self._announced)

    def _announced(self, entity: str) -> None:
        changed = affected(entity, self._depends_on)
        if not changed:
            return
        self.pending |= changed
        page = self._page
        if page.isVisible() or not page.window().isVisible():
            self._run()

    def _run(self) -> None:
        changed, self.pending = self.pending, frozenset()
        self._reload(changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show and self.pending:
            self._run()
        return False


@contextmanager
def kept_scroll(view: QAbstractScrollArea) -> Iterator[None]:
    """Keep ``view``'s scroll position across a reload of its model (as far as the rows allow)."""
    bars = (view.verticalScrollBar(), view.horizontalScrollBar())
    values = [bar.value() for bar in bars]
    yield
    layout = getattr(view, "doItemsLayout", None)
    if layout is not None:
        layout()  # the new rows' extent, so that the old position can be set again
    for bar, value in zip(bars, values, strict=True):
        bar.setValue(value)
