"""Renamed public names: each old name still works for a year, and warns."""

import importlib

import pytest

from iopcore.assessments import MAX_DIMENSION_RATING
from iopcore.instruments.change import DatedScore
from iopcore.intensity import WeekCheck
from iopcore.rulesets import DEFAULT_HOURS_RULESET, DEFAULT_PLACEMENT_RULESET, get_ruleset

#: (module, old name, new name as the warning spells it, the value it stands for)
RENAMED = [
    ("iopcore.intensity", "Check", "iopcore.intensity.WeekCheck", WeekCheck),
    (
        "iopcore.intensity",
        "DEFAULT_RULESET",
        "iopcore.rulesets.DEFAULT_HOURS_RULESET",
        DEFAULT_HOURS_RULESET,
    ),
    (
        "iopcore.placement",
        "DEFAULT_RULESET",
        "iopcore.rulesets.DEFAULT_PLACEMENT_RULESET",
        DEFAULT_PLACEMENT_RULESET,
    ),
    (
        "iopcore.transitions",
        "DEFAULT_RULESET",
        "iopcore.rulesets.DEFAULT_PLACEMENT_RULESET",
        DEFAULT_PLACEMENT_RULESET,
    ),
    ("iopcore.rulesets", "get", "iopcore.rulesets.get_ruleset", get_ruleset),
    (
        "iopcore.instruments.change",
        "Measurement",
        "iopcore.instruments.change.DatedScore",
        DatedScore,
    ),
    (
        "iopcore.assessments",
        "MAX_RATING",
        "iopcore.assessments.MAX_DIMENSION_RATING",
        MAX_DIMENSION_RATING,
    ),
]


@pytest.mark.parametrize(("module", "old", "new", "value"), RENAMED)
def test_an_old_name_warns_and_gives_the_new_value(module, old, new, value):
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{old} is deprecated .* use {new}$"):
        found = getattr(importlib.import_module(module), old)
    assert found is value


def test_the_old_defaults_keep_their_values():
    # What callers read before the rename: hours from asam, placements from reference.
    assert (DEFAULT_HOURS_RULESET, DEFAULT_PLACEMENT_RULESET) == ("asam", "reference")


@pytest.mark.parametrize("module", sorted({module for module, *_ in RENAMED}))
def test_other_missing_names_are_still_attribute_errors(module):
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = importlib.import_module(module).no_such_name


def test_from_import_of_an_old_name_warns():
    with pytest.warns(DeprecationWarning, match="get_ruleset"):
        from iopcore.rulesets import get  # noqa: F401, PLC0415 - the old spelling, on purpose
