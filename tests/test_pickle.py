"""Every public object pickles and unpickles equal, so it can cross to another process.

Values come from the table of ``tests/test_roundtrip.py`` (which fails when a public
type has no row); enums, errors, functions and constants are found by walking the
public modules' ``__all__`` here.
"""

from __future__ import annotations

import enum
import pickle
import types

import pendulum
import pytest
from hypothesis import given

from iopcore import serialize, synthetic
from iopcore.exceptions import (
    InvalidResponse,
    InvalidRowsError,
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.placement import Placement, recommend_level
from iopcore.rulesets import locus
from iopcore.sessions import ProgramCalendar
from iopcore.testing.invariants import RulesetInvariantError
from test_roundtrip import CASES, SETTINGS, public_classes, public_modules, same

AS_OF = pendulum.date(2026, 3, 2)


def copied(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


@pytest.mark.parametrize("cls", CASES, ids=lambda cls: cls.__qualname__)
def test_values_pickle_equal(cls):
    """pickle.loads(pickle.dumps(x)) == x, and it writes the same JSON."""

    @SETTINGS
    @given(CASES[cls])
    def check(value):
        copy = copied(value)
        assert type(copy) is cls
        assert same(copy, value)
        assert same(value, copy)
        assert serialize.to_json(copy) == serialize.to_json(value)

    check()


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_placement_pickles_with_its_findings(protocol):
    """A placement pickles on every protocol with its findings, and compares equal."""
    assessment = synthetic.assessments(1, seed=3, as_of=AS_OF)[0]
    placement = recommend_level(assessment, as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(placement, protocol=protocol))
    assert not hasattr(copy, "__dict__")
    fresh = recommend_level(assessment, as_of=AS_OF)
    assert copy == fresh
    assert copy.findings == fresh.findings
    assert isinstance(copy, Placement)


def test_a_locus_result_pickles_with_its_steps():
    ratings = locus.LocusRatings(**dict.fromkeys(locus.DIMENSIONS, 4))
    copy = copied(locus.assign(ratings))
    fresh = locus.assign(ratings)
    assert fresh.steps
    assert copy == fresh
    assert copy.steps == fresh.steps


def _public_objects() -> list[tuple[str, object]]:
    found = []
    for module in public_modules():
        found.extend(
            (f"{module.__name__}.{name}", getattr(module, name))
            for name in getattr(module, "__all__", ())
            if name != "__version__"
        )
    return found


ENUMS = sorted(
    (cls for cls in public_classes() if issubclass(cls, enum.Enum)),
    key=lambda cls: cls.__qualname__,
)


@pytest.mark.parametrize("enum_type", ENUMS, ids=lambda cls: cls.__qualname__)
def test_enum_members_unpickle_as_themselves(enum_type):
    for member in enum_type:
        assert copied(member) is member


#: One instance of each public error type, with every field set.
ERRORS: dict[type, BaseException] = {
    IopcoreError: IopcoreError("$.a", 1, allowed="2", reason="is odd"),
    InvalidValueError: InvalidValueError("$.b[3]", -1, allowed="0 or more", reason="is negative"),
    InvalidTypeError: InvalidTypeError("c", b"x", allowed="a string"),
    InvalidRowsError: InvalidRowsError(
        "sessions.end", 3, allowed="a time after start", rows=(1, 4), count=7, sensitive=True
    ),
    InvalidResponse: InvalidResponse("$.responses[8]", 4, allowed="0-3"),
    UnknownCodeError: UnknownCodeError("$.level", "XYZ", allowed="'OP', 'IOP'"),
    NaiveDateTimeError: NaiveDateTimeError(
        "start", pendulum.naive(2024, 1, 1), allowed="an aware datetime"
    ),
    IopcoreErrorGroup: IopcoreErrorGroup(
        "2 problems in Session",
        [
            InvalidTypeError("$.end", None, allowed="a datetime"),
            UnknownCodeError("$.x", 1, allowed="y"),
        ],
    ),
    RulesetInvariantError: RulesetInvariantError("soundness", "mine 1.0 abc", "the level fell"),
}


def test_every_public_error_type_has_an_example():
    errors = {cls for cls in public_classes() if issubclass(cls, BaseException)}
    assert errors == set(ERRORS)


@pytest.mark.parametrize("error", ERRORS.values(), ids=lambda error: type(error).__name__)
def test_errors_pickle_with_their_fields(error):
    copy = copied(error)
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    fields = ("field", "allowed", "reason", "sensitive", "invariant", "ruleset", "detail")
    for name in fields:
        assert getattr(copy, name, None) == getattr(error, name, None)
    if isinstance(error, IopcoreErrorGroup):
        assert [str(inner) for inner in copy.exceptions] == [
            str(inner) for inner in error.exceptions
        ]


FUNCTIONS = [
    (name, value)
    for name, value in _public_objects()
    if isinstance(value, types.FunctionType | types.MethodType)
]


@pytest.mark.parametrize(("name", "function"), FUNCTIONS, ids=[name for name, _ in FUNCTIONS])
def test_public_functions_unpickle_as_themselves(name, function):
    """What a worker process is told to call (cohort.map(recommend_level, ...))."""
    assert copied(function) is function, name


CONSTANTS = [
    (name, value)
    for name, value in _public_objects()
    if not isinstance(value, type | types.FunctionType | types.MethodType | types.ModuleType)
]


@pytest.mark.parametrize(("name", "constant"), CONSTANTS, ids=[name for name, _ in CONSTANTS])
def test_public_constants_pickle_equal(name, constant):
    """Constants pickle equal; a read-only table's contents do.

    A ``MappingProxyType`` cannot be pickled at all (a Python limitation); a worker
    reaches such a table by importing it, and what it holds pickles.
    """
    if isinstance(constant, types.MappingProxyType):
        assert copied(dict(constant)) == dict(constant), name
    else:
        assert copied(constant) == constant, name


def test_the_walk_finds_what_it_should():
    """The lists above are not empty by accident."""
    names = {name for name, _ in FUNCTIONS}
    assert {"iopcore.placement.recommend_level", "iopcore.serialize.to_json"} <= names
    assert "iopcore.rulesets.reference.RULESET" in {name for name, _ in CONSTANTS}
    assert len(ENUMS) >= 15


def test_a_calendar_pickled_before_sessions_was_a_package_loads():
    """An older pickle names ``iopcore.sessions._calendar`` as the rebuilding function."""
    written = (
        b"\x80\x04\x95r\x00\x00\x00\x00\x00\x00\x00\x8c\x10iopcore.sessions\x94\x8c\t_calendar"
        b"\x94\x93\x94(\x8c\x0fAmerica/Chicago\x94K\x00]\x94(K\x00K\x01K\x02K\x03K\x04e]\x94"
        b"\x8c\rpendulum.date\x94\x8c\x04Date\x94\x93\x94C\x04\x07\xe8\x07\x04\x94\x85\x94R"
        b"\x94a}\x94t\x94R\x94."
    )
    assert pickle.loads(written) == ProgramCalendar(
        tz="America/Chicago", closures=[pendulum.date(2024, 7, 4)]
    )
