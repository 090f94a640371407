"""Cohort evaluation: tidy records that match iopcore's own evaluators, what ``as_of``
lets in, streaming, pandas, summaries that add up across partitions, and identical
results in a process pool and a Dask bag."""

import datetime as dt
import functools
import gc
import itertools
import operator
import pickle
import weakref
from concurrent.futures import ProcessPoolExecutor

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare, Participant, Population, synthetic
from iopcore.assessments import Assessment
from iopcore.cohort import (
    NOT_DETERMINABLE,
    OUTCOME_INSTRUMENTS,
    PARTICIPANT_COLUMNS,
    PLACEMENT_COLUMNS,
    WEEK_COLUMNS,
    CohortSummary,
    Evaluation,
    OutcomeSummary,
    ParticipantRecords,
    evaluate_cohort,
    evaluate_participant,
    merge,
    participant_records,
    placement_records,
    summarize,
    week_records,
)
from iopcore.episodes import Discharge, Episode, LevelChange
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.instruments import gad7, phq9
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.placement import recommend_level
from iopcore.rulesets import asam, get_ruleset, locus, medicare, reference
from iopcore.sessions import Session
from iopcore.transitions import evaluate_transition

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
NY = "America/New_York"
AS_OF = D(2026, 3, 30)
PID = "p-1"
PERSON = Participant(id=PID, birth_date=D(1990, 5, 1))
#: A small synthetic cohort (12 weeks each), built once: the parallel tests and the
#: summary properties use it.
HISTORIES = synthetic.histories(24, seed=11, as_of=AS_OF, weeks=12)
PLAIN = (str, int, float, bool, dt.date, type(None))


def phq(total):
    """A complete PHQ-9 with ``total`` points (item 9 at 0)."""
    return phq9.score([min(3, max(0, total - 3 * index)) for index in range(8)] + [0])


def gad(total):
    """A complete GAD-7 with ``total`` points."""
    return gad7.score([min(3, max(0, total - 3 * index)) for index in range(7)])


def scored(day, *scores):
    return Assessment(participant_id=PID, assessed_on=day, scores=list(scores))


def group(day, hours=3, attendance="attended"):
    start = pendulum.datetime(day.year, day.month, day.day, 9, tz=NY)
    return Session(
        participant_id=PID,
        service="group therapy",
        start=start,
        end=start.add(hours=hours),
        attendance=attendance,
    )


def evaluate(records, as_of=AS_OF, **options):
    return evaluate_participant(records, as_of=as_of, tz=NY, **options)


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


def _stepped_down():
    """IOP from Monday 5 January 2026, stepped down to OP from Monday 19 January."""
    episode = Episode(
        participant_id=PID,
        admitted=D(2026, 1, 5),
        initial_level=IOP,
        events=[
            LevelChange(
                effective=D(2026, 1, 19),
                recorded=D(2026, 1, 19),
                from_level=IOP,
                to_level=OP,
                reason="clinical improvement",
                decided_by="psychiatrist",
            )
        ],
    )
    days = [D(2026, 1, 5), D(2026, 1, 7), D(2026, 1, 9), D(2026, 1, 12), D(2026, 1, 14)]
    sessions = [group(day) for day in days] + [group(D(2026, 1, 21))]
    return ParticipantRecords(participant=PERSON, episode=episode, sessions=sessions)


def test_weeks_are_judged_per_level_against_that_levels_requirement():
    """Weeks at IOP meet ASAM's 9 hours or not; after the step down they are judged
    against the OP band (asam: ASAM Criteria 3rd ed. 2013, Level 1 below 9 h/wk), exactly as weekly_compliance does."""
    records = _stepped_down()
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
    records = _stepped_down()
    as_of = D(2026, 1, 28)  # a Wednesday: the week of 26 January is partial
    excluded = evaluate(records, as_of=as_of, partial_weeks="exclude").weeks
    assert excluded[-1]["assessed"] is False
    assert evaluate(records, as_of=as_of).weeks[-1]["assessed"] is True
    # Medicare has IOP and PHP bands only: OP weeks are not judged at all (no band).
    under_medicare = evaluate(records, as_of=as_of, hours_ruleset=get_ruleset("medicare")).weeks
    assert [r["level"] for r in under_medicare] == ["IOP", "IOP"]
    assert {r["ruleset_id"] for r in under_medicare} == {"medicare"}


