"""Benchmark: placement of 10^5 and 10^6 assessments with ``iopcore.frames.recommend_levels``.

The input is one polars frame of assessments under the ``reference`` ruleset: the
five rated dimensions, the C-SSRS and PHQ-9 flags, the two payer facts, the
conditions, the population and the eating-disorder vital signs, each missing now
and then so that some placements are not determinable. Three ways give the same
columns (level, determinable, at_least, at_most, missing, fired, follow_ups):

* iopcore.frames: :func:`iopcore.frames.recommend_levels` on the frame;
* hand-written polars: one ``when/then`` per rule, written out here for the
  reference ruleset, lists built with ``concat_list``;
* the object path: :func:`iopcore.recommend_level` one assessment at a time, timed
  on :data:`OBJECT_ROWS` rows and scaled to the frame's size (said so in the output).

Before any timing the three are compared row by row; a disagreement stops the
benchmark. Targets (issue 16): within 2x of the hand-written polars, and at least
20x faster than ``recommend_level`` one by one. Peak memory is measured in a fresh
process per figure (its own high-water mark, ``VmHWM``: see ``_memory``).

    .venv/bin/python benchmarks/bench_frames_placement.py --quick
    .venv/bin/python benchmarks/bench_frames_placement.py --rows 100000 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from typing import Final

import polars as pl

from iopcore import recommend_level
from iopcore.frames import recommend_levels
from iopcore.frames._assessments import input_columns
from iopcore.frames._fallback import _assessment
from iopcore.rulesets import get_ruleset

AS_OF: Final = dt.date(2026, 3, 2)
OBJECT_ROWS: Final = 10_000
SEED: Final = 20260302
RULESET: Final = get_ruleset("reference")
DIMENSIONS: Final = ("safety", "medical", "symptoms", "substance_use", "environment")


_VITALS: Final = {
    "heart_rate_bpm": (30, 150),
    "systolic_bp_mmhg": (60, 160),
    "diastolic_bp_mmhg": (30, 100),
    "glucose_mg_dl": (40, 200),
    "potassium_meq_l": (2, 6),
    "temperature_f": (93, 104),
    "percent_healthy_body_weight": (60, 130),
}


def assessments(rows: int) -> pl.DataFrame:
    """``rows`` assessments with inputs missing now and then (seeded)."""
    pl.set_random_seed(SEED)
    frame = pl.DataFrame({"i": pl.int_range(rows, eager=True)})
    names = (*DIMENSIONS, "x", "y", *_VITALS)
    noise = {name: pl.int_range(rows).shuffle(seed=SEED + i) for i, name in enumerate(names)}

    def rnd(name: str, mod: int) -> pl.Expr:
        return (noise[name] * 7919 + pl.col("i") * 104729) % mod

    columns = [
        ("p-" + pl.col("i").cast(pl.String)).alias("participant_id"),
        pl.lit(AS_OF).alias("assessed_on"),
        *(pl.when(rnd(d, 50) != 0).then(rnd(d, 5)).cast(pl.Int64).alias(d) for d in DIMENSIONS),
        pl.when(rnd("x", 10) < 9)
        .then(
            pl.when(rnd("y", 20) == 0)
            .then(pl.lit(["high_suicide_risk"]))
            .otherwise(pl.lit([], dtype=pl.List(pl.String)))
        )
        .alias("cssrs_flags"),
        pl.when(rnd("x", 10) < 9).then(pl.lit(value=True)).alias("cssrs_complete"),
        pl.when(rnd("y", 7) == 0)
        .then(pl.lit(["suicidal_ideation"]))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
        .alias("phq9_flags"),
        pl.lit(value=True).alias("phq9_complete"),
        pl.when(rnd("safety", 30) != 1)
        .then(rnd("medical", 2) == 0)
        .alias("impairment_beyond_routine_outpatient"),
        pl.when(rnd("symptoms", 30) != 1)
        .then(rnd("environment", 3) != 0)
        .alias("support_outside_program_hours"),
        pl.when(rnd("x", 6) == 0)
        .then(pl.lit(["eating disorder"]))
        .otherwise(pl.lit(["depression"]))
        .alias("conditions"),
        pl.when(rnd("y", 3) == 0)
        .then(pl.lit("adolescent"))
        .otherwise(pl.lit("adult"))
        .alias("population"),
        *(
            pl.when(rnd("substance_use", 40) != 3)
            .then((rnd(name, hi - lo) + lo).cast(pl.Float64))
            .alias(name)
            for name, (lo, hi) in _VITALS.items()
        ),
    ]
    return frame.select(columns)


# ---------------------------------------------------------------- hand-written polars

_LEVELS: Final = ("OP", "IOP", "PHP", "RES", "IP")
_STEPS: Final = {
    "safety": ((2, 1), (3, 2), (4, 4)),
    "medical": ((3, 2), (4, 4)),
    "symptoms": ((2, 1), (3, 2), (4, 3)),
    "substance_use": ((2, 1), (3, 2), (4, 3)),
    "environment": ((3, 1), (4, 3)),
}
_ADULT_BELOW: Final = (
    ("heart_rate_bpm", 40),
    ("systolic_bp_mmhg", 90),
    ("diastolic_bp_mmhg", 60),
    ("glucose_mg_dl", 60),
    ("potassium_meq_l", 3),
    ("temperature_f", 97.0),
)
_TEEN_BELOW: Final = (
    ("heart_rate_bpm", 50),
    ("systolic_bp_mmhg", 90),
    ("temperature_f", 96.0),
    ("percent_healthy_body_weight", 75),
)


def by_hand(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The reference ruleset written out as polars when/then (rule by rule)."""
    c = pl.col
    ed = c("conditions").list.contains("eating disorder")

    def any_below(pairs: tuple[tuple[str, float], ...]) -> pl.Expr:
        return (
            pl.any_horizontal(*(c(n) < t for n, t in pairs))
            if False
            else _kleene_any([c(n) < t for n, t in pairs])
        )

    cssrs = (
        pl.when(c("cssrs_flags").list.contains("high_suicide_risk").fill_null(value=False))
        .then(pl.lit(value=True))
        .when(c("cssrs_flags").is_not_null() & c("cssrs_complete").fill_null(value=False))
        .then(pl.lit(value=False))
    )
    phq9 = (
        pl.when(c("phq9_flags").list.contains("suicidal_ideation").fill_null(value=False))
        .then(pl.lit(value=True))
        .when(c("phq9_flags").is_not_null() & c("phq9_complete").fill_null(value=False))
        .then(pl.lit(value=False))
    )
    rules: list[tuple[str, pl.Expr, int, list[tuple[str, pl.Expr]], bool]] = []
    for name, steps in _STEPS.items():
        for rating, floor in steps:
            rid = f"R-{name.upper().replace('_', '-')}-{rating}"
            rules.append(
                (rid, c(name) >= rating, floor, [(f"ratings.{name}", c(name).is_null())], False)
            )
    rules.append(("R-CSSRS-HIGH", cssrs, 4, [("scores.cssrs.flags", cssrs.is_null())], True))
    rules.append(("R-PHQ9-ITEM9", phq9, -1, [("scores.phq9.flags", phq9.is_null())], False))
    ed_listed = [
        ("conditions", c("conditions").is_null()),
        ("population", c("population").is_null()),
    ]
    rules.append(
        (
            "R-ED-ADULT-UNSTABLE",
            ed & (c("population") == "adult") & any_below(_ADULT_BELOW),
            4,
            ed_listed + [(f"measurements.{n}", c(n).is_null()) for n, _ in _ADULT_BELOW],
            False,
        )
    )
    rules.append(
        (
            "R-ED-ADOLESCENT-UNSTABLE",
            ed & (c("population") == "adolescent") & any_below(_TEEN_BELOW),
            4,
            ed_listed + [(f"measurements.{n}", c(n).is_null()) for n, _ in _TEEN_BELOW],
            False,
        )
    )
    rules.append(
        (
            "R-ED-LOW-WEIGHT",
            ed & (c("percent_healthy_body_weight") < 85),
            3,
            [
                ("conditions", c("conditions").is_null()),
                (
                    "measurements.percent_healthy_body_weight",
                    c("percent_healthy_body_weight").is_null(),
                ),
            ],
            False,
        )
    )
    impairment = c("impairment_beyond_routine_outpatient")
    rules.append(
        (
            "R-ADMIT-IMPAIRMENT",
            impairment,
            1,
            [("facts.impairment_beyond_routine_outpatient", impairment.is_null())],
            False,
        )
    )
    rules.append(
        (
            "R-ADMIT-NO-SUPPORT",
            impairment & ~c("support_outside_program_hours"),
            3,
            [
                ("facts.impairment_beyond_routine_outpatient", impairment.is_null()),
                (
                    "facts.support_outside_program_hours",
                    c("support_outside_program_hours").is_null(),
                ),
            ],
            False,
        )
    )
    truths = frame.with_columns(*(expr.alias(rid) for rid, expr, *_ in rules))
    low = pl.max_horizontal(
        pl.lit(0),
        *(pl.when(c(rid).fill_null(value=False)).then(f) for rid, _, f, _, _ in rules if f >= 0),
    )
    high = pl.max_horizontal(
        low,
        *(pl.when(c(rid).is_null()).then(f) for rid, _, f, _, opt in rules if f >= 0 and not opt),
    )
    seen: dict[str, pl.Expr] = {}
    missing = []
    for rid, _, floor, listed, optional in rules:
        if optional or floor < 0:
            continue
        for path, cond in listed:
            hit = c(rid).is_null() & cond
            before = seen.get(path)
            missing.append(pl.when(hit if before is None else hit & ~before).then(pl.lit(path)))
            seen[path] = hit if before is None else before | hit
    levels = pl.Series(_LEVELS)
    return truths.with_columns(low.alias("lo"), high.alias("hi")).select(
        "participant_id",
        "assessed_on",
        pl.when(c("lo") == c("hi")).then(c("lo").replace_strict(range(5), levels)).alias("level"),
        (c("lo") == c("hi")).alias("determinable"),
        c("lo").replace_strict(range(5), levels).alias("at_least"),
        c("hi").replace_strict(range(5), levels).alias("at_most"),
        pl.when(c("lo") == c("hi"))
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(pl.concat_list(missing).list.drop_nulls())
        .alias("missing"),
        pl.concat_list(
            [pl.when(c(rid).fill_null(value=False)).then(pl.lit(rid)) for rid, *_ in rules]
        )
        .list.drop_nulls()
        .alias("fired"),
        pl.concat_list(
            [
                pl.when(c("R-CSSRS-HIGH").is_null()).then(
                    pl.lit(RULESET.rule("R-CSSRS-HIGH").if_missing)
                )
            ]
        )
        .list.drop_nulls()
        .alias("follow_ups"),
    )


