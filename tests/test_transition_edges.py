"""Transitions at their edges: the boundaries mutation testing found unpinned.

Each scenario sits on a boundary of the reference ruleset's transition parameters
(``iopcore.rulesets.reference.TRANSITIONS``, each with its source): a response is a
PHQ-9 fall of at least 50% and remission a total below 5 (NCQA HEDIS DRR-E); the
improvement must hold on 2 consecutive assessments and 75% of held, unexcused
sessions must be attended (program policy, iopcore's own choice); the taper lasts
up to 2 weeks (ASAM 3rd ed. via Aetna). Every finding of the decision is compared,
so a changed threshold, comparison or wording fails here.
"""

import attrs
import pendulum
import pytest

from _transition_helpers import (
    ADMITTED,
    IOP,
    OP,
    PID,
    RES,
    assessment,
    attended_sessions,
    decide,
    episode,
    session,
    weekly,
)
from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.episodes import LevelChange
from iopcore.exceptions import InvalidValueError
from iopcore.instruments import cssrs
from iopcore.participants import Participant
from iopcore.rules import RatingAtLeast, Rule
from iopcore.rulesets import reference
from iopcore.sessions import Attendance
from iopcore.transitions import ObligationKind, TransitionKind, obligations

PARAMETERS = {p.name: p for p in reference.RULESET.transitions}


def source(name: str) -> str:
    return PARAMETERS[name].source


def findings(decision) -> list[tuple[object, ...]]:
    return [(f.rule_id, f.condition, f.met, f.observed, f.required) for f in decision.findings]


def _three_weeks(totals, *, placed=OP, sessions=None, **fields):
    """Weekly PHQ-9s from admission and the decision the day after the last."""
    kept = weekly(totals, placed=placed, **fields)
    last = kept[-1].assessed_on
    if sessions is None:
        sessions = attended_sessions(ADMITTED, last)
    return decide(assessments=kept, sessions=sessions, as_of=last)


def _sustained(decision):
    return [f for f in findings(decision) if f[0] == "T-DOWN-SUSTAINED"]


SUSTAINED = [
    # (PHQ-9 totals, weekly from admission; consecutive improved assessments held)
    ((20, 10, 10), 2),  # a fall of exactly 50% is a response (HEDIS DRR-E: "at least 50%")
    ((20, 11, 10), 1),  # 11 is a fall of 45%: the run of improvement is 1
    ((8, 4, 4), 2),  # 4 is below 5: remission (HEDIS DRR-E: "below 5")
    ((8, 5, 5), 0),  # 5 is not below 5 and a fall of 3 of 8 is under 50%
    ((20, 10), 1),  # one later assessment: short of the 2 needed
]


@pytest.mark.parametrize(("totals", "held"), SUSTAINED)
def test_improvement_holds_on_consecutive_phq9s(totals, held):
    improved = _sustained(_three_weeks(totals))[0]
    assert improved == (
        "T-DOWN-SUSTAINED",
        "response or remission on consecutive PHQ-9s",
        held >= 2,
        held,
        2,
    )


def test_exactly_two_sustained_assessments_with_full_attendance_step_down():
    decision = _three_weeks((20, 10, 10), placed=IOP)
    assert decision.kind is TransitionKind.STEP_DOWN
    assert decision.rule_id == "T-DOWN-SUSTAINED"
    assert _sustained(decision) == [
        ("T-DOWN-SUSTAINED", "response or remission on consecutive PHQ-9s", True, 2, 2),
        ("T-DOWN-SUSTAINED", "attendance", True, 1.0, 0.75),
        ("T-DOWN-SUSTAINED", "no risk flags", True, "none", "none"),
    ]
    sources = {f.condition: f.source for f in decision.findings if f.rule_id == "T-DOWN-SUSTAINED"}
    assert sources == {
        "response or remission on consecutive PHQ-9s": source("sustained_assessments"),
        "attendance": source("min_attendance"),
        "no risk flags": source("risk_step_up_levels"),
    }


