"""Junk calls of iopcore.frames: one argument replaced by junk."""

import pendulum
import polars as pl

from iopcore import LevelOfCare, Population, frames
from iopcore.exceptions import short_repr
from iopcore.intensity import requirement_for

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


_START = pendulum.datetime(2024, 3, 4, 9, tz="America/New_York")
_SESSIONS = pl.DataFrame(
    {
        "participant_id": ["a"],
        "service": ["group therapy"],
        "start": [_START],
        "end": [_START.add(hours=3)],
    }
)
_WEEKS = {
    "requirement": requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    "tz": "America/New_York",
    "calendar": None,
    "episodes": None,
    "as_of": None,
    "stepping_down": False,
    "partial_weeks": "prorate",
    "columns": None,
}


def frames_weeks_calls(junk):
    """frames.weekly_compliance and frames.sessions_frame, each argument junk in turn."""
    yield "frames.weekly_compliance(sessions)", lambda j=junk: frames.weekly_compliance(j, **_WEEKS)
    for field in _WEEKS:
        yield (
            f"frames.weekly_compliance({field})",
            lambda j=junk, f=field: frames.weekly_compliance(_SESSIONS, **{**_WEEKS, f: j}),
        )
    yield "frames.sessions_frame", lambda j=junk: frames.sessions_frame(j)
    yield "frames.sessions_frame(backend)", lambda j=junk: frames.sessions_frame([], backend=j)


_PEOPLE = pl.DataFrame({"participant_id": ["a"], "birth_date": [pendulum.date(1990, 5, 1)]})
_COHORT = {
    "episodes": None,
    "events": None,
    "assessments": None,
    "sessions": _SESSIONS,
    "as_of": pendulum.date(2024, 3, 10),
    "tz": "America/New_York",
    "ruleset": None,
    "hours_ruleset": None,
    "partial_weeks": "prorate",
    "columns": None,
}


def frames_cohort_calls(junk):
    """frames.cohort_tables and its converters, each argument junk in turn."""
    yield "frames.cohort_tables(participants)", lambda j=junk: frames.cohort_tables(j, **_COHORT)
    for field in _COHORT:
        yield (
            f"frames.cohort_tables({field})",
            lambda j=junk, f=field: frames.cohort_tables(_PEOPLE, **{**_COHORT, f: j}),
        )
    yield "frames.participants_frame", lambda j=junk: frames.participants_frame(j)
    yield (
        "frames.participants_frame(backend)",
        lambda j=junk: frames.participants_frame([], backend=j),
    )
    yield "frames.episodes_frame", lambda j=junk: frames.episodes_frame(j)
    yield "frames.episodes_frame(backend)", lambda j=junk: frames.episodes_frame([], backend=j)
