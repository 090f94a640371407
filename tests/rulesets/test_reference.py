"""The reference ruleset, row by row, each row quoting its source."""

import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.instruments import cssrs, phq9
from iopcore.placement import recommend_level
from iopcore.rulesets import reference

OP, IOP, PHP, RES, IP = (
    LevelOfCare.OUTPATIENT,
    LevelOfCare.INTENSIVE_OUTPATIENT,
    LevelOfCare.PARTIAL_HOSPITALIZATION,
    LevelOfCare.RESIDENTIAL,
    LevelOfCare.INPATIENT,
)
DAY = pendulum.date(2026, 3, 2)
CALM = {
    "safety": 0,
    "medical": 0,
    "symptoms": 0,
    "substance_use": 0,
    "environment": 0,
    "readiness": 0,
}
NO_RISK_SCREEN = cssrs.score([False] * 6)


def base(**changes):
    fields = {
        "participant_id": "p",
        "assessed_on": DAY,
        "ratings": CALM,
        "facts": {
            "support_outside_program_hours": True,
            "impairment_beyond_routine_outpatient": False,
        },
        "scores": [NO_RISK_SCREEN],
        "conditions": ["depression"],
        "population": "adult",
    }
    return Assessment(**{**fields, **changes})


def level_of(assessment):
    placement = recommend_level(assessment, as_of=DAY)
    assert placement.determinable, placement.missing
    return placement.level


def test_a_complete_calm_assessment_is_outpatient():
    assert level_of(base()) is OP


# iopcore's own dimension table (reference.MINIMUM_LEVELS), with the ASAM principle
# that the highest-risk dimension drives the level (ASAM Criteria 3rd ed., 2013, as an
# open-exam-prep summary gives it: secondary source only, unconfirmed).
DIMENSION_ROWS = [
    ("safety", 1, OP),
    ("safety", 2, IOP),
    ("safety", 3, PHP),
    ("safety", 4, IP),  # imminent danger (payer theme, Evernorth SUD-IOP list)
    ("medical", 2, OP),
    ("medical", 3, PHP),
    ("medical", 4, IP),
    ("symptoms", 1, OP),
    ("symptoms", 2, IOP),
    ("symptoms", 3, PHP),
    ("symptoms", 4, RES),
    ("substance_use", 2, IOP),
    ("substance_use", 3, PHP),
    ("substance_use", 4, RES),
    ("environment", 2, OP),
    ("environment", 3, IOP),
    ("environment", 4, RES),
    ("readiness", 4, OP),  # readiness guides the approach, not the level
]


@pytest.mark.parametrize(("dimension", "rating", "level"), DIMENSION_ROWS)
def test_dimension_ratings(dimension, rating, level):
    assert level_of(base(ratings={**CALM, dimension: rating})) is level
    assert reference.MINIMUM_LEVELS.get(dimension, (OP,) * 5)[rating] is level


def test_highest_dimension_wins_and_ratings_are_not_summed():
    # Five dimensions at 2 (sum 10) call for IOP, not more.
    ratings = {
        **CALM,
        "safety": 2,
        "symptoms": 2,
        "substance_use": 2,
        "environment": 2,
        "medical": 2,
    }
    assert level_of(base(ratings=ratings)) is IOP
    assert level_of(base(ratings={**ratings, "symptoms": 3})) is PHP


def test_cssrs_high_risk_calls_for_inpatient():
    # Columbia triage: yes to Q4 or Q5 is high risk (cssrs.columbia.edu triage pages).
    high = cssrs.score([True, True, True, True, False, False])
    assert high.band == "high"
    assert level_of(base(scores=[high])) is IP


def test_cssrs_moderate_risk_sets_no_level():
    moderate = cssrs.score([True, True, True, False, False, False])
    assert moderate.band == "moderate"
    assert level_of(base(scores=[moderate])) is OP


def test_phq9_item9_is_an_alert_only():
    # PHQ-9 (Kroenke 2001): item 9 > 0 needs follow-up whatever the total (calcipedia.com
    # PHQ-9 page: secondary source only, unconfirmed).
    answers = phq9.score([0, 0, 0, 0, 0, 0, 0, 0, 1])
    placement = recommend_level(base(scores=[NO_RISK_SCREEN, answers]), as_of=DAY)
    assert placement.level is OP
    assert [f.rule_id for f in placement.alerts] == ["R-PHQ9-ITEM9"]


