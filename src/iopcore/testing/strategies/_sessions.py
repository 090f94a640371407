"""Strategies for sessions, attendance histories and program calendars.

In any time zone, and across its clock changes when asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, NamedTuple

import pendulum
from hypothesis import strategies as st

from iopcore._validation import to_as_of, to_int
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.testing.strategies._participants import identifiers

if TYPE_CHECKING:
    from iopcore.sessions import ProgramCalendar, Session

#: Time zones the session strategies draw from when none is given: three with daylight
#: saving time (northern and southern hemispheres) and two without.
SESSION_TIME_ZONES: Final = (
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
)
#: Session lengths drawn, in minutes (a 15-minute check-in to a 6-hour PHP day).
SESSION_MINUTES: Final = (15, 30, 45, 60, 90, 120, 180, 240, 360)
FIRST_SESSION_DAY: Final = pendulum.Date(2023, 1, 1)
LAST_SESSION_DAY: Final = pendulum.Date(2026, 12, 31)
_MAX_HISTORY: Final = 500


class SessionPlan(NamedTuple):
    zone: pendulum.Timezone
    first: float
    last: float
    transitions: tuple[float, ...]
    ids: st.SearchStrategy[str]


def _session_bounds(value: object, field: str, default: pendulum.Date) -> pendulum.Date:
    return default if value is None else to_as_of(value, field=field)


def _transitions(zone: pendulum.Timezone, first: pendulum.Date, last: pendulum.Date) -> list[float]:
    """POSIX times of the clock changes of ``zone`` between two days (hour by hour)."""
    from datetime import datetime  # noqa: PLC0415 - only when building

    found: list[float] = []
    moment = datetime(first.year, first.month, first.day, tzinfo=zone)
    stop = datetime(last.year, last.month, last.day, tzinfo=zone).timestamp()
    offset = moment.utcoffset()
    stamp = moment.timestamp()
    while stamp < stop:
        stamp += 3600
        here = datetime.fromtimestamp(stamp, zone)
        if here.utcoffset() != offset:
            found.append(stamp)
            offset = here.utcoffset()
    return found


def session_plan(  # noqa: PLR0913 - the options of the session strategies
    tz: object,
    min_date: object,
    max_date: object,
    around_dst: object,
    participant_ids: object,
    *,
    span_days: int,
) -> SessionPlan:
    from iopcore._validation import to_timezone  # noqa: PLC0415 - with the others below

    zone = to_timezone(tz)
    first = _session_bounds(min_date, "min_date", FIRST_SESSION_DAY)
    last = _session_bounds(max_date, "max_date", LAST_SESSION_DAY)
    if last.toordinal() - first.toordinal() < span_days:
        raise InvalidValueError(
            "max_date", last, allowed=f"at least {span_days} days after min_date={first}"
        )
    if not isinstance(around_dst, bool):
        raise InvalidTypeError("around_dst", around_dst, allowed="True or False")
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    transitions: tuple[float, ...] = ()
    if around_dst:
        transitions = tuple(_transitions(zone, first, last))
        if not transitions:
            raise InvalidValueError(
                "tz", zone.name, allowed="a time zone that changes its clocks between the dates"
            )
    begin = pendulum.datetime(first.year, first.month, first.day, tz=zone).timestamp()
    end = pendulum.datetime(last.year, last.month, last.day, tz=zone).timestamp()
    ids = identifiers() if participant_ids is None else participant_ids
    return SessionPlan(zone, begin, end - span_days * 86400.0, transitions, ids)


def _fields(draw: st.DrawFn, minutes: int) -> dict[str, Any]:  # keyword arguments of Session
    from iopcore.sessions import Attendance, ServiceType  # noqa: PLC0415

    attendance = draw(st.sampled_from(Attendance))
    partial = attendance is Attendance.ATTENDED_IN_PART
    return {
        "service": draw(st.sampled_from(ServiceType)),
        "attendance": attendance,
        "attended_minutes": draw(st.integers(1, minutes)) if partial else None,
    }


def _start(draw: st.DrawFn, plan: SessionPlan) -> float:
    if plan.transitions:
        # Within 36 hours of a clock change, on a 5-minute grid.
        change = draw(st.sampled_from(plan.transitions))
        return change + 300.0 * draw(st.integers(-432, 432))
    return plan.first + 300.0 * draw(st.integers(0, int((plan.last - plan.first) // 300)))


@st.composite
def _sessions(draw: st.DrawFn, plan: SessionPlan) -> Session:
    from iopcore.sessions import Session  # noqa: PLC0415

    minutes = draw(st.sampled_from(SESSION_MINUTES))
    start = pendulum.from_timestamp(_start(draw, plan), tz=plan.zone)
    return Session(
        participant_id=draw(plan.ids),
        start=start,
        end=start.add(minutes=minutes),
        **_fields(draw, minutes),
    )


def sessions(
    *,
    tz: str | pendulum.Timezone = "America/New_York",
    min_date: pendulum.Date | None = None,
    max_date: pendulum.Date | None = None,
    around_dst: bool = False,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Session]:
    """Sessions in ``tz`` between two days, valid by construction.

    Start times fall on a 5-minute grid at any hour; lengths are drawn from
    :data:`SESSION_MINUTES`; every service and attendance occurs, with
    ``attended_minutes`` for sessions attended in part. With ``around_dst`` every
    session starts within 36 hours of one of the zone's clock changes.

    Raises:
        UnknownCodeError: an unknown time zone.
        InvalidValueError: ``max_date`` before ``min_date``, or ``around_dst`` in a
            zone without clock changes between them.
    """
    return _sessions(session_plan(tz, min_date, max_date, around_dst, participant_ids, span_days=0))


@st.composite
def _histories(draw: st.DrawFn, plan: SessionPlan, fewest: int, most: int) -> list[Session]:
    from iopcore.sessions import Session  # noqa: PLC0415

    who = draw(plan.ids)
    count = draw(st.integers(fewest, most))
    moment = _start(draw, plan)
    if plan.transitions:
        moment -= 86400.0 * draw(st.integers(0, 7))  # so that the change falls inside
    history = []
    for _ in range(count):
        minutes = draw(st.sampled_from(SESSION_MINUTES))
        start = pendulum.from_timestamp(moment, tz=plan.zone)
        history.append(
            Session(
                participant_id=who,
                start=start,
                end=start.add(minutes=minutes),
                **_fields(draw, minutes),
            )
        )
        # The next session starts after this one ends: histories never overlap.
        moment += 60.0 * minutes + 300.0 * draw(st.integers(0, 4 * 288))
    return history


def attendance_histories(  # noqa: PLR0913 - keyword-only options of one strategy
    *,
    tz: str | pendulum.Timezone = "America/New_York",
    min_size: int = 0,
    max_size: int = 40,
    min_date: pendulum.Date | None = None,
    max_date: pendulum.Date | None = None,
    around_dst: bool = False,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[list[Session]]:
    """One participant's sessions in time order, none overlapping another.

    Sessions follow each other with gaps of 0 to 4 days, so a history of 40 spans
    up to about 6 months; every attendance kind occurs. With ``around_dst`` the
    history starts within a week before one of the zone's clock changes.

    Raises:
        InvalidValueError: ``min_size`` above ``max_size`` or sizes out of 0-500, and
            as :func:`sessions`.
    """
    fewest = to_int(min_size, field="min_size", minimum=0, maximum=_MAX_HISTORY)
    most = to_int(max_size, field="max_size", minimum=0, maximum=_MAX_HISTORY)
    if fewest > most:
        raise InvalidValueError("min_size", fewest, allowed=f"at most max_size={most}")
    plan = session_plan(
        tz, min_date, max_date, around_dst, participant_ids, span_days=(most * 4) + 8
    )
    return _histories(plan, fewest, most)


@st.composite
def _calendars(draw: st.DrawFn, zone: pendulum.Timezone) -> ProgramCalendar:
    from iopcore.sessions import ProgramCalendar  # noqa: PLC0415

    days = st.integers(FIRST_SESSION_DAY.toordinal(), LAST_SESSION_DAY.toordinal()).map(
        pendulum.Date.fromordinal
    )
    closures = draw(st.frozensets(days, max_size=5))
    partial = draw(
        st.dictionaries(
            days.filter(lambda day: day not in closures),
            st.sampled_from((0.25, 0.5, 0.75)),
            max_size=5,
        )
    )
    return ProgramCalendar(
        tz=zone,
        first_weekday=draw(st.integers(0, 6)),
        open_weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        closures=closures,
        partial_days=partial,
    )


def program_calendars(
    *, tz: str | pendulum.Timezone | None = None
) -> st.SearchStrategy[ProgramCalendar]:
    """Program calendars: any week start and open weekdays, a few closures and partial days.

    Without ``tz`` the time zone is drawn from :data:`SESSION_TIME_ZONES`.

    Raises:
        UnknownCodeError: an unknown time zone.
    """
    from iopcore._validation import to_timezone  # noqa: PLC0415

    if tz is None:
        return st.sampled_from(SESSION_TIME_ZONES).map(pendulum.timezone).flatmap(_calendars)
    return _calendars(to_timezone(tz))
