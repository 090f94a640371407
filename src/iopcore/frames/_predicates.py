"""Predicates compiled to frame expressions: true, false, or null (cannot tell).

The columnar twin of ``iopcore.rules._compile``: one function per predicate kind
turns a predicate into a :class:`Compiled` pair of narwhals expressions over the
assessments table (see :mod:`iopcore.frames._assessments` for the columns):

* ``truth``: a boolean column, null where the object path answers ``CANNOT_TELL``;
* ``listed``: for each path the object path's *missing* function can list, in its
  order, an expression true on the rows where it lists it.

``all_of``, ``any_of`` and ``not_`` use the frame's ``&``, ``|`` and ``~``, which
polars evaluates with Kleene's three-valued logic (``null & false`` is false,
``null | true`` is true), as :class:`~iopcore.rules.predicates.AllOf` does.
A predicate class of a user's own has no function here: :func:`compile_predicate`
gives ``None`` and the placement falls back to the object path.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Final

import attrs
import narwhals as nw

from iopcore.instruments import get_instrument
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
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["CANNOT_TELL", "Compiled", "compile_predicate"]

#: A boolean null: "cannot tell".
CANNOT_TELL: Final = nw.lit(None, dtype=nw.Boolean())


@attrs.frozen
class Compiled:
    """A predicate as frame expressions.

    Attributes:
        truth: True, false, or null where the inputs cannot tell.
        listed: ``(path, expression)`` for each path the object path's missing
            function lists, in its order; the expression is true where it does.
    """

    truth: nw.Expr
    listed: tuple[tuple[str, nw.Expr], ...] = ()


def _missing(path: str, column: str) -> tuple[tuple[str, nw.Expr], ...]:
    return ((path, nw.col(column).is_null()),)


def _always(_: Predicate) -> Compiled:
    return Compiled(nw.lit(value=True))


def _all_of(predicate: AllOf) -> Compiled | None:
    return _combined(predicate.of, operator.and_)


def _any_of(predicate: AnyOf) -> Compiled | None:
    return _combined(predicate.of, operator.or_)


def _combined(
    parts: tuple[Predicate, ...], combine: Callable[[nw.Expr, nw.Expr], nw.Expr]
) -> Compiled | None:
    compiled = [compile_predicate(part) for part in parts]
    if any(part is None for part in compiled):
        return None
    done = [part for part in compiled if part is not None]
    truth = functools.reduce(combine, (part.truth for part in done))
    return Compiled(truth, tuple(entry for part in done for entry in part.listed))


def _not(predicate: Not) -> Compiled | None:
    inner = compile_predicate(predicate.of)
    return None if inner is None else Compiled(~inner.truth, inner.listed)


def _rating_at_least(predicate: RatingAtLeast) -> Compiled:
    name = predicate.dimension
    return Compiled(nw.col(name) >= predicate.minimum, _missing(f"ratings.{name}", name))


def _rating_at_most(predicate: RatingAtMost) -> Compiled:
    name = predicate.dimension
    return Compiled(nw.col(name) <= predicate.maximum, _missing(f"ratings.{name}", name))


def _ratings_listed(dimensions: tuple[str, ...]) -> tuple[tuple[str, nw.Expr], ...]:
    return tuple(entry for name in dimensions for entry in _missing(f"ratings.{name}", name))


def _total(dimensions: tuple[str, ...]) -> nw.Expr:
    # "+" keeps a null (sum_horizontal would skip it): one rating missing, sum unknown.
    return functools.reduce(operator.add, (nw.col(name) for name in dimensions))


def _rating_sum_at_least(predicate: RatingSumAtLeast) -> Compiled:
    truth = _total(predicate.dimensions) >= predicate.minimum
    return Compiled(truth, _ratings_listed(predicate.dimensions))


def _rating_sum_at_most(predicate: RatingSumAtMost) -> Compiled:
    truth = _total(predicate.dimensions) <= predicate.maximum
    return Compiled(truth, _ratings_listed(predicate.dimensions))


def _rating_count_at_least(predicate: RatingCountAtLeast) -> Compiled:
    columns = [nw.col(name) for name in predicate.dimensions]
    matches = nw.sum_horizontal(
        *((column == predicate.value).fill_null(value=False).cast(nw.Int64()) for column in columns)
    )
    missing = nw.sum_horizontal(*(column.is_null().cast(nw.Int64()) for column in columns))
    # The missing ratings could make up the count: unknown (the object path's rule).
    truth = (
        nw.when(matches >= predicate.count)
        .then(nw.lit(value=True))
        .when(matches + missing >= predicate.count)
        .then(CANNOT_TELL)
        .otherwise(nw.lit(value=False))
    )
    return Compiled(truth, _ratings_listed(predicate.dimensions))


def _fact_is(predicate: FactIs) -> Compiled:
    column = nw.col(predicate.fact)
    truth = column if predicate.value else ~column
    return Compiled(truth, _missing(f"facts.{predicate.fact}", predicate.fact))


def _measurement_below(predicate: MeasurementBelow) -> Compiled:
    name = predicate.measurement
    return Compiled(nw.col(name) < predicate.threshold, _missing(f"measurements.{name}", name))


def _measurement_above(predicate: MeasurementAbove) -> Compiled:
    name = predicate.measurement
    return Compiled(nw.col(name) > predicate.threshold, _missing(f"measurements.{name}", name))


def _when_unknown(path: str, truth: nw.Expr) -> Compiled:
    # A score's part is missing exactly when the truth cannot be told (as on the
    # object path, where its missing function reads its truth).
    return Compiled(truth, ((path, truth.is_null()),))


def _complete(instrument: str) -> nw.Expr:
    """Whether a score is on file and complete (false where null: not known to be)."""
    return nw.col(f"{instrument}_complete").fill_null(value=False)


def _score_at_least(predicate: ScoreAtLeast) -> Compiled:
    name = predicate.instrument
    return _when_unknown(f"scores.{name}.total", nw.col(f"{name}_total") >= predicate.minimum)


def _band_at_least(predicate: BandAtLeast) -> Compiled:
    name = predicate.instrument
    bands = tuple(get_instrument(name).BANDS)
    floor = bands.index(predicate.band)
    band = nw.col(f"{name}_band")
    severe = band.is_in(bands[floor:])
    # A complete score without a band is below every band (C-SSRS, every answer no).
    truth = (
        nw.when(~band.is_null())
        .then(severe)
        .when(_complete(name))
        .then(nw.lit(value=False))
        .otherwise(CANNOT_TELL)
    )
    return _when_unknown(f"scores.{name}.band", truth)


def _flag_present(predicate: FlagPresent) -> Compiled:
    name = predicate.instrument
    flags = nw.col(f"{name}_flags")
    present = flags.list.contains(predicate.flag)
    # A flag the answers given prove is true, even on an incomplete score; its
    # absence counts only on a complete one (the missing items might set it).
    truth = (
        nw.when(present.fill_null(value=False))
        .then(nw.lit(value=True))
        .when(~flags.is_null() & _complete(name))
        .then(nw.lit(value=False))
        .otherwise(CANNOT_TELL)
    )
    return _when_unknown(f"scores.{name}.flags", truth)


def _population_is(predicate: PopulationIs) -> Compiled:
    truth = nw.col("population") == predicate.population.value
    return Compiled(truth, _missing("population", "population"))


def _has_condition(predicate: HasCondition) -> Compiled:
    truth = nw.col("conditions").list.contains(predicate.condition.value)
    return Compiled(truth, _missing("conditions", "conditions"))


#: One function per predicate kind, by exact class (a subclass may answer otherwise).
_KINDS: Final[dict[type[Predicate], Callable[..., Compiled | None]]] = {
    AllOf: _all_of,
    AnyOf: _any_of,
    Not: _not,
    Always: _always,
    RatingAtLeast: _rating_at_least,
    RatingAtMost: _rating_at_most,
    RatingSumAtLeast: _rating_sum_at_least,
    RatingSumAtMost: _rating_sum_at_most,
    RatingCountAtLeast: _rating_count_at_least,
    FactIs: _fact_is,
    MeasurementBelow: _measurement_below,
    MeasurementAbove: _measurement_above,
    ScoreAtLeast: _score_at_least,
    BandAtLeast: _band_at_least,
    FlagPresent: _flag_present,
    PopulationIs: _population_is,
    HasCondition: _has_condition,
}


def compile_predicate(predicate: Predicate) -> Compiled | None:
    """``predicate`` as frame expressions, or ``None`` for a kind with no function here."""
    function = _KINDS.get(type(predicate))
    return None if function is None else function(predicate)
