"""Benchmark: placement of 10^5 to 10^7 assessments with ``iopcore.frames.recommend_levels``.

The input is one polars frame of assessments under the ``reference`` ruleset: the
five rated dimensions, the C-SSRS and PHQ-9 flags, the two payer facts, the
conditions, the population and the eating-disorder vital signs, each missing now
and then so that some placements are not determinable. Three ways give the same
columns (``level``, ``determinable``, ``at_least``, ``at_most``, ``missing``,
``fired``, ``follow_ups``):

* frames: :func:`iopcore.frames.recommend_levels` on the frame. It also checks every
  row (ids, dates, ratings 0-10 and whole, finite vital signs, known populations and
  conditions) in one pass before it places, and adds the ruleset's id, version and
  hash (dropped here).
* hand-written polars (:func:`by_hand`): the reference ruleset typed out by hand as
  an analyst would, one lazy query and no row checks: one expression per rule for its
  truth (``>=``, ``<``, ``list.contains``, ``&``/``|`` with polars' three-valued
  logic, a ``when/then`` for the screens' flags), the floor as a ``when/then``
  chain from the highest level down (``any_horizontal`` of the rules that call for
  it), the ceiling as the same chain over the rules that cannot tell (a
  ``max_horizontal`` over one ``when(rule).then(level)`` per rule gives the same and
  is some 15 times slower), the codes by ``replace_strict``. The three list columns
  are not a ``when/then`` chain: a chain gives one value per row, and a list of the
  rules that fired (or of the missing inputs) would need a branch per subset of
  rules. They are one ``when/then`` per item, joined with ``concat_str`` and split
  back into a list, the empty row's ``[""]`` trimmed by ``list.slice`` (which
  narwhals lacks: frames chooses the empty list with a ``when/then``). ``concat_list``
  of the same items is some ten times slower in polars 2.1 (0.18 s against 0.016 s for
  17 items at 10^5 rows, measured here). ``missing`` lists each input path in one
  fixed order, which the reference ruleset allows (every rule reads its inputs in
  that order); the population is read from its column only (the benchmark's table
  has no ``birth_date``).
* the object path: :func:`iopcore.recommend_level` one assessment at a time, timed
  on :data:`OBJECT_ROWS` rows and scaled to the frame's size (said so in the
  output); above 10^6 rows it is not timed (it would say nothing new, being linear).

Before any timing the three are compared (frames and hand-written on every row,
column types included; the object path on its rows); a disagreement stops the
benchmark. Each figure is then timed in a fresh process that reads the input from
Parquet and reports its own peak memory (``VmHWM``: see ``_memory``), next to that of
a process that only reads the input. Targets (issue 16): within 2x of the
hand-written polars, and at least 20x faster than ``recommend_level`` one by one.
No timed assertions.

    .venv/bin/python benchmarks/bench_frames_placement.py --quick
    .venv/bin/python benchmarks/bench_frames_placement.py                  # 10^5, 10^6
    .venv/bin/python benchmarks/bench_frames_placement.py --rows 10000000  # 10^7
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
import tempfile
from typing import TYPE_CHECKING, Final, NamedTuple

import polars as pl
from polars.testing import assert_frame_equal

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from _measure import best_of, run_child
from _memory import peak_mb

from iopcore import recommend_level
from iopcore.frames import recommend_levels
from iopcore.frames._assessments import input_columns
from iopcore.frames._fallback import _assessment
from iopcore.rulesets import get_ruleset

if TYPE_CHECKING:
    from collections.abc import Sequence

AS_OF: Final = dt.date(2026, 3, 2)
OBJECT_ROWS: Final = 10_000
#: Above this many rows the object path is not timed (its time is linear in the rows).
OBJECT_UP_TO: Final = 1_000_000
SIZES: Final = (100_000, 1_000_000)
QUICK: Final = 2_000
TARGET_RATIO: Final = 2.0
TARGET_SPEED_UP: Final = 20.0
MODES: Final = ("input", "frames", "hand_written", "objects")
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

_LEVELS: Final = {0: "OP", 1: "IOP", 2: "PHP", 3: "RES", 4: "IP"}
_NO_TEXTS: Final = pl.lit([], dtype=pl.List(pl.String))
#: Joins the items of a list column while it is built (in no id, path or text).
_SEPARATOR: Final = "\x1f"
#: The input paths, in the order every rule of the reference ruleset lists them.
_PATHS: Final = {
    "safety": "ratings.safety",
    "medical": "ratings.medical",
    "symptoms": "ratings.symptoms",
    "substance_use": "ratings.substance_use",
    "environment": "ratings.environment",
    "conditions": "conditions",
    "population": "population",
    "heart_rate_bpm": "measurements.heart_rate_bpm",
    "systolic_bp_mmhg": "measurements.systolic_bp_mmhg",
    "diastolic_bp_mmhg": "measurements.diastolic_bp_mmhg",
    "glucose_mg_dl": "measurements.glucose_mg_dl",
    "potassium_meq_l": "measurements.potassium_meq_l",
    "temperature_f": "measurements.temperature_f",
    "percent_healthy_body_weight": "measurements.percent_healthy_body_weight",
    "impairment_beyond_routine_outpatient": "facts.impairment_beyond_routine_outpatient",
    "support_outside_program_hours": "facts.support_outside_program_hours",
}


_ADULT_VITALS: Final = (
    "heart_rate_bpm",
    "systolic_bp_mmhg",
    "diastolic_bp_mmhg",
    "glucose_mg_dl",
    "potassium_meq_l",
    "temperature_f",
)
_ADOLESCENT_VITALS: Final = (
    "heart_rate_bpm",
    "systolic_bp_mmhg",
    "temperature_f",
    "percent_healthy_body_weight",
)


class HandRule(NamedTuple):
    """One rule of the reference ruleset, typed out: its truth, floor and inputs."""

    id: str
    truth: pl.Expr  # true, false, or null where its inputs cannot tell
    floor: int | None  # the level rank it calls for (None: an alert only)
    reads: tuple[str, ...] = ()  # its columns; when it cannot tell, the null ones are missing
    optional: bool = False  # cannot tell: a follow-up, the ceiling stays


def _flag(instrument: str, flag: str) -> pl.Expr:
    """A flag found counts even on an incomplete screen; its absence only on a complete one."""
    flags, complete = pl.col(f"{instrument}_flags"), pl.col(f"{instrument}_complete")
    return (
        pl.when(flags.list.contains(flag))
        .then(pl.lit(value=True))
        .when(flags.is_not_null() & complete)
        .then(pl.lit(value=False))
    )


def reference_rules() -> list[HandRule]:
    """The reference ruleset's rules in its order (thresholds as its module cites them)."""
    c = pl.col
    rated = [
        HandRule(f"R-{name.upper().replace('_', '-')}-{rating}", c(name) >= rating, floor, (name,))
        for name, steps in (
            ("safety", ((2, 1), (3, 2), (4, 4))),
            ("medical", ((3, 2), (4, 4))),
            ("symptoms", ((2, 1), (3, 2), (4, 3))),
            ("substance_use", ((2, 1), (3, 2), (4, 3))),
            ("environment", ((3, 1), (4, 3))),
        )
        for rating, floor in steps
    ]
    eating_disorder = c("conditions").list.contains("eating disorder")
    adult_unstable = (  # APA: heart rate < 40, BP < 90/60, glucose < 60, K < 3, T < 97 F
        eating_disorder
        & (c("population") == "adult")
        & (
            (c("heart_rate_bpm") < 40)
            | (c("systolic_bp_mmhg") < 90)
            | (c("diastolic_bp_mmhg") < 60)
            | (c("glucose_mg_dl") < 60)
            | (c("potassium_meq_l") < 3)
            | (c("temperature_f") < 97)
        )
    )
    adolescent_unstable = (  # AAP: heart rate < 50, systolic < 90, T < 96 F, < 75% weight
        eating_disorder
        & (c("population") == "adolescent")
        & (
            (c("heart_rate_bpm") < 50)
            | (c("systolic_bp_mmhg") < 90)
            | (c("temperature_f") < 96)
            | (c("percent_healthy_body_weight") < 75)
        )
    )
    impairment = c("impairment_beyond_routine_outpatient")
    ed = ("conditions", "population")
    return [
        *rated,
        HandRule("R-CSSRS-HIGH", _flag("cssrs", "high_suicide_risk"), 4, optional=True),
        HandRule("R-PHQ9-ITEM9", _flag("phq9", "suicidal_ideation"), None),
        HandRule(
            "R-ED-ADULT-UNSTABLE",
            adult_unstable,
            4,
            (*ed, *_ADULT_VITALS),
        ),
        HandRule(
            "R-ED-ADOLESCENT-UNSTABLE",
            adolescent_unstable,
            4,
            (*ed, *_ADOLESCENT_VITALS),
        ),
        HandRule(
            "R-ED-LOW-WEIGHT",
            eating_disorder & (c("percent_healthy_body_weight") < 85),
            3,
            ("conditions", "percent_healthy_body_weight"),
        ),
        HandRule("R-ADMIT-IMPAIRMENT", impairment, 1, ("impairment_beyond_routine_outpatient",)),
        HandRule(
            "R-ADMIT-NO-SUPPORT",
            impairment & ~c("support_outside_program_hours"),
            3,
            ("impairment_beyond_routine_outpatient", "support_outside_program_hours"),
        ),
    ]


