"""``bqinspect photos redact``: a photo's privacy redaction (boxes in pixels of the original)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.cli.common import EXIT_OK, out, workspace
from bqinspect.domain.messages import declare, said

SAY_WHAT_REDACT_AUTO = declare(
    "cli.photos_redact.say_what_redact_auto",
    "say what to redact: --auto, --box X,Y,W,H (or --clear)",
    "请说明打码内容：--auto、--box X,Y,W,H（或 --clear）",
)

if TYPE_CHECKING:
    from bqinspect.redaction.boxes import Box
    from bqinspect.services.redaction import PhotoSize, Redaction

KINDS = ("face", "id_card", "screen", "document", "other")


def _drawn(args: argparse.Namespace, photo: PhotoSize) -> list[Box]:
    from bqinspect.redaction.boxes import Box, BoxError, BoxKind, parse_pixel_box

    boxes = []
    for text in args.box or []:
        try:
            x, y, w, h = parse_pixel_box(text)
            boxes.append(
                Box.from_pixels(
                    x, y, w, h, photo.original_width, photo.original_height, BoxKind(args.kind)
                )
            )
        except BoxError as exc:
            raise Refused(said(exc), where="--box") from exc
    return boxes


def _line(box: Box, photo: PhotoSize) -> str:
    x, y, w, h = box.pixels(photo.original_width, photo.original_height)
    how = "found" if box.auto else "drawn"
    return f"{box.kind.value} ({how}) {x},{y},{w},{h}"


def cmd_redact(args: argparse.Namespace) -> int:
    from bqinspect.services import redaction

    if not (args.auto or args.box or args.clear):
        raise Refused(SAY_WHAT_REDACT_AUTO())
    with workspace(args) as ws:
        photo = redaction.find_photo(ws, args.photo)
        boxes: list[Box] = []
        if args.add and not args.clear:
            current = redaction.redaction_of(ws, photo.photo_id)
            boxes += list(current.boxes) if current else []
        if args.auto:
            boxes += list(redaction.propose_faces(ws, photo.photo_id).boxes)
        boxes += _drawn(args, photo)
        state = redaction.redact_photo(ws, photo.photo_id, [] if args.clear else boxes)
    applied = list(state.boxes) if state else []
    if args.json:
        out(json.dumps(_json(photo, state, applied), indent=2))
        return EXIT_OK
    for box in applied:
        out(_line(box, photo))
    if state is None:
        out(f"photo {photo.photo_id}: no box, not redacted")
    else:
        out(
            f"photo {photo.photo_id}: {len(applied)} box(es) redacted, revision {state.revision}; "
            f"original {state.original_sha256[:16]}…, redacted copy {state.redacted_sha256[:16]}…"
        )
    return EXIT_OK


def _json(photo: PhotoSize, state: Redaction | None, applied: list[Box]) -> dict[str, Any]:
    def pixels(b: Box) -> dict[str, Any]:
        x, y, w, h = b.pixels(photo.original_width, photo.original_height)
        return {"x": x, "y": y, "w": w, "h": h, "kind": b.kind.value, "auto": b.auto}

    return {
        "photo": str(photo.photo_id),
        "original_sha256": photo.sha256,
        "redacted_sha256": state.redacted_sha256 if state else None,
        "revision": state.revision if state else None,
        "boxes": [pixels(b) for b in applied],
    }


def add_redact(actions: Any) -> None:
    """Register ``photos redact`` on the ``photos`` group's actions."""
    p = actions.add_parser(
        "redact",
        help="hide faces, ID cards, screens or documents in a photo's copies that leave the office",
        description="Set a photo's redaction and make its redacted copy (pixelated, "
        "irreversibly). The branch copy of the notice and packages to branches or inspectors "
        "carry only that copy; the original stays as the evidence. Prints the boxes applied, "
        "in pixels of the original photo, upright.",
    )
    p.add_argument("photo", metavar="PHOTO", help="photo id (or unique prefix)")
    p.add_argument("--auto", action="store_true", help="find faces with the built-in detector")
    p.add_argument(
        "--box",
        action="extend",
        nargs="+",
        metavar="X,Y,W,H",
        help="a box to hide, in pixels of the original photo as shown upright (X,Y its top "
        "left corner, W,H its size); may be repeated",
    )
    p.add_argument(
        "--kind", choices=KINDS, default="other", help="what the --box boxes cover (default other)"
    )
    p.add_argument("--add", action="store_true", help="keep the photo's current boxes too")
    p.add_argument("--clear", action="store_true", help="remove the photo's redaction")
    p.add_argument("--json", action="store_true", help="machine-readable result")
    p.set_defaults(handler=cmd_redact)
