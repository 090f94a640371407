"""What tables hold, known by behaviour: missing values, integer, bool and date scalars.

A value read from a data frame is a numpy or pandas scalar: ``numpy.int64(2)``,
``numpy.float32(1.5)``, ``numpy.bool_(True)``, ``numpy.datetime64("2026-03-02")``,
and ``None``, NaN, ``pandas.NA`` or ``NaT`` for an empty cell. These functions say
what plain Python value such a scalar stands for, never raising, and without
importing numpy or pandas (``import iopcore`` imports neither): by ``__index__``,
``__float__``, the type's name, and the scalar's own methods. The checks that turn
them into field values, with the errors, are in :mod:`iopcore._validation`.

>>> import math
>>> is_missing(None), is_missing(math.nan), is_missing(0), is_missing("")
(True, True, False, False)
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from typing import Final

__all__ = [
    "BOOL_TYPE_NAMES",
    "bool_value",
    "day_of_timestamp",
    "int_value",
    "is_datetime64",
    "is_missing",
    "plain_scalar",
]

#: Type names of the scalars tables use for "no value": ``pandas.NA`` and ``pandas.NaT``.
_MISSING_TYPE_NAMES: Final = frozenset({"NAType", "NaTType"})

#: Type names of bool scalars: Python's, and numpy's (``numpy.bool`` in numpy 2,
#: ``numpy.bool_`` before). A bool is never taken as an int, nor as a number.
BOOL_TYPE_NAMES: Final = frozenset({"bool", "bool_"})


def is_missing(value: object) -> bool:
    """Whether ``value`` is how a table says "no value"; never raises.

    Missing are ``None``, a float NaN (``math.nan``, ``numpy.float64("nan")``, any
    scalar with ``__float__`` that is unequal to itself, such as ``numpy.float32``
    NaN), ``pandas.NA``, ``pandas.NaT`` and ``numpy.datetime64("NaT")``. Known by
    behaviour: no numpy or pandas import.
    """
    if value is None:
        return True
    kind = type(value)
    if kind is int or kind is str or kind is bool:  # the common cases, checked first
        return False
    if isinstance(value, float):
        return math.isnan(value)  # also numpy.float64, a float subclass
    return kind.__name__ in _MISSING_TYPE_NAMES or _is_nan_scalar(value)


def _is_nan_scalar(value: object) -> bool:
    """Whether ``value`` is a scalar unequal to itself (NaN, ``numpy.datetime64("NaT")``)."""
    if not hasattr(type(value), "__float__") or getattr(value, "shape", ()) != ():
        return False  # not a scalar that can be NaN (an array is never "missing")
    try:
        unequal = value != value  # noqa: PLR0124 - NaN is the one value unequal to itself
    except Exception:  # noqa: BLE001 - a comparison that fails says "not NaN"
        return False
    return type(unequal).__name__ in BOOL_TYPE_NAMES and bool(unequal)


def int_value(value: object) -> int | None:
    """``value`` as a plain ``int`` if it is an integer, else ``None``; never raises.

    An integer is a Python ``int`` or an integer scalar (anything with ``__index__``,
    such as ``numpy.int64``), but not a bool (Python's or numpy's): ``True`` is
    not a rating of 1.
    """
    kind = type(value)
    if kind is int:
        return value  # type: ignore[return-value]
    if kind.__name__ in BOOL_TYPE_NAMES or not hasattr(kind, "__index__"):
        return None
    if getattr(value, "shape", ()) != ():
        return None  # an array of one int is not an int
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a broken __index__ means "not an int"
        return None


def bool_value(value: object) -> bool | None:
    """``value`` as a plain ``bool`` if it is Python's or numpy's bool, else ``None``.

    An int is not a bool (``1`` is not "yes"); never raises.
    """
    if value is True or value is False:
        return value
    kind = type(value)
    if kind.__name__ in BOOL_TYPE_NAMES and kind.__module__ == "numpy":
        return bool(value)
    return None


def plain_scalar(value: object) -> object:
    """``value`` as the plain value it stands for, if it is one; else ``value`` itself.

    Missing values become ``None``, bools ``bool``, integers ``int``, strings (such
    as ``numpy.str_``) ``str``; anything else is given back unchanged, for the
    caller's own check to accept or refuse. Used where values are kept before they
    are checked (questionnaire answers and scoring options).
    """
    if value is None or type(value) is int or type(value) is str:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    flag = bool_value(value)
    if flag is not None:
        return flag
    number = int_value(value)
    if number is not None:
        return number
    return None if is_missing(value) else value


def is_datetime64(value: object) -> bool:
    """Whether ``value`` is a ``numpy.datetime64`` (known by its type's name)."""
    return type(value).__name__ == "datetime64"


#: Units of a ``numpy.datetime64`` coarser than a day: a month is not a date.
_COARSE_UNITS: Final = frozenset({"Y", "M", "W"})


def day_of_timestamp(value: object) -> dt.date | None:
    """The date a table timestamp holds, if it holds a whole day; else ``None``.

    Tables store dates as timestamps at midnight: a ``numpy.datetime64`` of a day
    (``datetime64[D]``) or of a finer unit at exactly midnight, or a naive
    ``pandas.Timestamp`` at midnight (it wraps a ``datetime64``). Known by behaviour.
    """
    if not is_datetime64(value):
        if getattr(value, "tzinfo", True) is not None or not hasattr(value, "to_datetime64"):
            return None
        value = value.to_datetime64()
        if not is_datetime64(value):  # pragma: no cover - pandas gives a datetime64
            return None
    dtype = str(value.dtype)  # type: ignore[attr-defined]  # "datetime64[ns]", "datetime64[2D]"
    if dtype.removeprefix("datetime64[").rstrip("]").lstrip("0123456789") in _COARSE_UNITS:
        return None
    day = value.astype("datetime64[D]")  # type: ignore[attr-defined]
    if not bool(day == value):
        return None
    found = day.item()  # a date, or an int for a day beyond the years 1 to 9999
    return found if isinstance(found, dt.date) else None
