"""Every public value type round-trips through JSON: ``from_json(to_json(x), type(x)) == x``.

``CASES`` maps each public value type to a strategy for its values: the public
strategies of :mod:`iopcore.testing.strategies` where there is one, and for result
types the evaluators called on them (``recommend_level`` over ``assessments()``,
``evaluate_transition`` over ``histories()``, ...). The table is found complete by
walking the public modules' ``__all__``: a public class without a row fails
:func:`test_every_public_type_has_a_row`, so a type added later must be added here
(``tests/test_pickle.py`` reads the same table).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopcore
from iopcore import cohort, outcomes, programs, serialize, synthetic
from iopcore.assessments import Assessment, Role
from iopcore.episodes import Discharge, Episode, EpisodeEvent, LevelChange
from iopcore.exceptions import IopcoreError, IopcoreErrorGroup
from iopcore.instruments import INSTRUMENT_NAMES, Score, get_instrument, phq9
from iopcore.instruments import change as change_module
from iopcore.instruments.change import Measurement, ReliabilityDefaults, ReliableChange, Trajectory
from iopcore.intensity import (
    AttendanceSummary,
    IntensityRequirement,
    WeekCompliance,
    WeekFinding,
    WeeklyCompliance,
    attendance_summary,
    requirement_for,
    weekly_compliance,
)
from iopcore.levels import ASAM_3RD_EDITION, ASAM_4TH_EDITION, CALOCUS_CASII_LEVELS, LOCUS_LEVELS
from iopcore.participants import Condition, Participant, Population
from iopcore.placement import Override, Placement, recommend_level
from iopcore.rules import (
    AllOf,
    Always,
    AnyOf,
    BandAtLeast,
    Branch,
    Check,
    DecisionTree,
    FactIs,
    Finding,
    FlagPresent,
    HasCondition,
    Leaf,
    MeasurementAbove,
    MeasurementBelow,
    Not,
    Observation,
    PopulationIs,
    Predicate,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    Rule,
    ScoreAtLeast,
    TreeWalk,
)
from iopcore.rulesets import (
    TRANSITION_PARAMETERS,
    HourBand,
    HoursBasis,
    ParameterSpec,
    Ruleset,
    RulesetRef,
    TransitionParameter,
    available,
    get,
    locus,
    medicare,
    reference,
)
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, Session, WeeklySlot
from iopcore.testing import strategies as ios
from iopcore.transitions import (
    Obligation,
    TransitionDecision,
    TransitionFinding,
    evaluate_transition,
    obligations,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

# ---------------------------------------------------------------- discovering the public types


def public_modules() -> Iterator[object]:
    """``iopcore`` and every module under it without a ``_private`` part in its name."""
    yield iopcore
    for info in pkgutil.walk_packages(iopcore.__path__, "iopcore."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def public_classes() -> set[type]:
    """Every class of iopcore's own named in a public module's ``__all__``."""
    found = set()
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) and value.__module__.startswith("iopcore"):
                found.add(value)
    return found


def is_tagged_base(cls: type) -> bool:
    """A base told apart by ``KIND`` tags (Predicate, EpisodeEvent): not a value itself."""
    return not attrs.has(cls) and "kinds" in vars(cls)


def is_value_type(cls: type) -> bool:
    """What ``to_json`` must take: not an enum, an error, a protocol or a tagged base."""
    import enum  # noqa: PLC0415 - only here

    return not (
        issubclass(cls, enum.Enum | BaseException)
        or getattr(cls, "_is_protocol", False)
        or is_tagged_base(cls)
    )


# ---------------------------------------------------------------- strategies for each type

AS_OF = pendulum.date(2026, 3, 2)
RULESETS = tuple(get(ruleset_id) for ruleset_id in available())
REFERENCE = get("reference", as_of=AS_OF)
LOCUS = get("locus", as_of=AS_OF)
NY = "America/New_York"

placements = ios.assessments(as_of=AS_OF).map(lambda a: recommend_level(a, as_of=AS_OF))
locus_placements = ios.assessments(ruleset=LOCUS, as_of=AS_OF).map(
    lambda a: recommend_level(a, ruleset=LOCUS, as_of=AS_OF)
)


@st.composite
def overridden(draw: st.DrawFn) -> Placement:
    """A placement (findings built or not yet) with the level actually chosen recorded."""
    placement = draw(placements | locus_placements)
    return placement.override(
        draw(ios.levels_of_care()),
        reason=draw(st.sampled_from(["family preference", "bed not available"])),
        decided_by=draw(st.sampled_from(Role)),
    )


def findings_of(results: st.SearchStrategy[object], attribute: str) -> st.SearchStrategy[object]:
    """One of the items in ``result.<attribute>`` (results without any are skipped)."""
    return (
        results.map(lambda result: getattr(result, attribute)).filter(bool).flatmap(st.sampled_from)
    )


def rule_checks(assessments: st.SearchStrategy[object]) -> st.SearchStrategy[Check]:
    """A predicate's answer on an assessment, from every rule of the shipped rulesets."""
    conditions = [rule.when for ruleset in RULESETS for rule in ruleset.rules]
    return st.tuples(st.sampled_from(conditions), assessments).map(
        lambda pair: pair[0].evaluate(pair[1])
    )


