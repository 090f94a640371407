"""Benchmark: iopcore.frames on Spark and Dask at 1 and 2 workers, next to one polars process.

Two jobs, on the synthetic inputs of the frames benchmarks: weekly compliance
(:func:`iopcore.frames.weekly_compliance` on ``bench_frames_weeks``' sessions, 100
per participant) and placement (:func:`iopcore.frames.recommend_levels` on
``bench_frames_placement``' assessments). Each input is written once, as
:data:`PARTS` Parquet files in a temporary folder, and every run reads those files.
Each run is a fresh process (one SparkSession or one ``LocalCluster`` per process)
and reports its time in parts:

* **start-up**: the SparkSession (``local[n]``) and a first one-row ``mapInArrow``
  (the Python worker's start), or the ``LocalCluster`` (``n_workers=n``,
  ``processes=True``, ``threads_per_worker=1``) with ``iopcore.frames`` imported on
  every worker. Polars has none.
* **load**: reading the Parquet files into the engine's memory: Spark
  ``read.parquet(...).repartition(PARTS).cache()`` and a ``count()``; Dask
  ``read_parquet(..., dtype_backend="pyarrow").persist()``; polars ``read_parquet``.
* **moving data**: the route the job's rows take, with an identity in place of the
  job, run to completion. Spark: placement ``mapInArrow`` (the Arrow round trip
  JVM -> Python -> JVM), weeks ``groupBy(group).applyInArrow`` on a hash of the
  participant id, as iopcore groups participants (the shuffle as well), each
  written to Spark's ``noop`` sink. Dask: placement each
  partition made a polars frame and back, weeks the frame shuffled by participant
  first; each forced by computing the partitions' lengths on the workers.
* **job**: the iopcore call, which numbers the rows and runs the job once to look
  for bad rows before it gives back the lazy result (the *check* part), and then
  the result forced in full (the *result* part): Spark's ``noop`` sink (every row
  and column computed and dropped), Dask the lengths of the result's partitions
  computed on the workers (every partition computed, left there), polars the eager
  call itself (its row checks included).

Before anything is timed each run computes its job on a small input
(:data:`CHECK_ROWS` rows) and stops unless the rows, sorted, equal polars' (floats
within 1e-9); the check also warms the engine up. Peak memory is each process's own
``VmHWM`` (see ``_memory``): the driver (Python), Spark's JVM, and the largest of the
worker processes (Spark's Python workers, Dask's workers), read from ``/proc`` before
the engine stops. Every figure is one run: the machine these were first run on had 2
cores shared with other work, so read ratios of one run, not the seconds. No timed
assertions.

    .venv/bin/python benchmarks/bench_engines.py --quick
    .venv/bin/python benchmarks/bench_engines.py --rows 1000000
    .venv/bin/python benchmarks/bench_engines.py --rows 1000000 10000000 --jobs placement
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import tempfile
import time
import warnings
from typing import TYPE_CHECKING, Any, Final

import polars as pl
import pyarrow as pa  # noqa: TC002 - pyspark reads the identities' hints at run time
from polars.testing import assert_frame_equal

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from _measure import run_child
from _memory import peak_mb
from bench_frames_placement import AS_OF, RULESET, assessments
from bench_frames_weeks import REQUIREMENT, TZ, sessions_table

from iopcore import frames

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

#: The Parquet files an input is written as; Spark repartitions to as many, and
#: shuffles into as many (``spark.sql.shuffle.partitions``), at every worker count.
PARTS: Final = 8
CHECK_ROWS: Final = 20_000
QUICK: Final = 50_000
SIZES: Final = (1_000_000,)
JOBS: Final = ("weeks", "placement")
#: The runs of each job, in order: (engine, workers).
RUNS: Final = (("polars", 1), ("spark", 1), ("spark", 2), ("dask", 1), ("dask", 2))
#: The columns that order a job's rows (distributed results come in no order).
KEYS: Final = {"weeks": ["participant_id", "week_start"], "placement": ["participant_id"]}


def build(job: str, rows: int) -> pl.DataFrame:
    """The input of ``job``: ``rows`` sessions or assessments."""
    return sessions_table(rows) if job == "weeks" else assessments(rows)


def run_job(job: str, frame: object) -> Any:  # noqa: ANN401 - a frame of any engine
    """The iopcore call of ``job`` on ``frame`` (polars, Spark or Dask)."""
    if job == "weeks":
        return frames.weekly_compliance(frame, REQUIREMENT, tz=TZ)
    return frames.recommend_levels(frame, as_of=AS_OF, ruleset=RULESET)


def write_parts(frame: pl.DataFrame, folder: pathlib.Path) -> str:
    folder.mkdir()
    size = -(-frame.height // PARTS)
    for number in range(PARTS):
        frame.slice(number * size, size).write_parquet(folder / f"part-{number}.parquet")
    return str(folder)


def read_polars(folder: str) -> pl.DataFrame:
    return pl.read_parquet(f"{folder}/*.parquet")


def same_as_polars(job: str, ours: pl.DataFrame, folder: str) -> None:
    """Stop unless ``ours`` (an engine's result, any order) has polars' rows."""
    expected = run_job(job, read_polars(folder)).sort(KEYS[job])
    got = ours.select(expected.columns).cast(dict(expected.schema)).sort(KEYS[job])
    try:
        assert_frame_equal(got, expected, check_exact=False, rel_tol=0, abs_tol=1e-9)
    except AssertionError as error:
        raise SystemExit(f"{job}: the engine disagrees with polars: {error}") from None


def _peaks() -> dict[str, float]:
    """Peak memory (MB) of this process, its JVM and its largest other descendant."""
    parents: dict[int, int] = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    mine, found = {os.getpid()}, True
    while found:
        found = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                found = True
    peaks = {"driver": peak_mb(), "jvm": 0.0, "workers": 0.0}
    for pid in mine - {os.getpid()}:
        try:
            status = pathlib.Path(f"/proc/{pid}/status").read_text()
            command = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        high = [line for line in status.splitlines() if line.startswith("VmHWM:")]
        if not high:
            continue
        mb = int(high[0].split()[1]) / 1024
        kind = "jvm" if b"java" in command.split(b"\0")[0] else "workers"
        peaks[kind] = max(peaks[kind], mb)
    return peaks


class Clock:
    """The seconds of each named part of a run."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}

    def time(self, name: str, work: Callable[[], object]) -> Any:  # noqa: ANN401 - work's result
        start = time.perf_counter()
        result = work()
        self.parts[name] = time.perf_counter() - start
        return result


# ---------------------------------------------------------------- polars


def polars_run(job: str, folder: str, check: str, clock: Clock) -> dict[str, float]:
    run_job(job, read_polars(check))  # the same warm-up as the engines' check
    frame = clock.time("load", lambda: read_polars(folder))
    clock.parts |= {"start_up": 0.0, "move": 0.0, "result": 0.0}
    clock.time("check", lambda: run_job(job, frame))
    return _peaks()


# ---------------------------------------------------------------- Spark


def _identity_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    yield from batches


def _identity_table(table: pa.Table) -> pa.Table:
    return table


def _noop(frame: Any) -> None:  # noqa: ANN401 - a Spark frame
    frame.write.format("noop").mode("overwrite").save()


def spark_run(job: str, folder: str, check: str, workers: int, clock: Clock) -> dict[str, float]:
    from pyspark.sql import SparkSession  # noqa: PLC0415 - only in a Spark run

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    def start() -> Any:  # noqa: ANN401 - a SparkSession
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spark = (
                SparkSession.builder.master(f"local[{workers}]")
                .appName("iopcore-bench-engines")
                .config("spark.driver.memory", "6g")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", str(PARTS))
                .config("spark.ui.enabled", "false")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                .getOrCreate()
            )
        spark.sparkContext.setLogLevel("ERROR")
        spark.range(1).mapInArrow(_identity_batches, "id long").collect()
        return spark

    spark = clock.time("start_up", start)
    small = run_job(job, spark.read.parquet(check))
    same_as_polars(job, pl.from_arrow(small.toArrow()), check)  # type: ignore[arg-type]

    def load() -> Any:  # noqa: ANN401 - a Spark frame
        frame = spark.read.parquet(folder).repartition(PARTS).cache()
        frame.count()
        return frame

    frame = clock.time("load", load)
    if job == "weeks":
        from pyspark.sql import functions as sf  # noqa: PLC0415 - only in a Spark run

        group = sf.pmod(sf.xxhash64(frame["participant_id"].cast("string")), sf.lit(PARTS))
        grouped = frame.withColumn("group", group)
        moved = grouped.groupBy("group").applyInArrow(_identity_table, grouped.schema)
    else:
        moved = frame.mapInArrow(_identity_batches, frame.schema)
    clock.time("move", lambda: _noop(moved))
    result = clock.time("check", lambda: run_job(job, frame))
    clock.time("result", lambda: _noop(result))
    peaks = _peaks()
    spark.stop()
    return peaks


# ---------------------------------------------------------------- Dask


def _warm() -> None:
    import iopcore.frames  # noqa: F401, PLC0415 - imported once on each worker


def _round_trip(part: Any) -> int:  # noqa: ANN401 - a pandas partition
    return len(pl.from_pandas(part).to_pandas(use_pyarrow_extension_array=True))


def _lengths(frame: Any, each: Callable[[Any], int]) -> int:  # noqa: ANN401 - a Dask frame
    import dask  # noqa: PLC0415 - only in a Dask run

    return sum(dask.compute(*(dask.delayed(each)(part) for part in frame.to_delayed())))


def dask_run(job: str, folder: str, check: str, workers: int, clock: Clock) -> dict[str, float]:
    import dask.dataframe as dd  # noqa: PLC0415 - only in a Dask run
    from dask.distributed import Client, LocalCluster, wait  # noqa: PLC0415

    def start() -> tuple[Any, Any]:
        cluster = LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=":0"
        )
        client = Client(cluster)
        client.run(_warm)
        return cluster, client

    cluster, client = clock.time("start_up", start)

    def read(where: str) -> Any:  # noqa: ANN401 - a Dask frame
        return dd.read_parquet(where, dtype_backend="pyarrow")

    small = pl.from_pandas(run_job(job, read(check)).compute())
    same_as_polars(job, small, check)

    def load() -> Any:  # noqa: ANN401 - a Dask frame
        frame = read(folder).persist()
        wait(frame)
        return frame

    frame = clock.time("load", load)
    route = frame.shuffle(on="participant_id", npartitions=PARTS) if job == "weeks" else frame
    clock.time("move", lambda: _lengths(route, _round_trip))
    result = clock.time("check", lambda: run_job(job, frame))
    clock.time("result", lambda: _lengths(result, len))
    peaks = _peaks()
    peaks["partitions"] = frame.npartitions
    client.close()
    cluster.close()
    return peaks


