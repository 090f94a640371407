"""The session, calendar and attendance-history strategies: valid by construction."""

import datetime as dt
import itertools

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore import LevelOfCare, Population
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.sessions import ProgramCalendar, Session
from iopcore.testing import strategies as ios

IOP = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)


@given(ios.sessions(tz="Europe/London", around_dst=True))
def test_sessions_around_dst_are_near_a_clock_change(session):
    """Every session drawn with around_dst starts within 36 hours of a clock change."""
    assert isinstance(session, Session)
    before = session.start.subtract(hours=36, minutes=1).utcoffset()
    after = session.start.add(hours=36, minutes=1).utcoffset()
    assert before != after
    assert session.start.tzinfo.name == "Europe/London"


@given(st.from_type(Session))
def test_from_type_builds_sessions(session):
    assert session.end > session.start
    assert session.hours <= session.scheduled_hours


@given(ios.attendance_histories(tz="Australia/Sydney", around_dst=True, min_size=1))
def test_histories_are_one_participant_and_never_overlap(history):
    """A history is one participant's sessions, in time order, none overlapping."""
    assert len({s.participant_id for s in history}) == 1
    for earlier, later in itertools.pairwise(history):
        # Instants, not wall clocks: Python compares two times of one zone by their
        # wall clocks, and 02:05 before the clocks go back precedes 02:00 after.
        assert earlier.end.timestamp() <= later.start.timestamp()
    weeks = weekly_compliance(history, IOP, tz="Australia/Sydney")
    assert sum(w.hours for w in weeks) == pytest.approx(sum(s.hours for s in history))


@given(ios.attendance_histories(min_size=2, max_size=10), st.integers(1, 30))
@settings(max_examples=30)
def test_whole_week_shifts_with_public_strategies(history, weeks_later):
    """Moving a history by whole weeks (wall-clock) moves its weeks and keeps its figures."""
    moved = [
        Session(
            participant_id=s.participant_id,
            service=s.service,
            start=s.start.add(weeks=weeks_later),
            end=s.end.add(weeks=weeks_later),
            attendance=s.attendance,
            attended_minutes=s.attended_minutes,
        )
        for s in history
    ]
    before = weekly_compliance(history, IOP, tz="America/New_York")
    after = weekly_compliance(moved, IOP, tz="America/New_York")
    assert [w.week_start.add(weeks=weeks_later) for w in before] == [w.week_start for w in after]
    assert [w.days_attended for w in before] == [w.days_attended for w in after]
    # Real hours differ only where a session now crosses a clock change.
    for old, new in zip(before, after, strict=True):
        assert abs(old.hours - new.hours) <= len(history)


@given(ios.program_calendars())
def test_calendars_are_valid(calendar):
    assert isinstance(calendar, ProgramCalendar)
    assert not calendar.closures & set(calendar.partial_days)


@given(st.from_type(ProgramCalendar), ios.attendance_histories(max_size=8))
def test_any_calendar_gives_weeks_with_fractions_in_range(calendar, history):
    weeks = weekly_compliance(history, IOP, tz=calendar.tz, calendar=calendar)
    assert all(0.0 <= w.open_fraction <= 1.0 for w in weeks)


def test_bad_bounds():
    with pytest.raises(UnknownCodeError):
        ios.sessions(tz="Nowhere/City")
    with pytest.raises(InvalidValueError):
        ios.sessions(min_date=pendulum.date(2024, 2, 1), max_date=pendulum.date(2024, 1, 1))
    with pytest.raises(InvalidValueError):
        ios.sessions(tz="Asia/Kolkata", around_dst=True)
    with pytest.raises(InvalidTypeError):
        ios.sessions(around_dst="yes")
    with pytest.raises(InvalidTypeError):
        ios.sessions(participant_ids=["p"])
    with pytest.raises(InvalidValueError):
        ios.attendance_histories(min_size=5, max_size=2)
    with pytest.raises(InvalidValueError):
        ios.attendance_histories(min_date=dt.date(2024, 1, 1), max_date=dt.date(2024, 1, 20))
    with pytest.raises(UnknownCodeError):
        ios.program_calendars(tz="Nowhere/City")
    assert ios.program_calendars(tz="UTC") is not None
