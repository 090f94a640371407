"""Days as ordinals: the arithmetic of weekdays and program weeks, in one place.

A day is its proleptic Gregorian ordinal (``date.toordinal()``, 1 for 1 January of
year 1), so the weekly loops of :mod:`iopcore.intensity`, the schedules of
:mod:`iopcore.sessions` and the cohort tables count days and weeks in integers; the
API takes and gives ``pendulum.Date``. Weekdays run from 0 (Monday) to 6 (Sunday), as
``date.weekday()`` and ``pendulum.WeekDay`` number them.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import pendulum

__all__ = ["date_of", "day_in_zone", "program_week", "week_start_ordinal", "weekday"]

_TIMESTAMP: Final = dt.datetime.timestamp
_FROM_TIMESTAMP: Final = dt.datetime.fromtimestamp


def weekday(ordinal: int) -> int:
    """The weekday of day ``ordinal``: 0 for Monday to 6 for Sunday."""
    return (ordinal - 1) % 7  # 1 January of year 1 (ordinal 1) was a Monday


def date_of(ordinal: int) -> pendulum.Date:
    """The ``pendulum.Date`` of day ``ordinal``."""
    day = dt.date.fromordinal(ordinal)
    return pendulum.Date(day.year, day.month, day.day)


def day_in_zone(moment: dt.datetime, zone: dt.tzinfo, timestamp: float | None = None) -> int:
    """The day (ordinal) in time zone ``zone`` on which the aware ``moment`` falls.

    ``timestamp`` is ``moment``'s POSIX timestamp when the caller has it already. A
    moment whose ``tzinfo`` is ``zone`` itself is read as it is, without conversion.
    Pass a ``zoneinfo.ZoneInfo`` rather than a pendulum ``Timezone`` of the same name
    where speed counts: the day is the same, the conversion quicker.
    """
    if moment.tzinfo is zone:
        return moment.toordinal()
    if timestamp is None:
        timestamp = _TIMESTAMP(moment)
    return _FROM_TIMESTAMP(timestamp, zone).toordinal()


def week_start_ordinal(ordinal: int, first_weekday: int) -> int:
    """The first day of the week that holds day ``ordinal``.

    Weeks start on ``first_weekday`` (0 for Monday to 6 for Sunday).
    """
    return ordinal - (weekday(ordinal) - first_weekday) % 7


def program_week(ordinal: int, week_one: int) -> int | None:
    """The program week that holds day ``ordinal``, counted from 1.

    Week 1 starts on day ``week_one``; a day before it is in no week (``None``).
    """
    days = ordinal - week_one
    return None if days < 0 else days // 7 + 1