def test_a_discharge_ends_the_weeks_and_there_is_no_decision():
    records = _stepped_down()
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
    records = _stepped_down()
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


# ---------------------------------------------------------------- streaming


def test_evaluation_is_lazy_one_participant_at_a_time():
    pulled = []

    def source():
        for history in HISTORIES:
            pulled.append(history.participant.id)
            yield history

    results = evaluate_cohort(source(), as_of=AS_OF, tz=NY)
    assert pulled == []
    first = next(results)
    assert pulled == [first.participant["participant_id"]]
    next(results)
    assert len(pulled) == 2
    # An endless source is fine: nothing is read ahead.
    endless = itertools.cycle(HISTORIES[:2])
    rows = itertools.islice(participant_records(endless, as_of=AS_OF, tz=NY), 5)
    assert [row["participant_id"] for row in rows] == [
        "syn-000001",
        "syn-000002",
        "syn-000001",
        "syn-000002",
        "syn-000001",
    ]


def test_the_stream_keeps_no_participant_it_has_passed():
    """Never holding the cohort: once a participant's rows are yielded, nothing in the
    stream refers to their records any more."""
    seen = []

    def source():
        for history in HISTORIES[:6]:
            records = ParticipantRecords(
                participant=history.participant,
                episode=history.episode,
                assessments=history.assessments,
                sessions=history.sessions,
            )
            seen.append(weakref.ref(records))
            yield records

    stream = participant_records(source(), as_of=AS_OF, tz=NY)
    rows = [next(stream) for _ in range(4)]
    gc.collect()
    assert [ref() is None for ref in seen] == [True, True, True, False]
    assert len(rows) == 4


def test_arguments_are_checked_at_the_call_not_on_first_use():
    with pytest.raises(UnknownCodeError):
        participant_records(HISTORIES, as_of=AS_OF, tz="Mars/Olympus")
    with pytest.raises(InvalidTypeError):
        evaluate_cohort(42, as_of=AS_OF, tz=NY)
    with pytest.raises(NaiveDateTimeError):
        week_records(HISTORIES, as_of=pendulum.naive(2026, 3, 30), tz=NY)
    with pytest.raises(IopcoreErrorGroup) as caught:
        placement_records(HISTORIES, as_of="today", tz=5, partial_weeks="sometimes")
    assert {error.field for error in caught.value.exceptions} == {"as_of", "tz", "partial_weeks"}


def test_a_bad_item_is_named_by_its_place_in_the_cohort():
    results = evaluate_cohort([HISTORIES[0], "syn-000002"], as_of=AS_OF, tz=NY)
    next(results)
    with pytest.raises(InvalidTypeError) as caught:
        next(results)
    assert caught.value.field == "$.cohort[1]"


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


# ---------------------------------------------------------------- input records


def test_participant_records_take_any_iterables_and_keep_tuples():
    records = ParticipantRecords(
        participant=PERSON,
        assessments=(a for a in [scored(D(2026, 3, 2), phq(12))]),
        sessions=[group(D(2026, 3, 2))],
    )
    assert isinstance(records.assessments, tuple)
    assert isinstance(records.sessions, tuple)
    assert pickle.loads(pickle.dumps(records)) == records


def test_participant_records_refuse_other_peoples_records():
    other = Participant(id="p-2", birth_date=D(1991, 1, 1))
    with pytest.raises(IopcoreErrorGroup) as caught:
        ParticipantRecords(
            participant=other,
            episode=_stepped_down().episode,
            assessments=[scored(D(2026, 3, 2), phq(12))],
            sessions=[group(D(2026, 3, 2))],
        )
    assert [error.field for error in caught.value.exceptions] == [
        "episode.participant_id",
        "$.assessments[0].participant_id",
        "$.sessions[0].participant_id",
    ]


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("participant", "p-1", "participant"),
        ("episode", "an episode", "episode"),
        ("assessments", "not a list", "assessments"),
        ("assessments", [1], "$.assessments[0]"),
        ("sessions", {"a": 1}, "sessions"),
        ("sessions", [None], "$.sessions[0]"),
    ],
)
def test_participant_records_name_a_bad_field(field, value, where):
    with pytest.raises(InvalidTypeError) as caught:
        ParticipantRecords(**{"participant": PERSON, field: value})
    assert caught.value.field == where


