"""weekly_compliance: sessions counted into program weeks and judged."""

import datetime as dt
import pickle
import random

import attrs
import pendulum
import pytest
from _intensity_cases import ADULT, IOP, IOP_ADULT, NY, D, visit
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare, Population
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.intensity import (
    IntensityRequirement,
    PartialWeeks,
    WeekCheck,
    WeeklyCompliance,
    requirement_for,
    weekly_compliance,
)
from iopcore.rulesets import get_ruleset
from iopcore.sessions import ProgramCalendar, ServiceType, Session


def mwf(monday, hours=3):
    """Monday, Wednesday and Friday sessions of ``hours`` each in the week of ``monday``."""
    return [visit(monday.add(days=offset), hours=hours) for offset in (0, 2, 4)]


def test_full_weeks_met_and_short():
    sessions = [*mwf(D(2024, 4, 1)), *mwf(D(2024, 4, 8), hours=2)]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY, as_of=D(2024, 4, 14))
    assert [(w.week_start, w.hours, w.days_attended, w.met) for w in weeks] == [
        (D(2024, 4, 1), 9.0, 3, True),
        (D(2024, 4, 8), 6.0, 3, False),
    ]
    finding = weeks[1].findings[0]
    assert (finding.check, finding.observed, finding.required, finding.shortfall) == (
        WeekCheck.MIN_HOURS,
        6.0,
        9.0,
        3.0,
    )
    assert finding.source == IOP_ADULT.source
    assert weeks[0].week_end == D(2024, 4, 7)
    assert weeks[0].services == {iopcore_group(): 3}
    assert not weeks.met
    assert weeks.participant_id == "p-1"


def iopcore_group():

    return ServiceType.GROUP_THERAPY


def test_weeks_without_sessions_are_listed():
    sessions = [*mwf(D(2024, 4, 1)), *mwf(D(2024, 4, 22))]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    assert [w.week_start for w in weeks] == [D(2024, 4, d) for d in (1, 8, 15, 22)]
    assert [w.hours for w in weeks] == [9.0, 0.0, 0.0, 9.0]
    assert [w.met for w in weeks] == [True, False, False, True]


def test_spring_forward_week_counts_real_hours():
    # Sunday 10 March 2024, New York: clocks go from 02:00 to 03:00.
    overnight = Session(
        participant_id="p-1",
        service="group therapy",
        start=pendulum.datetime(2024, 3, 9, 23, tz=NY),
        end=pendulum.datetime(2024, 3, 10, 3, tz=NY),
    )
    weeks = weekly_compliance([overnight], IOP_ADULT, tz=NY)
    assert weeks[0].week_start == D(2024, 3, 4)
    assert weeks[0].hours == 3.0  # 4 hours on the wall clock, 3 in real time


def test_fall_back_week_counts_real_hours():
    # Sunday 3 November 2024, New York: clocks go from 02:00 back to 01:00.
    night = Session(
        participant_id="p-1",
        service="group therapy",
        start=pendulum.datetime(2024, 11, 3, 0, tz=NY),
        end=pendulum.datetime(2024, 11, 3, 2, tz=NY),
    )
    assert weekly_compliance([night], IOP_ADULT, tz=NY)[0].hours == 3.0


def test_sessions_recorded_in_utc_fall_on_their_local_day():
    late = Session(
        participant_id="p-1",
        service="group therapy",
        start=pendulum.datetime(2024, 3, 11, 3, tz="UTC"),  # Sunday 23:00 in New York
        end=pendulum.datetime(2024, 3, 11, 5, tz="UTC"),
    )
    weeks = weekly_compliance([late], IOP_ADULT, tz=NY)
    assert [w.week_start for w in weeks] == [D(2024, 3, 4)]
    weeks = weekly_compliance([late], IOP_ADULT, tz="UTC")
    assert [w.week_start for w in weeks] == [D(2024, 3, 11)]


def test_as_of_leaves_out_later_sessions():
    sessions = [*mwf(D(2024, 4, 1)), *mwf(D(2024, 4, 8))]
    by_day = weekly_compliance(sessions, IOP_ADULT, tz=NY, as_of=D(2024, 4, 10))
    assert [w.hours for w in by_day] == [9.0, 6.0]
    assert by_day[1].open_fraction == pytest.approx(3 / 5)  # Monday to Wednesday
    assert by_day[1].required_hours == pytest.approx(9 * 3 / 5)
    assert by_day[1].met
    # A datetime: a session that has not ended by then is left out.
    mid_session = pendulum.datetime(2024, 4, 10, 10, tz=NY)
    by_instant = weekly_compliance(sessions, IOP_ADULT, tz=NY, as_of=mid_session)
    assert [w.hours for w in by_instant] == [9.0, 3.0]


