"""Tests of iopcore.outcomes: HEDIS DRR-E."""

from __future__ import annotations

import pendulum
import pytest

from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.instruments import phq9
from iopcore.outcomes import Exclusion, Status, drr_e
from iopcore.participants import Participant

INDEX_DAY = pendulum.date(2025, 2, 3)
INTAKE = {"intake_start": pendulum.date(2025, 1, 1), "intake_end": pendulum.date(2025, 12, 31)}
CLOSED = pendulum.date(2026, 6, 1)


def _total(total: int) -> object:
    items = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    items += [0] * (9 - len(items))
    score = phq9.score(items)
    assert score.total == total
    return score


def _person(pid: str = "p-1", conditions: tuple[str, ...] = ("depression",)) -> Participant:
    return Participant(id=pid, birth_date=pendulum.date(1990, 5, 5), conditions=list(conditions))


def _at(day: pendulum.Date, total: int, pid: str = "p-1") -> Assessment:
    return Assessment(participant_id=pid, assessed_on=day, scores=[_total(total)])


def _run(scores: list[Assessment], **kwargs: object):  # type: ignore[no-untyped-def]
    people = kwargs.pop("people", [_person()])
    as_of = kwargs.pop("as_of", CLOSED)
    return drr_e(people, scores, as_of=as_of, **INTAKE, **kwargs)  # type: ignore[arg-type]


# NCQA DRR-E (ncqa.org measure description): "an elevated PHQ-9 score"; index PHQ-9 > 9.
@pytest.mark.parametrize(
    ("index_total", "status"),
    [
        (9, Status.NO_INDEX),  # 9 is not above 9: no index episode
        (10, Status.FOLLOWED_UP),  # 10 is above 9: index episode
    ],
)
def test_index_threshold(index_total: int, status: Status) -> None:
    summary = _run([_at(INDEX_DAY, index_total), _at(INDEX_DAY.add(days=150), 2)])
    assert summary.results[0].status is status


# NCQA DRR-E (ncqa.org): follow-up "within 120-240 days (4-8 months)" of the elevated score.
@pytest.mark.parametrize(
    ("days", "counted"),
    [
        (119, False),  # before the period
        (120, True),  # exactly 120 days: first day of the period
        (240, True),  # exactly 240 days: last day of the period
        (241, False),  # after the period
    ],
)
def test_follow_up_window(days: int, counted: bool) -> None:
    summary = _run([_at(INDEX_DAY, 20), _at(INDEX_DAY.add(days=days), 3)])
    result = summary.results[0]
    assert result.status is (Status.FOLLOWED_UP if counted else Status.NO_FOLLOW_UP)
    assert result.follow_up_score == (3 if counted else None)
    assert result.remission is counted


# NCQA DRR-E numerator 3 (horizonblue.com HEDIS MY 2023 tips): "at least 50 percent lower".
@pytest.mark.parametrize(
    ("index_total", "follow_up", "response"),
    [
        (20, 10, True),  # exactly 50% lower
        (20, 11, False),  # 45% lower
        (15, 7, True),  # 53% lower
        (15, 8, False),  # 47% lower
    ],
)
def test_response_threshold(index_total: int, follow_up: int, response: bool) -> None:
    summary = _run([_at(INDEX_DAY, index_total), _at(INDEX_DAY.add(days=180), follow_up)])
    assert summary.results[0].response is response


# NCQA DRR-E numerator 2 (horizonblue.com HEDIS MY 2023 tips): "PHQ-9 score of <5".
@pytest.mark.parametrize(
    ("follow_up", "remission"),
    [
        (4, True),  # below 5
        (5, False),  # exactly 5 is not below 5
    ],
)
def test_remission_threshold(follow_up: int, remission: bool) -> None:
    summary = _run([_at(INDEX_DAY, 12), _at(INDEX_DAY.add(days=180), follow_up)])
    assert summary.results[0].remission is remission


# NCQA DRR-E (ncqa.org): "members 12 years of age and older".
@pytest.mark.parametrize(
    ("birth", "status"),
    [
        (pendulum.date(2013, 2, 3), Status.FOLLOWED_UP),  # 12 on the index day
        (pendulum.date(2013, 2, 4), Status.NO_INDEX),  # 11 on the index day
    ],
)
def test_minimum_age(birth: pendulum.Date, status: Status) -> None:
    young = Participant(id="p-1", birth_date=birth, conditions=["depression"])
    summary = _run([_at(INDEX_DAY, 15), _at(INDEX_DAY.add(days=150), 2)], people=[young])
    assert summary.results[0].status is status


def test_most_recent_score_in_window_counts() -> None:
    scores = [
        _at(INDEX_DAY, 20),
        _at(INDEX_DAY.add(days=130), 2),
        _at(INDEX_DAY.add(days=200), 14),
        _at(INDEX_DAY.add(days=260), 0),
    ]
    result = _run(scores).results[0]
    assert (result.follow_up_date, result.follow_up_score) == (INDEX_DAY.add(days=200), 14)
    assert (result.response, result.remission) == (False, False)


def test_first_elevated_score_in_intake_is_index() -> None:
    scores = [
        _at(pendulum.date(2024, 12, 20), 20),
        _at(INDEX_DAY, 8),
        _at(INDEX_DAY.add(days=7), 16),
    ]
    result = _run(scores).results[0]
    assert (result.index_date, result.index_score) == (INDEX_DAY.add(days=7), 16)


