"""Rectification report: text in zh/en, embedded fonts, findings, photos, audiences, watermark."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlmodel import select

from bqinspect.base.errors import Refused
from bqinspect.base.progress import Cancelled
from bqinspect.domain.formio import form_from_data, form_to_data
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.report import build_report
from bqinspect.report.fonts import shipped_font_path
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I
from bqinspect.store.models import (
    Finding,
    InspectionStatus,
    ItemComment,
    PhotoBlob,
    Review,
)
from bqinspect.store.workspace import Workspace
from tests.recording import RecordingProgress

VISIT = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
OBSERVATION = "门楣标牌左侧灯箱不亮，“银”字缺损，夜间无法辨认。"


# helpers (also used by the other report test modules) -------------------------------------------
def jpeg(seed: int, size: tuple[int, int] = (800, 600)) -> bytes:
    """A distinct small JPEG (each seed gives different bytes, so a different sha256)."""
    img = Image.new("RGB", size, ((seed * 53) % 256, (seed * 97) % 256, 140))
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, 10 + seed % 200, 60), fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def signature_png() -> bytes:
    img = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(10, 80), (90, 20), (170, 85), (290, 30)], fill="navy", width=4)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def add_photos(ws: Workspace, insp_id: uuid.UUID, item_id: str, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        photo = ingest_bytes(jpeg(n), f"photo{n}.jpg")
        I.attach_photo(ws, insp_id, photo, item_id=item_id, caption=f"照片说明{n}")


def onsite(
    ws: Workspace,
    mini_form: Any,
    *,
    fail: bool = True,
    photos: int = 1,
    submit: bool = False,
    code: str = "0231",
    visit: datetime = VISIT,
) -> uuid.UUID:
    """An on-site inspection of the mini form; with ``fail`` two items fail (two findings)."""
    fv = catalog.install_form(ws, mini_form)
    try:
        branch = branches.get_branch(ws, code)
    except Refused:
        branch = branches.save_branch(
            ws,
            {"code": code, "name": "城东支行营业部", "region": "华东分行", "manager": "李经理"},
        )
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    answers: dict[str, Any] = {
        "ENV-01": "fail" if fail else "pass",
        "ENV-04": 5,
        "ENV-05": "pass",
        "STF-04": "pass",
        "STF-05": 8,
        "STF-06": 5,
        "SEC-04": {"x": 4},
        "SEC-05": 20 if fail else 45,
        "FAC-15": ["water", "glasses", "firstaid"],
    }
    for item_id, value in answers.items():
        I.set_answer(ws, insp.id, item_id, value)
    if fail:
        I.set_note(ws, insp.id, "ENV-01", OBSERVATION)
        add_photos(ws, insp.id, "ENV-01", photos)
    I.add_signature(ws, insp.id, "inspector", "王晓明", signature_png())
    if submit:
        I.submit(ws, insp.id)
    return insp.id


def pdf_text(path: Path, *extra: str) -> str:
    return subprocess.run(
        ["pdftotext", *extra, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def squashed(path: Path) -> str:
    """The PDF's text with all white space removed (lines wrap wherever the layout puts them)."""
    return re.sub(r"\s+", "", pdf_text(path))


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def image_list(path: Path) -> list[dict[str, str]]:
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    names = out[0].split()
    return [dict(zip(names, line.split(), strict=False)) for line in out[2:] if line.strip()]


