"""Benchmark: frames.weekly_compliance against hand-written polars and the object path.

The input is the records of ``benchmarks/bench_intensity.py`` (participants with 100
sessions each over some 10 weeks, aware New York times across both clock changes,
every attendance kind) as one polars frame with the Session field names, at 10^5
and 10^6 sessions (10^7 with ``--rows 10000000``: the 10^6 records repeated under
new participant ids). Four ways give one row per participant and program week,
empty weeks included:

* frames: :func:`iopcore.frames.weekly_compliance` on the frame (every column of
  ``COMPLIANCE_COLUMNS``: it checks every row, leaves out cancelled sessions, clips
  overlaps, counts scheduled hours, days and services, prorates partial weeks and
  builds the findings).
* hand-written polars, same output: a lazy polars pipeline written for the same
  frame, column for column (dtypes, the services struct, the findings list of
  structs), with the same row checks, for this benchmark's options only (the IOP
  adult band, no calendar, episodes, as_of or stepping down: whole Monday weeks,
  so an open fraction of 1 and no taper grace). The ratio to it is issue 16's
  target.
* hand-written polars, minimal: the hours, days and band only (no row checks, no
  overlap clipping, scheduled hours, services or findings), as an analyst who
  wants only those would write it.
* object path: :class:`~iopcore.sessions.Session` values built from the frame's rows,
  then :func:`iopcore.intensity.weekly_compliance` per participant (the rows are
  read out of the frame before the clock starts); up to 10^6 sessions only.

All are compared before any timing: frames gives the object path's figures exactly;
the same-output baseline gives frames' whole frame (floats within 1e-9: polars
divides by a constant as a multiplication), on the input and on it with
overlapping attended copies (the records themselves never overlap); the minimal
one gives its columns. Each figure is timed in a fresh process, which reports its
own peak memory (``VmHWM`` on Linux, where ``resource.getrusage`` would give the
parent's; the parent holds the records); the input is written once to Parquet for
them. Target (issue 16): frames within 1.5x of hand-written polars for the same
output. No timed assertions.

Memory at 10^7, estimated: the children's peaks measured at 2*10^5 and 2*10^6
sessions were 209 and 665 MB (frames), 192 and 585 MB (same output), 137 and 391 MB
(minimal), some 250 MB per 10^6 sessions, so about 2.7 GB for frames at 10^7; the
parent builds 10^6 records, checks the ways (frames and the same-output baseline
twice, the second time on 2% more rows) and holds the 10^7-row frame until it is
written: a few GB, well under the 24 GiB of the benchmark machine.

    .venv/bin/python benchmarks/bench_frames_weeks.py --quick
    .venv/bin/python benchmarks/bench_frames_weeks.py --rows 100000 1000000 --repeat 3
    .venv/bin/python benchmarks/bench_frames_weeks.py --rows 10000000 --repeat 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
import tempfile
from typing import TYPE_CHECKING, Any, Final

import polars as pl
from polars.testing import assert_frame_equal

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from _measure import best_of, run_child
from _memory import peak_mb
from bench_intensity import MAX_HOURS, MIN_HOURS, SESSIONS_EACH, TZ, Record, records

from iopcore import LevelOfCare, Population, frames
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.sessions import MAX_SESSION_HOURS, Attendance, ServiceType, Session

if TYPE_CHECKING:
    from collections.abc import Sequence

TARGET_RATIO: Final = 1.5
SIZES: Final = (100_000, 1_000_000)
QUICK: Final = 5_000
#: The modes, in the order they run (the object path last: it is skipped above
#: MAX_OBJECTS).
MODES: Final = ("frames", "hand_written_same_output", "hand_written_minimal", "objects")
#: The largest size the object path is timed at.
MAX_OBJECTS: Final = 1_000_000
#: The most sessions built as records; larger inputs repeat them (see sessions_table).
MAX_BUILT: Final = 1_000_000
REQUIREMENT: Final = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
SERVICE_VALUES: Final = [service.value for service in ServiceType]
ATTENDANCE_VALUES: Final = [attendance.value for attendance in Attendance]
MAX_MICROSECONDS: Final = MAX_SESSION_HOURS * 3600 * 1_000_000


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


def by_hand_minimal(frame: pl.DataFrame) -> pl.DataFrame:
    """The minimal hand-written baseline: the same weeks, hours, days and verdict only.

    No row checks, no overlap clipping, no scheduled hours, services or findings.
    """
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


def by_hand_same_output(frame: pl.DataFrame) -> pl.DataFrame:
    """Hand-written polars for every column frames gives, for this benchmark's options.

    Written as an analyst who knows the rules would write it for one requirement
    (:data:`REQUIREMENT`), no calendar (Monday-to-Friday weeks), no episodes, no
    as_of and no stepping down: the same row checks (counted in one pass, an error if
    any fails), cancelled sessions left out, attended time clipped at the latest
    attended end before it (time order, ties in row order), scheduled hours,
    distinct days, one count per service, whole weeks from the first session's
    week to the last's (so an open fraction of 1), the band, and the findings as a
    list of structs in the object path's order.
    """
    start, end = pl.col("start").dt.timestamp("us"), pl.col("end").dt.timestamp("us")
    length = end - start
    attendance, minutes = pl.col("attendance"), pl.col("attended_minutes")
    in_part = attendance == "attended in part"
    who = pl.col("participant_id")
    bad = [
        who.is_null() | (who.str.strip_chars() == "") | (who.str.len_chars() > 256),
        who.str.contains(r"[\p{C}\p{Zl}\p{Zp}]|[\p{Zs}&&[^ ]]"),
        ~pl.col("service").is_in(SERVICE_VALUES) | pl.col("service").is_null(),
        ~attendance.is_in(ATTENDANCE_VALUES) | attendance.is_null(),
        start.is_null() | end.is_null() | (length <= 0) | (length > MAX_MICROSECONDS),
        in_part & minutes.is_null(),
        ~in_part & minutes.is_not_null(),
        (minutes < 1) | (minutes > MAX_SESSION_HOURS * 60) | (minutes * 60_000_000 > length),
    ]
    counts = frame.select(pl.sum_horizontal(check.fill_null(value=False).sum() for check in bad))
    if counts.item():
        message = f"{counts.item()} bad rows"
        raise ValueError(message)

    attended = attendance.is_in(("attended", "attended in part"))
    day = pl.col("start").dt.convert_time_zone(TZ).dt.date()
    # Each session's local day and Monday, once (the weeks and the counts read them).
    sessions = (
        frame.lazy()
        .with_columns(day.alias("day"))
        .with_columns(
            (pl.col("day") - pl.duration(days=pl.col("day").dt.weekday() - 1)).alias("week_start")
        )
        .collect()
    )
    counted = (
        sessions.lazy()
        .filter(attendance != "cancelled")
        .with_columns(
            start.alias("begins"),
            end.alias("ends"),
            pl.when(attendance == "attended")
            .then(length)
            .when(attended)
            .then(minutes * 60_000_000)
            .otherwise(0)
            .alias("seconds"),
            # Time order, ties in row order, as one whole number to order the window by.
            start.rank("ordinal").alias("order"),
            pl.when(attended).then(end).otherwise(-(2**62)).alias("latest"),
        )
        # The latest attended end before each session, per participant.
        .with_columns(pl.col("latest").cum_max().shift(1).over("participant_id", order_by="order"))
        .with_columns((attended & (pl.col("begins") < pl.col("latest"))).alias("overlap"))
        # Plain columns to sum: polars sums a column per group quicker than an expression.
        .with_columns(
            (pl.col("ends") - pl.col("begins")).alias("scheduled_us"),
            pl.when(pl.col("overlap"))
            .then(
                pl.min_horizontal(
                    "seconds", pl.max_horizontal(0, pl.col("ends") - pl.col("latest"))
                )
            )
            .otherwise("seconds")
            .alias("hours_us"),
            pl.when(attended).then(pl.col("day")).alias("attended_day"),
            *(
                (attended & (pl.col("service") == service)).alias(service)
                for service in SERVICE_VALUES
            ),
        )
        .group_by("participant_id", "week_start")
        .agg(
            pl.col("scheduled_us", "hours_us", "overlap", *SERVICE_VALUES).sum(),
            pl.col("attended_day").drop_nulls().n_unique().alias("days_attended"),
        )
        .rename({"overlap": "overlaps"})
    )
    # All sessions (cancelled ones too) set the weeks: from the first week to the last.
    weeks = (
        sessions.lazy()
        .group_by("participant_id")
        .agg(pl.col("week_start").min().alias("low"), pl.col("week_start").max().alias("high"))
        .with_columns(pl.date_ranges("low", "high", interval="1w").alias("week_start"))
        .explode("week_start")
        .select("participant_id", "week_start")
    )
    hours = pl.col("hours_us") / 3_600_000_000
    short = hours < REQUIREMENT.min_hours_per_week - 1e-9
    over = hours > REQUIREMENT.max_hours_per_week
    overlaps = pl.col("overlaps")

    def finding(check: str, observed: pl.Expr, required: float | None) -> pl.Expr:
        return pl.struct(
            check=pl.lit(check),
            service=pl.lit(None, dtype=pl.String),
            observed=observed.cast(pl.Float64),
            required=pl.lit(required, dtype=pl.Float64),
            source=pl.lit(REQUIREMENT.source),
        ).alias("finding")

    figures = ["scheduled_us", "hours_us", "days_attended", "overlaps", *SERVICE_VALUES]
    judged = (
        weeks.join(counted, on=["participant_id", "week_start"], how="left")
        .with_columns(pl.col(figures).fill_null(0))
        .collect()
    )
    # The findings in long form, then one list per week: polars 2.1 builds a list of
    # structs from when/then columns (concat_list) some 20 times slower than this.
    keys = ["participant_id", "week_start"]
    found = pl.concat(
        [
            judged.lazy().filter(when).select(*keys, pl.lit(order).alias("order"), what)
            for order, (when, what) in enumerate(
                [
                    (short, finding("min hours", hours, REQUIREMENT.min_hours_per_week)),
                    (over, finding("max hours", hours, REQUIREMENT.max_hours_per_week)),
                    (overlaps > 0, finding("overlap", overlaps, None)),
                ]
            )
        ]
    )
    lists = found.group_by(keys).agg(pl.col("finding").sort_by("order").alias("findings"))
    empty = pl.lit([], dtype=lists.collect_schema()["findings"])
    return (
        judged.lazy()
        .join(lists, on=keys, how="left")
        .select(
            "participant_id",
            "week_start",
            hours.alias("hours"),
            (pl.col("scheduled_us") / 3_600_000_000).alias("scheduled_hours"),
            pl.col("days_attended").cast(pl.Int64),
            pl.struct(pl.col(SERVICE_VALUES).cast(pl.Int64)).alias("services"),
            pl.lit(1.0).alias("open_fraction"),
            pl.lit(REQUIREMENT.min_hours_per_week).alias("required_hours"),
            pl.lit(value=True).alias("assessed"),
            (~(short | over)).alias("met"),
            pl.col("findings").fill_null(empty),
        )
        .sort(keys)
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


def with_overlaps(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` and, for one row in 50, an attended copy 45 minutes later (overlapping it)."""
    later = pl.col("start", "end") + dt.timedelta(minutes=45)
    copies = frame.gather_every(50).with_columns(
        later, pl.lit("attended").alias("attendance"), pl.lit(None).alias("attended_minutes")
    )
    return pl.concat([frame, copies.cast(frame.schema)])


