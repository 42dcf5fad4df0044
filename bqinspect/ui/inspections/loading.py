"""What the inspections page shows, read off the GUI thread: rows, or what an empty list needs."""

from __future__ import annotations

from dataclasses import dataclass

from bqinspect.services import branches, catalog, inspections
from bqinspect.store.workspace import Workspace


@dataclass(frozen=True)
class ListLoad:
    """The rows of the list; when there are none, what the user must add first."""

    rows: list[inspections.InspectionRow]
    has_branches: bool = True
    has_forms: bool = True

    @property
    def needs(self) -> str:
        """The page to go to before the first inspection: "branches", "forms" or ""."""
        if not self.has_branches:
            return "branches"
        return "" if self.has_forms else "forms"


def load_list(ws: Workspace) -> ListLoad:
    """The whole list (column-only rows); the branches and forms are looked at only when empty."""
    rows = inspections.list_inspections(ws)
    if rows:
        return ListLoad(rows)
    return ListLoad(
        rows,
        has_branches=bool(branches.list_branches(ws)),
        has_forms=bool(catalog.latest_versions(ws)),
    )
