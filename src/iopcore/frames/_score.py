"""Score a table of questionnaire answers: one row per questionnaire, one column per item.

The items of instrument ``phq9`` are the columns ``phq9_1`` ... ``phq9_9`` (any
instrument: its registry name, an underscore, the item number). Numeric items hold
whole numbers (a float column with whole values, as pandas makes of an int column
with gaps, is read as whole numbers; ``NaN`` is not answered); yes/no items hold
true/false. Null is not answered, never zero. :func:`score` adds the columns of the
object path's :class:`~iopcore.instruments.Score`.

Two options of the object path vary by row and are read from columns when the
table has them: AUDIT-C's ``sex`` (column ``sex``: ``"female"``, ``"male"`` or null)
and the C-SSRS follow-up ``behaviour_within_3_months`` (column
``cssrs_behaviour_within_3_months``, true/false or null). The other options (the
cut-offs of AUDIT-C and PCL-5) hold for the whole table and come in ``options=``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import narwhals as nw

from iopcore._validation import ErrorCollector, to_int
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.frames._engines import engine_for
from iopcore.frames._native import Translated
from iopcore.frames._scorers import BUILDERS, flag_list
from iopcore.frames._tables import (
    ROW,
    Column,
    Kind,
    RowCheck,
    RowChecks,
    Schema,
    read_table,
    refuse_rows,
)
from iopcore.instruments import get_instrument
from iopcore.participants import Sex

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["ROW_OPTIONS", "items_schema", "score"]

#: The options of an instrument's ``score`` that vary by row, and the column each is
#: read from: the participant's sex (AUDIT-C) and an answer (the C-SSRS follow-up).
ROW_OPTIONS: Final[Mapping[str, Mapping[str, Column]]] = {
    "audit_c": {
        "sex": Column("sex", Kind.TEXT, required=False, description="female, male or null")
    },
    "cssrs": {
        "behaviour_within_3_months": Column(
            "cssrs_behaviour_within_3_months",
            Kind.YES_NO,
            required=False,
            description="question 6's follow-up: within the past 3 months",
        )
    },
}

#: The suffixes of the columns :func:`score` adds, in order.
_ADDED: Final = ("total", "band", "flags", "complete")


def _items(module: ModuleType) -> tuple[tuple[int, tuple[int, ...] | None], ...]:
    """``(item number, allowed ints or None for yes/no)`` for each item, in order."""
    # Each instrument module keeps its item table private; iopcore's own code reads it
    # (as iopcore.testing.strategies does), so that the answers accepted here are
    # exactly the ones its scorer accepts.
    table: tuple[tuple[int, tuple[int, ...] | None], ...] = module.ITEMS
    return tuple((number, values) for number, values in table)


def _module(instrument: str) -> Any:  # noqa: ANN401 - an instrument module, by its constants
    return get_instrument(instrument)  # it checks the type and the name


def items_schema(instrument: str) -> Schema:
    """The schema of a table of ``instrument`` answers: its items, then its row options.

    Args:
        instrument: A registry name, matched as
            :func:`~iopcore.instruments.get_instrument` matches it.

    Returns:
        The items ``<name>_1`` ... in item order (whole numbers, or true/false for a
        yes/no item), then the optional columns its options are read from
        (``sex``, ``cssrs_behaviour_within_3_months``).

    Raises:
        UnknownCodeError: no instrument has that name.
        InvalidTypeError: ``instrument`` is not a string.

    >>> [column.name for column in items_schema("audit_c").columns]
    ['audit_c_1', 'audit_c_2', 'audit_c_3', 'sex']
    """
    return _schema(_module(instrument).NAME)


@functools.cache
def _schema(name: str) -> Schema:
    module = _module(name)
    columns = [
        Column(
            f"{module.NAME}_{number}",
            Kind.YES_NO if values is None else Kind.WHOLE_NUMBER,
            description=f"{module.TITLE} item {number}; null when not answered",
        )
        for number, values in _items(module)
    ]
    columns.extend(ROW_OPTIONS.get(module.NAME, {}).values())
    return Schema(f"{module.NAME} items", tuple(columns))


def _provoked(call: Callable[[], object], field: str) -> tuple[str, str | None]:
    """The words (allowed, reason) of the object path's error at ``field``."""
    errors: list[Any] = []
    try:
        call()
    except IopcoreErrorGroup as group:
        errors.extend(group.exceptions)
    except IopcoreError as error:
        errors.append(error)
    for found in errors:
        if found.field == field:
            return found.allowed, found.reason
    message = f"the object path gave no error at {field}"  # pragma: no cover - a broken module
    raise LookupError(message)  # pragma: no cover


@functools.cache
def _item_words(instrument: str, index: int) -> tuple[str, str | None]:
    module = _module(instrument)
    answers: list[object] = [None] * module.ITEM_COUNT
    answers[index] = -1  # no numeric item takes a negative answer
    return _provoked(lambda: module.score(answers), f"$.responses[{index}]")


