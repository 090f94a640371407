"""Session intensity: the weekly hours a level of care calls for, and whether they were met.

:func:`requirement_for` reads an :class:`IntensityRequirement` (minimum and maximum
hours a week, minimum days, required services, taper grace weeks) from a ruleset's
hour bands: by default the ``asam`` ruleset (ASAM Criteria 3rd edition hours), or
``medicare`` (the 2024 IOP and PHP benefit), or a ruleset of your own.

>>> from iopcore import LevelOfCare, Population, rulesets
>>> iop = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
>>> iop.min_hours_per_week, iop.max_hours_per_week, iop.ruleset.id
(9.0, 19.0, 'asam')
>>> requirement_for(
...     LevelOfCare.PARTIAL_HOSPITALIZATION, Population.ADULT, ruleset=rulesets.get("medicare")
... ).min_hours_per_week
20.0
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from iopcore._validation import ErrorCollector, to_int, to_member, to_number
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rulesets import MAX_HOURS_PER_WEEK, Ruleset, RulesetRef, get
from iopcore.sessions import ServiceType

__all__ = [
    "DEFAULT_RULESET",
    "IntensityRequirement",
    "requirement_for",
]

#: The ruleset :func:`requirement_for` reads when the caller passes none.
DEFAULT_RULESET: Final = "asam"


def _level(value: object) -> LevelOfCare:
    if not isinstance(value, LevelOfCare):
        raise InvalidTypeError("level", value, allowed="a LevelOfCare member")
    return value


def _population(value: object) -> Population:
    if isinstance(value, Population):
        return value
    return to_member(Population, value, field="population")


def _min_hours(value: object) -> float:
    return to_number(value, field="min_hours_per_week", minimum=0, maximum=MAX_HOURS_PER_WEEK)


def _max_hours(value: object) -> float | None:
    if value is None:
        return None
    return to_number(value, field="max_hours_per_week", minimum=0, maximum=MAX_HOURS_PER_WEEK)


def _min_days(value: object) -> int | None:
    return None if value is None else to_int(value, field="min_days_per_week", minimum=0, maximum=7)


def _grace(value: object) -> int:
    return to_int(value, field="taper_grace_weeks", minimum=0, maximum=52)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("max_exclusive", value, allowed="True or False")
    return value


def _services(values: object) -> Mapping[ServiceType, int]:
    if not isinstance(values, Mapping):
        raise InvalidTypeError(
            "required_services",
            values,
            allowed="a mapping of ServiceType (or its value) to attended sessions a week",
        )
    collector = ErrorCollector("required_services")
    found: dict[ServiceType, int] = {}
    for key, value in values.items():
        with collector.catch():
            service = to_member(ServiceType, key, field="$.required_services")
            found[service] = to_int(
                value, field=f"$.required_services[{service.value!r}]", minimum=1, maximum=50
            )
    collector.raise_if_any()
    return MappingProxyType(dict(sorted(found.items(), key=lambda item: item[0].value)))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("source", value, allowed="a citation (str)")
    return value


def _ref(value: object) -> RulesetRef | None:
    if value is None or isinstance(value, RulesetRef):
        return value
    raise InvalidTypeError("ruleset", value, allowed="a RulesetRef or None")


@attrs.frozen(kw_only=True)
class IntensityRequirement:
    """What a level of care calls for each program week.

    Args:
        level: The level of care it is for.
        population: Adults or adolescents.
        min_hours_per_week: Attended hours a week at least.
        max_hours_per_week: Attended hours a week at most; ``None`` = no ceiling.
        max_exclusive: If true, the ceiling itself is too many ("under 9 hours").
        min_days_per_week: Days with attended sessions a week at least, or ``None``.
        required_services: Attended sessions a week at least, by service type.
        taper_grace_weeks: Weeks below the minimum allowed while stepping down.
        source: The public source of the numbers.
        ruleset: The ruleset it was read from (``None`` if built by hand).

    Raises:
        InvalidValueError: a number out of range, or a ceiling below the minimum.

    Build your own, or adjust one read from a ruleset with :func:`attrs.evolve`:

    >>> import attrs
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.sessions import ServiceType
    >>> mine = attrs.evolve(
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     min_days_per_week=3,
    ...     required_services={ServiceType.INDIVIDUAL_THERAPY: 1},
    ... )
    >>> dict(mine.required_services)
    {<ServiceType.INDIVIDUAL_THERAPY: 'individual therapy'>: 1}
    """

    level: LevelOfCare = attrs.field(converter=_level)
    population: Population = attrs.field(converter=_population)
    min_hours_per_week: float = attrs.field(converter=_min_hours)
    max_hours_per_week: float | None = attrs.field(default=None, converter=_max_hours)
    max_exclusive: bool = attrs.field(default=False, converter=_flag)
    min_days_per_week: int | None = attrs.field(default=None, converter=_min_days)
    required_services: Mapping[ServiceType, int] = attrs.field(factory=dict, converter=_services)
    taper_grace_weeks: int = attrs.field(default=0, converter=_grace)
    source: str = attrs.field(default="", converter=_text)
    ruleset: RulesetRef | None = attrs.field(default=None, converter=_ref)

    def __attrs_post_init__(self) -> None:
        ceiling = self.max_hours_per_week
        if ceiling is not None and (
            ceiling < self.min_hours_per_week
            or (self.max_exclusive and ceiling == self.min_hours_per_week)
        ):
            raise InvalidValueError(
                "max_hours_per_week",
                ceiling,
                allowed=f"None or a ceiling above min_hours_per_week={self.min_hours_per_week:g}",
            )

    def above_ceiling(self, hours: float) -> bool:
        """Whether ``hours`` a week is more than the ceiling allows."""
        ceiling = self.max_hours_per_week
        if ceiling is None:
            return False
        return hours >= ceiling if self.max_exclusive else hours > ceiling

    def describe(self) -> str:
        """The hour band in words, e.g. ``"9-19 h/wk"`` or ``"under 9 h/wk"``."""
        low, high = self.min_hours_per_week, self.max_hours_per_week
        if high is None:
            return f"at least {low:g} h/wk"
        if self.max_exclusive:
            return f"under {high:g} h/wk" if low == 0 else f"{low:g} to under {high:g} h/wk"
        return f"{low:g}-{high:g} h/wk"


def requirement_for(
    level: LevelOfCare,
    population: Population,
    *,
    ruleset: Ruleset | None = None,
) -> IntensityRequirement:
    """The weekly intensity ``ruleset`` calls for at ``level`` for ``population``.

    Args:
        level: The level of care.
        population: ``Population.ADULT`` or ``Population.ADOLESCENT`` (or its value).
        ruleset: A ruleset with hour bands; the latest ``asam`` ruleset if ``None``.

    Raises:
        UnknownCodeError: the ruleset has no band for that level and population
            (inpatient care has none in ``asam``; ``medicare`` has IOP and PHP only).
        InvalidTypeError: an argument of the wrong type.

    >>> from iopcore import LevelOfCare, Population
    >>> requirement_for(LevelOfCare.OUTPATIENT, "adolescent").describe()
    'under 6 h/wk'
    """
    wanted = _level(level)
    group = _population(population)
    if ruleset is None:
        rules = get(DEFAULT_RULESET)
    elif isinstance(ruleset, Ruleset):
        rules = ruleset
    else:
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset with hour bands, or None")
    band = rules.hour_band(wanted, group)
    return IntensityRequirement(
        level=band.level,
        population=band.population,
        min_hours_per_week=band.min_hours_per_week,
        max_hours_per_week=band.max_hours_per_week,
        max_exclusive=band.max_exclusive,
        min_days_per_week=band.min_days_per_week,
        taper_grace_weeks=band.taper_grace_weeks,
        source=band.source,
        ruleset=rules.ref,
    )
