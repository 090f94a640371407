"""Mutation testing of iopcore's clinical core, with mutmut 3 and cosmic-ray.

A mutant is a copy of the code with one small change (``<`` for ``<=``, ``6`` for
``5``, ``and`` for ``or``, a dropped ``not``, ``return None``); a test suite that
still passes on it has a blind spot there. This script runs one group of modules at
a time, each against the test files that exercise it, and prints each module's
score: the share of mutants some test killed.

Two tools, because of where the clinical numbers live:

* **mutmut 3** for code (the instrument modules, ``intensity``, ``transitions``,
  ``placement``): it mutates functions only, all mutants at once behind a switch,
  and runs for each mutant only the tests that call the function, so a group takes
  minutes.
* **cosmic-ray** for the rulesets, whose thresholds are module-level data
  (``Rule(...)``, ``HourBand(...)`` built at import) that mutmut never mutates: it
  rewrites the module itself and runs the tests in a fresh process per mutant (a
  second or ten each). Only the operators that can change a rule are used (numbers,
  comparisons, ``True``/``False``, ``not``, ``and``/``or``); ``|`` in annotations is
  left alone, since with postponed annotations it is never evaluated.

Each run works in a scratch copy of the repository (``build/mutation/<group>``), so
mutated files, mutmut's ``mutants/`` directory and each tool's configuration never
touch the working tree; the tests import the scratch copy, not the editable install
(mutmut puts its mutated copy first on ``sys.path`` and takes ``src`` off it;
cosmic-ray's test command runs with ``PYTHONPATH`` set to the copy's ``src``).

Install the tools once, then run a group (or all of them; an hour or two on two
cores)::

    .venv/bin/python -m pip install -e '.[mutation]'
    .venv/bin/python scripts/mutation.py instruments
    .venv/bin/python scripts/mutation.py --all --survivors

``--survivors`` lists the mutants no test killed; read one with ``mutmut show NAME``
inside the scratch copy, or in the cosmic-ray diff printed with it. The scores last
measured are on the docs' testing page (``docs/testing-kit.md``). Not part of CI.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Final, NamedTuple

ROOT: Final = Path(__file__).resolve().parent.parent
#: The tools' commands, beside this interpreter (``python -m mutmut`` runs it twice).
BIN: Final = Path(sys.executable).parent
MUTMUT: Final = str(BIN / "mutmut")
COSMIC_RAY: Final = str(BIN / "cosmic-ray")


class Group(NamedTuple):
    """Modules mutated together, the tests that exercise them, and the tool."""

    modules: tuple[str, ...]
    tests: tuple[str, ...]
    tool: str  # "mutmut" or "cosmic-ray"


GROUPS: Final[dict[str, Group]] = {
    "instruments": Group(
        (
            "src/iopcore/instruments/_scoring.py",
            "src/iopcore/instruments/phq9.py",
            "src/iopcore/instruments/gad7.py",
            "src/iopcore/instruments/audit.py",
            "src/iopcore/instruments/audit_c.py",
            "src/iopcore/instruments/dast10.py",
            "src/iopcore/instruments/pcl5.py",
            "src/iopcore/instruments/cssrs.py",
            "src/iopcore/instruments/bam.py",
        ),
        (
            "tests/test_instruments.py",
            "tests/test_instrument_scoring.py",
            "tests/test_instrument_verbs.py",
            "tests/test_instrument_edges.py",
            "tests/test_stored_scores.py",
        ),
        "mutmut",
    ),
    "rulesets": Group(
        (
            "src/iopcore/rulesets/reference.py",
            "src/iopcore/rulesets/medicare/__init__.py",
            "src/iopcore/rulesets/medicare/_recertification.py",
            "src/iopcore/rulesets/asam.py",
            "src/iopcore/rulesets/locus.py",
        ),
        (
            "tests/rulesets",
            "tests/test_rulesets.py",
            "tests/test_snapshots.py",
            "tests/test_messages.py",
        ),
        "cosmic-ray",
    ),
    "intensity": Group(
        (
            "src/iopcore/intensity/_requirements.py",
            "src/iopcore/intensity/_weeks.py",
            "src/iopcore/intensity/_calendar.py",
            "src/iopcore/intensity/_inputs.py",
            "src/iopcore/intensity/_judging.py",
            "src/iopcore/intensity/_compliance.py",
            "src/iopcore/intensity/_attendance.py",
        ),
        (
            "tests/intensity",
            "tests/test_intensity_edges.py",
            "tests/test_messages.py",
            "tests/test_schedules.py",
            "tests/programs",
            "tests/rulesets/test_medicare.py",
            "tests/rulesets/test_asam.py",
        ),
        "mutmut",
    ),
    "transitions": Group(
        (
            "src/iopcore/transitions/_decision.py",
            "src/iopcore/transitions/_inputs.py",
            "src/iopcore/transitions/_criteria.py",
            "src/iopcore/transitions/_evaluation.py",
            "src/iopcore/transitions/_obligations.py",
        ),
        (
            "tests/transitions",
            "tests/test_transition_edges.py",
            "tests/test_snapshots.py",
            "tests/test_obligations.py",
            "tests/test_calendar_edges.py",
            "tests/test_messages.py",
        ),
        "mutmut",
    ),
    "placement": Group(
        (
            "src/iopcore/placement/_placement.py",
            "src/iopcore/placement/_decide.py",
            "src/iopcore/placement/_recommend.py",
        ),
        (
            "tests/test_placement.py",
            "tests/test_names.py",
            "tests/test_snapshots.py",
            "tests/test_pickle.py",
            "tests/test_messages.py",
            "tests/rulesets",
        ),
        "mutmut",
    ),
}

#: What the scratch copy needs (scripts: the snapshot tests read their generator).
COPIED: Final = ("src", "tests", "scripts", "pyproject.toml", "README.md", "LICENSE")

#: cosmic-ray operators whose mutants cannot change a rule: ``|`` joins types in
#: annotations, which ``from __future__ import annotations`` leaves as unevaluated
#: text; ``is`` and ``==`` (``is not`` and ``!=``) agree on enum members, ``None`` and
#: the modules' own constants, which is all the rulesets compare by identity.
EXCLUDED_OPERATORS: Final = (
    r"core/ReplaceBinaryOperator_BitOr_.*",
    r"core/ReplaceComparisonOperator_Is_Eq",
    r"core/ReplaceComparisonOperator_IsNot_NotEq",
)

#: A score and the names (mutmut) or diffs (cosmic-ray) of the mutants that survived.
Scores = dict[str, tuple[int, int, list[str]]]


def _call(command: list[str], scratch: Path, **options: object) -> str:
    """Run one of the tools in ``scratch``; its output, when captured."""
    done = subprocess.run(command, cwd=scratch, check=True, text=True, **options)  # type: ignore[call-overload]  # noqa: S603 - our own tools, fixed arguments
    return str(done.stdout or "")


def _toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def scratch_of(name: str) -> Path:
    """The scratch copy a group runs in."""
    return ROOT / "build" / "mutation" / name


def prepare(name: str) -> None:
    """Copy the repository into ``build/mutation/<name>``, tests reading only ``tests``."""
    scratch = scratch_of(name)
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, scratch / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, scratch / item)
    pyproject = (scratch / "pyproject.toml").read_text(encoding="utf-8")
    # The doctests and docs are not the group's tests.
    pyproject = re.sub(r"(?m)^testpaths = .*$", 'testpaths = ["tests"]', pyproject)
    (scratch / "pyproject.toml").write_text(pyproject, encoding="utf-8")


def run_mutmut(group: Group, scratch: Path) -> Scores:
    """Run mutmut over the group's functions; per module, what it killed."""
    with (scratch / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(
            "\n[tool.mutmut]\n"
            'source_paths = ["src"]\n'
            'also_copy = ["scripts"]\n'
            f"only_mutate = {_toml_list(group.modules)}\n"
            f"pytest_add_cli_args_test_selection = {_toml_list(group.tests)}\n"
            'pytest_add_cli_args = ["-p", "no:cacheprovider"]\n'
        )
    _call([MUTMUT, "run"], scratch)
    return mutmut_scores(scratch)


def mutmut_scores(scratch: Path) -> Scores:
    """Per module, what mutmut's run in ``scratch`` killed."""
    out = _call([MUTMUT, "results", "--all", "true"], scratch, capture_output=True)
    scores: Scores = {}
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name:
            continue
        # iopcore.instruments.phq9.x_score__mutmut_4, or xǁClassǁmethod__mutmut_2
        module = re.sub(r"\.x[_ǁ].*$", "", name)
        killed, total, survivors = scores.get(module, (0, 0, []))
        if status in {"killed", "timeout", "segfault"}:
            killed += 1
        else:
            survivors.append(f"{name}: {status}")
        scores[module] = (killed, total + 1, survivors)
    return scores


def run_cosmic_ray(group: Group, scratch: Path) -> Scores:
    """Run cosmic-ray over the group's modules, data included; per module, what it killed."""
    tests = " ".join(group.tests)
    excluded = _toml_list(list(EXCLUDED_OPERATORS)).replace("\\", "\\\\")
    (scratch / "cosmic-ray.toml").write_text(
        "[cosmic-ray]\n"
        f"module-path = {_toml_list(group.modules)}\n"
        "timeout = 120.0\n"
        "excluded-modules = []\n"
        f'test-command = "{sys.executable} -m pytest -x -q -p no:cacheprovider {tests}"\n'
        '[cosmic-ray.distributor]\nname = "local"\n'
        f"[cosmic-ray.filters.operators-filter]\nexclude-operators = {excluded}\n",
        encoding="utf-8",
    )
    session = scratch / "session.sqlite"  # read by cosmic_ray_scores
    env = {**os.environ, "PYTHONPATH": str(scratch / "src")}
    config = str(scratch / "cosmic-ray.toml")
    # The tests must pass unmutated, or every mutant would count as killed.
    _call([COSMIC_RAY, "baseline", config], scratch, env=env)
    _call([COSMIC_RAY, "init", config, str(session)], scratch, env=env)
    _call([str(BIN / "cr-filter-operators"), str(session), config], scratch, env=env)
    # Lines marked "# pragma: no mutate" hold mutants shown equivalent in a comment.
    _call([str(BIN / "cr-filter-pragma"), str(session)], scratch, env=env)
    _call([COSMIC_RAY, "exec", config, str(session)], scratch, env=env)
    return cosmic_ray_scores(scratch)


def cosmic_ray_scores(scratch: Path) -> Scores:
    """Per module, what cosmic-ray's session in ``scratch`` killed."""
    scores: Scores = {}
    with sqlite3.connect(scratch / "session.sqlite") as db:
        rows = db.execute(
            "SELECT s.module_path, s.start_pos_row, s.operator_name, r.test_outcome, r.diff "
            "FROM mutation_specs s JOIN work_results r ON r.job_id = s.job_id "
            "WHERE r.worker_outcome != 'SKIPPED'"
        ).fetchall()
    for path, row, operator, outcome, diff in rows:
        relative = (scratch / path).resolve().relative_to((scratch / "src").resolve())
        module = relative.with_suffix("").as_posix().replace("/", ".")
        killed, total, survivors = scores.get(module, (0, 0, []))
        if outcome == "KILLED":
            killed += 1
        else:
            survivors.append(f"line {row} {operator}: {outcome.lower()}\n{diff}")
        scores[module] = (killed, total + 1, survivors)
    return scores


def run(name: str, *, survivors: bool, report: bool) -> None:
    """Run one group (or read its last run) and print each module's score."""
    group = GROUPS[name]
    scratch = scratch_of(name)
    if report:
        reader = mutmut_scores if group.tool == "mutmut" else cosmic_ray_scores
        scores = reader(scratch)
    else:
        prepare(name)
        print(f"mutation testing {name} with {group.tool} in build/mutation/{name}", flush=True)
        runner = run_mutmut if group.tool == "mutmut" else run_cosmic_ray
        scores = runner(group, scratch)
    for module, (killed, total, left) in sorted(scores.items()):
        print(f"{module}: {killed}/{total} killed ({100 * killed / total:.1f}%)")
        if survivors:
            for line in left:
                print(f"    {line}")


def main() -> None:
    """Run the groups named on the command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("groups", nargs="*", help=f"groups to run: {', '.join(GROUPS)}")
    parser.add_argument("--all", action="store_true", help="run every group")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    parser.add_argument(
        "--report", action="store_true", help="print the scores of the last run, running nothing"
    )
    args = parser.parse_args()
    names = list(GROUPS) if args.all else args.groups
    unknown = [name for name in names if name not in GROUPS]
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)}; the groups: {', '.join(GROUPS)}")
    if not names:
        parser.error(f"name a group ({', '.join(GROUPS)}) or pass --all")
    for name in names:
        run(name, survivors=args.survivors, report=args.report)


if __name__ == "__main__":
    main()
