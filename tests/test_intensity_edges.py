"""Weekly intensity at its edges: the boundaries mutation testing found unpinned.

Hours exactly at the minimum, days and required services exactly met, partial weeks
prorated, program weeks that start on another weekday, the taper's count of grace
weeks, and what each finding says. The ASAM level 2.1 band for adults is 9-19 hours
a week (aetna.com ASAM page; DCMR 22-A6329), with a taper of 1-2 weeks while
stepping down (aetna.com), as ``requirement_for`` reads it from the asam ruleset.
"""

import attrs
import pendulum
import pytest

from iopcore import LevelOfCare, Population
from iopcore.exceptions import InvalidValueError
from iopcore.intensity import (
    IntensityRequirement,
    PartialWeeks,
    WeekCheck,
    WeekFinding,
    attendance_summary,
    planned_compliance,
    requirement_for,
    weekly_compliance,
)
from iopcore.sessions import (
    Attendance,
    ProgramCalendar,
    ScheduleTemplate,
    ServiceType,
    Session,
    WeeklySlot,
)

TZ = "America/New_York"
MONDAY = pendulum.date(2025, 3, 3)  # a week without a clock change
IOP = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
GROUP = ServiceType.GROUP_THERAPY
INDIVIDUAL = ServiceType.INDIVIDUAL_THERAPY


def test_the_asam_iop_band_is_read_as_published():
    # aetna.com ASAM page; DCMR 22-A6329: level 2.1 is 9-19 hours a week for adults.
    assert (IOP.min_hours_per_week, IOP.max_hours_per_week, IOP.max_exclusive) == (9, 19, False)
    assert IOP.taper_grace_weeks == 2  # aetna.com: a taper of 1-2 weeks


def _session(
    day: int,
    minutes: float,
    *,
    hour: int = 9,
    service: ServiceType = GROUP,
    attendance: Attendance = Attendance.ATTENDED,
    participant: str = "p-1",
    week: int = 0,
) -> Session:
    start = pendulum.datetime(2025, 3, 3, hour, tz=TZ).add(days=day + 7 * week)
    return Session(
        participant_id=participant,
        service=service,
        start=start,
        end=start.add(minutes=minutes),
        attendance=attendance,
    )


def _finding(check: WeekCheck, observed: object, required: object, text: str) -> WeekFinding:
    """A finding of the ASAM IOP requirement, which cites its source."""
    return WeekFinding(
        check=check, observed=observed, required=required, text=text, source=IOP.source
    )


def _one_week(sessions: list[Session], requirement: IntensityRequirement, **options: object):
    weeks = weekly_compliance(
        sessions, requirement, tz=TZ, admitted=MONDAY, as_of=MONDAY.add(days=6), **options
    )
    assert len(weeks) == 1
    return weeks[0]


HOURS = [
    # (minutes attended in the week, met): the minimum is 9 hours (540 minutes) and
    # the ceiling 19 hours, both included (aetna.com ASAM page: "9-19 hours").
    (539, False),
    (540, True),
    (1140, True),
    (1141, False),
]


@pytest.mark.parametrize(("minutes", "met"), HOURS)
def test_hours_exactly_at_the_minimum_and_the_ceiling_are_met(minutes, met):
    # Three sessions on three days, so that only the hours can fail.
    third = minutes / 3
    week = _one_week([_session(day, third) for day in (0, 2, 4)], IOP)
    assert week.met is met
    assert week.hours == pytest.approx(minutes / 60)


def test_a_short_week_says_how_short_against_what_and_where_from():
    week = _one_week([_session(0, 240), _session(2, 240)], IOP)
    assert week.findings == (
        _finding(
            WeekCheck.MIN_HOURS,
            8.0,
            9.0,
            "min hours: 8 h attended, 1 h short of 9 h",
        ),
    )