def _window_sessions(pattern):
    """Sessions from the first window assessment (week 1) on, one a day, as given."""
    first = ADMITTED.add(weeks=1)
    return [session(first.add(days=index), attendance) for index, attendance in enumerate(pattern)]


A, X, C, E = Attendance.ATTENDED, Attendance.ABSENT, Attendance.CANCELLED, Attendance.EXCUSED
ATTENDANCE = [
    # (sessions from the window's first day, share attended, met): 75% of held,
    # unexcused sessions (program policy); cancellations and excused absences are not
    # held against anyone; the window starts on its first assessment's day.
    ((A, A, A, X), 0.75, True),
    ((A, A, X, X), 0.5, False),
    ((A, X, X), 0.333, False),
    ((A, A, X), 0.667, False),
    ((A, C, C, E, E, A, A, X), 0.75, True),
]


@pytest.mark.parametrize(("pattern", "share", "met"), ATTENDANCE)
def test_attendance_is_counted_from_the_first_day_of_the_window(pattern, share, met):
    decision = _three_weeks((20, 10, 10), sessions=_window_sessions(pattern))
    attendance = _sustained(decision)[1]
    assert attendance == ("T-DOWN-SUSTAINED", "attendance", met, share, 0.75)


def test_sessions_before_the_window_do_not_count():
    before = [session(ADMITTED.add(days=day), Attendance.ABSENT) for day in range(5)]
    decision = _three_weeks((20, 10, 10), sessions=before + _window_sessions((A, A)))
    assert _sustained(decision)[1][2:4] == (True, 1.0)


def test_a_flag_on_any_assessment_of_the_window_is_a_risk():
    kept = weekly((20, 10, 10), placed=OP)
    kept[1] = assessment(kept[1].assessed_on, total=10, item9=1, placed=OP)
    decision = decide(
        assessments=kept,
        sessions=attended_sessions(ADMITTED, kept[-1].assessed_on),
        as_of=kept[-1].assessed_on,
    )
    assert _sustained(decision)[2] == (
        "T-DOWN-SUSTAINED",
        "no risk flags",
        False,
        "suicidal_ideation",
        "none",
    )


def test_the_taper_counts_days_since_the_first_placement_below_the_level():
    kept = [assessment(ADMITTED.add(weeks=week), placed=OP) for week in range(3)]
    decision = decide(assessments=kept, as_of=kept[-1].assessed_on)
    taper = [f for f in decision.findings if f.rule_id == "T-DOWN-TAPER"]
    assert [(f.condition, f.met, f.observed, f.required) for f in taper] == [
        ("placement below the level in force", True, "14 days", "14 days")
    ]
    assert taper[0].source == source("taper_weeks")
    short = decide(assessments=kept[1:], as_of=kept[-1].assessed_on)
    (finding,) = [f for f in short.findings if f.rule_id == "T-DOWN-TAPER"]
    assert (finding.met, finding.observed) == (False, "7 days")
    none = decide(assessments=[assessment(ADMITTED, placed=IOP)], as_of=ADMITTED)
    (finding,) = [f for f in none.findings if f.rule_id == "T-DOWN-TAPER"]
    assert (finding.met, finding.observed, finding.required) == (False, "no", "14 days")


def test_a_step_up_from_residential_goes_to_inpatient():
    ep = episode(level=RES)
    kept = [assessment(ADMITTED, placed=RES, cssrs_high=True)]
    decision = decide(ep, assessments=kept, as_of=ADMITTED)
    assert (decision.kind, decision.to_level.code) == (TransitionKind.STEP_UP, "IP")


# ---------------------------------------------------------------- what a decision records


def test_a_step_records_who_decided_and_when():
    decision = _three_weeks((20, 10, 10), placed=IOP)
    change = decision.event(decided_by="counselor", recorded=decision.as_of.add(days=3))
    assert isinstance(change, LevelChange)
    assert (change.effective, change.recorded, change.decided_by.value) == (
        decision.as_of.add(days=1),
        decision.as_of.add(days=3),
        "counselor",
    )


