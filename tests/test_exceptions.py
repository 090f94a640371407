import pickle

import pytest

from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)


@pytest.mark.parametrize(
    ("error_type", "builtin"),
    [
        (InvalidValueError, ValueError),
        (InvalidTypeError, TypeError),
        (UnknownCodeError, LookupError),
        (NaiveDateTimeError, ValueError),
    ],
)
def test_each_error_is_also_its_builtin(error_type, builtin):
    error = error_type("field", 3, allowed="something")
    assert isinstance(error, IopcoreError)
    assert isinstance(error, builtin)


def test_message_names_field_value_repr_and_allowed():
    error = InvalidValueError("$.sessions[3].end", "soon", allowed="an aware datetime")
    assert str(error) == "$.sessions[3].end: 'soon' is not allowed; allowed: an aware datetime"
    assert (error.field, error.value, error.allowed) == (
        "$.sessions[3].end",
        "soon",
        "an aware datetime",
    )


def test_reason_replaces_the_generic_wording():
    error = InvalidValueError("age", -1, allowed="0 or more", reason="is negative")
    assert str(error) == "age: -1 is negative; allowed: 0 or more"


def test_long_values_are_cut():
    error = InvalidValueError("id", "x" * 1000, allowed="short")
    assert len(str(error)) < 150
    assert "..." in str(error)


def test_sensitive_value_is_never_shown():
    error = InvalidValueError("birth_date", "1990-05-17", allowed="a date", sensitive=True)
    assert "1990" not in str(error)
    assert "1990" not in repr(error)
    assert "<str, not shown>" in str(error)
    assert error.value == "1990-05-17"


def test_broken_repr_does_not_hide_the_error():
    class Broken:
        def __repr__(self):
            raise RuntimeError

    assert "<Broken object>" in str(InvalidValueError("x", Broken(), allowed="y"))


@pytest.mark.parametrize(
    "error_type", [InvalidValueError, InvalidTypeError, UnknownCodeError, NaiveDateTimeError]
)
def test_errors_pickle_with_their_fields(error_type):
    error = error_type("f", [1, 2], allowed="a", reason="is odd", sensitive=True)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is error_type
    assert (copy.field, copy.value, copy.allowed, copy.reason, copy.sensitive) == (
        "f",
        [1, 2],
        "a",
        "is odd",
        True,
    )
    assert str(copy) == str(error)


def test_group_is_an_exception_group_and_an_iopcore_error():
    members = [
        InvalidValueError("$.a", 1, allowed="2"),
        UnknownCodeError("$.b[0]", "x", allowed="y"),
    ]
    group = IopcoreErrorGroup("2 problems", members)
    assert isinstance(group, ExceptionGroup)
    assert isinstance(group, IopcoreError)
    copy = pickle.loads(pickle.dumps(group))
    assert type(copy) is IopcoreErrorGroup
    assert [member.field for member in copy.exceptions] == ["$.a", "$.b[0]"]


def test_group_keeps_its_type_when_split():
    group = IopcoreErrorGroup(
        "2 problems",
        [InvalidValueError("$.a", 1, allowed="2"), UnknownCodeError("$.b", "x", allowed="y")],
    )
    values, rest = group.split(ValueError)
    assert type(values) is IopcoreErrorGroup
    assert [member.field for member in values.exceptions] == ["$.a"]
    assert [member.field for member in rest.exceptions] == ["$.b"]
