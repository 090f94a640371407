"""Dict and JSON forms of iopcore values, for storage and exchange.

:func:`to_dict` turns a value into plain types (``str``, ``int``, ``float``, ``bool``,
``None``, ``list``, ``dict``) with a ``schema_version`` key; :func:`from_dict` checks
and rebuilds it. :func:`to_json` and :func:`from_json` do the same through JSON text.

Encodings:

* dates: ISO 8601 (``"2024-02-29"``);
* datetimes: ISO 8601 with the UTC offset, followed by the IANA zone name in brackets
  when there is one (``"2024-03-10T09:00:00-04:00[America/New_York]"``, as in
  RFC 9557), so the time zone survives the round trip;
* times of day (no zone): ISO 8601 (``"09:30:00"``);
* durations: ISO 8601 seconds (``"PT5400S"``);
* time zones: the IANA name;
* enums: their value (``"IOP"``, ``"depression"``);
* sets: sorted lists, and mappings: objects with their keys sorted, so the same
  value always gives the same text;
* a date in a field that may also hold text (the values of tidy records):
  ``{"date": "2026-03-02"}``, so that it is not read back as a string;
* named tuples, and :class:`~iopcore.intensity.WeeklyCompliance`
  (``participant_id``, ``requirement``, ``weeks``): objects keyed by field.

Every public value type round-trips: ``from_json(to_json(x), type(x)) == x``, and
the keys come in a stable order, ``schema_version`` first, then the fields in the
order the class declares them.

Bad input raises iopcore errors whose ``field`` is a path into the data, such as
``$.conditions[2]``; several problems come together as one
:class:`~iopcore.exceptions.IopcoreErrorGroup`.

>>> import pendulum
>>> from iopcore import Participant
>>> person = Participant(id="p-1", birth_date=pendulum.date(1990, 5, 17), conditions=["ocd"])
>>> text = to_json(person)
>>> text
'{"schema_version": 1, "id": "p-1", "birth_date": "1990-05-17", "conditions": ["ocd"], "sex": null}'
>>> from_json(text, Participant) == person
True
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import functools
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.cols import (
    is_mapping,
    is_namedtuple,
    list_structure_factory,
    mapping_unstructure_factory,
    namedtuple_dict_structure_factory,
    namedtuple_dict_unstructure_factory,
)
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn, override

from iopcore._validation import (
    ErrorCollector,
    to_aware_datetime,
    to_date,
    to_int,
    to_member,
    to_number,
    to_timezone,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)

__all__ = ["SCHEMA_VERSION", "from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")

#: Version of the dict/JSON layout written by :func:`to_dict`; bumped on any change
#: that an older reader could misread.
SCHEMA_VERSION: Final = 1

_SCHEMA_KEY: Final = "schema_version"
#: The ``field`` of an error raised by a structure hook: "the value at this path".
HERE: Final = "$"
_DURATION: Final = re.compile(r"(-?)PT(\d+(?:\.\d+)?)S")
_ZONE_SUFFIX: Final = re.compile(r"^(?P<stamp>[^\[\]]+)(?:\[(?P<zone>[^\[\]]+)\])?$")


def _datetime_to_text(value: pendulum.DateTime) -> str:
    stamp = value.isoformat()
    zone = getattr(value.tzinfo, "name", None)
    if isinstance(value.tzinfo, pendulum.Timezone) and zone:
        return f"{stamp}[{zone}]"
    return stamp


def _text_to_datetime(value: object, _: object) -> pendulum.DateTime:
    allowed = "an ISO 8601 datetime with an offset, optionally followed by [Zone/Name]"
    if isinstance(value, dt.datetime):
        return to_aware_datetime(value, field=HERE)
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed=allowed)
    match = _ZONE_SUFFIX.match(value.strip())
    try:
        parsed = dt.datetime.fromisoformat(match["stamp"]) if match else None
    except ValueError:
        parsed = None
    if match is None or parsed is None or parsed.tzinfo is None:
        raise InvalidValueError(HERE, value, allowed=allowed)
    if not match["zone"]:
        return to_aware_datetime(parsed, field=HERE)
    zone = _named_zone(match["zone"])
    try:
        local = parsed.astimezone(zone)
    except OverflowError:
        reason = "is too near either end of the calendar to be placed in its zone"
        raise InvalidValueError(HERE, value, allowed=allowed, reason=reason) from None
    if local.utcoffset() != parsed.utcoffset():
        reason = "has an offset that its zone does not have at that time"
        raise InvalidValueError(HERE, value, allowed=allowed, reason=reason)
    # Built directly from the fields (fold included): pendulum.instance would look the
    # zone up again, and a cohort's records hold two datetimes per session.
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=zone,
        fold=local.fold,
    )


@functools.lru_cache(maxsize=1024)
def _named_zone(name: str) -> pendulum.Timezone:
    """The zone of an IANA name, looked up once per name (an unknown one is not kept)."""
    return to_timezone(name, field=HERE)


def _text_to_date(value: object, _: object) -> pendulum.Date:
    allowed = "an ISO 8601 date such as '2024-02-29'"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return to_date(value, field=HERE)
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed=allowed)
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValueError(HERE, value, allowed=allowed) from None
    return pendulum.Date(parsed.year, parsed.month, parsed.day)


def _text_to_time(value: object, _: object) -> pendulum.Time:
    allowed = "an ISO 8601 time of day without an offset, such as '09:30:00'"
    if isinstance(value, dt.time) and value.tzinfo is None:
        return pendulum.Time(value.hour, value.minute, value.second, value.microsecond)
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed=allowed)
    try:
        parsed = dt.time.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValueError(HERE, value, allowed=allowed) from None
    if parsed.tzinfo is not None:
        raise InvalidValueError(HERE, value, allowed=allowed, reason="has an offset")
    return pendulum.Time(parsed.hour, parsed.minute, parsed.second, parsed.microsecond)


def _duration_to_text(value: pendulum.Duration) -> str:
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    text = f"{abs(seconds):.6f}".rstrip("0").rstrip(".")
    return f"{sign}PT{text}S"


def _text_to_duration(value: object, _: object) -> pendulum.Duration:
    allowed = "an ISO 8601 duration in seconds such as 'PT5400S'"
    if isinstance(value, pendulum.Duration):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed=allowed)
    match = _DURATION.fullmatch(value.strip())
    if match is None:
        raise InvalidValueError(HERE, value, allowed=allowed)
    seconds = float(match[2])
    return pendulum.duration(seconds=-seconds if match[1] else seconds)


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed="a string")
    return value


def _structure_int(value: object, _: object) -> int:
    return to_int(value, field=HERE)


def _structure_float(value: object, _: object) -> float:
    # A whole number stays an int (a float field may hold one, as Python's typing
    # allows), so that the value written back gives the same text.
    number = to_number(value, field=HERE)
    return value if type(value) is int else number


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(HERE, value, allowed="true or false")
    return value


#: The JSON scalar types, by the name an error shows for each.
_SCALARS: Final[Mapping[type, str]] = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    type(None): "null",
}


#: The key of a date written inside a union of scalars: ``{"date": "2026-03-02"}``.
_DATE_KEY: Final = "date"


def _is_scalar_union(cls: object) -> bool:
    """A union of JSON scalars and dates, such as ``int | float | str | bool | None``.

    Found on the ``observed`` values of findings (what a rule saw, as it was) and on
    the values of tidy records.
    """
    args = typing.get_args(cls)
    if typing.get_origin(cls) not in (typing.Union, types.UnionType):
        return False
    dates = [arg for arg in args if arg in (dt.date, pendulum.Date)]
    known = all(arg in _SCALARS or arg in dates for arg in args)
    # Two scalar types (``X | None``) cattrs reads by itself.
    return known and (len(args) > 2 or bool(dates))


def _is_optional(cls: object) -> bool:
    """``X | None`` for one type ``X`` (a union of scalars has its own hook)."""
    args = typing.get_args(cls)
    return (
        typing.get_origin(cls) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
        and not _is_scalar_union(cls)
    )


def _optional_hook(converter: cattrs.Converter, cls: object) -> Callable[[object, object], object]:
    """``None`` as it is, anything else through the hook of ``X``, looked up once.

    cattrs' own ``Optional`` hook looks the inner hook up again for every value, a
    cost paid for every optional field of every record read.
    """
    (inner,) = [arg for arg in typing.get_args(cls) if arg is not type(None)]
    hook = converter.get_structure_hook(inner)

    def structure(value: object, _: object) -> object:
        return None if value is None else hook(value, inner)

    return structure


def _unstructure_scalar_union(value: object) -> object:
    """A scalar as it is; a date as ``{"date": ISO text}``, told apart from a string."""
    if isinstance(value, dt.date):
        return {_DATE_KEY: value.isoformat()}
    return value


def _scalar_union_hook(cls: object) -> Callable[[object, object], object]:
    """Take a JSON scalar of one of the union's types as it is (JSON keeps them apart).

    ``bool`` is never read as a number; an integer stands for a float only when the
    union has no ``int``; a date comes as ``{"date": ISO text}`` and is read back as
    the union's date type.
    """
    accepted = typing.get_args(cls)
    date_type = next((arg for arg in accepted if arg in (dt.date, pendulum.Date)), None)
    shown = [_SCALARS.get(arg, f'{{"{_DATE_KEY}": an ISO 8601 date}}') for arg in accepted]
    allowed = " or ".join(shown)

    def structure(value: object, _: object) -> object:
        kind = type(value)
        if kind in _SCALARS and kind in accepted:
            return value
        if kind is int and float in accepted:
            return float(typing.cast("int", value))
        if date_type is not None and isinstance(value, Mapping) and list(value) == [_DATE_KEY]:
            try:
                day = _text_to_date(value[_DATE_KEY], None)
            except IopcoreError as error:
                raise _relocated(error, f"{HERE}.{_DATE_KEY}", sensitive=False) from None
            return day if date_type is pendulum.Date else dt.date(day.year, day.month, day.day)
        raise InvalidTypeError(HERE, value, allowed=allowed)

    return structure


def _structure_enum(value: object, enum_type: type[enum.Enum]) -> enum.Enum:
    return to_member(enum_type, value, field=HERE)


def _sorted_list(converter: cattrs.Converter, values: frozenset[Any]) -> list[Any]:
    items = [converter.unstructure(item) for item in values]
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _is_set(cls: object) -> bool:
    """Whether ``cls`` is ``frozenset``/``set``, bare or parametrised."""
    origin: object = typing.get_origin(cls) or cls
    return origin in (frozenset, set)


def _is_collection(cls: object) -> bool:
    """Whether ``cls`` is a set type or a homogeneous ``tuple[X, ...]``."""
    args = typing.get_args(cls)
    homogeneous_tuple = typing.get_origin(cls) is tuple and args[1:] == (Ellipsis,)
    return _is_set(cls) or homogeneous_tuple


def _collection_hook(
    converter: cattrs.Converter, cls: object
) -> Callable[[object, object], object]:
    """Structure ``frozenset[X]`` and ``tuple[X, ...]`` from a JSON array only.

    cattrs would iterate a string character by character; a string where a list is
    meant is a type error here.
    """
    args = typing.get_args(cls)
    list_type: Any = list[args[0] if args else Any]  # type: ignore[misc]
    as_list = list_structure_factory(list_type, converter)
    build: Callable[[list[object]], object] = frozenset if _is_set(cls) else tuple

    def structure(value: object, _: object) -> object:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise InvalidTypeError(HERE, value, allowed="a list")
        return build(as_list(value, list_type))

    return structure


def _is_fixed_tuple(cls: object) -> bool:
    """Whether ``cls`` is a tuple of a fixed length, such as ``tuple[str, str, str]``."""
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and bool(args) and Ellipsis not in args


def _fixed_tuple_hook(
    converter: cattrs.Converter, cls: object
) -> Callable[[object, object], object]:
    """Structure ``tuple[A, B, ...]`` from a JSON array of exactly that many items."""
    args = typing.get_args(cls)
    allowed = f"a list of {len(args)} items"

    def structure(value: object, _: object) -> object:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise InvalidTypeError(HERE, value, allowed=allowed)
        items = list(value)
        if len(items) != len(args):
            raise InvalidValueError(HERE, value, allowed=allowed, reason="has another length")
        found: list[object] = []
        problems: list[Exception] = []
        for index, (item, item_type) in enumerate(zip(items, args, strict=True)):
            try:
                found.append(converter.structure(item, item_type))
            except Exception as error:  # noqa: BLE001 - each is reported with its index
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"Structuring {cls} @ index {index}", index, item_type),
                ]
                problems.append(error)
        if problems:
            raise IterableValidationError(f"While structuring {cls}", problems, cls)  # type: ignore[arg-type]
        return tuple(found)

    return structure


_KIND_KEY: Final = "kind"


def _is_polymorphic_base(cls: object) -> bool:
    """A base class whose subclasses are told apart by their ``KIND`` tag.

    Such a base (for example :class:`iopcore.rules.Predicate`) has an empty ``KIND``
    and a ``kinds()`` classmethod mapping each subclass's tag to the subclass.
    """
    return isinstance(cls, type) and hasattr(cls, "kinds") and getattr(cls, "KIND", None) == ""


def _unstructure_polymorphic(converter: cattrs.Converter, value: object) -> dict[str, Any]:
    kind = getattr(value, "KIND", "")
    if not kind or not attrs.has(type(value)):
        allowed = "an attrs class with a non-empty KIND tag (see iopcore.rules.Predicate)"
        raise InvalidTypeError(HERE, value, allowed=allowed, reason="cannot be stored")
    fields: dict[str, Any] = converter.unstructure(value, unstructure_as=type(value))
    return {_KIND_KEY: kind, **fields}


def _polymorphic_hook(
    converter: cattrs.Converter, base: object
) -> Callable[[object, object], object]:
    def structure(value: object, _: object) -> object:
        kinds: Mapping[str, type] = getattr(base, "kinds")()  # noqa: B009 - any such base
        allowed = ", ".join(sorted(kinds))
        if not isinstance(value, Mapping):
            raise InvalidTypeError(HERE, value, allowed=f"a mapping with a '{_KIND_KEY}' key")
        body = dict(value)
        kind = body.pop(_KIND_KEY, None)
        if not isinstance(kind, str) or kind not in kinds:
            raise UnknownCodeError(f"$.{_KIND_KEY}", kind, allowed=allowed)
        return converter.structure(body, kinds[kind])

    return structure


def _sorted_mapping_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any], dict[Any, Any]]:  # noqa: ANN401 - any mapping type
    """Unstructure a mapping with its keys in sorted order, so equal values give equal text."""
    unstructure = mapping_unstructure_factory(cls, converter, unstructure_to=dict)

    def sorted_items(value: Mapping[Any, Any]) -> dict[Any, Any]:
        items = unstructure(value).items()
        return dict(sorted(items, key=lambda item: json.dumps(item[0], sort_keys=True)))

    return sorted_items


def _omits_defaults(cls: object) -> bool:
    """An attrs class with a field marked ``omit_if_default`` in its metadata."""
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and any(field.metadata.get("omit_if_default") for field in attrs.fields(cls))
    )


def _omitting_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any], dict[str, Any]]:  # noqa: ANN401 - any attrs class
    """Unstructure ``cls`` leaving out the marked fields while they hold their default."""
    marked = {
        field.name: override(omit_if_default=True)
        for field in attrs.fields(cls)
        if field.metadata.get("omit_if_default")
    }
    make: Any = make_dict_unstructure_fn  # its per-field **overrides defeat the stubs
    hook: Callable[[Any], dict[str, Any]] = make(cls, converter, **marked)
    return hook


def _has_form(cls: object) -> bool:
    """An iopcore value that is not an attrs class but says its dict form.

    Such a type (:class:`~iopcore.intensity.WeeklyCompliance`, a tuple of weeks with
    two attributes) has an attrs class ``Form`` whose fields are the dict's keys (so
    cattrs checks the data and names the path of every problem), a ``to_form()``
    method and a ``from_form(form)`` class method.
    """
    if not isinstance(cls, type) or not cls.__module__.startswith("iopcore."):
        return False
    form = getattr(cls, "Form", None)
    return (
        isinstance(form, type)
        and attrs.has(form)
        and hasattr(cls, "to_form")
        and hasattr(cls, "from_form")
    )


def _is_named_tuple(cls: object) -> bool:
    """A named tuple of iopcore's own, such as :class:`iopcore.levels.CrosswalkRow`."""
    return isinstance(cls, type) and cls.__module__.startswith("iopcore.") and is_namedtuple(cls)


