"""A decision tree (LOCUS) compiled to frame expressions.

The object path walks the tree from its root and, where a branch cannot tell, goes
both ways (``otherwise`` first, then ``then``: a depth-first walk with a stack). Here
the same walk is expressed over whole columns:

* a node is *reached* when a node that leads to it is reached and its branch can
  go that way (``then`` unless the branch is false, ``otherwise`` unless true);
* the placement reads the lowest and highest level among the reached leaves;
* the *first* reached leaf of a level, in the walk's order, names the level when
  several leaves share it (LOCUS levels 0, 1 and 2 are all outpatient care);
* the missing inputs are listed in the walk's order: each path's first place in the
  walk is a number (the walk's steps laid end to end, ``otherwise`` before ``then``),
  and the paths are put in the order of those numbers.

A walk that visits a step twice lists nothing new the second time (the object path
skips it), so the numbers of the unshared walk give the same order.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

import attrs
import narwhals as nw

from iopcore.rules.rule import LEVEL_RANK

if TYPE_CHECKING:
    from iopcore.frames._predicates import Compiled
    from iopcore.rules import Branch, DecisionTree, Leaf

__all__ = ["TreeColumns", "tree_columns"]

_PREFIX: Final = "__iopcore_tree_"


@attrs.frozen
class TreeColumns:
    """What the placement reads of a tree, as expressions and staged columns.

    Attributes:
        stages: ``with_columns`` steps to run in order (branch truths, reached nodes).
        lowest: The rank of the lowest level among the reached leaves.
        highest: The rank of the highest.
        lowest_id: The id of the first reached leaf of the lowest level.
        positions: ``(path, expression)``: each path's first place in the walk's
            missing-input list (null: not listed).
        temporary: The names of the staged columns, to drop at the end.
    """

    stages: tuple[tuple[nw.Expr, ...], ...]
    lowest: nw.Expr
    highest: nw.Expr
    lowest_id: nw.Expr
    positions: tuple[tuple[str, nw.Expr | None], ...]
    temporary: tuple[str, ...]


def tree_columns(tree: DecisionTree, compiled: dict[str, Compiled]) -> TreeColumns:
    """The tree's reached leaves and missing inputs as expressions (see the module notes).

    ``compiled`` holds each branch's compiled condition by branch id.
    """
    branches = {branch.id: branch for branch in tree.branches}
    leaves = {leaf.id: leaf for leaf in tree.leaves}
    truth = {node: nw.col(f"{_PREFIX}t_{node}") for node in branches}
    then_ok = {node: column.fill_null(value=True) for node, column in truth.items()}
    otherwise_ok = {node: ~column.fill_null(value=False) for node, column in truth.items()}
    stages: list[tuple[nw.Expr, ...]] = [
        tuple(compiled[node].truth.alias(f"{_PREFIX}t_{node}") for node in branches)
    ]
    # Reached: in order of depth, so a node's parents are columns already.
    parents: dict[str, list[nw.Expr]] = {}
    for node, branch in branches.items():
        parents.setdefault(branch.then, []).append(nw.col(f"{_PREFIX}r_{node}") & then_ok[node])
        parents.setdefault(branch.otherwise, []).append(
            nw.col(f"{_PREFIX}r_{node}") & otherwise_ok[node]
        )
    depth = _depths(tree)
    names = [f"{_PREFIX}t_{node}" for node in branches]
    for level in range(max(depth.values()) + 1):
        stage = []
        for node in (n for n, d in depth.items() if d == level):
            reached = (
                nw.lit(value=True)
                if node == tree.root
                else functools.reduce(lambda a, b: a | b, parents[node])
            )
            stage.append(reached.alias(f"{_PREFIX}r_{node}"))
            names.append(f"{_PREFIX}r_{node}")
        stages.append(tuple(stage))
    reached_leaves = [(leaf, nw.col(f"{_PREFIX}r_{leaf.id}")) for leaf in leaves.values()]
    lowest = nw.min_horizontal(
        *(nw.when(r).then(nw.lit(LEVEL_RANK[leaf.level])) for leaf, r in reached_leaves)
    )
    highest = nw.max_horizontal(
        *(nw.when(r).then(nw.lit(LEVEL_RANK[leaf.level])) for leaf, r in reached_leaves)
    )
    walk = _Walk(branches, leaves, then_ok, otherwise_ok, compiled)
    stages.extend(walk.stages(tree))
    names.extend(walk.names)
    lowest_id = _lowest_id(tree, walk, lowest)
    paths = dict.fromkeys(p for c in compiled.values() for p, _ in c.listed)
    positions = tuple((path, walk.position(tree.root, path)) for path in paths)
    return TreeColumns(tuple(stages), lowest, highest, lowest_id, positions, tuple(names))


def _depths(tree: DecisionTree) -> dict[str, int]:
    """Each node's longest distance from the root (every parent is shallower)."""
    branches = {branch.id: branch for branch in tree.branches}
    depth = {tree.root: 0}
    order = _topological(tree)
    for node in order:
        branch = branches.get(node)
        if branch is None:
            continue
        for child in (branch.then, branch.otherwise):
            depth[child] = max(depth.get(child, 0), depth[node] + 1)
    return depth


def _topological(tree: DecisionTree) -> list[str]:
    branches = {branch.id: branch for branch in tree.branches}
    done: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        if node in seen:
            return
        seen.add(node)
        branch = branches.get(node)
        if branch is not None:
            visit(branch.then)
            visit(branch.otherwise)
        done.append(node)

    visit(tree.root)
    return done[::-1]


