"""Benchmark: frames.weekly_compliance against hand-written polars and the object path.

The input is the records of ``benchmarks/bench_intensity.py`` (participants with 100
sessions each over some 10 weeks, aware New York times across both clock changes,
every attendance kind) as one polars frame with the Session field names, at 10^5
and 10^6 sessions. Three ways give one row per participant and program week, empty
weeks included, with attended hours, days attended and whether the IOP adult band
(9 to 19 hours) was met:

* frames: :func:`iopcore.frames.weekly_compliance` on the frame (it also checks every
  row, clips overlaps, counts scheduled hours and services, prorates partial weeks
  and builds the findings).
* hand-written polars: a lazy polars pipeline written for this output only (local
  day and week in New York, hours by attendance, distinct days, the empty weeks
  from ``int_ranges``, the band), as an analyst would write it.
* object path: :class:`~iopcore.sessions.Session` values built from the frame's rows,
  then :func:`iopcore.intensity.weekly_compliance` per participant (the rows are
  read out of the frame before the clock starts).

All three are compared week by week before any timing (hours within 1e-9: polars
divides by a constant as a multiplication, the hand-written pipeline too). Each
figure is timed in a fresh process, which reports its own peak memory (``VmHWM``
on Linux, where ``resource.getrusage`` would give the parent's; the parent holds
the records); the input is written once to Parquet for them. Target
(issue 16): frames within 1.5x of hand-written polars. No timed assertions.

    .venv/bin/python benchmarks/bench_frames_weeks.py --quick
    .venv/bin/python benchmarks/bench_frames_weeks.py --rows 100000 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any, Final

import polars as pl

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from _memory import peak_mb
from bench_intensity import MAX_HOURS, MIN_HOURS, SESSIONS_EACH, TZ, Record, records

from iopcore import LevelOfCare, Population, frames
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.sessions import Session

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

TARGET_RATIO: Final = 1.5
SIZES: Final = (100_000, 1_000_000)
QUICK: Final = 5_000
MODES: Final = ("frames", "hand_written", "objects")
REQUIREMENT: Final = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)


def input_frame(rows: Sequence[Record]) -> pl.DataFrame:
    """The records as a sessions table (times as aware New York timestamps)."""
    stamp = pl.Datetime("us", "UTC")
    return pl.DataFrame(
        {
            "participant_id": [row.participant_id for row in rows],
            "service": [row.service for row in rows],
            "start": [int(row.start.timestamp() * 1_000_000) for row in rows],
            "end": [int(row.end.timestamp() * 1_000_000) for row in rows],
            "attendance": [row.attendance for row in rows],
            "attended_minutes": [row.attended_minutes for row in rows],
        },
        schema_overrides={"attended_minutes": pl.Int64},
    ).with_columns(pl.col("start", "end").cast(stamp).dt.convert_time_zone(TZ))


def with_frames(frame: pl.DataFrame) -> pl.DataFrame:
    """iopcore's columnar path."""
    result: pl.DataFrame = frames.weekly_compliance(frame, REQUIREMENT, tz=TZ)
    return result


def by_hand(frame: pl.DataFrame) -> pl.DataFrame:
    """The hand-written polars pipeline: the same weeks, hours, days and verdict."""
    local = pl.col("start").dt.convert_time_zone(TZ).dt.date()
    sessions = frame.lazy().with_columns(
        local.alias("day"),
        (local - pl.duration(days=local.dt.weekday() - 1)).alias("week_start"),
        pl.when(pl.col("attendance") == "attended")
        .then((pl.col("end") - pl.col("start")).dt.total_seconds())
        .when(pl.col("attendance") == "attended in part")
        .then(pl.col("attended_minutes") * 60)
        .otherwise(None)
        .alias("seconds"),
    )
    attended = sessions.filter(pl.col("seconds").is_not_null())
    counted = attended.group_by("participant_id", "week_start").agg(
        (pl.col("seconds").sum() / 3600).alias("hours"),
        pl.col("day").n_unique().alias("days_attended"),
    )
    weeks = (
        sessions.group_by("participant_id")
        .agg(pl.col("week_start").min().alias("low"), pl.col("week_start").max().alias("high"))
        .with_columns(pl.date_ranges("low", "high", interval="1w").alias("week_start"))
        .explode("week_start")
        .select("participant_id", "week_start")
    )
    return (
        weeks.join(counted, on=["participant_id", "week_start"], how="left")
        .with_columns(pl.col("hours").fill_null(0.0), pl.col("days_attended").fill_null(0))
        .with_columns(pl.col("hours").is_between(MIN_HOURS, MAX_HOURS).alias("met"))
        .sort("participant_id", "week_start")
        .collect()
    )