def _answer(name: str, dtype: Any, *, yes_no: bool) -> nw.Expr:  # noqa: ANN401 - a dtype
    """Column ``name`` as answers: Boolean, or Int64 once checked (NaN = not answered)."""
    column = nw.col(name)
    if yes_no:
        return column
    if dtype.is_float():
        return column.cast(nw.Float64()).fill_nan(None)
    return column.cast(nw.Int64())


def _item_check(
    instrument: str,
    index: int,
    name: str,
    dtype: Any,  # noqa: ANN401 - a narwhals data type
    values: tuple[int, ...],
) -> RowCheck:
    allowed, reason = _item_words(instrument, index)
    answer = _answer(name, dtype, yes_no=False)
    low, high = min(values), max(values)
    if dtype.is_integer() and values == tuple(range(low, high + 1)):
        # Whole numbers from low to high: two comparisons, some 3x quicker than is_in.
        return RowCheck(name, (answer < low) | (answer > high), allowed=allowed, reason=reason)
    given = [float(value) for value in values] if dtype.is_float() else list(values)
    return RowCheck(name, ~answer.is_in(given), allowed=allowed, reason=reason)


def _cssrs_checks(module: Any, answers: Mapping[int, nw.Expr], recent: nw.Expr) -> list[RowCheck]:  # noqa: ANN401
    """The screener's skip rule and follow-up, refused as its ``score`` refuses them."""
    checks = []
    no_to_q2 = answers[2] == False  # noqa: E712 - an expression, not a comparison
    for number in module.SKIPPED_WHEN_Q2_IS_NO:
        answers_given: list[object] = [None] * module.ITEM_COUNT
        answers_given[1], answers_given[number - 1] = False, True
        allowed, reason = _provoked(
            functools.partial(module.score, answers_given), f"$.responses[{number - 1}]"
        )
        bad = no_to_q2 & answers[number]
        checks.append(RowCheck(f"cssrs_{number}", bad, allowed=allowed, reason=reason))
    option = ROW_OPTIONS["cssrs"]["behaviour_within_3_months"]
    allowed, reason = _provoked(
        functools.partial(module.score, [None] * module.ITEM_COUNT, behaviour_within_3_months=True),
        "behaviour_within_3_months",
    )
    behaviour = answers[module.BEHAVIOUR_QUESTION].fill_null(value=False)
    checks.append(RowCheck(option.name, recent & ~behaviour, allowed=allowed, reason=reason))
    return checks


def _sex_check(module: Any, sex: nw.Expr) -> RowCheck:  # noqa: ANN401 - an instrument module
    allowed, reason = _provoked(
        functools.partial(module.score, [None] * module.ITEM_COUNT, sex="?"), "sex"
    )
    known = [member.value for member in Sex]
    return RowCheck("sex", ~sex.is_in(known), allowed=allowed, reason=reason)


def _table_options(module: Any, options: object) -> dict[str, Any]:  # noqa: ANN401
    """The options that hold for every row: their defaults, overridden by ``options``."""
    parameters = inspect.signature(module.score).parameters.values()
    row = ROW_OPTIONS.get(module.NAME, {})
    defaults = {
        parameter.name: parameter.default
        for parameter in parameters
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.name not in row
    }
    if options is None:
        return defaults
    if not isinstance(options, Mapping):
        raise InvalidTypeError("options", options, allowed="a mapping of option names to values")
    collector = ErrorCollector("options")
    for option in options:
        with collector.catch():
            if option in row:
                raise InvalidValueError(
                    "options",
                    option,
                    allowed=f"the column {row[option].name!r} (it varies by row)",
                    reason="is an option read from a column",
                )
            if option not in defaults:
                allowed = ", ".join(sorted(defaults)) or f"none ({module.TITLE} takes no options)"
                raise UnknownCodeError("options", option, allowed=allowed)
    collector.raise_if_any()
    # The object path checks the values, with its own words.
    module.score([None] * module.ITEM_COUNT, **options)
    chosen = {**defaults, **options}
    return {key: to_int(value, field=key) for key, value in chosen.items()}


def _refuse_clashes(names: list[str], added: list[str], table: str) -> None:
    clashes = [name for name in added if name in names]
    if clashes:
        raise InvalidValueError(
            table,
            tuple(names),
            allowed=f"a table without the columns score() adds ({', '.join(added)})",
            reason=f"already has a column {clashes[0]!r}",
        )


@attrs.frozen
class _Query:
    """What :func:`score` runs on a table: its row checks and the columns it adds."""

    checks: RowChecks
    names: tuple[str, ...]
    added: Translated


