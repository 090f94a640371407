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

from iopcore.rules._compile import FALSE, TRUE, UNKNOWN
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

__all__ = ["branch_codes_function", "input_paths", "known_path_function"]

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


# ---------------------------------------------------------------- any input missing
# Three-valued codes in the generated code: 0 false, 1 unknown, 2 true, so that
# Kleene's "and" is min(), "or" is max() and "not" is 2 - x.
_LOCAL_TO_ENGINE = (FALSE, UNKNOWN, TRUE)


def _count_code(values: tuple[int | None, ...], wanted: int, count: int) -> int:
    matches = values.count(wanted)
    if matches >= count:
        return 2
    return 1 if matches + values.count(None) >= count else 0


def _compare(variable: str, operator: str, bound: object) -> str:
    return f"(1 if {variable} is None else (2 if {variable} {operator} {bound!r} else 0))"


def _code_expression(predicate: Predicate, names: _Names) -> str:  # noqa: PLR0911 - one case per kind
    """``predicate`` as a Python expression giving 0 (false), 1 (unknown) or 2 (true)."""
    kind = type(predicate)
    if kind is RatingAtLeast and isinstance(predicate, RatingAtLeast):
        return _compare(names.rating(predicate.dimension), ">=", predicate.minimum)
    if kind is RatingAtMost and isinstance(predicate, RatingAtMost):
        return _compare(names.rating(predicate.dimension), "<=", predicate.maximum)
    if kind is RatingSumAtLeast and isinstance(predicate, RatingSumAtLeast):
        return _compare(names.sum(predicate.dimensions), ">=", predicate.minimum)
    if kind is RatingSumAtMost and isinstance(predicate, RatingSumAtMost):
        return _compare(names.sum(predicate.dimensions), "<=", predicate.maximum)
    if kind is RatingCountAtLeast and isinstance(predicate, RatingCountAtLeast):
        values = ", ".join(names.rating(d) for d in predicate.dimensions)
        return f"count_code(({values},), {predicate.value!r}, {predicate.count!r})"
    if kind is FactIs and isinstance(predicate, FactIs):
        return _compare(names.fact(predicate.fact), "is", predicate.value)
    if kind in (AllOf, AnyOf) and isinstance(predicate, AllOf | AnyOf):
        parts = ", ".join(_code_expression(part, names) for part in predicate.of)
        return f"{'min' if kind is AllOf else 'max'}({parts}, {2 if kind is AllOf else 0})"
    if kind is Not and isinstance(predicate, Not):
        return f"(2 - {_code_expression(predicate.of, names)})"
    raise _Unsupported(kind.__name__)


def branch_codes_function(tree: DecisionTree) -> Callable[[Inputs], tuple[int, ...]] | None:
    """Every branch's truth code (FALSE, TRUE or UNKNOWN), in ``tree.branches`` order.

    One generated function reads each input once and answers every branch without a
    call per predicate; ``None`` when a predicate kind is not written out.
    """
    names = _Names()
    try:
        answers = [_code_expression(branch.when, names) for branch in tree.branches]
    except _Unsupported:
        return None
    lines = ["def branch_codes(inputs):"]
    if names.ratings:
        lines.append("    rating = inputs.ratings.get")
        lines.extend(f"    {v} = rating({d!r})" for d, v in names.ratings.items())
    if names.facts:
        lines.append("    fact = inputs.facts.get")
        lines.extend(f"    {v} = fact({f!r})" for f, v in names.facts.items())
    for dimensions, variable in names.sums.items():
        parts = [names.ratings[d] for d in dimensions]
        lines.append(
            f"    {variable} = None if None in ({', '.join(parts)},) else {' + '.join(parts)}"
        )
    lines.append(f"    return ({', '.join(f'TO_ENGINE[{a}]' for a in answers)},)")
    namespace: dict[str, object] = {"TO_ENGINE": _LOCAL_TO_ENGINE, "count_code": _count_code}
    code = compile("\n".join(lines), f"<iopcore tree codes {tree.root}>", "exec")
    exec(code, namespace)  # noqa: S102 - source written above from the tree's own data
    return namespace["branch_codes"]  # type: ignore[return-value]


def _paths(predicate: Predicate) -> list[tuple[str, str]]:
    """The (section, key) of each input ``predicate`` reads, in ``evaluate`` order."""
    kind = type(predicate)
    if kind in (RatingAtLeast, RatingAtMost) and isinstance(
        predicate, RatingAtLeast | RatingAtMost
    ):
        return [("ratings", predicate.dimension)]
    if kind in (RatingSumAtLeast, RatingSumAtMost, RatingCountAtLeast) and isinstance(
        predicate, RatingSumAtLeast | RatingSumAtMost | RatingCountAtLeast
    ):
        return [("ratings", d) for d in predicate.dimensions]
    if kind is FactIs and isinstance(predicate, FactIs):
        return [("facts", predicate.fact)]
    if kind in (AllOf, AnyOf) and isinstance(predicate, AllOf | AnyOf):
        return [path for part in predicate.of for path in _paths(part)]
    if kind is Not and isinstance(predicate, Not):
        return _paths(predicate.of)
    raise _Unsupported(kind.__name__)


def input_paths(tree: DecisionTree) -> dict[str, tuple[tuple[str, str], ...]] | None:
    """Each branch's inputs as (section, key), in the order its findings list them.

    For a tree of rating and fact conditions, an input is missing exactly when it is
    absent, so its missing paths are these, filtered; ``None`` for other trees.
    """
    try:
        return {branch.id: tuple(_paths(branch.when)) for branch in tree.branches}
    except _Unsupported:
        return None