# text and fonts ---------------------------------------------------------------------------------
def test_chinese_report_gives_back_the_exact_text(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    ws.set_setting("bank_name", "演示银行")
    insp_id = onsite(ws, mini_form)
    info = build_report(ws, insp_id, tmp_path / "zh.pdf", lang="zh")
    text = squashed(info.path)
    for expected in (
        "整改通知书",
        "演示银行",
        "城东支行营业部（0231）",
        "现场检查",
        "门楣标牌醒目",
        "清洁并修复门楣标牌",
        OBSERVATION,
        "录像保存天数",
        "整改反馈表",
        "签字确认",
        "第1/",
    ):
        assert re.sub(r"\s+", "", expected) in text, expected
    assert "Rectification" not in text and "Fascia" not in text
    assert info.pages >= 2 and info.record_id == insp_id


def test_english_report_gives_back_the_exact_text(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    info = build_report(ws, insp_id, tmp_path / "en.pdf", lang="en")
    text = pdf_text(info.path)
    for expected in (
        "Rectification Notice",
        "On-site inspection",
        "Fascia signage prominent",
        "Clean and repair the fascia signage",
        "Keep recordings at least 30 days",
        "Rectification table",
        "Page 1 / ",
    ):
        assert expected in text, expected
    assert "整改通知书" not in text and "门楣标牌醒目" not in text
    # user data is printed as typed, whatever the language
    assert "城东支行营业部" in text and OBSERVATION.replace("，", "") in text.replace("，", "")


def test_both_languages_carry_both_texts(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    info = build_report(ws, onsite(ws, mini_form), tmp_path / "both.pdf", lang="both")
    text = squashed(info.path)
    for expected in ("整改通知书", "RECTIFICATIONNOTICE", "门楣标牌醒目", "Fasciasignageprominent"):
        assert expected in text


def test_every_font_is_embedded_as_a_subset(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    for lang in ("zh", "en"):
        rows = pdffonts(build_report(ws, insp_id, tmp_path / f"{lang}.pdf", lang=lang).path)
        assert rows
        for row in rows:
            name, emb, sub = row[0], row[-5], row[-4]
            assert (emb, sub) == ("yes", "yes"), row
            assert re.match(r"^[A-Z]{6}\+WenQuanYiZenHei", name), row
            assert "TrueType" in row


def test_the_shipped_font_comes_with_its_licence() -> None:
    font = shipped_font_path()
    licence = font.with_name("wqy-zenhei.LICENSE.txt")
    assert font.is_file() and font.stat().st_size > 10_000_000
    text = licence.read_text(encoding="utf-8")
    assert "Font embedding exception" in text and "GNU GENERAL PUBLIC LICENSE" in text


# findings -----------------------------------------------------------------------------------
def test_no_findings_says_so_and_has_no_rectification_table(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, fail=False, submit=True)
    assert I.findings_of(ws, insp_id) == []
    text = squashed(build_report(ws, insp_id, tmp_path / "r.pdf").path)
    assert "本次检查未发现需要整改的问题" in text
    assert "整改反馈表" not in text and "整改措施" not in text
    assert "签字确认" in text


def test_one_finding(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    fv = catalog.install_form(ws, mini_form)
    branch = branches.save_branch(ws, {"code": "0100", "name": "单项支行"})
    insp = I.start_inspection(ws, branch.id, fv.id, inspectors=["甲"], visit_start=VISIT)
    I.set_answer(ws, insp.id, "ENV-01", "fail")
    [finding] = I.findings_of(ws, insp.id)
    I.update_finding(ws, finding.id, responsible="赵主管", due_date=VISIT.date() + timedelta(7))
    text = squashed(build_report(ws, insp.id, tmp_path / "r.pdf").path)
    assert "1项" in text and "赵主管" in text and "2026-12-04" in text
    assert text.count("门楣标牌醒目") == 2  # its card and its row of the rectification table
    assert "SEC-04" not in text and "录像保存天数" not in text


def test_the_basis_prints_beside_the_requirement(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = form_to_data(mini_form)
    data["sections"][0]["items"][0]["basis"] = "CBSS1000 模块一 第1条"
    ws = empty_workspace
    older = onsite(ws, mini_form, code="0100")  # the same item without a basis: an older form
    newer = onsite(ws, form_from_data({**data, "version": "2"}))
    for lang, requirement, label in (
        ("zh", "清洁并修复门楣标牌", "检查依据"),
        ("en", "Cleanandrepairthefasciasignage", "Basis"),
    ):
        text = squashed(build_report(ws, newer, tmp_path / f"{lang}.pdf", lang=lang).path)
        assert text.index(label + "CBSS1000模块一第1条") > text.index(requirement), lang
    assert "检查依据" not in squashed(build_report(ws, older, tmp_path / "older.pdf").path)


def test_a_hundred_findings_split_the_tables_over_pages(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    branch_id = I.get_inspection(ws, insp_id).branch_id
    severities = ["critical", "major", "general", "observation"]
    with ws.session() as s:
        for n in range(100):
            s.add(
                Finding(
                    inspection_id=insp_id,
                    branch_id=branch_id,
                    severity=severities[n % 4],
                    description=f"手工问题{n:03d}：排队叫号系统显示与实际叫号不一致",
                    requirement="检修叫号系统并安排专人每日核对。" * (1 + n % 3),
                    responsible=f"责任人{n:03d}",
                    due_date=VISIT.date() + timedelta(days=n % 30),
                )
            )
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    reader = PdfReader(info.path)
    assert info.pages == len(reader.pages) > 10
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]
    whole = "".join(pages)
    for n in range(100):
        assert f"手工问题{n:03d}" in whole and f"责任人{n:03d}" in whole
    # the rectification table spans several pages and repeats its header on each
    table_pages = [p for p in pages if "手工问题" in p and "整改措施" in p]
    assert len(table_pages) >= 3
    start = next(i for i, p in enumerate(pages) if "整改反馈表" in p)
    assert all("整改措施完成日期" in p for p in pages[start:-1])


def test_long_chinese_text_wraps_inside_the_page(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    [finding, *_] = [f for f in I.findings_of(ws, insp_id) if f.item_id == "ENV-01"]
    long_text = "营业厅内宣传资料摆放杂乱无章且部分资料已过期失效" * 120  # about 2,900 characters
    I.update_finding(ws, finding.id, observation=long_text, responsible="王" * 60)
    info = build_report(ws, insp_id, tmp_path / "r.pdf", lang="both")
    html = pdf_text(info.path, "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', html)]
    assert right_edges and max(right_edges) <= width - 40  # inside the right margin
    # all of it is there, across pages ("乱" occurs once in each repetition and nowhere else)
    assert squashed(info.path).count("乱") == 120


# photos -------------------------------------------------------------------------------------
def test_a_finding_with_ten_photos_prints_them_at_print_resolution(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=10)
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    images = image_list(info.path)
    photos = [i for i in images if i["enc"] == "jpeg"]
    assert len(photos) == 10
    for image in photos:
        # 800x600 stored, placed about 56 mm wide: resampled to ~200 ppi, not the original pixels
        assert int(image["width"]) < 800
        assert 190 <= int(image["x-ppi"]) <= 210
    text = squashed(info.path)
    assert all(f"图{n}照片说明{n - 1}" in text for n in range(1, 11))
    assert info.warnings == []


def test_eighty_photos_stay_a_reasonable_size(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    for n in range(80):
        data = jpeg(n, (1600, 1200))
        I.attach_photo(ws, insp_id, ingest_bytes(data, f"{n}.jpg"), item_id="ENV-01")
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    stored = sum(len(b.display) for b in _blobs(ws))
    assert len([i for i in image_list(info.path) if i["enc"] == "jpeg"]) == 80
    assert info.size < stored / 2 and info.size < 3 * 2**20


def _blobs(ws: Workspace) -> list[PhotoBlob]:
    with ws.db.session() as s:
        return list(s.exec(select(PhotoBlob)).all())


def test_a_corrupt_or_missing_photo_is_reported_not_crashed(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=3)
    corrupt, missing, _good = sorted(_blobs(ws), key=lambda b: b.sha256)
    with ws.session() as s:
        row = s.get(PhotoBlob, corrupt.sha256)
        assert row is not None
        row.display = b"\xff\xd8\xff\xe0 not really a jpeg"
        s.add(row)
    with ws.db.engine.connect() as conn:  # a blob lost by a damaged database
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql("DELETE FROM photoblob WHERE sha256 = ?", (missing.sha256,))
        conn.commit()
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    assert len(info.warnings) == 2
    joined = "\n".join(info.warnings)
    assert corrupt.sha256[:12] in joined and "cannot decode" in joined
    assert missing.sha256[:12] in joined and "missing" in joined
    text = squashed(info.path)
    assert text.count("照片缺失或无法读取") == 2
    assert len([i for i in image_list(info.path) if i["enc"] == "jpeg"]) == 1


# audiences ------------------------------------------------------------------------------------
@pytest.fixture
def mystery(workspace):  # type: ignore[no-untyped-def]
    """A submitted mystery-shopping visit with a shopper alias, internal notes and timings."""
    ws = workspace
    fv = catalog.find_form_version(ws, "mystery-cash")
    form = ws.form(fv.id)
    branch = branches.save_branch(ws, {"code": "0300", "name": "城西支行营业部"})
    insp = I.start_inspection(
        ws,
        branch.id,
        fv.id,
        inspectors=["秘密访客甲"],
        visit_start=VISIT,
        shopper_alias="暗访员M-07",
    )
    with ws.acting_as(Role.LEAD):  # internal notes are the lead's
        I.set_inspection_fields(ws, insp.id, internal_notes="内部：该网点曾被投诉，需重点关注。")
    at = VISIT
    for cp in form.checkpoints:
        at += timedelta(seconds=95)
        I.mark_timer(ws, insp.id, cp.id, at)
    I.add_signature(ws, insp.id, "inspector", "秘密访客甲", signature_png())
    with ws.session() as s:  # the lead's review work is internal too
        s.add(ItemComment(inspection_id=insp.id, item_id="T0", author="组长乙", text="复核录像"))
        s.add(Review(inspection_id=insp.id, reviewer="组长乙", decision="returned", comment="补拍"))
    return ws, insp.id


def test_branch_copy_leaves_out_the_shopper_and_internal_notes(mystery, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, insp_id = mystery
    branch = squashed(build_report(ws, insp_id, tmp_path / "b.pdf", audience="branch").path)
    office = squashed(build_report(ws, insp_id, tmp_path / "o.pdf", audience="office").path)
    secrets = ("暗访员M-07", "秘密访客甲", "该网点曾被投诉", "复核录像", "组长乙", "补拍")
    for secret in secrets:
        assert secret not in branch, secret
        assert secret in office, secret
    assert "身份保密" in branch and "网点联" in branch
    assert "存档联（内部）" in office and "内部信息" in office
    # the timings are in both copies
    for copy in (branch, office):
        assert "暗访计时" in copy and "T0" in copy and "T7" in copy
    branch_pdf = PdfReader(tmp_path / "b.pdf")
    assert "秘密访客甲" not in str(branch_pdf.metadata)


def test_mystery_report_shows_checkpoints_and_durations(mystery, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, insp_id = mystery
    form = ws.form(I.get_inspection(ws, insp_id).form_version_id)
    text = pdf_text(build_report(ws, insp_id, tmp_path / "m.pdf", lang="en").path)
    assert "Mystery-shopping timings" in text and "Mystery shopping" in text
    for cp in form.checkpoints:
        assert cp.label.en in text
    marks = I.timer_marks(ws, insp_id)
    first = min(marks.values()).astimezone()
    assert first.strftime("%H:%M:%S") in text
    durations = [i for i in form.items() if i.type.value == "duration"]
    assert durations and any(d.text.en[:20] in text.replace("\n", " ") for d in durations)


# watermark, page size, settings -----------------------------------------------------------------
def test_a_draft_carries_the_watermark_and_a_submitted_record_does_not(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    draft = onsite(ws, mini_form)
    done = onsite(ws, mini_form, submit=True, visit=VISIT - timedelta(days=30))
    assert I.get_inspection(ws, done).status == InspectionStatus.SUBMITTED
    draft_pdf = PdfReader(build_report(ws, draft, tmp_path / "d.pdf", lang="en").path)
    done_pdf = PdfReader(build_report(ws, done, tmp_path / "s.pdf", lang="en").path)
    assert len(draft_pdf.pages) >= 2
    for page in draft_pdf.pages:  # the mark is on every page, in both languages
        text = page.extract_text()
        assert "DRAFT" in text and "草稿" in text
    for page in done_pdf.pages:
        text = page.extract_text()
        assert "DRAFT" not in text and "草稿" not in text


def test_the_previous_inspection_of_the_branch_is_compared(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    onsite(ws, mini_form, fail=False, submit=True, visit=VISIT - timedelta(days=60))
    now = onsite(ws, mini_form)
    text = squashed(build_report(ws, now, tmp_path / "r.pdf").path)
    assert "2026-09-28:100.0" in text  # the previous visit and its score
    assert "条形图中的竖线为上次检查的得分率" in text


def test_letter_and_a4_page_sizes(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    a4 = PdfReader(build_report(ws, insp_id, tmp_path / "a4.pdf").path).pages[0].mediabox
    letter = (
        PdfReader(build_report(ws, insp_id, tmp_path / "l.pdf", page_size="Letter").path)
        .pages[0]
        .mediabox
    )
    assert (round(a4.width), round(a4.height)) == (595, 842)
    assert (round(letter.width), round(letter.height)) == (612, 792)
    ws.set_setting("report_page_size", "Letter")
    default = PdfReader(build_report(ws, insp_id, tmp_path / "d.pdf").path).pages[0].mediabox
    assert round(default.width) == 612


def test_bank_logo_and_a_bad_font_setting(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), "darkred").save(logo, "PNG")
    ws.set_setting("bank_logo", base64.b64encode(logo.getvalue()).decode())
    not_a_font = tmp_path / "bank.ttf"
    not_a_font.write_bytes(b"this is not a font")
    ws.set_setting("report_font", str(not_a_font))
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    assert any("report_font" in w and str(not_a_font) in w for w in info.warnings)
    assert len([i for i in image_list(info.path) if i["enc"] != "jpeg"]) >= 2  # logo + signature
    assert all(row[-5] == "yes" for row in pdffonts(info.path))
    ws.set_setting("bank_logo", "%%% not base64 or an image")
    info = build_report(ws, insp_id, tmp_path / "r2.pdf")
    assert any("bank_logo" in w for w in info.warnings)


def test_a_bank_font_is_used_when_it_is_good(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    own = tmp_path / "bank-font.ttc"
    own.write_bytes(shipped_font_path().read_bytes())
    ws.set_setting("report_font", str(own))
    info = build_report(ws, onsite(ws, mini_form, photos=0), tmp_path / "r.pdf")
    assert info.warnings == []
    assert "整改通知书" in squashed(info.path)


# arguments, progress, cancel, atomic write ------------------------------------------------------
def test_bad_arguments_are_refused(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(Refused, match="audience"):
        build_report(ws, insp_id, tmp_path / "r.pdf", audience="public")
    with pytest.raises(Refused, match="lang"):
        build_report(ws, insp_id, tmp_path / "r.pdf", lang="fr")
    with pytest.raises(Refused, match="page size"):
        build_report(ws, insp_id, tmp_path / "r.pdf", page_size="A3")
    with pytest.raises(Refused, match="does not exist"):
        build_report(ws, insp_id, tmp_path / "no" / "r.pdf")
    with pytest.raises(Refused, match="folder"):
        build_report(ws, insp_id, tmp_path)
    with pytest.raises(Refused, match="no inspection"):
        build_report(ws, uuid.uuid4(), tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []


def test_progress_runs_to_the_end(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=4)
    progress = RecordingProgress()
    build_report(ws, insp_id, tmp_path / "r.pdf", progress=progress)
    calls = progress.calls
    done = progress.done
    assert done == sorted(done) and calls[-1][0] == calls[-1][1] == 4 + 3
    assert {c[2] for c in calls} >= {"record", "photos", "layout", "done"}


@pytest.mark.parametrize("stop_after", [1, 3, 6])
def test_cancel_leaves_the_old_file_and_no_temp_files(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path, stop_after
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=4)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "r.pdf"
    out.write_bytes(b"the previous report")
    progress = RecordingProgress(lambda p: p.asked > stop_after)
    with pytest.raises(Cancelled):
        build_report(ws, insp_id, out, progress=progress)
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in out.parent.iterdir()] == ["r.pdf"]


def test_the_report_replaces_an_older_file_atomically(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=0)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "r.pdf"
    out.write_bytes(b"old")
    info = build_report(ws, insp_id, out)
    assert out.read_bytes().startswith(b"%PDF-") and info.size == out.stat().st_size
    assert [p.name for p in out.parent.iterdir()] == ["r.pdf"]


def test_the_report_package_does_not_import_qt() -> None:
    code = (
        "import sys, bqinspect.report, bqinspect.cli.report, bqinspect.report.verify; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'bqinspect.ui'))]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
