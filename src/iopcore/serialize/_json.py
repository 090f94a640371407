"""Dicts and JSON text: writing iopcore values, and reading them back with their checks.

:func:`to_dict` and :func:`to_json` write a value with its ``schema_version``;
:func:`from_dict` and :func:`from_json` check the version, the keys (no unknown key,
no key given twice) and every field, and raise all the problems found together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from cattrs.errors import ClassValidationError, IterableValidationError

from iopcore._validation import ErrorCollector
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    UnknownCodeError,
)
from iopcore.serialize._converter import is_value_type, json_converter
from iopcore.serialize._paths import field_names, located

__all__ = ["SCHEMA_VERSION", "from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")

#: Version of the dict/JSON layout written by :func:`to_dict`; bumped on any change
#: that an older reader could misread.
SCHEMA_VERSION: Final = 1

_SCHEMA_KEY: Final = "schema_version"


def to_dict(value: object) -> dict[str, Any]:
    """Return an iopcore value as a dict of plain types, with ``schema_version`` first.

    Raises:
        InvalidTypeError: ``value`` is not an iopcore value type.

    >>> from iopcore import Participant
    >>> import pendulum
    >>> to_dict(Participant(id="p-1", birth_date=pendulum.date(2001, 1, 2)))
    {'schema_version': 1, 'id': 'p-1', 'birth_date': '2001-01-02', 'conditions': [], 'sex': None}
    """
    if not is_value_type(type(value)):
        raise InvalidTypeError("value", value, allowed="an instance of an iopcore value type")
    body: dict[str, Any] = json_converter().unstructure(value)
    return {_SCHEMA_KEY: SCHEMA_VERSION, **body}


def from_dict(data: Mapping[str, Any], cls: type[T]) -> T:
    """Rebuild a value of type ``cls`` from the dict that :func:`to_dict` gave.

    A missing ``schema_version`` is read as the current one (an app may build the dict
    from its own rows); one that is there must be exactly the integer
    :data:`SCHEMA_VERSION` (``1.0``, ``"1"`` or ``True`` are refused). Unknown keys are
    refused, so a misspelt field is not silently dropped.

    Raises:
        InvalidTypeError: ``data`` is not a mapping, or a field has the wrong type.
        InvalidValueError: a field is missing or out of range.
        UnknownCodeError: an unknown key, code or schema version.
        IopcoreErrorGroup: several of the above, each with its path.
    """
    if not is_value_type(cls):
        raise InvalidTypeError("cls", cls, allowed="an iopcore value type")
    if not isinstance(data, Mapping):
        # The value itself may be a record's text or a list of them: name only its type.
        raise InvalidTypeError(
            "$", data, allowed="a mapping (dict) of field names to values", sensitive=True
        )
    keys: list[object] = list(data)  # typed as text, but a caller's dict may hold anything
    body = dict(data)
    for key in keys:
        if not isinstance(key, str):
            # cattrs would fail on a key it cannot join into a path; a non-text key is no field.
            allowed = ", ".join(field_names(cls))
            raise UnknownCodeError("$", key, allowed=allowed, reason="is not a field name")
    version = body.pop(_SCHEMA_KEY, SCHEMA_VERSION)
    if type(version) is not int or version != SCHEMA_VERSION:
        # Exactly the integer: 1.0, "1" and True are not the version to_dict writes.
        raise UnknownCodeError(f"$.{_SCHEMA_KEY}", version, allowed=repr(SCHEMA_VERSION))
    try:
        return json_converter().structure(body, cls)
    except (IopcoreError, ClassValidationError, IterableValidationError) as error:
        collector = ErrorCollector(cls.__name__)
        collector.errors.extend(located(error, "$", given=body))
        collector.raise_if_any()
        raise  # pragma: no cover - raise_if_any always raises for a non-empty list


def to_json(value: object) -> str:
    """Return :func:`to_dict` of ``value`` as JSON text (UTF-8 safe, ASCII only)."""
    return json.dumps(to_dict(value), allow_nan=False)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Rebuild a value of type ``cls`` from JSON text that :func:`to_json` gave.

    Raises:
        InvalidValueError: ``text`` is not valid JSON (the error names line and column),
            or an object in it gives a key twice (JSON readers differ on which one wins).
        InvalidTypeError: ``text`` is not ``str`` or ``bytes``.
        IopcoreError: as :func:`from_dict`, except that a missing ``schema_version``
            is an :class:`~iopcore.exceptions.InvalidValueError` here (text that
            :func:`to_json` wrote always has it).
    """
    if not isinstance(text, str | bytes | bytearray):
        # A dict given by mistake may hold a birth date: the message names its type only.
        raise InvalidTypeError("text", text, allowed="JSON text as str or bytes", sensitive=True)
    try:
        data = json.loads(text, object_pairs_hook=_object_without_repeats)
    except IopcoreError:
        raise
    except (ValueError, RecursionError) as error:
        line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
        where = f"at line {line} column {column}" if line is not None else ""
        reason = f"is not valid JSON {where}".rstrip()
        # The text may hold a birth date or free text: the message names only its type.
        raise InvalidValueError(
            "text", text, allowed="JSON text", reason=reason, sensitive=True
        ) from None
    if isinstance(data, dict) and _SCHEMA_KEY not in data:
        # Stored text is what to_json wrote, which always names its layout: text without
        # it may be of another layout, and is not guessed at.
        raise InvalidValueError(
            f"$.{_SCHEMA_KEY}", None, allowed=repr(SCHEMA_VERSION), reason="is missing"
        )
    return from_dict(data, cls)


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (``json`` keeps the last)."""
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise InvalidValueError(
                "text",
                key,
                allowed="JSON objects whose keys are all different",
                reason="is a key given twice in one object",
            )
        seen.add(key)
    raise AssertionError  # pragma: no cover - fewer keys than pairs means one repeats
