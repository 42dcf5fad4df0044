"""The inspections list reads only the columns it shows: no form definition, no whole row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from bqinspect.services import inspections as insp_svc
from bqinspect.store.workspace import Workspace
from tests.inspection_factory import submitted_inspection


@contextmanager
def statements(ws: Workspace) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(statement)

    sa.event.listen(ws.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(ws.db.engine, "before_cursor_execute", record)


def test_the_list_never_reads_a_form_definition(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form)
    with statements(ws) as seen:
        rows = insp_svc.list_inspections(ws, text="0101")
    assert [r.id for r in rows] == [insp.id]
    assert rows[0].branch_code == "0101"
    assert rows[0].form_id == mini_form.id
    assert rows[0].inspectors == ["检查员甲"]
    assert rows[0].status == "submitted"
    assert seen, "the list was read from the database"
    assert not any("definition" in sql for sql in seen)
    assert not any("internal_notes" in sql or "section_scores" in sql for sql in seen)
