"""Command line: the same use cases as the GUI, headless. Exit 0 ok, 1 refused input, 2 usage."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bqinspect import __version__
from bqinspect.base import paths

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 on usage errors (its default) and never 1."""


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _open(args: argparse.Namespace) -> Any:
    from bqinspect.store.workspace import open_workspace

    return open_workspace(args.data_dir, args.db_url)


# forms ------------------------------------------------------------------------------------------
def cmd_forms_validate(args: argparse.Namespace) -> int:
    from bqinspect.services.catalog import load_form_file

    status = EXIT_OK
    for name in args.files:
        try:
            form = load_form_file(Path(name))
        except Exception as exc:
            _err(str(exc))
            status = EXIT_REFUSED
        else:
            _out(f"{name}: ok — {form.id} {form.version}, {len(form.items())} items")
    return status


def cmd_forms_list(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        rows = ws.form_versions()
        if args.json:
            _out(
                json.dumps(
                    [
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
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        for r in [] if args.json else rows:
            _out(f"{r.form_id:<20} {r.version:<10} {r.kind:<8} {r.title_zh} / {r.title_en}")
    finally:
        ws.close()
    return EXIT_OK


def cmd_forms_install(args: argparse.Namespace) -> int:
    from bqinspect.services.catalog import install_form, load_form_file

    forms = [load_form_file(Path(f)) for f in args.files]  # all valid before any is stored
    ws = _open(args)
    try:
        for form in forms:
            row = install_form(ws, form)
            _out(f"installed {row.form_id} {row.version} ({len(form.items())} items)")
    finally:
        ws.close()
    return EXIT_OK


def cmd_forms_export_xlsx(args: argparse.Namespace) -> int:
    from bqinspect.domain.xlsx import export_xlsx
    from bqinspect.services.catalog import load_form_file

    source = Path(args.form)
    if source.exists():
        form = load_form_file(source)
    else:
        from bqinspect.services.catalog import find_form_version

        ws = _open(args)
        try:
            form = ws.form(find_form_version(ws, args.form).id)
        finally:
            ws.close()
    export_xlsx(form, Path(args.out))
    _out(f"wrote {args.out}")
    return EXIT_OK


def cmd_forms_import_xlsx(args: argparse.Namespace) -> int:
    from bqinspect.domain.formio import dump_form_yaml
    from bqinspect.services.catalog import install_form, load_form_file

    form = load_form_file(Path(args.file))
    if args.out:
        Path(args.out).write_text(dump_form_yaml(form), encoding="utf-8")
        _out(f"wrote {args.out}")
    if not args.no_install:
        ws = _open(args)
        try:
            row = install_form(ws, form)
            _out(f"installed {row.form_id} {row.version} ({len(form.items())} items)")
        finally:
            ws.close()
    return EXIT_OK


# branches ---------------------------------------------------------------------------------------
def cmd_branches_import(args: argparse.Namespace) -> int:
    from bqinspect.services.branches import import_branches

    ws = _open(args)
    try:
        result = import_branches(ws, Path(args.file), dry_run=args.dry_run)
    finally:
        ws.close()
    verb = "would import" if args.dry_run else "imported"
    _out(f"{verb}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged")
    return EXIT_OK


def cmd_branches_list(args: argparse.Namespace) -> int:
    from bqinspect.services.branches import list_branches

    ws = _open(args)
    try:
        rows = list_branches(ws)
    finally:
        ws.close()
    if args.json:
        _out(
            json.dumps(
                [
                    {
                        "code": b.code,
                        "name": b.name,
                        "region": b.region,
                        "sub_branch": b.sub_branch,
                        "manager": b.manager,
                        "active": b.active,
                    }
                    for b in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for b in rows:
            _out(f"{b.code:<8} {b.region:<8} {b.name}")
    return EXIT_OK


# inspections -----------------------------------------------------------------------------------
def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def cmd_inspections_list(args: argparse.Namespace) -> int:
    from bqinspect.services.inspections import list_inspections

    ws = _open(args)
    try:
        rows = list_inspections(
            ws,
            status=args.status,
            kind=args.kind,
            branch=args.branch,
            since=_parse_date(args.since),
            until=_parse_date(args.until),
            text=args.search,
        )
    finally:
        ws.close()
    if args.json:
        _out(
            json.dumps(
                [
                    {
                        "id": str(r.id),
                        "branch": r.branch_code,
                        "branch_name": r.branch_name,
                        "region": r.region,
                        "form": r.form_id,
                        "kind": r.kind,
                        "visit_start": r.visit_start.isoformat(),
                        "inspectors": r.inspectors,
                        "status": r.status,
                        "score": r.overall_score,
                        "grade": r.grade,
                        "exported": r.exported_at is not None,
                        "revision": r.revision,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    for r in rows:
        score = f"{r.overall_score:6.1f}" if r.overall_score is not None else "     -"
        _out(
            f"{str(r.id)[:8]}  {r.visit_start:%Y-%m-%d}  {r.branch_code:<6} {r.kind:<8} "
            f"{r.status:<10} {score} {r.grade or '-':<10} {r.branch_name}"
        )
    if not rows:
        _out("no inspections")
    return EXIT_OK


# db ---------------------------------------------------------------------------------------------
def cmd_db_check(args: argparse.Namespace) -> int:
    from bqinspect.store.db import integrity_check

    ws = _open(args)
    try:
        problems = integrity_check(ws.db)
    finally:
        ws.close()
    if problems:
        for p in problems:
            _err(p)
        return EXIT_REFUSED
    _out("database ok")
    return EXIT_OK


def cmd_db_backup(args: argparse.Namespace) -> int:
    from bqinspect.base.errors import Refused
    from bqinspect.store.db import backup_sqlite, rolling_backup

    ws = _open(args)
    try:
        if ws.db.sqlite_path is None:
            raise Refused("backups of a server database are made with the server's own tools")
        dest = (
            backup_sqlite(ws.db.sqlite_path, Path(args.out))
            if args.out
            else rolling_backup(ws.db, "manual")
        )
    finally:
        ws.close()
    _out(f"backed up to {dest}")
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bqinspect.store.db import current_revision

    ws = _open(args)  # opening upgrades (after a backup)
    try:
        _out(f"database at schema {current_revision(ws.db.engine)}")
    finally:
        ws.close()
    return EXIT_OK


# demo / gui -------------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from bqinspect.base.progress import TextProgress
    from bqinspect.services.demo import create_demo
    from bqinspect.services.inspections import list_inspections

    ws = _open(args)
    try:
        if list_inspections(ws) and not args.force:
            _out(f"workspace {ws.home} already has inspections; use --force to add demo data")
        else:
            counts = create_demo(
                ws,
                branches=args.branches,
                inspections_count=args.inspections,
                progress=TextProgress(sys.stderr),
            )
            _out(
                f"demo workspace in {ws.home}: {counts.branches} branches, "
                f"{counts.inspections} inspections, {counts.forms} forms"
            )
        if args.tour:
            args.json = False
            args.status = args.kind = args.branch = args.since = args.until = None
            args.search = None
    finally:
        ws.close()
    if args.tour:
        return cmd_inspections_list(args)
    return EXIT_OK


def cmd_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bqinspect.ui.screenshots import main as screenshots_main

    return int(screenshots_main(args))


def gui_main(argv: Sequence[str] | None = None) -> int:
    return main(list(argv) if argv is not None else sys.argv[1:])


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def cmd_gui(args: argparse.Namespace) -> int:
    if not _has_display():
        _err(
            "No display found (DISPLAY/WAYLAND_DISPLAY unset): the window cannot open here. "
            "Run with a desktop session, or try `bqinspect demo --tour` for the headless demo."
        )
        return EXIT_REFUSED
    if args.demo:
        _ensure_demo(args)
    from bqinspect.ui.app import run_gui

    return int(run_gui(args))


def _ensure_demo(args: argparse.Namespace) -> None:
    """Create the demo workspace on the first start of a demo data directory."""
    from bqinspect.services.demo import create_demo
    from bqinspect.services.inspections import list_inspections

    ws = _open(args)
    try:
        if not list_inspections(ws):
            _err(f"first start: creating a demo workspace in {ws.home} …")
            create_demo(ws)
    finally:
        ws.close()


# parser -----------------------------------------------------------------------------------------
Handler = Callable[[argparse.Namespace], int]
EXTENSIONS: list[tuple[str, str]] = [
    # (module, function) that add sub-commands: add_parsers(subparsers) -> None
    ("bqinspect.report.cli", "add_parsers"),
    ("bqinspect.sync.cli", "add_parsers"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bqinspect",
        description="Bank-branch service-quality inspections and mystery shopping, offline. "
        "Without a command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"bqinspect {__version__}")
    parser.add_argument(
        "--data-dir",
        default=None,
        help=f"data directory (default: platform user data dir; env {paths.ENV_HOME})",
    )
    parser.add_argument(
        "--db-url",
        default=None,
        help="database URL, e.g. postgresql+psycopg://user@host/db "
        f"(default: SQLite in the data directory; env {paths.ENV_DB_URL})",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="with no command: fill an empty data directory with demo data first",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window, process events once and exit (for packaging)",
    )
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("demo", help="create a demo workspace (demo branches and inspections)")
    p.add_argument("--branches", type=int, default=20)
    p.add_argument("--inspections", type=int, default=12)
    p.add_argument("--force", action="store_true", help="add demo data to a non-empty workspace")
    p.add_argument(
        "--tour",
        "--headless-tour",
        dest="tour",
        action="store_true",
        help="then list what was created (the headless demo)",
    )
    p.set_defaults(handler=cmd_demo)

    forms = sub.add_parser("forms", help="checklist forms").add_subparsers(metavar="ACTION")
    p = forms.add_parser("validate", help="validate form files (YAML or XLSX)")
    p.add_argument("files", nargs="+")
    p.set_defaults(handler=cmd_forms_validate)
    p = forms.add_parser("list", help="list installed form versions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_forms_list)
    p = forms.add_parser("install", help="install YAML/XLSX form files into the database")
    p.add_argument("files", nargs="+")
    p.set_defaults(handler=cmd_forms_install)
    p = forms.add_parser("import-xlsx", help="import a form from .xlsx (and install it)")
    p.add_argument("file")
    p.add_argument("--out", help="also write the form as YAML to this file")
    p.add_argument("--no-install", action="store_true", help="only validate/convert")
    p.set_defaults(handler=cmd_forms_import_xlsx)
    p = forms.add_parser("export-xlsx", help="write a form (file or installed id) as .xlsx")
    p.add_argument("form", help="a YAML file, or an installed form id (form_id[@version])")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_forms_export_xlsx)

    branches = sub.add_parser("branches", help="branches").add_subparsers(metavar="ACTION")
    p = branches.add_parser("import", help="import branches from CSV or XLSX (all or nothing)")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check only, change nothing")
    p.set_defaults(handler=cmd_branches_import)
    p = branches.add_parser("list", help="list branches")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_branches_list)

    insp = sub.add_parser("inspections", help="inspections").add_subparsers(metavar="ACTION")
    p = insp.add_parser("list", help="list inspections")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--status", choices=["draft", "submitted", "approved", "returned"])
    p.add_argument("--kind", choices=["onsite", "mystery"])
    p.add_argument("--branch", help="branch code")
    p.add_argument("--since", help="visits on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="visits on or before this date")
    p.add_argument("--search", help="text search")
    p.set_defaults(handler=cmd_inspections_list)

    db = sub.add_parser("db", help="database maintenance").add_subparsers(metavar="ACTION")
    p = db.add_parser("check", help="integrity and schema check")
    p.set_defaults(handler=cmd_db_check)
    p = db.add_parser("backup", help="back up the SQLite database (online backup API)")
    p.add_argument("--out", help="backup file (default: the rolling backups folder)")
    p.set_defaults(handler=cmd_db_backup)
    p = db.add_parser("upgrade", help="upgrade the schema (a backup is made first)")
    p.set_defaults(handler=cmd_db_upgrade)

    p = sub.add_parser("screenshots", help="render every main screen to PNG (zh_CN and English)")
    p.add_argument("--out", default="screenshots", help="output folder")
    p.add_argument(
        "--lang",
        action="append",
        choices=["zh_CN", "en"],
        help="language(s) to render (default both)",
    )
    p.set_defaults(handler=cmd_screenshots)

    import importlib

    for module_name, func in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not exc.name or not module_name.startswith(exc.name):
                raise  # a real import error inside the module
            continue  # that part of the app is not installed
        getattr(module, func)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bqinspect.base.errors import Refused
    from bqinspect.domain.formio import FormError
    from bqinspect.store.db import DatabaseError

    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = args.handler
    try:
        return handler(args)
    except (Refused, FormError, DatabaseError) as exc:
        _err(f"bqinspect: refused: {exc}")
        return EXIT_REFUSED
    except argparse.ArgumentTypeError as exc:
        _err(f"bqinspect: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("bqinspect: interrupted")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
