"""Small random head-office data for the analytics tests: a plain-Python world and its rows."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from hypothesis import strategies as st
from sqlmodel import Session

from bqinspect.store.models import (
    Answer,
    Branch,
    Finding,
    FindingEvent,
    FormVersion,
    Inspection,
    TimerMark,
)

REGIONS = ("north", "south", "east")
SUB_BRANCHES = ("sub-1", "sub-2")
FORMS = {"onsite-a": "onsite", "mystery-a": "mystery"}
SECTIONS = {"S1": ("I1", "I2"), "S2": ("I3", "I4")}
ITEMS = tuple(i for items in SECTIONS.values() for i in items)
VETO_ITEMS = ("I1", "I3")
GRADES = ("excellent", "good", "pass", "fail")
STATUSES = ("draft", "submitted", "approved", "returned")
COMMON_STATUSES = ("draft", "submitted", "submitted", "approved", "approved", "returned")
SEVERITIES = ("critical", "major", "general")
RISK_TYPES = ("conduct", "efficiency", "")
FINDING_STATUSES = ("open", "rectifying", "submitted", "verified", "rejected")
CHECKPOINTS = ("T1", "T2", "T3", "T4", "T5", "T6")
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = date(2026, 5, 15)


@dataclass(frozen=True)
class WBranch:
    code: str
    region: str
    sub_branch: str
    id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True)
class WAnswer:
    is_na: bool
    possible: float | None
    awarded: float | None


@dataclass(frozen=True)
class WFinding:
    severity: str
    risk_type: str
    due: date
    status: str
    closed_at: datetime | None
    events: tuple[str, ...]


@dataclass(frozen=True)
class WInspection:
    branch: WBranch
    form_id: str
    status: str
    visit_start: datetime
    score: float
    grade: str
    sections: dict[str, float | None]
    veto: tuple[str, ...]
    answers: dict[str, WAnswer]
    findings: dict[str, WFinding]
    marks: dict[str, datetime]
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def kind(self) -> str:
        return FORMS[self.form_id]


@dataclass(frozen=True)
class World:
    branches: tuple[WBranch, ...]
    inspections: tuple[WInspection, ...]


# Multiples of 0.25 are exact in binary, so sums do not round; a few common values make ties.
quarters = st.one_of(
    st.sampled_from([50.0, 75.0, 90.0]), st.integers(0, 400).map(lambda n: n * 0.25)
)


@st.composite
def answers(draw: st.DrawFn) -> WAnswer:
    if draw(st.booleans()) and draw(st.booleans()):
        return WAnswer(True, None, None)
    possible = draw(st.one_of(st.none(), st.integers(1, 4).map(float)))
    awarded = None if possible is None else draw(st.integers(0, int(possible * 2))) / 2
    return WAnswer(False, possible, awarded)


@st.composite
def findings(draw: st.DrawFn, visit: datetime) -> WFinding:
    status = draw(st.sampled_from(FINDING_STATUSES))
    # Due dates and closing times on and around the edges: today, the due day's last hour.
    due = draw(
        st.one_of(
            st.integers(0, 60).map(lambda d: visit.date() + timedelta(days=d)),
            st.integers(-1, 1).map(lambda d: TODAY + timedelta(days=d)),
        )
    )
    closed = None
    if status == "verified":
        around_due = datetime(due.year, due.month, due.day, 23, 30, tzinfo=UTC)
        closed = draw(
            st.one_of(
                st.integers(1, 24 * 60).map(lambda h: visit + timedelta(hours=h)),
                st.sampled_from([around_due, around_due + timedelta(hours=1)]),
            )
        )
    events = tuple(draw(st.lists(st.sampled_from(("verify", "reject", "comment")), max_size=3)))
    return WFinding(
        draw(st.sampled_from(SEVERITIES)),
        draw(st.sampled_from(RISK_TYPES)),
        due,
        status,
        closed,
        events,
    )


@st.composite
def inspections(draw: st.DrawFn, branch: WBranch, minute: int) -> WInspection:
    form_id = draw(st.sampled_from(sorted(FORMS)))
    visit = YEAR_START + timedelta(minutes=minute)
    item_answers = {i: draw(answers()) for i in ITEMS if draw(st.integers(0, 5)) > 0}
    failed = [i for i in ITEMS if draw(st.booleans()) and draw(st.booleans())]
    marks: dict[str, datetime] = {}
    if FORMS[form_id] == "mystery":
        for cp in CHECKPOINTS:
            if draw(st.integers(0, 5)) > 0:
                marks[cp] = visit + timedelta(seconds=draw(st.integers(0, 2400)))
    return WInspection(
        branch=branch,
        form_id=form_id,
        status=draw(st.sampled_from(COMMON_STATUSES)),
        visit_start=visit,
        score=draw(quarters),
        grade=draw(st.sampled_from(GRADES)),
        sections={s: draw(st.one_of(st.none(), quarters)) for s in SECTIONS},
        veto=tuple(i for i in VETO_ITEMS if i in failed),
        answers=item_answers,
        findings={i: draw(findings(visit)) for i in failed},
        marks=marks,
    )


@st.composite
def worlds(draw: st.DrawFn) -> World:
    n = draw(st.integers(1, 4))
    branches = tuple(
        WBranch(f"B{k:02d}", draw(st.sampled_from(REGIONS)), draw(st.sampled_from(SUB_BRANCHES)))
        for k in range(n)
    )
    # Distinct visit minutes over about half a year: no two visits start at the same time.
    minutes = draw(st.lists(st.integers(0, 60 * 24 * 180), min_size=4, max_size=16, unique=True))
    insps = tuple(draw(inspections(draw(st.sampled_from(branches)), m)) for m in minutes)
    return World(branches, insps)


def _definition(form_id: str) -> str:
    sections = [
        {
            "id": sid,
            "title": {"zh": f"{sid}节", "en": f"Section {sid}"},
            "items": [{"id": i, "text": {"zh": f"{i}项", "en": f"Item {i}"}} for i in items],
        }
        for sid, items in SECTIONS.items()
    ]
    return json.dumps({"id": form_id, "sections": sections})


TABLES = (FindingEvent, Finding, TimerMark, Answer, Inspection, FormVersion, Branch)


def clear(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        for table in TABLES:
            conn.execute(sa.delete(sa.inspect(table).local_table))


def store(engine: sa.Engine, world: World) -> None:
    """Write the world as rows (and nothing else) into an empty, migrated database."""
    clear(engine)
    forms = {
        fid: FormVersion(
            form_id=fid,
            version="1",
            kind=kind,
            title_zh=fid,
            title_en=fid,
            sha256=fid,
            definition=_definition(fid),
        )
        for fid, kind in FORMS.items()
    }
    with Session(engine) as s:
        s.add_all(
            Branch(
                id=b.id,
                code=b.code,
                name=f"name {b.code}",
                region=b.region,
                sub_branch=b.sub_branch,
            )
            for b in world.branches
        )
        s.add_all(forms.values())
        s.flush()
        for w in world.inspections:
            s.add(
                Inspection(
                    id=w.id,
                    branch_id=w.branch.id,
                    form_version_id=forms[w.form_id].id,
                    kind=w.kind,
                    status=w.status,
                    visit_start=w.visit_start,
                    overall_score=w.score,
                    grade=w.grade,
                    section_scores={k: {"percent": v} for k, v in w.sections.items()},
                    veto_hits=list(w.veto),
                )
            )
        s.flush()
        for w in world.inspections:
            for item, a in w.answers.items():
                s.add(
                    Answer(
                        inspection_id=w.id,
                        item_id=item,
                        value="pass",
                        is_na=a.is_na,
                        points_possible=a.possible,
                        points_awarded=a.awarded,
                    )
                )
            for cp, at in w.marks.items():
                s.add(TimerMark(inspection_id=w.id, checkpoint=cp, at=at))
            for item, f in w.findings.items():
                finding = Finding(
                    inspection_id=w.id,
                    branch_id=w.branch.id,
                    item_id=item,
                    severity=f.severity,
                    risk_type=f.risk_type,
                    due_date=f.due,
                    status=f.status,
                    closed_at=f.closed_at,
                )
                s.add(finding)
                s.flush()
                for n, kind in enumerate(f.events):
                    s.add(
                        FindingEvent(
                            finding_id=finding.id,
                            kind=kind,
                            at=w.visit_start + timedelta(hours=n + 1),
                        )
                    )
        s.commit()
