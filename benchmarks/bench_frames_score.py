"""Benchmark: PHQ-9 scoring of whole tables with ``iopcore.frames.score``.

The input is a polars table of PHQ-9 answers, one row per questionnaire, the nine
item columns ``phq9_1`` ... ``phq9_9`` (Int64, 0-3), in which about 5% of the
questionnaires have one unanswered item (null). Three ways compute the same four
columns from it (``phq9_total``, ``phq9_band``, ``phq9_flags``, ``phq9_complete``):

* iopcore: ``frames.score(table, "phq9")``; it also checks every answer (one pass
  that counts the bad ones) before it scores.
* hand-written polars: ``sum_horizontal`` when every item is answered, a
  ``when/then`` chain for the bands, the item 9 flag as a list literal; no checks.
* iopcore's object path: ``phq9.score`` one row at a time, from the rows as Python
  tuples. It is timed on the first :data:`OBJECT_ROWS` rows only and scaled up to the
  table's size (it is linear in the rows); the line says so.

Before any timing the three results are compared row by row (the object path on its
rows); a disagreement stops the benchmark. Target (issue 16): iopcore within 1.5x of
hand-written polars. Peak memory is measured in a fresh process per figure
(its own high-water mark, ``VmHWM``: see ``_memory``), with the input alone as a reference.

Run it::

    .venv/bin/python benchmarks/bench_frames_score.py                # 10^5 and 10^6 rows
    .venv/bin/python benchmarks/bench_frames_score.py --quick        # 10^4 rows, to try it
    .venv/bin/python benchmarks/bench_frames_score.py --rows 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Final

import _memory  # benchmarks/ is on sys.path when run as a script
import numpy as np
import polars as pl

from iopcore import frames
from iopcore.instruments import phq9

if TYPE_CHECKING:
    from collections.abc import Callable

SEED: Final = 20260316
TARGET_RATIO: Final = 1.5
#: Rows the object path is timed on; its time is scaled to the table's rows.
OBJECT_ROWS: Final = 10_000
#: Share of questionnaires with one unanswered item.
MISSING_SHARE: Final = 0.05
ITEMS: Final = [f"phq9_{number}" for number in range(1, 10)]
ADDED: Final = ["phq9_total", "phq9_band", "phq9_flags", "phq9_complete"]


def items_table(rows: int) -> pl.DataFrame:
    """``rows`` PHQ-9 questionnaires; about 5% with one item not answered."""
    rng = np.random.default_rng(SEED)
    answers = rng.integers(0, 4, size=(rows, 9))
    missing_row = rng.random(rows) < MISSING_SHARE
    missing_item = rng.integers(0, 9, size=rows)
    columns = {}
    for index, name in enumerate(ITEMS):
        gap = missing_row & (missing_item == index)
        columns[name] = pl.Series(name, answers[:, index], dtype=pl.Int64).scatter(
            np.flatnonzero(gap), None
        )
    return pl.DataFrame(columns)


def with_iopcore(table: pl.DataFrame) -> pl.DataFrame:
    result: pl.DataFrame = frames.score(table, "phq9")
    return result


def with_polars(table: pl.DataFrame) -> pl.DataFrame:
    """Hand-written polars: what an analyst would type for the PHQ-9."""
    items = [pl.col(name) for name in ITEMS]
    complete = pl.all_horizontal(item.is_not_null() for item in items)
    total = pl.when(complete).then(pl.sum_horizontal(items))
    band = (  # Kroenke 2001: 5 mild, 10 moderate, 15 moderately severe, 20 severe
        pl.when(total >= 20)
        .then(pl.lit("severe"))
        .when(total >= 15)
        .then(pl.lit("moderately severe"))
        .when(total >= 10)
        .then(pl.lit("moderate"))
        .when(total >= 5)
        .then(pl.lit("mild"))
        .when(total >= 0)
        .then(pl.lit("minimal"))
    )
    flags = (
        pl.when(pl.col("phq9_9") > 0)
        .then(pl.lit(["suicidal_ideation"], dtype=pl.List(pl.String)))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )
    # Lazy, so that polars computes the shared total and complete once (eager
    # with_columns does not eliminate common subexpressions).
    return (
        table.lazy()
        .with_columns(
            total.alias("phq9_total"),
            band.alias("phq9_band"),
            flags.alias("phq9_flags"),
            complete.alias("phq9_complete"),
        )
        .collect()
    )


def with_objects(rows: list[tuple[int | None, ...]]) -> list[tuple[object, ...]]:
    """The object path: one ``phq9.score`` per row."""
    out = []
    for answers in rows:
        result = phq9.score(answers)
        out.append((result.total, result.band, sorted(result.flags), result.complete))
    return out


def check_agree(table: pl.DataFrame) -> None:
    ours = with_iopcore(table).select(ADDED)
    theirs = with_polars(table).select(ADDED)
    if not ours.equals(theirs):
        sys.exit("frames.score and hand-written polars disagree")
    head = table.head(OBJECT_ROWS)
    objects = with_objects(head.rows())
    if [tuple(row) for row in ours.head(OBJECT_ROWS).rows()] != objects:
        sys.exit("frames.score and phq9.score disagree")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mb(mode: str, rows: int) -> float:
    """Peak resident memory of a fresh process that builds the input and runs ``mode``."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip())


def child(mode: str, rows: int) -> None:
    table = items_table(rows)
    if mode == "iopcore":
        with_iopcore(table)
    elif mode == "polars":
        with_polars(table)
    elif mode == "objects":
        with_objects(table.head(OBJECT_ROWS).rows())
    print(_memory.peak_mb())


def run(rows: int, repeat: int) -> None:
    table = items_table(rows)
    check_agree(table)
    ours = best_of(repeat, lambda: with_iopcore(table))
    theirs = best_of(repeat, lambda: with_polars(table))
    head = table.head(min(rows, OBJECT_ROWS)).rows()
    objects = best_of(max(1, repeat // 2), lambda: with_objects(head)) * rows / len(head)
    lines = [
        (f"rows_{rows}_frames_score", ours, "s"),
        (f"rows_{rows}_hand_written_polars", theirs, "s"),
        (f"rows_{rows}_object_path_scaled_from_{len(head)}_rows", objects, "s"),
        (f"rows_{rows}_frames_score_vs_polars", ours / theirs, f"x (target <= {TARGET_RATIO})"),
        (f"rows_{rows}_object_path_vs_frames_score", objects / ours, "x"),
    ]
    for name, value, unit in lines:
        print(f"{name}: {value:.4g} {unit}")
    for mode in ("input", "iopcore", "polars", "objects"):
        print(f"rows_{rows}_peak_memory_{mode}: {peak_mb(mode, rows):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the median is shown")
    parser.add_argument("--quick", action="store_true", help="10^4 rows, to try it")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.rows[0])
        return
    sizes = arguments.rows or ([10_000] if arguments.quick else [100_000, 1_000_000])
    for rows in sizes:
        run(rows, arguments.repeat)


if __name__ == "__main__":
    main()
