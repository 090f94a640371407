"""Input checks shared by every public type: one place that turns raw input into values.

Each ``to_*`` function either returns a clean value or raises an
:mod:`iopcore.exceptions` error that names the field, the value and what is allowed.

The values that tables hold are taken as the plain values they stand for (see
:mod:`iopcore._table_values`, no numpy or pandas import): an integer scalar
(``numpy.int64``, anything with ``__index__`` that is not a bool) is an ``int``, a
float scalar (``__float__``) a number, a numpy bool a ``bool``; ``None``, NaN,
``pandas.NA`` and ``NaT`` are missing, which a field that allows ``None`` takes as
``None``; a ``numpy.datetime64`` is a naive datetime, or a date when it holds a whole
day. What comes back is always a plain Python value, so nothing numpy reaches a result.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, TypeVar

import pendulum

from iopcore._table_values import (
    BOOL_TYPE_NAMES,
    bool_value,
    day_of_timestamp,
    int_value,
    is_datetime64,
    is_missing,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

#: Longest opaque identifier accepted; database keys and UUIDs fit easily.
MAX_IDENTIFIER_LENGTH: Final = 256


def to_bool(value: object, *, field: str, allowed: str = "True or False") -> bool:
    """Return ``value`` as a plain ``bool``; an int (even 0 or 1) is refused."""
    flag = bool_value(value)
    if flag is None:
        raise InvalidTypeError(field, value, allowed=allowed)
    return flag


def to_int(
    value: object,
    *,
    field: str,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """Return ``value`` as a plain ``int`` within bounds; ``bool`` and ``float`` are refused.

    Integer scalars such as ``numpy.int64`` are taken (see ``iopcore._table_values.int_value``).
    """
    number = int_value(value)
    if (
        number is not None
        and (minimum is None or number >= minimum)
        and (maximum is None or number <= maximum)
    ):
        return number
    if minimum is not None and maximum is not None:
        allowed = f"an int from {minimum} to {maximum}"
    elif minimum is not None:
        allowed = f"an int of at least {minimum}"
    elif maximum is not None:
        allowed = f"an int of at most {maximum}"
    else:
        allowed = "an int"
    if number is None:
        raise InvalidTypeError(field, value, allowed=allowed)
    raise InvalidValueError(field, value, allowed=allowed, reason="is out of range")


def _number_range(minimum: float | None, maximum: float | None) -> str:
    """The numbers allowed, in words: "a number from 0 to 10", "a number of at least 0"."""
    if minimum is not None and maximum is not None:
        return f"a number from {minimum:g} to {maximum:g}"
    if minimum is not None:
        return f"a number of at least {minimum:g}"
    if maximum is not None:
        return f"a number of at most {maximum:g}"
    return "a number (not infinite, not NaN)"


def _float_of(value: object, *, field: str, allowed: str) -> float:
    """``value`` as a float if it is a number (not a bool, not an array), else an error."""
    kind = type(value)
    whole = int_value(value)
    if whole is None and (
        kind.__name__ in BOOL_TYPE_NAMES
        or not hasattr(kind, "__float__")
        or getattr(value, "shape", ()) != ()
    ):
        raise InvalidTypeError(field, value, allowed=allowed)
    try:
        return float(value if whole is None else whole)  # type: ignore[arg-type]
    except OverflowError:
        raise InvalidValueError(field, value, allowed=allowed, reason="is too large") from None
    except Exception:  # noqa: BLE001 - a __float__ that fails (numpy.datetime64) means "not a number"
        raise InvalidTypeError(field, value, allowed=allowed) from None


def to_number(
    value: object,
    *,
    field: str,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a plain finite ``float`` within bounds; ``bool`` and NaN are refused.

    Integers (see ``int_value``) and float scalars (anything with ``__float__``,
    such as ``numpy.float32``) are taken.
    """
    allowed = _number_range(minimum, maximum)
    # A float first: the common case.
    number = value if type(value) is float else _float_of(value, field=field, allowed=allowed)
    if not math.isfinite(number):
        raise InvalidValueError(field, value, allowed=allowed, reason="is not finite")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InvalidValueError(field, value, allowed=allowed, reason="is out of range")
    return number


