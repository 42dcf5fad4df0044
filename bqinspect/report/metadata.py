"""The stamp a report carries in its PDF metadata: record id, revision and record hash."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

STAMP_TAG = "bqinspect-report/1"
_KEYWORD = re.compile(r"([a-z0-9_]+)=([^\s;]+)")
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class ReportStamp:
    record_id: uuid.UUID
    revision: int
    sha256: str
    audience: str = ""
    lang: str = ""
    parts: dict[str, str] = field(default_factory=dict)  # part name -> sha256 (hex)

    def subject(self) -> str:
        return f"bqinspect record {self.record_id} revision {self.revision} sha256 {self.sha256}"

    def keywords(self) -> str:
        parts = ",".join(f"{k}:{v[:16]}" for k, v in sorted(self.parts.items()))
        return (
            f"{STAMP_TAG}; record={self.record_id}; revision={self.revision}; "
            f"sha256={self.sha256}; audience={self.audience}; lang={self.lang}; parts={parts}"
        )

    @classmethod
    def parse(cls, keywords: str) -> ReportStamp | None:
        """The stamp in a PDF's Keywords, or None when there is none (or it is damaged)."""
        if STAMP_TAG not in keywords:
            return None
        values = dict(_KEYWORD.findall(keywords))
        try:
            record_id = uuid.UUID(values["record"])
            revision = int(values["revision"])
        except (KeyError, ValueError):
            return None
        sha = values.get("sha256", "").lower()
        if not _HEX.match(sha):
            return None
        parts = {}
        for piece in values.get("parts", "").split(","):
            name, _, short = piece.partition(":")
            if name and short:
                parts[name] = short
        return cls(
            record_id=record_id,
            revision=revision,
            sha256=sha,
            audience=values.get("audience", ""),
            lang=values.get("lang", ""),
            parts=parts,
        )
