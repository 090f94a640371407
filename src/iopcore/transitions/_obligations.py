"""Obligations: the deadlines ahead and overdue for an episode on a date.

:func:`obligations` lists each :class:`Obligation` by due date: Medicare
recertification (:func:`iopcore.rulesets.medicare.recertification_due`), treatment-plan
review and re-assessment at the ruleset's cadence.

References:
    * Medicare recertification: 42 CFR 424.24(d)(3) and (e)(3) as amended by
      88 FR 82182 (CMS-1786-FC, 22 Nov 2023).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._days import date_of
from iopcore._periods import level_on_day, stay_periods
from iopcore._validation import ErrorCollector, shift_date, to_as_of, to_date
from iopcore.exceptions import InvalidTypeError
from iopcore.levels import LevelOfCare
from iopcore.transitions._inputs import assessments_until, to_episode, to_ruleset

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.episodes import Episode
    from iopcore.rulesets import Ruleset

__all__ = [
    "Obligation",
    "ObligationKind",
    "obligations",
]


class ObligationKind(enum.Enum):
    """What falls due."""

    MEDICARE_RECERTIFICATION = "Medicare recertification"
    PLAN_REVIEW = "treatment-plan review"
    ASSESSMENT = "assessment"


@attrs.frozen(kw_only=True)
class Obligation:
    """Something due by a date.

    Attributes:
        kind: What is due.
        due: The last day it may be done on time.
        overdue: Whether ``as_of`` is after ``due``.
        last_done: When it was last done (``None``: not since the clock started).
        level: The level of care it belongs to, where that matters (recertification).
        source: The public source of the deadline.
    """

    kind: ObligationKind
    due: pendulum.Date
    overdue: bool
    last_done: pendulum.Date | None
    level: LevelOfCare | None
    source: str


_MEDICARE_SOURCE: Final = (
    "42 CFR 424.24(d)(3) (IOP: at least every 60 days) and (e)(3)(ii) (PHP: as of the "
    "18th day, then at least every 30 days), as amended by 88 FR 82182"
)
_MEDICARE_LEVELS: Final = frozenset(
    {LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION}
)


def _dates(values: object, field: str) -> list[pendulum.Date]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed="an iterable of dates")
    collector = ErrorCollector(field)
    found: list[pendulum.Date] = []
    for index, value in enumerate(values):
        with collector.catch():
            found.append(to_date(value, field=f"$.{field}[{index}]"))
    collector.raise_if_any()
    return sorted(found)


def _obligation(  # noqa: PLR0913 - the fields of one obligation
    kind: ObligationKind,
    *,
    due: pendulum.Date,
    on: pendulum.Date,
    last: pendulum.Date | None,
    level: LevelOfCare | None,
    source: str,
) -> Obligation:
    return Obligation(
        kind=kind, due=due, overdue=on > due, last_done=last, level=level, source=source
    )


def obligations(  # noqa: PLR0913 - keyword-only inputs of one query
    episode: Episode,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    ruleset: Ruleset | None = None,
    assessments: Iterable[Assessment] = (),
    certified: Iterable[pendulum.Date] = (),
    plan_reviews: Iterable[pendulum.Date] = (),
    medicare: bool = True,
) -> tuple[Obligation, ...]:
    """The deadlines ahead (and overdue) on ``as_of``, soonest first.

    Each clock starts at the latest time the thing was done on or before ``as_of``:

    * **Medicare recertification** (``medicare=True``, at IOP or PHP):
      :func:`iopcore.rulesets.medicare.recertification_due` from the first day at
      the level in force and the latest date in ``certified`` since then.
    * **Treatment-plan review**: ``plan_review_days`` after the latest of
      ``plan_reviews`` (or admission).
    * **Assessment**: ``assessment_interval_days`` after the latest assessment, or,
      with none since admission, ``initial_assessment_days`` after admission.

    Args:
        episode: The episode; read as known on ``as_of``.
        as_of: The date (or aware datetime) to look from.
        ruleset: Whose cadence applies; the ``reference`` ruleset if ``None``.
        assessments: The participant's assessments.
        certified: Dates Medicare (re)certifications were signed.
        plan_reviews: Dates the treatment plan was reviewed.
        medicare: Whether the stay is billed to Medicare.

    Returns:
        The obligations by due date; empty before admission and once discharged.

    Raises:
        InvalidTypeError: an input of the wrong type.
        InvalidValueError: an assessment of another participant, or a ruleset not in
            force on ``as_of``.
        UnknownCodeError: the ruleset lacks a cadence parameter.
    """
    from iopcore.rulesets.medicare import recertification_due  # noqa: PLC0415 - one-way

    on = to_as_of(as_of)
    whole = to_episode(episode)
    rules = to_ruleset(ruleset, on)
    kept = assessments_until(assessments, whole.participant_id, on)
    signed = [d for d in _dates(certified, "certified") if d <= on]
    reviews = [d for d in _dates(plan_reviews, "plan_reviews") if d <= on]
    if not isinstance(medicare, bool):
        raise InvalidTypeError("medicare", medicare, allowed="True or False")
    known = whole.known_on(on)
    periods = stay_periods(known)
    level = level_on_day(periods, on.toordinal())
    if level is None:
        return ()
    found: list[Obligation] = []
    if medicare and level in _MEDICARE_LEVELS:
        # The first day of the last stretch: the last change's, or the admission day.
        start = date_of(periods[-1][1])
        since = [d for d in signed if d >= start]
        last = since[-1] if since else None
        due = recertification_due(level, admitted=start, last_certified=last)
        found.append(
            _obligation(
                ObligationKind.MEDICARE_RECERTIFICATION,
                due=due,
                on=on,
                last=last,
                level=level,
                source=_MEDICARE_SOURCE,
            )
        )
    review = rules.transition_parameter("plan_review_days")
    since_admission = [d for d in reviews if d >= known.admitted]
    last_review = since_admission[-1] if since_admission else None
    found.append(
        _obligation(
            ObligationKind.PLAN_REVIEW,
            due=shift_date(
                last_review or known.admitted,
                int(review.value),
                field="plan_reviews" if last_review else "admitted",
            ),
            on=on,
            last=last_review,
            level=None,
            source=review.source,
        )
    )
    assessed = [a.assessed_on for a in kept if a.assessed_on >= known.admitted]
    if assessed:
        cadence = rules.transition_parameter("assessment_interval_days")
        due = shift_date(assessed[-1], int(cadence.value), field="assessed_on")
    else:
        cadence = rules.transition_parameter("initial_assessment_days")
        due = shift_date(known.admitted, int(cadence.value), field="admitted")
    found.append(
        _obligation(
            ObligationKind.ASSESSMENT,
            due=due,
            on=on,
            last=assessed[-1] if assessed else None,
            level=None,
            source=cadence.source,
        )
    )
    found.sort(key=lambda o: (o.due, o.kind.value))
    return tuple(found)
