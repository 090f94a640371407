"""The evaluation of a transition: the rules in order, and the first that holds decides.

:func:`evaluate_transition` checks its inputs, reads the episode as known on ``as_of``,
runs every rule of :mod:`iopcore.transitions._criteria` in the order the module
:mod:`iopcore.transitions` gives, and returns a
:class:`~iopcore.transitions.TransitionDecision` with every finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopcore._validation import to_as_of
from iopcore.episodes import ChangeReason, DischargeReason, Episode
from iopcore.exceptions import InvalidValueError
from iopcore.transitions._criteria import (
    LOWEST_LEVEL,
    TransitionContext,
    max_stay,
    new_high_risk,
    next_review,
    non_participation,
    placement_up,
    sustained_improvement,
    taper_down,
)
from iopcore.transitions._decision import TransitionDecision, TransitionKind
from iopcore.transitions._inputs import (
    assessments_until,
    sessions_until,
    to_episode,
    to_participant,
    to_ruleset,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from iopcore.assessments import Assessment
    from iopcore.levels import LevelOfCare
    from iopcore.participants import Participant
    from iopcore.rulesets import Ruleset
    from iopcore.sessions import Session

__all__ = ["evaluate_transition"]


def evaluate_transition(  # noqa: PLR0913 - keyword-only inputs of one decision
    episode: Episode,
    *,
    assessments: Iterable[Assessment] = (),
    sessions: Iterable[Session] = (),
    as_of: pendulum.Date | pendulum.DateTime,
    ruleset: Ruleset | None = None,
    participant: Participant | None = None,
) -> TransitionDecision:
    """Decide whether the participant stays, steps up, steps down or is discharged.

    Args:
        episode: The episode; only what was recorded on or before ``as_of`` is read.
        assessments: The participant's assessments; those dated after ``as_of`` are
            left out. Two on the same date are read in the order given (the later
            one counts as the latest).
        sessions: The participant's sessions; those that started after ``as_of``
            (after its day, for a date) are left out.
        as_of: The date (or aware datetime) the decision is for.
        ruleset: The ruleset whose transition parameters and placement rules apply;
            the ``reference`` ruleset in force on ``as_of`` if ``None``.
        participant: The participant's record, when at hand: its conditions, and its
            population on each assessment's date, fill what an assessment leaves out
            (:meth:`~iopcore.assessments.Assessment.filled_from`).

    Returns:
        The decision with every finding (see the module for the rules and their
        order).

    Raises:
        InvalidTypeError: an input of the wrong type.
        InvalidValueError: ``as_of`` before admission, the episode already discharged
            on ``as_of`` (discharge is terminal), an assessment, a session or a
            participant record of another participant, or a ruleset not in force on
            ``as_of``.
        UnknownCodeError: the ruleset lacks a transition parameter.
        NaiveDateTimeError: ``as_of`` is a naive datetime.
    """
    on = to_as_of(as_of)
    whole = to_episode(episode)
    rules = to_ruleset(ruleset, on)
    owner = whole.participant_id
    kept_assessments = assessments_until(assessments, owner, on)
    if participant is not None:
        record = to_participant(participant, owner)
        kept_assessments = [a.filled_from(record) for a in kept_assessments]
    kept_sessions = sessions_until(sessions, owner, as_of, on)
    known = whole.known_on(on)
    if on < known.admitted:
        raise InvalidValueError(
            "as_of",
            on,
            allowed=f"a date on or after admitted={known.admitted.isoformat()}",
            reason="is before admission",
        )
    # Known on as_of: a discharge on record took effect by then (recorded on or after
    # its effective date).
    if known.discharge is not None:
        raise InvalidValueError(
            "episode",
            f"discharged {known.discharge.effective.isoformat()}",
            allowed="an episode not yet discharged on as_of (discharge is terminal)",
            reason="is already discharged",
        )
    ctx = TransitionContext(known, kept_assessments, kept_sessions, rules, on)
    outcomes = [
        (new_high_risk(ctx), TransitionKind.STEP_UP, ChangeReason.SAFETY_RISK, None),
        (placement_up(ctx), TransitionKind.STEP_UP, ChangeReason.PLACEMENT_CRITERIA, None),
        (
            non_participation(ctx),
            TransitionKind.DISCHARGE,
            None,
            DischargeReason.NON_PARTICIPATION,
        ),
        (max_stay(ctx), TransitionKind.DISCHARGE, None, DischargeReason.ADMINISTRATIVE),
    ]
    sustained = sustained_improvement(ctx)
    if ctx.level is LOWEST_LEVEL:
        outcomes.append((sustained, TransitionKind.DISCHARGE, None, DischargeReason.GOALS_MET))
    else:
        outcomes.append(
            (sustained, TransitionKind.STEP_DOWN, ChangeReason.CLINICAL_IMPROVEMENT, None)
        )
        outcomes.append(
            (taper_down(ctx), TransitionKind.STEP_DOWN, ChangeReason.PLACEMENT_CRITERIA, None)
        )
    findings = tuple(f for outcome, *_ in outcomes for f in outcome.findings)
    chosen = next((o for o in outcomes if o[0].holds), None)
    kind, rule_id = TransitionKind.STAY, None
    to_level: LevelOfCare | None = ctx.level
    change_reason: ChangeReason | None = None
    discharge_reason: DischargeReason | None = None
    if chosen is not None:
        outcome, kind, change_reason, discharge_reason = chosen
        rule_id = outcome.findings[0].rule_id
        to_level = outcome.target
    return TransitionDecision(
        participant_id=owner,
        as_of=on,
        kind=kind,
        from_level=ctx.level,
        to_level=to_level,
        rule_id=rule_id,
        change_reason=change_reason,
        discharge_reason=discharge_reason,
        next_review=None if kind is TransitionKind.DISCHARGE else next_review(ctx),
        findings=findings,
        ruleset=rules.ref,
    )
