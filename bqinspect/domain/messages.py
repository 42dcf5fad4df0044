"""Refusals as structured messages: a code, its parameters, and its words in both languages.

Each message is declared once, beside the code that refuses, with its English and Chinese
templates (``{name}`` placeholders). A refusal carries the message and its parameters; its text is
made when it is shown, in the language the process has chosen: the window sets its UI language,
the command line the locale's (``LANG`` / ``LC_ALL`` of zh_* gives Chinese). Every declared code is
walked by a test that fails on a missing or mismatched translation.
"""

from __future__ import annotations

import enum
import os
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("en", "zh")
_language = "en"


def set_language(lang: str) -> None:
    """Render refusals in ``lang`` from now on ("zh", "zh_CN", "en" …; others: English)."""
    global _language
    _language = "zh" if lang.lower().startswith("zh") else "en"


def language() -> str:
    return _language


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale: "zh" for a zh_* locale, else "en"."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@dataclass(frozen=True)
class Text:
    """A message template in both languages, under a stable code."""

    code: str
    en: str
    zh: str

    def __call__(self, **params: Any) -> Message:
        missing = self.fields() - set(params)
        if missing:
            raise TypeError(f"message {self.code} needs {', '.join(sorted(missing))}")
        return Message(self, params)

    def fields(self) -> frozenset[str]:
        return _fields(self.en)


_REGISTRY: dict[str, Text] = {}


def declare(code: str, en: str, zh: str) -> Text:
    """Declare a message; a code may be declared once."""
    known = _REGISTRY.get(code)
    if known is not None and (known.en, known.zh) != (en, zh):
        raise ValueError(f"message code {code} is declared twice")
    declared = Text(code, en, zh)
    _REGISTRY[code] = declared
    return declared


def declared() -> Iterable[Text]:
    return tuple(_REGISTRY.values())


def lookup(code: str) -> Text | None:
    """The message declared under ``code``, or None (a module not imported, or a code gone)."""
    return _REGISTRY.get(code)


def _show(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_show(v, lang) for v in value]
        return ("、" if lang == "zh" else ", ").join(items)
    return str(value)


@dataclass(frozen=True)
class Message:
    """One refusal's words: its template and the parameters filled in."""

    text: Text
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.text.code

    def render(self, lang: str | None = None) -> str:
        lang = lang or _language
        template = self.text.zh if lang == "zh" else self.text.en
        return template.format(**{k: _show(v, lang) for k, v in self.params.items()})

    def plain_params(self) -> dict[str, Any]:
        """The parameters as JSON-friendly values (nested messages as their English text)."""
        return {k: v.render("en") if isinstance(v, Message) else v for k, v in self.params.items()}

    def to_data(self) -> dict[str, Any]:
        """The message as JSON: ``{"code": …, "params": {…}}``, nested messages the same way
        and lists kept; any other value as the text it shows (what rendering would make of
        it), so :func:`message_from_data` gives back a message that renders the same."""
        return {"code": self.code, "params": {k: _to_data(v) for k, v in self.params.items()}}

    def __str__(self) -> str:
        return self.render()


Words = str | Message


def render(words: Words, lang: str | None = None) -> str:
    return words.render(lang) if isinstance(words, Message) else words


def said(exc: BaseException) -> Words:
    """What an exception says: the declared message it carries (shown in the reader's language
    whenever it is shown), else its plain text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


_AND_THEN = declare("domain.messages.and_then", "{first}; {then}", "{first}；{then}")


def joined(parts: Sequence[Words]) -> Words:
    """Several reasons as one, each after the other ("; " between them)."""
    if not parts:
        return ""
    words = parts[0]
    for then in parts[1:]:
        words = _AND_THEN(first=words, then=then)
    return words


def _to_data(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_data()
    if isinstance(value, list | tuple):
        return [_to_data(v) for v in value]
    if isinstance(value, set | frozenset):
        return [_to_data(v) for v in sorted(value, key=str)]
    if value is None or (
        isinstance(value, bool | int | float | str) and not isinstance(value, enum.Enum)
    ):
        return value
    return str(value)


class _Unreadable(Exception):
    """Stored data that is not (or no longer) a declared message."""


def _from_data(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"code", "params"}:
        return _message(value)
    if isinstance(value, list):
        return [_from_data(v) for v in value]
    if isinstance(value, dict):
        raise _Unreadable
    return value


def _message(data: Any) -> Message:
    if not isinstance(data, dict) or not isinstance(data.get("params"), dict):
        raise _Unreadable
    code = data.get("code")
    text = _REGISTRY.get(code) if isinstance(code, str) else None
    params = data["params"]
    if text is None or not text.fields() <= set(params):
        raise _Unreadable
    return Message(text, {k: _from_data(v) for k, v in params.items()})


def message_from_data(data: Any, fallback_text: str = "") -> Words:
    """The message :meth:`Message.to_data` stored, or ``fallback_text`` when ``data`` is not
    one this version declares, with every parameter its words need (nothing stored, a row of
    an older version, a code since retired or changed). The module that declares the code
    must have been imported."""
    if data is None:
        return fallback_text
    try:
        return _message(data)
    except _Unreadable:
        return fallback_text


def words_to_data(words: Words) -> dict[str, Any] | None:
    """The structured form of ``words`` to store beside its English text; None for plain text."""
    return words.to_data() if isinstance(words, Message) else None
