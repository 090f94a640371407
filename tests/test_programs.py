"""Programs: matching, schedule intensity, curriculum progress, group capacity."""

import pickle

import attrs
import pendulum
import pytest

from iopcore import LevelOfCare, Participant, Population
from iopcore.exceptions import InvalidTypeError, InvalidValueError, IopcoreError, UnknownCodeError
from iopcore.explain import explain_program, explain_progress
from iopcore.placement import Placement
from iopcore.programs import (
    DBT_SKILLS,
    Approach,
    Curriculum,
    LengthUnit,
    Match,
    MatchOutcome,
    Module,
    Program,
    ProgramCheck,
    curriculum_progress,
    group_capacity,
    match,
    schedule_intensity,
)
from iopcore.rulesets import HourBand, Ruleset, RulesetRef, get_ruleset
from iopcore.serialize import from_json, to_json
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, Session, WeeklySlot

NY = "America/New_York"
IOP = LevelOfCare.INTENSIVE_OUTPATIENT
PHP = LevelOfCare.PARTIAL_HOSPITALIZATION
START = pendulum.date(2026, 1, 5)  # a Monday
ON = pendulum.date(2026, 3, 2)


def template(days=(0, 2, 4), start=9, end=12, service="group therapy", tz=NY):
    return ScheduleTemplate(
        tz=tz,
        slots=[
            WeeklySlot(
                weekday=d, start=pendulum.time(start), end=pendulum.time(end), service=service
            )
            for d in days
        ],
    )


def program(**changes):
    fields = {
        "id": "adult-iop",
        "name": "Adult depression and anxiety IOP",
        "level": IOP,
        "populations": ["adult"],
        "conditions": ["depression", "anxiety"],
        "calendar": ProgramCalendar(tz=NY),
        "schedules": [template()],
    }
    return Program(**{**fields, **changes})


def dbt_program(**changes):
    return program(
        id="dbt-iop",
        conditions=["borderline personality disorder", "depression"],
        schedules=[template(days=(0,), service="skills group")],
        curriculum=DBT_SKILLS,
        curriculum_start=START,
        **changes,
    )


# ---------------------------------------------------------------- the DBT curriculum

# rankinbh.com/dbt-skills: "Mindfulness - 2 sessions ... Distress Tolerance - 6 sessions
# ... Emotion Regulation - 7 sessions ... Interpersonal Effectiveness - 5 sessions", 24
# group sessions. BPDED 2020 (doi:10.1186/s40479-020-0119-y), Table 1: "two mindfulness
# and seven emotion regulation skills training sessions" since the 2015 manual; before it
# every module ran eight weeks.
DBT_MODULES = [
    ("mindfulness", 2),  # rankinbh.com: 2 weeks of mindfulness before each module
    ("distress tolerance", 6),  # rankinbh.com; BPDED 2020 Table 1: DT 6
    ("mindfulness", 2),
    ("emotion regulation", 7),  # BPDED 2020 Table 1: ER 7 since the 2015 manual (8 before)
    ("mindfulness", 2),
    ("interpersonal effectiveness", 5),  # rankinbh.com; BPDED 2020 Table 1: IE 5
]


def test_dbt_skills_is_the_cited_structure():
    assert [(m.name, m.length) for m in DBT_SKILLS.modules] == DBT_MODULES
    assert {m.name for m in DBT_SKILLS.modules} == {
        "mindfulness",
        "distress tolerance",
        "emotion regulation",
        "interpersonal effectiveness",
    }  # four modules (rankinbh.com)
    assert DBT_SKILLS.cycle_length == 24  # 2+6+2+7+2+5, 24 sessions (rankinbh.com)
    assert DBT_SKILLS.cyclic
    assert DBT_SKILLS.unit is LengthUnit.WEEKS
    assert all(m.approach is Approach.DBT for m in DBT_SKILLS.modules)
    assert "rankinbh.com" in DBT_SKILLS.source
    assert "s40479-020-0119-y" in DBT_SKILLS.source
    assert "DOMAIN" not in DBT_SKILLS.source


