"""The typical program weeks of the testing kit: what they are, where they are from, and
what iopcore's rules make of them (weeks correct across clock changes)."""

from __future__ import annotations

import itertools

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rulesets import get_ruleset
from iopcore.sessions import Attendance
from iopcore.testing import strategies as ios

IOP = LevelOfCare.INTENSIVE_OUTPATIENT
PHP = LevelOfCare.PARTIAL_HOSPITALIZATION

#: (level, days a week, hours a day, where it is described)
TYPICAL = [
    # "IOP 3 h x 3 days/wk": alliedaddictionrecovery.com, aprodigalspath.com
    (IOP, 3, 3, "alliedaddictionrecovery.com"),
    (IOP, 3, 3, "aprodigalspath.com"),
    # "PHP 4 h x 4 days": alliedaddictionrecovery.com
    (PHP, 4, 4, "alliedaddictionrecovery.com"),
    # "6 h x 5 days": Michigan PIHP PHP criteria, via medicarepaymentandreimbursement.com
    (PHP, 5, 6, "Michigan PIHP"),
]


@pytest.mark.parametrize(("level", "days", "hours", "source"), TYPICAL)
def test_each_typical_week_is_listed_with_its_source(level, days, hours, source):
    found = [
        week
        for week in ios.TYPICAL_WEEKS
        if (week.level, week.days, week.hours_per_day) == (level, days, hours)
    ]
    assert len(found) == 1
    assert source in found[0].source
    assert found[0].hours == days * hours


def test_no_other_week_is_listed():
    listed = {(week.level, week.days, week.hours_per_day) for week in ios.TYPICAL_WEEKS}
    assert listed == {(level, days, hours) for level, days, hours, _ in TYPICAL}


def _weeks_of(sessions, week, tz, ruleset_id):
    """Weekly compliance from the history's first Monday to its last Sunday."""
    zone = pendulum.timezone(tz)
    days = sorted(session.start.in_timezone(zone).date() for session in sessions)
    monday = days[0].subtract(days=days[0].weekday())
    sunday = days[-1].add(days=6 - days[-1].weekday())
    requirement = requirement_for(week.level, Population.ADULT, ruleset=get_ruleset(ruleset_id))
    return weekly_compliance(sessions, requirement, tz=zone, admitted=monday, as_of=sunday)


zones = st.sampled_from(ios.SESSION_TIME_ZONES)


@settings(max_examples=30)
@given(st.data(), zones)
def test_every_week_of_a_fully_attended_timetable_holds_its_hours(data, tz):
    week = data.draw(ios.typical_weeks())
    sessions = data.draw(ios.scheduled_histories(week, tz=tz, all_attended=True))
    result = _weeks_of(sessions, week, tz, "asam")
    assert [w.hours for w in result] == [week.hours] * len(result)
    assert [w.days_attended for w in result] == [week.days] * len(result)


@pytest.mark.parametrize(
    "week", ios.TYPICAL_WEEKS, ids=lambda week: f"{week.days}x{week.hours_per_day}"
)
@pytest.mark.parametrize("tz", ["America/New_York", "Europe/London", "Australia/Sydney"])
def test_a_clock_change_neither_adds_nor_loses_an_hour(week, tz):
    """Local 9:00 stays 9:00 across the change, and each session is its real length."""

    @settings(max_examples=10)
    @given(ios.scheduled_histories(week, tz=tz, around_dst=True, all_attended=True, max_weeks=3))
    def check(sessions):
        _check_across_the_change(sessions, week, tz)

    check()


def _check_across_the_change(sessions, week, tz):
    zone = pendulum.timezone(tz)
    offsets = {session.start.in_timezone(zone).utcoffset() for session in sessions}
    starts = {session.start.in_timezone(zone).time() for session in sessions}
    assert len(offsets) == 2  # the change falls inside the history
    # Each day's first session starts at the same wall-clock time.
    first_of_day = {}
    for session in sorted(sessions, key=lambda s: s.start):
        first_of_day.setdefault(session.start.in_timezone(zone).date(), session)
    assert len({s.start.in_timezone(zone).time() for s in first_of_day.values()}) == 1
    assert starts
    result = _weeks_of(sessions, week, tz, "asam")
    assert {w.hours for w in result} == {float(week.hours)}


