"""One program week judged against a requirement, from the figures the weekly loop counted.

The minimums are prorated for a partial week as :class:`PartialWeeks` says; each
shortfall or excess becomes a :class:`WeekFinding`; the taper grace lets a week that
is only short pass while the participant steps down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from iopcore._days import date_of
from iopcore.intensity._weeks import PartialWeeks, WeekCheck, WeekCompliance, WeekFinding
from iopcore.rulesets import HoursBasis
from iopcore.sessions import ServiceType

if TYPE_CHECKING:
    from iopcore.intensity._requirements import IntensityRequirement

__all__ = ["judge_week", "taper_week"]


#: Findings that make a week fail (the others only inform).
_FAILING: Final = frozenset(
    {WeekCheck.MIN_HOURS, WeekCheck.MAX_HOURS, WeekCheck.MIN_DAYS, WeekCheck.SERVICE}
)
_SHORT: Final = frozenset({WeekCheck.MIN_HOURS, WeekCheck.MIN_DAYS, WeekCheck.SERVICE})


_EPSILON: Final = 1e-9


def judge_week(  # noqa: PLR0913 - the week's figures, passed by name
    wanted: IntensityRequirement,
    policy: PartialWeeks,
    *,
    start: int,
    share: float,
    seconds: float,
    scheduled: float,
    days: int,
    counts: dict[str, int],
    overlaps: int,
) -> WeekCompliance:
    hours = seconds / 3600
    partial = share < 1.0 - _EPSILON
    assessed = not partial or policy is PartialWeeks.FULL
    if partial and policy is PartialWeeks.PRORATE:
        assessed = share > _EPSILON  # no open day in care: nothing to prorate
    scale = share if partial and policy is PartialWeeks.PRORATE else 1.0
    required = wanted.min_hours_per_week * scale
    findings: list[WeekFinding] = []
    source = wanted.source
    if not assessed:
        findings.append(
            WeekFinding(
                check=WeekCheck.NOT_ASSESSED,
                observed=share,
                required=1.0,
                text=f"not assessed: partial week ({share:.0%} of a program week)",
                source=source,
            )
        )
    else:
        if hours < required - _EPSILON:
            findings.append(
                WeekFinding(
                    check=WeekCheck.MIN_HOURS,
                    observed=hours,
                    required=required,
                    text=_short_hours(hours, required, wanted.basis),
                    source=source,
                )
            )
        if wanted.above_ceiling(hours):
            ceiling = wanted.max_hours_per_week
            words = "under" if wanted.max_exclusive else "at most"
            findings.append(
                WeekFinding(
                    check=WeekCheck.MAX_HOURS,
                    observed=hours,
                    required=ceiling,
                    text=f"max hours: {hours:g} h attended, the level allows {words} {ceiling:g} h",
                    source=source,
                )
            )
        if wanted.min_days_per_week is not None:
            need = wanted.min_days_per_week * scale
            if days < need - _EPSILON:
                findings.append(
                    WeekFinding(
                        check=WeekCheck.MIN_DAYS,
                        observed=float(days),
                        required=need,
                        text=f"min days: attended on {days} days, {need:g} required",
                        source=source,
                    )
                )
        for service, minimum in wanted.required_services.items():
            need = minimum * scale
            have = counts.get(service.value, 0)
            if have < need - _EPSILON:
                findings.append(
                    WeekFinding(
                        check=WeekCheck.SERVICE,
                        observed=float(have),
                        required=need,
                        text=f"{service.value}: {have} attended, {need:g} required",
                        source=source,
                    )
                )
    if overlaps:
        findings.append(
            WeekFinding(
                check=WeekCheck.OVERLAP,
                observed=float(overlaps),
                required=None,
                text=f"overlap: {overlaps} attended session(s) overlap an earlier one",
                source=source,
            )
        )
    met = not any(finding.check in _FAILING for finding in findings)
    return WeekCompliance(
        week_start=date_of(start),
        hours=hours,
        scheduled_hours=scheduled / 3600,
        days_attended=days,
        services={ServiceType(kind): counts[kind] for kind in sorted(counts)},
        open_fraction=share,
        required_hours=required,
        assessed=assessed,
        met=met,
        findings=tuple(findings),
    )


def _short_hours(hours: float, required: float, basis: HoursBasis) -> str:
    """A short week in the requirement's terms: short of hours, or below a certified need."""
    if basis is HoursBasis.CERTIFIED_NEED:
        return (
            f"min hours: {hours:g} h attended, {required - hours:g} h below the certified "
            f"need of {required:g} h (the plan of care's hours, not a payment rule by itself)"
        )
    return f"min hours: {hours:g} h attended, {required - hours:g} h short of {required:g} h"


def taper_week(week: WeekCompliance, wanted: IntensityRequirement) -> tuple[WeekCompliance, int]:
    """The week met under the taper grace, if it is only short (never if over)."""
    checks = {finding.check for finding in week.findings}
    if not checks & _SHORT or WeekCheck.MAX_HOURS in checks:
        return week, 0
    note = WeekFinding(
        check=WeekCheck.TAPER_GRACE,
        observed=week.hours,
        required=week.required_hours,
        text=(
            f"taper grace: below the minimum while stepping down (up to "
            f"{wanted.taper_grace_weeks} weeks allowed)"
        ),
        source=wanted.source,
    )
    return attrs.evolve(week, met=True, findings=(*week.findings, note)), 1