names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
thresholds = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))
instruments = st.sampled_from(INSTRUMENT_NAMES)
banded = st.sampled_from([name for name in INSTRUMENT_NAMES if get_instrument(name).BANDS])
LEAF_PREDICATES: dict[type, st.SearchStrategy[Predicate]] = {
    Always: st.just(Always()),
    RatingAtLeast: st.builds(RatingAtLeast, dimension=names, minimum=st.integers(0, 10)),
    RatingAtMost: st.builds(RatingAtMost, dimension=names, maximum=st.integers(0, 10)),
    RatingSumAtLeast: st.builds(
        RatingSumAtLeast,
        dimensions=st.lists(names, min_size=1, max_size=4),
        minimum=st.integers(0, 40),
    ),
    RatingSumAtMost: st.builds(
        RatingSumAtMost,
        dimensions=st.lists(names, min_size=1, max_size=4),
        maximum=st.integers(0, 40),
    ),
    RatingCountAtLeast: st.builds(
        RatingCountAtLeast,
        dimensions=st.lists(names, min_size=1, max_size=4),
        value=st.integers(0, 10),
        count=st.integers(0, 4),
    ),
    ScoreAtLeast: st.builds(ScoreAtLeast, instrument=instruments, minimum=st.integers(0, 80)),
    BandAtLeast: banded.flatmap(
        lambda name: st.builds(
            BandAtLeast, instrument=st.just(name), band=st.sampled_from(get_instrument(name).BANDS)
        )
    ),
    FlagPresent: st.builds(FlagPresent, instrument=instruments, flag=names),
    FactIs: st.builds(FactIs, fact=names, value=st.booleans()),
    MeasurementBelow: st.builds(MeasurementBelow, measurement=names, threshold=thresholds),
    MeasurementAbove: st.builds(MeasurementAbove, measurement=names, threshold=thresholds),
    PopulationIs: st.builds(PopulationIs, population=st.sampled_from(Population)),
    HasCondition: st.builds(HasCondition, condition=st.sampled_from(Condition)),
}
any_predicate = st.recursive(
    st.one_of(*LEAF_PREDICATES.values()),
    lambda parts: st.one_of(
        st.builds(AllOf, of=st.lists(parts, min_size=1, max_size=3)),
        st.builds(AnyOf, of=st.lists(parts, min_size=1, max_size=3)),
        st.builds(Not, of=parts),
    ),
    max_leaves=6,
)
PREDICATES: dict[type, st.SearchStrategy[object]] = {
    **LEAF_PREDICATES,
    AllOf: st.builds(AllOf, of=st.lists(any_predicate, min_size=1, max_size=3)),
    AnyOf: st.builds(AnyOf, of=st.lists(any_predicate, min_size=1, max_size=3)),
    Not: st.builds(Not, of=any_predicate),
}
rules = st.sampled_from([rule for ruleset in RULESETS for rule in ruleset.rules]) | st.builds(
    Rule,
    id=names,
    when=any_predicate,
    min_level=st.none() | ios.levels_of_care(max_level=iopcore.LevelOfCare.RESIDENTIAL),
    rationale=st.just("why"),
    source=st.just("where"),
)
trees = [ruleset.tree for ruleset in RULESETS if ruleset.tree is not None]

