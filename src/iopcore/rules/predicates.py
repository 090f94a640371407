"""Predicates: small named conditions over an assessment, with three-valued logic.

A predicate reads one or more inputs of an :class:`~iopcore.assessments.Assessment`
(a rating, a score, a flag, a fact, a measurement) and answers ``TRUE``, ``FALSE`` or
``UNKNOWN``. An input that was not assessed makes the predicate ``UNKNOWN``, never
``FALSE``. :func:`all_of`, :func:`any_of` and :func:`not_` combine predicates with
Kleene's three-valued logic: ``all_of`` is false as soon as one part is false, ``any_of``
is true as soon as one part is true, and otherwise an unknown part leaves the whole
unknown.

Predicates are data: frozen values with a readable ``repr``, no lambdas, and a
``kind`` tag in their dict/JSON form, so a ruleset can be stored and read back. This
module holds no clinical numbers; the rulesets supply them.

>>> from iopcore.rules import RatingAtLeast, FactIs, all_of, not_
>>> rule = all_of(
...     RatingAtLeast(dimension="symptoms", minimum=2), not_(FactIs(fact="imminent_danger"))
... )
>>> rule.of[1]
not_(FactIs(fact='imminent_danger', value=True))
>>> print(rule.describe())
(ratings.symptoms >= 2 and not (facts.imminent_danger is True))
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

import attrs

from iopcore._validation import to_identifier, to_int, to_member, to_number
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.participants import Condition, Population

if TYPE_CHECKING:
    from iopcore.assessments import Assessment

__all__ = [
    "AllOf",
    "Always",
    "AnyOf",
    "BandAtLeast",
    "Check",
    "FactIs",
    "FlagPresent",
    "HasCondition",
    "MeasurementAbove",
    "MeasurementBelow",
    "Not",
    "Observation",
    "PopulationIs",
    "Predicate",
    "RatingAtLeast",
    "RatingAtMost",
    "RatingCountAtLeast",
    "RatingSumAtLeast",
    "RatingSumAtMost",
    "ScoreAtLeast",
    "Truth",
    "all_of",
    "any_of",
    "not_",
    "walk",
]


class Truth(enum.Enum):
    """A three-valued answer: true, false, or unknown (an input is missing)."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: bool) -> Truth:
        """``TRUE`` or ``FALSE`` for a known boolean."""
        return cls.TRUE if value else cls.FALSE


@attrs.frozen(kw_only=True)
class Observation:
    """What one leaf predicate saw: the input's path, its value, and what was required.

    Attributes:
        path: Where in the assessment, e.g. ``"ratings.safety"``.
        observed: The value found there, or ``None`` if it was missing.
        required: The requirement in words, e.g. ``">= 4"``.
        truth: How the requirement came out.
        aggregate: Whether ``path`` names a sum or count over several inputs rather
            than one input (it is then never listed as missing; its inputs are).
    """

    path: str
    observed: int | float | str | bool | None
    required: str
    truth: Truth
    aggregate: bool = False


