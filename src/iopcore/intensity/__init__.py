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
...     LevelOfCare.PARTIAL_HOSPITALIZATION,
...     Population.ADULT,
...     ruleset=rulesets.get_ruleset("medicare"),
... ).min_hours_per_week
20.0
"""

from __future__ import annotations

from iopcore._deprecated import renamed
from iopcore.intensity._attendance import AttendanceSummary, attendance_summary
from iopcore.intensity._calendar import checked_calendar
from iopcore.intensity._compliance import planned_compliance, weekly_compliance
from iopcore.intensity._requirements import (
    IntensityRequirement,
    checked_requirement,
    requirement_for,
)
from iopcore.intensity._weeks import (
    PartialWeeks,
    WeekCheck,
    WeekCompliance,
    WeekFinding,
    WeeklyCompliance,
)
from iopcore.rulesets import DEFAULT_HOURS_RULESET

__all__ = [
    "AttendanceSummary",
    "IntensityRequirement",
    "PartialWeeks",
    "WeekCheck",
    "WeekCompliance",
    "WeekFinding",
    "WeeklyCompliance",
    "attendance_summary",
    "checked_calendar",
    "checked_requirement",
    "planned_compliance",
    "requirement_for",
    "weekly_compliance",
]


def __getattr__(name: str) -> object:
    return renamed(
        __name__,
        name,
        {
            "Check": ("iopcore.intensity.WeekCheck", WeekCheck),
            "DEFAULT_RULESET": ("iopcore.rulesets.DEFAULT_HOURS_RULESET", DEFAULT_HOURS_RULESET),
        },
    )
