"""Why a form file is not valid YAML, in the reader's language.

The YAML parser explains itself in English ("while parsing a block mapping did not find expected
key"); the problems an author makes by hand (a tab, a missing colon or bracket, bad indentation)
are given their words here. Anything else keeps the parser's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bqinspect.domain.messages import Message, Words, declare

NOT_YAML = declare("domain.yaml.not_yaml", "not valid YAML: {reason}", "不是有效的 YAML：{reason}")
IN_CONTEXT = declare("domain.yaml.in_context", "{context} {problem}", "{context}，{problem}")
DUPLICATE_KEY = declare("domain.yaml.duplicate_key", "duplicate key {key}", "键 {key} 重复")
CONTROL_CHARACTER = declare(
    "domain.yaml.control_character",
    "unacceptable character {character} at position {position}: {why}",
    "第 {position} 个字符 {character} 不允许出现在文件中：{why}",
)
_CONTROL = declare(
    "domain.yaml.control", "control characters are not allowed", "不允许使用控制字符"
)

_EXPECTED_PAIR = declare(
    "domain.yaml.expected_pair",
    "did not find expected {first} or {second}",
    "缺少 {first} 或 {second}（括号没有闭合？）",
)
_EXPECTED_KEY = declare(
    "domain.yaml.expected_key", "did not find expected key", "此处缺少键（缩进不对？）"
)
_EXPECTED_DASH = declare(
    "domain.yaml.expected_dash",
    "did not find expected '-' indicator",
    "缺少列表项标记 '-'（缩进不对？）",
)
_EXPECTED_START = declare(
    "domain.yaml.expected_start",
    "did not find expected <document start>",
    "文件末尾有多余的内容",
)
_BLOCK_END = declare(
    "domain.yaml.block_end",
    "expected <block end>, but found {found}",
    "缩进不一致（此处出现了 {found}）",
)
_BAD_CHARACTER = declare(
    "domain.yaml.bad_character",
    "found character that cannot start any token",
    "此处有不能出现的字符（如制表符、@ 或 %）",
)
_BAD_CHARACTER_NAMED = declare(
    "domain.yaml.bad_character_named",
    "found character {character} that cannot start any token",
    "此处不能出现字符 {character}（缩进请用空格，不要用制表符）",
)
_TAB = declare(
    "domain.yaml.tab",
    "found a tab character that violates indentation",
    "缩进中有制表符，请改用空格",
)
_TAB_INDENT = declare(
    "domain.yaml.tab_indent",
    "found a tab character where an indentation space is expected",
    "缩进中有制表符，请改用空格",
)
_MAPPING_HERE = declare(
    "domain.yaml.mapping_here",
    "mapping values are not allowed here",
    "此处不能出现“键: 值”（文字中有冒号请加引号，或检查缩进）",
)
_MAPPING_CONTEXT = declare(
    "domain.yaml.mapping_context",
    "mapping values are not allowed in this context",
    "此处不能出现“键: 值”（文字中有冒号请加引号，或检查缩进）",
)
_END_OF_STREAM = declare(
    "domain.yaml.end_of_stream",
    "found unexpected end of stream",
    "文件意外结束（引号或括号没有闭合？）",
)
_UNDEFINED_ALIAS = declare(
    "domain.yaml.undefined_alias", "found undefined alias", "引用了未定义的锚点（*别名）"
)
_EXPECTED_COLON = declare(
    "domain.yaml.expected_colon", "could not find expected ':'", "缺少冒号 ':'"
)
_UNKNOWN_ESCAPE = declare(
    "domain.yaml.unknown_escape",
    "found unknown escape character",
    "引号内有未知的转义字符（反斜杠 \\ 请写两次，或改用单引号）",
)
_UNKNOWN_TAG = declare(
    "domain.yaml.unknown_tag",
    "could not determine a constructor for the tag {tag}",
    "不支持的标签 {tag}",
)

_CONTEXTS = {
    "while parsing a flow sequence": declare(
        "domain.yaml.in_flow_sequence", "while parsing a flow sequence", "在方括号列表中"
    ),
    "while parsing a flow mapping": declare(
        "domain.yaml.in_flow_mapping", "while parsing a flow mapping", "在花括号映射中"
    ),
    "while parsing a block mapping": declare(
        "domain.yaml.in_block_mapping", "while parsing a block mapping", "在“键: 值”映射中"
    ),
    "while parsing a block collection": declare(
        "domain.yaml.in_block_collection", "while parsing a block collection", "在列表中"
    ),
    "while scanning a simple key": declare(
        "domain.yaml.in_simple_key", "while scanning a simple key", "读取键时"
    ),
    "while scanning a quoted scalar": declare(
        "domain.yaml.in_quoted_scan", "while scanning a quoted scalar", "在引号内的文字中"
    ),
    "while parsing a quoted scalar": declare(
        "domain.yaml.in_quoted_parse", "while parsing a quoted scalar", "在引号内的文字中"
    ),
    "while scanning for the next token": declare(
        "domain.yaml.in_next_token", "while scanning for the next token", "读取下一项时"
    ),
    "while scanning a plain scalar": declare(
        "domain.yaml.in_plain_scalar", "while scanning a plain scalar", "在文字中"
    ),
    "while scanning an anchor": declare(
        "domain.yaml.in_anchor", "while scanning an anchor", "读取锚点（&）时"
    ),
    "while scanning an alias": declare(
        "domain.yaml.in_alias", "while scanning an alias", "读取别名（*）时"
    ),
    "while scanning a tag": declare(
        "domain.yaml.in_tag", "while scanning a tag", "读取标签（!）时"
    ),
    "while scanning a block scalar": declare(
        "domain.yaml.in_block_scalar", "while scanning a block scalar", "在多行文字中"
    ),
    "while parsing a block node": declare(
        "domain.yaml.in_block_node", "while parsing a block node", "读取内容时"
    ),
    "while parsing a flow node": declare(
        "domain.yaml.in_flow_node", "while parsing a flow node", "读取括号内的内容时"
    ),
}

_Make = Callable[[re.Match[str]], Message]
_PROBLEMS: list[tuple[re.Pattern[str], _Make]] = [
    (
        re.compile(r"did not find expected ('.') or ('.')"),
        lambda m: _EXPECTED_PAIR(first=m[1], second=m[2]),
    ),
    (re.compile(r"did not find expected key"), lambda m: _EXPECTED_KEY()),
    (re.compile(r"did not find expected '-' indicator"), lambda m: _EXPECTED_DASH()),
    (re.compile(r"did not find expected <document start>"), lambda m: _EXPECTED_START()),
    (re.compile(r"expected <block end>, but found (.+)"), lambda m: _BLOCK_END(found=m[1])),
    (re.compile(r"found character that cannot start any token"), lambda m: _BAD_CHARACTER()),
    (
        re.compile(r"found character (.+) that cannot start any token"),
        lambda m: _BAD_CHARACTER_NAMED(character=m[1]),
    ),
    (re.compile(r"found a tab character that violates indentation"), lambda m: _TAB()),
    (
        re.compile(r"found a tab character where an indentation space is expected"),
        lambda m: _TAB_INDENT(),
    ),
    (re.compile(r"mapping values are not allowed here"), lambda m: _MAPPING_HERE()),
    (re.compile(r"mapping values are not allowed in this context"), lambda m: _MAPPING_CONTEXT()),
    (re.compile(r"duplicate key (.+)"), lambda m: DUPLICATE_KEY(key=m[1])),
    (re.compile(r"found unexpected end of stream"), lambda m: _END_OF_STREAM()),
    (re.compile(r"found undefined alias"), lambda m: _UNDEFINED_ALIAS()),
    (re.compile(r"could not find expected ':'"), lambda m: _EXPECTED_COLON()),
    (re.compile(r"found unknown escape character"), lambda m: _UNKNOWN_ESCAPE()),
    (
        re.compile(r"could not determine a constructor for the tag (.+)"),
        lambda m: _UNKNOWN_TAG(tag=m[1]),
    ),
]


def _problem(text: str) -> Words:
    for pattern, make in _PROBLEMS:
        match = pattern.fullmatch(text)
        if match:
            return make(match)
    return text


def yaml_reason(context: str | None, problem: str | None) -> Message:
    """``not valid YAML: …`` for a parser's context and problem (either may be missing)."""
    said = _problem(problem or "")
    if context and not problem:
        known = _CONTEXTS.get(context)
        return NOT_YAML(reason=known() if known else context)
    if context:
        known = _CONTEXTS.get(context)
        return NOT_YAML(reason=IN_CONTEXT(context=known() if known else context, problem=said))
    return NOT_YAML(reason=said)


def reader_reason(character: int | str, position: int, why: str) -> Message:
    """A character the YAML reader does not accept (a control character, an unpaired one)."""
    shown = f"#x{character:04x}" if isinstance(character, int) else repr(character)
    said: Words = _CONTROL() if why == "control characters are not allowed" else why
    return NOT_YAML(reason=CONTROL_CHARACTER(character=shown, position=position + 1, why=said))
