"""Junk calls of iopcore.frames: one argument replaced by junk."""

import polars as pl

from iopcore import frames
from iopcore.exceptions import short_repr

#: A valid PHQ-9 items table, one questionnaire.
PHQ9_ITEMS = pl.DataFrame({f"phq9_{number}": [1] for number in range(1, 10)})


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
