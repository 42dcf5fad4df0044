"""A realistic DEMO workspace: branches in three regions, inspections of both kinds in every state.

Everything made here is demo data: branch names end in "（演示）", people are fictitious,
and every photo is a generated picture stamped "DEMO".
"""

from __future__ import annotations

import functools
import io
import logging
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bqinspect.base import clock, resources
from bqinspect.base.progress import ProgressFn, no_progress
from bqinspect.domain.forms import AnswerType, Form, Item, PhotoRule
from bqinspect.domain.lifecycle import Role
from bqinspect.services import catalog, inspections, review
from bqinspect.services.branches import save_branch
from bqinspect.services.demo_marks import add_demo_marks
from bqinspect.store.models import Branch, InspectionStatus
from bqinspect.store.workspace import Workspace

log = logging.getLogger(__name__)

REGIONS = {
    "华东分行": ["城东支行", "城西支行", "滨江支行"],
    "华南分行": ["天河支行", "越秀支行"],
    "华北分行": ["朝阳支行", "海淀支行"],
}
STREETS = ["人民路", "解放路", "中山路", "建设路", "和平街", "新华路", "文化路", "长江路"]
INSPECTORS = ["王晓明", "李静", "陈思远", "赵敏", "刘洋"]
MANAGERS = ["孙丽", "周强", "吴芳", "郑伟", "冯娟", "许磊"]


def _branches(ws: Workspace, rng: random.Random, count: int) -> list[Branch]:
    rows = []
    regions = list(REGIONS)
    for i in range(count):
        region = regions[i % len(regions)]
        sub = rng.choice(REGIONS[region])
        code = "0231" if i == 0 else f"{201 + i * 7:04d}"
        street = rng.choice(STREETS)
        rows.append(
            save_branch(
                ws,
                {
                    "code": code,
                    "name": f"{sub}{street}营业部（演示）" if i else "城东支行营业部（演示）",
                    "region": region,
                    "sub_branch": sub,
                    "address": f"演示市{street}{rng.randint(1, 300)}号",
                    "manager": rng.choice(MANAGERS),
                    "phone": f"0571-8{rng.randint(1000000, 9999999)}",
                },
            )
        )
    return rows


