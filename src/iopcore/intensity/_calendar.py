"""Program days as day ordinals: the calendar the weekly count reads, and local days.

The program calendar reduced to what the weekly loop reads (first weekday, open
weekdays, closures, partial days); the local day a session starts on in the
program's time zone, exact across clock changes; weekdays and dates of ordinals; the
open share of a run of days; and the days and instants that bound the weeks.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NamedTuple

from iopcore._days import day_in_zone, weekday
from iopcore._validation import to_as_of, to_aware_datetime, to_timezone
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.sessions import ProgramCalendar

if TYPE_CHECKING:
    import zoneinfo
    from collections.abc import Mapping

    import pendulum

    from iopcore.intensity._inputs import Span

__all__ = [
    "WeekCalendar",
    "checked_calendar",
    "cutoff",
    "day_ordinal",
    "local_day",
    "open_share",
    "to_week_calendar",
]

_TIMESTAMP: Final = dt.datetime.timestamp


class WeekCalendar(NamedTuple):
    """A program calendar reduced to what the weekly loop reads."""

    first_weekday: int
    open_weekdays: frozenset[int]
    closures: frozenset[int]
    partial: Mapping[int, float]


_DEFAULT_CALENDAR: Final = WeekCalendar(0, frozenset(range(5)), frozenset(), MappingProxyType({}))


def checked_calendar(calendar: object, *, tz: str | pendulum.Timezone) -> ProgramCalendar | None:
    """``calendar``, if it is ``None`` or a program calendar in the time zone ``tz``.

    The check :func:`~iopcore.intensity.weekly_compliance` makes of its ``calendar``
    argument, for other evaluators of weekly hours
    (:func:`iopcore.frames.weekly_compliance` makes the same one).

    Raises:
        InvalidTypeError: not a :class:`~iopcore.sessions.ProgramCalendar` or ``None``.
        InvalidValueError: a calendar in another time zone than ``tz``.
        UnknownCodeError: ``tz`` is not a time zone.

    >>> from iopcore.sessions import ProgramCalendar
    >>> calendar = ProgramCalendar(tz="America/New_York")
    >>> checked_calendar(calendar, tz="America/New_York") is calendar
    True
    >>> checked_calendar(calendar, tz="America/Chicago")
    Traceback (most recent call last):
    ...
    iopcore.exceptions.InvalidValueError: calendar.tz: 'America/New_York' differs from tz; ...

    .. versionadded:: 0.1
    """
    zone = to_timezone(tz)
    if calendar is None:
        return None
    if not isinstance(calendar, ProgramCalendar):
        raise InvalidTypeError("calendar", calendar, allowed="a ProgramCalendar or None")
    if calendar.tz.name != zone.name:
        raise InvalidValueError(
            "calendar.tz",
            calendar.tz.name,
            allowed=f"the time zone given as tz ({zone.name})",
            reason="differs from tz",
        )
    return calendar


def to_week_calendar(value: object, zone: pendulum.Timezone) -> WeekCalendar:
    checked = checked_calendar(value, tz=zone)
    if checked is None:
        return _DEFAULT_CALENDAR
    return WeekCalendar(
        int(checked.first_weekday),
        frozenset(int(day) for day in checked.open_weekdays),
        frozenset(day.toordinal() for day in checked.closures),
        MappingProxyType({day.toordinal(): share for day, share in checked.partial_days.items()}),
    )


def day_ordinal(value: object, field: str) -> int | None:
    return None if value is None else to_as_of(value, field=field).toordinal()


def cutoff(value: object) -> tuple[int | None, float | None]:
    """The last local day and, for a datetime, the instant sessions must end by."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        moment = to_aware_datetime(value, field="as_of")
        return None, _TIMESTAMP(moment)
    return to_as_of(value).toordinal(), None


def local_day(span: Span, zone: pendulum.Timezone, local: zoneinfo.ZoneInfo) -> int:
    """The ordinal of the local day in the program's time zone on which a session starts.

    ``span`` is the session's start and end timestamps and the session.
    """
    begins, _, session = span
    start = session.start
    if start.tzinfo is zone:  # the fast path; day_in_zone reads a start in local as it is
        return start.toordinal()
    return day_in_zone(start, local, begins)


def open_share(program: WeekCalendar, first: int, last: int) -> float:
    share = 0.0
    for ordinal in range(first, last + 1):
        if weekday(ordinal) in program.open_weekdays and ordinal not in program.closures:
            share += program.partial.get(ordinal, 1.0)
    return share
