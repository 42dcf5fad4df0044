"""Every refusal the core declares has its words in both languages, and is shown in the
language chosen: the window's UI language, the command line's locale."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string

import pytest

import bqinspect
from bqinspect.base.errors import Refused
from bqinspect.domain import messages

CJK = re.compile(r"[\u4e00-\u9fff]")


def _all_declared() -> list[messages.Text]:
    for module in pkgutil.walk_packages(bqinspect.__path__, "bqinspect."):
        if ".ui" in module.name or ".migrations" in module.name or module.name.endswith("__main__"):
            continue  # the window's own strings are Qt's (.ts); the core declares the rest
        importlib.import_module(module.name)
    return sorted(messages.declared(), key=lambda t: t.code)


DECLARED = _all_declared()


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_the_core_declares_its_refusals() -> None:
    assert len(DECLARED) > 200
    assert len({t.code for t in DECLARED}) == len(DECLARED)


@pytest.mark.parametrize("declared", DECLARED, ids=lambda t: t.code)
def test_every_code_is_translated_and_renders_in_both_languages(declared: messages.Text) -> None:
    assert declared.en.strip() and declared.zh.strip(), declared.code
    assert _fields(declared.en) == _fields(declared.zh), declared.code
    words = re.sub(r"\{[^}]*\}", "", declared.en)
    if CJK.search(declared.en) is None and re.search("[a-z]{3}", words):
        assert CJK.search(declared.zh), f"{declared.code}: the Chinese text is not Chinese"
    message = declared(**{name: f"<{name}>" for name in _fields(declared.en)})
    for lang in messages.LANGUAGES:
        shown = message.render(lang)
        for name in _fields(declared.en):
            assert f"<{name}>" in shown


def test_a_refusal_is_shown_in_the_language_chosen_when_it_is_shown() -> None:
    from bqinspect.photos import PhotoError, ingest_bytes

    with pytest.raises(PhotoError) as info:
        ingest_bytes(b"", "empty.jpg")
    refused = Refused(info.value.reason, where="empty.jpg")
    assert refused.problems[0].code == "photos.file_empty"
    try:
        messages.set_language("zh_CN")
        assert str(refused) == "empty.jpg: 文件为空"
        assert str(info.value) == "empty.jpg: 文件为空"
    finally:
        messages.set_language("en")
    assert str(refused) == "empty.jpg: the file is empty"


def test_the_command_line_takes_the_locale_language() -> None:
    assert messages.locale_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert messages.locale_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert messages.locale_language({}) == "en"


def test_nested_messages_and_lists_render_in_the_same_language() -> None:
    from bqinspect.domain.forms import Item
    from bqinspect.domain.values import ValueProblem, normalize_value

    item = Item.model_validate(
        {"id": "FAC-03", "text": {"zh": "项", "en": "item"}, "type": "count", "count_of": 4,
         "points": 0}
    )  # fmt: skip
    with pytest.raises(ValueProblem) as info:
        normalize_value(item, {"x": 7})
    assert info.value.reason.render("en") == "x must be between 0 and 4"
    assert info.value.reason.render("zh") == "x 必须在 0 到 4 之间"
