"""The weekly-hours fields that an hour band and an intensity requirement share.

:class:`~iopcore.rulesets.HourBand` (what a ruleset says a level calls for) and
:class:`~iopcore.intensity.IntensityRequirement` (what a week is judged against)
carry the same five numbers; their converters and the ceiling check live here,
once, below both.
"""

from __future__ import annotations

from typing import Final

from iopcore._validation import to_int, to_number
from iopcore.exceptions import InvalidTypeError, InvalidValueError

__all__ = [
    "MAX_HOURS_PER_WEEK",
    "check_ceiling",
    "to_days_per_week",
    "to_exclusive",
    "to_grace_weeks",
    "to_max_hours",
    "to_min_hours",
]

#: Most hours a week an hour band may name (a week has 168).
MAX_HOURS_PER_WEEK: Final = 168.0


def to_min_hours(value: object) -> float:
    """``min_hours_per_week``: hours from 0 to 168."""
    return to_number(value, field="min_hours_per_week", minimum=0, maximum=MAX_HOURS_PER_WEEK)


def to_max_hours(value: object) -> float | None:
    """``max_hours_per_week``: ``None`` (no ceiling) or hours from 0 to 168."""
    if value is None:
        return None
    return to_number(value, field="max_hours_per_week", minimum=0, maximum=MAX_HOURS_PER_WEEK)


def to_days_per_week(value: object) -> int | None:
    """``min_days_per_week``: ``None`` or a whole number of days from 0 to 7."""
    return None if value is None else to_int(value, field="min_days_per_week", minimum=0, maximum=7)


def to_grace_weeks(value: object) -> int:
    """``taper_grace_weeks``: whole weeks from 0 to 52."""
    return to_int(value, field="taper_grace_weeks", minimum=0, maximum=52)


def to_exclusive(value: object) -> bool:
    """``max_exclusive``: True or False."""
    if not isinstance(value, bool):
        raise InvalidTypeError("max_exclusive", value, allowed="True or False")
    return value


def check_ceiling(floor: float, ceiling: float | None, exclusive: bool) -> None:
    """Refuse a weekly ceiling below the floor (or equal to it, when exclusive)."""
    if ceiling is not None and (ceiling < floor or (exclusive and ceiling == floor)):
        raise InvalidValueError(
            "max_hours_per_week",
            ceiling,
            allowed=f"None or a ceiling above min_hours_per_week={floor:g}",
        )
