"""The entry point: :func:`recommend_level`, an assessment and a ruleset to a placement.

It checks its arguments, finds the ruleset in force (the default one when none is
given), decides the level and returns a :class:`~iopcore.placement.Placement` with every
finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopcore._validation import to_as_of
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.placement._decide import LEVELS, decide, findings_of
from iopcore.placement._placement import Placement
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET, Ruleset, ruleset_for

if TYPE_CHECKING:
    import pendulum


def recommend_level(
    assessment: Assessment,
    *,
    ruleset: Ruleset | None = None,
    as_of: pendulum.Date | pendulum.DateTime,
) -> Placement:
    """Recommend a level of care for ``assessment`` under ``ruleset``.

    Args:
        assessment: What is known, dated on or before ``as_of``.
        ruleset: The rules; the ``reference`` ruleset in force on ``as_of`` if
            ``None``.
        as_of: The date the recommendation is for (a date, or an aware datetime).

    Returns:
        The placement, with every finding.

    Raises:
        InvalidTypeError: ``assessment`` or ``ruleset`` has the wrong type.
        InvalidValueError: the assessment is dated after ``as_of``, or the ruleset is
            not in force on ``as_of``.
        UnknownCodeError: a rating, fact or measurement name that neither the ruleset
            nor iopcore knows, most often a misspelling (see
            :meth:`~iopcore.rulesets.Ruleset.check_names`).
        NaiveDateTimeError: ``as_of`` is a datetime without a time zone.
    """
    on = to_as_of(as_of)
    if not isinstance(assessment, Assessment):
        raise InvalidTypeError("assessment", assessment, allowed="an Assessment")
    if assessment.assessed_on > on:
        raise InvalidValueError(
            "assessment.assessed_on",
            assessment.assessed_on,
            allowed=f"a date on or before as_of={on.isoformat()}",
            reason="is after as_of",
        )
    rules = _ruleset(ruleset, on)
    rules.check_names(assessment)
    at_least, at_most, missing, follow_ups = decide(assessment, rules)
    determinable = at_least == at_most
    return Placement(
        participant_id=assessment.participant_id,
        assessed_on=assessment.assessed_on,
        as_of=on,
        level=LEVELS[at_least] if determinable else None,
        determinable=determinable,
        at_least=LEVELS[at_least],
        at_most=LEVELS[at_most],
        missing=missing,
        findings=findings_of(assessment, rules),
        ruleset=rules.ref,
        follow_ups=tuple(dict.fromkeys(follow_ups)),
    )


def _ruleset(ruleset: object, on: pendulum.Date) -> Ruleset:
    return ruleset_for(ruleset, as_of=on, default=DEFAULT_PLACEMENT_RULESET)