def test_synthetic_histories_and_lookalikes_feed_straight_in():
    history = HISTORIES[2]
    as_records = ParticipantRecords(
        participant=history.participant,
        episode=history.episode,
        assessments=history.assessments,
        sessions=history.sessions,
    )
    assert evaluate(history) == evaluate(as_records)

    @attrs.frozen
    class NoEpisode:
        participant: Participant
        assessments: tuple
        sessions: tuple

    lookalike = NoEpisode(history.participant, history.assessments, history.sessions)
    assert evaluate(lookalike).participant["admitted"] is None


def test_the_synthetic_cohort_feeds_in_with_zip():
    """SyntheticCohort has one assessment per participant, index for index."""
    group_ = synthetic.cohort(30, seed=5, as_of=AS_OF)
    records = (
        ParticipantRecords(participant=person, assessments=[assessment])
        for person, assessment in zip(group_.participants, group_.assessments, strict=True)
    )
    summary = summarize(participant_records(records, as_of=AS_OF, tz=NY))
    assert summary.participants == 30
    assert sum(count for _, count in summary.recommended) == 30
    assert summary.levels == ()
    assert summary.compliance_rate is None
    assert summary.step_up_rate is None
    assert summary.median_length_of_stay_days is None


# ---------------------------------------------------------------- pandas


def test_pandas_takes_the_records_as_they_are():
    pd = pytest.importorskip("pandas")
    people = pd.DataFrame(participant_records(HISTORIES, as_of=AS_OF, tz=NY))
    weeks = pd.DataFrame(week_records(HISTORIES, as_of=AS_OF, tz=NY))
    placements = pd.DataFrame(placement_records(HISTORIES, as_of=AS_OF, tz=NY))
    assert list(people.columns) == list(PARTICIPANT_COLUMNS)
    assert list(weeks.columns) == list(WEEK_COLUMNS)
    assert list(placements.columns) == list(PLACEMENT_COLUMNS)
    assert len(people) == len(HISTORIES)
    assert weeks["hours"].dtype == "float64"
    assert weeks["program_week"].dtype == "int64"
    assert weeks["met"].dtype == "bool"
    assert people["length_of_stay_days"].dtype == "int64"
    assert pd.api.types.is_string_dtype(weeks["level"])
    # Dates convert in one call; missing values become NaN/NaT/None, never 0.
    assert pd.to_datetime(weeks["week_start"]).dtype.kind == "M"
    assert people["gad7_baseline"].isna().all()
    nullable = people.convert_dtypes()
    assert str(nullable["phq9_response"].dtype) == "boolean"
    assert str(nullable["phq9_baseline"].dtype) == "Int64"
    # The weekly compliance rate computed by pandas is the summary's.
    summary = summarize(participant_records(HISTORIES, as_of=AS_OF, tz=NY))
    assessed = weeks[weeks["assessed"]]
    assert summary.compliance_rate == pytest.approx(assessed["met"].mean())
    # Rows of a DataFrame (NaN for missing numbers) summarize to the same counts.
    assert summarize(people.to_dict("records")) == summary


# ---------------------------------------------------------------- summaries


def _participant_rows():
    return list(participant_records(HISTORIES, as_of=AS_OF, tz=NY))


ROWS = _participant_rows()


def test_the_summary_counts_what_the_records_say():
    summary = summarize(ROWS)
    assert summary.participants == len(ROWS)
    levels = {}
    for row in ROWS:
        if row["level"] is not None:
            levels[row["level"]] = levels.get(row["level"], 0) + 1
    assert dict(summary.levels) == levels
    assert summary.weeks_assessed == sum(row["weeks_assessed"] for row in ROWS)
    assert summary.weeks_met == sum(row["weeks_met"] for row in ROWS)
    decisions = [row["decision"] for row in ROWS if row["decision"] is not None]
    assert summary.decisions == len(decisions)
    assert summary.step_ups == decisions.count("step up")
    assert summary.discharges == decisions.count("discharge")
    assert summary.step_up_rate == decisions.count("step up") / len(decisions)
    eligible = [row for row in ROWS if row["phq9_eligible"]]
    assert summary.phq9.eligible == len(eligible)
    assert summary.phq9.responses == sum(row["phq9_response"] for row in eligible)
    assert summary.phq9.remission_rate == sum(row["phq9_remission"] for row in eligible) / len(
        eligible
    )
    stays = sorted(row["length_of_stay_days"] for row in ROWS)
    middle = len(stays) // 2
    assert summary.median_length_of_stay_days == (stays[middle - 1] + stays[middle]) / 2
    remitted = sorted(
        row["phq9_weeks_to_remission"]
        for row in eligible
        if row["phq9_weeks_to_remission"] is not None
    )
    if remitted:  # pragma: no branch - the fixed cohort has some
        import statistics  # noqa: PLC0415

        assert summary.phq9.median_weeks_to_remission == pytest.approx(statistics.median(remitted))
    # No GAD-7 in the synthetic histories: its rates are missing, not 0.
    assert summary.gad7.eligible == 0
    assert summary.gad7.response_rate is None
    assert summary.gad7.remission_rate is None
    assert summary.gad7.median_weeks_to_remission is None


