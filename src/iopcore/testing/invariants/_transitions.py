"""The invariants of transition decisions, checked on whole histories.

A decision is deterministic, blind to data dated after it, moves the level its way,
applies to a valid episode, and none is made after a discharge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore.assessments import Assessment, Role
from iopcore.exceptions import InvalidValueError, IopcoreError
from iopcore.testing import strategies
from iopcore.testing.invariants._report import EXAMPLE_ID, fail
from iopcore.transitions import TransitionDecision, TransitionKind, evaluate_transition

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from iopcore.episodes import Episode
    from iopcore.rulesets import Ruleset
    from iopcore.sessions import Session

#: Weeks of history drawn for the transition checks.
_HISTORY_WEEKS: Final = 12


def _describe_history(history: strategies.History, cut: pendulum.Date) -> str:
    episode = history.episode
    changes = ", ".join(
        f"{c.from_level.code}->{c.to_level.code} on {c.effective.isoformat()} "
        f"(recorded {c.recorded.isoformat()})"
        for c in episode.level_changes
    )
    return (
        f"  history: admitted {episode.admitted.isoformat()} at {episode.initial_level.code}"
        f"{'; ' + changes if changes else ''}; {len(history.assessments)} assessments, "
        f"{len(history.sessions)} sessions to {history.as_of.isoformat()}; decided on "
        f"{cut.isoformat()}"
    )


def _describe_decision(label: str, decision: TransitionDecision) -> str:
    to = "-" if decision.to_level is None else decision.to_level.code
    return (
        f"  {label}: {decision.kind.name} {decision.from_level.code} -> {to} "
        f"({decision.rule_id or 'no rule'})"
    )


def _transition_problem(
    ruleset: Ruleset, history: strategies.History, cut: pendulum.Date
) -> tuple[str, list[TransitionDecision]] | None:
    """What is wrong with the decision on ``cut``, and the decisions that show it."""
    episode, assessments, sessions, _ = history

    def decide(
        on: pendulum.Date,
        of: Episode = episode,
        given_assessments: Iterable[Assessment] = assessments,
        given_sessions: Iterable[Session] = sessions,
    ) -> TransitionDecision:
        return evaluate_transition(
            of, assessments=given_assessments, sessions=given_sessions, as_of=on, ruleset=ruleset
        )

    decision = decide(cut)
    for other, what in (
        (decide(cut), "the same history decided twice gave different decisions"),
        (
            decide(cut, episode, assessments[::-1], sessions[::-1]),
            "the same inputs in another order gave a different decision",
        ),
        (
            decide(
                cut,
                episode.known_on(cut),
                [a for a in assessments if a.assessed_on <= cut],
                [s for s in sessions if s.start.date() <= cut],
            ),
            "data dated after the decision's date changed it",
        ),
    ):
        if other != decision:
            return what, [decision, other]
    return _application_problem(ruleset, history, cut, decision)


def _application_problem(
    ruleset: Ruleset,
    history: strategies.History,
    cut: pendulum.Date,
    decision: TransitionDecision,
) -> tuple[str, list[TransitionDecision]] | None:
    """Whether the decision moves the level its way and applies to a valid episode."""
    episode = history.episode
    to, before = decision.to_level, decision.from_level
    if (decision.kind is TransitionKind.STEP_UP and not (to is not None and to > before)) or (
        decision.kind is TransitionKind.STEP_DOWN and not (to is not None and to < before)
    ):
        return "a step did not move the level its way", [decision]
    try:
        event = decision.event(decided_by=Role.PHYSICIAN)
        if event is None:
            return None
        after = episode.known_on(cut).with_event(event)
    except IopcoreError as error:
        return f"applying the decision gave an invalid episode: {error}", [decision]
    next_day = cut.add(days=1)
    if after.level_on(next_day) is not to:
        return "applying the decision did not give its level", [decision]
    if decision.kind is TransitionKind.DISCHARGE and ruleset.in_force_on(next_day):
        return _after_discharge_problem(ruleset, history, after, next_day, decision)
    return None


def _after_discharge_problem(
    ruleset: Ruleset,
    history: strategies.History,
    after: Episode,
    next_day: pendulum.Date,
    decision: TransitionDecision,
) -> tuple[str, list[TransitionDecision]] | None:
    """Discharge is terminal: asked again the next day, no decision is made."""
    try:
        later = evaluate_transition(
            after,
            assessments=history.assessments,
            sessions=history.sessions,
            as_of=next_day,
            ruleset=ruleset,
        )
    except InvalidValueError:
        return None
    return "a decision was made after a discharge", [decision, later]


def check_transitions(
    ruleset: Ruleset, on: pendulum.Date, chosen: settings, count: int | None
) -> None:
    end = on.add(weeks=_HISTORY_WEEKS)
    if ruleset.effective_to is not None and ruleset.effective_to <= end:
        end = ruleset.effective_to.subtract(days=1)
    histories = strategies.histories(
        ruleset=ruleset,
        as_of=end,
        max_weeks=_HISTORY_WEEKS,
        participant_ids=st.just(EXAMPLE_ID),
    )
    examples = max(1, (count if count is not None else chosen.max_examples) // 4)

    @settings(chosen, max_examples=examples)
    @given(history=histories, data=st.data())
    def transitions_hold(history: strategies.History, data: st.DataObject) -> None:
        first = max(history.episode.admitted, on)
        cut = first.add(days=data.draw(st.integers(0, (history.as_of - first).days)))
        problem = _transition_problem(ruleset, history, cut)
        if problem is not None:
            detail, decisions = problem
            raise fail(
                ruleset,
                "transitions",
                detail,
                _describe_history(history, cut),
                *(_describe_decision(f"decision {n}", d) for n, d in enumerate(decisions, 1)),
            )

    transitions_hold()