def test_depression_diagnosis_required() -> None:
    scores = [_at(INDEX_DAY, 15), _at(INDEX_DAY.add(days=150), 2)]
    anxious = _person(conditions=("anxiety",))
    assert _run(scores, people=[anxious]).results[0].status is Status.NO_INDEX
    on_assessment = [
        Assessment(
            participant_id="p-1",
            assessed_on=INDEX_DAY,
            scores=[_total(15)],
            conditions=["depression"],
        ),
        scores[1],
    ]
    assert _run(on_assessment, people=[anxious]).results[0].status is Status.FOLLOWED_UP


def test_window_open_is_not_determinable() -> None:
    scores = [_at(INDEX_DAY, 15), _at(INDEX_DAY.add(days=150), 2)]
    summary = _run(scores, as_of=INDEX_DAY.add(days=239))
    result = summary.results[0]
    assert result.status is Status.WINDOW_OPEN
    assert (result.response, result.remission, result.follow_up_score) == (None, None, None)
    assert (summary.denominator, summary.not_determinable) == (0, 1)
    assert summary.remission_rate is None
    assert summary.response_rate is None
    assert summary.follow_up_rate is None


def test_no_follow_up_counts_in_denominator_only() -> None:
    summary = _run([_at(INDEX_DAY, 15)])
    result = summary.results[0]
    assert result.status is Status.NO_FOLLOW_UP
    assert (result.response, result.remission) == (False, False)
    assert (summary.denominator, summary.follow_ups, summary.remissions) == (1, 0, 0)
    assert summary.follow_up_rate == 0.0


def test_exclusions_from_conditions_and_flags() -> None:
    people = [
        _person("a", ("depression", "bipolar disorder")),
        _person("b"),
        _person("c"),
    ]
    scores = [
        s for pid in "abc" for s in (_at(INDEX_DAY, 15, pid), _at(INDEX_DAY.add(days=150), 2, pid))
    ]
    summary = _run(scores, people=people, exclusions={"b": [Exclusion.HOSPICE]})
    a, b, c = summary.results
    assert a.exclusions == frozenset({Exclusion.BIPOLAR_DISORDER})
    assert b.exclusions == frozenset({Exclusion.HOSPICE})
    assert (a.status, b.status, c.status) == (Status.EXCLUDED, Status.EXCLUDED, Status.FOLLOWED_UP)
    assert (a.response, a.remission) == (None, None)
    assert (summary.denominator, summary.remissions, summary.responses) == (1, 1, 1)
    assert summary.remission_rate == 1.0


def test_summary_rates() -> None:
    people = [_person(pid) for pid in ("a", "b", "c", "d")]
    scores = [
        _at(INDEX_DAY, 20, "a"),
        _at(INDEX_DAY.add(days=150), 3, "a"),  # response and remission
        _at(INDEX_DAY, 20, "b"),
        _at(INDEX_DAY.add(days=150), 9, "b"),  # response only
        _at(INDEX_DAY, 20, "c"),  # no follow-up
        _at(INDEX_DAY, 5, "d"),  # no index
    ]
    summary = _run(scores, people=people)
    assert (summary.denominator, summary.follow_ups) == (3, 2)
    assert (summary.responses, summary.remissions) == (2, 1)
    assert summary.response_rate == pytest.approx(2 / 3)
    assert summary.remission_rate == pytest.approx(1 / 3)


def test_scores_after_as_of_ignored() -> None:
    scores = [_at(INDEX_DAY, 20), _at(INDEX_DAY.add(days=150), 3)]
    summary = _run(scores, as_of=INDEX_DAY.add(days=100))
    assert summary.results[0].status is Status.WINDOW_OPEN


def test_bad_input_is_typed() -> None:
    with pytest.raises(InvalidValueError, match="intake_end"):
        drr_e([], [], intake_start=CLOSED, intake_end=INDEX_DAY, as_of=CLOSED)
    with pytest.raises(InvalidTypeError, match=r"participants\[0\]"):
        drr_e(["p-1"], [], as_of=CLOSED, **INTAKE)  # type: ignore[list-item,arg-type]
    with pytest.raises(InvalidTypeError, match=r"assessments\[0\]"):
        drr_e([], [12], as_of=CLOSED, **INTAKE)  # type: ignore[list-item,arg-type]
    with pytest.raises(InvalidTypeError, match="exclusions"):
        _run([], exclusions={"p-1": ["hospice"]})
    with pytest.raises(InvalidTypeError, match="intake_start"):
        drr_e([], [], intake_start="2025-01-01", intake_end=INDEX_DAY, as_of=CLOSED)  # type: ignore[arg-type]


def test_no_birth_date_in_repr() -> None:
    summary = _run([_at(INDEX_DAY, 20), _at(INDEX_DAY.add(days=150), 3)])
    assert "1990" not in repr(summary)


def test_an_index_near_the_end_of_the_calendar_leaves_the_window_open() -> None:
    # The follow-up period (120-240 days after the index) runs past 9999-12-31.
    last = pendulum.date(9999, 12, 31)
    day = pendulum.date(9999, 10, 1)
    summary = drr_e(
        [_person()],
        [_at(day, 15)],
        as_of=last,
        intake_start=pendulum.date(9999, 1, 1),
        intake_end=last,
    )
    assert summary.results[0].status is Status.WINDOW_OPEN
