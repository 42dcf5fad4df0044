"""Portable SQL pieces with one spelling per engine: durations, UTC dates and hours, JSON rows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import TableValuedAlias


class seconds_between(FunctionElement[float]):
    """``end - start`` in seconds, rounded to the millisecond on every engine."""

    type = sa.Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"ROUND((julianday({end}) - julianday({start})) * 86400.0, 3)"


@compiles(seconds_between, "postgresql")
def _seconds_pg(element: seconds_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"CAST(ROUND(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS NUMERIC), 3) "
        "AS DOUBLE PRECISION)"
    )


class utc_date(FunctionElement[Any]):
    """The calendar date of an aware timestamp in UTC (comparable with a ``date`` column)."""

    inherit_cache = True
    name = "utc_date"


@compiles(utc_date, "sqlite")
def _date_sqlite(element: utc_date, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_date, "postgresql")
def _date_pg(element: utc_date, compiler: Any, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


class local_hour(FunctionElement[int]):
    """The hour (0 to 23) of a timestamp shifted from UTC by a fixed number of minutes."""

    type = sa.Integer()
    inherit_cache = True
    name = "local_hour"

    def __init__(self, moment: ColumnElement[Any], offset_minutes: int) -> None:
        self.offset_minutes = int(offset_minutes)
        super().__init__(moment)


@compiles(local_hour, "sqlite")
def _hour_sqlite(element: local_hour, compiler: Any, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"CAST(strftime('%H', {moment}, '{element.offset_minutes:+d} minutes') AS INTEGER)"


@compiles(local_hour, "postgresql")
def _hour_pg(element: local_hour, compiler: Any, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return (
        f"CAST(EXTRACT(HOUR FROM ({moment}) AT TIME ZONE 'UTC' "
        f"+ INTERVAL '{element.offset_minutes} minutes') AS INTEGER)"
    )


class json_float(FunctionElement[float]):
    """A number member of a JSON object value (``NULL`` when missing or null)."""

    type = sa.Float()
    inherit_cache = True
    name = "json_float"

    def __init__(self, value: ColumnElement[Any], key: str) -> None:
        self.key = key
        super().__init__(value)


@compiles(json_float, "sqlite")
def _json_float_sqlite(element: json_float, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CAST(json_extract({value}, '$.{element.key}') AS REAL)"


@compiles(json_float, "postgresql")
def _json_float_pg(element: json_float, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CAST(({value} ->> '{element.key}') AS DOUBLE PRECISION)"


def _shaped(column: ColumnElement[Any], dialect: str, shape: str) -> ColumnElement[Any]:
    """PostgreSQL refuses to expand a JSON value of another shape (a JSON ``null``): use empty."""
    if dialect == "sqlite":
        return column
    empty = sa.cast(sa.literal("[]" if shape == "array" else "{}"), column.type)
    return sa.case((sa.func.json_typeof(column) == shape, column), else_=empty)


def json_object_rows(column: ColumnElement[Any], dialect: str, name: str) -> TableValuedAlias:
    """The members of a JSON object column as rows ``(key, value)``; join it ``ON true``.

    On SQLite a JSON ``null`` gives one row with a null key; filter on the key."""
    rows = sa.func.json_each(_shaped(column, dialect, "object"))
    return rows.table_valued("key", "value").alias(name)


def json_array_rows(column: ColumnElement[Any], dialect: str, name: str) -> TableValuedAlias:
    """The string elements of a JSON array column as rows ``(value)``; join it ``ON true``.

    On SQLite a JSON ``null`` gives one row with a null value; filter on the value."""
    fn = sa.func.json_each if dialect == "sqlite" else sa.func.json_array_elements_text
    return fn(_shaped(column, dialect, "array")).table_valued("value").alias(name)


class json_text(FunctionElement[str]):
    """A text member of a JSON object value (``NULL`` when missing or null)."""

    type = sa.String()
    inherit_cache = True
    name = "json_text"

    def __init__(self, value: ColumnElement[Any], key: str) -> None:
        self.key = key
        super().__init__(value)


@compiles(json_text, "sqlite")
def _json_text_sqlite(element: json_text, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"json_extract({value}, '$.{element.key}')"


@compiles(json_text, "postgresql")
def _json_text_pg(element: json_text, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"({value} ->> '{element.key}')"


def json_records(records: str, dialect: str, name: str) -> TableValuedAlias:
    """The objects of a JSON array given as one bound text, as rows ``(value)``; read their
    members with :func:`json_text` and :func:`json_float`. One parameter, however many rows."""
    if dialect == "sqlite":
        return sa.func.json_each(sa.literal(records)).table_valued("value").alias(name)
    param = sa.cast(sa.literal(records), sa.JSON())
    return sa.func.json_array_elements(param).table_valued("value").alias(name)