@pytest.mark.parametrize(("exclusive", "words"), [(False, "at most"), (True, "under")])
def test_a_week_over_the_ceiling_says_what_the_level_allows(exclusive, words):
    ceiling = attrs.evolve(IOP, max_exclusive=exclusive)
    week = _one_week([_session(day, 420) for day in (0, 1, 2)], ceiling)  # 21 h
    assert week.findings == (
        _finding(
            WeekCheck.MAX_HOURS,
            21.0,
            19.0,
            f"max hours: 21 h attended, the level allows {words} 19 h",
        ),
    )


# A clinic's own rule on top of the ASAM band: three days a week and one individual
# session (the kind of rule a payer contract adds; not an ASAM number).
CLINIC = attrs.evolve(IOP, min_days_per_week=3, required_services={INDIVIDUAL: 1})


def test_days_and_required_services_exactly_met_are_met():
    sessions = [_session(0, 240), _session(2, 240), _session(4, 60, service=INDIVIDUAL)]
    week = _one_week(sessions, CLINIC)
    assert (week.met, week.days_attended, week.findings) == (True, 3, ())


def test_one_day_and_one_service_short_are_each_a_finding():
    sessions = [_session(0, 300), _session(2, 300)]
    week = _one_week(sessions, CLINIC)
    assert week.findings == (
        _finding(
            WeekCheck.MIN_DAYS,
            2.0,
            3,
            "min days: attended on 2 days, 3 required",
        ),
        _finding(
            WeekCheck.SERVICE,
            0.0,
            1,
            "individual therapy: 0 attended, 1 required",
        ),
    )
    assert not week.met


def test_a_partial_week_prorates_hours_days_and_services():
    # Admitted on Thursday: 2 of the 5 open weekdays are in care, so the week needs
    # 9 * 2/5 = 3.6 hours, 3 * 2/5 = 1.2 days and 1 * 2/5 = 0.4 individual sessions.
    thursday = MONDAY.add(days=3)
    weeks = weekly_compliance(
        [_session(3, 120)], CLINIC, tz=TZ, admitted=thursday, as_of=MONDAY.add(days=6)
    )
    (week,) = weeks
    assert week.open_fraction == pytest.approx(0.4)
    assert week.required_hours == pytest.approx(3.6)
    assert {finding.check: finding.required for finding in week.findings} == {
        WeekCheck.MIN_HOURS: pytest.approx(3.6),
        WeekCheck.MIN_DAYS: pytest.approx(1.2),
        WeekCheck.SERVICE: pytest.approx(0.4),
    }


def test_a_partial_week_is_judged_in_full_or_not_at_all_when_asked():
    thursday = MONDAY.add(days=3)
    common = {"tz": TZ, "admitted": thursday, "as_of": MONDAY.add(days=6)}
    (full,) = weekly_compliance([_session(3, 120)], IOP, partial_weeks=PartialWeeks.FULL, **common)
    assert (full.assessed, full.required_hours) == (True, 9.0)
    (excluded,) = weekly_compliance(
        [_session(3, 120)], IOP, partial_weeks=PartialWeeks.EXCLUDE, **common
    )
    assert (excluded.assessed, excluded.met) == (False, True)
    assert excluded.findings == (
        _finding(
            WeekCheck.NOT_ASSESSED,
            pytest.approx(0.4),
            1.0,
            "not assessed: partial week (40% of a program week)",
        ),
    )


def test_a_whole_week_in_care_is_not_prorated():
    week = _one_week([_session(day, 180) for day in (0, 2, 4)], CLINIC)
    assert (week.open_fraction, week.required_hours) == (1.0, 9.0)


