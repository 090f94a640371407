"""The LOCUS ruleset against an independent transcription of the tree.

Oracle: the LOCUS assignment tree of a public EHR vendor's stored procedure
(``ssp_GetCALocusResult``, LOCUS 2010 / CALOCUS; not checked against the licensed AACP
manual), transcribed here a second time as a plain if-chain (independently of
iopcore.rulesets.locus), and compared over all 5^7 rating combinations and both outside
flags.
"""

import itertools

import attrs
import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import from_locus
from iopcore.placement import recommend_level
from iopcore.rulesets import locus
from iopcore.rulesets.locus import LocusRatings, assign

NAMES = (
    "risk_of_harm",
    "functional_status",
    "comorbidity",
    "recovery_stress",
    "recovery_support",
    "treatment_history",
    "engagement",
)


def oracle(r, done_tx, act):  # noqa: C901, PLR0912, PLR0915 - a literal transcription of the tree
    i, ii, iii, iva, ivb, v, vi = r
    c = sum(r)
    n2 = sum(1 for x in r if x == 2)
    node = "S0"
    while not isinstance(node, int):
        if node == "S0":
            node = "S1" if (c <= 16 and i <= 3 and ii <= 3 and iii <= 3) else "S11"
        elif node == "S1":
            node = "S2" if all(x <= 2 for x in r) else "S5"
        elif node == "S2":
            node = 2 if c >= 14 else "S3"
        elif node == "S3":
            node = 0 if done_tx else "S4"
        elif node == "S4":
            node = 1 if c >= 10 else 0
        elif node == "S5":
            node = "S7" if (i <= 2 and iii <= 2 and vi <= 2 and ii <= 3) else "S6"
        elif node == "S6":
            node = "S7" if iva + ivb <= 4 else "S9"
        elif node == "S7":
            node = "S8" if (iva >= 3 or ivb >= 3 or v >= 3) else "S2"
        elif node == "S8":
            node = "S2" if ivb <= 2 else "S9"
        elif node == "S9":
            node = "S2" if (v <= 2 and iva + ivb <= 5) else "S10"
        elif node == "S10":
            node = 3 if 3 in (i, ii, iii) else 2
        elif node == "S11":
            node = 6 if 5 in (i, ii, iii) else "S12"
        elif node == "S12":
            node = 6 if c >= 28 else "S13"
        elif node == "S13":
            node = 5 if i == 4 else "S14"
        elif node == "S14":
            node = "S15" if 4 in (ii, iii) else "S16"
        elif node == "S15":
            node = "S17" if (iva == 1 and ivb == 1) else 5
        elif node == "S16":
            node = "S17" if any(x >= 4 for x in r) else "S23"
        elif node == "S17":
            node = "S21" if (v >= 4 or vi >= 4) else "S18"
        elif node == "S18":
            node = 4 if 20 <= c <= 22 else "S19"
        elif node == "S19":
            node = 5 if c >= 23 else "S20"
        elif node == "S20":
            node = 3 if c >= 17 else "S2"
        elif node == "S21":
            node = "S18" if (iva == 1 and ivb == 1) else "S22"
        elif node == "S22":
            node = 4 if (act and iva <= 2) else "S18"
        elif node == "S23":
            node = "S24" if n2 >= 2 else "S18"
        elif node == "S24":
            node = "S20" if iva + ivb <= 5 else "S18"
    return node


