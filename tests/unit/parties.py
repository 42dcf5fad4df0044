"""Three installations that trust one another in their true roles: an inspector's laptop, a
lead's laptop and head office; packages between them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import ImportResult, import_package
from tests.unit.sync_helpers import open_ws, setup_field, trust


@dataclass
class Parties:
    """The laptop (inspector), the lead's laptop and head office, with a folder for packages."""

    laptop: Workspace
    lead: Workspace
    office: Workspace
    folder: Path
    made: list[Path] = field(default_factory=list)

    def all(self) -> tuple[Workspace, Workspace, Workspace]:
        return self.laptop, self.lead, self.office

    def close(self) -> None:
        for ws in self.all():
            ws.close()

    def export(self, ws: Workspace, ids: list[uuid.UUID] | None = None) -> Path:
        """A package of ``ids`` (by default every inspection ``ws`` has)."""
        chosen = ids if ids is not None else [r.id for r in svc.list_inspections(ws)]
        path = self.folder / f"p{len(self.made):04d}.bqpkg"
        self.made.append(export_package(ws, path, chosen).path)
        return path

    def send(
        self, src: Workspace, dst: Workspace, ids: list[uuid.UUID] | None = None
    ) -> ImportResult:
        return import_package(dst, self.export(src, ids))


def without_fsync(ws: Workspace) -> None:
    """SQLite writes without waiting for the disk (a test that is not about durability and
    writes a lot); a PostgreSQL workspace is left as it is."""
    if ws.db.sqlite_path is None:
        return

    def relaxed(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.close()

    sa.event.listen(ws.db.engine, "connect", relaxed)
    ws.db.engine.dispose()  # connections made before reconnect with it


def three_parties(root: Path, office_url: str | None = None, *, durable: bool = True) -> Parties:
    """Fresh installations, each with the mini form and branch 0231, trusting one another
    (``durable=False``: SQLite does not wait for the disk)."""
    folder = root / "packages"
    folder.mkdir(parents=True)
    laptop = open_ws(root / "laptop", actor="王晓明")
    lead = open_ws(root / "lead", actor="督导组长")
    office = open_ws(root / "office", office_url, actor="总行分析员")
    if not durable:
        for ws in (laptop, lead, office):
            without_fsync(ws)
    lead.set_role(Role.LEAD)
    office.set_role(Role.OFFICE)
    for ws, device in ((laptop, "field-laptop"), (lead, "lead-laptop"), (office, "head-office")):
        setup_field(ws, device=device)
    roles = {id(laptop): Role.INSPECTOR, id(lead): Role.LEAD, id(office): Role.OFFICE}
    for importer in (laptop, lead, office):
        for exporter in (laptop, lead, office):
            if importer is not exporter:
                trust(importer, exporter, folder, roles[id(exporter)])
    return Parties(laptop, lead, office, folder)