@pytest.mark.parametrize(
    ("position", "module"),
    [(0, 0), (1, 0), (2, 1), (7, 1), (8, 2), (10, 3), (16, 3), (17, 4), (19, 5), (23, 5), (24, 0)],
)
def test_module_at_wraps_a_cyclic_curriculum(position, module):
    assert DBT_SKILLS.module_at(position) == module


def test_module_at_ends_a_linear_curriculum():
    linear = attrs.evolve(DBT_SKILLS, cyclic=False)
    assert linear.module_at(23) == 5
    assert linear.module_at(24) is None
    with pytest.raises(InvalidValueError) as caught:
        linear.module_at(-1)
    assert caught.value.field == "position"


# ---------------------------------------------------------------- matching


def placement(level, *, who="p-1", at_least=None, as_of=ON):
    return Placement(
        participant_id=who,
        assessed_on=as_of,
        as_of=as_of,
        level=level,
        determinable=level is not None,
        at_least=level or at_least or LevelOfCare.OUTPATIENT,
        at_most=level or LevelOfCare.INPATIENT,
        missing=() if level is not None else ("scores.cssrs.flags",),
        findings=(),
        ruleset=RulesetRef(id="reference", version="1", hash="0" * 64),
    )


ADULT_BIRTH = pendulum.date(1990, 5, 17)
TEEN_BIRTH = pendulum.date(2010, 5, 17)  # 15 on ON

# One row per case: the participant, the placement's level, the outcome and the checks
# of the findings, in order.
MATCH_CASES = [
    ("fits", ADULT_BIRTH, ["depression"], IOP, MatchOutcome.FITS, []),
    ("both conditions served", ADULT_BIRTH, ["depression", "anxiety"], IOP, MatchOutcome.FITS, []),
    ("level differs", ADULT_BIRTH, ["depression"], PHP, MatchOutcome.MISMATCH, ["level"]),
    ("population", TEEN_BIRTH, ["anxiety"], IOP, MatchOutcome.MISMATCH, ["population"]),
    ("condition", ADULT_BIRTH, ["ocd", "depression"], IOP, MatchOutcome.MISMATCH, ["condition"]),
    (
        "not determinable",
        ADULT_BIRTH,
        ["depression"],
        None,
        MatchOutcome.NOT_DETERMINABLE,
        ["level not determinable"],
    ),
    (
        "no conditions recorded",
        ADULT_BIRTH,
        [],
        IOP,
        MatchOutcome.NOT_DETERMINABLE,
        ["conditions not recorded"],
    ),
    (
        "a definite mismatch outweighs an unknown",
        TEEN_BIRTH,
        ["depression"],
        None,
        MatchOutcome.MISMATCH,
        ["population", "level not determinable"],
    ),
    (
        "everything off",
        TEEN_BIRTH,
        ["ptsd", "ocd"],
        PHP,
        MatchOutcome.MISMATCH,
        ["population", "condition", "condition", "level"],
    ),
]


@pytest.mark.parametrize(
    ("born", "conditions", "level", "outcome", "checks"),
    [case[1:] for case in MATCH_CASES],
    ids=[case[0] for case in MATCH_CASES],
)
def test_match_table(born, conditions, level, outcome, checks):
    person = Participant(id="p-1", birth_date=born, conditions=conditions)
    result = match(program(), person, placement(level), as_of=ON)
    assert result.outcome is outcome
    assert result.fits is (outcome is MatchOutcome.FITS)
    assert [finding.check.value for finding in result.findings] == checks
    assert result.level is level
    assert result.lines()[0] == f"adult-iop for p-1 on 2026-03-02: {outcome.value}"


