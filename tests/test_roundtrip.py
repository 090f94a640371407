"""Every public value type round-trips through JSON: ``from_json(to_json(x), type(x)) == x``.

``CASES`` maps each public value type to a strategy for its values: the public
strategies of :mod:`iopcore.testing.strategies` where there is one, and for result
types the evaluators called on them (``recommend_level`` over ``assessments()``,
``evaluate_transition`` over ``histories()``, ...). The table is found complete by
walking the public modules' ``__all__``: a public class without a row fails
:func:`test_every_public_type_has_a_row`, so a type added later must be added here
(``tests/test_pickle.py`` reads the same table).
"""

from __future__ import annotations

import enum
import importlib
import json
import pkgutil
import re
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopcore
from iopcore import serialize, synthetic
from iopcore.episodes import EpisodeEvent
from iopcore.exceptions import IopcoreError, IopcoreErrorGroup
from iopcore.intensity import (
    WeekCompliance,
    WeeklyCompliance,
)
from iopcore.placement import Placement, recommend_level
from iopcore.rules import (
    Predicate,
)
from iopcore.rulesets import (
    locus,
)
from iopcore.serialize._paths import field_names
from iopcore.testing import _types

if TYPE_CHECKING:
    from collections.abc import Iterator

# ---------------------------------------------------------------- discovering the public types


def public_modules() -> Iterator[object]:
    """``iopcore`` and every module under it without a ``_private`` part in its name.

    Not ``iopcore.frames``: its schemas describe tables, they are not stored records.
    """
    yield iopcore
    for info in pkgutil.walk_packages(iopcore.__path__, "iopcore."):
        private = any(part.startswith("_") for part in info.name.split("."))
        if not private and not info.name.startswith("iopcore.frames"):
            yield importlib.import_module(info.name)


def public_classes() -> set[type]:
    """Every class of iopcore's own named in a public module's ``__all__``."""
    found = set()
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) and value.__module__.startswith("iopcore"):
                found.add(value)
    return found


def is_tagged_base(cls: type) -> bool:
    """A base told apart by ``KIND`` tags (Predicate, EpisodeEvent): not a value itself."""
    return not attrs.has(cls) and "kinds" in vars(cls)


def is_value_type(cls: type) -> bool:
    """What ``to_json`` must take: not an enum, an error, a protocol or a tagged base."""

    return not (
        issubclass(cls, enum.Enum | BaseException)
        or getattr(cls, "_is_protocol", False)
        or is_tagged_base(cls)
    )


# ---------------------------------------------------------------- strategies for each type

AS_OF = pendulum.date(2026, 3, 2)

#: Each public value type and what ``st.from_type`` draws for it (the strategies are
#: registered by iopcore's Hypothesis hook, from ``iopcore.testing._types``).
CASES: dict[type, st.SearchStrategy[object]] = {
    cls: st.from_type(cls)
    for cls in sorted(public_classes(), key=lambda cls: cls.__qualname__)
    if is_value_type(cls)
}

