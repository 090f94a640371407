"""Tables in and out: any data frame read through narwhals, checked, and given back.

:func:`read_table` takes what an analyst holds (a polars, pandas or pyarrow frame,
eager or lazy, or a DuckDB relation), renames its columns by a ``columns=`` mapping,
checks the columns a :class:`Schema` asks for, numbers the rows and gives a
:class:`InputTable`: a narwhals lazy frame to compute on and the way back to the kind of
frame that came in (:meth:`InputTable.back`). :func:`refuse_rows` raises one
:class:`~iopcore.exceptions.InvalidRowsError` per bad column, naming the rows.

Every table is computed as a polars lazy frame: narwhals 2.29 serves polars whole,
but not yet what the rules need on the other kinds (it reads a pandas time zone with
an underscore, such as ``America/New_York``, as an unknown type and refuses
``dt.date`` on numpy-backed pandas; DuckDB keeps the time zone in the connection, so
narwhals cannot convert its timestamps to a program's zone). :func:`read_table`
therefore moves a pandas or pyarrow frame or a DuckDB relation into polars (through
Arrow), and :meth:`InputTable.back` moves the result back to the kind that came in. This
is the one place that knows it; the jobs are narwhals expressions throughout.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs
import narwhals as nw

from iopcore._validation import ErrorCollector
from iopcore.exceptions import (
    InvalidRowsError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.frames._native import Translated

__all__ = [
    "ROW",
    "Column",
    "InputTable",
    "Kind",
    "RowCheck",
    "RowChecks",
    "Schema",
    "read_table",
    "refuse_rows",
]

#: The column of row numbers (counting from 0) that :func:`read_table` adds.
ROW: Final = "__iopcore_row"

#: How many row numbers an error names before it gives the count of the rest.
_ROWS_SHOWN: Final = 5


class Kind(enum.Enum):
    """What a column holds, in the words the schemas and errors use."""

    TEXT = "text"
    AWARE_TIMESTAMP = "a timestamp with a time zone"
    DATE = "a date"
    WHOLE_NUMBER = "whole numbers"
    NUMBER = "numbers"
    YES_NO = "true/false"
    TEXT_LIST = "a list of text"

    def accepts(self, dtype: Any) -> bool:  # noqa: ANN401 - a narwhals data type
        """Whether a column of ``dtype`` can hold this kind (nulls are always allowed)."""
        return not isinstance(dtype, nw.Unknown) and _ACCEPTS[self](dtype)

    @property
    def dtype(self) -> Any:  # noqa: ANN401 - a narwhals data type
        """The natural narwhals type of a column of this kind."""
        return _NATURAL[self]


def _text(dtype: Any) -> bool:  # noqa: ANN401 - a narwhals data type
    return isinstance(dtype, nw.String | nw.Categorical | nw.Enum)


_ACCEPTS: Final[dict[Kind, Callable[[Any], bool]]] = {
    Kind.TEXT: _text,
    Kind.AWARE_TIMESTAMP: lambda dtype: isinstance(dtype, nw.Datetime),
    Kind.DATE: lambda dtype: isinstance(dtype, nw.Date),
    # A pandas integer column with gaps is float: whole values are checked per row.
    Kind.WHOLE_NUMBER: lambda dtype: bool(dtype.is_integer() or dtype.is_float()),
    Kind.NUMBER: lambda dtype: bool(dtype.is_numeric()),
    Kind.YES_NO: lambda dtype: isinstance(dtype, nw.Boolean),
    Kind.TEXT_LIST: lambda dtype: isinstance(dtype, nw.List) and _text(dtype.inner),
}


#: The natural narwhals type of each kind, given to a column the table lacks or that
#: holds only nulls.
_NATURAL: Final[dict[Kind, Any]] = {
    Kind.TEXT: nw.String(),
    Kind.AWARE_TIMESTAMP: nw.Datetime("us", "UTC"),
    Kind.DATE: nw.Date(),
    Kind.WHOLE_NUMBER: nw.Int64(),
    Kind.NUMBER: nw.Float64(),
    Kind.YES_NO: nw.Boolean(),
    Kind.TEXT_LIST: nw.List(nw.String()),
}


@attrs.frozen
class Column:
    """One column of a documented input table.

    Attributes:
        name: The column's name in iopcore's schema (``columns=`` maps other names).
        kind: What it holds.
        required: Whether the table must have it (an optional column may be absent;
            any column may hold nulls where the schema says missing is allowed).
        description: What it means, for the docs.
    """

    name: str
    kind: Kind
    required: bool = True
    description: str = ""


@attrs.frozen
class Schema:
    """The columns one kind of input table has.

    Attributes:
        table: The table's name in messages (``"sessions"``).
        columns: Its columns, in the order the docs list them.
        open: Whether other columns than ``columns`` are read too (an assessments
            table has one column per rating dimension a ruleset reads).
    """

    table: str
    columns: tuple[Column, ...]
    open: bool = False

    def column(self, name: str) -> Column:
        """The column called ``name``.

        Raises:
            UnknownCodeError: the schema has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise UnknownCodeError(
            "columns", name, allowed=", ".join(repr(column.name) for column in self.columns)
        )

    def required(self) -> str:
        """The names of the columns a table must have, in words."""
        return ", ".join(repr(column.name) for column in self.columns if column.required)


