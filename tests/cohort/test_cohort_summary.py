"""Summaries: counts that match the records, add up across partitions, refuse what does
not add up, read as text and HTML, and pickle."""

import functools
import itertools
import pickle

import pytest
from _cohort_cases import (
    AS_OF,
    HISTORIES,
    NY,
    evaluate,
    stepped_down,
)
from hypothesis import given
from hypothesis import strategies as st

from iopcore.cohort import (
    NOT_DETERMINABLE,
    CohortSummary,
    Evaluation,
    OutcomeSummary,
    merge,
    participant_records,
    summarize,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    UnknownCodeError,
)

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
    for value in (result, summary, summary.phq9, stepped_down()):
        assert pickle.loads(pickle.dumps(value)) == value
    assert isinstance(result, Evaluation)
