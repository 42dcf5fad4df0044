"""Migration 0007: a database at 0004 gains the staff register and keeps its answers, unnamed."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from bqinspect.base import clock
from bqinspect.store.db import head_revision, integrity_check, open_database
from tests.unit.test_store import _database_at


def test_upgrade_from_0004_keeps_answers_and_findings_with_nobody_named(home: Path) -> None:
    path = _database_at(home, "0004")
    con = sqlite3.connect(path)
    now = clock.now().isoformat(sep=" ")
    bid, fid, iid = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    con.execute(
        "INSERT INTO branch (created_at, updated_at, id, code, name, name_en, region,"
        " sub_branch, address, manager, phone, active, revision)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, bid, "0231", "旧网点", "", "", "", "", "", "", 1, 1),
    )
    con.execute(
        "INSERT INTO formversion (created_at, updated_at, id, form_id, version, kind,"
        " title_zh, title_en, sha256, definition, active) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, fid, "f", "1", "onsite", "表", "Form", "0" * 64, "{}", 1),
    )
    con.execute(
        "INSERT INTO inspection (created_at, updated_at, id, branch_id, form_version_id,"
        " kind, status, inspectors, lead, shopper_alias, visit_start, notes,"
        " internal_notes, revision, work_status, decision, review_revision)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, iid, bid, fid, "onsite", "draft", "[]", "", "", now, "", "", 1, "draft", "", 0),
    )
    con.execute(
        "INSERT INTO answer (id, inspection_id, item_id, value, is_na, note,"
        " deduction_reason, answered_at) VALUES (?,?,?,?,?,?,?,?)",
        (uuid.uuid4().hex, iid, "ENV-01", '"fail"', 0, "", "", now),
    )
    con.execute(
        "INSERT INTO finding (created_at, updated_at, id, inspection_id, branch_id, item_id,"
        " severity, risk_type, description, observation, requirement, responsible, status,"
        " source, points_deducted, deduction_reason, revision, followup_revision)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (now, now, uuid.uuid4().hex, iid, bid, "ENV-01", "general", "", "门头", "", "", "",
         "open", "inspection", 2.0, "", 1, 0),
    )  # fmt: skip
    con.commit()
    con.close()

    db = open_database(home)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
        assert conn.exec_driver_sql("SELECT staff_no, counter FROM answer").one() == ("", "")
        assert conn.exec_driver_sql("SELECT staff_no, counter FROM finding").one() == ("", "")
        assert conn.exec_driver_sql("SELECT count(*) FROM staffmember").scalar() == 0
    assert integrity_check(db) == []
    db.dispose()
