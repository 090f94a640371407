"""The sessions table: its schema, the checks a Session makes, row by row, and a converter.

:data:`SESSIONS` documents the table (the :class:`~iopcore.sessions.Session` field
names); :func:`read_sessions` reads one and refuses every row a ``Session`` would
refuse, with the same allowed words; :func:`sessions_frame` turns ``Session``
values into a table, for tests and docs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import narwhals as nw
import pendulum

from iopcore._validation import MAX_IDENTIFIER_LENGTH
from iopcore.exceptions import InvalidTypeError, UnknownCodeError
from iopcore.frames._tables import (
    Column,
    Kind,
    RowCheck,
    RowChecks,
    Schema,
    read_table,
    refuse_rows,
)
from iopcore.sessions import MAX_SESSION_HOURS, Attendance, ServiceType, Session

if TYPE_CHECKING:
    import datetime as dt

    from iopcore.frames._tables import InputTable

__all__ = [
    "SESSIONS",
    "identifier_checks",
    "one_row_per_participant",
    "read_sessions",
    "sessions_frame",
]

#: The sessions table: one row per session, the fields of a Session.
SESSIONS: Final = Schema(
    "sessions",
    (
        Column("participant_id", Kind.TEXT, description="The participant's opaque id."),
        Column("service", Kind.TEXT, description="A ServiceType value, as 'group therapy'."),
        Column("start", Kind.AWARE_TIMESTAMP, description="When it starts, in any time zone."),
        Column(
            "end",
            Kind.AWARE_TIMESTAMP,
            description=f"When it ends: after start, at most {MAX_SESSION_HOURS} hours later.",
        ),
        Column(
            "attendance",
            Kind.TEXT,
            required=False,
            description="An Attendance value; 'attended' when the column is absent.",
        ),
        Column(
            "attended_minutes",
            Kind.WHOLE_NUMBER,
            required=False,
            description="The minutes attended, for 'attended in part' only (and then required).",
        ),
    ),
)

_MICROSECONDS: Final = 1_000_000
_MAX_MICROSECONDS: Final = MAX_SESSION_HOURS * 3600 * _MICROSECONDS
_IN_PART: Final = Attendance.ATTENDED_IN_PART.value
_IDENTIFIER: Final = f"a non-blank string of at most {MAX_IDENTIFIER_LENGTH} printable characters"
#: What str.isprintable() refuses: other (control, format, private, unassigned),
#: line and paragraph separators, and every space but the plain one.
_UNPRINTABLE: Final = r"[\p{C}\p{Zl}\p{Zp}]|[\p{Zs}&&[^ ]]"


def _words(enum_type: type[ServiceType | Attendance]) -> str:
    return ", ".join(repr(member.value) for member in enum_type)


def _missing(column: str, allowed: str) -> RowCheck:
    return RowCheck(column, nw.col(column).is_null(), allowed=allowed, reason="is missing")


def one_row_per_participant() -> RowCheck:
    """The check of a table that holds one row per participant (participants, episodes)."""
    return RowCheck(
        "participant_id",
        nw.col("participant_id").is_duplicated(),
        allowed="one row per participant",
        reason="has more than one row",
    )


def identifier_checks(column: str = "participant_id") -> list[RowCheck]:
    """The checks of an opaque identifier (``to_identifier``), on a text column."""
    text = nw.col(column)
    return [
        _missing(column, _IDENTIFIER),
        RowCheck(column, text.str.strip_chars() == "", allowed=_IDENTIFIER, reason="is blank"),
        RowCheck(
            column,
            text.str.len_chars() > MAX_IDENTIFIER_LENGTH,
            allowed=_IDENTIFIER,
            reason="is too long",
        ),
        RowCheck(
            column,
            text.str.contains(_UNPRINTABLE),
            allowed=_IDENTIFIER,
            reason="has control characters",
        ),
    ]


@functools.cache
def _session_checks(minutes_float: bool) -> RowChecks:
    """The row checks of a sessions table and their counting query, built once.

    ``minutes_float``: whether ``attended_minutes`` is a float column (as pandas makes
    of whole numbers with gaps), whose values must then also be whole.
    """
    begins = nw.col("start").dt.timestamp("us")
    ends = nw.col("end").dt.timestamp("us")
    length = ends - begins
    minutes = nw.col("attended_minutes")
    attendance = nw.col("attendance")
    in_part = attendance == _IN_PART
    whole = "a whole number from 1 to " + str(MAX_SESSION_HOURS * 60)
    checks = [
        *identifier_checks(),
        _missing("service", _words(ServiceType)),
        RowCheck(
            "service",
            ~nw.col("service").is_in([member.value for member in ServiceType]),
            allowed=_words(ServiceType),
        ),
        _missing("attendance", _words(Attendance)),
        RowCheck(
            "attendance",
            ~attendance.is_in([member.value for member in Attendance]),
            allowed=_words(Attendance),
        ),
        _missing("start", "an aware datetime"),
        _missing("end", "an aware datetime"),
        RowCheck("end", length <= 0, allowed="a time after start", reason="is not after start"),
        RowCheck(
            "end",
            length > _MAX_MICROSECONDS,
            allowed=f"at most {MAX_SESSION_HOURS} hours after start",
            reason="makes the session too long",
        ),
        RowCheck(
            "attended_minutes",
            in_part & minutes.is_null(),
            allowed="the minutes attended, for a session attended in part",
            reason="is missing",
        ),
        RowCheck(
            "attended_minutes",
            ~in_part & ~minutes.is_null(),
            allowed="None unless attendance is 'attended in part'",
        ),
    ]
    if minutes_float:
        checks.append(RowCheck("attended_minutes", minutes.is_nan(), allowed=whole))
        checks.append(RowCheck("attended_minutes", minutes.round(0) != minutes, allowed=whole))
    outside = (minutes < 1) | (minutes > MAX_SESSION_HOURS * 60)
    checks += [
        RowCheck("attended_minutes", outside, whole),
        RowCheck(
            "attended_minutes",
            ~outside & (length > 0) & (minutes * (60 * _MICROSECONDS) > length),
            allowed="at most the session's minutes",
            reason="is longer than the session",
        ),
    ]
    return RowChecks.of(checks)


def read_sessions(data: object, *, columns: object = None) -> InputTable:
    """``data`` read as a sessions table, every bad row refused.

    The optional columns are filled in when absent (``attendance`` as
    ``"attended"``, ``attended_minutes`` as nulls), so the jobs read all six.

    Raises:
        InvalidRowsError: rows a :class:`~iopcore.sessions.Session` would refuse
            (several bad columns: an IopcoreErrorGroup).
        InvalidTypeError, InvalidValueError, NaiveDateTimeError, UnknownCodeError:
            as :func:`~iopcore.frames._tables.read_table`.
    """
    read = read_table(data, SESSIONS, columns=columns)
    table = read.filled({"attendance": Attendance.ATTENDED.value})
    refuse_rows(table, _session_checks(table.frame.collect_schema()["attended_minutes"].is_float()))
    return table


_BACKENDS: Final = ("polars", "pandas", "pyarrow")


def _zone_name(moment: dt.datetime) -> str | None:
    """The IANA name of a time's zone; ``None`` for a fixed offset."""
    zone = moment.tzinfo
    if isinstance(zone, pendulum.FixedTimezone) or not isinstance(zone, pendulum.Timezone):
        return None
    return zone.name


