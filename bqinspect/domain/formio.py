"""Reading and writing form files (YAML), with file/line positions in every refusal."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bqinspect.domain.form_errors import error_place
from bqinspect.domain.forms import AUTHORING, Form
from bqinspect.domain.messages import Words, declare, render
from bqinspect.domain.yaml_words import reader_reason, yaml_reason

MAX_FORM_BYTES = 4 * 1024 * 1024

TOO_LARGE = declare(
    "domain.formio.too_large", "file is larger than {limit} MiB", "文件超过 {limit} MiB"
)
NOT_A_MAPPING = declare(
    "domain.formio.not_a_mapping",
    "a form must be a YAML mapping",
    "表单必须是 YAML 映射（“键: 值”），不能是列表或单个值",
)
CANNOT_READ = declare("domain.formio.cannot_read", "cannot read: {why}", "无法读取：{why}")
NOT_UTF8 = declare("domain.formio.not_utf8", "file is not UTF-8 text", "文件不是 UTF-8 编码的文本")


@dataclass(frozen=True)
class FormProblem:
    """One reason a form was refused."""

    file: str
    line: int | None
    field: str
    reason: Words  # shown in the language chosen when it is shown

    def text(self, lang: str | None = None) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {render(self.reason, lang)}"

    def __str__(self) -> str:
        return self.text()


class FormError(Exception):
    """A form file was refused; ``problems`` names file, line, field and reason for each."""

    def __init__(self, problems: list[FormProblem]):
        self.problems = problems
        super().__init__(*problems)

    def text(self, lang: str | None = None) -> str:
        return "\n".join(p.text(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.text()


_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _LineLoader(_SafeBase):
    """A safe loader that refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_index(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map each path in the document (keys and list indexes) to its 1-based line."""
    index = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            index[(*path, key)] = key_node.start_mark.line + 1
            for sub, line in _line_index(value_node, (*path, key)).items():
                index.setdefault(sub, line)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            index.update(_line_index(child, (*path, i)))
    return index


def _closest_line(index: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in index:
            return index[loc[:cut]]
    return None


def _describe_loc(data: Any, loc: tuple[Any, ...]) -> str:
    """Human path like ``sections[2].items[4](ENV-05).type``."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            label = f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f"({node['id']})"
            else:
                node = None
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


def _problems_from_validation(
    name: str, data: Any, err: ValidationError, index: dict[tuple[Any, ...], int]
) -> list[FormProblem]:
    problems = []
    for e in err.errors():
        loc, reason = error_place(e)
        problems.append(
            FormProblem(
                file=name,
                line=_closest_line(index, loc),
                field=_describe_loc(data, loc),
                reason=reason,
            )
        )
    return problems


def parse_form_text(text: str, name: str = "<form>") -> Form:
    """Parse and validate a form from YAML text, or raise :class:`FormError`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FORM_BYTES:
        raise FormError([FormProblem(name, None, "", TOO_LARGE(limit=MAX_FORM_BYTES // 2**20))])
    try:
        node = yaml.compose(text, Loader=_LineLoader)
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = yaml_reason(exc.context, exc.problem)
        raise FormError([FormProblem(name, line, "", reason)]) from exc
    except yaml.reader.ReaderError as exc:
        reason = reader_reason(exc.character, exc.position, exc.reason)
        raise FormError([FormProblem(name, None, "", reason)]) from exc
    except yaml.YAMLError as exc:
        raise FormError([FormProblem(name, None, "", yaml_reason(None, str(exc)))]) from exc
    if not isinstance(data, dict) or node is None:
        raise FormError([FormProblem(name, 1, "", NOT_A_MAPPING())])
    return form_from_data(data, name, _line_index(node))


def form_from_data(
    data: dict[str, Any], name: str = "<form>", index: dict[tuple[Any, ...], int] | None = None
) -> Form:
    """Validate a form file's data, with the rules for installing a form (weight cap …)."""
    try:
        return Form.model_validate(data, context={AUTHORING: True})
    except ValidationError as exc:
        raise FormError(_problems_from_validation(name, data, exc, index or {})) from exc


def load_form(path: Path) -> Form:
    """Load and validate one form file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = CANNOT_READ(why=exc.strerror or exc)
        raise FormError([FormProblem(str(path), None, "", reason)]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError([FormProblem(str(path), None, "", NOT_UTF8())]) from exc
    return parse_form_text(text, path.name)


# Keys added after forms were first frozen, left out at their defaults: a form that does not
# use them keeps the canonical JSON (so the sha256) it was installed with.
_LATER_FORM_DEFAULTS: dict[str, Any] = {"deduction_reason": "optional", "risk_types": []}
_LATER_ITEM_DEFAULTS: dict[str, Any] = {"reasons": []}


def _without(data: dict[str, Any], defaults: dict[str, Any]) -> None:
    for key, default in defaults.items():
        if key in data and data[key] == default:
            del data[key]


def form_to_data(form: Form) -> dict[str, Any]:
    """Plain JSON-able data for a form (aliases used, defaults kept but those of later keys)."""
    data: dict[str, Any] = form.model_dump(mode="json", by_alias=True, exclude_none=True)
    _without(data, _LATER_FORM_DEFAULTS)
    for section in data["sections"]:
        for item in section["items"]:
            _without(item, _LATER_ITEM_DEFAULTS)
    return data


def canonical_json(form: Form) -> str:
    return json.dumps(form_to_data(form), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def form_sha256(form: Form) -> str:
    return hashlib.sha256(canonical_json(form).encode("utf-8")).hexdigest()


def form_from_json(text: str) -> Form:
    """A stored definition, read as it was installed (later authoring rules not applied)."""
    return Form.model_validate_json(text)


def dump_form_yaml(form: Form) -> str:
    return yaml.safe_dump(form_to_data(form), allow_unicode=True, sort_keys=False, width=100)
