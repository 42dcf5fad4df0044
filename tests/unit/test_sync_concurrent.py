"""Import on PostgreSQL (head office), and four overlapping imports at the same time."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bqinspect.services import inspections as svc
from bqinspect.store.models import Answer, Conflict, ImportRecord
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.safezip import PackageError
from tests.pg import fresh_database
from tests.unit.sync_helpers import (
    GOOD_ANSWERS,
    VISIT,
    back_to_draft,
    db_content_hash,
    make_inspection,
    open_ws,
    rebuild,
    record_names,
    setup_field,
    table_counts,
    trust,
    zip_entries,
)


@dataclass
class Scenario:
    field: Workspace
    ids: dict[str, uuid.UUID]
    packages: list[Path]


def build_scenario(folder: Path) -> Scenario:
    """Seven inspections in four overlapping packages; A is in two revisions."""
    from datetime import timedelta

    field = open_ws(folder / "field")
    branch, fv = setup_field(field)
    names = ["A", "B", "C", "X1", "X2", "X3", "X4"]
    ids = {
        n: make_inspection(field, branch, fv, seed=i, visit=VISIT + timedelta(days=i))
        for i, n in enumerate(names)
    }

    def pack(name: str, members: list[str]) -> Path:
        return export_package(field, folder / f"{name}.bqpkg", [ids[m] for m in members]).path

    p1 = pack("p1", ["A", "B", "X1"])
    p2 = pack("p2", ["B", "C", "X2"])
    back_to_draft(field, ids["A"], "rework")
    svc.set_answer(field, ids["A"], "ENV-04", 3)
    svc.submit(field, ids["A"])
    p3 = pack("p3", ["A", "C", "X3"])
    p4 = pack("p4", ["B", "C", "X4"])
    return Scenario(field, ids, [p1, p2, p3, p4])


def run_concurrently(homes: list[Path], db_url: str | None, packages: list[Path]) -> list[object]:
    workspaces = [open_ws(h, db_url) for h in homes]
    barrier = threading.Barrier(len(packages))
    results: list[object] = [None] * len(packages)

    def work(i: int) -> None:
        barrier.wait()
        try:
            results[i] = import_package(workspaces[i], packages[i])
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(packages))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for ws in workspaces:
        ws.close()
    return results


def check_no_duplicates_no_lost_update(office: Workspace, s: Scenario) -> None:
    counts = table_counts(office)
    assert counts["inspection"] == 7
    assert counts["branch"] == 1
    assert counts["formversion"] == 1
    assert counts["photo"] == 7
    assert counts["photoblob"] == 7
    assert counts["signature"] == 7
    assert counts["answer"] == 7 * len(GOOD_ANSWERS)
    assert counts["importrecord"] == 4
    a = svc.get_inspection(office, s.ids["A"])
    assert a.revision == 2, "the newer revision of A was lost"
    assert svc.answers_of(office, s.ids["A"])["ENV-04"].value == 3
    with office.db.session() as session:
        assert session.exec(select(Conflict)).all() == []
        per_item = session.exec(
            select(Answer.inspection_id, Answer.item_id, sa.func.count())
            .group_by(Answer.inspection_id, Answer.item_id)
            .having(sa.func.count() > 1)
        ).all()
        assert per_item == []
        assert len(session.exec(select(ImportRecord)).all()) == 4


def test_four_concurrent_imports_on_sqlite(tmp_path: Path) -> None:
    s = build_scenario(tmp_path)
    office_db = tmp_path / "office" / "bqinspect.sqlite"
    url = f"sqlite:///{office_db}"
    office = open_ws(tmp_path / "office", url)
    trust(office, s.field, tmp_path)
    homes = [tmp_path / f"office-{i}" for i in range(4)]
    results = run_concurrently(homes, url, s.packages)
    assert not [r for r in results if isinstance(r, Exception)], results
    check_no_duplicates_no_lost_update(office, s)
    office.close()
    s.field.close()


# PostgreSQL ---------------------------------------------------------------------------------------
@pytest.fixture
def pg_office(pg_url: str, tmp_path: Path) -> Iterator[tuple[Workspace, str]]:
    """Head office on a fresh database of the test command's PostgreSQL server."""
    with fresh_database(pg_url) as url:
        ws = open_ws(tmp_path / "office", url)
        yield ws, url
        ws.close()


@pytest.mark.postgres
def test_import_list_and_scoring_on_postgres(pg_office, tmp_path: Path) -> None:
    office, _url = pg_office
    s = build_scenario(tmp_path)
    trust(office, s.field, tmp_path)
    first = import_package(office, s.packages[0])
    assert first.counts()["new"] == 3
    rows = svc.list_inspections(office)
    assert {r.id for r in rows} == {s.ids["A"], s.ids["B"], s.ids["X1"]}
    for r in rows:  # scored from the form version that came in the package
        assert r.overall_score == round(svc.current_score(office, r.id).overall, 2)
    before = db_content_hash(office)
    again = import_package(office, s.packages[0])
    assert not again.changed
    assert db_content_hash(office) == before
    newer = import_package(office, s.packages[2])
    by_id = {o.key: o.outcome.value for o in newer.outcomes if o.entity == "inspection"}
    assert by_id[str(s.ids["A"])] == "updated"
    assert svc.get_inspection(office, s.ids["A"]).revision == 2
    # Head office exports back from PostgreSQL; the field already has all of it.
    trust(s.field, office, tmp_path)
    back = export_package(office, tmp_path / "back.bqpkg", [r.id for r in rows]).path
    returned = import_package(s.field, back)
    assert returned.counts()["unchanged"] == 3 and not returned.changed
    s.field.close()


@pytest.mark.postgres
def test_tampered_package_changes_nothing_on_postgres(pg_office, tmp_path: Path) -> None:
    office, _url = pg_office
    s = build_scenario(tmp_path)
    trust(office, s.field, tmp_path)
    import_package(office, s.packages[0])
    name = record_names(s.packages[1])[0]
    data = dict((i.filename, d) for i, d in zip_entries(s.packages[1]))[name]
    bad = rebuild(
        s.packages[1], tmp_path / "bad.bqpkg", replace={name: data.replace(b"0", b"1", 1)}
    )
    before = db_content_hash(office)
    with pytest.raises(PackageError, match="altered after signing"):
        import_package(office, bad)
    assert db_content_hash(office) == before
    s.field.close()


@pytest.mark.postgres
def test_four_concurrent_overlapping_imports_on_postgres(pg_office, tmp_path: Path) -> None:
    office, url = pg_office
    s = build_scenario(tmp_path)
    trust(office, s.field, tmp_path)
    homes = [tmp_path / f"office-{i}" for i in range(4)]
    results = run_concurrently(homes, url, s.packages)
    assert not [r for r in results if isinstance(r, Exception)], results
    check_no_duplicates_no_lost_update(office, s)
    s.field.close()