# ---------------------------------------------------------------- the runs


def child(engine: str, workers: int, job: str, folder: str, check: str) -> dict[str, float]:
    clock = Clock()
    if engine == "polars":
        peaks = polars_run(job, folder, check, clock)
    elif engine == "spark":
        peaks = spark_run(job, folder, check, workers, clock)
    else:
        peaks = dask_run(job, folder, check, workers, clock)
    return clock.parts | peaks


HEADER: Final = (
    "| job | engine | workers | rows | start-up s | load s | moving data s | job s "
    "(check + result) | rows/s | µs/row over polars | 1->2 workers | peak MB driver / "
    "JVM / worker |"
)


def _line(job: str, rows: int, engine: str, workers: int, runs: dict[Any, Any]) -> str:
    f = runs[engine, workers]
    total = f["check"] + f["result"]
    reference = runs["polars", 1]["check"]
    over = (total - reference) / rows * 1e6
    scaling = ""
    if engine != "polars" and workers == 2:
        one = runs[engine, 1]
        scaling = f"{(one['check'] + one['result']) / total:.2f} x"
    jvm = f"{f['jvm']:.0f}" if f["jvm"] else "-"
    worker = f"{f['workers']:.0f}" if f["workers"] else "-"
    return (
        f"| {job} | {engine} | {workers if engine != 'polars' else '1 (process)'} | {rows:,} "
        f"| {f['start_up']:.1f} | {f['load']:.2f} | {f['move']:.2f} "
        f"| {total:.2f} ({f['check']:.2f} + {f['result']:.2f}) | {rows / total:,.0f} "
        f"| {'-' if engine == 'polars' else f'{over:.1f}'} | {scaling or '-'} "
        f"| {f['driver']:.0f} / {jvm} / {worker} |"
    )