def rows_of(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    """The frame's rows as Python values, as an application's database would give them."""
    return frame.rows()


def with_objects(rows: Sequence[tuple[Any, ...]]) -> list[tuple[str, Any, float, int, bool]]:
    """The object path: every Session built, then weekly compliance per participant."""
    grouped: dict[str, list[Session]] = {}
    for who, service, start, end, attendance, minutes in rows:
        grouped.setdefault(who, []).append(
            Session(
                participant_id=who,
                service=service,
                start=start,
                end=end,
                attendance=attendance,
                attended_minutes=minutes,
            )
        )
    return [
        (who, week.week_start, week.hours, week.days_attended, week.met)
        for who in sorted(grouped)
        for week in weekly_compliance(grouped[who], REQUIREMENT, tz=TZ)
    ]


def _plain(frame: pl.DataFrame) -> list[tuple[str, Any, float, int, bool]]:
    picked = frame.select("participant_id", "week_start", "hours", "days_attended", "met")
    return [(who, day.isoformat(), h, d, m) for who, day, h, d, m in picked.rows()]


def check(frame: pl.DataFrame) -> int:
    """Stop unless the three ways agree week by week; the number of weeks."""
    ours = _plain(with_frames(frame))
    hand = _plain(by_hand(frame))
    objects = [(w, s.isoformat(), h, d, m) for w, s, h, d, m in with_objects(rows_of(frame))]
    if len(ours) != len(objects) or len(hand) != len(objects):
        message = f"weeks: frames {len(ours)}, hand-written {len(hand)}, objects {len(objects)}"
        raise SystemExit(message)
    for mine, theirs, other in zip(ours, hand, objects, strict=True):
        if mine != other:  # the object path's figures, exactly
            message = f"frames disagrees with the object path: {mine} != {other}"
            raise SystemExit(message)
        same = theirs[:2] == other[:2] and theirs[3:] == other[3:]
        if not same or abs(theirs[2] - other[2]) > 1e-9:
            message = f"hand-written polars disagrees: {theirs} != {other}"
            raise SystemExit(message)
    return len(ours)


def _best(repeat: int, run: Callable[[], object]) -> float:
    """The best of ``repeat`` runs after one untimed run (imports, first plans)."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def child(mode: str, path: str, repeat: int) -> dict[str, float]:
    """One figure, in this (fresh) process: the best time and the peak memory."""
    frame = pl.read_parquet(path)
    if mode == "frames":
        seconds = _best(repeat, lambda: with_frames(frame))
    elif mode == "hand_written":
        seconds = _best(repeat, lambda: by_hand(frame))
    else:
        rows = rows_of(frame)
        seconds = _best(repeat, lambda: with_objects(rows))
    return {"seconds": seconds, "peak_mb": peak_mb()}


def _run_child(mode: str, path: str, repeat: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, path, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def bench(sizes: Sequence[int], repeat: int) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            participants = max(1, size // SESSIONS_EACH)
            frame = input_frame(records(participants, SESSIONS_EACH))
            weeks = check(frame)
            path = str(pathlib.Path(folder) / f"sessions-{size}.parquet")
            frame.write_parquet(path)
            figures = {mode: _run_child(mode, path, repeat) for mode in MODES}
            name = f"frames_weeks.{size}"
            ours = figures["frames"]["seconds"]
            hand = figures["hand_written"]["seconds"]
            objects = figures["objects"]["seconds"]
            verdict = "within target" if ours <= TARGET_RATIO * hand else "OVER TARGET"
            lines += [
                (
                    f"{name}.sessions: {frame.height:,} ({participants:,} participants, "
                    f"{weeks:,} weeks)"
                ),
                *(
                    f"{name}.{mode}: {figures[mode]['seconds']:.3f} s (best of {repeat} "
                    f"after a warm-up; peak {figures[mode]['peak_mb']:.0f} MB in its own process)"
                    for mode in MODES
                ),
                (
                    f"{name}.ratio_hand_written: {ours / hand:.2f} x "
                    f"(target <= {TARGET_RATIO:g}; {verdict})"
                ),
                f"{name}.ratio_objects: {objects / ours:.1f} x faster than the object path",
            ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} sessions only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PARQUET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.repeat)))
        return 0
    for line in bench([QUICK] if args.quick else args.rows, args.repeat):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
