"""Command line for sync: ``export``, ``import`` and ``keys`` (wired in by ``bqinspect.cli``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bqinspect.base.errors import Refused
from bqinspect.base.progress import TextProgress
from bqinspect.store.workspace import Workspace, open_workspace

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED = 0, 1


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _open(args: argparse.Namespace) -> Workspace:
    return open_workspace(getattr(args, "data_dir", None), getattr(args, "db_url", None))


def _progress() -> TextProgress:
    return TextProgress(sys.stderr, enabled=sys.stderr.isatty())


def _date(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# export -----------------------------------------------------------------------------------------
def run_export(args: argparse.Namespace) -> int:
    from bqinspect.sync.crypto import read_recipients
    from bqinspect.sync.export import export_package, select_inspections

    recipients = [r for f in args.encrypt_to or [] for r in read_recipients(Path(f))]
    out = Path(args.out)
    ws = _open(args)
    try:
        chosen = args.all or args.since or args.inspection
        ids = (
            select_inspections(
                ws, everything=args.all, since=args.since, refs=args.inspection or []
            )
            if chosen or not args.forms_and_branches
            else []
        )
        if not ids and not args.forms_and_branches:
            raise Refused("no inspection matches: nothing to export")
        result = export_package(
            ws,
            out,
            ids,
            recipients=recipients,
            reference=args.forms_and_branches,
            progress=_progress(),
        )
    finally:
        ws.close()
    if args.json:
        _out(
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
        _out(
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
    ws = _open(args)
    try:
        result = import_package(
            ws,
            Path(args.file),
            accept_signer=args.accept_signer,
            identities=identities,
            progress=_progress(),
        )
    finally:
        ws.close()
    if args.json:
        _out(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _out(f"{Path(args.file).name}: {result.summary()}")
        b = result.counts("branch")
        _out(
            f"branches: {b['new']} new, {b['updated']} updated, {b['unchanged']} unchanged, "
            f"{b['conflict']} conflicts, {b['refused']} refused; "
            f"{result.forms_new} new form version(s), {result.blobs_new} new photo(s)"
        )
        for o in result.outcomes:
            if o.outcome.value in ("conflict", "refused"):
                _out(f"  {o.outcome.value:<9} {o.entity} {o.key} {o.label}: {o.reason}")
        for w in result.warnings:
            _out(f"  warning: {w}")
    for o in result.refused:
        _err(f"bqinspect: refused: {o.entity} {o.key}: {o.reason}")
    return EXIT_REFUSED if result.refused else EXIT_OK


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
        "note": row.note,
    }


def run_keys_show(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import load_identity, pretty_fingerprint

    ws = _open(args)
    try:
        ident = load_identity(ws)
    finally:
        ws.close()
    if args.json:
        info = {
            "device_id": str(ident.device_id),
            "name": ident.name,
            "fingerprint": ident.fingerprint,
            "ed25519_public_key": ident.public_key,
            "age_recipient": ident.age_recipient,
        }
        _out(json.dumps(info, ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(f"device:        {ident.name} ({ident.device_id})")
    _out(f"fingerprint:   {pretty_fingerprint(ident.fingerprint)}")
    _out(f"signing key:   {ident.public_key}")
    _out(f"age recipient: {ident.age_recipient}")
    return EXIT_OK


def run_keys_export_public(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import export_public, pretty_fingerprint

    ws = _open(args)
    try:
        ident = export_public(ws, Path(args.file))
    finally:
        ws.close()
    _out(f"wrote {args.file} (fingerprint {pretty_fingerprint(ident.fingerprint)})")
    return EXIT_OK


def run_keys_trust(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import fingerprint, pretty_fingerprint, trust_file

    ws = _open(args)
    try:
        row = trust_file(ws, Path(args.file))
    finally:
        ws.close()
    _out(f"trusted {row.name or 'device'} ({pretty_fingerprint(fingerprint(row.public_key))})")
    return EXIT_OK


def run_keys_list(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import list_devices, pretty_fingerprint

    ws = _open(args)
    try:
        rows = list_devices(ws)
    finally:
        ws.close()
    if args.json:
        _out(json.dumps([_device_json(r) for r in rows], ensure_ascii=False, indent=2))
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
        _out(f"{pretty_fingerprint(info['fingerprint'])}  {state:<8} {r.name}")
    if not rows:
        _out("no devices")
    return EXIT_OK


def run_keys_revoke(args: argparse.Namespace) -> int:
    from bqinspect.sync.keys import revoke

    ws = _open(args)
    try:
        row = revoke(ws, args.device, args.why or "")
    finally:
        ws.close()
    _out(f"revoked {row.name or row.id}: its packages are refused from now on")
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
        "--since", type=_date, metavar="DATE", help="inspections changed on or after DATE"
    )
    which.add_argument(
        "--inspection", action="append", metavar="ID", help="an inspection id (or unique prefix)"
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

    keys = sub.add_parser("keys", help="this device's keys and the trusted devices")
    actions = keys.add_subparsers(metavar="ACTION")
    p = actions.add_parser("show", help="this device's fingerprint and public keys")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_keys_show)
    p = actions.add_parser("export-public", help="write this device's public key file")
    p.add_argument("file")
    p.set_defaults(handler=run_keys_export_public)
    p = actions.add_parser("trust", help="trust the device whose public key file this is")
    p.add_argument("file")
    p.set_defaults(handler=run_keys_trust)
    p = actions.add_parser("list", help="known devices: self, trusted, revoked")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_keys_list)
    p = actions.add_parser("revoke", help="stop trusting a device (its packages are refused)")
    p.add_argument("device", help="fingerprint (8+ digits), device id or name")
    p.add_argument("--why", help="reason, kept in the audit trail")
    p.set_defaults(handler=run_keys_revoke)
    keys.set_defaults(handler=lambda _args: _usage(keys))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2
