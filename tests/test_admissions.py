"""The synthetic admissions cohort: stays admitted over a period, followed to discharge
or the cut-off, with follow-up PHQ-9s after care (for length-of-stay and DRR-E work)."""

from __future__ import annotations

import collections

import pendulum
import pytest

from iopcore import cohort, outcomes, synthetic
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError

START = pendulum.date(2025, 1, 1)
END = pendulum.date(2025, 6, 30)
CUT_OFF = pendulum.date(2026, 3, 31)
NY = "America/New_York"


@pytest.fixture(scope="module")
def stays():
    return list(synthetic.admissions(600, seed=11, start=START, end=END, as_of=END))


@pytest.fixture(scope="module")
def followed():
    """The same admissions followed nine months longer: every stay has ended."""
    return list(synthetic.admissions(600, seed=11, start=START, end=END, as_of=CUT_OFF))


def test_the_same_arguments_give_the_same_stays_whatever_n():
    first = list(synthetic.admissions(30, seed=5, start=START, end=END, as_of=END))
    assert first == list(synthetic.admissions(30, seed=5, start=START, end=END, as_of=END))
    assert first[:10] == list(synthetic.admissions(10, seed=5, start=START, end=END, as_of=END))
    assert first != list(synthetic.admissions(30, seed=6, start=START, end=END, as_of=END))


def test_admissions_fall_on_weekdays_of_the_period(stays):
    days = [stay.episode.admitted for stay in stays]
    assert all(START <= day <= END for day in days)
    assert all(day.weekday() < 5 for day in days)
    # Spread over the whole period, not bunched: every month has admissions.
    assert {day.month for day in days} == set(range(1, 7))


def test_a_stay_is_censored_exactly_when_it_has_no_discharge(stays):
    censored = [stay for stay in stays if stay.censored]
    assert censored  # the last weeks' admissions are still in care on the cut-off
    assert all(stay.episode.discharge is None for stay in censored)
    assert all(stay.episode.discharge is not None for stay in stays if not stay.censored)
    # Only stays admitted within the longest stay before the cut-off can be open.
    assert all((END - stay.episode.admitted).days < 60 for stay in censored)


def test_nothing_is_dated_after_the_cut_off(stays):
    for stay in stays:
        assert all(a.assessed_on <= END for a in stay.assessments)
        assert all(s.start.in_timezone(NY).date() <= END for s in stay.sessions)
        assert all(event.recorded <= END for event in stay.episode.events)


# DCMR 22-A6329.2: DC Medicaid ASAM Level 2.1 lasts 30 to 60 days; the generator's
# longest stay is the 60 days.
LONGEST_STAY = [("DCMR 22-A6329.2", 60)]


@pytest.mark.parametrize(("source", "days"), LONGEST_STAY)
def test_no_stay_is_longer_than_the_longest(followed, source, days):
    assert source in synthetic.admissions.__doc__
    lengths = [(stay.episode.discharge.effective - stay.episode.admitted).days for stay in followed]
    assert all(stay.episode.discharge is not None for stay in followed)
    assert max(lengths) == days
    assert min(lengths) >= 1


def test_stays_end_for_every_kind_of_reason(followed):
    reasons = collections.Counter(stay.episode.discharge.reason.value for stay in followed)
    assert set(reasons) == {
        "goals met",
        "stepped down to outpatient",
        "non-participation",
        "left against advice",
        "transferred to a higher level",
    }
    # Planned endings outnumber the others.
    planned = reasons["goals met"] + reasons["stepped down to outpatient"]
    assert planned > len(followed) / 2


def test_sessions_stop_at_discharge_and_follow_ups_come_after_it(followed):
    follow_ups = 0
    for stay in followed:
        out = stay.episode.discharge.effective
        assert all(s.start.in_timezone(NY).date() < out for s in stay.sessions)
        after = [a for a in stay.assessments if a.assessed_on >= out]
        follow_ups += len(after)
        for assessment in after:
            assert set(assessment.scores) == {"phq9"}
            days = (assessment.assessed_on - stay.episode.admitted).days
            assert 90 <= days <= 270 + 89
        dates = [a.assessed_on for a in stay.assessments]
        assert dates == sorted(dates)
    assert follow_ups > len(followed) / 2


def test_drr_e_finds_follow_ups_inside_and_outside_its_window(followed):
    """HEDIS DRR-E: the follow-up PHQ-9 falls 120-240 days after the index (NCQA)."""
    summary = outcomes.drr_e(
        [stay.participant for stay in followed],
        [a for stay in followed for a in stay.assessments],
        intake_start=START,
        intake_end=END,
        as_of=CUT_OFF,
    )
    statuses = collections.Counter(result.status.value for result in summary.results)
    assert statuses["followed up"] > 0
    assert statuses["no follow-up PHQ-9"] > 0
    assert statuses["not determinable: follow-up period not over"] == 0


def test_each_stay_evaluates_as_cohort_records(stays):
    for stay in stays[:20]:
        evaluation = cohort.evaluate_participant(stay, as_of=END, tz=NY)
        assert evaluation.participant["participant_id"] == stay.participant.id


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("n", -1, InvalidValueError),
        ("n", "3", InvalidTypeError),
        ("start", "2025-01-01", InvalidTypeError),
        ("end", START.subtract(days=1), InvalidValueError),
        ("as_of", END.subtract(days=1), InvalidValueError),
        ("tz", "Mars/Olympus", UnknownCodeError),
    ],
)
def test_bad_arguments_name_the_argument(option, value, error):
    arguments = {"n": 3, "seed": 1, "start": START, "end": END, "as_of": END, "tz": NY}
    with pytest.raises(error) as caught:
        synthetic.admissions(**{**arguments, option: value})
    assert caught.value.field == option


def test_a_period_of_one_weekend_day_admits_on_it():
    saturday = pendulum.date(2025, 3, 1)
    stays = list(synthetic.admissions(3, seed=1, start=saturday, end=saturday, as_of=saturday))
    assert {stay.episode.admitted for stay in stays} == {saturday}
