import attrs
import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore.assessments import Assessment, Role
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.instruments import cssrs
from iopcore.placement import Direction, Placement, recommend_level
from iopcore.rules import FactIs, RatingAtLeast, Rule
from iopcore.rulesets import Ruleset, get_ruleset, reference

DAY = pendulum.date(2026, 3, 2)
OP, IOP, PHP, RES, IP = list(LevelOfCare)


def ruleset(*rules, **fields):
    return Ruleset(
        id="t", version="1", effective_from=pendulum.date(2020, 1, 1), rules=rules, **fields
    )


def rule(rule_id, when, **fields):
    return Rule(id=rule_id, when=when, rationale="r", source="s", **fields)


def assess(**fields):
    return Assessment(participant_id="p", assessed_on=DAY, **fields)


SAFETY3 = rule("S3", RatingAtLeast(dimension="safety", minimum=3), min_level=PHP)
DANGER = rule("D", FactIs(fact="imminent_danger"), min_level=IP)
NO_OP = rule("X", FactIs(fact="did_not_improve_at_lower_level"), excludes=[OP])


def test_least_level_every_fired_rule_allows():
    rules = ruleset(SAFETY3, DANGER, NO_OP)
    facts = {"imminent_danger": False, "did_not_improve_at_lower_level": True}
    placement = recommend_level(
        assess(ratings={"safety": 1}, facts=facts), ruleset=rules, as_of=DAY
    )
    assert placement.level is IOP  # OP excluded, nothing else
    placement = recommend_level(
        assess(ratings={"safety": 3}, facts=facts), ruleset=rules, as_of=DAY
    )
    assert placement.level is PHP
    assert [f.rule_id for f in placement.fired] == ["S3", "X"]


def test_nothing_fired_is_the_least_intensive_level():
    placement = recommend_level(
        assess(
            ratings={"safety": 0},
            facts={"imminent_danger": False, "did_not_improve_at_lower_level": False},
        ),
        ruleset=ruleset(SAFETY3, DANGER, NO_OP),
        as_of=DAY,
    )
    assert placement.level is OP
    assert placement.determinable
    assert placement.missing == ()


def test_unknowns_that_cannot_change_the_result_do_not_matter():
    # Danger already fired; the missing safety rating could not raise it further.
    placement = recommend_level(
        assess(facts={"imminent_danger": True}), ruleset=ruleset(SAFETY3, DANGER), as_of=DAY
    )
    assert placement.determinable
    assert placement.level is IP


def test_unknowns_that_could_change_the_result_are_listed():
    placement = recommend_level(
        assess(ratings={"safety": 3}), ruleset=ruleset(SAFETY3, DANGER), as_of=DAY
    )
    assert not placement.determinable
    assert placement.level is None
    assert (placement.at_least, placement.at_most) == (PHP, IP)
    assert placement.missing == ("facts.imminent_danger",)


def test_alerts_do_not_make_a_placement_undeterminable():
    alert = rule("A", FactIs(fact="medically_unstable"))
    placement = recommend_level(
        assess(ratings={"safety": 0}), ruleset=ruleset(SAFETY3, alert), as_of=DAY
    )
    assert placement.determinable
    assert placement.alerts == ()


def test_default_ruleset_is_reference_in_force_on_as_of():
    placement = recommend_level(assess(), as_of=DAY)
    assert placement.ruleset == reference.RULESET.ref
    assert placement.ruleset.hash == reference.RULESET.content_hash


def test_assessment_after_as_of_is_an_error():
    with pytest.raises(InvalidValueError) as caught:
        recommend_level(assess(), as_of=DAY.subtract(days=1))
    assert caught.value.field == "assessment.assessed_on"


def test_ruleset_not_in_force_is_an_error():
    old = Ruleset(
        id="old",
        version="1",
        effective_from=pendulum.date(2010, 1, 1),
        effective_to=pendulum.date(2020, 1, 1),
    )
    with pytest.raises(InvalidValueError) as caught:
        recommend_level(assess(), ruleset=old, as_of=DAY)
    assert caught.value.field == "as_of"


def test_as_of_may_be_an_aware_datetime_but_not_a_naive_one():
    evening = pendulum.datetime(2026, 3, 2, 21, tz="America/New_York")
    assert recommend_level(assess(), ruleset=ruleset(), as_of=evening).as_of == DAY
    with pytest.raises(NaiveDateTimeError):
        recommend_level(assess(), ruleset=ruleset(), as_of=pendulum.naive(2026, 3, 2))


@pytest.mark.parametrize("bad", [None, {}, "assessment"])
def test_assessment_must_be_an_assessment(bad):
    with pytest.raises(InvalidTypeError):
        recommend_level(bad, as_of=DAY)


def test_ruleset_must_be_a_ruleset():
    with pytest.raises(InvalidTypeError):
        recommend_level(assess(), ruleset="reference", as_of=DAY)


