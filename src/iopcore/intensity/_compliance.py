"""Weekly compliance: one participant's sessions counted into program weeks and judged.

:func:`weekly_compliance` counts attended hours, days and services into program weeks
in the program's time zone, in one pass over the sessions in time order, and judges
each week; :func:`planned_compliance` judges a schedule template's sessions before
anyone attends. The package :mod:`iopcore.intensity` re-exports both.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import zoneinfo
from typing import TYPE_CHECKING, Final

from iopcore._days import date_of, week_start_ordinal
from iopcore._validation import to_member, to_timezone
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.intensity._calendar import (
    cutoff,
    day_ordinal,
    local_day,
    open_share,
    to_week_calendar,
)
from iopcore.intensity._inputs import checked_sessions, flag_argument, in_time_order
from iopcore.intensity._judging import judge_week, taper_week
from iopcore.intensity._requirements import IntensityRequirement, checked_requirement
from iopcore.intensity._weeks import PartialWeeks, WeekCompliance, WeeklyCompliance
from iopcore.sessions import Attendance, ProgramCalendar, ScheduleTemplate, Session

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

__all__ = ["planned_compliance", "weekly_compliance"]

_FROM_TIMESTAMP: Final = dt.datetime.fromtimestamp
_ATTENDED: Final = Attendance.ATTENDED
_IN_PART: Final = Attendance.ATTENDED_IN_PART
_CANCELLED: Final = Attendance.CANCELLED
_TWO_DAYS: Final = 2 * 86400.0


def weekly_compliance(  # noqa: C901, PLR0912, PLR0913, PLR0915 - one pass, many options
    sessions: Iterable[Session],
    requirement: IntensityRequirement,
    *,
    tz: str | pendulum.Timezone,
    calendar: ProgramCalendar | None = None,
    admitted: pendulum.Date | None = None,
    discharged: pendulum.Date | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    stepping_down: bool = False,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> WeeklyCompliance:
    """Judge one participant's sessions week by week against ``requirement``.

    Weeks are program weeks in the program's time zone ``tz``: ISO weeks (Monday to
    Sunday) unless ``calendar`` says another first weekday. There is one result per
    week from the week of admission to the week of discharge or ``as_of``, including
    weeks without sessions, in order.

    Counting:

    * A session belongs to the week and day on which it starts, in ``tz``.
    * Attended hours are real elapsed time: a session from 01:00 to 03:00 on the
      night clocks spring forward counts 1 hour. A session attended in part counts
      its ``attended_minutes``. Absences, excused absences and program
      cancellations count no hours.
    * Overlapping attended sessions of the participant are not an error (records
      from several systems often overlap): the overlapping time is counted once,
      and the week gets a ``WeekCheck.OVERLAP`` finding.
    * Sessions before ``admitted``, after ``discharged``, and after ``as_of`` (a
      date: starting after that day; a datetime: ending after that instant) are
      left out. The order of ``sessions`` never matters.
    * Partial weeks (admission, discharge, ``as_of``, closures) follow
      ``partial_weeks`` (see :class:`PartialWeeks`); the maximum is never prorated.
    * With ``stepping_down``, up to ``requirement.taper_grace_weeks`` weeks that fall
      short of the minimums (the first such weeks) are met, each with a
      ``WeekCheck.TAPER_GRACE`` finding (ASAM taper, as quoted on aetna.com).

    Args:
        sessions: One participant's sessions, in any order.
        requirement: What each week must meet (see :func:`requirement_for`).
        tz: The program's time zone: an IANA name or a pendulum ``Timezone``.
        calendar: Week start, open weekdays, closures and partial days (its time
            zone must be ``tz``); Monday-to-Friday ISO weeks when ``None``.
        admitted: The first day in care; the first session's day when ``None``.
        discharged: The last day in care, if discharged.
        as_of: The day (or instant) the weeks are judged on; weeks end there.
        stepping_down: Whether the participant is stepping down (taper grace).
        partial_weeks: How partial weeks are judged.

    Returns:
        The weeks, a tuple of :class:`WeekCompliance` (empty when there are no
        sessions and no ``admitted``).

    Raises:
        InvalidTypeError: an item that is not a Session, or an argument of the wrong
            type.
        InvalidValueError: sessions of several participants (each other one is
            reported, ``$.sessions[3].participant_id``), ``discharged`` or ``as_of``
            before ``admitted``, a calendar in another time zone, or a 24-hour-care
            requirement (it has no weekly session band to check).
        IopcoreErrorGroup: several bad sessions.
        NaiveDateTimeError: ``as_of`` is a datetime without a time zone.

    >>> import pendulum
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.intensity import requirement_for
    >>> from iopcore.sessions import Session
    >>> def group(day, hours):
    ...     start = pendulum.datetime(2024, 3, day, 9, tz="America/New_York")
    ...     return Session(
    ...         participant_id="p-1",
    ...         service="group therapy",
    ...         start=start,
    ...         end=start.add(hours=hours),
    ...     )
    >>> weeks = weekly_compliance(
    ...     [group(4, 3), group(6, 3), group(8, 3), group(11, 3), group(13, 3)],
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     tz="America/New_York",
    ...     as_of=pendulum.date(2024, 3, 17),
    ... )
    >>> [(w.week_start.isoformat(), w.hours, w.met) for w in weeks]
    [('2024-03-04', 9.0, True), ('2024-03-11', 6.0, False)]
    >>> weeks[1].findings[0].text
    'min hours: 6 h attended, 3 h short of 9 h'
    """
    zone = to_timezone(tz)
    wanted = checked_requirement(requirement)
    program = to_week_calendar(calendar, zone)
    policy = to_member(PartialWeeks, partial_weeks, field="partial_weeks")
    tapering = flag_argument(stepping_down, "stepping_down")
    first = day_ordinal(admitted, "admitted")
    leaves = day_ordinal(discharged, "discharged")
    last_day, until = cutoff(as_of)
    participant, items = checked_sessions(sessions)
    local = zoneinfo.ZoneInfo(zone.name)
    spans = in_time_order(items)

    if until is not None:
        try:
            last_day = _FROM_TIMESTAMP(until, local).toordinal()
        except (OverflowError, ValueError):
            raise InvalidValueError(
                "as_of",
                as_of,
                allowed=f"a time whose date in {zone.name} is on or before 9999-12-31",
                reason=f"falls after the end of the calendar in {zone.name}",
            ) from None
    if leaves is not None:
        last_day = leaves if last_day is None else min(last_day, leaves)
    if first is None:
        if not spans:
            return WeeklyCompliance((), participant_id=participant, requirement=wanted)
        # Local days follow time order but for a clock change at midnight, which
        # moves a day by at most one: the earliest day is among the first two days.
        soon = spans[0][0] + _TWO_DAYS
        first = min(
            local_day(span, zone, local)
            for span in itertools.takewhile(lambda span: span[0] < soon, spans)
        )
        # Admission unknown: the first week is taken as a whole week.
        first = week_start_ordinal(first, program.first_weekday)
    if last_day is None:
        last_day = first
        if spans:
            late = spans[-1][0] - _TWO_DAYS
            last_day = max(
                first,
                *(
                    local_day(span, zone, local)
                    for span in itertools.takewhile(lambda span: span[0] > late, reversed(spans))
                ),
            )
        # No discharge and no as_of: the last week is taken as a whole week.
        last_day = week_start_ordinal(last_day, program.first_weekday) + 6
    if last_day < first:
        field = "discharged" if leaves is not None and leaves == last_day else "as_of"
        raise InvalidValueError(
            field,
            date_of(last_day),
            allowed=f"a day on or after admitted={date_of(first).isoformat()}",
            reason="is before admission",
        )

    week0 = week_start_ordinal(first, program.first_weekday)
    count = (last_day - week0) // 7 + 1
    hours = [0.0] * count
    scheduled = [0.0] * count
    days = [0] * count
    services: list[dict[str, int]] = [{} for _ in range(count)]
    overlaps = [0] * count
    latest = -math.inf  # the latest end of an attended session so far
    for begins, ends, session in spans:
        if until is not None and ends > until:
            continue
        opens = session.start
        tzinfo = opens.tzinfo
        if tzinfo is zone or tzinfo is local:
            day = opens.toordinal()
        else:
            day = _FROM_TIMESTAMP(begins, local).toordinal()
        if day < first or day > last_day:
            continue
        offset = day - week0
        week = offset // 7
        attendance = session.attendance
        if attendance is _CANCELLED:
            continue
        scheduled[week] += ends - begins
        if attendance is _ATTENDED:
            seconds = ends - begins
        elif attendance is _IN_PART:
            seconds = 60.0 * (session.attended_minutes or 0)
        else:
            continue
        # Attended time is counted once: each session is clipped at the latest end
        # of the attended sessions before it.
        if begins < latest:
            overlaps[week] += 1
            seconds = min(seconds, max(0.0, ends - latest))
        if ends > latest:  # noqa: PLR1730 - max() is a call per session in this loop
            latest = ends
        hours[week] += seconds
        # A bit per weekday attended (counted below): "2 <<" or "% 8" would count the
        # same days (equivalent mutants that survive).
        days[week] |= 1 << (offset % 7)
        counts = services[week]
        kind = session.service._value_  # a str: hashing the enum member is slower
        counts[kind] = counts.get(kind, 0) + 1

    weeks: list[WeekCompliance] = []
    full_week = len(program.open_weekdays)
    grace = wanted.taper_grace_weeks if tapering else 0
    for week in range(count):
        start = week0 + 7 * week
        # The open days of the week that are in care, as a share of a full week (at
        # most 1: only open weekdays count, partial days count their fraction).
        share = open_share(program, max(start, first), min(start + 6, last_day)) / full_week
        weeks.append(
            judge_week(
                wanted,
                policy,
                start=start,
                share=share,
                seconds=hours[week],
                scheduled=scheduled[week],
                days=days[week].bit_count(),
                counts=services[week],
                overlaps=overlaps[week],
            )
        )
        if grace and not weeks[-1].met:
            weeks[-1], used = taper_week(weeks[-1], wanted)
            grace -= used
    return WeeklyCompliance(tuple(weeks), participant_id=participant, requirement=wanted)


# ---------------------------------------------------------------- planned schedules


def planned_compliance(  # noqa: PLR0913 - keyword-only options of one check
    template: ScheduleTemplate,
    requirement: IntensityRequirement,
    *,
    start: pendulum.Date,
    end: pendulum.Date,
    calendar: ProgramCalendar | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> WeeklyCompliance:
    """Judge a schedule template before anyone attends: could it meet ``requirement``?

    The template's sessions from ``start`` to ``end`` (see
    :meth:`~iopcore.sessions.ScheduleTemplate.sessions`) are judged as if all were
    attended, with ``start`` as admission and ``end`` as discharge, in the template's
    time zone. ``.met`` on the result says whether every week can meet it.

    Raises:
        InvalidTypeError: ``template`` is not a ScheduleTemplate.
        InvalidValueError: as :meth:`~iopcore.sessions.ScheduleTemplate.sessions`.

    >>> import pendulum
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.intensity import requirement_for
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> template = ScheduleTemplate(
    ...     tz="America/New_York",
    ...     slots=[
    ...         WeeklySlot(weekday=day, start=pendulum.time(9), end=pendulum.time(12))
    ...         for day in (0, 2, 4)
    ...     ],
    ... )
    >>> plan = planned_compliance(
    ...     template,
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     start=pendulum.date(2024, 12, 16),
    ...     end=pendulum.date(2024, 12, 29),
    ...     calendar=ProgramCalendar(tz="America/New_York", closures=[pendulum.date(2024, 12, 25)]),
    ... )
    >>> [(w.week_start.isoformat(), w.hours, w.met) for w in plan]
    [('2024-12-16', 9.0, True), ('2024-12-23', 6.0, False)]
    >>> plan[1].findings[0].text
    'min hours: 6 h attended, 1.2 h short of 7.2 h'

    The closure on 25 December takes a Wednesday session away: the prorated minimum
    (4 of 5 open days) is 7.2 hours, and Monday and Friday give 6.
    """
    if not isinstance(template, ScheduleTemplate):
        raise InvalidTypeError("template", template, allowed="a ScheduleTemplate")
    planned = template.sessions(_PLANNED, start=start, end=end, calendar=calendar)
    return weekly_compliance(
        planned,
        requirement,
        tz=template.tz,
        calendar=calendar,
        admitted=start,
        discharged=end,
        partial_weeks=partial_weeks,
    )


_PLANNED: Final = "planned"