def sessions_frame(sessions: Iterable[Session], *, backend: str = "polars") -> Any:  # noqa: ANN401
    """Sessions as a sessions table, one row each, in the order given.

    Times keep their time zone when every session shares one, and are in UTC
    otherwise (a column holds one time zone).

    Args:
        sessions: :class:`~iopcore.sessions.Session` values, of any participants.
        backend: The kind of frame: ``"polars"``, ``"pandas"`` or ``"pyarrow"``.

    Returns:
        An eager frame of that kind with the columns of :data:`SESSIONS`.

    Raises:
        InvalidTypeError: ``sessions`` is not an iterable of Session values.
        UnknownCodeError: an unknown ``backend``.

    >>> import pendulum
    >>> from iopcore.sessions import Session
    >>> start = pendulum.datetime(2024, 3, 4, 9, tz="America/New_York")
    >>> frame = sessions_frame(
    ...     [
    ...         Session(
    ...             participant_id="p-1",
    ...             service="group therapy",
    ...             start=start,
    ...             end=start.add(hours=3),
    ...         )
    ...     ]
    ... )
    >>> frame.columns
    ['participant_id', 'service', 'start', 'end', 'attendance', 'attended_minutes']
    >>> str(frame["start"].dtype)
    "Datetime(time_unit='us', time_zone='America/New_York')"
    """
    if isinstance(sessions, str | bytes | Mapping) or not isinstance(sessions, Iterable):
        raise InvalidTypeError("sessions", sessions, allowed="an iterable of Session values")
    items = list(sessions)
    for index, item in enumerate(items):
        if not isinstance(item, Session):
            raise InvalidTypeError(f"$.sessions[{index}]", item, allowed="a Session")
    if not isinstance(backend, str) or backend not in _BACKENDS:
        raise UnknownCodeError("backend", backend, allowed=", ".join(map(repr, _BACKENDS)))
    zones = {_zone_name(item.start) for item in items} | {_zone_name(item.end) for item in items}
    zone = zones.pop() if len(zones) == 1 else None
    stamp = nw.Datetime("us", "UTC")
    data = {
        "participant_id": [item.participant_id for item in items],
        "service": [item.service.value for item in items],
        "start": [item.start for item in items],
        "end": [item.end for item in items],
        "attendance": [item.attendance.value for item in items],
        "attended_minutes": [item.attended_minutes for item in items],
    }
    schema = {
        "participant_id": nw.String(),
        "service": nw.String(),
        "start": stamp,
        "end": stamp,
        "attendance": nw.String(),
        "attended_minutes": nw.Int64(),
    }
    frame = nw.from_dict(data, schema=schema, backend="polars").with_columns(
        nw.col("start", "end").dt.convert_time_zone(zone or "UTC")
    )
    if backend == "pandas":
        return frame.to_pandas()
    if backend == "pyarrow":
        return frame.to_arrow()
    return frame.to_native()
