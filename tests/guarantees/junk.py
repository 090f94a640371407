"""The junk values every public entry point is fed, and the valid values around them.

Shared by the call tables (``calls_*.py``) of the robustness guarantee."""

import datetime as dt
import math
from collections.abc import Iterator

import pendulum

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy comes with the frames extra
    np = None

import iopcore
from iopcore import (
    rulesets,
)
from iopcore.instruments import (
    audit,
    audit_c,
    bam,
    cssrs,
    dast10,
    gad7,
    pcl5,
    phq9,
)
from iopcore.rulesets import locus

# ---------------------------------------------------------------- robustness

JUNK = [
    None,
    math.nan,
    math.inf,
    -math.inf,
    10**100,
    -(10**100),
    True,
    False,
    "",
    "   ",
    "\x00",
    "x" * 10_000,
    b"bytes",
    [],
    {},
    (1, 2),
    {1, 2},
    object(),
    1.5,
    -1,
    dt.datetime(2024, 1, 1),  # noqa: DTZ001 - naive on purpose
    pendulum.naive(2024, 1, 1),
    dt.date(2024, 1, 1),
    pendulum.date(2024, 1, 1),
    pendulum.datetime(2024, 1, 1, tz="UTC"),
    iopcore.LevelOfCare.INPATIENT,
    lambda: None,
    # The cases of issue 14: subnormal and extreme floats, an int too long to print,
    # the ends of the calendar, unhashable and array-like values, duplicate-key JSON.
    5e-324,
    -0.0,
    1.7976931348623157e308,
    10**5000,
    pendulum.date(1, 1, 1),
    pendulum.datetime(1, 1, 1, tz="UTC"),
    # (Days late in 9999 are left out here, tests/test_calendar_edges.py has them: as an
    # as_of they are valid, and the cohort functions then build a row per week for
    # eight thousand years, which takes seconds.)
    [[]],
    {"a": [1]},
    bytearray(b"x"),
    frozenset({1}),
    '{"schema_version": 1, "schema_version": 1, "id": "a", "id": "b"}',
    *([] if np is None else [np.array([1, 2]), np.float64("nan"), np.int64(3)]),
]


VALID_PARTICIPANT = {
    "id": "p-1",
    "birth_date": pendulum.date(2000, 1, 1),
    "conditions": [],
    "sex": None,
}


INSTRUMENT_MODULES = [audit, audit_c, bam, cssrs, dast10, gad7, pcl5, phq9]

DAY = pendulum.date(2026, 3, 2)
LOCUS_NAMES = locus.DIMENSIONS


def drawn(records):
    """A synthetic generator's records, drawn if they are a stream."""
    return list(records) if isinstance(records, Iterator) else records


EPISODE_DAY = pendulum.date(2026, 1, 5)
CHANGE_FIELDS = {
    "effective": EPISODE_DAY.add(days=7),
    "recorded": EPISODE_DAY.add(days=7),
    "from_level": "IOP",
    "to_level": "PHP",
    "reason": "safety risk",
    "decided_by": "psychiatrist",
    "note": None,
}
DISCHARGE_FIELDS = {
    "effective": EPISODE_DAY.add(days=30),
    "recorded": EPISODE_DAY.add(days=30),
    "reason": "goals met",
    "decided_by": None,
    "note": None,
}
EPISODE_FIELDS = {
    "participant_id": "p-1",
    "program_id": None,
    "admitted": EPISODE_DAY,
    "initial_level": "IOP",
    "events": (),
}


TRANSITION_DAY = pendulum.date(2026, 2, 2)

NY = "America/New_York"
SESSION_FIELDS = {
    "participant_id": "p-1",
    "service": "group therapy",
    "start": pendulum.datetime(2026, 3, 2, 9, tz=NY),
    "end": pendulum.datetime(2026, 3, 2, 12, tz=NY),
    "attendance": "attended",
    "attended_minutes": None,
}
CALENDAR_FIELDS = {
    "tz": NY,
    "first_weekday": 0,
    "open_weekdays": [0, 2, 4],
    "closures": [],
    "partial_days": {},
}
BAND_FIELDS = {
    "level": iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
    "population": iopcore.Population.ADULT,
    "min_hours_per_week": 9,
    "max_hours_per_week": 19,
    "max_exclusive": False,
    "min_days_per_week": None,
    "taper_grace_weeks": 2,
    "source": "s",
    "basis": rulesets.HoursBasis.DELIVERED,
}


COHORT_DAY = pendulum.date(2026, 3, 30)


#: Phrases of Python's own messages, which mean nothing to a clinician or an analyst.
_INTERNAL = ("object has no attribute", "unhashable type", "NoneType", "from -inf", "to inf")


def programmer_words(error: BaseException) -> list[str]:
    """The messages of ``error`` (and of a group's members) that leak Python's words."""
    members = error.exceptions if isinstance(error, BaseExceptionGroup) else ()
    found = [f"{error}" for phrase in _INTERNAL if phrase in str(error)]
    return found + [leak for member in members for leak in programmer_words(member)]
