"""The jobs of :mod:`iopcore.frames` on a PySpark DataFrame, computed on the executors.

Each job runs the polars implementation, unchanged, on the executors: the row-wise
jobs (:func:`score`, :func:`recommend_levels`) on each Arrow batch
(``DataFrame.mapInArrow``), :func:`weekly_compliance` on all of one participant's
sessions together, :func:`cohort_tables` on all of one participant's rows of the
five tables (stacked into one table, as ``cogroup`` takes two frames only).

Per-participant jobs group participants, not single participants: each row is
given a group number from a hash of its participant id (:func:`_in_groups`; as many
groups as the session's ``spark.sql.shuffle.partitions``), and the job runs once
per group (``groupBy(group).applyInArrow``; with an ``episodes`` table
``groupBy(...).cogroup(...).applyInArrow``, so a participant's episode row travels
with their sessions). The implementation for one machine takes any number of
participants, and one call per participant would pay its fixed cost (some
milliseconds) for every participant. narwhals' own Spark support is
not used: narwhals 2.29 refuses ``dt.convert_time_zone`` on Spark (Spark keeps the
time zone in the session), which program days need.

The output schema is declared from the polars implementation run on an empty
table of the input's schema, converted from Arrow by pyspark's own converter: dates
are ``DateType``, timestamps ``TimestampType`` (shown in the session time zone),
lists arrays and the ``services`` of a week a struct. Before the lazy result is
given back, the rows are numbered and the job is run once to find bad rows (see
:mod:`iopcore.frames._engines`), so the call raises iopcore's own errors. Rulesets,
requirements and calendars travel to the executors by value, pickled with the job.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import polars as pl
import pyarrow as pa

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
SparkFrame: TypeAlias = Any

__all__ = ["cohort_tables", "recommend_levels", "score", "weekly_compliance"]

#: The one column of a check pass: a pickled error per row.
_ERRORS: Final = pa.schema([("error", pa.binary())])
_ERRORS_DDL: Final = "error binary"
#: The check pass of a job that checks in stages: an error and its stage per row.
_STAGED: Final = pa.schema([("stage", pa.int32()), ("error", pa.binary())])
_STAGED_DDL: Final = "stage int, error binary"
#: Bits of ``monotonically_increasing_id`` below the partition number.
_ROW_BITS: Final = 33
#: The column of a row's group of participants (see :func:`_in_groups`).
_GROUP: Final = "__iopcore_group"
#: How many groups of participants when the session's shuffle partitions are not a
#: number (Databricks' ``auto``): Spark's own default number of shuffle partitions.
_GROUPS_UNSET: Final = 200


def _numbered(frame: SparkFrame) -> SparkFrame:
    """``frame`` with its rows numbered 0, 1, ... in :data:`AT`, partition by partition."""
    from pyspark.sql import functions as sf  # noqa: PLC0415 - only with a Spark frame

    part = sf.spark_partition_id()
    counts = sorted(
        tuple(row) for row in frame.select(part.alias("p")).groupBy("p").count().collect()
    )
    pairs: list[Any] = []
    total = 0
    for number, count in counts:
        pairs += [sf.lit(number), sf.lit(total)]
        total += count
    offset = sf.create_map(*pairs)[part] if pairs else sf.lit(0)
    local = sf.monotonically_increasing_id() - sf.shiftleft(part.cast("long"), _ROW_BITS)
    return frame.withColumn(AT, (offset + local).cast("long"))


def _groups(frame: SparkFrame) -> int:
    """How many groups of participants a per-participant job on ``frame`` runs in."""
    value = str(frame.sparkSession.conf.get("spark.sql.shuffle.partitions", ""))
    return int(value) if value.isdigit() and int(value) > 0 else _GROUPS_UNSET


def _in_groups(frame: SparkFrame, key: str, groups: int) -> SparkFrame:
    """``frame`` grouped by a hash of its participant ids ``key`` into ``groups`` groups.

    All rows of one participant, in every frame grouped alike, are in one group (the
    hash is of the id as a string, so ids typed alike in two frames agree).
    """
    from pyspark.sql import functions as sf  # noqa: PLC0415 - only with a Spark frame

    number = sf.pmod(sf.xxhash64(frame[key].cast("string")), sf.lit(groups))
    return frame.withColumn(_GROUP, number).groupBy(_GROUP)


def _polars(data: pa.RecordBatch | pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(data)
    assert isinstance(frame, pl.DataFrame)  # noqa: S101 - a table gives a frame
    return frame


def _rows(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[int]]:
    return frame.drop(AT, _GROUP, strict=False), frame[AT].to_list()


def _mapped(
    job: Callable[[pl.DataFrame], pl.DataFrame],
    target: pa.Schema,
    batches: Iterator[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        table, _ = _rows(_polars(batch))
        yield from job(table).to_arrow().cast(target).to_batches()


def _mapped_errors(
    job: Callable[[pl.DataFrame], object], batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        table, at = _rows(_polars(batch))
        found = errors_of(job, table, {"": at})
        if found:
            yield pa.RecordBatch.from_pydict({"error": found}, schema=_ERRORS)


def _schema(
    frame: SparkFrame, job: Callable[[pl.DataFrame], pl.DataFrame]
) -> tuple[Any, pa.Schema]:
    """The Spark schema of ``job``'s result, from the job on an empty table like ``frame``.

    And the Arrow schema the executors give their batches (Spark's own: no large
    strings or lists, timestamps in UTC).
    """
    empty = _polars(frame.limit(0).toArrow())
    return _declared(job(empty).to_arrow().schema)


def _declared(result: pa.Schema) -> tuple[Any, pa.Schema]:
    """The Spark schema of a result of Arrow schema ``result``, and the Arrow schema it takes."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema  # noqa: PLC0415

    schema = from_arrow_schema(result)
    return schema, to_arrow_schema(schema, timezone="UTC")


