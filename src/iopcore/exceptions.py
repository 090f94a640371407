"""The errors iopcore raises for malformed input.

Every error is an :class:`IopcoreError` and also the matching builtin, so callers can
catch either ``iopcore.exceptions.InvalidValueError`` or plain :class:`ValueError`.
Each carries the structured fields ``field`` (where: an argument name or a path such
as ``$.conditions[2]``), ``value`` (what was given) and ``allowed`` (what would have
been accepted), shows the bad value's ``repr`` in its message, and pickles.

Values that could identify a person (a birth date) are marked sensitive: the message
then names only the value's type, never the value.

Several problems found at once are raised together as one :class:`IopcoreErrorGroup`,
which is both an :class:`ExceptionGroup` and an :class:`IopcoreError`.

>>> from iopcore import LevelOfCare
>>> try:
...     LevelOfCare.from_code("XYZ")
... except LookupError as error:
...     print(error.field, error.value)
code XYZ
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "InvalidResponse",
    "InvalidRowsError",
    "InvalidTypeError",
    "InvalidValueError",
    "IopcoreError",
    "IopcoreErrorGroup",
    "NaiveDateTimeError",
    "UnknownCodeError",
]

_MAX_REPR: Final = 80


def short_repr(value: object) -> str:
    """Return ``repr(value)``, cut to a readable length; never raises.

    For messages and error paths (an int too long to print shows as ``<int object>``).
    A date or datetime shows as ISO 8601 (``2025-03-02``), as a clinician writes it,
    not as the call that builds it.
    """
    try:
        text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    if len(text) > _MAX_REPR:
        text = f"{text[: _MAX_REPR - 5]}...{text[-2:]}"
    return text


def _rebuild(cls: type[IopcoreError], state: dict[str, Any]) -> IopcoreError:
    return cls(state["field"], state["value"], allowed=state["allowed"], **state["extra"])


class IopcoreError(Exception):
    """Base class of every error iopcore raises for bad input.

    Args:
        field: Where the problem is: an argument or attribute name, or a path such
            as ``$.sessions[3].end``.
        value: The value that was given.
        allowed: What would have been accepted, in words.
        reason: What is wrong, when "not allowed" needs saying more precisely.
        sensitive: If true, the message names only the type of ``value``, never the
            value itself (for data that could identify a person).

    Attributes:
        field: As given.
        value: As given (kept for the caller's program; not shown if sensitive).
        allowed: As given.
    """

    field: str
    value: object
    allowed: str
    reason: str | None
    sensitive: bool

    def __init__(
        self,
        field: str,
        value: object,
        *,
        allowed: str,
        reason: str | None = None,
        sensitive: bool = False,
    ) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.reason = reason
        self.sensitive = sensitive
        # None (nothing given) holds nothing to hide; anything else sensitive shows its type.
        hidden = sensitive and value is not None
        shown = f"<{type(value).__name__}, not shown>" if hidden else short_repr(value)
        why = reason or "is not allowed"
        super().__init__(f"{field}: {shown} {why}; allowed: {allowed}")

    def __reduce__(self) -> tuple[Any, ...]:
        extra = {"reason": self.reason, "sensitive": self.sensitive}
        state = {"field": self.field, "value": self.value, "allowed": self.allowed}
        return (_rebuild, (type(self), {**state, "extra": extra}))


class InvalidValueError(IopcoreError, ValueError):
    """A value of the right type that is out of range or malformed."""


class InvalidRowsError(InvalidValueError):
    """Rows of a table whose value in one column is not allowed.

    Raised by :mod:`iopcore.frames` for a bad column value, so that nothing is
    silently dropped. ``field`` is the table and column (``sessions.end``), ``value``
    the first bad value (only its type when ``sensitive``), ``rows`` the first few
    row numbers (counting from 0, as pandas and polars do; empty for a lazy frame
    whose rows have no order, such as a DuckDB relation) and ``count`` how many rows
    are bad in all.
    """

    rows: tuple[int, ...]
    count: int

    def __init__(  # noqa: PLR0913 - the fields of IopcoreError and where the rows are
        self,
        field: str,
        value: object,
        *,
        allowed: str,
        rows: Sequence[int],
        count: int,
        reason: str | None = None,
        sensitive: bool = False,
    ) -> None:
        super().__init__(field, value, allowed=allowed, reason=reason, sensitive=sensitive)
        self.rows = tuple(rows)
        self.count = count
        numbers = ", ".join(str(row) for row in self.rows)
        if not numbers:
            where = f"{count} row{'s' if count != 1 else ''}"
        elif count > len(self.rows):
            where = f"rows {numbers} and {count - len(self.rows)} more"
        else:
            where = f"row{'s' if count != 1 else ''} {numbers}"
        # "sessions.end, rows 3, 7 and 5 more: ..." in place of "sessions.end: ...".
        self.args = (f"{field}, {where}: {self.args[0][len(field) + 2 :]}",)

    def __reduce__(self) -> tuple[Any, ...]:
        extra = {
            "reason": self.reason,
            "sensitive": self.sensitive,
            "rows": self.rows,
            "count": self.count,
        }
        state = {"field": self.field, "value": self.value, "allowed": self.allowed}
        return (_rebuild, (type(self), {**state, "extra": extra}))


class InvalidTypeError(IopcoreError, TypeError):
    """A value of the wrong type (including a ``bool`` where a number is meant)."""


class InvalidResponse(IopcoreError, ValueError, TypeError):  # noqa: N818 - named for what it reports
    """A questionnaire answer that the instrument does not allow.

    Raised for an answer out of range (``5`` on a 0-3 item), of the wrong type (a
    ``bool`` on a numeric item, an ``int`` on a yes/no item) and for a response
    sequence of the wrong length or kind. It is both a :class:`ValueError` and a
    :class:`TypeError`, since callers catch either for "bad answers". ``field`` says
    where (``$.responses[8]`` is the ninth answer) and ``allowed`` lists the answers
    that item accepts.
    """


class UnknownCodeError(IopcoreError, LookupError):
    """A code or name that iopcore does not know; ``allowed`` lists the known ones."""


class NaiveDateTimeError(InvalidValueError):
    """A datetime without a time zone where iopcore needs an aware one."""


class IopcoreErrorGroup(  # noqa: N818 - named like the builtin ExceptionGroup it extends
    ExceptionGroup[IopcoreError], IopcoreError
):
    """Several input problems found together; each member says where it is.

    It is an :class:`ExceptionGroup` (use ``except*``) and an :class:`IopcoreError`
    (``except IopcoreError`` catches the whole group).
    """

    field = "$"
    value = None
    allowed = "see the member errors"
    reason = None
    sensitive = False

    def derive(  # type: ignore[override]
        self, excs: Sequence[IopcoreError]
    ) -> IopcoreErrorGroup:
        """Keep the group's type when ``except*`` or ``split`` takes it apart."""
        return IopcoreErrorGroup(self.message, excs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, list(self.exceptions)))