@attrs.frozen(kw_only=True)
class Check:
    """The result of evaluating a predicate: its truth and what its leaves observed."""

    truth: Truth
    observations: tuple[Observation, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """Paths of the inputs that were missing, in order, without repeats."""
        return tuple(
            dict.fromkeys(
                o.path for o in self.observations if o.observed is None and not o.aggregate
            )
        )


class Predicate:
    """Base of every predicate. Subclasses are frozen attrs classes with a ``KIND``.

    Subclasses implement :meth:`evaluate`, :meth:`inputs` and :meth:`describe`.
    ``KIND`` is the tag that names the subclass in dict/JSON form.
    """

    __slots__ = ()
    KIND: ClassVar[str] = ""

    def evaluate(self, assessment: Assessment) -> Check:
        """Answer the predicate for ``assessment``.

        Raises:
            InvalidTypeError: ``assessment`` is not an :class:`~iopcore.assessments.Assessment`.
        """
        return self._evaluate(require_assessment(assessment))

    def _evaluate(self, assessment: Assessment) -> Check:
        """Answer the predicate; subclasses implement this."""
        raise NotImplementedError

    def inputs(self) -> frozenset[str]:
        """The assessment paths this predicate reads."""
        raise NotImplementedError

    def describe(self) -> str:
        """The condition in words, e.g. ``"ratings.safety >= 4"``."""
        raise NotImplementedError

    @classmethod
    def kinds(cls) -> Mapping[str, type[Predicate]]:
        """Every predicate class by its ``KIND``, subclasses defined elsewhere included."""
        found: dict[str, type[Predicate]] = {}
        pending = list(cls.__subclasses__())
        while pending:
            subclass = pending.pop()
            pending.extend(subclass.__subclasses__())
            # attrs builds a new class for slotted classes; the class it replaced can
            # linger among the subclasses until collected, without attrs fields.
            if subclass.KIND and "__attrs_attrs__" in vars(subclass):
                found[subclass.KIND] = subclass
        return found


def require_assessment(value: object) -> Assessment:
    """Return ``value`` if it is an assessment; raise an iopcore error otherwise."""
    from iopcore.assessments import Assessment  # noqa: PLC0415 - rules sit above assessments

    if not isinstance(value, Assessment):
        raise InvalidTypeError("assessment", value, allowed="an Assessment")
    return value


def _leaf(path: str, observed: object, required: str, truth: Truth) -> Check:
    value = observed if isinstance(observed, int | float | str | bool) else None
    return Check(
        truth=truth,
        observations=(Observation(path=path, observed=value, required=required, truth=truth),),
    )


def _identifier(value: object) -> str:
    return to_identifier(value, field="name")


def _dimension(value: object) -> str:
    return to_identifier(value, field="dimension")


def _dimensions(values: object) -> tuple[str, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("dimensions", values, allowed="a sequence of dimension names")
    names = tuple(to_identifier(value, field="dimensions") for value in values)
    if not names:
        raise InvalidValueError("dimensions", values, allowed="at least one dimension name")
    return names


def _whole(value: object) -> int:
    return to_int(value, field="minimum", minimum=0)


def _threshold(value: object) -> float:
    return to_number(value, field="threshold")


def _enum_value(value: object) -> str:
    """A fact or measurement given as an enum member or its value."""
    if isinstance(value, enum.Enum):
        value = value.value
    return to_identifier(value, field="name")


@attrs.frozen(kw_only=True)
class Always(Predicate):
    """Always true: for rules that apply to everyone the ruleset covers."""

    KIND: ClassVar[str] = "always"

    def _evaluate(self, assessment: Assessment) -> Check:  # noqa: ARG002 - same signature for all
        return Check(truth=Truth.TRUE)

    def inputs(self) -> frozenset[str]:
        return frozenset()

    def describe(self) -> str:
        return "always"


@attrs.frozen(kw_only=True)
class RatingAtLeast(Predicate):
    """The rating on ``dimension`` is at least ``minimum``."""

    KIND: ClassVar[str] = "rating_at_least"
    dimension: str = attrs.field(converter=_dimension)
    minimum: int = attrs.field(converter=_whole)

    def _evaluate(self, assessment: Assessment) -> Check:
        value = assessment.ratings.get(self.dimension)
        truth = Truth.UNKNOWN if value is None else Truth.of(value >= self.minimum)
        return _leaf(f"ratings.{self.dimension}", value, f">= {self.minimum}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"ratings.{self.dimension}"})

    def describe(self) -> str:
        return f"ratings.{self.dimension} >= {self.minimum}"


@attrs.frozen(kw_only=True)
class RatingAtMost(Predicate):
    """The rating on ``dimension`` is at most ``maximum``."""

    KIND: ClassVar[str] = "rating_at_most"
    dimension: str = attrs.field(converter=_dimension)
    maximum: int = attrs.field(converter=_whole)

    def _evaluate(self, assessment: Assessment) -> Check:
        value = assessment.ratings.get(self.dimension)
        truth = Truth.UNKNOWN if value is None else Truth.of(value <= self.maximum)
        return _leaf(f"ratings.{self.dimension}", value, f"<= {self.maximum}", truth)

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
    minimum: int = attrs.field(converter=_whole)

    def _evaluate(self, assessment: Assessment) -> Check:
        total, path = _ratings_sum(assessment, self.dimensions)
        truth = Truth.UNKNOWN if total is None else Truth.of(total >= self.minimum)
        aggregate = Observation(
            path=path, observed=total, required=f">= {self.minimum}", truth=truth, aggregate=True
        )
        return _missing_aware(assessment, self.dimensions, aggregate)

    def inputs(self) -> frozenset[str]:
        return frozenset(f"ratings.{dimension}" for dimension in self.dimensions)

    def describe(self) -> str:
        return f"{_sum_path(self.dimensions)} >= {self.minimum}"


@attrs.frozen(kw_only=True)
class RatingSumAtMost(Predicate):
    """The ratings on ``dimensions`` add up to at most ``maximum`` (unknown if any is missing)."""

    KIND: ClassVar[str] = "rating_sum_at_most"
    dimensions: tuple[str, ...] = attrs.field(converter=_dimensions)
    maximum: int = attrs.field(converter=_whole)

    def _evaluate(self, assessment: Assessment) -> Check:
        total, path = _ratings_sum(assessment, self.dimensions)
        truth = Truth.UNKNOWN if total is None else Truth.of(total <= self.maximum)
        aggregate = Observation(
            path=path, observed=total, required=f"<= {self.maximum}", truth=truth, aggregate=True
        )
        return _missing_aware(assessment, self.dimensions, aggregate)

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
    value: int = attrs.field(converter=_whole)
    count: int = attrs.field(converter=_whole)

    def _evaluate(self, assessment: Assessment) -> Check:
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
        return _missing_aware(assessment, self.dimensions, aggregate)

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
    assessment: Assessment, dimensions: tuple[str, ...], aggregate: Observation
) -> Check:
    """The aggregate observation, plus one per missing rating (so each is listed)."""
    observations = [aggregate]
    observations.extend(
        Observation(
            path=f"ratings.{dimension}", observed=None, required="a rating", truth=aggregate.truth
        )
        for dimension in dimensions
        if dimension not in assessment.ratings
    )
    return Check(truth=aggregate.truth, observations=tuple(observations))


def _instrument(value: object) -> str:
    # Imported here: rules sit above instruments, and the registry loads lazily.
    from iopcore.instruments import get_instrument  # noqa: PLC0415 - see comment

    if not isinstance(value, str):
        raise InvalidTypeError("instrument", value, allowed="an instrument name")
    return str(get_instrument(value).NAME)


@attrs.frozen(kw_only=True)
class ScoreAtLeast(Predicate):
    """The total on ``instrument`` is at least ``minimum`` (unknown if absent or incomplete)."""

    KIND: ClassVar[str] = "score_at_least"
    instrument: str = attrs.field(converter=_instrument)
    minimum: int = attrs.field(converter=_whole)

    def _evaluate(self, assessment: Assessment) -> Check:
        score = assessment.scores.get(self.instrument)
        total = None if score is None else score.total
        truth = Truth.UNKNOWN if total is None else Truth.of(total >= self.minimum)
        return _leaf(f"scores.{self.instrument}.total", total, f">= {self.minimum}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"scores.{self.instrument}.total"})

    def describe(self) -> str:
        return f"scores.{self.instrument}.total >= {self.minimum}"


#: What :class:`BandAtLeast` observed on a complete score that has no band.
_NO_BAND = "no band (every answer no)"


@attrs.frozen(kw_only=True)
class BandAtLeast(Predicate):
    """The band on ``instrument`` is ``band`` or a more severe one.

    Unknown when the score is absent or incomplete without a band; false on a complete
    score without a band (the C-SSRS screener when every answer is no).
    """

    KIND: ClassVar[str] = "band_at_least"
    instrument: str = attrs.field(converter=_instrument)
    band: str = attrs.field()

    @band.validator
    def _known_band(self, _: attrs.Attribute[str], value: object) -> None:
        bands = self._bands()
        if value not in bands:
            raise InvalidValueError("band", value, allowed=", ".join(bands) or "no bands")

    def _bands(self) -> tuple[str, ...]:
        from iopcore.instruments import get_instrument  # noqa: PLC0415 - see _instrument

        return tuple(get_instrument(self.instrument).BANDS)

    def _evaluate(self, assessment: Assessment) -> Check:
        score = assessment.scores.get(self.instrument)
        band = None if score is None else score.band
        bands = self._bands()
        path, required = f"scores.{self.instrument}.band", f"'{self.band}' or worse"
        if band is None and score is not None and score.complete:
            # A complete score without a band is below every band (the C-SSRS
            # screener with every answer no): seen, and not severe enough.
            return _leaf(path, _NO_BAND, required, Truth.FALSE)
        if band is None or band not in bands:
            truth = Truth.UNKNOWN
            band = None
        else:
            truth = Truth.of(bands.index(band) >= bands.index(self.band))
        return _leaf(path, band, required, truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"scores.{self.instrument}.band"})

    def describe(self) -> str:
        return f"scores.{self.instrument}.band >= '{self.band}'"


@attrs.frozen(kw_only=True)
class FlagPresent(Predicate):
    """The score on ``instrument`` carries ``flag``.

    A flag the answers given already prove is true even on an incomplete score; its
    absence from an incomplete score is unknown (the missing items might set it).
    """

    KIND: ClassVar[str] = "flag_present"
    instrument: str = attrs.field(converter=_instrument)
    flag: str = attrs.field(converter=_identifier)

    def _evaluate(self, assessment: Assessment) -> Check:
        score = assessment.scores.get(self.instrument)
        path = f"scores.{self.instrument}.flags"
        if score is None:
            return _leaf(path, None, f"has '{self.flag}'", Truth.UNKNOWN)
        present = self.flag in score.flags
        if present or score.complete:
            return _leaf(path, present, f"has '{self.flag}'", Truth.of(present))
        return _leaf(path, None, f"has '{self.flag}'", Truth.UNKNOWN)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"scores.{self.instrument}.flags"})

    def describe(self) -> str:
        return f"scores.{self.instrument}.flags has '{self.flag}'"


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("value", value, allowed="True or False")
    return value