def test_match_findings_are_structured():
    person = Participant(id="p-1", birth_date=TEEN_BIRTH, conditions=["ocd"])
    result = match(program(), person, placement(PHP), as_of=ON)
    population, condition, level = result.findings
    assert (population.observed, population.required) == ("adolescent", "adult")
    assert (condition.observed, condition.required) == ("ocd", "anxiety, depression")
    assert (level.observed, level.required) == ("PHP", "IOP")
    assert level.check is ProgramCheck.LEVEL


def test_match_uses_the_programs_adult_age():
    """DCMR 22-A6329 counts youth under 21: a program may draw its line there."""
    twenty = Participant(id="p-1", birth_date=pendulum.date(2006, 1, 1), conditions=["anxiety"])
    youth = program(populations=["adolescent"], adult_age=21)
    assert match(youth, twenty, placement(IOP), as_of=ON).fits
    assert not match(program(populations=["adolescent"]), twenty, placement(IOP), as_of=ON).fits


def test_match_uses_the_chosen_level_of_an_override():
    person = Participant(id="p-1", birth_date=ADULT_BIRTH, conditions=["depression"])
    chosen = placement(PHP).override(IOP, reason="not shown", decided_by="psychiatrist")
    assert match(program(), person, chosen, as_of=ON).fits
    open_one = placement(None).override(IOP, reason="not shown", decided_by="psychiatrist")
    assert match(program(), person, open_one, as_of=ON).outcome is MatchOutcome.FITS


def test_match_shows_no_personal_data():
    person = Participant(id="p-1", birth_date=ADULT_BIRTH, conditions=["ocd"])
    result = match(program(), person, placement(IOP), as_of=ON)
    shown = repr(result) + "".join(result.lines())
    assert "1990" not in shown
    assert "05-17" not in shown
    assert isinstance(result, Match)


def test_match_errors():
    person = Participant(id="p-1", birth_date=ADULT_BIRTH, conditions=["depression"])
    with pytest.raises(InvalidValueError) as caught:
        match(program(), person, placement(IOP, who="p-2"), as_of=ON)
    assert caught.value.field == "placement.participant_id"
    with pytest.raises(InvalidValueError) as caught:
        match(program(), person, placement(IOP, as_of=ON.add(days=1)), as_of=ON)
    assert caught.value.field == "placement.as_of"
    with pytest.raises(InvalidTypeError):
        match("adult-iop", person, placement(IOP), as_of=ON)
    with pytest.raises(InvalidTypeError):
        match(program(), "p-1", placement(IOP), as_of=ON)
    with pytest.raises(InvalidTypeError):
        match(program(), person, "IOP", as_of=ON)
    with pytest.raises(IopcoreError):
        match(program(), person, placement(IOP), as_of=pendulum.naive(2026, 3, 2))


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


# ---------------------------------------------------------------- curriculum progress


def weekly(weeks, attendance="attended", *, service="skills group", who="p-1", day=0):
    first = pendulum.datetime(2026, 1, 5, 9, tz=NY).add(days=day)
    return [
        Session(
            participant_id=who,
            service=service,
            start=first.add(weeks=w),
            end=first.add(weeks=w, hours=3),
            attendance=attendance,
        )
        for w in weeks
    ]


def week_day(week, day=2):
    """A day of program week ``week`` of the DBT program (Wednesday by default)."""
    return START.add(weeks=week, days=day)


