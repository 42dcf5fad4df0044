"""``bqinspect forms``: validate, list, install, and convert checklist forms to and from XLSX."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bqinspect.cli.common import EXIT_OK, EXIT_REFUSED, err, out, workspace


def cmd_validate(args: argparse.Namespace) -> int:
    from bqinspect.services.catalog import load_form_file

    status = EXIT_OK
    for name in args.files:
        try:
            form = load_form_file(Path(name))
        except Exception as exc:
            err(str(exc))
            status = EXIT_REFUSED
        else:
            out(f"{name}: ok — {form.id} {form.version}, {len(form.items())} items")
    return status


def cmd_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        rows = ws.form_versions()
    if args.json:
        listed = [
            {
                "id": str(r.id),
                "form_id": r.form_id,
                "version": r.version,
                "kind": r.kind,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "sha256": r.sha256,
            }
            for r in rows
        ]
        out(json.dumps(listed, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        out(f"{r.form_id:<20} {r.version:<10} {r.kind:<8} {r.title_zh} / {r.title_en}")
    return EXIT_OK


def cmd_install(args: argparse.Namespace) -> int:
    from bqinspect.services.catalog import install_form, load_form_file

    forms = [load_form_file(Path(f)) for f in args.files]  # all valid before any is stored
    with workspace(args) as ws:
        for form in forms:
            row = install_form(ws, form)
            out(f"installed {row.form_id} {row.version} ({len(form.items())} items)")
    return EXIT_OK


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from bqinspect.domain.xlsx import export_xlsx
    from bqinspect.services.catalog import find_form_version, load_form_file

    source = Path(args.form)
    if source.exists():
        form = load_form_file(source)
    else:
        with workspace(args) as ws:
            form = ws.form(find_form_version(ws, args.form).id)
    export_xlsx(form, Path(args.out))
    out(f"wrote {args.out}")
    return EXIT_OK


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from bqinspect.domain.formio import dump_form_yaml
    from bqinspect.services.catalog import install_form, load_form_file

    form = load_form_file(Path(args.file))
    if args.out:
        Path(args.out).write_text(dump_form_yaml(form), encoding="utf-8")
        out(f"wrote {args.out}")
    if not args.no_install:
        with workspace(args) as ws:
            row = install_form(ws, form)
            out(f"installed {row.form_id} {row.version} ({len(form.items())} items)")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``forms`` and its actions to the main parser's sub-commands."""
    forms = sub.add_parser("forms", help="checklist forms").add_subparsers(metavar="ACTION")
    p = forms.add_parser("validate", help="validate form files (YAML or XLSX)")
    p.add_argument("files", nargs="+")
    p.set_defaults(handler=cmd_validate)
    p = forms.add_parser("list", help="list installed form versions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = forms.add_parser("install", help="install YAML/XLSX form files into the database")
    p.add_argument("files", nargs="+")
    p.set_defaults(handler=cmd_install)
    p = forms.add_parser("import-xlsx", help="import a form from .xlsx (and install it)")
    p.add_argument("file")
    p.add_argument("--out", help="also write the form as YAML to this file")
    p.add_argument("--no-install", action="store_true", help="only validate/convert")
    p.set_defaults(handler=cmd_import_xlsx)
    p = forms.add_parser("export-xlsx", help="write a form (file or installed id) as .xlsx")
    p.add_argument("form", help="a YAML file, or an installed form id (form_id[@version])")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_export_xlsx)