@attrs.frozen
class RowCheck:
    """One thing every row must satisfy, for :func:`refuse_rows`.

    Attributes:
        column: The column the error names.
        bad: An expression that is true on a bad row (null counts as not bad).
        allowed: What would have been accepted, in words.
        reason: What is wrong with a bad row.
        sensitive: Whether the column's values could identify a person (the error
            then shows only the value's type).
    """

    column: str
    bad: nw.Expr
    allowed: str
    reason: str | None = None
    sensitive: bool = False


@attrs.frozen
class InputTable:
    """An input table, read: a lazy frame to compute on and the way back.

    Attributes:
        schema: The schema it was read with.
        frame: The table as a narwhals lazy frame, with iopcore's column names and
            the row numbers in :data:`ROW`.
        source: The kind of frame that came in.
        eager: Whether it was an eager frame (the result is collected).
    """

    schema: Schema
    frame: nw.LazyFrame[Any]
    source: nw.Implementation
    eager: bool

    @property
    def numbered(self) -> bool:
        """Whether the rows have an order to number (a DuckDB relation's have not)."""
        return self.source is not nw.Implementation.DUCKDB

    def filled(self, defaults: Mapping[str, str] | None = None) -> InputTable:
        """The table with each optional column it lacks, added as nulls of its kind.

        ``defaults`` names a value for a column that has one when absent
        (``{"attendance": "attended"}``).
        """
        given = {} if defaults is None else defaults
        present = self.frame.collect_schema().names()
        added = [
            (nw.lit(given[column.name]) if column.name in given else _nulls(column)).alias(
                column.name
            )
            for column in self.schema.columns
            if not column.required and column.name not in present
        ]
        return attrs.evolve(self, frame=self.frame.with_columns(*added)) if added else self

    def back(self, result: nw.LazyFrame[Any]) -> Any:  # noqa: ANN401 - a native frame
        """``result`` as the kind of frame that came in: eager for eager, lazy for lazy."""
        if self.source is nw.Implementation.DUCKDB:
            return _to_duckdb(result.collect())
        if not self.eager:
            return result.to_native()
        return result.collect(backend=self.source).to_native()  # type: ignore[arg-type]


def _nulls(column: Column) -> nw.Expr:
    """A column of nulls of ``column``'s kind."""
    return nw.lit(None, dtype=column.kind.dtype)


def _to_duckdb(result: nw.DataFrame[Any]) -> Any:  # noqa: ANN401 - a DuckDB relation
    import duckdb  # noqa: PLC0415 - only for DuckDB input, where it is installed

    return duckdb.from_arrow(result.to_arrow())


def _as_narwhals(data: object, table: str) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    if isinstance(data, nw.DataFrame | nw.LazyFrame):
        return data
    try:
        return nw.from_native(data)
    except TypeError:
        allowed = "a data frame: polars, pandas, pyarrow, DuckDB, eager or lazy"
        raise InvalidTypeError(table, data, allowed=allowed) from None


#: The kinds of frame read, by narwhals' name for them.
_READ: Final = (
    nw.Implementation.POLARS,
    nw.Implementation.PANDAS,
    nw.Implementation.PYARROW,
    nw.Implementation.DUCKDB,
)