def to_identifier(value: object, *, field: str) -> str:
    """Return an opaque identifier: a non-blank string without control characters."""
    if (
        type(value) is str
        and 0 < len(value) <= MAX_IDENTIFIER_LENGTH
        and value.isprintable()
        and not value.isspace()
    ):
        return value
    allowed = f"a non-blank string of at most {MAX_IDENTIFIER_LENGTH} printable characters"
    if not isinstance(value, str):
        raise InvalidTypeError(field, value, allowed=allowed)
    if not value.strip():
        raise InvalidValueError(field, value, allowed=allowed, reason="is blank")
    if len(value) > MAX_IDENTIFIER_LENGTH:
        raise InvalidValueError(field, value, allowed=allowed, reason="is too long")
    if not value.isprintable():
        raise InvalidValueError(field, value, allowed=allowed, reason="has control characters")
    return str.__str__(value)  # a plain str, also for a subclass (numpy.str_ from a table)


def to_participant_id(value: object) -> str:
    """The ``participant_id`` field of every record about one person: an identifier."""
    return to_identifier(value, field="participant_id")


def other_participants(
    ids: Iterable[str | None],
    owner: str | None,
    *,
    path: str,
    allowed: str,
    reason: str | None = None,
) -> Iterator[InvalidValueError]:
    """The one-participant check: an error for each record of another participant.

    ``ids`` are the participant ids of records that must all be ``owner``'s, in order
    (``None`` where there is no record to check, such as an item of the wrong type);
    ``path`` names each one's field, ``{index}`` standing for its position
    (``"$.sessions[{index}].participant_id"``, or ``"episode.participant_id"`` for a
    lone record). Errors are made as ``ids`` is read, so a caller that reports other
    problems while producing ``ids`` keeps every problem in the order of the records.
    """
    for index, found in enumerate(ids):
        if found is not None and found != owner:
            yield InvalidValueError(path.format(index=index), found, allowed=allowed, reason=reason)


def to_date(value: object, *, field: str, sensitive: bool = False) -> pendulum.Date:
    """Return a calendar date as :class:`pendulum.Date`.

    A standard :class:`datetime.date` is converted; a datetime is refused, since a
    date field that receives a time usually means a mistake upstream. A table's
    date is taken: a ``numpy.datetime64`` or naive ``pandas.Timestamp`` holding a
    whole day (at midnight), see ``day_of_timestamp``.
    """
    if type(value) is pendulum.Date:  # the common case, checked first for speed
        return value
    allowed = "a date (pendulum.Date or datetime.date), not a datetime"
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        day = None if is_missing(value) else day_of_timestamp(value)
        if day is None:
            raise InvalidTypeError(field, value, allowed=allowed, sensitive=sensitive)
        value = day
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def shift_date(day: dt.date, days: int, *, field: str) -> pendulum.Date:
    """``day`` plus ``days`` calendar days, or an error naming ``field`` off the calendar.

    Python's dates run from 0001-01-01 to 9999-12-31; a date computed from ``field``
    that falls outside them is reported as a bad ``field`` (too close to the end of
    the calendar), not as a plain ``OverflowError``.
    """
    ordinal = day.toordinal() + days
    if not 1 <= ordinal <= dt.date.max.toordinal():
        forward = days > 0
        side, edge = (
            ("before the end", dt.date.max) if forward else ("after the start", dt.date.min)
        )
        span = f"{abs(days)} day{'' if abs(days) == 1 else 's'}"
        raise InvalidValueError(
            field,
            day,
            allowed=f"a date at least {span} {side} of the calendar ({edge.isoformat()})",
            reason=f"leaves no room for the date {span} {'after' if forward else 'before'} it",
        )
    later = dt.date.fromordinal(ordinal)
    return pendulum.Date(later.year, later.month, later.day)


