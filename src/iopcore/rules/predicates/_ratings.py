"""Predicates on an assessment's ratings: one rating, a sum of ratings, a count of ratings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

import attrs

from iopcore._validation import to_identifier
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.rules.predicates._base import (
    Observation,
    Predicate,
    Truth,
    leaf,
    whole_count,
    whole_maximum,
    whole_minimum,
    whole_rating,
)

if TYPE_CHECKING:
    from iopcore.assessments import Assessment


def _dimension(value: object) -> str:
    return to_identifier(value, field="dimension")


def _dimensions(values: object) -> tuple[str, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("dimensions", values, allowed="a sequence of dimension names")
    names = tuple(to_identifier(value, field="dimensions") for value in values)
    if not names:
        raise InvalidValueError("dimensions", values, allowed="at least one dimension name")
    return names


@attrs.frozen(kw_only=True)
class RatingAtLeast(Predicate):
    """The rating on ``dimension`` is at least ``minimum``."""

    KIND: ClassVar[str] = "rating_at_least"
    dimension: str = attrs.field(converter=_dimension)
    minimum: int = attrs.field(converter=whole_minimum)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        value = assessment.ratings.get(self.dimension)
        truth = Truth.UNKNOWN if value is None else Truth.of(value >= self.minimum)
        return leaf(observations, f"ratings.{self.dimension}", value, f">= {self.minimum}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"ratings.{self.dimension}"})

    def describe(self) -> str:
        return f"ratings.{self.dimension} >= {self.minimum}"


@attrs.frozen(kw_only=True)
class RatingAtMost(Predicate):
    """The rating on ``dimension`` is at most ``maximum``."""

    KIND: ClassVar[str] = "rating_at_most"
    dimension: str = attrs.field(converter=_dimension)
    maximum: int = attrs.field(converter=whole_maximum)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        value = assessment.ratings.get(self.dimension)
        truth = Truth.UNKNOWN if value is None else Truth.of(value <= self.maximum)
        return leaf(observations, f"ratings.{self.dimension}", value, f"<= {self.maximum}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"ratings.{self.dimension}"})

    def describe(self) -> str:
        return f"ratings.{self.dimension} <= {self.maximum}"


@attrs.frozen(kw_only=True)
class RatingSumAtLeast(Predicate):
    """The ratings on ``dimensions`` add up to at least ``minimum`` (unknown if any is missing).

    For rulesets that sum ratings by design, such as the LOCUS composite score.
    """

    KIND: ClassVar[str] = "rating_sum_at_least"
    dimensions: tuple[str, ...] = attrs.field(converter=_dimensions)
    minimum: int = attrs.field(converter=whole_minimum)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        total, path = _ratings_sum(assessment, self.dimensions)
        truth = Truth.UNKNOWN if total is None else Truth.of(total >= self.minimum)
        aggregate = Observation(
            path=path, observed=total, required=f">= {self.minimum}", truth=truth, aggregate=True
        )
        return _missing_aware(assessment, self.dimensions, aggregate, observations)

    def inputs(self) -> frozenset[str]:
        return frozenset(f"ratings.{dimension}" for dimension in self.dimensions)

    def describe(self) -> str:
        return f"{_sum_path(self.dimensions)} >= {self.minimum}"


@attrs.frozen(kw_only=True)
class RatingSumAtMost(Predicate):
    """The ratings on ``dimensions`` add up to at most ``maximum`` (unknown if any is missing)."""

    KIND: ClassVar[str] = "rating_sum_at_most"
    dimensions: tuple[str, ...] = attrs.field(converter=_dimensions)
    maximum: int = attrs.field(converter=whole_maximum)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        total, path = _ratings_sum(assessment, self.dimensions)
        truth = Truth.UNKNOWN if total is None else Truth.of(total <= self.maximum)
        aggregate = Observation(
            path=path, observed=total, required=f"<= {self.maximum}", truth=truth, aggregate=True
        )
        return _missing_aware(assessment, self.dimensions, aggregate, observations)

    def inputs(self) -> frozenset[str]:
        return frozenset(f"ratings.{dimension}" for dimension in self.dimensions)

    def describe(self) -> str:
        return f"{_sum_path(self.dimensions)} <= {self.maximum}"


@attrs.frozen(kw_only=True)
class RatingCountAtLeast(Predicate):
    """At least ``count`` of ``dimensions`` are rated exactly ``value``.

    Unknown when the known ratings fall short but the missing ones could make it up.
    """

    KIND: ClassVar[str] = "rating_count_at_least"
    dimensions: tuple[str, ...] = attrs.field(converter=_dimensions)
    value: int = attrs.field(converter=whole_rating)
    count: int = attrs.field(converter=whole_count)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        values = [assessment.ratings.get(dimension) for dimension in self.dimensions]
        matches = sum(1 for rating in values if rating == self.value)
        missing = sum(1 for rating in values if rating is None)
        if matches >= self.count:
            truth = Truth.TRUE
        elif matches + missing >= self.count:
            truth = Truth.UNKNOWN
        else:
            truth = Truth.FALSE
        observed = None if missing else matches
        required = f">= {self.count} rated {self.value}"
        aggregate = Observation(
            path=_count_path(self.dimensions),
            observed=observed,
            required=required,
            truth=truth,
            aggregate=True,
        )
        return _missing_aware(assessment, self.dimensions, aggregate, observations)

    def inputs(self) -> frozenset[str]:
        return frozenset(f"ratings.{dimension}" for dimension in self.dimensions)

    def describe(self) -> str:
        return f"{_count_path(self.dimensions)} rated {self.value} >= {self.count}"


def _sum_path(dimensions: tuple[str, ...]) -> str:
    return f"sum(ratings.{', ratings.'.join(dimensions)})"


def _count_path(dimensions: tuple[str, ...]) -> str:
    return f"count(ratings.{', ratings.'.join(dimensions)})"


def _ratings_sum(assessment: Assessment, dimensions: tuple[str, ...]) -> tuple[int | None, str]:
    values = [assessment.ratings.get(dimension) for dimension in dimensions]
    total = None if None in values else sum(v for v in values if v is not None)
    return total, _sum_path(dimensions)


def _missing_aware(
    assessment: Assessment,
    dimensions: tuple[str, ...],
    aggregate: Observation,
    observations: list[Observation],
) -> Truth:
    """Add the aggregate observation, plus one per missing rating (so each is listed)."""
    observations.append(aggregate)
    observations.extend(
        Observation(
            path=f"ratings.{dimension}", observed=None, required="a rating", truth=aggregate.truth
        )
        for dimension in dimensions
        if dimension not in assessment.ratings
    )
    return aggregate.truth