# APA 2006 eating-disorder table (adult inpatient column), as reproduced in the NEDA
# toolkit (nationaleatingdisorders.org):
# HR < 40; BP < 90/60; glucose < 60 mg/dL; K < 3 mEq/L; temp < 97.0 F.
ADULT_VITALS = [
    ("heart_rate_bpm", 39, IP),
    ("heart_rate_bpm", 40, OP),
    ("systolic_bp_mmhg", 89, IP),
    ("systolic_bp_mmhg", 90, OP),
    ("diastolic_bp_mmhg", 59, IP),
    ("diastolic_bp_mmhg", 60, OP),
    ("glucose_mg_dl", 59, IP),
    ("glucose_mg_dl", 60, OP),
    ("potassium_meq_l", 2.9, IP),
    ("potassium_meq_l", 3.0, OP),
    ("temperature_f", 96.9, IP),
    ("temperature_f", 97.0, OP),
]
NORMAL_ADULT = {
    "heart_rate_bpm": 70,
    "systolic_bp_mmhg": 115,
    "diastolic_bp_mmhg": 75,
    "glucose_mg_dl": 90,
    "potassium_meq_l": 4.0,
    "temperature_f": 98.4,
    "percent_healthy_body_weight": 95,
}


@pytest.mark.parametrize(("measurement", "value", "level"), ADULT_VITALS)
def test_eating_disorder_adult_instability(measurement, value, level):
    assessment = base(
        conditions=["eating disorder"], measurements={**NORMAL_ADULT, measurement: value}
    )
    assert level_of(assessment) is level


# AAP inpatient criteria for adolescents (Pediatrics, AAP policy statement table,
# pediatrics.aappublications.org): HR < 50 (day);
# systolic < 90; temp < 96 F; < 75% of ideal body weight.
ADOLESCENT_VITALS = [
    ("heart_rate_bpm", 49, IP),
    ("heart_rate_bpm", 50, OP),
    ("systolic_bp_mmhg", 89, IP),
    ("temperature_f", 95.9, IP),
    ("temperature_f", 96.0, OP),
    ("percent_healthy_body_weight", 74, IP),
]


@pytest.mark.parametrize(("measurement", "value", "level"), ADOLESCENT_VITALS)
def test_eating_disorder_adolescent_instability(measurement, value, level):
    vitals = {**NORMAL_ADULT, measurement: value}
    assessment = base(conditions=["eating disorder"], population="adolescent", measurements=vitals)
    assert level_of(assessment) is level


def test_adult_heart_rate_45_is_not_unstable_but_adolescent_is():
    vitals = {**NORMAL_ADULT, "heart_rate_bpm": 45}
    assert level_of(base(conditions=["eating disorder"], measurements=vitals)) is OP
    teen = base(conditions=["eating disorder"], population="adolescent", measurements=vitals)
    assert level_of(teen) is IP


# APA 2006 table: residential at < 85% of healthy body weight.
@pytest.mark.parametrize(("percent", "level"), [(84.9, RES), (85, OP)])
def test_low_weight(percent, level):
    vitals = {**NORMAL_ADULT, "percent_healthy_body_weight": percent}
    assert level_of(base(conditions=["eating disorder"], measurements=vitals)) is level


def test_vitals_do_not_matter_without_an_eating_disorder():
    vitals = {**NORMAL_ADULT, "heart_rate_bpm": 38}
    assert level_of(base(measurements=vitals)) is OP


def test_eating_disorder_without_vitals_is_not_determinable():
    placement = recommend_level(base(conditions=["eating disorder"]), as_of=DAY)
    assert not placement.determinable
    assert placement.at_least is OP
    assert placement.at_most is IP
    assert "measurements.heart_rate_bpm" in placement.missing


# Payer admission themes (sample commercial criteria, payer unidentified, 1library.co
# excerpt; Evernorth SUD-IOP review list, static.evernorth.com): impairment beyond
# routine outpatient care; support available outside program hours.
def test_impairment_beyond_outpatient_calls_for_iop():
    facts = {"support_outside_program_hours": True, "impairment_beyond_routine_outpatient": True}
    assert level_of(base(facts=facts)) is IOP


def test_no_support_outside_program_hours_calls_for_a_24_hour_setting():
    facts = {"support_outside_program_hours": False, "impairment_beyond_routine_outpatient": True}
    assert level_of(base(facts=facts)) is RES
    facts = {"support_outside_program_hours": False, "impairment_beyond_routine_outpatient": False}
    assert level_of(base(facts=facts)) is OP


def test_every_rule_cites_a_listed_source_and_has_a_rationale():
    for rule in reference.RULESET.rules:
        assert rule.source in reference.SOURCES
        assert rule.rationale.strip()


def test_dimensions_have_five_anchors_each():
    assert len(reference.DIMENSIONS) == 6
    assert all(len(dimension.anchors) == 5 for dimension in reference.DIMENSIONS)
    assert set(reference.MINIMUM_LEVELS) == {d.name for d in reference.DIMENSIONS} - {"readiness"}


def test_notice_says_it_is_a_reference():
    assert "not ASAM, LOCUS" in reference.RULESET.notice


