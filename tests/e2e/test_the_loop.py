"""The whole loop: a visit at branch 0231 on the shipped on-site form, three photographed
failures, submit and sign, the PDF notice, a signed and encrypted package; head office imports
twenty such packages twice (nothing duplicates) and a tampered one is refused (nothing changes).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bqinspect.cli import main
from bqinspect.domain.forms import AnswerType
from bqinspect.photos import ingest_bytes
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as svc
from bqinspect.services.demo import demo_signature, demo_value
from bqinspect.store.workspace import Workspace, open_workspace
from tests.unit.sync_helpers import db_content_hash, table_counts

PACKAGES = 20


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _photo(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (40 * n % 255, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def _visit(ws: Workspace, code: str, n: int) -> str:
    """One on-site inspection answered item by item, three failures photographed, signed."""
    import random

    rng = random.Random(n)
    fv = catalog.find_form_version(ws, "branch-onsite")
    form = ws.form(fv.id)
    branch = branches.save_branch(
        ws, {"code": code, "name": f"网点{code}（测试）", "region": "华东"}
    )
    insp = svc.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"])
    failures = [i for i in form.items() if i.type is AnswerType.YESNO and not i.veto][3:6]
    for item in form.items():
        if item in failures:
            svc.set_answer(ws, insp.id, item.id, "fail")
            svc.attach_photo(
                ws, insp.id, ingest_bytes(_photo(n), f"{item.id}.jpg"), item_id=item.id
            )
            svc.set_note(ws, insp.id, item.id, "现场发现不达标")
            continue
        value, na = demo_value(item, rng, 1.0)
        if value is not None or na:
            svc.set_answer(ws, insp.id, item.id, value, na=na)
    for missing in svc.check_submission(ws, insp.id):  # ratings short of full marks
        assert missing.what == "reason", missing
        svc.set_note(ws, insp.id, missing.item_id, "扣分原因：现场评分未达满分")
    assert svc.check_submission(ws, insp.id) == []
    svc.add_signature(ws, insp.id, "inspector", "王晓明", demo_signature("王晓明", rng))
    svc.submit(ws, insp.id)
    assert len(svc.findings_of(ws, insp.id)) == 3
    return str(insp.id)


@pytest.mark.slow
def test_visit_report_package_and_head_office_import_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field_home, office_home = tmp_path / "laptop", tmp_path / "office"
    assert (
        cli(capsys, "--data-dir", office_home, "keys", "export-public", tmp_path / "hq.pub")[0] == 0
    )
    assert (
        cli(capsys, "--data-dir", field_home, "keys", "export-public", tmp_path / "f.pub")[0] == 0
    )
    assert cli(capsys, "--data-dir", office_home, "keys", "trust", tmp_path / "f.pub")[0] == 0

    field = open_workspace(field_home, actor="王晓明")
    catalog.install_shipped_forms(field)
    ids = [_visit(field, "0231" if n == 0 else f"{300 + n}", n) for n in range(PACKAGES)]
    field.close()

    # the notice for branch 0231, in Chinese, and its verification
    pdf = tmp_path / "0231.pdf"
    code, _, err = cli(capsys, "--data-dir", field_home, "report", ids[0], "--out", pdf, "-q")
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "整改通知书" in text and "0231" in text and "现场发现不达标" in text
    assert cli(capsys, "--data-dir", field_home, "report", "verify", pdf)[0] == 0

    packages = []
    for n, inspection_id in enumerate(ids):
        out = tmp_path / f"p{n:02d}.bqpkg"
        code, _, err = cli(
            capsys,
            "--data-dir",
            field_home,
            "export",
            "--inspection",
            inspection_id,
            "--out",
            out,
            "--encrypt-to",
            tmp_path / "hq.pub",
        )
        assert code == 0, err
        assert out.read_bytes().startswith(b"age-encryption.org/v1")
        packages.append(out)

    for package in packages:
        code, out, err = cli(capsys, "--data-dir", office_home, "import", package, "--json")
        assert code == 0, err
        assert json.loads(out)["inspections"]["new"] == 1
    office = open_workspace(office_home)
    counts, content = table_counts(office), db_content_hash(office)
    office.close()
    assert counts["inspection"] == PACKAGES and counts["finding"] == 3 * PACKAGES

    for package in packages:  # the lead imports everything again, by mistake
        code, out, err = cli(capsys, "--data-dir", office_home, "import", package, "--json")
        assert code == 0, err
        assert json.loads(out)["inspections"]["unchanged"] == 1
    office = open_workspace(office_home)
    assert table_counts(office) == counts and db_content_hash(office) == content
    listed = svc.list_inspections(office, status="submitted")
    assert len(listed) == PACKAGES and {r.branch_code for r in listed} >= {"0231"}
    assert all(r.overall_score is not None for r in listed)
    office.close()

    # a hostile file: refused with its reason, nothing changes
    hostile = tmp_path / "hostile.bqpkg"
    shutil.copy(packages[0], hostile)
    data = bytearray(hostile.read_bytes())
    data[len(data) // 2] ^= 0xFF
    hostile.write_bytes(bytes(data))
    code, _, err = cli(capsys, "--data-dir", office_home, "import", hostile)
    assert code == 1 and "hostile.bqpkg" in err
    office = open_workspace(office_home)
    assert db_content_hash(office) == content
    office.close()
