"""Timing helpers shared by the frames benchmarks: the best of some runs, a fresh child process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The best of ``repeat`` runs after one untimed run (imports, first plans)."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def run_child(script: str, *arguments: str) -> dict[str, Any]:
    """The figures a fresh ``script --child ARGUMENTS`` prints as JSON on its last line.

    A child that fails stops the benchmark with the end of its error output.
    """
    done = subprocess.run(
        [sys.executable, script, "--child", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(arguments)}: {done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures
