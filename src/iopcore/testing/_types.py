"""A strategy for every public iopcore value type: what ``st.from_type`` draws.

The table is built on first use (:func:`strategy_for`), so the Hypothesis hook only
pays for importing the classes. Plain values come from the public strategies of
:mod:`iopcore.testing.strategies`; result types are what the evaluators give on them
(``recommend_level`` over ``assessments()``, ``evaluate_transition`` over
``histories()``, ...), so every drawn value is one iopcore itself could produce.
"""

from __future__ import annotations

import enum
import functools
import importlib
import pkgutil
from typing import TYPE_CHECKING, Any, Final, TypeVar

import pendulum
from hypothesis import strategies as st

import iopcore
from iopcore import cohort, fhir, levels, outcomes, programs, synthetic
from iopcore.assessments import Assessment, Role
from iopcore.episodes import Discharge, Episode, EpisodeEvent, LevelChange
from iopcore.instruments import INSTRUMENT_NAMES, Responses, Score, get_instrument, phq9
from iopcore.instruments import change as change_module
from iopcore.instruments.change import DatedScore, ReliabilityDefaults, ReliableChange, Trajectory
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
from iopcore.levels import LevelOfCare
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
    get_ruleset,
    locus,
    medicare,
    reference,
)
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, ServiceType, Session, WeeklySlot
from iopcore.testing import strategies as ios
from iopcore.testing.strategies import TypicalWeek, typical_weeks
from iopcore.transitions import (
    Obligation,
    TransitionDecision,
    TransitionFinding,
    evaluate_transition,
    obligations,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import ModuleType

    from hypothesis.strategies import SearchStrategy

T = TypeVar("T")

#: The day results are computed on (strategies never read the clock).
AS_OF: Final = pendulum.date(2026, 3, 2)
_TZ: Final = "America/New_York"


def _one_of(results: SearchStrategy[Any], items: Callable[[Any], Any]) -> SearchStrategy[Any]:
    """One of ``items(result)`` (results with none are drawn again)."""
    return results.map(lambda result: list(items(result))).filter(bool).flatmap(st.sampled_from)


def _of_type(cls: type, values: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """One item of type ``cls`` from a drawn collection."""
    return _one_of(values, lambda found: [item for item in found if type(item) is cls])


def _predicates() -> dict[type, SearchStrategy[Any]]:
    names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
    some_names = st.lists(names, min_size=1, max_size=4)
    thresholds = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))
    instruments = st.sampled_from(INSTRUMENT_NAMES)
    banded = [name for name in INSTRUMENT_NAMES if get_instrument(name).BANDS]
    leaves: dict[type, SearchStrategy[Any]] = {
        Always: st.just(Always()),
        RatingAtLeast: st.builds(RatingAtLeast, dimension=names, minimum=st.integers(0, 10)),
        RatingAtMost: st.builds(RatingAtMost, dimension=names, maximum=st.integers(0, 10)),
        RatingSumAtLeast: st.builds(
            RatingSumAtLeast, dimensions=some_names, minimum=st.integers(0, 40)
        ),
        RatingSumAtMost: st.builds(
            RatingSumAtMost, dimensions=some_names, maximum=st.integers(0, 40)
        ),
        RatingCountAtLeast: st.builds(
            RatingCountAtLeast,
            dimensions=some_names,
            value=st.integers(0, 10),
            count=st.integers(0, 4),
        ),
        ScoreAtLeast: st.builds(ScoreAtLeast, instrument=instruments, minimum=st.integers(0, 80)),
        BandAtLeast: st.sampled_from(banded).flatmap(
            lambda name: st.builds(
                BandAtLeast,
                instrument=st.just(name),
                band=st.sampled_from(get_instrument(name).BANDS),
            )
        ),
        FlagPresent: st.builds(FlagPresent, instrument=instruments, flag=names),
        FactIs: st.builds(FactIs, fact=names, value=st.booleans()),
        MeasurementBelow: st.builds(MeasurementBelow, measurement=names, threshold=thresholds),
        MeasurementAbove: st.builds(MeasurementAbove, measurement=names, threshold=thresholds),
        PopulationIs: st.builds(PopulationIs, population=st.sampled_from(Population)),
        HasCondition: st.builds(HasCondition, condition=st.sampled_from(Condition)),
    }
    nested = st.recursive(
        st.one_of(*leaves.values()),
        lambda parts: st.one_of(
            st.builds(AllOf, of=st.lists(parts, min_size=1, max_size=3)),
            st.builds(AnyOf, of=st.lists(parts, min_size=1, max_size=3)),
            st.builds(Not, of=parts),
        ),
        max_leaves=6,
    )
    some = st.lists(nested, min_size=1, max_size=3)
    return {
        **leaves,
        AllOf: st.builds(AllOf, of=some),
        AnyOf: st.builds(AnyOf, of=some),
        Not: st.builds(Not, of=nested),
        Predicate: nested,
        Rule: st.builds(
            Rule,
            id=names,
            when=nested,
            min_level=st.none() | ios.levels_of_care(max_level=LevelOfCare.RESIDENTIAL),
            rationale=st.just("why"),
            source=st.just("where"),
        ),
    }


