"""Rule primitives: predicates, combinators, rules, findings and decision trees.

Nothing here holds a clinical number: the shipped rulesets in :mod:`iopcore.rulesets`
supply the thresholds, each with its source. Users build their own rules from the
same pieces.
"""

from __future__ import annotations

from iopcore.rules.predicates import (
    AllOf,
    Always,
    AnyOf,
    BandAtLeast,
    Check,
    FactIs,
    FlagPresent,
    HasCondition,
    MeasurementAbove,
    MeasurementBelow,
    Not,
    Observation,
    PopulationIs,
    Predicate,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    ScoreAtLeast,
    Truth,
    all_of,
    any_of,
    not_,
    walk,
)
from iopcore.rules.rule import Finding, Outcome, Rule
from iopcore.rules.tree import Branch, DecisionTree, Leaf, TreeWalk

__all__ = [
    "AllOf",
    "Always",
    "AnyOf",
    "BandAtLeast",
    "Branch",
    "Check",
    "DecisionTree",
    "FactIs",
    "Finding",
    "FlagPresent",
    "HasCondition",
    "Leaf",
    "MeasurementAbove",
    "MeasurementBelow",
    "Not",
    "Observation",
    "Outcome",
    "PopulationIs",
    "Predicate",
    "RatingAtLeast",
    "RatingAtMost",
    "RatingCountAtLeast",
    "RatingSumAtLeast",
    "RatingSumAtMost",
    "Rule",
    "ScoreAtLeast",
    "TreeWalk",
    "Truth",
    "all_of",
    "any_of",
    "not_",
    "walk",
]
