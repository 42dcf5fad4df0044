"""A message stored as JSON comes back as the same message: its code, its parameters, nested
messages and lists, shown in the language of whoever reads it later."""

from __future__ import annotations

import enum
import json
import uuid
from datetime import date

from bqinspect.domain.messages import (
    Message,
    declare,
    joined,
    message_from_data,
    render,
    words_to_data,
)

OUTER = declare(
    "tests.messages_data.outer", "{what} is {owner}'s: {fields}", "{what}归{owner}：{fields}"
)
INNER = declare("tests.messages_data.inner", "the review", "审核部分")
OWNER = declare("tests.messages_data.owner", "the lead", "督导组长")
FIELD = declare("tests.messages_data.field", "decision", "审核结论")
PLAIN = declare("tests.messages_data.plain", "id {id} on {day}: {kind}", "编号 {id}，{day}：{kind}")


class Kind(enum.StrEnum):
    ONSITE = "onsite"


def test_a_nested_message_round_trips_through_json() -> None:
    said = OUTER(what=INNER(), owner=OWNER(), fields=[FIELD(), "a_field_added_later"])
    data = json.loads(json.dumps(said.to_data()))
    assert data == {
        "code": "tests.messages_data.outer",
        "params": {
            "what": {"code": "tests.messages_data.inner", "params": {}},
            "owner": {"code": "tests.messages_data.owner", "params": {}},
            "fields": [{"code": "tests.messages_data.field", "params": {}}, "a_field_added_later"],
        },
    }
    back = message_from_data(data, "fallback")
    assert isinstance(back, Message) and back == said
    assert back.render("zh") == "审核部分归督导组长：审核结论、a_field_added_later"
    assert back.render("en") == "the review is the lead's: decision, a_field_added_later"


def test_values_json_cannot_hold_are_kept_as_they_show() -> None:
    said = PLAIN(id=uuid.UUID(int=7), day=date(2024, 5, 6), kind=Kind.ONSITE)
    back = message_from_data(json.loads(json.dumps(said.to_data())))
    assert isinstance(back, Message)
    assert back.render("en") == said.render("en")
    assert back.render("zh") == said.render("zh")


def test_what_is_not_a_declared_message_gives_the_text_stored() -> None:
    for data in (
        None,
        "text",
        {"code": "tests.messages_data.never_declared", "params": {}},
        {"code": "tests.messages_data.plain", "params": {"id": 1}},  # words need day and kind
        {"code": "tests.messages_data.outer", "params": {"what": {"code": 1, "params": {}}}},
        {"code": "tests.messages_data.inner"},
        {"code": "tests.messages_data.outer",
         "params": {"what": {"x": 1}, "owner": "", "fields": []}},
    ):  # fmt: skip
        assert message_from_data(data, "as it was written") == "as it was written"


def test_plain_text_has_no_structured_form() -> None:
    assert words_to_data("plain") is None
    assert words_to_data(INNER()) == {"code": "tests.messages_data.inner", "params": {}}


def test_reasons_joined_show_one_after_the_other() -> None:
    assert joined([]) == ""
    assert joined(["one"]) == "one"
    both = joined([INNER(), OWNER()])
    assert render(both, "en") == "the review; the lead"
    assert render(both, "zh") == "审核部分；督导组长"
    assert message_from_data(json.loads(json.dumps(words_to_data(both)))) == both