#: pendulum's zone types: every datetime in one of them has a UTC offset.
PENDULUM_ZONES: Final = frozenset({pendulum.Timezone, pendulum.FixedTimezone})


def to_aware_datetime(value: object, *, field: str) -> pendulum.DateTime:
    """Return an aware :class:`pendulum.DateTime`; a naive datetime is refused.

    An aware ``pandas.Timestamp`` (a datetime) is converted; a ``numpy.datetime64``
    has no time zone, so it is refused as a naive datetime is.
    """
    # The common case first: a pendulum datetime in a pendulum zone, which always has
    # an offset (asking a zone for it costs more than the rest of this check).
    if type(value) is pendulum.DateTime and type(value.tzinfo) in PENDULUM_ZONES:
        return value
    allowed = "an aware datetime (pendulum.DateTime with a time zone)"
    if is_missing(value):  # pandas.NaT is a datetime, but no time
        raise InvalidTypeError(field, value, allowed=allowed)
    if is_datetime64(value):
        raise NaiveDateTimeError(field, value, allowed=allowed, reason="has no time zone")
    if not isinstance(value, dt.datetime):
        raise InvalidTypeError(field, value, allowed=allowed)
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDateTimeError(field, value, allowed=allowed, reason="has no time zone")
    if isinstance(value, pendulum.DateTime):
        return value
    return pendulum.instance(value)


def to_as_of(value: object, *, field: str = "as_of") -> pendulum.Date:
    """Return the calendar date meant by an ``as_of`` argument.

    A date is taken as is; an aware datetime gives its date in its own time zone. A
    table's date (a ``numpy.datetime64`` or naive ``pandas.Timestamp`` holding a whole
    day) is a date; any other ``numpy.datetime64`` is a naive datetime, refused.
    """
    if type(value) is pendulum.Date:  # the common case, checked first for speed
        return value
    if isinstance(value, dt.datetime) or is_datetime64(value):
        if getattr(value, "tzinfo", None) is None and not is_missing(value):
            day = day_of_timestamp(value)  # naive: a table's date, or refused below
            if day is not None:
                return to_date(day, field=field)
        return to_aware_datetime(value, field=field).date()
    if isinstance(value, dt.date):
        return to_date(value, field=field)
    raise InvalidTypeError(field, value, allowed="a pendulum.Date or an aware pendulum.DateTime")


def to_as_of_with_room(
    value: object, *, field: str = "as_of", before: int, after: int
) -> pendulum.Date:
    """:func:`to_as_of`, refusing a date too near either end of the calendar.

    Generators that date records around ``as_of`` need ``before`` days before it and
    ``after`` days after it.
    """
    day = to_as_of(value, field=field)
    shift_date(day, -before, field=field)
    shift_date(day, after, field=field)
    return day


def to_timezone(value: object, *, field: str = "tz") -> pendulum.Timezone:
    """Return a :class:`pendulum.Timezone` from an IANA name or a time-zone object."""
    allowed = "an IANA time-zone name such as 'America/New_York', or a pendulum Timezone"
    if isinstance(value, pendulum.Timezone):
        return value
    if isinstance(value, zoneinfo.ZoneInfo):
        value = value.key
    if not isinstance(value, str):
        raise InvalidTypeError(field, value, allowed=allowed)
    try:
        zone = pendulum.timezone(value)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        raise UnknownCodeError(field, value, allowed=allowed) from None
    if not isinstance(zone, pendulum.Timezone):  # pragma: no cover - names give Timezones
        raise UnknownCodeError(field, value, allowed=allowed)
    return zone


