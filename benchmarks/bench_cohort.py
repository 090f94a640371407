"""Benchmark: a whole cohort end to end, and its JSON round trip.

The input is :func:`iopcore.synthetic.iter_histories`: :data:`PARTICIPANTS` (10,000)
participants, each with an episode admitted :data:`WEEKS` (12) weeks before
:data:`AS_OF`, a weekly assessment (12) and three 3-hour group sessions a week (36).
End to end means :mod:`iopcore.cohort` on every participant: a placement for every
assessment, weekly compliance for every program week, the transition decision on
:data:`AS_OF`, PHQ-9 and GAD-7 outcomes, and the tidy records of all of it (a
participant row, a placement row per assessment, a week row per program week).

Each way of running it happens in a fresh interpreter, so that its peak memory is its
own: the figure is the child's own high-water mark (``VmHWM``; see ``_memory``), printed with
the resident size right after the imports, so what the run itself added can be read
off. Times are wall-clock and, since the machine may be shared, the child's CPU time
too (the ratios are of CPU times).

* ``held``: the cohort is built into a tuple first (generation timed alone), then
  evaluated into records (timed alone): the figure for an application that has its
  values in memory already. The JSON round trip runs on this same cohort afterwards.
* ``records``: generation and evaluation streamed, one participant at a time, every
  tidy record kept in three lists (what one hands to ``pandas.DataFrame``).
* ``summary``: the same stream reduced to :func:`iopcore.cohort.summarize`, keeping
  no record: memory stays that of one participant.

JSON: every participant's records (:class:`iopcore.cohort.ParticipantRecords`:
participant, episode, assessments, sessions) through :func:`iopcore.serialize.to_json`
and back through :func:`iopcore.serialize.from_json`, checked equal to the original,
against ``json.dumps(attrs.asdict(records), default=str)`` and ``json.loads`` (a
one-way baseline: dates and enums become text that ``attrs.asdict`` cannot turn back
into values, with no schema version, stable key order or checking; sets become one
string each, so that text has fewer arrays and objects to parse), and against
``json.loads`` of iopcore's own text (the same bytes ``from_json`` reads: the cost
of parsing alone, the figure the 10x aim of ``from_json`` is measured against). The
JSON figures are taken with the garbage collector paused (as ``timeit`` does), so that
no reader pays for walking what another left alive.

Run it on its own (or through ``benchmarks/run.py --only cohort``)::

    .venv/bin/python benchmarks/bench_cohort.py
    .venv/bin/python benchmarks/bench_cohort.py --participants 1000
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import pendulum
from _memory import peak_mb  # benchmarks/ is on sys.path when run as a script

from iopcore import cohort, serialize, synthetic

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Participants in the cohort.
PARTICIPANTS: Final = 10_000
#: Weeks of assessments and sessions each.
WEEKS: Final = 12
#: Seed of the synthetic histories, so that every run evaluates the same cohort.
SEED: Final = 2026
#: The date everything is evaluated on.
AS_OF: Final = pendulum.Date(2026, 3, 30)
#: The program's time zone.
TZ: Final = "America/New_York"
#: The ways of running it, each in its own interpreter.
MODES: Final = ("held", "records", "summary")


def _rss_mb() -> float:
    """This process's own peak resident memory, in MB (see ``_memory``)."""
    return peak_mb()


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _stream(participants: int) -> Any:  # noqa: ANN401 - an iterator of histories
    return synthetic.iter_histories(participants, seed=SEED, as_of=AS_OF, weeks=WEEKS)


def _keep_records(histories: Any) -> dict[str, int]:  # noqa: ANN401 - any iterable
    participant_rows, placement_rows, week_rows = [], [], []
    for evaluation in cohort.evaluate_cohort(histories, as_of=AS_OF, tz=TZ):
        participant_rows.append(evaluation.participant)
        placement_rows.extend(evaluation.placements)
        week_rows.extend(evaluation.weeks)
    summary = cohort.summarize(participant_rows)
    return {
        "participant_rows": len(participant_rows),
        "placement_rows": len(placement_rows),
        "week_rows": len(week_rows),
        "step_ups": summary.step_ups,
        "step_downs": summary.step_downs,
        "discharges": summary.discharges,
    }


def _timed(work: Any) -> tuple[Any, tuple[float, float]]:  # noqa: ANN401 - any work
    """Run ``work()`` with the garbage collector paused, as ``timeit`` does.

    Every JSON figure is taken this way, so that none pays for walking the values the
    others left alive (the collector's cost grows with the heap, not with the work).
    """
    gc.collect()
    gc.disable()
    try:
        start = _clock()
        result = work()
        return result, _since(start)
    finally:
        gc.enable()


def _json_round_trip(histories: Sequence[synthetic.SyntheticHistory]) -> dict[str, Any]:
    values = [
        cohort.ParticipantRecords(
            participant=h.participant,
            episode=h.episode,
            assessments=h.assessments,
            sessions=h.sessions,
        )
        for h in histories
    ]
    texts, dumped = _timed(lambda: [serialize.to_json(value) for value in values])
    back, loaded = _timed(
        lambda: [serialize.from_json(text, cohort.ParticipantRecords) for text in texts]
    )
    if back != values:  # pragma: no cover - a round-trip failure
        message = "from_json(to_json(x)) != x"
        raise AssertionError(message)
    del back
    plain, plain_dumped = _timed(
        lambda: [json.dumps(attrs.asdict(value), default=str) for value in values]
    )
    _, plain_loaded = _timed(lambda: [json.loads(text) for text in plain])
    _, own_loaded = _timed(lambda: [json.loads(text) for text in texts])
    return {
        "to_json": dumped,
        "from_json": loaded,
        "asdict_dumps": plain_dumped,
        "loads": plain_loaded,
        "loads_own": own_loaded,
        "bytes": sum(len(text.encode()) for text in texts),
        "plain_bytes": sum(len(text.encode()) for text in plain),
    }


