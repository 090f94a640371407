"""Weeks as programs commonly run them: the typical IOP and PHP timetables.

Published in :mod:`iopcore.testing.strategies` (``TYPICAL_WEEKS``, :class:`TypicalWeek`,
:func:`typical_weeks`, :func:`scheduled_histories`).

The weeks are descriptions of common practice, not rules: IOP 3 hours on 3 days
(alliedaddictionrecovery.com and aprodigalspath.com describe this as the usual IOP
week), PHP 4 hours on 4 days (alliedaddictionrecovery.com) to 6 hours on 5 days
(the Michigan PIHP partial-hospitalization criteria, as reproduced on
medicarepaymentandreimbursement.com). What a week must deliver is the rulesets'
business: the 9 hours of 42 CFR 410.44(c) and the 20 hours of 42 CFR 410.43(c)(1)
are needs a physician certifies, and a 16-hour PHP week is below the latter.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
from hypothesis import strategies as st

from iopcore._validation import to_int
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level
from iopcore.sessions import Attendance, ServiceType, Session

if TYPE_CHECKING:
    from iopcore.testing.strategies._sessions import SessionPlan

#: Most weeks :func:`scheduled_histories` draws.
MAX_SCHEDULED_WEEKS: Final = 26


def _level(value: object) -> LevelOfCare:
    return to_level(value, allowed="a LevelOfCare")


def _days(value: object) -> int:
    return to_int(value, field="days", minimum=1, maximum=5)


def _hours_per_day(value: object) -> int:
    return to_int(value, field="hours_per_day", minimum=1, maximum=8)


def _source(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError("source", value, allowed="a non-empty text naming where")
    return value


@attrs.frozen
class TypicalWeek:
    """A week as programs commonly run a level of care: so many days of so many hours.

    Attributes:
        level: The level of care the week is typical of.
        days: Program days a week (weekdays).
        hours_per_day: Hours of services on each program day.
        source: Where the week is described.
    """

    level: LevelOfCare = attrs.field(converter=_level)
    days: int = attrs.field(converter=_days)
    hours_per_day: int = attrs.field(converter=_hours_per_day)
    source: str = attrs.field(converter=_source)

    @property
    def hours(self) -> int:
        """Hours of services in the week."""
        return self.days * self.hours_per_day


_ALLIED: Final = "alliedaddictionrecovery.com (a program's description of its levels)"
#: The weeks :func:`scheduled_histories` draws from, with where each is described.
TYPICAL_WEEKS: Final = (
    TypicalWeek(
        level=LevelOfCare.INTENSIVE_OUTPATIENT,
        days=3,
        hours_per_day=3,
        source=f"{_ALLIED}; aprodigalspath.com",
    ),
    TypicalWeek(level=LevelOfCare.PARTIAL_HOSPITALIZATION, days=4, hours_per_day=4, source=_ALLIED),
    TypicalWeek(
        level=LevelOfCare.PARTIAL_HOSPITALIZATION,
        days=5,
        hours_per_day=6,
        source="Michigan PIHP partial hospitalization criteria "
        "(medicarepaymentandreimbursement.com)",
    ),
)
#: Services of a program day (individual therapy is usually its own hour).
_DAY_SERVICES: Final = (
    ServiceType.GROUP_THERAPY,
    ServiceType.SKILLS_GROUP,
    ServiceType.PSYCHOEDUCATION,
    ServiceType.INDIVIDUAL_THERAPY,
)
#: Start times of a program day: morning, midday and (for days up to 4 hours) evening.
_MORNING: Final = ((8, 0), (9, 0), (10, 0), (12, 30))
_EVENING: Final = ((17, 0), (18, 0))


def typical_weeks(level: LevelOfCare | None = None) -> st.SearchStrategy[TypicalWeek]:
    """One of the typical weeks, of ``level`` if given.

    ``strategies.TYPICAL_WEEKS`` holds them: IOP 3 hours on 3 days, PHP 4 hours on 4
    days and PHP 6 hours on 5 days, each with its source.

    Raises:
        InvalidValueError: a level without a typical week listed.
    """
    if level is None:
        return st.sampled_from(TYPICAL_WEEKS)
    found = [week for week in TYPICAL_WEEKS if week.level is _level(level)]
    if not found:
        listed = sorted({week.level.value for week in TYPICAL_WEEKS})
        raise InvalidValueError("level", level.value, allowed=f"one of {listed}")
    return st.sampled_from(found)


def _blocks(draw: st.DrawFn, hours: int) -> list[int]:
    """``hours`` split into back-to-back blocks of whole hours, one to three of them."""
    count = draw(st.integers(1, min(3, hours)))
    cuts = sorted(draw(st.sets(st.integers(1, hours - 1), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, hours]
    return [later - earlier for earlier, later in itertools.pairwise(edges)]


def _first_monday(draw: st.DrawFn, plan: SessionPlan, weeks: int) -> pendulum.Date:
    """The Monday the history starts on; with clock changes, one falls inside it."""
    if plan.transitions:
        # Weeks before the change and after it: the Monday on or after the change,
        # less one or more weeks (``weeks`` is at least 2 then).
        change = draw(st.sampled_from(plan.transitions))
        day = pendulum.from_timestamp(change, tz=plan.zone).date()
        after = day.add(days=(7 - day.weekday()) % 7)
        return after.subtract(weeks=draw(st.integers(1, weeks - 1)))
    first = pendulum.from_timestamp(plan.first, tz=plan.zone).date().toordinal()
    last = pendulum.from_timestamp(plan.last, tz=plan.zone).date().toordinal()
    day = pendulum.Date.fromordinal(draw(st.integers(first, last)))
    return day.add(days=(7 - day.weekday()) % 7)  # the Monday on or after it


@st.composite
def _scheduled(
    draw: st.DrawFn,
    plan: SessionPlan,
    week: TypicalWeek | None,
    most_weeks: int,
    *,
    all_attended: bool,
) -> list[Session]:
    typical = week if week is not None else draw(typical_weeks())
    who = draw(plan.ids)
    weeks = draw(st.integers(2 if plan.transitions else 1, most_weeks))
    monday = _first_monday(draw, plan, weeks)
    # A program keeps one timetable: the same weekdays and start time every week.
    weekdays = sorted(
        draw(st.sets(st.integers(0, 4), min_size=typical.days, max_size=typical.days))
    )
    starts = _MORNING + (_EVENING if typical.hours_per_day <= 4 else ())
    hour, minute = draw(st.sampled_from(starts))
    history = []
    for week_index in range(weeks):
        for weekday in weekdays:
            day = monday.add(weeks=week_index, days=weekday)
            start = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=plan.zone)
            for hours in _blocks(draw, typical.hours_per_day):
                end = start.add(hours=hours)
                attendance = Attendance.ATTENDED
                if not all_attended:
                    attendance = draw(st.sampled_from(Attendance))
                partial = attendance is Attendance.ATTENDED_IN_PART
                history.append(
                    Session(
                        participant_id=who,
                        service=draw(st.sampled_from(_DAY_SERVICES)),
                        start=start,
                        end=end,
                        attendance=attendance,
                        attended_minutes=draw(st.integers(1, 60 * hours)) if partial else None,
                    )
                )
                start = end
    return history


def scheduled_histories(  # noqa: PLR0913 - keyword-only options of one strategy
    week: TypicalWeek | None = None,
    *,
    max_weeks: int = 8,
    tz: str | pendulum.Timezone = "America/New_York",
    min_date: pendulum.Date | None = None,
    max_date: pendulum.Date | None = None,
    around_dst: bool = False,
    all_attended: bool = False,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[list[Session]]:
    """One participant's sessions on a typical program timetable, week after week.

    Draws one of :func:`typical_weeks` (or keeps ``week``), 1 to ``max_weeks``
    weeks from a Monday, the same weekdays and local start time every week, and each
    program day as one to three back-to-back sessions of whole hours (group therapy,
    skills group, psychoeducation, individual therapy). Times are local wall-clock
    times in ``tz``, so a 9:00 group stays at 9:00 across a clock change. Every
    attendance kind is drawn unless ``all_attended``, when each week holds exactly
    ``week.hours`` attended hours. With ``around_dst`` a clock change of ``tz``
    falls inside the history (which then has at least 2 weeks and may start before
    ``min_date``); otherwise the history starts on a Monday on or after
    ``min_date``.

    Raises:
        InvalidValueError: ``max_weeks`` out of 1-26 (2-26 with ``around_dst``), and as
            :func:`~iopcore.testing.strategies.sessions`.
        InvalidTypeError: ``week`` not a :class:`TypicalWeek`, ``all_attended`` not
            a bool.
    """
    from iopcore.testing.strategies._sessions import session_plan  # noqa: PLC0415 - one-way imports

    if week is not None and not isinstance(week, TypicalWeek):
        raise InvalidTypeError("week", week, allowed="a TypicalWeek or None")
    if not isinstance(around_dst, bool):
        raise InvalidTypeError("around_dst", around_dst, allowed="True or False")
    most = to_int(
        max_weeks, field="max_weeks", minimum=2 if around_dst else 1, maximum=MAX_SCHEDULED_WEEKS
    )
    if not isinstance(all_attended, bool):
        raise InvalidTypeError("all_attended", all_attended, allowed="True or False")
    plan = session_plan(tz, min_date, max_date, around_dst, participant_ids, span_days=7 * most + 7)
    return _scheduled(plan, week, most, all_attended=all_attended)
