"""Filtering of the inspections list (status, kind, branch, date range, text), done in its
model (``SortedRowTableModel.set_filter``); its sorting is the model's too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bqinspect.services.inspections import InspectionRow


@dataclass(frozen=True)
class InspectionFilter:
    """Empty fields do not filter."""

    status: str = ""
    kind: str = ""
    branch_code: str = ""
    since: date | None = None  # visit date, local, inclusive
    until: date | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == InspectionFilter()

    def accepts(self, row: InspectionRow, haystack: str | None = None) -> bool:
        """Whether ``row`` is shown; ``haystack``: its :func:`search_text`, when known."""
        return self.predicate(lambda r: search_text(r) if haystack is None else haystack)(row)

    def predicate(self, text_of: Callable[[InspectionRow], str]) -> Callable[[InspectionRow], bool]:
        """What :meth:`accepts` says, as one function made once per filter and asked of each
        row (only the fields set are looked at); ``text_of``: a row's :func:`search_text`."""
        checks: list[Callable[[InspectionRow], bool]] = []
        status, kind, code = self.status, self.kind, self.branch_code
        if status:
            checks.append(lambda r: r.status == status)
        if kind:
            checks.append(lambda r: r.kind == kind)
        if code:
            checks.append(lambda r: r.branch_code == code)
        since, until = self.since, self.until
        if since or until:
            first, last = since or date.min, until or date.max
            checks.append(lambda r: first <= r.visit_start.astimezone().date() <= last)
        words = self.text.casefold().split()
        if words:

            def has_words(r: InspectionRow) -> bool:
                haystack = text_of(r)
                return all(word in haystack for word in words)

            checks.append(has_words)
        if len(checks) == 1:
            return checks[0]
        return lambda r: all(check(r) for check in checks)


def search_text(row: InspectionRow) -> str:
    """What the text filter looks in, casefolded."""
    return " ".join(
        [
            row.branch_code,
            row.branch_name,
            row.region,
            row.form_id,
            row.form_title_zh,
            row.form_title_en,
            *row.inspectors,
            str(row.id),
        ]
    ).casefold()
