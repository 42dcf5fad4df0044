"""The one progress-and-cancel protocol: the silent default, check, text lines and stages."""

from __future__ import annotations

import io

import pytest

from bqinspect.base.progress import Cancelled, Steps, TextProgress, check, no_progress
from tests.recording import RecordingProgress, cancelling


def test_no_progress_never_cancels() -> None:
    no_progress(1, 2, "half")
    assert not no_progress.cancelled()
    check(no_progress)


def test_check_raises_the_one_cancelled() -> None:
    with pytest.raises(Cancelled):
        check(cancelling())


def test_text_progress_writes_a_line_per_step_and_tenth() -> None:
    out = io.StringIO()
    progress = TextProgress(out)
    for done in range(0, 21):
        progress(done, 20, "writing")
    progress(3, 3, "")
    assert out.getvalue().splitlines() == [f"  writing: {10 * n}%" for n in range(11)] + [
        "  working: 100%"
    ]
    assert not progress.cancelled()
    quiet = io.StringIO()
    TextProgress(quiet, enabled=False)(1, 2, "x")
    assert quiet.getvalue() == ""


def test_a_stage_reports_into_the_whole_job_and_passes_cancel_on() -> None:
    whole = RecordingProgress(lambda p: len(p.calls) >= 2)
    stage = Steps(whole, 1, 7, "photos")
    stage(1, 4)
    assert not stage.cancelled()
    stage(2, 4, "other")
    assert whole.calls == [(2, 7, "photos"), (3, 7, "other")]
    assert stage.cancelled()
