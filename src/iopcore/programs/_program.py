"""A program: what a clinic runs (level, populations, calendar, timetables, curriculum).

:class:`Program` holds the fields and their checks, and builds its own view: coded
values and the program's own labels only.
"""

from __future__ import annotations

from typing import Final

import attrs
import pendulum

from iopcore._render import Pairs, Shown, View
from iopcore._validation import to_date, to_identifier, to_int, to_members
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.levels import LevelOfCare, to_level
from iopcore.participants import DEFAULT_ADULT_AGE, Condition, Population
from iopcore.programs._curriculum import DEFAULT_GROUP_SERVICES, Curriculum
from iopcore.programs._fields import to_name, to_sequence, to_service_set
from iopcore.rulesets import available
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, ServiceType

__all__ = ["Program"]


def _program_id(value: object) -> str:
    return to_identifier(value, field="id")


def _level(value: object) -> LevelOfCare:
    return to_level(value, codes="any case", allowed="a LevelOfCare member or its code ('IOP')")


def _populations(values: object) -> frozenset[Population]:
    found = to_members(
        Population,
        values,
        field="populations",
        allowed_iterable="an iterable of Population members or their values",
    )
    if not found:
        raise InvalidValueError(
            "populations", values, allowed="at least one Population", reason="is empty"
        )
    return found


def _conditions(values: object) -> frozenset[Condition]:
    found = to_members(
        Condition,
        values,
        field="conditions",
        allowed_iterable="an iterable of Condition members or their values",
    )
    if not found:
        raise InvalidValueError(
            "conditions", values, allowed="at least one Condition", reason="is empty"
        )
    return found


def _calendar(value: object) -> ProgramCalendar:
    if not isinstance(value, ProgramCalendar):
        raise InvalidTypeError("calendar", value, allowed="a ProgramCalendar")
    return value


def _schedules(values: object) -> tuple[ScheduleTemplate, ...]:
    found = to_sequence(values, field="schedules", kind=ScheduleTemplate, noun="ScheduleTemplate")
    return found  # type: ignore[return-value]  # noqa: RET504 - narrowed by to_sequence


def _curriculum(value: object) -> Curriculum | None:
    if value is None or isinstance(value, Curriculum):
        return value
    raise InvalidTypeError("curriculum", value, allowed="a Curriculum or None")


def _start(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value, field="curriculum_start")


def _group_size(value: object) -> int | None:
    return None if value is None else to_int(value, field="max_group_size", minimum=1, maximum=500)


def _ruleset_id(value: object) -> str:
    shipped = available()
    if not isinstance(value, str) or value not in shipped:
        raise UnknownCodeError("ruleset", value, allowed=", ".join(shipped))
    return value


def _adult_age(value: object) -> int:
    return to_int(value, field="adult_age", minimum=1, maximum=150)


def _group_services(values: object) -> frozenset[ServiceType]:
    return to_service_set(values, "group_services")