locus_ratings = st.builds(
    locus.LocusRatings, **{dimension: st.integers(1, 5) for dimension in locus.DIMENSIONS}
)
# Bands with weekly hours (24-hour care has none to judge week by week).
bands = [
    band
    for ruleset in RULESETS
    for band in ruleset.hours
    if band.basis is not HoursBasis.TWENTY_FOUR_HOUR_CARE
]
requirements = st.sampled_from(bands).map(
    lambda band: requirement_for(
        band.level, band.population, ruleset=next(r for r in RULESETS if band in r.hours)
    )
)
one_participant = st.just("p-1")
session_histories = ios.attendance_histories(max_size=20, participant_ids=one_participant)


@st.composite
def compliance(draw: st.DrawFn) -> WeeklyCompliance:
    """Weekly compliance of a drawn history, with or without a program calendar."""
    calendar = draw(st.none() | ios.program_calendars(tz=NY))
    return weekly_compliance(draw(session_histories), draw(requirements), tz=NY, calendar=calendar)


def billing_days(sessions: list[Session]) -> tuple[medicare.BillingDay, ...]:
    days = sorted(session.start.in_timezone(NY).date() for session in sessions)
    start = days[0] if days else AS_OF
    return medicare.billing_days(sessions, tz=NY, start=start, end=start.add(days=13))


