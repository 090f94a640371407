"""The ruleset test kit: check_ruleset passes on the shipped rulesets and catches
deliberately broken ones, each by the invariant it breaks."""

import itertools
import pickle

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.participants import Population
from iopcore.placement import recommend_level
from iopcore.rules import (
    Branch,
    Check,
    DecisionTree,
    FactIs,
    Leaf,
    Predicate,
    RatingAtLeast,
    RatingAtMost,
    Rule,
    ScoreAtLeast,
    Truth,
    all_of,
    not_,
)
from iopcore.rulesets import Ruleset, get_ruleset, locus
from iopcore.rulesets.locus import LocusRatings, assign
from iopcore.testing import invariants
from iopcore.testing.invariants import INVARIANTS, RulesetInvariantError, check_ruleset

OP, IOP, PHP, RES, IP = list(LevelOfCare)
DAY = pendulum.date(2026, 3, 2)
REFERENCE = get_ruleset("reference")
LOCUS = get_ruleset("locus")
#: Enough examples to find each deliberate breakage every time (each is found within
#: a handful); the shipped rulesets use the active profile's count.
BROKEN_EXAMPLES = 100


def rule(rule_id, when, **fields):
    return Rule(id=rule_id, when=when, rationale="deliberately broken", source="tests", **fields)


def from_scratch(*rules, tree=None):
    return Ruleset(
        id="broken", version="1", effective_from=pendulum.date(2020, 1, 1), rules=rules, tree=tree
    )


def derived(*added, replace=()):
    return REFERENCE.derive(id="broken", version="1", add=added, replace=replace)


def broken_by(ruleset, **options):
    with pytest.raises(RulesetInvariantError) as caught:
        check_ruleset(ruleset, max_examples=BROKEN_EXAMPLES, **options)
    return caught.value


# ---------------------------------------------------------------- the shipped rulesets


def test_reference_keeps_every_invariant():
    check_ruleset(REFERENCE)


def test_reference_keeps_them_on_a_later_date_and_a_wider_rating_range():
    check_ruleset(REFERENCE, as_of=DAY, rating_range=(0, 6), max_examples=30)


def test_locus_keeps_every_invariant_outside_its_act_team_node():
    """LOCUS is monotone in every input but IV-A and the ACT-team fact (see below)."""
    check_ruleset(LOCUS, not_monotone_in=("ratings.recovery_stress", "facts.act_team_available"))


# The LOCUS tree (vendor stored procedure ssp_GetCALocusResult) is not monotone: node
# S22 sends "ACT team available and IV-A <= 2" to level 4, and everyone else on to S18,
# which can end lower. Checked exhaustively over all 5^7 ratings and both flags
# (312,500 cases): the level drops in
# 1,304 (ratings, flags) cases when IV-A goes from 2 to 3, all with an ACT team, and in
# 3,568 when the ACT team goes from available to not; in no other rating, and never
# because of completed treatment. These rows are the smallest composites where it does.
LOCUS_DROPS = [
    # (I, II, III, IV-A, IV-B, V, VI, ACT team) before -> after; LOCUS level before -> after
    ((1, 1, 1, 2, 2, 5, 5, True), (1, 1, 1, 3, 2, 5, 5, True), (4, 3)),
    ((1, 1, 1, 1, 3, 5, 5, True), (1, 1, 1, 1, 3, 5, 5, False), (4, 3)),
]


def _locus(row):
    *ratings, act = row
    return LocusRatings(**dict(zip(locus.DIMENSIONS, ratings, strict=True))), act


@pytest.mark.parametrize(("before", "after", "levels"), LOCUS_DROPS)
def test_locus_is_not_monotone_at_its_act_team_node(before, after, levels):
    results = [assign(ratings, act_team=act) for ratings, act in map(_locus, (before, after))]
    assert tuple(result.locus_level for result in results) == levels
    assert [result.level for result in results] == [PHP, IOP]
    # The same through placement, which check_ruleset uses: the level goes down.
    placements = [
        recommend_level(
            Assessment(
                participant_id="example",
                assessed_on=DAY,
                ratings=ratings.as_ratings(),
                facts={"act_team_available": act, "completed_treatment_recently": False},
            ),
            ruleset=LOCUS,
            as_of=DAY,
        )
        for ratings, act in map(_locus, (before, after))
    ]
    assert [placement.level for placement in placements] == [PHP, IOP]


