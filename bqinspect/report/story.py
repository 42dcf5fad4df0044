"""The report's story: its parts in order, as reportlab flowables."""

from __future__ import annotations

from reportlab.platypus import Flowable

from bqinspect.domain.forms import Kind
from bqinspect.report.findings import findings
from bqinspect.report.header import header_table, intro, title_block
from bqinspect.report.internal import internal
from bqinspect.report.kit import StoryKit
from bqinspect.report.photo_grid import other_photos
from bqinspect.report.rectification_table import rectification_table
from bqinspect.report.signatures import signature_blocks
from bqinspect.report.summary import score_summary
from bqinspect.report.timings import timings


class StoryBuilder(StoryKit):
    """Turns :class:`ReportContent` into flowables for one language and page width."""

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += title_block(self)
        story += header_table(self)
        story += intro(self)
        story += score_summary(self)
        story += findings(self)
        if self.c.other_photos:
            story += other_photos(self)
        if self.c.kind is Kind.MYSTERY and (self.c.timers or self.c.durations):
            story += timings(self)
        if self.c.findings:
            story += rectification_table(self)
        if self.c.audience.value == "office":
            story += internal(self)
        story += signature_blocks(self)
        return story
