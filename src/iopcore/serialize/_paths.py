"""Paths and messages: cattrs' validation errors as iopcore errors that say where.

An error found while reading a value names a path into the data, such as
``$.conditions[2]``; this module joins those paths, flattens cattrs' tree of errors
into iopcore errors that carry them, and words what a field expects when the error
is not iopcore's own.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from collections.abc import Mapping
from typing import Final

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)

__all__ = ["HERE", "field_names", "located", "relocated"]

#: The ``field`` of an error raised by a structure hook: "the value at this path".
HERE: Final = "$"


def _join(path: str, field: str) -> str:
    """Append an error's own ``field`` to the path of the object that raised it."""
    if field.startswith("$"):
        return path + field[1:]
    return f"{path}.{field}"


def field_names(cls: type) -> tuple[str, ...]:
    """The keys the dict form of ``cls`` has (an attrs class or a named tuple)."""
    if attrs.has(cls):
        return tuple(field.name for field in attrs.fields(cls) if field.init)
    return tuple(getattr(cls, "_fields", ()))


def _is_sensitive(cls: object, name: str) -> bool:
    """Whether attribute ``name`` of ``cls`` holds data that must not be shown."""
    if not isinstance(cls, type) or not attrs.has(cls):
        return False
    field = getattr(attrs.fields(cls), name, None)
    return bool(field is not None and field.metadata.get("sensitive"))


def _kind_of(expected: object) -> str:
    """The JSON shape a declared type asks for, in words (for messages)."""
    origin = typing.get_origin(expected) or expected
    if origin is typing.Union or isinstance(expected, types.UnionType):
        kinds = [_kind_of(arg) for arg in typing.get_args(expected) if arg is not type(None)]
        return " or ".join(dict.fromkeys(kinds)) if kinds else "a value"
    shapes: tuple[tuple[type, str], ...] = (
        (bool, "true or false"),
        (str, "text"),
        (int, "a whole number"),
        (float, "a number"),
        (collections.abc.Mapping, "an object (a mapping of names to values)"),
        (tuple, "a list"),
        (list, "a list"),
        (collections.abc.Set, "a list"),
    )
    if isinstance(origin, type):
        for kind, words in shapes:
            if issubclass(origin, kind):
                return words
        if attrs.has(origin):
            return f"an object with the fields of {origin.__name__}"
        return f"a {origin.__name__} value"
    return "a value of the declared type"


def located(
    error: BaseException,
    path: str,
    *,
    sensitive: bool = False,
    expected: object = None,
    given: object = None,
) -> list[IopcoreError]:
    """Flatten a cattrs validation tree into iopcore errors that carry their paths.

    ``given`` is the input found at ``path`` and ``expected`` its declared type, when
    known: an error that is not iopcore's own (a list where a mapping belongs, say)
    is reported as that value not being the kind declared, never with Python's
    internal message.
    """
    if isinstance(error, IopcoreErrorGroup):
        return [
            member
            for inner in error.exceptions
            for member in located(inner, path, sensitive=sensitive, expected=expected, given=given)
        ]
    if isinstance(error, IopcoreError):
        return [relocated(error, _join(path, error.field), sensitive=sensitive)]
    if isinstance(error, ForbiddenExtraKeysError):
        allowed = ", ".join(field_names(error.cl))
        return [
            UnknownCodeError(_join(path, str(key)), key, allowed=allowed, reason="is not a field")
            for key in sorted(error.extra_fields, key=repr)
        ]
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without_notes = error.group_exceptions()
        found: list[IopcoreError] = []
        for member, note in with_notes:
            kind = getattr(note, "type", None)
            if isinstance(note, IterableValidationNote):
                index = note.index
                named = isinstance(index, str) and index.isidentifier()
                # A mapping key that is a name joins as a field does ($.scores.phq9).
                where = f"{path}.{index}" if named else f"{path}[{index!r}]"
                inner = _item(given, note.index)
                found.extend(
                    located(member, where, sensitive=sensitive, expected=kind, given=inner)
                )
            else:
                hidden = sensitive or _is_sensitive(getattr(error, "cl", None), note.name)
                where = f"{path}.{note.name}"
                inner = given.get(note.name) if isinstance(given, Mapping) else None
                found.extend(located(member, where, sensitive=hidden, expected=kind, given=inner))
        for member in without_notes:
            found.extend(located(member, path, sensitive=sensitive, expected=expected, given=given))
        return found
    if isinstance(error, KeyError):
        return [InvalidValueError(path, None, allowed="a value", reason="is missing")]
    # Python's own message ("'list' object has no attribute 'items'") is for
    # programmers: say which kind of value belongs here instead.
    kind = _kind_of(expected)
    return [
        InvalidTypeError(path, given, allowed=kind, reason=f"is not {kind}", sensitive=sensitive)
    ]


def _item(container: object, index: object) -> object:
    """``container[index]`` for a list or a mapping of the input, else ``None``."""
    if isinstance(container, Mapping):
        return container.get(index)
    if isinstance(container, list | tuple) and isinstance(index, int):
        return container[index] if -len(container) <= index < len(container) else None
    return None


def relocated(error: IopcoreError, field: str, *, sensitive: bool) -> IopcoreError:
    hidden = sensitive or error.sensitive
    if field == error.field and hidden == error.sensitive:
        return error
    return type(error)(
        field, error.value, allowed=error.allowed, reason=error.reason, sensitive=hidden
    )
