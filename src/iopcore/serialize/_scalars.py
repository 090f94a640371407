"""Scalars: the text forms of dates, times and durations, and the hooks that read scalars.

Each structure hook here reads one JSON scalar (or a union of them) into its Python
type and raises an iopcore error whose ``field`` is :data:`HERE` (the value itself);
the caller joins it into the path of the field that held the value.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Final

import pendulum

from iopcore._validation import (
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
)
from iopcore.serialize._paths import HERE, relocated

if typing.TYPE_CHECKING:
    import enum

    import cattrs

__all__ = [
    "datetime_to_text",
    "duration_to_text",
    "is_optional",
    "is_scalar_union",
    "optional_hook",
    "scalar_union_hook",
    "structure_bool",
    "structure_enum",
    "structure_float",
    "structure_int",
    "structure_str",
    "text_to_date",
    "text_to_datetime",
    "text_to_duration",
    "text_to_time",
    "unstructure_scalar_union",
]

_DURATION: Final = re.compile(r"(-?)PT(\d+(?:\.\d+)?)S")
_ZONE_SUFFIX: Final = re.compile(r"^(?P<stamp>[^\[\]]+)(?:\[(?P<zone>[^\[\]]+)\])?$")


def datetime_to_text(value: pendulum.DateTime) -> str:
    stamp = value.isoformat()
    zone = getattr(value.tzinfo, "name", None)
    if isinstance(value.tzinfo, pendulum.Timezone) and zone:
        return f"{stamp}[{zone}]"
    return stamp


def text_to_datetime(value: object, _: object) -> pendulum.DateTime:
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


def text_to_date(value: object, _: object) -> pendulum.Date:
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


def text_to_time(value: object, _: object) -> pendulum.Time:
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


def duration_to_text(value: pendulum.Duration) -> str:
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    text = f"{abs(seconds):.6f}".rstrip("0").rstrip(".")
    return f"{sign}PT{text}S"


def text_to_duration(value: object, _: object) -> pendulum.Duration:
    allowed = "an ISO 8601 duration in seconds such as 'PT5400S'"
    if isinstance(value, pendulum.Duration):
        return value
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed=allowed)
    match = _DURATION.fullmatch(value.strip())
    if match is None:
        raise InvalidValueError(HERE, value, allowed=allowed)
    seconds = float(match[2])
    try:
        return pendulum.duration(seconds=-seconds if match[1] else seconds)
    except OverflowError:  # beyond the 999,999,999 days a timedelta holds
        raise InvalidValueError(
            HERE, value, allowed=f"{allowed}, of at most 999999999 days", reason="is too long"
        ) from None


def structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(HERE, value, allowed="a string")
    return value


def structure_int(value: object, _: object) -> int:
    return to_int(value, field=HERE)


def structure_float(value: object, _: object) -> float:
    # A whole number stays an int (a float field may hold one, as Python's typing
    # allows), so that the value written back gives the same text.
    number = to_number(value, field=HERE)
    return value if type(value) is int else number


def structure_bool(value: object, _: object) -> bool:
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


def is_scalar_union(cls: object) -> bool:
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


def is_optional(cls: object) -> bool:
    """``X | None`` for one type ``X`` (a union of scalars has its own hook)."""
    args = typing.get_args(cls)
    return (
        typing.get_origin(cls) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
        and not is_scalar_union(cls)
    )


def optional_hook(converter: cattrs.Converter, cls: object) -> Callable[[object, object], object]:
    """``None`` as it is, anything else through the hook of ``X``, looked up once.

    cattrs' own ``Optional`` hook looks the inner hook up again for every value, a
    cost paid for every optional field of every record read.
    """
    (inner,) = [arg for arg in typing.get_args(cls) if arg is not type(None)]
    hook = converter.get_structure_hook(inner)

    def structure(value: object, _: object) -> object:
        return None if value is None else hook(value, inner)

    return structure


def unstructure_scalar_union(value: object) -> object:
    """A scalar as it is; a date as ``{"date": ISO text}``, told apart from a string."""
    if isinstance(value, dt.date):
        return {_DATE_KEY: value.isoformat()}
    return value


def scalar_union_hook(cls: object) -> Callable[[object, object], object]:
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
                day = text_to_date(value[_DATE_KEY], None)
            except IopcoreError as error:
                raise relocated(error, f"{HERE}.{_DATE_KEY}", sensitive=False) from None
            return day if date_type is pendulum.Date else dt.date(day.year, day.month, day.day)
        raise InvalidTypeError(HERE, value, allowed=allowed)

    return structure


def structure_enum(value: object, enum_type: type[enum.Enum]) -> enum.Enum:
    return to_member(enum_type, value, field=HERE)
