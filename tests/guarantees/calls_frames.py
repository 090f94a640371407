"""Junk calls of iopcore.frames: one argument replaced by junk."""

import pendulum
import polars as pl

from iopcore import frames
from iopcore.exceptions import short_repr

#: A valid PHQ-9 items table, one questionnaire.
PHQ9_ITEMS = pl.DataFrame({f"phq9_{number}": [1] for number in range(1, 10)})
_DAY = pendulum.date(2026, 3, 2)
_FRAME = pl.DataFrame({"participant_id": ["p-1"], "assessed_on": [_DAY], "safety": [1]})


def frames_calls(junk):
    """The frames entry points, each with one argument replaced by junk."""
    yield "frames.items_schema", lambda j=junk: frames.items_schema(j)
    yield "frames.score(items)", lambda j=junk: frames.score(j, "phq9")
    yield "frames.score(instrument)", lambda j=junk: frames.score(PHQ9_ITEMS, j)
    yield "frames.score(columns)", lambda j=junk: frames.score(PHQ9_ITEMS, "phq9", columns=j)
    yield "frames.score(options)", lambda j=junk: frames.score(PHQ9_ITEMS, "pcl5", options=j)
    yield (
        "frames.score(option value)",
        lambda j=junk: frames.score(PHQ9_ITEMS, "pcl5", options={"cutoff": j}),
    )
    yield (
        "frames.score(an item column of junk)",
        lambda j=junk: frames.score(PHQ9_ITEMS.with_columns(phq9_1=pl.lit(short_repr(j))), "phq9"),
    )
    yield "recommend_levels(junk)", lambda j=junk: frames.recommend_levels(j, as_of=_DAY)
    yield "recommend_levels(as_of=junk)", lambda j=junk: frames.recommend_levels(_FRAME, as_of=j)
    yield (
        "recommend_levels(ruleset=junk)",
        lambda j=junk: frames.recommend_levels(_FRAME, as_of=_DAY, ruleset=j),
    )
    yield (
        "recommend_levels(columns=junk)",
        lambda j=junk: frames.recommend_levels(_FRAME, as_of=_DAY, columns=j),
    )
    yield "assessments_frame(junk)", lambda j=junk: frames.assessments_frame(j)
    yield "assessments_frame(backend=junk)", lambda j=junk: frames.assessments_frame([], backend=j)