def _rules(rulesets: tuple[Ruleset, ...]) -> dict[type, SearchStrategy[Any]]:
    locus_ruleset = get_ruleset("locus", as_of=AS_OF)
    trees = [ruleset.tree for ruleset in rulesets if ruleset.tree is not None]
    conditions = [rule.when for ruleset in rulesets for rule in ruleset.rules]
    checks = st.tuples(st.sampled_from(conditions), ios.assessments()).map(
        lambda pair: pair[0].evaluate(pair[1])
    )
    ratings = st.builds(
        locus.LocusRatings, **{dimension: st.integers(1, 5) for dimension in locus.DIMENSIONS}
    )
    shipped_rules = st.sampled_from([rule for ruleset in rulesets for rule in ruleset.rules])
    predicates = _predicates()
    tree = locus_ruleset.tree
    assert tree is not None  # noqa: S101 - LOCUS is a decision tree by definition
    return {
        **predicates,
        Rule: shipped_rules | predicates[Rule],
        Check: checks,
        Observation: _one_of(checks, lambda check: check.observations),
        Branch: st.sampled_from([branch for tree in trees for branch in tree.branches]),
        Leaf: st.sampled_from([leaf for tree in trees for leaf in tree.leaves]),
        DecisionTree: st.sampled_from(trees),
        TreeWalk: ios.assessments(ruleset=locus_ruleset).map(tree.walk),
        Ruleset: st.sampled_from(rulesets),
        RulesetRef: st.sampled_from([ruleset.ref for ruleset in rulesets]),
        TransitionParameter: st.sampled_from([p for r in rulesets for p in r.transitions]),
        ParameterSpec: st.sampled_from(list(TRANSITION_PARAMETERS.values())),
        locus.LocusRatings: ratings,
        locus.LocusResult: st.builds(
            locus.assign, ratings, completed_treatment=st.booleans(), act_team=st.booleans()
        ),
        reference.Dimension: st.sampled_from(reference.DIMENSIONS),
        ios.RulesetInputs: st.sampled_from(rulesets).map(ios.ruleset_inputs),
    }


def _placements() -> dict[type, SearchStrategy[Any]]:
    locus_ruleset = get_ruleset("locus", as_of=AS_OF)
    placed = ios.assessments(as_of=AS_OF).map(lambda a: recommend_level(a, as_of=AS_OF)) | (
        ios.assessments(ruleset=locus_ruleset, as_of=AS_OF).map(
            lambda a: recommend_level(a, ruleset=locus_ruleset, as_of=AS_OF)
        )
    )

    @st.composite
    def overridden(draw: st.DrawFn) -> Placement:
        return draw(placed).override(
            draw(ios.levels_of_care()),
            reason=draw(st.sampled_from(["family preference", "bed not available"])),
            decided_by=draw(st.sampled_from(Role)),
        )

    return {
        Placement: placed | overridden(),
        Override: overridden().map(lambda placement: placement.chosen),
        Finding: _one_of(placed, lambda placement: placement.findings),
    }


