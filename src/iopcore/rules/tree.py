"""Decision trees: rules whose order matters, such as the LOCUS assignment algorithm.

A :class:`DecisionTree` is a set of :class:`Branch` nodes (a condition, the node to go
to when it holds and the node to go to when it does not) ending in :class:`Leaf`
nodes, each naming a level. Walking the tree on an assessment records every step as a
:class:`~iopcore.rules.rule.Finding`. When a condition is unknown (an input is
missing), both ways are followed: if every reachable leaf names the same level, the
answer is still determinable.

No clinical numbers live here: shipped trees are built in :mod:`iopcore.rulesets`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from iopcore._validation import to_identifier
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level
from iopcore.rules._compile import (
    FALSE,
    TRUE,
    Inputs,
    MissingFunction,
    TruthFunction,
    missing_function,
    truth_function,
)
from iopcore.rules.predicates import Predicate, Truth, require_assessment
from iopcore.rules.rule import Finding, Outcome, unique_ids

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.rules.predicates import Observation

__all__ = ["Branch", "DecisionTree", "Leaf", "TreeWalk"]


def _node_id(value: object) -> str:
    return to_identifier(value, field="id")


def _predicate(value: object) -> Predicate:
    if not isinstance(value, Predicate):
        raise InvalidTypeError("when", value, allowed="a predicate from iopcore.rules")
    return value


def _level(value: object) -> LevelOfCare:
    return to_level(value, allowed="a LevelOfCare")


@attrs.frozen(kw_only=True)
class Branch:
    """A step: go to ``then`` when ``when`` holds, else to ``otherwise``."""

    id: str = attrs.field(converter=_node_id)
    when: Predicate = attrs.field(converter=_predicate)
    then: str = attrs.field(converter=_node_id)
    otherwise: str = attrs.field(converter=_node_id)


@attrs.frozen(kw_only=True)
class Leaf:
    """An end of the tree: the level it assigns.

    Args:
        id: The node id.
        level: The broad level of care.
        code: The level in the tree's own system (e.g. LOCUS ``"5"``).
        rationale: What the level means, in words.
    """

    id: str = attrs.field(converter=_node_id)
    level: LevelOfCare = attrs.field(converter=_level)
    code: str = attrs.field(converter=_node_id)
    rationale: str = ""


@attrs.frozen(kw_only=True)
class TreeWalk:
    """The result of walking a tree: the leaves that can be reached, and the steps."""

    leaves: tuple[Leaf, ...]
    steps: tuple[Finding, ...]
    missing: tuple[str, ...]


def _branches(values: Iterable[Branch]) -> tuple[Branch, ...]:
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, Branch):
            raise InvalidTypeError(f"$.branches[{index}]", value, allowed="a Branch")
    return found


def _leaves(values: Iterable[Leaf]) -> tuple[Leaf, ...]:
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, Leaf):
            raise InvalidTypeError(f"$.leaves[{index}]", value, allowed="a Leaf")
    return found


@attrs.frozen(kw_only=True)
class DecisionTree:
    """A decision tree over an assessment, starting at ``root``.

    Raises:
        InvalidValueError: an id repeats, a step points to a node that does not
            exist, or the steps form a loop.
    """

    root: str = attrs.field(converter=_node_id)
    branches: tuple[Branch, ...] = attrs.field(converter=_branches)
    leaves: tuple[Leaf, ...] = attrs.field(converter=_leaves)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        nodes: list[Branch | Leaf] = [*self.branches, *self.leaves]
        unique_ids([node.id for node in nodes], field="id")
        known = {node.id for node in nodes}
        for node in (self.root, *(t for b in self.branches for t in (b.then, b.otherwise))):
            if node not in known:
                raise InvalidValueError("node", node, allowed="the id of a branch or leaf")
        self._check_acyclic()

    def _check_acyclic(self) -> None:
        by_id = {branch.id: branch for branch in self.branches}
        done: set[str] = set()

        def visit(node: str, path: tuple[str, ...]) -> None:
            if node in path:
                raise InvalidValueError(
                    "node", node, allowed="a tree without loops", reason="loops"
                )
            branch = by_id.get(node)
            if branch is None or node in done:
                return
            visit(branch.then, (*path, node))
            visit(branch.otherwise, (*path, node))
            done.add(node)

        visit(self.root, ())

    @functools.cached_property
    def by_id(self) -> tuple[dict[str, Branch], dict[str, Leaf]]:
        """The branches and the leaves by id, built on first use.

        :meta private:
        """
        return {b.id: b for b in self.branches}, {leaf.id: leaf for leaf in self.leaves}

    @functools.cached_property
    def compiled_branches(self) -> dict[str, tuple[TruthFunction, MissingFunction, str, str]]:
        """Each branch as (truth, missing, then, otherwise), built on first use.

        :meta private:
        """
        return {
            b.id: (truth_function(b.when), missing_function(b.when), b.then, b.otherwise)
            for b in self.branches
        }

    def reach(self, assessment: Assessment) -> tuple[tuple[Leaf, ...], tuple[str, ...]]:
        """The leaves :meth:`walk` reaches and the ids of the branches it steps through.

        What :meth:`walk` finds, without building a finding per step: the fast path
        a placement decides its level with. The leaves are in the order of their
        levels (one leaf when every condition on the way is known) and the step ids
        in the order of :meth:`walk`'s steps.

        Args:
            assessment: What is known.

        Returns:
            The leaves reached and the ids of the steps taken.

        Raises:
            InvalidTypeError: ``assessment`` is not an :class:`~iopcore.assessments.Assessment`.

        >>> import pendulum
        >>> from iopcore.assessments import Assessment
        >>> from iopcore.rulesets.locus import DIMENSIONS, TREE
        >>> assessment = Assessment(
        ...     participant_id="p-001",
        ...     assessed_on=pendulum.date(2026, 3, 2),
        ...     ratings=dict.fromkeys(DIMENSIONS, 1),
        ...     facts={"completed_treatment_recently": True},
        ... )
        >>> leaves, steps = TREE.reach(assessment)
        >>> [leaf.code for leaf in leaves], steps
        (['0'], ('S0', 'S1', 'S2', 'S3'))
        """
        inputs = require_assessment(assessment)
        branches = self.compiled_branches
        leaves = self.by_id[1]
        node = self.root
        steps: list[str] = []
        # Every condition known (the usual case): one path, no bookkeeping.
        while node not in leaves:
            truth, _, then, otherwise = branches[node]
            answer = truth(inputs)
            if answer == TRUE:
                steps.append(node)
                node = then
            elif answer == FALSE:
                steps.append(node)
                node = otherwise
            else:
                return self._reach_both_ways(inputs)
        return (leaves[node],), tuple(steps)

    def _reach_both_ways(self, inputs: Inputs) -> tuple[tuple[Leaf, ...], tuple[str, ...]]:
        # The same visiting order as `walk`, so steps (and missing inputs) line up.
        branches = self.compiled_branches
        leaves = self.by_id[1]
        reached: dict[str, Leaf] = {}
        steps: dict[str, None] = {}
        pending = [self.root]
        while pending:
            node = pending.pop()
            if node in leaves:
                reached.setdefault(node, leaves[node])
                continue
            if node in steps:
                continue
            truth, _, then, otherwise = branches[node]
            answer = truth(inputs)
            steps[node] = None
            if answer != FALSE:
                pending.append(then)
            if answer != TRUE:
                pending.append(otherwise)
        ordered = tuple(sorted(reached.values(), key=lambda leaf: leaf.level.rank))
        return ordered, tuple(steps)

    def missing_inputs(self, assessment: Assessment, steps: Iterable[str]) -> list[str]:
        """The input paths missing at the branches ``steps``, as :meth:`walk` lists them.

        Args:
            assessment: What is known, as given to :meth:`reach`.
            steps: Branch ids, most often the steps :meth:`reach` returned.

        Returns:
            Each step's missing paths in turn (a path missing at two steps is listed
            twice).

        Raises:
            InvalidTypeError: ``assessment`` is not an :class:`~iopcore.assessments.Assessment`,
                or ``steps`` is not an iterable of branch ids.
            InvalidValueError: a step is not the id of one of the tree's branches.

        >>> import pendulum
        >>> from iopcore.assessments import Assessment
        >>> from iopcore.rulesets.locus import DIMENSIONS, TREE
        >>> unrated = Assessment(
        ...     participant_id="p-001",
        ...     assessed_on=pendulum.date(2026, 3, 2),
        ...     ratings=dict.fromkeys(DIMENSIONS[1:], 1),
        ... )
        >>> TREE.missing_inputs(unrated, ["S1"])
        ['ratings.risk_of_harm']
        """
        inputs = require_assessment(assessment)
        if isinstance(steps, str) or not isinstance(steps, Iterable):
            raise InvalidTypeError("steps", steps, allowed="branch ids (an iterable of str)")
        branches = self.compiled_branches
        paths: list[str] = []
        for step in steps:
            compiled = branches.get(step) if isinstance(step, str) else None
            if compiled is None:
                raise InvalidValueError("steps", step, allowed="the id of a branch of the tree")
            paths.extend(compiled[1](inputs))
        return paths

    def walk(self, assessment: Assessment) -> TreeWalk:
        """Follow the tree for ``assessment``; both ways where a condition is unknown.

        Raises:
            InvalidTypeError: ``assessment`` is not an :class:`~iopcore.assessments.Assessment`.
        """
        inputs = require_assessment(assessment)
        branches, leaves = self.by_id
        reached: dict[str, Leaf] = {}
        steps: dict[str, Finding] = {}
        pending = [self.root]
        while pending:
            node = pending.pop()
            if node in leaves:
                reached.setdefault(node, leaves[node])
                continue
            if node in steps:
                continue
            branch = branches[node]
            observations: list[Observation] = []
            truth = branch.when._observe(inputs, observations)  # noqa: SLF001 - checked above
            steps[node] = Finding(
                rule_id=branch.id,
                outcome=_OUTCOMES[truth],
                observations=tuple(observations),
                rationale=branch.when.describe(),
                source=self.source,
                step=True,
            )
            if truth is not Truth.FALSE:
                pending.append(branch.then)
            if truth is not Truth.TRUE:
                pending.append(branch.otherwise)
        missing = tuple(dict.fromkeys(path for step in steps.values() for path in step.missing))
        ordered = tuple(sorted(reached.values(), key=lambda leaf: leaf.level))
        return TreeWalk(leaves=ordered, steps=tuple(steps.values()), missing=missing)


_OUTCOMES = {
    Truth.TRUE: Outcome.FIRED,
    Truth.FALSE: Outcome.NOT_FIRED,
    Truth.UNKNOWN: Outcome.UNKNOWN,
}
