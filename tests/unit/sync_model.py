"""What one party holds of every owner's part, read from its database, and the checks of an
import against it (the three-party property test)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from bqinspect.domain.lifecycle import Role
from bqinspect.domain.ownership import INSTALLATION_ROLES, Part, may_change
from bqinspect.services.branches import list_branches
from bqinspect.store.models import Conflict, Inspection
from bqinspect.store.workspace import Workspace
from bqinspect.sync.parts import (
    Signer,
    followup_part,
    found_part,
    inspector_key,
    inspector_part,
    review_part,
)
from bqinspect.sync.reference import BRANCH_FIELDS
from bqinspect.sync.snapshot import load_records

# A part as held: its counter (comparable) and its content.
Version = tuple[Any, Any]
# each owner's part, the conflict entity it is recorded under
PARTS = {
    Part.INSPECTION: "inspection",
    Part.REVIEW: "inspection.review",
    Part.FINDING: "finding",
    Part.FOLLOWUP: "finding.followup",
}
ROWS = ("reviews", "item_comments", "audit", "finding_events")


@dataclass(frozen=True)
class Held:
    """One party's data: each part of each record (by record or finding id), the branch,
    the append-only rows by id, the conflicts it recorded."""

    parts: Mapping[Part, Mapping[uuid.UUID, Version]]
    branch: Version
    rows: Mapping[str, Mapping[uuid.UUID, Any]]
    conflicts: frozenset[tuple[str, str]]

    def part(self, part: Part, key: uuid.UUID) -> Version | None:
        return self.parts[part].get(key)

    def conflicted(self, part: Part, key: uuid.UUID) -> bool:
        return (PARTS[part], str(key)) in self.conflicts


def _plain(value: Any) -> Any:
    """A JSON-comparable copy (dates, UUIDs as text)."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def held(ws: Workspace) -> Held:
    with ws.db.engine.connect() as conn:
        ids = list(conn.execute(sa.select(Inspection.id)).scalars())  # type: ignore[call-overload]
        records = load_records(conn, ids)
    parts: dict[Part, dict[uuid.UUID, Version]] = {p: {} for p in PARTS}
    rows: dict[str, dict[uuid.UUID, Any]] = {name: {} for name in ROWS}
    for iid, r in records.items():
        parts[Part.INSPECTION][iid] = (inspector_key(r), _plain(inspector_part(r)))
        review = _plain(review_part(r))
        parts[Part.REVIEW][iid] = (review["review_revision"], review)
        for f in r.findings:
            parts[Part.FINDING][f.id] = (f.revision, _plain(found_part(f)))
            parts[Part.FOLLOWUP][f.id] = (f.followup_revision, _plain(followup_part(f)))
        for name in ROWS:
            rows[name] |= {row.id: row.model_dump(mode="json") for row in getattr(r, name)}
    (branch,) = list_branches(ws)
    fields = {name: getattr(branch, name) for name in BRANCH_FIELDS}
    with ws.db.session() as s:
        conflicts = frozenset(
            (c.entity, c.entity_id) for c in s.exec(select(Conflict)).all() if not c.resolved
        )
    return Held(parts, (branch.revision, fields), rows, conflicts)


def _sole_owner(role: Role, part: Part) -> bool:
    others = (r for r in INSTALLATION_ROLES if r is not role)
    return may_change(role, part) and not any(may_change(r, part) for r in others)


def _owns(signer: Role, part: Part, version: Version) -> bool:
    """A follow-up nobody has taken up yet (counter 0) is still the inspector's."""
    if part is Part.FOLLOWUP and version[0] == 0:
        part = Part.FINDING
    return may_change(signer, part)


