"""Sessions: the attendance record that intensity rules are checked against.

A :class:`Session` is one scheduled service for one participant: its type
(:class:`ServiceType`), when it starts and ends (aware datetimes), and whether the
participant came (:class:`Attendance`). Its length is real elapsed time, so a session
from 01:00 to 03:00 on the night clocks spring forward lasts one hour.

A :class:`ProgramCalendar` says how the program's weeks run: its time zone, the first
day of its week (Monday, as in ISO weeks, unless set), the weekdays it is open, the
days it is closed and the days it is open only part of the day. Weekly compliance
(:mod:`iopcore.intensity`) uses it to prorate the weekly minimum.

Attendance, and what each kind counts as:

========================  ============  ===========  ===========================
attendance                hours         offered      in attendance measures
========================  ============  ===========  ===========================
``ATTENDED``              the session   yes          attended
``ATTENDED_IN_PART``      its minutes   yes          attended
``ABSENT`` (no-show)      none          yes          missed, a no-show
``EXCUSED``               none          yes          missed, not a no-show
``CANCELLED`` (program)   none          no           left out altogether
========================  ============  ===========  ===========================

Each :class:`ServiceType` says whether it is one of the services the Medicare IOP
and PHP benefit covers (42 CFR 410.43(a)(4), 410.44): :attr:`ServiceType.medicare_covered`.
Medication management and case management are not on that list (professional
services of physicians and practitioners are billed separately, 410.43(b)).

References:
    * 42 CFR 410.43(a)(4) and 410.44, the covered IOP/PHP services (CY2024 OPPS/ASC
      final rule CMS-1786-FC, published 2023-11-22).
    * SAMHSA TIP 47 and the 2021 IOP Advisory: the core services of an IOP
      (TIP 47, CSAT 2006, SMA 06-4182, NCBI NBK64093).

>>> import pendulum
>>> from iopcore.sessions import Attendance, ServiceType, Session
>>> night = Session(
...     participant_id="p-1",
...     service=ServiceType.GROUP_THERAPY,
...     start=pendulum.datetime(2024, 3, 10, 1, tz="America/New_York"),
...     end=pendulum.datetime(2024, 3, 10, 3, tz="America/New_York"),
... )
>>> night.hours
1.0
>>> ServiceType.MEDICATION_MANAGEMENT.medicare_covered
False
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs
import pendulum

from iopcore._validation import (
    ErrorCollector,
    to_aware_datetime,
    to_date,
    to_identifier,
    to_int,
    to_member,
    to_number,
    to_timezone,
)
from iopcore.exceptions import InvalidTypeError, InvalidValueError

__all__ = [
    "MAX_SESSION_HOURS",
    "Attendance",
    "ProgramCalendar",
    "ScheduleTemplate",
    "ServiceType",
    "Session",
    "WeeklySlot",
]

#: Longest session accepted, in hours. A PHP day runs about 6 hours (Michigan PIHP PHP criteria); a
#: longer record is almost surely a typo in a date or a time.
MAX_SESSION_HOURS: Final = 12


class ServiceType(enum.Enum):
    """The kinds of service an IOP or PHP offers."""

    GROUP_THERAPY = "group therapy"
    INDIVIDUAL_THERAPY = "individual therapy"
    FAMILY_THERAPY = "family therapy"
    PSYCHOEDUCATION = "psychoeducation"
    SKILLS_GROUP = "skills group"
    MEDICATION_MANAGEMENT = "medication management"
    OCCUPATIONAL_THERAPY = "occupational therapy"
    ACTIVITY_THERAPY = "activity therapy"
    CASE_MANAGEMENT = "case management"
    DIAGNOSTIC_ASSESSMENT = "diagnostic assessment"

    @property
    def medicare_covered(self) -> bool:
        """Whether it is a covered Medicare IOP/PHP service (42 CFR 410.43(a)(4))."""
        return _COVERED[self]


_COVERED: Final[Mapping[ServiceType, bool]] = MappingProxyType(
    {
        ServiceType.GROUP_THERAPY: True,  # 410.43(a)(4)(i): individual and group therapy
        ServiceType.INDIVIDUAL_THERAPY: True,  # 410.43(a)(4)(i)
        ServiceType.FAMILY_THERAPY: True,  # 410.43(a)(4)(vi): family counseling
        ServiceType.PSYCHOEDUCATION: True,  # 410.43(a)(4)(vii): patient training, education
        ServiceType.SKILLS_GROUP: True,  # 410.43(a)(4)(i): a group therapy
        ServiceType.MEDICATION_MANAGEMENT: False,  # 410.43(b): billed separately
        ServiceType.OCCUPATIONAL_THERAPY: True,  # 410.43(a)(4)(ii)
        ServiceType.ACTIVITY_THERAPY: True,  # 410.43(a)(4)(v): not primarily recreational
        ServiceType.CASE_MANAGEMENT: False,  # not on the 410.43(a)(4) list
        ServiceType.DIAGNOSTIC_ASSESSMENT: True,  # 410.43(a)(4)(viii): diagnostic services
    }
)


class Attendance(enum.Enum):
    """Whether the participant attended a session (see the module's table)."""

    ATTENDED = "attended"
    ATTENDED_IN_PART = "attended in part"
    ABSENT = "absent"
    EXCUSED = "excused"
    CANCELLED = "cancelled"

    @property
    def attended(self) -> bool:
        """Attended in full or in part."""
        return self in _ATTENDED

    @property
    def offered(self) -> bool:
        """The program held the session (every kind but ``CANCELLED``)."""
        return self is not Attendance.CANCELLED


_ATTENDED: Final = frozenset({Attendance.ATTENDED, Attendance.ATTENDED_IN_PART})


def _participant_id(value: object) -> str:
    return to_identifier(value, field="participant_id")


def _service(value: object) -> ServiceType:
    if type(value) is ServiceType:
        return value
    return to_member(ServiceType, value, field="service")


def _attendance(value: object) -> Attendance:
    if type(value) is Attendance:
        return value
    return to_member(Attendance, value, field="attendance")


def _start(value: object) -> pendulum.DateTime:
    return to_aware_datetime(value, field="start")


def _end(value: object) -> pendulum.DateTime:
    return to_aware_datetime(value, field="end")


def _minutes(value: object) -> int | None:
    if value is None:
        return None
    return to_int(value, field="attended_minutes", minimum=1, maximum=MAX_SESSION_HOURS * 60)


_TIMESTAMP: Final = dt.datetime.timestamp
_MAX_SECONDS: Final = MAX_SESSION_HOURS * 3600


@attrs.frozen(kw_only=True)
class Session:
    """One scheduled service for one participant, and whether they attended.

    Args:
        participant_id: The participant's opaque id.
        service: A :class:`ServiceType` or its value (``"group therapy"``).
        start: When it starts: an aware datetime.
        end: When it ends: an aware datetime after ``start``, at most
            :data:`MAX_SESSION_HOURS` later in real time.
        attendance: An :class:`Attendance` or its value; ``ATTENDED`` by default.
        attended_minutes: For ``ATTENDED_IN_PART`` only (and then required): the
            minutes attended, at least 1 and at most the session's length.

    Raises:
        NaiveDateTimeError: ``start`` or ``end`` has no time zone.
        InvalidValueError: ``end`` not after ``start``, a session too long, or
            ``attended_minutes`` missing, out of place or longer than the session.
        UnknownCodeError: an unknown service or attendance.
    """

    participant_id: str = attrs.field(converter=_participant_id)
    service: ServiceType = attrs.field(converter=_service)
    start: pendulum.DateTime = attrs.field(converter=_start)
    end: pendulum.DateTime = attrs.field(converter=_end)
    attendance: Attendance = attrs.field(default=Attendance.ATTENDED, converter=_attendance)
    attended_minutes: int | None = attrs.field(default=None, converter=_minutes)

    def __attrs_post_init__(self) -> None:
        # Real elapsed time: pendulum types subclass datetime, whose POSIX timestamps
        # are exact across clock changes.
        seconds = _TIMESTAMP(self.end) - _TIMESTAMP(self.start)
        if not 0 < seconds <= _MAX_SECONDS:
            self._refuse_length(seconds)
        if self.attended_minutes is not None or self.attendance is Attendance.ATTENDED_IN_PART:
            self._check_minutes(seconds)

    def _refuse_length(self, seconds: float) -> None:
        if seconds <= 0:
            raise InvalidValueError(
                "end",
                self.end,
                allowed=f"a time after start={self.start.isoformat()}",
                reason="is not after start",
            )
        raise InvalidValueError(
            "end",
            self.end,
            allowed=f"at most {MAX_SESSION_HOURS} hours after start={self.start.isoformat()}",
            reason="makes the session too long",
        )

    def _check_minutes(self, seconds: float) -> None:
        partial = self.attendance is Attendance.ATTENDED_IN_PART
        minutes = self.attended_minutes
        if partial and minutes is None:
            raise InvalidValueError(
                "attended_minutes",
                None,
                allowed="the minutes attended, for a session attended in part",
                reason="is missing",
            )
        if not partial:
            raise InvalidValueError(
                "attended_minutes",
                minutes,
                allowed="None unless attendance is 'attended in part'",
            )
        if minutes is not None and minutes * 60 > seconds:
            raise InvalidValueError(
                "attended_minutes",
                minutes,
                allowed=f"at most the session's {seconds / 60:g} minutes",
                reason="is longer than the session",
            )

    @property
    def scheduled_hours(self) -> float:
        """The session's length in hours (real elapsed time)."""
        return (_TIMESTAMP(self.end) - _TIMESTAMP(self.start)) / 3600

    @property
    def hours(self) -> float:
        """Hours attended: the length, the minutes attended in part, or 0."""
        if self.attendance is Attendance.ATTENDED:
            return self.scheduled_hours
        if self.attended_minutes is not None:
            return self.attended_minutes / 60
        return 0.0


def _weekday(value: object, field: str) -> pendulum.WeekDay:
    if isinstance(value, pendulum.WeekDay):
        return value
    return pendulum.WeekDay(to_int(value, field=field, minimum=0, maximum=6))


def _first_weekday(value: object) -> pendulum.WeekDay:
    return _weekday(value, "first_weekday")


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
            days.add(_weekday(value, f"$.open_weekdays[{index}]"))
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
            _calendar,
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
        back = (on.weekday() - int(self.first_weekday)) % 7
        return _from_ordinal(on.toordinal() - back)

    def open_fraction(self, day: pendulum.Date) -> float:
        """How much of a normal day the program runs on ``day``: 0, 1 or a fraction."""
        on = to_date(day, field="day")
        return self._open_fraction(on)

    def _open_fraction(self, on: pendulum.Date) -> float:
        if on in self.closures or pendulum.WeekDay(on.weekday()) not in self.open_weekdays:
            return 0.0
        return self.partial_days.get(on, 1.0)


def _calendar(
    tz: str,
    first_weekday: int,
    open_weekdays: list[int],
    closures: list[pendulum.Date],
    partial_days: dict[pendulum.Date, float],
) -> ProgramCalendar:
    return ProgramCalendar(
        tz=tz,
        first_weekday=first_weekday,
        open_weekdays=open_weekdays,
        closures=closures,
        partial_days=partial_days,
    )


def _from_ordinal(ordinal: int) -> pendulum.Date:
    day = dt.date.fromordinal(ordinal)
    return pendulum.Date(day.year, day.month, day.day)


# ---------------------------------------------------------------- schedule templates


def _slot_weekday(value: object) -> pendulum.WeekDay:
    return _weekday(value, "weekday")


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
    service: ServiceType = attrs.field(default=ServiceType.GROUP_THERAPY, converter=_service)

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
            day = _from_ordinal(ordinal)
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