#: Examples per type: a few in the dev profile, more in CI (the table is long).
EXAMPLES = max(8, settings.default.max_examples // 8)
SETTINGS = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def same(copy: object, value: object) -> bool:
    """Equal as the type compares; a tuple subclass's own attributes compared too."""
    if attrs.has(type(value)) or not hasattr(value, "__dict__"):
        return copy == value
    return copy == value and vars(copy) == vars(value)


def test_every_public_type_has_a_strategy():
    """A public class without a strategy in the testing kit's table fails here."""
    expected = {cls for cls in public_classes() if is_value_type(cls) or is_tagged_base(cls)}
    missing = expected - set(_types.table())
    assert sorted(cls.__qualname__ for cls in missing) == []
    assert set(_types.table()) == _types.public_types() == expected


@pytest.mark.parametrize("cls", sorted(_types.public_types(), key=lambda cls: cls.__qualname__))
def test_from_type_draws_every_public_type(cls):
    """``st.from_type`` works for every public type, tagged bases included."""

    @settings(SETTINGS, max_examples=3)
    @given(st.from_type(cls))
    def check(value):
        assert isinstance(value, cls)

    check()


def test_the_table_holds_only_public_value_types():
    """No row for a type that is gone or private (a renamed type cannot hide)."""
    assert set(CASES) <= public_classes()
    assert all(is_value_type(cls) for cls in CASES)


def test_every_tagged_subclass_has_a_row():
    """Predicates and episode events are stored by their KIND tag; each of iopcore's kinds
    has a row (other tests define kinds of their own, which need none)."""
    for base in (Predicate, EpisodeEvent):
        ours = {cls for cls in base.kinds().values() if cls.__module__.startswith("iopcore.")}
        assert len(ours) >= 2
        assert ours <= set(CASES)


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_round_trip(cls):
    """from_json(to_json(x), type(x)) == x; the text is the same when written again."""

    @SETTINGS
    @given(CASES[cls])
    def check(value):
        assert type(value) is cls
        text = serialize.to_json(value)
        copy = serialize.from_json(text, cls)
        assert type(copy) is cls
        assert same(copy, value)
        assert same(value, copy)
        assert serialize.to_json(copy) == text
        assert serialize.from_dict(serialize.to_dict(value), cls) == value

    check()


def _field_names(cls: type) -> list[str]:
    if cls is WeeklyCompliance:
        return ["participant_id", "requirement", "weeks"]
    return list(field_names(cls))


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_keys_come_in_a_stable_order(cls):
    """schema_version first, then the fields in the order the class declares them."""

    @settings(SETTINGS, max_examples=3)
    @given(CASES[cls])
    def check(value):
        keys = list(json.loads(serialize.to_json(value)))
        assert keys[0] == "schema_version"
        fields = _field_names(cls)
        assert keys[1:] == [name for name in fields if name in keys]
        left_out = set(fields) - set(keys)
        assert all(
            attrs.fields_dict(cls)[name].metadata.get("omit_if_default") for name in left_out
        )

    check()


def test_equal_mappings_give_the_same_text_whatever_their_order():
    """A mapping's keys are written sorted, not in the order they were counted."""
    first = WeekCompliance(
        week_start=pendulum.date(2024, 4, 1),
        hours=9.0,
        scheduled_hours=9.0,
        days_attended=2,
        services={iopcore.ServiceType.PSYCHOEDUCATION: 1, iopcore.ServiceType.GROUP_THERAPY: 2},
        open_fraction=1.0,
        required_hours=9.0,
        assessed=True,
        met=True,
    )
    second = attrs.evolve(first, services=dict(reversed(first.services.items())))
    assert list(first.services) != list(second.services)
    assert first == second
    text = serialize.to_json(first)
    assert serialize.to_json(second) == text
    assert '"services": {"group therapy": 2, "psychoeducation": 1}' in text


def test_a_placement_read_back_equals_a_fresh_one():
    """The findings take part in equality like any field."""
    assessment = synthetic.assessments(1, seed=7, as_of=AS_OF)[0]
    written = recommend_level(assessment, as_of=AS_OF)
    copy = serialize.from_json(serialize.to_json(written), Placement)
    fresh = recommend_level(assessment, as_of=AS_OF)
    assert copy == fresh
    assert copy.findings == fresh.findings
    other = recommend_level(attrs.evolve(assessment, ratings={}), as_of=AS_OF)
    assert copy != other


def test_a_locus_result_read_back_equals_a_fresh_one():
    ratings = locus.LocusRatings(**dict.fromkeys(locus.DIMENSIONS, 3))
    copy = serialize.from_json(serialize.to_json(locus.assign(ratings)), locus.LocusResult)
    fresh = locus.assign(ratings)
    assert copy == fresh
    assert copy.steps


# ---------------------------------------------------------------- bad input names its path

JUNK = [["not", "a", "scalar"]]


def _scalar_leaves(data: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    """The path of every scalar (str, number, bool, null) inside ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalar_leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _scalar_leaves(value, (*path, index))
    elif path != ("schema_version",):
        yield path


def _replaced(data: object, path: tuple[object, ...], junk: object) -> object:
    if not path:
        return junk
    head, *rest = path
    if isinstance(data, dict):
        return {
            key: _replaced(value, rest, junk) if key == head else value
            for key, value in data.items()
        }
    assert isinstance(data, list)
    return [
        _replaced(value, rest, junk) if index == head else value for index, value in enumerate(data)
    ]


def _path_pattern(path: tuple[object, ...]) -> re.Pattern[str]:
    """``$``, then ``[3]`` for an index and ``.key`` or ``['key']`` for a key."""
    steps = []
    for step in path:
        if isinstance(step, int):
            steps.append(rf"\[{step}\]")
        else:
            steps.append(rf"(?:\.{re.escape(step)}|\[{re.escape(repr(step))}\])")
    # A null replaced by a list may be read as a list of the field's items: the error
    # is then at an item of it.
    return re.compile(r"\$" + "".join(steps) + r"(?:\[0\])?")


def _leaves_of(error: BaseException) -> list[IopcoreError]:
    if isinstance(error, IopcoreErrorGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves_of(inner)]
    assert isinstance(error, IopcoreError)
    return [error]


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_a_bad_value_anywhere_gives_an_iopcore_error_with_its_path(cls):
    """Put a list where any one scalar was: one iopcore error, naming that place."""

    @SETTINGS
    @given(CASES[cls], st.data())
    def check(value, data):
        written = serialize.to_dict(value)
        # A value without any scalar (Always()) has its whole dict replaced.
        path = data.draw(st.sampled_from(list(_scalar_leaves(written)) or [()]))
        bad = json.dumps(_replaced(written, path, JUNK))
        with pytest.raises(IopcoreError) as caught:
            serialize.from_json(bad, cls)
        (error,) = _leaves_of(caught.value)
        assert _path_pattern(path).fullmatch(error.field), (error.field, path)

    check()


# ---------------------------------------------------------------- keys given twice


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_a_key_given_twice_is_refused_for_every_type(cls):
    """JSON keeps the last of two equal keys; iopcore refuses the text instead."""

    @SETTINGS
    @given(CASES[cls], st.data())
    def check(value, data):
        stored = serialize.to_dict(value)
        key = data.draw(st.sampled_from(sorted(stored)), label="key")
        text = serialize.to_json(value)
        repeated = "{" + json.dumps(key) + ": " + json.dumps(stored[key]) + ", " + text[1:]
        with pytest.raises(IopcoreError, match="given twice"):
            serialize.from_json(repeated, cls)

    check()