# DBT weeks: mindfulness 0-1, distress tolerance 2-7, mindfulness 8-9, emotion
# regulation 10-16, mindfulness 17-18, interpersonal effectiveness 19-23; then again.
# One row per case: attended weeks, missed weeks, as_of week, then
# (current, sessions in current, started, missed, completed).
PROGRESS_CASES = [
    ("a whole cycle from the start", range(24), [], 24, (0, 0, 0, (), True)),
    ("the last week is not over yet", range(24), [], 23, (5, 5, 0, (), False)),
    ("one session of the last module is enough", range(20), [], 24, (0, 0, 0, (), True)),
    ("nothing attended yet", [], [0, 1], 5, (1, 0, None, (), False)),
    ("absent for all of distress tolerance", [0, 1, 8], range(2, 8), 8, (2, 1, 0, (1,), False)),
    ("joined mid-module: round once, not back yet", range(12, 34), [], 33, (2, 2, 3, (), False)),
    (
        "joined mid-module: back in the module of the start",
        range(12, 35),
        [],
        34,
        (3, 1, 3, (), True),
    ),
    (
        "joined at the start of a module: done at its end",
        range(10, 34),
        [],
        34,
        (3, 0, 3, (), True),
    ),
    ("sessions after as_of are left out", range(6), [], 3, (1, 2, 0, (), False)),
    (
        "a missed module made up in the next cycle",
        [*range(2), *range(8, 27)],
        [],
        32,
        (2, 0, 0, (), True),
    ),
    ("missed, not yet made up", [*range(2), *range(8, 25)], [], 26, (1, 0, 0, (1,), False)),
]


@pytest.mark.parametrize(
    ("attended", "absent", "as_of", "expected"),
    [case[1:] for case in PROGRESS_CASES],
    ids=[case[0] for case in PROGRESS_CASES],
)
def test_progress_by_program_week(attended, absent, as_of, expected):
    sessions = weekly(attended) + weekly(absent, "absent")
    progress = curriculum_progress(dbt_program(), sessions, as_of=week_day(as_of))
    assert progress.position == as_of
    observed = (
        progress.current,
        progress.sessions_in_current,
        progress.started,
        progress.missed,
        progress.completed,
    )
    assert observed == expected


def test_progress_before_the_curriculum_starts():
    progress = curriculum_progress(dbt_program(), [], as_of=START.subtract(days=1))
    assert (progress.position, progress.current, progress.current_module) == (None, None, None)
    assert progress.participant_id is None
    assert explain_progress(progress)[0].endswith("not in a module")


def test_progress_counts_only_the_curriculum_services_and_held_sessions():
    sessions = [
        *weekly([0, 1]),
        *weekly([2], service="individual therapy"),
        *weekly([3], "cancelled"),
        *weekly([4], "excused"),
    ]
    progress = curriculum_progress(dbt_program(), sessions, as_of=week_day(4))
    assert progress.attended == 2
    assert [(p.index, p.held, p.attended) for p in progress.passes] == [(0, 2, 2), (1, 1, 0)]


def test_a_session_attended_in_part_counts():
    start = pendulum.datetime(2026, 1, 6, 9, tz=NY)
    partly = Session(
        participant_id="p-1",
        service="skills group",
        start=start,
        end=start.add(hours=3),
        attendance="attended in part",
        attended_minutes=60,
    )
    progress = curriculum_progress(dbt_program(), [partly], as_of=week_day(0))
    assert (progress.attended, progress.started) == (1, 0)


def test_week_positions_follow_the_program_time_zone_and_week_start():
    """A Sunday-evening session in New York is Monday in UTC: it stays in its NY week."""
    sunday = pendulum.datetime(2026, 1, 18, 21, tz=NY)  # Sunday of week 1; Monday 02:00 UTC
    late = Session(
        participant_id="p-1",
        service="skills group",
        start=sunday.in_timezone("UTC"),
        end=sunday.add(hours=2).in_timezone("UTC"),
    )
    progress = curriculum_progress(dbt_program(), [late], as_of=week_day(1, day=6))
    assert (progress.position, progress.started, progress.passes[0].cycle) == (1, 0, 0)
    # With Sunday as the first day of the program week, the same session opens week 2.
    sunday_weeks = dbt_program(calendar=ProgramCalendar(tz=NY, first_weekday=6))
    progress = curriculum_progress(sunday_weeks, [late], as_of=week_day(2))
    assert progress.position == 2
    assert progress.current == 1


