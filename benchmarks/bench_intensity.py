"""Benchmark: weekly compliance for 1,000,000 sessions against hand-written code and pandas.

The input is one list of plain records ``(participant, service, start, end, attendance,
attended minutes)`` for :data:`PARTICIPANTS` participants with :data:`SESSIONS_EACH`
sessions each over some 10 weeks, with aware datetimes in the program's time zone
(New York), three slots a day, none overlapping another, and weeks that cross the
spring and autumn clock changes. Three ways compute the same thing from it, one
result per participant and program week from the first to the last week with
sessions (empty weeks included):
attended hours (real elapsed time), days attended, and whether the IOP adult band
of 9 to 19 hours was met.

* iopcore: :class:`~iopcore.sessions.Session` values built from the records (with
  their validation), then :func:`iopcore.weekly_compliance` per participant; the
  target counts both, and each part is also printed alone. It also validates,
  sorts, checks overlaps, counts services, and builds findings for short weeks.
* hand-written: a plain loop with the standard library only: POSIX timestamps for
  real elapsed time, the local day from the timestamp, dicts per participant.
* pandas (when installed): a DataFrame from the records, hours and local days as
  vectorised columns, a ``groupby`` per participant and week, and the empty weeks
  filled in with a reindex.

Before any timing the three results are compared week by week; a disagreement stops
the benchmark. Targets: iopcore within 1.5x of the hand-written loop; a ``Session``
at most 1.5x the memory of a ``NamedTuple`` with the same fields.

Run it on its own (or through ``benchmarks/run.py --only intensity``)::

    .venv/bin/python benchmarks/bench_intensity.py
    .venv/bin/python benchmarks/bench_intensity.py --participants 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import sys
import time
import zoneinfo
from typing import TYPE_CHECKING, Final, NamedTuple

import pendulum

from iopcore import LevelOfCare, Population
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.sessions import Session

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Participants, and sessions each (1,000,000 sessions in all).
PARTICIPANTS: Final = 10_000
SESSIONS_EACH: Final = 100
SEED: Final = 20240310
TZ: Final = "America/New_York"
#: First admission day; admissions spread over the next 300 days (two clock changes).
FIRST_DAY: Final = dt.date(2024, 1, 1)
TARGET_RATIO: Final = 1.5
TARGET_MEMORY: Final = 1.5
#: The IOP adult band of the asam ruleset (9-19 hours a week), checked below.
MIN_HOURS: Final = 9.0
MAX_HOURS: Final = 19.0

ZONE: Final = zoneinfo.ZoneInfo(TZ)
PENDULUM_ZONE: Final = pendulum.timezone(TZ)
SERVICES: Final = ("group therapy", "individual therapy", "psychoeducation", "skills group")
ATTENDANCE: Final = ("attended",) * 16 + ("attended in part", "absent", "excused", "cancelled")


class Record(NamedTuple):
    """One input record, as an application's database would give it."""

    participant_id: str
    service: str
    start: dt.datetime
    end: dt.datetime
    attendance: str
    attended_minutes: int | None


#: One result row: participant, week start (ordinal), attended hours, days attended, met.
Row = tuple[str, int, float, int, bool]


def records(participants: int, each: int) -> list[Record]:
    """The input: ``participants`` x ``each`` records, in no particular order."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data, not security
    made: list[Record] = []
    for number in range(participants):
        who = f"syn-{number:06d}"
        slot = 3 * rng.randrange(300)  # three slots a day; none overlaps the next
        for _ in range(each):
            slot += rng.choice((1, 1, 2, 3, 4))
            day = FIRST_DAY + dt.timedelta(days=slot // 3)
            hour = (9, 13, 18)[slot % 3]
            minutes = rng.choice((60, 90, 120, 180))
            start = pendulum.DateTime(day.year, day.month, day.day, hour, tzinfo=PENDULUM_ZONE)
            # Real elapsed time: the standard library adds wall-clock time within a zone.
            end = pendulum.instance(
                dt.datetime.fromtimestamp(start.timestamp() + 60 * minutes, ZONE)
            )
            kind = rng.choice(ATTENDANCE)
            part = rng.randrange(1, minutes) if kind == "attended in part" else None
            made.append(Record(who, rng.choice(SERVICES), start, end, kind, part))
    rng.shuffle(made)
    return made


def build_sessions(rows: Sequence[Record]) -> dict[str, list[Session]]:
    """iopcore's input: Session values grouped by participant."""
    grouped: dict[str, list[Session]] = {}
    for row in rows:
        grouped.setdefault(row.participant_id, []).append(
            Session(
                participant_id=row.participant_id,
                service=row.service,
                start=row.start,
                end=row.end,
                attendance=row.attendance,
                attended_minutes=row.attended_minutes,
            )
        )
    return grouped


