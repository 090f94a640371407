"""What a level of care calls for each program week, read from a ruleset's hour bands.

:class:`IntensityRequirement` holds the weekly minimum and maximum hours, minimum
days, required services and taper grace weeks; :func:`requirement_for` reads one from
a ruleset's hour bands. The package :mod:`iopcore.intensity` re-exports both.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

# The hour fields of a requirement are those of an HourBand: one set of checks.
from iopcore._hours import (
    check_ceiling,
    to_days_per_week,
    to_exclusive,
    to_grace_weeks,
    to_max_hours,
    to_min_hours,
)
from iopcore._validation import ErrorCollector, to_int, to_member
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level
from iopcore.participants import Population
from iopcore.rulesets import (
    DEFAULT_HOURS_RULESET,
    HoursBasis,
    Ruleset,
    RulesetRef,
    check_basis,
    get_ruleset,
)
from iopcore.sessions import ServiceType

__all__ = ["IntensityRequirement", "checked_requirement", "requirement_for"]


def _population(value: object) -> Population:
    if isinstance(value, Population):
        return value
    return to_member(Population, value, field="population")


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


def _basis(value: object) -> HoursBasis:
    return to_member(HoursBasis, value, field="basis")


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
        basis: What the hours stand for (:class:`~iopcore.rulesets.HoursBasis`):
            hours delivered (the default), a need the physician certifies in the
            plan of care (Medicare), or 24-hour care with no weekly session band.

    Raises:
        InvalidValueError: a number out of range, a ceiling below the minimum, or
            hours on a 24-hour-care requirement.

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

    level: LevelOfCare = attrs.field(converter=to_level)
    population: Population = attrs.field(converter=_population)
    min_hours_per_week: float = attrs.field(converter=to_min_hours)
    max_hours_per_week: float | None = attrs.field(default=None, converter=to_max_hours)
    max_exclusive: bool = attrs.field(default=False, converter=to_exclusive)
    min_days_per_week: int | None = attrs.field(default=None, converter=to_days_per_week)
    required_services: Mapping[ServiceType, int] = attrs.field(factory=dict, converter=_services)
    taper_grace_weeks: int = attrs.field(default=0, converter=to_grace_weeks)
    source: str = attrs.field(default="", converter=_text)
    ruleset: RulesetRef | None = attrs.field(default=None, converter=_ref)
    # Left out of the dict form while it is the default, so stored results keep theirs.
    basis: HoursBasis = attrs.field(
        default=HoursBasis.DELIVERED, converter=_basis, metadata={"omit_if_default": True}
    )

    def __attrs_post_init__(self) -> None:
        check_ceiling(self.min_hours_per_week, self.max_hours_per_week, self.max_exclusive)
        check_basis(self.basis, self.min_hours_per_week, self.max_hours_per_week)

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle; the copy is rebuilt through __init__.
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        return (_requirement_from, (fields | {"required_services": dict(self.required_services)},))

    def above_ceiling(self, hours: float) -> bool:
        """Whether ``hours`` a week is more than the ceiling allows."""
        ceiling = self.max_hours_per_week
        if ceiling is None:
            return False
        return hours >= ceiling if self.max_exclusive else hours > ceiling

    def describe(self) -> str:
        """The hour band in words, e.g. ``"9-19 h/wk"`` or ``"under 9 h/wk"``.

        A certified need says so (``"at least 9 h/wk (certified need)"``); 24-hour care
        reads ``"24-hour care (no weekly session band)"``.
        """
        low, high = self.min_hours_per_week, self.max_hours_per_week
        if self.basis is HoursBasis.TWENTY_FOUR_HOUR_CARE:
            return "24-hour care (no weekly session band)"
        if self.basis is HoursBasis.CERTIFIED_NEED and high is None:
            return f"at least {low:g} h/wk (certified need)"
        if high is None:
            return f"at least {low:g} h/wk"
        if self.max_exclusive:
            return f"under {high:g} h/wk" if low == 0 else f"{low:g} to under {high:g} h/wk"
        return f"{low:g}-{high:g} h/wk"


def _requirement_from(fields: dict[str, object]) -> IntensityRequirement:
    return IntensityRequirement(**fields)


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

    Every level has an answer under ``asam``: inpatient care is 24-hour care, with
    no weekly session band (its requirement says so and :func:`weekly_compliance`
    does not judge it).

    Raises:
        UnknownCodeError: the ruleset has no band for that level and population
            (``medicare`` sets hours for its two benefits, IOP and PHP, only).
        InvalidTypeError: an argument of the wrong type.

    >>> from iopcore import LevelOfCare, Population
    >>> requirement_for(LevelOfCare.OUTPATIENT, "adolescent").describe()
    'under 6 h/wk'
    >>> requirement_for(LevelOfCare.INPATIENT, "adult").describe()
    '24-hour care (no weekly session band)'
    """
    wanted = to_level(level)
    group = _population(population)
    if ruleset is None:
        rules = get_ruleset(DEFAULT_HOURS_RULESET)
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
        basis=band.basis,
    )


def checked_requirement(requirement: object) -> IntensityRequirement:
    """``requirement``, if weekly session hours can be checked against it.

    The check :func:`~iopcore.intensity.weekly_compliance` makes of its
    ``requirement`` argument, for other evaluators of weekly hours
    (:func:`iopcore.frames.weekly_compliance` makes the same one).

    Raises:
        InvalidTypeError: not an :class:`IntensityRequirement`.
        InvalidValueError: a requirement of 24-hour care (such as inpatient care),
            which has no weekly session hours to check.

    >>> from iopcore import LevelOfCare, Population
    >>> checked_requirement(requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, "adult")).level
    <LevelOfCare.INTENSIVE_OUTPATIENT: 'IOP'>
    >>> checked_requirement(requirement_for(LevelOfCare.INPATIENT, Population.ADULT))
    Traceback (most recent call last):
    ...
    iopcore.exceptions.InvalidValueError: requirement: 'IP: ...' is 24-hour care, ...

    .. versionadded:: 0.1
    """
    if not isinstance(requirement, IntensityRequirement):
        raise InvalidTypeError(
            "requirement", requirement, allowed="an IntensityRequirement (see requirement_for)"
        )
    if requirement.basis is HoursBasis.TWENTY_FOUR_HOUR_CARE:
        raise InvalidValueError(
            "requirement",
            f"{requirement.level.code}: {requirement.describe()}",
            allowed="a requirement with a weekly session band (IOP, PHP, outpatient)",
            reason="is 24-hour care, which has no weekly session hours to check",
        )
    return requirement