def check_import(before: Held, after: Held, package: Held, importer: Role, signer: Role) -> None:
    """An import of ``package`` (signed in ``signer``'s role) into a party of role ``importer``
    changed only what the signer owns, each part to the package's copy, never backwards; lost no
    edit the signer owns (applied, or a recorded conflict); changed no stored row."""
    for part in PARTS:
        for key, theirs in package.parts[part].items():
            was, now = before.part(part, key), after.part(part, key)
            if now is None:
                continue  # a finding the record no longer has here, or a refused record
            if was is not None and now != was:
                assert _owns(signer, part, now), (part, key, "changed by a signer not its owner")
                assert now == theirs, (part, key, "changed, but not to the package's copy")
                assert now[0] >= was[0], (part, key, "went backwards")
            untaken = part is Part.FOLLOWUP and theirs[0] == 0  # travels with what was found
            if may_change(signer, part) and was is not None and not untaken:
                assert now[0] >= theirs[0], (part, key, "a newer edit of its owner was lost")
                # two drafts of one revision from the inspector's one device are ordered by
                # its edit times, not a conflict: the test's model of those edits checks them
                ordered = part is Part.INSPECTION and signer is Role.INSPECTOR
                if now[0] == theirs[0] and now != theirs and not ordered:
                    assert after.conflicted(part, key), (part, key, "an edit lost, no conflict")
        if _sole_owner(importer, part):
            for key, mine in before.parts[part].items():
                assert after.part(part, key) == mine, (part, key, "the owner's data changed")
    for key in after.parts[Part.FINDING].keys() - before.parts[Part.FINDING].keys():
        if _sole_owner(importer, Part.FINDING):  # only a finding followed up may arrive
            assert after.parts[Part.FOLLOWUP][key][0] > 0, (key, "a finding added by an import")
    if _sole_owner(importer, Part.BRANCH):
        assert after.branch == before.branch, "head office's branch changed by an import"
    if not may_change(signer, Part.BRANCH):
        assert after.branch == before.branch, "a branch changed by a signer not its owner"
    check_rows(before, after, package, signer)


def check_rows(before: Held, after: Held, package: Held, signer: Role) -> None:
    """Rows are only ever added, each as written; every row the signer may write arrived."""
    may = Signer(signer, "signer")
    for name in ROWS:
        for rid, row in before.rows[name].items():
            assert after.rows[name].get(rid) == row, (name, rid, "a stored row changed or went")
        for rid, row in after.rows[name].items():
            if rid not in before.rows[name]:
                assert package.rows[name].get(rid) == row, (name, rid, "not the package's row")
        for rid, row in package.rows[name].items():
            if name == "finding_events":
                finding = uuid.UUID(row["finding_id"])
                allowed = may.may_add_events() and after.part(Part.FINDING, finding) is not None
            else:
                allowed = may.may_add(row.get("role", ""))
            if allowed and rid not in after.rows[name]:
                raise AssertionError((name, rid, "a row the signer may write was lost"))


def no_duplicates(party: Held) -> None:
    """No row was stored twice under another id."""
    for name in ROWS:
        contents = [_without_id(row) for row in party.rows[name].values()]
        assert len(contents) == len(set(contents)), (name, "a row is stored twice")


def _without_id(row: Mapping[str, Any]) -> Hashable:
    return json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True)


def check_agreement(laptop: Held, lead: Held, office: Held) -> None:
    """Once every package has crossed both ways: all hold the inspector's and head office's
    latest edits, the same rows, and the same lead's parts except where a conflict of two
    edits of one revision is recorded (then each keeps one of the two)."""
    parties = (laptop, lead, office)
    for party in parties:
        assert party.parts[Part.INSPECTION] == laptop.parts[Part.INSPECTION]
        assert party.branch == office.branch
        for name in ROWS:
            assert party.rows[name].keys() == laptop.rows[name].keys(), name
    findings = laptop.parts[Part.FINDING].keys() | office.parts[Part.FINDING].keys()
    for key in findings:
        copies = [p.part(Part.FINDING, key) for p in parties]
        assert len({json.dumps(c, default=str) for c in copies if c is not None}) == 1, key
    for part in (Part.REVIEW, Part.FOLLOWUP):
        for key in lead.parts[part].keys() | office.parts[part].keys():
            copies = [p.part(part, key) for p in parties if p.part(part, key) is not None]
            if any(p.conflicted(part, key) for p in parties):
                assert {json.dumps(c) for c in copies} <= {
                    json.dumps(lead.part(part, key)),
                    json.dumps(office.part(part, key)),
                }, (part, key)
            else:
                assert all(c == copies[0] for c in copies), (part, key, copies)