def bench(sizes: Sequence[int], jobs: Sequence[str], engines: Sequence[str]) -> list[str]:
    lines = [HEADER, "|" + "---|" * 12]
    with tempfile.TemporaryDirectory() as folder:
        for job in jobs:
            check = write_parts(build(job, CHECK_ROWS), pathlib.Path(folder) / f"{job}-check")
            for rows in sizes:
                path = write_parts(build(job, rows), pathlib.Path(folder) / f"{job}-{rows}")
                runs = {}
                for engine, workers in RUNS:
                    if engine in engines:
                        runs[engine, workers] = run_child(
                            __file__, engine, str(workers), job, path, check
                        )
                        print(f"# {job} {rows:,} {engine} {workers}: {runs[engine, workers]}")
                        sys.stdout.flush()
                lines += [_line(job, rows, *run, runs) for run in runs]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} rows only")
    parser.add_argument("--jobs", nargs="+", choices=JOBS, default=list(JOBS))
    parser.add_argument(
        "--engines", nargs="+", choices=("spark", "dask"), default=["spark", "dask"]
    )
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        engine, workers, job, folder, check = args.child
        print(json.dumps(child(engine, int(workers), job, folder, check)))
        return 0
    engines = ["polars", *args.engines]
    for line in bench([QUICK] if args.quick else args.rows, args.jobs, engines):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
