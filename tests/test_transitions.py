"""Transition decisions: one scenario per rule (each citing its source), the order of
the rules, what as_of lets in, and the properties every decision keeps."""

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.episodes import (
    ChangeReason,
    Discharge,
    DischargeReason,
    Episode,
    LevelChange,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.explain import explain_transition, transition_html
from iopcore.instruments import cssrs, phq9
from iopcore.rulesets import TransitionParameter, asam, locus, medicare, reference
from iopcore.serialize import from_dict, to_dict
from iopcore.sessions import Attendance, Session
from iopcore.testing import strategies as ios
from iopcore.transitions import (
    TransitionDecision,
    TransitionKind,
    evaluate_transition,
)

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
NY = pendulum.timezone("America/New_York")
ADMITTED = D(2026, 1, 5)  # a Monday
PID = "p-1"
STAY, UP, DOWN, DISCHARGE = (
    TransitionKind.STAY,
    TransitionKind.STEP_UP,
    TransitionKind.STEP_DOWN,
    TransitionKind.DISCHARGE,
)
#: Symptom rating and impairment fact that make the reference placement give a level.
PLACED_AT = {OP: (1, False), IOP: (2, True), PHP: (3, True), RES: (4, True)}


def phq(total, *, item9=0):
    """A complete PHQ-9 with ``total`` points, ``item9`` of them on item 9."""
    rest = total - item9
    answers = [min(3, max(0, rest - 3 * index)) for index in range(8)]
    return phq9.score([*answers, item9])


def assessment(day, *, total=None, item9=0, placed=IOP, cssrs_high=False):
    symptoms, impaired = PLACED_AT[placed]
    scores = [cssrs.score([True, True, True, True, False, False] if cssrs_high else [False] * 6)]
    if total is not None:
        scores.append(phq(total, item9=item9))
    return Assessment(
        participant_id=PID,
        assessed_on=day,
        scores=scores,
        ratings={
            "safety": 0,
            "medical": 0,
            "symptoms": symptoms,
            "substance_use": 0,
            "environment": 0,
            "readiness": 0,
        },
        facts={
            "impairment_beyond_routine_outpatient": impaired,
            "support_outside_program_hours": True,
        },
        conditions=["depression"],
    )


def session(day, attendance=Attendance.ATTENDED, hour=9):
    start = pendulum.datetime(day.year, day.month, day.day, hour, tz=NY)
    return Session(
        participant_id=PID,
        service="group therapy",
        start=start,
        end=start.add(hours=3),
        attendance=attendance,
    )


def attended_sessions(first, last, attendance=Attendance.ATTENDED):
    """Sessions on Monday, Wednesday and Friday from ``first`` to ``last``."""
    days = []
    day = first
    while day <= last:
        if day.day_of_week in (pendulum.MONDAY, pendulum.WEDNESDAY, pendulum.FRIDAY):
            days.append(session(day, attendance))
        day = day.add(days=1)
    return days


def episode(level=IOP, events=()):
    return Episode(participant_id=PID, admitted=ADMITTED, initial_level=level, events=events)


def weekly(totals, *, placed=IOP, start=ADMITTED, **fields):
    return [
        assessment(start.add(weeks=week), total=total, placed=placed, **fields)
        for week, total in enumerate(totals)
    ]


def decide(ep=None, *, assessments=(), sessions=(), as_of, **fields):
    return evaluate_transition(
        episode() if ep is None else ep,
        assessments=assessments,
        sessions=sessions,
        as_of=as_of,
        **fields,
    )


# ---------------------------------------------------------------- the reference parameters


def test_every_reference_parameter_is_set_once_and_cites_a_source():
    names = [p.name for p in reference.TRANSITIONS]
    assert sorted(names) == sorted(set(names))
    assert len(names) == 12
    assert all(p.source.strip() for p in reference.TRANSITIONS)
    ruleset = reference.RULESET
    # ASAM 3rd ed. taper via Aetna (DOMAIN.md 1a): up to 2 weeks.
    assert ruleset.transition_parameter("taper_weeks").value == 2
    assert "Aetna" in ruleset.transition_parameter("taper_weeks").source
    # HEDIS DRR-E (DOMAIN.md 5): 50% reduction, remission below 5.
    assert ruleset.transition_parameter("response_reduction").value == 0.5
    assert ruleset.transition_parameter("remission_below").value == 5
    # NHS Talking Therapies (DOMAIN.md 5): 6 PHQ-9 points is reliable change.
    assert ruleset.transition_parameter("reliable_deterioration_points").value == 6
    # Program policy examples, said to be so (DOMAIN.md 4): 2 missed groups; 30-60 days.
    for name in ("max_missed_sessions", "max_length_of_stay_days"):
        assert ruleset.transition_parameter(name).source.startswith("Program policy, not a")
    # DC 22-A6329 (7 days) and WAC 388-877B-0350 (monthly) (DOMAIN.md 7).
    assert "22-A6329" in ruleset.transition_parameter("initial_assessment_days").source
    assert "388-877B-0350" in ruleset.transition_parameter("plan_review_days").source


def test_transition_parameters_are_left_out_of_the_dict_form_while_empty():
    for module in (asam, locus, medicare):
        assert "transitions" not in to_dict(module.RULESET)
    stored = to_dict(reference.RULESET)
    assert len(stored["transitions"]) == 12
    assert from_dict(stored, type(reference.RULESET)) == reference.RULESET
    bare = attrs.evolve(reference.VERSIONS[0], transitions=())
    # The hash of the reference 2026.1 rules without transitions, as before they were
    # added. (Recomputed when the rules' source strings came to cite public sources.)
    assert bare.content_hash == "b3c80a3e6fd6d8a8e171dd111ef4a25080ba3e0cdc5dd99e7a53afebd9ecb0ab"
    assert reference.VERSIONS[0].content_hash != bare.content_hash


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "nonsense", "value": 1}, UnknownCodeError),
        ({"name": "taper_weeks", "value": 1.5}, InvalidValueError),
        ({"name": "taper_weeks", "value": 53}, InvalidValueError),
        ({"name": "min_attendance", "value": 1.2}, InvalidValueError),
        ({"name": "min_attendance", "value": "high"}, InvalidTypeError),
        ({"name": "taper_weeks", "value": True}, InvalidTypeError),
    ],
)
def test_a_bad_parameter_is_refused(fields, error):
    with pytest.raises(error):
        TransitionParameter(**fields, source="example")


