"""Dated scores: a questionnaire's score and the date it was completed.

:class:`DatedScore` is what a :class:`~iopcore.instruments.change.Trajectory` is
made of; :func:`to_dated_scores` reads them from ``DatedScore`` values or
``(on, score)`` pairs.
"""

from __future__ import annotations

import collections.abc

import attrs
import pendulum

from iopcore._validation import ErrorCollector, to_date
from iopcore.exceptions import InvalidTypeError
from iopcore.instruments._score import Score

__all__ = ["DatedScore", "to_dated_scores"]


def _score(value: object) -> Score:
    if not isinstance(value, Score):
        raise InvalidTypeError("score", value, allowed="an iopcore.instruments.Score")
    return value


def _on(value: object) -> pendulum.Date:
    return to_date(value, field="on")


@attrs.frozen(kw_only=True)
class DatedScore:
    """One dated score: the questionnaire was completed ``on`` that date.

    >>> from iopcore.instruments import phq9
    >>> DatedScore(on=pendulum.date(2026, 1, 5), score=phq9.score([1] * 9)).score.total
    9
    """

    on: pendulum.Date = attrs.field(converter=_on)
    score: Score = attrs.field(converter=_score)


def _measurement(value: object, field: str) -> DatedScore:
    if isinstance(value, DatedScore):
        return value
    allowed = "a DatedScore or an (on, score) pair"
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidTypeError(field, value, allowed=allowed)
    on, score = value
    collector = ErrorCollector(field)
    found: list[object] = []
    with collector.catch():
        found.append(to_date(on, field=f"{field}[0]"))
    with collector.catch():
        if not isinstance(score, Score):
            raise InvalidTypeError(f"{field}[1]", score, allowed="an iopcore.instruments.Score")
        found.append(score)
    collector.raise_if_any()
    return DatedScore(on=on, score=score)


def to_dated_scores(values: object) -> tuple[DatedScore, ...]:
    allowed = "an iterable of DatedScore values or (on, score) pairs"
    if isinstance(values, str | bytes) or not isinstance(values, collections.abc.Iterable):
        raise InvalidTypeError("measurements", values, allowed=allowed)
    collector = ErrorCollector("measurements")
    found: list[DatedScore] = []
    for index, value in enumerate(values):
        with collector.catch():
            found.append(_measurement(value, f"$.measurements[{index}]"))
    collector.raise_if_any()
    # Stable: two scores on one date keep the order they were given in.
    return tuple(sorted(found, key=lambda measurement: measurement.on))
