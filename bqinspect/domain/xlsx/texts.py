"""Compact cell texts: numbers, score bands, show-if conditions, timer spans and dwell rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from bqinspect.domain.forms import Band, Derive, Dwell, ShowIf
from bqinspect.domain.messages import declare

NO_BANDS = declare("domain.xlsx.no_bands", "no bands given", "没有填写评分区间")
BAD_BAND = declare(
    "domain.xlsx.bad_band",
    "band {part} is not like '<=10:1', '>=30:1' or '10..20:0.5' (bound:score)",
    "评分区间 {part} 的写法不对，应类似 '<=10:1'、'>=30:1' 或 '10..20:0.5'（界限:得分）",
)
IN_LIST_NOT_JSON = declare(
    "domain.xlsx.in_list_not_json",
    "the list after 'in' is not valid JSON: {why}",
    "'in' 后面的列表不是有效的 JSON：{why}",
)
IN_NOT_A_LIST = declare(
    "domain.xlsx.in_not_a_list", "the value after 'in' must be a list", "'in' 后面须是一个列表"
)
IN_EMPTY_VALUE = declare(
    "domain.xlsx.in_empty_value",
    "empty value in the list after 'in'",
    "'in' 后面的列表中有空值",
)
BAD_SHOW_IF = declare(
    "domain.xlsx.bad_show_if",
    "{text} is not like 'STF-04 = pass' or 'role in elderly, foreign'",
    "{text} 的写法不对，应类似 'STF-04 = pass' 或 'role in elderly, foreign'",
)
BAD_DERIVE = declare(
    "domain.xlsx.bad_derive",
    "{text} is not like 'T1->T2' or 'T1->T2, absent after T3' (timer checkpoints)",
    "{text} 的写法不对，应类似 'T1->T2' 或 'T1->T2, absent after T3'（计时点）",
)
BAD_DWELL = declare(
    "domain.xlsx.bad_dwell",
    "{text} is not like 'MS-DWELL >= 900' (a duration item, seconds)",
    "{text} 的写法不对，应类似 'MS-DWELL >= 900'（duration 类检查项，单位秒）",
)

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
NUMBER = re.compile(rf"^{_NUM}$")
_BAND = re.compile(
    rf"^(?:(?P<op><=|>=|≤|≥)\s*(?P<bound>{_NUM})|(?P<lo>{_NUM})\s*\.\.\s*(?P<hi>{_NUM}))"
    rf"\s*:\s*(?P<score>{_NUM})$"
)
_SHOW_EQUALS = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*==?\s*(.+?)\s*$", re.S)
_SHOW_IN = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s+in\s+(.+?)\s*$", re.S | re.I)
_DERIVE = re.compile(
    r"^\s*([A-Za-z0-9_]+)\s*(?:->|→)\s*([A-Za-z0-9_]+)\s*"
    r"(?:,\s*absent\s+after\s+([A-Za-z0-9_]+)\s*)?$",
    re.I,
)
_DWELL = re.compile(rf"^\s*([A-Za-z0-9_.-]+)\s*>=\s*({_NUM})\s*s?\s*$")


def format_number(value: float) -> str:
    """``10.0`` -> ``10``; other floats as their shortest exact repr."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def format_bands(bands: Iterable[Band]) -> str:
    """``<=10:1; <=30:0.5`` / ``>=30:1`` / ``10..20:0.5``."""
    parts = []
    for band in bands:
        score = format_number(band.score)
        if band.min is None and band.max is not None:
            parts.append(f"<={format_number(band.max)}:{score}")
        elif band.max is None and band.min is not None:
            parts.append(f">={format_number(band.min)}:{score}")
        else:
            parts.append(f"{format_number(band.min or 0)}..{format_number(band.max or 0)}:{score}")
    return "; ".join(parts)


def parse_bands(text: str) -> list[dict[str, float]]:
    """Inverse of :func:`format_bands`; ``ValueError`` names the part that is wrong."""
    parts = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    if not parts:
        raise ValueError(NO_BANDS())
    bands = []
    for part in parts:
        match = _BAND.match(part)
        if not match:
            raise ValueError(BAD_BAND(part=repr(part)))
        band = {"score": float(match["score"])}
        if match["op"] in ("<=", "≤"):
            band["max"] = float(match["bound"])
        elif match["op"] in (">=", "≥"):
            band["min"] = float(match["bound"])
        else:
            band["min"], band["max"] = float(match["lo"]), float(match["hi"])
        bands.append(band)
    return bands


def _format_value(value: Any) -> str:
    """A show_if value: plain text when that reads back as the same string, else JSON."""
    plain = (
        isinstance(value, str)
        and value == value.strip()
        and value[:1] not in ("", "[", "{", '"')
        and "," not in value
        and _parse_value(value) == value
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse_value(text: str) -> Any:
    text = text.strip()
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return text


def format_show_if(show_if: ShowIf) -> str:
    """``STF-04 = pass`` or ``role in elderly, foreign`` (JSON where plain text is ambiguous)."""
    if show_if.in_ is None:
        return f"{show_if.item} = {_format_value(show_if.equals)}"
    values = [_format_value(v) for v in show_if.in_]
    if not values or any("," in v or '"' in v for v in values):
        return f"{show_if.item} in {json.dumps(show_if.in_, ensure_ascii=False)}"
    return f"{show_if.item} in {', '.join(values)}"


def parse_show_if(text: str) -> dict[str, Any]:
    """Inverse of :func:`format_show_if`."""
    match = _SHOW_IN.match(text)
    if match:
        rest = match[2]
        if rest.startswith("["):
            try:
                values = json.loads(rest, parse_constant=_reject_constant)
            except ValueError as exc:
                raise ValueError(IN_LIST_NOT_JSON(why=exc)) from exc
            if not isinstance(values, list):
                raise ValueError(IN_NOT_A_LIST())
        else:
            values = [_parse_value(v) for v in rest.split(",")]
            if any(v == "" for v in values):
                raise ValueError(IN_EMPTY_VALUE())
        return {"item": match[1], "in": values}
    match = _SHOW_EQUALS.match(text)
    if match:
        return {"item": match[1], "equals": _parse_value(match[2])}
    raise ValueError(BAD_SHOW_IF(text=repr(text)))


def format_derive(derive: Derive) -> str:
    text = f"{derive.start}->{derive.end}"
    return f"{text}, absent after {derive.absent_after}" if derive.absent_after else text


def parse_derive(text: str) -> dict[str, str]:
    match = _DERIVE.match(text)
    if not match:
        raise ValueError(BAD_DERIVE(text=repr(text)))
    derive = {"start": match[1], "end": match[2]}
    if match[3]:
        derive["absent_after"] = match[3]
    return derive


def format_dwell(dwell: Dwell) -> str:
    return f"{dwell.item} >= {format_number(dwell.seconds)}"


def parse_dwell(text: str) -> dict[str, Any]:
    match = _DWELL.match(text)
    if not match:
        raise ValueError(BAD_DWELL(text=repr(text)))
    return {"item": match[1], "seconds": float(match[2])}
