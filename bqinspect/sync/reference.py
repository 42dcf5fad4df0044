"""Reference data of a package: forms added by content, branches and staff merged by revision."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.domain.formio import form_from_json
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.store.models import utcnow
from bqinspect.sync.ledger import Ledger, Outcome
from bqinspect.sync.package import OpenPackage
from bqinspect.sync.parts import Signer
from bqinspect.sync.reasons import OLDER_REVISION, entity_label, field_labels
from bqinspect.sync.snapshot import chunks, table

FORM_DEFINED_OTHERWISE = declare(
    "sync.reference.form_defined_otherwise",
    "form {form} version {version} arrived with a different definition than the installed "
    "one; both are kept (inspections point to their own)",
    "表单 {form} 版本 {version} 传入的定义与本机已安装的不同：两者都保留（各检查使用各自的定义）",
)
REFERENCE_ROW = declare(
    "sync.reference.reference_row",
    "{entity} {key} ({fields})",
    "{entity} {key}（{fields}）",
)
REVISION_DIFFERS = declare(
    "sync.reference.revision_differs",
    "revision {revision} differs from the stored one in {fields}; the stored {entity} is kept",
    "第 {revision} 版与已存版本的{fields}不同：保留已存的{entity}",
)

BRANCH_FIELDS = ("name", "name_en", "region", "sub_branch", "address", "manager", "phone", "active")
STAFF_FIELDS = ("name", "post", "active")


def merge_forms(conn: Connection, pkg: OpenPackage, ledger: Ledger) -> dict[str, uuid.UUID]:
    """Add the package's form versions not stored yet; the stored id of each, by sha256."""
    stats = ledger.stats
    t = table("formversion")
    forms: dict[str, uuid.UUID] = {}
    for sha, text in pkg.form_texts():
        row = conn.execute(sa.select(t.c.id).where(t.c.sha256 == sha)).first()
        if row is not None:
            forms[sha] = row.id
            continue
        form = form_from_json(text)
        clash = conn.execute(
            sa.select(t.c.id).where(t.c.form_id == form.id, t.c.version == form.version)
        ).first()
        if clash is not None:
            stats.warnings.append(FORM_DEFINED_OTHERWISE(form=form.id, version=form.version))
        new_id = uuid.uuid4()
        now = utcnow()
        conn.execute(
            sa.insert(t).values(
                id=new_id,
                form_id=form.id,
                version=form.version,
                kind=form.kind.value,
                title_zh=form.title.zh,
                title_en=form.title.en,
                sha256=sha,
                definition=text,
                active=True,
                created_at=now,
                updated_at=now,
            )
        )
        forms[sha] = new_id
        stats.forms_new += 1
        stats.changed = True
    return forms


def merge_branches(
    conn: Connection, pkg: OpenPackage, ledger: Ledger, signer: Signer
) -> dict[str, uuid.UUID]:
    """Merge the package's branches by code: newer revision wins; the stored id of each code.

    Branches are head office's: another signer may bring a branch not known here (its
    inspections need it), never a change to a stored one."""
    t = table("branch")
    fields = [f for f in BRANCH_FIELDS if f in t.c]
    incoming = [
        _Keyed(b.code, f"{b.code} {b.name}", b, {f: getattr(b, f) for f in fields})
        for b in pkg.branches().branches
    ]
    return _merge_by_revision(conn, ledger, signer, "branch", t.c.code, incoming)


def merge_staff(
    conn: Connection,
    pkg: OpenPackage,
    ledger: Ledger,
    signer: Signer,
    branches: dict[str, uuid.UUID],
) -> None:
    """Merge the package's staff registers by employee number, like branches (head office's);
    ``branches``: the stored id of each branch code the package carries."""
    t = table("staffmember")
    incoming = [
        _Keyed(
            m.employee_no,
            f"{m.employee_no} {m.name}",
            m,
            {f: getattr(m, f) for f in STAFF_FIELDS} | {"branch_id": branches[m.branch_code]},
        )
        for m in pkg.staff().staff
    ]
    _merge_by_revision(conn, ledger, signer, "staff", t.c.employee_no, incoming)


@dataclass(frozen=True)
class _Keyed:
    """An incoming reference row: its key, its label, the record, the values it would store."""

    key: str
    label: str
    record: Any
    values: dict[str, Any]


def _merge_by_revision(
    conn: Connection,
    ledger: Ledger,
    signer: Signer,
    entity: str,
    key_column: sa.Column[Any],
    incoming: Sequence[_Keyed],
) -> dict[str, uuid.UUID]:
    """Head office's reference rows by key: new ones are added from any trusted signer, a
    change only from head office, ordered by revision; the stored id of each key."""
    stats = ledger.stats
    t = key_column.table
    ledger.load_known([k.key for k in incoming])
    local = {
        getattr(r, key_column.name): r
        for part in chunks([k.key for k in incoming])
        for r in conn.execute(sa.select(t).where(key_column.in_(part)))
    }
    ids: dict[str, uuid.UUID] = {}
    for k in incoming:
        rec, row = k.record, local.get(k.key)
        if row is None:
            taken = conn.execute(sa.select(t.c.id).where(t.c.id == rec.id)).first()
            new_id = uuid.uuid4() if taken else rec.id
            conn.execute(
                sa.insert(t).values(
                    id=new_id,
                    revision=rec.revision,
                    created_at=rec.created_at,
                    updated_at=rec.updated_at,
                    **{key_column.name: k.key},
                    **k.values,
                )
            )
            ids[k.key] = new_id
            ledger.outcome(entity, k.key, k.label, Outcome.NEW)
            stats.changed = True
            continue
        ids[k.key] = row.id
        differs = {f: v for f, v in k.values.items() if getattr(row, f) != v}
        if not differs:
            ledger.outcome(entity, k.key, k.label, Outcome.UNCHANGED)
        elif not signer.owns(Part.BRANCH):
            fields = field_labels(sorted(differs))
            what = REFERENCE_ROW(entity=entity_label(entity), key=k.key, fields=fields)
            ledger.outcome(
                entity, k.key, k.label, Outcome.REFUSED, signer.refusal(Part.BRANCH, what)
            )
        elif rec.revision > row.revision:
            conn.execute(
                sa.update(t)
                .where(t.c.id == row.id)
                .values(revision=rec.revision, updated_at=rec.updated_at, **differs)
            )
            ledger.outcome(entity, k.key, k.label, Outcome.UPDATED)
            stats.changed = True
        elif rec.revision == row.revision:
            local_part = {f: _comparable(getattr(row, f)) for f in k.values}
            theirs = {f: _comparable(v) for f, v in k.values.items()}
            if ledger.conflict(entity, k.key, rec.revision, local_part, theirs):
                stats.changed = True
            reason = REVISION_DIFFERS(
                revision=rec.revision,
                fields=field_labels(sorted(differs)),
                entity=entity_label(entity),
            )
            ledger.outcome(entity, k.key, k.label, Outcome.CONFLICT, reason)
        else:
            reason = OLDER_REVISION(revision=rec.revision, stored=row.revision)
            ledger.outcome(entity, k.key, k.label, Outcome.REFUSED, reason)
    return ids


def _comparable(value: Any) -> Any:
    """A value as a conflict stores it (JSON): ids as text."""
    return str(value) if isinstance(value, uuid.UUID) else value