def _in_polars(frame: nw.DataFrame[Any] | nw.LazyFrame[Any], table: str) -> nw.LazyFrame[Any]:
    """The table as a polars lazy frame with its rows numbered (see the module notes)."""
    source = frame.implementation
    if source not in _READ:
        allowed = "a polars, pandas or pyarrow frame or a DuckDB relation"
        raise InvalidTypeError(table, frame.to_native(), allowed=allowed)
    if source is nw.Implementation.DUCKDB:
        frame = frame.lazy().collect(backend="polars")
    if isinstance(frame, nw.DataFrame):
        frame = frame.with_row_index(ROW)
        return frame.lazy(backend="polars")
    return frame.with_row_index(ROW, order_by=None)  # type: ignore[arg-type]


def _renamed(
    frame: nw.DataFrame[Any] | nw.LazyFrame[Any],
    schema: Schema,
    columns: object,
) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    if columns is None:
        return frame
    if not isinstance(columns, Mapping):
        allowed = "a mapping of iopcore column names to the table's column names"
        raise InvalidTypeError("columns", columns, allowed=allowed)
    present = frame.collect_schema().names()
    collector = ErrorCollector("columns")
    renames: dict[str, str] = {}
    for ours, theirs in columns.items():
        with collector.catch():
            if not schema.open:
                schema.column(ours)
            elif not isinstance(ours, str):
                raise InvalidTypeError("columns", ours, allowed="a column name (text)")
            if theirs not in present:
                raise UnknownCodeError(
                    f"columns[{ours!r}]", theirs, allowed=", ".join(map(repr, present))
                )
            renames[theirs] = ours
    collector.raise_if_any()
    clashes = sorted(set(renames.values()) & (set(present) - set(renames)))
    if clashes:
        raise InvalidValueError(
            "columns",
            dict(columns),
            allowed="names the table does not already use",
            reason=f"renames a column to {clashes[0]!r}, which the table already has",
        )
    return frame.rename(renames)


def _check_columns(frame: nw.LazyFrame[Any], schema: Schema) -> nw.LazyFrame[Any]:
    """``frame`` with its columns checked, and a column of only nulls given its type.

    A column that holds nothing but nulls has no type of its own to check (polars
    calls it ``Null``; pandas gives ``object``, read as text, or ``float`` when every
    value is ``NaN``): it is read as a column of missing values of its kind. pandas
    has no date type: a date column of naive timestamps, every one at midnight, is
    read as dates.
    """
    dtypes = frame.collect_schema()
    collector = ErrorCollector(schema.table)
    mistyped: list[Column] = []
    for column in schema.columns:
        with collector.catch():
            if column.name not in dtypes:
                if column.required:
                    raise InvalidValueError(
                        schema.table,
                        tuple(name for name in dtypes.names() if name != ROW),
                        allowed=f"a table with the columns {schema.required()}",
                        reason=f"has no column {column.name!r}",
                    )
                continue
            if not _naive_or_accepted(schema.table, column, dtypes[column.name]):
                mistyped.append(column)
    collector.raise_if_any()
    if not mistyped:
        return frame
    readable = frame.select(*(_readable(column, dtypes[column.name]) for column in mistyped))
    for column, ok in zip(mistyped, readable.collect().row(0), strict=True):
        with collector.catch():
            if not ok:
                field = f"{schema.table}.{column.name}"
                dtype = str(dtypes[column.name])
                raise InvalidTypeError(field, dtype, allowed=f"a column of {column.kind.value}")
    collector.raise_if_any()
    return frame.with_columns(*(_read_as_kind(column, dtypes[column.name]) for column in mistyped))


def _midnights(column: Column, dtype: Any) -> bool:  # noqa: ANN401 - a narwhals data type
    """Whether ``column`` is a date column given as naive timestamps (pandas' dates)."""
    return column.kind is Kind.DATE and isinstance(dtype, nw.Datetime) and dtype.time_zone is None


def _readable(column: Column, dtype: Any) -> nw.Expr:  # noqa: ANN401 - a narwhals data type
    """Whether a column of another type than its kind's can still be read as its kind."""
    values = nw.col(column.name)
    if _midnights(column, dtype):
        return (values.is_null() | (values == values.dt.truncate("1d"))).all()
    return values.is_null().all()