def _row_wise(
    frame: SparkFrame, job: Callable[[pl.DataFrame], pl.DataFrame], what: str
) -> SparkFrame:
    schema, target = _schema(frame, job)  # table-level errors (columns, dtypes) raise here
    numbered = _numbered(frame)
    found = numbered.mapInArrow(functools.partial(_mapped_errors, job), _ERRORS_DDL).collect()
    raise_merged(what, (row.error for row in found))
    return numbered.mapInArrow(functools.partial(_mapped, job, target), schema)


def score(
    items: SparkFrame, instrument: str, *, columns: object = None, options: object = None
) -> SparkFrame:
    """:func:`iopcore.frames.score` on a Spark frame, batch by batch on the executors."""
    job = functools.partial(_score.score, instrument=instrument, columns=columns, options=options)
    return _row_wise(items, job, f"{instrument} items")


def recommend_levels(assessments: SparkFrame, **options: Passed) -> SparkFrame:
    """:func:`iopcore.frames.recommend_levels` on a Spark frame, batch by batch."""
    job = functools.partial(_placement.recommend_levels, **options)
    return _row_wise(assessments, job, "assessments")


WeeksJob = Callable[..., pl.DataFrame]


def _on_groups(job: WeeksJob, target: pa.Schema) -> Callable[[pa.Table], pa.Table]:
    """What each group runs: ``job`` on its participants' sessions (pyspark reads the hints)."""

    def run(sessions: pa.Table) -> pa.Table:
        table, at = _rows(_polars(sessions))
        if target is _ERRORS:
            found = errors_of(job, table, {"sessions": at})
            return pa.Table.from_pydict({"error": found}, schema=_ERRORS)
        return job(table).to_arrow().cast(target)

    return run


