"""The program calendar: how a program's weeks run, and the days it is open.

Holds :class:`ProgramCalendar` (time zone, first weekday, open weekdays, closures,
partial days) and the day helpers the weekly schedules share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs
import pendulum

from iopcore._days import date_of, week_start_ordinal
from iopcore._validation import (
    ErrorCollector,
    to_date,
    to_int,
    to_number,
    to_timezone,
)
from iopcore.exceptions import InvalidTypeError, InvalidValueError

__all__ = ["ProgramCalendar", "rebuild_calendar", "to_weekday"]


def to_weekday(value: object, field: str) -> pendulum.WeekDay:
    """A ``pendulum.WeekDay``, or the weekday of 0 = Monday to 6 = Sunday."""
    if isinstance(value, pendulum.WeekDay):
        return value
    return pendulum.WeekDay(to_int(value, field=field, minimum=0, maximum=6))


def _first_weekday(value: object) -> pendulum.WeekDay:
    return to_weekday(value, "first_weekday")


#: Monday to Friday.
_WEEKDAYS: Final = frozenset(pendulum.WeekDay(day) for day in range(5))


def _open_weekdays(values: object) -> frozenset[pendulum.WeekDay]:
    allowed = "a non-empty set of weekdays (pendulum.WeekDay or 0 = Monday to 6 = Sunday)"
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("open_weekdays", values, allowed=allowed)
    collector = ErrorCollector("open_weekdays")
    days: set[pendulum.WeekDay] = set()
    for index, value in enumerate(values):
        with collector.catch():
            days.add(to_weekday(value, f"$.open_weekdays[{index}]"))
    collector.raise_if_any()
    if not days:
        raise InvalidValueError("open_weekdays", values, allowed=allowed, reason="is empty")
    return frozenset(days)


def _closures(values: object) -> frozenset[pendulum.Date]:
    allowed = "an iterable of dates"
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("closures", values, allowed=allowed)
    collector = ErrorCollector("closures")
    days: set[pendulum.Date] = set()
    for index, value in enumerate(values):
        with collector.catch():
            days.add(to_date(value, field=f"$.closures[{index}]"))
    collector.raise_if_any()
    return frozenset(days)


def _partial_days(values: object) -> Mapping[pendulum.Date, float]:
    if not isinstance(values, Mapping):
        raise InvalidTypeError(
            "partial_days", values, allowed="a mapping of dates to the fraction of the day open"
        )
    collector = ErrorCollector("partial_days")
    days: dict[pendulum.Date, float] = {}
    for key, value in values.items():
        with collector.catch():
            day = to_date(key, field="$.partial_days")
            fraction = to_number(value, field=f"$.partial_days[{day.isoformat()}]", minimum=0)
            if not 0 < fraction < 1:
                raise InvalidValueError(
                    f"$.partial_days[{day.isoformat()}]",
                    value,
                    allowed="a fraction of the day open, above 0 and below 1",
                )
            days[day] = fraction
    collector.raise_if_any()
    return MappingProxyType(dict(sorted(days.items())))


@attrs.frozen(kw_only=True)
class ProgramCalendar:
    """How a program's weeks run: time zone, week start, open days, closures.

    Args:
        tz: The program's time zone: an IANA name or a pendulum ``Timezone``.
        first_weekday: The first day of the program week (``pendulum.WeekDay`` or
            0 = Monday to 6 = Sunday); Monday by default, as in ISO weeks.
        open_weekdays: The weekdays the program normally runs; Monday to Friday by
            default.
        closures: Days the program is closed (holidays, weather).
        partial_days: Days open only part of the day, each with the fraction of a
            normal day it is open (above 0, below 1).

    Raises:
        InvalidValueError: a day both closed and partial, an empty ``open_weekdays``
            or a fraction out of range.
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> calendar = ProgramCalendar(
    ...     tz="America/Chicago",
    ...     closures=[pendulum.date(2024, 7, 4)],
    ...     partial_days={pendulum.date(2024, 7, 3): 0.5},
    ... )
    >>> (
    ...     calendar.open_fraction(pendulum.date(2024, 7, 1)),
    ...     calendar.open_fraction(pendulum.date(2024, 7, 3)),
    ...     calendar.open_fraction(pendulum.date(2024, 7, 4)),
    ... )
    (1.0, 0.5, 0.0)
    >>> calendar.week_start(pendulum.date(2024, 7, 4))
    Date(2024, 7, 1)
    """

    tz: pendulum.Timezone = attrs.field(converter=to_timezone)
    first_weekday: pendulum.WeekDay = attrs.field(
        default=pendulum.WeekDay.MONDAY, converter=_first_weekday
    )
    open_weekdays: frozenset[pendulum.WeekDay] = attrs.field(
        default=_WEEKDAYS, converter=_open_weekdays
    )
    closures: frozenset[pendulum.Date] = attrs.field(default=frozenset(), converter=_closures)
    partial_days: Mapping[pendulum.Date, float] = attrs.field(factory=dict, converter=_partial_days)

    def __attrs_post_init__(self) -> None:
        both = sorted(self.closures & set(self.partial_days))
        if both:
            raise InvalidValueError(
                "partial_days",
                both[0],
                allowed="days that are not also in closures",
                reason="is also a closure",
            )

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle; the copy is rebuilt through __init__.
        return (
            rebuild_calendar,
            (
                self.tz.name,
                int(self.first_weekday),
                sorted(int(day) for day in self.open_weekdays),
                sorted(self.closures),
                dict(self.partial_days),
            ),
        )

    def week_start(self, day: pendulum.Date) -> pendulum.Date:
        """The first day of the program week that holds ``day``."""
        on = to_date(day, field="day")
        return date_of(week_start_ordinal(on.toordinal(), int(self.first_weekday)))

    def open_fraction(self, day: pendulum.Date) -> float:
        """How much of a normal day the program runs on ``day``: 0, 1 or a fraction."""
        on = to_date(day, field="day")
        return self._open_fraction(on)

    def _open_fraction(self, on: pendulum.Date) -> float:
        if on in self.closures or pendulum.WeekDay(on.weekday()) not in self.open_weekdays:
            return 0.0
        return self.partial_days.get(on, 1.0)


def rebuild_calendar(
    tz: str,
    first_weekday: int,
    open_weekdays: list[int],
    closures: list[pendulum.Date],
    partial_days: dict[pendulum.Date, float],
) -> ProgramCalendar:
    """The calendar of a pickle's state (see :meth:`ProgramCalendar.__reduce__`)."""
    return ProgramCalendar(
        tz=tz,
        first_weekday=first_weekday,
        open_weekdays=open_weekdays,
        closures=closures,
        partial_days=partial_days,
    )
