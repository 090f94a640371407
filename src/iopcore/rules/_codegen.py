"""A decision tree compiled into one generated Python function, for the usual case.

When every input a tree reads is present (the usual case), walking it is a chain of
plain comparisons. :func:`known_path_function` writes that chain out as Python source
(nested ``if``/``else``, one ``return`` per way through the tree) and compiles it
once, as attrs does for ``__init__``: no closure call per step, the composite read
once. The function returns ``(leaf, steps)``, or ``None`` when an input is missing or
a predicate kind cannot be written out; the caller then takes the general path in
:mod:`iopcore.rules.tree`. ``tests/rulesets/test_locus.py`` compares the result with
an independent transcription of LOCUS over every rating combination.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from iopcore.rules.predicates import (
    AllOf,
    AnyOf,
    FactIs,
    Not,
    Predicate,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from iopcore.rules._compile import Inputs
    from iopcore.rules.tree import DecisionTree, Leaf

    #: The generated function: ``(leaf, steps)``, or ``None`` to take the general path.
    KnownPath = Callable[[Inputs], tuple[Leaf, tuple[str, ...]] | None]

__all__ = ["known_path_function"]

#: Deepest tree written out (a way through the tree is one nested block per step).
_MAX_DEPTH = 60


class _Unsupported(Exception):  # noqa: N818 - a private signal, never raised to callers
    """A predicate kind this generator does not write out."""


class _Names:
    """Local variable names for the ratings and facts a tree reads."""

    def __init__(self) -> None:
        self.ratings: dict[str, str] = {}
        self.facts: dict[str, str] = {}
        self.sums: dict[tuple[str, ...], str] = {}

    def rating(self, dimension: str) -> str:
        return self.ratings.setdefault(dimension, f"r{len(self.ratings)}")

    def fact(self, fact: str) -> str:
        return self.facts.setdefault(fact, f"f{len(self.facts)}")

    def sum(self, dimensions: tuple[str, ...]) -> str:
        """A variable holding the sum of these ratings, computed once per call."""
        for dimension in dimensions:
            self.rating(dimension)
        return self.sums.setdefault(dimensions, f"s{len(self.sums)}")


def _sum(names: _Names, dimensions: tuple[str, ...]) -> str:
    return names.sum(dimensions)


def _expression(predicate: Predicate, names: _Names) -> str:  # noqa: PLR0911 - one case per kind
    """``predicate`` as a Python boolean expression, every input known."""
    kind = type(predicate)
    if kind is RatingAtLeast and isinstance(predicate, RatingAtLeast):
        return f"({names.rating(predicate.dimension)} >= {predicate.minimum})"
    if kind is RatingAtMost and isinstance(predicate, RatingAtMost):
        return f"({names.rating(predicate.dimension)} <= {predicate.maximum})"
    if kind is RatingSumAtLeast and isinstance(predicate, RatingSumAtLeast):
        return f"({_sum(names, predicate.dimensions)} >= {predicate.minimum})"
    if kind is RatingSumAtMost and isinstance(predicate, RatingSumAtMost):
        return f"({_sum(names, predicate.dimensions)} <= {predicate.maximum})"
    if kind is RatingCountAtLeast and isinstance(predicate, RatingCountAtLeast):
        matches = " + ".join(
            f"({names.rating(d)} == {predicate.value})" for d in predicate.dimensions
        )
        return f"(({matches}) >= {predicate.count})"
    if kind is FactIs and isinstance(predicate, FactIs):
        return f"({names.fact(predicate.fact)} is {predicate.value})"
    if kind in (AllOf, AnyOf) and isinstance(predicate, AllOf | AnyOf):
        joiner = " and " if kind is AllOf else " or "
        return "(" + joiner.join(_expression(part, names) for part in predicate.of) + ")"
    if kind is Not and isinstance(predicate, Not):
        return f"(not {_expression(predicate.of, names)})"
    raise _Unsupported(kind.__name__)


def _source(tree: DecisionTree, names: _Names) -> list[str]:
    """The body of the generated function: one nested block per step."""
    branches = {branch.id: branch for branch in tree.branches}
    leaves = {leaf.id: index for index, leaf in enumerate(tree.leaves)}
    conditions = {b.id: _expression(b.when, names) for b in tree.branches}
    lines: list[str] = []

    def write(node: str, steps: tuple[str, ...], depth: int) -> None:
        pad = "    " * (depth + 1)
        if node in leaves:
            lines.append(f"{pad}return LEAVES[{leaves[node]}], {(*steps,)!r}")
            return
        if depth > _MAX_DEPTH:
            raise _Unsupported("deep")
        branch = branches[node]
        lines.append(f"{pad}if {conditions[node]}:")
        write(branch.then, (*steps, node), depth + 1)
        lines.append(f"{pad}else:")
        write(branch.otherwise, (*steps, node), depth + 1)

    write(tree.root, (), 0)
    return lines


def known_path_function(tree: DecisionTree) -> KnownPath | None:
    """The tree as one generated function for assessments with every input present.

    Returns ``None`` when the tree uses a predicate kind that is not written out.
    """
    names = _Names()
    try:
        body = _source(tree, names)
    except _Unsupported:
        return None
    head = ["def known_path(inputs):"]
    if names.ratings:
        head.append("    rating = inputs.ratings.get")
        head.extend(f"    {v} = rating({d!r})" for d, v in names.ratings.items())
    if names.facts:
        head.append("    fact = inputs.facts.get")
        head.extend(f"    {v} = fact({f!r})" for f, v in names.facts.items())
    variables = list(itertools.chain(names.ratings.values(), names.facts.values()))
    if variables:
        head.append(f"    if None in ({', '.join(variables)},):")
        head.append("        return None")
    for dimensions, variable in names.sums.items():
        head.append(f"    {variable} = {' + '.join(names.ratings[d] for d in dimensions)}")
    namespace: dict[str, object] = {"LEAVES": tuple(tree.leaves)}
    code = compile("\n".join([*head, *body]), f"<iopcore tree {tree.root}>", "exec")
    exec(code, namespace)  # noqa: S102 - source written above from the tree's own data
    return namespace["known_path"]  # type: ignore[return-value]