@attrs.frozen(kw_only=True)
class FactIs(Predicate):
    """The fact ``fact`` was assessed and is ``value`` (``True`` by default)."""

    KIND: ClassVar[str] = "fact_is"
    fact: str = attrs.field(converter=_enum_value)
    value: bool = attrs.field(default=True, converter=_bool)

    def _evaluate(self, assessment: Assessment) -> Check:
        found = assessment.facts.get(self.fact)
        truth = Truth.UNKNOWN if found is None else Truth.of(found is self.value)
        return _leaf(f"facts.{self.fact}", found, f"is {self.value}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"facts.{self.fact}"})

    def describe(self) -> str:
        return f"facts.{self.fact} is {self.value}"


@attrs.frozen(kw_only=True)
class MeasurementBelow(Predicate):
    """The measurement is strictly below ``threshold``."""

    KIND: ClassVar[str] = "measurement_below"
    measurement: str = attrs.field(converter=_enum_value)
    threshold: float = attrs.field(converter=_threshold)

    def _evaluate(self, assessment: Assessment) -> Check:
        value = assessment.measurements.get(self.measurement)
        truth = Truth.UNKNOWN if value is None else Truth.of(value < self.threshold)
        return _leaf(f"measurements.{self.measurement}", value, f"< {self.threshold:g}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"measurements.{self.measurement}"})

    def describe(self) -> str:
        return f"measurements.{self.measurement} < {self.threshold:g}"


@attrs.frozen(kw_only=True)
class MeasurementAbove(Predicate):
    """The measurement is strictly above ``threshold``."""

    KIND: ClassVar[str] = "measurement_above"
    measurement: str = attrs.field(converter=_enum_value)
    threshold: float = attrs.field(converter=_threshold)

    def _evaluate(self, assessment: Assessment) -> Check:
        value = assessment.measurements.get(self.measurement)
        truth = Truth.UNKNOWN if value is None else Truth.of(value > self.threshold)
        return _leaf(f"measurements.{self.measurement}", value, f"> {self.threshold:g}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"measurements.{self.measurement}"})

    def describe(self) -> str:
        return f"measurements.{self.measurement} > {self.threshold:g}"


def _population(value: object) -> Population:
    return to_member(Population, value, field="population")


@attrs.frozen(kw_only=True)
class PopulationIs(Predicate):
    """The assessment's population is ``population``."""

    KIND: ClassVar[str] = "population_is"
    population: Population = attrs.field(converter=_population)

    def _evaluate(self, assessment: Assessment) -> Check:
        found = assessment.population
        truth = Truth.UNKNOWN if found is None else Truth.of(found is self.population)
        observed = None if found is None else found.value
        return _leaf("population", observed, f"is {self.population.value}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({"population"})

    def describe(self) -> str:
        return f"population is {self.population.value}"


def _condition(value: object) -> Condition:
    return to_member(Condition, value, field="condition")


@attrs.frozen(kw_only=True)
class HasCondition(Predicate):
    """The assessment lists ``condition`` among the conditions treated."""

    KIND: ClassVar[str] = "has_condition"
    condition: Condition = attrs.field(converter=_condition)

    def _evaluate(self, assessment: Assessment) -> Check:
        found = assessment.conditions
        truth = Truth.UNKNOWN if found is None else Truth.of(self.condition in found)
        observed = None if found is None else self.condition in found
        return _leaf("conditions", observed, f"includes {self.condition.value}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({"conditions"})

    def describe(self) -> str:
        return f"conditions include {self.condition.value}"


def _parts(values: object) -> tuple[Predicate, ...]:
    if isinstance(values, Predicate) or not isinstance(values, Iterable):
        raise InvalidTypeError("of", values, allowed="a sequence of predicates")
    parts = tuple(values)
    for index, part in enumerate(parts):
        if not isinstance(part, Predicate):
            raise InvalidTypeError(f"$.of[{index}]", part, allowed="a predicate")
    if not parts:
        raise InvalidValueError("of", values, allowed="at least one predicate")
    return parts


def _part(value: object) -> Predicate:
    if not isinstance(value, Predicate):
        raise InvalidTypeError("of", value, allowed="a predicate")
    return value


def _observations(checks: Iterable[Check]) -> tuple[Observation, ...]:
    return tuple(observation for check in checks for observation in check.observations)


@attrs.frozen(kw_only=True, repr=False)
class AllOf(Predicate):
    """True when every part is true; false as soon as one is false; else unknown."""

    KIND: ClassVar[str] = "all_of"
    of: tuple[Predicate, ...] = attrs.field(converter=_parts)

    def _evaluate(self, assessment: Assessment) -> Check:
        checks = [part.evaluate(assessment) for part in self.of]
        truths = {check.truth for check in checks}
        if Truth.FALSE in truths:
            truth = Truth.FALSE
        elif Truth.UNKNOWN in truths:
            truth = Truth.UNKNOWN
        else:
            truth = Truth.TRUE
        return Check(truth=truth, observations=_observations(checks))

    def inputs(self) -> frozenset[str]:
        return frozenset().union(*(part.inputs() for part in self.of))

    def describe(self) -> str:
        return f"({' and '.join(part.describe() for part in self.of)})"

    def __repr__(self) -> str:
        return f"all_of({', '.join(map(repr, self.of))})"


@attrs.frozen(kw_only=True, repr=False)
class AnyOf(Predicate):
    """True as soon as one part is true; false when every part is false; else unknown."""

    KIND: ClassVar[str] = "any_of"
    of: tuple[Predicate, ...] = attrs.field(converter=_parts)

    def _evaluate(self, assessment: Assessment) -> Check:
        checks = [part.evaluate(assessment) for part in self.of]
        truths = {check.truth for check in checks}
        if Truth.TRUE in truths:
            truth = Truth.TRUE
        elif Truth.UNKNOWN in truths:
            truth = Truth.UNKNOWN
        else:
            truth = Truth.FALSE
        return Check(truth=truth, observations=_observations(checks))

    def inputs(self) -> frozenset[str]:
        return frozenset().union(*(part.inputs() for part in self.of))

    def describe(self) -> str:
        return f"({' or '.join(part.describe() for part in self.of)})"

    def __repr__(self) -> str:
        return f"any_of({', '.join(map(repr, self.of))})"


_NEGATION = {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE, Truth.UNKNOWN: Truth.UNKNOWN}


@attrs.frozen(kw_only=True, repr=False)
class Not(Predicate):
    """True when the part is false, false when it is true, unknown when it is unknown."""

    KIND: ClassVar[str] = "not"
    of: Predicate = attrs.field(converter=_part)

    def _evaluate(self, assessment: Assessment) -> Check:
        check = self.of.evaluate(assessment)
        return Check(truth=_NEGATION[check.truth], observations=check.observations)

    def inputs(self) -> frozenset[str]:
        return self.of.inputs()

    def describe(self) -> str:
        return f"not ({self.of.describe()})"

    def __repr__(self) -> str:
        return f"not_({self.of!r})"


def all_of(*parts: Predicate) -> AllOf:
    """Every part must hold (three-valued "and")."""
    return AllOf(of=parts)


def any_of(*parts: Predicate) -> AnyOf:
    """At least one part must hold (three-valued "or")."""
    return AnyOf(of=parts)


def not_(part: Predicate) -> Not:
    """The part must not hold (three-valued "not")."""
    return Not(of=part)


def walk(predicate: Predicate) -> Iterator[Predicate]:
    """Yield ``predicate`` and every predicate inside it, depth first."""
    yield predicate
    if isinstance(predicate, AllOf | AnyOf):
        for part in predicate.of:
            yield from walk(part)
    elif isinstance(predicate, Not):
        yield from walk(predicate.of)
