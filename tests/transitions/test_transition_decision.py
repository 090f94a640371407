"""The transition decision: the event that carries it out, and how it shows."""

import pytest
from hypothesis import given

from _transition_helpers import (
    ADMITTED,
    AS_OF,
    DISCHARGE,
    DOWN,
    FOUR_WEEKS,
    OP,
    STAY,
    UP,
    decide,
    episode,
    weekly,
)
from iopcore.episodes import (
    ChangeReason,
    Discharge,
    DischargeReason,
    LevelChange,
)
from iopcore.exceptions import (
    InvalidValueError,
)
from iopcore.explain import explain_transition, transition_html
from iopcore.testing import strategies as ios

# ---------------------------------------------------------------- applying and showing


def test_applying_a_step_gives_a_valid_episode():
    decision = decide(assessments=weekly([20, 16, 10, 9, 8]), sessions=FOUR_WEEKS, as_of=AS_OF)
    event = decision.event(decided_by="psychiatrist")
    assert isinstance(event, LevelChange)
    assert (event.effective, event.recorded) == (AS_OF.add(days=1), AS_OF.add(days=1))
    assert event.reason is ChangeReason.CLINICAL_IMPROVEMENT
    after = episode().with_event(event)
    assert after.level_on(AS_OF.add(days=1)) is OP
    later = decision.event(decided_by="counselor", recorded=AS_OF.add(days=3))
    assert later.backdated


def test_applying_a_discharge_ends_the_episode():
    decision = decide(as_of=ADMITTED.add(days=59))
    event = decision.event(decided_by="case manager")
    assert isinstance(event, Discharge)
    assert event.reason is DischargeReason.ADMINISTRATIVE
    after = episode().with_event(event)
    with pytest.raises(InvalidValueError, match="discharge is terminal"):
        decide(after, as_of=ADMITTED.add(days=60))


def test_a_stay_has_no_event():
    assert decide(as_of=AS_OF).event(decided_by="counselor") is None


def test_explanations_show_the_rule_and_the_next_review():
    decision = decide(assessments=weekly([20, 16, 10, 9, 8]), sessions=FOUR_WEEKS, as_of=AS_OF)
    lines = explain_transition(decision)
    assert lines[0] == "STEP_DOWN: INTENSIVE_OUTPATIENT -> OUTPATIENT (reference 2026.2)"
    assert lines[1] == (
        "T-DOWN-SUSTAINED response or remission on consecutive PHQ-9s: 3 (required 2) -> yes"
    )
    assert lines[-1] == "next review by 2026-02-09"
    html = decision._repr_html_()
    assert html == transition_html(decision)
    assert "<td>T-DOWN-TAPER</td>" in html
    assert "next review by 2026-02-09" in html
    stay = explain_transition(decide(as_of=AS_OF))
    assert stay[0] == "STAY: INTENSIVE_OUTPATIENT -> INTENSIVE_OUTPATIENT (reference 2026.2)"
    assert any(line.startswith("T-DC-MAX-STAY days in care: 29") for line in stay)
    ended = explain_transition(decide(as_of=ADMITTED.add(days=59)))
    assert ended[0] == (
        "DISCHARGE: INTENSIVE_OUTPATIENT -> discharge (administrative) (reference 2026.2)"
    )


@given(ios.histories(max_weeks=10))
def test_steps_move_the_right_way_and_applying_gives_a_valid_episode(history):
    """A step up raises the level, a step down lowers it, and the event fits the episode."""
    ep, assessments, sessions, as_of = history
    decision = decide(ep, assessments=assessments, sessions=sessions, as_of=as_of)
    assert decision.from_level is ep.known_on(as_of).level_on(as_of)
    if decision.kind is UP:
        assert decision.to_level > decision.from_level
    elif decision.kind is DOWN:
        assert decision.to_level < decision.from_level
    elif decision.kind is STAY:
        assert decision.to_level is decision.from_level
    else:
        assert decision.to_level is None
    event = decision.event(decided_by="psychiatrist")
    if event is None:
        return
    after = ep.known_on(as_of).with_event(event)
    day = as_of.add(days=1)
    assert after.level_on(as_of) is decision.from_level
    assert after.level_on(day) is decision.to_level
    if decision.kind is DISCHARGE:
        with pytest.raises(InvalidValueError, match="discharge is terminal"):
            decide(after, assessments=assessments, sessions=sessions, as_of=day)