CBT = Curriculum(
    name="CBT for depression",
    modules=[
        Module(name="behavioural activation", approach="CBT", length=2),
        Module(name="cognitive restructuring", approach="CBT", length=3),
    ],
    unit="sessions",
    cyclic=False,
    services=["group therapy"],
)

# By session count: one row per case, the attendance of the participant's held
# sessions in order, then (current, sessions in current, missed, completed, attended).
SESSION_CASES = [
    ("all five", ["attended"] * 5, (1, 3, (), True, 5)),
    ("the second module missed", ["attended"] + ["absent"] * 4, (1, 0, (1,), False, 1)),
    ("past the end of a linear curriculum", ["attended"] * 7, (None, 0, (), True, 5)),
    (
        "cancellations do not count",
        ["attended", "cancelled", "attended", "attended"],
        (1, 1, (), False, 3),
    ),
    ("excused absences do", ["attended", "excused", "attended"], (1, 1, (), False, 2)),
]


@pytest.mark.parametrize(
    ("attendance", "expected"),
    [case[1:] for case in SESSION_CASES],
    ids=[case[0] for case in SESSION_CASES],
)
def test_progress_by_session_count(attendance, expected):
    cbt = program(curriculum=CBT, curriculum_start=START)
    first = pendulum.datetime(2026, 1, 5, 9, tz=NY)
    sessions = [
        Session(
            participant_id="p-1",
            service="group therapy",
            start=first.add(days=2 * n),
            end=first.add(days=2 * n, hours=3),
            attendance=kind,
        )
        for n, kind in enumerate(attendance)
    ]
    progress = curriculum_progress(cbt, sessions, as_of=START.add(weeks=4))
    observed = (
        progress.current,
        progress.sessions_in_current,
        progress.missed,
        progress.completed,
        progress.attended,
    )
    assert observed == expected


def test_a_cyclic_session_curriculum_completes_on_return():
    """Missing the first session of a module means coming back to it to complete."""
    cyclic = program(curriculum=attrs.evolve(CBT, cyclic=True), curriculum_start=START)
    first = pendulum.datetime(2026, 1, 5, 9, tz=NY)

    def held(kinds):
        return [
            Session(
                participant_id="p-1",
                service="group therapy",
                start=first.add(days=n),
                end=first.add(days=n, hours=2),
                attendance=kind,
            )
            for n, kind in enumerate(kinds)
        ]

    on = START.add(weeks=2)
    # positions 0-1 behavioural activation, 2-4 cognitive restructuring, 5 BA again
    round_once = ["absent"] + ["attended"] * 4
    assert not curriculum_progress(cyclic, held(round_once), as_of=on).completed
    assert curriculum_progress(cyclic, held([*round_once, "attended"]), as_of=on).completed
    assert curriculum_progress(cyclic, held(["attended"] * 5), as_of=on).completed


def test_progress_errors():
    with pytest.raises(InvalidValueError) as caught:
        curriculum_progress(program(), [], as_of=ON)
    assert caught.value.field == "program.curriculum"
    with pytest.raises(InvalidValueError) as caught:
        curriculum_progress(dbt_program(), weekly([0]) + weekly([1], who="p-2"), as_of=ON)
    assert caught.value.field == "sessions"
    with pytest.raises(InvalidTypeError) as caught:
        curriculum_progress(dbt_program(), [*weekly([0]), "session"], as_of=ON)
    assert caught.value.field == "$.sessions[1]"
    with pytest.raises(InvalidTypeError):
        curriculum_progress(dbt_program(), "sessions", as_of=ON)
    with pytest.raises(InvalidTypeError):
        curriculum_progress("dbt-iop", [], as_of=ON)


