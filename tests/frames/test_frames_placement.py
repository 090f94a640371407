"""Placement on tables: the same answers as recommend_level, row for row."""

from __future__ import annotations

from typing import ClassVar

import attrs
import duckdb
import narwhals as nw
import pendulum
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import LevelOfCare, Participant, recommend_level
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidRowsError, InvalidTypeError, InvalidValueError
from iopcore.frames import assessments_frame, recommend_levels
from iopcore.rules import Check, FactIs, Predicate, Rule, Truth
from iopcore.rulesets import get_ruleset
from iopcore.testing import strategies

AS_OF = pendulum.date(2026, 3, 2)
#: Fewer draws where one call is slow to plan (the LOCUS tree has ~300 columns).
EXAMPLES = {"locus": 12, "asam": 10}
RULESETS = {
    "reference": get_ruleset("reference"),
    "reference 2026.1": get_ruleset("reference", version="2026.1"),
    "locus": get_ruleset("locus"),
    "medicare": get_ruleset("medicare"),
    "asam": get_ruleset("asam"),
}


def expected(assessment, ruleset):
    """One result row as the object path gives it."""
    placement = recommend_level(assessment, ruleset=ruleset, as_of=AS_OF)
    return (
        placement.participant_id,
        placement.assessed_on,
        None if placement.level is None else placement.level.code,
        placement.determinable,
        placement.at_least.code,
        placement.at_most.code,
        list(placement.missing),
        [finding.rule_id for finding in placement.fired if not finding.step],
        list(placement.follow_ups),
        ruleset.id,
        ruleset.version,
        ruleset.content_hash,
    )


def rows(result):
    # A pandas frame holds dates as timestamps (numpy has no date type).
    frame = nw.from_native(result).lazy().collect("polars")
    return frame.with_columns(nw.col("assessed_on").cast(nw.Date())).rows()


def batches(ruleset):
    return st.lists(strategies.assessments(ruleset=ruleset, as_of=AS_OF), max_size=12)


@pytest.mark.parametrize("backend", ["polars", "pandas"])
@pytest.mark.parametrize("name", RULESETS)
def test_the_same_placements_as_the_object_path(name, backend):
    """Every field of every row equals recommend_level's, determinable or not."""
    ruleset = RULESETS[name]

    @settings(
        max_examples=EXAMPLES.get(name, 30),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(batches(ruleset))
    def check(assessments):
        frame = assessments_frame(assessments, backend=backend)
        result = recommend_levels(frame, as_of=AS_OF, ruleset=ruleset)
        assert rows(result) == [expected(a, ruleset) for a in assessments]

    check()


SAMPLE = [
    Assessment(
        participant_id=f"p-{i}",
        assessed_on=AS_OF.subtract(days=i),
        ratings={"safety": i % 5, "medical": 0, "symptoms": 2, "substance_use": 1},
        facts={"impairment_beyond_routine_outpatient": True},
        conditions=["depression"] if i % 2 else None,
    )
    for i in range(6)
]


def test_a_lazy_frame_stays_lazy_and_a_duckdb_relation_comes_back():
    reference = RULESETS["reference"]
    wanted = [expected(a, reference) for a in SAMPLE]
    frame = assessments_frame(SAMPLE)
    lazy = recommend_levels(frame.lazy(), as_of=AS_OF)
    assert isinstance(lazy, pl.LazyFrame)
    assert rows(lazy) == wanted
    relation = recommend_levels(duckdb.from_arrow(frame.to_arrow()), as_of=AS_OF)
    assert type(relation).__name__ == "DuckDBPyRelation"
    assert sorted(rows(relation.pl())) == sorted(wanted)


def test_columns_come_in_a_stable_order():
    result = recommend_levels(assessments_frame(SAMPLE), as_of=AS_OF)
    assert tuple(result.columns) == (
        "participant_id", "assessed_on", "level", "determinable", "at_least", "at_most",
        "missing", "fired", "follow_ups", "ruleset_id", "ruleset_version", "ruleset_hash",
    )  # fmt: skip
    assert result.schema["missing"] == pl.List(pl.String)


def test_a_birth_date_gives_the_population_on_the_assessment_day():
    # Turns 18 on 2026-02-28: adolescent the day before, adult on it.
    born = pendulum.date(2008, 2, 28)
    days = [pendulum.date(2026, 2, 27), pendulum.date(2026, 2, 28)]
    person = Participant(id="p-1", birth_date=born, conditions=["eating disorder"])
    base = {"heart_rate_bpm": 45.0}
    objects = [
        Assessment(participant_id="p-1", assessed_on=day, measurements=base).filled_from(person)
        for day in days
    ]
    frame = pl.DataFrame(
        {
            "participant_id": ["p-1", "p-1"],
            "assessed_on": days,
            "birth_date": [born, born],
            "conditions": [["eating disorder"]] * 2,
            "heart_rate_bpm": [45.0, 45.0],
        }
    )
    reference = RULESETS["reference"]
    assert rows(recommend_levels(frame, as_of=AS_OF)) == [expected(a, reference) for a in objects]


def _frame(**changes):
    frame = assessments_frame(SAMPLE)
    return frame.with_columns(**changes) if changes else frame


BAD_ROWS = [
    # (what, the frame, the column named, the rows named)
    ("rating above 10", _frame(safety=pl.Series([0, 11, 2, 12, 4, 0])), "safety", (1, 3)),
    ("rating not whole", _frame(safety=pl.Series([0.5, 1.0, 2, 3, 4, 0])), "safety", (0,)),
    ("after as_of", _frame(assessed_on=pl.lit(AS_OF.add(days=1))), "assessed_on", tuple(range(5))),
    ("unknown condition", _frame(conditions=pl.lit(["grief"])), "conditions", tuple(range(5))),
    ("unknown population", _frame(population=pl.lit("child")), "population", tuple(range(5))),
    (
        "no id",
        _frame(participant_id=pl.lit(None, dtype=pl.String)),
        "participant_id",
        tuple(range(5)),
    ),
]


@pytest.mark.parametrize(
    ("what", "frame", "column", "shown"), BAD_ROWS, ids=[r[0] for r in BAD_ROWS]
)
def test_bad_rows_are_refused_by_number(what, frame, column, shown):
    with pytest.raises(InvalidRowsError) as caught:
        recommend_levels(frame, as_of=AS_OF)
    assert caught.value.field == f"assessments.{column}", what
    assert caught.value.rows == shown


def test_a_birth_date_is_never_shown():
    born = pendulum.date(2027, 1, 9)
    frame = _frame(birth_date=pl.lit(born), population=pl.lit(None, dtype=pl.String))
    with pytest.raises(InvalidRowsError) as caught:
        recommend_levels(frame, as_of=AS_OF)
    assert caught.value.field == "assessments.birth_date"
    assert "2027" not in str(caught.value)


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (_frame().drop("participant_id"), InvalidValueError),
        (_frame(safety=pl.lit("high")), InvalidTypeError),
        (_frame(impairment_beyond_routine_outpatient=pl.lit(1)), InvalidTypeError),
        ("not a frame", InvalidTypeError),
    ],
)
def test_bad_columns_are_refused(frame, error):
    with pytest.raises(error):
        recommend_levels(frame, as_of=AS_OF)