@pytest.mark.parametrize("first_weekday", list(pendulum.WeekDay))
def test_program_weeks_start_on_the_calendar_s_first_weekday(first_weekday):
    calendar = ProgramCalendar(tz=TZ, first_weekday=first_weekday)
    admitted = MONDAY.add(days=2)  # a Wednesday
    weeks = weekly_compliance(
        [], IOP, tz=TZ, calendar=calendar, admitted=admitted, as_of=admitted.add(days=13)
    )
    starts = [week.week_start for week in weeks]
    assert all(start.day_of_week == first_weekday for start in starts)
    assert starts[0] <= admitted < starts[0].add(days=7)
    assert starts[-1] <= admitted.add(days=13) < starts[-1].add(days=7)


def test_overlapping_sessions_are_counted_once_and_reported():
    sessions = [_session(0, 300), _session(0, 120, hour=12), _session(2, 300)]
    week = _one_week(sessions, IOP)
    assert week.hours == pytest.approx(10.0)
    assert week.findings[-1] == _finding(
        WeekCheck.OVERLAP,
        1.0,
        None,
        "overlap: 1 attended session(s) overlap an earlier one",
    )


def test_back_to_back_sessions_do_not_overlap():
    sessions = [_session(0, 180), _session(0, 180, hour=12), _session(2, 180)]
    week = _one_week(sessions, IOP)
    assert [finding.check for finding in week.findings] == []


# ---------------------------------------------------------------- the taper


def test_the_taper_meets_the_first_grace_weeks_that_fall_short_and_no_more():
    # Stepping down with a grace of 2 weeks (aetna.com: a taper of 1-2 weeks): three
    # short weeks in a row; the first two are met with a note, the third is not.
    sessions = [_session(0, 240, week=week) for week in range(3)]
    weeks = weekly_compliance(
        sessions, IOP, tz=TZ, admitted=MONDAY, as_of=MONDAY.add(days=20), stepping_down=True
    )
    assert [week.met for week in weeks] == [True, True, False]
    note = weeks[0].findings[-1]
    assert note == _finding(
        WeekCheck.TAPER_GRACE,
        4.0,
        9.0,
        "taper grace: below the minimum while stepping down (up to 2 weeks allowed)",
    )
    assert WeekCheck.TAPER_GRACE not in {finding.check for finding in weeks[2].findings}


def test_the_taper_never_excuses_a_week_over_the_ceiling_or_a_week_that_is_met():
    sessions = [_session(day, 420) for day in (0, 1, 2)] + [
        _session(day, 180, week=1) for day in (0, 2, 4)
    ]
    weeks = weekly_compliance(
        sessions, IOP, tz=TZ, admitted=MONDAY, as_of=MONDAY.add(days=13), stepping_down=True
    )
    assert [week.met for week in weeks] == [False, True]
    assert all(
        finding.check is not WeekCheck.TAPER_GRACE for week in weeks for finding in week.findings
    )


# ---------------------------------------------------------------- attendance


def test_cancelled_and_excused_sessions_are_counted_apart_from_attendance():
    sessions = [
        _session(0, 180),
        _session(1, 180, attendance=Attendance.CANCELLED),
        _session(2, 180, attendance=Attendance.CANCELLED),
        _session(3, 180, attendance=Attendance.EXCUSED),
        _session(4, 180, attendance=Attendance.EXCUSED),
        _session(5, 180, attendance=Attendance.ABSENT),
    ]
    summary = attendance_summary(sessions, tz=TZ)
    # Excused by default: neither offered nor missed; cancellations count nowhere.
    assert attrs.astuple(summary) == (2, 1, 1, 2, 2, 0.5, 1)
    strict = attendance_summary(sessions, tz=TZ, excuse_absences=False)
    # Excused absences are missed sessions: two of them and the absence in a row.
    assert attrs.astuple(strict) == (4, 1, 1, 2, 2, 0.25, 3)


def test_an_attendance_window_of_one_day_is_allowed():
    summary = attendance_summary(
        [_session(0, 180), _session(1, 180)], tz=TZ, start=MONDAY, end=MONDAY
    )
    assert summary.attended == 1


# ---------------------------------------------------------------- the edges of the window