def _same_frames(frame: pl.DataFrame, result: pl.DataFrame) -> None:
    same = by_hand_same_output(frame)
    if same.columns != list(frames.COMPLIANCE_COLUMNS):
        message = f"the equal-output baseline's columns: {same.columns}"
        raise SystemExit(message)
    try:
        assert_frame_equal(same, result, check_exact=False, rel_tol=0, abs_tol=1e-9)
    except AssertionError as error:
        message = f"hand-written polars (same output) disagrees with frames: {error}"
        raise SystemExit(message) from None


def check(frame: pl.DataFrame, *, objects: bool) -> int:
    """Stop unless the ways agree week by week; the number of weeks.

    frames gives the object path's figures exactly; the equal-output baseline gives
    frames' whole frame (every column, dtype and row; floats within 1e-9, as polars
    divides by a constant as a multiplication); the minimal baseline gives its
    columns (hours within 1e-9).
    """
    result = with_frames(frame)
    _same_frames(frame, result)
    # The records never overlap: the clipping is checked on copies that do.
    _same_frames(overlapping := with_overlaps(frame), with_frames(overlapping))
    ours = _plain(result)
    if objects:
        expected = [(w, s.isoformat(), h, d, m) for w, s, h, d, m in with_objects(rows_of(frame))]
        if ours != expected:  # the object path's figures, exactly
            wrong = next((a, b) for a, b in zip(ours, expected, strict=False) if a != b)
            message = (
                f"frames disagrees with the object path ({len(ours)} weeks, {len(expected)}): "
            )
            raise SystemExit(message + f"{wrong[0]} != {wrong[1]}")
    hand = _plain(by_hand_minimal(frame))
    if len(hand) != len(ours):
        message = f"weeks: frames {len(ours)}, minimal hand-written {len(hand)}"
        raise SystemExit(message)
    for mine, theirs in zip(ours, hand, strict=True):
        if theirs[:2] != mine[:2] or theirs[3:] != mine[3:] or abs(theirs[2] - mine[2]) > 1e-9:
            message = f"minimal hand-written polars disagrees: {theirs} != {mine}"
            raise SystemExit(message)
    return len(ours)