def test_locus_is_monotone_without_an_act_team_in_every_rating_but_iv_a():
    """A slice of the exhaustive check, small enough for the suite: V and VI at 5,
    where the drops cluster, and every other rating 1-3 (2,187 cases, both flags)."""
    drops = []
    for rest in itertools.product(range(1, 4), repeat=5):
        for act in (False, True):
            ratings = (*rest, 5, 5)
            level = assign(
                LocusRatings(**dict(zip(locus.DIMENSIONS, ratings, strict=True))), act_team=act
            ).locus_level
            for index in range(5):
                raised = (*ratings[:index], ratings[index] + 1, *ratings[index + 1 :])
                after = assign(
                    LocusRatings(**dict(zip(locus.DIMENSIONS, raised, strict=True))), act_team=act
                ).locus_level
                if after < level:
                    drops.append((locus.DIMENSIONS[index], act))
    assert set(drops) == {("recovery_stress", True)}


# ---------------------------------------------------------------- broken rulesets


def test_catches_a_rule_that_asks_for_less_care_as_a_rating_rises():
    # not_ of a risk predicate with a high min_level: calm safety -> residential.
    error = broken_by(
        derived(rule("X-CALM", not_(RatingAtLeast(dimension="safety", minimum=1)), min_level=RES))
    )
    assert error.invariant == "monotonicity"
    assert "ratings.safety 0 -> 1" in str(error)


def test_catches_a_copied_fact_rule_with_the_value_flipped():
    # A duplicate-looking copy of R-ADMIT-IMPAIRMENT that fires when the risk fact is False.
    copy = rule(
        "R-ADMIT-IMPAIRMENT-2",
        FactIs(fact="impairment_beyond_routine_outpatient", value=False),
        min_level=PHP,
    )
    error = broken_by(derived(copy))
    assert error.invariant == "monotonicity"
    assert "facts.impairment_beyond_routine_outpatient" in str(error)


def test_catches_a_protective_fact_that_lowers_the_level_when_lost():
    # Support outside program hours *raises* the level here: losing it lowers it.
    error = broken_by(
        derived(rule("X-SUPPORT", FactIs(fact="support_outside_program_hours"), min_level=PHP))
    )
    assert error.invariant == "monotonicity"
    assert "facts.support_outside_program_hours" in str(error)


def test_catches_an_inverted_rating_threshold():
    error = broken_by(
        derived(rule("X-LOW-SYMPTOMS", RatingAtMost(dimension="symptoms", maximum=1), min_level=IP))
    )
    assert error.invariant == "monotonicity"
    assert "ratings.symptoms 1 -> 2" in str(error)


def test_catches_a_tree_whose_leaves_go_down_as_a_rating_goes_up():
    tree = DecisionTree(
        root="T0",
        branches=[
            Branch(
                id="T0",
                when=RatingAtLeast(dimension="symptoms", minimum=3),
                then="T-OP",
                otherwise="T1",
            ),
            Branch(
                id="T1",
                when=RatingAtLeast(dimension="symptoms", minimum=1),
                then="T-PHP",
                otherwise="T-OP",
            ),
        ],
        leaves=[
            Leaf(id="T-OP", level=OP, code="OP"),
            Leaf(id="T-PHP", level=PHP, code="PHP"),
        ],
        source="tests",
    )
    error = broken_by(from_scratch(tree=tree))
    assert error.invariant == "monotonicity"
    assert "ratings.symptoms 2 -> 3" in str(error)
    assert "before: level PHP" in str(error)
    assert "after: level OP" in str(error)


def test_catches_a_score_threshold_turned_upside_down():
    # Fires while the GAD-7 total is below 10: one answer raised across 10 lowers the level.
    error = broken_by(
        from_scratch(
            rule("X-GAD7", not_(ScoreAtLeast(instrument="gad7", minimum=10)), min_level=PHP)
        )
    )
    assert error.invariant == "monotonicity"
    assert "scores.gad7 item" in str(error)
    assert "(total 9) ->" in str(error)


def test_catches_a_breakage_no_input_shows_alone():
    # Safety rising turns this rule off, but only while symptoms are rated 2 or more:
    # the sweep of each input alone cannot see it; the drawn assessments do.
    together = all_of(
        RatingAtLeast(dimension="symptoms", minimum=2),
        not_(RatingAtLeast(dimension="safety", minimum=2)),
    )
    error = broken_by(from_scratch(rule("X-TOGETHER", together, min_level=RES)))
    assert error.invariant == "monotonicity"
    assert "ratings.safety 1 -> 2" in str(error)
    assert "symptoms=" in str(error)


#: Calls to Flaky.evaluate, process-wide: the hidden state that breaks determinism.
FLAKY_CALLS = itertools.count()


@attrs.frozen
class Flaky(Predicate):
    """A predicate of someone's own with hidden state: true every other time it is asked."""

    KIND = "test_flaky"

    def evaluate(self, _):
        return Check(truth=Truth.of(next(FLAKY_CALLS) % 2 == 0))

    def inputs(self):
        return frozenset()

    def describe(self):
        return "every other time"