def test_a_ruleset_refuses_a_parameter_twice_or_a_non_parameter():
    once = TransitionParameter(name="taper_weeks", value=2, source="example")
    with pytest.raises(InvalidValueError, match="repeats a parameter"):
        attrs.evolve(reference.RULESET, transitions=[once, once])
    with pytest.raises(InvalidTypeError):
        attrs.evolve(reference.RULESET, transitions=[once, "taper_weeks"])
    with pytest.raises(InvalidTypeError):
        attrs.evolve(reference.RULESET, transitions=once)


def test_a_ruleset_without_a_parameter_says_which_it_has():
    with pytest.raises(UnknownCodeError, match="has no transition parameters"):
        asam.RULESET.transition_parameter("taper_weeks")
    with pytest.raises(UnknownCodeError, match="taper_weeks"):
        reference.RULESET.transition_parameter("nonsense")
    with pytest.raises(UnknownCodeError):
        decide(as_of=D(2026, 1, 12), ruleset=asam.RULESET)


# ---------------------------------------------------------------- one scenario per rule

AS_OF = D(2026, 2, 2)  # four weeks after admission
FOUR_WEEKS = attended_sessions(ADMITTED, AS_OF)

SCENARIOS = [
    # Each row: name, level, assessments, sessions, kind, to_level and rule id.
    # C-SSRS screener high risk (Columbia triage, DOMAIN.md 10.8): step up; the
    # reference placement calls for inpatient evaluation.
    (
        "cssrs-high",
        IOP,
        [*weekly([14, 14, 14]), assessment(AS_OF, total=14, cssrs_high=True)],
        FOUR_WEEKS,
        UP,
        IP,
        "T-UP-RISK",
    ),
    # PHQ-9 item 9 with a rise of 6 or more since baseline (Talking Therapies
    # reliable change, DOMAIN.md 5): one level up.
    (
        "item9-deteriorated",
        IOP,
        [*weekly([10, 12]), assessment(AS_OF, total=16, item9=1)],
        FOUR_WEEKS,
        UP,
        PHP,
        "T-UP-RISK",
    ),
    # Item 9 without reliable deterioration: an alert for placement, not a step up.
    (
        "item9-stable",
        IOP,
        [*weekly([10, 12]), assessment(AS_OF, total=13, item9=1)],
        FOUR_WEEKS,
        STAY,
        IOP,
        None,
    ),
    # Placement calls for more care (reference placement rules).
    (
        "placement-up",
        IOP,
        [*weekly([14, 14]), assessment(AS_OF, total=14, placed=PHP)],
        FOUR_WEEKS,
        UP,
        PHP,
        "T-UP-PLACEMENT",
    ),
    # Two missed groups in a row (program policy example, DOMAIN.md 4).
    (
        "two-missed",
        IOP,
        weekly([14, 14, 14]),
        [*FOUR_WEEKS[:-2], session(D(2026, 1, 30), Attendance.ABSENT), session(AS_OF, "absent")],
        DISCHARGE,
        None,
        "T-DC-NON-PARTICIPATION",
    ),
    # Excused and cancelled sessions neither count nor break the run.
    (
        "missed-around-excused",
        IOP,
        weekly([14, 14, 14]),
        [
            *FOUR_WEEKS[:-3],
            session(D(2026, 1, 28), Attendance.ABSENT),
            session(D(2026, 1, 30), Attendance.EXCUSED),
            session(D(2026, 1, 31), Attendance.CANCELLED),
            session(AS_OF, Attendance.ABSENT),
        ],
        DISCHARGE,
        None,
        "T-DC-NON-PARTICIPATION",
    ),
    # One missed group, then attended: no discharge.
    (
        "one-missed",
        IOP,
        weekly([14, 14, 14]),
        [*FOUR_WEEKS[:-2], session(D(2026, 1, 30), Attendance.ABSENT), session(AS_OF)],
        STAY,
        IOP,
        None,
    ),
    # Sustained response (HEDIS 50% fall) on 2 weekly PHQ-9s with attendance: step down.
    (
        "sustained-response",
        IOP,
        weekly([20, 16, 10, 9, 8]),
        FOUR_WEEKS,
        DOWN,
        OP,
        "T-DOWN-SUSTAINED",
    ),
    # Sustained remission (HEDIS PHQ-9 < 5) without a 50% fall from a low baseline.
    (
        "sustained-remission",
        IOP,
        weekly([6, 5, 4, 4, 4]),
        FOUR_WEEKS,
        DOWN,
        OP,
        "T-DOWN-SUSTAINED",
    ),
    # Only the latest PHQ-9 improved: not yet sustained.
    ("not-sustained", IOP, weekly([20, 16, 14, 12, 8]), FOUR_WEEKS, STAY, IOP, None),
    # Improvement, but attendance under 75% (program policy): stay.
    (
        "poor-attendance",
        IOP,
        weekly([20, 16, 10, 9, 8]),
        [
            *attended_sessions(ADMITTED, D(2026, 1, 18)),
            *attended_sessions(D(2026, 1, 19), AS_OF, Attendance.ABSENT)[::2],
            *attended_sessions(D(2026, 1, 19), AS_OF)[1::2],
        ],
        STAY,
        IOP,
        None,
    ),
    # Improvement with a risk flag on a recent PHQ-9: stay.
    (
        "risk-flag",
        IOP,
        [*weekly([20, 16, 10, 9]), assessment(AS_OF, total=8, item9=1)],
        FOUR_WEEKS,
        STAY,
        IOP,
        None,
    ),
    # At the lowest level, sustained improvement is goals met: discharge.
    ("goals-met", OP, weekly([20, 16, 10, 9, 4], placed=OP), FOUR_WEEKS, DISCHARGE, None, None),
    # Placement has called for OP for 2 weeks (ASAM taper, DOMAIN.md 1a): step down.
    (
        "taper",
        IOP,
        [*weekly([14, 14]), *weekly([14, 14, 14], placed=OP, start=D(2026, 1, 19))],
        FOUR_WEEKS,
        DOWN,
        OP,
        "T-DOWN-TAPER",
    ),
    # For 1 week only: stay.
    (
        "taper-too-short",
        IOP,
        [*weekly([14, 14, 14]), *weekly([14, 14], placed=OP, start=D(2026, 1, 26))],
        FOUR_WEEKS,
        STAY,
        IOP,
        None,
    ),
    # Nothing known yet: stay.
    ("nothing-yet", IOP, [], [], STAY, IOP, None),
]


