"""Weekly schedules: a program's timetable, laid out as planned sessions.

Holds :class:`WeeklySlot` (one session a week) and :class:`ScheduleTemplate` (a
week of slots in the program's time zone, which lays out the planned sessions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

import attrs
import pendulum

from iopcore._days import date_of
from iopcore._validation import to_date, to_identifier, to_timezone
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.sessions._program_calendar import ProgramCalendar, to_weekday
from iopcore.sessions._session import ServiceType, Session, to_service

__all__ = ["ScheduleTemplate", "WeeklySlot"]


def _slot_weekday(value: object) -> pendulum.WeekDay:
    return to_weekday(value, "weekday")


def _time(value: object, field: str) -> pendulum.Time:
    allowed = "a time of day (pendulum.Time or datetime.time) without a time zone"
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidTypeError(field, value, allowed=allowed)
    if isinstance(value, pendulum.Time):
        return value
    return pendulum.Time(value.hour, value.minute, value.second, value.microsecond)


def _slot_start(value: object) -> pendulum.Time:
    return _time(value, "start")


def _slot_end(value: object) -> pendulum.Time:
    return _time(value, "end")


@attrs.frozen(kw_only=True)
class WeeklySlot:
    """One session a week in a :class:`ScheduleTemplate`: a weekday and wall-clock times.

    Args:
        weekday: ``pendulum.WeekDay`` or 0 = Monday to 6 = Sunday.
        start: Local start time (no time zone; the template's zone applies).
        end: Local end time, after ``start`` on the same day.
        service: A :class:`ServiceType` or its value.

    Raises:
        InvalidValueError: ``end`` not after ``start``.
    """

    weekday: pendulum.WeekDay = attrs.field(converter=_slot_weekday)
    start: pendulum.Time = attrs.field(converter=_slot_start)
    end: pendulum.Time = attrs.field(converter=_slot_end)
    service: ServiceType = attrs.field(default=ServiceType.GROUP_THERAPY, converter=to_service)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValueError(
                "end",
                self.end,
                allowed=f"a time after start={self.start.isoformat()} on the same day",
                reason="is not after start",
            )


def _slots(values: object) -> tuple[WeeklySlot, ...]:
    if isinstance(values, WeeklySlot | str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("slots", values, allowed="a sequence of WeeklySlot values")
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, WeeklySlot):
            raise InvalidTypeError(f"$.slots[{index}]", value, allowed="a WeeklySlot")
    return tuple(sorted(found, key=lambda slot: (int(slot.weekday), slot.start, slot.end)))


@attrs.frozen(kw_only=True)
class ScheduleTemplate:
    """A program's weekly timetable in its time zone, e.g. Mon/Wed/Fri 09:00-12:00.

    :meth:`sessions` lays it out over a date range as planned (attended) sessions:
    each slot at its wall-clock time on each matching day, so a 09:00 group stays at
    09:00 across clock changes. A time in the hour clocks skip moves forward with
    the clock (02:10 becomes 03:10); a slot that would then end before it starts is
    left out. Every session is as long as it really is. Days the calendar closes
    are left out; partial days keep their slots (the calendar does not say which
    hours are open). Judge the plan with
    :func:`iopcore.intensity.planned_compliance`.

    Args:
        tz: The program's time zone (IANA name or pendulum ``Timezone``).
        slots: The weekly slots.

    >>> import pendulum
    >>> template = ScheduleTemplate(
    ...     tz="America/New_York",
    ...     slots=[
    ...         WeeklySlot(weekday=day, start=pendulum.time(9), end=pendulum.time(12))
    ...         for day in (0, 2, 4)
    ...     ],
    ... )
    >>> template.weekly_hours
    9.0
    >>> planned = template.sessions(
    ...     "p-1", start=pendulum.date(2024, 3, 4), end=pendulum.date(2024, 3, 17)
    ... )
    >>> len(planned), planned[-1].start.isoformat()
    (6, '2024-03-15T09:00:00-04:00')
    """

    tz: pendulum.Timezone = attrs.field(converter=to_timezone)
    slots: tuple[WeeklySlot, ...] = attrs.field(converter=_slots)

    @property
    def weekly_hours(self) -> float:
        """Wall-clock hours a week (a week with a clock change may differ by an hour)."""
        return sum(
            (dt.datetime.combine(_DAY, slot.end) - dt.datetime.combine(_DAY, slot.start))
            / dt.timedelta(hours=1)
            for slot in self.slots
        )

    def sessions(
        self,
        participant_id: str,
        *,
        start: pendulum.Date,
        end: pendulum.Date,
        calendar: ProgramCalendar | None = None,
    ) -> tuple[Session, ...]:
        """The planned sessions from ``start`` to ``end`` (inclusive), as attended.

        Raises:
            InvalidValueError: ``end`` before ``start``, a range over 3 years, or a
                calendar in another time zone.
        """
        first = to_date(start, field="start")
        last = to_date(end, field="end")
        if last < first or last.toordinal() - first.toordinal() > _MAX_PLAN_DAYS:
            raise InvalidValueError(
                "end",
                last,
                allowed=f"a day from start={first.isoformat()} up to {_MAX_PLAN_DAYS} days later",
            )
        if calendar is not None and not isinstance(calendar, ProgramCalendar):
            raise InvalidTypeError("calendar", calendar, allowed="a ProgramCalendar or None")
        if calendar is not None and calendar.tz.name != self.tz.name:
            raise InvalidValueError(
                "calendar.tz", calendar.tz.name, allowed=f"the template's time zone {self.tz.name}"
            )
        who = to_identifier(participant_id, field="participant_id")
        closed = frozenset() if calendar is None else calendar.closures
        planned = []
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            day = date_of(ordinal)
            if day in closed:
                continue
            for slot in self.slots:
                if int(slot.weekday) != day.weekday():
                    continue
                opens = _at(day, slot.start, self.tz)
                closes = _at(day, slot.end, self.tz)
                if closes <= opens:  # moved forward past its end by a skipped hour
                    continue
                planned.append(
                    Session(participant_id=who, service=slot.service, start=opens, end=closes)
                )
        return tuple(planned)


def _at(day: pendulum.Date, time: pendulum.Time, zone: pendulum.Timezone) -> pendulum.DateTime:
    return pendulum.datetime(
        day.year, day.month, day.day, time.hour, time.minute, time.second, tz=zone
    )


_DAY: Final = dt.date(2000, 1, 3)
#: Longest range :meth:`ScheduleTemplate.sessions` lays out, in days (three years).
_MAX_PLAN_DAYS: Final = 3 * 366
