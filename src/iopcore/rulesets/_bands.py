"""Weekly hour bands: the session hours a level of care calls for, and what they stand for.

:class:`HourBand` holds one level's weekly hours for one population, with its source;
:class:`HoursBasis` says whether the hours are delivered, a certified need, or 24-hour
care. :func:`iopcore.intensity.requirement_for` reads a ruleset's bands.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from iopcore._hours import (
    check_ceiling,
    to_days_per_week,
    to_exclusive,
    to_grace_weeks,
    to_max_hours,
    to_min_hours,
)
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level
from iopcore.participants import Population


def band_population(value: object) -> Population:
    if not isinstance(value, Population):
        raise InvalidTypeError("population", value, allowed="a Population member")
    return value


class HoursBasis(enum.Enum):
    """What an hour band's weekly hours stand for.

    The numbers of a band read the same either way; what a short week means differs,
    and findings say it in the band's terms.
    """

    #: Hours the program delivers each week: a short week is below the minimum.
    DELIVERED = "delivered"
    #: Hours a week the physician certifies the patient needs, in the plan of care
    #: (Medicare IOP and PHP, 42 CFR 424.24(d)(1) and (e)(1)): a short week is below
    #: the certified need, not by itself a breach of a payment rule.
    CERTIFIED_NEED = "certified need"
    #: 24-hour care (residential or inpatient): the level is defined by round-the-clock
    #: care, not by a weekly session band. Such a band has no minimum and no ceiling,
    #: and weekly session checks do not apply to it.
    TWENTY_FOUR_HOUR_CARE = "24-hour care"


def _basis(value: object) -> HoursBasis:
    if not isinstance(value, HoursBasis):
        raise InvalidTypeError("basis", value, allowed="an HoursBasis member")
    return value


def check_basis(basis: HoursBasis, floor: float, ceiling: float | None) -> None:
    """Refuse hours on a 24-hour-care band (it has no weekly session band)."""
    if basis is HoursBasis.TWENTY_FOUR_HOUR_CARE and (floor != 0 or ceiling is not None):
        raise InvalidValueError(
            "basis",
            basis.value,
            allowed=(
                "24-hour care only with min_hours_per_week=0 and no max_hours_per_week "
                "(24-hour care has no weekly session band)"
            ),
        )


def citation(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError("source", value, allowed="a non-blank citation")
    return value


@attrs.frozen(kw_only=True)
class HourBand:
    """The weekly session hours one level of care calls for, for one population.

    Args:
        level: The level of care.
        population: Adults or adolescents.
        min_hours_per_week: Hours a week at least (``0`` for none).
        max_hours_per_week: Hours a week at most, or ``None`` for no ceiling.
        max_exclusive: If true the ceiling itself is not allowed ("under 9 hours"),
            otherwise it is ("9 to 19 hours").
        min_days_per_week: Days with attended sessions a week at least, or ``None``.
        taper_grace_weeks: Weeks below the minimum allowed while stepping down.
        source: The public source of these numbers.
        basis: What the hours stand for (:class:`HoursBasis`): hours delivered (the
            default), a certified need, or 24-hour care with no weekly band.

    Raises:
        InvalidValueError: a number out of range, a ceiling below the minimum, or
            hours on a 24-hour-care band.

    >>> band = HourBand(
    ...     level=LevelOfCare.INTENSIVE_OUTPATIENT,
    ...     population=Population.ADULT,
    ...     min_hours_per_week=9,
    ...     max_hours_per_week=19,
    ...     source="example",
    ... )
    >>> band.min_hours_per_week, band.max_hours_per_week
    (9.0, 19.0)
    """

    level: LevelOfCare = attrs.field(converter=to_level)
    population: Population = attrs.field(converter=band_population)
    min_hours_per_week: float = attrs.field(converter=to_min_hours)
    max_hours_per_week: float | None = attrs.field(default=None, converter=to_max_hours)
    max_exclusive: bool = attrs.field(default=False, converter=to_exclusive)
    min_days_per_week: int | None = attrs.field(default=None, converter=to_days_per_week)
    taper_grace_weeks: int = attrs.field(default=0, converter=to_grace_weeks)
    source: str = attrs.field(converter=citation)
    # Left out of the dict form while it is the default, so that the content hashes of
    # rulesets whose bands are all "delivered" did not change when it was added.
    basis: HoursBasis = attrs.field(
        default=HoursBasis.DELIVERED, converter=_basis, metadata={"omit_if_default": True}
    )

    def __attrs_post_init__(self) -> None:
        check_ceiling(self.min_hours_per_week, self.max_hours_per_week, self.max_exclusive)
        check_basis(self.basis, self.min_hours_per_week, self.max_hours_per_week)


def bands(values: object) -> tuple[HourBand, ...]:
    if isinstance(values, HourBand) or not isinstance(values, Iterable):
        raise InvalidTypeError("hours", values, allowed="a sequence of HourBand values")
    found = tuple(values)
    seen: set[tuple[LevelOfCare, Population]] = set()
    for index, value in enumerate(found):
        if not isinstance(value, HourBand):
            raise InvalidTypeError(f"$.hours[{index}]", value, allowed="an HourBand")
        key = (value.level, value.population)
        if key in seen:
            raise InvalidValueError(
                f"$.hours[{index}]",
                f"{value.level.code}/{value.population.value}",
                allowed="one band per level and population",
                reason="repeats a level and population",
            )
        seen.add(key)
    return found
