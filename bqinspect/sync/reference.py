"""Reference data of a package: form versions added by content, branches merged by revision."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.domain.formio import form_from_json
from bqinspect.domain.ownership import Part
from bqinspect.store.models import utcnow
from bqinspect.sync.ledger import Ledger, Outcome
from bqinspect.sync.package import OpenPackage
from bqinspect.sync.parts import Signer
from bqinspect.sync.records import BranchRecord
from bqinspect.sync.snapshot import chunks, table

BRANCH_FIELDS = ("name", "name_en", "region", "sub_branch", "address", "manager", "phone", "active")


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
            stats.warnings.append(
                f"form {form.id} version {form.version} arrived with a different definition "
                "than the installed one; both are kept (inspections point to their own)"
            )
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
    stats = ledger.stats
    t = table("branch")
    fields = [f for f in BRANCH_FIELDS if f in t.c]
    incoming = pkg.branches().branches
    ledger.load_known([b.code for b in incoming])
    local = {
        r.code: r
        for part in chunks([b.code for b in incoming])
        for r in conn.execute(sa.select(t).where(t.c.code.in_(part)))
    }
    branches: dict[str, uuid.UUID] = {}
    for b in incoming:
        label = f"{b.code} {b.name}"
        row = local.get(b.code)
        if row is None:
            taken = conn.execute(sa.select(t.c.id).where(t.c.id == b.id)).first()
            new_id = uuid.uuid4() if taken else b.id
            values = {f: getattr(b, f) for f in fields}
            conn.execute(
                sa.insert(t).values(
                    id=new_id,
                    code=b.code,
                    revision=b.revision,
                    created_at=b.created_at,
                    updated_at=b.updated_at,
                    **values,
                )
            )
            branches[b.code] = new_id
            ledger.outcome("branch", b.code, label, Outcome.NEW)
            stats.changed = True
            continue
        branches[b.code] = row.id
        differs = {f: getattr(b, f) for f in fields if getattr(row, f) != getattr(b, f)}
        if not differs:
            ledger.outcome("branch", b.code, label, Outcome.UNCHANGED)
        elif not signer.owns(Part.BRANCH):
            what = f"branch {b.code} ({', '.join(sorted(differs))})"
            ledger.outcome(
                "branch", b.code, label, Outcome.REFUSED, signer.refusal(Part.BRANCH, what)
            )
        elif b.revision > row.revision:
            conn.execute(
                sa.update(t)
                .where(t.c.id == row.id)
                .values(revision=b.revision, updated_at=b.updated_at, **differs)
            )
            ledger.outcome("branch", b.code, label, Outcome.UPDATED)
            stats.changed = True
        elif b.revision == row.revision:
            local_part = {f: getattr(row, f) for f in fields}
            if ledger.conflict("branch", b.code, b.revision, local_part, _branch_part(b, fields)):
                stats.changed = True
            ledger.outcome(
                "branch",
                b.code,
                label,
                Outcome.CONFLICT,
                f"revision {b.revision} differs from the stored one in "
                f"{', '.join(sorted(differs))}; the stored branch is kept",
            )
        else:
            ledger.outcome(
                "branch",
                b.code,
                label,
                Outcome.REFUSED,
                f"revision {b.revision} is older than the stored revision {row.revision}",
            )
    return branches


def _branch_part(b: BranchRecord, fields: Sequence[str]) -> dict[str, Any]:
    return {f: getattr(b, f) for f in fields}
