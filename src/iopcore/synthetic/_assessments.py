"""Synthetic assessments, one per participant, for a ruleset; and the cohort of both.

:func:`assessments` and :func:`iter_assessments` give one assessment for each of the
participants of :func:`~iopcore.synthetic.participants`, dated up to 89 days before
``as_of``; :func:`cohort` gives the participants and their assessments together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, UnknownCodeError
from iopcore.participants import Participant
from iopcore.synthetic._inputs import ROLES, locus_inputs, medicare_inputs, reference_inputs
from iopcore.synthetic._participants import drawn_participant
from iopcore.synthetic._streams import Draw, to_record_count, to_record_date, to_seed

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pendulum

#: The rulesets whose inputs :func:`assessments` can generate.
FOR_RULESETS: Final = ("locus", "medicare", "reference")
#: How many days before ``as_of`` an assessment may be dated (0 to this, inclusive).
_LOOKBACK_DAYS: Final = 89


@attrs.frozen(kw_only=True)
class SyntheticCohort:
    """Synthetic participants and one assessment each, index for index.

    Attributes:
        participants: The participants, ``syn-000001`` first.
        assessments: ``assessments[i]`` belongs to ``participants[i]``.
    """

    participants: tuple[Participant, ...]
    assessments: tuple[Assessment, ...]


def _assessment(
    seed: int, index: int, as_of: pendulum.Date, for_ruleset: str
) -> tuple[Participant, Assessment]:
    participant, severity = drawn_participant(seed, index, as_of)
    draw = Draw(seed, f"assessment/{for_ruleset}", index)
    on = as_of.subtract(days=draw.below(_LOOKBACK_DAYS + 1))
    if for_ruleset == "reference":
        inputs = reference_inputs(draw, severity, participant, on)
    elif for_ruleset == "medicare":
        inputs = medicare_inputs(draw, severity)
    else:
        inputs = locus_inputs(draw, severity)
    assessment = Assessment(
        participant_id=participant.id,
        assessed_on=on,
        conditions=participant.conditions,
        recorded_by=draw.weighted(ROLES),
        **inputs,
    )
    return participant, assessment


def _for_ruleset(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("for_ruleset", value, allowed=", ".join(FOR_RULESETS))
    if value not in FOR_RULESETS:
        raise UnknownCodeError("for_ruleset", value, allowed=", ".join(FOR_RULESETS))
    return value


def assessments(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    for_ruleset: str = "reference",
) -> tuple[Assessment, ...]:
    """Return ``n`` synthetic assessments, one for each of ``participants(n, ...)``.

    Args:
        n: How many (0 or more).
        seed: Any int; the same seed gives the same assessments.
        as_of: The latest date an assessment may carry; each is dated 0-89 days
            before it.
        for_ruleset: Whose inputs to generate: ``"reference"`` (the six reference
            dimensions, C-SSRS, PHQ-9, admission facts, vitals), ``"locus"`` (the
            seven LOCUS scales and its two facts) or ``"medicare"`` (the six facts of
            the IOP/PHP patient criteria).

    Raises:
        InvalidTypeError: ``n`` or ``seed`` is not an int, or ``as_of`` is not a date.
        InvalidValueError: ``n`` is negative, or ``as_of`` leaves no room on the
            calendar (74 years before it and two weeks after it).
        UnknownCodeError: ``for_ruleset`` is not one of :data:`FOR_RULESETS`.

    >>> import pendulum
    >>> (one,) = assessments(1, seed=1, as_of=pendulum.date(2026, 1, 5))
    >>> sorted(one.scores)
    ['cssrs', 'phq9']
    """
    return tuple(iter_assessments(n, seed=seed, as_of=as_of, for_ruleset=for_ruleset))


def iter_assessments(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    for_ruleset: str = "reference",
) -> Iterator[Assessment]:
    """Yield the assessments of :func:`assessments` one at a time.

    The arguments (those of :func:`assessments`) are checked when this is called;
    memory stays the same whatever ``n`` is.

    .. versionadded:: 0.1

    >>> import pendulum
    >>> stream = iter_assessments(10**6, seed=1, as_of=pendulum.date(2026, 1, 5))
    >>> next(stream) == assessments(1, seed=1, as_of=pendulum.date(2026, 1, 5))[0]
    True
    """
    count, number, on = to_record_count(n), to_seed(seed), to_record_date(as_of)
    kind = _for_ruleset(for_ruleset)
    return (_assessment(number, index, on, kind)[1] for index in range(count))


def cohort(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    for_ruleset: str = "reference",
) -> SyntheticCohort:
    """Return ``n`` synthetic participants with one assessment each.

    The arguments are those of :func:`assessments`; the participants are those of
    :func:`participants` with the same ``n``, ``seed`` and ``as_of``.

    >>> import pendulum
    >>> group = cohort(2, seed=1, as_of=pendulum.date(2026, 1, 5), for_ruleset="locus")
    >>> [a.participant_id for a in group.assessments] == [p.id for p in group.participants]
    True
    """
    count, number, on = to_record_count(n), to_seed(seed), to_record_date(as_of)
    kind = _for_ruleset(for_ruleset)
    pairs = [_assessment(number, index, on, kind) for index in range(count)]
    return SyntheticCohort(
        participants=tuple(participant for participant, _ in pairs),
        assessments=tuple(assessment for _, assessment in pairs),
    )
