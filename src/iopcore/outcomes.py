"""HEDIS Depression Remission or Response for Adolescents and Adults (DRR-E).

The measure, as NCQA describes it publicly ("Depression Remission or Response for
Adolescents and Adults (DRR-E)", ncqa.org, State of Health Care Quality measures
list; the numerators as restated in Horizon BCBSNJ's "HEDIS MY 2023 provider tips:
DRR-E", horizonblue.com): members 12 years of age and older with a diagnosis of
depression and an elevated PHQ-9 score; a follow-up PHQ-9 within 120 to 240 days
(4 to 8 months) after that score; remission is the most recent PHQ-9 in that
follow-up period below 5; response is that score at least 50 percent lower than the
score of the index episode.

What :func:`drr_e` implements:

* The index episode: the first complete PHQ-9 total above 9 dated within the
  caller's intake period, for a participant 12 or older on that day with a
  depression diagnosis (:attr:`~iopcore.participants.Condition.DEPRESSION` on the
  :class:`~iopcore.participants.Participant` or on the index assessment).
* The follow-up period: 120 to 240 days after the index date, both ends included;
  the most recent complete PHQ-9 in it counts.
* Exclusions: bipolar disorder, psychotic disorder and (borderline) personality
  disorder from :class:`~iopcore.participants.Condition`; anything else the caller
  flags per participant with :class:`Exclusion` (pervasive developmental disorder,
  hospice, death). **Unconfirmed:** the exclusion list is not given in the public
  description read (ncqa.org and horizonblue.com pages above); it follows NCQA's
  technical specification as summarised internally and must be checked against
  the licensed HEDIS Volume 2 text before reporting.
* **Unconfirmed:** "elevated" as a total *above 9* (10 or more) is not spelled out
  on the public pages read; it is NCQA's published cut-off as summarised
  internally.

What it does not implement: continuous enrollment, the payer product lines, the
age stratification (12-17, 18-64, 65 and older), the value sets (diagnosis codes
are the caller's to map, e.g. with
:meth:`~iopcore.participants.Condition.from_icd10`) and the measurement-year
calendar: the caller chooses the intake period.

A participant whose follow-up period has not ended on ``as_of`` is *not
determinable* (``Status.WINDOW_OPEN``): a later score could still become the
most recent one. One whose period ended without a PHQ-9 counts in the denominators
and in no numerator, as the measure counts them.

>>> import pendulum
>>> from iopcore.assessments import Assessment
>>> from iopcore.instruments import phq9
>>> from iopcore.participants import Participant
>>> people = [
...     Participant(id="p-1", birth_date=pendulum.date(1990, 1, 1), conditions=["depression"])
... ]
>>> scores = [
...     Assessment(
...         participant_id="p-1",
...         assessed_on=pendulum.date(2025, 1, 6),
...         scores=[phq9.score([2] * 9)],
...     ),
...     Assessment(
...         participant_id="p-1",
...         assessed_on=pendulum.date(2025, 6, 2),
...         scores=[phq9.score([0] * 9)],
...     ),
... ]
>>> summary = drr_e(
...     people,
...     scores,
...     intake_start=pendulum.date(2025, 1, 1),
...     intake_end=pendulum.date(2025, 12, 31),
...     as_of=pendulum.date(2026, 3, 1),
... )
>>> result = summary.results[0]
>>> result.status.value, result.index_score, result.follow_up_score, result.remission
('followed up', 18, 0, True)
>>> summary.denominator, summary.remission_rate, summary.response_rate
(1, 1.0, 1.0)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._validation import to_as_of, to_date
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.instruments.change import REMISSION_BELOW, RESPONSE_REDUCTION
from iopcore.participants import Condition, Participant

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "FOLLOW_UP_FIRST_DAY",
    "FOLLOW_UP_LAST_DAY",
    "INDEX_ABOVE",
    "MINIMUM_AGE",
    "DrrEResult",
    "DrrESummary",
    "Exclusion",
    "Status",
    "drr_e",
]

#: Members 12 years of age and older (NCQA, "Depression Remission or Response for
#: Adolescents and Adults (DRR-E)", ncqa.org measure description).
MINIMUM_AGE: Final = 12  # NCQA DRR-E public description: "12 years of age and older"
#: An elevated PHQ-9: a total above 9. Unconfirmed on the public pages read.
INDEX_ABOVE: Final = 9  # NCQA DRR-E: index PHQ-9 total > 9 (unconfirmed in public text)
#: The follow-up period starts 120 days after the index score (NCQA DRR-E, ncqa.org).
FOLLOW_UP_FIRST_DAY: Final = 120  # NCQA DRR-E, ncqa.org: "within 120-240 days"
#: The follow-up period ends 240 days after the index score (NCQA DRR-E, ncqa.org).
FOLLOW_UP_LAST_DAY: Final = 240  # NCQA DRR-E, ncqa.org: "within 120-240 days"
# Response (at least 50 percent lower than the index score, NCQA DRR-E numerator 3) and
# remission (below 5, numerator 2; horizonblue.com restates both) are the thresholds
# iopcore.instruments.change already holds: RESPONSE_REDUCTION and REMISSION_BELOW.

_INSTRUMENT: Final = "phq9"


class Exclusion(enum.Enum):
    """Why a participant is left out of the measure (list unconfirmed, see module)."""

    BIPOLAR_DISORDER = "bipolar disorder"
    PERSONALITY_DISORDER = "personality disorder"
    PSYCHOTIC_DISORDER = "psychotic disorder"
    PERVASIVE_DEVELOPMENTAL_DISORDER = "pervasive developmental disorder"
    HOSPICE = "hospice"
    DEATH = "death"


_FROM_CONDITION: Final[Mapping[Condition, Exclusion]] = {
    Condition.BIPOLAR_DISORDER: Exclusion.BIPOLAR_DISORDER,
    Condition.BORDERLINE_PERSONALITY_DISORDER: Exclusion.PERSONALITY_DISORDER,
    Condition.PSYCHOTIC_DISORDER: Exclusion.PSYCHOTIC_DISORDER,
}


class Status(enum.Enum):
    """Where a participant stands in the measure."""

    NO_INDEX = "no index episode"
    EXCLUDED = "excluded"
    WINDOW_OPEN = "not determinable: follow-up period not over"
    NO_FOLLOW_UP = "no follow-up PHQ-9"
    FOLLOWED_UP = "followed up"


@attrs.frozen
class DrrEResult:
    """One participant's DRR-E result.

    Attributes:
        participant_id: As on the participant.
        status: Where the participant stands.
        index_date: The index PHQ-9's date, or ``None`` without an index episode.
        index_score: Its total, or ``None``.
        follow_up_date: The most recent PHQ-9 in the follow-up period, or ``None``
            (none, or the period is not over).
        follow_up_score: Its total, or ``None``.
        exclusions: Why the participant is excluded (empty if not).
        response: ``None`` when not determinable or not in the denominator.
        remission: Likewise.
    """

    participant_id: str
    status: Status
    index_date: pendulum.Date | None = None
    index_score: int | None = None
    follow_up_date: pendulum.Date | None = None
    follow_up_score: int | None = None
    exclusions: frozenset[Exclusion] = frozenset()
    response: bool | None = None
    remission: bool | None = None

    @property
    def in_denominator(self) -> bool:
        """Whether the participant counts in the three denominators."""
        return self.status in (Status.NO_FOLLOW_UP, Status.FOLLOWED_UP)


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


@attrs.frozen
class DrrESummary:
    """Per-participant results and the measure's three rates.

    Attributes:
        results: One :class:`DrrEResult` per participant, in the order given.
    """

    results: tuple[DrrEResult, ...]

    @property
    def denominator(self) -> int:
        """Participants with an index episode, not excluded, period over."""
        return sum(r.in_denominator for r in self.results)

    @property
    def follow_ups(self) -> int:
        """Numerator 1: a PHQ-9 in the follow-up period."""
        return sum(r.status is Status.FOLLOWED_UP for r in self.results)

    @property
    def remissions(self) -> int:
        """Numerator 2: the most recent follow-up PHQ-9 below 5."""
        return sum(r.remission is True for r in self.results)

    @property
    def responses(self) -> int:
        """Numerator 3: a drop of at least 50 percent."""
        return sum(r.response is True for r in self.results)

    @property
    def not_determinable(self) -> int:
        """Participants whose follow-up period is not over on ``as_of``."""
        return sum(r.status is Status.WINDOW_OPEN for r in self.results)

    @property
    def follow_up_rate(self) -> float | None:
        """``follow_ups / denominator``; ``None`` when the denominator is 0."""
        return _rate(self.follow_ups, self.denominator)

    @property
    def remission_rate(self) -> float | None:
        """``remissions / denominator``; ``None`` when the denominator is 0."""
        return _rate(self.remissions, self.denominator)

    @property
    def response_rate(self) -> float | None:
        """``responses / denominator``; ``None`` when the denominator is 0."""
        return _rate(self.responses, self.denominator)


def _phq9_totals(assessments: Iterable[Assessment]) -> dict[str, list[tuple[pendulum.Date, int]]]:
    found: dict[str, list[tuple[pendulum.Date, int]]] = {}
    for assessment in assessments:
        score = assessment.scores.get(_INSTRUMENT)
        if score is not None and score.complete and score.total is not None:
            found.setdefault(assessment.participant_id, []).append(
                (assessment.assessed_on, score.total)
            )
    for dated in found.values():
        dated.sort()
    return found


def _diagnosed_days(assessments: Iterable[Assessment]) -> dict[str, set[pendulum.Date]]:
    days: dict[str, set[pendulum.Date]] = {}
    for a in assessments:
        if a.conditions is not None and Condition.DEPRESSION in a.conditions:
            days.setdefault(a.participant_id, set()).add(a.assessed_on)
    return days


def _one(
    person: Participant,
    dated: Sequence[tuple[pendulum.Date, int]],
    diagnosed: set[pendulum.Date],
    flagged: frozenset[Exclusion],
    period: tuple[pendulum.Date, pendulum.Date, pendulum.Date],
) -> DrrEResult:
    start, end, as_of = period
    index = next(
        (
            (day, total)
            for day, total in dated
            if start <= day <= end
            and day <= as_of
            and total > INDEX_ABOVE  # NCQA DRR-E: index PHQ-9 > 9 (unconfirmed, see module)
            and person.age_on(day) >= MINIMUM_AGE  # NCQA DRR-E: 12 years of age and older
            and (Condition.DEPRESSION in person.conditions or day in diagnosed)
        ),
        None,
    )
    if index is None:
        return DrrEResult(person.id, Status.NO_INDEX)
    index_date, index_score = index
    found = {"index_date": index_date, "index_score": index_score}
    excluded = flagged | {_FROM_CONDITION[c] for c in person.conditions if c in _FROM_CONDITION}
    if excluded:
        return DrrEResult(person.id, Status.EXCLUDED, exclusions=frozenset(excluded), **found)  # type: ignore[arg-type]
    # Day numbers: near the end of the calendar the window has no dates, only numbers.
    first = index_date.toordinal() + FOLLOW_UP_FIRST_DAY  # NCQA DRR-E: 120 days after
    last = index_date.toordinal() + FOLLOW_UP_LAST_DAY  # NCQA DRR-E: 240 days after
    if as_of.toordinal() < last:
        return DrrEResult(person.id, Status.WINDOW_OPEN, **found)  # type: ignore[arg-type]
    in_window = [(day, total) for day, total in dated if first <= day.toordinal() <= last]
    if not in_window:
        return DrrEResult(person.id, Status.NO_FOLLOW_UP, response=False, remission=False, **found)  # type: ignore[arg-type]
    day, total = in_window[-1]
    return DrrEResult(
        person.id,
        Status.FOLLOWED_UP,
        follow_up_date=day,
        follow_up_score=total,
        # NCQA DRR-E numerator 3: at least 50 percent lower than the index score
        response=total <= index_score * (1 - RESPONSE_REDUCTION),
        # NCQA DRR-E numerator 2: most recent PHQ-9 below 5
        remission=total < REMISSION_BELOW[_INSTRUMENT],
        **found,  # type: ignore[arg-type]
    )


def _listed(values: object, field: str) -> list[object]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed="a list of iopcore objects")
    return list(values)


def _flags(exclusions: object) -> dict[str, frozenset[Exclusion]]:
    allowed = "a mapping of participant id to iopcore.outcomes.Exclusion members"
    if exclusions is None:
        return {}
    if not isinstance(exclusions, Mapping):
        raise InvalidTypeError("exclusions", exclusions, allowed=allowed)
    flags: dict[str, frozenset[Exclusion]] = {}
    for who, given in exclusions.items():
        field = f"$.exclusions[{who!r}]" if isinstance(who, str) else "exclusions"
        if not isinstance(who, str) or isinstance(given, (str, bytes)):
            raise InvalidTypeError(field, given if isinstance(who, str) else who, allowed=allowed)
        if not isinstance(given, Iterable):
            raise InvalidTypeError(field, given, allowed=allowed)
        chosen = tuple(given)
        for item in chosen:
            if not isinstance(item, Exclusion):
                raise InvalidTypeError(field, item, allowed=allowed)
        flags[who] = frozenset(chosen)
    return flags


def drr_e(  # noqa: PLR0913 - the data, the intake period and as_of, by keyword
    participants: Sequence[Participant],
    assessments: Sequence[Assessment],
    *,
    intake_start: pendulum.Date,
    intake_end: pendulum.Date,
    as_of: pendulum.Date,
    exclusions: Mapping[str, Iterable[Exclusion]] | None = None,
) -> DrrESummary:
    """Compute DRR-E for ``participants`` from their dated PHQ-9 scores.

    Args:
        participants: The people to report on (their age and conditions).
        assessments: Dated assessments; those with a complete ``phq9`` score count.
        intake_start: First day an index PHQ-9 may fall on.
        intake_end: Last day an index PHQ-9 may fall on.
        as_of: The day the data are complete to; later scores are ignored.
        exclusions: Caller-supplied :class:`Exclusion` flags by participant id.

    Returns:
        A :class:`DrrESummary`.

    Raises:
        InvalidTypeError: a participant or assessment of the wrong type, a date that
            is not a date, or an exclusion that is not an :class:`Exclusion`.
        InvalidValueError: ``intake_end`` before ``intake_start``.

    >>> import pendulum
    >>> drr_e(
    ...     [],
    ...     [],
    ...     intake_start=pendulum.date(2025, 1, 1),
    ...     intake_end=pendulum.date(2025, 12, 31),
    ...     as_of=pendulum.date(2026, 9, 1),
    ... ).remission_rate is None
    True
    """
    start = to_date(intake_start, field="intake_start")
    end = to_date(intake_end, field="intake_end")
    day = to_as_of(as_of)
    if end < start:
        raise InvalidValueError(
            "intake_end", end, allowed=f"a date on or after intake_start ({start})"
        )
    flags = _flags(exclusions)
    people = _listed(participants, "participants")
    records = _listed(assessments, "assessments")
    kept: list[Assessment] = []
    for position, record in enumerate(records):
        if not isinstance(record, Assessment):
            raise InvalidTypeError(
                f"$.assessments[{position}]", record, allowed="an iopcore Assessment"
            )
        if record.assessed_on <= day:
            kept.append(record)
    totals = _phq9_totals(kept)
    diagnosed = _diagnosed_days(kept)
    results = []
    for position, person in enumerate(people):
        if not isinstance(person, Participant):
            raise InvalidTypeError(
                f"$.participants[{position}]", person, allowed="an iopcore Participant"
            )
        results.append(
            _one(
                person,
                totals.get(person.id, []),
                diagnosed.get(person.id, set()),
                flags.get(person.id, frozenset()),
                (start, end, day),
            )
        )
    return DrrESummary(tuple(results))
