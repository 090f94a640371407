"""planned_compliance: a schedule template judged before anyone attends."""

import datetime as dt

import pendulum
import pytest
from _intensity_cases import ADULT, IOP_ADULT, NY, D

from iopcore import LevelOfCare
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.intensity import planned_compliance, requirement_for
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot


def template(days=(0, 2, 4), start=9, end=12, tz=NY):
    return ScheduleTemplate(
        tz=tz,
        slots=[
            WeeklySlot(weekday=day, start=pendulum.time(start), end=pendulum.time(end))
            for day in days
        ],
    )


def test_template_keeps_wall_clock_times_across_dst():
    plan = template(days=(6,), start=1, end=4).sessions(
        "p", start=D(2024, 3, 3), end=D(2024, 3, 17)
    )
    assert [s.hours for s in plan] == [3.0, 2.0, 3.0]  # 10 March loses an hour
    assert [s.start.hour for s in plan] == [1, 1, 1]
    weekly = template().sessions("p", start=D(2024, 3, 4), end=D(2024, 3, 15))
    assert {s.start.hour for s in weekly} == {9}
    assert {s.start.utcoffset().total_seconds() / 3600 for s in weekly} == {-5, -4}


def test_a_slot_wholly_in_the_skipped_hour_is_left_out():
    skipped = ScheduleTemplate(
        tz=NY,
        slots=[
            # 02:30 does not exist on 10 March: it moves to 03:30, after the end.
            WeeklySlot(weekday=6, start=pendulum.time(2, 30), end=pendulum.time(3)),
            # 02:10-02:50 moves forward with the clock to 03:10-03:50.
            WeeklySlot(weekday=6, start=pendulum.time(2, 10), end=pendulum.time(2, 50)),
            WeeklySlot(weekday=6, start=dt.time(9), end=dt.time(10), service="skills group"),
        ],
    )
    plan = skipped.sessions("p", start=D(2024, 3, 10), end=D(2024, 3, 10))
    assert [(s.start.hour, s.start.minute, s.hours) for s in plan] == [
        (3, 10, pytest.approx(40 / 60)),
        (9, 0, 1.0),
    ]
    assert skipped.weekly_hours == pytest.approx(0.5 + 40 / 60 + 1)


def test_planned_compliance_checks_a_schedule():
    iop = template()
    assert iop.weekly_hours == 9.0
    plan = planned_compliance(iop, IOP_ADULT, start=D(2024, 4, 1), end=D(2024, 4, 28))
    assert plan.met
    assert len(plan) == 4
    too_little = planned_compliance(
        template(days=(0, 2)), IOP_ADULT, start=D(2024, 4, 1), end=D(2024, 4, 14)
    )
    assert [w.met for w in too_little] == [False, False]
    php = requirement_for(LevelOfCare.PARTIAL_HOSPITALIZATION, ADULT)
    assert not planned_compliance(iop, php, start=D(2024, 4, 1), end=D(2024, 4, 7)).met
    assert planned_compliance(
        template(days=(0, 1, 2, 3, 4), start=9, end=13),
        php,
        start=D(2024, 4, 1),
        end=D(2024, 4, 7),
    ).met


def test_template_errors():
    with pytest.raises(InvalidValueError):
        WeeklySlot(weekday=0, start=pendulum.time(12), end=pendulum.time(9))
    with pytest.raises(InvalidTypeError):
        WeeklySlot(weekday=0, start="09:00", end=pendulum.time(12))
    with pytest.raises(InvalidTypeError):
        WeeklySlot(weekday=0, start=dt.time(9, tzinfo=dt.UTC), end=pendulum.time(12))
    with pytest.raises(InvalidTypeError):
        ScheduleTemplate(tz=NY, slots=WeeklySlot(weekday=0, start=dt.time(9), end=dt.time(10)))
    with pytest.raises(InvalidTypeError):
        ScheduleTemplate(tz=NY, slots=["mon"])
    iop = template()
    with pytest.raises(InvalidValueError):
        iop.sessions("p", start=D(2024, 4, 2), end=D(2024, 4, 1))
    with pytest.raises(InvalidValueError):
        iop.sessions("p", start=D(2020, 1, 1), end=D(2024, 4, 1))
    with pytest.raises(InvalidTypeError):
        iop.sessions("p", start=D(2024, 4, 1), end=D(2024, 4, 2), calendar="x")
    with pytest.raises(InvalidValueError):
        iop.sessions(
            "p", start=D(2024, 4, 1), end=D(2024, 4, 2), calendar=ProgramCalendar(tz="UTC")
        )
    with pytest.raises(InvalidTypeError):
        planned_compliance("Mon/Wed/Fri", IOP_ADULT, start=D(2024, 4, 1), end=D(2024, 4, 2))