@given(st.lists(st.integers(0, len(ROWS)), max_size=4))
def test_merged_partition_summaries_equal_the_single_pass(cuts):
    """Summaries of any partition of the records add up to the summary of all of them."""
    bounds = [0, *sorted(cuts), len(ROWS)]
    parts = [summarize(ROWS[start:end]) for start, end in itertools.pairwise(bounds)]
    whole = summarize(ROWS)
    assert merge(parts) == whole
    assert sum(parts, CohortSummary()) == whole
    assert functools.reduce(lambda a, b: a + b, parts) == whole


def test_an_empty_summary_has_no_rates():
    empty = summarize([])
    assert empty == CohortSummary() == merge([])
    for rate in (
        empty.compliance_rate,
        empty.step_up_rate,
        empty.step_down_rate,
        empty.discharge_rate,
        empty.median_length_of_stay_days,
        empty.phq9.response_rate,
        empty.phq9.remission_rate,
        empty.phq9.median_weeks_to_remission,
    ):
        assert rate is None
    assert empty.level_distribution == {}
    assert empty.recommended_distribution == {}


@pytest.mark.parametrize(
    ("histogram", "median"),
    [
        ({7: 1}, 7.0),
        ({1: 1, 3: 1}, 2.0),
        ({1: 2, 5: 1}, 1.0),
        ({2: 1, 4: 2, 10: 1}, 4.0),
        ({2: 1, 4: 1, 6: 1, 8: 1}, 5.0),
        ({}, None),
    ],
)
def test_medians_from_histograms(histogram, median):
    summary = CohortSummary(participants=sum(histogram.values()), length_of_stay=histogram)
    assert summary.median_length_of_stay_days == median


def test_distributions_are_shares_in_level_order():
    summary = CohortSummary(
        participants=4,
        levels=[("PHP", 1), ("OP", 3)],
        recommended={NOT_DETERMINABLE: 1, "IOP": 1},
    )
    assert summary.levels == (("OP", 3), ("PHP", 1))
    assert summary.level_distribution == {"OP": 0.75, "PHP": 0.25}
    assert summary.recommended == (("IOP", 1), (NOT_DETERMINABLE, 1))
    assert summary.recommended_distribution == {"IOP": 0.5, NOT_DETERMINABLE: 0.5}


