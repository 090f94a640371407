"""Evaluating one participant: tidy records that match iopcore's own evaluators, what
``as_of`` lets in, weeks judged per level, transitions, and in-stay outcomes."""

import datetime as dt

import attrs
import pendulum
import pytest
from _cohort_cases import (
    AS_OF,
    HISTORIES,
    IOP,
    NY,
    OP,
    PERSON,
    PLAIN,
    D,
    evaluate,
    gad,
    phq,
    scored,
    stepped_down,
)

from iopcore import Population, synthetic
from iopcore.cohort import (
    OUTCOME_INSTRUMENTS,
    PARTICIPANT_COLUMNS,
    PLACEMENT_COLUMNS,
    WEEK_COLUMNS,
    ParticipantRecords,
    evaluate_cohort,
    participant_records,
    placement_records,
    week_records,
)
from iopcore.episodes import Discharge
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
)
from iopcore.instruments import phq9
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.placement import recommend_level
from iopcore.rulesets import asam, get_ruleset, locus, medicare, reference
from iopcore.transitions import evaluate_transition

# ---------------------------------------------------------------- records


def test_records_have_the_documented_columns_in_order_and_plain_types():
    results = list(evaluate_cohort(HISTORIES, as_of=AS_OF, tz=NY))
    assert len(results) == len(HISTORIES)
    for result, history in zip(results, HISTORIES, strict=True):
        assert result.participant["participant_id"] == history.participant.id
        assert tuple(result.participant) == PARTICIPANT_COLUMNS
        assert all(tuple(row) == PLACEMENT_COLUMNS for row in result.placements)
        assert all(tuple(row) == WEEK_COLUMNS for row in result.weeks)
        rows = [result.participant, *result.placements, *result.weeks]
        for row in rows:
            for column, value in row.items():
                assert type(value) in PLAIN, (column, value)
    # The streams give the same rows as the evaluations, in order.
    assert list(participant_records(HISTORIES, as_of=AS_OF, tz=NY)) == [
        result.participant for result in results
    ]
    assert list(placement_records(HISTORIES, as_of=AS_OF, tz=NY)) == [
        row for result in results for row in result.placements
    ]
    assert list(week_records(HISTORIES, as_of=AS_OF, tz=NY)) == [
        row for result in results for row in result.weeks
    ]


def test_column_names_are_pinned():
    """Renaming a column breaks every analyst's notebook: the names are part of the API."""
    assert PARTICIPANT_COLUMNS[:6] == (
        "participant_id",
        "as_of",
        "population",
        "admitted",
        "initial_level",
        "level",
    )
    assert PARTICIPANT_COLUMNS[-3:] == ("ruleset_id", "ruleset_version", "ruleset_hash")
    assert {"phq9_response", "gad7_remission", "phq9_weeks_to_remission"} <= set(
        PARTICIPANT_COLUMNS
    )
    assert PLACEMENT_COLUMNS[:3] == ("participant_id", "assessed_on", "as_of")
    assert WEEK_COLUMNS[:3] == ("participant_id", "week_start", "program_week")
    for columns in (PARTICIPANT_COLUMNS, PLACEMENT_COLUMNS, WEEK_COLUMNS):
        assert len(set(columns)) == len(columns)
    assert OUTCOME_INSTRUMENTS == ("phq9", "gad7")


def test_every_record_agrees_with_the_evaluator_it_comes_from():
    """One implementation: placements, decisions and the ruleset are those of
    recommend_level and evaluate_transition themselves."""
    rules = get_ruleset("reference", as_of=AS_OF)
    for history in HISTORIES[:8]:
        result = evaluate(history)
        kept = [a for a in history.assessments if a.assessed_on <= AS_OF]
        for row, assessment in zip(result.placements, kept, strict=True):
            placement = recommend_level(assessment, as_of=AS_OF)
            assert row["level"] == (placement.level.code if placement.level else None)
            assert row["determinable"] is placement.determinable
            assert row["at_least"] == placement.at_least.code
            assert row["missing"] == ", ".join(placement.missing)
            assert row["phq9_total"] == assessment.scores["phq9"].total
            assert row["ruleset_hash"] == rules.ref.hash
        decision = evaluate_transition(
            history.episode,
            assessments=history.assessments,
            sessions=history.sessions,
            as_of=AS_OF,
        )
        row = result.participant
        assert row["decision"] == decision.kind.value
        assert row["to_level"] == (decision.to_level.code if decision.to_level else None)
        assert row["decision_rule"] == decision.rule_id
        assert row["next_review"] == decision.next_review
        assert row["length_of_stay_days"] == history.episode.length_of_stay(AS_OF)
        assert row["level"] == history.episode.level_on(AS_OF).code
        assert (row["ruleset_id"], row["ruleset_version"]) == (rules.id, rules.version)


