"""The fast paths of a decision tree (no findings built) agree with walking it."""

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.rules import (
    Branch,
    DecisionTree,
    FactIs,
    Leaf,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    ScoreAtLeast,
    all_of,
    any_of,
    not_,
)

DAY = pendulum.date(2026, 1, 5)
OP, IOP, PHP, RES, IP = list(LevelOfCare)
LEAVES = [Leaf(id=f"L{i}", level=level, code=str(i)) for i, level in enumerate(LevelOfCare)]

TREE = DecisionTree(
    root="A",
    branches=[
        Branch(
            id="A",
            when=all_of(
                RatingSumAtMost(dimensions=("x", "y"), maximum=5), not_(FactIs(fact="danger"))
            ),
            then="B",
            otherwise="C",
        ),
        Branch(
            id="B",
            when=any_of(
                RatingAtLeast(dimension="x", minimum=3), RatingAtMost(dimension="y", maximum=0)
            ),
            then="L1",
            otherwise="D",
        ),
        Branch(
            id="C",
            when=RatingCountAtLeast(dimensions=("x", "y", "z"), value=2, count=2),
            then="L3",
            otherwise="E",
        ),
        Branch(id="D", when=FactIs(fact="danger", value=False), then="L0", otherwise="L2"),
        Branch(
            id="E",
            when=RatingSumAtLeast(dimensions=("x", "y", "z"), minimum=9),
            then="L4",
            otherwise="D",
        ),
    ],
    leaves=LEAVES,
)


@given(
    st.fixed_dictionaries({"x": st.integers(0, 4), "y": st.integers(0, 4), "z": st.integers(0, 4)}),
    st.booleans(),
)
def test_the_known_path_matches_the_walk(ratings, danger):
    """With every input present, the fast path reaches the walk's leaf by the same steps."""
    assessment = Assessment(
        participant_id="p", assessed_on=DAY, ratings=ratings, facts={"danger": danger}
    )
    walk = TREE.walk(assessment)
    leaves, steps = TREE.reach(assessment)
    assert leaves == walk.leaves
    assert steps == tuple(step.rule_id for step in walk.steps)


def test_a_missing_input_follows_both_ways():
    assessment = Assessment(participant_id="p", assessed_on=DAY, ratings={"x": 1, "y": 1})
    leaves, steps = TREE.reach(assessment)
    walk = TREE.walk(assessment)
    assert leaves == walk.leaves
    assert len(leaves) > 1
    assert steps == tuple(step.rule_id for step in walk.steps)


def test_score_conditions_take_the_general_path():
    tree = DecisionTree(
        root="A",
        branches=[
            Branch(
                id="A", when=ScoreAtLeast(instrument="phq9", minimum=10), then="L1", otherwise="L0"
            )
        ],
        leaves=LEAVES[:2],
    )
    assessment = Assessment(participant_id="p", assessed_on=DAY)
    leaves, _ = tree.reach(assessment)
    assert {leaf.id for leaf in leaves} == {"L0", "L1"}


def test_very_deep_trees_are_walked():
    depth = 70
    branches = [
        Branch(
            id=f"N{i}",
            when=RatingAtLeast(dimension="x", minimum=i % 5),
            then=f"N{i + 1}" if i + 1 < depth else "L1",
            otherwise="L0",
        )
        for i in range(depth)
    ]
    tree = DecisionTree(root="N0", branches=branches, leaves=LEAVES[:2])
    leaves, _ = tree.reach(Assessment(participant_id="p", assessed_on=DAY, ratings={"x": 4}))
    assert [leaf.id for leaf in leaves] == ["L1"]  # x = 4 passes every step


OPTIONAL_RATING = st.none() | st.integers(0, 4)


@given(OPTIONAL_RATING, OPTIONAL_RATING, OPTIONAL_RATING, st.none() | st.booleans())
def test_both_ways_and_missing_paths_match_the_walk(x, y, z, danger):
    """With inputs missing, following both ways gives the walk's leaves, steps and
    missing inputs."""
    ratings = {name: value for name, value in (("x", x), ("y", y), ("z", z)) if value is not None}
    facts = {} if danger is None else {"danger": danger}
    assessment = Assessment(participant_id="p", assessed_on=DAY, ratings=ratings, facts=facts)
    walk = TREE.walk(assessment)
    leaves, steps = TREE._reach_both_ways(assessment)
    assert leaves == walk.leaves
    assert steps == tuple(step.rule_id for step in walk.steps)
    assert tuple(dict.fromkeys(TREE.missing_inputs(assessment, steps))) == walk.missing