def _on_cogroups(job: WeeksJob, target: pa.Schema) -> Callable[[pa.Table, pa.Table], pa.Table]:
    """What each cogroup runs: ``job`` on its participants' sessions and episode rows."""

    def run(sessions: pa.Table, episodes: pa.Table) -> pa.Table:
        table, at = _rows(_polars(sessions))
        stays, stay_at = _rows(_polars(episodes))
        if target is _ERRORS:
            numbers = {"sessions": at, "episodes": stay_at}
            found = errors_of(functools.partial(job, episodes=stays), table, numbers)
            return pa.Table.from_pydict({"error": found}, schema=_ERRORS)
        return job(table, episodes=stays).to_arrow().cast(target)

    return run


def _spark_frame(like: SparkFrame, data: object) -> SparkFrame:
    """``data`` (a Spark frame, or any frame iopcore reads) as a Spark frame."""
    if type(data).__module__.startswith("pyspark.") and type(data).__name__ == "DataFrame":
        return data
    import narwhals as nw  # noqa: PLC0415

    table = nw.from_native(cast("Any", data))
    eager = table.lazy().collect() if isinstance(table, nw.LazyFrame) else table
    return like.sparkSession.createDataFrame(eager.to_arrow())


def weekly_compliance(
    sessions: SparkFrame, requirement: IntensityRequirement, **options: Passed
) -> SparkFrame:
    """:func:`iopcore.frames.weekly_compliance` on a Spark frame, in groups of participants."""
    episodes = options.pop("episodes", None)
    columns = options.get("columns")
    key = (
        columns.get("participant_id", "participant_id")
        if isinstance(columns, Mapping)
        else "participant_id"
    )
    job: WeeksJob = functools.partial(_weeks.weekly_compliance, requirement=requirement, **options)
    stays = None if episodes is None else _spark_frame(sessions, episodes)
    # Table-level errors (columns, dtypes, options) raise here, before any job.
    if stays is None:
        schema, target = _schema(sessions, job)
    else:
        empty = _polars(stays.limit(0).toArrow())
        schema, target = _schema(sessions, functools.partial(job, episodes=empty))
    groups = _groups(sessions)
    numbered = _in_groups(_numbered(sessions), key, groups)
    if stays is None:
        found = numbered.applyInArrow(_on_groups(job, _ERRORS), _ERRORS_DDL).collect()
        raise_merged("sessions", (row.error for row in found))
        return numbered.applyInArrow(_on_groups(job, target), schema)
    both = numbered.cogroup(_in_groups(_numbered(stays), "participant_id", groups))
    found = both.applyInArrow(_on_cogroups(job, _ERRORS), _ERRORS_DDL).collect()
    raise_merged("sessions and episodes", (row.error for row in found))
    return both.applyInArrow(_on_cogroups(job, target), schema)


#: The columns of the one table the cohort's tables are brought together in: the
#: participant a row is of, and the name of the table (or the result table) it is from.
_WHO: Final = "__iopcore_participant"
_FROM: Final = "__iopcore_table"


def _empty(frame: SparkFrame) -> pl.DataFrame:
    """An empty polars table of ``frame``'s schema (from the schema alone: no Spark job)."""
    from pyspark.sql.pandas.types import to_arrow_schema  # noqa: PLC0415

    return _polars(to_arrow_schema(frame.schema, timezone="UTC").empty_table())


def _together(tables: Mapping[str, SparkFrame], columns: object) -> SparkFrame:
    """The cohort's tables as one: a row per input row, its table's columns in a struct.

    Each table's rows are numbered (:data:`AT`) and packed into a struct column named
    after the table, beside the row's participant id and table name, and the tables
    are stacked (``unionByName``, the other tables' structs null), so that one
    ``groupBy`` brings all of a participant's rows together, whatever their schemas.
    """
    from pyspark.sql import functions as sf  # noqa: PLC0415 - only with a Spark frame

    stacked = []
    for name, frame in tables.items():
        numbered = _numbered(frame)
        key = participant_key(columns, COHORT_TABLES[name])
        stacked.append(
            numbered.select(
                numbered[key].cast("string").alias(_WHO),
                sf.lit(name).alias(_FROM),
                sf.struct(*(numbered[column] for column in numbered.columns)).alias(name),
            )
        )
    return functools.reduce(
        lambda above, below: above.unionByName(below, allowMissingColumns=True), stacked
    )


