"""Curriculum progress: by program week and by session count."""

import attrs
import pendulum
import pytest
from _program_builders import CBT, NY, ON, START, dbt_program, program

from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.explain import explain_progress
from iopcore.programs import (
    curriculum_progress,
)
from iopcore.sessions import ProgramCalendar, Session

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
