"""Three parties exchange packages in any order while each edits what it owns (hypothesis).

An inspector's laptop, a lead's laptop and head office (SQLite; and PostgreSQL, marked
``postgres``) trust one another in their true roles. The inspector starts, answers, submits,
amends and, once returned, redoes and resubmits; the lead comments, approves, returns and
reopens; head office edits the branch and, as the lead, sets internal notes and approves; the
lead or head office sets due dates and moves findings along. Any party exports all it has, and
any other party imports any package made so far, old ones and the same one twice included.

After every import: the importer's own data is untouched, every edit the signer owns is
applied or kept as a recorded conflict, no stored row changed and none is stored twice
(``tests.unit.sync_model``). At the end every latest package crosses both ways between every
pair until nothing changes, and then all three agree.

``BQINSPECT_STATEFUL_EXAMPLES`` (with the ``slow`` marker's run in CI) sets a larger search.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
)

from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import FindingAction, FindingStatus, Role
from bqinspect.domain.ownership import Part
from bqinspect.services import inspections as svc
from bqinspect.services import rectification, review
from bqinspect.services.branches import list_branches, save_branch
from bqinspect.store.workspace import Workspace
from bqinspect.sync.imports import import_package
from tests.pg import fresh_database
from tests.unit.parties import Parties, three_parties
from tests.unit.sync_helpers import make_inspection, signature_png
from tests.unit.sync_model import Held, check_agreement, check_import, held, no_duplicates

PICK = st.integers(min_value=0, max_value=5)  # short lists: an index taken modulo their length
MAX_INSPECTIONS = 3
QUIET_ROUNDS = 6
FINDING_STEPS = {
    FindingStatus.OPEN: (FindingAction.START, ""),
    FindingStatus.RECTIFYING: (FindingAction.SUBMIT, "已整改"),
    FindingStatus.REJECTED: (FindingAction.REWORK, ""),
    FindingStatus.VERIFIED: (FindingAction.COMMENT, "已销号"),
}


@dataclass(frozen=True)
class Package:
    path: Path
    signer: Role
    content: Held  # what the exporter held when it made the package


def _has(ws: Workspace) -> set[uuid.UUID]:
    return {r.id for r in svc.list_inspections(ws)}


class Exchange(RuleBasedStateMachine):
    """The three parties; head office's database is ``office_db()`` (None: SQLite)."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="bq-exchange-"))
        self.world: Parties = three_parties(self.root, self.office_db(), durable=False)
        self.roles = {
            id(self.world.laptop): Role.INSPECTOR,
            id(self.world.lead): Role.LEAD,
            id(self.world.office): Role.OFFICE,
        }
        self.ids: list[uuid.UUID] = []
        self.packages: list[Package] = []
        self.texts = 0
        # every state of each record's inspector part, in the order the laptop made them
        self.history: dict[uuid.UUID, list[Any]] = {}

    def office_db(self) -> str | None:
        return None

    def teardown(self) -> None:
        self.world.close()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- helpers
    def _party(self, pick: int) -> Workspace:
        return self.world.all()[pick % 3]

    def _text(self, what: str) -> str:
        self.texts += 1
        return f"{what} #{self.texts}"

    def _known(self, ws: Workspace, pick: int) -> uuid.UUID | None:
        """An inspection ``ws`` has (by ``pick``), or None."""
        have = [iid for iid in self.ids if iid in _has(ws)]
        return have[pick % len(have)] if have else None

    def _inspector_edited(self) -> None:
        """Note the laptop's latest edit of each record's inspector part."""
        for iid, (_key, part) in held(self.world.laptop).parts[Part.INSPECTION].items():
            states = self.history.setdefault(iid, [])
            if not states or states[-1] != part:
                states.append(part)

    def _order(self, iid: uuid.UUID, held_by: Held) -> int | None:
        """Which of the laptop's edits of ``iid`` a party holds (None: it has no copy)."""
        copy = held_by.part(Part.INSPECTION, iid)
        if copy is None:
            return None
        states = self.history[iid]
        assert copy[1] in states, (iid, "an inspector's part the laptop never made")
        return max(i for i, state in enumerate(states) if state == copy[1])

    def _status(self, ws: Workspace, iid: uuid.UUID) -> str:
        return svc.get_inspection(ws, iid).status

    # -- the inspector
    @initialize(seed=PICK)
    def first(self, seed: int) -> None:
        """A submitted inspection with a finding and a draft, already at the lead's and
        head office."""
        self.start(True, True, seed)
        self.start(False, False, seed + 1)
        content = held(self.world.laptop)
        package = Package(self.world.export(self.world.laptop), Role.INSPECTOR, content)
        self.packages.append(package)
        for ws in (self.world.lead, self.world.office):
            self._import(ws, package)

    @precondition(lambda self: len(self.ids) < MAX_INSPECTIONS)
    @rule(submit=st.booleans(), fail=st.booleans(), seed=PICK)
    def start(self, submit: bool, fail: bool, seed: int) -> None:
        ws = self.world.laptop
        (branch,) = list_branches(ws)
        iid = make_inspection(
            ws, branch, ws.form_versions()[0], submit=submit, fail_env01=fail, seed=seed
        )
        self.ids.append(iid)
        self._inspector_edited()

    @precondition(lambda self: self.ids)
    @rule(pick=PICK, item=st.sampled_from(["ENV-01", "ENV-04", "note"]), value=PICK)
    def answer(self, pick: int, item: str, value: int) -> None:
        ws = self.world.laptop
        iid = self.ids[pick % len(self.ids)]
        why = self._text("补记")
        status = self._status(ws, iid)
        if status == "approved":
            with pytest.raises(Refused):
                svc.set_answer(ws, iid, "ENV-04", 1 + value % 5, why=why)
            return
        if item == "ENV-01":
            svc.set_answer(ws, iid, item, "pass" if value % 2 else "fail", why=why)
        elif item == "ENV-04":
            svc.set_answer(ws, iid, item, 1 + value % 5, why=why)
        else:
            svc.set_note(ws, iid, "ENV-04", self._text("备注"), why=why)
        self._inspector_edited()

    @precondition(lambda self: self.ids)
    @rule(pick=PICK)
    def submit(self, pick: int) -> None:
        ws = self.world.laptop
        iid = self.ids[pick % len(self.ids)]
        if self._status(ws, iid) not in ("draft", "returned"):
            return
        if not any(s.role == "inspector" for s in svc.signatures_of(ws, iid)):
            svc.add_signature(ws, iid, "inspector", "王晓明", signature_png())
        if not svc.check_submission(ws, iid):
            svc.submit(ws, iid)
        self._inspector_edited()

    # -- the lead (and head office as the lead)
    def _lead_side(self, office: bool) -> Workspace:
        return self.world.office if office else self.world.lead

    @rule(office=st.booleans(), pick=PICK, whole=st.booleans())
    def comment(self, office: bool, pick: int, whole: bool) -> None:
        ws = self._lead_side(office)
        iid = self._known(ws, pick)
        if iid is not None:
            with ws.acting_as(Role.LEAD):
                review.comment(ws, iid, self._text("意见"), item_id="" if whole else "ENV-01")

    @rule(office=st.booleans(), pick=PICK, decision=st.sampled_from(["approve", "return"]))
    def decide(self, office: bool, pick: int, decision: str) -> None:
        ws = self._lead_side(office)
        iid = self._known(ws, pick)
        if iid is None or self._status(ws, iid) != "submitted":
            return
        with ws.acting_as(Role.LEAD):
            if decision == "approve":
                review.approve(ws, iid, text=self._text("同意"))
            else:
                review.return_inspection(ws, iid, self._text("退回"), items=["ENV-01"])

    @rule(pick=PICK)
    def reopen(self, pick: int) -> None:
        ws = self.world.lead
        iid = self._known(ws, pick)
        if iid is not None and self._status(ws, iid) == "approved":
            review.reopen(ws, iid, self._text("重开"))

    @rule(pick=PICK)
    def internal_notes(self, pick: int) -> None:
        """(Not on a draft here: a note-only edit of a draft cannot be ordered against head
        office's later edit of that draft; ``test_ownership`` covers an answer's.)"""
        ws = self.world.office
        iid = self._known(ws, pick)
        if iid is not None and self._status(ws, iid) != "draft":
            with ws.acting_as(Role.LEAD):
                svc.set_inspection_fields(ws, iid, internal_notes=self._text("内部"))

    @rule(office=st.booleans(), pick=PICK, days=st.integers(min_value=1, max_value=60))
    def due_date(self, office: bool, pick: int, days: int) -> None:
        ws = self._lead_side(office)
        finding = self._finding(ws, pick)
        if finding is not None:
            with ws.acting_as(Role.LEAD):
                svc.update_finding(ws, finding, due_date=date(2025, 4, 1) + timedelta(days=days))

    @rule(office=st.booleans(), pick=PICK, verify=st.booleans())
    def advance(self, office: bool, pick: int, verify: bool) -> None:
        ws = self._lead_side(office)
        finding = self._finding(ws, pick)
        if finding is None:
            return
        status = FindingStatus(rectification.get_finding(ws, finding).status)
        if status is FindingStatus.SUBMITTED:
            action, text = (
                (FindingAction.VERIFY, "") if verify else (FindingAction.REJECT, "未通过")
            )
        else:
            action, text = FINDING_STEPS[status]
        with ws.acting_as(Role.LEAD):
            rectification.advance(ws, finding, action, text=text)

    def _finding(self, ws: Workspace, pick: int) -> uuid.UUID | None:
        """A finding of a submitted (not draft) inspection ``ws`` has."""
        found = [
            f.id
            for iid in self.ids
            if iid in _has(ws) and self._status(ws, iid) != "draft"
            for f in svc.findings_of(ws, iid)
        ]
        return found[pick % len(found)] if found else None

    # -- head office
    @rule()
    def edit_branch(self) -> None:
        ws = self.world.office
        (branch,) = list_branches(ws)
        save_branch(
            ws,
            {"code": branch.code, "name": branch.name, "manager": self._text("经理")},
            branch_id=branch.id,
        )

    # -- packages
    @rule(pick=PICK)
    def export(self, pick: int) -> None:
        ws = self._party(pick)
        content = held(ws)
        self.packages.append(Package(self.world.export(ws), self.roles[id(ws)], content))

    @rule(pick=PICK, to=PICK)
    def send(self, pick: int, to: int) -> None:
        """A party exports all it has; another imports it at once."""
        self.export(pick)
        self.take(len(self.packages) - 1, to)

    @precondition(lambda self: self.packages)
    @rule(pick=PICK, to=PICK)
    def take(self, pick: int, to: int) -> None:
        package = self.packages[pick % len(self.packages)]
        others = [ws for ws in self.world.all() if self.roles[id(ws)] is not package.signer]
        self._import(others[to % 2], package)

    def _import(self, ws: Workspace, package: Package) -> bool:
        before = held(ws)
        result = import_package(ws, package.path)
        after = held(ws)
        importer = self.roles[id(ws)]
        check_import(before, after, package.content, importer, package.signer)
        no_duplicates(after)
        # one inspector device: its edits are ordered, never in conflict
        assert not [c for c in after.conflicts if c[0] == "inspection"], after.conflicts
        self._newest_inspector_edit(before, after, package)
        event(f"import {package.signer.value} -> {importer.value}: changed={result.changed}")
        if result.conflicts_recorded:
            event("a conflict recorded")
        if result.refused:
            event("a part refused")
        return result.changed

    def _newest_inspector_edit(self, before: Held, after: Held, package: Package) -> None:
        """One laptop makes every inspector's edit: the importer holds the newer of its copy
        and the package's, or (from another signer) keeps its own."""
        for iid in package.content.parts[Part.INSPECTION]:
            mine, theirs = self._order(iid, before), self._order(iid, package.content)
            assert theirs is not None
            if mine is None:
                expected = theirs
            elif package.signer is Role.INSPECTOR:
                expected = max(mine, theirs)
            else:
                expected = mine
            assert self._order(iid, after) == expected, (iid, mine, theirs, "not the newest")

    # -- the end: everything crosses until quiet, then all agree
    def quiesce(self) -> None:
        for _round in range(QUIET_ROUNDS):
            changed = False
            for src in self.world.all():
                if not _has(src):
                    continue
                package = Package(self.world.export(src), self.roles[id(src)], held(src))
                for dst in self.world.all():
                    if dst is not src:
                        changed |= self._import(dst, package)
            if not changed:
                check_agreement(*(held(ws) for ws in self.world.all()))
                return
        raise AssertionError(f"still changing after {QUIET_ROUNDS} rounds")


