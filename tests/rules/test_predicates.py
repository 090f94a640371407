import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import cssrs, phq9
from iopcore.rules import (
    Always,
    BandAtLeast,
    Check,
    FactIs,
    FlagPresent,
    HasCondition,
    MeasurementAbove,
    MeasurementBelow,
    Observation,
    PopulationIs,
    Predicate,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    Rule,
    ScoreAtLeast,
    Truth,
    all_of,
    any_of,
    not_,
    walk,
)
from iopcore.serialize import from_json, to_dict, to_json

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
DAY = pendulum.date(2026, 1, 5)


def assessment(**fields):
    return Assessment(participant_id="p", assessed_on=DAY, **fields)


class Fixed(Predicate):
    """A test predicate with a fixed answer (not serialisable: no KIND)."""

    __slots__ = ("truth",)

    def __init__(self, truth):
        object.__setattr__(self, "truth", truth)

    def evaluate(self, _):
        return Check(truth=self.truth)

    def inputs(self):
        return frozenset()

    def describe(self):
        return self.truth.value


# Kleene's strong three-valued logic.
KLEENE_AND = [(T, T, T), (T, F, F), (T, U, U), (F, U, F), (F, F, F), (U, U, U)]
KLEENE_OR = [(T, T, T), (T, F, T), (T, U, T), (F, U, U), (F, F, F), (U, U, U)]


@pytest.mark.parametrize(("a", "b", "result"), KLEENE_AND)
def test_all_of_is_kleene_and(a, b, result):
    assert all_of(Fixed(a), Fixed(b)).evaluate(assessment()).truth is result
    assert all_of(Fixed(b), Fixed(a)).evaluate(assessment()).truth is result


@pytest.mark.parametrize(("a", "b", "result"), KLEENE_OR)
def test_any_of_is_kleene_or(a, b, result):
    assert any_of(Fixed(a), Fixed(b)).evaluate(assessment()).truth is result
    assert any_of(Fixed(b), Fixed(a)).evaluate(assessment()).truth is result


@pytest.mark.parametrize(("a", "result"), [(T, F), (F, T), (U, U)])
def test_not(a, result):
    assert not_(Fixed(a)).evaluate(assessment()).truth is result


