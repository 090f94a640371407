"""BandAtLeast on a complete score without a band (the C-SSRS screener, every answer no)."""

import pendulum

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.instruments import cssrs
from iopcore.placement import recommend_level
from iopcore.rules import BandAtLeast, Rule, Truth
from iopcore.rulesets import reference

DAY = pendulum.date(2026, 3, 2)


def test_band_at_least_is_false_on_a_complete_screen_without_a_band():
    predicate = BandAtLeast(instrument="cssrs", band="moderate")
    answered = Assessment(participant_id="p", assessed_on=DAY, scores=[cssrs.score([False] * 6)])
    check = predicate.evaluate(answered)
    assert check.truth is Truth.FALSE
    assert check.observations[0].observed == "no band (every answer no)"
    blank = Assessment(participant_id="p", assessed_on=DAY, scores=[cssrs.score([None] * 6)])
    assert predicate.evaluate(blank).truth is Truth.UNKNOWN
    absent = Assessment(participant_id="p", assessed_on=DAY)
    assert predicate.evaluate(absent).observations[0].observed is None


def test_a_band_rule_on_an_all_no_screen_decides_the_placement():
    ruleset = reference.RULESET.derive(
        id="own",
        version="1",
        add=[
            Rule(
                id="X-CSSRS-MODERATE",
                when=BandAtLeast(instrument="cssrs", band="moderate"),
                min_level=LevelOfCare.RESIDENTIAL,
                rationale="Example.",
                source="example",
            )
        ],
    )
    ratings = dict.fromkeys(
        ("safety", "medical", "symptoms", "substance_use", "environment", "readiness"), 0
    )
    assessment = Assessment(
        participant_id="p",
        assessed_on=DAY,
        ratings=ratings,
        facts={"impairment_beyond_routine_outpatient": False},
        conditions=["depression"],
        population="adult",
        scores=[cssrs.score([False] * 6)],
    )
    placement = recommend_level(assessment, ruleset=ruleset, as_of=DAY)
    assert placement.level is LevelOfCare.OUTPATIENT
    assert placement.missing == ()
