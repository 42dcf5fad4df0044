"""Installing checklist forms into the database (each version frozen by its sha256)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from bqinspect.base import resources
from bqinspect.base.errors import Problem, Refused
from bqinspect.domain.formio import (
    FormError,
    FormProblem,
    canonical_json,
    form_sha256,
    load_form,
)
from bqinspect.domain.forms import Form
from bqinspect.domain.messages import Words, declare
from bqinspect.domain.recheck import FORM_PREFIX as RECHECK_PREFIX
from bqinspect.store.models import FormVersion as FormVersion  # the row the use cases return
from bqinspect.store.workspace import Workspace

NO_INSTALLED_FORM = declare(
    "services.catalog.no_installed_form",
    "no installed form {ref}",
    "没有已安装的表单 {ref}",
)
FORM_VERSION_ALREADY_INSTALLED = declare(
    "services.catalog.form_version_already_installed",
    "form {id} version {version} is already installed with different content;"
    " give the changed form a new version",
    "表单 {id} 版本 {version} 已以不同内容安装；修改后的表单请使用新版本号",
)
AT_FIELD = declare("services.catalog.at_field", "{field}: {reason}", "{field}：{reason}")


def install_form(ws: Workspace, form: Form) -> FormVersion:
    """Store a form version; installing the same definition again returns the stored row."""
    digest = form_sha256(form)
    with ws.session() as s:
        existing = s.exec(select(FormVersion).where(FormVersion.sha256 == digest)).first()
        if existing is not None:
            return existing
        clash = s.exec(
            select(FormVersion).where(
                FormVersion.form_id == form.id, FormVersion.version == form.version
            )
        ).first()
        if clash is not None:
            raise Refused(
                FORM_VERSION_ALREADY_INSTALLED(id=form.id, version=form.version),
                where=form.id,
            )
        row = FormVersion(
            form_id=form.id,
            version=form.version,
            kind=form.kind.value,
            title_zh=form.title.zh,
            title_en=form.title.en,
            sha256=digest,
            definition=canonical_json(form),
        )
        s.add(row)
    return row


def load_form_file(path: Path) -> Form:
    """Load a YAML or XLSX form file, turning validation problems into a :class:`Refused`."""
    try:
        if path.suffix.lower() == ".xlsx":
            from bqinspect.domain.xlsx import import_xlsx

            return import_xlsx(path)
        return load_form(path)
    except FormError as exc:
        raise Refused([form_problem(p) for p in exc.problems]) from exc


def form_problem(problem: FormProblem) -> Problem:
    """A form file's problem as a refusal's: where (file and line), and the field and why,
    shown in the language chosen when it is shown."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    reason: Words = problem.reason
    if problem.field:
        reason = AT_FIELD(field=problem.field, reason=problem.reason)
    return Problem(where, reason)


def install_shipped_forms(ws: Workspace) -> list[FormVersion]:
    return [install_form(ws, load_form_file(p)) for p in shipped_form_files()]


def shipped_form_files() -> list[Path]:
    return sorted(resources.forms_dir().glob("*.yaml"))


def latest_versions(ws: Workspace) -> list[FormVersion]:
    """The newest installed version of each form id (by install time), as offered for a new
    inspection: a re-check's form, generated for its visit, is not."""
    newest: dict[str, FormVersion] = {}
    for row in ws.form_versions():
        if row.form_id.startswith(RECHECK_PREFIX):
            continue
        if row.form_id not in newest or row.created_at > newest[row.form_id].created_at:
            newest[row.form_id] = row
    return sorted(newest.values(), key=lambda r: (r.kind, r.form_id))


def find_form_version(ws: Workspace, ref: str) -> FormVersion:
    """A form version by its uuid, ``form_id`` (newest) or ``form_id@version``."""
    form_id, _, version = ref.partition("@")
    candidates = [
        r
        for r in ws.form_versions()
        if str(r.id) == ref or (r.form_id == form_id and (not version or r.version == version))
    ]
    if not candidates:
        raise Refused(NO_INSTALLED_FORM(ref=repr(ref)), where="form")
    return max(candidates, key=lambda r: r.created_at)