@pytest.mark.parametrize(
    ("policy", "required", "assessed", "met"),
    [
        (PartialWeeks.PRORATE, 9 * 3 / 5, True, True),
        (PartialWeeks.EXCLUDE, 9 * 3 / 5, False, True),
        ("full", 9.0, True, False),
    ],
)
def test_partial_week_policies(policy, required, assessed, met):
    wednesday = D(2024, 4, 3)
    sessions = [visit(wednesday, hours=3), visit(wednesday.add(days=2), hours=3)]
    weeks = weekly_compliance(
        sessions, IOP_ADULT, tz=NY, admitted=wednesday, as_of=D(2024, 4, 7), partial_weeks=policy
    )
    (week,) = weeks
    assert week.open_fraction == pytest.approx(0.6)
    assert (week.assessed, week.met) == (assessed, met)
    if assessed:
        assert week.required_hours == pytest.approx(required)
    else:
        assert [f.check for f in week.findings] == [WeekCheck.NOT_ASSESSED]


@pytest.mark.parametrize(
    ("policy", "assessed", "met"),
    [
        (PartialWeeks.PRORATE, False, True),
        (PartialWeeks.EXCLUDE, False, True),
        ("full", True, False),
    ],
)
def test_a_week_with_no_open_day_in_care_is_not_judged_when_prorating(policy, assessed, met):
    """Admitted on a Sunday: the admission week holds no open day, nothing to prorate."""
    sunday = D(2024, 4, 7)
    sessions = [*mwf(D(2024, 4, 8))]
    weeks = weekly_compliance(
        sessions, IOP_ADULT, tz=NY, admitted=sunday, as_of=D(2024, 4, 14), partial_weeks=policy
    )
    first, second = weeks
    assert first.week_start == D(2024, 4, 1)
    assert first.open_fraction == 0
    assert (first.assessed, first.met) == (assessed, met)
    if not assessed:
        assert [f.check for f in first.findings] == [WeekCheck.NOT_ASSESSED]
    assert (second.assessed, second.met, second.hours) == (True, True, 9.0)


def test_discharge_ends_the_weeks():
    sessions = [*mwf(D(2024, 4, 1)), *mwf(D(2024, 4, 8))]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY, discharged=D(2024, 4, 8))
    assert [w.hours for w in weeks] == [9.0, 3.0]
    assert weeks[1].open_fraction == pytest.approx(0.2)
    assert weeks[1].met


def test_closures_and_partial_days_prorate_the_minimum():
    monday = D(2024, 7, 1)
    calendar = ProgramCalendar(tz=NY, closures=[D(2024, 7, 4)], partial_days={D(2024, 7, 3): 0.5})
    sessions = [visit(monday, hours=4), visit(monday.add(days=1), hours=3)]
    (week,) = weekly_compliance(sessions, IOP_ADULT, tz=NY, calendar=calendar)
    # Mon, Tue, Fri open; Wed half; Thu closed: 3.5 of 5 days.
    assert week.open_fraction == pytest.approx(0.7)
    assert week.required_hours == pytest.approx(6.3)
    assert week.met


def test_calendar_week_start_and_open_days():
    calendar = ProgramCalendar(
        tz=NY, first_weekday=pendulum.WeekDay.SUNDAY, open_weekdays=[0, 2, 4]
    )
    sessions = [visit(D(2024, 4, 7)), *mwf(D(2024, 4, 8))]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=pendulum.timezone(NY), calendar=calendar)
    assert [(w.week_start, w.hours) for w in weeks] == [(D(2024, 4, 7), 12.0)]


def test_min_days_services_and_ceiling():
    strict = attrs.evolve(
        IOP_ADULT, min_days_per_week=3, required_services={"individual therapy": 1}
    )
    sessions = [visit(D(2024, 4, 1), hours=5), visit(D(2024, 4, 2), hours=5)]
    (week,) = weekly_compliance(sessions, strict, tz=NY)
    assert {f.check for f in week.findings} == {WeekCheck.MIN_DAYS, WeekCheck.SERVICE}
    assert not week.met
    busy = [visit(D(2024, 4, d), hours=5) for d in (1, 2, 3, 4)]
    (week,) = weekly_compliance(busy, IOP_ADULT, tz=NY)
    assert [f.check for f in week.findings] == [WeekCheck.MAX_HOURS]
    assert week.findings[0].shortfall == 1.0
    assert not week.met
    (week,) = weekly_compliance(busy[:2], requirement_for(LevelOfCare.OUTPATIENT, ADULT), tz=NY)
    assert "under 9 h" in week.findings[0].text


