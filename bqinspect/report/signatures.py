"""The signature blocks: one per role and signer, three to a row."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from bqinspect.report.flowables import SignatureImage
from bqinspect.report.kit import StoryKit

SIGNATURE_BOX = (46 * mm, 16 * mm)


def signature_blocks(k: StoryKit) -> list[Flowable]:
    c, s, w = k.c, k.s, k.w
    by_role: dict[str, list[int]] = {}
    for i, sig in enumerate(c.signatures):
        by_role.setdefault(sig.role, []).append(i)
    roles = ["inspector", "manager"]
    if c.lead or "lead" in by_role:
        roles.append("lead")
    roles += sorted(set(by_role) - set(roles))
    blocks: list[list[Flowable]] = []
    for role in roles:
        indices = by_role.get(role) or [-1]
        for index in indices:
            blocks.append(_signature_block(k, role, index))
    cols = 3
    col_w = k.width / cols
    rows = [blocks[i : i + cols] for i in range(0, len(blocks), cols)]
    rows[-1] += [[]] * (cols - len(rows[-1]))
    grid = k.table(
        rows,
        colWidths=[col_w] * cols,
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
            ]
        ),
    )
    return [
        KeepTogether(
            [
                k.heading("signatures"),
                k.p(escape(w("sign_receipt")), s.small),
                Spacer(1, 5 * mm),
                grid,
            ]
        )
    ]


def _signature_block(k: StoryKit, role: str, index: int) -> list[Flowable]:
    s, w = k.s, k.w
    sig = k.c.signatures[index] if index >= 0 else None
    width = SIGNATURE_BOX[0]
    label_key = {
        "inspector": "sign_inspector",
        "manager": "sign_manager",
        "lead": "sign_lead",
    }.get(role)
    title = w(label_key) if label_key else role
    withheld = sig is not None and not sig.name and sig.image is None
    image = k.signature_images.get(index) if sig is not None else None
    name = sig.name if sig is not None else ""
    when = k.time_text(sig.signed_at, "%Y-%m-%d") if sig and sig.signed_at else ""
    out: list[Flowable] = [k.p(f"{escape(title)}", s.small)]
    if withheld:
        name = w("withheld")
        out.append(Spacer(1, SIGNATURE_BOX[1] - 11))
        out.append(k.p(escape(w("signed_withheld")), s.tiny))
    else:
        out.append(SignatureImage(image, width, SIGNATURE_BOX[1]))
    out.append(Spacer(1, 1.5 * mm))
    out.append(
        k.p(
            f'<font color="#5F6670">{escape(w("sign_name"))}:</font> {k.clean(name)}',
            s.small,
        )
    )
    out.append(k.p(f'<font color="#5F6670">{escape(w("sign_date"))}:</font> {when}', s.small))
    return out
