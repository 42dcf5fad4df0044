"""Why a form workbook's sheets do not make a form: the refusals of its rows, in both languages."""

from __future__ import annotations

from bqinspect.domain.messages import declare

NONE = declare("domain.xlsx.none", "none", "无")
MISSING_SHEET = declare(
    "domain.xlsx.missing_sheet",
    "missing sheet {sheet} (the workbook has: {sheets})",
    "缺少工作表 {sheet}（工作簿中有：{sheets}）",
)
CHECKS_NOT_CHECKS_ITEM = declare(
    "domain.xlsx.checks_not_checks_item",
    "checks for {item}, which is not a checks item of the survey",
    "为 {item} 写了子项，但它在 survey 表中不是 checks 类检查项",
)
SETTINGS_ROW = declare(
    "domain.xlsx.settings_row", "row 2 must hold the form's settings", "第 2 行须填写表单设置"
)
SETTINGS_ONE_ROW = declare(
    "domain.xlsx.settings_one_row", "only one row of settings is allowed", "设置只能有一行"
)
REASONS_UNBALANCED = declare(
    "domain.xlsx.reasons_unbalanced",
    "{zh} reasons in zh but {en} in en: write one reason a line in both languages",
    "中文有 {zh} 条原因，英文有 {en} 条：两种语言都须每行一条，条数相同",
)
SEVERITY_TWICE = declare(
    "domain.xlsx.severity_twice",
    "severity {severity} already has a deadline in row {row}",
    "严重程度 {severity} 已在第 {row} 行设置了期限",
)
UNKNOWN_SEVERITY = declare(
    "domain.xlsx.unknown_severity",
    "unknown severity {severity}; use one of {known}",
    "未知的严重程度 {severity}；请使用 {known} 之一",
)
NEEDS_TYPE = declare(
    "domain.xlsx.needs_type",
    "every row needs a type: begin_group, end_group or an answer type",
    "每一行都需要 type：begin_group、end_group 或答案类型",
)
SECTION_NOT_CLOSED = declare(
    "domain.xlsx.section_not_closed",
    "section {id} (row {row}) is not closed: sections cannot be nested; add an end_group row first",
    "部分 {id}（第 {row} 行）没有结束：部分不能嵌套，请先加一行 end_group",
)
END_GROUP_ALONE = declare(
    "domain.xlsx.end_group_alone",
    "end_group without a matching begin_group",
    "end_group 没有对应的 begin_group",
)
END_GROUP_NAMES_OTHER = declare(
    "domain.xlsx.end_group_names_other",
    "end_group names {name} but the open section is {id} (row {row})",
    "end_group 写的是 {name}，但尚未结束的部分是 {id}（第 {row} 行）",
)
OUTSIDE_SECTION = declare(
    "domain.xlsx.outside_section",
    "item outside any section: put it between begin_group and end_group rows",
    "检查项不在任何部分内：请放在 begin_group 行与 end_group 行之间",
)
NO_END_GROUP = declare(
    "domain.xlsx.no_end_group", "section {id} has no end_group row", "部分 {id} 缺少 end_group 行"
)
SECTION_EMPTY = declare(
    "domain.xlsx.section_empty", "section {id} has no items", "部分 {id} 没有检查项"
)
UNUSED_COLUMN = declare(
    "domain.xlsx.unused_column",
    "column {column} is not used on a {type} row",
    "{type} 行不使用列 {column}",
)
WEIGHT_ON_GROUP = declare(
    "domain.xlsx.weight_on_group",
    "weight is only for begin_group rows",
    "weight 只能写在 begin_group 行",
)
SELECT_NEEDS_LIST = declare(
    "domain.xlsx.select_needs_list",
    "write '{keyword} LIST' with the list name from 'choices'",
    "请写成“{keyword} 列表名”，列表名取自 choices 表",
)
NO_CHOICE_LIST = declare(
    "domain.xlsx.no_choice_list",
    "choice list {name} is not in the choices sheet (lists: {known})",
    "选项列表 {name} 不在 choices 表中（已有列表：{known}）",
)
UNKNOWN_TYPE = declare(
    "domain.xlsx.unknown_type",
    "unknown type {type}; use one of {types}, select_one LIST or select_multiple LIST",
    "未知的类型 {type}；请使用 {types}，或“select_one 列表名”“select_multiple 列表名”",
)