def test_overlapping_sessions_are_counted_once_and_reported():
    sessions = [
        visit(D(2024, 4, 1), hour=9, hours=3),
        visit(D(2024, 4, 1), hour=11, hours=2, service="individual therapy"),
        visit(D(2024, 4, 1), hour=10, hours=1, service="case management"),  # inside the first
        *mwf(D(2024, 4, 1))[1:],
    ]
    (week,) = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    assert week.hours == 10.0  # 09-13 on Monday, then 3 + 3
    overlap = [f for f in week.findings if f.check is WeekCheck.OVERLAP]
    assert overlap[0].observed == 2.0
    assert week.met


def test_attendance_kinds():
    monday = D(2024, 4, 1)
    sessions = [
        visit(monday, attendance="attended in part", attended_minutes=90),
        visit(monday.add(days=1), attendance="absent"),
        visit(monday.add(days=2), attendance="excused"),
        visit(monday.add(days=3), attendance="cancelled"),
    ]
    (week,) = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    assert week.hours == 1.5
    assert week.scheduled_hours == 9.0
    assert week.days_attended == 1


def test_taper_grace_while_stepping_down():
    sessions = [visit(D(2024, 4, 1).add(weeks=k), hours=6) for k in range(3)]
    sessions.append(visit(D(2024, 4, 22), hour=13, hours=12))
    sessions.append(visit(D(2024, 4, 23), hours=12))
    plain = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    assert [w.met for w in plain] == [False, False, False, False]
    tapering = weekly_compliance(sessions, IOP_ADULT, tz=NY, stepping_down=True)
    assert [w.met for w in tapering] == [True, True, False, False]
    assert tapering[0].findings[-1].check is WeekCheck.TAPER_GRACE
    assert WeekCheck.TAPER_GRACE not in {f.check for f in tapering[3].findings}  # over, not short


def test_no_sessions():
    assert weekly_compliance([], IOP_ADULT, tz=NY) == ()
    weeks = weekly_compliance([], IOP_ADULT, tz=NY, admitted=D(2024, 4, 1), as_of=D(2024, 4, 14))
    assert [w.hours for w in weeks] == [0.0, 0.0]
    assert weeks.participant_id is None
    only_admitted = weekly_compliance([], IOP_ADULT, tz=NY, admitted=D(2024, 4, 3))
    assert len(only_admitted) == 1


def test_sessions_before_admission_are_left_out():
    sessions = [*mwf(D(2024, 4, 1)), *mwf(D(2024, 4, 8))]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY, admitted=D(2024, 4, 8))
    assert [w.hours for w in weeks] == [9.0]


def test_table_html_and_pickle():
    sessions = [*mwf(D(2024, 4, 1)), *mwf(D(2024, 4, 8), hours=2)]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    rows = weeks.table()
    assert rows[0] == ("week", "hours", "required", "days", "met", "findings")
    assert rows[1] == ("2024-04-01", "9.00", "9.00", "3", "yes", "")
    assert rows[2][4] == "no"
    page = weeks._repr_html_()
    assert page.count("<tr>") == 3
    assert "IOP adult: 9-19 h/wk (asam 3.2013" in page
    back = pickle.loads(pickle.dumps(weeks))
    assert back == weeks
    assert back.requirement == IOP_ADULT
    assert isinstance(back, WeeklyCompliance)
    excluded = weekly_compliance(
        mwf(D(2024, 4, 1)), IOP_ADULT, tz=NY, admitted=D(2024, 4, 3), partial_weeks="exclude"
    )
    assert excluded.table()[1][4] == "not assessed"
    hand_made = IntensityRequirement(level=IOP, population=ADULT, min_hours_per_week=1)
    assert (
        "("
        not in weekly_compliance(mwf(D(2024, 4, 1)), hand_made, tz=NY)
        ._repr_html_()
        .split("</strong>")[0]
    )