def test_a_participant_of_another_episode_is_refused():
    other = Participant(id="p-2", birth_date=pendulum.date(1990, 1, 1))
    with pytest.raises(InvalidValueError) as caught:
        decide(as_of=ADMITTED, participant=other)
    assert (caught.value.field, caught.value.value, caught.value.reason) == (
        "participant.id",
        "p-2",
        "is another participant",
    )
    assert caught.value.allowed == f"the episode's participant_id {PID!r}"


# ---------------------------------------------------------------- obligations on the day


def test_a_certification_or_review_signed_on_the_day_counts():
    on = ADMITTED.add(days=30)
    before = {o.kind: o.due for o in obligations(episode(), as_of=on)}
    after = {
        o.kind: o.due for o in obligations(episode(), as_of=on, certified=[on], plan_reviews=[on])
    }
    assert before != after
    assert all(due > on for kind, due in after.items() if kind is not ObligationKind.ASSESSMENT)


def test_the_latest_plan_review_sets_the_next_one():
    on = ADMITTED.add(days=50)
    reviews = [ADMITTED.add(days=10), ADMITTED.add(days=40)]
    (review,) = [
        o
        for o in obligations(episode(), as_of=on, plan_reviews=reviews)
        if o.kind is ObligationKind.PLAN_REVIEW
    ]
    # plan_review_days is 30 (program policy): 30 days after the latest review.
    assert (review.last_done, review.due) == (reviews[-1], reviews[-1].add(days=30))


def test_a_review_and_an_assessment_on_the_admission_day_count():
    on = ADMITTED.add(days=3)
    found = obligations(
        episode(),
        as_of=on,
        plan_reviews=[ADMITTED],
        assessments=[assessment(ADMITTED)],
    )
    last = {o.kind: o.last_done for o in found}
    assert last[ObligationKind.PLAN_REVIEW] == ADMITTED
    assert last[ObligationKind.ASSESSMENT] == ADMITTED


# ---------------------------------------------------------------- steps up


def _fired(decision, rule_id):
    return [
        (f.condition, f.met, f.observed, f.required, f.source)
        for f in decision.findings
        if f.rule_id == rule_id
    ]


def test_without_an_assessment_since_the_level_began_neither_step_up_can_hold():
    decision = decide(as_of=ADMITTED.add(days=3))
    escalation = source("risk_step_up_levels")
    assert _fired(decision, "T-UP-RISK") == [
        (
            "new high risk",
            False,
            "no assessment since the level began",
            "C-SSRS high, or PHQ-9 item 9 with reliable deterioration",
            escalation,
        )
    ]
    assert _fired(decision, "T-UP-PLACEMENT") == [
        (
            "placement above the level in force",
            False,
            "no assessment since the level began",
            "above IOP",
            "ruleset reference 2026.2 placement rules",
        )
    ]


def test_a_placement_that_cannot_tell_leaves_the_step_up_open():
    open_one = Assessment(
        participant_id=PID,
        assessed_on=ADMITTED,
        ratings={"safety": 0, "medical": 0, "symptoms": 3, "substance_use": 0, "environment": 0},
    )
    decision = decide(assessments=[open_one], as_of=ADMITTED)
    ((condition, met, observed, _, _),) = _fired(decision, "T-UP-PLACEMENT")
    assert (condition, met, observed) == (
        "placement above the level in force",
        None,
        "not determinable",
    )


def test_item9_with_reliable_deterioration_steps_up_one_level_from_residential():
    # A rise of 6 points or more is reliable deterioration (NHS Talking Therapies
    # manual); with item 9 above 0 it is new high risk: one level up, to inpatient.
    kept = [
        assessment(ADMITTED, total=10, placed=RES),
        assessment(ADMITTED.add(weeks=1), total=16, item9=1, placed=RES),
    ]
    decision = decide(episode(level=RES), assessments=kept, as_of=ADMITTED.add(weeks=1))
    assert (decision.kind, decision.rule_id, decision.to_level.code) == (
        TransitionKind.STEP_UP,
        "T-UP-RISK",
        "IP",
    )
    (item9,) = [f for f in decision.findings if f.condition.startswith("PHQ-9 item 9")]
    assert (item9.met, item9.observed, item9.required) == (
        True,
        "item 9 > 0, +6 since baseline",
        "item 9 > 0 and a rise of 6 or more",
    )
    assert item9.source == source("reliable_deterioration_points")


