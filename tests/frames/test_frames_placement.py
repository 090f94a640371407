"""Placement on tables: the same answers as recommend_level, row for row."""

from __future__ import annotations

import duckdb
import narwhals as nw
import pendulum
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import recommend_level
from iopcore.frames import assessments_frame, recommend_levels
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

    @settings(max_examples=EXAMPLES.get(name, 30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(batches(ruleset))
    def check(assessments):
        frame = assessments_frame(assessments, backend=backend)
        result = recommend_levels(frame, as_of=AS_OF, ruleset=ruleset)
        assert rows(result) == [expected(a, ruleset) for a in assessments]

    check()