def _examples(default: int) -> int:
    return int(os.environ.get("BQINSPECT_STATEFUL_EXAMPLES", default))


FAST = settings(
    max_examples=_examples(8),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class FinalCross(Exchange):
    """Runs the end cross after every run, too (hypothesis calls ``teardown`` last)."""

    def teardown(self) -> None:
        try:
            if self.ids:
                self.quiesce()
        finally:
            super().teardown()


def test_three_parties_exchange_in_any_order() -> None:
    FinalCross.TestCase.settings = FAST
    FinalCross.TestCase().runTest()


@pytest.mark.slow
def test_three_parties_exchange_longer() -> None:
    longer = settings(FAST, max_examples=_examples(15), stateful_step_count=40)
    FinalCross.TestCase.settings = longer
    FinalCross.TestCase().runTest()


@pytest.mark.postgres
def test_three_parties_exchange_with_head_office_on_postgres(pg_url: str) -> None:
    class OnPostgres(FinalCross):
        def __init__(self) -> None:
            self._db = fresh_database(pg_url)
            self._url = self._db.__enter__()
            super().__init__()
            assert not self.world.office.db.is_sqlite

        def office_db(self) -> str | None:
            return self._url

        def teardown(self) -> None:
            try:
                super().teardown()
            finally:
                self._db.__exit__(None, None, None)

    OnPostgres.TestCase.settings = settings(FAST, max_examples=_examples(3))
    OnPostgres.TestCase().runTest()
