"""Benchmark: transition decisions for 10,000 synthetic episodes of 12 weeks each.

The input is :func:`iopcore.synthetic.histories`: 10,000 participants, each with an
episode admitted 12 weeks (and 0-6 days) before :data:`AS_OF`, one assessment of the
reference inputs a week (12) and three 3-hour group sessions a week (36), some with
a level change part-way. Building them is timed apart and printed, since an
application builds its values once.

The figure is decisions per second: :func:`iopcore.evaluate_transition` on every
episode as of :data:`AS_OF`, with its assessments and sessions and the default
``reference`` ruleset. Each decision reads the episode as known on the date, filters
and sorts the assessments and sessions, runs placement on the assessments since the
level in force began, and checks every rule (all are evaluated, whichever decides),
so the figure does not depend on the mix of outcomes, which is printed too. The
obligations (deadlines) for every episode are timed the same way.

Run it on its own (or through ``benchmarks/run.py --only transitions``)::

    .venv/bin/python benchmarks/bench_transitions.py
    .venv/bin/python benchmarks/bench_transitions.py --episodes 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from typing import TYPE_CHECKING, Final

import pendulum

from iopcore import synthetic
from iopcore.rulesets import get_ruleset
from iopcore.transitions import evaluate_transition, obligations

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Episodes decided per pass.
EPISODES: Final = 10_000
#: Weeks of assessments and sessions per episode.
WEEKS: Final = 12
#: Seed of the synthetic histories, so that every run decides the same episodes.
SEED: Final = 2026
#: The date every decision is made for.
AS_OF: Final = pendulum.Date(2026, 3, 30)
#: Default timed passes (the best is reported).
REPEAT: Final = 3


def _best_seconds(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def bench(repeat: int | None = None, episodes: int = EPISODES) -> list[str]:
    """Decide every synthetic episode; return the figures as ``name: value`` lines."""
    passes = REPEAT if repeat is None else max(1, repeat)
    start = time.perf_counter()
    histories = synthetic.histories(episodes, seed=SEED, as_of=AS_OF, weeks=WEEKS)
    built = time.perf_counter() - start
    ruleset = get_ruleset("reference", as_of=AS_OF)
    assessments = sum(len(h.assessments) for h in histories)
    sessions = sum(len(h.sessions) for h in histories)

    def decide() -> list[object]:
        return [
            evaluate_transition(
                h.episode,
                assessments=h.assessments,
                sessions=h.sessions,
                as_of=AS_OF,
                ruleset=ruleset,
            )
            for h in histories
        ]

    def deadlines() -> list[object]:
        return [
            obligations(h.episode, as_of=AS_OF, ruleset=ruleset, assessments=h.assessments)
            for h in histories
        ]

    decisions = decide()
    # The same inputs must give the same decisions before their speed means anything.
    if decide() != decisions:  # pragma: no cover - a determinism failure
        message = "evaluate_transition gave different decisions for the same inputs"
        raise AssertionError(message)
    mix = collections.Counter(d.kind.name for d in decisions)  # type: ignore[attr-defined]
    rules = collections.Counter(d.rule_id or "none" for d in decisions)  # type: ignore[attr-defined]
    seconds = _best_seconds(decide, passes)
    deadline_seconds = _best_seconds(deadlines, passes)
    shown_mix = ", ".join(f"{kind} {count}" for kind, count in sorted(mix.items()))
    shown_rules = ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items()))
    return [
        (
            f"transitions.input: {episodes} episodes, {assessments} assessments, "
            f"{sessions} sessions ({WEEKS} weeks each; built in {built:.2f} s)"
        ),
        (
            f"transitions.decisions_per_second: {episodes / seconds:,.0f} "
            f"({seconds:.3f} s for {episodes}; best of {passes})"
        ),
        f"transitions.us_per_decision: {seconds / episodes * 1e6:.1f} us",
        f"transitions.mix: {shown_mix}",
        f"transitions.rules: {shown_rules}",
        (
            f"transitions.obligations_per_second: {episodes / deadline_seconds:,.0f} "
            f"({deadline_seconds:.3f} s for {episodes}; best of {passes})"
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=EPISODES, help="episodes to decide")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed passes (best kept)")
    args = parser.parse_args(argv)
    for line in bench(args.repeat, episodes=args.episodes):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
