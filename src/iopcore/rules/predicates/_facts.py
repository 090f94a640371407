"""Predicates on an assessment's facts, measurements, population and conditions."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, ClassVar

import attrs

from iopcore._validation import to_identifier, to_member, to_number
from iopcore.exceptions import InvalidTypeError
from iopcore.participants import Condition, Population
from iopcore.rules.predicates._base import Predicate, Truth, leaf

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.rules.predicates._base import Observation


def _threshold(value: object) -> float:
    return to_number(value, field="threshold")


def _name(value: object, field: str) -> str:
    """A fact or measurement name, given as an enum member or its value."""
    if isinstance(value, enum.Enum):
        value = value.value
    return to_identifier(value, field=field)


def _fact(value: object) -> str:
    return _name(value, "fact")


def _measurement(value: object) -> str:
    return _name(value, "measurement")


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("value", value, allowed="True or False")
    return value


@attrs.frozen(kw_only=True)
class FactIs(Predicate):
    """The fact ``fact`` was assessed and is ``value`` (``True`` by default)."""

    KIND: ClassVar[str] = "fact_is"
    fact: str = attrs.field(converter=_fact)
    value: bool = attrs.field(default=True, converter=_bool)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        found = assessment.facts.get(self.fact)
        truth = Truth.UNKNOWN if found is None else Truth.of(found is self.value)
        return leaf(observations, f"facts.{self.fact}", found, f"is {self.value}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"facts.{self.fact}"})

    def describe(self) -> str:
        return f"facts.{self.fact} is {self.value}"


@attrs.frozen(kw_only=True)
class MeasurementBelow(Predicate):
    """The measurement is strictly below ``threshold``."""

    KIND: ClassVar[str] = "measurement_below"
    measurement: str = attrs.field(converter=_measurement)
    threshold: float = attrs.field(converter=_threshold)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        value = assessment.measurements.get(self.measurement)
        truth = Truth.UNKNOWN if value is None else Truth.of(value < self.threshold)
        return leaf(
            observations, f"measurements.{self.measurement}", value, f"< {self.threshold:g}", truth
        )

    def inputs(self) -> frozenset[str]:
        return frozenset({f"measurements.{self.measurement}"})

    def describe(self) -> str:
        return f"measurements.{self.measurement} < {self.threshold:g}"


@attrs.frozen(kw_only=True)
class MeasurementAbove(Predicate):
    """The measurement is strictly above ``threshold``."""

    KIND: ClassVar[str] = "measurement_above"
    measurement: str = attrs.field(converter=_measurement)
    threshold: float = attrs.field(converter=_threshold)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        value = assessment.measurements.get(self.measurement)
        truth = Truth.UNKNOWN if value is None else Truth.of(value > self.threshold)
        return leaf(
            observations, f"measurements.{self.measurement}", value, f"> {self.threshold:g}", truth
        )

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

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        found = assessment.population
        truth = Truth.UNKNOWN if found is None else Truth.of(found is self.population)
        observed = None if found is None else found.value
        return leaf(observations, "population", observed, f"is {self.population.value}", truth)

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

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        found = assessment.conditions
        truth = Truth.UNKNOWN if found is None else Truth.of(self.condition in found)
        observed = None if found is None else self.condition in found
        return leaf(observations, "conditions", observed, f"includes {self.condition.value}", truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({"conditions"})

    def describe(self) -> str:
        return f"conditions include {self.condition.value}"