@pytest.mark.parametrize(
    ("fields", "error", "where"),
    [
        ({"participants": -1}, InvalidValueError, "participants"),
        ({"participants": 1.5}, InvalidTypeError, "participants"),
        ({"participants": True}, InvalidTypeError, "participants"),
        ({"weeks_assessed": 1, "weeks_met": 2}, InvalidValueError, "weeks_met"),
        ({"participants": 1, "levels": {"XYZ": 1}}, UnknownCodeError, "$.levels"),
        ({"participants": 1, "levels": {"IOP": -1}}, InvalidValueError, "$.levels['IOP']"),
        ({"levels": {"IOP": 1}}, InvalidValueError, "levels"),
        ({"levels": "IOP"}, InvalidTypeError, "levels"),
        ({"levels": [("IOP",)]}, InvalidTypeError, "$.levels[0]"),
        ({"participants": 1, "recommended": {"RES": 2}}, InvalidValueError, "recommended"),
        ({"participants": 1, "length_of_stay": {-3: 1}}, InvalidValueError, "$.length_of_stay"),
        ({"participants": 1, "length_of_stay": {3: 2}}, InvalidValueError, "length_of_stay"),
        ({"decisions": 1, "participants": 1, "step_ups": 2}, InvalidValueError, None),
        ({"decisions": 2, "participants": 1}, InvalidValueError, "decisions"),
        ({"phq9": OutcomeSummary(instrument="gad7")}, InvalidTypeError, "phq9"),
        ({"gad7": "none"}, InvalidTypeError, "gad7"),
        ({"phq9": OutcomeSummary(instrument="phq9", eligible=1)}, InvalidValueError, None),
    ],
)
def test_a_summary_refuses_counts_that_do_not_add_up(fields, error, where):
    with pytest.raises(error) as caught:
        CohortSummary(**fields)
    if where is not None:
        assert caught.value.field == where


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"instrument": "pcl5"}, UnknownCodeError),
        ({"instrument": 9}, UnknownCodeError),
        ({"instrument": "phq9", "eligible": 1, "responses": 2}, InvalidValueError),
        ({"instrument": "phq9", "eligible": 1, "remissions": 2}, InvalidValueError),
        ({"instrument": "phq9", "eligible": 1, "days_to_remission": {7: 2}}, InvalidValueError),
        ({"instrument": "phq9", "eligible": "1"}, InvalidTypeError),
    ],
)
def test_an_outcome_summary_refuses_bad_counts(fields, error):
    with pytest.raises(error):
        OutcomeSummary(**fields)


def test_outcome_summaries_add_only_within_one_instrument():
    first = OutcomeSummary(instrument="phq9", eligible=2, responses=1, days_to_remission={14: 1})
    second = OutcomeSummary(instrument="phq9", eligible=1, remissions=1, days_to_remission={14: 1})
    total = first + second
    assert (total.eligible, total.responses, total.remissions) == (3, 1, 1)
    assert total.days_to_remission == ((14, 2),)
    assert total.median_weeks_to_remission == 2.0
    with pytest.raises(TypeError):
        first + OutcomeSummary(instrument="gad7")
    with pytest.raises(TypeError):
        CohortSummary() + 1


@pytest.mark.parametrize(
    ("records", "error", "where"),
    [
        (42, InvalidTypeError, "records"),
        ({"level": "IOP"}, InvalidTypeError, "records"),
        ([42], InvalidTypeError, "$.records[0]"),
        ([{"level": "IOP"}], InvalidValueError, "$.records[0]"),
        ([dict(ROWS[0], level="XYZ")], UnknownCodeError, "$.records[0].level"),
        ([dict(ROWS[0], level=3)], InvalidTypeError, "$.records[0].level"),
        ([dict(ROWS[0], weeks_met=-1)], InvalidValueError, "$.records[0].weeks_met"),
        ([dict(ROWS[0], weeks_assessed=True)], InvalidTypeError, "$.records[0].weeks_assessed"),
        ([dict(ROWS[0], weeks_assessed=2.5)], InvalidTypeError, "$.records[0].weeks_assessed"),
        ([dict(ROWS[0], decision="transfer")], UnknownCodeError, "$.records[0].decision"),
        (
            [dict(ROWS[0], placement_determinable=True, placement_level=None)],
            UnknownCodeError,
            "$.records[0].placement_level",
        ),
        (
            [dict(ROWS[0], length_of_stay_days=-2)],
            InvalidValueError,
            "$.records[0].length_of_stay_days",
        ),
        (
            [dict(ROWS[0], phq9_eligible=True, phq9_weeks_to_remission=float("inf"))],
            InvalidValueError,
            "$.records[0].phq9_weeks_to_remission",
        ),
        (
            [dict(ROWS[0], phq9_eligible="yes")],
            InvalidTypeError,
            "$.records[0].phq9_eligible",
        ),
    ],
)
def test_summarize_names_a_bad_record(records, error, where):
    with pytest.raises(error) as caught:
        summarize(records)
    assert caught.value.field == where


def test_summarize_reads_pandas_missing_numbers_as_missing():
    row = dict(ROWS[0], weeks_assessed=float("nan"), weeks_met=float("nan"))
    row = row | {"length_of_stay_days": 40.0, "phq9_eligible": False}
    summary = summarize([row])
    assert (summary.weeks_assessed, summary.weeks_met) == (0, 0)
    assert summary.length_of_stay == ((40, 1),)