@attrs.frozen(kw_only=True)
class Program(Shown):
    """One program a clinic runs.

    Args:
        id: The program's opaque id (the ``program_id`` of its episodes).
        name: Its name, for display.
        level: The level of care it delivers (a :class:`~iopcore.levels.LevelOfCare` or its
            code).
        populations: The populations it serves (at least one).
        conditions: The condition groups it serves (at least one).
        calendar: Its time zone, week start, open days, closures and partial days.
        schedules: One or more weekly timetables in the calendar's time zone (a
            morning and an evening track, say); each must deliver its level's hours.
        curriculum: What it teaches, or ``None``.
        curriculum_start: The day the curriculum's first cycle began; required with a
            curriculum and only with one.
        max_group_size: The most participants a group meeting may have, or ``None``
            for no limit set. A program parameter: no clinical default is claimed (a
            typical 8-12 is unconfirmed).
        group_services: The session types that meet as groups (default: group
            therapy, skills group, psychoeducation).
        ruleset: The id of the shipped ruleset whose hour bands it follows
            (``"asam"`` by default, or ``"medicare"``).
        adult_age: The age from which it counts a participant as an adult (18 by
            default; DCMR 22-A6329 counts youth under 21).

    Raises:
        InvalidValueError: empty populations, conditions or schedules, a timetable in
            another time zone, or a curriculum without a start (or a start without one).
        UnknownCodeError: an unknown level, population, condition or ruleset id.
        InvalidTypeError: a field of the wrong type.

    >>> import pendulum
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> php = Program(
    ...     id="ed-php",
    ...     name="Eating-disorder PHP",
    ...     level="PHP",
    ...     populations=["adult", "adolescent"],
    ...     conditions=["eating disorder"],
    ...     calendar=ProgramCalendar(tz="America/Los_Angeles"),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz="America/Los_Angeles",
    ...             slots=[
    ...                 WeeklySlot(weekday=d, start=pendulum.time(9), end=pendulum.time(15))
    ...                 for d in range(5)
    ...             ],
    ...         )
    ...     ],
    ...     max_group_size=8,
    ... )
    >>> php.tz.name, php.weekly_hours
    ('America/Los_Angeles', (30.0,))
    >>> php.lines()[-1]
    'group size: at most 8'
    """

    id: str = attrs.field(converter=_program_id)
    name: str = attrs.field(converter=to_name)
    level: LevelOfCare = attrs.field(converter=_level)
    populations: frozenset[Population] = attrs.field(converter=_populations)
    conditions: frozenset[Condition] = attrs.field(converter=_conditions)
    calendar: ProgramCalendar = attrs.field(converter=_calendar)
    schedules: tuple[ScheduleTemplate, ...] = attrs.field(converter=_schedules)
    curriculum: Curriculum | None = attrs.field(default=None, converter=_curriculum)
    curriculum_start: pendulum.Date | None = attrs.field(default=None, converter=_start)
    max_group_size: int | None = attrs.field(default=None, converter=_group_size)
    group_services: frozenset[ServiceType] = attrs.field(
        default=DEFAULT_GROUP_SERVICES, converter=_group_services
    )
    ruleset: str = attrs.field(default="asam", converter=_ruleset_id)
    adult_age: int = attrs.field(default=DEFAULT_ADULT_AGE, converter=_adult_age)

    def __attrs_post_init__(self) -> None:
        zone = self.calendar.tz.name
        for index, template in enumerate(self.schedules):
            if template.tz.name != zone:
                raise InvalidValueError(
                    f"$.schedules[{index}].tz",
                    template.tz.name,
                    allowed=f"the calendar's time zone {zone}",
                )
        if (self.curriculum is None) != (self.curriculum_start is None):
            missing = "curriculum_start" if self.curriculum_start is None else "curriculum"
            raise InvalidValueError(
                missing,
                None,
                allowed="a curriculum and its start day together, or neither",
                reason="is missing",
            )

    @property
    def tz(self) -> pendulum.Timezone:
        """The program's time zone (its calendar's)."""
        return self.calendar.tz

    @property
    def weekly_hours(self) -> tuple[float, ...]:
        """Each timetable's wall-clock hours a week."""
        return tuple(template.weekly_hours for template in self.schedules)

    def view(self) -> View:
        """What the program shows: its level, populations, conditions and timetables.

        Then its time zone, ruleset, curriculum and group size; coded values and the
        program's own labels only (see :func:`iopcore.explain.explain_program`).
        """
        headline = f"program {self.id}: {self.name}"
        rows = _program_rows(self)
        return View(
            kind="program",
            headline=headline,
            lines=(headline, *(f"{label}: {text}" for label, text in rows)),
            parts=(Pairs(rows),),
        )

    def lines(self) -> tuple[str, ...]:
        """The program as text lines (see :func:`iopcore.explain.explain_program`)."""
        return self.view().lines


# ---------------------------------------------------------------- the program's view

_WEEKDAY_NAMES: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _program_rows(program: Program) -> tuple[tuple[str, str], ...]:
    """(label, text) rows: coded values and the program's own labels only."""
    rows = [
        ("level", program.level.name),
        ("populations", ", ".join(sorted(p.value for p in program.populations))),
        ("conditions", ", ".join(sorted(c.value for c in program.conditions))),
        ("time zone", program.tz.name),
        ("ruleset", program.ruleset),
    ]
    for number, template in enumerate(program.schedules, start=1):
        slots = ", ".join(
            f"{_WEEKDAY_NAMES[int(slot.weekday)]} {slot.start.strftime('%H:%M')}-"
            f"{slot.end.strftime('%H:%M')} {slot.service.value}"
            for slot in template.slots
        )
        rows.append((f"schedule {number}", f"{slots} ({template.weekly_hours:g} h/wk)"))
    curriculum = program.curriculum
    if curriculum is not None and program.curriculum_start is not None:
        kind = "cyclic" if curriculum.cyclic else "linear"
        modules = ", ".join(
            f"{m.name} {m.length} {curriculum.unit.value} ({m.approach.value})"
            for m in curriculum.modules
        )
        rows.append(
            (
                "curriculum",
                (
                    f"{curriculum.name}, {kind}, {curriculum.cycle_length} "
                    f"{curriculum.unit.value} from {program.curriculum_start.isoformat()}: "
                    f"{modules}"
                ),
            )
        )
    size = program.max_group_size
    rows.append(("group size", "no maximum set" if size is None else f"at most {size}"))
    return tuple(rows)
