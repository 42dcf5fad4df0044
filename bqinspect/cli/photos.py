"""``bqinspect photos``: attach photo files to an inspection, list its photos and their marks.

Each action is one ``_add_<action>(actions)`` function registering its parser and handler, so a
new action is one more function and one more line in :func:`add_parsers`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Problem, Refused
from bqinspect.cli.common import EXIT_OK, out, usage, workspace
from bqinspect.cli.photos_redact import add_redact
from bqinspect.domain.annotations import describe, shapes_to_json

if TYPE_CHECKING:
    from bqinspect.services.inspections import Record


def cmd_attach(args: argparse.Namespace) -> int:
    """Read every file first; attach them all in one transaction, or none if one is refused."""
    from bqinspect.services import inspections as svc

    with workspace(args) as ws:
        head = svc.find_inspection(ws, args.inspection)
        ingested = svc.ingest_photos(ws, [Path(f) for f in args.files])
        if ingested.problems:
            raise Refused([Problem(p.name, p.reason) for p in ingested.problems])
        changed = svc.attach_photos(
            ws, head.id, ingested.photos, item_id=args.item, why=args.reason or ""
        )
    by_sha = {p.blob_sha256: p for p in changed.photos}
    for photo in ingested.photos:
        out(str(by_sha[photo.sha256].id))
    return EXIT_OK


def _listed(record: Record) -> list[dict[str, Any]]:
    rows = []
    for p in record.visit_photos():
        blob = record.blobs.get(p.blob_sha256)
        marks = record.annotations.get(p.id)
        rows.append(
            {
                "id": str(p.id),
                "item": p.item_id,
                "finding": str(p.finding_id) if p.finding_id else None,
                "caption": p.caption,
                "sha256": p.blob_sha256,
                "mime": blob.mime if blob else None,
                "bytes": blob.original_size if blob else None,
                "width": blob.original_width if blob else None,
                "height": blob.original_height if blob else None,
                "display_width": blob.display_width if blob else None,
                "display_height": blob.display_height if blob else None,
                "taken_at": blob.taken_at.replace(tzinfo=None).isoformat()
                if blob and blob.taken_at
                else None,
                "annotations": {
                    "revision": marks.revision if marks else 0,
                    "shapes": shapes_to_json(marks.shapes) if marks else [],
                },
                "redaction": _redaction(record, p.id),
            }
        )
    return rows


def _redaction(record: Record, photo_id: Any) -> dict[str, Any] | None:
    """The photo's redaction boxes (fractions of the upright photo) and both hashes, if any."""
    hidden = record.redactions.get(photo_id)
    if hidden is None:
        return None
    return {
        "revision": hidden.revision,
        "original_sha256": hidden.original_sha256,
        "redacted_sha256": hidden.redacted_sha256,
        "boxes": [dict(b) for b in hidden.boxes],
    }


def cmd_list(args: argparse.Namespace) -> int:
    from bqinspect.services import inspections as svc

    with workspace(args) as ws:
        record = svc.read_inspection(ws, svc.find_inspection(ws, args.inspection).id)
    rows = _listed(record)
    if args.json:
        out(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row, photo in zip(rows, record.visit_photos(), strict=True):
        marks = record.annotations.get(photo.id)
        size = f"{row['width']}x{row['height']}" if row["width"] else "-"
        kib = f"{row['bytes'] / 1024:.0f} KiB" if row["bytes"] is not None else "-"
        out(
            f"{row['id']}  {row['item'] or '-':<8} {size:<10} {kib:>9}  {row['sha256'][:12]}  "
            f"{row['taken_at'] or '-':<19}  {describe(marks.shapes) if marks else '-'}"
            + (f"  redacted: {len(row['redaction']['boxes'])} box(es)" if row["redaction"] else "")
        )
    if not rows:
        out("no photos")
    return EXIT_OK


def _add_attach(actions: Any) -> None:
    p = actions.add_parser(
        "attach",
        help="attach photo files; prints each photo's id on a line",
        description="Attach photo files (JPEG, PNG, WebP, TIFF, HEIC/HEIF) to an inspection, "
        "or to one of its items. Every file is checked first (type and size before it is "
        "read); if any is refused, nothing is attached and each refusal names its file "
        "(exit 1). Prints the id of each photo, one a line, in the order given; a file "
        "attached to the same place already gives the id it has.",
    )
    p.add_argument("inspection", metavar="INSPECTION", help="inspection id (or unique prefix)")
    p.add_argument("files", metavar="FILE", nargs="+", help="photo files")
    p.add_argument("--item", metavar="ITEM", help="the checklist item the photos show")
    p.add_argument("--reason", metavar="TEXT", help="why (required once submitted: an amendment)")
    p.set_defaults(handler=cmd_attach)


def _add_list(actions: Any) -> None:
    p = actions.add_parser(
        "list",
        help="an inspection's photos: ids, items, sizes, hashes, capture times, marks",
        description="List the visit's photos of an inspection in their order: id, item, "
        "original size in pixels and bytes, sha256 of the original, capture time (the "
        "camera's clock, no zone) and the marks drawn on each.",
    )
    p.add_argument("inspection", metavar="INSPECTION", help="inspection id (or unique prefix)")
    p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    p.set_defaults(handler=cmd_list)


def add_parsers(sub: Any) -> None:
    """Add ``photos`` and its actions to the main parser's sub-commands."""
    group = sub.add_parser("photos", help="photos: attach, list, redact")
    group.set_defaults(handler=lambda _args: usage(group))
    actions = group.add_subparsers(metavar="ACTION")
    _add_attach(actions)
    _add_list(actions)
    add_redact(actions)
