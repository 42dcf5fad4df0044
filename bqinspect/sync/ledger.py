"""What a merge met: the outcome of every record and the conflicts to record, each once."""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.domain.messages import Words, render, words_to_data
from bqinspect.store.models import utcnow
from bqinspect.sync.snapshot import chunks, table


class Outcome(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REFUSED = "refused"


@dataclass(frozen=True)
class RecordOutcome:
    """What happened to one record of the package."""

    entity: str  # inspection | branch
    key: str
    label: str
    outcome: Outcome
    reason: Words = ""  # a message, shown in the reader's language; "" when none

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``: the reason in the current language and as a message."""
        return {
            "entity": self.entity,
            "key": self.key,
            "label": self.label,
            "outcome": self.outcome.value,
            "reason": render(self.reason),
            "reason_message": words_to_data(self.reason),
        }


@dataclass
class MergeStats:
    outcomes: list[RecordOutcome] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    forms_new: int = 0
    blobs_new: int = 0
    warnings: list[Words] = field(default_factory=list)
    changed: bool = False


def _fingerprint(incoming: Any) -> str:
    return json.dumps(incoming, sort_keys=True, ensure_ascii=False)


class Ledger:
    """The outcomes and conflicts of one import; a conflict already stored is not queued again."""

    def __init__(self, conn: Connection, import_id: uuid.UUID):
        self.conn = conn
        self.import_id = import_id
        self.stats = MergeStats()
        self._known: set[tuple[str, str, int, str]] = set()
        self.met = 0  # conflicts met, recorded now or already known

    def load_known(self, entity_ids: Sequence[str]) -> None:
        """Remember the conflicts already stored for these records."""
        t = table("conflict")
        for part in chunks(list(entity_ids)):
            rows = self.conn.execute(
                sa.select(t.c.entity, t.c.entity_id, t.c.revision, t.c.incoming).where(
                    t.c.entity_id.in_(part)
                )
            )
            for r in rows:
                self._known.add((r.entity, r.entity_id, r.revision, _fingerprint(r.incoming)))

    def conflict(
        self, entity: str, entity_id: str, revision: int, local: Any, incoming: Any
    ) -> bool:
        """Queue a conflict to record; False when the same one is already known."""
        key = (entity, entity_id, revision, _fingerprint(incoming))
        self.met += 1
        if key in self._known:
            return False
        self._known.add(key)
        self.stats.conflicts.append(
            {
                "id": uuid.uuid4(),
                "entity": entity,
                "entity_id": entity_id,
                "revision": revision,
                "local": local,
                "incoming": incoming,
                "import_id": self.import_id,
                "resolved": False,
                "created_at": utcnow(),
            }
        )
        return True

    def outcome(
        self, entity: str, key: str, label: str, outcome: Outcome, reason: Words = ""
    ) -> None:
        self.stats.outcomes.append(RecordOutcome(entity, key, label, outcome, reason))
