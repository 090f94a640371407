import pickle

import pendulum
import pytest

from iopcore import Condition, Population
from iopcore.assessments import MAX_DIMENSION_RATING, Assessment, ClinicalFact, Measurement, Role
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.instruments import gad7, phq9
from iopcore.serialize import from_json, to_json

DAY = pendulum.date(2026, 3, 2)


def make(**fields):
    return Assessment(**{"participant_id": "p-1", "assessed_on": DAY, **fields})


def test_absent_inputs_stay_absent():
    assessment = make()
    assert assessment.rating("safety") is None
    assert assessment.fact(ClinicalFact.IMMINENT_DANGER) is None
    assert assessment.measurement(Measurement.BMI) is None
    assert assessment.score("phq9") is None
    assert assessment.conditions is None
    assert assessment.population is None


def test_values_are_read_back():
    score = phq9.score([1] * 9)
    assessment = make(
        scores=[score],
        ratings={"safety": 2},
        facts={ClinicalFact.IMMINENT_DANGER: False, "custom_fact": True},
        measurements={Measurement.HEART_RATE_BPM: 62, "custom": 1.5},
        population="adolescent",
        conditions=["ocd"],
        recorded_by="counselor",
    )
    assert assessment.score("phq9") is score
    assert assessment.rating("safety") == 2
    assert assessment.fact("imminent_danger") is False
    assert assessment.fact("custom_fact") is True
    assert assessment.measurement("heart_rate_bpm") == 62.0
    assert assessment.population is Population.ADOLESCENT
    assert assessment.conditions == frozenset({Condition.OCD})
    assert assessment.recorded_by is Role.COUNSELOR


def test_scores_may_be_given_as_a_mapping():
    score = gad7.score([2] * 7)
    assert make(scores={"anything": score}).score("gad7") is score


def test_one_score_per_instrument():
    with pytest.raises(InvalidValueError) as caught:
        make(scores=[phq9.score([1] * 9), phq9.score([0] * 9)])
    assert caught.value.field == "$.scores[1]"


def test_every_bad_rating_is_reported_with_its_path():
    with pytest.raises(IopcoreErrorGroup) as caught:
        make(ratings={"safety": 11, "medical": True, "symptoms": 2, "": 1})
    fields = sorted(error.field for error in caught.value.exceptions)
    assert fields == ["$.ratings", "$.ratings.medical", "$.ratings.safety"]
    assert MAX_DIMENSION_RATING == 10


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"facts": {"imminent_danger": "yes"}}, InvalidTypeError),
        # An int is not a fact; a missing fact or measurement (None, NaN) is absent
        # (tests/values/test_table_scalars.py), but infinity is a bad number.
        ({"facts": {"imminent_danger": 1}}, InvalidTypeError),
        ({"measurements": {"bmi": float("inf")}}, InvalidValueError),
        ({"measurements": {"bmi": "17"}}, InvalidTypeError),
        ({"ratings": [("safety", 1)]}, InvalidTypeError),
        ({"scores": "phq9"}, InvalidTypeError),
        ({"scores": [{"total": 3}]}, InvalidTypeError),
        ({"population": "child"}, UnknownCodeError),
        ({"recorded_by": "boss"}, UnknownCodeError),
        ({"conditions": ["sadness"]}, UnknownCodeError),
        ({"assessed_on": "2026-03-02"}, InvalidTypeError),
        ({"participant_id": ""}, InvalidValueError),
    ],
)
def test_bad_input(fields, error):
    with pytest.raises(error):
        make(**fields)


def test_mappings_are_read_only_and_sorted():
    assessment = make(ratings={"b": 1, "a": 2})
    assert list(assessment.ratings) == ["a", "b"]
    with pytest.raises(TypeError):
        assessment.ratings["c"] = 3  # type: ignore[index]


def test_equal_assessments_are_equal_but_not_hashable():
    assert make(ratings={"a": 1, "b": 2}) == make(ratings={"b": 2, "a": 1})
    with pytest.raises(TypeError):
        hash(make())


def test_lookup_names_must_be_strings():
    with pytest.raises(InvalidTypeError):
        make().rating(3)  # type: ignore[arg-type]


def test_fact_polarity():
    assert ClinicalFact.IMMINENT_DANGER.is_risk
    assert not ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS.is_risk


def test_round_trip_through_json():
    assessment = make(
        scores=[phq9.score([1, 2, None, 0, 1, 1, 0, 0, 0])],
        ratings={"safety": 2},
        facts={"imminent_danger": False},
        measurements={"bmi": 17.25},
        population="adult",
        conditions=["eating disorder", "anxiety"],
        recorded_by="nurse",
    )
    assert from_json(to_json(assessment), Assessment) == assessment
    assert from_json(to_json(make()), Assessment) == make()


def test_an_unpickled_assessment_is_equal_and_still_read_only():
    """Unpickling sets the checked fields back: equal, mappings read-only and in order."""
    original = Assessment(
        participant_id="p-1",
        assessed_on=pendulum.date(2026, 3, 2),
        scores=[phq9.score([1] * 9), gad7.score([2] * 7)],
        ratings={"symptoms": 2, "safety": 1},
        facts={ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS: True},
        measurements={Measurement.HEART_RATE_BPM: 72},
        conditions=[Condition.DEPRESSION],
        recorded_by=Role.COUNSELOR,
    )
    copy = pickle.loads(pickle.dumps(original))
    assert copy == original
    assert list(copy.ratings) == ["safety", "symptoms"]
    assert copy.score("gad7") == original.score("gad7")
    for name in ("scores", "ratings", "facts", "measurements"):
        with pytest.raises(TypeError):
            getattr(copy, name)["x"] = 1
