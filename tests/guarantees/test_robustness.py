"""Robustness: junk into every public entry point gives a result or an iopcore error
with words a clinician or analyst understands, and every public callable is in the
table."""

import inspect

import pytest
from calls_care import episode_calls, program_calls, transition_calls
from calls_data import cohort_calls, fhir_calls, intensity_calls, schedule_and_admission_calls
from calls_frames import frames_calls, frames_cohort_calls, frames_weeks_calls
from calls_values import core_calls, instrument_calls, kit_calls, outcome_calls, placement_calls
from junk import (
    INSTRUMENT_MODULES,
    JUNK,
    programmer_words,
)

import iopcore
from iopcore import (
    assessments,
    cohort,
    episodes,
    explain,
    fhir,
    instruments,
    intensity,
    levels,
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
from iopcore.exceptions import IopcoreError
from iopcore.instruments import (
    change,
)
from iopcore.rulesets import asam, locus, medicare, reference
from iopcore.testing import invariants, strategies

#: The junk table: each group gives the (name, call) pairs of its public entry points
#: with one argument replaced by a junk value. A new public function gets its calls in
#: the group of its module (``calls_*.py``) and its name in ``covered`` below.
GROUPS = (
    instrument_calls,
    placement_calls,
    kit_calls,
    schedule_and_admission_calls,
    intensity_calls,
    episode_calls,
    transition_calls,
    fhir_calls,
    cohort_calls,
    program_calls,
    outcome_calls,
    frames_calls,
    frames_cohort_calls,
    frames_weeks_calls,
)


@pytest.mark.one_value_everywhere
def test_junk_gives_a_result_or_an_iopcore_error():
    """No public entry point lets another exception escape on junk input."""
    failures = []
    count = 0
    calls = [*core_calls(), *(call for junk in JUNK for group in GROUPS for call in group(junk))]
    for name, call in calls:
        count += 1
        try:
            call()
        except IopcoreError as error:
            failures.extend(f"{name}: {leak}" for leak in programmer_words(error))
        except Exception as error:  # noqa: BLE001 - collecting every escape is the point
            failures.append(f"{name}: {type(error).__name__}: {error}")
    assert count > 500
    assert failures == []


def test_every_public_callable_is_in_the_junk_table():
    """A new public function must be added to core_calls()."""
    covered = {
        # iopcore.frames (see calls_frames)
        "assessments_frame",
        "cohort_tables",
        "episodes_frame",
        "participants_frame",
        "recommend_levels",
        "sessions_frame",
        # iopcore.testing (see kit_calls; "assessments" and "participants" are
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
        # iopcore.frames (see frames_calls; "score" is listed with the instruments)
        "items_schema",
        # iopcore.instruments and its modules (see instrument_calls)
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
        # the placement engine (see placement_calls)
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
        "reach",
        "missing_inputs",
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
        "ruleset_for",
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
        # sessions and intensity (see intensity_calls)
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
        "checked_calendar",
        "checked_requirement",
        "billing_days",
        "attendance_histories",
        "program_calendars",
        "scheduled_histories",
        "typical_weeks",
        "TypicalWeek",
        "admissions",
        # de-identified FHIR export (see fhir_calls)
        "Deidentify",
        "participant",
        "day",
        "moment",
        # episodes (see episode_calls)
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
        # transitions (see transition_calls)
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
        # cohorts (see cohort_calls)
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
        # FHIR export and questionnaire import (see fhir_calls)
        "from_questionnaire_response",
        "to_questionnaire_response",
        "from_encounter",
        "from_episode_of_care",
        "read_bundle",
        "BundleRecords",
        "BundleContents",
        "by_participant",
        "episode_of_care",
        "observation",
        "encounter",
        "bundle",
        "code_systems",
        "deidentified",
        # programs (see program_calls)
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
