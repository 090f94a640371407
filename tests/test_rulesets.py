import subprocess
import sys

import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rules import Always, Branch, DecisionTree, Leaf, RatingAtLeast, Rule
from iopcore.rulesets import Ruleset, available, get_ruleset, locus, reference, ruleset_for
from iopcore.serialize import from_json, to_json


def test_registry():
    assert available() == ("asam", "locus", "medicare", "reference")
    assert get_ruleset("reference") is reference.RULESET
    assert get_ruleset("locus", as_of=pendulum.date(2026, 1, 1)) is locus.RULESET
    with pytest.raises(UnknownCodeError) as caught:
        get_ruleset("asam-4")
    assert caught.value.allowed == "asam, locus, medicare, reference"
    with pytest.raises(InvalidValueError):
        get_ruleset("reference", as_of=pendulum.date(2019, 12, 31))


@pytest.mark.parametrize("shipped", [reference.RULESET, locus.RULESET], ids=lambda r: r.id)
def test_shipped_rulesets_round_trip_through_json(shipped):
    back = from_json(to_json(shipped), Ruleset)
    assert back == shipped
    assert back.content_hash == shipped.content_hash


HASH_SCRIPT = "from iopcore.rulesets import get_ruleset; print(get_ruleset('reference').content_hash, get_ruleset('locus').content_hash)"


def test_content_hash_is_the_same_in_another_process():
    result = subprocess.run(
        [sys.executable, "-c", HASH_SCRIPT], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [reference.RULESET.content_hash, locus.RULESET.content_hash]
    run_again = subprocess.run(
        [sys.executable, "-c", HASH_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345"},
    )
    assert run_again.stdout == result.stdout


def test_content_hash_changes_with_any_rule():
    changed = reference.RULESET.derive(
        id="reference",
        version="2026.1",
        replace=[
            Rule(
                id="R-SAFETY-4",
                when=RatingAtLeast(dimension="safety", minimum=4),
                min_level=LevelOfCare.RESIDENTIAL,
                rationale="x",
                source="y",
            )
        ],
    )
    assert changed.content_hash != reference.RULESET.content_hash


def test_derive_adds_drops_and_replaces():
    extra = Rule(
        id="R-EXTRA",
        when=Always(),
        min_level=LevelOfCare.INTENSIVE_OUTPATIENT,
        rationale="everyone",
        source="clinic policy",
    )
    mine = reference.RULESET.derive(
        id="clinic", version="1", add=[extra], drop=["R-PHQ9-ITEM9"], sources=["clinic policy"]
    )
    ids = [rule.id for rule in mine.rules]
    assert ids[-1] == "R-EXTRA"
    assert "R-PHQ9-ITEM9" not in ids
    assert mine.id == "clinic"
    assert mine.sources[-1] == "clinic policy"
    assert reference.RULESET.rules[0] in mine.rules
    with pytest.raises(UnknownCodeError):
        reference.RULESET.derive(id="c", version="1", drop=["R-NOPE"])


def test_repeated_rule_ids_are_refused():
    rule = Rule(id="A", when=Always(), rationale="x", source="y")
    with pytest.raises(InvalidValueError):
        Ruleset(id="x", version="1", effective_from=pendulum.date(2020, 1, 1), rules=[rule, rule])


def test_effective_dates():
    ruleset = Ruleset(
        id="x",
        version="1",
        effective_from=pendulum.date(2024, 1, 1),
        effective_to=pendulum.date(2025, 1, 1),
    )
    assert ruleset.in_force_on(pendulum.date(2024, 12, 31))
    assert not ruleset.in_force_on(pendulum.date(2025, 1, 1))
    assert not ruleset.in_force_on(pendulum.date(2023, 12, 31))
    with pytest.raises(InvalidValueError):
        Ruleset(
            id="x",
            version="1",
            effective_from=pendulum.date(2024, 1, 1),
            effective_to=pendulum.date(2024, 1, 1),
        )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"rules": "R-1"}, InvalidTypeError),
        ({"rules": [object()]}, InvalidTypeError),
        ({"sources": "one"}, InvalidTypeError),
        ({"sources": [""]}, InvalidTypeError),
        ({"tree": "S0"}, InvalidTypeError),
        ({"id": ""}, InvalidValueError),
    ],
)
def test_bad_rulesets(fields, error):
    base = {"id": "x", "version": "1", "effective_from": pendulum.date(2020, 1, 1)}
    with pytest.raises(error):
        Ruleset(**{**base, **fields})


def test_rule_lookup_lists_ids():
    with pytest.raises(UnknownCodeError) as caught:
        reference.RULESET.rule("R-NOPE")
    assert "R-SAFETY-4" in caught.value.allowed


def test_trees_are_checked():
    leaf = Leaf(id="L", level=LevelOfCare.OUTPATIENT, code="0")
    with pytest.raises(InvalidValueError):
        DecisionTree(
            root="S0",
            branches=[Branch(id="S0", when=Always(), then="S1", otherwise="L")],
            leaves=[leaf],
        )
    with pytest.raises(InvalidValueError):
        DecisionTree(
            root="S0",
            branches=[
                Branch(id="S0", when=Always(), then="S1", otherwise="L"),
                Branch(id="S1", when=Always(), then="S0", otherwise="L"),
            ],
            leaves=[leaf],
        )
    with pytest.raises(InvalidTypeError):
        DecisionTree(root="S0", branches=["S0"], leaves=[leaf])
    with pytest.raises(InvalidTypeError):
        DecisionTree(root="L", branches=[], leaves=["L"])


def test_ref_prints_short():
    assert str(reference.RULESET.ref).startswith("reference 2026.2 (")


def test_ruleset_for_takes_the_default_in_force_or_checks_the_one_given():
    day = pendulum.date(2026, 3, 2)
    assert ruleset_for(None, as_of=day, default="reference") == get_ruleset("reference", as_of=day)
    given = get_ruleset("asam", as_of=day)
    assert ruleset_for(given, as_of=day, default="reference") is given
    with pytest.raises(
        InvalidTypeError, match="ruleset: 'asam' is not allowed; allowed: a Ruleset or None"
    ):
        ruleset_for("asam", as_of=day, default="reference")
    with pytest.raises(InvalidValueError, match="is outside the ruleset's effective dates"):
        ruleset_for(given, as_of=pendulum.date(1999, 1, 1), default="reference")
