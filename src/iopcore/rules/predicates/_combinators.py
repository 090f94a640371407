"""Three-valued logic over predicates: the always-true predicate and the combinators.

:class:`AllOf`, :class:`AnyOf` and :class:`Not` (built with :func:`all_of`,
:func:`any_of` and :func:`not_`) combine predicates with Kleene's three-valued logic;
:func:`walk` visits a predicate and every predicate inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.rules.predicates._base import Predicate, Truth

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.rules.predicates._base import Observation


@attrs.frozen(kw_only=True)
class Always(Predicate):
    """Always true: for rules that apply to everyone the ruleset covers."""

    KIND: ClassVar[str] = "always"

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:  # noqa: ARG002 - same signature for all
        return Truth.TRUE

    def inputs(self) -> frozenset[str]:
        return frozenset()

    def describe(self) -> str:
        return "always"


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


@attrs.frozen(kw_only=True, repr=False)
class AllOf(Predicate):
    """True when every part is true; false as soon as one is false; else unknown."""

    KIND: ClassVar[str] = "all_of"
    of: tuple[Predicate, ...] = attrs.field(converter=_parts)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        # Every part is observed (no short cut), so that each finding shows them all.
        truths = [part._observe(assessment, observations) for part in self.of]  # noqa: SLF001
        if Truth.FALSE in truths:
            return Truth.FALSE
        if Truth.UNKNOWN in truths:
            return Truth.UNKNOWN
        return Truth.TRUE

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

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        # Every part is observed (no short cut), so that each finding shows them all.
        truths = [part._observe(assessment, observations) for part in self.of]  # noqa: SLF001
        if Truth.TRUE in truths:
            return Truth.TRUE
        if Truth.UNKNOWN in truths:
            return Truth.UNKNOWN
        return Truth.FALSE

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

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        return _NEGATION[self.of._observe(assessment, observations)]  # noqa: SLF001

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