@settings(max_examples=20)
@given(ios.scheduled_histories())
def test_a_timetable_is_one_person_on_fixed_weekdays_without_overlaps(sessions):
    assert len({session.participant_id for session in sessions}) == 1
    ordered = sorted(sessions, key=lambda session: session.start.timestamp())
    # Instants: two times of one zone compare by wall clock, wrong when clocks go back.
    assert all(a.end.timestamp() <= b.start.timestamp() for a, b in itertools.pairwise(ordered))
    zone = pendulum.timezone("America/New_York")
    assert {session.start.in_timezone(zone).weekday() for session in sessions} <= set(range(5))
    for session in sessions:
        if session.attendance is Attendance.ATTENDED_IN_PART:
            assert 0 < session.attended_minutes <= 60 * session.scheduled_hours


def test_every_attendance_kind_is_drawn():
    seen = set()

    @settings(max_examples=50)
    @given(ios.scheduled_histories(max_weeks=2))
    def collect(sessions):
        seen.update(session.attendance for session in sessions)

    collect()
    assert seen == set(Attendance)


# What the rulesets make of the typical weeks. 42 CFR 410.44(c): IOP 9 hours a week;
# 42 CFR 410.43(c)(1): PHP 20 hours a week, both needs certified in the plan of care.
RULESET_VERDICTS = [
    ("medicare", IOP, 3, 3, True),  # 9 h: meets the 9-hour certified need
    ("medicare", PHP, 4, 4, False),  # 16 h: below the 20-hour certified need
    ("medicare", PHP, 5, 6, True),  # 30 h
]


@pytest.mark.parametrize(("ruleset_id", "level", "days", "hours", "met"), RULESET_VERDICTS)
def test_what_medicare_makes_of_each_typical_week(ruleset_id, level, days, hours, met):
    (week,) = [
        w for w in ios.TYPICAL_WEEKS if (w.level, w.days, w.hours_per_day) == (level, days, hours)
    ]

    @settings(max_examples=10)
    @given(ios.scheduled_histories(week, all_attended=True, max_weeks=3))
    def check(sessions):
        result = _weeks_of(sessions, week, "America/New_York", ruleset_id)
        assert {w.met for w in result} == {met}
        if not met:
            texts = [f.text for w in result for f in w.findings]
            assert all("below the certified need of 20 h" in text for text in texts)

    check()


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"max_weeks": 0}, InvalidValueError, "max_weeks"),
        ({"max_weeks": 27}, InvalidValueError, "max_weeks"),
        ({"all_attended": "yes"}, InvalidTypeError, "all_attended"),
        ({"week": "IOP"}, InvalidTypeError, "week"),
        ({"tz": "UTC", "around_dst": True}, InvalidValueError, "tz"),
        ({"around_dst": True, "max_weeks": 1}, InvalidValueError, "max_weeks"),
    ],
)
def test_bad_options_name_the_argument(kwargs, error, field):
    with pytest.raises(error) as caught:
        ios.scheduled_histories(**kwargs)
    assert caught.value.field == field


def test_a_level_without_a_typical_week_is_refused():
    with pytest.raises(InvalidValueError, match="'IOP', 'PHP'"):
        ios.typical_weeks(LevelOfCare.RESIDENTIAL)


@given(ios.typical_weeks(PHP))
def test_typical_weeks_of_a_level_are_of_that_level(week):
    assert week.level is PHP


@pytest.mark.parametrize(
    ("field", "value"),
    [("days", 6), ("days", 0), ("hours_per_day", 9), ("source", ""), ("level", "IOP")],
)
def test_a_typical_week_checks_its_fields(field, value):
    fields = {"level": IOP, "days": 3, "hours_per_day": 3, "source": "somewhere"}
    with pytest.raises((InvalidTypeError, InvalidValueError)) as caught:
        ios.TypicalWeek(**{**fields, field: value})
    assert caught.value.field == field
