"""Frames of a cluster engine (Spark, Dask): which one, and what its workers run.

:func:`engine_for` is the hook at the top of each public job: it gives the module
that runs the job on the engine of ``data`` (:mod:`iopcore.frames._spark` or
:mod:`iopcore.frames._dask`), found by the module name of ``data``'s type, so that
neither engine is imported unless one of its frames is passed. The engine modules
run the polars implementation, unchanged, on each batch or group of rows on the
workers; the rest of this module is what they share: the worker's call, and how
the bad rows its batches report become one error with global row numbers.

Row numbers on a distributed frame: the engine first numbers the rows (a cheap
count per partition: a row's number is its position in the frame as its
partitions give their rows in order, as ``collect()`` or ``compute()`` list them),
then runs the job once on the workers to find bad rows before it returns the lazy
result, so that an :class:`~iopcore.exceptions.InvalidRowsError` is raised by the
call, as on one machine, and names rows by those numbers. A job that checks in
stages on one machine (``cohort_tables`` reads its tables in turn, then rebuilds the
rows' values) has each batch report its first bad stage, and the earliest is raised
(:func:`raise_earliest`).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidRowsError, IopcoreError, IopcoreErrorGroup

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from types import ModuleType

__all__ = [
    "AT",
    "COHORT_TABLES",
    "Passed",
    "engine_for",
    "errors_of",
    "participant_key",
    "raise_earliest",
    "raise_merged",
]

#: A keyword argument an engine passes on to the job unchanged (the job checks it).
Passed: TypeAlias = Any

#: The column of global row numbers an engine adds before a job's check pass.
AT: Final = "__iopcore_at"

#: How many row numbers a merged error names (as on one machine).
_ROWS_SHOWN: Final = 5

#: The tables of ``cohort_tables`` by argument name, and the name that ``columns=`` and
#: the errors give each (the first part of an error's field: ``episode_events.reason``).
COHORT_TABLES: Final = {
    "participants": "participants",
    "episodes": "episodes",
    "events": "episode_events",
    "assessments": "assessments",
    "sessions": "sessions",
}

#: The engines, by the top-level package of a frame's type, and their modules.
_ENGINES: Final = {"pyspark": "_spark", "dask": "_dask"}


def engine_for(data: object) -> ModuleType | None:
    """The module that runs a job on ``data``'s engine; ``None`` for any other frame.

    Looks at the type's module name only: nothing is imported for a polars,
    pandas, pyarrow or DuckDB frame.
    """
    kind = type(data)
    engine = _ENGINES.get(kind.__module__.partition(".")[0])
    if engine is None or kind.__name__ != "DataFrame":
        return None
    import importlib  # noqa: PLC0415 - only for a frame of an engine

    return importlib.import_module(f"iopcore.frames.{engine}")


def participant_key(columns: object, table: str) -> str:
    """The column of participant ids in ``table`` (a name of ``cohort_tables``' ``columns=``).

    ``columns`` was checked by the job's run on empty tables before this is asked.
    """
    names = columns.get(table) if isinstance(columns, Mapping) else None
    key = names.get("participant_id") if isinstance(names, Mapping) else None
    return key if isinstance(key, str) else "participant_id"


def _leaves(error: IopcoreError) -> list[IopcoreError]:
    if isinstance(error, IopcoreErrorGroup):
        return [
            leaf for member in error.exceptions for leaf in _leaves(cast("IopcoreError", member))
        ]
    return [error]


def _renumbered(error: IopcoreError, at: Mapping[str, Sequence[int]]) -> IopcoreError:
    """``error`` with its rows (positions in one batch) as their global row numbers.

    ``at`` gives the global numbers of each table's rows by the table's name (the
    first part of the error's field), or under ``""`` for every table.
    """
    if not isinstance(error, InvalidRowsError):
        return error
    numbers = at.get(error.field.partition(".")[0], at.get("", ()))
    return InvalidRowsError(
        error.field,
        error.value,
        allowed=error.allowed,
        rows=[int(numbers[row]) for row in error.rows],
        count=error.count,
        reason=error.reason,
        sensitive=error.sensitive,
    )


def errors_of(
    job: Callable[[Any], object],
    table: Any,  # noqa: ANN401 - a polars frame
    at: Mapping[str, Sequence[int]],
) -> list[bytes]:
    """Run ``job`` on one batch ``table``; the errors it raises, pickled, renumbered by ``at``.

    An empty list when the batch is clean. Runs on a worker.
    """
    try:
        job(table)
    except IopcoreError as error:
        return [pickle.dumps(_renumbered(leaf, at)) for leaf in _leaves(error)]
    return []


def raise_merged(what: str, found: Iterable[bytes], *, by_column: bool = False) -> None:
    """Raise the errors the batches found (pickled by :func:`errors_of`), merged.

    The bad rows of one check of a column, found in many batches, become one
    :class:`~iopcore.exceptions.InvalidRowsError` naming the first rows overall and
    the count of all (``by_column``: those of one column, in the words of its first
    bad row, as the cohort tables' rows are told apart); other errors are raised once
    each. Nothing when none.
    """
    merged: dict[tuple[object, ...], list[InvalidRowsError]] = {}
    others: dict[str, IopcoreError] = {}
    for data in found:
        error = pickle.loads(data)  # noqa: S301 - pickled by iopcore's own workers
        if isinstance(error, InvalidRowsError):
            key: tuple[object, ...] = (error.field,)
            if not by_column:
                key = (type(error), error.field, error.allowed, error.reason, error.sensitive)
            merged.setdefault(key, []).append(error)
        else:
            others.setdefault(str(error), error)
    collector = ErrorCollector(what)
    for errors in merged.values():
        first = min(errors, key=lambda error: error.rows or (0,))
        rows = sorted(row for error in errors for row in error.rows)[:_ROWS_SHOWN]
        with collector.catch():
            raise InvalidRowsError(
                first.field,
                first.value,
                allowed=first.allowed,
                rows=rows,
                count=sum(error.count for error in errors),
                reason=first.reason,
                sensitive=first.sensitive,
            )
    for error in others.values():
        with collector.catch():
            raise error
    collector.raise_if_any()


def raise_earliest(
    what: str, found: Iterable[tuple[int, bytes]], *, by_column_from: int | None = None
) -> None:
    """:func:`raise_merged` of the errors of the earliest stage found; nothing when none.

    For a job that checks in stages and raises at the first that finds bad rows (as
    ``cohort_tables`` reads its tables in turn): each batch gives the errors of its
    own first bad stage, with the stage's number. The errors of a stage from
    ``by_column_from`` on are merged by column.
    """
    staged = list(found)
    if staged:
        first = min(stage for stage, _ in staged)
        by_column = by_column_from is not None and first >= by_column_from
        raise_merged(what, (data for stage, data in staged if stage == first), by_column=by_column)
