"""The bank's redaction setting: may the head-office copy show a redacted photo's original."""

from __future__ import annotations

from bqinspect.store.workspace import Workspace

OFFICE_ORIGINAL = "office_copy_keeps_original"


def office_keeps_original(ws: Workspace) -> bool:
    """True (the default) when the head-office copy of a notice shows the original pixels."""
    value = ws.setting(OFFICE_ORIGINAL)
    return True if value is None else bool(value)
