"""Evaluating a transition: what as_of lets in, the inputs refused, and the properties
every evaluation keeps."""

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _transition_helpers import (
    ADMITTED,
    AS_OF,
    DISCHARGE,
    FOUR_WEEKS,
    IOP,
    IP,
    NY,
    PHP,
    PID,
    STAY,
    D,
    assessment,
    decide,
    episode,
    session,
    weekly,
)
from iopcore.assessments import Assessment
from iopcore.episodes import (
    Discharge,
    Episode,
    LevelChange,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
)
from iopcore.explain import explain_transition
from iopcore.instruments import cssrs
from iopcore.rulesets import reference
from iopcore.testing import strategies as ios
from iopcore.transitions import (
    TransitionDecision,
    TransitionKind,
    evaluate_transition,
)

# ---------------------------------------------------------------- what as_of lets in


def test_data_after_as_of_is_left_out():
    later_risk = assessment(AS_OF.add(days=1), total=27, item9=3, cssrs_high=True)
    later_missed = [session(AS_OF.add(days=d), "absent") for d in (1, 2, 3)]
    base = decide(assessments=weekly([14, 14]), sessions=FOUR_WEEKS, as_of=AS_OF)
    more = decide(
        assessments=[*weekly([14, 14]), later_risk],
        sessions=[*FOUR_WEEKS, *later_missed],
        as_of=AS_OF,
    )
    assert more == base


def test_a_datetime_as_of_leaves_out_later_sessions_that_day():
    morning = pendulum.datetime(2026, 2, 2, 8, tz=NY)
    sessions = [*FOUR_WEEKS[:-2], session(D(2026, 1, 30), "absent"), session(AS_OF, "absent")]
    assert decide(sessions=sessions, as_of=morning).kind is STAY
    assert decide(sessions=sessions, as_of=morning.add(hours=2)).kind is DISCHARGE


def test_a_change_recorded_after_as_of_is_not_known():
    backdated = episode(
        IOP,
        [
            LevelChange(
                effective=D(2026, 1, 20),
                recorded=D(2026, 2, 10),
                from_level=IOP,
                to_level=PHP,
                reason="clinical deterioration",
                decided_by="psychiatrist",
            )
        ],
    )
    assert decide(backdated, as_of=AS_OF).from_level is IOP
    assert decide(backdated, as_of=D(2026, 2, 10)).from_level is PHP


def test_discharge_is_terminal():
    ended = episode(
        IOP, [Discharge(effective=D(2026, 1, 20), recorded=D(2026, 1, 20), reason="goals met")]
    )
    with pytest.raises(InvalidValueError, match="discharge is terminal"):
        decide(ended, as_of=D(2026, 1, 20))
    # Known only later: the day before it was recorded, the episode was open.
    late = episode(
        IOP, [Discharge(effective=D(2026, 1, 20), recorded=D(2026, 1, 25), reason="goals met")]
    )
    assert decide(late, as_of=D(2026, 1, 24)).from_level is IOP


def test_before_admission_is_an_error():
    with pytest.raises(InvalidValueError, match="before admission"):
        decide(as_of=ADMITTED.subtract(days=1))


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"as_of": pendulum.naive(2026, 2, 2)}, NaiveDateTimeError),
        ({"as_of": "2026-02-02"}, InvalidTypeError),
        ({"as_of": AS_OF, "assessments": "nope"}, InvalidTypeError),
        ({"as_of": AS_OF, "assessments": [1, 2]}, IopcoreErrorGroup),
        ({"as_of": AS_OF, "sessions": [None]}, InvalidTypeError),
        ({"as_of": AS_OF, "ruleset": "reference"}, InvalidTypeError),
        ({"as_of": D(2019, 1, 1), "ruleset": reference.RULESET}, InvalidValueError),
    ],
)
def test_bad_input_is_refused(fields, error):
    with pytest.raises(error):
        decide(**fields)


def test_another_participants_data_is_refused():
    other = attrs.evolve(assessment(AS_OF, total=3), participant_id="p-2")
    with pytest.raises(InvalidValueError, match=r"\$\.assessments\[0\]\.participant_id"):
        decide(assessments=[other], as_of=AS_OF)
    with pytest.raises(InvalidTypeError):
        evaluate_transition("episode", as_of=AS_OF)


# ---------------------------------------------------------------- properties


@given(ios.histories(max_weeks=10, participant_ids=st.just(PID)), st.data())
def test_data_dated_after_as_of_never_changes_a_decision(history, data):
    """Assessments, sessions and events after as_of leave the decision as it was."""
    ep, assessments, sessions, last = history
    cut = ep.admitted.add(days=data.draw(st.integers(0, (last - ep.admitted).days)))
    whole = decide(ep, assessments=assessments, sessions=sessions, as_of=cut)
    known = decide(
        ep.known_on(cut),
        assessments=[a for a in assessments if a.assessed_on <= cut],
        sessions=[s for s in sessions if s.start.date() <= cut],
        as_of=cut,
    )
    assert whole == known


@given(st.from_type(ios.History))
def test_decisions_are_deterministic(history):
    """The same inputs, in any order, give an equal decision."""
    ep, assessments, sessions, as_of = history
    first = decide(ep, assessments=assessments, sessions=sessions, as_of=as_of)
    again = decide(ep, assessments=assessments[::-1], sessions=sessions[::-1], as_of=as_of)
    assert first == again
    assert isinstance(first, TransitionDecision)
    assert explain_transition(first) == explain_transition(again)


def test_the_participant_record_fills_what_an_assessment_leaves_out():
    from iopcore import Participant  # noqa: PLC0415

    day = pendulum.date(2026, 3, 2)
    person = Participant(
        id="p", birth_date=pendulum.date(2011, 5, 1), conditions=["eating disorder"]
    )
    stay = Episode(participant_id="p", admitted=pendulum.date(2026, 2, 23), initial_level=IOP)
    # AAP: an adolescent with an eating disorder and a daytime heart rate under 50 bpm
    # needs inpatient care; the assessment states neither the condition nor the age.
    seen = Assessment(
        participant_id="p",
        assessed_on=day,
        ratings={"safety": 1, "medical": 0, "symptoms": 2, "substance_use": 0, "environment": 1},
        facts={"impairment_beyond_routine_outpatient": True, "support_outside_program_hours": True},
        measurements={"heart_rate_bpm": 45},
        scores=[cssrs.score([False] * 6)],
    )
    alone = evaluate_transition(stay, assessments=[seen], as_of=day)
    filled = evaluate_transition(stay, assessments=[seen], as_of=day, participant=person)
    assert alone.kind is TransitionKind.STAY
    assert (filled.kind, filled.to_level, filled.rule_id) == (
        TransitionKind.STEP_UP,
        IP,
        "T-UP-PLACEMENT",
    )
    other = Participant(id="q", birth_date=pendulum.date(2011, 5, 1))
    with pytest.raises(InvalidValueError) as caught:
        evaluate_transition(stay, assessments=[seen], as_of=day, participant=other)
    assert caught.value.field == "participant.id"
