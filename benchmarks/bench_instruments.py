"""Benchmark: scoring PHQ-9 answer lists with iopcore against a hand-written function.

The hand-written function is the least a clinic's script would do: sum the nine
answers and look the band up, checking nothing. iopcore also checks every answer
(type and range), keeps missing answers explicit and sets the item 9 flag; the target
is to stay within 3x of the hand-written rate.

Run it on its own::

    .venv/bin/python benchmarks/bench_instruments.py
    .venv/bin/python benchmarks/bench_instruments.py --repeat 5

Each figure is the best of ``repeat`` timed passes over the same 1,000,000 answer
lists, generated with a seeded ``random.Random`` (the same lists every run).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from bisect import bisect_right
from typing import TYPE_CHECKING, Final

from iopcore.instruments import phq9

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Answer lists scored per pass.
VECTORS: Final = 1_000_000
#: Seed of the generator, so that every run scores the same lists.
SEED: Final = 20260302
#: iopcore may be at most this many times slower than the hand-written function.
TARGET_RATIO: Final = 3.0

_BANDS: Final = phq9.BANDS
_CUTS: Final = phq9.BAND_FLOORS[1:]


def hand_written(responses: tuple[int, ...]) -> tuple[int, str]:
    """Sum the answers and look up the band; no checks at all."""
    total = sum(responses)
    return total, _BANDS[bisect_right(_CUTS, total)]


def answer_lists(count: int = VECTORS, seed: int = SEED) -> list[tuple[int, ...]]:
    """``count`` complete PHQ-9 answer tuples, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    choices = rng.choices
    values = (0, 1, 2, 3)
    return [tuple(choices(values, k=9)) for _ in range(count)]


def _best_rate(
    function: Callable[[tuple[int, ...]], object], data: list[tuple[int, ...]], repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for responses in data:
            function(responses)
        best = min(best, time.perf_counter() - start)
    return len(data) / best


def bench_phq9(repeat: int = 1) -> list[str]:
    """Score 1,000,000 PHQ-9 answer tuples with iopcore and by hand; return the figures."""
    data = answer_lists()
    # Both must agree before their speed means anything.
    for responses in data[:1000]:
        result = phq9.score(responses)
        if (result.total, result.band) != hand_written(responses):  # pragma: no cover
            message = f"iopcore and the hand-written function disagree on {responses}"
            raise AssertionError(message)
    passes = max(1, repeat)
    iopcore_rate = _best_rate(phq9.score, data, passes)
    hand_rate = _best_rate(hand_written, data, passes)
    ratio = hand_rate / iopcore_rate
    verdict = "within target" if ratio <= TARGET_RATIO else "OVER TARGET"
    return [
        (
            f"phq9_scoring.iopcore: {iopcore_rate:,.0f} scores/s ({1e9 / iopcore_rate:.0f} ns "
            f"each; best of {passes} over {len(data):,} answer lists)"
        ),
        f"phq9_scoring.hand_written: {hand_rate:,.0f} scores/s ({1e9 / hand_rate:.0f} ns each)",
        f"phq9_scoring.ratio: {ratio:.2f} x slower (target <= {TARGET_RATIO:g} x; {verdict})",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="timed passes (best of N)"
    )
    args = parser.parse_args(argv)
    for line in bench_phq9(args.repeat):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
