"""`bqinspect analytics` end to end: every figure, filters, refusals, the workbook, the summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[2]
FIGURES = {
    "ranking": {"branches", "sub_branches", "regions"},
    "sections": None,
    "dimensions": None,
    "items": None,
    "repeats": None,
    "trends": None,
    "rectification": {"rows", "overdue"},
    "appeals": {"by_branch", "by_inspector"},
    "timings": None,
    "staff": {"by_post", "by_staff"},
    "calibration": {"leniency", "items"},
    "feedback": None,  # the demo's feedback register
}


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "bqinspect", "--data-dir", str(home), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


def figure(home: Path, name: str, *filters: str) -> dict[str, Any]:
    done = run(home, "analytics", name, "--json", *filters)
    assert done.returncode == 0, done.stderr
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace: a few branches with two years of history by five inspectors."""
    where = tmp_path_factory.mktemp("analytics")
    done = run(where, "demo", "--branches", "6", "--inspections", "4")
    assert done.returncode == 0, done.stderr
    return where


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_prints_a_table_and_json(home: Path, name: str) -> None:
    table = run(home, "analytics", name)
    assert table.returncode == 0, table.stderr
    assert table.stdout.strip() and "Traceback" not in table.stderr
    data = figure(home, name)
    assert {"filter", "inspections", name} <= set(data)
    assert data["inspections"] > 0
    keys = FIGURES[name]
    if keys is None:
        assert isinstance(data[name], list) and data[name]
    else:
        assert keys <= set(data[name])


def test_json_rows_carry_the_figures_fields(home: Path) -> None:
    ranking = figure(home, "ranking")["ranking"]
    assert {"rank", "key", "name", "mean", "grades", "change"} <= set(ranking["branches"][0])
    leniency = figure(home, "calibration")["calibration"]["leniency"]
    assert {"confidence", "inspectors"} <= set(leniency)
    rect = figure(home, "rectification")["rectification"]
    assert "rejection_rate" in rect["rows"][0]


def test_filters_narrow_the_figures(home: Path) -> None:
    everything = figure(home, "ranking")
    branches = everything["ranking"]["branches"]
    one = branches[-1]
    only = figure(home, "ranking", "--branch", one["key"])
    assert [b["key"] for b in only["ranking"]["branches"]] == [one["key"]]
    assert only["inspections"] == one["inspections"] < everything["inspections"]

    region = branches[0]["region"]
    in_region = figure(home, "ranking", "--region", region)["ranking"]["branches"]
    assert in_region and {b["region"] for b in in_region} == {region}
    assert len(in_region) < len(branches)

    trends = figure(home, "trends")["trends"]
    last = max(t["period"]["start"] for t in trends)[:7]
    month = figure(home, "trends", "--period", last)
    assert 0 < month["inspections"] < everything["inspections"]
    assert {t["period"]["label"] for t in month["trends"]} == {last}

    since = figure(home, "sections", "--since", f"{last}-01")
    assert since["inspections"] == month["inspections"]
    mystery = figure(home, "timings", "--kind", "mystery")
    onsite = figure(home, "timings", "--kind", "onsite")
    assert mystery["timings"] and onsite["timings"] == []


def test_an_empty_filter_says_not_enough_data(home: Path) -> None:
    done = run(home, "analytics", "ranking", "--period", "2001")
    assert done.returncode == 0, done.stderr
    assert "not enough data: no inspection matches this filter" in done.stdout
    assert figure(home, "items", "--period", "2001")["items"] == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--kind", "visit"),
        ("--since", "2026-13-01"),
        ("--until", "yesterday"),
        ("--period", "2026Q5"),
        ("--branch", "NOPE"),
        ("--region", "火星分行"),
        ("--form", "no-such-form"),
    ],
)
def test_a_bad_filter_value_is_refused_naming_the_option(
    home: Path, option: str, value: str
) -> None:
    done = run(home, "analytics", "ranking", option, value)
    assert done.returncode == 1
    assert option in done.stderr and "refused" in done.stderr
    assert done.stdout == ""


def test_usage_errors_exit_2(home: Path) -> None:
    assert run(home, "analytics", "ranking", "--no-such-option").returncode == 2
    assert run(home, "analytics", "summary", "--lang", "fr").returncode == 2


def test_export_writes_a_workbook(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.xlsx"
    done = run(home, "analytics", "export", "--out", str(out), "--kind", "onsite")
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    assert book.sheetnames[0] == "Cover" and "Branch ranking" in book.sheetnames
    cover = {r[0]: r[1] for r in book["Cover"].iter_rows(values_only=True) if r and r[0]}
    assert cover["Kind"] == "onsite"
    assert run(home, "analytics", "export").returncode == 1


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def test_summary_pdf_in_chinese_and_english(home: Path, tmp_path: Path) -> None:
    first = figure(home, "ranking", "--since", "2025-01-01")["ranking"]["branches"][0]
    zh = tmp_path / "summary.pdf"
    done = run(home, "analytics", "summary", "--out", str(zh), "--since", "2025-01-01")
    assert done.returncode == 0, done.stderr
    text = _text(zh)
    assert "服务质量汇总分析报告" in text
    assert first["key"] in text and first["name"] in text
    fonts = subprocess.run(["pdffonts", str(zh)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts.stdout

    en = tmp_path / "summary-en.pdf"
    done = run(home, "analytics", "summary", "--out", str(en), "--lang", "en", "--period", "2026")
    assert done.returncode == 0, done.stderr
    assert "Service-Quality Summary Report" in _text(en)
    assert "服务质量汇总分析报告" not in _text(en)


def test_summary_refuses_a_missing_folder(home: Path, tmp_path: Path) -> None:
    done = run(home, "analytics", "summary", "--out", str(tmp_path / "no" / "s.pdf"))
    assert done.returncode == 1 and "--out" in done.stderr