def _shares(rows: pa.Table, names: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """One participant's rows of each table, in input order, and their row numbers by table."""
    frame = _polars(rows)
    given: dict[str, Any] = dict.fromkeys(COHORT_TABLES)
    at: dict[str, list[int]] = {}
    for name in names:
        # A shuffle keeps no order: the input's order is put back (the later of two
        # assessments on one day is the latest, as on one machine).
        share = frame.filter(pl.col(_FROM) == name).select(pl.col(name).struct.unnest()).sort(AT)
        given[name], at[COHORT_TABLES[name]] = _rows(share)
    return given, at


def _stacked_result(tables: CohortTables) -> pl.DataFrame:
    """The three result tables as one: a struct column each, and the table's name."""
    stacked: pl.DataFrame = pl.concat(
        [
            frame.select(pl.struct(pl.all()).alias(kind)).with_columns(pl.lit(kind).alias(_FROM))
            for kind, frame in zip(CohortTables._fields, tables, strict=True)
        ],
        how="diagonal",
    )
    return stacked.select(_FROM, *CohortTables._fields)


def _on_participants(
    names: tuple[str, ...], settings: Settings, columns: object, target: pa.Schema
) -> Callable[[pa.Table], pa.Table]:
    """What each group runs: its participants' cohort tables, or the errors of their rows."""

    def run(rows: pa.Table) -> pa.Table:
        given, at = _shares(rows, names)
        if target is _STAGED:
            stage, found = staged_errors(given, settings=settings, columns=columns, at=at)
            return pa.Table.from_pydict(
                {"stage": [stage] * len(found), "error": found}, schema=_STAGED
            )
        tables = tables_of(given, settings=settings, columns=columns)
        return _stacked_result(tables).to_arrow().cast(target)

    return run


def cohort_tables(
    given: Mapping[str, object], *, settings: Settings, columns: object
) -> CohortTables:
    """:func:`iopcore.frames.cohort_tables` on Spark frames, in groups of participants.

    ``given`` holds the five tables by argument name (``None`` when not given; a
    table of another kind is made a Spark frame). ``groupBy().cogroup()`` takes two
    frames only, so the tables are brought together in one (:func:`_together`) and
    grouped by participant (:func:`_in_groups`); each group runs the implementation
    for one machine on its participants' rows (``applyInArrow``) and gives its three tables stacked
    in one, of which the three results are the parts. Each of the three is computed
    when acted on (the per-participant step runs for each).
    """
    from pyspark.sql import functions as sf  # noqa: PLC0415 - only with a Spark frame

    people = given["participants"]
    tables = {name: _spark_frame(people, data) for name, data in given.items() if data is not None}
    empty = {name: _empty(frame) for name, frame in tables.items()}
    # Table-level errors (columns, dtypes, options) raise here, before any job.
    shown = tables_of({**given, **empty}, settings=settings, columns=columns)
    schema, target = _declared(_stacked_result(shown).to_arrow().schema)
    names = tuple(tables)
    grouped = _in_groups(_together(tables, columns), _WHO, _groups(people))
    found = grouped.applyInArrow(
        _on_participants(names, settings, columns, _STAGED), _STAGED_DDL
    ).collect()
    staged = ((row.stage, row.error) for row in found)
    raise_earliest("cohort tables", staged, by_column_from=VALUES_STAGE)
    stacked = grouped.applyInArrow(_on_participants(names, settings, columns, target), schema)
    return CohortTables(
        *(stacked.where(sf.col(_FROM) == kind).select(f"{kind}.*") for kind in CohortTables._fields)
    )