def test_merge_refuses_what_is_not_a_summary():
    with pytest.raises(InvalidTypeError) as caught:
        merge([CohortSummary(), 0])
    assert caught.value.field == "$.summaries[1]"
    with pytest.raises(InvalidTypeError):
        merge(CohortSummary())


def test_the_summary_reads_as_text_and_html():
    summary = summarize(ROWS)
    text = summary.to_text()
    lines = text.splitlines()
    assert lines[0].split() == ["participants", str(len(ROWS))]
    assert any(line.startswith("weekly compliance") for line in lines)
    assert "GAD-7 response" in text
    assert "n/a" in text  # GAD-7: nobody eligible, shown as missing
    rows = summary.rows()
    assert ("participants", str(len(ROWS)), "") == rows[0]
    html = summary._repr_html_()
    assert html.count("<tr>") == len(rows) + 1
    assert "PHQ-9 remission" in html
    assert "syn-" not in text  # no one's id in an aggregate
    phq9_response = next(row for row in rows if row[0] == "PHQ-9 response")
    share = summary.phq9.response_rate
    assert phq9_response[1] == f"{summary.phq9.responses} ({share:.1%})"


def test_values_pickle():
    result = evaluate(HISTORIES[0])
    summary = summarize(ROWS)
    for value in (result, summary, summary.phq9, _stepped_down()):
        assert pickle.loads(pickle.dumps(value)) == value
    assert isinstance(result, Evaluation)


# ---------------------------------------------------------------- beyond one machine

PARALLEL = HISTORIES[:12]


def test_a_process_pool_gives_the_serial_results():
    serial = list(evaluate_cohort(PARALLEL, as_of=AS_OF, tz=NY))
    work = functools.partial(evaluate_participant, as_of=AS_OF, tz=NY)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = list(pool.map(work, PARALLEL, chunksize=3))
        chunks = [PARALLEL[start : start + 4] for start in range(0, len(PARALLEL), 4)]
        rows = functools.partial(participant_records, as_of=AS_OF, tz=NY)
        summaries = list(pool.map(_summary_of, [rows] * len(chunks), chunks))
    assert parallel == serial
    assert merge(summaries) == summarize(result.participant for result in serial)


def _summary_of(rows, chunk):
    """What a worker does with its chunk: evaluate and summarize (top level: picklable)."""
    return summarize(rows(chunk))


def test_a_dask_bag_gives_the_serial_results():
    """The Dask idiom of docs/cohort.md: map evaluate_participant, take the tables, reduce
    the participant records with summarize and merge."""
    db = pytest.importorskip("dask.bag")
    serial = list(evaluate_cohort(PARALLEL, as_of=AS_OF, tz=NY))
    bag = db.from_sequence(PARALLEL, npartitions=3)
    evaluations = bag.map(evaluate_participant, as_of=AS_OF, tz=NY)
    people = evaluations.map(operator.attrgetter("participant"))
    weeks = evaluations.map(operator.attrgetter("weeks")).flatten()
    summary = people.reduction(summarize, merge)
    # Streaming functions run per partition too, once their rows are listed (Dask
    # pickles a partition's result between processes; a generator does not pickle).
    placements = bag.map_partitions(lambda part: list(placement_records(part, as_of=AS_OF, tz=NY)))
    found = _compute(evaluations, people, weeks, summary, placements)
    assert found[0] == serial
    assert found[1] == [result.participant for result in serial]
    assert found[2] == [row for result in serial for row in result.weeks]
    assert found[3] == summarize(result.participant for result in serial)
    assert found[4] == [row for result in serial for row in result.placements]


def _compute(*collections):
    import dask  # noqa: PLC0415 - a test-only dependency

    return dask.compute(*collections, scheduler="processes", num_workers=2)


def test_hour_bands_of_the_shipped_rulesets_are_the_ones_judged():
    """The asam bands the weeks are judged on are the cited ones (ASAM Criteria 3rd ed. 2013):
    IOP adult 9 to 19 h a week."""
    band = asam.RULESET.hour_band(IOP, Population.ADULT)
    assert (band.min_hours_per_week, band.max_hours_per_week) == (9.0, 19.0)
    assert medicare.RULESET.id == "medicare"
