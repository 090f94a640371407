"""Golden snapshots: each shipped ruleset on a fixed synthetic cohort, against its file.

The files under ``tests/snapshots/`` are written by ``scripts/regenerate_snapshots.py``.
A failure here means a ruleset, the engine or the synthetic generator now gives
different results; if that is intended, run the script and commit the diff.
"""

import difflib
import importlib.util
import json
from pathlib import Path

import pytest

from iopcore import rulesets

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "regenerate_snapshots.py"
_spec = importlib.util.spec_from_file_location("regenerate_snapshots", SCRIPT)
snapshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshots)

MAX_DIFF_LINES = 60


@pytest.mark.parametrize("ruleset_id", list(snapshots.snapshots()))
def test_ruleset_matches_its_golden_snapshot(ruleset_id):
    path = snapshots.path_of(ruleset_id)
    assert path.exists(), (
        f"no snapshot for ruleset {ruleset_id!r}: run .venv/bin/python "
        "scripts/regenerate_snapshots.py and commit tests/snapshots/"
    )
    expected = path.read_text(encoding="utf-8")
    actual = snapshots.snapshots()[ruleset_id]()
    if actual != expected:
        diff = list(
            difflib.unified_diff(
                expected.splitlines(),
                actual.splitlines(),
                fromfile=f"tests/snapshots/{ruleset_id}.json (committed)",
                tofile=f"{ruleset_id} now",
                lineterm="",
                n=0,
            )
        )
        shown = "\n".join(diff[:MAX_DIFF_LINES])
        more = len(diff) - MAX_DIFF_LINES
        pytest.fail(
            f"ruleset {ruleset_id!r} no longer matches its golden snapshot "
            f"({sum(1 for d in diff if d.startswith('+ '))} records changed):\n{shown}"
            + (f"\n... {more} more diff lines" if more > 0 else "")
            + "\nIf the change is intended, run: .venv/bin/python "
            "scripts/regenerate_snapshots.py and commit the updated tests/snapshots/.",
            pytrace=False,
        )


@pytest.mark.parametrize("ruleset_id", snapshots.placement_rulesets())
def test_snapshot_is_json_with_one_record_per_assessment(ruleset_id):
    stored = json.loads(snapshots.path_of(ruleset_id).read_text(encoding="utf-8"))
    ruleset = rulesets.get_ruleset(ruleset_id, as_of=snapshots.AS_OF)
    assert stored["header"]["ruleset"] == {
        "id": ruleset.id,
        "version": ruleset.version,
        "hash": ruleset.content_hash,
    }
    placements = stored["placements"]
    assert len(placements) == snapshots.COUNT
    assert [p["participant_id"] for p in placements] == [
        f"syn-{index:06d}" for index in range(1, snapshots.COUNT + 1)
    ]
    # The cohort is meant to exercise the ruleset: several levels, and some cases
    # left open by missing inputs.
    assert len({p["level"] for p in placements}) >= 4
    assert any(not p["determinable"] and p["missing"] for p in placements)
    for p in placements:
        assert (p["level"] is None) == (not p["determinable"])


def test_the_transition_snapshot_holds_every_kind_of_decision():
    stored = json.loads(snapshots.path_of(snapshots.TRANSITIONS).read_text(encoding="utf-8"))
    decisions = stored["decisions"]
    assert len(decisions) == snapshots.HISTORIES * len(snapshots.HISTORY_WEEKS)
    assert {d["kind"] for d in decisions} == {"stay", "step up", "step down", "discharge"}
    assert {d["rule_id"] for d in decisions} >= {
        "T-UP-RISK",
        "T-UP-PLACEMENT",
        "T-DOWN-SUSTAINED",
        "T-DOWN-TAPER",
        "T-DC-GOALS-MET",
        "T-DC-MAX-STAY",
        "T-DC-NON-PARTICIPATION",
    }
    reference = rulesets.get_ruleset("reference", as_of=snapshots.AS_OF)
    cited = {p.source for p in reference.transitions}
    assert set(stored["header"]["sources"].values()) <= cited | {
        f"ruleset {reference.id} {reference.version} placement rules"
    }