@pytest.mark.parametrize(
    ("level", "assessments", "sessions", "kind", "to_level", "rule_id"),
    [row[1:] for row in SCENARIOS],
    ids=[row[0] for row in SCENARIOS],
)
def test_scenario(level, assessments, sessions, kind, to_level, rule_id):  # noqa: PLR0917 - one table row
    decision = decide(episode(level), assessments=assessments, sessions=sessions, as_of=AS_OF)
    assert decision.kind is kind
    assert decision.to_level is to_level
    if rule_id is not None:
        assert decision.rule_id == rule_id
    if kind is STAY:
        assert decision.rule_id is None
        assert decision.fired == ()
    else:
        assert decision.fired
        assert all(finding.met for finding in decision.fired) or rule_id == "T-UP-RISK"
    assert decision.from_level is level
    assert decision.ruleset == reference.RULESET.ref


def test_goals_met_names_its_rule_and_reason():
    decision = decide(
        episode(OP),
        assessments=weekly([20, 16, 10, 9, 4], placed=OP),
        sessions=FOUR_WEEKS,
        as_of=AS_OF,
    )
    assert decision.rule_id == "T-DC-GOALS-MET"
    assert decision.discharge_reason is DischargeReason.GOALS_MET
    assert decision.next_review is None


def test_maximum_stay_discharges_on_day_60():
    # DCMR 22-A6329.2: Level 2.1 lasts 30-60 days (program policy example).
    sixtieth = ADMITTED.add(days=59)
    on_day = decide(as_of=sixtieth)
    assert (on_day.kind, on_day.rule_id) == (DISCHARGE, "T-DC-MAX-STAY")
    assert on_day.discharge_reason is DischargeReason.ADMINISTRATIVE
    stay = next(f for f in on_day.findings if f.rule_id == "T-DC-MAX-STAY")
    assert (stay.observed, stay.required, stay.met) == (60, 60, True)
    assert decide(as_of=sixtieth.subtract(days=1)).kind is STAY