def _texts(items: list[tuple[pl.Expr, str]]) -> pl.Expr:
    """The texts whose condition holds, in order, as a list column.

    Each text carries the separator in front, so the split's first piece is the
    empty string before it (dropped): a row where nothing holds gives ``[]``.
    """
    joined = pl.concat_str(
        [pl.when(holds).then(pl.lit(_SEPARATOR + text)) for holds, text in items],
        separator="",
        ignore_nulls=True,
    )
    return joined.str.split(_SEPARATOR).list.slice(1)


def _highest(rules: list[HandRule], holds: dict[str, pl.Expr]) -> pl.Expr:
    """The highest level among the rules whose condition holds: a when/then chain from the top."""
    # Level 0 (outpatient care) is where the chain ends: no rule raises the floor to it.
    ranks = sorted({rule.floor for rule in rules if rule.id in holds and rule.floor}, reverse=True)
    chain = None
    for rank in ranks:
        any_holds = pl.any_horizontal(
            *(holds[rule.id] for rule in rules if rule.id in holds and rule.floor == rank)
        )
        chain = pl.when(any_holds).then(rank) if chain is None else chain.when(any_holds).then(rank)
    return chain.otherwise(0)


def by_hand(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The reference ruleset written out as polars expressions (see the module notes)."""
    c = pl.col
    rules = reference_rules()
    fired = {rule.id: c(rule.id).fill_null(value=False) for rule in rules}
    # A rule that cannot tell leaves the placement open up to its level.
    opens = {
        rule.id: c(rule.id).is_null()
        for rule in rules
        if rule.floor is not None and not rule.optional
    }
    floor = _highest(rules, {r.id: fired[r.id] for r in rules if r.floor is not None})
    ceiling = pl.max_horizontal(c("floor"), _highest(rules, opens))
    missing = [
        (
            c(column).is_null()
            & pl.any_horizontal(
                *(opens[r.id] for r in rules if r.id in opens and column in r.reads)
            ),
            path,
        )
        for column, path in _PATHS.items()
    ]
    screen = get_ruleset("reference").rule("R-CSSRS-HIGH").if_missing
    known = c("floor") == c("ceiling")
    return (
        frame.with_columns(*(rule.truth.alias(rule.id) for rule in rules))
        .with_columns(floor.alias("floor"))
        .with_columns(ceiling.alias("ceiling"))
        .select(
            "participant_id",
            "assessed_on",
            pl.when(known).then(c("floor").replace_strict(_LEVELS)).alias("level"),
            known.alias("determinable"),
            c("floor").replace_strict(_LEVELS).alias("at_least"),
            c("ceiling").replace_strict(_LEVELS).alias("at_most"),
            pl.when(known).then(_NO_TEXTS).otherwise(_texts(missing)).alias("missing"),
            _texts([(fired[rule.id], rule.id) for rule in rules]).alias("fired"),
            pl.when(c("R-CSSRS-HIGH").is_null())
            .then(pl.lit([screen]))
            .otherwise(_NO_TEXTS)
            .alias("follow_ups"),
        )
    )


def with_frames(frame: pl.DataFrame) -> pl.DataFrame:
    placed: pl.DataFrame = recommend_levels(frame, as_of=AS_OF, ruleset=RULESET)
    return placed.drop("ruleset_id", "ruleset_version", "ruleset_hash")


def with_polars(frame: pl.DataFrame) -> pl.DataFrame:
    return by_hand(frame.lazy()).collect()


def object_path(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    """``recommend_level`` row by row; the rows are read as dicts (timed with it)."""
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


def check(frame: pl.DataFrame) -> int:
    """Stop unless the three ways agree; the count of undeterminable placements."""
    ours = with_frames(frame)
    try:
        assert_frame_equal(ours, with_polars(frame), check_exact=True)
    except AssertionError as error:
        raise SystemExit(f"frames and hand-written polars disagree: {error}") from None
    sample = frame.head(OBJECT_ROWS)
    expected = [
        (row[0], dt.date.fromisoformat(str(row[1])), *row[2:]) for row in object_path(sample)
    ]
    if ours.head(sample.height).rows() != expected:
        raise SystemExit("frames and the object path disagree")
    return ours.filter(~pl.col("determinable")).height


def child(mode: str, path: str, repeat: int) -> dict[str, float]:
    """One figure, in this (fresh) process: the best time and the peak memory."""
    frame = pl.read_parquet(path)
    seconds = 0.0
    if mode == "frames":
        seconds = best_of(repeat, lambda: with_frames(frame))
    elif mode == "hand_written":
        seconds = best_of(repeat, lambda: with_polars(frame))
    elif mode == "objects":
        sample = frame.head(OBJECT_ROWS)
        seconds = best_of(1, lambda: object_path(sample)) * frame.height / sample.height
    return {"seconds": seconds, "peak_mb": peak_mb()}


def bench(rows: int, repeat: int, folder: str) -> list[str]:
    frame = assessments(rows)
    undeterminable = check(frame)
    path = str(pathlib.Path(folder) / f"assessments-{rows}.parquet")
    frame.write_parquet(path)
    del frame
    modes = [mode for mode in MODES if mode != "objects" or rows <= OBJECT_UP_TO]
    figures = {mode: run_child(__file__, mode, path, "--repeat", str(repeat)) for mode in modes}
    name = f"frames_placement.{rows}"
    ours, hand = figures["frames"]["seconds"], figures["hand_written"]["seconds"]
    verdict = "within target" if ours <= TARGET_RATIO * hand else "OVER TARGET"
    lines = [
        f"{name}.rows: {rows:,} ({undeterminable:,} not determinable)",
        f"{name}.input: peak {figures['input']['peak_mb']:.0f} MB (reading the input only)",
        *(
            f"{name}.{mode}: {figures[mode]['seconds']:.3f} s (best of {repeat} after a "
            f"warm-up; peak {figures[mode]['peak_mb']:.0f} MB in its own process)"
            for mode in ("frames", "hand_written")
        ),
        f"{name}.ratio_hand_written: {ours / hand:.2f} x (target <= {TARGET_RATIO:g}; {verdict})",
    ]
    if "objects" in figures:
        objects = figures["objects"]["seconds"]
        verdict = "within target" if objects >= TARGET_SPEED_UP * ours else "UNDER TARGET"
        lines += [
            (
                f"{name}.objects: {objects:.3f} s (timed on {min(rows, OBJECT_ROWS):,} rows, "
                f"scaled; peak {figures['objects']['peak_mb']:.0f} MB in its own process)"
            ),
            (
                f"{name}.ratio_objects: {objects / ours:.1f} x faster than the object path "
                f"(target >= {TARGET_SPEED_UP:g}; {verdict})"
            ),
        ]
    else:
        lines.append(
            f"{name}.objects: not timed above {OBJECT_UP_TO:,} rows (linear in the rows: "
            f"the {OBJECT_UP_TO:,}-row figure says it; checked on {OBJECT_ROWS:,} rows)"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} rows only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PARQUET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.repeat)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        for rows in [QUICK] if args.quick else args.rows:
            for line in bench(rows, args.repeat, folder):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
