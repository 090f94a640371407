"""Benchmark: placements per second with iopcore's engine against hand-written if-chains.

For each shipped ruleset with generator support (``reference`` and ``locus``), the
same 100,000 synthetic assessments (:mod:`iopcore.synthetic`, seed :data:`SEED`) are
placed by :func:`iopcore.recommend_level` and by a hand-written function implementing
the same rules as plain ``if`` statements over the assessment's mappings. Before any
timing, the benchmark checks that both give the same level (or both "not
determinable") on every input; a disagreement stops it.

The hand-written functions are what a clinic's script would do: no findings, no
explanations, no checks of its arguments. The engine also validates its arguments,
builds every finding (each rule's, and each step of a decision tree) and lists the
missing inputs. Target: the engine within 2x of the hand-written rate.

Run it on its own (or through ``benchmarks/run.py --only placement``)::

    .venv/bin/python benchmarks/bench_placement.py
    .venv/bin/python benchmarks/bench_placement.py --count 20000 --repeat 5

Generating the assessments is not timed.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Final

import pendulum

from iopcore import synthetic
from iopcore.levels import LevelOfCare
from iopcore.placement import recommend_level
from iopcore.rulesets import get_ruleset

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from iopcore.assessments import Assessment
    from iopcore.rulesets import Ruleset

#: Assessments per ruleset.
COUNT: Final = 100_000
#: Seed and date of the synthetic assessments (the same every run).
SEED: Final = 20260302
AS_OF: Final = pendulum.Date(2026, 3, 2)
#: The engine may be at most this many times slower than the hand-written chain.
TARGET_RATIO: Final = 2.0

OP, IOP, PHP, RES, IP = 0, 1, 2, 3, 4
_LEVELS: Final = tuple(LevelOfCare)


# ---------------------------------------------------------------- reference, by hand
# Three-valued by hand: for every rule, `low` rises when it surely fires, `high` when
# it might (an input it needs is missing). The level is known when they agree.


def _ed_vitals(m: dict[str, float], limits: tuple[tuple[str, float], ...]) -> bool | None:
    """Any vital below its limit: True; all taken and none below: False; else None."""
    unknown = False
    for name, limit in limits:
        value = m.get(name)
        if value is None:
            unknown = True
        elif value < limit:
            return True
    return None if unknown else False


_ADULT_LIMITS: Final = (
    ("heart_rate_bpm", 40),
    ("systolic_bp_mmhg", 90),
    ("diastolic_bp_mmhg", 60),
    ("glucose_mg_dl", 60),
    ("potassium_meq_l", 3),
    ("temperature_f", 97.0),
)
_ADOLESCENT_LIMITS: Final = (
    ("heart_rate_bpm", 50),
    ("systolic_bp_mmhg", 90),
    ("temperature_f", 96.0),
    ("percent_healthy_body_weight", 75),
)


def _and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def reference_by_hand(a: Assessment) -> LevelOfCare | None:  # noqa: C901, PLR0912, PLR0915
    """The reference ruleset as an if-chain; None when not determinable."""
    low = high = OP
    r = a.ratings
    safety = r.get("safety")
    if safety is None:
        high = IP
    elif safety >= 4:
        low = high = IP
    elif safety >= 3:
        low = high = PHP
    elif safety >= 2:
        low = high = IOP
    medical = r.get("medical")
    if medical is None:
        high = IP
    elif medical >= 4:
        low = high = IP
    elif medical >= 3:
        low, high = max(low, PHP), max(high, PHP)
    for name in ("symptoms", "substance_use"):
        value = r.get(name)
        if value is None:
            high = max(high, RES)
        elif value >= 4:
            low, high = max(low, RES), max(high, RES)
        elif value >= 3:
            low, high = max(low, PHP), max(high, PHP)
        elif value >= 2:
            low, high = max(low, IOP), max(high, IOP)
    environment = r.get("environment")
    if environment is None:
        high = max(high, RES)
    elif environment >= 4:
        low, high = max(low, RES), max(high, RES)
    elif environment >= 3:
        low, high = max(low, IOP), max(high, IOP)
    screener = a.scores.get("cssrs")
    # Optional since reference 2026.2: a screen on file can raise the level to IP; a
    # missing or unfinished one leaves the placement to the other rules.
    if screener is not None and "high_suicide_risk" in screener.flags:
        low = high = IP
    conditions = a.conditions
    ed = None if conditions is None else any(c.value == "eating disorder" for c in conditions)
    population = a.population
    adult = None if population is None else population.value == "adult"
    adolescent = None if population is None else population.value == "adolescent"
    m = a.measurements
    unstable = (
        _and(ed, adult, _ed_vitals(m, _ADULT_LIMITS)),
        _and(ed, adolescent, _ed_vitals(m, _ADOLESCENT_LIMITS)),
    )
    for verdict in unstable:
        if verdict:
            low = high = IP
        elif verdict is None:
            high = IP
    weight = m.get("percent_healthy_body_weight")
    low_weight = _and(ed, None if weight is None else weight < 85)
    if low_weight:
        low, high = max(low, RES), max(high, RES)
    elif low_weight is None:
        high = max(high, RES)
    facts = a.facts
    impaired = facts.get("impairment_beyond_routine_outpatient")
    support = facts.get("support_outside_program_hours")
    if impaired:
        low, high = max(low, IOP), max(high, IOP)
    elif impaired is None:
        high = max(high, IOP)
    no_support = _and(impaired, None if support is None else not support)
    if no_support:
        low, high = max(low, RES), max(high, RES)
    elif no_support is None:
        high = max(high, RES)
    return _LEVELS[low] if low == high else None


# ---------------------------------------------------------------- LOCUS, by hand
_LOCUS_TO_LEVEL: Final = (OP, OP, OP, IOP, PHP, RES, IP)  # iopcore.levels.LOCUS_LEVELS
_NAMES: Final = (
    "risk_of_harm",
    "functional_status",
    "comorbidity",
    "recovery_stress",
    "recovery_support",
    "treatment_history",
    "engagement",
)


def _locus_known(  # noqa: C901, PLR0911, PLR0912, PLR0913, PLR0917
    i: int,
    ii: int,
    iii: int,
    iva: int,
    ivb: int,
    v: int,
    vi: int,
    done_tx: bool | None,
    act: bool | None,
) -> int | None:
    """The LOCUS tree (ssp_GetCALocusResult, as transcribed) as an if-chain, every rating known."""
    r = (i, ii, iii, iva, ivb, v, vi)
    c = i + ii + iii + iva + ivb + v + vi

    def s2() -> int | None:
        if c >= 14:
            return 2
        if done_tx is None:
            return 0  # S3 unknown: L0 or L1, both outpatient, so the level stands
        if done_tx:
            return 0
        return 1 if c >= 10 else 0

    def s18() -> int | None:
        if 20 <= c <= 22:
            return 4
        if c >= 23:
            return 5
        if c >= 17:
            return 3
        return s2()

    if c <= 16 and i <= 3 and ii <= 3 and iii <= 3:
        if max(r) <= 2:
            return s2()
        if (i <= 2 and iii <= 2 and vi <= 2 and ii <= 3) or iva + ivb <= 4:
            if iva >= 3 or ivb >= 3 or v >= 3:
                if ivb <= 2:
                    return s2()
            else:
                return s2()
        if v <= 2 and iva + ivb <= 5:
            return s2()
        return 3 if 3 in (i, ii, iii) else 2
    if 5 in (i, ii, iii) or c >= 28:
        return 6
    if i == 4:
        return 5
    if 4 in (ii, iii):
        if not (iva == 1 and ivb == 1):
            return 5
    elif max(r) < 4:
        if sum(1 for x in r if x == 2) >= 2 and iva + ivb <= 5:
            return 3 if c >= 17 else s2()
        return s18()
    if (v >= 4 or vi >= 4) and not (iva == 1 and ivb == 1):  # S17, S21
        if act is None:  # S22 cannot be told: L4 or wherever S18 leads
            if iva <= 2:
                return None if s18() != 4 else 4
        elif act and iva <= 2:
            return 4
    return s18()


def _all(*values: bool | None) -> bool | None:
    """Kleene "and"."""
    if False in values:
        return False
    return None if None in values else True


def _any(*values: bool | None) -> bool | None:
    """Kleene "or"."""
    if True in values:
        return True
    return None if None in values else False


def _le(x: int | None, k: int) -> bool | None:
    return None if x is None else x <= k


def _ge(x: int | None, k: int) -> bool | None:
    return None if x is None else x >= k


def _count(values: Sequence[int | None], value: int, count: int) -> bool | None:
    matches = sum(1 for x in values if x == value)
    missing = sum(1 for x in values if x is None)
    if matches >= count:
        return True
    return None if matches + missing >= count else False


def _locus_open(r: list[int | None], done_tx: bool | None, act: bool | None) -> set[int]:
    """The tree with some rating missing: a condition that cannot be told goes both ways.

    Returns the broad levels of every leaf reached.
    """
    i, ii, iii, iva, ivb, v, vi = r
    c = None if None in r else sum(x for x in r if x is not None)
    stress_support = None if iva is None or ivb is None else iva + ivb
    go = {
        "S0": (_all(_le(c, 16), _le(i, 3), _le(ii, 3), _le(iii, 3)), "S1", "S11"),
        "S1": (_all(*(_le(x, 2) for x in r)), "S2", "S5"),
        "S2": (_ge(c, 14), 2, "S3"),
        "S3": (done_tx, 0, "S4"),
        "S4": (_ge(c, 10), 1, 0),
        "S5": (_all(_le(i, 2), _le(iii, 2), _le(vi, 2), _le(ii, 3)), "S7", "S6"),
        "S6": (_le(stress_support, 4), "S7", "S9"),
        "S7": (_any(_ge(iva, 3), _ge(ivb, 3), _ge(v, 3)), "S8", "S2"),
        "S8": (_le(ivb, 2), "S2", "S9"),
        "S9": (_all(_le(v, 2), _le(stress_support, 5)), "S2", "S10"),
        "S10": (_count((i, ii, iii), 3, 1), 3, 2),
        "S11": (_count((i, ii, iii), 5, 1), 6, "S12"),
        "S12": (_ge(c, 28), 6, "S13"),
        "S13": (_count((i,), 4, 1), 5, "S14"),
        "S14": (_count((ii, iii), 4, 1), "S15", "S16"),
        "S15": (_count((iva, ivb), 1, 2), "S17", 5),
        "S16": (_any(*(_ge(x, 4) for x in r)), "S17", "S23"),
        "S17": (_any(_ge(v, 4), _ge(vi, 4)), "S21", "S18"),
        "S18": (_all(_ge(c, 20), _le(c, 22)), 4, "S19"),
        "S19": (_ge(c, 23), 5, "S20"),
        "S20": (_ge(c, 17), 3, "S2"),
        "S21": (_count((iva, ivb), 1, 2), "S18", "S22"),
        "S22": (_all(act, _le(iva, 2)), 4, "S18"),
        "S23": (_count(r, 2, 2), "S24", "S18"),
        "S24": (_le(stress_support, 5), "S20", "S18"),
    }
    reached: set[int] = set()
    seen: set[str] = set()
    pending: list[str | int] = ["S0"]
    while pending:
        node = pending.pop()
        if isinstance(node, int):
            reached.add(_LOCUS_TO_LEVEL[node])
            continue
        if node in seen:
            continue
        seen.add(node)
        truth, then, otherwise = go[node]
        if truth is not False:
            pending.append(then)
        if truth is not True:
            pending.append(otherwise)
    return reached


def locus_by_hand(a: Assessment) -> LevelOfCare | None:
    """The LOCUS tree as an if-chain; None when not determinable.

    With every rating known (nine in ten synthetic assessments) it is a plain
    if-chain; with a rating missing, a three-valued walk like the engine's, where a
    condition that cannot be told is followed both ways.
    """
    r = a.ratings
    ratings = [r.get(name) for name in _NAMES]
    facts = a.facts
    done_tx = facts.get("completed_treatment_recently")
    act = facts.get("act_team_available")
    if None not in ratings:
        found = _locus_known(*ratings, done_tx, act)  # type: ignore[arg-type, misc]
        return None if found is None else _LEVELS[_LOCUS_TO_LEVEL[found]]
    reached = _locus_open(ratings, done_tx, act)
    return _LEVELS[reached.pop()] if len(reached) == 1 else None


# ---------------------------------------------------------------- timing
def _check(
    ruleset: Ruleset,
    by_hand: Callable[[Assessment], LevelOfCare | None],
    data: Sequence[Assessment],
) -> None:
    """Stop unless the engine and the hand-written chain agree on every input."""
    for assessment in data:
        engine = recommend_level(assessment, ruleset=ruleset, as_of=AS_OF).level
        hand = by_hand(assessment)
        if engine is not hand:
            message = (
                f"{ruleset.id}: engine says {engine}, hand-written chain says {hand} "
                f"for {assessment!r}"
            )
            raise AssertionError(message)


def _best_seconds(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _bench(ruleset_id: str, count: int, repeat: int) -> list[str]:
    ruleset = get_ruleset(ruleset_id)
    by_hand = reference_by_hand if ruleset_id == "reference" else locus_by_hand
    data = synthetic.assessments(count, seed=SEED, as_of=AS_OF, for_ruleset=ruleset_id)
    _check(ruleset, by_hand, data)
    as_of = AS_OF

    def engine() -> None:
        for assessment in data:
            recommend_level(assessment, ruleset=ruleset, as_of=as_of)

    def hand() -> None:
        for assessment in data:
            by_hand(assessment)

    engine_rate = count / _best_seconds(engine, repeat)
    hand_rate = count / _best_seconds(hand, repeat)
    ratio = hand_rate / engine_rate
    verdict = "within target" if ratio <= TARGET_RATIO else "OVER TARGET"
    name = f"placement_{ruleset_id}"
    return [
        (
            f"{name}.engine: {engine_rate:,.0f} placements/s ({1e6 / engine_rate:.1f} us each; "
            f"best of {repeat} over {count:,} assessments)"
        ),
        f"{name}.hand_written: {hand_rate:,.0f} placements/s ({1e6 / hand_rate:.1f} us each)",
        f"{name}.ratio: {ratio:.2f} x slower (target <= {TARGET_RATIO:g} x; {verdict})",
    ]


def bench_reference(repeat: int | None = None, count: int = COUNT) -> list[str]:
    """Place ``count`` synthetic assessments with ``reference``: engine and by hand."""
    return _bench("reference", count, 3 if repeat is None else repeat)


def bench_locus(repeat: int | None = None, count: int = COUNT) -> list[str]:
    """Place ``count`` synthetic assessments with ``locus``: engine and by hand."""
    return _bench("locus", count, 3 if repeat is None else repeat)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="timed passes (best of N)"
    )
    parser.add_argument(
        "--count", type=int, default=COUNT, metavar="N", help="assessments per ruleset"
    )
    args = parser.parse_args(argv)
    for bench in (bench_reference, bench_locus):
        for line in bench(args.repeat, args.count):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
