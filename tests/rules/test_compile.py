"""The engine's fast path against the findings it stands in for.

`recommend_level` decides from compiled truth functions and builds findings only when
read. These tests rebuild level, floor, ceiling and missing inputs from the findings
(the engine's original algorithm) and require the fast path to agree, on the
synthetic cohort and on generated assessments that leave inputs out at random.
"""

import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import synthetic
from iopcore.assessments import Assessment
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition, Population
from iopcore.placement import Placement, recommend_level
from iopcore.rules import (
    Always,
    BandAtLeast,
    FactIs,
    Outcome,
    Rule,
    ScoreAtLeast,
    all_of,
    any_of,
    not_,
)
from iopcore.rules._compile import CODES, missing_function, truth_function
from iopcore.rulesets import Ruleset, locus, reference
from iopcore.rulesets.locus import LocusRatings, assign
from iopcore.testing import strategies

DAY = pendulum.date(2026, 3, 2)
OP, IOP, PHP, RES, IP = list(LevelOfCare)


def resolve(findings):
    floor = OP
    excluded = set()
    for finding in findings:
        if finding.min_level is not None and finding.min_level > floor:
            floor = finding.min_level
        excluded.update(finding.excludes)
    return next(level for level in LevelOfCare if level >= floor and level not in excluded)


def from_findings(placement, ruleset, assessment):
    """The engine's original decision, recomputed from the (lazily built) findings."""
    findings = placement.findings
    fired = [f for f in findings if f.outcome is Outcome.FIRED]
    unknown = [
        f
        for f in findings
        if f.outcome is Outcome.UNKNOWN and f.calls_for_care and f.follow_up is None
    ]
    at_least, at_most = resolve(fired), resolve(fired + unknown)
    follow_ups = tuple(dict.fromkeys(f.follow_up for f in findings if f.follow_up is not None))
    assert placement.follow_ups == follow_ups
    missing = []
    if ruleset.tree is not None:
        missing.extend(ruleset.tree.walk(assessment).missing)
    missing.extend(path for f in unknown for path in f.missing)
    determinable = at_least == at_most
    return (
        at_least,
        at_most,
        determinable,
        at_least if determinable else None,
        () if determinable else tuple(dict.fromkeys(missing)),
    )


def decided(placement):
    return (
        placement.at_least,
        placement.at_most,
        placement.determinable,
        placement.level,
        placement.missing,
    )


def test_fast_path_agrees_with_the_findings_on_the_synthetic_cohort():
    for ruleset in (reference.RULESET, locus.RULESET):
        for assessment in synthetic.assessments(1500, seed=99, as_of=DAY, for_ruleset=ruleset.id):
            placement = recommend_level(assessment, ruleset=ruleset, as_of=DAY)
            assert decided(placement) == from_findings(placement, ruleset, assessment)


RATING_NAMES = ("safety", "medical", "symptoms", "substance_use", "environment", *locus.DIMENSIONS)
FACT_NAMES = (
    "impairment_beyond_routine_outpatient",
    "support_outside_program_hours",
    "completed_treatment_recently",
    "act_team_available",
)


@st.composite
def sparse_assessments(draw):
    """Assessments with any of the shipped rulesets' inputs, each one maybe absent."""
    ratings = draw(st.dictionaries(st.sampled_from(RATING_NAMES), st.integers(0, 5)))
    facts = draw(st.dictionaries(st.sampled_from(FACT_NAMES), st.booleans()))
    scores = draw(
        st.lists(
            st.one_of(strategies.scores("cssrs"), strategies.scores("phq9")),
            max_size=2,
            unique_by=lambda score: score.instrument,
        )
    )
    vitals = draw(
        st.dictionaries(
            st.sampled_from(["heart_rate_bpm", "systolic_bp_mmhg", "percent_healthy_body_weight"]),
            st.integers(30, 110),
        )
    )
    return Assessment(
        participant_id="p",
        assessed_on=DAY,
        ratings=ratings,
        facts=facts,
        scores=scores,
        measurements=vitals,
        population=draw(st.none() | st.sampled_from(Population)),
        conditions=draw(st.none() | st.frozensets(st.sampled_from(Condition), max_size=2)),
    )


