"""Every leaf predicate's error names the attribute that was given a bad value.

One row per class and field: the predicate built from valid arguments, with one of them
replaced by a bad value, must raise an iopcore error whose ``field`` is that attribute
(and whose message starts with it), never a neighbour's name such as ``minimum`` or a
generic ``name``.
"""

import enum

import pytest

from iopcore.exceptions import InvalidTypeError, InvalidValueError, IopcoreError, UnknownCodeError
from iopcore.rules import (
    BandAtLeast,
    FactIs,
    FlagPresent,
    HasCondition,
    MeasurementAbove,
    MeasurementBelow,
    PopulationIs,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    ScoreAtLeast,
)


class Unrelated(enum.Enum):
    """An enum member whose value is no name (a fact or measurement takes its value)."""

    ONE = 1


VALID = {
    RatingAtLeast: {"dimension": "safety", "minimum": 2},
    RatingAtMost: {"dimension": "safety", "maximum": 2},
    RatingSumAtLeast: {"dimensions": ["safety", "support"], "minimum": 4},
    RatingSumAtMost: {"dimensions": ["safety", "support"], "maximum": 4},
    RatingCountAtLeast: {"dimensions": ["safety", "support"], "value": 3, "count": 1},
    ScoreAtLeast: {"instrument": "phq9", "minimum": 10},
    BandAtLeast: {"instrument": "phq9", "band": "moderate"},
    FlagPresent: {"instrument": "phq9", "flag": "suicidal_ideation"},
    FactIs: {"fact": "imminent_danger", "value": True},
    MeasurementBelow: {"measurement": "sodium", "threshold": 125},
    MeasurementAbove: {"measurement": "sodium", "threshold": 155},
    PopulationIs: {"population": "adult"},
    HasCondition: {"condition": "substance use"},
}

CASES = [
    # (class, field, bad value, error type)
    (RatingAtLeast, "dimension", 7, InvalidTypeError),
    (RatingAtLeast, "minimum", -1, InvalidValueError),
    (RatingAtMost, "dimension", "", InvalidValueError),
    (RatingAtMost, "maximum", -1, InvalidValueError),
    (RatingAtMost, "maximum", "2", InvalidTypeError),
    (RatingSumAtLeast, "dimensions", [], InvalidValueError),
    (RatingSumAtLeast, "minimum", 1.5, InvalidTypeError),
    (RatingSumAtMost, "dimensions", "safety", InvalidTypeError),
    (RatingSumAtMost, "maximum", -3, InvalidValueError),
    (RatingCountAtLeast, "dimensions", [1], InvalidTypeError),
    (RatingCountAtLeast, "value", -1, InvalidValueError),
    (RatingCountAtLeast, "count", -1, InvalidValueError),
    (RatingCountAtLeast, "count", True, InvalidTypeError),
    (ScoreAtLeast, "instrument", 9, InvalidTypeError),
    (ScoreAtLeast, "instrument", "phq10", UnknownCodeError),
    (ScoreAtLeast, "minimum", -1, InvalidValueError),
    (BandAtLeast, "instrument", "phq-10", UnknownCodeError),
    (BandAtLeast, "band", "catastrophic", InvalidValueError),
    (FlagPresent, "instrument", None, InvalidTypeError),
    (FlagPresent, "flag", 3, InvalidTypeError),
    (FlagPresent, "flag", " ", InvalidValueError),
    (FactIs, "fact", "", InvalidValueError),
    (FactIs, "fact", Unrelated.ONE, InvalidTypeError),
    (FactIs, "value", "yes", InvalidTypeError),
    (MeasurementBelow, "measurement", 1, InvalidTypeError),
    (MeasurementBelow, "threshold", "low", InvalidTypeError),
    (MeasurementAbove, "measurement", "bad\nname", InvalidValueError),
    (MeasurementAbove, "threshold", float("nan"), InvalidValueError),
    (PopulationIs, "population", "elderly", UnknownCodeError),
    (HasCondition, "condition", "flu", UnknownCodeError),
]


def test_the_valid_arguments_build_every_predicate():
    for cls, arguments in VALID.items():
        assert cls(**arguments).KIND


@pytest.mark.parametrize(
    ("cls", "field", "bad", "error"),
    CASES,
    ids=[f"{cls.__name__}.{field}={bad!r}" for cls, field, bad, _ in CASES],
)
def test_the_error_names_the_attribute(cls, field, bad, error):
    with pytest.raises(error) as caught:
        cls(**VALID[cls] | {field: bad})
    assert isinstance(caught.value, IopcoreError)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_every_field_of_every_predicate_has_a_row():
    covered = {(cls, field) for cls, field, _, _ in CASES}
    assert covered == {(cls, field) for cls, arguments in VALID.items() for field in arguments}