@pytest.mark.parametrize(
    ("predicate", "fields", "truth"),
    [
        (RatingAtLeast(dimension="safety", minimum=3), {"ratings": {"safety": 3}}, T),
        (RatingAtLeast(dimension="safety", minimum=3), {"ratings": {"safety": 2}}, F),
        (RatingAtLeast(dimension="safety", minimum=3), {}, U),
        (RatingAtMost(dimension="safety", maximum=2), {"ratings": {"safety": 2}}, T),
        (RatingAtMost(dimension="safety", maximum=2), {"ratings": {"safety": 3}}, F),
        (RatingSumAtLeast(dimensions=("a", "b"), minimum=5), {"ratings": {"a": 2, "b": 3}}, T),
        (RatingSumAtLeast(dimensions=("a", "b"), minimum=5), {"ratings": {"a": 2, "b": 2}}, F),
        (RatingSumAtLeast(dimensions=("a", "b"), minimum=5), {"ratings": {"a": 5}}, U),
        (RatingSumAtMost(dimensions=("a", "b"), maximum=4), {"ratings": {"a": 2, "b": 2}}, T),
        (RatingSumAtMost(dimensions=("a", "b"), maximum=4), {"ratings": {"a": 2, "b": 3}}, F),
        (
            RatingCountAtLeast(dimensions=("a", "b", "c"), value=2, count=2),
            {"ratings": {"a": 2, "b": 2}},
            T,
        ),
        (
            RatingCountAtLeast(dimensions=("a", "b", "c"), value=2, count=2),
            {"ratings": {"a": 2}},
            U,
        ),
        (
            RatingCountAtLeast(dimensions=("a", "b", "c"), value=2, count=2),
            {"ratings": {"a": 1, "b": 1}},
            F,
        ),
        (
            ScoreAtLeast(instrument="phq9", minimum=10),
            {"scores": [phq9.score([2] * 5 + [0] * 4)]},
            T,
        ),
        (
            ScoreAtLeast(instrument="phq9", minimum=11),
            {"scores": [phq9.score([2] * 5 + [0] * 4)]},
            F,
        ),
        (ScoreAtLeast(instrument="phq9", minimum=1), {"scores": [phq9.score([1] * 8 + [None])]}, U),
        (ScoreAtLeast(instrument="phq9", minimum=1), {}, U),
        (
            BandAtLeast(instrument="phq9", band="moderate"),
            {"scores": [phq9.score([2] * 5 + [0] * 4)]},
            T,
        ),
        (
            BandAtLeast(instrument="phq9", band="severe"),
            {"scores": [phq9.score([2] * 5 + [0] * 4)]},
            F,
        ),
        (BandAtLeast(instrument="phq9", band="mild"), {}, U),
        (
            FlagPresent(instrument="phq9", flag="suicidal_ideation"),
            {"scores": [phq9.score([0] * 8 + [1])]},
            T,
        ),
        (
            FlagPresent(instrument="phq9", flag="suicidal_ideation"),
            {"scores": [phq9.score([0] * 9)]},
            F,
        ),
        (
            FlagPresent(instrument="phq9", flag="suicidal_ideation"),
            {"scores": [phq9.score([0] * 8 + [None])]},
            U,
        ),
        (
            FlagPresent(instrument="phq9", flag="suicidal_ideation"),
            {"scores": [phq9.score([None] * 8 + [2])]},
            T,
        ),
        (FlagPresent(instrument="cssrs", flag="high_suicide_risk"), {}, U),
        (FactIs(fact="imminent_danger"), {"facts": {"imminent_danger": True}}, T),
        (FactIs(fact="imminent_danger"), {"facts": {"imminent_danger": False}}, F),
        (FactIs(fact="imminent_danger", value=False), {"facts": {"imminent_danger": False}}, T),
        (FactIs(fact="imminent_danger"), {}, U),
        (
            MeasurementBelow(measurement="heart_rate_bpm", threshold=40),
            {"measurements": {"heart_rate_bpm": 39.9}},
            T,
        ),
        (
            MeasurementBelow(measurement="heart_rate_bpm", threshold=40),
            {"measurements": {"heart_rate_bpm": 40}},
            F,
        ),
        (MeasurementBelow(measurement="heart_rate_bpm", threshold=40), {}, U),
        (
            MeasurementAbove(measurement="temperature_f", threshold=100.4),
            {"measurements": {"temperature_f": 101}},
            T,
        ),
        (
            MeasurementAbove(measurement="temperature_f", threshold=100.4),
            {"measurements": {"temperature_f": 100.4}},
            F,
        ),
        (PopulationIs(population="adult"), {"population": "adult"}, T),
        (PopulationIs(population="adult"), {"population": "adolescent"}, F),
        (PopulationIs(population="adult"), {}, U),
        (HasCondition(condition="ocd"), {"conditions": ["ocd"]}, T),
        (HasCondition(condition="ocd"), {"conditions": []}, F),
        (HasCondition(condition="ocd"), {}, U),
        (Always(), {}, T),
    ],
)
def test_leaf_predicates(predicate, fields, truth):
    check = predicate.evaluate(assessment(**fields))
    assert check.truth is truth
    if truth is U and not isinstance(predicate, Always):
        assert check.missing
    assert (
        predicate.inputs()
        <= {"population", "conditions"} | {o.path for o in check.observations} | predicate.inputs()
    )


def test_missing_inputs_are_listed_with_their_paths():
    predicate = all_of(RatingAtLeast(dimension="safety", minimum=2), FactIs(fact="imminent_danger"))
    check = predicate.evaluate(assessment(ratings={"safety": 3}))
    assert check.truth is U
    assert check.missing == ("facts.imminent_danger",)
    assert predicate.inputs() == {"ratings.safety", "facts.imminent_danger"}


def test_repr_and_describe_are_readable():
    predicate = any_of(
        ScoreAtLeast(instrument="phq9", minimum=20), not_(FactIs(fact="able_to_participate"))
    )
    assert repr(predicate) == (
        "any_of(ScoreAtLeast(instrument='phq9', minimum=20), "
        "not_(FactIs(fact='able_to_participate', value=True)))"
    )
    assert (
        predicate.describe()
        == "(scores.phq9.total >= 20 or not (facts.able_to_participate is True))"
    )


PREDICATES = [
    Always(),
    RatingAtLeast(dimension="safety", minimum=3),
    RatingAtMost(dimension="safety", maximum=3),
    RatingSumAtLeast(dimensions=("a", "b"), minimum=3),
    RatingSumAtMost(dimensions=("a", "b"), maximum=3),
    RatingCountAtLeast(dimensions=("a", "b"), value=2, count=1),
    ScoreAtLeast(instrument="gad7", minimum=10),
    BandAtLeast(instrument="audit", band="harmful"),
    FlagPresent(instrument="cssrs", flag="high_suicide_risk"),
    FactIs(fact="imminent_danger", value=False),
    MeasurementBelow(measurement="bmi", threshold=15),
    MeasurementAbove(measurement="bmi", threshold=40.5),
    PopulationIs(population="adolescent"),
    HasCondition(condition="eating disorder"),
]


