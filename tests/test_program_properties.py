"""Property tests for programs and curricula, drawn from iopcore.testing.strategies."""

import pickle

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from iopcore import Participant
from iopcore.placement import Placement
from iopcore.programs import (
    Curriculum,
    LengthUnit,
    MatchOutcome,
    Program,
    curriculum_progress,
    match,
    schedule_intensity,
)
from iopcore.rulesets import RulesetRef
from iopcore.serialize import from_json, to_json
from iopcore.sessions import Session
from iopcore.testing import strategies as ios


@given(ios.programs())
def test_programs_round_trip(program):
    """A program survives JSON and pickle unchanged."""
    assert from_json(to_json(program), Program) == program
    assert pickle.loads(pickle.dumps(program)) == program


@given(ios.curricula())
def test_curricula_round_trip_and_positions(curriculum):
    """A curriculum survives JSON; its cycle is the sum of its modules' lengths, and
    each position of the first cycle falls in the module that covers it."""
    assert from_json(to_json(curriculum), Curriculum) == curriculum
    assert curriculum.cycle_length == sum(module.length for module in curriculum.modules)
    position = 0
    for index, module in enumerate(curriculum.modules):
        for _ in range(module.length):
            assert curriculum.module_at(position) == index
            position += 1


@given(ios.programs(curriculum=False), st.integers(0, 3 * 366), st.integers(0, 55))
def test_planned_hours_are_the_sum_of_the_timetables_sessions(program, offset, days):
    """A program's planned hours equal the sum of its timetable's planned sessions,
    across clock changes and closures (no two slots of a drawn timetable overlap)."""
    start = pendulum.date(2023, 1, 1).add(days=offset)
    end = start.add(days=days)
    checks = schedule_intensity(program, start=start, end=end)
    assert len(checks) == len(program.schedules) * len(program.populations)
    for check in checks:
        template = program.schedules[check.schedule]
        planned = template.sessions("plan", start=start, end=end, calendar=program.calendar)
        assert abs(check.planned_hours - sum(s.hours for s in planned)) < 1e-9
        assert check.requirement.level is program.level


def _attended_passes(progress):
    return {(item.cycle, item.index) for item in progress.passes if item.attended}


def _not_behind(before, after):
    assert after.attended >= before.attended
    assert _attended_passes(after) >= _attended_passes(before)
    assert after.completed or not before.completed
    if before.started is not None:
        assert after.passes[0].cycle * 1000 + after.passes[0].index <= (
            before.passes[0].cycle * 1000 + before.passes[0].index
        )


@st.composite
def _histories(draw, *, unit=None):
    """A program with a curriculum and one participant's sessions of it, in time order."""
    program = draw(ios.programs(curriculum=True))
    if unit is not None:
        program = attrs.evolve(program, curriculum=attrs.evolve(program.curriculum, unit=unit))
    service = min(program.curriculum.services, key=lambda kind: kind.value)
    begun = program.curriculum_start
    days = draw(st.lists(st.integers(-7, 200), max_size=30, unique=True))
    sessions = []
    for day in sorted(days):
        start = pendulum.datetime(begun.year, begun.month, begun.day, 10, tz=program.tz).add(
            days=day
        )
        sessions.append(
            Session(
                participant_id="p-1",
                service=service,
                start=start,
                end=start.add(hours=2),
                attendance=draw(st.sampled_from(["attended", "absent", "excused", "cancelled"])),
            )
        )
    return program, sessions


@given(st.data())
def test_progress_never_goes_backwards_as_sessions_follow(data):
    """Adding later sessions (and moving as_of on to them) never loses attended
    sessions or module passes, never undoes a completed cycle, and never moves the
    module a participant started in later (both length units)."""
    program, sessions = data.draw(_histories())
    before = None
    for count in range(len(sessions) + 1):
        shown = sessions[:count]
        on = shown[-1].start.in_timezone(program.tz).date() if shown else program.curriculum_start
        progress = curriculum_progress(program, shown, as_of=on)
        if before is not None:
            _not_behind(before, progress)
            if before.position is not None and progress.position is not None:
                assert progress.position >= before.position
        before = progress


@given(st.data())
def test_progress_by_week_never_goes_backwards_as_attended_sessions_are_added(data):
    """By program week, an attended session added anywhere (as_of fixed) never takes
    progress back."""
    program, sessions = data.draw(_histories(unit=LengthUnit.WEEKS))
    on = program.curriculum_start.add(days=210)
    order = data.draw(st.permutations(range(len(sessions))))
    added = [sessions[index] for index in order if sessions[index].attendance.attended]
    before = curriculum_progress(program, [], as_of=on)
    for count in range(1, len(added) + 1):
        progress = curriculum_progress(program, added[:count], as_of=on)
        _not_behind(before, progress)
        assert progress.position == before.position
        before = progress


@given(ios.programs(), ios.participants(as_of=pendulum.date(2026, 1, 1)))
def test_a_program_fits_whoever_it_serves_at_its_level(program, person):
    """A participant of a population and conditions the program serves, placed at its
    level, fits; placed one level off, the only finding is the level."""
    on = pendulum.date(2026, 1, 1)
    served = attrs.evolve(person, conditions=program.conditions)
    population = served.population_on(on, adult_age=program.adult_age)
    program = attrs.evolve(program, populations=program.populations | {population})
    ref = RulesetRef(id="r", version="1", hash="0" * 64)

    def placed(level):
        return Placement(
            participant_id=served.id,
            assessed_on=on,
            as_of=on,
            level=level,
            determinable=True,
            at_least=level,
            at_most=level,
            missing=(),
            findings=(),
            ruleset=ref,
        )

    assert match(program, served, placed(program.level), as_of=on).outcome is MatchOutcome.FITS
    other = max(level for level in type(program.level) if level is not program.level)
    off = match(program, served, placed(other), as_of=on)
    assert off.outcome is MatchOutcome.MISMATCH
    assert [finding.check.value for finding in off.findings] == ["level"]
    assert isinstance(served, Participant)