def _is_value_type(cls: object) -> bool:
    """An iopcore value type that :func:`to_dict` and :func:`from_dict` take."""
    if not isinstance(cls, type) or not cls.__module__.startswith("iopcore."):
        return False
    return attrs.has(cls) or _is_named_tuple(cls) or _has_form(cls)


@functools.cache
def _converter() -> cattrs.Converter:
    """Build the converter once, on first use (not at import)."""
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        # The dict form is JSON's: every tuple is written as a list, as the docs promise.
        unstruct_collection_overrides={tuple: list},
    )
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_unstructure_hook(pendulum.DateTime, _datetime_to_text)
    converter.register_structure_hook(pendulum.DateTime, _text_to_datetime)
    converter.register_unstructure_hook(pendulum.Date, lambda value: value.isoformat())
    converter.register_structure_hook(pendulum.Date, _text_to_date)
    converter.register_unstructure_hook(pendulum.Time, lambda value: value.isoformat())
    converter.register_structure_hook(pendulum.Time, _text_to_time)
    converter.register_unstructure_hook(pendulum.Duration, _duration_to_text)
    converter.register_structure_hook(pendulum.Duration, _text_to_duration)
    converter.register_unstructure_hook(pendulum.Timezone, lambda value: value.name)
    converter.register_structure_hook(
        pendulum.Timezone, lambda value, _: to_timezone(value, field=HERE)
    )
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum),
        lambda member: member.value,
    )
    converter.register_structure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _structure_enum
    )
    converter.register_structure_hook_factory(_is_scalar_union, _scalar_union_hook)
    converter.register_structure_hook_factory(
        _is_optional, functools.partial(_optional_hook, converter)
    )
    converter.register_unstructure_hook_func(_is_scalar_union, _unstructure_scalar_union)
    converter.register_unstructure_hook_func(_is_set, functools.partial(_sorted_list, converter))
    converter.register_structure_hook_factory(
        _is_collection, functools.partial(_collection_hook, converter)
    )
    converter.register_structure_hook_factory(
        _is_fixed_tuple, functools.partial(_fixed_tuple_hook, converter)
    )
    converter.register_unstructure_hook_func(
        _is_polymorphic_base, functools.partial(_unstructure_polymorphic, converter)
    )
    converter.register_structure_hook_factory(
        _is_polymorphic_base, functools.partial(_polymorphic_hook, converter)
    )
    converter.register_unstructure_hook_factory(
        _omits_defaults, functools.partial(_omitting_hook, converter)
    )
    converter.register_unstructure_hook_factory(
        is_mapping, functools.partial(_sorted_mapping_hook, converter)
    )
    # Named tuples as objects keyed by field name, like attrs classes (not as arrays).
    converter.register_unstructure_hook_factory(
        _is_named_tuple,
        lambda cls: namedtuple_dict_unstructure_factory(cls, converter),
    )
    converter.register_structure_hook_factory(
        _is_named_tuple,
        lambda cls: namedtuple_dict_structure_factory(cls, converter, "from_converter", True),  # noqa: FBT003 - the factory's positional-only forbid_extra_keys
    )
    # Last, so that they come before the collection hooks (a form type is a tuple).
    converter.register_unstructure_hook_factory(
        _has_form, functools.partial(_unstructure_as_form, converter)
    )
    converter.register_structure_hook_factory(
        _has_form, functools.partial(_structure_from_form, converter)
    )
    return converter


