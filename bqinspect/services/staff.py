"""The branches' staff register: list it, import it from CSV/XLSX (row-level errors), badges."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Problem, Refused
from bqinspect.domain.messages import declare, said
from bqinspect.domain.staff import Badge, parse_post
from bqinspect.services.bulk_rows import upsert_by
from bqinspect.services.table_file import cell_text, read_rows, yes_no
from bqinspect.store.models import Branch, StaffMember
from bqinspect.store.workspace import Workspace

NO_EMPLOYEE_STAFF_REGISTER = declare(
    "services.staff.no_employee_staff_register",
    "no employee {employee_no} in the staff register",
    "员工名册中没有员工 {employee_no}",
)
MAY_HOLD_ONLY_LETTERS = declare(
    "services.staff.may_hold_only_letters",
    "{number} may hold only letters, digits, '-', '_'",
    "{number} 只能包含字母、数字、“-”和“_”",
)
LONGER_THAN_CHARACTERS = declare(
    "services.staff.longer_than_characters",
    "longer than 200 characters",
    "超过 200 个字符",
)
NO_BRANCH_IMPORT_BRANCH = declare(
    "services.staff.no_branch_import_branch",
    "no branch {code}: import the branch first",
    "没有网点 {code}：请先导入该网点",
)
YES_NO = declare(
    "services.staff.yes_no",
    "{value} is not yes/no",
    "{value} 不是“是/否”",
)
NO_BRANCH = declare(
    "services.staff.no_branch",
    "no branch {branch}",
    "没有网点 {branch}",
)
REQUIRED_2 = declare(
    "services.staff.required",
    "is required",
    "为必填项",
)
ALREADY_APPEARS_ROW = declare(
    "services.staff.already_appears_row",
    "{key} already appears in row {value}",
    "{key} 已在第 {value} 行出现",
)

FIELDS = ("employee_no", "name", "post", "branch", "active")
REQUIRED = ("employee_no", "name", "branch")
HEADER_ALIASES = {
    "employee_no": "employee_no",
    "employee no": "employee_no",
    "employee number": "employee_no",
    "badge": "employee_no",
    "工号": "employee_no",
    "员工编号": "employee_no",
    "员工号": "employee_no",
    "name": "name",
    "姓名": "name",
    "post": "post",
    "position": "post",
    "岗位": "post",
    "职位": "post",
    "branch": "branch",
    "branch code": "branch",
    "网点编号": "branch",
    "网点代码": "branch",
    "机构号": "branch",
    "active": "active",
    "在岗": "active",
    "状态": "active",
    "启用": "active",
}
NUMBER_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


@dataclass(frozen=True)
class StaffRow:
    """One employee as the register lists them."""

    id: uuid.UUID
    employee_no: str
    name: str
    post: str
    branch_code: str
    branch_name: str
    active: bool

    def badge(self) -> Badge:
        return Badge(self.employee_no, self.name, self.post)


@dataclass
class StaffImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def _row(member: StaffMember, branch: Branch) -> StaffRow:
    return StaffRow(
        member.id,
        member.employee_no,
        member.name,
        member.post,
        branch.code,
        branch.name,
        member.active,
    )


def list_staff(
    ws: Workspace, *, branch: str | None = None, include_inactive: bool = True
) -> list[StaffRow]:
    """The register, by branch code then employee number; ``branch``: one branch's code."""
    with ws.db.session() as s:
        query = select(StaffMember, Branch).join(
            Branch, col(StaffMember.branch_id) == col(Branch.id)
        )
        if branch is not None:
            if s.exec(select(Branch.id).where(Branch.code == branch)).first() is None:
                raise NotFound(NO_BRANCH(branch=branch), where="branch")
            query = query.where(Branch.code == branch)
        if not include_inactive:
            query = query.where(StaffMember.active == True)  # noqa: E712
        rows = s.exec(query.order_by(Branch.code, StaffMember.employee_no)).all()
        return [_row(m, b) for m, b in rows]


def branch_badges(ws: Workspace, branch_id: uuid.UUID) -> list[Badge]:
    """The active employees of one branch, for reading a badge number as typed."""
    with ws.db.session() as s:
        query = (
            select(StaffMember)
            .where(StaffMember.branch_id == branch_id, StaffMember.active == True)  # noqa: E712
            .order_by(StaffMember.employee_no)
        )
        return [Badge(m.employee_no, m.name, m.post) for m in s.exec(query).all()]


def get_staff(ws: Workspace, employee_no: str) -> StaffRow:
    with ws.db.session() as s:
        found = s.exec(
            select(StaffMember, Branch)
            .join(Branch, col(StaffMember.branch_id) == col(Branch.id))
            .where(StaffMember.employee_no == employee_no.strip())
        ).first()
    if found is None:
        raise NotFound(NO_EMPLOYEE_STAFF_REGISTER(employee_no=employee_no), where="staff")
    return _row(*found)


def _clean(
    values: dict[str, Any], where: str, branches: dict[str, uuid.UUID]
) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key in REQUIRED:
        if not cell_text(values.get(key)):
            problems.append(Problem(f"{where} {key}", REQUIRED_2()))
    number = cell_text(values.get("employee_no"))
    if number and not NUMBER_RE.match(number):
        problems.append(Problem(f"{where} employee_no", MAY_HOLD_ONLY_LETTERS(number=repr(number))))
    out["employee_no"] = number
    name = cell_text(values.get("name"))
    if len(name) > 200:
        problems.append(Problem(f"{where} name", LONGER_THAN_CHARACTERS()))
    out["name"] = name
    try:
        out["post"] = parse_post(cell_text(values.get("post"))).value
    except ValueError as exc:
        problems.append(Problem(f"{where} post", said(exc)))
    code = cell_text(values.get("branch"))
    if code and code not in branches:
        problems.append(Problem(f"{where} branch", NO_BRANCH_IMPORT_BRANCH(code=code)))
    out["branch_id"] = branches.get(code)
    active = yes_no(values.get("active"))
    if active is None:
        problems.append(Problem(f"{where} active", YES_NO(value=repr(values.get("active")))))
    out["active"] = bool(active)
    return out, problems


def import_staff(ws: Workspace, path: Path, *, dry_run: bool = False) -> StaffImportResult:
    """Import a staff register. Any bad row refuses the whole file: nothing is changed.

    An employee is matched by number (bank-wide): a row for a known number updates them,
    moving them to the row's branch."""
    rows = read_rows(path, HEADER_ALIASES, REQUIRED)
    result = StaffImportResult()
    with ws.session() as s:
        branches = {b.code: b.id for b in s.exec(select(Branch)).all()}
        cleaned = _cleaned_rows(rows, path.name, branches, result)
        if result.problems:
            raise Refused(result.problems)
        _store(s, cleaned, result)
        if dry_run:
            s.rollback()
    return result


def _cleaned_rows(
    rows: list[tuple[int, dict[str, Any]]],
    name: str,
    branches: dict[str, uuid.UUID],
    result: StaffImportResult,
) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        where = f"{name} row {number}"
        clean, problems = _clean(values, where, branches)
        result.problems += problems
        key = clean["employee_no"]
        if key in seen:
            result.problems.append(
                Problem(f"{where} employee_no", ALREADY_APPEARS_ROW(key=key, value=seen[key]))
            )
        seen[key] = number
        cleaned.append(clean)
    return cleaned


def _store(s: Session, cleaned: list[dict[str, Any]], result: StaffImportResult) -> None:
    upsert_by(s, StaffMember, "employee_no", cleaned).into(result)
