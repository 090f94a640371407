"""The predicate protocol: three-valued truth, what a leaf observed, and the base class.

:class:`Truth` is the three-valued answer, :class:`Observation` what one leaf predicate
saw, :class:`Check` the result of evaluating a predicate, and :class:`Predicate` the
base every predicate subclasses. The helpers here (:func:`leaf` and the
``whole_*`` converters of whole-number fields) are shared by the leaf predicates of
the sibling modules.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping  # noqa: TC003 - Sphinx reads the annotations
from typing import ClassVar, Final

import attrs

from iopcore._validation import to_int
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError


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
        observations: list[Observation] = []
        truth = self._observe(require_assessment(assessment), observations)
        return Check(truth=truth, observations=tuple(observations))

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        """Answer the predicate for an ``assessment`` already checked.

        What the leaves saw is added to ``observations``, in order. :meth:`evaluate`
        checks the assessment once; the rules, trees and combinators that hold a
        predicate call its ``_observe`` with the assessment they checked and one list
        for all their parts. iopcore's predicates implement this; a subclass that
        implements only :meth:`evaluate` or ``_evaluate`` is answered through it.
        """
        if type(self)._evaluate is not Predicate._evaluate:  # noqa: SLF001 - its own hook
            check = self._evaluate(assessment)
        elif type(self).evaluate is not Predicate.evaluate:
            check = self.evaluate(assessment)
        else:
            raise NotImplementedError
        observations.extend(check.observations)
        return check.truth

    def _evaluate(self, assessment: Assessment) -> Check:
        """Answer the predicate for an ``assessment`` already checked.

        The hook of earlier releases, still honoured: a subclass may implement this
        (or :meth:`evaluate`) instead of :meth:`_observe`.
        """
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
    if not isinstance(value, Assessment):
        raise InvalidTypeError("assessment", value, allowed="an Assessment")
    return value


#: The values an observation keeps (anything else is recorded as missing).
OBSERVED_TYPES: Final = (bool, int, float, str)


def leaf(
    observations: list[Observation], path: str, observed: object, required: str, truth: Truth
) -> Truth:
    """Add what a leaf predicate saw to ``observations``; return its ``truth``."""
    value = observed if isinstance(observed, OBSERVED_TYPES) else None
    observations.append(Observation(path=path, observed=value, required=required, truth=truth))
    return truth


# The whole-number fields of the leaf predicates: an int of at least 0, each error
# naming the field it converts.
def whole_minimum(value: object) -> int:
    return to_int(value, field="minimum", minimum=0)


def whole_maximum(value: object) -> int:
    return to_int(value, field="maximum", minimum=0)


def whole_count(value: object) -> int:
    return to_int(value, field="count", minimum=0)


def whole_rating(value: object) -> int:
    return to_int(value, field="value", minimum=0)