def child(mode: str, path: str, repeat: int) -> dict[str, float]:
    """One figure, in this (fresh) process: the best time and the peak memory."""
    frame = pl.read_parquet(path)
    if mode == "objects":
        rows = rows_of(frame)
        seconds = best_of(repeat, lambda: with_objects(rows))
    else:
        run = {
            "frames": with_frames,
            "hand_written_same_output": by_hand_same_output,
            "hand_written_minimal": by_hand_minimal,
        }[mode]
        seconds = best_of(repeat, lambda: run(frame))
    return {"seconds": seconds, "peak_mb": peak_mb()}


def sessions_table(size: int) -> pl.DataFrame:
    """``size`` sessions of ``bench_intensity``'s records, as a sessions table.

    Above :data:`MAX_BUILT` sessions, the built table is repeated under new
    participant ids (``-1``, ``-2`` ... appended): building 10^7 records as Python
    values would take the parent many minutes and gigabytes.
    """
    built = min(size, MAX_BUILT)
    base = input_frame(records(max(1, built // SESSIONS_EACH), SESSIONS_EACH))
    if size <= MAX_BUILT:
        return base
    copies = -(-size // base.height)
    return pl.concat(
        base.with_columns(pl.col("participant_id") + f"-{copy}") for copy in range(copies)
    ).head(size)


def _ratio(ours: float, hand: float) -> str:
    verdict = "within target" if ours <= TARGET_RATIO * hand else "OVER TARGET"
    return f"{ours / hand:.2f} x (target <= {TARGET_RATIO:g}; {verdict})"


def bench(sizes: Sequence[int], repeat: int) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            frame = sessions_table(size)
            participants = frame["participant_id"].n_unique()
            objects = size <= MAX_OBJECTS
            weeks = check(frame, objects=objects)
            path = str(pathlib.Path(folder) / f"sessions-{size}.parquet")
            frame.write_parquet(path)
            del frame  # the children read the file; the parent need not hold it
            modes = MODES if objects else MODES[:-1]
            figures = {
                mode: run_child(__file__, mode, path, "--repeat", str(repeat)) for mode in modes
            }
            name = f"frames_weeks.{size}"
            ours = figures["frames"]["seconds"]
            lines += [
                f"{name}.sessions: {size:,} ({participants:,} participants, {weeks:,} weeks)",
                *(
                    f"{name}.{mode}: {figures[mode]['seconds']:.3f} s (best of {repeat} "
                    f"after a warm-up; peak {figures[mode]['peak_mb']:.0f} MB in its own process)"
                    for mode in modes
                ),
                f"{name}.ratio_hand_written_same_output: "
                + _ratio(ours, figures["hand_written_same_output"]["seconds"]),
                f"{name}.ratio_hand_written_minimal: "
                + _ratio(ours, figures["hand_written_minimal"]["seconds"])
                + " (the minimal baseline gives 5 of the 11 columns and checks no rows)",
            ]
            if objects:
                faster = figures["objects"]["seconds"] / ours
                lines.append(f"{name}.ratio_objects: {faster:.1f} x faster than the object path")
            else:
                lines.append(
                    f"{name}.objects: skipped (above {MAX_OBJECTS:,} sessions the object "
                    "path's Session values alone take gigabytes and minutes; its figures "
                    "are checked at 10^5 and 10^6)"
                )
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
