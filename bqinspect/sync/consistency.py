"""Whether an inspection record of a package holds together: no id used twice, nothing that
refers to a row the record does not have. Each problem names the record's part (its key in the
record's JSON) and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bqinspect.domain.messages import Message, declare

if TYPE_CHECKING:
    from bqinspect.sync.records import InspectionRecord

ANSWERED_TWICE = declare(
    "sync.consistency.answered_twice",
    "answers: an item is answered twice",
    "answers：有检查项被重复作答",
)
MARKED_TWICE = declare(
    "sync.consistency.checkpoint_marked_twice",
    "timer_marks: a checkpoint is marked twice",
    "timer_marks：有计时点被重复记录",
)
ID_USED_TWICE = declare(
    "sync.consistency.id_used_twice",
    "{part}: id {id} is used twice",
    "{part}：编号 {id} 被重复使用",
)
BLOB_LISTED_TWICE = declare(
    "sync.consistency.blob_listed_twice",
    "blobs: a photo is listed twice",
    "blobs：有照片被重复列出",
)
NO_SUCH_FINDING = declare(
    "sync.consistency.no_such_finding",
    "{part}: {id} refers to a finding not in this record",
    "{part}：{id} 引用的问题不在本记录中",
)
NO_SUCH_BLOB = declare(
    "sync.consistency.no_such_blob",
    "{part}: {id} refers to a photo blob not in this record",
    "{part}：{id} 引用的照片文件不在本记录中",
)
NO_SUCH_EVENT = declare(
    "sync.consistency.no_such_event",
    "photos: {id} refers to an event not in this record",
    "photos：{id} 引用的整改记录不在本记录中",
)
PHOTO_MARKED_TWICE = declare(
    "sync.consistency.photo_marked_twice",
    "annotations: a photo is marked twice",
    "annotations：有照片被重复标注",
)
NO_SUCH_VISIT_PHOTO = declare(
    "sync.consistency.no_such_visit_photo",
    "annotations: {id} refers to a visit photo not in this record",
    "annotations：{id} 引用的现场照片不在本记录中",
)
APPEALED_TWICE = declare(
    "sync.consistency.appealed_twice",
    "appeals: a finding is appealed twice",
    "appeals：有问题被重复申诉",
)
REDACTED_TWICE = declare(
    "sync.consistency.redacted_twice",
    "redactions: a photo is redacted twice",
    "redactions：有照片被重复遮盖",
)
NOT_A_PHOTO_HERE = declare(
    "sync.consistency.not_a_photo_here",
    "redactions: {id} is not a photo of this record",
    "redactions：{id} 不是本记录的照片",
)
NO_SUCH_COPY = declare(
    "sync.consistency.no_such_copy",
    "redactions: {id} refers to a copy not in this record",
    "redactions：{id} 引用的遮盖副本不在本记录中",
)


def record_problems(record: InspectionRecord, child_parts: tuple[str, ...]) -> list[Message]:
    """Everything that does not hold together in ``record`` (``child_parts``: the parts whose
    rows carry their own id)."""
    problems: list[Message] = []
    items = [a.item_id for a in record.answers]
    if len(set(items)) != len(items):
        problems.append(ANSWERED_TWICE())
    checkpoints = [m.checkpoint for m in record.timer_marks]
    if len(set(checkpoints)) != len(checkpoints):
        problems.append(MARKED_TWICE())
    ids = {record.inspection.id}
    for part in child_parts:
        for row in getattr(record, part):
            if row.id in ids:
                problems.append(ID_USED_TWICE(part=part, id=row.id))
            ids.add(row.id)
    findings = {f.id for f in record.findings}
    events = {e.id for e in record.finding_events}
    blobs = {b.sha256 for b in record.blobs}
    if len(blobs) != len(record.blobs):
        problems.append(BLOB_LISTED_TWICE())
    for e in record.finding_events:
        if e.finding_id not in findings:
            problems.append(NO_SUCH_FINDING(part="finding_events", id=e.id))
    for p in record.photos:
        if p.blob_sha256 not in blobs:
            problems.append(NO_SUCH_BLOB(part="photos", id=p.id))
        if p.finding_id is not None and p.finding_id not in findings:
            problems.append(NO_SUCH_FINDING(part="photos", id=p.id))
        if p.finding_event_id is not None and p.finding_event_id not in events:
            problems.append(NO_SUCH_EVENT(id=p.id))
    visit = {p.id for p in record.photos if p.finding_event_id is None}
    marked = [a.photo_id for a in record.annotations]
    if len(set(marked)) != len(marked):
        problems.append(PHOTO_MARKED_TWICE())
    problems += [NO_SUCH_VISIT_PHOTO(id=pid) for pid in marked if pid not in visit]
    problems += _redaction_problems(record, blobs)
    for a in record.appeals:
        if a.finding_id not in findings:
            problems.append(NO_SUCH_FINDING(part="appeals", id=a.id))
        if not set(a.photos) <= blobs:
            problems.append(NO_SUCH_BLOB(part="appeals", id=a.id))
    if len({a.finding_id for a in record.appeals}) != len(record.appeals):
        problems.append(APPEALED_TWICE())
    return problems


def _redaction_problems(record: InspectionRecord, blobs: set[str]) -> list[Message]:
    photos = {p.id for p in record.photos}
    problems = []
    if len({r.photo_id for r in record.redactions}) != len(record.redactions):
        problems.append(REDACTED_TWICE())
    for r in record.redactions:
        if r.photo_id not in photos:
            problems.append(NOT_A_PHOTO_HERE(id=r.photo_id))
        if r.redacted_sha256 not in blobs:
            problems.append(NO_SUCH_COPY(id=r.photo_id))
    return problems
