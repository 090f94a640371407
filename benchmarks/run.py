"""Benchmarks for iopcore: prints one figure per line, as ``name: value unit``.

Run from the repository root with the development environment::

    .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --only import_time --repeat 31

This is a measuring script, not a test: it asserts nothing and exits 0 whatever the
figures are; the targets are printed next to them. To add a benchmark, write a
function that takes the number of repetitions (``None`` for its own default) and
returns its lines, and add it to ``BENCHMARKS``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

import bench_cohort
import bench_intensity
import bench_placement  # benchmarks/ is on sys.path when run as a script
import bench_transitions
from bench_instruments import bench_phq9

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

ROOT: Final = Path(__file__).resolve().parent.parent

#: The runtime dependencies: iopcore's import time is measured on top of theirs.
DEPENDENCIES: Final = ("attrs", "cattrs", "pendulum")
#: How much ``import iopcore`` may add to importing its dependencies alone.
IMPORT_TARGET_MS: Final = 15.0
#: Fresh interpreters per kind of run; the medians need enough of them to be stable.
IMPORT_DEFAULT_REPEAT: Final = 15

# Runs in a fresh interpreter: times the imports alone (interpreter start-up is not
# counted) and reports whether Hypothesis was imported, which `import iopcore` must
# never do.
_IMPORT_PROBE: Final = """\
import sys, time
start = time.perf_counter()
import {modules}
elapsed = time.perf_counter() - start
print(elapsed, "hypothesis" in sys.modules)
"""


def _probe(modules: Sequence[str]) -> tuple[float, bool]:
    """Import ``modules`` in a fresh interpreter; return (seconds, hypothesis loaded)."""
    code = _IMPORT_PROBE.format(modules=", ".join(modules))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        cwd=ROOT,
        text=True,
    )
    seconds, hypothesis_loaded = result.stdout.split()
    return float(seconds), hypothesis_loaded == "True"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def import_time(repeat: int | None) -> list[str]:
    """Time ``import iopcore`` against importing its dependencies alone.

    Each kind of run happens in ``repeat`` fresh interpreters; the two kinds
    alternate, and swap order every pair, so that drift in machine load falls on
    both alike. One unmeasured run of each first fills the bytecode caches.
    """
    count = IMPORT_DEFAULT_REPEAT if repeat is None else repeat
    baseline_modules = DEPENDENCIES
    iopcore_modules = (*DEPENDENCIES, "iopcore")
    _probe(baseline_modules)
    _probe(iopcore_modules)
    baseline: list[float] = []
    with_iopcore: list[float] = []
    hypothesis_loaded = False
    for index in range(count):
        kinds = ("baseline", "iopcore") if index % 2 == 0 else ("iopcore", "baseline")
        for kind in kinds:
            if kind == "baseline":
                baseline.append(_probe(baseline_modules)[0])
            else:
                seconds, loaded = _probe(iopcore_modules)
                with_iopcore.append(seconds)
                hypothesis_loaded = hypothesis_loaded or loaded
    base = statistics.median(baseline)
    full = statistics.median(with_iopcore)
    added = full - base
    verdict = "within target" if added * 1000 <= IMPORT_TARGET_MS else "OVER TARGET"
    deps = ", ".join(DEPENDENCIES)
    return [
        f"import_time.dependencies: {_ms(base)} (median of {count}; import {deps})",
        f"import_time.dependencies_and_iopcore: {_ms(full)} (median of {count})",
        f"import_time.iopcore_added: {_ms(added)} (target <= {IMPORT_TARGET_MS:g} ms; {verdict})",
        f"import_time.ratio: {full / base:.3f} x (dependencies and iopcore / dependencies)",
        f"import_time.hypothesis_imported: {'yes' if hypothesis_loaded else 'no'} (must be no)",
    ]


#: Every benchmark, in the order they run: (name, function).
BENCHMARKS: Final[tuple[tuple[str, Callable[[int | None], list[str]]], ...]] = (
    ("import_time", import_time),
    ("phq9_scoring", lambda repeat: bench_phq9(1 if repeat is None else repeat)),
    ("placement_reference", bench_placement.bench_reference),
    ("placement_locus", bench_placement.bench_locus),
    ("intensity", bench_intensity.bench),
    ("transitions", bench_transitions.bench),
    ("cohort", bench_cohort.bench),
)


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        message = f"must be at least 1, not {number}"
        raise argparse.ArgumentTypeError(message)
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the iopcore benchmarks; one figure per line.")
    parser.add_argument(
        "--only",
        choices=[name for name, _ in BENCHMARKS],
        action="append",
        metavar="NAME",
        help="run only this benchmark (may be given more than once); "
        f"one of: {', '.join(name for name, _ in BENCHMARKS)}",
    )
    parser.add_argument(
        "--repeat",
        type=_positive,
        default=None,
        metavar="N",
        help="repetitions per measurement (default: each benchmark's own)",
    )
    args = parser.parse_args(argv)
    for name, benchmark in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        for line in benchmark(args.repeat):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
