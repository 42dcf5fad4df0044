"""The import history: every import that changed something, what it did and, record by record,
what it refused or met in conflict, and why, shown in the reader's language.

Each import is kept as an ``ImportRecord``. Its ``message`` is the summary in English and its
``counts`` (JSON) the figures; beside them ``counts`` keeps the summary as a structured message
(``summary``: code and parameters) and the records with a reason (``records``: entity, key,
label, outcome, the reason in English and as a structured message), so the history is shown in
the language chosen when it is read. A row written before the reasons were kept this way (plain
text only, no records) reads as it was written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bqinspect.domain.messages import Message, Words, declare, message_from_data, words_to_data
from bqinspect.store.models import ImportRecord
from bqinspect.store.workspace import Workspace
from bqinspect.sync.ledger import Outcome, RecordOutcome

MAX_RECORDS = 5000  # the reasons an import's history keeps; the counts tell the rest

RESULTS = {
    "imported": declare("sync.history.result_imported", "imported", "已导入"),
    "imported-with-conflicts": declare(
        "sync.history.result_with_conflicts", "imported, with conflicts", "已导入，有冲突"
    ),
    "imported-with-refusals": declare(
        "sync.history.result_with_refusals", "imported, with refusals", "已导入，有拒绝"
    ),
    "imported-with-conflicts-and-refusals": declare(
        "sync.history.result_with_conflicts_and_refusals",
        "imported, with conflicts and refusals",
        "已导入，有冲突和拒绝",
    ),
}
OUTCOMES = {
    Outcome.NEW: declare("sync.history.outcome_new", "new", "新增"),
    Outcome.UPDATED: declare("sync.history.outcome_updated", "updated", "已更新"),
    Outcome.UNCHANGED: declare("sync.history.outcome_unchanged", "unchanged", "未变"),
    Outcome.CONFLICT: declare("sync.history.outcome_conflict", "conflict", "冲突"),
    Outcome.REFUSED: declare("sync.history.outcome_refused", "refused", "已拒绝"),
}
ENTITIES = {
    "inspection": declare("sync.history.entity_inspection", "inspection", "检查"),
    "inspection.part": declare(
        "sync.history.entity_inspection_part", "inspection (a part)", "检查（部分内容）"
    ),
    "branch": declare("sync.history.entity_branch", "branch", "网点"),
    "staff": declare("sync.history.entity_staff", "staff", "员工"),
    "feedback": declare("sync.history.entity_feedback", "customer feedback", "客户意见"),
}
MORE_RECORDS = declare(
    "sync.history.more_records",
    "{count} more records with a reason are not kept in the history",
    "另有 {count} 条带原因的记录未保存在导入记录中",
)


def outcome_words(outcome: Outcome) -> Message:
    return OUTCOMES[outcome]()


def entity_words(entity: str) -> Words:
    text = ENTITIES.get(entity)
    return text() if text is not None else entity


def result_words(result: str) -> Words:
    """An import's result (``imported-with-refusals`` …) in words; as stored when unknown."""
    text = RESULTS.get(result)
    return text() if text is not None else result


# writing ------------------------------------------------------------------------------------------
def outcome_data(o: RecordOutcome) -> dict[str, Any]:
    return {
        "entity": o.entity,
        "key": o.key,
        "label": o.label,
        "outcome": o.outcome.value,
        "reason": o.reason.render("en") if isinstance(o.reason, Message) else o.reason,
        "reason_message": words_to_data(o.reason),
    }


def history_counts(summary: Words, outcomes: Iterable[RecordOutcome]) -> dict[str, Any]:
    """What an ``ImportRecord``'s ``counts`` keeps beside the figures: the summary as a
    message, and the records that have a reason (at most :data:`MAX_RECORDS`)."""
    reasoned = [o for o in outcomes if o.reason]
    kept: dict[str, Any] = {
        "summary": words_to_data(summary),
        "records": [outcome_data(o) for o in reasoned[:MAX_RECORDS]],
    }
    if len(reasoned) > MAX_RECORDS:
        kept["records_left_out"] = len(reasoned) - MAX_RECORDS
    return kept


# reading ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportEntry:
    """One import of the history, its words made when shown."""

    id: uuid.UUID
    package_id: str
    imported_at: datetime
    source_device: str
    source_person: str
    result: str  # imported | imported-with-conflicts | …-refusals | …-conflicts-and-refusals
    summary: Words
    counts: dict[str, Any]
    outcomes: list[RecordOutcome] = field(default_factory=list)  # the records with a reason
    left_out: int = 0  # records with a reason the history did not keep

    @property
    def result_words(self) -> Words:
        return result_words(self.result)


def _outcome(item: Any) -> RecordOutcome | None:
    if not isinstance(item, dict):
        return None
    try:
        outcome = Outcome(str(item.get("outcome")))
    except ValueError:
        return None
    text = item.get("reason")
    reason = message_from_data(item.get("reason_message"), text if isinstance(text, str) else "")
    return RecordOutcome(
        str(item.get("entity", "")),
        str(item.get("key", "")),
        str(item.get("label", "")),
        outcome,
        reason,
    )


def _declare_reasons() -> None:
    """The modules that declare the reasons an import keeps (a reason is read back as a
    message only when its code is declared)."""
    import bqinspect.sync.imports  # noqa: F401  (and through it the merge's modules)


def entry_of(row: ImportRecord) -> ImportEntry:
    """An import's history entry from its stored row, of this version or an earlier one."""
    _declare_reasons()
    counts = row.counts if isinstance(row.counts, dict) else {}
    records = counts.get("records")
    outcomes = [o for o in map(_outcome, records if isinstance(records, list) else []) if o]
    left_out = counts.get("records_left_out")
    return ImportEntry(
        id=row.id,
        package_id=row.package_id,
        imported_at=row.imported_at,
        source_device=row.source_device,
        source_person=row.source_person,
        result=row.result,
        summary=message_from_data(counts.get("summary"), row.message),
        counts={k: v for k, v in counts.items() if k not in ("summary", "records")},
        outcomes=outcomes,
        left_out=left_out if isinstance(left_out, int) else 0,
    )


def import_history(ws: Workspace, *, limit: int | None = None) -> list[ImportEntry]:
    """The imports that changed something, the newest first (at most ``limit``)."""
    with ws.db.session() as s:
        query = select(ImportRecord).order_by(col(ImportRecord.imported_at).desc())
        if limit is not None:
            query = query.limit(limit)
        rows: Sequence[ImportRecord] = s.exec(query).all()
        return [entry_of(r) for r in rows]
