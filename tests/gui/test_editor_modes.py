"""The editor's mode by role and status, and jumping between items of a kind."""

from __future__ import annotations

import pytest

from bqinspect.domain.lifecycle import Role
from bqinspect.ui.editor.jump import step
from bqinspect.ui.editor.mode import EditorMode, answers_editable, mode_of


@pytest.mark.parametrize(
    ("role", "status", "amending", "mode"),
    [
        (Role.INSPECTOR, "draft", False, EditorMode.EDIT),
        (Role.INSPECTOR, "returned", False, EditorMode.EDIT),
        (Role.INSPECTOR, "submitted", False, EditorMode.LOCKED),
        (Role.INSPECTOR, "submitted", True, EditorMode.AMEND),
        (Role.INSPECTOR, "approved", True, EditorMode.FROZEN),
        (Role.LEAD, "submitted", False, EditorMode.REVIEW),
        (Role.OFFICE, "approved", False, EditorMode.REVIEW),
        (Role.LEAD, "draft", True, EditorMode.REVIEW),
    ],
)
def test_mode_of(role, status, amending, mode):
    assert mode_of(role, status, amending=amending) is mode
    assert answers_editable(mode) == (mode in (EditorMode.EDIT, EditorMode.AMEND))


def test_step_wraps_both_ways():
    order = ["a", "b", "c", "d", "e"]
    wanted = {"b", "d"}
    assert step(order, wanted, None, 1) == "b"
    assert step(order, wanted, None, -1) == "d"
    assert step(order, wanted, "b", 1) == "d"
    assert step(order, wanted, "d", 1) == "b"  # wraps
    assert step(order, wanted, "c", -1) == "b"
    assert step(order, wanted, "a", -1) == "d"  # wraps
    assert step(order, set(), "a", 1) is None
