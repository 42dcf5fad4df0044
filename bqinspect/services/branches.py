"""Branches: create, edit, list, and import from CSV/XLSX with a row-level error report."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from bqinspect.base.errors import NotFound, Problem, Refused
from bqinspect.domain.messages import declare
from bqinspect.services.bulk_rows import upsert_by
from bqinspect.services.table_file import cell_text, read_rows, yes_no
from bqinspect.store.models import Branch as Branch  # the row the use cases return
from bqinspect.store.models import utcnow
from bqinspect.store.workspace import Workspace

NO_BRANCH = declare(
    "services.branches.no_branch",
    "no branch {ref}",
    "没有网点 {ref}",
)
FILE_NEITHER_UTF_NOR = declare(
    "services.branches.file_neither_utf_nor",
    "file is neither UTF-8 nor GB18030 text",
    "文件既不是 UTF-8 也不是 GB18030 文本",
)
FILE_LARGER_THAN_MIB = declare(
    "services.branches.file_larger_than_mib",
    "file is larger than 20 MiB",
    "文件大于 20 MiB",
)
FILE_EMPTY = declare(
    "services.branches.file_empty",
    "file is empty",
    "文件为空",
)
ROW_MISSING_COLUMN_S = declare(
    "services.branches.row_missing_column_s",
    "row 1: missing column(s) {value} (found: {value2})",
    "第 1 行：缺少列 {value}（现有：{value2}）",
)
MORE_THAN_ROWS = declare(
    "services.branches.more_than_rows",
    "more than {max_rows} rows",
    "超过 {max_rows} 行",
)
MAY_HOLD_ONLY_LETTERS = declare(
    "services.branches.may_hold_only_letters",
    "{code} may hold only letters, digits, '-' and '_'",
    "{code} 只能包含字母、数字、“-”和“_”",
)
CODE_ALREADY_USED_BY = declare(
    "services.branches.code_already_used_by",
    "code {value} is already used by {name}",
    "代码 {value} 已被 {name} 使用",
)
READABLE_XLSX_FILE = declare(
    "services.branches.readable_xlsx_file",
    "not a readable .xlsx file ({exc})",
    "不是可读取的 .xlsx 文件（{exc}）",
)
CANNOT_READ = declare(
    "services.branches.cannot_read",
    "cannot read: {strerror}",
    "无法读取：{strerror}",
)
LONGER_THAN_CHARACTERS = declare(
    "services.branches.longer_than_characters",
    "longer than 200 characters",
    "超过 200 个字符",
)
REQUIRED_2 = declare(
    "services.branches.required",
    "is required",
    "为必填项",
)
NO_BRANCH_2 = declare(
    "services.branches.no_branch_2",
    "no branch {branch_id}",
    "没有网点 {branch_id}",
)
ALREADY_APPEARS_ROW = declare(
    "services.branches.already_appears_row",
    "{code} already appears in row {value}",
    "{code} 已在第 {value} 行出现",
)
YES_NO = declare(
    "services.branches.yes_no",
    "{raw} is not yes/no",
    "{raw} 不是“是/否”",
)

FIELDS = ("code", "name", "region", "sub_branch", "address", "manager", "phone", "active")
REQUIRED = ("code", "name")
# Column headers accepted in a spreadsheet, English or Chinese.
HEADER_ALIASES = {
    "code": "code",
    "branch code": "code",
    "网点编号": "code",
    "网点代码": "code",
    "机构号": "code",
    "name": "name",
    "branch name": "name",
    "网点名称": "name",
    "名称": "name",
    "region": "region",
    "区域": "region",
    "分行": "region",
    "所属分行": "region",
    "sub_branch": "sub_branch",
    "sub-branch": "sub_branch",
    "支行": "sub_branch",
    "所属支行": "sub_branch",
    "address": "address",
    "地址": "address",
    "manager": "manager",
    "网点负责人": "manager",
    "负责人": "manager",
    "phone": "phone",
    "电话": "phone",
    "联系电话": "phone",
    "active": "active",
    "启用": "active",
    "状态": "active",
}
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


@dataclass
class BranchImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def list_branches(ws: Workspace, *, include_inactive: bool = True) -> list[Branch]:
    with ws.db.session() as s:
        query = select(Branch).order_by(Branch.code)
        if not include_inactive:
            query = query.where(Branch.active == True)  # noqa: E712
        return list(s.exec(query).all())


def get_branch(ws: Workspace, ref: str | uuid.UUID) -> Branch:
    """A branch by id or by its bank code."""
    with ws.db.session() as s:
        row = None
        if isinstance(ref, uuid.UUID):
            row = s.get(Branch, ref)
        else:
            row = s.exec(select(Branch).where(Branch.code == ref)).first()
            if row is None:
                try:
                    row = s.get(Branch, uuid.UUID(ref))
                except ValueError:
                    row = None
    if row is None:
        raise NotFound(NO_BRANCH(ref=ref), where="branch")
    return row


def _clean(values: dict[str, Any], where: str) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in FIELDS:
            continue
        if key == "active":
            active = yes_no(raw)
            if active is None:
                problems.append(Problem(f"{where} active", YES_NO(raw=repr(raw))))
            else:
                out[key] = active
            continue
        text = cell_text(raw)
        if len(text) > 200:
            problems.append(Problem(f"{where} {key}", LONGER_THAN_CHARACTERS()))
        out[key] = text
    for key in REQUIRED:
        if not out.get(key):
            problems.append(Problem(f"{where} {key}", REQUIRED_2()))
    code = out.get("code", "")
    if code and not CODE_RE.match(code):
        problems.append(Problem(f"{where} code", MAY_HOLD_ONLY_LETTERS(code=repr(code))))
    return out, problems


def save_branch(
    ws: Workspace, values: dict[str, Any], branch_id: uuid.UUID | None = None
) -> Branch:
    """Create a branch, or edit the one with ``branch_id``."""
    clean, problems = _clean(values, "branch")
    if problems:
        raise Refused(problems)
    with ws.session() as s:
        clash = s.exec(select(Branch).where(Branch.code == clean["code"])).first()
        if clash is not None and clash.id != branch_id:
            raise Refused(CODE_ALREADY_USED_BY(value=clean["code"], name=clash.name), where="code")
        if branch_id is None:
            row = Branch(**clean)
        else:
            found = s.get(Branch, branch_id)
            if found is None:
                raise NotFound(NO_BRANCH_2(branch_id=branch_id))
            row = found
            for key, value in clean.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            row.revision += 1
        s.add(row)
    return row


def read_branch_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values) for each data row of a CSV or XLSX branch list."""
    return read_rows(path, HEADER_ALIASES, REQUIRED)


def import_branches(ws: Workspace, path: Path, *, dry_run: bool = False) -> BranchImportResult:
    """Import a branch list. Any bad row refuses the whole file: nothing is changed."""
    rows = read_branch_rows(path)
    result = BranchImportResult()
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        where = f"{path.name} row {number}"
        clean, problems = _clean(values, where)
        result.problems += problems
        code = clean.get("code")
        if code:
            if code in seen:
                result.problems.append(
                    Problem(f"{where} code", ALREADY_APPEARS_ROW(code=code, value=seen[code]))
                )
            seen[code] = number
        cleaned.append(clean)
    if result.problems:
        raise Refused(result.problems)
    with ws.session() as s:
        done = upsert_by(s, Branch, "code", cleaned)
        result.created, result.updated, result.unchanged = (
            done.created,
            done.updated,
            done.unchanged,
        )
        if dry_run:
            s.rollback()
    return result