def _intensity(rulesets: tuple[Ruleset, ...]) -> dict[type, SearchStrategy[Any]]:
    # Bands with weekly hours (24-hour care has none to judge week by week).
    bands = [
        band
        for ruleset in rulesets
        for band in ruleset.hours
        if band.basis is not HoursBasis.TWENTY_FOUR_HOUR_CARE
    ]
    requirements = st.sampled_from(
        [
            requirement_for(band.level, band.population, ruleset=ruleset)
            for ruleset in rulesets
            for band in ruleset.hours
            if band in bands
        ]
    )
    histories = ios.attendance_histories(max_size=20, participant_ids=st.just("p-1"))
    compliance = st.builds(
        lambda sessions, requirement, calendar: weekly_compliance(
            sessions, requirement, tz=_TZ, calendar=calendar
        ),
        histories,
        requirements,
        st.none() | ios.program_calendars(tz=_TZ),
    )
    slots = st.builds(
        WeeklySlot,
        weekday=st.integers(0, 6),
        start=st.integers(6 * 4, 14 * 4).map(lambda q: pendulum.time(q // 4, 15 * (q % 4))),
        end=st.integers(15 * 4, 22 * 4).map(lambda q: pendulum.time(q // 4, 15 * (q % 4))),
        service=st.sampled_from(ServiceType),
    )
    return {
        Session: ios.sessions(),
        ProgramCalendar: ios.program_calendars(),
        WeeklySlot: slots,
        ScheduleTemplate: st.builds(
            ScheduleTemplate,
            tz=st.sampled_from(ios.SESSION_TIME_ZONES),
            slots=st.lists(slots.filter(lambda slot: slot.end > slot.start), max_size=5),
        ),
        TypicalWeek: typical_weeks(),
        HourBand: st.sampled_from(bands),
        IntensityRequirement: requirements,
        WeeklyCompliance: compliance,
        WeekCompliance: _one_of(compliance, lambda weeks: weeks),
        WeekFinding: _one_of(compliance, lambda weeks: [f for w in weeks for f in w.findings]),
        AttendanceSummary: histories.map(lambda sessions: attendance_summary(sessions, tz=_TZ)),
        medicare.BillingDay: _one_of(histories, _billing_days),
    }


def _billing_days(sessions: list[Session]) -> tuple[medicare.BillingDay, ...]:
    days = sorted(session.start.in_timezone(_TZ).date() for session in sessions)
    start = days[0] if days else AS_OF
    return medicare.billing_days(sessions, tz=_TZ, start=start, end=start.add(days=13))


def _episodes() -> dict[type, SearchStrategy[Any]]:
    histories = ios.histories(as_of=AS_OF, max_weeks=8)
    decisions = histories.map(
        lambda h: evaluate_transition(
            h.episode, assessments=h.assessments, sessions=h.sessions, as_of=h.as_of
        )
    )
    events = ios.episodes(as_of=AS_OF, min_events=1).map(lambda episode: episode.events)
    return {
        Episode: ios.episodes(),
        LevelChange: _of_type(LevelChange, events),
        Discharge: _of_type(Discharge, events),
        EpisodeEvent: _one_of(events, lambda found: found),
        TransitionDecision: decisions,
        TransitionFinding: _one_of(decisions, lambda decision: decision.findings),
        Obligation: _one_of(
            histories,
            lambda h: obligations(h.episode, assessments=h.assessments, as_of=h.as_of),
        ),
        ios.History: histories,
    }


def _attended_as_planned(program: programs.Program) -> programs.CurriculumProgress:
    """Progress through the curriculum over eight weeks of the program's first timetable."""
    first = program.curriculum_start or AS_OF.subtract(weeks=8)
    planned = program.schedules[0].sessions(
        "p-1", start=first, end=first.add(weeks=8), calendar=program.calendar
    )
    return programs.curriculum_progress(program, planned, as_of=first.add(weeks=8))


def _programs() -> dict[type, SearchStrategy[Any]]:
    @st.composite
    def matches(draw: st.DrawFn) -> programs.Match:
        person = draw(ios.participants(as_of=AS_OF))
        assessment = draw(ios.assessments(as_of=AS_OF, participant_ids=st.just(person.id)))
        placement = recommend_level(assessment, as_of=AS_OF)
        return programs.match(draw(ios.programs()), person, placement, as_of=AS_OF)

    histories = ios.attendance_histories(max_size=20, participant_ids=st.just("p-1"))
    progress = st.tuples(ios.programs(curriculum=True), histories).map(
        lambda pair: programs.curriculum_progress(pair[0], pair[1], as_of=AS_OF)
    ) | ios.programs(curriculum=True).map(_attended_as_planned)
    meetings = st.tuples(ios.programs(), st.lists(ios.sessions(), max_size=12)).map(
        lambda pair: programs.group_capacity(pair[0], pair[1])
    )
    curricula = ios.curricula() | st.just(programs.DBT_SKILLS)
    return {
        programs.Program: ios.programs(),
        programs.Curriculum: curricula,
        programs.Module: _one_of(curricula, lambda curriculum: curriculum.modules),
        programs.Match: matches(),
        programs.ProgramFinding: _one_of(matches(), lambda match: match.findings),
        programs.ScheduleCheck: _one_of(
            ios.programs(),
            lambda program: programs.schedule_intensity(
                program, start=AS_OF, end=AS_OF.add(days=20)
            ),
        ),
        programs.GroupMeeting: _one_of(meetings, lambda found: found),
        programs.CurriculumProgress: progress,
        programs.ModuleAttendance: _one_of(progress, lambda found: found.passes),
    }


def _records(history: synthetic.SyntheticHistory) -> cohort.ParticipantRecords:
    return cohort.ParticipantRecords(
        participant=history.participant,
        episode=history.episode,
        assessments=history.assessments,
        sessions=history.sessions,
    )


@st.composite
def _drr_e_summaries(draw: st.DrawFn) -> outcomes.DrrESummary:
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
    return outcomes.drr_e(
        people,
        found,
        intake_start=pendulum.date(2025, 1, 1),
        intake_end=pendulum.date(2025, 12, 31),
        as_of=later.add(days=draw(st.integers(0, 300))),
    )


def _cohorts() -> dict[type, SearchStrategy[Any]]:
    drawn = st.integers(1, 4).map(lambda n: synthetic.histories(n, seed=n, as_of=AS_OF, weeks=4))
    summaries = drawn.map(
        lambda found: cohort.summarize(cohort.participant_records(found, as_of=AS_OF, tz=_TZ))
    )
    return {
        cohort.ParticipantRecords: drawn.map(lambda found: _records(found[-1]))
        | st.builds(cohort.ParticipantRecords, participant=ios.participants()),
        cohort.Evaluation: drawn.map(
            lambda found: cohort.evaluate_participant(found[-1], as_of=AS_OF, tz=_TZ)
        ),
        cohort.CohortSummary: summaries,
        cohort.OutcomeSummary: _one_of(summaries, lambda summary: [summary.phq9, summary.gad7]),
        outcomes.DrrESummary: _drr_e_summaries(),
        outcomes.DrrEResult: _one_of(_drr_e_summaries(), lambda summary: summary.results),
        synthetic.SyntheticCohort: st.integers(0, 3).map(
            lambda n: synthetic.cohort(n, seed=n, as_of=AS_OF)
        ),
        synthetic.SyntheticAdmission: st.integers(1, 3).flatmap(
            lambda n: st.sampled_from(
                list(
                    synthetic.admissions(
                        n, seed=n, start=AS_OF.subtract(days=60), end=AS_OF, as_of=AS_OF
                    )
                )
            )
        ),
        synthetic.SyntheticHistory: st.integers(1, 2).map(
            lambda n: synthetic.histories(n, seed=n, as_of=AS_OF, weeks=3)[-1]
        ),
    }


@st.composite
def _policies(draw: st.DrawFn) -> fhir.Deidentify:
    """A de-identification policy for a few participants, year-only or shifted."""
    ids = draw(st.lists(ios.identifiers(), max_size=4, unique=True))
    pseudonyms = {who: f"study-{index:04d}" for index, who in enumerate(ids)}
    if draw(st.booleans()):
        return fhir.Deidentify(pseudonyms=pseudonyms)
    shifts = {who: draw(st.integers(-3650, 3650)) for who in ids}
    return fhir.Deidentify(pseudonyms=pseudonyms, dates="shifted", shift_days=shifts)


@st.composite
def _bundle_records(draw: st.DrawFn) -> fhir.BundleRecords:
    """One participant's episodes, sessions and assessments, as a Bundle gives them."""
    participant_id = draw(ios.identifiers())
    who = st.just(participant_id)
    return fhir.BundleRecords(
        participant_id=participant_id,
        episodes=draw(st.lists(ios.episodes(as_of=AS_OF, participant_ids=who), max_size=2)),
        sessions=draw(st.lists(ios.sessions(participant_ids=who), max_size=3)),
        assessments=draw(st.lists(ios.assessments(participant_ids=who), max_size=2)),
    )


@functools.cache
def table() -> dict[type, SearchStrategy[Any]]:
    """Each public value type (and tagged base) with a strategy for its values."""
    rulesets = tuple(get_ruleset(ruleset_id) for ruleset_id in available())
    return {
        Participant: ios.participants(),
        Score: ios.scores(),
        Responses: ios.responses_with_options(),
        DatedScore: ios.measurements(),
        Trajectory: ios.trajectories(),
        ReliableChange: st.tuples(
            ios.scores("phq9", complete=True), ios.scores("phq9", complete=True)
        ).map(
            lambda pair: change_module.reliable_change(
                pair[0], pair[1], sd=change_module.RELIABILITY_DEFAULTS["phq9"].sd, reliability=0.84
            )
        ),
        ReliabilityDefaults: st.sampled_from(list(change_module.RELIABILITY_DEFAULTS.values())),
        fhir.Deidentify: _policies(),
        fhir.BundleRecords: _bundle_records(),
        fhir.BundleContents: st.builds(
            fhir.BundleContents,
            participants=st.lists(
                _bundle_records(), max_size=3, unique_by=lambda record: record.participant_id
            ),
            skipped=st.lists(
                st.integers(0, 99).map(lambda index: f"Bundle.entry[{index}].resource (Patient)"),
                max_size=2,
            ),
        ),
        Assessment: ios.assessments(),
        levels.CrosswalkRow: st.sampled_from(
            [
                *levels.ASAM_3RD_EDITION,
                *levels.ASAM_4TH_EDITION,
                *levels.LOCUS_LEVELS,
                *levels.CALOCUS_CASII_LEVELS,
            ]
        ),
        **_rules(rulesets),
        **_placements(),
        **_intensity(rulesets),
        **_episodes(),
        **_programs(),
        **_cohorts(),
    }


def _public_modules() -> Iterator[ModuleType]:
    """``iopcore`` and every module under it without a ``_private`` part in its name.

    Not :mod:`iopcore.frames`: it needs the ``frames`` extra, and its schemas describe
    tables, they are not records that ``to_json`` takes.
    """
    yield iopcore
    for info in pkgutil.walk_packages(iopcore.__path__, "iopcore."):
        private = any(part.startswith("_") for part in info.name.split("."))
        if not private and not info.name.startswith("iopcore.frames"):
            yield importlib.import_module(info.name)


def _is_value_type(cls: type) -> bool:
    """What ``to_json`` takes: not an enum (Hypothesis draws those), an error or a protocol."""
    return not (issubclass(cls, enum.Enum | BaseException) or getattr(cls, "_is_protocol", False))


def public_types() -> frozenset[type]:
    """Every value class of iopcore's own named in a public module's ``__all__``."""
    return frozenset(
        value
        for module in _public_modules()
        for name in getattr(module, "__all__", ())
        if isinstance(value := getattr(module, name), type)
        and value.__module__.startswith("iopcore")
        and _is_value_type(value)
    )


def strategy_for(cls: type[T]) -> SearchStrategy[T]:
    """The strategy for ``cls`` (what ``st.from_type(cls)`` draws once registered)."""
    return table()[cls]


def register() -> None:
    """Let ``st.from_type`` draw every public type (the table is built on first use)."""
    for cls in public_types():
        st.register_type_strategy(cls, strategy_for)
