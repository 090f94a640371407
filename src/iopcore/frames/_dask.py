"""The jobs of :mod:`iopcore.frames` on a ``dask.dataframe.DataFrame``, partition by partition.

Each job runs the implementation for one machine, unchanged, on each partition
(``map_partitions``; a partition is a pandas frame, read as :mod:`iopcore.frames`
reads any pandas frame): the row-wise jobs (:func:`score`,
:func:`recommend_levels`) on the partitions as they are, :func:`weekly_compliance`
on a frame shuffled so that all of a participant's sessions (and their episode
row) are in one partition, :func:`cohort_tables` on the five tables shuffled alike
(one task per partition number, its three results read by ``from_delayed``).
``meta`` comes from the job run on the empty partition (``DataFrame._meta``).
Before the lazy result is given back, the rows are numbered and the job is run
once to find bad rows (see
:mod:`iopcore.frames._engines`), so the call raises iopcore's own errors. Rulesets,
requirements and calendars travel to the workers by value, pickled with the job.
"""

from __future__ import annotations

import functools
import importlib
import zlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

from iopcore.frames import _placement, _score, _weeks
from iopcore.frames._cohort import VALUES_STAGE, CohortTables, staged_errors, tables_of
from iopcore.frames._engines import (
    AT,
    COHORT_TABLES,
    Passed,
    errors_of,
    participant_key,
    raise_earliest,
    raise_merged,
)

if TYPE_CHECKING:
    from iopcore.cohort._evaluate import Settings
    from iopcore.intensity import IntensityRequirement

#: A frame of the engine (its own types are not checked here: pyspark and dask are
#: optional and only partly typed).
DaskFrame: TypeAlias = Any

__all__ = ["cohort_tables", "recommend_levels", "score", "weekly_compliance"]

#: The column a participant's partition number is shuffled on (sessions, episodes).
_PART: Final = "__iopcore_part"

#: A partition: a pandas frame (pandas has no type hints iopcore checks against).
Partition: TypeAlias = Any
Job = Callable[..., Partition]


def _tagged(
    part: Partition, offsets: list[int], partition_info: dict[str, Any] | None = None
) -> Partition:
    start = offsets[partition_info["number"]] if partition_info else 0
    return part.assign(**{AT: range(start, start + len(part))})


def _numbered(frame: DaskFrame) -> DaskFrame:
    """``frame`` with its rows numbered 0, 1, ... in :data:`AT`, partition by partition."""
    lengths = frame.map_partitions(len).compute().tolist()
    offsets = [sum(lengths[:number]) for number in range(len(lengths))]
    meta = _tagged(frame._meta, [0])  # noqa: SLF001 - dask's documented empty partition
    return frame.map_partitions(_tagged, offsets, meta=meta)


def _split(part: Partition) -> tuple[Partition, list[int]]:
    return part.drop(columns=[AT, _PART], errors="ignore"), part[AT].tolist()


def _run(job: Job, part: Partition, episodes: Partition | None = None) -> Partition:
    table, _ = _split(part)
    if episodes is None:
        return job(table).reset_index(drop=True)
    return job(table, episodes=_split(episodes)[0]).reset_index(drop=True)


def _errors(job: Job, part: Partition, episodes: Partition | None = None) -> list[bytes]:
    table, at = _split(part)
    if episodes is None:
        return errors_of(job, table, {"": at})
    stays, stay_at = _split(episodes)
    numbers = {"sessions": at, "episodes": stay_at}
    return errors_of(functools.partial(job, episodes=stays), table, numbers)


def _checked(what: str, job: Job, frame: DaskFrame, episodes: DaskFrame | None = None) -> None:
    dask: Any = importlib.import_module("dask")  # only with a Dask frame (partly typed)

    parts = frame.to_delayed()
    stays = [None] * len(parts) if episodes is None else episodes.to_delayed()
    found = dask.compute(
        *(dask.delayed(_errors)(job, *pair) for pair in zip(parts, stays, strict=True))
    )
    raise_merged(what, (error for errors in found for error in errors))


def _row_wise(frame: DaskFrame, job: Job, what: str) -> DaskFrame:
    meta = job(frame._meta)  # noqa: SLF001 - table-level errors (columns, dtypes) raise here
    numbered = _numbered(frame)
    _checked(what, job, numbered)
    return numbered.map_partitions(functools.partial(_run, job), meta=meta)


def score(
    items: DaskFrame, instrument: str, *, columns: object = None, options: object = None
) -> DaskFrame:
    """:func:`iopcore.frames.score` on a Dask frame, partition by partition."""
    job = functools.partial(_score.score, instrument=instrument, columns=columns, options=options)
    return _row_wise(items, job, f"{instrument} items")


def recommend_levels(assessments: DaskFrame, **options: Passed) -> DaskFrame:
    """:func:`iopcore.frames.recommend_levels` on a Dask frame, partition by partition."""
    return _row_wise(
        assessments, functools.partial(_placement.recommend_levels, **options), "assessments"
    )


def _participant_part(part: Partition, key: str, parts: int) -> Partition:
    """Each row's partition, from its participant id (the same in sessions and episodes)."""
    number = [zlib.crc32(str(who).encode()) % parts for who in part[key]]
    return part.assign(**{_PART: number})


def _by_participant(frame: DaskFrame, key: str, parts: int, method: str | None = None) -> DaskFrame:
    """``frame`` shuffled so that a participant's rows are in partition ``_PART`` maps to.

    Frames shuffled alike (the same ``parts`` and ``method``) put a participant's rows
    in the same partition number.
    """
    meta = _participant_part(frame._meta, key, parts)  # noqa: SLF001
    tagged = frame.map_partitions(_participant_part, key, parts, meta=meta)
    return tagged.shuffle(on=_PART, npartitions=parts, shuffle_method=method)