def to_member(enum_type: type[E], value: object, *, field: str) -> E:
    """Return the member of ``enum_type`` given as a member or as its value."""
    if isinstance(value, enum_type):
        return value
    try:
        # The value map first: calling the enum costs several times more.
        return enum_type._value2member_map_[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        pass
    try:
        return enum_type(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(member.value) for member in enum_type)
        raise UnknownCodeError(field, value, allowed=allowed) from None


def _leaves(group: BaseExceptionGroup[IopcoreError]) -> list[IopcoreError]:
    """The errors of a group and of the groups inside it, in order."""
    found: list[IopcoreError] = []
    for member in group.exceptions:
        if isinstance(member, BaseExceptionGroup):
            found.extend(_leaves(member))
        else:
            found.append(member)
    return found


#: Most problems one error group lists; the rest are counted, not kept, so that a stream
#: of a million bad records cannot build a million-member group.
MAX_REPORTED_PROBLEMS: Final = 100


class FirstProblems(list[IopcoreError]):
    """A list that keeps the first :data:`MAX_REPORTED_PROBLEMS` errors and counts all."""

    #: Errors counted, kept or not (set on the instance by the first :meth:`append`;
    #: no ``__init__``, since a collector is made for every mapping and list read).
    total: int = 0

    def append(self, error: IopcoreError) -> None:
        """Count ``error``; keep it if fewer than the maximum are kept."""
        self.total += 1
        if len(self) < MAX_REPORTED_PROBLEMS:
            super().append(error)

    def extend(self, errors: Iterable[IopcoreError]) -> None:
        """Count and keep each of ``errors`` as :meth:`append` does."""
        for error in errors:
            self.append(error)


class ErrorCollector:
    """Gathers input problems so that all of them are reported at once.

    Use :meth:`catch` around each check; :meth:`raise_if_any` then raises the one
    error found, or an :class:`~iopcore.exceptions.IopcoreErrorGroup` of several. At
    most :data:`MAX_REPORTED_PROBLEMS` are listed; the message gives the total.
    """

    def __init__(self, what: str) -> None:
        self._what = what
        self.errors = FirstProblems()

    def catch(self) -> ErrorCollector:
        """Record an iopcore error raised inside the ``with`` block instead of raising it.

        The collector is its own context manager (no generator per block: readers of
        stored records enter one per field).
        """
        return self

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: object
    ) -> bool:
        if isinstance(error, IopcoreErrorGroup):
            self.errors.extend(_leaves(error))
            return True
        if isinstance(error, IopcoreError):
            self.errors.append(error)
            return True
        return False

    def raise_if_any(self) -> None:
        """Raise what was gathered: one error alone, several as a group."""
        total = self.errors.total
        if total == 1:
            raise self.errors[0]
        if total:
            shown = "" if total == len(self.errors) else f" (the first {len(self.errors)} listed)"
            raise IopcoreErrorGroup(f"{total:,} problems in {self._what}{shown}", self.errors)


def to_members(
    enum_type: type[E], values: object, *, field: str, allowed_iterable: str
) -> frozenset[E]:
    """Return a frozenset of members from any iterable of members or values.

    Every bad item is reported, each with its index: ``$.conditions[2]``.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed_iterable)
    collector = ErrorCollector(field)
    members: set[E] = set()
    for index, item in enumerate(values):
        with collector.catch():
            members.add(to_member(enum_type, item, field=f"$.{field}[{index}]"))
    collector.raise_if_any()
    return frozenset(members)


def to_instances(values: object, kind: type[T], *, field: str, allowed: str) -> tuple[T, ...]:
    """Return the values of any iterable (not a text or a mapping) as a tuple of ``kind``.

    Every item of another type is reported, each with its index: ``$.sessions[2]``.
    """
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed)
    found = tuple(values)
    collector = ErrorCollector(field)
    for index, value in enumerate(found):
        if not isinstance(value, kind):
            collector.errors.append(
                InvalidTypeError(f"$.{field}[{index}]", value, allowed=kind.__name__)
            )
    collector.raise_if_any()
    return found