def test_bad_input():
    good = mwf(D(2024, 4, 1))
    with pytest.raises(IopcoreErrorGroup) as caught:
        weekly_compliance([*good, visit(D(2024, 4, 2), who="p-2"), "x"], IOP_ADULT, tz=NY)
    assert [e.field for e in caught.value.exceptions] == [
        "$.sessions[3].participant_id",
        "$.sessions[4]",
    ]
    with pytest.raises(InvalidTypeError):
        weekly_compliance("sessions", IOP_ADULT, tz=NY)
    with pytest.raises(InvalidTypeError):
        weekly_compliance(good, "IOP", tz=NY)
    with pytest.raises(UnknownCodeError):
        weekly_compliance(good, IOP_ADULT, tz="Mars/Base")
    with pytest.raises(InvalidValueError) as caught:
        weekly_compliance(good, IOP_ADULT, tz=NY, calendar=ProgramCalendar(tz="UTC"))
    assert caught.value.field == "calendar.tz"
    with pytest.raises(InvalidTypeError):
        weekly_compliance(good, IOP_ADULT, tz=NY, calendar="weekdays")
    with pytest.raises(InvalidValueError) as caught:
        weekly_compliance(good, IOP_ADULT, tz=NY, admitted=D(2024, 4, 5), discharged=D(2024, 4, 4))
    assert caught.value.field == "discharged"
    with pytest.raises(InvalidValueError) as caught:
        weekly_compliance(good, IOP_ADULT, tz=NY, admitted=D(2024, 4, 5), as_of=D(2024, 4, 4))
    assert caught.value.field == "as_of"
    with pytest.raises(NaiveDateTimeError):
        weekly_compliance(good, IOP_ADULT, tz=NY, as_of=pendulum.naive(2024, 4, 4))
    with pytest.raises(UnknownCodeError):
        weekly_compliance(good, IOP_ADULT, tz=NY, partial_weeks="sometimes")
    with pytest.raises(InvalidTypeError):
        weekly_compliance(good, IOP_ADULT, tz=NY, stepping_down="yes")


# ---------------------------------------------------------------- properties

START = pendulum.datetime(2024, 1, 1, tz=NY)


@st.composite
def histories(draw, *, disjoint=True):
    """One participant's sessions on weekdays between 08:00 and 20:00 in New York."""
    count = draw(st.integers(0, 30))
    slots = draw(
        st.lists(
            st.tuples(st.integers(0, 400), st.integers(8, 17)),
            min_size=count,
            max_size=count,
            unique=disjoint,
        )
    )
    sessions = []
    for day, hour in sorted(set(slots)) if disjoint else slots:
        start = START.add(days=day).replace(hour=hour)
        length = draw(st.sampled_from([30, 60, 90, 180])) if not disjoint else 60
        kind = draw(st.sampled_from(["attended", "attended", "absent", "excused", "cancelled"]))
        sessions.append(
            Session(
                participant_id="p-1",
                service=draw(st.sampled_from(["group therapy", "individual therapy"])),
                start=start,
                end=start.add(minutes=length),
                attendance=kind,
            )
        )
    return sessions


@given(histories())
def test_hours_add_up_over_disjoint_sessions(sessions):
    """The weeks' hours add up to the attended hours of the (disjoint) sessions."""
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    assert sum(w.hours for w in weeks) == pytest.approx(sum(s.hours for s in sessions))
    assert all(not any(f.check is WeekCheck.OVERLAP for f in w.findings) for w in weeks)


@given(histories(disjoint=False), st.randoms(use_true_random=False))
def test_input_order_never_matters(sessions, rng):
    """Shuffling the sessions gives the same weeks."""
    shuffled = list(sessions)
    rng.shuffle(shuffled)
    assert weekly_compliance(shuffled, IOP_ADULT, tz=NY) == weekly_compliance(
        sessions, IOP_ADULT, tz=NY
    )


@given(histories(disjoint=False), st.integers(-60, 60))
def test_moving_every_session_by_whole_weeks_moves_the_weeks(sessions, shift):
    """Moving every session (and the admission) by k weeks moves each week by k weeks."""
    admitted = D(2024, 1, 1)
    moved = [
        attrs.evolve(s, start=s.start.add(weeks=shift), end=s.end.add(weeks=shift))
        for s in sessions
    ]
    before = weekly_compliance(sessions, IOP_ADULT, tz=NY, admitted=admitted)
    after = weekly_compliance(moved, IOP_ADULT, tz=NY, admitted=admitted.add(weeks=shift))
    assert [w.week_start.add(weeks=shift) for w in before] == [w.week_start for w in after]
    assert [(w.hours, w.met, w.days_attended) for w in before] == [
        (w.hours, w.met, w.days_attended) for w in after
    ]


