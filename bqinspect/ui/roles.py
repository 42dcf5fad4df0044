"""Translated names of the installation roles and what each may change."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from bqinspect.domain.lifecycle import Role
from bqinspect.domain.ownership import INSTALLATION_ROLES

CONTEXT = "roles"

NAMES = {
    Role.INSPECTOR: QT_TRANSLATE_NOOP("roles", "Inspector"),
    Role.LEAD: QT_TRANSLATE_NOOP("roles", "Supervision lead"),
    Role.OFFICE: QT_TRANSLATE_NOOP("roles", "Head office"),
    Role.BRANCH: QT_TRANSLATE_NOOP("roles", "Branch"),
}

MAY_CHANGE = {
    Role.INSPECTOR: QT_TRANSLATE_NOOP(
        "roles",
        "A field laptop: its inspections' answers, notes, photos, timer marks and signatures, "
        "and amendments after submission.",
    ),
    Role.LEAD: QT_TRANSLATE_NOOP(
        "roles",
        "Reviews inspections: comments, approves, returns and reopens them; internal notes; "
        "deadlines and follow-up of findings.",
    ),
    Role.OFFICE: QT_TRANSLATE_NOOP(
        "roles",
        "Branches and checklist forms, verification of rectifications, and everything a lead "
        "may do.",
    ),
}


def role_name(code: str) -> str:
    """The translated name of a role code (the code itself when it is unknown; "" for "")."""
    try:
        role = Role(code)
    except ValueError:
        return code
    return QCoreApplication.translate(CONTEXT, str(NAMES[role]))


def may_change_text(role: Role) -> str:
    return QCoreApplication.translate(CONTEXT, str(MAY_CHANGE.get(role, "")))


def choices() -> list[Role]:
    """The roles an installation (or a trusted device) can have, in their order."""
    return list(INSTALLATION_ROLES)
