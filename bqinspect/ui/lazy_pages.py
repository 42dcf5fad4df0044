"""The main window's pages by name, each built in place of its placeholder when first asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QStackedWidget, QWidget

from bqinspect.ui.context import AppContext

PageFactory = Callable[[AppContext, QWidget], QWidget]


@dataclass(frozen=True)
class PageSpec:
    """Where a page's class is: imported only when the page is first shown."""

    module: str
    cls: str

    def load(self) -> PageFactory:
        factory: PageFactory = getattr(importlib.import_module(self.module), self.cls)
        return factory


class LazyPages(Mapping[str, QWidget]):
    """Every page has its slot in ``stack`` from the start; ``pages[name]`` builds it once.

    Until then an empty placeholder holds the slot, so the stack's order is the navigation's
    and a page nobody opens costs neither its imports nor its data.
    """

    def __init__(
        self,
        ctx: AppContext,
        stack: QStackedWidget,
        specs: Sequence[tuple[str, PageSpec]],
        on_built: Callable[[str, QWidget], None] = lambda _name, _page: None,
    ):
        self._ctx = ctx
        self._stack = stack
        self._specs = dict(specs)
        self._on_built = on_built
        self._built: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        for name in self._specs:
            placeholder = QWidget(stack)
            placeholder.setObjectName(f"{name}Placeholder")
            self._placeholders[name] = placeholder
            stack.addWidget(placeholder)

    def __getitem__(self, name: str) -> QWidget:
        page = self._built.get(name)
        if page is not None:
            return page
        spec = self._specs[name]  # KeyError for a name that is no page
        page = spec.load()(self._ctx, self._stack)
        placeholder = self._placeholders.pop(name)
        self._stack.insertWidget(self._stack.indexOf(placeholder), page)
        self._stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._built[name] = page
        self._on_built(name, page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def built(self, name: str) -> QWidget | None:
        """The page if it was shown (or asked for) already, without building it."""
        return self._built.get(name)

    def index(self, name: str) -> int:
        return list(self._specs).index(name)