def test_item9_without_a_baseline_says_so_without_a_rise():
    kept = [assessment(ADMITTED, total=12, item9=1)]
    decision = decide(assessments=kept, as_of=ADMITTED)
    (item9,) = [f for f in decision.findings if f.condition.startswith("PHQ-9 item 9")]
    assert (item9.met, item9.observed) == (None, "item 9 > 0")


def test_a_risk_step_up_from_an_open_placement_goes_one_level_up():
    open_one = Assessment(
        participant_id=PID,
        assessed_on=ADMITTED,
        scores=[cssrs.score([True, True, True, True, False, False])],
        ratings={"safety": 0, "medical": 0, "symptoms": 3, "substance_use": 0, "environment": 0},
    )
    decision = decide(assessments=[open_one], as_of=ADMITTED)
    assert (decision.kind, decision.rule_id) == (TransitionKind.STEP_UP, "T-UP-RISK")


def test_every_risk_flag_of_the_window_is_listed():
    kept = weekly((20, 10, 10), placed=OP)
    kept[1] = assessment(kept[1].assessed_on, total=10, item9=1, placed=OP, cssrs_high=True)
    decision = decide(assessments=kept, as_of=kept[-1].assessed_on)
    (no_risk,) = [
        f
        for f in decision.findings
        if f.rule_id == "T-DOWN-SUSTAINED" and f.condition == "no risk flags"
    ]
    assert no_risk.observed == "high_suicide_risk, suicidal_ideation"


def test_placements_follow_the_ruleset_given():
    # A ruleset whose only rule calls for partial hospitalization for everyone.
    everyone = Rule(
        id="R-ALL-PHP",
        when=RatingAtLeast(dimension="symptoms", minimum=0),
        min_level=LevelOfCare.PARTIAL_HOSPITALIZATION,
        rationale="everyone",
        source="a test",
    )
    rules = attrs.evolve(reference.RULESET, rules=(everyone,), tree=None, id="all-php")
    decision = decide(assessments=[assessment(ADMITTED)], as_of=ADMITTED, ruleset=rules)
    assert (decision.kind, decision.rule_id, decision.to_level.code) == (
        TransitionKind.STEP_UP,
        "T-UP-PLACEMENT",
        "PHP",
    )


def test_a_discharge_records_who_decided():
    kept = weekly((20, 4, 4), placed=OP)
    decision = decide(
        episode(level=OP),
        assessments=kept,
        sessions=attended_sessions(ADMITTED, kept[-1].assessed_on),
        as_of=kept[-1].assessed_on,
    )
    assert decision.kind is TransitionKind.DISCHARGE
    discharge = decision.event(decided_by="psychiatrist")
    assert discharge.decided_by.value == "psychiatrist"


def test_a_certification_signed_on_the_day_or_on_the_first_day_counts():
    on = ADMITTED.add(days=30)
    (due,) = [
        o.due
        for o in obligations(episode(), as_of=on, certified=[on])
        if o.kind is ObligationKind.MEDICARE_RECERTIFICATION
    ]
    # 42 CFR 424.24(d)(3): IOP at least every 60 days, from the last certification.
    assert due == on.add(days=60)
    (first,) = [
        o
        for o in obligations(episode(), as_of=on, certified=[ADMITTED])
        if o.kind is ObligationKind.MEDICARE_RECERTIFICATION
    ]
    assert first.last_done == ADMITTED


def test_the_assessment_obligation_cites_its_source():
    (found,) = [
        o for o in obligations(episode(), as_of=ADMITTED) if o.kind is ObligationKind.ASSESSMENT
    ]
    assert found.source == source("initial_assessment_days")