slots = st.builds(
    WeeklySlot,
    weekday=st.integers(0, 6),
    start=st.integers(6 * 4, 14 * 4).map(lambda q: pendulum.time(q // 4, 15 * (q % 4))),
    end=st.integers(15 * 4, 22 * 4).map(lambda q: pendulum.time(q // 4, 15 * (q % 4))),
    service=st.sampled_from(iopcore.ServiceType),
)
histories = ios.histories(as_of=AS_OF, max_weeks=8)
decisions = histories.map(
    lambda h: evaluate_transition(
        h.episode, assessments=h.assessments, sessions=h.sessions, as_of=h.as_of
    )
)
deadlines = histories.map(
    lambda h: obligations(h.episode, assessments=h.assessments, as_of=h.as_of)
)
events = ios.episodes(as_of=AS_OF, min_events=1).map(lambda episode: episode.events)


@st.composite
def matches(draw: st.DrawFn) -> programs.Match:
    """A participant matched to a program on the placement of their own assessment."""
    person = draw(ios.participants(as_of=AS_OF))
    assessment = draw(ios.assessments(as_of=AS_OF, participant_ids=st.just(person.id)))
    placement = recommend_level(assessment, as_of=AS_OF)
    return programs.match(draw(ios.programs()), person, placement, as_of=AS_OF)


def attended_as_planned(program: programs.Program) -> programs.CurriculumProgress:
    """Progress through the curriculum over eight weeks of the program's first timetable."""
    first = program.curriculum_start or AS_OF.subtract(weeks=8)
    planned = program.schedules[0].sessions(
        "p-1", start=first, end=first.add(weeks=8), calendar=program.calendar
    )
    return programs.curriculum_progress(program, planned, as_of=first.add(weeks=8))


progress = st.tuples(ios.programs(curriculum=True), session_histories).map(
    lambda pair: programs.curriculum_progress(pair[0], pair[1], as_of=AS_OF)
) | ios.programs(curriculum=True).map(attended_as_planned)
meetings = st.tuples(ios.programs(), st.lists(ios.sessions(), max_size=12)).map(
    lambda pair: programs.group_capacity(pair[0], pair[1])
)
curricula = ios.curricula() | st.just(programs.DBT_SKILLS)
synthetic_histories = st.integers(1, 4).map(
    lambda n: synthetic.histories(n, seed=n, as_of=AS_OF, weeks=4)
)
summaries = synthetic_histories.map(
    lambda found: cohort.summarize(cohort.participant_records(found, as_of=AS_OF, tz=NY))
)


def records_of(history: synthetic.SyntheticHistory) -> cohort.ParticipantRecords:
    return cohort.ParticipantRecords(
        participant=history.participant,
        episode=history.episode,
        assessments=history.assessments,
        sessions=history.sessions,
    )


def of_type(cls: type, values: st.SearchStrategy[tuple[object, ...]]) -> st.SearchStrategy[object]:
    """One item of type ``cls`` from a drawn tuple (tuples without one are skipped)."""
    return (
        values.map(lambda items: [item for item in items if type(item) is cls])
        .filter(bool)
        .flatmap(st.sampled_from)
    )


@st.composite
def drr_e_summaries(draw: st.DrawFn) -> outcomes.DrrESummary:
    """The DRR-E measure over two people: an index PHQ-9, and a later one for one of them."""
    answers = st.lists(st.integers(0, 3), min_size=9, max_size=9)
    index_day = pendulum.date(2025, 3, 3)
    people = [
        Participant(id=name, birth_date=pendulum.date(1980, 3, 1), conditions=["depression"])
        for name in ("a", "b")
    ]
    found = [
        Assessment(participant_id=name, assessed_on=index_day, scores=[phq9.score(draw(answers))])
        for name in ("a", "b")
    ]
    later = index_day.add(days=draw(st.integers(1, 300)))
    found.append(
        Assessment(participant_id="a", assessed_on=later, scores=[phq9.score(draw(answers))])
    )
    as_of = later.add(days=draw(st.integers(0, 300)))
    return outcomes.drr_e(
        people,
        found,
        intake_start=pendulum.date(2025, 1, 1),
        intake_end=pendulum.date(2025, 12, 31),
        as_of=as_of,
    )


#: Each public value type and a strategy for its values.
CASES: dict[type, st.SearchStrategy[object]] = {
    # participants, instruments, assessments
    Participant: ios.participants(),
    Score: ios.scores(),
    Measurement: ios.measurements(),
    Trajectory: ios.trajectories(),
    ReliableChange: st.tuples(
        ios.scores("phq9", complete=True), ios.scores("phq9", complete=True)
    ).map(
        lambda pair: change_module.reliable_change(
            pair[0], pair[1], sd=change_module.RELIABILITY_DEFAULTS["phq9"].sd, reliability=0.84
        )
    ),
    ReliabilityDefaults: st.sampled_from(list(change_module.RELIABILITY_DEFAULTS.values())),
    iopcore.Assessment: ios.assessments(),
    # rules and rulesets
    **PREDICATES,
    Rule: rules,
    Observation: findings_of(rule_checks(ios.assessments()), "observations"),
    Check: rule_checks(ios.assessments()),
    Finding: findings_of(placements, "findings"),
    Branch: st.sampled_from([branch for tree in trees for branch in tree.branches]),
    Leaf: st.sampled_from([leaf for tree in trees for leaf in tree.leaves]),
    DecisionTree: st.sampled_from(trees),
    TreeWalk: ios.assessments(ruleset=LOCUS).map(LOCUS.tree.walk),
    Ruleset: st.sampled_from(RULESETS),
    RulesetRef: st.sampled_from([ruleset.ref for ruleset in RULESETS]),
    HourBand: st.sampled_from(bands),
    TransitionParameter: st.sampled_from([p for ruleset in RULESETS for p in ruleset.transitions]),
    ParameterSpec: st.sampled_from(list(TRANSITION_PARAMETERS.values())),
    locus.LocusRatings: locus_ratings,
    locus.LocusResult: st.builds(
        locus.assign, locus_ratings, completed_treatment=st.booleans(), act_team=st.booleans()
    ),
    # placement
    Placement: placements | locus_placements | overridden(),
    Override: overridden().map(lambda placement: placement.chosen),
    # sessions and intensity
    Session: ios.sessions(),
    ProgramCalendar: ios.program_calendars(),
    WeeklySlot: slots,
    ScheduleTemplate: st.builds(
        ScheduleTemplate,
        tz=st.sampled_from(ios.SESSION_TIME_ZONES),
        slots=st.lists(slots.filter(lambda slot: slot.end > slot.start), max_size=5),
    ),
    IntensityRequirement: requirements,
    WeeklyCompliance: compliance(),
    WeekCompliance: compliance().filter(bool).flatmap(st.sampled_from),
    WeekFinding: compliance()
    .map(lambda weeks: [f for w in weeks for f in w.findings])
    .filter(bool)
    .flatmap(st.sampled_from),
    AttendanceSummary: session_histories.map(lambda sessions: attendance_summary(sessions, tz=NY)),
    medicare.BillingDay: session_histories.map(billing_days).flatmap(st.sampled_from),
    # episodes and transitions
    Episode: ios.episodes(),
    LevelChange: of_type(LevelChange, events),
    Discharge: of_type(Discharge, events),
    TransitionDecision: decisions,
    TransitionFinding: findings_of(decisions, "findings"),
    Obligation: deadlines.filter(bool).flatmap(st.sampled_from),
    # programs
    programs.Program: ios.programs(),
    programs.Curriculum: curricula,
    programs.Module: curricula.flatmap(lambda curriculum: st.sampled_from(curriculum.modules)),
    programs.Match: matches(),
    programs.ProgramFinding: findings_of(matches(), "findings"),
    programs.ScheduleCheck: ios.programs()
    .map(lambda program: programs.schedule_intensity(program, start=AS_OF, end=AS_OF.add(days=20)))
    .filter(bool)
    .flatmap(st.sampled_from),
    programs.GroupMeeting: meetings.filter(bool).flatmap(st.sampled_from),
    programs.CurriculumProgress: progress,
    programs.ModuleAttendance: findings_of(progress, "passes"),
    # cohorts
    cohort.ParticipantRecords: synthetic_histories.map(lambda found: records_of(found[-1]))
    | st.builds(cohort.ParticipantRecords, participant=ios.participants()),
    cohort.Evaluation: synthetic_histories.map(
        lambda found: cohort.evaluate_participant(found[-1], as_of=AS_OF, tz=NY)
    ),
    cohort.CohortSummary: summaries,
    cohort.OutcomeSummary: summaries.flatmap(
        lambda summary: st.sampled_from([summary.phq9, summary.gad7])
    ),
    # tables, the testing kit and the synthetic cohort
    iopcore.levels.CrosswalkRow: st.sampled_from(
        [*ASAM_3RD_EDITION, *ASAM_4TH_EDITION, *LOCUS_LEVELS, *CALOCUS_CASII_LEVELS]
    ),
    reference.Dimension: st.sampled_from(reference.DIMENSIONS),
    ios.RulesetInputs: st.sampled_from(RULESETS).map(ios.ruleset_inputs),
    ios.History: histories,
    synthetic.SyntheticCohort: st.integers(0, 3).map(
        lambda n: synthetic.cohort(n, seed=n, as_of=AS_OF)
    ),
    outcomes.DrrESummary: drr_e_summaries(),
    outcomes.DrrEResult: drr_e_summaries()
    .map(lambda summary: summary.results)
    .flatmap(st.sampled_from),
    synthetic.SyntheticHistory: st.integers(1, 2).map(
        lambda n: synthetic.histories(n, seed=n, as_of=AS_OF, weeks=3)[-1]
    ),
}

#: Examples per type: a few in the dev profile, more in CI (the table is long).
EXAMPLES = max(8, settings.default.max_examples // 8)
SETTINGS = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def same(copy: object, value: object) -> bool:
    """Equal as the type compares; a tuple subclass's own attributes compared too."""
    if attrs.has(type(value)) or not hasattr(value, "__dict__"):
        return copy == value
    return copy == value and vars(copy) == vars(value)


def test_every_public_type_has_a_row():
    """A public class that to_json must take and the table lacks fails here."""
    missing = {cls for cls in public_classes() if is_value_type(cls)} - set(CASES)
    assert sorted(cls.__qualname__ for cls in missing) == []


def test_the_table_holds_only_public_value_types():
    """No row for a type that is gone or private (a renamed type cannot hide)."""
    assert set(CASES) <= public_classes()
    assert all(is_value_type(cls) for cls in CASES)


def test_every_tagged_subclass_has_a_row():
    """Predicates and episode events are stored by their KIND tag; each of iopcore's kinds
    has a row (other tests define kinds of their own, which need none)."""
    for base in (Predicate, EpisodeEvent):
        ours = {cls for cls in base.kinds().values() if cls.__module__.startswith("iopcore.")}
        assert len(ours) >= 2
        assert ours <= set(CASES)


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_round_trip(cls):
    """from_json(to_json(x), type(x)) == x; the text is the same when written again."""

    @SETTINGS
    @given(CASES[cls])
    def check(value):
        assert type(value) is cls
        text = serialize.to_json(value)
        copy = serialize.from_json(text, cls)
        assert type(copy) is cls
        assert same(copy, value)
        assert same(value, copy)
        assert serialize.to_json(copy) == text
        assert serialize.from_dict(serialize.to_dict(value), cls) == value

    check()


def _field_names(cls: type) -> list[str]:
    if cls is WeeklyCompliance:
        return ["participant_id", "requirement", "weeks"]
    return list(serialize._field_names(cls))


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_keys_come_in_a_stable_order(cls):
    """schema_version first, then the fields in the order the class declares them."""

    @settings(SETTINGS, max_examples=3)
    @given(CASES[cls])
    def check(value):
        keys = list(json.loads(serialize.to_json(value)))
        assert keys[0] == "schema_version"
        fields = _field_names(cls)
        assert keys[1:] == [name for name in fields if name in keys]
        left_out = set(fields) - set(keys)
        assert all(
            attrs.fields_dict(cls)[name].metadata.get("omit_if_default") for name in left_out
        )

    check()


def test_equal_mappings_give_the_same_text_whatever_their_order():
    """A mapping's keys are written sorted, not in the order they were counted."""
    first = WeekCompliance(
        week_start=pendulum.date(2024, 4, 1),
        hours=9.0,
        scheduled_hours=9.0,
        days_attended=2,
        services={iopcore.ServiceType.PSYCHOEDUCATION: 1, iopcore.ServiceType.GROUP_THERAPY: 2},
        open_fraction=1.0,
        required_hours=9.0,
        assessed=True,
        met=True,
    )
    second = attrs.evolve(first, services=dict(reversed(first.services.items())))
    assert list(first.services) != list(second.services)
    assert first == second
    text = serialize.to_json(first)
    assert serialize.to_json(second) == text
    assert '"services": {"group therapy": 2, "psychoeducation": 1}' in text


def test_a_placement_read_back_equals_one_whose_findings_are_not_built_yet():
    """The lazily built findings take part in equality like any field."""
    assessment = synthetic.assessments(1, seed=7, as_of=AS_OF)[0]
    written = recommend_level(assessment, as_of=AS_OF)
    copy = serialize.from_json(serialize.to_json(written), Placement)
    fresh = recommend_level(assessment, as_of=AS_OF)
    assert "findings" not in vars(fresh)
    assert copy == fresh
    assert copy.findings == fresh.findings
    other = recommend_level(attrs.evolve(assessment, ratings={}), as_of=AS_OF)
    assert copy != other


def test_a_locus_result_read_back_equals_one_whose_steps_are_not_built_yet():
    ratings = locus.LocusRatings(**dict.fromkeys(locus.DIMENSIONS, 3))
    copy = serialize.from_json(serialize.to_json(locus.assign(ratings)), locus.LocusResult)
    fresh = locus.assign(ratings)
    assert "steps" not in vars(fresh)
    assert copy == fresh
    assert copy.steps


# ---------------------------------------------------------------- bad input names its path

JUNK = [["not", "a", "scalar"]]


def _scalar_leaves(data: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    """The path of every scalar (str, number, bool, null) inside ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalar_leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _scalar_leaves(value, (*path, index))
    elif path != ("schema_version",):
        yield path


def _replaced(data: object, path: tuple[object, ...], junk: object) -> object:
    if not path:
        return junk
    head, *rest = path
    if isinstance(data, dict):
        return {
            key: _replaced(value, rest, junk) if key == head else value
            for key, value in data.items()
        }
    assert isinstance(data, list)
    return [
        _replaced(value, rest, junk) if index == head else value for index, value in enumerate(data)
    ]


def _path_pattern(path: tuple[object, ...]) -> re.Pattern[str]:
    """``$``, then ``[3]`` for an index and ``.key`` or ``['key']`` for a key."""
    steps = []
    for step in path:
        if isinstance(step, int):
            steps.append(rf"\[{step}\]")
        else:
            steps.append(rf"(?:\.{re.escape(step)}|\[{re.escape(repr(step))}\])")
    # A null replaced by a list may be read as a list of the field's items: the error
    # is then at an item of it.
    return re.compile(r"\$" + "".join(steps) + r"(?:\[0\])?")


def _leaves_of(error: BaseException) -> list[IopcoreError]:
    if isinstance(error, IopcoreErrorGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves_of(inner)]
    assert isinstance(error, IopcoreError)
    return [error]


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_a_bad_value_anywhere_gives_an_iopcore_error_with_its_path(cls):
    """Put a list where any one scalar was: one iopcore error, naming that place."""

    @SETTINGS
    @given(CASES[cls], st.data())
    def check(value, data):
        written = serialize.to_dict(value)
        # A value without any scalar (Always()) has its whole dict replaced.
        path = data.draw(st.sampled_from(list(_scalar_leaves(written)) or [()]))
        bad = json.dumps(_replaced(written, path, JUNK))
        with pytest.raises(IopcoreError) as caught:
            serialize.from_json(bad, cls)
        (error,) = _leaves_of(caught.value)
        assert _path_pattern(path).fullmatch(error.field), (error.field, path)

    check()