def _kleene_any(parts: list[pl.Expr]) -> pl.Expr:
    out = parts[0]
    for part in parts[1:]:
        out = out | part
    return out


def with_frames(frame: pl.DataFrame) -> pl.DataFrame:
    return recommend_levels(frame, as_of=AS_OF, ruleset=RULESET).drop(
        "ruleset_id", "ruleset_version", "ruleset_hash"
    )


def object_path(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    wanted = input_columns(RULESET.inputs)
    out = []
    for row in frame.iter_rows(named=True):
        placement = recommend_level(_assessment(row, wanted), ruleset=RULESET, as_of=AS_OF)
        out.append(
            (
                placement.participant_id,
                placement.assessed_on,
                None if placement.level is None else placement.level.code,
                placement.determinable,
                placement.at_least.code,
                placement.at_most.code,
                list(placement.missing),
                [f.rule_id for f in placement.fired if not f.step],
                list(placement.follow_ups),
            )
        )
    return out


def _timed(run, repeat: int = 1) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _peak_mb(what: str, rows: int) -> float:
    code = (
        "import sys; sys.path.insert(0, 'benchmarks');"
        "import _memory;"
        "import bench_frames_placement as b;"
        f"f = b.assessments({rows});"
        f"{'b.with_frames(f)' if what == 'frames' else 'b.by_hand(f.lazy()).collect()'};"
        "print(_memory.peak_mb())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def bench(rows: int, *, memory: bool) -> None:
    frame = assessments(rows)
    ours = with_frames(frame)
    theirs = by_hand(frame.lazy()).collect()
    if ours.rows() != theirs.rows():
        raise SystemExit(f"frames and hand-written polars disagree at {rows} rows")
    sample = frame.head(min(rows, OBJECT_ROWS))
    if ours.head(sample.height).rows() != [
        (*row[:1], dt.date.fromisoformat(str(row[1])), *row[2:]) for row in object_path(sample)
    ]:
        raise SystemExit("frames and the object path disagree")
    undeterminable = ours.filter(~pl.col("determinable")).height
    frames_s = _timed(lambda: with_frames(frame), repeat=3)
    hand_s = _timed(lambda: by_hand(frame.lazy()).collect(), repeat=3)
    objects_s = _timed(lambda: object_path(sample)) * rows / sample.height
    print(f"rows: {rows} count")
    print(f"undeterminable: {undeterminable} count")
    print(f"frames recommend_levels: {frames_s:.3f} s")
    print(f"hand-written polars: {hand_s:.3f} s")
    print(f"object path, {sample.height} rows timed, scaled: {objects_s:.3f} s")
    print(f"frames / hand-written: {frames_s / hand_s:.2f} ratio (target <= 2)")
    print(f"object path / frames: {objects_s / frames_s:.1f} ratio (target >= 20)")
    if memory:
        print(f"frames peak memory: {_peak_mb('frames', rows):.0f} MB")
        print(f"hand-written peak memory: {_peak_mb('hand', rows):.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--quick", action="store_true", help="one small size, no memory")
    args = parser.parse_args()
    for rows in [2_000] if args.quick else args.rows:
        bench(rows, memory=not args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