def compliance(grouped: dict[str, list[Session]]) -> list[Row]:
    """iopcore's weekly compliance over Session values already built."""
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
    return [
        (who, week.week_start.toordinal(), week.hours, week.days_attended, week.met)
        for who, sessions in grouped.items()
        for week in weekly_compliance(sessions, requirement, tz=TZ)
    ]


def with_iopcore(rows: Sequence[Record]) -> list[Row]:
    """iopcore from the records: build every Session, then weekly compliance."""
    return compliance(build_sessions(rows))


def by_hand(rows: Sequence[Record]) -> list[Row]:
    """The hand-written standard-library loop."""
    people: dict[str, dict[int, list[float]]] = {}
    days_seen: dict[str, dict[int, set[int]]] = {}
    for who, _, start, end, attendance, minutes in rows:
        begins = start.timestamp()
        day = dt.datetime.fromtimestamp(begins, ZONE).toordinal()
        week = day - (day - 1) % 7  # the Monday (ordinal 1 was a Monday)
        weeks = people.setdefault(who, {})
        total = weeks.setdefault(week, [0.0])
        if attendance == "attended":
            total[0] += end.timestamp() - begins
        elif attendance == "attended in part":
            total[0] += 60.0 * (minutes or 0)
        else:
            continue
        days_seen.setdefault(who, {}).setdefault(week, set()).add(day)
    found: list[Row] = []
    for who, weeks in people.items():
        seen = days_seen.get(who, {})
        for week in range(min(weeks), max(weeks) + 1, 7):
            hours = weeks.get(week, [0.0])[0] / 3600
            met = MIN_HOURS <= hours <= MAX_HOURS
            found.append((who, week, hours, len(seen.get(week, ())), met))
    return found