# --- 2026.2: the C-SSRS screen is optional (a follow-up), the ratings decide --------

_RATINGS = {
    "safety": 1,
    "medical": 0,
    "symptoms": 2,
    "substance_use": 0,
    "environment": 1,
    "readiness": 1,
}
_FACTS = {"impairment_beyond_routine_outpatient": True, "support_outside_program_hours": True}


def _record(scores=(), **fields):
    return Assessment(
        participant_id="p",
        assessed_on=DAY,
        ratings=fields.pop("ratings", _RATINGS),
        facts=_FACTS,
        scores=list(scores),
        conditions=fields.pop("conditions", ["depression"]),
        population=fields.pop("population", "adult"),
    )


# (screen on file, level, follow-up listed): the clinician's ratings decide; a screen
# on file can raise the level (Columbia triage: yes to Q4 or Q5 is high risk); none on
# file is a follow-up (The Joint Commission NPSG.15.01.01: "screen patients for suicide
# risk using a validated screening tool").
SCREENS = [
    (None, LevelOfCare.INTENSIVE_OUTPATIENT, True),
    ([False] * 6, LevelOfCare.INTENSIVE_OUTPATIENT, False),
    ([True, True, True, True, False, False], LevelOfCare.INPATIENT, False),
    ([True, None, None, None, None, None], LevelOfCare.INTENSIVE_OUTPATIENT, True),
]


@pytest.mark.parametrize(("answers", "level", "follow_up"), SCREENS)
def test_the_ratings_decide_and_a_screen_can_raise_the_level(answers, level, follow_up):
    scores = () if answers is None else (cssrs.score(answers),)
    placement = recommend_level(_record(scores), as_of=DAY)
    assert placement.level is level
    assert placement.determinable
    assert (placement.follow_ups == (reference.NO_SCREEN_FOLLOW_UP,)) is follow_up
    assert "NPSG.15.01.01" in reference.NO_SCREEN_FOLLOW_UP


def test_records_without_a_screen_are_decided_under_2026_2_not_under_2026_1():
    from iopcore import rulesets, synthetic  # noqa: PLC0415

    old = rulesets.get_ruleset("reference", version="2026.1")
    cohort = synthetic.assessments(300, seed=11, as_of=DAY)
    unscreened = [
        Assessment(
            participant_id=a.participant_id,
            assessed_on=a.assessed_on,
            ratings=a.ratings,
            facts=a.facts,
            scores=[s for s in a.scores.values() if s.instrument != "cssrs"],
            measurements=a.measurements,
            population=a.population,
            conditions=a.conditions,
        )
        for a in cohort
    ]
    new = [recommend_level(a, as_of=DAY) for a in unscreened]
    before = [recommend_level(a, ruleset=old, as_of=DAY) for a in unscreened]
    assert sum(p.determinable for p in new) / len(new) > 0.9
    assert sum(p.determinable for p in before) / len(before) < 0.1
    assert all(p.follow_ups == (reference.NO_SCREEN_FOLLOW_UP,) for p in new)


def test_2026_1_stays_available_unchanged():
    from iopcore import rulesets  # noqa: PLC0415

    old = rulesets.get_ruleset("reference", version="2026.1")
    assert old.content_hash.startswith("bc09c8398af2")
    assert old.rule("R-CSSRS-HIGH").if_missing is None
    assert reference.RULESET.rule("R-CSSRS-HIGH").if_missing == reference.NO_SCREEN_FOLLOW_UP


def test_the_participant_record_fills_conditions_and_population():
    from iopcore import Participant  # noqa: PLC0415

    # An adolescent with an eating disorder, heart rate 45: the AAP inpatient criterion
    # (HR < 50 bpm in the daytime) needs the condition and the population.
    person = Participant(
        id="p", birth_date=pendulum.date(2011, 5, 1), conditions=["eating disorder"]
    )
    bare = Assessment(
        participant_id="p",
        assessed_on=DAY,
        ratings=_RATINGS,
        facts=_FACTS,
        measurements={"heart_rate_bpm": 45},
    )
    assert recommend_level(bare, as_of=DAY).level is None
    filled = bare.filled_from(person)
    assert filled.population.value == "adolescent"
    assert recommend_level(filled, as_of=DAY).level is LevelOfCare.INPATIENT
    stated = Assessment(participant_id="p", assessed_on=DAY, population="adult", conditions=[])
    assert stated.filled_from(person) is stated  # what the assessment states is kept
    with pytest.raises(Exception) as caught:
        bare.filled_from(Participant(id="q", birth_date=pendulum.date(2011, 5, 1)))
    assert type(caught.value).__name__ == "InvalidValueError"
    assert "2011" not in str(caught.value)  # no birth date in the message