def test_progress_lines_and_html():
    progress = curriculum_progress(
        dbt_program(), weekly([0, 1, 8]) + weekly(range(2, 8), "absent"), as_of=week_day(8)
    )
    assert progress.lines() == (
        "p-1, DBT skills in dbt-iop on 2026-03-04: module 3 of 6, mindfulness (1 attended in it)",
        "started in: mindfulness",
        "sessions attended: 3",
        "missed: distress tolerance (module 2)",
        "full cycle completed: no",
    )
    page = progress._repr_html_()
    assert page.count("<tr>") == 1 + 3  # the header and three module passes
    assert "<td>distress tolerance</td><td>6</td><td>0</td><td>yes</td>" in page


# ---------------------------------------------------------------- group capacity

GROUP_START = pendulum.datetime(2026, 3, 2, 9, tz=NY)


def group(who, attendance="attended", *, service="group therapy", start=GROUP_START):
    return Session(
        participant_id=who,
        service=service,
        start=start,
        end=start.add(hours=3),
        attendance=attendance,
    )


# One row per case: the sessions, the maximum group size, then per meeting
# (scheduled, attended, over capacity). The size is a program parameter: no clinical
# default (a typical 8-12 is unconfirmed).
CAPACITY_CASES = [
    ("three in a group of two", [group("a"), group("b"), group("c")], 2, [(3, 3, True)]),
    ("at the maximum", [group("a"), group("b")], 2, [(2, 2, False)]),
    (
        "an absence keeps a place but not a seat",
        [group("a"), group("b"), group("c", "absent")],
        2,
        [(3, 2, False)],
    ),
    (
        "cancellations do not count",
        [group("a"), group("b"), group("c", "cancelled")],
        2,
        [(2, 2, False)],
    ),
    (
        "individual therapy is not a group",
        [group("a"), group("b", service="individual therapy")],
        1,
        [(1, 1, False)],
    ),
    ("no maximum set", [group("a"), group("b"), group("c")], None, [(3, 3, False)]),
    ("one person counted once", [group("a"), group("a")], 1, [(1, 1, False)]),
    (
        "the same instant in another time zone is the same meeting",
        [group("a"), group("b", start=GROUP_START.in_timezone("UTC"))],
        1,
        [(2, 2, True)],
    ),
    (
        "two meetings",
        [group("a"), group("b", start=GROUP_START.add(days=1)), group("c", service="skills group")],
        1,
        [(1, 1, False), (1, 1, False), (1, 1, False)],
    ),
]


@pytest.mark.parametrize(
    ("sessions", "size", "expected"),
    [case[1:] for case in CAPACITY_CASES],
    ids=[case[0] for case in CAPACITY_CASES],
)
def test_group_capacity_table(sessions, size, expected):
    meetings = group_capacity(program(max_group_size=size), sessions)
    assert [(m.scheduled, m.attended, m.over_capacity) for m in meetings] == expected
    for meeting in meetings:
        assert meeting.max_size == size
        if meeting.over_capacity:
            (finding,) = meeting.findings
            assert (finding.check, finding.observed, finding.required) == (
                ProgramCheck.OVER_CAPACITY,
                meeting.attended,
                size,
            )


def test_group_capacity_errors():
    with pytest.raises(InvalidTypeError):
        group_capacity("adult-iop", [])
    with pytest.raises(InvalidTypeError) as caught:
        group_capacity(program(), [group("a"), 3])
    assert caught.value.field == "$.sessions[1]"


# ---------------------------------------------------------------- bad input