@pytest.mark.parametrize(
    ("done_tx", "act"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_every_rating_combination_matches_the_published_tree(done_tx, act):
    mismatches = []
    for ratings in itertools.product(range(1, 6), repeat=7):
        result = assign(
            LocusRatings(**dict(zip(NAMES, ratings, strict=True))),
            completed_treatment=done_tx,
            act_team=act,
        )
        expected = oracle(ratings, done_tx, act)
        if result.locus_level != expected or result.composite != sum(ratings):
            mismatches.append((ratings, result.locus_level, expected))
    assert mismatches == []


# Independent ("override") criteria, vendor tree ssp_GetCALocusResult: 5 on I-III -> L6;
# I = 4 -> L5; II or III = 4 -> L5 unless IV-A = IV-B = 1.
OVERRIDES = [
    ((5, 1, 1, 1, 1, 1, 1), 6),  # I = 5 -> L6 whatever the composite
    ((1, 5, 1, 1, 1, 1, 1), 6),  # II = 5 -> L6
    ((1, 1, 5, 1, 1, 1, 1), 6),  # III = 5 -> L6
    ((4, 1, 1, 1, 1, 1, 1), 5),  # I = 4 -> L5
    ((1, 4, 1, 2, 1, 1, 1), 5),  # II = 4 -> L5 (IV-A not 1)
    ((4, 4, 4, 4, 4, 4, 4), 6),  # composite 28 -> L6
]


@pytest.mark.parametrize(("ratings", "level"), OVERRIDES)
def test_independent_criteria(ratings, level):
    assert assign(LocusRatings(**dict(zip(NAMES, ratings, strict=True)))).locus_level == level


def test_two_or_three_at_4_with_full_support_falls_through_to_the_composite():
    # II = 4 and IV-A = IV-B = 1: composite 10 -> S17 -> S18 -> S19 -> S20 (C < 17)
    # -> S2 (C < 14) -> S3 -> S4 (C >= 10) -> L1.
    result = assign(LocusRatings(**dict(zip(NAMES, (1, 4, 1, 1, 1, 1, 1), strict=True))))
    assert result.locus_level == 1
    assert [step.rule_id for step in result.steps] == [
        "S0",
        "S11",
        "S12",
        "S13",
        "S14",
        "S15",
        "S17",
        "S18",
        "S19",
        "S20",
        "S2",
        "S3",
        "S4",
    ]


# Composite bands, derived from the ssp_GetCALocusResult tree (that they match the AACP
# manual grid is unconfirmed): L1 10-13, L2 14-16, L3 17-19, L4 20-22, L5 23-27,
# L6 >= 28; below 10 -> L0. Checked where no override applies.
@pytest.mark.parametrize(
    ("ratings", "level"),
    [
        ((1, 1, 1, 1, 1, 1, 1), 0),  # C = 7
        ((2, 2, 2, 1, 1, 1, 1), 1),  # C = 10
        ((2, 2, 2, 2, 2, 2, 1), 1),  # C = 13
        ((2, 2, 2, 2, 2, 2, 2), 2),  # C = 14
    ],
)
def test_composite_bands(ratings, level):
    assert assign(LocusRatings(**dict(zip(NAMES, ratings, strict=True)))).locus_level == level


def test_completed_treatment_drops_to_level_zero():
    ratings = LocusRatings(**dict(zip(NAMES, (2, 2, 2, 1, 1, 1, 1), strict=True)))
    assert assign(ratings).locus_level == 1
    assert assign(ratings, completed_treatment=True).locus_level == 0


def test_level_is_the_crosswalk_of_the_locus_level():
    for ratings in [(1,) * 7, (3, 3, 3, 3, 3, 3, 3), (5, 1, 1, 1, 1, 1, 1)]:
        result = assign(LocusRatings(**dict(zip(NAMES, ratings, strict=True))))
        assert result.level is from_locus(result.locus_level)


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_ratings_are_validated_1_to_5(bad):
    with pytest.raises(InvalidValueError) as caught:
        LocusRatings(**{**dict.fromkeys(NAMES, 1), "comorbidity": bad})
    assert caught.value.field == "comorbidity"
    assert caught.value.allowed == "an int from 1 to 5"


@pytest.mark.parametrize("bad", [True, 2.0, "2", None])
def test_ratings_must_be_ints(bad):
    with pytest.raises(InvalidTypeError):
        LocusRatings(**{**dict.fromkeys(NAMES, 1), "engagement": bad})


def test_assign_checks_its_arguments():
    with pytest.raises(InvalidTypeError):
        assign(dict.fromkeys(NAMES, 1))
    with pytest.raises(InvalidTypeError):
        assign(LocusRatings(**dict.fromkeys(NAMES, 1)), act_team="yes")


def test_placement_with_the_locus_ruleset_records_the_steps():
    ratings = dict(zip(NAMES, (2, 3, 2, 3, 3, 3, 2), strict=True))
    placement = recommend_level(
        Assessment(participant_id="p", assessed_on=pendulum.date(2026, 1, 5), ratings=ratings),
        ruleset=locus.RULESET,
        as_of=pendulum.date(2026, 1, 5),
    )
    assert placement.level is LevelOfCare.INTENSIVE_OUTPATIENT
    assert placement.determinable
    steps = [f.rule_id for f in placement.findings if f.step]
    assert steps == ["S0", "S11", "S12", "S13", "S14", "S16", "S23", "S24", "S18", "S19", "S20"]
    assert [f.rule_id for f in placement.fired if not f.step] == ["L3"]


def test_missing_rating_is_not_determinable_unless_every_way_agrees():
    ratings = dict(zip(NAMES, (5, 1, 1, 1, 1, 1, 1), strict=True))
    del ratings["engagement"]
    placement = recommend_level(
        Assessment(participant_id="p", assessed_on=pendulum.date(2026, 1, 5), ratings=ratings),
        ruleset=locus.RULESET,
        as_of=pendulum.date(2026, 1, 5),
    )
    # With engagement missing the composite is unknown, but I = 5 fails S0's
    # "I <= 3" (three-valued "and") and S11 sends I = 5 to L6: determinable.
    assert placement.determinable
    assert placement.level is LevelOfCare.INPATIENT
    low = dict(zip(NAMES, (1, 1, 1, 1, 1, 1, 1), strict=True))
    del low["engagement"]
    open_placement = recommend_level(
        Assessment(participant_id="p", assessed_on=pendulum.date(2026, 1, 5), ratings=low),
        ruleset=locus.RULESET,
        as_of=pendulum.date(2026, 1, 5),
    )
    assert not open_placement.determinable
    assert open_placement.level is None
    assert "ratings.engagement" in open_placement.missing


def test_licence_notice_is_carried():
    assert "AACP" in locus.RULESET.notice
    assert "Deerfield" in locus.NOTICE
    assert "Deerfield" in locus.__doc__


# ---------------------------------------------------------------- a tree left open


def test_an_open_tree_still_calls_for_the_lowest_leaf_it_can_reach():
    """An unknown ACT-team fact leaves L3 (IOP) or L4 (PHP): at least IOP, not OP.

    Node S22 asks for the ACT team only; every leaf still reachable is L3 or L4, so
    the known ratings already call for IOP. Before the fix the floor fell to OP, and
    a higher recovery-stress rating (1 -> 2) seemed to lower the level.
    """
    day = pendulum.date(2010, 1, 1)
    ratings = {
        "comorbidity": 1,
        "engagement": 1,
        "functional_status": 1,
        "recovery_support": 4,
        "risk_of_harm": 3,
        "treatment_history": 5,
    }
    ruleset = locus.RULESET
    lower, higher = (
        recommend_level(
            Assessment(
                participant_id="p", assessed_on=day, ratings={**ratings, "recovery_stress": stress}
            ),
            ruleset=ruleset,
            as_of=day,
        )
        for stress in (1, 2)
    )
    assert lower.level is LevelOfCare.INTENSIVE_OUTPATIENT
    assert higher.level is None
    assert higher.at_least is LevelOfCare.INTENSIVE_OUTPATIENT
    assert higher.at_most is LevelOfCare.PARTIAL_HOSPITALIZATION
    assert higher.missing == ("facts.act_team_available",)
    fired = {f.rule_id: f.min_level for f in higher.findings if f.outcome.value == "fired"}
    assert fired["L3.."] is LevelOfCare.INTENSIVE_OUTPATIENT
    floor, leaf = higher.findings[-2:]
    assert (floor.rule_id, floor.rationale, floor.source) == (
        "L3..",
        "every leaf still reachable (L3, L4) calls for IOP or more",
        locus.TREE.source,
    )
    # The open leaf finding names both ends and calls for the higher one.
    assert (leaf.rule_id, leaf.outcome.value, leaf.min_level, leaf.source) == (
        "L3..L4",
        "unknown",
        LevelOfCare.PARTIAL_HOSPITALIZATION,
        locus.TREE.source,
    )
    assert leaf.rationale == next(node.rationale for node in locus.TREE.leaves if node.id == "L3")


def test_a_result_answers_only_for_its_own_attributes():
    result = assign(LocusRatings(**dict.fromkeys(NAMES, 2)))
    assert not hasattr(result, "no_such_attribute")
    assert getattr(result, "aaa", None) is None
    assert getattr(result, "zzz", None) is None
    assert result.steps  # built on first read
    assert not hasattr(result, "no_such_attribute")


def test_an_act_team_is_not_assumed():
    # LOCUS 2010: the ACT branch applies only where a team is available.
    ratings = LocusRatings(**dict(zip(NAMES, (1, 1, 1, 1, 3, 5, 5), strict=True)))
    assert assign(ratings).locus_level == assign(ratings, act_team=False).locus_level == 3
    assert assign(ratings, act_team=True).locus_level == 4


def test_options_are_keyword_only():
    ratings = LocusRatings(**dict.fromkeys(NAMES, 2))
    with pytest.raises(TypeError):
        assign(ratings, True)  # type: ignore[misc]
    with pytest.raises(TypeError):
        LocusRatings(2, 2, 2, 2, 2, 2, 2)  # type: ignore[misc]


def test_a_result_is_a_frozen_value_built_by_keyword():
    result = assign(LocusRatings(**dict.fromkeys(NAMES, 2)))
    with pytest.raises(TypeError):
        locus.LocusResult(result.locus_level, result.composite, result.level, ())  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.composite = 0  # type: ignore[misc]
    same = locus.LocusResult(
        locus_level=result.locus_level,
        composite=result.composite,
        level=result.level,
        steps=result.steps,
    )
    assert same == result