def test_a_rating_and_a_fact_of_one_name_clash():
    clash = RULESETS["reference"].derive(
        id="clash",
        version="1",
        add=[
            Rule(
                id="X",
                when=FactIs(fact="safety"),
                min_level=LevelOfCare.INTENSIVE_OUTPATIENT,
                rationale="r",
                source="s",
            )
        ],
    )
    with pytest.raises(InvalidValueError, match="holds the fact 'safety'"):
        recommend_levels(_frame(), as_of=AS_OF, ruleset=clash)


def test_as_of_and_ruleset_are_checked_as_the_object_path_checks_them():
    with pytest.raises(InvalidTypeError):
        recommend_levels(_frame(), as_of="2026-03-02")
    with pytest.raises(InvalidValueError):
        recommend_levels(_frame(), as_of=pendulum.date(2019, 1, 1))
    with pytest.raises(InvalidTypeError):
        recommend_levels(_frame(), as_of=AS_OF, ruleset="reference")


@attrs.frozen(kw_only=True)
class SafetyOdd(Predicate):
    """A predicate of a user's own (no frame expression): the safety rating is odd."""

    KIND: ClassVar[str] = "test_safety_odd"

    def _evaluate(self, assessment):
        value = assessment.ratings.get("safety")
        truth = Truth.UNKNOWN if value is None else Truth.of(value % 2 == 1)
        return Check(truth=truth)

    def inputs(self):
        return frozenset({"ratings.safety"})

    def describe(self):
        return "safety is odd"


def test_a_predicate_of_ones_own_falls_back_to_the_object_path_with_a_warning():
    own = RULESETS["reference"].derive(
        id="own",
        version="1",
        add=[
            Rule(
                id="ODD",
                when=SafetyOdd(),
                min_level=LevelOfCare.PARTIAL_HOSPITALIZATION,
                rationale="r",
                source="s",
            )
        ],
    )
    with pytest.warns(UserWarning, match="object path"):
        result = recommend_levels(assessments_frame(SAMPLE), as_of=AS_OF, ruleset=own)
    assert rows(result) == [expected(a, own) for a in SAMPLE]