def with_pandas(rows: Sequence[Record]) -> list[Row] | None:
    """The same with a pandas groupby; ``None`` when pandas is not installed."""
    try:
        import pandas as pd  # noqa: PLC0415 - optional
    except ImportError:
        return None
    frame = pd.DataFrame.from_records(rows, columns=Record._fields)
    start = pd.to_datetime([r.start.timestamp() for r in rows], unit="s", utc=True)
    end = pd.to_datetime([r.end.timestamp() for r in rows], unit="s", utc=True)
    local = start.tz_convert(TZ).tz_localize(None).normalize()
    frame["day"] = local
    frame["week"] = local - pd.to_timedelta(local.day_of_week, unit="D")
    seconds = (end - start).total_seconds()
    part = frame["attended_minutes"].fillna(0).to_numpy() * 60.0
    attended = frame["attendance"].to_numpy()
    frame["seconds"] = 0.0
    frame.loc[attended == "attended", "seconds"] = seconds[attended == "attended"]
    frame.loc[attended == "attended in part", "seconds"] = part[attended == "attended in part"]
    frame["present"] = (attended == "attended") | (attended == "attended in part")
    present = frame[frame["present"]]
    hours = frame.groupby(["participant_id", "week"])["seconds"].sum() / 3600
    days = present.groupby(["participant_id", "week"])["day"].nunique()
    spans = hours.reset_index().groupby("participant_id")["week"].agg(["min", "max"])
    full = pd.MultiIndex.from_tuples(
        [
            (who, week)
            for who, low, high in spans.itertuples()
            for week in pd.date_range(low, high, freq="7D")
        ],
        names=["participant_id", "week"],
    )
    table = pd.DataFrame({"hours": hours, "days": days}).reindex(full).fillna(0)
    epoch = dt.date(1970, 1, 1).toordinal()
    return [
        (who, epoch + int(week.value // 86_400_000_000_000), h, int(d), MIN_HOURS <= h <= MAX_HOURS)
        for (who, week), h, d in zip(table.index, table["hours"], table["days"], strict=True)
    ]


def _same(name: str, found: list[Row], expected: list[Row]) -> None:
    ours = sorted(found)
    theirs = sorted(expected)
    if len(ours) != len(theirs):
        message = f"{name}: {len(ours)} weeks, expected {len(theirs)}"
        raise SystemExit(message)
    for mine, other in zip(ours, theirs, strict=True):
        same = mine[:2] == other[:2] and mine[3:] == other[3:]
        if not same or abs(mine[2] - other[2]) > 1e-6:
            message = f"{name} disagrees: {mine} != {other}"
            raise SystemExit(message)


def _best(repeat: int, run: Callable[[], object], *, collect: bool = False) -> float:
    """The best time of ``repeat`` runs; the garbage collector is off while each runs
    (as :mod:`timeit` does) unless ``collect``."""
    times = []
    for _ in range(repeat):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def _deep_size(value: object) -> int:
    """``sys.getsizeof`` of the object and of its ``__dict__`` if it has one."""
    size = sys.getsizeof(value)
    inner = getattr(value, "__dict__", None)
    return size + (sys.getsizeof(inner) if inner is not None else 0)


def memory_lines(session: Session) -> list[str]:
    class SessionTuple(NamedTuple):
        participant_id: str
        service: object
        start: dt.datetime
        end: dt.datetime
        attendance: object
        attended_minutes: int | None

    plain = SessionTuple(
        session.participant_id,
        session.service,
        session.start,
        session.end,
        session.attendance,
        session.attended_minutes,
    )
    ours = _deep_size(session)
    theirs = _deep_size(plain)
    verdict = "within target" if ours <= TARGET_MEMORY * theirs else "OVER TARGET"
    return [
        (f"intensity.memory.session: {ours} bytes (sys.getsizeof of the slotted object)"),
        f"intensity.memory.namedtuple: {theirs} bytes (same six fields)",
        f"intensity.memory.ratio: {ours / theirs:.2f} x (target <= {TARGET_MEMORY:g}; {verdict})",
    ]


def bench(
    repeat: int | None, *, participants: int = PARTICIPANTS, each: int = SESSIONS_EACH
) -> list[str]:
    count = 1 if repeat is None else repeat
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
    band = (requirement.min_hours_per_week, requirement.max_hours_per_week)
    if band != (MIN_HOURS, MAX_HOURS):  # a ruleset change: the hand-written code must follow
        message = f"the IOP adult band is now {band}"
        raise SystemExit(message)
    rows = records(participants, each)
    expected = by_hand(rows)
    _same("iopcore", with_iopcore(rows), expected)
    pandas_rows = with_pandas(rows)
    if pandas_rows is not None:
        _same("pandas", pandas_rows, expected)
    # The target is for the whole job from the same records: building every Session
    # (with its validation) and then weekly compliance. Both parts are shown too.
    # Timed with the garbage collector off, as timeit does; the whole job is timed
    # with it on as well, since building a million objects wakes it often.
    ours = _best(count, lambda: with_iopcore(rows))
    ours_collecting = _best(count, lambda: with_iopcore(rows), collect=True)
    hand = _best(count, lambda: by_hand(rows))
    hand_collecting = _best(count, lambda: by_hand(rows), collect=True)
    building = _best(count, lambda: build_sessions(rows))
    grouped = build_sessions(rows)
    judging = _best(count, lambda: compliance(grouped))
    lines = [
        (
            f"intensity.sessions: {len(rows):,} ({participants:,} participants, "
            f"{len(expected):,} participant-weeks)"
        ),
        (
            f"intensity.iopcore: {ours:.2f} s (best of {count}, collector off; building "
            "every Session from the records, then weekly compliance)"
        ),
        (
            f"intensity.iopcore.build_sessions: {building:.2f} s "
            f"({building / len(rows) * 1e6:.2f} us per Session)"
        ),
        f"intensity.iopcore.weekly_compliance: {judging:.2f} s (Sessions already built)",
        f"intensity.hand_written: {hand:.2f} s (best of {count}, collector off)",
        (
            f"intensity.ratio_hand_written: {ours / hand:.2f} x (target <= {TARGET_RATIO:g}; "
            f"{'within target' if ours <= TARGET_RATIO * hand else 'OVER TARGET'})"
        ),
        f"intensity.ratio_compliance_only: {judging / hand:.2f} x (Sessions already built)",
        (
            f"intensity.with_garbage_collector: iopcore {ours_collecting:.2f} s, hand-written "
            f"{hand_collecting:.2f} s, {ours_collecting / hand_collecting:.2f} x (no target)"
        ),
    ]
    if pandas_rows is None:
        lines.append("intensity.pandas: not installed (pip install pandas)")
    else:
        panda = _best(count, lambda: with_pandas(rows))
        lines.append(f"intensity.pandas: {panda:.2f} s (best of {count}; DataFrame included)")
        lines.append(f"intensity.ratio_pandas: {ours / panda:.2f} x (iopcore / pandas)")
    sample = rows[0]
    lines.extend(memory_lines(grouped[sample.participant_id][0]))
    lines.append(
        f"intensity.per_session: iopcore {ours / len(rows) * 1e6:.2f} us, "
        f"hand-written {hand / len(rows) * 1e6:.2f} us "
        f"({statistics.median(len(v) for v in grouped.values()):.0f} sessions per participant)"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=PARTICIPANTS)
    parser.add_argument("--each", type=int, default=SESSIONS_EACH)
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args(argv)
    for line in bench(args.repeat, participants=args.participants, each=args.each):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