@functools.cache
def _stamp_font(size: int) -> Any:
    """The shipped CJK font, so the Chinese in the stamp is drawn (Pillow's own font has none)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(resources.fonts_dir() / "wqy-zenhei.ttc"), size)


def demo_photo(label: str, rng: random.Random, size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A generated JPEG standing in for a site photo, clearly stamped DEMO."""
    from PIL import Image, ImageDraw

    base = tuple(rng.randint(90, 200) for _ in range(3))
    img = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(img)
    w, h = size
    for _ in range(14):
        x0, y0 = rng.randint(0, w - 50), rng.randint(0, h - 50)
        x1, y1 = x0 + rng.randint(80, w // 2), y0 + rng.randint(60, h // 2)
        colour = tuple(rng.randint(40, 230) for _ in range(3))
        draw.rectangle((x0, y0, x1, y1), fill=colour)
    draw.rectangle((0, h - 140, w, h), fill=(20, 20, 20))
    draw.text((40, h - 120), f"DEMO  {label}", fill=(255, 255, 255), font=_stamp_font(72))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def demo_signature(name: str, rng: random.Random) -> bytes:
    """A generated signature-like PNG (a scribble), for demo records only."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (480, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    x, y = 30, 90
    points = [(x, y)]
    for _ in range(24):
        x += rng.randint(8, 22)
        y = max(20, min(140, y + rng.randint(-35, 35)))
        points.append((x, y))
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def demo_value(item: Item, rng: random.Random, quality: float) -> tuple[Any, bool]:
    """A plausible (value, na) for an item; ``quality`` in [0, 1] is the chance of a good answer."""
    good = rng.random() < quality
    if item.na_allowed and rng.random() < 0.08:
        return None, True
    t = item.type
    if t is AnswerType.YESNO:
        return ("pass" if good else "fail"), False
    if t is AnswerType.RATING:
        return (rng.randint(4, item.scale) if good else rng.randint(1, 3)), False
    if t is AnswerType.NUMBER:
        if item.bands:
            band = next((b for b in item.bands if b.score == 1), item.bands[0])
            if good:
                lo = band.min if band.min is not None else 0
                hi = band.max if band.max is not None else lo * 2 + 10
            else:
                lo = (band.max or 0) + 1 if band.max is not None else 0
                hi = lo * 2 + 10 if band.max is not None else max((band.min or 1) - 1, 0)
            return round(rng.uniform(min(lo, hi), max(lo, hi)), 1), False
        return rng.randint(0, 12), False
    if t is AnswerType.CHECKS:
        assert item.checks
        failed = set() if good else {rng.choice(item.checks).id}
        return {c.id: "fail" if c.id in failed else "pass" for c in item.checks}, False
    if t is AnswerType.COUNT:
        y = item.count_of or rng.randint(2, 6)
        return {"x": y if good else rng.randint(0, y - 1), "y": y}, False
    if t is AnswerType.CHOICE:
        assert item.options
        best = max(item.options, key=lambda o: o.score)
        return (best.value if good else rng.choice(item.options).value), False
    if t is AnswerType.MULTICHOICE:
        assert item.options
        fine = [o.value for o in item.options if not o.flagged]
        k = len(fine) if good else rng.randint(0, max(0, len(fine) - 1))
        return rng.sample(fine, k), False
    if t is AnswerType.DATE:
        days = rng.randint(5, 60) if good else rng.randint(200, 400)
        return (clock.today() - timedelta(days=days)).isoformat(), False
    if t is AnswerType.TIMESTAMP:
        return clock.now().replace(microsecond=0).isoformat(), False
    if t is AnswerType.TEXT:
        return "演示记录：网点整体秩序良好，个别细节需改进。", False
    return None, False


def _fill(
    ws: Workspace,
    insp_id: uuid.UUID,
    form: Form,
    rng: random.Random,
    quality: float,
    visit: datetime,
    photos: list[Any],
) -> None:
    if form.checkpoints:
        t = visit
        steps = {
            "T0": 0,
            "T1": 150,
            "T2": rng.choice([4, 6, 9, 25]),
            "T3": 40,
            "T4": rng.choice([300, 480, 700, 840, 1100, 1500, 2100]),
            "T5": 25,
            "T6": rng.randint(180, 420),
            "T7": 420,  # the shopper stays to the 15-minute dwell before leaving
        }
        for cp in form.checkpoints:
            t = t + timedelta(seconds=steps.get(cp.id, 60))
            inspections.mark_timer(ws, insp_id, cp.id, t)
    done = inspections.answers_of(ws, insp_id)
    for item in form.items():
        if item.type in (AnswerType.DURATION, AnswerType.PHOTO, AnswerType.SIGNATURE):
            continue
        if item.id in done:
            continue
        value, na = demo_value(item, rng, max(quality, 0.985) if item.veto else quality)
        if value is None and not na:
            continue
        inspections.set_answer(ws, insp_id, item.id, value, na=na)
    score = inspections.current_score(ws, insp_id)
    for item in form.items():
        failed = item.id in score.failed_items and not score.items[item.id].gated
        wants_photo = item.type is AnswerType.PHOTO or (
            failed and item.photo_on_fail is PhotoRule.REQUIRED
        )
        if wants_photo:
            photo = photos[rng.randrange(len(photos))]
            inspections.attach_photo(
                ws, insp_id, photo, item_id=item.id, caption=f"{item.id} 现场照片（演示）"
            )
        note = "演示：现场发现该项不达标，已拍照留存。"
        wants_note = failed and (item.note_on_fail or rng.random() < 0.5)
        deducted = score.items[item.id].deducted > 0 and not score.items[item.id].gated
        if deducted and (item.reasons or form.deduction_reason == "required"):
            wants_note = True  # every deduction a reason: one of the item's, else typed
            note = item.reasons[len(item.id) % len(item.reasons)].zh if item.reasons else note
        if wants_note:
            inspections.set_note(ws, insp_id, item.id, note)


def _rectify(ws: Workspace, insp_id: uuid.UUID, rng: random.Random, photos: list[Any]) -> None:
    """Move the findings of an approved demo inspection along their lifecycle."""
    from bqinspect.services.rectification import Action, advance

    steps = [
        [],
        [Action.START],
        [Action.START, Action.SUBMIT],
        [Action.START, Action.SUBMIT, Action.VERIFY],
        [Action.START, Action.SUBMIT, Action.REJECT],
    ]
    for n, finding in enumerate(inspections.findings_of(ws, insp_id)):
        for action in steps[n % len(steps)]:
            text = {
                Action.SUBMIT: "演示：已完成整改，附整改后照片。",
                Action.REJECT: "演示：整改不到位，请重新整改。",
            }.get(action, "")
            advance(
                ws,
                finding.id,
                action,
                actor=rng.choice(MANAGERS),
                text=text,
                photos=[photos[n % len(photos)]] if action is Action.SUBMIT else (),
                method="photo_review" if action is Action.VERIFY else "",
            )


def _photo_pool(rng: random.Random, count: int = 8) -> list[Any]:
    """A few generated DEMO photos, reused across items (stored once: content-addressed)."""
    from bqinspect.photos import ingest_bytes

    return [
        ingest_bytes(demo_photo(f"现场照片 {n + 1}", rng), f"demo-{n + 1}.jpg")
        for n in range(count)
    ]


@dataclass(frozen=True)
class DemoCounts:
    """What :func:`create_demo` made."""

    branches: int
    inspections: int  # worked through the use cases, in every state
    history: int  # two years of submitted and approved history
    forms: int


def create_demo(
    ws: Workspace,
    *,
    branches: int = 20,
    inspections_count: int = 12,
    seed: int = 231,
    progress: ProgressFn = no_progress,
) -> DemoCounts:
    """Fill an (empty) workspace with demo data and two years of history.

    ``progress`` hears of each worked inspection. Not cancellable: each inspection is
    committed as it is made.
    """
    rng = random.Random(seed)
    versions = catalog.install_shipped_forms(ws)
    if not ws.setting("bank_name"):
        ws.set_setting("bank_name", "演示银行 Demo Bank")
    if not ws.setting("inspector_name"):
        ws.set_setting("inspector_name", INSPECTORS[0])
    rows = _branches(ws, rng, branches)
    onsite = [v for v in versions if v.kind == "onsite"]
    mystery = [v for v in versions if v.kind == "mystery"]
    states = [
        InspectionStatus.DRAFT,
        InspectionStatus.SUBMITTED,
        InspectionStatus.APPROVED,
        InspectionStatus.RETURNED,
    ]
    now = clock.now().replace(second=0, microsecond=0)
    photos = _photo_pool(rng)
    for n in range(inspections_count):
        fv = (onsite if n % 2 == 0 or not mystery else mystery)[
            n // 2 % max(1, len(onsite if n % 2 == 0 or not mystery else mystery))
        ]
        branch = rows[n % len(rows)]
        state = states[(n // 2) % len(states)]
        visit = now - timedelta(days=3 * (inspections_count - n), hours=rng.randint(0, 5))
        insp = inspections.start_inspection(
            ws,
            branch.id,
            fv.id,
            inspectors=rng.sample(INSPECTORS, 2),
            visit_start=visit,
            shopper_alias="暗访员 M-07（演示）" if fv.kind == "mystery" else "",
        )
        form = ws.form(fv.id)
        quality = rng.choice([0.8, 0.88, 0.93, 0.97])
        _fill(ws, insp.id, form, rng, quality, visit, photos)
        add_demo_marks(ws, insp.id)
        inspections.set_inspection_fields(
            ws, insp.id, visit_end=visit + timedelta(minutes=rng.randint(50, 110))
        )
        if state is not InspectionStatus.DRAFT and not inspections.check_submission(ws, insp.id):
            inspections.add_signature(
                ws,
                insp.id,
                "inspector",
                insp.inspectors[0],
                demo_signature(insp.inspectors[0], rng),
            )
            inspections.add_signature(
                ws, insp.id, "manager", branch.manager, demo_signature(branch.manager, rng)
            )
            inspections.submit(ws, insp.id)
            if state is InspectionStatus.SUBMITTED:
                _amend_once(ws, insp.id, form)
            with _as_lead(ws):
                if state is InspectionStatus.APPROVED:
                    review.approve(ws, insp.id, text="演示审核通过")
                elif state is InspectionStatus.RETURNED:
                    score = inspections.current_score(ws, insp.id)
                    redo = [k for k, v in score.items.items() if v.visible and v.failed][:2]
                    review.return_inspection(ws, insp.id, "演示：请补充照片说明", redo)
        if state is InspectionStatus.APPROVED:
            with _as_lead(ws):
                _rectify(ws, insp.id, rng, photos)
        progress(n + 1, inspections_count, branch.code)
    from bqinspect.services.demo_appeals import add_demo_appeals
    from bqinspect.services.demo_history import add_history
    from bqinspect.services.demo_redaction import add_demo_redactions

    add_demo_redactions(ws)

    with _as_lead(ws):
        add_demo_appeals(ws)

    past = add_history(ws, rows, versions, INSPECTORS, photos, random.Random(seed + 1), now)
    from bqinspect.services.demo_feedback import add_demo_feedback

    with _as_lead(ws):
        add_demo_feedback(ws, rows, now)

    from bqinspect.services.demo_staff import add_demo_staff

    add_demo_staff(ws, rows, random.Random(seed + 2))
    return DemoCounts(
        branches=len(rows),
        inspections=inspections_count,
        history=past.inspections,
        forms=len(versions),
    )


def _amend_once(ws: Workspace, inspection_id: uuid.UUID, form: Form) -> None:
    """A submitted demo inspection amended once, with a lead's comment: the audit trail and
    the revisions have something to show."""
    answers = inspections.answers_of(ws, inspection_id)
    for item in form.items():
        answer = answers.get(item.id)
        if answer is not None and item.type is AnswerType.YESNO and answer.value == "fail":
            inspections.set_answer(ws, inspection_id, item.id, "pass", why="演示：复核照片后更正")
            with _as_lead(ws):
                review.comment(ws, inspection_id, "演示：请说明更正依据", item.id)
            return


@contextmanager
def _as_lead(ws: Workspace) -> Iterator[None]:
    """Play the supervision lead on the demo machine, under the lead's own name."""
    from bqinspect.services.demo_history import REVIEWER

    before, ws.actor = ws.actor, REVIEWER
    try:
        with ws.acting_as(Role.LEAD):
            yield
    finally:
        ws.actor = before
