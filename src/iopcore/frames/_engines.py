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
call, as on one machine, and names rows by those numbers.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidRowsError, IopcoreError, IopcoreErrorGroup

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from types import ModuleType

__all__ = ["AT", "Passed", "engine_for", "errors_of", "raise_merged"]

#: A keyword argument an engine passes on to the job unchanged (the job checks it).
Passed: TypeAlias = Any

#: The column of global row numbers an engine adds before a job's check pass.
AT: Final = "__iopcore_at"

#: How many row numbers a merged error names (as on one machine).
_ROWS_SHOWN: Final = 5

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


def raise_merged(what: str, found: Iterable[bytes]) -> None:
    """Raise the errors the batches found (pickled by :func:`errors_of`), merged.

    The bad rows of one column, found in many batches, become one
    :class:`~iopcore.exceptions.InvalidRowsError` naming the first rows overall and
    the count of all; other errors are raised once each. Nothing when none.
    """
    merged: dict[tuple[object, ...], list[InvalidRowsError]] = {}
    others: dict[str, IopcoreError] = {}
    for data in found:
        error = pickle.loads(data)  # noqa: S301 - pickled by iopcore's own workers
        if isinstance(error, InvalidRowsError):
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