@given(
    st.sampled_from([(2024, 3, 10), (2024, 11, 3), (2025, 3, 9), (2025, 11, 2)]), st.integers(1, 5)
)
def test_a_dst_week_counts_real_hours(night, hours):
    """A session across a clock change counts its real elapsed hours."""
    start = pendulum.datetime(*night, 0, 30, tz=NY)
    end = start.add(hours=hours)  # real hours
    session = Session(participant_id="p", service="group therapy", start=start, end=end)
    (week,) = weekly_compliance([session], IOP_ADULT, tz=NY)
    assert week.hours == hours
    utc = (dt.datetime.timestamp(end) - dt.datetime.timestamp(start)) / 3600
    assert week.hours == utc


def test_many_participants_one_call_each():
    rng = random.Random(5)  # noqa: S311 - a fixed seed for test data
    for who in ("a", "b"):
        sessions = [visit(D(2024, 4, 1).add(days=rng.randrange(20)), who=who) for _ in range(5)]
        weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY)
        assert weeks.participant_id == who


def test_finding_shortfall_needs_numbers_and_met_minimums_add_no_finding():
    sessions = [visit(D(2024, 4, 1), hour=9, hours=3), visit(D(2024, 4, 1), hour=10, hours=3)]
    (week,) = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    overlap = next(f for f in week.findings if f.check is WeekCheck.OVERLAP)
    assert overlap.shortfall is None
    strict = attrs.evolve(IOP_ADULT, min_days_per_week=3, required_services={"group therapy": 3})
    (week,) = weekly_compliance(mwf(D(2024, 4, 1)), strict, tz=NY)
    assert (week.met, week.findings) == (True, ())


def test_taper_grace_never_covers_a_week_over_the_ceiling():
    sessions = [visit(D(2024, 4, 1), hours=12), visit(D(2024, 4, 2), hours=12)]
    (week,) = weekly_compliance(sessions, IOP_ADULT, tz=NY, stepping_down=True)
    assert not week.met
    assert [f.check for f in week.findings] == [WeekCheck.MAX_HOURS]


def test_weekly_compliance_equality_takes_in_whose_and_what_requirement():
    """Equal weeks of another participant, or under another requirement, are not equal."""
    sessions = [*mwf(D(2024, 4, 1))]
    weeks = weekly_compliance(sessions, IOP_ADULT, tz=NY)
    again = weekly_compliance(list(reversed(sessions)), IOP_ADULT, tz=NY)
    assert weeks == again
    assert not weeks != again  # noqa: SIM202 - the != operator itself is under test
    other = [attrs.evolve(s, participant_id="p-2") for s in sessions]
    theirs = weekly_compliance(other, IOP_ADULT, tz=NY)
    assert tuple(theirs) == tuple(weeks)
    assert theirs != weeks
    assert not theirs == weeks  # noqa: SIM201 - the == operator itself is under test
    medicare_iop = requirement_for(IOP, ADULT, ruleset=get_ruleset("medicare"))
    judged = weekly_compliance(sessions, medicare_iop, tz=NY)
    assert [w.met for w in judged] == [w.met for w in weeks]
    assert judged != weeks
    assert weeks == tuple(weeks)  # a plain tuple compares with the weeks alone


def test_a_24_hour_care_requirement_is_not_judged_week_by_week():
    from iopcore.intensity import weekly_compliance  # noqa: PLC0415

    inpatient = requirement_for(LevelOfCare.INPATIENT, Population.ADULT)
    with pytest.raises(InvalidValueError) as caught:
        weekly_compliance([], inpatient, tz="UTC", as_of=pendulum.date(2024, 1, 7))
    assert caught.value.field == "requirement"
    assert "24-hour care" in str(caught.value)


def test_the_last_week_of_the_calendar_ends_on_its_last_day():
    from iopcore.intensity import weekly_compliance  # noqa: PLC0415

    weeks = weekly_compliance(
        [],
        requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
        tz="UTC",
        admitted=pendulum.date(9999, 12, 20),
        as_of=pendulum.date(9999, 12, 31),
    )
    assert weeks[-1].week_start == pendulum.date(9999, 12, 27)
    assert weeks[-1].week_end == pendulum.date(9999, 12, 31)  # the calendar cuts it short