def child(mode: str, participants: int) -> dict[str, Any]:
    """Run one mode in this process; return its figures (``main --child`` prints them)."""
    found: dict[str, Any] = {"mode": mode, "rss_after_imports_mb": _rss_mb()}
    if mode == "held":
        start = _clock()
        histories = tuple(_stream(participants))
        found["generate"] = _since(start)
        start = _clock()
        found.update(_keep_records(histories))
        found["evaluate"] = _since(start)
        found["peak_rss_mb"] = _rss_mb()
        found["assessments"] = sum(len(h.assessments) for h in histories)
        found["sessions"] = sum(len(h.sessions) for h in histories)
        found["json"] = _json_round_trip(histories)
    elif mode == "records":
        start = _clock()
        found.update(_keep_records(_stream(participants)))
        found["end_to_end"] = _since(start)
        found["peak_rss_mb"] = _rss_mb()
    else:
        start = _clock()
        summary = cohort.summarize(
            cohort.participant_records(_stream(participants), as_of=AS_OF, tz=TZ)
        )
        found["end_to_end"] = _since(start)
        found["peak_rss_mb"] = _rss_mb()
        found["participant_rows"] = summary.participants
    return found


def _run_child(mode: str, participants: int) -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            mode,
            "--participants",
            str(participants),
        ],
        capture_output=True,
        check=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


def _times(name: str, figures: tuple[float, float], count: int) -> str:
    wall, cpu = figures
    return (
        f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU for {count:,} participants "
        f"({count / wall:,.0f}/s wall; {cpu / count * 1e3:.2f} ms CPU each)"
    )


def _pair(figures: Sequence[float]) -> str:
    return f"{figures[0]:.2f} s wall / {figures[1]:.2f} s CPU"


def _plus(first: Sequence[float], second: Sequence[float]) -> tuple[float, float]:
    return first[0] + second[0], first[1] + second[1]


def bench(repeat: int | None = None, participants: int = PARTICIPANTS) -> list[str]:
    """Run every mode in its own interpreter; return the figures as ``name: value`` lines.

    ``repeat`` is accepted for ``run.py`` and ignored: each mode runs once (a run of
    10,000 participants takes about a minute).
    """
    del repeat
    held = _run_child("held", participants)
    records = _run_child("records", participants)
    summary = _run_child("summary", participants)
    base = held["rss_after_imports_mb"]
    lines = [
        (
            f"cohort.input: {participants:,} participants, {held['assessments']:,} assessments, "
            f"{held['sessions']:,} sessions ({WEEKS} weeks each, synthetic.iter_histories)"
        ),
        (
            f"cohort.records: {held['participant_rows']:,} participant, "
            f"{held['placement_rows']:,} placement and {held['week_rows']:,} week rows; "
            f"decisions: {held['step_ups']:,} step up, {held['step_downs']:,} step down, "
            f"{held['discharges']:,} discharge"
        ),
        _times("cohort.generate", held["generate"], participants),
        _times("cohort.evaluate_held", held["evaluate"], participants),
        _times("cohort.end_to_end_records", records["end_to_end"], participants),
        _times("cohort.end_to_end_summary", summary["end_to_end"], participants),
        (
            f"cohort.peak_rss_held: {held['peak_rss_mb']:.0f} MB "
            f"(after imports {base:.0f} MB; cohort held in memory, records kept)"
        ),
        (
            f"cohort.peak_rss_records: {records['peak_rss_mb']:.0f} MB "
            f"(after imports {records['rss_after_imports_mb']:.0f} MB; streamed, records kept)"
        ),
        (
            f"cohort.peak_rss_summary: {summary['peak_rss_mb']:.0f} MB "
            f"(after imports {summary['rss_after_imports_mb']:.0f} MB; streamed, summary only)"
        ),
    ]
    figures = held["json"]
    to_json, from_json = figures["to_json"], figures["from_json"]
    dumps, loads = figures["asdict_dumps"], figures["loads"]
    lines.extend(
        [
            (
                f"cohort.json_iopcore: to_json {_pair(to_json)}, from_json {_pair(from_json)}, "
                f"round trip {_pair(_plus(to_json, from_json))} "
                f"({figures['bytes'] / 1e6:.1f} MB text; checked equal)"
            ),
            (
                f"cohort.json_baseline: json.dumps(attrs.asdict) {_pair(dumps)}, "
                f"json.loads {_pair(loads)}, both {_pair(_plus(dumps, loads))} "
                f"({figures['plain_bytes'] / 1e6:.1f} MB text; one way: no values back)"
            ),
            (
                f"cohort.json_loads_same_text: json.loads of to_json's own text "
                f"{_pair(figures['loads_own'])} (no values, no checks)"
            ),
            (
                f"cohort.json_ratio (CPU): to_json / dumps(asdict) {to_json[1] / dumps[1]:.2f} x, "
                f"from_json / loads {from_json[1] / loads[1]:.1f} x, "
                f"from_json / loads of the same text "
                f"{from_json[1] / figures['loads_own'][1]:.1f} x, "
                f"round trip {(to_json[1] + from_json[1]) / (dumps[1] + loads[1]):.2f} x"
            ),
        ]
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--participants", type=int, default=PARTICIPANTS, help="participants in the cohort"
    )
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.participants)))
        return 0
    for line in bench(participants=args.participants):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
