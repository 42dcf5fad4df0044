"""``bqinspect export``, ``import`` and ``keys``: signed packages between devices."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.base.progress import TextProgress
from bqinspect.cli.common import EXIT_OK, EXIT_REFUSED, err, out, parse_date, usage, workspace
from bqinspect.domain.messages import declare, render, words_to_data
from bqinspect.domain.ownership import INSTALLATION_ROLES, parse_role

if TYPE_CHECKING:
    from bqinspect.sync.ledger import RecordOutcome

NO_INSPECTION_MATCHES_NOTHING = declare(
    "cli.sync.no_inspection_matches_nothing",
    "no inspection matches: nothing to export",
    "没有符合条件的检查：无可导出内容",
)

BRANCH_COUNTS = declare(
    "cli.sync.branch_counts",
    "branches: {new} new, {updated} updated, {unchanged} unchanged, {conflict} conflicts, "
    "{refused} refused; {forms} new form version(s), {photos} new photo(s)",
    "网点：新增 {new}，更新 {updated}，未变 {unchanged}，冲突 {conflict}，拒绝 {refused}；"
    "新表单版本 {forms} 个，新照片 {photos} 张",
)
WARNING = declare("cli.sync.warning", "warning: {text}", "警告：{text}")
IMPORTED_FROM = declare(
    "cli.sync.imported_from",
    "{when}  {result}  from {source}, package {package}",
    "{when}  {result}  来自 {source}，数据包 {package}",
)
NO_IMPORTS = declare(
    "cli.sync.no_imports",
    "no import has changed anything here yet",
    "尚无任何导入更改过本机数据",
)


def _progress() -> TextProgress:
    return TextProgress(sys.stderr, enabled=sys.stderr.isatty())


# export -----------------------------------------------------------------------------------------
def run_export(args: argparse.Namespace) -> int:
    from bqinspect.sync.crypto import read_recipients
    from bqinspect.sync.export import export_package, leaves_the_office, select_inspections
    from bqinspect.sync.keys import find_device

    recipients = [r for f in args.encrypt_to or [] for r in read_recipients(Path(f))]
    target = Path(args.out)
    with workspace(args) as ws:
        device = find_device(ws, args.for_device).id if args.for_device else None
        inspector = args.for_inspector or ""
        chosen = args.all or args.since or args.inspection or inspector or device
        ids = (
            select_inspections(
                ws,
                everything=args.all,
                since=args.since,
                refs=args.inspection or [],
                inspector=inspector,
                device=device,
            )
            if chosen or not args.forms_and_branches
            else []
        )
        if not ids and not args.forms_and_branches:
            raise Refused(NO_INSPECTION_MATCHES_NOTHING())
        result = export_package(
            ws,
            target,
            ids,
            recipients=recipients,
            reference=args.forms_and_branches,
            # customers' contacts go office to office only, never to an inspector or device
            feedback_contact=not (inspector or device or args.forms_and_branches),
            redact=leaves_the_office(ws, inspector=inspector, device=device),
            progress=_progress(),
        )
    if args.json:
        out(
            json.dumps(
                {
                    "file": str(result.path),
                    "package_id": str(result.package_id),
                    "inspections": [str(i) for i in result.inspection_ids],
                    "forms": result.forms,
                    "branches": result.branches,
                    "photos": result.photos,
                    "bytes": result.size,
                    "encrypted_to": result.encrypted_to,
                    "seconds": round(result.seconds, 3),
                },
                indent=2,
            )
        )
    else:
        enc = f", encrypted to {result.encrypted_to} key(s)" if result.encrypted_to else ""
        out(
            f"exported {result.inspections} inspection(s), {result.photos} photo(s), "
            f"{result.forms} form(s), {result.branches} branch(es) to {result.path} "
            f"({result.size / 1024:.0f} KiB{enc})"
        )
    return EXIT_OK


# import -----------------------------------------------------------------------------------------
def run_import(args: argparse.Namespace) -> int:
    from bqinspect.sync.crypto import read_identities
    from bqinspect.sync.imports import import_package

    identities = [i for f in args.identity or [] for i in read_identities(Path(f))]
    with workspace(args) as ws:
        result = import_package(
            ws,
            Path(args.file),
            accept_signer=args.accept_signer,
            identities=identities,
            progress=_progress(),
        )
    if args.json:
        out(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        out(f"{Path(args.file).name}: {result.summary()}")
        b = result.counts("branch")
        forms, photos = result.forms_new, result.blobs_new
        out(render(BRANCH_COUNTS(**b, forms=forms, photos=photos)))
        _outcome_lines(o for o in result.outcomes if o.outcome.value in ("conflict", "refused"))
        for w in result.warnings:
            out(f"  {WARNING(text=w)}")
    for o in result.refused:
        err(f"bqinspect: refused: {o.entity} {o.key}: {render(o.reason)}")
    return EXIT_REFUSED if result.refused else EXIT_OK


def _outcome_lines(outcomes: Iterable[RecordOutcome]) -> None:
    """One line per record: what happened, what it is, and why (in the locale's language)."""
    from bqinspect.sync.history import entity_words, outcome_words

    for o in outcomes:
        what = f"{render(outcome_words(o.outcome))} {render(entity_words(o.entity))}"
        out(f"  {what} {o.key} {o.label}: {render(o.reason)}")


def run_imports(args: argparse.Namespace) -> int:
    """The import history: the imports that changed something, the newest first, and the
    records each refused or met in conflict, with why."""
    from bqinspect.sync.history import MORE_RECORDS, import_history

    with workspace(args) as ws:
        entries = import_history(ws, limit=args.limit)
    if args.json:
        out(json.dumps([_entry_json(e) for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    for e in entries:
        when = f"{e.imported_at:%Y-%m-%d %H:%M} UTC"
        source = e.source_device.split(" (")[0] or "?"
        head = IMPORTED_FROM(when=when, result=e.result_words, source=source, package=e.package_id)
        out(render(head))
        out(f"  {render(e.summary)}")
        _outcome_lines(e.outcomes)
        if e.left_out:
            out(f"  {render(MORE_RECORDS(count=e.left_out))}")
    if not entries:
        out(render(NO_IMPORTS()))
    return EXIT_OK


def _entry_json(e: Any) -> dict[str, Any]:
    return {
        "import_id": str(e.id),
        "package_id": e.package_id,
        "imported_at": e.imported_at.isoformat(),
        "source": e.source_device,
        "person": e.source_person,
        "result": e.result,
        "summary": render(e.summary),
        "summary_message": words_to_data(e.summary),
        "counts": e.counts,
        "records": [o.to_json() for o in e.outcomes],
    }


# keys -------------------------------------------------------------------------------------------
def _device_json(row: Any) -> dict[str, Any]:
    from bqinspect.sync.keys import fingerprint

    return {
        "id": str(row.id),
        "name": row.name,
        "fingerprint": fingerprint(row.public_key),
        "public_key": row.public_key,
        "self": row.is_self,
        "trusted": row.trusted,
        "revoked": row.revoked,
        "role": row.role,
        "note": row.note,
    }


def run_keys_show(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import load_identity, pretty_fingerprint

    with workspace(args) as ws:
        ident = load_identity(ws)
    if args.json:
        info = {
            "device_id": str(ident.device_id),
            "name": ident.name,
            "fingerprint": ident.fingerprint,
            "ed25519_public_key": ident.public_key,
            "age_recipient": ident.age_recipient,
        }
        out(json.dumps(info, ensure_ascii=False, indent=2))
        return EXIT_OK
    out(f"device:        {ident.name} ({ident.device_id})")
    out(f"fingerprint:   {pretty_fingerprint(ident.fingerprint)}")
    out(f"signing key:   {ident.public_key}")
    out(f"age recipient: {ident.age_recipient}")
    return EXIT_OK


def run_keys_export_public(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import export_public, pretty_fingerprint

    with workspace(args) as ws:
        ident = export_public(ws, Path(args.file))
    out(f"wrote {args.file} (fingerprint {pretty_fingerprint(ident.fingerprint)})")
    return EXIT_OK


def run_keys_trust(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import fingerprint, pretty_fingerprint, trust_file

    with workspace(args) as ws:
        row = trust_file(ws, Path(args.file), role=parse_role(args.role))
    out(
        f"trusted {row.name or 'device'} ({pretty_fingerprint(fingerprint(row.public_key))}) "
        f"as {row.role}"
    )
    return EXIT_OK


def run_keys_role(args: argparse.Namespace) -> int:
    """Set this installation's role, or print it."""
    with workspace(args) as ws:
        if args.role is not None:
            ws.set_role(parse_role(args.role))
        out(ws.role().value)
    return EXIT_OK


def run_keys_list(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import list_devices, pretty_fingerprint

    with workspace(args) as ws:
        rows = list_devices(ws)
    if args.json:
        out(json.dumps([_device_json(r) for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        info = _device_json(r)
        state = (
            "self"
            if r.is_self
            else "revoked"
            if r.revoked
            else ("trusted" if r.trusted else "known")
        )
        out(f"{pretty_fingerprint(info['fingerprint'])}  {state:<8} {r.role:<9} {r.name}")
    if not rows:
        out("no devices")
    return EXIT_OK


def run_keys_revoke(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import revoke

    with workspace(args) as ws:
        row = revoke(ws, args.device, args.why or "")
    out(f"revoked {row.name or row.id}: its packages are refused from now on")
    return EXIT_OK


# parsers ----------------------------------------------------------------------------------------
def add_parsers(sub: Any) -> None:
    """Add ``export``, ``import`` and ``keys`` to the main parser's sub-commands."""
    p = sub.add_parser(
        "export",
        help="write inspections to a signed package file (optionally encrypted)",
        description="Write the chosen inspections, with their forms, branches and photos, to one "
        "signed package file. The file appears complete or not at all.",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="package file to write")
    which = p.add_argument_group("what to export (at least one)")
    which.add_argument("--all", action="store_true", help="every inspection")
    which.add_argument(
        "--since", type=parse_date, metavar="DATE", help="inspections changed on or after DATE"
    )
    which.add_argument(
        "--inspection", action="append", metavar="ID", help="an inspection id (or unique prefix)"
    )
    which.add_argument(
        "--for-inspector",
        metavar="NAME",
        help="only the inspections NAME made (a return package: reviews, comments, "
        "verifications); alone, all of them",
    )
    which.add_argument(
        "--for-device",
        metavar="DEVICE",
        help="only the inspections made on DEVICE (fingerprint, id or name); alone, all of them",
    )
    which.add_argument(
        "--forms-and-branches",
        action="store_true",
        help="also every installed form version and every branch (head office to the field)",
    )
    p.add_argument(
        "--encrypt-to",
        action="append",
        metavar="KEYFILE",
        help="encrypt (age format) to the public key(s) in KEYFILE; may be repeated",
    )
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.set_defaults(handler=run_export)

    p = sub.add_parser(
        "import",
        help="import a package file (checked in full first; all or nothing)",
        description="Check the package's signature, every hash, its format version and every "
        "record, then merge it in one transaction. Importing the same package again changes "
        "nothing. Exit status 1 when the package, or any record in it, is refused.",
    )
    p.add_argument("file", help="package file (.bqpkg, plain or age-encrypted)")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument(
        "--accept-signer",
        metavar="FINGERPRINT",
        help="accept this one package from an untrusted or revoked signer (audited)",
    )
    p.add_argument(
        "--identity",
        action="append",
        metavar="KEYFILE",
        help="an extra age private key file to decrypt with (this device's key is always tried)",
    )
    p.set_defaults(handler=run_import)

    p = sub.add_parser(
        "imports",
        help="the import history: what each import changed, refused or met in conflict, and why",
        description="List the imports that changed something here, the newest first: their "
        "summary and each record refused or in conflict, with the reason, in the locale's "
        "language.",
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="the last N (default 20)")
    p.add_argument("--json", action="store_true", help="machine-readable history")
    p.set_defaults(handler=run_imports)

    keys = sub.add_parser("keys", help="this device's keys and the trusted devices")
    actions = keys.add_subparsers(metavar="ACTION")
    p = actions.add_parser("show", help="this device's fingerprint and public keys")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_keys_show)
    p = actions.add_parser("export-public", help="write this device's public key file")
    p.add_argument("file")
    p.set_defaults(handler=run_keys_export_public)
    roles = [r.value for r in INSTALLATION_ROLES]
    p = actions.add_parser(
        "trust",
        help="trust the device whose public key file this is, in its role",
        description="Trust a device in a role: what its packages may change here follows it "
        "(an inspector's laptop: answers, photos, signatures; a lead: reviews and comments; "
        "head office: branches and forms too).",
    )
    p.add_argument("file")
    p.add_argument(
        "--role", choices=roles, default="inspector", help="the device's role (default inspector)"
    )
    p.set_defaults(handler=run_keys_trust)
    p = actions.add_parser(
        "role",
        help="this installation's role: set it, or print it",
        description="The role of this installation (an inspector's laptop, a lead's, head "
        "office). With no argument, prints it. What may be changed here follows it.",
    )
    p.add_argument("role", nargs="?", choices=roles, help="the new role")
    p.set_defaults(handler=run_keys_role)
    p = actions.add_parser("list", help="known devices: self, trusted, revoked")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_keys_list)
    p = actions.add_parser("revoke", help="stop trusting a device (its packages are refused)")
    p.add_argument("device", help="fingerprint (8+ digits), device id or name")
    p.add_argument("--why", help="reason, kept in the audit trail")
    p.set_defaults(handler=run_keys_revoke)
    keys.set_defaults(handler=lambda _args: usage(keys))
