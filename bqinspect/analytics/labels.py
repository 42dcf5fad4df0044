"""Bilingual titles of the sections and items named by figures, read from the frozen forms."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import FORM_VERSION


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class FormTexts:
    """Titles by section id, texts, bases (检查依据) and form order by item id; the newest
    form version wins a shared id (a version older than the bases keeps a newer one's)."""

    sections: dict[str, Label] = field(default_factory=dict)
    items: dict[str, Label] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)

    def section(self, section_id: str) -> Label:
        return self.sections.get(section_id, Label(section_id, section_id))

    def item(self, item_id: str) -> Label:
        return self.items.get(item_id, Label(item_id, item_id))

    def basis(self, item_id: str) -> str:
        return self.bases.get(item_id, "")

    def position(self, item_id: str) -> int:
        """The item's place in its form (items of no form last)."""
        return self.order.get(item_id, len(self.order))


def _label(text: object, fallback: str) -> Label:
    if isinstance(text, dict):
        return Label(str(text.get("zh", fallback)), str(text.get("en", fallback)))
    return Label(fallback, fallback)


def form_texts(conn: Connection) -> FormTexts:
    """Read every installed form version (a small table), oldest first."""
    texts = FormTexts()
    rows = conn.execute(
        sa.select(FORM_VERSION.c.definition).order_by(FORM_VERSION.c.created_at)
    ).scalars()
    for definition in rows:
        data = json.loads(definition)
        for section in data.get("sections", []):
            texts.sections[section["id"]] = _label(section.get("title"), section["id"])
            for item in section.get("items", []):
                texts.items[item["id"]] = _label(item.get("text"), item["id"])
                texts.order.setdefault(item["id"], len(texts.order))
                if item.get("basis"):
                    texts.bases[item["id"]] = str(item["basis"])
    return texts