def test_step_up_beats_discharge_and_discharge_beats_step_down():
    missed = [*FOUR_WEEKS[:-2], session(D(2026, 1, 30), "absent"), session(AS_OF, "absent")]
    risky = [*weekly([14, 14, 14]), assessment(AS_OF, total=14, cssrs_high=True)]
    assert decide(assessments=risky, sessions=missed, as_of=AS_OF).kind is UP
    improved = weekly([20, 16, 10, 9, 8])
    both = decide(assessments=improved, sessions=missed, as_of=AS_OF)
    assert (both.kind, both.rule_id) == (DISCHARGE, "T-DC-NON-PARTICIPATION")


def test_no_step_up_above_inpatient():
    risky = [*weekly([14, 14, 14]), assessment(AS_OF, total=14, cssrs_high=True)]
    decision = decide(episode(IP), assessments=risky, sessions=FOUR_WEEKS, as_of=AS_OF)
    assert decision.kind is STAY
    cssrs_finding = next(f for f in decision.findings if f.condition == "C-SSRS high risk")
    assert cssrs_finding.met is True


def test_risk_is_new_only_since_the_level_in_force_began():
    stepped = episode(
        IOP,
        [
            LevelChange(
                effective=D(2026, 1, 27),
                recorded=D(2026, 1, 27),
                from_level=IOP,
                to_level=PHP,
                reason="safety risk",
                decided_by="psychiatrist",
            )
        ],
    )
    risky = [*weekly([14, 14, 14]), assessment(D(2026, 1, 26), total=14, cssrs_high=True)]
    decision = decide(stepped, assessments=risky, sessions=FOUR_WEEKS, as_of=AS_OF)
    assert decision.kind is STAY
    assert decision.from_level is PHP


def test_item9_without_a_baseline_cannot_tell():
    decision = decide(assessments=[assessment(AS_OF, total=16, item9=2)], as_of=AS_OF)
    finding = next(f for f in decision.findings if f.condition.startswith("PHQ-9 item 9"))
    assert finding.met is None
    assert decision.kind is STAY


def test_attendance_without_sessions_cannot_tell():
    decision = decide(assessments=weekly([20, 16, 10, 9, 8]), as_of=AS_OF)
    attendance = next(f for f in decision.findings if f.condition == "attendance")
    assert attendance.met is None
    assert decision.kind is STAY


def test_a_ruleset_without_placement_rules_still_decides():
    only = attrs.evolve(reference.RULESET, id="policy-only", rules=())
    decision = decide(
        assessments=weekly([14, 14, 14]), sessions=FOUR_WEEKS, as_of=AS_OF, ruleset=only
    )
    assert decision.kind is STAY
    placement = next(f for f in decision.findings if f.rule_id == "T-UP-PLACEMENT")
    assert placement.met is None
    assert decision.ruleset.id == "policy-only"


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


# What the new-high-risk findings saw: None only when there was no screen at all.
SCREENS_SEEN = [
    ([False] * 6, "all answers no"),
    ([True, False, None, None, None, False], "low risk"),
    ([True, True, True, False, False, False], "moderate risk"),
    ([True, True, False, True, False, False], "high risk"),
    ([True, None, None, None, None, None], "screen not finished, no high-risk answer"),
    ([True, True, False, True, None, None], "high risk (screen not finished)"),
    (None, None),
]


@pytest.mark.parametrize(("answers", "seen"), SCREENS_SEEN)
def test_the_screen_finding_says_what_was_observed(answers, seen):
    day = pendulum.date(2026, 3, 2)
    stay = Episode(participant_id="p", admitted=pendulum.date(2026, 2, 23), initial_level=IOP)
    scores = [] if answers is None else [cssrs.score(answers)]
    latest = Assessment(participant_id="p", assessed_on=day, scores=scores)
    decision = evaluate_transition(stay, assessments=[latest], as_of=day)
    screen, item9 = (f for f in decision.findings if f.rule_id == "T-UP-RISK")
    assert screen.condition == "C-SSRS high risk"
    assert screen.observed == seen
    assert item9.observed is None  # no PHQ-9 on file: nothing observed, not "item 9 = 0"
