"""Benchmark the head-office figures: the whole page for one filter against one GROUP BY scan.

    .venv/bin/python bench/analytics.py [--inspections 20000] [--branches 2000] [--items 115]
        [--years 2] [--rounds 5] [--engine sqlite|postgresql|both] [--pg-url URL] [--json FILE]

A migrated database (SQLite file, or a fresh database on the PostgreSQL server of ``--pg-url``,
default ``$BQINSPECT_TEST_PG_URL``) is filled with bulk inserts: branches in regions and
sub-branches, an on-site and a mystery form, submitted and approved inspections over the
years with their answers, findings (with verification events) and the mystery visits' timer
marks. Then, interleaved, ``--rounds`` times: every figure of the page for the last quarter,
and one full ``GROUP BY item_id`` scan of the answer table on the same engine. It prints the
medians and their ratio, and what the visit-start index costs on import (the inspection rows
inserted into an empty copy of the table with and without it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from bqinspect.analytics import filters
from bqinspect.analytics.figures import all_figures
from bqinspect.store.db import open_database

SECTIONS = ("ENV", "FAC", "STF", "SAF", "EFF", "INF", "MGT")
CHECKPOINTS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7")
BATCH = 20_000


def _definition(form_id: str, items: list[str]) -> str:
    per = len(items) // len(SECTIONS) + 1
    sections = [
        {
            "id": sid,
            "title": {"zh": sid, "en": sid},
            "items": [
                {"id": i, "text": {"zh": i, "en": i}} for i in items[k * per : (k + 1) * per]
            ],
        }
        for k, sid in enumerate(SECTIONS)
    ]
    return json.dumps({"id": form_id, "sections": sections})


def _tables() -> dict[str, sa.Table]:
    return dict(SQLModel.metadata.tables)


def fill(engine: sa.Engine, args: argparse.Namespace, end: datetime) -> dict[str, Any]:
    """Bulk-insert the head-office data; returns the row counts and the time taken."""
    rng = random.Random(11)
    t = _tables()
    started = time.perf_counter()
    items = [f"{SECTIONS[k % len(SECTIONS)]}-{k:03d}" for k in range(args.items)]
    branch_rows = [
        {
            "id": uuid.uuid4(), "code": f"B{k:05d}", "name": f"网点{k}", "name_en": "",
            "region": f"R{k % 20:02d}", "sub_branch": f"R{k % 20:02d}-S{k % 7}", "address": "",
            "manager": "", "phone": "", "active": True, "revision": 1,
            "created_at": end, "updated_at": end,
        }
        for k in range(args.branches)
    ]  # fmt: skip
    forms = {
        kind: {
            "id": uuid.uuid4(), "form_id": f"bench-{kind}", "version": "1", "kind": kind,
            "title_zh": kind, "title_en": kind, "sha256": uuid.uuid4().hex,
            "definition": _definition(f"bench-{kind}", items), "active": True,
            "created_at": end, "updated_at": end,
        }
        for kind in ("onsite", "mystery")
    }  # fmt: skip
    counts = dict.fromkeys(("inspection", "answer", "finding", "findingevent", "timermark"), 0)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in counts}

    def flush(conn: sa.Connection) -> None:
        for name in counts:
            if rows[name]:
                conn.execute(sa.insert(t[name]), rows[name])
                counts[name] += len(rows[name])
                rows[name] = []

    span = args.years * 365 * 24 * 3600
    with engine.begin() as conn:
        conn.execute(sa.insert(t["branch"]), branch_rows)
        conn.execute(sa.insert(t["formversion"]), list(forms.values()))
        for n in range(args.inspections):
            iid = uuid.uuid4()
            kind = "mystery" if n % 5 == 0 else "onsite"
            visit = end - timedelta(seconds=rng.randrange(span))
            branch = branch_rows[n % len(branch_rows)]
            sections = {s: {"percent": rng.uniform(40, 100)} for s in SECTIONS}
            score = round(sum(v["percent"] for v in sections.values()) / len(SECTIONS), 2)
            grade = "excellent" if score >= 90 else "good" if score >= 80 else "pass"
            rows["inspection"].append({
                "id": iid, "branch_id": branch["id"], "form_version_id": forms[kind]["id"],
                "kind": kind, "status": "approved" if n % 3 else "submitted",
                "inspectors": ["甲", "乙"], "lead": "", "shopper_alias": "",
                "visit_start": visit, "visit_end": visit + timedelta(hours=2), "notes": "",
                "internal_notes": "", "overall_score": score, "grade": grade,
                "section_scores": sections, "veto_hits": [items[0]] if rng.random() < 0.02 else [],
                "submitted_at": visit, "created_at": visit, "updated_at": visit, "revision": 1,
            })  # fmt: skip
            for item in items:
                possible = float(rng.choice((1, 2, 3, 5)))
                failed = rng.random() < 0.06
                rows["answer"].append({
                    "id": uuid.uuid4(), "inspection_id": iid, "item_id": item, "value": "pass",
                    "is_na": False, "note": "", "points_possible": possible,
                    "points_awarded": 0.0 if failed else possible, "deduction_reason": "",
                    "answered_at": visit,
                })  # fmt: skip
                if failed:
                    fid = uuid.uuid4()
                    verified = rng.random() < 0.6
                    closed = visit + timedelta(days=rng.randint(1, 60)) if verified else None
                    rows["finding"].append({
                        "id": fid, "inspection_id": iid, "branch_id": branch["id"],
                        "item_id": item, "severity": rng.choice(("major", "general")),
                        "risk_type": rng.choice(("conduct", "efficiency", "security")),
                        "description": "", "observation": "", "requirement": "",
                        "responsible": "", "due_date": visit.date() + timedelta(days=30),
                        "status": "verified" if verified else "rectifying", "source": "inspection",
                        "points_deducted": possible, "deduction_reason": "",
                        "closed_at": closed,
                        "revision": 1, "created_at": visit, "updated_at": visit,
                    })  # fmt: skip
                    if verified:
                        rows["findingevent"].append({
                            "id": uuid.uuid4(), "finding_id": fid, "kind": "verify", "actor": "",
                            "at": visit + timedelta(days=1), "text": "", "result": "passed",
                            "data": None,
                        })  # fmt: skip
            if kind == "mystery":
                at = visit
                for cp in CHECKPOINTS:
                    at += timedelta(seconds=rng.randint(5, 900))
                    rows["timermark"].append({
                        "id": uuid.uuid4(), "inspection_id": iid, "checkpoint": cp, "at": at,
                        "corrected": False, "created_at": at,
                    })  # fmt: skip
            if len(rows["answer"]) >= BATCH:
                flush(conn)
        flush(conn)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return {**counts, "branches": len(branch_rows), "fill_s": time.perf_counter() - started}


def index_cost(engine: sa.Engine) -> dict[str, float]:
    """Insert the inspection rows into an empty copy of the table, without and with the index."""
    out: dict[str, float] = {}
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TEMPORARY TABLE bench_copy AS SELECT * FROM inspection LIMIT 0"
        )
        for label in ("without_index_s", "with_index_s"):
            if label == "with_index_s":
                conn.exec_driver_sql("CREATE INDEX bench_copy_visit ON bench_copy (visit_start)")
            started = time.perf_counter()
            conn.exec_driver_sql("INSERT INTO bench_copy SELECT * FROM inspection")
            out[label] = time.perf_counter() - started
            conn.exec_driver_sql("DELETE FROM bench_copy")
        conn.exec_driver_sql("DROP TABLE bench_copy")
    return out


def scan(engine: sa.Engine) -> None:
    answer = _tables()["answer"]
    stmt = sa.select(
        answer.c.item_id, sa.func.count(), sa.func.sum(answer.c.points_awarded)
    ).group_by(answer.c.item_id)
    with engine.connect() as conn:
        conn.execute(stmt).all()


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


@contextmanager
def database(kind: str, pg_url: str | None) -> Iterator[sa.Engine]:
    with tempfile.TemporaryDirectory() as home:
        if kind == "sqlite":
            db = open_database(Path(home))
            try:
                yield db.engine
            finally:
                db.dispose()
            return
        if not pg_url:
            raise SystemExit("PostgreSQL needs --pg-url or BQINSPECT_TEST_PG_URL")
        name = f"bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        db = open_database(Path(home), url)
        try:
            yield db.engine
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    end = datetime(2026, 12, 1, tzinfo=UTC)
    with database(kind, args.pg_url) as engine:
        facts = fill(engine, args, end)
        print(f"{kind}: filled {facts} ")
        f = filters.Filter(period=filters.quarter(2026, 3))
        page, base = [], []
        for _ in range(args.rounds):
            page.append(timed(lambda: all_figures(engine, f, today=date(2026, 12, 1), now=end)))
            base.append(timed(lambda: scan(engine)))
        cost = index_cost(engine)
    result = {
        "engine": kind,
        **facts,
        "page_median_s": statistics.median(page),
        "scan_median_s": statistics.median(base),
        "ratio": statistics.median(page) / statistics.median(base),
        **cost,
    }
    print(
        f"{kind}: page {result['page_median_s']:.3f} s, scan {result['scan_median_s']:.3f} s, "
        f"ratio x{result['ratio']:.2f} (median of {args.rounds}); visit-start index on import: "
        f"{cost['without_index_s']:.3f} s without, {cost['with_index_s']:.3f} s with"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=20_000)
    parser.add_argument("--branches", type=int, default=2_000)
    parser.add_argument("--items", type=int, default=115)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=os.environ.get("BQINSPECT_TEST_PG_URL"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    results = [run(kind, args) for kind in kinds]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
