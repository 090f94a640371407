"""Regenerate the golden snapshots: every shipped ruleset on a fixed synthetic cohort.

Each shipped ruleset with placement rules (``iopcore.rulesets.available()`` but for
the hour-band-only ``asam`` and ``medicare``) recommends a level for the
same :data:`COUNT` synthetic assessments (:mod:`iopcore.synthetic`, seed :data:`SEED`,
as of :data:`AS_OF`), and the results go to ``tests/snapshots/<ruleset>.json``, one
line per assessment, so that a change to a rule shows as a reviewable diff. The
transition decisions of the reference ruleset on synthetic histories of
:data:`HISTORY_WEEKS` weeks (:data:`HISTORIES` each) go to
``tests/snapshots/transitions.json``, every finding in full, with each finding's
source once in the header. ``tests/test_snapshots.py`` recomputes them all and fails
on any difference.

Run it from the repository root after an intended rule change, and commit the diff::

    .venv/bin/python scripts/regenerate_snapshots.py
    .venv/bin/python scripts/regenerate_snapshots.py --check   # compare only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pendulum

from iopcore import rulesets, synthetic
from iopcore.placement import recommend_level
from iopcore.transitions import evaluate_transition

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iopcore.placement import Placement
    from iopcore.transitions import TransitionDecision

ROOT: Final = Path(__file__).resolve().parent.parent
SNAPSHOTS: Final = ROOT / "tests" / "snapshots"
#: The fixed cohort: how many assessments, the seed, and the date they are read on.
COUNT: Final = 200
SEED: Final = 2026
AS_OF: Final = pendulum.Date(2026, 3, 2)
#: Synthetic histories for the transition snapshot: this many of each length in weeks
#: (short ones stay or step, long ones reach the maximum stay).
HISTORIES: Final = 50
HISTORY_WEEKS: Final = (3, 5, 7, 9)
#: The transition snapshot's name under tests/snapshots.
TRANSITIONS: Final = "transitions"


def record(placement: Placement) -> dict[str, object]:
    """One assessment's result, as plain JSON values."""
    return {
        "participant_id": placement.participant_id,
        "level": None if placement.level is None else placement.level.code,
        "determinable": placement.determinable,
        "at_least": placement.at_least.code,
        "at_most": placement.at_most.code,
        "missing": list(placement.missing),
        "fired": [finding.rule_id for finding in placement.fired],
    }


def render(ruleset_id: str) -> str:
    """The snapshot text of one shipped ruleset: a header, then one line per record."""
    ruleset = rulesets.get_ruleset(ruleset_id, as_of=AS_OF)
    # Rulesets without inputs of their own in the generator read the reference ones.
    inputs = ruleset_id if ruleset_id in synthetic.FOR_RULESETS else "reference"
    cohort = synthetic.assessments(COUNT, seed=SEED, as_of=AS_OF, for_ruleset=inputs)
    lines = [
        json.dumps(
            record(recommend_level(assessment, ruleset=ruleset, as_of=AS_OF)),
            sort_keys=True,
            ensure_ascii=True,
        )
        for assessment in cohort
    ]
    header = {
        "ruleset": {"id": ruleset.id, "version": ruleset.version, "hash": ruleset.content_hash},
        "cohort": {
            "count": COUNT,
            "seed": SEED,
            "as_of": AS_OF.isoformat(),
            "for_ruleset": inputs,
        },
    }
    head = json.dumps(header, sort_keys=True, ensure_ascii=True)
    body = ",\n".join(f"  {line}" for line in lines)
    return f'{{"header": {head},\n "placements": [\n{body}\n]}}\n'


def decision_record(decision: TransitionDecision) -> dict[str, object]:
    """One decision, every finding in full but its source (kept once in the header)."""
    return {
        "participant_id": decision.participant_id,
        "kind": decision.kind.value,
        "from_level": decision.from_level.code,
        "to_level": None if decision.to_level is None else decision.to_level.code,
        "rule_id": decision.rule_id,
        "change_reason": None if decision.change_reason is None else decision.change_reason.value,
        "discharge_reason": (
            None if decision.discharge_reason is None else decision.discharge_reason.value
        ),
        "next_review": None if decision.next_review is None else decision.next_review.isoformat(),
        "findings": [
            [f.rule_id, f.condition, f.met, f.observed, f.required] for f in decision.findings
        ],
    }


def render_transitions() -> str:
    """The transition snapshot: a header with each finding's source, one line per decision."""
    ruleset = rulesets.get_ruleset("reference", as_of=AS_OF)
    decisions = [
        evaluate_transition(
            history.episode,
            assessments=history.assessments,
            sessions=history.sessions,
            as_of=AS_OF,
            ruleset=ruleset,
        )
        for weeks in HISTORY_WEEKS
        for history in synthetic.iter_histories(HISTORIES, seed=SEED, as_of=AS_OF, weeks=weeks)
    ]
    sources = {
        f"{finding.rule_id} / {finding.condition}": finding.source
        for decision in decisions
        for finding in decision.findings
    }
    header = {
        "ruleset": {"id": ruleset.id, "version": ruleset.version, "hash": ruleset.content_hash},
        "cohort": {
            "histories": HISTORIES,
            "weeks": list(HISTORY_WEEKS),
            "seed": SEED,
            "as_of": AS_OF.isoformat(),
        },
        "sources": dict(sorted(sources.items())),
    }
    lines = [
        json.dumps(decision_record(decision), sort_keys=True, ensure_ascii=True)
        for decision in decisions
    ]
    head = json.dumps(header, sort_keys=True, ensure_ascii=True, indent=1)
    body = ",\n".join(f"  {line}" for line in lines)
    return f'{{"header": {head},\n "decisions": [\n{body}\n]}}\n'


def snapshots() -> dict[str, object]:
    """Every snapshot by name, each with the function that renders it."""
    found: dict[str, object] = {
        ruleset_id: (lambda ruleset_id=ruleset_id: render(ruleset_id))
        for ruleset_id in placement_rulesets()
    }
    found[TRANSITIONS] = render_transitions
    return found


def placement_rulesets() -> tuple[str, ...]:
    """The shipped rulesets that place (have rules or a tree); hour-band-only ones do not."""
    return tuple(
        ruleset_id
        for ruleset_id in rulesets.available()
        if (ruleset := rulesets.get_ruleset(ruleset_id)).rules or ruleset.tree is not None
    )


def path_of(ruleset_id: str) -> Path:
    """Where the snapshot of ``ruleset_id`` (or of the transitions) lives."""
    return SNAPSHOTS / f"{ruleset_id}.json"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every shipped ruleset's snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report which snapshots differ")
    args = parser.parse_args(argv)
    differ = []
    for ruleset_id, rendering in snapshots().items():
        path = path_of(ruleset_id)
        text = rendering()  # type: ignore[operator]
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if text == old:
            continue
        differ.append(ruleset_id)
        if not args.check:
            SNAPSHOTS.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if args.check and differ:
        print(f"out of date: {', '.join(differ)}")
        return 1
    if not differ:
        print("snapshots are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
