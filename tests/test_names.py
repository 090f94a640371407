"""Misspelt names are refused, not read as inputs not given (issue 14, item 12)."""

from __future__ import annotations

import pendulum
import pytest

from iopcore import recommend_level, serialize
from iopcore.assessments import Assessment
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.rulesets import Ruleset, get_ruleset

DAY = pendulum.date(2026, 3, 2)
REFERENCE = get_ruleset("reference", as_of=DAY)
RATINGS = {"safety": 1, "medical": 0, "symptoms": 2, "substance_use": 0, "environment": 1}


def _assessment(**fields):
    return Assessment(participant_id="p", assessed_on=DAY, **fields)


@pytest.mark.parametrize(
    ("fields", "field", "known"),
    [
        ({"ratings": {**RATINGS, "safty": 1}}, "assessment.ratings.safty", "safety"),
        (
            {"facts": {"impairment_beyond_outpatient": True}},
            "assessment.facts.impairment_beyond_outpatient",
            "impairment_beyond_routine_outpatient",
        ),
        (
            {"measurements": {"heart_rate": 80.0}},
            "assessment.measurements.heart_rate",
            "heart_rate_bpm",
        ),
    ],
)
def test_a_misspelt_name_is_an_error_listing_the_names_the_ruleset_knows(fields, field, known):
    with pytest.raises(UnknownCodeError) as caught:
        recommend_level(_assessment(**fields), ruleset=REFERENCE, as_of=DAY)
    error = caught.value
    assert error.field == field
    assert known in error.allowed.split(", ")
    assert "is not a name that ruleset reference or iopcore knows" in str(error)


def test_every_misspelling_is_reported_at_once():
    assessment = _assessment(ratings={**RATINGS, "safty": 1, "medcal": 0}, facts={"x": True})
    with pytest.raises(IopcoreErrorGroup) as caught:
        recommend_level(assessment, ruleset=REFERENCE, as_of=DAY)
    fields = sorted(error.field for error in caught.value.exceptions)
    assert fields == ["assessment.facts.x", "assessment.ratings.medcal", "assessment.ratings.safty"]


@pytest.mark.parametrize(
    "fields",
    [
        {"ratings": {**RATINGS, "readiness": 2}},  # known to reference, read by no rule
        {"ratings": {**RATINGS, "risk_of_harm": 2}},  # a LOCUS scale, in a shared record
        {"facts": {"would_otherwise_need_inpatient": False}},  # a ClinicalFact medicare reads
        {"measurements": {"potassium_meq_l": 4.1}},  # a Measurement iopcore knows
    ],
)
def test_names_that_iopcore_knows_are_never_refused(fields):
    placement = recommend_level(_assessment(**fields), ruleset=REFERENCE, as_of=DAY)
    assert placement.at_least is not None


def test_a_ruleset_may_declare_other_names():
    own = REFERENCE.derive(id="clinic", version="1")
    with pytest.raises(UnknownCodeError):
        recommend_level(_assessment(ratings={**RATINGS, "mood": 2}), ruleset=own, as_of=DAY)
    for other in (["ratings.mood"], ["ratings.*"]):
        relaxed = Ruleset(
            id="clinic",
            version="1",
            effective_from=DAY,
            rules=own.rules,
            other_inputs=other,
        )
        placement = recommend_level(
            _assessment(ratings={**RATINGS, "mood": 2}), ruleset=relaxed, as_of=DAY
        )
        assert placement.at_least is not None
        assert serialize.from_json(serialize.to_json(relaxed), Ruleset) == relaxed


def test_other_inputs_are_left_out_of_the_dict_form_while_empty():
    """So the content hashes of rulesets without them did not change."""
    bare = Ruleset(id="x", version="1", effective_from=DAY)
    assert "other_inputs" not in serialize.to_dict(bare)
    assert serialize.to_dict(REFERENCE)["other_inputs"] == ["ratings.readiness"]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("ratings.x", InvalidTypeError),
        (["ratings"], InvalidValueError),
        (["scores.phq9"], InvalidValueError),
        (["ratings.Safety"], InvalidValueError),
        ([3], InvalidValueError),
    ],
)
def test_other_inputs_are_checked(value, error):
    with pytest.raises(error):
        Ruleset(id="x", version="1", effective_from=DAY, other_inputs=value)


def test_check_names_wants_an_assessment():
    with pytest.raises(InvalidTypeError):
        REFERENCE.check_names({"ratings": {}})
