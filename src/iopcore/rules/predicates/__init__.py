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

from iopcore.rules.predicates._base import (
    Check,
    Observation,
    Predicate,
    Truth,
)
from iopcore.rules.predicates._base import (
    require_assessment as require_assessment,  # for rules.rule and rules.tree
)
from iopcore.rules.predicates._combinators import (
    AllOf,
    Always,
    AnyOf,
    Not,
    all_of,
    any_of,
    not_,
    walk,
)
from iopcore.rules.predicates._facts import (
    FactIs,
    HasCondition,
    MeasurementAbove,
    MeasurementBelow,
    PopulationIs,
)
from iopcore.rules.predicates._ratings import (
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
)
from iopcore.rules.predicates._scores import BandAtLeast, FlagPresent, ScoreAtLeast

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