def test_an_as_of_datetime_ends_the_window_on_its_local_day():
    # 23:00 on Sunday in New York is already Monday in UTC: the window still ends
    # with the program week that holds Sunday.
    late_sunday = pendulum.datetime(2025, 3, 9, 23, tz=TZ)
    weeks = weekly_compliance([_session(0, 180)], IOP, tz=TZ, admitted=MONDAY, as_of=late_sunday)
    assert [week.week_start for week in weeks] == [MONDAY]


def test_a_session_ending_exactly_at_an_as_of_datetime_counts_and_later_ones_do_not():
    long_one = _session(0, 600)  # 09:00-19:00 Monday
    short_one = _session(0, 60, hour=10)  # 10:00-11:00, inside it
    cutoff = pendulum.datetime(2025, 3, 3, 11, tz=TZ)
    (week,) = weekly_compliance([long_one, short_one], IOP, tz=TZ, admitted=MONDAY, as_of=cutoff)
    # The long one ends after 11:00 and is left out; the short one ends at 11:00.
    assert (week.hours, week.scheduled_hours) == (pytest.approx(1.0), pytest.approx(1.0))


def test_the_window_ends_at_the_earlier_of_discharge_and_as_of():
    weeks = weekly_compliance(
        [], IOP, tz=TZ, admitted=MONDAY, discharged=MONDAY.add(days=20), as_of=MONDAY.add(days=9)
    )
    assert len(weeks) == 2
    weeks = weekly_compliance(
        [], IOP, tz=TZ, admitted=MONDAY, discharged=MONDAY.add(days=9), as_of=MONDAY.add(days=20)
    )
    assert len(weeks) == 2


def test_a_stay_of_one_day_is_one_week():
    (week,) = weekly_compliance([_session(0, 180)], IOP, tz=TZ, admitted=MONDAY, discharged=MONDAY)
    assert week.open_fraction == pytest.approx(0.2)  # one of five open weekdays


def test_no_sessions_and_no_dates_is_an_empty_result_that_keeps_the_requirement():
    weeks = weekly_compliance([], IOP, tz=TZ)
    assert (len(weeks), weeks.participant_id, weeks.requirement) == (0, None, IOP)


def test_a_session_recorded_in_another_time_zone_counts_on_its_local_day():
    # 03:00 UTC on Tuesday is 22:00 on Monday in New York (EST, before 9 March).
    utc = pendulum.datetime(2025, 3, 4, 3, tz="UTC")
    recorded = Session(participant_id="p-1", service=GROUP, start=utc, end=utc.add(hours=1))
    (week,) = weekly_compliance(
        [recorded, _session(1, 60)], IOP, tz=TZ, admitted=MONDAY, as_of=MONDAY.add(days=6)
    )
    assert week.days_attended == 2  # Monday (the UTC session) and Tuesday


def test_without_an_admission_the_first_week_is_the_first_session_s_program_week():
    calendar = ProgramCalendar(tz=TZ, first_weekday=pendulum.WeekDay.SUNDAY)
    weeks = weekly_compliance([_session(1, 180), _session(9, 180)], IOP, tz=TZ, calendar=calendar)
    starts = [week.week_start for week in weeks]
    assert starts == [MONDAY.subtract(days=1), MONDAY.add(days=6)]
    assert all(week.open_fraction == 1.0 for week in weeks)


def test_closures_and_partial_days_shrink_the_week_they_fall_in():
    calendar = ProgramCalendar(
        tz=TZ,
        closures=[MONDAY.add(days=1)],
        partial_days={MONDAY.add(days=2): 0.5},
    )
    (week,) = weekly_compliance(
        [], IOP, tz=TZ, calendar=calendar, admitted=MONDAY, as_of=MONDAY.add(days=6)
    )
    # 5 open weekdays, one closed and one half open: 3.5 of 5.
    assert week.open_fraction == pytest.approx(0.7)
    assert week.required_hours == pytest.approx(9 * 0.7)


