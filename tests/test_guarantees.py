"""Guarantees every public entry point keeps: no I/O, no hypothesis at import, pinned
public names, and robustness against junk input. Later modules add their entry points
to the tables here."""

import datetime as dt
import functools
import inspect
import json
import math
import subprocess
import sys
import textwrap
from collections.abc import Hashable, Iterator

import pendulum
import pytest

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy comes with the frames extra
    np = None

import iopcore
from iopcore import (
    assessments,
    cohort,
    episodes,
    exceptions,
    explain,
    fhir,
    instruments,
    intensity,
    levels,
    outcomes,
    participants,
    placement,
    programs,
    rules,
    rulesets,
    serialize,
    sessions,
    synthetic,
    transitions,
)
from iopcore.exceptions import IopcoreError, short_repr
from iopcore.instruments import (
    audit,
    audit_c,
    bam,
    change,
    cssrs,
    dast10,
    gad7,
    pcl5,
    phq9,
)
from iopcore.rulesets import asam, locus, medicare, reference
from iopcore.testing import invariants, strategies

# ---------------------------------------------------------------- public names

PUBLIC_NAMES = {
    outcomes: [
        "FOLLOW_UP_FIRST_DAY",
        "FOLLOW_UP_LAST_DAY",
        "INDEX_ABOVE",
        "MINIMUM_AGE",
        "DrrEResult",
        "DrrESummary",
        "Exclusion",
        "Status",
        "drr_e",
    ],
    cohort: [
        "NOT_DETERMINABLE",
        "OUTCOME_INSTRUMENTS",
        "PARTICIPANT_COLUMNS",
        "PLACEMENT_COLUMNS",
        "WEEK_COLUMNS",
        "CohortSummary",
        "Evaluation",
        "OutcomeSummary",
        "ParticipantRecords",
        "ParticipantRecordsLike",
        "Record",
        "RecordValue",
        "evaluate_cohort",
        "evaluate_participant",
        "merge",
        "participant_records",
        "placement_records",
        "summarize",
        "week_records",
    ],
    fhir: [
        "LEVEL_OF_CARE_SYSTEM",
        "LOINC_SYSTEM",
        "LOINC_TOTAL_CODES",
        "SERVICE_TYPE_SYSTEM",
        "DateDetail",
        "Deidentify",
        "bundle",
        "code_systems",
        "encounter",
        "episode_of_care",
        "observation",
    ],
    transitions: [
        "Obligation",
        "ObligationKind",
        "TransitionDecision",
        "TransitionFinding",
        "TransitionKind",
        "evaluate_transition",
        "obligations",
    ],
    synthetic: [
        "CONDITION_WEIGHTS",
        "FOR_RULESETS",
        "SEVERITY_WEIGHTS",
        "SyntheticAdmission",
        "SyntheticCohort",
        "SyntheticHistory",
        "admissions",
        "assessments",
        "census",
        "cohort",
        "histories",
        "iter_assessments",
        "iter_histories",
        "iter_participants",
        "participants",
    ],
    assessments: ["MAX_DIMENSION_RATING", "Assessment", "ClinicalFact", "Measurement", "Role"],
    placement: ["Direction", "Override", "Placement", "recommend_level"],
    explain: [
        "Explainable",
        "cohort_html",
        "compliance_html",
        "explain",
        "explain_program",
        "explain_progress",
        "explain_trajectory",
        "explain_transition",
        "program_html",
        "progress_html",
        "reliable_change_html",
        "score_html",
        "timeline",
        "timeline_html",
        "to_html",
        "to_markdown",
        "trajectory_html",
        "transition_html",
    ],
    programs: [
        "DBT_SKILLS",
        "DEFAULT_GROUP_SERVICES",
        "MAX_MODULE_LENGTH",
        "Approach",
        "Curriculum",
        "CurriculumProgress",
        "GroupMeeting",
        "LengthUnit",
        "Match",
        "MatchOutcome",
        "Module",
        "ModuleAttendance",
        "Program",
        "ProgramCheck",
        "ProgramFinding",
        "ScheduleCheck",
        "curriculum_progress",
        "group_capacity",
        "match",
        "schedule_intensity",
    ],
    episodes: [
        "MAX_NOTE_LENGTH",
        "ChangeReason",
        "Discharge",
        "DischargeReason",
        "Episode",
        "EpisodeEvent",
        "LevelChange",
    ],
    rulesets: [
        "DEFAULT_HOURS_RULESET",
        "DEFAULT_PLACEMENT_RULESET",
        "MAX_HOURS_PER_WEEK",
        "TRANSITION_PARAMETERS",
        "HourBand",
        "HoursBasis",
        "ParameterSpec",
        "Ruleset",
        "RulesetRef",
        "TransitionParameter",
        "available",
        "get_ruleset",
    ],
    sessions: [
        "MAX_SESSION_HOURS",
        "Attendance",
        "ProgramCalendar",
        "ScheduleTemplate",
        "ServiceType",
        "Session",
        "WeeklySlot",
    ],
    intensity: [
        "AttendanceSummary",
        "IntensityRequirement",
        "PartialWeeks",
        "WeekCheck",
        "WeekCompliance",
        "WeekFinding",
        "WeeklyCompliance",
        "attendance_summary",
        "planned_compliance",
        "requirement_for",
        "weekly_compliance",
    ],
    asam: ["EFFECTIVE_FROM", "HOURS", "ID", "RULESET", "SOURCES", "VERSION", "VERSIONS"],
    medicare: [
        "ADMISSION_RULES",
        "EFFECTIVE_FROM",
        "HIGH_TIER_SERVICES",
        "HOURS",
        "ID",
        "IOP_RECERTIFICATION_DAYS",
        "MIN_SERVICES_PER_DAY",
        "PHP_FIRST_RECERTIFICATION_DAY",
        "PHP_RECERTIFICATION_DAYS",
        "RULESET",
        "SOURCES",
        "VERSION",
        "VERSIONS",
        "BillingDay",
        "Setting",
        "billing_days",
        "per_diem_tier",
        "recertification_due",
    ],
    rules: [
        "AllOf",
        "Always",
        "AnyOf",
        "BandAtLeast",
        "Branch",
        "Check",
        "DecisionTree",
        "FactIs",
        "Finding",
        "FlagPresent",
        "HasCondition",
        "Leaf",
        "MeasurementAbove",
        "MeasurementBelow",
        "Not",
        "Observation",
        "Outcome",
        "PopulationIs",
        "Predicate",
        "RatingAtLeast",
        "RatingAtMost",
        "RatingCountAtLeast",
        "RatingSumAtLeast",
        "RatingSumAtMost",
        "Rule",
        "ScoreAtLeast",
        "TreeWalk",
        "Truth",
        "all_of",
        "any_of",
        "not_",
        "walk",
    ],
    iopcore: [
        "Assessment",
        "Attendance",
        "Condition",
        "Discharge",
        "Episode",
        "LevelChange",
        "LevelOfCare",
        "Participant",
        "Placement",
        "Population",
        "Program",
        "Score",
        "ServiceType",
        "Session",
        "Sex",
        "TransitionDecision",
        "__version__",
        "evaluate_transition",
        "obligations",
        "recommend_level",
        "requirement_for",
        "weekly_compliance",
    ],
    levels: [
        "ASAM_3RD_EDITION",
        "ASAM_4TH_EDITION",
        "CALOCUS_CASII_LEVELS",
        "LOCUS_LEVELS",
        "CrosswalkRow",
        "LevelOfCare",
        "from_asam",
        "from_calocus_casii",
        "from_locus",
        "to_asam",
        "to_calocus_casii",
        "to_locus",
    ],
    participants: [
        "DEFAULT_ADULT_AGE",
        "ICD10_CATEGORIES",
        "Condition",
        "Participant",
        "Population",
        "Sex",
    ],
    exceptions: [
        "InvalidResponse",
        "InvalidTypeError",
        "InvalidValueError",
        "IopcoreError",
        "IopcoreErrorGroup",
        "NaiveDateTimeError",
        "UnknownCodeError",
    ],
    serialize: ["SCHEMA_VERSION", "from_dict", "from_json", "to_dict", "to_json"],
    instruments: [
        "INSTRUMENT_NAMES",
        "Instrument",
        "Responses",
        "Score",
        "available_instruments",
        "get_instrument",
    ],
    phq9: [
        "ANSWERS",
        "BANDS",
        "BAND_FLOORS",
        "FLAGS",
        "ITEM_COUNT",
        "LOINC_TOTAL",
        "MAX_TOTAL",
        "NAME",
        "SUICIDAL_IDEATION",
        "SUICIDE_ITEM",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    gad7: [
        "ANSWERS",
        "BANDS",
        "BAND_FLOORS",
        "FLAGS",
        "ITEM_COUNT",
        "LOINC_TOTAL",
        "MAX_TOTAL",
        "NAME",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    pcl5: [
        "ANSWERS",
        "BANDS",
        "CLUSTERS",
        "CLUSTER_MINIMUMS",
        "DEFAULT_CUTOFF",
        "DSM5_SYMPTOM_PATTERN",
        "FLAGS",
        "ITEM_COUNT",
        "LOINC_TOTAL",
        "MAX_TOTAL",
        "NAME",
        "PROBABLE_PTSD",
        "PUBLISHED_CUTOFF_RANGE",
        "SYMPTOM_THRESHOLD",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    audit: [
        "BANDS",
        "BAND_FLOORS",
        "FLAGS",
        "INJURY_CONCERN_ANSWERS",
        "ITEM_COUNT",
        "LIKERT_ANSWERS",
        "LOINC_TOTAL",
        "MAX_TOTAL",
        "NAME",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    audit_c: [
        "ANSWERS",
        "BANDS",
        "FEMALE_CUTOFF",
        "FLAGS",
        "ITEM_COUNT",
        "LOINC_TOTAL",
        "MALE_CUTOFF",
        "MAX_TOTAL",
        "NAME",
        "POSITIVE_SCREEN",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    dast10: [
        "BANDS",
        "BAND_FLOORS",
        "FLAGS",
        "ITEM_COUNT",
        "LOINC_TOTAL",
        "MAX_TOTAL",
        "NAME",
        "REVERSED_ITEM",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    cssrs: [
        "BANDS",
        "BEHAVIOUR_QUESTION",
        "FLAGS",
        "HIGH_SUICIDE_RISK",
        "ITEM_COUNT",
        "LOINC_PANEL",
        "MAX_TOTAL",
        "NAME",
        "SKIPPED_WHEN_Q2_IS_NO",
        "TITLE",
        "is_valid",
        "score",
        "validate",
    ],
    bam: [
        "ANSWERS",
        "BANDS",
        "DRUG_DETAIL_ITEM",
        "FLAGS",
        "ITEM_COUNT",
        "MAX_TOTAL",
        "NAME",
        "SUBSCALES",
        "SUBSTANCE_USE",
        "TITLE",
        "USE_CUTOFF",
        "is_valid",
        "score",
        "validate",
    ],
    change: [
        "CASENESS",
        "RELIABILITY_DEFAULTS",
        "RELIABLE_CHANGE_POINTS",
        "RELIABLE_CHANGE_Z",
        "REMISSION_BELOW",
        "RESPONSE_REDUCTION",
        "DatedScore",
        "ReliabilityDefaults",
        "ReliableChange",
        "Trajectory",
        "is_case",
        "recovery",
        "reliable_change",
        "reliable_change_threshold",
        "reliable_deterioration",
        "reliable_improvement",
        "reliable_recovery",
        "remission",
        "response",
    ],
    strategies: [
        "DEFAULT_RATING_RANGE",
        "MAX_HISTORY_WEEKS",
        "MAX_SCHEDULED_WEEKS",
        "MEASUREMENT_RANGES",
        "SESSION_MINUTES",
        "SESSION_TIME_ZONES",
        "TYPICAL_WEEKS",
        "History",
        "RulesetInputs",
        "TypicalWeek",
        "assessments",
        "attendance_histories",
        "birth_dates",
        "conditions",
        "curricula",
        "episodes",
        "histories",
        "identifiers",
        "levels_of_care",
        "measurements",
        "participants",
        "populations",
        "program_calendars",
        "programs",
        "rating_ranges",
        "responses",
        "responses_with_options",
        "ruleset_inputs",
        "scheduled_histories",
        "scores",
        "sessions",
        "sexes",
        "trajectories",
        "typical_weeks",
    ],
    invariants: [
        "AMBULATORY_LEVELS",
        "EXAMPLE_ID",
        "INVARIANTS",
        "RulesetInvariantError",
        "check_ruleset",
    ],
}

INSTRUMENT_MODULES = [audit, audit_c, bam, cssrs, dast10, gad7, pcl5, phq9]


def _isort_key(name):
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return (kind, name)


@pytest.mark.parametrize("module", PUBLIC_NAMES, ids=lambda module: module.__name__)
def test_public_names_are_pinned_and_sorted(module):
    assert module.__all__ == PUBLIC_NAMES[module]
    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    for name in module.__all__:
        assert hasattr(module, name)


def test_score_is_exported_lazily():
    code = "import sys, iopcore; before = 'iopcore.instruments' in sys.modules; print(before, iopcore.Score is sys.modules['iopcore.instruments'].Score)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False True"


def test_version_is_read_lazily_from_the_metadata():
    assert iopcore.__version__ == "0.1.0.dev0"
    with pytest.raises(AttributeError):
        _ = iopcore.no_such_name  # type: ignore[attr-defined]


# ---------------------------------------------------------------- no I/O

NO_IO_SCRIPT = textwrap.dedent(
    """
    import sys, os
    events = []
    READ_OK = (".py", ".pyc", ".so", ".pth")

    def allowed_read(path):
        path = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
        return (
            path.endswith(READ_OK)
            or os.path.isdir(path)
            or "zoneinfo" in path
            or "tzdata" in path
        )

    def hook(event, args):
        if event.startswith(("socket.", "subprocess.")) or event in ("os.system", "os.exec", "os.posix_spawn", "os.fork"):
            events.append((event, repr(args)[:200]))
        elif event == "open":
            path, mode = args[0], args[1]
            if isinstance(path, int):
                return
            writing = mode is not None and any(flag in str(mode) for flag in "wax+")
            flags = args[2] if len(args) > 2 else 0
            if isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                writing = True
            if writing or not allowed_read(path):
                events.append((event, repr(args)[:200]))

    sys.addaudithook(hook)

    import pendulum
    import iopcore
    from iopcore import Condition, LevelOfCare, Participant, levels, serialize

    as_of = pendulum.datetime(2026, 3, 1, 9, tz="America/New_York")
    person = Participant(id="p-1", birth_date=pendulum.date(2008, 2, 29), conditions=["ocd"])
    person.age_on(as_of); person.population_on(as_of.date())
    LevelOfCare.from_code("IOP"); Condition.from_icd10("F42.2")
    for edition in (3, 4):
        for row in (levels.ASAM_3RD_EDITION if edition == 3 else levels.ASAM_4TH_EDITION):
            levels.from_asam(row.code, edition=edition)
        levels.to_asam(LevelOfCare.RESIDENTIAL, edition=edition)
    levels.from_locus(3); levels.to_locus(LevelOfCare.OUTPATIENT)
    levels.from_calocus_casii(4); levels.to_calocus_casii(LevelOfCare.INPATIENT)
    serialize.from_json(serialize.to_json(person), Participant)
    try:
        serialize.from_dict({"id": 1}, Participant)
    except iopcore.exceptions.IopcoreError:
        pass
    from iopcore.instruments import get_instrument, available_instruments, change
    for name in available_instruments():
        module = get_instrument(name)
        module.score([None] * module.ITEM_COUNT)
        module.is_valid(["x"]); module.is_valid([None] * module.ITEM_COUNT)
    phq = get_instrument("phq9")
    first, last = phq.score([2] * 9), phq.score([0, 1, 0, 1, 0, 0, 0, 1, 0])
    get_instrument("audit_c").score([1, 1, 1], sex="female")
    get_instrument("cssrs").score([True] * 6, behaviour_within_3_months=False)
    get_instrument("pcl5").score([2] * 20, cutoff=31)
    change.reliable_change(first, last, sd=5.5, reliability=0.84)
    change.reliable_change_threshold("gad7")
    change.response(first, last); change.remission(last); change.is_case(first)
    change.recovery(first, last); change.reliable_recovery(first, last)
    change.reliable_improvement(first, last); change.reliable_deterioration(first, last)
    course = change.Trajectory.from_measurements(
        [(pendulum.date(2026, 1, 5), first), (pendulum.date(2026, 2, 2), last)],
        as_of=as_of,
    )
    (course.first_response, course.first_remission, course.weeks_to_remission,
     course.remission_sustained(1), course.reliable_deterioration, course.skipped)
    serialize.from_json(serialize.to_json(course), change.Trajectory)
    from iopcore.explain import explain_trajectory, reliable_change_html, score_html, trajectory_html
    explain_trajectory(course); trajectory_html(course); course._repr_html_()
    score_html(first); first._repr_html_()
    moved = change.reliable_change(first, last, sd=5.5, reliability=0.84)
    reliable_change_html(moved); moved._repr_html_()
    from iopcore import recommend_level
    from iopcore.assessments import Assessment
    from iopcore.explain import explain, to_html, to_markdown
    from iopcore.instruments import cssrs as cssrs_module
    from iopcore.rulesets import available, get_ruleset
    from iopcore.rulesets.locus import LocusRatings, assign
    day = pendulum.date(2026, 3, 2)
    assessment = Assessment(
        participant_id="p-1", assessed_on=day, ratings={"safety": 2, "symptoms": 3},
        facts={"support_outside_program_hours": True}, conditions=["eating disorder"],
        scores=[cssrs_module.score([True, False, None, None, None, False])],
    )
    for ruleset_id in available():
        result = recommend_level(assessment, ruleset=get_ruleset(ruleset_id, as_of=day), as_of=day)
        explain(result); to_markdown(result); to_html(result)
        result.override(LevelOfCare.INPATIENT, reason="x", decided_by="physician")
        serialize.from_json(serialize.to_json(get_ruleset(ruleset_id)), type(get_ruleset(ruleset_id)))
    assign(LocusRatings(**dict.fromkeys(
        ("risk_of_harm", "functional_status", "comorbidity", "recovery_stress",
         "recovery_support", "treatment_history", "engagement"), 3)))
    from iopcore.episodes import Discharge, Episode, LevelChange
    from iopcore.explain import timeline, timeline_html
    stay = Episode(participant_id="p-1", admitted=day, initial_level="IOP")
    stay = stay.with_event(LevelChange(
        effective=day.add(days=7), recorded=day.add(days=9), from_level="IOP", to_level="PHP",
        reason="safety risk", decided_by="psychiatrist", note="x",
    )).with_event(Discharge(effective=day.add(days=30), recorded=day.add(days=30), reason="goals met"))
    stay.level_on(as_of); stay.length_of_stay(as_of); stay.days_at_each_level(day.add(days=60))
    stay.known_on(day.add(days=8)); stay.is_discharged(as_of); stay.discharge
    timeline(stay); timeline_html(stay); stay._repr_html_()
    serialize.from_json(serialize.to_json(stay), Episode)
    from iopcore.transitions import evaluate_transition, obligations
    from iopcore.explain import explain_transition, transition_html
    history = [
        Assessment(participant_id="p-1", assessed_on=day.add(weeks=w), ratings={"symptoms": 2},
                   scores=[get_instrument("phq9").score([2 - min(w, 2)] * 9)])
        for w in range(4)
    ]
    for on in (day.add(days=6), day.add(days=21), day.add(days=29)):
        decision = evaluate_transition(stay, assessments=history, sessions=[], as_of=on)
        explain_transition(decision); transition_html(decision); decision._repr_html_()
        decision.event(decided_by="psychiatrist")
        obligations(stay, as_of=on, assessments=history, certified=[day], plan_reviews=[day])
    # INTENSITY-NO-IO
    from iopcore.intensity import requirement_for
    from iopcore.rulesets import medicare
    from iopcore.sessions import ProgramCalendar, Session
    group = Session(
        participant_id="p-1", service="group therapy", attendance="attended in part",
        start=pendulum.datetime(2026, 3, 2, 9, tz="America/New_York"),
        end=pendulum.datetime(2026, 3, 2, 12, tz="America/New_York"), attended_minutes=90,
    )
    group.hours; group.scheduled_hours
    serialize.from_json(serialize.to_json(group), Session)
    calendar = ProgramCalendar(tz="America/New_York", closures=[day], partial_days={day.add(days=1): 0.5})
    calendar.week_start(day); calendar.open_fraction(day)
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, "adult")
    requirement.describe(); requirement.above_ceiling(20.0)
    requirement_for(LevelOfCare.PARTIAL_HOSPITALIZATION, "adolescent", ruleset=get_ruleset("medicare"))
    medicare.per_diem_tier(4)
    medicare.recertification_due(LevelOfCare.PARTIAL_HOSPITALIZATION, admitted=day)
    from iopcore.intensity import weekly_compliance
    weeks = weekly_compliance(
        [group], requirement, tz="America/New_York", calendar=calendar, as_of=day.add(days=20),
        stepping_down=True, partial_weeks="exclude",
    )
    weeks.table(); weeks._repr_html_(); weeks.met; weeks[0].week_end
    serialize.from_json(serialize.to_json(weeks), type(weeks))
    serialize.from_json(serialize.to_json(decision), type(decision))
    serialize.from_json(serialize.to_json(result), type(result))
    from iopcore.explain import compliance_html
    compliance_html(weeks)
    from iopcore.intensity import attendance_summary, planned_compliance
    from iopcore.sessions import ScheduleTemplate, WeeklySlot
    template = ScheduleTemplate(tz="America/New_York", slots=[
        WeeklySlot(weekday=d, start=pendulum.time(9), end=pendulum.time(12)) for d in (0, 2, 4)
    ])
    template.weekly_hours
    planned_compliance(template, requirement, start=day, end=day.add(days=30), calendar=calendar)
    attendance_summary([group], tz="America/New_York", start=day, end=day.add(days=7))
    medicare.billing_days([group], tz="America/New_York", start=day, end=day.add(days=7))
    from iopcore import fhir
    fhir.bundle([
        fhir.episode_of_care(stay, as_of=as_of), fhir.encounter(group),
        fhir.observation(first, participant_id="p-1", effective=as_of),
        fhir.observation(last, participant_id="p 1", effective=day),
        *fhir.code_systems(),
    ])
    # PROGRAMS-NO-IO
    import attrs
    from iopcore.programs import (
        DBT_SKILLS, Curriculum, Module, Program, curriculum_progress, group_capacity, match,
        schedule_intensity,
    )
    from iopcore.explain import explain_program, explain_progress, program_html, progress_html
    from iopcore.placement import recommend_level
    dbt = Program(
        id="dbt", name="DBT IOP", level="IOP", populations=["adult"], conditions=["depression"],
        calendar=calendar, schedules=[template], curriculum=DBT_SKILLS, curriculum_start=day,
        max_group_size=1,
    )
    dbt.weekly_hours; dbt.lines(); dbt._repr_html_(); explain_program(dbt); program_html(dbt)
    serialize.from_json(serialize.to_json(dbt), Program)
    Curriculum(name="cbt", modules=[Module(name="m", approach="CBT", length=2)], unit="sessions").module_at(3)
    person = Participant(id="p-1", birth_date=pendulum.date(1990, 1, 1), conditions=["depression"])
    placed = recommend_level(Assessment(participant_id="p-1", assessed_on=day, ratings={"safety": 4}), as_of=day)
    match(dbt, person, placed, as_of=day).lines()
    schedule_intensity(dbt, start=day, end=day.add(days=30))
    group_capacity(dbt, [group, attrs.evolve(group, participant_id="p-2")])
    progress = curriculum_progress(dbt, [attrs.evolve(group, service="group therapy")], as_of=day.add(days=3))
    progress.lines(); progress._repr_html_(); explain_progress(progress); progress_html(progress)
    from iopcore import cohort, synthetic as cohort_synthetic
    histories = cohort_synthetic.histories(3, seed=1, as_of=day, weeks=3)
    options = {"as_of": day, "tz": "America/New_York"}
    rows = list(cohort.participant_records(histories, **options))
    list(cohort.placement_records(histories, **options)); list(cohort.week_records(histories, **options))
    cohort.evaluate_participant(histories[0], **options)
    summary = cohort.merge([cohort.summarize(rows[:1]), cohort.summarize(rows[1:])])
    summary.to_text(); summary._repr_html_(); summary.rows(); summary.phq9.response_rate
    from iopcore.explain import cohort_html
    cohort_html(summary)
    from iopcore.__main__ import walkthrough, programs as walkthrough_programs
    walkthrough(); walkthrough(participants=3, seed=5); walkthrough_programs()
    list(cohort_synthetic.census(3, seed=1, as_of=day)); list(cohort_synthetic.iter_histories(2, seed=1, as_of=day, weeks=2))
    list(cohort_synthetic.iter_participants(2, seed=1, as_of=day)); list(cohort_synthetic.iter_assessments(2, seed=1, as_of=day))
    print(repr(events))
    """
)


def test_public_functions_do_no_io():
    result = subprocess.run(
        [sys.executable, "-c", NO_IO_SCRIPT], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_audit_hook_would_notice_io():
    """The no-I/O check is real: the same hook flags a write and a socket."""
    script = NO_IO_SCRIPT.replace(
        "print(repr(events))",
        "open(os.devnull, 'w').close()\n"
        "import socket; socket.socket().close()\n"
        "print(len(events) >= 2)",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_import_iopcore_does_not_import_hypothesis():
    code = "import sys, iopcore, iopcore.levels, iopcore.participants, iopcore.serialize, iopcore.instruments.change, iopcore.instruments.phq9; print('hypothesis' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_import_iopcore_does_not_import_serialize_machinery():
    code = "import sys, iopcore; print(sorted(m for m in ('cattrs', 'json', 'iopcore.serialize') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------- robustness

JUNK = [
    None,
    math.nan,
    math.inf,
    -math.inf,
    10**100,
    -(10**100),
    True,
    False,
    "",
    "   ",
    "\x00",
    "x" * 10_000,
    b"bytes",
    [],
    {},
    (1, 2),
    {1, 2},
    object(),
    1.5,
    -1,
    dt.datetime(2024, 1, 1),  # noqa: DTZ001 - naive on purpose
    pendulum.naive(2024, 1, 1),
    dt.date(2024, 1, 1),
    pendulum.date(2024, 1, 1),
    pendulum.datetime(2024, 1, 1, tz="UTC"),
    iopcore.LevelOfCare.INPATIENT,
    lambda: None,
    # The cases of issue 14: subnormal and extreme floats, an int too long to print,
    # the ends of the calendar, unhashable and array-like values, duplicate-key JSON.
    5e-324,
    -0.0,
    1.7976931348623157e308,
    10**5000,
    pendulum.date(1, 1, 1),
    pendulum.datetime(1, 1, 1, tz="UTC"),
    # (Days late in 9999 are left out here, tests/test_calendar_edges.py has them: as an
    # as_of they are valid, and the cohort functions then build a row per week for
    # eight thousand years, which takes seconds.)
    [[]],
    {"a": [1]},
    bytearray(b"x"),
    frozenset({1}),
    '{"schema_version": 1, "schema_version": 1, "id": "a", "id": "b"}',
    *([] if np is None else [np.array([1, 2]), np.float64("nan"), np.int64(3)]),
]


VALID_PARTICIPANT = {
    "id": "p-1",
    "birth_date": pendulum.date(2000, 1, 1),
    "conditions": [],
    "sex": None,
}


def _calls():
    """Every public constructor and function, with one argument replaced by junk."""
    someone = iopcore.Participant(**VALID_PARTICIPANT)
    for junk in JUNK:
        for field in VALID_PARTICIPANT:
            yield (
                f"Participant({field}=junk)",
                lambda j=junk, f=field: iopcore.Participant(**{**VALID_PARTICIPANT, f: j}),
            )
        yield "LevelOfCare.from_code", lambda j=junk: iopcore.LevelOfCare.from_code(j)
        yield "Condition.from_icd10", lambda j=junk: iopcore.Condition.from_icd10(j)
        yield "from_asam(code)", lambda j=junk: levels.from_asam(j, edition=3)
        yield "from_asam(edition)", lambda j=junk: levels.from_asam("2.1", edition=j)
        yield "to_asam(level)", lambda j=junk: levels.to_asam(j, edition=4)
        yield (
            "to_asam(edition)",
            lambda j=junk: levels.to_asam(iopcore.LevelOfCare.OUTPATIENT, edition=j),
        )
        yield "from_locus", lambda j=junk: levels.from_locus(j)
        yield "to_locus", lambda j=junk: levels.to_locus(j)
        yield "from_calocus_casii", lambda j=junk: levels.from_calocus_casii(j)
        yield "to_calocus_casii", lambda j=junk: levels.to_calocus_casii(j)
        yield "age_on", lambda j=junk: someone.age_on(j)
        yield "population_on(date)", lambda j=junk: someone.population_on(j)
        yield (
            "population_on(adult_age)",
            lambda j=junk: someone.population_on(pendulum.date(2020, 1, 1), adult_age=j),
        )
        yield "to_dict", lambda j=junk: serialize.to_dict(j)
        yield "to_json", lambda j=junk: serialize.to_json(j)
        yield "from_dict(data)", lambda j=junk: serialize.from_dict(j, iopcore.Participant)
        yield "from_dict(cls)", lambda j=junk: serialize.from_dict({}, j)
        yield "from_json(text)", lambda j=junk: serialize.from_json(j, iopcore.Participant)
        yield (
            "from_dict(field)",
            lambda j=junk: serialize.from_dict(
                {**serialize.to_dict(someone), "birth_date": j}, iopcore.Participant
            ),
        )
        yield (
            "from_json(field)",
            lambda j=junk: serialize.from_json(
                json.dumps({**serialize.to_dict(someone), "conditions": [short_repr(j)]}),
                iopcore.Participant,
            ),
        )
        yield (
            "from_dict(WeeklyCompliance)",
            lambda j=junk: serialize.from_dict(
                {"participant_id": None, "requirement": j, "weeks": [j]},
                intensity.WeeklyCompliance,
            ),
        )
        yield (
            "from_dict(CrosswalkRow)",
            lambda j=junk: serialize.from_dict(
                {**serialize.to_dict(levels.ASAM_3RD_EDITION[0]), "level": j, "code": j},
                levels.CrosswalkRow,
            ),
        )


def _instrument_calls(junk):
    """The instrument entry points, each with one argument replaced by junk."""
    phq = phq9.score([1] * 9)
    for module in INSTRUMENT_MODULES:
        name = module.NAME
        yield f"{name}.score", lambda j=junk, m=module: m.score(j)
        yield f"{name}.validate", lambda j=junk, m=module: m.validate(j)
        yield f"{name}.is_valid", lambda j=junk, m=module: m.is_valid(j)
        yield (
            f"{name}.score(item)",
            lambda j=junk, m=module: m.score([j] * m.ITEM_COUNT),
        )
        yield (
            f"{name}.is_valid(item)",
            lambda j=junk, m=module: m.is_valid([None] * (m.ITEM_COUNT - 1) + [j]),
        )
    yield "audit_c.score(sex)", lambda j=junk: audit_c.score([1, 1, 1], sex=j)
    yield "audit_c.score(male_cutoff)", lambda j=junk: audit_c.score([1, 1, 1], male_cutoff=j)
    yield (
        "audit_c.score(female_cutoff)",
        lambda j=junk: audit_c.score([1, 1, 1], female_cutoff=j),
    )
    yield "pcl5.score(cutoff)", lambda j=junk: pcl5.score([1] * 20, cutoff=j)
    yield (
        "cssrs.score(follow-up)",
        lambda j=junk: cssrs.score([True] * 6, behaviour_within_3_months=j),
    )
    yield (
        "cssrs.validate(follow-up)",
        lambda j=junk: cssrs.validate([True] * 6, behaviour_within_3_months=j),
    )
    yield (
        "cssrs.is_valid(follow-up)",
        lambda j=junk: cssrs.is_valid([True] * 6, behaviour_within_3_months=j),
    )
    yield "get_instrument", lambda j=junk: instruments.get_instrument(j)
    yield "available_instruments", instruments.available_instruments
    yield (
        "Score(total)",
        lambda j=junk: instruments.Score(instrument="phq9", total=j, band=None, complete=False),
    )
    yield (
        "Score(flags)",
        lambda j=junk: instruments.Score(
            instrument=j, total=None, band=j, complete=j, flags=j, subscales=j, missing=j
        ),
    )
    yield "Score.subscale", lambda j=junk: phq.subscale(j)
    yield "Responses(instrument)", lambda j=junk: instruments.Responses(instrument=j, answers=[0])
    yield "Responses(answers)", lambda j=junk: instruments.Responses(instrument="gad7", answers=j)
    yield (
        "Responses(options)",
        lambda j=junk: instruments.Responses(instrument="audit_c", answers=[1, 1, 1], options=j),
    )
    yield (
        "Responses(option value)",
        lambda j=junk: instruments.Responses(
            instrument="audit_c", answers=[1, 1, 1], options={"sex": j}
        ),
    )
    kwargs = {"sd": 5.5, "reliability": 0.84}
    yield "reliable_change(before)", lambda j=junk: change.reliable_change(j, 3, **kwargs)
    yield "reliable_change(sd)", lambda j=junk: change.reliable_change(9, 3, sd=j, reliability=0.8)
    yield (
        "reliable_change(reliability)",
        lambda j=junk: change.reliable_change(9, 3, sd=5, reliability=j),
    )
    yield "reliable_change_threshold", lambda j=junk: change.reliable_change_threshold(j)
    yield "response", lambda j=junk: change.response(j, phq)
    yield "remission", lambda j=junk: change.remission(j)
    yield "remission(instrument)", lambda j=junk: change.remission(3, instrument=j)
    yield "is_case", lambda j=junk: change.is_case(phq, instrument=j)
    for rule in (
        change.recovery,
        change.reliable_recovery,
        change.reliable_improvement,
        change.reliable_deterioration,
    ):
        yield rule.__name__, lambda j=junk, f=rule: f(phq, j)
        yield f"{rule.__name__}(instrument)", lambda j=junk, f=rule: f(9, 3, instrument=j)
    on = pendulum.date(2026, 1, 5)
    yield "DatedScore(on)", lambda j=junk: change.DatedScore(on=j, score=phq)
    yield "DatedScore(score)", lambda j=junk: change.DatedScore(on=on, score=j)
    yield (
        "Trajectory.from_measurements",
        lambda j=junk: change.Trajectory.from_measurements(j, as_of=on, instrument="phq9"),
    )
    yield (
        "Trajectory.from_measurements(point)",
        lambda j=junk: change.Trajectory.from_measurements([(on, phq), j], as_of=on),
    )
    yield (
        "Trajectory.from_measurements(as_of)",
        lambda j=junk: change.Trajectory.from_measurements([(on, phq)], as_of=j),
    )
    yield (
        "Trajectory.from_measurements(instrument)",
        lambda j=junk: change.Trajectory.from_measurements([], as_of=on, instrument=j),
    )
    yield (
        "Trajectory(as_of)",
        lambda j=junk: change.Trajectory(instrument="phq9", as_of=j, measurements=[]),
    )
    course = change.Trajectory.from_measurements([(on, phq)], as_of=on)
    yield "remission_sustained", lambda j=junk: course.remission_sustained(j)
    for render, shown in (
        (explain.score_html, phq),
        (explain.reliable_change_html, change.reliable_change(9, 3, **kwargs)),
        (explain.explain_trajectory, course),
        (explain.trajectory_html, course),
    ):
        yield render.__name__, lambda j=junk, r=render, v=shown: r(v) if j is None else None
    yield (
        "from_json(Trajectory)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(course), "as_of": j}, change.Trajectory
        ),
    )


DAY = pendulum.date(2026, 3, 2)
LOCUS_NAMES = locus.DIMENSIONS


def _placement_calls(junk):  # noqa: C901, PLR0915 - one table of every entry point
    """The placement engine's entry points, each with one argument replaced by junk."""
    good = assessments.Assessment(participant_id="p", assessed_on=DAY, ratings={"safety": 2})
    fields = {"participant_id": "p", "assessed_on": DAY}
    for field in (
        "participant_id",
        "assessed_on",
        "scores",
        "responses",
        "ratings",
        "facts",
        "measurements",
        "population",
        "conditions",
        "recorded_by",
    ):
        yield (
            f"Assessment({field})",
            lambda j=junk, f=field: assessments.Assessment(**{**fields, f: j}),
        )
    for field in ("ratings", "facts", "measurements"):
        yield (
            f"Assessment({field} value)",
            lambda j=junk, f=field: assessments.Assessment(**{**fields, f: {"x": j}}),
        )
        key = junk if isinstance(junk, Hashable) else short_repr(junk)
        yield (
            f"Assessment({field} key)",
            lambda j=key, f=field: assessments.Assessment(**{**fields, f: {j: 1}}),
        )
    yield "Assessment(scores item)", lambda j=junk: assessments.Assessment(**fields, scores=[j])
    yield (
        "Assessment(responses answers)",
        lambda j=junk: assessments.Assessment(**fields, responses={"phq9": j}),
    )
    for method in ("score", "rating", "fact", "measurement", "filled_from"):
        yield f"Assessment.{method}", lambda j=junk, m=method: getattr(good, m)(j)
    yield "recommend_level(assessment)", lambda j=junk: placement.recommend_level(j, as_of=DAY)
    yield (
        "recommend_level(ruleset)",
        lambda j=junk: placement.recommend_level(good, ruleset=j, as_of=DAY),
    )
    yield "recommend_level(as_of)", lambda j=junk: placement.recommend_level(good, as_of=j)
    result = placement.recommend_level(good, as_of=DAY)
    yield "override(level)", lambda j=junk: result.override(j, reason="x", decided_by="physician")
    yield (
        "override(reason)",
        lambda j=junk: result.override(
            iopcore.LevelOfCare.INPATIENT, reason=j, decided_by="physician"
        ),
    )
    yield (
        "override(decided_by)",
        lambda j=junk: result.override(iopcore.LevelOfCare.INPATIENT, reason="x", decided_by=j),
    )
    yield (
        "Override",
        lambda j=junk: placement.Override(level=j, reason=j, decided_by=j, direction=j),
    )
    for render in (explain.explain, explain.to_markdown, explain.to_html):
        yield render.__name__, lambda j=junk, r=render: r(result) if j is None else None
    predicates = [
        (rules.RatingAtLeast, ("dimension", "minimum")),
        (rules.RatingAtMost, ("dimension", "maximum")),
        (rules.RatingSumAtLeast, ("dimensions", "minimum")),
        (rules.RatingSumAtMost, ("dimensions", "maximum")),
        (rules.RatingCountAtLeast, ("dimensions", "value", "count")),
        (rules.ScoreAtLeast, ("instrument", "minimum")),
        (rules.BandAtLeast, ("instrument", "band")),
        (rules.FlagPresent, ("instrument", "flag")),
        (rules.FactIs, ("fact", "value")),
        (rules.MeasurementBelow, ("measurement", "threshold")),
        (rules.MeasurementAbove, ("measurement", "threshold")),
        (rules.PopulationIs, ("population",)),
        (rules.HasCondition, ("condition",)),
    ]
    for cls, names in predicates:
        for name in names:
            yield (
                f"{cls.__name__}({name})",
                lambda j=junk, c=cls, n=name, ns=names: c(**dict.fromkeys(ns, j) | {n: j}),
            )
    yield "all_of", lambda j=junk: rules.all_of(j)
    yield "any_of", lambda j=junk: rules.any_of(j, j)
    yield "not_", lambda j=junk: rules.not_(j)
    yield "AllOf", lambda j=junk: rules.AllOf(of=j)
    yield "walk", lambda j=junk: list(rules.walk(j))
    predicate = rules.RatingAtLeast(dimension="safety", minimum=2)
    yield "Predicate.evaluate", lambda j=junk: predicate.evaluate(j)
    yield (
        "Rule",
        lambda j=junk: rules.Rule(id=j, when=j, min_level=j, excludes=j, rationale=j, source=j),
    )
    yield (
        "Rule(excludes)",
        lambda j=junk: rules.Rule(id="r", when=predicate, excludes=[j], rationale="x", source="y"),
    )
    yield (
        "Rule(if_missing)",
        lambda j=junk: rules.Rule(id="r", when=predicate, rationale="x", source="y", if_missing=j),
    )
    rule = rules.Rule(id="r", when=predicate, rationale="x", source="y")
    yield "Rule.evaluate", lambda j=junk: rule.evaluate(j)
    yield "Branch", lambda j=junk: rules.Branch(id=j, when=j, then=j, otherwise=j)
    yield "Leaf", lambda j=junk: rules.Leaf(id=j, level=j, code=j)
    yield "DecisionTree", lambda j=junk: rules.DecisionTree(root=j, branches=j, leaves=j)
    yield "DecisionTree.walk", lambda j=junk: locus.TREE.walk(j)
    ruleset_fields = {"id": "x", "version": "1", "effective_from": DAY}
    for field in (
        "id",
        "version",
        "effective_from",
        "effective_to",
        "sources",
        "rules",
        "tree",
        "other_inputs",
    ):
        yield (
            f"Ruleset({field})",
            lambda j=junk, f=field: rulesets.Ruleset(**{**ruleset_fields, f: j}),
        )
    yield "Ruleset.rule", lambda j=junk: reference.RULESET.rule(j)
    yield "Ruleset.check_names", lambda j=junk: reference.RULESET.check_names(j)
    yield "Ruleset.in_force_on", lambda j=junk: reference.RULESET.in_force_on(j)
    yield (
        "Ruleset.derive(drop)",
        lambda j=junk: reference.RULESET.derive(id="x", version="1", drop=[j]),
    )
    yield (
        "Ruleset.derive(add)",
        lambda j=junk: reference.RULESET.derive(id="x", version="1", add=[j]),
    )
    yield "Ruleset.derive(id)", lambda j=junk: reference.RULESET.derive(id=j, version=j)
    yield "rulesets.get", lambda j=junk: rulesets.get_ruleset(j)
    yield "rulesets.get_ruleset(as_of)", lambda j=junk: rulesets.get_ruleset("reference", as_of=j)
    yield (
        "rulesets.get_ruleset(version)",
        lambda j=junk: rulesets.get_ruleset("reference", version=j),
    )
    yield "rulesets.available", rulesets.available
    yield (
        "from_json(Ruleset)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(reference.RULESET), "rules": [j]}, rulesets.Ruleset
        ),
    )
    for name in LOCUS_NAMES:
        yield (
            f"LocusRatings({name})",
            lambda j=junk, n=name: locus.LocusRatings(**{**dict.fromkeys(LOCUS_NAMES, 2), n: j}),
        )
    ratings = locus.LocusRatings(**dict.fromkeys(LOCUS_NAMES, 2))
    yield "locus.assign", lambda j=junk: locus.assign(j)
    yield (
        "locus.assign(flags)",
        lambda j=junk: locus.assign(ratings, completed_treatment=j, act_team=j),
    )
    streams = ("iter_participants", "iter_assessments", "iter_histories", "census")
    for name in ("participants", "assessments", "cohort", "histories", *streams):
        # _drawn() draws from the streams, which check their arguments at the call.
        make = getattr(synthetic, name)
        yield f"synthetic.{name}(n)", lambda j=junk, m=make: _drawn(m(j, seed=1, as_of=DAY))
        yield f"synthetic.{name}(seed)", lambda j=junk, m=make: _drawn(m(1, seed=j, as_of=DAY))
        yield f"synthetic.{name}(as_of)", lambda j=junk, m=make: _drawn(m(1, seed=1, as_of=j))
    for name in ("assessments", "iter_assessments"):
        make = getattr(synthetic, name)
        yield (
            f"synthetic.{name}(for_ruleset)",
            lambda j=junk, m=make: _drawn(m(1, seed=1, as_of=DAY, for_ruleset=j)),
        )
    for name in ("histories", "iter_histories", "census"):
        make = getattr(synthetic, name)
        for option in ("weeks", "tz"):
            yield (
                f"synthetic.{name}({option})",
                lambda j=junk, o=option, m=make: _drawn(m(1, seed=1, as_of=DAY, **{o: j})),
            )


def _outcome_calls(junk):
    intake = {"intake_start": DAY, "intake_end": DAY}
    yield "outcomes.drr_e(participants)", lambda j=junk: outcomes.drr_e(j, [], as_of=DAY, **intake)
    yield "outcomes.drr_e(assessments)", lambda j=junk: outcomes.drr_e([], j, as_of=DAY, **intake)
    yield "outcomes.drr_e(as_of)", lambda j=junk: outcomes.drr_e([], [], as_of=j, **intake)
    yield (
        "outcomes.drr_e(intake_start)",
        lambda j=junk: outcomes.drr_e([], [], as_of=DAY, intake_start=j, intake_end=DAY),
    )
    yield (
        "outcomes.drr_e(exclusions)",
        lambda j=junk: outcomes.drr_e([], [], as_of=DAY, exclusions=j, **intake),
    )
    yield (
        "outcomes.drr_e(exclusions[id])",
        lambda j=junk: outcomes.drr_e([], [], as_of=DAY, exclusions={"p": j}, **intake),
    )


def _drawn(records):
    """A synthetic generator's records, drawn if they are a stream."""
    return list(records) if isinstance(records, Iterator) else records


def _kit_calls(junk):
    """The testing kit's entry points, each with one argument replaced by junk.

    Strategies are only built here (Hypothesis draws lazily); check_ruleset runs on a
    one-rule ruleset with two examples whenever the junk happens to be valid.
    """
    tiny = rulesets.Ruleset(
        id="tiny",
        version="1",
        effective_from=DAY,
        rules=[
            rules.Rule(
                id="T-SAFETY-3",
                when=rules.RatingAtLeast(dimension="safety", minimum=3),
                min_level=iopcore.LevelOfCare.PARTIAL_HOSPITALIZATION,
                rationale="r",
                source="s",
            )
        ],
    )
    options = {
        "max_examples": 2,
        "as_of": None,
        "rating_range": None,
        "skip": (),
        "not_monotone_in": (),
    }
    yield "check_ruleset(ruleset)", lambda j=junk: invariants.check_ruleset(j, max_examples=2)
    for option in options:
        yield (
            f"check_ruleset({option})",
            lambda j=junk, o=option: invariants.check_ruleset(tiny, **{**options, o: j}),
        )
    for option in ("ruleset", "as_of", "rating_range", "participant_ids", "complete"):
        yield (
            f"strategies.assessments({option})",
            lambda j=junk, o=option: strategies.assessments(**{o: j}),
        )
    yield "strategies.ruleset_inputs", lambda j=junk: strategies.ruleset_inputs(j)
    yield "strategies.rating_ranges", lambda j=junk: strategies.rating_ranges(j)
    yield (
        "strategies.rating_ranges(rating_range)",
        lambda j=junk: strategies.rating_ranges(("safety",), j),
    )
    yield "strategies.levels_of_care", lambda j=junk: strategies.levels_of_care(min_level=j)
    for option in ("as_of", "min_age", "max_age"):
        yield (
            f"strategies.birth_dates({option})",
            lambda j=junk, o=option: strategies.birth_dates(**{o: j}),
        )
        yield (
            f"strategies.participants({option})",
            lambda j=junk, o=option: strategies.participants(**{o: j}),
        )
    yield "strategies.responses", lambda j=junk: strategies.responses(j)
    yield "strategies.responses(complete)", lambda j=junk: strategies.responses("phq9", complete=j)
    yield "strategies.scores", lambda j=junk: strategies.scores(j)
    yield (
        "strategies.responses_with_options",
        lambda j=junk: strategies.responses_with_options(j),
    )
    yield "strategies.scores(complete)", lambda j=junk: strategies.scores("gad7", complete=j)
    for option in ("min_date", "max_date", "complete"):
        yield (
            f"strategies.measurements({option})",
            lambda j=junk, o=option: strategies.measurements(**{o: j}),
        )
    yield "strategies.measurements", lambda j=junk: strategies.measurements(j)
    yield "strategies.trajectories", lambda j=junk: strategies.trajectories(j)
    for option in ("as_of", "max_size"):
        yield (
            f"strategies.trajectories({option})",
            lambda j=junk, o=option: strategies.trajectories(**{o: j}),
        )


EPISODE_DAY = pendulum.date(2026, 1, 5)
CHANGE_FIELDS = {
    "effective": EPISODE_DAY.add(days=7),
    "recorded": EPISODE_DAY.add(days=7),
    "from_level": "IOP",
    "to_level": "PHP",
    "reason": "safety risk",
    "decided_by": "psychiatrist",
    "note": None,
}
DISCHARGE_FIELDS = {
    "effective": EPISODE_DAY.add(days=30),
    "recorded": EPISODE_DAY.add(days=30),
    "reason": "goals met",
    "decided_by": None,
    "note": None,
}
EPISODE_FIELDS = {
    "participant_id": "p-1",
    "program_id": None,
    "admitted": EPISODE_DAY,
    "initial_level": "IOP",
    "events": (),
}


def _episode_calls(junk):
    """The episode entry points, each with one argument replaced by junk."""
    for cls, fields in (
        (episodes.LevelChange, CHANGE_FIELDS),
        (episodes.Discharge, DISCHARGE_FIELDS),
        (episodes.Episode, EPISODE_FIELDS),
    ):
        for field in fields:
            yield (
                f"{cls.__name__}({field})",
                lambda j=junk, c=cls, fs=fields, f=field: c(**{**fs, f: j}),
            )
    yield (
        "Episode(events item)",
        lambda j=junk: episodes.Episode(**{**EPISODE_FIELDS, "events": [j]}),
    )
    stay = episodes.Episode(
        **{
            **EPISODE_FIELDS,
            "events": [
                episodes.LevelChange(**CHANGE_FIELDS),
                episodes.Discharge(**DISCHARGE_FIELDS),
            ],
        }
    )
    for method in ("level_on", "length_of_stay", "days_at_each_level", "known_on", "is_discharged"):
        yield f"Episode.{method}", lambda j=junk, m=method: getattr(stay, m)(j)
    yield "Episode.with_event", lambda j=junk: stay.with_event(j)
    yield "EpisodeEvent.kinds", episodes.EpisodeEvent.kinds
    for render in (explain.timeline, explain.timeline_html):
        yield render.__name__, lambda j=junk, r=render: r(stay) if j is None else None
    yield (
        "from_dict(Episode event)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(stay), "events": [j]}, episodes.Episode
        ),
    )
    yield (
        "from_dict(Episode event field)",
        lambda j=junk: serialize.from_dict(
            {
                **serialize.to_dict(stay),
                "events": [{**serialize.to_dict(stay)["events"][0], "effective": j}],
            },
            episodes.Episode,
        ),
    )
    for option in ("as_of", "min_events", "max_events", "discharged", "participant_ids"):
        yield (
            f"strategies.episodes({option})",
            lambda j=junk, o=option: strategies.episodes(**{o: j}),
        )


TRANSITION_DAY = pendulum.date(2026, 2, 2)


def _program_fields():
    slot = sessions.WeeklySlot(weekday=0, start=dt.time(9), end=dt.time(12))
    return {
        "id": "prog",
        "name": "Program",
        "level": "IOP",
        "populations": ["adult"],
        "conditions": ["depression"],
        "calendar": sessions.ProgramCalendar(tz=NY),
        "schedules": [sessions.ScheduleTemplate(tz=NY, slots=[slot])],
        "curriculum": programs.DBT_SKILLS,
        "curriculum_start": DAY,
        "max_group_size": 8,
        "group_services": ["group therapy"],
        "ruleset": "asam",
        "adult_age": 18,
    }


def _program_calls(junk):
    """The program entry points, each with one argument replaced by junk."""
    fields = _program_fields()
    for field in fields:
        yield (
            f"Program({field})",
            lambda j=junk, f=field: programs.Program(**{**_program_fields(), f: j}),
        )
    yield "Program(schedules item)", lambda j=junk: programs.Program(**{**fields, "schedules": [j]})
    module_fields = {"name": "m", "approach": "CBT", "length": 2}
    for field in module_fields:
        yield (
            f"Module({field})",
            lambda j=junk, f=field: programs.Module(**{**module_fields, f: j}),
        )
    module = programs.Module(**module_fields)
    curriculum_fields = {
        "name": "c",
        "modules": [module],
        "unit": "weeks",
        "cyclic": True,
        "services": ["skills group"],
        "source": "",
    }
    for field in curriculum_fields:
        yield (
            f"Curriculum({field})",
            lambda j=junk, f=field: programs.Curriculum(**{**curriculum_fields, f: j}),
        )
    yield (
        "Curriculum(modules item)",
        lambda j=junk: programs.Curriculum(name="c", modules=[module, j]),
    )
    yield "Curriculum.module_at", lambda j=junk: programs.DBT_SKILLS.module_at(j)
    program = programs.Program(**fields)
    person = iopcore.Participant(**VALID_PARTICIPANT)
    placed = placement.Placement(
        participant_id="p-1",
        assessed_on=DAY,
        as_of=DAY,
        level=iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
        determinable=True,
        at_least=iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
        at_most=iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
        missing=(),
        findings=(),
        ruleset=rulesets.RulesetRef(id="r", version="1", hash="0"),
    )
    match_args = {"program": program, "participant": person, "placement": placed, "as_of": DAY}
    for option in match_args:
        yield (
            f"match({option})",
            lambda j=junk, o=option: programs.match(**{**match_args, o: j}),
        )
    yield "Match.lines", programs.match(**match_args).lines
    intensity_args = {
        "start": DAY,
        "end": DAY.add(days=13),
        "ruleset": None,
        "partial_weeks": "prorate",
    }
    yield "schedule_intensity", lambda j=junk: programs.schedule_intensity(j, start=DAY, end=DAY)
    for option in intensity_args:
        yield (
            f"schedule_intensity({option})",
            lambda j=junk, o=option: programs.schedule_intensity(
                program, **{**intensity_args, o: j}
            ),
        )
    group = sessions.Session(**SESSION_FIELDS)
    yield "group_capacity(program)", lambda j=junk: programs.group_capacity(j, [group])
    yield "group_capacity(sessions)", lambda j=junk: programs.group_capacity(program, j)
    yield "group_capacity(session)", lambda j=junk: programs.group_capacity(program, [group, j])
    yield (
        "curriculum_progress(program)",
        lambda j=junk: programs.curriculum_progress(j, [group], as_of=DAY),
    )
    yield (
        "curriculum_progress(sessions)",
        lambda j=junk: programs.curriculum_progress(program, j, as_of=DAY),
    )
    yield (
        "curriculum_progress(session)",
        lambda j=junk: programs.curriculum_progress(program, [group, j], as_of=DAY),
    )
    yield (
        "curriculum_progress(as_of)",
        lambda j=junk: programs.curriculum_progress(program, [group], as_of=j),
    )
    progress = programs.curriculum_progress(program, [group], as_of=DAY)
    yield "CurriculumProgress.lines", progress.lines
    yield "Program.lines", program.lines
    # Renderers take the values iopcore built (as the other renderers here).
    for render, shown in (
        (explain.explain_program, program),
        (explain.program_html, program),
        (explain.explain_progress, progress),
        (explain.progress_html, progress),
    ):
        yield render.__name__, lambda j=junk, r=render, v=shown: r(v) if j is None else None
    for option in ("tz", "curriculum", "ruleset"):
        yield (
            f"strategies.programs({option})",
            lambda j=junk, o=option: strategies.programs(**{o: j}),
        )
    for option in ("unit", "cyclic", "max_modules", "max_length"):
        yield (
            f"strategies.curricula({option})",
            lambda j=junk, o=option: strategies.curricula(**{o: j}),
        )


def _transition_calls(junk):
    """The transition entry points, each with one argument replaced by junk."""
    from iopcore import transitions  # noqa: PLC0415 - loaded with its table

    open_episode = episodes.Episode(**{**EPISODE_FIELDS, "events": []})
    fields = {"episode": open_episode, "as_of": TRANSITION_DAY}
    for option in ("episode", "as_of", "ruleset", "assessments", "sessions"):
        yield (
            f"evaluate_transition({option})",
            lambda j=junk, o=option: transitions.evaluate_transition(**{**fields, o: j}),
        )
        yield (
            f"obligations({option})",
            lambda j=junk, o=option: transitions.obligations(
                **{**fields, **({} if o == "sessions" else {o: j})}
            ),
        )
    for option in ("certified", "plan_reviews", "medicare"):
        yield (
            f"obligations({option})",
            lambda j=junk, o=option: transitions.obligations(**{**fields, o: j}),
        )
    yield (
        "evaluate_transition(participant)",
        lambda j=junk: transitions.evaluate_transition(**fields, participant=j),
    )
    yield (
        "evaluate_transition(assessments item)",
        lambda j=junk: transitions.evaluate_transition(**fields, assessments=[j]),
    )
    yield (
        "obligations(certified item)",
        lambda j=junk: transitions.obligations(**fields, certified=[j]),
    )
    decision = transitions.evaluate_transition(
        open_episode, as_of=open_episode.admitted.add(days=59)
    )
    for option in ("decided_by", "recorded"):
        yield (
            f"TransitionDecision.event({option})",
            lambda j=junk, o=option: decision.event(**{"decided_by": "counselor", o: j}),
        )
    for option in ("name", "value", "source"):
        yield (
            f"TransitionParameter({option})",
            lambda j=junk, o=option: rulesets.TransitionParameter(
                **{"name": "taper_weeks", "value": 2, "source": "example", o: j}
            ),
        )
    yield (
        "Ruleset.transition_parameter",
        lambda j=junk: reference.RULESET.transition_parameter(j),
    )
    yield (
        "Ruleset(transitions)",
        lambda j=junk: rulesets.Ruleset(
            id="x", version="1", effective_from=TRANSITION_DAY, transitions=j
        ),
    )
    for render in (explain.explain_transition, explain.transition_html):
        yield render.__name__, lambda j=junk, r=render: r(decision) if j is None else None
    for option in ("ruleset", "as_of", "max_weeks", "tz", "participant_ids"):
        yield (
            f"strategies.histories({option})",
            lambda j=junk, o=option: strategies.histories(**{o: j}),
        )


NY = "America/New_York"
SESSION_FIELDS = {
    "participant_id": "p-1",
    "service": "group therapy",
    "start": pendulum.datetime(2026, 3, 2, 9, tz=NY),
    "end": pendulum.datetime(2026, 3, 2, 12, tz=NY),
    "attendance": "attended",
    "attended_minutes": None,
}
CALENDAR_FIELDS = {
    "tz": NY,
    "first_weekday": 0,
    "open_weekdays": [0, 2, 4],
    "closures": [],
    "partial_days": {},
}
BAND_FIELDS = {
    "level": iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
    "population": iopcore.Population.ADULT,
    "min_hours_per_week": 9,
    "max_hours_per_week": 19,
    "max_exclusive": False,
    "min_days_per_week": None,
    "taper_grace_weeks": 2,
    "source": "s",
    "basis": rulesets.HoursBasis.DELIVERED,
}


def _intensity_calls(junk):  # noqa: PLR0915 - one table of every entry point
    """The session and intensity entry points, each with one argument replaced by junk."""
    yield "WeeklyCompliance.from_form", lambda j=junk: intensity.WeeklyCompliance.from_form(j)
    for cls, fields in (
        (sessions.Session, SESSION_FIELDS),
        (sessions.ProgramCalendar, CALENDAR_FIELDS),
        (rulesets.HourBand, BAND_FIELDS),
        (intensity.IntensityRequirement, {**BAND_FIELDS, "required_services": {}, "ruleset": None}),
    ):
        for field in fields:
            yield (
                f"{cls.__name__}({field})",
                lambda j=junk, c=cls, fs=fields, f=field: c(**{**fs, f: j}),
            )
    yield (
        "ProgramCalendar(partial_days value)",
        lambda j=junk: sessions.ProgramCalendar(tz=NY, partial_days={DAY: j}),
    )
    yield (
        "ProgramCalendar(partial_days key)",
        lambda j=junk: sessions.ProgramCalendar(
            tz=NY, partial_days={j if isinstance(j, Hashable) else short_repr(j): 0.5}
        ),
    )
    yield (
        "IntensityRequirement(required_services)",
        lambda j=junk: intensity.IntensityRequirement(
            **BAND_FIELDS, required_services={"group therapy": j}
        ),
    )
    calendar = sessions.ProgramCalendar(tz=NY)
    yield "ProgramCalendar.week_start", lambda j=junk: calendar.week_start(j)
    yield "ProgramCalendar.open_fraction", lambda j=junk: calendar.open_fraction(j)
    requirement = intensity.requirement_for(iopcore.LevelOfCare.OUTPATIENT, "adult")
    yield (
        "IntensityRequirement.above_ceiling",
        lambda j=junk: requirement.above_ceiling(j if isinstance(j, int | float) else 1.0),
    )
    yield "IntensityRequirement.describe", requirement.describe
    adult = iopcore.Population.ADULT
    yield "requirement_for(level)", lambda j=junk: intensity.requirement_for(j, adult)
    yield (
        "requirement_for(population)",
        lambda j=junk: intensity.requirement_for(iopcore.LevelOfCare.OUTPATIENT, j),
    )
    yield (
        "requirement_for(ruleset)",
        lambda j=junk: intensity.requirement_for(iopcore.LevelOfCare.OUTPATIENT, adult, ruleset=j),
    )
    yield (
        "Ruleset(hours)",
        lambda j=junk: rulesets.Ruleset(id="x", version="1", effective_from=DAY, hours=j),
    )
    yield (
        "Ruleset(hours item)",
        lambda j=junk: rulesets.Ruleset(id="x", version="1", effective_from=DAY, hours=[j]),
    )
    yield "Ruleset.hour_band(level)", lambda j=junk: asam.RULESET.hour_band(j, adult)
    yield (
        "Ruleset.hour_band(population)",
        lambda j=junk: asam.RULESET.hour_band(iopcore.LevelOfCare.OUTPATIENT, j),
    )
    yield "per_diem_tier", lambda j=junk: medicare.per_diem_tier(j)
    yield "per_diem_tier(setting)", lambda j=junk: medicare.per_diem_tier(3, setting=j)
    iop = iopcore.LevelOfCare.INTENSIVE_OUTPATIENT
    yield "recertification_due(level)", lambda j=junk: medicare.recertification_due(j, admitted=DAY)
    yield (
        "recertification_due(admitted)",
        lambda j=junk: medicare.recertification_due(iop, admitted=j),
    )
    yield (
        "recertification_due(last_certified)",
        lambda j=junk: medicare.recertification_due(iop, admitted=DAY, last_certified=j),
    )
    yield (
        "from_dict(Session field)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(sessions.Session(**SESSION_FIELDS)), "end": j}, sessions.Session
        ),
    )
    group = sessions.Session(**SESSION_FIELDS)
    options = {
        "tz": NY,
        "calendar": None,
        "admitted": None,
        "discharged": None,
        "as_of": None,
        "stepping_down": False,
        "partial_weeks": "prorate",
    }
    yield (
        "weekly_compliance(sessions)",
        lambda j=junk: intensity.weekly_compliance(j, requirement, tz=NY),
    )
    yield (
        "weekly_compliance(session)",
        lambda j=junk: intensity.weekly_compliance([group, j], requirement, tz=NY),
    )
    yield (
        "weekly_compliance(requirement)",
        lambda j=junk: intensity.weekly_compliance([group], j, tz=NY),
    )
    for option in options:
        yield (
            f"weekly_compliance({option})",
            lambda j=junk, o=option: intensity.weekly_compliance(
                [group], requirement, **{**options, o: j}
            ),
        )
    weeks = intensity.weekly_compliance([group], requirement, tz=NY)
    yield "WeeklyCompliance.table", weeks.table
    # The renderer takes the weeks iopcore built (as the other renderers here).
    yield "compliance_html", lambda j=junk: explain.compliance_html(weeks) if j is None else None
    slot_fields = {"weekday": 0, "start": dt.time(9), "end": dt.time(12), "service": "skills group"}
    for field in slot_fields:
        yield (
            f"WeeklySlot({field})",
            lambda j=junk, f=field: sessions.WeeklySlot(**{**slot_fields, f: j}),
        )
    slot = sessions.WeeklySlot(**slot_fields)
    yield "ScheduleTemplate(tz)", lambda j=junk: sessions.ScheduleTemplate(tz=j, slots=[slot])
    yield "ScheduleTemplate(slots)", lambda j=junk: sessions.ScheduleTemplate(tz=NY, slots=j)
    yield (
        "ScheduleTemplate(slots item)",
        lambda j=junk: sessions.ScheduleTemplate(tz=NY, slots=[j]),
    )
    plan = sessions.ScheduleTemplate(tz=NY, slots=[slot])
    plan_options = {"start": DAY, "end": DAY.add(days=9), "calendar": None}
    yield "ScheduleTemplate.sessions", lambda j=junk: plan.sessions(j, **plan_options)
    for option in plan_options:
        yield (
            f"ScheduleTemplate.sessions({option})",
            lambda j=junk, o=option: plan.sessions("p", **{**plan_options, o: j}),
        )
        yield (
            f"planned_compliance({option})",
            lambda j=junk, o=option: intensity.planned_compliance(
                plan, requirement, **{**plan_options, o: j}
            ),
        )
    yield (
        "planned_compliance(template)",
        lambda j=junk: intensity.planned_compliance(j, requirement, start=DAY, end=DAY),
    )
    yield (
        "planned_compliance(partial_weeks)",
        lambda j=junk: intensity.planned_compliance(
            plan, requirement, start=DAY, end=DAY, partial_weeks=j
        ),
    )
    summary_options = {"tz": NY, "start": None, "end": None, "excuse_absences": True}
    yield "attendance_summary", lambda j=junk: intensity.attendance_summary(j, tz=NY)
    yield (
        "attendance_summary(session)",
        lambda j=junk: intensity.attendance_summary([group, j], tz=NY),
    )
    billing_options = {"tz": NY, "start": DAY, "end": DAY.add(days=3), "setting": "hospital"}
    yield "billing_days", lambda j=junk: medicare.billing_days(j, **billing_options)
    yield "billing_days(session)", lambda j=junk: medicare.billing_days([j], **billing_options)
    for option in summary_options:
        yield (
            f"attendance_summary({option})",
            lambda j=junk, o=option: intensity.attendance_summary(
                [group], **{**summary_options, o: j}
            ),
        )
    for option in billing_options:
        yield (
            f"billing_days({option})",
            lambda j=junk, o=option: medicare.billing_days([group], **{**billing_options, o: j}),
        )
    for option in ("tz", "min_date", "max_date", "around_dst", "participant_ids"):
        yield (
            f"strategies.sessions({option})",
            lambda j=junk, o=option: strategies.sessions(**{o: j}),
        )
        yield (
            f"strategies.attendance_histories({option})",
            lambda j=junk, o=option: strategies.attendance_histories(**{o: j}),
        )
    for option in ("min_size", "max_size"):
        yield (
            f"strategies.attendance_histories({option})",
            lambda j=junk, o=option: strategies.attendance_histories(**{o: j}),
        )
    yield "strategies.program_calendars", lambda j=junk: strategies.program_calendars(tz=j)
    # INTENSITY-JUNK-MORE


def _schedule_and_admission_calls(junk):
    """The typical weeks of the testing kit and the synthetic admissions."""
    for option in (
        "week",
        "max_weeks",
        "tz",
        "min_date",
        "max_date",
        "around_dst",
        "all_attended",
        "participant_ids",
    ):
        yield (
            f"strategies.scheduled_histories({option})",
            lambda j=junk, o=option: strategies.scheduled_histories(**{o: j}),
        )
    yield "strategies.typical_weeks", lambda j=junk: strategies.typical_weeks(j)
    typical = {"level": iopcore.LevelOfCare.INTENSIVE_OUTPATIENT, "days": 3}
    typical |= {"hours_per_day": 3, "source": "where"}
    for option in typical:
        yield (
            f"TypicalWeek({option})",
            lambda j=junk, o=option: strategies.TypicalWeek(**{**typical, o: j}),
        )
    period = {"seed": 1, "start": DAY, "end": DAY.add(days=30), "as_of": DAY.add(days=60)}
    period |= {"tz": NY}
    yield "synthetic.admissions(n)", lambda j=junk: _drawn(synthetic.admissions(j, **period))
    for option in period:
        yield (
            f"synthetic.admissions({option})",
            lambda j=junk, o=option: _drawn(synthetic.admissions(1, **{**period, o: j})),
        )


def _fhir_calls(junk):
    """The FHIR export's entry points, each with one argument replaced by junk."""
    from iopcore import fhir  # noqa: PLC0415 - loaded with its table

    stay = episodes.Episode(**EPISODE_FIELDS)
    yield "episode_of_care(episode)", lambda j=junk: fhir.episode_of_care(j, as_of=DAY)
    yield "episode_of_care(as_of)", lambda j=junk: fhir.episode_of_care(stay, as_of=j)
    score = phq9.score([1] * 9)
    fields = {"participant_id": "p-1", "effective": DAY}
    yield "observation(score)", lambda j=junk: fhir.observation(j, **fields)
    for option in fields:
        yield (
            f"observation({option})",
            lambda j=junk, o=option: fhir.observation(score, **{**fields, o: j}),
        )
    yield "encounter", lambda j=junk: fhir.encounter(j)
    yield "bundle", lambda j=junk: fhir.bundle(j)
    yield "bundle(resource)", lambda j=junk: fhir.bundle([j])
    yield "bundle(resource value)", lambda j=junk: fhir.bundle([{"resourceType": "Basic", "x": j}])
    yield "code_systems", fhir.code_systems
    mrn = "mrn-1"
    policy = {"pseudonyms": {mrn: "study-1"}, "dates": "shifted", "shift_days": {mrn: 5}}
    for option in policy:
        yield (
            f"Deidentify({option})",
            lambda j=junk, o=option: fhir.Deidentify(**{**policy, o: j}),
        )
    shifted = fhir.Deidentify(**policy)
    yield "Deidentify.participant", lambda j=junk: shifted.participant(j)
    yield "Deidentify.day", lambda j=junk: shifted.day(j, mrn, field="day")
    yield "Deidentify.moment", lambda j=junk: shifted.moment(j, mrn, field="moment")
    yield (
        "episode_of_care(deidentify)",
        lambda j=junk: fhir.episode_of_care(stay, as_of=DAY, deidentify=j),
    )
    yield (
        "observation(deidentify)",
        lambda j=junk: fhir.observation(score, **fields, deidentify=j),
    )


COHORT_DAY = pendulum.date(2026, 3, 30)


def _cohort_calls(junk):
    """The cohort entry points, each with one argument replaced by junk."""
    histories = _cohort_histories()
    options = {"as_of": COHORT_DAY, "tz": NY}
    for option in ("as_of", "tz", "ruleset", "hours_ruleset", "partial_weeks"):
        yield (
            f"evaluate_participant({option})",
            lambda j=junk, o=option: cohort.evaluate_participant(histories[0], **{**options, o: j}),
        )
        for stream in (
            cohort.evaluate_cohort,
            cohort.participant_records,
            cohort.placement_records,
            cohort.week_records,
        ):
            yield (
                f"{stream.__name__}({option})",
                lambda j=junk, o=option, f=stream: list(f(histories, **{**options, o: j})),
            )
    yield "evaluate_participant(records)", lambda j=junk: cohort.evaluate_participant(j, **options)
    yield "evaluate_cohort(cohort)", lambda j=junk: list(cohort.evaluate_cohort(j, **options))
    yield "evaluate_cohort(item)", lambda j=junk: list(cohort.evaluate_cohort([j], **options))
    person = histories[0].participant
    for field in ("participant", "episode", "assessments", "sessions"):
        yield (
            f"ParticipantRecords({field})",
            lambda j=junk, f=field: cohort.ParticipantRecords(**{"participant": person, f: j}),
        )
    for field in ("assessments", "sessions"):
        yield (
            f"ParticipantRecords({field} item)",
            lambda j=junk, f=field: cohort.ParticipantRecords(participant=person, **{f: [j]}),
        )
    row = next(cohort.participant_records(histories, **options))
    yield "summarize", lambda j=junk: cohort.summarize(j)
    yield "summarize(item)", lambda j=junk: cohort.summarize([j])
    empty = cohort.CohortSummary()
    yield "cohort_html", lambda j=junk: explain.cohort_html(empty) if j is None else None
    for column in cohort.PARTICIPANT_COLUMNS:
        yield (
            f"summarize({column})",
            lambda j=junk, c=column: cohort.summarize([{**row, c: j}]),
        )
    yield "merge", lambda j=junk: cohort.merge(j)
    yield "merge(item)", lambda j=junk: cohort.merge([cohort.CohortSummary(), j])
    for field in (
        "participants",
        "levels",
        "recommended",
        "weeks_assessed",
        "weeks_met",
        "decisions",
        "step_ups",
        "step_downs",
        "discharges",
        "length_of_stay",
        "phq9",
        "gad7",
    ):
        yield (
            f"CohortSummary({field})",
            lambda j=junk, f=field: cohort.CohortSummary(**{"participants": 5, f: j}),
        )
    for field in ("levels", "recommended", "length_of_stay"):
        yield (
            f"CohortSummary({field} key)",
            lambda j=junk, f=field: cohort.CohortSummary(participants=5, **{f: [(j, 1)]}),
        )
        yield (
            f"CohortSummary({field} count)",
            lambda j=junk, f=field: cohort.CohortSummary(participants=5, **{f: [("IOP", j)]}),
        )
    for field in ("instrument", "eligible", "responses", "remissions", "days_to_remission"):
        yield (
            f"OutcomeSummary({field})",
            lambda j=junk, f=field: cohort.OutcomeSummary(
                **{"instrument": "phq9", "eligible": 3, f: j}
            ),
        )
    summary = cohort.CohortSummary(participants=2, levels={"IOP": 1})
    yield "CohortSummary.rows", lambda j=junk: summary.rows() if j is None else None
    yield "CohortSummary.to_text", lambda j=junk: summary.to_text() if j is None else None


@functools.cache
def _cohort_histories():
    return synthetic.histories(2, seed=3, as_of=COHORT_DAY, weeks=2)


@pytest.mark.one_value_everywhere
def test_junk_gives_a_result_or_an_iopcore_error():
    """No public entry point lets another exception escape on junk input."""
    failures = []
    count = 0
    calls = [
        *_calls(),
        *(call for junk in JUNK for call in _instrument_calls(junk)),
        *(call for junk in JUNK for call in _placement_calls(junk)),
        *(call for junk in JUNK for call in _kit_calls(junk)),
        *(call for junk in JUNK for call in _schedule_and_admission_calls(junk)),
        *(call for junk in JUNK for call in _intensity_calls(junk)),
        *(call for junk in JUNK for call in _episode_calls(junk)),
        *(call for junk in JUNK for call in _transition_calls(junk)),
        *(call for junk in JUNK for call in _fhir_calls(junk)),
        *(call for junk in JUNK for call in _cohort_calls(junk)),
        *(call for junk in JUNK for call in _program_calls(junk)),
        *(call for junk in JUNK for call in _outcome_calls(junk)),
    ]
    for name, call in calls:
        count += 1
        try:
            call()
        except IopcoreError as error:
            failures.extend(f"{name}: {leak}" for leak in _programmer_words(error))
        except Exception as error:  # noqa: BLE001 - collecting every escape is the point
            failures.append(f"{name}: {type(error).__name__}: {error}")
    assert count > 500
    assert failures == []


#: Phrases of Python's own messages, which mean nothing to a clinician or an analyst.
_INTERNAL = ("object has no attribute", "unhashable type", "NoneType", "from -inf", "to inf")


def _programmer_words(error: BaseException) -> list[str]:
    """The messages of ``error`` (and of a group's members) that leak Python's words."""
    members = error.exceptions if isinstance(error, BaseExceptionGroup) else ()
    found = [f"{error}" for phrase in _INTERNAL if phrase in str(error)]
    return found + [leak for member in members for leak in _programmer_words(member)]


def test_every_public_callable_is_in_the_junk_table():
    """A new public function must be added to _calls()."""
    covered = {
        # iopcore.testing (see _kit_calls; "assessments" and "participants" are
        # listed with synthetic below); populations, sexes, conditions and
        # identifiers take no arguments
        "check_ruleset",
        "ruleset_inputs",
        "rating_ranges",
        "levels_of_care",
        "birth_dates",
        "responses",
        "scores",
        "measurements",
        "trajectories",
        "populations",
        "sexes",
        "conditions",
        "identifiers",
        "from_code",
        "from_icd10",
        "from_asam",
        "to_asam",
        "from_locus",
        "to_locus",
        "from_calocus_casii",
        "to_calocus_casii",
        "age_on",
        "population_on",
        "to_dict",
        "to_json",
        "from_dict",
        "from_json",
        "Participant",
        # iopcore.instruments and its modules (see _instrument_calls)
        "score",
        "validate",
        "is_valid",
        "get_instrument",
        "available_instruments",
        "Score",
        "Responses",
        "responses_with_options",
        "subscale",
        "reliable_change",
        "reliable_change_threshold",
        "response",
        "remission",
        "is_case",
        "recovery",
        "reliable_recovery",
        "reliable_improvement",
        "reliable_deterioration",
        "DatedScore",
        "Trajectory",
        "from_measurements",
        "remission_sustained",
        "score_html",
        "reliable_change_html",
        "explain_trajectory",
        "trajectory_html",
        # the placement engine (see _placement_calls)
        "Assessment",
        "rating",
        "fact",
        "measurement",
        "filled_from",
        "recommend_level",
        "Placement",
        "override",
        "Override",
        "explain",
        "to_markdown",
        "to_html",
        "all_of",
        "any_of",
        "not_",
        "walk",
        "evaluate",
        "Rule",
        "Branch",
        "Leaf",
        "DecisionTree",
        "Ruleset",
        "rule",
        "in_force_on",
        "derive",
        "check_names",
        "get_ruleset",
        "available",
        "LocusRatings",
        "assign",
        "participants",
        "assessments",
        "cohort",
        "kinds",
        "of",
        "inputs",
        "describe",
        "as_ratings",
        "AllOf",
        "Always",
        "AnyOf",
        "BandAtLeast",
        "FactIs",
        "FlagPresent",
        "HasCondition",
        "MeasurementAbove",
        "MeasurementBelow",
        "Not",
        "PopulationIs",
        "RatingAtLeast",
        "RatingAtMost",
        "RatingCountAtLeast",
        "RatingSumAtLeast",
        "RatingSumAtMost",
        "ScoreAtLeast",
        # sessions and intensity (see _intensity_calls)
        "Session",
        "ProgramCalendar",
        "week_start",
        "open_fraction",
        "HourBand",
        "hour_band",
        "IntensityRequirement",
        "above_ceiling",
        "requirement_for",
        "per_diem_tier",
        "recertification_due",
        "weekly_compliance",
        "table",
        "WeeklySlot",
        "ScheduleTemplate",
        "sessions",
        "planned_compliance",
        "attendance_summary",
        "billing_days",
        "attendance_histories",
        "program_calendars",
        "scheduled_histories",
        "typical_weeks",
        "TypicalWeek",
        "admissions",
        # de-identified FHIR export (see _fhir_calls)
        "Deidentify",
        "participant",
        "day",
        "moment",
        # episodes (see _episode_calls)
        "Episode",
        "LevelChange",
        "Discharge",
        "level_on",
        "length_of_stay",
        "days_at_each_level",
        "known_on",
        "is_discharged",
        "with_event",
        "timeline",
        "timeline_html",
        "episodes",
        # transitions (see _transition_calls)
        "evaluate_transition",
        "obligations",
        "event",
        "TransitionParameter",
        "transition_parameter",
        "explain_transition",
        "transition_html",
        "histories",
        "iter_participants",
        "iter_assessments",
        "iter_histories",
        "census",
        # cohorts (see _cohort_calls)
        "ParticipantRecords",
        "evaluate_participant",
        "evaluate_cohort",
        "participant_records",
        "placement_records",
        "week_records",
        "summarize",
        "merge",
        "CohortSummary",
        "OutcomeSummary",
        "rows",
        "to_text",
        # every result's view and its forms take no argument
        "view",
        "to_form",
        "from_form",
        # FHIR export (see _fhir_calls)
        "episode_of_care",
        "observation",
        "encounter",
        "bundle",
        "code_systems",
        # programs (see _program_calls)
        "Program",
        "Curriculum",
        "Module",
        "module_at",
        "match",
        "schedule_intensity",
        "group_capacity",
        "curriculum_progress",
        "lines",
        "explain_program",
        "program_html",
        "explain_progress",
        "progress_html",
        "compliance_html",
        "cohort_html",
        "programs",
        "curricula",
    }
    # Protocols and records with no behaviour of their own: nothing to feed junk to.
    not_callable_entry_points = {"Instrument", "ReliabilityDefaults", "ReliableChange"}
    public = set()
    for module in (
        iopcore,
        levels,
        participants,
        serialize,
        instruments,
        change,
        *INSTRUMENT_MODULES,
        assessments,
        placement,
        explain,
        rules,
        rulesets,
        reference,
        locus,
        synthetic,
        strategies,
        invariants,
        sessions,
        intensity,
        asam,
        medicare,
        episodes,
        transitions,
        fhir,
        programs,
        cohort,
    ):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) or (
                inspect.isclass(value) and not issubclass(value, tuple)
            ):
                public.add(name)
            if inspect.isclass(value):
                public.update(
                    attr
                    for attr, member in vars(value).items()
                    if (
                        not attr.startswith("_") and isinstance(member, (classmethod, staticmethod))
                    )
                    or (not attr.startswith("_") and inspect.isfunction(member))
                )
    enums = {
        "DateDetail",
        "LevelOfCare",
        "Condition",
        "Population",
        "Sex",
        "ClinicalFact",
        "Measurement",
        "Direction",
        "Outcome",
        "Role",
        "Truth",
        "ServiceType",
        "Attendance",
        "WeekCheck",
        "PartialWeeks",
        "ChangeReason",
        "DischargeReason",
        "TransitionKind",
        "ObligationKind",
        "Approach",
        "LengthUnit",
        "MatchOutcome",
        "ProgramCheck",
        "HoursBasis",
        "Setting",
    }
    # Results and bases built only by iopcore itself (or abstract): no input to check.
    not_callable_entry_points |= {
        "Check",
        "Finding",
        "Observation",
        "LocusResult",
        "RulesetRef",
        "TreeWalk",
        "SyntheticCohort",
        "SyntheticHistory",
        "SyntheticAdmission",
        "Explainable",
        "Predicate",
        "RulesetInvariantError",
        "WeekCompliance",
        "WeekFinding",
        "AttendanceSummary",
        "BillingDay",
        "EpisodeEvent",
        "ParameterSpec",
        "TransitionDecision",
        "TransitionFinding",
        "Obligation",
        "Evaluation",
        "ParticipantRecordsLike",
        "Match",
        "ProgramFinding",
        "ScheduleCheck",
        "GroupMeeting",
        "ModuleAttendance",
        "CurriculumProgress",
    }
    missing = sorted(public - enums - not_callable_entry_points - covered)
    assert missing == [], ", ".join(missing)
