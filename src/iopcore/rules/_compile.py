"""Predicates compiled once into plain closures, for placing many assessments quickly.

:meth:`Predicate.evaluate <iopcore.rules.predicates.Predicate.evaluate>` builds a
:class:`~iopcore.rules.predicates.Check` with an
:class:`~iopcore.rules.predicates.Observation` per input: what explanations need,
and far more than deciding a level needs. Here each shipped predicate kind is turned
into two closures over its own fields:

* a *truth* function that answers :data:`TRUE`, :data:`FALSE` or :data:`UNKNOWN`
  (small ints), stopping as soon as the answer is settled;
* a *missing* function that lists the paths :attr:`Check.missing
  <iopcore.rules.predicates.Check.missing>` would list, in the same order (it is
  called only when a placement is not determinable).

Both must agree with ``evaluate`` exactly; ``tests/rules/test_compile.py`` checks
that on generated assessments. A predicate class defined elsewhere (a user's own)
falls back to its ``evaluate``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, Protocol

from iopcore.rules.predicates import (
    AllOf,
    Always,
    AnyOf,
    BandAtLeast,
    FactIs,
    FlagPresent,
    HasCondition,
    MeasurementAbove,
    MeasurementBelow,
    Not,
    PopulationIs,
    Predicate,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    ScoreAtLeast,
    Truth,
)

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.instruments import Score
    from iopcore.participants import Condition, Population

__all__ = [
    "FALSE",
    "TRUE",
    "UNKNOWN",
    "Inputs",
    "MissingFunction",
    "TruthFunction",
    "missing_function",
    "truth_function",
]

FALSE: Final = 0
TRUE: Final = 1
UNKNOWN: Final = 2
#: The truth code of each :class:`Truth`, and back.
CODES: Final = {Truth.FALSE: FALSE, Truth.TRUE: TRUE, Truth.UNKNOWN: UNKNOWN}
TRUTHS: Final = (Truth.FALSE, Truth.TRUE, Truth.UNKNOWN)
_NOT: Final = (TRUE, FALSE, UNKNOWN)


class Inputs(Protocol):
    """What compiled predicates read: an :class:`~iopcore.assessments.Assessment`'s inputs."""

    @property
    def ratings(self) -> Mapping[str, int]:
        """Dimension -> rating."""

    @property
    def facts(self) -> Mapping[str, bool]:
        """Fact -> value."""

    @property
    def scores(self) -> Mapping[str, Score]:
        """Instrument -> score."""

    @property
    def measurements(self) -> Mapping[str, float]:
        """Measurement -> value."""

    @property
    def population(self) -> Population | None:
        """The population, if stated."""

    @property
    def conditions(self) -> frozenset[Condition] | None:
        """The conditions, if stated."""


TruthFunction = Callable[[Inputs], int]
MissingFunction = Callable[[Inputs], list[str]]


def _code(yes: bool) -> int:
    return TRUE if yes else FALSE


def truth_function(predicate: Predicate) -> TruthFunction:  # noqa: C901, PLR0911, PLR0912 - one case per kind
    """A closure answering ``predicate`` as a truth code (no observations built)."""
    kind = type(predicate)
    if isinstance(predicate, AllOf | AnyOf) and kind in (AllOf, AnyOf):
        bounds = _rating_bounds(predicate.of)
        if bounds is not None:  # only plain rating comparisons: one closure, no calls
            return _ratings_all(bounds) if kind is AllOf else _ratings_any(bounds)
        parts = tuple(truth_function(part) for part in predicate.of)
        return _all_of(parts) if kind is AllOf else _any_of(parts)
    if kind is Not and isinstance(predicate, Not):
        inner = truth_function(predicate.of)
        return lambda inputs: _NOT[inner(inputs)]
    if kind is Always:
        return lambda _: TRUE
    if kind is RatingAtLeast and isinstance(predicate, RatingAtLeast):
        return _rating_compare(predicate.dimension, predicate.minimum, at_least=True)
    if kind is RatingAtMost and isinstance(predicate, RatingAtMost):
        return _rating_compare(predicate.dimension, predicate.maximum, at_least=False)
    if kind is RatingSumAtLeast and isinstance(predicate, RatingSumAtLeast):
        return _rating_sum(predicate.dimensions, predicate.minimum, at_least=True)
    if kind is RatingSumAtMost and isinstance(predicate, RatingSumAtMost):
        return _rating_sum(predicate.dimensions, predicate.maximum, at_least=False)
    if kind is RatingCountAtLeast and isinstance(predicate, RatingCountAtLeast):
        return _rating_count(predicate.dimensions, predicate.value, predicate.count)
    if kind is FactIs and isinstance(predicate, FactIs):
        return _fact_is(predicate.fact, predicate.value)
    if kind in (MeasurementBelow, MeasurementAbove) and isinstance(
        predicate, MeasurementBelow | MeasurementAbove
    ):
        return _measurement(
            predicate.measurement, predicate.threshold, below=kind is MeasurementBelow
        )
    if kind is FlagPresent and isinstance(predicate, FlagPresent):
        return _flag_present(predicate.instrument, predicate.flag)
    if kind is ScoreAtLeast and isinstance(predicate, ScoreAtLeast):
        return _score_at_least(predicate.instrument, predicate.minimum)
    if kind is BandAtLeast and isinstance(predicate, BandAtLeast):
        return _band_at_least(predicate)
    if kind is PopulationIs and isinstance(predicate, PopulationIs):
        return _population_is(predicate.population)
    if kind is HasCondition and isinstance(predicate, HasCondition):
        return _has_condition(predicate.condition)
    return _fallback_truth(predicate)


