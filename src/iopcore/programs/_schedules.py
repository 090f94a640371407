"""Schedule intensity: does each of a program's timetables deliver its level's weekly hours?

:func:`schedule_intensity` lays out each timetable on the program's calendar and
judges it, for each population served, with :func:`~iopcore.intensity.planned_compliance`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from iopcore.exceptions import InvalidTypeError
from iopcore.intensity import (
    IntensityRequirement,
    PartialWeeks,
    WeeklyCompliance,
    planned_compliance,
    requirement_for,
)
from iopcore.participants import Population
from iopcore.programs._program import Program
from iopcore.rulesets import Ruleset, get_ruleset

if TYPE_CHECKING:
    import pendulum

__all__ = ["ScheduleCheck", "schedule_intensity"]


@attrs.frozen(kw_only=True)
class ScheduleCheck:
    """One timetable of a program judged for one population it serves.

    Attributes:
        schedule: The timetable's index in ``program.schedules``.
        population: The population whose requirement it was judged against.
        requirement: What the program's level calls for (from its ruleset).
        weeks: The planned weeks, judged as if every session were attended.
    """

    schedule: int
    population: Population
    requirement: IntensityRequirement
    weeks: WeeklyCompliance

    @property
    def met(self) -> bool:
        """Whether every planned week meets the requirement."""
        return self.weeks.met

    @property
    def planned_hours(self) -> float:
        """The hours the timetable delivers over the range (real elapsed time)."""
        return sum(week.hours for week in self.weeks)


def schedule_intensity(
    program: Program,
    *,
    start: pendulum.Date,
    end: pendulum.Date,
    ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> tuple[ScheduleCheck, ...]:
    """Does each timetable deliver the hours its level calls for, for each population?

    Each timetable is laid out from ``start`` to ``end`` on the program's calendar and
    judged with :func:`~iopcore.intensity.planned_compliance` against
    :func:`~iopcore.intensity.requirement_for` (the program's level, each population it
    serves), so clock changes, closures and partial weeks count as they do there.

    Args:
        program: The program.
        start: The first day to plan.
        end: The last day to plan (at most 3 years after ``start``).
        ruleset: The ruleset to read hour bands from; the program's own if ``None``.
        partial_weeks: How weeks cut by closures or the range are judged.

    Returns:
        One check per timetable and population, timetables in order, populations
        adult first.

    Raises:
        UnknownCodeError: the ruleset has no hour band for the level and a population.
        InvalidValueError: as :func:`~iopcore.intensity.planned_compliance` (a program
            at a 24-hour-care level has no weekly session band to check).

    >>> import pendulum
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> twice = ScheduleTemplate(
    ...     tz="America/Denver",
    ...     slots=[
    ...         WeeklySlot(weekday=d, start=pendulum.time(9), end=pendulum.time(12)) for d in (1, 3)
    ...     ],
    ... )
    >>> program = Program(
    ...     id="p",
    ...     name="Two mornings",
    ...     level="IOP",
    ...     populations=["adult", "adolescent"],
    ...     conditions=["anxiety"],
    ...     calendar=ProgramCalendar(tz="America/Denver"),
    ...     schedules=[twice],
    ... )
    >>> checks = schedule_intensity(
    ...     program, start=pendulum.date(2026, 3, 2), end=pendulum.date(2026, 3, 15)
    ... )
    >>> [(c.population.value, c.requirement.describe(), c.planned_hours, c.met) for c in checks]
    [('adult', '9-19 h/wk', 12.0, False), ('adolescent', '6-19 h/wk', 12.0, True)]
    """
    if not isinstance(program, Program):
        raise InvalidTypeError("program", program, allowed="a Program")
    if ruleset is not None and not isinstance(ruleset, Ruleset):
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset with hour bands, or None")
    rules = get_ruleset(program.ruleset) if ruleset is None else ruleset
    order = [p for p in Population if p in program.populations]
    requirements = {
        population: requirement_for(program.level, population, ruleset=rules)
        for population in order
    }
    checks = []
    for index, template in enumerate(program.schedules):
        for population in order:
            weeks = planned_compliance(
                template,
                requirements[population],
                start=start,
                end=end,
                calendar=program.calendar,
                partial_weeks=partial_weeks,
            )
            checks.append(
                ScheduleCheck(
                    schedule=index,
                    population=population,
                    requirement=requirements[population],
                    weeks=weeks,
                )
            )
    return tuple(checks)
