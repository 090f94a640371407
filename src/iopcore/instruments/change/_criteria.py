"""Fixed-point outcome rules: response, remission, caseness and Talking Therapies change.

Response (a 50% drop) and remission (PHQ-9 below 5) as the HEDIS DRR-E measure
defines them; reliable improvement and deterioration, caseness and recovery as the
NHS Talking Therapies (IAPT) manual does. Each threshold table cites its source.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from iopcore._validation import ErrorCollector
from iopcore.instruments.change._totals import instrument_of, total_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iopcore.instruments._score import Score

__all__ = [
    "CASENESS",
    "RELIABLE_CHANGE_POINTS",
    "REMISSION_BELOW",
    "RESPONSE_REDUCTION",
    "is_case",
    "recovery",
    "reliable_deterioration",
    "reliable_improvement",
    "reliable_recovery",
    "remission",
    "response",
]

#: Reliable improvement or deterioration: a change of at least this many points.
RELIABLE_CHANGE_POINTS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "phq9": 6,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
        "gad7": 4,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
    }
)

#: Caseness: a total at or above this is "a case" (clinical range).
CASENESS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "phq9": 10,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
        "gad7": 8,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
    }
)

#: Remission: a total below this.
REMISSION_BELOW: Final[Mapping[str, int]] = MappingProxyType(
    {
        "phq9": 5,  # HEDIS DRR-E (ncqa.org) and CMS159: PHQ-9 < 5 [V]
        "gad7": 5,  # GAD-7 "minimal" band 0-4 (Spitzer 2006 cut-point 5), by analogy [M]
    }
)

#: Response: a drop of at least this fraction of the baseline total. HEDIS DRR-E
#: (ncqa.org): >= 50% reduction [V].
RESPONSE_REDUCTION: Final = 0.5


def response(baseline: float | Score, follow_up: float | Score) -> bool:
    """Whether the total fell by at least 50% from ``baseline`` (HEDIS DRR-E).

    A baseline of 0 has nothing to fall from: the answer is ``False``.

    Raises:
        InvalidValueError: a negative total or a Score without one.

    >>> response(20, 10), response(20, 11), response(0, 0)
    (True, False, False)
    """
    collector = ErrorCollector("response")
    start = end = 0.0
    with collector.catch():
        start, _ = total_of(baseline, "baseline")
    with collector.catch():
        end, _ = total_of(follow_up, "follow_up")
    collector.raise_if_any()
    return start > 0 and start - end >= RESPONSE_REDUCTION * start


def remission(score: float | Score, *, instrument: str | None = None) -> bool:
    """Whether the total is in remission: PHQ-9 below 5 (HEDIS), GAD-7 below 5.

    Args:
        score: A total, or a Score with a total.
        instrument: ``"phq9"`` or ``"gad7"``; needed when ``score`` is a number.

    Raises:
        UnknownCodeError: an instrument without a remission rule here.
        InvalidValueError: a number without ``instrument``, or a Score without a total.

    >>> remission(4, instrument="phq9"), remission(5, instrument="phq9")
    (True, False)
    """
    total, found = total_of(score, "score")
    name = instrument_of(instrument, (found,), REMISSION_BELOW)
    return total < REMISSION_BELOW[name]


def is_case(score: float | Score, *, instrument: str | None = None) -> bool:
    """Whether the total is at or above caseness (Talking Therapies: PHQ-9 10, GAD-7 8).

    >>> is_case(10, instrument="phq9"), is_case(9, instrument="phq9")
    (True, False)
    >>> is_case(8, instrument="gad7"), is_case(7, instrument="gad7")
    (True, False)
    """
    total, found = total_of(score, "score")
    name = instrument_of(instrument, (found,), CASENESS)
    return total >= CASENESS[name]


def _pair(
    before: object, after: object, instrument: object, table: Mapping[str, object]
) -> tuple[float, float, str]:
    collector = ErrorCollector("scores")
    start = end = 0.0
    first: str | None = None
    second: str | None = None
    with collector.catch():
        start, first = total_of(before, "before")
    with collector.catch():
        end, second = total_of(after, "after")
    collector.raise_if_any()
    return start, end, instrument_of(instrument, (first, second), table)


def reliable_improvement(
    before: float | Score, after: float | Score, *, instrument: str | None = None
) -> bool:
    """Whether the total fell by at least the Talking Therapies points (PHQ-9 6, GAD-7 4).

    >>> (
    ...     reliable_improvement(16, 10, instrument="phq9"),
    ...     reliable_improvement(16, 11, instrument="phq9"),
    ... )
    (True, False)
    """
    start, end, name = _pair(before, after, instrument, RELIABLE_CHANGE_POINTS)
    return start - end >= RELIABLE_CHANGE_POINTS[name]


def reliable_deterioration(
    before: float | Score, after: float | Score, *, instrument: str | None = None
) -> bool:
    """Whether the total rose by at least the Talking Therapies points (PHQ-9 6, GAD-7 4).

    >>> (
    ...     reliable_deterioration(8, 12, instrument="gad7"),
    ...     reliable_deterioration(8, 11, instrument="gad7"),
    ... )
    (True, False)
    """
    start, end, name = _pair(before, after, instrument, RELIABLE_CHANGE_POINTS)
    return end - start >= RELIABLE_CHANGE_POINTS[name]


def recovery(before: float | Score, after: float | Score, *, instrument: str | None = None) -> bool:
    """Whether a case at ``before`` is below caseness at ``after`` (Talking Therapies).

    The programme's own measure looks at PHQ-9 and GAD-7 together (a case on either
    at the start, below caseness on both at the end); this is the single-instrument
    part of it. Call it for each and combine as your report needs.

    >>> recovery(14, 9, instrument="phq9"), recovery(9, 4, instrument="phq9")
    (True, False)
    """
    start, end, name = _pair(before, after, instrument, CASENESS)
    return start >= CASENESS[name] > end


def reliable_recovery(
    before: float | Score, after: float | Score, *, instrument: str | None = None
) -> bool:
    """Whether :func:`recovery` and :func:`reliable_improvement` both hold.

    >>> reliable_recovery(14, 8, instrument="phq9"), reliable_recovery(11, 9, instrument="phq9")
    (True, False)
    """
    return recovery(before, after, instrument=instrument) and reliable_improvement(
        before, after, instrument=instrument
    )