@attrs.frozen
class Shrug(Predicate):
    """A predicate of someone's own that answers unknown without naming what is missing."""

    KIND = "test_shrug"

    def evaluate(self, _):
        return Check(truth=Truth.UNKNOWN)

    def inputs(self):
        return frozenset()

    def describe(self):
        return "cannot tell"


class Unstorable(Predicate):
    """A predicate of someone's own that is not an attrs class and has no KIND."""

    __slots__ = ()

    def evaluate(self, _):
        return Check(truth=Truth.FALSE)

    def inputs(self):
        return frozenset()

    def describe(self):
        return "never"


class Misfiled(Rule):
    """A Rule subclass whose findings are filed under another id."""

    def evaluate(self, assessment):
        return attrs.evolve(super().evaluate(assessment), rule_id=f"{self.id}-OTHER")


def test_catches_a_nondeterministic_predicate():
    # A placement asks the predicate twice as it is made (the level, then the
    # findings): the two answers disagree within the one placement, which
    # soundness sees before two placements are compared.
    error = broken_by(from_scratch(rule("X-FLAKY", Flaky(), min_level=PHP)))
    assert error.invariant == "soundness"
    assert "the finding of rule X-FLAKY says" in str(error)
    assert "its condition says" in str(error)


def test_catches_an_unknown_that_names_no_missing_input():
    error = broken_by(from_scratch(rule("X-SHRUG", Shrug(), min_level=IP)))
    assert error.invariant == "totality"
    assert "lists no missing input" in str(error)


def test_catches_findings_that_miss_a_rule_id():
    # A Rule subclass is not read back from JSON as itself, hence the skip.
    misfiled = Misfiled(
        id="X-MISFILED",
        when=RatingAtLeast(dimension="safety", minimum=2),
        min_level=IOP,
        rationale="deliberately broken",
        source="tests",
    )
    error = broken_by(from_scratch(misfiled), skip=("hash_stability",))
    assert error.invariant == "soundness"
    assert "X-MISFILED appears 0 times" in str(error)


def test_catches_a_rule_subclass_that_does_not_round_trip():
    misfiled = Misfiled(
        id="X-MISFILED",
        when=RatingAtLeast(dimension="safety", minimum=2),
        min_level=IOP,
        rationale="deliberately broken",
        source="tests",
    )
    error = broken_by(from_scratch(misfiled))
    assert error.invariant == "hash_stability"
    assert "read back from JSON differs" in str(error)


def test_catches_a_ruleset_that_cannot_be_stored():
    error = broken_by(from_scratch(rule("X-UNSTORABLE", Unstorable(), min_level=IP)))
    assert error.invariant == "hash_stability"
    assert "cannot be written to JSON" in str(error)


def test_the_report_names_the_invariant_ruleset_and_both_placements_and_no_person():
    error = broken_by(
        derived(rule("X-CALM", not_(RatingAtLeast(dimension="safety", minimum=1)), min_level=RES))
    )
    text = str(error)
    assert text.startswith(f"ruleset broken 1 ({error.ruleset.split('(')[1]}")
    assert "breaks monotonicity" in text
    assert "assessment of 'example'" in text
    assert "  before: level" in text
    assert "  after: level" in text
    assert isinstance(error, AssertionError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.invariant, str(again)) == (error.invariant, text)


def test_skipping_monotonicity_lets_a_non_monotone_ruleset_pass_the_rest():
    check_ruleset(
        derived(rule("X-CALM", not_(RatingAtLeast(dimension="safety", minimum=1)), min_level=RES)),
        max_examples=20,
        skip=("monotonicity",),
    )


def test_exempting_one_input_keeps_the_others_checked():
    broken = derived(
        rule("X-CALM", not_(RatingAtLeast(dimension="safety", minimum=1)), min_level=RES),
        rule("X-SUPPORT", FactIs(fact="support_outside_program_hours"), min_level=PHP),
    )
    error = broken_by(broken, not_monotone_in=("ratings.safety",))
    assert error.invariant == "monotonicity"
    assert "facts.support_outside_program_hours" in str(error)