#: A rating comparison reduced to data: (dimensions, lowest allowed, highest allowed);
#: one dimension is its rating, several are the sum of their ratings.
RatingBound = tuple[tuple[str, ...], int, int]


def _rating_bounds(parts: tuple[Predicate, ...]) -> tuple[RatingBound, ...] | None:
    """The parts as rating bounds, if every part is a plain rating or sum comparison."""
    bounds: list[RatingBound] = []
    for part in parts:
        kind = type(part)
        if kind is RatingAtLeast and isinstance(part, RatingAtLeast):
            bounds.append(((part.dimension,), part.minimum, sys.maxsize))
        elif kind is RatingAtMost and isinstance(part, RatingAtMost):
            bounds.append(((part.dimension,), -sys.maxsize, part.maximum))
        elif kind is RatingSumAtLeast and isinstance(part, RatingSumAtLeast):
            bounds.append((part.dimensions, part.minimum, sys.maxsize))
        elif kind is RatingSumAtMost and isinstance(part, RatingSumAtMost):
            bounds.append((part.dimensions, -sys.maxsize, part.maximum))
        else:
            return None
    return tuple(bounds)


def _bound_value(get: Callable[[str], int | None], dimensions: tuple[str, ...]) -> int | None:
    if len(dimensions) == 1:
        return get(dimensions[0])
    total = 0
    for dimension in dimensions:
        value = get(dimension)
        if value is None:
            return None
        total += value
    return total


def _ratings_all(bounds: tuple[RatingBound, ...]) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        get = inputs.ratings.get
        result = TRUE
        for dimensions, lowest, highest in bounds:
            value = _bound_value(get, dimensions)
            if value is None:
                result = UNKNOWN
            elif not lowest <= value <= highest:
                return FALSE
        return result

    return truth


def _ratings_any(bounds: tuple[RatingBound, ...]) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        get = inputs.ratings.get
        result = FALSE
        for dimensions, lowest, highest in bounds:
            value = _bound_value(get, dimensions)
            if value is None:
                result = UNKNOWN
            elif lowest <= value <= highest:
                return TRUE
        return result

    return truth


def _all_of(parts: tuple[TruthFunction, ...]) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        result = TRUE
        for part in parts:
            answer = part(inputs)
            if answer == FALSE:
                return FALSE
            if answer == UNKNOWN:
                result = UNKNOWN
        return result

    return truth


def _any_of(parts: tuple[TruthFunction, ...]) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        result = FALSE
        for part in parts:
            answer = part(inputs)
            if answer == TRUE:
                return TRUE
            if answer == UNKNOWN:
                result = UNKNOWN
        return result

    return truth


def _rating_compare(dimension: str, bound: int, *, at_least: bool) -> TruthFunction:
    if at_least:

        def truth(inputs: Inputs) -> int:
            value = inputs.ratings.get(dimension)
            if value is None:
                return UNKNOWN
            return TRUE if value >= bound else FALSE

        return truth

    def truth_at_most(inputs: Inputs) -> int:
        value = inputs.ratings.get(dimension)
        if value is None:
            return UNKNOWN
        return TRUE if value <= bound else FALSE

    return truth_at_most


def _rating_sum(dimensions: tuple[str, ...], bound: int, *, at_least: bool) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        try:
            total = sum(map(inputs.ratings.get, dimensions))  # type: ignore[arg-type]
        except TypeError:  # a rating is missing (None)
            return UNKNOWN
        return _code(total >= bound if at_least else total <= bound)

    return truth


def _rating_count(dimensions: tuple[str, ...], wanted: int, count: int) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        values = list(map(inputs.ratings.get, dimensions))
        matches = values.count(wanted)
        if matches >= count:
            return TRUE
        missing = values.count(None)
        return UNKNOWN if matches + missing >= count else FALSE

    return truth