class _Walk:
    """The walk's order below each node, as staged columns (one per node and item).

    Each node's column reads only its children's columns, so the expressions stay
    small however often a node is shared (inlined, they would grow with every path
    through the tree).
    """

    def __init__(
        self,
        branches: dict[str, Branch],
        leaves: dict[str, Leaf],
        then_ok: dict[str, nw.Expr],
        otherwise_ok: dict[str, nw.Expr],
        compiled: dict[str, Compiled],
    ) -> None:
        self.branches, self.leaves, self.compiled = branches, leaves, compiled
        self.then_ok, self.otherwise_ok = then_ok, otherwise_ok
        self.names: list[str] = []
        self._lengths: dict[str, int] = {}
        self._columns: dict[tuple[str, str], nw.Expr | None] = {}
        self._pending: dict[str, list[tuple[str, nw.Expr]]] = {}

    def length(self, node: str) -> int:
        """How many places the unshared walk below ``node`` lays out."""
        if node in self.leaves:
            return 0
        if node not in self._lengths:
            otherwise, then = self.children(node)
            own = len(self.compiled[node].listed)
            self._lengths[node] = own + self.length(otherwise) + self.length(then)
        return self._lengths[node]

    def children(self, node: str) -> tuple[str, str]:
        branch = self.branches[node]
        return branch.otherwise, branch.then

    def stages(self, tree: DecisionTree) -> list[tuple[nw.Expr, ...]]:
        """Every node's columns, lowest nodes first (a node after its children)."""
        ranks: dict[int, int] = {}
        for leaf in tree.leaves:
            rank = LEVEL_RANK[leaf.level]
            ranks[rank] = ranks.get(rank, 0) + 1
        self.shared_ranks = [rank for rank, count in ranks.items() if count > 1]
        self.paths = list(dict.fromkeys(p for c in self.compiled.values() for p, _ in c.listed))
        height: dict[str, int] = {}
        for node in reversed(_topological(tree)):
            if node in self.branches:
                otherwise, then = self.children(node)
                height[node] = 1 + max(height.get(otherwise, 0), height.get(then, 0))
        found = []
        for level in range(1, max(height.values(), default=0) + 1):
            stage = []
            for node in (n for n, h in height.items() if h == level):
                for rank in self.shared_ranks:
                    stage.extend(self._store(f"f{rank}", node, self._first_leaf(node, rank)))
                for index, path in enumerate(self.paths):
                    stage.extend(self._store(f"p{index}", node, self._position(node, path)))
            if stage:
                found.append(tuple(stage))
        return found

    def _store(self, item: str, node: str, value: nw.Expr | None) -> list[nw.Expr]:
        if value is None:
            self._columns[item, node] = None
            return []
        name = f"{_PREFIX}{item}_{node}"
        self._columns[item, node] = nw.col(name)
        self.names.append(name)
        return [value.alias(name)]

    def _item(self, item: str, node: str) -> nw.Expr | None:
        return self._columns.get((item, node))

    def first_leaf(self, node: str, rank: int) -> nw.Expr | None:
        """The id of the first leaf of level ``rank`` reached below ``node``."""
        if node in self.leaves:
            leaf = self.leaves[node]
            return nw.lit(leaf.id) if LEVEL_RANK[leaf.level] == rank else None
        return self._item(f"f{rank}", node)

    def _first_leaf(self, node: str, rank: int) -> nw.Expr | None:
        otherwise, then = self.children(node)
        return _coalesce(
            (self.otherwise_ok[node], self.first_leaf(otherwise, rank)),
            (self.then_ok[node], self.first_leaf(then, rank)),
        )

    def position(self, node: str, path: str) -> nw.Expr | None:
        """The first place of ``path`` in the walk below ``node`` (null: not listed)."""
        if node in self.leaves:
            return None
        return self._item(f"p{self.paths.index(path)}", node)

    def _position(self, node: str, path: str) -> nw.Expr | None:
        listed = self.compiled[node].listed
        own = [
            (condition, nw.lit(index, dtype=nw.Int64()))
            for index, (p, condition) in enumerate(listed)
            if p == path
        ]
        otherwise, then = self.children(node)
        below_otherwise = self.position(otherwise, path)
        below_then = self.position(then, path)
        start = len(listed)
        if below_otherwise is not None:
            own.append((self.otherwise_ok[node], below_otherwise + start))
        if below_then is not None:
            offset = start + self.length(otherwise)
            own.append((self.then_ok[node], below_then + offset))
        return _coalesce(*own)


def _coalesce(*parts: tuple[nw.Expr, nw.Expr | None]) -> nw.Expr | None:
    """The first part whose condition holds and whose value is not null."""
    given = [nw.when(condition).then(value) for condition, value in parts if value is not None]
    if not given:
        return None
    return given[0] if len(given) == 1 else nw.coalesce(*given)


def _lowest_id(tree: DecisionTree, walk: _Walk, lowest: nw.Expr) -> nw.Expr:
    """The id of the first reached leaf of the lowest reached level."""
    by_rank: dict[int, list[Leaf]] = {}
    for leaf in tree.leaves:
        by_rank.setdefault(LEVEL_RANK[leaf.level], []).append(leaf)
    chain = None
    for rank, same in sorted(by_rank.items()):
        named = nw.lit(same[0].id) if len(same) == 1 else walk.first_leaf(tree.root, rank)
        if named is None:  # pragma: no cover - a leaf of this rank exists below the root
            continue
        chain = (
            nw.when(lowest == rank).then(named)
            if chain is None
            else chain.when(lowest == rank).then(named)
        )
    return nw.lit(None, dtype=nw.String()) if chain is None else chain.otherwise(None)