def test_weeks_are_judged_per_level_against_that_levels_requirement():
    """Weeks at IOP meet ASAM's 9 hours or not; after the step down they are judged
    against the OP band (asam: ASAM Criteria 3rd ed. 2013, Level 1 below 9 h/wk), exactly as weekly_compliance does."""
    records = stepped_down()
    as_of = D(2026, 1, 30)
    rows = evaluate(records, as_of=as_of).weeks
    assert [(r["program_week"], r["level"], r["hours"], r["met"]) for r in rows] == [
        (1, "IOP", 9.0, True),
        (2, "IOP", 6.0, False),
        (3, "OP", 3.0, True),
        (4, "OP", 0.0, True),
    ]
    assert [r["week_start"] for r in rows] == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 19),
        dt.date(2026, 1, 26),
    ]
    iop = requirement_for(IOP, Population.ADULT)
    op = requirement_for(OP, Population.ADULT)
    direct = [
        *weekly_compliance(
            records.sessions,
            iop,
            tz=NY,
            admitted=D(2026, 1, 5),
            discharged=D(2026, 1, 18),
            as_of=as_of,
        ),
        *weekly_compliance(
            records.sessions,
            op,
            tz=NY,
            admitted=D(2026, 1, 19),
            as_of=as_of,
            stepping_down=True,
        ),
    ]
    assert [(r["hours"], r["required_hours"], r["met"], r["assessed"]) for r in rows] == [
        (week.hours, week.required_hours, week.met, week.assessed) for week in direct
    ]
    assert [r["max_hours"] for r in rows] == [
        19.0,
        19.0,
        op.max_hours_per_week,
        op.max_hours_per_week,
    ]
    assert {r["ruleset_id"] for r in rows} == {"asam"}
    participant = evaluate(records, as_of=as_of).participant
    assert (participant["weeks_assessed"], participant["weeks_met"]) == (4, 3)
    assert (participant["step_ups"], participant["step_downs"]) == (0, 1)
    assert (participant["initial_level"], participant["level"]) == ("IOP", "OP")


def test_another_hours_ruleset_and_partial_weeks_are_passed_on():
    records = stepped_down()
    as_of = D(2026, 1, 28)  # a Wednesday: the week of 26 January is partial
    excluded = evaluate(records, as_of=as_of, partial_weeks="exclude").weeks
    assert excluded[-1]["assessed"] is False
    assert evaluate(records, as_of=as_of).weeks[-1]["assessed"] is True
    # Medicare has IOP and PHP bands only: OP weeks are not judged at all (no band).
    under_medicare = evaluate(records, as_of=as_of, hours_ruleset=get_ruleset("medicare")).weeks
    assert [r["level"] for r in under_medicare] == ["IOP", "IOP"]
    assert {r["ruleset_id"] for r in under_medicare} == {"medicare"}


def test_a_discharge_ends_the_weeks_and_there_is_no_decision():
    records = stepped_down()
    episode = records.episode.with_event(
        Discharge(
            effective=D(2026, 1, 24),
            recorded=D(2026, 1, 24),
            reason="goals met",
            decided_by="psychiatrist",
        )
    )
    result = evaluate(attrs.evolve(records, episode=episode), as_of=D(2026, 2, 27))
    assert [r["program_week"] for r in result.weeks] == [1, 2, 3]
    row = result.participant
    assert row["discharged"] is True
    assert row["level"] is None
    assert row["length_of_stay_days"] == 19  # 5 to 23 January, admission day counted
    assert (row["decision"], row["to_level"], row["next_review"]) == (None, None, None)


def test_only_what_was_known_on_as_of_counts():
    """Later assessments, sessions and events never change a record."""
    earlier = AS_OF.subtract(days=20)
    for history in HISTORIES[:6]:
        truncated = ParticipantRecords(
            participant=history.participant,
            episode=history.episode.known_on(earlier),
            assessments=[a for a in history.assessments if a.assessed_on <= earlier],
            sessions=[s for s in history.sessions if s.start.date() <= earlier],
        )
        assert evaluate(history, as_of=earlier) == evaluate(truncated, as_of=earlier)


def test_before_admission_there_is_no_episode_data_yet():
    records = stepped_down()
    result = evaluate(records, as_of=D(2026, 1, 1))
    assert result.weeks == ()
    row = result.participant
    assert row["admitted"] == dt.date(2026, 1, 5)
    assert row["level"] is None
    assert row["length_of_stay_days"] == 0
    assert row["decision"] is None


def test_without_an_episode_episode_columns_stay_missing():
    records = ParticipantRecords(participant=PERSON, assessments=[scored(D(2026, 3, 2), phq(20))])
    result = evaluate(records)
    row = result.participant
    for column in (
        "admitted",
        "initial_level",
        "level",
        "discharged",
        "length_of_stay_days",
        "step_ups",
        "step_downs",
        "weeks_assessed",
        "weeks_met",
        "decision",
        "to_level",
    ):
        assert row[column] is None, column
    assert row["assessments"] == 1
    assert result.weeks == ()
    (placement,) = result.placements
    assert placement["program_week"] is None
    assert placement["level_in_care"] is None
    # The reference ruleset cannot place on a PHQ-9 alone: not determinable, and the
    # missing inputs are listed.
    assert placement["determinable"] is False
    assert placement["level"] is None
    assert "ratings.safety" in placement["missing"]
    assert row["placement_level"] is None
    assert row["placement_determinable"] is False