@pytest.mark.parametrize(
    ("chosen", "direction"), [(IP, Direction.HIGHER), (PHP, Direction.SAME), (IOP, Direction.LOWER)]
)
def test_override_records_the_chosen_level_and_direction(chosen, direction):
    placement = recommend_level(
        assess(ratings={"safety": 3}, facts={"imminent_danger": False}),
        ruleset=ruleset(SAFETY3, DANGER),
        as_of=DAY,
    )
    overridden = placement.override(
        chosen,
        reason="Family asked for a step at a time; J. Doe's history.",
        decided_by="psychiatrist",
    )
    assert overridden.level is PHP
    assert overridden.actual_level is chosen
    assert overridden.chosen.direction is direction
    assert overridden.chosen.decided_by is Role.PSYCHIATRIST
    assert "Doe" not in repr(overridden)
    assert placement.chosen is None  # values are immutable


def test_override_of_an_undeterminable_placement_measures_from_at_least():
    placement = recommend_level(
        assess(ratings={"safety": 3}), ruleset=ruleset(SAFETY3, DANGER), as_of=DAY
    )
    assert (
        placement.override(IP, reason="x", decided_by=Role.PHYSICIAN).chosen.direction
        is Direction.HIGHER
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"level": "IP", "reason": "x", "decided_by": "physician"}, InvalidTypeError),
        ({"level": IP, "reason": " ", "decided_by": "physician"}, InvalidTypeError),
        ({"level": IP, "reason": "x", "decided_by": "the boss"}, UnknownCodeError),
    ],
)
def test_bad_overrides(kwargs, error):
    placement = recommend_level(assess(), ruleset=ruleset(), as_of=DAY)
    # A copy: the parametrized dict is shared by every run of the test.
    options = dict(kwargs)
    level = options.pop("level")
    with pytest.raises(error):
        placement.override(level, **options)


def test_placement_is_a_frozen_value_that_shows_as_html():
    placement = recommend_level(
        assess(ratings={"safety": 3}, facts={"imminent_danger": False}),
        ruleset=ruleset(SAFETY3, DANGER),
        as_of=DAY,
    )
    assert isinstance(placement, Placement)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        placement.level = IP
    html = placement._repr_html_()
    assert "<table>" in html
    assert "S3" in html


def test_reference_complete_assessment_end_to_end():
    full = assess(
        ratings={
            "safety": 2,
            "medical": 0,
            "symptoms": 2,
            "substance_use": 1,
            "environment": 1,
            "readiness": 2,
        },
        facts={"support_outside_program_hours": True, "impairment_beyond_routine_outpatient": True},
        scores=[cssrs.score([True, False, None, None, None, False])],
        conditions=["depression", "anxiety"],
    )
    placement = recommend_level(full, ruleset=get_ruleset("reference"), as_of=DAY)
    assert placement.level is IOP
    assert {f.rule_id for f in placement.fired} == {
        "R-SAFETY-2",
        "R-SYMPTOMS-2",
        "R-ADMIT-IMPAIRMENT",
    }


# ---------------------------------------------------------------- edges found by mutation


def test_an_excluded_floor_moves_up_past_every_excluded_level():
    rules = ruleset(
        SAFETY3,
        rule("NO-PHP", FactIs(fact="imminent_danger"), excludes=[PHP]),
        rule("NO-RES", FactIs(fact="did_not_improve_at_lower_level"), excludes=[RES]),
    )
    facts = {"imminent_danger": True, "did_not_improve_at_lower_level": True}
    placement = recommend_level(
        assess(ratings={"safety": 3}, facts=facts), ruleset=rules, as_of=DAY
    )
    assert placement.level is IP
    one = {"imminent_danger": True, "did_not_improve_at_lower_level": False}
    placement = recommend_level(assess(ratings={"safety": 3}, facts=one), ruleset=rules, as_of=DAY)
    assert placement.level is RES


def test_exclusions_of_rules_that_cannot_tell_add_to_those_that_fired():
    rules = ruleset(
        SAFETY3,
        rule("NO-PHP", FactIs(fact="imminent_danger"), excludes=[PHP]),
        rule(
            "NO-RES", FactIs(fact="did_not_improve_at_lower_level"), excludes=[RES], min_level=PHP
        ),
    )
    placement = recommend_level(
        assess(ratings={"safety": 3}, facts={"imminent_danger": True}), ruleset=rules, as_of=DAY
    )
    # PHP is excluded for sure; if the unknown fact holds, RES is too: RES or IP.
    assert (placement.level, placement.at_least, placement.at_most) == (None, RES, IP)
    assert placement.missing == ("facts.did_not_improve_at_lower_level",)


def test_a_ruleset_is_in_force_up_to_the_day_before_effective_to():
    rules = ruleset(SAFETY3, effective_to=DAY.add(days=1))
    assert recommend_level(assess(ratings={"safety": 3}), ruleset=rules, as_of=DAY).level is PHP
    with pytest.raises(InvalidValueError) as caught:
        recommend_level(assess(ratings={"safety": 3}), ruleset=rules, as_of=DAY.add(days=1))
    assert caught.value.field == "as_of"


def test_an_override_of_an_open_placement_is_measured_from_its_floor():
    rules = ruleset(SAFETY3, DANGER)
    open_placement = recommend_level(assess(ratings={"safety": 3}), ruleset=rules, as_of=DAY)
    assert (open_placement.level, open_placement.at_least) == (None, PHP)
    assert open_placement.override(PHP, reason="x", decided_by="physician").chosen.direction is (
        Direction.SAME
    )
    assert open_placement.override(IOP, reason="x", decided_by="physician").chosen.direction is (
        Direction.LOWER
    )