def _fact_is(fact: str, wanted: bool) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        found = inputs.facts.get(fact)
        if found is None:
            return UNKNOWN
        return TRUE if found is wanted else FALSE

    return truth


def _measurement(measurement: str, threshold: float, *, below: bool) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        value = inputs.measurements.get(measurement)
        if value is None:
            return UNKNOWN
        return _code(value < threshold if below else value > threshold)

    return truth


def _flag_present(instrument: str, flag: str) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        score = inputs.scores.get(instrument)
        if score is None:
            return UNKNOWN
        if flag in score.flags:
            return TRUE
        return FALSE if score.complete else UNKNOWN

    return truth


def _score_at_least(instrument: str, minimum: int) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        score = inputs.scores.get(instrument)
        total = None if score is None else score.total
        if total is None:
            return UNKNOWN
        return TRUE if total >= minimum else FALSE

    return truth


def _band_at_least(predicate: BandAtLeast) -> TruthFunction:
    bands = predicate._bands()  # noqa: SLF001 - same package
    floor = bands.index(predicate.band)
    answers = {band: _code(rank >= floor) for rank, band in enumerate(bands)}
    instrument = predicate.instrument

    def truth(inputs: Inputs) -> int:
        score = inputs.scores.get(instrument)
        if score is None:
            return UNKNOWN
        band = score.band
        if band is None:
            return FALSE if score.complete else UNKNOWN  # no band on a complete score
        return answers.get(band, UNKNOWN)

    return truth


def _population_is(population: Population) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        found = inputs.population
        if found is None:
            return UNKNOWN
        return TRUE if found is population else FALSE

    return truth


def _has_condition(condition: Condition) -> TruthFunction:
    def truth(inputs: Inputs) -> int:
        found = inputs.conditions
        if found is None:
            return UNKNOWN
        return TRUE if condition in found else FALSE

    return truth


def _as_assessment(inputs: Inputs) -> Assessment:
    # A predicate of a user's own class reads an Assessment; the engine passes one.
    return inputs  # type: ignore[return-value]


def _fallback_truth(predicate: Predicate) -> TruthFunction:
    return lambda inputs: CODES[predicate.evaluate(_as_assessment(inputs)).truth]


# ---------------------------------------------------------------- missing inputs
_NONE: Final[list[str]] = []


def missing_function(predicate: Predicate) -> MissingFunction:  # noqa: C901, PLR0911 - one case per kind
    """A closure listing the paths ``predicate.evaluate(...).missing`` would list."""
    kind = type(predicate)
    if kind in (AllOf, AnyOf) and isinstance(predicate, AllOf | AnyOf):
        parts = tuple(missing_function(part) for part in predicate.of)
        return lambda inputs: [path for part in parts for path in part(inputs)]
    if kind is Not and isinstance(predicate, Not):
        return missing_function(predicate.of)
    if kind is Always:
        return lambda _: _NONE
    if kind in (RatingAtLeast, RatingAtMost) and isinstance(
        predicate, RatingAtLeast | RatingAtMost
    ):
        return _missing_key("ratings", predicate.dimension)
    if kind in (RatingSumAtLeast, RatingSumAtMost, RatingCountAtLeast) and isinstance(
        predicate, RatingSumAtLeast | RatingSumAtMost | RatingCountAtLeast
    ):
        return _missing_ratings(predicate.dimensions)
    if kind is FactIs and isinstance(predicate, FactIs):
        return _missing_key("facts", predicate.fact)
    if kind in (MeasurementBelow, MeasurementAbove) and isinstance(
        predicate, MeasurementBelow | MeasurementAbove
    ):
        return _missing_key("measurements", predicate.measurement)
    if kind is PopulationIs:
        return lambda inputs: ["population"] if inputs.population is None else _NONE
    if kind is HasCondition:
        return lambda inputs: ["conditions"] if inputs.conditions is None else _NONE
    if kind in (ScoreAtLeast, BandAtLeast, FlagPresent):
        # Known exactly when the truth is known (see each kind's evaluate).
        truth = truth_function(predicate)
        path = next(iter(predicate.inputs()))
        return lambda inputs: [path] if truth(inputs) == UNKNOWN else _NONE
    return lambda inputs: list(predicate.evaluate(_as_assessment(inputs)).missing)


def _missing_key(section: str, key: str) -> MissingFunction:
    path = f"{section}.{key}"

    def missing(inputs: Inputs) -> list[str]:
        found: Mapping[str, object] = getattr(inputs, section)
        return [path] if found.get(key) is None else _NONE

    return missing


def _missing_ratings(dimensions: tuple[str, ...]) -> MissingFunction:
    def missing(inputs: Inputs) -> list[str]:
        ratings = inputs.ratings
        absent = [f"ratings.{d}" for d in dimensions if ratings.get(d) is None]
        return absent or _NONE

    return missing
