"""Schedule intensity: each timetable against its level's weekly hours."""

import pendulum
import pytest
from _program_builders import IOP, NY, PHP, program, template

from iopcore import Population
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.programs import (
    schedule_intensity,
)
from iopcore.rulesets import HourBand, Ruleset, get_ruleset
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot

# ---------------------------------------------------------------- schedule intensity

SPRING = (pendulum.date(2026, 3, 2), pendulum.date(2026, 3, 15))  # NY springs forward 8 March

# One row per case: level, populations, timetable, ruleset, closures, then per
# population (met, planned hours). Hour bands: ASAM 3rd ed. IOP 9-19 h adult, 6-19 h
# adolescent, PHP >= 20 h (ASAM 3rd ed. 2013); Medicare PHP >= 20 h (42 CFR 410.43(c)(1)).
INTENSITY_CASES = [  # (id, level, populations, timetable, ruleset, closures, expected)
    ("IOP 3 x 3 h", IOP, ["adult"], template(), "asam", [], [(True, 18.0)]),
    (
        "IOP 2 x 3 h: adolescents only",
        IOP,
        ["adult", "adolescent"],
        template(days=(1, 3)),
        "asam",
        [],
        [(False, 12.0), (True, 12.0)],
    ),
    (
        "PHP 4 x 4 h short",
        PHP,
        ["adult"],
        template(days=(0, 1, 2, 3), end=13),
        "asam",
        [],
        [(False, 32.0)],
    ),
    (
        "PHP 5 x 4 h",
        PHP,
        ["adult"],
        template(days=(0, 1, 2, 3, 4), end=13),
        "asam",
        [],
        [(True, 40.0)],
    ),
    (
        "PHP 5 x 4 h Medicare",
        PHP,
        ["adult"],
        template(days=range(5), end=13),
        "medicare",
        [],
        [(True, 40.0)],
    ),
    (
        "a closure on Wednesday 4 March (prorated minimum 7.2 h)",
        IOP,
        ["adult"],
        template(),
        "asam",
        [pendulum.date(2026, 3, 4)],
        [(False, 15.0)],
    ),
    (
        "01:00-03:00 on the night clocks spring forward lasts 1 hour",
        IOP,
        ["adult"],
        ScheduleTemplate(
            tz=NY,
            slots=[
                *template().slots,
                WeeklySlot(weekday=6, start=pendulum.time(1), end=pendulum.time(3)),
            ],
        ),
        "asam",
        [],
        [(True, 18.0 + 1.0 + 2.0)],
    ),
]


@pytest.mark.parametrize("case", INTENSITY_CASES, ids=[case[0] for case in INTENSITY_CASES])
def test_schedule_intensity_table(case):
    _, level, populations, timetable, ruleset, closures, expected = case
    checked = program(
        level=level,
        populations=populations,
        schedules=[timetable],
        calendar=ProgramCalendar(tz=NY, closures=closures),
        ruleset=ruleset,
    )
    checks = schedule_intensity(checked, start=SPRING[0], end=SPRING[1])
    assert [(check.met, check.planned_hours) for check in checks] == expected
    assert all(check.requirement.ruleset.id == ruleset for check in checks)
    assert all(check.requirement.level is level for check in checks)


def test_schedule_intensity_judges_every_timetable():
    two = program(schedules=[template(), template(days=(1, 3), start=17, end=20)])
    checks = schedule_intensity(two, start=SPRING[0], end=SPRING[1])
    assert [(c.schedule, c.met) for c in checks] == [(0, True), (1, False)]
    assert two.weekly_hours == (9.0, 6.0)


def test_schedule_intensity_with_an_own_ruleset_and_errors():
    mine = Ruleset(
        id="clinic",
        version="1",
        effective_from=pendulum.date(2024, 1, 1),
        hours=[HourBand(level=IOP, population=Population.ADULT, min_hours_per_week=10, source="c")],
    )
    (check,) = schedule_intensity(program(), start=SPRING[0], end=SPRING[1], ruleset=mine)
    assert not check.met
    assert check.weeks[0].findings[0].required == 10
    with pytest.raises(UnknownCodeError):  # medicare sets no inpatient hours
        schedule_intensity(
            program(level="IP"), start=SPRING[0], end=SPRING[1], ruleset=get_ruleset("medicare")
        )
    with pytest.raises(InvalidValueError, match="24-hour care"):  # asam: no weekly band
        schedule_intensity(program(level="IP"), start=SPRING[0], end=SPRING[1])
    with pytest.raises(InvalidTypeError):
        schedule_intensity(program(), start=SPRING[0], end=SPRING[1], ruleset="asam")
    with pytest.raises(InvalidTypeError):
        schedule_intensity("adult-iop", start=SPRING[0], end=SPRING[1])
    with pytest.raises(InvalidValueError):
        schedule_intensity(program(), start=SPRING[1], end=SPRING[0])