BAD_PROGRAMS = [
    ({"populations": []}, InvalidValueError, "populations"),
    ({"populations": ["child"]}, UnknownCodeError, "$.populations[0]"),
    ({"conditions": []}, InvalidValueError, "conditions"),
    ({"conditions": ["flu"]}, UnknownCodeError, "$.conditions[0]"),
    ({"level": "XYZ"}, UnknownCodeError, "level"),
    ({"level": 2}, InvalidTypeError, "level"),
    ({"id": " "}, InvalidValueError, "id"),
    ({"schedules": []}, InvalidValueError, "schedules"),
    ({"schedules": template()}, InvalidTypeError, "schedules"),
    ({"schedules": ["Mon 9-12"]}, InvalidTypeError, "$.schedules[0]"),
    ({"schedules": [template(tz="Europe/London")]}, InvalidValueError, "$.schedules[0].tz"),
    ({"calendar": NY}, InvalidTypeError, "calendar"),
    ({"curriculum": DBT_SKILLS}, InvalidValueError, "curriculum_start"),
    ({"curriculum_start": START}, InvalidValueError, "curriculum"),
    ({"curriculum": "DBT", "curriculum_start": START}, InvalidTypeError, "curriculum"),
    ({"max_group_size": 0}, InvalidValueError, "max_group_size"),
    ({"max_group_size": 8.5}, InvalidTypeError, "max_group_size"),
    ({"group_services": []}, InvalidValueError, "group_services"),
    ({"ruleset": "nope"}, UnknownCodeError, "ruleset"),
    ({"adult_age": 0}, InvalidValueError, "adult_age"),
]


@pytest.mark.parametrize(("changes", "error", "field"), BAD_PROGRAMS)
def test_bad_programs_name_the_field(changes, error, field):
    with pytest.raises(error) as caught:
        program(**changes)
    assert caught.value.field == field
    assert caught.value.allowed


BAD_CURRICULA = [
    (lambda: Module(name="x", approach="yoga", length=2), UnknownCodeError, "approach"),
    (lambda: Module(name="x", approach="CBT", length=0), InvalidValueError, "length"),
    (lambda: Module(name="", approach="CBT", length=1), InvalidValueError, "name"),
    (lambda: Curriculum(name="c", modules=[]), InvalidValueError, "modules"),
    (lambda: Curriculum(name="c", modules=["x"]), InvalidTypeError, "$.modules[0]"),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, unit="days"),
        UnknownCodeError,
        "unit",
    ),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, cyclic=1),
        InvalidTypeError,
        "cyclic",
    ),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, services=[]),
        InvalidValueError,
        "services",
    ),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, source=None),
        InvalidTypeError,
        "source",
    ),
    (
        lambda: Curriculum(name="c", modules=[DBT_SKILLS.modules[0]] * 101),
        InvalidValueError,
        "modules",
    ),
]


@pytest.mark.parametrize(("build", "error", "field"), BAD_CURRICULA)
def test_bad_curricula_name_the_field(build, error, field):
    with pytest.raises(error) as caught:
        build()
    assert caught.value.field == field


# ---------------------------------------------------------------- storage and display


@pytest.mark.parametrize(
    "value",
    [
        DBT_SKILLS,
        CBT,
        program(),
        dbt_program(max_group_size=10, ruleset="medicare", adult_age=21),
        program(
            calendar=ProgramCalendar(
                tz=NY,
                closures=[pendulum.date(2026, 7, 3)],
                partial_days={pendulum.date(2026, 12, 24): 0.5},
            ),
            schedules=[template(), template(days=(1, 3), start=17, end=20)],
            curriculum=CBT,
            curriculum_start=START,
        ),
    ],
    ids=["dbt", "cbt", "plain", "dbt-program", "two-timetables"],
)
def test_round_trips(value):
    assert from_json(to_json(value), type(value)) == value
    assert pickle.loads(pickle.dumps(value)) == value


def test_program_lines_and_html():
    shown = dbt_program(max_group_size=10)
    lines = explain_program(shown)
    assert shown.lines() == lines
    assert lines[0] == "program dbt-iop: Adult depression and anxiety IOP"
    assert (
        "curriculum: DBT skills, cyclic, 24 weeks from 2026-01-05: mindfulness 2 weeks (DBT)"
        in (lines[7])
    )
    assert lines[-1] == "group size: at most 10"
    assert explain_program(program())[-1] == "group size: no maximum set"
    page = attrs.evolve(shown, name="<b>Evening</b> & more")._repr_html_()
    assert "&lt;b&gt;Evening&lt;/b&gt; &amp; more" in page
    assert "<b>Evening" not in page