def _read_as_kind(column: Column, dtype: Any) -> nw.Expr:  # noqa: ANN401 - a narwhals data type
    if _midnights(column, dtype):
        return nw.col(column.name).dt.date()
    return _nulls(column).alias(column.name)


def _naive_or_accepted(table: str, column: Column, dtype: Any) -> bool:  # noqa: ANN401
    """Whether ``dtype`` holds ``column``'s kind; raises for a timestamp with no zone."""
    if column.kind is Kind.AWARE_TIMESTAMP and isinstance(dtype, nw.Datetime):
        if dtype.time_zone is None:
            raise NaiveDateTimeError(
                f"{table}.{column.name}",
                str(dtype),
                allowed="a timestamp column with a time zone (in polars "
                "dt.replace_time_zone, in pandas tz_localize)",
                reason="has no time zone",
            )
        return True
    return column.kind.accepts(dtype)


def read_table(data: object, schema: Schema, *, columns: object = None) -> InputTable:
    """Read ``data`` as a ``schema`` table: renamed, its columns checked, rows numbered.

    Args:
        data: A polars, pandas or pyarrow frame, eager or lazy, or a DuckDB relation.
        schema: What the table must hold.
        columns: ``None``, or a mapping of iopcore's column names to the table's own
            (``{"participant_id": "mrn_key"}``).

    Raises:
        InvalidTypeError: ``data`` is not a data frame, or a column has the wrong type.
        InvalidValueError: a required column is missing.
        NaiveDateTimeError: a timestamp column has no time zone.
        UnknownCodeError: ``columns`` names a column the schema or table lacks.
    """
    frame = _as_narwhals(data, schema.table)
    source = frame.implementation
    eager = isinstance(frame, nw.DataFrame)
    lazy = _in_polars(_renamed(frame, schema, columns), schema.table)
    lazy = _check_columns(lazy, schema)
    return InputTable(schema=schema, frame=lazy, source=source, eager=eager)


@attrs.frozen
class RowChecks:
    """Row checks with the query that counts their bad rows, translated once.

    A query built once per schema (as :func:`~iopcore.frames.score` builds its own)
    keeps one, so that :func:`refuse_rows` does not translate the counts again.

    Attributes:
        checks: The checks, in the order their errors are raised.
        counts: One aggregate per check, counting its bad rows.
    """

    checks: tuple[RowCheck, ...]
    counts: Translated

    @classmethod
    def of(cls, checks: Sequence[RowCheck]) -> RowChecks:
        """``checks`` and their counting query."""
        counts = [
            check.bad.fill_null(value=False).sum().alias(str(i)) for i, check in enumerate(checks)
        ]
        return cls(tuple(checks), Translated.of(counts))


def refuse_rows(table: InputTable, checks: Sequence[RowCheck] | RowChecks) -> None:
    """Raise for the rows of ``table`` that fail any of ``checks``; nothing is dropped.

    All checks are counted in one pass (a :class:`RowChecks` brings its counting
    query; plain checks get one here); only when a check fails are its first rows
    read. One failed check raises its :class:`~iopcore.exceptions.InvalidRowsError`,
    several raise them together as an :class:`~iopcore.exceptions.IopcoreErrorGroup`.
    """
    counting = checks if isinstance(checks, RowChecks) else RowChecks.of(checks)
    checks = counting.checks
    if not checks:
        return
    frame = table.frame
    counted = counting.counts.select(frame).collect().row(0)
    collector = ErrorCollector(table.schema.table)
    for check, count in zip(checks, counted, strict=True):
        if not count:
            continue
        first = (
            frame.filter(check.bad.fill_null(value=False))
            .select(ROW, check.column)
            .head(_ROWS_SHOWN)
            .collect()
            .rows()
        )
        with collector.catch():
            raise InvalidRowsError(
                f"{table.schema.table}.{check.column}",
                first[0][1],
                allowed=check.allowed,
                rows=[int(row) for row, _ in first] if table.numbered else (),
                count=int(count),
                reason=check.reason,
                sensitive=check.sensitive,
            )
    collector.raise_if_any()