def _unstructure_as_form(converter: cattrs.Converter, cls: Any) -> Callable[[Any], object]:  # noqa: ANN401 - a type with a Form (see _has_form)
    form = cls.Form

    def unstructure(value: Any) -> object:  # noqa: ANN401 - an instance of cls
        return converter.unstructure(value.to_form(), unstructure_as=form)

    return unstructure


def _structure_from_form(
    converter: cattrs.Converter,
    cls: Any,  # noqa: ANN401 - a type with a Form (see _has_form)
) -> Callable[[object, object], object]:
    form = cls.Form

    def structure(value: object, _: object) -> object:
        return cls.from_form(converter.structure(value, form))

    return structure


def to_dict(value: object) -> dict[str, Any]:
    """Return an iopcore value as a dict of plain types, with ``schema_version`` first.

    Raises:
        InvalidTypeError: ``value`` is not an iopcore value type.

    >>> from iopcore import Participant
    >>> import pendulum
    >>> to_dict(Participant(id="p-1", birth_date=pendulum.date(2001, 1, 2)))
    {'schema_version': 1, 'id': 'p-1', 'birth_date': '2001-01-02', 'conditions': [], 'sex': None}
    """
    if not _is_value_type(type(value)):
        raise InvalidTypeError("value", value, allowed="an instance of an iopcore value type")
    body: dict[str, Any] = _converter().unstructure(value)
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
    if not _is_value_type(cls):
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
            allowed = ", ".join(_field_names(cls))
            raise UnknownCodeError("$", key, allowed=allowed, reason="is not a field name")
    version = body.pop(_SCHEMA_KEY, SCHEMA_VERSION)
    if type(version) is not int or version != SCHEMA_VERSION:
        # Exactly the integer: 1.0, "1" and True are not the version to_dict writes.
        raise UnknownCodeError(f"$.{_SCHEMA_KEY}", version, allowed=repr(SCHEMA_VERSION))
    try:
        return _converter().structure(body, cls)
    except (IopcoreError, ClassValidationError, IterableValidationError) as error:
        collector = ErrorCollector(cls.__name__)
        collector.errors.extend(_located(error, "$", given=body))
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


