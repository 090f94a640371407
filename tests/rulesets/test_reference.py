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
# that the highest-risk dimension drives the level (shared/DOMAIN.md 1a).
DIMENSION_ROWS = [
    ("safety", 1, OP),
    ("safety", 2, IOP),
    ("safety", 3, PHP),
    ("safety", 4, IP),  # imminent danger (also the payer theme "no imminent danger", DOMAIN 7)
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
    # Columbia triage: yes to Q4 or Q5 is high risk (shared/DOMAIN.md 10.8).
    high = cssrs.score([True, True, True, True, False, False])
    assert high.band == "high"
    assert level_of(base(scores=[high])) is IP


def test_cssrs_moderate_risk_sets_no_level():
    moderate = cssrs.score([True, True, True, False, False, False])
    assert moderate.band == "moderate"
    assert level_of(base(scores=[moderate])) is OP


def test_phq9_item9_is_an_alert_only():
    # Kroenke 2001 / DOMAIN 5: item 9 > 0 needs follow-up whatever the total.
    answers = phq9.score([0, 0, 0, 0, 0, 0, 0, 0, 1])
    placement = recommend_level(base(scores=[NO_RISK_SCREEN, answers]), as_of=DAY)
    assert placement.level is OP
    assert [f.rule_id for f in placement.alerts] == ["R-PHQ9-ITEM9"]


# APA 2006 eating-disorder table (adult inpatient column), shared/DOMAIN.md 6:
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


# AAP inpatient criteria for adolescents (shared/DOMAIN.md 6): HR < 50 (day);
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


# Payer admission themes (shared/DOMAIN.md 7): impairment beyond routine outpatient
# care; support available outside program hours.
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
