"""Reading a workbook into form data: settings, grades, blocks, checkpoints, deadlines, survey."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from bqinspect.domain.form_errors import error_place
from bqinspect.domain.formio import FormProblem
from bqinspect.domain.forms import VETO_GRADE_UNKNOWN, Severity
from bqinspect.domain.messages import Message
from bqinspect.domain.xlsx.columns import (
    GROUP_COLUMNS,
    PLAIN_TYPES,
    REQUIRED_SHEETS,
    SELECT_TYPES,
    SHEETS,
)
from bqinspect.domain.xlsx.sheet import BAD, Loc, Row, SheetReader, Table, Where
from bqinspect.domain.xlsx.texts import parse_bands, parse_derive, parse_dwell, parse_show_if
from bqinspect.domain.xlsx.words import (
    CHECKS_NOT_CHECKS_ITEM,
    END_GROUP_ALONE,
    END_GROUP_NAMES_OTHER,
    MISSING_SHEET,
    NEEDS_TYPE,
    NO_CHOICE_LIST,
    NO_END_GROUP,
    NONE,
    OUTSIDE_SECTION,
    REASONS_UNBALANCED,
    SECTION_EMPTY,
    SECTION_NOT_CLOSED,
    SELECT_NEEDS_LIST,
    SETTINGS_ONE_ROW,
    SETTINGS_ROW,
    SEVERITY_TWICE,
    UNKNOWN_SEVERITY,
    UNKNOWN_TYPE,
    UNUSED_COLUMN,
    WEIGHT_ON_GROUP,
)

CheckRows = dict[str, list[tuple[Row, dict[str, Any]]]]

log = logging.getLogger(__name__)


class FormReader(SheetReader):
    """Turns the sheets into the data of a form, remembering which cell each value came from."""

    checks: CheckRows  # the checks sheet's rows by item id
    claimed: set[str]  # the item ids whose checks a survey row took

    def build(self, tables: dict[str, Table]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        self.mark((), Where("settings", 2))
        self._settings(tables["settings"], data)
        self._grades(tables["grades"], data)
        if "blocks" in tables:
            data["blocks"] = self._blocks(tables["blocks"])
        if "checkpoints" in tables:
            data["checkpoints"] = self._checkpoints(tables["checkpoints"])
        if "deadlines" in tables:
            data["deadlines"] = self._deadlines(tables["deadlines"])
        if "risk_types" in tables:
            data["risk_types"] = self._risk_types(tables["risk_types"])
        choices = self._choices(tables.get("choices"))
        self.checks = self._checks(tables.get("checks"))
        data["sections"] = self._survey(tables["survey"], choices)
        self._unclaimed_checks(data["sections"])
        return data

    def _checks(self, table: Table | None) -> CheckRows:
        """The checks sheet: the named checks of each checks item, by item id."""
        by_item: CheckRows = {}
        if table is None:
            return by_item
        for row in table.rows:
            item_id = self.text(table, row, "item", None)
            check_id = self.text(table, row, "name", None)
            label = f"{item_id}.{check_id}"
            check: dict[str, Any] = {}
            if isinstance(check_id, str):
                check["id"] = check_id
            check["text"] = self.bilingual(table, row, "label", None, label, True)
            points = self.number(table, row, "points", label)
            if points is not None:
                check["points"] = points
            veto = self.text(table, row, "veto", label)
            if veto is not None:
                check["veto"] = veto
            if isinstance(item_id, str):
                by_item.setdefault(item_id, []).append((row, check))
        return by_item

    def _claim_checks(self, loc: Loc, item_id: str | None, label: str | None) -> Any:
        rows = self.checks.get(item_id or "", [])
        table = self.tables.get("checks")
        if table is None or not rows:
            return None
        self.claimed.add(item_id or "")
        self.mark((*loc, "checks"), self.where(table, rows[0][0], None, label))
        for ci, (row, check) in enumerate(rows):
            base: Loc = (*loc, "checks", ci)
            where_label = f"{item_id}.{check.get('id')}"
            self.mark(base, self.where(table, row, None, where_label))
            for key, column in (("id", "name"), ("points", "points"), ("veto", "veto")):
                self.mark((*base, key), self.where(table, row, column, where_label))
            for lang in ("zh", "en"):
                self.mark((*base, "text", lang), self.where(table, row, f"label::{lang}", label))
        return [dict(check) for _row, check in rows]

    def _unclaimed_checks(self, sections: list[dict[str, Any]]) -> None:
        table = self.tables.get("checks")
        for item_id, rows in self.checks.items():
            if item_id not in self.claimed and table is not None:
                self.report(
                    self.where(table, rows[0][0], "item", item_id),
                    CHECKS_NOT_CHECKS_ITEM(item=repr(item_id)),
                )

    def _settings(self, table: Table, data: dict[str, Any]) -> None:
        if not table.rows:
            if table.header_ok:
                self.report(Where("settings", 2), SETTINGS_ROW())
            return
        for extra in table.rows[1:]:
            self.report(Where("settings", extra.number), SETTINGS_ONE_ROW())
        row = table.rows[0]
        t = table
        fields = (("id", "form_id"), ("version", "version"), ("scenario", "scenario"))
        for key, column in fields:
            self.put(
                data, key, self.text(t, row, column, None), (), self.where(t, row, column, None)
            )
        for key in ("kind", "deduction_reason", "finding_source"):
            self.put(data, key, self.word(t, row, key, None), (), self.where(t, row, key, None))
        note = self.text(t, row, "weight_note", None)
        self.put(data, "weight_note", note, (), self.where(t, row, "weight_note", None))
        data["title"] = self.bilingual(t, row, "title", ("title",), None, True)
        description = self.bilingual(t, row, "description", ("description",), None, False)
        if description is not None:
            data["description"] = description
        grading = data.setdefault("grading", {})
        where = self.where(t, row, "veto_grade", None)
        self.put(grading, "veto_grade", self.text(t, row, "veto_grade", None), ("grading",), where)

    def _grades(self, table: Table, data: dict[str, Any]) -> None:
        grading = data.setdefault("grading", {})
        first = table.rows[0].number if table.rows else 1
        self.mark(("grading",), Where("grades", first))
        self.mark(("grading", "bands"), Where("grades", first))
        bands = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("grading", "bands", i)
            label = self.text(table, row, "grade", None)
            label = label if isinstance(label, str) else None
            self.mark(loc, self.where(table, row, None, label))
            band: dict[str, Any] = {}
            self.put(band, "grade", label, loc, self.where(table, row, "grade", label))
            band["label"] = self.bilingual(table, row, "label", (*loc, "label"), label, True)
            for key in ("min", "max"):
                value = self.number(table, row, key, label)
                self.put(band, key, value, loc, self.where(table, row, key, label))
            bands.append(band)
        grading["bands"] = bands

    def _blocks(self, table: Table) -> list[dict[str, Any]]:
        blocks = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("blocks", i)
            block_id = self.text(table, row, "id", None)
            label = block_id if isinstance(block_id, str) else None
            self.mark(loc, self.where(table, row, None, label))
            block: dict[str, Any] = {}
            self.put(block, "id", block_id, loc, self.where(table, row, "id", label))
            block["title"] = self.bilingual(table, row, "title", (*loc, "title"), label, True)
            blocks.append(block)
        return blocks

    def _risk_types(self, table: Table) -> list[dict[str, Any]]:
        risk_types = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("risk_types", i)
            risk_id = self.text(table, row, "id", None)
            label = risk_id if isinstance(risk_id, str) else None
            self.mark(loc, self.where(table, row, None, label))
            risk: dict[str, Any] = {}
            self.put(risk, "id", risk_id, loc, self.where(table, row, "id", label))
            risk["label"] = self.bilingual(table, row, "label", (*loc, "label"), label, True)
            risk_types.append(risk)
        return risk_types

    def _reasons(self, table: Table, row: Row, loc: Loc, label: str | None) -> Any:
        """One reason a line; the zh and en cells must have as many lines."""
        halves = {}
        for lang in ("zh", "en"):
            text = self.text(table, row, f"reasons::{lang}", label)
            lines = [line.strip() for line in text.splitlines()] if isinstance(text, str) else []
            halves[lang] = [line for line in lines if line]
        self.mark((*loc, "reasons"), self.where(table, row, "reasons::zh", label))
        if len(halves["zh"]) != len(halves["en"]):
            self.report(
                self.where(table, row, "reasons::en", label),
                REASONS_UNBALANCED(zh=len(halves["zh"]), en=len(halves["en"])),
            )
            return BAD
        for ri in range(len(halves["zh"])):
            for lang in ("zh", "en"):
                where = self.where(table, row, f"reasons::{lang}", label)
                self.mark((*loc, "reasons", ri, lang), where)
        return [{"zh": zh, "en": en} for zh, en in zip(halves["zh"], halves["en"], strict=True)]

    def _checkpoints(self, table: Table) -> list[dict[str, Any]]:
        checkpoints = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("checkpoints", i)
            cp_id = self.text(table, row, "id", None)
            label = cp_id if isinstance(cp_id, str) else None
            self.mark(loc, self.where(table, row, None, label))
            checkpoint: dict[str, Any] = {}
            self.put(checkpoint, "id", cp_id, loc, self.where(table, row, "id", label))
            checkpoint["label"] = self.bilingual(table, row, "label", (*loc, "label"), label, True)
            key = self.text(table, row, "key", label)
            self.put(checkpoint, "key", key, loc, self.where(table, row, "key", label))
            checkpoints.append(checkpoint)
        return checkpoints

    def _deadlines(self, table: Table) -> dict[str, Any]:
        deadlines: dict[str, Any] = {}
        self.mark(("deadlines",), Where("deadlines", 1))
        seen: dict[str, int] = {}
        for row in table.rows:
            severity = self.word(table, row, "severity", None)
            if not isinstance(severity, str):
                continue
            where = self.where(table, row, "severity", severity)
            if severity in seen:
                self.report(where, SEVERITY_TWICE(severity=repr(severity), row=seen[severity]))
                continue
            seen[severity] = row.number
            if severity not in {s.value for s in Severity}:
                known = [s.value for s in Severity]
                self.report(where, UNKNOWN_SEVERITY(severity=repr(severity), known=known))
                continue
            loc: Loc = ("deadlines", severity)
            self.mark(loc, self.where(table, row, None, severity))
            deadline: dict[str, Any] = {}
            for key, read in (("days", self.number), ("working_days", self.boolean)):
                value = read(table, row, key, severity)
                self.put(deadline, key, value, loc, self.where(table, row, key, severity))
            deadlines[severity] = deadline
        return deadlines

    def _choices(self, table: Table | None) -> dict[str, list[tuple[Row, dict[str, Any]]]]:
        lists: dict[str, list[tuple[Row, dict[str, Any]]]] = {}
        if table is None:
            return lists
        for row in table.rows:
            list_name = self.text(table, row, "list_name", None)
            value = self.text(table, row, "name", None)
            label = f"{list_name}.{value}"
            option: dict[str, Any] = {}
            if isinstance(value, str):
                option["value"] = value
            option["label"] = self.bilingual(table, row, "label", None, label, True)
            for key, read in (("score", self.number), ("flagged", self.boolean)):
                cell = read(table, row, key, label)
                if cell is not None:
                    option[key] = cell
            if isinstance(list_name, str):
                lists.setdefault(list_name, []).append((row, option))
        return lists

    def _mark_options(
        self, table: Table, loc: Loc, options: list[tuple[Row, dict[str, Any]]], list_name: str
    ) -> None:
        for oi, (row, option) in enumerate(options):
            label = f"{list_name}.{option.get('value')}"
            base: Loc = (*loc, "options", oi)
            self.mark(base, self.where(table, row, None, label))
            for key, column in (("value", "name"), ("score", "score"), ("flagged", "flagged")):
                self.mark((*base, key), self.where(table, row, column, label))
            for lang in ("zh", "en"):
                where = self.where(table, row, f"label::{lang}", label)
                self.mark((*base, "label", lang), where)
            self.mark((*base, "label"), self.where(table, row, "label::zh", label))

    def _survey(
        self, table: Table, choices: dict[str, list[tuple[Row, dict[str, Any]]]]
    ) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        self.mark(("sections",), Where("survey", 1))
        current: tuple[dict[str, Any], Row] | None = None  # the open section, its row
        for row in table.rows:
            type_text = self.text(table, row, "type", None)
            if not isinstance(type_text, str):
                if type_text is None:
                    self.report(
                        self.where(table, row, "type", row.cells.get("name")),
                        NEEDS_TYPE(),
                    )
                continue
            keyword = type_text.lower().replace(" ", "_")
            if keyword == "begin_group":
                if current is not None:
                    self.report(
                        self.where(table, row, "type", row.cells.get("name")),
                        SECTION_NOT_CLOSED(id=repr(current[0].get("id")), row=current[1].number),
                    )
                    self._close(table, *current)
                section = self._section(table, row, len(sections))
                sections.append(section)
                current = (section, row)
            elif keyword == "end_group":
                self._unused(table, row, {"type", "name"})
                if current is None:
                    self.report(
                        self.where(table, row, "type", None),
                        END_GROUP_ALONE(),
                    )
                    continue
                name = self.text(table, row, "name", None)
                if isinstance(name, str) and name != current[0].get("id"):
                    self.report(
                        self.where(table, row, "name", name),
                        END_GROUP_NAMES_OTHER(
                            name=repr(name), id=repr(current[0].get("id")), row=current[1].number
                        ),
                    )
                self._close(table, *current)
                current = None
            elif current is None:
                self.report(
                    self.where(table, row, "type", row.cells.get("name")),
                    OUTSIDE_SECTION(),
                )
            else:
                items = current[0]["items"]
                loc: Loc = ("sections", len(sections) - 1, "items", len(items))
                items.append(self._item(table, row, loc, choices))
        if current is not None:
            self.report(
                self.where(table, current[1], "type", current[0].get("id")),
                NO_END_GROUP(id=repr(current[0].get("id"))),
            )
            self._close(table, *current)
        return sections

    def _close(self, table: Table, section: dict[str, Any], row: Row) -> None:
        if not section["items"]:
            self.report(
                self.where(table, row, None, section.get("id")),
                SECTION_EMPTY(id=repr(section.get("id"))),
            )

    def _unused(self, table: Table, row: Row, allowed: Iterable[str]) -> None:
        for column in row.cells:
            if column not in allowed:
                self.report(
                    self.where(table, row, column, None),
                    UNUSED_COLUMN(column=repr(column), type=row.cells.get("type")),
                )

    def _section(self, table: Table, row: Row, si: int) -> dict[str, Any]:
        self._unused(table, row, GROUP_COLUMNS)
        loc: Loc = ("sections", si)
        section_id = self.text(table, row, "name", None)
        label = section_id if isinstance(section_id, str) else None
        self.mark(loc, self.where(table, row, None, label))
        self.mark((*loc, "items"), self.where(table, row, None, label))
        section: dict[str, Any] = {}
        self.put(section, "id", section_id, loc, self.where(table, row, "name", label))
        section["title"] = self.bilingual(table, row, "label", (*loc, "title"), label, True)
        weight = self.number(table, row, "weight", label)
        self.put(section, "weight", weight, loc, self.where(table, row, "weight", label))
        dimension = self.word(table, row, "dimension", label)
        self.put(section, "dimension", dimension, loc, self.where(table, row, "dimension", label))
        section["items"] = []
        return section

    def _item(
        self,
        table: Table,
        row: Row,
        loc: Loc,
        choices: dict[str, list[tuple[Row, dict[str, Any]]]],
    ) -> dict[str, Any]:
        t = table
        item_id = self.text(t, row, "name", None)
        label = item_id if isinstance(item_id, str) else None
        self.mark(loc, self.where(t, row, None, label))
        item: dict[str, Any] = {}

        def put(key: str, value: Any, column: str | None = None) -> None:
            self.put(item, key, value, loc, self.where(t, row, column or key, label))

        put("id", item_id, "name")
        put("type", self._type(t, row, loc, label, choices, item), "type")
        item["text"] = self.bilingual(t, row, "label", (*loc, "text"), label, True)
        for key in ("guidance", "requirement"):
            text = self.bilingual(t, row, key, (*loc, key), label, False)
            if text is not None:
                item[key] = text
        for key in ("points", "scale", "count_of", "max_age_days", "fail_below"):
            put(key, self.number(t, row, key, label))
        for key in ("na_allowed", "required", "note_on_fail", "overt_only"):
            put(key, self.boolean(t, row, key, label))
        for key in ("photo_on_fail", "severity"):
            put(key, self.word(t, row, key, label))
        for key in ("risk_type", "basis", "veto", "gate", "block", "unit", "weight_note"):
            put(key, self.text(t, row, key, label))
        if item.get("type") == "checks":
            put(
                "checks",
                self._claim_checks(loc, item_id if isinstance(item_id, str) else None, label),
                "type",
            )
        reasons = self._reasons(t, row, loc, label)
        if reasons:
            put("reasons", reasons, "reasons::zh")
        put("bands", self.parsed(t, row, "bands", label, parse_bands))
        put("show_if", self.parsed(t, row, "show_if", label, parse_show_if))
        put("derive", self.parsed(t, row, "derive", label, parse_derive))
        put("dwell", self.parsed(t, row, "dwell", label, parse_dwell))
        if "weight" in row.cells:
            self.report(self.where(t, row, "weight", label), WEIGHT_ON_GROUP())
        return item

    def _type(
        self,
        table: Table,
        row: Row,
        loc: Loc,
        label: str | None,
        choices: dict[str, list[tuple[Row, dict[str, Any]]]],
        item: dict[str, Any],
    ) -> Any:
        where = self.where(table, row, "type", label)
        parts = str(row.cells["type"]).split()
        keyword = parts[0].lower()
        if keyword in PLAIN_TYPES and len(parts) == 1:
            return keyword
        if keyword in SELECT_TYPES:
            if len(parts) != 2:
                self.report(where, SELECT_NEEDS_LIST(keyword=keyword))
                return BAD
            list_name = parts[1]
            if list_name not in choices:
                known = sorted(choices) or NONE()
                self.report(where, NO_CHOICE_LIST(name=repr(list_name), known=known))
                return BAD
            options = choices[list_name]
            self.mark((*loc, "options"), where)
            self._mark_options(self.tables["choices"], loc, options, list_name)
            item["options"] = [dict(option) for _row, option in options]
            return SELECT_TYPES[keyword].value
        self.report(where, UNKNOWN_TYPE(type=repr(row.cells["type"]), types=PLAIN_TYPES))
        return BAD

    def read(self, wb: Any) -> dict[str, Any] | None:
        present = {str(name).strip().lower(): name for name in wb.sheetnames}
        for sheet in REQUIRED_SHEETS:
            if sheet not in present:
                self.problems.append(
                    FormProblem(
                        self.name,
                        None,
                        sheet,
                        MISSING_SHEET(sheet=repr(sheet), sheets=list(wb.sheetnames)),
                    )
                )
        tables: dict[str, Table] = {}
        for sheet in SHEETS:
            if sheet in present:
                tables[sheet] = self.read_table(wb[present[sheet]], sheet)
        for name in present:
            if name not in SHEETS:
                log.debug("%s: ignoring sheet %r", self.name, name)
        self.tables = tables
        self.checks, self.claimed = {}, set()
        if self.problems:
            return None
        data = self.build(tables)
        return None if self.problems else data

    def validation_problems(self, exc: ValidationError) -> list[FormProblem]:
        problems = []
        for error in exc.errors():
            loc, reason = error_place(error)
            if loc == ("grading",) and _code(reason) == VETO_GRADE_UNKNOWN.code:
                loc = ("grading", "veto_grade")
            problems.append(self.problem(self._closest(loc), reason))
        return problems

    def _closest(self, loc: Loc) -> Where:
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.locs:
                return self.locs[loc[:cut]]
        return Where("settings", 2)


def _code(reason: object) -> str:
    return reason.code if isinstance(reason, Message) else ""