@pytest.mark.parametrize("predicate", PREDICATES, ids=lambda p: p.KIND)
def test_every_predicate_round_trips_through_json(predicate):
    rule = Rule(id="r", when=all_of(predicate, not_(predicate)), rationale="x", source="y")
    text = to_json(rule)
    assert from_json(text, Rule) == rule
    assert to_dict(rule)["when"]["kind"] == "all_of"


def test_every_kind_is_listed():
    kinds = Predicate.kinds()
    assert set(kinds) >= {p.KIND for p in PREDICATES} | {"all_of", "any_of", "not"}
    assert all(kind == kinds[kind].KIND for kind in kinds)


def test_unknown_kind_in_json():
    bad = '{"schema_version": 1, "id": "r", "when": {"kind": "magic"}, "rationale": "x", "source": "y"}'
    with pytest.raises(UnknownCodeError) as caught:
        from_json(bad, Rule)
    assert caught.value.field == "$.when.kind"


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: RatingAtLeast(dimension="", minimum=1), InvalidValueError),
        (lambda: RatingAtLeast(dimension="a", minimum=-1), InvalidValueError),
        (lambda: RatingAtLeast(dimension="a", minimum=True), InvalidTypeError),
        (lambda: RatingSumAtLeast(dimensions=(), minimum=1), InvalidValueError),
        (lambda: RatingSumAtLeast(dimensions="ab", minimum=1), InvalidTypeError),
        (lambda: ScoreAtLeast(instrument="phq-10", minimum=1), UnknownCodeError),
        (lambda: ScoreAtLeast(instrument=9, minimum=1), InvalidTypeError),
        (lambda: BandAtLeast(instrument="phq9", band="terrible"), InvalidValueError),
        (lambda: FactIs(fact="x", value="yes"), InvalidTypeError),
        (lambda: MeasurementBelow(measurement="bmi", threshold=float("nan")), InvalidValueError),
        (lambda: PopulationIs(population="child"), UnknownCodeError),
        (lambda: HasCondition(condition="sadness"), UnknownCodeError),
        (all_of, InvalidValueError),
        (lambda: all_of("x"), InvalidTypeError),
        (lambda: not_("x"), InvalidTypeError),
    ],
)
def test_bad_predicates_are_refused(build, error):
    with pytest.raises(error):
        build()


def test_walk_visits_every_part():
    inner = RatingAtLeast(dimension="a", minimum=1)
    predicate = all_of(inner, any_of(not_(inner), Always()))
    assert [type(p).__name__ for p in walk(predicate)] == [
        "AllOf",
        "RatingAtLeast",
        "AnyOf",
        "Not",
        "RatingAtLeast",
        "Always",
    ]


@given(st.integers(0, 10), st.integers(0, 10))
def test_rating_at_least_and_at_most_partition(rating, threshold):
    """For a known rating, exactly one of ">= t" and "<= t-1" holds."""
    a = assessment(ratings={"x": rating})
    at_least = RatingAtLeast(dimension="x", minimum=threshold).evaluate(a).truth
    below = RatingAtMost(dimension="x", maximum=max(threshold - 1, 0)).evaluate(a).truth
    if threshold == 0:
        assert at_least is T
    else:
        assert (at_least is T) != (below is T)


def test_cssrs_flag_from_an_incomplete_form_still_fires():
    # Flags are set from the answers given (issue 3): a yes to Q4 proves high risk.
    partial = cssrs.score([True, True, None, True, None, None])
    assert (
        FlagPresent(instrument="cssrs", flag="high_suicide_risk")
        .evaluate(assessment(scores=[partial]))
        .truth
        is T
    )


class Observing(Predicate):
    """A test predicate that implements only ``evaluate``, with one observation."""

    __slots__ = ()

    def evaluate(self, _):
        seen = Observation(path="facts.seen", observed=True, required="is True", truth=T)
        return Check(truth=T, observations=(seen,))


class Unimplemented(Predicate):
    """A test predicate that implements no way to answer."""

    __slots__ = ()


def test_a_predicate_implementing_only_evaluate_is_observed_inside_a_rule():
    """A subclass's own evaluate answers, and its observations reach the rule's finding."""
    rule = Rule(
        id="R-SEEN",
        when=all_of(Observing(), RatingAtLeast(dimension="safety", minimum=4)),
        rationale="a test rule",
        source="test",
    )
    finding = rule.evaluate(assessment(ratings={"safety": 4}))
    assert finding.fired
    assert finding.observed == {"facts.seen": True, "ratings.safety": 4}


def test_a_predicate_implementing_nothing_raises_not_implemented():
    with pytest.raises(NotImplementedError):
        Unimplemented().evaluate(assessment())
    with pytest.raises(NotImplementedError):
        all_of(Unimplemented()).evaluate(assessment())
