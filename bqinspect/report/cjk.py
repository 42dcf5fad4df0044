"""Chinese line breaking: closing punctuation never starts a line."""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

# Full-width Chinese marks that must not begin a line (they hang at the end of the previous one).
CHINESE_CLOSING = "，。、：；！？》〉」』】〕）”’…—"


def extend_line_rules() -> None:
    """WORKAROUND for reportlab's CJK wrapping, whose "cannot start a line" set
    (reportlab/lib/textsplit.py CANNOT_START_LINE) holds Japanese closing marks only, so a
    Chinese 》 or ， could start a line. The set is extended once; the change is additive.
    """
    missing = "".join(c for c in CHINESE_CLOSING if c not in paragraph.ALL_CANNOT_START)
    if missing:
        paragraph.ALL_CANNOT_START = paragraph.ALL_CANNOT_START + missing
        textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + missing
