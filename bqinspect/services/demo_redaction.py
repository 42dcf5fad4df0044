"""Demo data (clearly demo): a redacted photo, so the branch copy of a notice shows one."""

from __future__ import annotations

import sqlalchemy as sa

from bqinspect.redaction.boxes import Box, BoxKind
from bqinspect.services.redaction import redact_photo
from bqinspect.store.models import Photo
from bqinspect.store.workspace import Workspace

# a customer's ID card on the counter and a screen with an account number (demo positions)
DEMO_BOXES = (
    Box(0.08, 0.62, 0.22, 0.18, BoxKind.ID_CARD),
    Box(0.62, 0.12, 0.26, 0.22, BoxKind.SCREEN),
)


def add_demo_redactions(ws: Workspace, count: int = 2) -> int:
    """Redact the first ``count`` visit photos of the demo inspections; how many were."""
    with ws.db.session() as s:
        ids = list(
            s.execute(
                sa.select(Photo.id)  # type: ignore[call-overload]
                .where(Photo.inspection_id.is_not(None))  # type: ignore[union-attr]
                .order_by(Photo.created_at, Photo.id)
                .limit(count)
            ).scalars()
        )
    for photo_id in ids:
        redact_photo(ws, photo_id, DEMO_BOXES)
    return len(ids)