@functools.lru_cache(maxsize=64)
def _query(
    name: str,
    dtypes: tuple[tuple[str, Any], ...],
    table_options: tuple[tuple[str, int], ...],
) -> _Query:
    """The checks and score columns for a table of these column types, built once.

    Args:
        name: The instrument's registry name.
        dtypes: Each column of its items schema and the table's type for it (``None``
            for an optional column the table lacks).
        table_options: The options that hold for every row, as ``(name, value)``.

    The expressions depend on nothing else, so a table of the same schema is
    scored by the same expressions, translated to polars once (see
    :mod:`iopcore.frames._native`).
    """
    module = _module(name)
    types = dict(dtypes)
    answers: dict[int, nw.Expr] = {}
    checks: list[RowCheck] = []
    for index, (number, values) in enumerate(_items(module)):
        column = f"{name}_{number}"
        answers[number] = _answer(column, types[column], yes_no=values is None)
        if values is not None:
            checks.append(_item_check(name, index, column, types[column], values))
    row_options: dict[str, nw.Expr] = {}
    for option, source in ROW_OPTIONS.get(name, {}).items():
        dtype = nw.Boolean() if source.kind is Kind.YES_NO else nw.String()
        has = types[source.name] is not None
        row_options[option] = nw.col(source.name).cast(dtype) if has else nw.lit(None, dtype)
        if has and option == "sex":
            checks.append(_sex_check(module, row_options[option]))
    if name == "cssrs":
        checks.extend(_cssrs_checks(module, answers, row_options["behaviour_within_3_months"]))
    scored = BUILDERS[name](module, answers, {**dict(table_options), **row_options})
    columns = [
        scored.total.cast(nw.Int64()),
        scored.band.cast(nw.String()),
        flag_list(scored.flags),
        scored.complete,
        *(value.cast(nw.Int64()) for _, value in scored.subscales),
    ]
    names = tuple(f"{name}_{suffix}" for suffix in (*_ADDED, *dict(scored.subscales)))
    added = [value.alias(column) for value, column in zip(columns, names, strict=True)]
    return _Query(RowChecks.of(checks), names, Translated.of(added))


def score(items: object, instrument: str, *, columns: object = None, options: object = None) -> Any:  # noqa: ANN401 - a native frame, the kind that came in
    """Score a table of questionnaire answers, one row per questionnaire.

    Adds ``<name>_total`` (integer; null when an item is missing or the instrument
    has no total), ``<name>_band`` (the published label, as ``Score.band``; null
    when none), ``<name>_flags`` (a list of flag names, sorted) and
    ``<name>_complete`` (true/false), and for the BAM its subscales
    ``bam_protective``, ``bam_risk``, ``bam_use``. Every input column is kept, under
    its own name (also those renamed by ``columns=``), rows in input order. Each value
    equals what the object path's ``get_instrument(instrument).score`` gives the row's
    answers and options.

    Args:
        items: A frame (polars, pandas, pyarrow, eager or lazy, or a DuckDB relation)
            with the item columns ``<name>_1`` ... (see :func:`items_schema`); null
            or NaN is an unanswered item.
        instrument: A registry name, matched as :func:`~iopcore.instruments.get_instrument`
            matches it (``"PHQ-9"``, ``"phq9"``).
        columns: A mapping of iopcore's column names to the table's own
            (``{"phq9_1": "q1"}``).
        options: The options of the instrument's ``score`` that hold for every row:
            PCL-5's ``cutoff``, AUDIT-C's ``male_cutoff`` and ``female_cutoff``. The
            ones that vary by row come from columns: ``sex`` (AUDIT-C) and
            ``cssrs_behaviour_within_3_months`` (C-SSRS).

    Returns:
        The table with the score columns added, as the kind of frame that came in.

    Raises:
        UnknownCodeError: an unknown instrument or option.
        InvalidValueError: an item column is missing, or a score column is there already.
        InvalidTypeError: a column of the wrong type (a yes/no item of numbers, a
            numeric item of true/false).
        InvalidRowsError: answers the instrument does not take (out of range, not
            whole), naming the column, the rows and the answers allowed.

    >>> import polars as pl
    >>> table = pl.DataFrame({f"phq9_{n}": [1, 0, None] for n in range(1, 10)})
    >>> scored = score(table.with_columns(phq9_9=pl.Series([2, 0, 0])), "phq9")
    >>> for row in scored.select("phq9_total", "phq9_band", "phq9_flags", "phq9_complete").rows():
    ...     print(row)
    (10, 'moderate', ['suicidal_ideation'], True)
    (0, 'minimal', [], True)
    (None, None, [], False)
    """
    if (engine := engine_for(items)) is not None:  # Spark, Dask: see iopcore.frames._engines
        return engine.score(items, instrument, columns=columns, options=options)
    module = _module(instrument)
    name: str = module.NAME
    table_options = _table_options(module, options)
    schema = _schema(name)
    table = read_table(items, schema, columns=columns)
    dtypes = table.frame.collect_schema()
    types = tuple((column.name, dtypes.get(column.name)) for column in schema.columns)
    query = _query(name, types, tuple(sorted(table_options.items())))
    _refuse_clashes(
        [column for column in dtypes.names() if column != ROW], list(query.names), schema.table
    )
    refuse_rows(table, query.checks)
    result = query.added.with_columns(table.frame).drop(ROW)
    if isinstance(columns, Mapping) and columns:  # the input's own names, as it came in
        result = result.rename(dict(columns))
    return table.back(result)