def _dask_frame(like: DaskFrame, data: object) -> DaskFrame:
    """``data`` (a Dask frame, or any frame iopcore reads) as a Dask frame."""
    if type(data).__module__.startswith("dask.") and type(data).__name__ == "DataFrame":
        return data
    dd: Any = importlib.import_module("dask.dataframe")
    import narwhals as nw  # noqa: PLC0415

    table = nw.from_native(cast("Any", data))
    eager = table.lazy().collect() if isinstance(table, nw.LazyFrame) else table
    pd: Any = importlib.import_module("pandas")  # dask depends on it
    arrow_backed = eager.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)  # dates stay dates
    return dd.from_pandas(arrow_backed, npartitions=like.npartitions)


def weekly_compliance(
    sessions: DaskFrame, requirement: IntensityRequirement, **options: Passed
) -> DaskFrame:
    """:func:`iopcore.frames.weekly_compliance` on a Dask frame, participant by participant."""
    episodes = options.pop("episodes", None)
    columns = options.get("columns")
    key = (
        columns.get("participant_id", "participant_id")
        if isinstance(columns, Mapping)
        else "participant_id"
    )
    job: Job = functools.partial(_weeks.weekly_compliance, requirement=requirement, **options)
    parts = sessions.npartitions
    if episodes is None:
        meta = job(sessions._meta)  # noqa: SLF001 - table-level errors raise here
        grouped = _by_participant(_numbered(sessions), key, parts)
        _checked("sessions", job, grouped)
        return grouped.map_partitions(functools.partial(_run, job), meta=meta)
    stays = _dask_frame(sessions, episodes)
    meta = job(sessions._meta, episodes=stays._meta)  # noqa: SLF001
    grouped = _by_participant(_numbered(sessions), key, parts)
    stays = _by_participant(_numbered(stays), "participant_id", parts)
    _checked("sessions and episodes", job, grouped, stays)
    return grouped.map_partitions(
        functools.partial(_run, job), stays, meta=meta, align_dataframes=False
    )


def _shares(
    names: tuple[str, ...], parts: tuple[Partition, ...]
) -> tuple[dict[str, Partition | None], dict[str, list[int]]]:
    """One partition's share of each table, in input order, and its row numbers by table."""
    given: dict[str, Partition | None] = dict.fromkeys(COHORT_TABLES)
    at: dict[str, list[int]] = {}
    for name, part in zip(names, parts, strict=True):
        # A shuffle keeps no order: the input's order is put back (the later of two
        # assessments on one day is the latest, as on one machine).
        given[name], at[COHORT_TABLES[name]] = _split(
            part.sort_values(AT, kind="stable").reset_index(drop=True)
        )
    return given, at


def _cohort_errors(
    names: tuple[str, ...], settings: Settings, columns: object, *parts: Partition
) -> list[tuple[int, bytes]]:
    given, at = _shares(names, parts)
    stage, found = staged_errors(given, settings=settings, columns=columns, at=at)
    return [(stage, error) for error in found]


def _cohort_part(
    names: tuple[str, ...], settings: Settings, columns: object, *parts: Partition
) -> CohortTables:
    given, _ = _shares(names, parts)
    return tables_of(given, settings=settings, columns=columns)


def cohort_tables(
    given: Mapping[str, object], *, settings: Settings, columns: object
) -> CohortTables:
    """:func:`iopcore.frames.cohort_tables` on Dask frames, participant by participant.

    ``given`` holds the five tables by argument name (``None`` when not given; a
    table of another kind is made a Dask frame). Each table is shuffled on its
    participants into as many partitions as ``participants`` has, so that partition
    ``i`` of every table holds the rows of the same participants; each set of
    partitions then runs the implementation for one machine, once, and the three
    results are Dask frames of its three tables (``dd.from_delayed``): computed
    together (``dask.compute(*tables)``), they share that one run.
    """
    dask: Any = importlib.import_module("dask")  # only with a Dask frame (partly typed)
    dd: Any = importlib.import_module("dask.dataframe")

    people: DaskFrame = given["participants"]
    tables = {name: _dask_frame(people, data) for name, data in given.items() if data is not None}
    empty = {name: frame._meta for name, frame in tables.items()}  # noqa: SLF001
    # Table-level errors (columns, dtypes, options) raise here, before any job.
    meta = tables_of({**given, **empty}, settings=settings, columns=columns)
    parts = people.npartitions
    grouped = [
        # The task-based shuffle: distributed's P2P shuffle fails on Arrow list columns
        # (conditions, phq9_flags) in distributed 2026.11.
        _by_participant(
            _numbered(frame), participant_key(columns, COHORT_TABLES[name]), parts, "tasks"
        ).to_delayed()
        for name, frame in tables.items()
    ]
    names = tuple(tables)
    shares = list(zip(*grouped, strict=True))
    found = dask.compute(
        *(dask.delayed(_cohort_errors)(names, settings, columns, *share) for share in shares)
    )
    staged = (error for errors in found for error in errors)
    raise_earliest("cohort tables", staged, by_column_from=VALUES_STAGE)
    results = [
        dask.delayed(_cohort_part, nout=len(CohortTables._fields))(names, settings, columns, *share)
        for share in shares
    ]
    return CohortTables(
        *(
            dd.from_delayed([result[kind] for result in results], meta=meta[kind])
            for kind in range(len(CohortTables._fields))
        )
    )
