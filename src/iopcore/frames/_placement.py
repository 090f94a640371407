"""Placement on a whole table: :func:`recommend_levels`, a ruleset compiled to columns.

The ruleset's own rules (the data :func:`~iopcore.placement.recommend_level` reads) are compiled
kind by kind (:mod:`iopcore.frames._predicates`), its decision tree node by node
(:mod:`iopcore.frames._tree`), and combined as :mod:`iopcore.placement` combines
them: each fired rule raises the floor or rules levels out; a rule that cannot tell
may raise the ceiling unless its inputs are optional (a follow-up then); the level
is determinable where floor and ceiling meet.
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING, Any, Final

import narwhals as nw

from iopcore._validation import to_as_of
from iopcore.frames._assessments import birth_checks, input_columns, row_checks, schema_for
from iopcore.frames._engines import engine_for
from iopcore.frames._fallback import by_object_path
from iopcore.frames._predicates import Compiled, compile_predicate
from iopcore.frames._tables import RowCheck, read_table, refuse_rows
from iopcore.frames._tree import tree_columns
from iopcore.levels import LevelOfCare
from iopcore.participants import DEFAULT_ADULT_AGE, Population
from iopcore.rules.rule import LEVEL_RANK
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET, Ruleset, ruleset_for

if TYPE_CHECKING:
    import pendulum

    from iopcore.frames._assessments import Input
    from iopcore.frames._tree import TreeColumns

__all__ = ["OUTPUT", "recommend_levels"]

#: The result's columns, in order.
OUTPUT: Final = (
    "participant_id",
    "assessed_on",
    "level",
    "determinable",
    "at_least",
    "at_most",
    "missing",
    "fired",
    "follow_ups",
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)
#: Joins the items of a list column while it is built (never in an id, path or text).
_SEPARATOR: Final = "\x1f"
_CODES: Final = {rank: level.code for level, rank in LEVEL_RANK.items()}
_INPATIENT: Final = LEVEL_RANK[LevelOfCare.INPATIENT]


def _ruleset(ruleset: object, on: pendulum.Date) -> Ruleset:
    """The ruleset in force on ``on``, as :func:`~iopcore.placement.recommend_level` chooses it."""
    return ruleset_for(ruleset, as_of=on, default=DEFAULT_PLACEMENT_RULESET)


def _compiled(rules: Ruleset) -> tuple[list[Compiled], dict[str, Compiled]] | None:
    """Every rule and branch condition compiled, or ``None`` if one cannot be."""
    conditions = [compile_predicate(rule.when) for rule in rules.rules]
    branches = (
        {} if rules.tree is None else {b.id: compile_predicate(b.when) for b in rules.tree.branches}
    )
    if any(c is None for c in conditions) or any(c is None for c in branches.values()):
        return None
    return [c for c in conditions if c is not None], {
        k: c for k, c in branches.items() if c is not None
    }


def recommend_levels(
    assessments: object,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    ruleset: Ruleset | None = None,
    columns: object = None,
) -> Any:  # noqa: ANN401 - a native frame of the kind given
    """Every assessment of a table placed as :func:`~iopcore.placement.recommend_level` does.

    One row per assessment, in input order, with the columns ``participant_id``,
    ``assessed_on``, ``level`` (the level code such as ``"IOP"``, null when not
    determinable), ``determinable``, ``at_least`` and ``at_most`` (codes),
    ``missing`` (the input paths whose absence leaves the level open, as
    :attr:`~iopcore.placement.Placement.missing` lists them), ``fired`` (the ids of
    the rules that fired, and a decision tree's leaf as its finding names it: the
    fired findings that are not tree steps), ``follow_ups`` (texts), and
    ``ruleset_id``, ``ruleset_version``, ``ruleset_hash``.

    The table's columns are named after the inputs (see the module
    :mod:`iopcore.frames` docs: a rating by its dimension, ``phq9_total``,
    ``cssrs_flags``, ``conditions``, ``population`` or ``birth_date`` ...). A column
    the ruleset reads that the table lacks is missing on every row; columns the
    ruleset does not read are ignored (the object path refuses rating, fact and
    measurement names that nobody reads; a table's other columns are not inputs).
    A ruleset with a predicate of a user's own class is evaluated row by row on
    the object path, with a warning.

    Args:
        assessments: A polars, pandas or pyarrow frame (eager or lazy) or a DuckDB
            relation of assessments.
        as_of: The date the placements are for (a date, or an aware datetime).
        ruleset: The rules; the ``reference`` ruleset in force on ``as_of`` if ``None``.
        columns: ``None``, or a mapping of iopcore's column names to the table's own.

    Returns:
        The placements, as the kind of frame given (lazy stays lazy).

    Raises:
        InvalidTypeError: a bad ``ruleset``, ``as_of`` or table, or a column of the
            wrong type.
        InvalidValueError: the ruleset is not in force on ``as_of``, two inputs would
            share a column, or a missing ``participant_id``/``assessed_on`` column.
        InvalidRowsError: rows dated after ``as_of``, ratings out of range, unknown
            bands, populations or conditions, a birth date after the assessment...
        NaiveDateTimeError: ``as_of`` is a datetime without a time zone.

    >>> import pendulum, polars as pl
    >>> frame = pl.DataFrame(
    ...     {
    ...         "participant_id": ["p-1", "p-2"],
    ...         "assessed_on": [pendulum.date(2026, 3, 2)] * 2,
    ...         "safety": [3, None],
    ...         "medical": [0, 0],
    ...         "symptoms": [1, 2],
    ...         "substance_use": [0, 0],
    ...         "environment": [1, 1],
    ...         "impairment_beyond_routine_outpatient": [True, False],
    ...         "support_outside_program_hours": [True, True],
    ...         "conditions": [["depression"], ["anxiety"]],
    ...     }
    ... )
    >>> placed = recommend_levels(frame, as_of=pendulum.date(2026, 3, 2))
    >>> for row in placed.select("level", "at_least", "at_most", "missing").rows():
    ...     print(row)
    ('PHP', 'PHP', 'PHP', [])
    (None, 'IOP', 'IP', ['ratings.safety'])
    >>> placed["fired"][0].to_list()
    ['R-SAFETY-2', 'R-SAFETY-3', 'R-ADMIT-IMPAIRMENT']
    """
    if (engine := engine_for(assessments)) is not None:  # Spark, Dask: see frames._engines
        return engine.recommend_levels(assessments, as_of=as_of, ruleset=ruleset, columns=columns)
    on = to_as_of(as_of)
    rules = _ruleset(ruleset, on)
    compiled = _compiled(rules)
    if compiled is None:
        warnings.warn(
            f"ruleset {rules.id} {rules.version} has a condition iopcore.frames cannot "
            "compile (a predicate class of your own): every row is placed one by one "
            "on the object path (iopcore.recommend_level), at its speed",
            UserWarning,
            stacklevel=2,
        )
        return by_object_path(assessments, rules, on, columns)
    wanted = input_columns(rules.inputs)
    table = read_table(assessments, schema_for(wanted), columns=columns)
    present = table.frame.collect_schema().names()
    checks = [*row_checks(wanted, present), _not_after(on)]
    if "birth_date" in present and "birth_date" in wanted:
        checks.extend(birth_checks())
    refuse_rows(table, checks)
    frame = _prepared(table.frame, wanted, present)
    return table.back(_placements(frame, rules, *compiled))


def _not_after(on: pendulum.Date) -> RowCheck:
    return RowCheck(
        "assessed_on",
        nw.col("assessed_on") > nw.lit(on, dtype=nw.Date()),
        allowed=f"a date on or before as_of={on.isoformat()}",
        reason="is after as_of",
    )


def _prepared(
    frame: nw.LazyFrame[Any], wanted: dict[str, Input], present: list[str]
) -> nw.LazyFrame[Any]:
    """The inputs as the expressions read them: absent columns null, whole numbers ints."""
    filled = []
    for name, column in wanted.items():
        if name not in present:
            filled.append(nw.lit(None, dtype=column.dtype).alias(name))
        elif column.dtype == nw.Int64():
            filled.append(nw.col(name).cast(nw.Int64()))
    frame = frame.with_columns(*filled) if filled else frame
    if "population" in wanted:
        frame = frame.with_columns(nw.coalesce(nw.col("population"), _population_from_birth()))
    return frame


def _population_from_birth() -> nw.Expr:
    """The population on ``assessed_on`` from ``birth_date`` (Participant.population_on)."""
    on, born = nw.col("assessed_on"), nw.col("birth_date")
    # (2, 28) < (2, 29): a 29 February birthday comes on 1 March in common years.
    before_birthday = (on.dt.month() * 100 + on.dt.day()) < (born.dt.month() * 100 + born.dt.day())
    age = on.dt.year() - born.dt.year() - before_birthday.cast(nw.Int32())
    return (
        nw.when(age >= DEFAULT_ADULT_AGE)
        .then(nw.lit(Population.ADULT.value))
        .when(~age.is_null())
        .then(nw.lit(Population.ADOLESCENT.value))
        .otherwise(nw.lit(None, dtype=nw.String()))
    )


def _any(parts: list[nw.Expr]) -> nw.Expr:
    return functools.reduce(lambda a, b: a | b, parts) if parts else nw.lit(value=False)


def _joined(items: list[nw.Expr]) -> nw.Expr:
    """The non-null ``items`` of each row joined into one text (``""``: none)."""
    if not items:
        return nw.lit("")
    return nw.concat_str(*items, separator=_SEPARATOR, ignore_nulls=True)


def _listed(joined: nw.Expr, *, empty_where: nw.Expr | None = None) -> nw.Expr:
    """The items :func:`_joined` joined, as a list column (``[]`` where ``empty_where``).

    polars chooses between list columns slowly (a ``when/then`` of lists costs more
    than building the list), so there is one choice per column: the empty list, or the
    joined items split. narwhals has no ``concat_list`` and no ``list.slice`` to do
    without it.
    """
    empty = joined == "" if empty_where is None else (joined == "") | empty_where
    return (
        nw.when(empty)
        .then(nw.lit([], dtype=nw.List(nw.String())))
        .otherwise(joined.str.split(_SEPARATOR))
    )


def _highest(raised: dict[int, list[nw.Expr]]) -> nw.Expr:
    """The highest rank whose conditions hold on the row (one of them), else 0.

    One ``when/then`` per rank, from the top: the same as the maximum over the
    rules, and many times faster than a maximum over one column per rule.
    """
    chain = None
    for rank in sorted(raised, reverse=True):
        holds = _any(raised[rank])
        chain = nw.when(holds).then(rank) if chain is None else chain.when(holds).then(rank)
    return nw.lit(0) if chain is None else chain.otherwise(0)


def _resolve(floor: nw.Expr, excluded: dict[int, nw.Expr]) -> nw.Expr:
    """The rank of the least intensive level from ``floor`` up that is not excluded."""
    if not excluded:
        return floor
    chain = None
    for rank in range(_INPATIENT):
        allowed = (floor <= rank) & ~excluded.get(rank, nw.lit(value=False))
        chain = nw.when(allowed).then(rank) if chain is None else chain.when(allowed).then(rank)
    assert chain is not None  # noqa: S101 - INPATIENT is above OUTPATIENT
    return chain.otherwise(_INPATIENT)


def _placements(  # noqa: C901 - one flat pass over the rules, as placement.decide
    frame: nw.LazyFrame[Any],
    rules: Ruleset,
    conditions: list[Compiled],
    branches: dict[str, Compiled],
) -> nw.LazyFrame[Any]:
    names = [f"__iopcore_rule_{index}" for index in range(len(conditions))]
    if conditions:
        frame = frame.with_columns(
            *(c.truth.alias(n) for c, n in zip(conditions, names, strict=True))
        )
    tree = None if rules.tree is None else tree_columns(rules.tree, branches)
    if tree is not None:
        for stage in tree.stages:
            frame = frame.with_columns(*stage)
    fired, unknown, opens = [], [], []
    raised: dict[int, list[nw.Expr]] = {}  # by rank: the rules that fired
    opened: dict[int, list[nw.Expr]] = {}  # by rank: the rules that cannot tell
    excluded: dict[int, list[nw.Expr]] = {}
    open_excluded: dict[int, list[nw.Expr]] = {}
    for rule, name in zip(rules.rules, names, strict=True):
        truth = nw.col(name)
        is_true, is_unknown = truth.fill_null(value=False), truth.is_null()
        fired.append(is_true)
        unknown.append(is_unknown)
        floor = -1 if rule.min_level is None else LEVEL_RANK[rule.min_level]
        ranks = [LEVEL_RANK[level] for level in rule.excludes]
        if floor >= 0:
            raised.setdefault(floor, []).append(is_true)
        for rank in ranks:
            excluded.setdefault(rank, []).append(is_true)
            open_excluded.setdefault(rank, []).append(is_true)
        opens_ceiling = rule.if_missing is None and (floor >= 0 or bool(ranks))
        opens.append(is_unknown if opens_ceiling else nw.lit(value=False))
        if opens_ceiling:
            if floor >= 0:
                opened.setdefault(floor, []).append(is_unknown)
            for rank in ranks:
                open_excluded.setdefault(rank, []).append(is_unknown)
    low, high = [_highest(raised)], [_highest(opened)]
    if tree is not None:
        low.append(tree.lowest)
        high.append(nw.when(tree.lowest != tree.highest).then(tree.highest))
    floor_rank = nw.max_horizontal(*low)
    at_least = _resolve(floor_rank, {k: _any(v) for k, v in excluded.items()})
    ceiling = nw.max_horizontal(floor_rank, *high)
    at_most = _resolve(ceiling, {k: _any(v) for k, v in open_excluded.items()})
    lists = {
        "missing": _missing(conditions, opens, tree),
        "fired": _fired(rules, fired, tree),
        "follow_ups": _follow_ups(rules, unknown),
    }
    # Staged as columns, so that each expression is built (and translated) once.
    frame = frame.with_columns(
        at_least.alias("__iopcore_at_least"),
        at_most.alias("__iopcore_at_most"),
        *(_joined(items).alias(f"__iopcore_{name}") for name, items in lists.items()),
    )
    at_least, at_most = nw.col("__iopcore_at_least"), nw.col("__iopcore_at_most")
    determinable = at_least == at_most
    return frame.select(
        nw.col("participant_id"),
        nw.col("assessed_on"),
        nw.when(determinable)
        .then(at_least.replace_strict(_CODES, return_dtype=nw.String()))
        .alias("level"),
        determinable.alias("determinable"),
        at_least.replace_strict(_CODES, return_dtype=nw.String()).alias("at_least"),
        at_most.replace_strict(_CODES, return_dtype=nw.String()).alias("at_most"),
        _listed(nw.col("__iopcore_missing"), empty_where=determinable).alias("missing"),
        _listed(nw.col("__iopcore_fired")).alias("fired"),
        _listed(nw.col("__iopcore_follow_ups")).alias("follow_ups"),
        nw.lit(rules.id).alias("ruleset_id"),
        nw.lit(rules.version).alias("ruleset_version"),
        nw.lit(rules.content_hash).alias("ruleset_hash"),
    )


def _fired(rules: Ruleset, fired: list[nw.Expr], tree: TreeColumns | None) -> list[nw.Expr]:
    items: list[nw.Expr] = [
        nw.when(is_true).then(nw.lit(rule.id))
        for rule, is_true in zip(rules.rules, fired, strict=True)
    ]
    if tree is not None:
        known = tree.lowest == tree.highest
        # Open, but every reachable leaf calls for the lowest one's level or more.
        at_least = nw.concat_str(tree.lowest_id, nw.lit(".."))
        items.append(nw.when(known).then(tree.lowest_id).when(tree.lowest > 0).then(at_least))
    return items


def _follow_ups(rules: Ruleset, unknown: list[nw.Expr]) -> list[nw.Expr]:
    items: list[nw.Expr] = []
    seen: dict[str, nw.Expr] = {}
    for rule, is_unknown in zip(rules.rules, unknown, strict=True):
        text = rule.if_missing
        if text is None:
            continue
        before = seen.get(text)
        items.append(
            nw.when(is_unknown if before is None else is_unknown & ~before).then(nw.lit(text))
        )
        seen[text] = is_unknown if before is None else before | is_unknown
    return items


def _missing(
    conditions: list[Compiled], opens: list[nw.Expr], tree: TreeColumns | None
) -> list[nw.Expr]:
    """The missing paths in the object path's order: the tree's first, then each open rule's."""
    items: list[nw.Expr] = []
    seen: dict[str, nw.Expr] = {}
    if tree is not None:
        positions = [(path, pos) for path, pos in tree.positions if pos is not None]
        ranks = {path: _rank(positions, path) for path, _ in positions}
        items.extend(
            nw.coalesce(
                *(
                    nw.when(~pos.is_null() & (ranks[path] == place)).then(nw.lit(path))
                    for path, pos in positions
                )
            )
            for place in range(len(positions))
        )
        seen = {path: ~pos.is_null() for path, pos in positions}
    for condition, is_open in zip(conditions, opens, strict=True):
        for path, listed in condition.listed:
            lists = is_open & listed
            before = seen.get(path)
            items.append(nw.when(lists if before is None else lists & ~before).then(nw.lit(path)))
            seen[path] = lists if before is None else before | lists
    return items


def _rank(positions: list[tuple[str, nw.Expr]], path: str) -> nw.Expr:
    """How many listed paths come before ``path`` (the paths' positions differ)."""
    mine = dict(positions)[path]
    earlier = [
        (pos < mine).fill_null(value=False).cast(nw.Int64())
        for other, pos in positions
        if other != path
    ]
    return nw.sum_horizontal(*earlier) if earlier else nw.lit(0)