# ---------------------------------------------------------------- more of the taper, plans and rows


def test_a_week_short_and_over_the_ceiling_gets_no_grace_and_uses_none():
    # 21 hours on 2 days: over the 19-hour ceiling and short of the clinic's 3 days.
    over_and_short = [_session(day, 630) for day in (0, 1)]
    short = [_session(0, 240, week=week) for week in (1, 2)]
    weeks = weekly_compliance(
        over_and_short + short,
        attrs.evolve(CLINIC, required_services={}),
        tz=TZ,
        admitted=MONDAY,
        as_of=MONDAY.add(days=20),
        stepping_down=True,
    )
    # Week 1 is not excused and uses no grace week, so both short weeks after it are.
    assert [week.met for week in weeks] == [False, True, True]


def test_planned_compliance_follows_the_calendar_and_the_dates():
    template = ScheduleTemplate(
        tz=TZ,
        slots=[
            WeeklySlot(weekday=day, start=pendulum.time(9), end=pendulum.time(12), service=GROUP)
            for day in (
                pendulum.WeekDay.MONDAY,
                pendulum.WeekDay.WEDNESDAY,
                pendulum.WeekDay.FRIDAY,
            )
        ],
    )
    calendar = ProgramCalendar(tz=TZ, closures=[MONDAY.add(days=2)])
    weeks = planned_compliance(
        template, IOP, start=MONDAY, end=MONDAY.add(days=6), calendar=calendar
    )
    (week,) = weeks
    # Wednesday is closed: 6 hours planned, against 9 * 4/5 required.
    assert (week.hours, week.required_hours) == (pytest.approx(6.0), pytest.approx(7.2))
    later = planned_compliance(template, IOP, start=MONDAY.add(days=2), end=MONDAY.add(days=6))
    assert later[0].open_fraction == pytest.approx(0.6)  # from Wednesday


def test_an_attendance_window_with_one_side_leaves_out_only_that_side():
    sessions = [_session(day, 180) for day in range(5)]
    assert attendance_summary(sessions, tz=TZ, start=MONDAY.add(days=3)).attended == 2
    assert attendance_summary(sessions, tz=TZ, end=MONDAY.add(days=1)).attended == 2


def test_attendance_counts_a_session_recorded_in_another_zone_on_its_local_day():
    utc = pendulum.datetime(2025, 3, 4, 3, tz="UTC")  # 22:00 Monday in New York
    recorded = Session(participant_id="p-1", service=GROUP, start=utc, end=utc.add(hours=1))
    summary = attendance_summary([recorded], tz=TZ, start=MONDAY, end=MONDAY)
    assert summary.attended == 1


def test_required_services_are_kept_in_the_order_of_their_names():
    mine = attrs.evolve(IOP, required_services={INDIVIDUAL: 1, GROUP: 2})
    assert list(mine.required_services) == [GROUP, INDIVIDUAL]


def test_24_hour_care_takes_no_hours():
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(IOP, basis="24-hour care")
    assert caught.value.field == "basis"
    with pytest.raises(InvalidValueError):
        attrs.evolve(IOP, basis="24-hour care", min_hours_per_week=0)


def test_equal_results_are_equal_and_rows_join_their_findings():
    sessions = [_session(0, 300), _session(0, 120, hour=12)]
    one = _one_week(sessions, IOP)
    weeks = weekly_compliance(sessions, IOP, tz=TZ, admitted=MONDAY, as_of=MONDAY.add(days=6))
    again = weekly_compliance(sessions, IOP, tz=TZ, admitted=MONDAY, as_of=MONDAY.add(days=6))
    assert weeks == again
    assert not weeks != again  # noqa: SIM202 - the operator itself is under test
    (row,) = weeks.table()[1:]
    assert row[-1] == "; ".join(finding.text for finding in one.findings)
    assert "; " in row[-1]