def test_works_inside_a_hypothesis_test():
    # Hypothesis asks the outer test to allow nesting (the inner check cannot).
    @settings(suppress_health_check=[HealthCheck.nested_given], max_examples=2)
    @given(st.sampled_from(["reference", "locus"]))
    def each(ruleset_id):
        check_ruleset(get_ruleset(ruleset_id), max_examples=5, skip=("monotonicity",))

    each()


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"ruleset": "reference"}, InvalidTypeError, "ruleset"),
        ({"max_examples": 0}, InvalidValueError, "max_examples"),
        ({"max_examples": 1.5}, InvalidTypeError, "max_examples"),
        ({"as_of": pendulum.date(2019, 12, 31)}, InvalidValueError, "as_of"),
        ({"as_of": "2026-01-01"}, InvalidTypeError, "as_of"),
        ({"rating_range": (3, 1)}, InvalidValueError, "rating_range"),
        ({"rating_range": [0, 4]}, InvalidTypeError, "rating_range"),
        ({"skip": ("speed",)}, UnknownCodeError, "skip"),
        ({"skip": "monotonicity"}, InvalidTypeError, "skip"),
        # Issue 14.4: an unhashable name raised a plain TypeError.
        ({"skip": [[]]}, UnknownCodeError, "skip"),
        ({"skip": [{"monotonicity"}]}, UnknownCodeError, "skip"),
        ({"not_monotone_in": ("ratings.height",)}, InvalidValueError, "not_monotone_in"),
        ({"not_monotone_in": "ratings.safety"}, InvalidTypeError, "not_monotone_in"),
    ],
)
def test_arguments_are_checked(kwargs, error, field):
    arguments = {"ruleset": REFERENCE, **kwargs}
    with pytest.raises(error) as caught:
        check_ruleset(arguments.pop("ruleset"), **arguments)
    assert caught.value.field == field


def test_invariant_names():
    assert INVARIANTS == (
        "determinism",
        "totality",
        "monotonicity",
        "soundness",
        "hash_stability",
        "intensity",
        "transitions",
    )


# ---------------------------------------------------------------- intensity

ASAM = get_ruleset("asam")
MEDICARE = get_ruleset("medicare")
ADULT, ADOLESCENT = Population.ADULT, Population.ADOLESCENT


@pytest.mark.parametrize(
    ("ruleset", "population", "minimums"),
    [
        # ASAM 3rd ed. (2013; Mid Shore BH glossary, aetna.com ASAM page, DCMR 22-A6329):
        # outpatient under 9 h/wk (adults),
        # IOP 9-19, PHP 20 or more; adolescents under 6, 6-19, 20 or more.
        (ASAM, ADULT, (0, 9, 20)),
        (ASAM, ADOLESCENT, (0, 6, 20)),
        # Medicare CY2024 (42 CFR 424.24(d)(1), (e)(1); 88 FR 82182): IOP 9 h/wk, PHP 20.
        (MEDICARE, ADULT, (9, 20)),
    ],
)
def test_shipped_minimums_rise_with_the_ambulatory_level(ruleset, population, minimums):
    """The shipped bands, in level order, quote their sources' minimums and keep the
    intensity invariant."""
    found = tuple(
        band.min_hours_per_week
        for band in sorted(ruleset.hours, key=lambda band: band.level)
        if band.population is population and band.level in invariants.AMBULATORY_LEVELS
    )
    assert found == minimums
    check_ruleset(ruleset, max_examples=5)


def test_residential_bands_are_not_compared():
    """ASAM 3.1 asks for 5 clinical hours (Mid Shore BH glossary), under PHP's 20: allowed."""
    residential = ASAM.hour_band(RES, ADULT)
    assert residential.min_hours_per_week == 5
    assert residential.min_hours_per_week < ASAM.hour_band(PHP, ADULT).min_hours_per_week
    check_ruleset(ASAM, max_examples=5)


def _with_minimum(ruleset, level, population, hours):
    bands = [
        attrs.evolve(band, min_hours_per_week=hours)
        if (band.level, band.population) == (level, population)
        else band
        for band in ruleset.hours
    ]
    return attrs.evolve(ruleset, id="lowered", hours=bands)


@pytest.mark.parametrize(
    ("ruleset", "level", "population", "hours", "message"),
    [
        (ASAM, PHP, ADULT, 6, "for adults the minimum falls from 9 h/wk at IOP to 6 h/wk at PHP"),
        (ASAM, IOP, ADOLESCENT, 0, None),  # equal to outpatient's 0: not a fall
        (ASAM, PHP, ADOLESCENT, 5, "for adolescents the minimum falls from 6 h/wk at IOP to 5"),
        (MEDICARE, PHP, ADULT, 8.5, "the minimum falls from 9 h/wk at IOP to 8.5 h/wk at PHP"),
    ],
)
def test_a_falling_minimum_breaks_intensity(ruleset, level, population, hours, message):
    lowered = _with_minimum(ruleset, level, population, hours)
    if message is None:
        check_ruleset(lowered, max_examples=5)
        return
    with pytest.raises(RulesetInvariantError, match="breaks intensity") as caught:
        check_ruleset(lowered, max_examples=5)
    assert message in str(caught.value)
    check_ruleset(lowered, max_examples=5, skip=["intensity"])
