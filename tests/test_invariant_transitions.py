"""The ruleset test kit on transitions: check_ruleset catches transition decisions that
break its invariants (evaluate_transition patched to break them on purpose)."""

import itertools

import attrs
import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore.episodes import ChangeReason, DischargeReason
from iopcore.rulesets import get_ruleset
from iopcore.testing.invariants import INVARIANTS, RulesetInvariantError, check_ruleset
from iopcore.testing.invariants import _transitions as transition_checks
from iopcore.transitions import TransitionKind

OP, IOP, PHP, RES, IP = list(LevelOfCare)
REFERENCE = get_ruleset("reference")
LOCUS = get_ruleset("locus")
#: Enough examples to find each deliberate breakage every time (each is found within
#: a handful); the shipped rulesets use the active profile's count.
BROKEN_EXAMPLES = 100


def test_transitions_are_checked_only_with_transition_parameters(monkeypatch):
    calls = []
    real = transition_checks.evaluate_transition

    def counting(*args, **kwargs):
        calls.append(kwargs["as_of"])
        return real(*args, **kwargs)

    monkeypatch.setattr(transition_checks, "evaluate_transition", counting)
    check_ruleset(REFERENCE, max_examples=8, skip=[i for i in INVARIANTS if i != "transitions"])
    assert len(calls) >= 2 * 4  # two histories at least, four decisions each
    calls.clear()
    check_ruleset(REFERENCE, max_examples=8, skip=["transitions"])
    check_ruleset(LOCUS, max_examples=8)
    assert calls == []


def _broken_transitions(monkeypatch, alter):
    """check_ruleset's error when every decision is passed through ``alter``."""
    real = transition_checks.evaluate_transition
    monkeypatch.setattr(
        transition_checks, "evaluate_transition", lambda *a, **k: alter(real(*a, **k), k)
    )
    with pytest.raises(RulesetInvariantError) as caught:
        check_ruleset(REFERENCE, max_examples=BROKEN_EXAMPLES, skip=INVARIANTS[:-1])
    assert caught.value.invariant == "transitions"
    return str(caught.value)


def test_transitions_catch_a_decision_that_changes_when_asked_again(monkeypatch):
    counter = itertools.count()
    message = _broken_transitions(
        monkeypatch,
        lambda d, _kwargs: attrs.evolve(d, next_review=d.as_of.add(days=next(counter))),
    )
    assert "decided twice gave different decisions" in message
    assert "history: admitted " in message
    assert "decision 2: " in message


def test_transitions_catch_a_decision_that_reads_later_data(monkeypatch):
    def peeking(decision, kwargs):
        later = any(a.assessed_on > kwargs["as_of"] for a in kwargs["assessments"])
        return attrs.evolve(decision, rule_id="peeked") if later else decision

    message = _broken_transitions(monkeypatch, peeking)
    assert "data dated after the decision's date changed it" in message


def test_transitions_catch_a_step_up_that_does_not_raise(monkeypatch):
    message = _broken_transitions(
        monkeypatch,
        lambda d, _kwargs: attrs.evolve(d, kind=TransitionKind.STEP_UP, to_level=d.from_level),
    )
    assert "a step did not move the level its way" in message
    assert "STEP_UP" in message


def test_transitions_catch_an_event_that_does_not_fit(monkeypatch):
    def wrong_start(decision, _kwargs):
        if decision.from_level is not OP:
            return decision
        return attrs.evolve(
            decision,
            kind=TransitionKind.STEP_UP,
            from_level=IOP,
            to_level=PHP,
            change_reason=ChangeReason.PLACEMENT_CRITERIA,
        )

    message = _broken_transitions(monkeypatch, wrong_start)
    assert "applying the decision gave an invalid episode" in message
    assert "from_level" in message


def test_transitions_catch_an_event_that_does_not_give_its_level(monkeypatch):
    message = _broken_transitions(
        monkeypatch,
        lambda d, _kwargs: attrs.evolve(
            d,
            kind=TransitionKind.DISCHARGE,
            to_level=d.from_level,
            discharge_reason=DischargeReason.GOALS_MET,
        ),
    )
    assert "did not give its level" in message


def test_transitions_catch_a_decision_after_a_discharge(monkeypatch):
    real = transition_checks.evaluate_transition

    def never_terminal(episode, **kwargs):
        if episode.known_on(kwargs["as_of"]).is_discharged(kwargs["as_of"]):
            episode = attrs.evolve(episode, events=episode.events[:-1])
        decision = real(episode, **kwargs)
        return attrs.evolve(
            decision,
            kind=TransitionKind.DISCHARGE,
            to_level=None,
            discharge_reason=DischargeReason.GOALS_MET,
            next_review=None,
        )

    monkeypatch.setattr(transition_checks, "evaluate_transition", never_terminal)
    with pytest.raises(RulesetInvariantError, match="a decision was made after a discharge"):
        check_ruleset(REFERENCE, max_examples=BROKEN_EXAMPLES, skip=INVARIANTS[:-1])


def test_transitions_stay_within_the_ruleset_effective_dates():
    """A ruleset in force for a month is asked only for decisions within that month."""
    short = attrs.evolve(REFERENCE, effective_to=pendulum.date(2020, 2, 1))
    check_ruleset(short, max_examples=8, skip=INVARIANTS[:-1])
