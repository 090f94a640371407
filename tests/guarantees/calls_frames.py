"""Junk calls of iopcore.frames: one argument replaced by junk."""

import pendulum
import polars as pl

from iopcore import frames

_DAY = pendulum.date(2026, 3, 2)
_FRAME = pl.DataFrame({"participant_id": ["p-1"], "assessed_on": [_DAY], "safety": [1]})


def frames_calls(junk):
    """The frames entry points of placement, each with one argument replaced by junk."""
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
