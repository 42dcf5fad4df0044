"""The periodic summary PDF: deterministic with ``invariant``, every language, an empty filter."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bqinspect.analytics.filters import Filter, year
from bqinspect.analytics.ranking import ranking
from bqinspect.analytics.summary.build import build_summary
from bqinspect.base.errors import Refused
from bqinspect.services.demo import create_demo
from bqinspect.store.workspace import Workspace, open_workspace
from tests.pg import fresh_database

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path_factory.mktemp("summary"))
    create_demo(workspace, branches=5, inspections_count=3)
    yield workspace
    workspace.close()


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _build(ws: Workspace, out: Path, f: Filter, lang: str = "zh") -> bytes:
    build_summary(
        ws.db.engine, f, out, lang=lang, bank_name="演示银行", today=TODAY, now=NOW, invariant=True
    )
    return out.read_bytes()


def test_invariant_output_is_byte_identical(ws: Workspace, tmp_path: Path) -> None:
    f = Filter()
    first = _build(ws, tmp_path / "a.pdf", f)
    assert first.startswith(b"%PDF-")
    assert _build(ws, tmp_path / "b.pdf", f) == first


def test_both_languages_and_the_sections(ws: Workspace, tmp_path: Path) -> None:
    _build(ws, tmp_path / "both.pdf", Filter(), lang="both")
    text = _text(tmp_path / "both.pdf")
    assert "服务质量汇总分析报告" in text and "Service-Quality Summary Report" in text
    for heading in ("关键指标", "网点排名", "整改情况", "检查人员尺度校准", "纳入统计的检查"):
        assert heading in text
    assert "演示银行" in text


def test_an_empty_period_says_so(ws: Workspace, tmp_path: Path) -> None:
    info = build_summary(
        ws.db.engine, Filter(period=year(2001)), tmp_path / "e.pdf", lang="en", now=NOW, today=TODAY
    )
    assert info.inspections == 0 and info.pages == 1
    assert "No inspection matches this filter." in _text(info.path)


def test_a_bad_language_is_refused(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(Refused, match="lang"):
        build_summary(ws.db.engine, Filter(), tmp_path / "x.pdf", lang="fr")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.postgres
def test_the_summary_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    with fresh_database(pg_url) as url:
        workspace = open_workspace(tmp_path / "pg", url)
        try:
            create_demo(workspace, branches=4, inspections_count=2)
            f = Filter()
            with workspace.db.engine.connect() as conn:
                first = ranking(conn, f).branches[0]
            pdf = tmp_path / "pg.pdf"
            data = _build(workspace, pdf, f)
            assert _build(workspace, tmp_path / "again.pdf", f) == data
        finally:
            workspace.close()
    text = _text(pdf)
    assert "服务质量汇总分析报告" in text and first.name in text