EXCLUDING = Ruleset(
    id="excluding",
    version="1",
    effective_from=pendulum.date(2020, 1, 1),
    rules=(
        Rule(
            id="X-OP",
            when=FactIs(fact="support_outside_program_hours", value=False),
            excludes=[OP, IOP],
            rationale="r",
            source="s",
        ),
        Rule(
            id="X-PHP",
            when=not_(
                any_of(
                    FactIs(fact="act_team_available"),
                    BandAtLeast(instrument="phq9", band="moderate"),
                )
            ),
            excludes=[PHP],
            rationale="r",
            source="s",
        ),
        Rule(
            id="S",
            when=all_of(ScoreAtLeast(instrument="phq9", minimum=10), Always()),
            min_level=IOP,
            rationale="r",
            source="s",
        ),
    ),
)


@given(sparse_assessments())
def test_fast_path_agrees_with_the_findings_on_sparse_assessments(assessment):
    for ruleset in (reference.RULESET, locus.RULESET, EXCLUDING):
        placement = recommend_level(assessment, ruleset=ruleset, as_of=DAY)
        assert decided(placement) == from_findings(placement, ruleset, assessment)


@given(sparse_assessments())
def test_compiled_predicates_agree_with_evaluate(assessment):
    rules = [*reference.RULESET.rules, *EXCLUDING.rules]
    predicates = [rule.when for rule in rules] + [b.when for b in locus.TREE.branches]
    for predicate in predicates:
        check = predicate.evaluate(assessment)
        assert truth_function(predicate)(assessment) == CODES[check.truth]
        assert tuple(dict.fromkeys(missing_function(predicate)(assessment))) == check.missing


def test_findings_are_a_plain_field():
    """A placement is a plain slotted value: its findings are there when it is made."""
    assessment = synthetic.assessments(1, seed=1, as_of=DAY)[0]
    placement = recommend_level(assessment, ruleset=reference.RULESET, as_of=DAY)
    twin = recommend_level(assessment, ruleset=reference.RULESET, as_of=DAY)
    assert not hasattr(placement, "__dict__")
    assert Placement.__slots__
    assert placement == twin
    assert hash(placement) == hash(twin)
    assert placement.findings is placement.findings
    assert [f.rule_id for f in placement.findings] == [r.id for r in reference.RULESET.rules]
    assert "findings=" in repr(placement)
    copy = pickle.loads(pickle.dumps(recommend_level(assessment, as_of=DAY)))
    assert copy == placement
    assert attrs.evolve(placement, chosen=None) == placement
    built = Placement(**{f.name: getattr(placement, f.name) for f in attrs.fields(Placement)})
    assert built == placement
    assert assessment.ratings["safety"] == 1
    different = attrs.evolve(assessment, ratings={**assessment.ratings, "safety": 0})
    other = recommend_level(different, ruleset=reference.RULESET, as_of=DAY)
    assert decided(other) == decided(placement)
    assert other != placement  # the findings saw safety rated 0, not 1


def test_other_attributes_are_still_missing():
    placement = recommend_level(
        synthetic.assessments(1, seed=1, as_of=DAY)[0], ruleset=reference.RULESET, as_of=DAY
    )
    with pytest.raises(AttributeError, match="no_such_thing"):
        placement.no_such_thing  # noqa: B018 - the attribute access is the test
    result = assign(LocusRatings(**dict.fromkeys(locus.DIMENSIONS, 1)))
    with pytest.raises(AttributeError, match="no_such_thing"):
        result.no_such_thing  # noqa: B018 - the attribute access is the test


def test_locus_steps_are_a_plain_field_and_survive_pickling():
    ratings = LocusRatings(**dict(zip(locus.DIMENSIONS, (1, 4, 1, 1, 1, 1, 1), strict=True)))
    result = assign(ratings)
    assert not hasattr(result, "__dict__")
    copy = pickle.loads(pickle.dumps(assign(ratings)))
    assert copy == result
    assert [s.rule_id for s in result.steps][:3] == ["S0", "S11", "S12"]
    assert result.steps is result.steps