def _join(path: str, field: str) -> str:
    """Append an error's own ``field`` to the path of the object that raised it."""
    if field.startswith("$"):
        return path + field[1:]
    return f"{path}.{field}"


def _field_names(cls: type) -> tuple[str, ...]:
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


def _located(
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
            for member in _located(inner, path, sensitive=sensitive, expected=expected, given=given)
        ]
    if isinstance(error, IopcoreError):
        return [_relocated(error, _join(path, error.field), sensitive=sensitive)]
    if isinstance(error, ForbiddenExtraKeysError):
        allowed = ", ".join(_field_names(error.cl))
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
                    _located(member, where, sensitive=sensitive, expected=kind, given=inner)
                )
            else:
                hidden = sensitive or _is_sensitive(getattr(error, "cl", None), note.name)
                where = f"{path}.{note.name}"
                inner = given.get(note.name) if isinstance(given, Mapping) else None
                found.extend(_located(member, where, sensitive=hidden, expected=kind, given=inner))
        for member in without_notes:
            found.extend(
                _located(member, path, sensitive=sensitive, expected=expected, given=given)
            )
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


def _relocated(error: IopcoreError, field: str, *, sensitive: bool) -> IopcoreError:
    hidden = sensitive or error.sensitive
    if field == error.field and hidden == error.sensitive:
        return error
    return type(error)(
        field, error.value, allowed=error.allowed, reason=error.reason, sensitive=hidden
    )