def test_a_ruleset_without_transition_parameters_gives_no_decision():
    history = HISTORIES[0]
    lean = attrs.evolve(get_ruleset("reference", as_of=AS_OF), transitions=())
    row = evaluate(history, ruleset=lean).participant
    assert (row["decision"], row["to_level"], row["decision_rule"]) == (None, None, None)
    assert row["level"] is not None


# ---------------------------------------------------------------- outcomes

OUTCOMES = [
    # (baseline, follow-ups, eligible, response, remission, weeks to remission)
    # HEDIS DRR-E (ncqa.org): index PHQ-9 > 9, response >= 50%
    # reduction, remission PHQ-9 < 5, read at the latest follow-up.
    (20, [10], True, True, False, None),
    (20, [11], True, False, False, None),
    (20, [15, 4], True, True, True, 2.0),
    (12, [4, 8], True, False, False, 1.0),  # remitted in week 1, not at the latest
    (10, [5], True, True, False, None),
    (9, [0], False, None, None, None),  # index PHQ-9 not above 9: not eligible
    (20, [], False, None, None, None),  # no follow-up yet
]


@pytest.mark.parametrize(
    ("baseline", "follow_ups", "eligible", "responded", "remitted", "weeks"), OUTCOMES
)
def test_phq9_response_and_remission(  # noqa: PLR0917 - one table row
    baseline, follow_ups, eligible, responded, remitted, weeks
):
    start = D(2026, 3, 2)
    assessments = [scored(start, phq(baseline))] + [
        scored(start.add(weeks=index + 1), phq(total)) for index, total in enumerate(follow_ups)
    ]
    row = evaluate(ParticipantRecords(participant=PERSON, assessments=assessments)).participant
    assert row["phq9_baseline"] == baseline
    assert row["phq9_latest"] == (follow_ups[-1] if follow_ups else baseline)
    assert row["phq9_eligible"] is eligible
    assert row["phq9_response"] is responded
    assert row["phq9_remission"] is remitted
    assert row["phq9_weeks_to_remission"] == weeks
    assert row["gad7_baseline"] is None
    assert row["gad7_eligible"] is False


def test_gad7_uses_its_own_caseness_and_remission():
    """GAD-7 caseness 8 (NHS Talking Therapies, via change.CASENESS), remission below 5."""
    start = D(2026, 3, 2)
    for baseline, eligible in ((8, True), (7, False)):
        assessments = [scored(start, gad(baseline)), scored(start.add(weeks=2), gad(4))]
        row = evaluate(ParticipantRecords(participant=PERSON, assessments=assessments)).participant
        assert row["gad7_eligible"] is eligible
        assert row["gad7_remission"] is (True if eligible else None)
        assert row["gad7_weeks_to_remission"] == (2.0 if eligible else None)


def test_incomplete_scores_are_skipped_not_zero():
    start = D(2026, 3, 2)
    half = phq9.score([3, 3, 3, None, None, None, None, None, None])
    assessments = [
        scored(start, half),
        scored(start.add(weeks=1), phq(18)),
        scored(start.add(weeks=2), phq(3)),
    ]
    row = evaluate(ParticipantRecords(participant=PERSON, assessments=assessments)).participant
    assert (row["phq9_baseline"], row["phq9_latest"], row["phq9_remission"]) == (18, 3, True)
    placement = evaluate(
        ParticipantRecords(participant=PERSON, assessments=assessments)
    ).placements[0]
    assert placement["phq9_total"] is None


def test_a_ruleset_not_in_force_on_as_of_is_refused():
    with pytest.raises(InvalidValueError) as caught:
        evaluate(HISTORIES[0], as_of=D(2019, 12, 31), ruleset=reference.RULESET)
    assert caught.value.field == "as_of"
    with pytest.raises(InvalidTypeError):
        evaluate(HISTORIES[0], ruleset="reference")
    with pytest.raises(InvalidTypeError):
        evaluate(HISTORIES[0], hours_ruleset="asam")


def test_an_aware_datetime_as_of_is_its_date():
    at = pendulum.datetime(2026, 3, 30, 23, 0, tz=NY)
    assert evaluate(HISTORIES[1], as_of=at) == evaluate(HISTORIES[1], as_of=AS_OF)


def test_a_locus_ruleset_places_but_has_no_transitions():
    history = synthetic.histories(1, seed=11, as_of=AS_OF, weeks=2)[0]
    result = evaluate(history, ruleset=locus.RULESET)
    assert result.participant["ruleset_id"] == "locus"
    assert result.participant["decision"] is None
    assert all(row["determinable"] is False for row in result.placements)


def test_hour_bands_of_the_shipped_rulesets_are_the_ones_judged():
    """The asam bands the weeks are judged on are the cited ones (ASAM Criteria 3rd ed. 2013):
    IOP adult 9 to 19 h a week."""
    band = asam.RULESET.hour_band(IOP, Population.ADULT)
    assert (band.min_hours_per_week, band.max_hours_per_week) == (9.0, 19.0)
    assert medicare.RULESET.id == "medicare"
