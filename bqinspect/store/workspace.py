"""A workspace: a data directory with its database, settings and this device's identity."""

from __future__ import annotations

import functools
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from bqinspect.base import clock, paths
from bqinspect.domain.formio import form_from_json
from bqinspect.domain.forms import Form
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.ownership import parse_role
from bqinspect.domain.workdays import WorkCalendar
from bqinspect.store.db import Database, open_database, refuse_storage_errors
from bqinspect.store.models import Device, FormVersion, Setting, utcnow

log = logging.getLogger(__name__)

DEFAULT_SETTINGS: dict[str, Any] = {
    "bank_name": "",
    "inspector_name": "",
    "inspector_employee_no": "",
    "content_lang": "zh",
    "ui_lang": "",
    "photo_max_edge": 2048,
    "report_font": "",
    "report_page_size": "A4",
    "backup_keep": 10,  # rolling backups kept in backups/ (daily, before imports, on request)
    # the bank's own closed and opened days for working-day deadlines (ISO dates), on top of
    # the public-holiday calendar
    "closed_days": [],
    "open_days": [],
    "role": "inspector",  # inspector | lead | office: what this installation may change
}


@dataclass
class Workspace:
    db: Database
    home: Path
    actor: str = ""
    _forms: dict[uuid.UUID, Form] = field(default_factory=dict)
    _device_id: uuid.UUID | None = None
    _acting: Role | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with self.db.session() as session, refuse_storage_errors(self.db):
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # settings ---------------------------------------------------------------
    def setting(self, key: str, session: Session | None = None) -> Any:
        """A setting's value (its default when unset), read in ``session`` when one is open."""
        if session is not None:
            row = session.get(Setting, key)
        else:
            with self.db.session() as s:
                row = s.get(Setting, key)
        return row.value if row is not None else DEFAULT_SETTINGS.get(key)

    def set_setting(self, key: str, value: Any) -> None:
        with self.session() as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
                row.updated_at = utcnow()
                s.add(row)

    def work_calendar(self, session: Session | None = None) -> WorkCalendar:
        """Working days for deadlines: public holidays plus the bank's own closed/open days."""
        return WorkCalendar.with_days(
            _dates(self.setting("closed_days", session)),
            _dates(self.setting("open_days", session)),
        )

    def zone(self) -> tzinfo:
        """The bank's time zone (the ``timezone`` setting, else the system's): reports print
        times in it, and head-office periods and hours of day are counted in it."""
        name = self.setting("timezone")
        if isinstance(name, str) and name.strip():
            try:
                return ZoneInfo(name.strip())
            except (ZoneInfoNotFoundError, ValueError):
                log.warning(
                    "setting timezone %r is not a known time zone; using the system's", name
                )
        local = clock.local_now().tzinfo
        return local if local is not None else UTC

    def who(self) -> str:
        return self.actor or str(self.setting("inspector_name") or "") or os.environ.get("USER", "")

    def role(self, session: Session | None = None) -> Role:
        """This installation's role (the ``role`` setting; an inspector's laptop by default),
        read in ``session`` when one is open."""
        if self._acting is not None:
            return self._acting
        try:
            return parse_role(str(self.setting("role", session) or Role.INSPECTOR.value))
        except ValueError:
            log.warning("setting role %r is unknown; acting as an inspector", self.setting("role"))
            return Role.INSPECTOR

    def set_role(self, role: Role) -> None:
        self.set_setting("role", role.value)

    @contextmanager
    def acting_as(self, role: Role) -> Iterator[None]:
        """Act in ``role`` for a while without changing the setting (the demo plays every
        part on one machine)."""
        before, self._acting = self._acting, role
        try:
            yield
        finally:
            self._acting = before

    def device_id(self) -> uuid.UUID | None:
        """This installation's device, once its keys are registered (changes record it)."""
        if self._device_id is None:
            with self.db.session() as s:
                self._device_id = s.exec(
                    select(Device.id).where(Device.is_self == True)  # noqa: E712
                ).first()
        return self._device_id

    # forms --------------------------------------------------------------------
    def form(self, form_version_id: uuid.UUID) -> Form:
        """The frozen form definition of a stored form version (cached)."""
        cached = self._forms.get(form_version_id)
        if cached is None:
            with self.db.session() as s:
                row = s.get(FormVersion, form_version_id)
            if row is None:
                raise KeyError(form_version_id)
            cached = _parse_definition(row.definition)
            self._forms[form_version_id] = cached
        return cached

    def form_versions(self) -> list[FormVersion]:
        with self.db.session() as s:
            return list(s.exec(select(FormVersion).order_by(FormVersion.form_id)).all())


def _dates(value: Any) -> list[date]:
    """The valid ISO dates of a stored list (anything else is skipped)."""
    days = []
    for text in value if isinstance(value, list) else []:
        try:
            days.append(date.fromisoformat(str(text)))
        except ValueError:
            continue
    return days


@functools.lru_cache(maxsize=64)
def _parse_definition(text: str) -> Form:
    return form_from_json(text)


def open_workspace(
    data_dir: str | os.PathLike[str] | None = None, db_url: str | None = None, *, actor: str = ""
) -> Workspace:
    home = paths.data_dir(data_dir)
    url = db_url or os.environ.get(paths.ENV_DB_URL) or None
    return Workspace(db=open_database(home, url), home=home, actor=actor)
