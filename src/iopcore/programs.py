"""Programs: what a clinic runs, and whether it fits a participant.

A :class:`Program` is one program a clinic runs: an adult depression-and-anxiety IOP
three mornings a week, an adolescent evening IOP, an eating-disorder PHP. It has the
level of care it delivers, the populations and conditions it serves, its calendar (time
zone, open days, closures), one or more weekly :class:`~iopcore.sessions.ScheduleTemplate`
timetables (a morning and an evening track, say), an optional :class:`Curriculum`, a
maximum group size and the id of the ruleset whose hour bands it follows.

What an app can ask of a program:

* :func:`match`: can it serve this participant at the level placement calls for? Each
  mismatch is a :class:`ProgramFinding` (a level that differs is a finding, not an error);
  a placement that is not determinable gives the outcome "not determinable", never a guess.
* :func:`schedule_intensity`: does each timetable deliver the weekly hours that
  :func:`~iopcore.intensity.requirement_for` asks at its level, for each population it
  serves, across clock changes and closures? (It is
  :func:`~iopcore.intensity.planned_compliance`, once per timetable and population.)
* :func:`curriculum_progress`: where is a participant in the curriculum, which modules did
  they miss, have they completed a full cycle?
* :func:`group_capacity`: which group meetings had more participants than the program's
  maximum group size?

**How a session maps to a curriculum position.** A curriculum measured in weeks
(``LengthUnit.WEEKS``) runs on the program's calendar for the whole group: a session's
position is its program week (in the program's time zone, weeks starting on the
calendar's ``first_weekday``) counted from the week that holds ``curriculum_start``.
Closures do not pause it: a closed week still passes. So a participant who joins late
comes in mid-cycle, and in a cyclic curriculum completes the cycle when they come back to
the module where they started. A curriculum measured in sessions
(``LengthUnit.SESSIONS``) is taken in order by each participant: their *k*-th held
curriculum session (attended or missed; program cancellations do not count) on or after
``curriculum_start`` is position *k*; it suits closed cohorts and individual work. Only
sessions of the curriculum's ``services`` count, and none after ``as_of``.

**Group size** is a program parameter with no default claimed: the typical IOP group of
about 8-12 is not confirmed against a primary source (unconfirmed).

References:
    * DBT skills modules and the 24-week cycle: Rankin Behavioral Health, "DBT skills"
      (https://www.rankinbh.com/dbt-skills: 24 group sessions, mindfulness 2 before
      each of emotion regulation 7, distress tolerance 6, interpersonal
      effectiveness 5); nuhealing.ca; thirahealth.com.
    * Module lengths before and after the 2015 manual: Table 1 of "Dialectical
      behaviour therapy skills reconsidered", *Borderline Personality Disorder and
      Emotion Dysregulation* 2020, doi:10.1186/s40479-020-0119-y (each module 8 weeks
      before the 2015 revision of the skills manual; since then 2 + 7 for emotion
      regulation and 2 + 5 for interpersonal effectiveness).
    * Weekly hours by level and population: :mod:`iopcore.rulesets.asam` and
      :mod:`iopcore.rulesets.medicare`, which cite their own sources.
    * Typical group size of about 8-12: unconfirmed, no public source cited.

>>> import pendulum
>>> from iopcore import LevelOfCare
>>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
>>> mornings = ScheduleTemplate(
...     tz="America/New_York",
...     slots=[
...         WeeklySlot(weekday=day, start=pendulum.time(9), end=pendulum.time(12))
...         for day in (0, 2, 4)
...     ],
... )
>>> program = Program(
...     id="adult-iop",
...     name="Adult DBT IOP",
...     level=LevelOfCare.INTENSIVE_OUTPATIENT,
...     populations=["adult"],
...     conditions=["depression", "borderline personality disorder"],
...     calendar=ProgramCalendar(tz="America/New_York"),
...     schedules=[mornings],
...     curriculum=DBT_SKILLS,
...     curriculum_start=pendulum.date(2026, 1, 5),
...     max_group_size=10,
... )
>>> program.weekly_hours
(9.0,)
>>> DBT_SKILLS.cycle_length, [module.name for module in DBT_SKILLS.modules][:3]
(24, ['mindfulness', 'distress tolerance', 'mindfulness'])
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable
from typing import Final

import attrs
import pendulum

from iopcore._render import Items, Pairs, Shown, Table, View
from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_date,
    to_identifier,
    to_int,
    to_member,
    to_members,
)
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.intensity import (
    IntensityRequirement,
    PartialWeeks,
    WeeklyCompliance,
    planned_compliance,
    requirement_for,
)
from iopcore.levels import LevelOfCare
from iopcore.participants import DEFAULT_ADULT_AGE, Condition, Participant, Population
from iopcore.placement import Placement
from iopcore.rulesets import Ruleset, available, get_ruleset
from iopcore.sessions import Attendance, ProgramCalendar, ScheduleTemplate, ServiceType, Session

__all__ = [
    "DBT_SKILLS",
    "DEFAULT_GROUP_SERVICES",
    "MAX_MODULE_LENGTH",
    "Approach",
    "Curriculum",
    "CurriculumProgress",
    "GroupMeeting",
    "LengthUnit",
    "Match",
    "MatchOutcome",
    "Module",
    "ModuleAttendance",
    "Program",
    "ProgramCheck",
    "ProgramFinding",
    "ScheduleCheck",
    "curriculum_progress",
    "group_capacity",
    "match",
    "schedule_intensity",
]

#: Longest module accepted, in weeks or sessions (two years of weekly sessions).
MAX_MODULE_LENGTH: Final = 104
#: Most modules in one curriculum.
_MAX_MODULES: Final = 100

#: The services that meet as groups, and so count toward a group's size and deliver a
#: curriculum, unless the program or curriculum says otherwise.
DEFAULT_GROUP_SERVICES: Final = frozenset(
    {ServiceType.GROUP_THERAPY, ServiceType.SKILLS_GROUP, ServiceType.PSYCHOEDUCATION}
)


class Approach(enum.Enum):
    """The therapeutic approach of a curriculum module."""

    CBT = "CBT"
    DBT = "DBT"
    ACT = "ACT"
    MOTIVATIONAL_INTERVIEWING = "MI"
    PSYCHOEDUCATION = "psychoeducation"
    RELAPSE_PREVENTION = "relapse prevention"
    FAMILY_BASED = "family-based"
    OTHER = "other"


class LengthUnit(enum.Enum):
    """What a curriculum's module lengths count (see the module docstring for the mapping)."""

    #: Program weeks on the program's calendar, the same for the whole group.
    WEEKS = "weeks"
    #: Each participant's held curriculum sessions, in order.
    SESSIONS = "sessions"


# ---------------------------------------------------------------- converters


def _name(value: object) -> str:
    return to_identifier(value, field="name")


def _approach(value: object) -> Approach:
    return to_member(Approach, value, field="approach")


def _length(value: object) -> int:
    return to_int(value, field="length", minimum=1, maximum=MAX_MODULE_LENGTH)


def _unit(value: object) -> LengthUnit:
    return to_member(LengthUnit, value, field="unit")


def _cyclic(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("cyclic", value, allowed="True or False")
    return value


def _source(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("source", value, allowed="a citation (str)")
    return value


def _service_set(values: object, field: str) -> frozenset[ServiceType]:
    found = to_members(
        ServiceType,
        values,
        field=field,
        allowed_iterable="an iterable of ServiceType members or their values",
    )
    if not found:
        raise InvalidValueError(
            field, values, allowed="at least one ServiceType", reason="is empty"
        )
    return found


def _curriculum_services(values: object) -> frozenset[ServiceType]:
    return _service_set(values, "services")


def _group_services(values: object) -> frozenset[ServiceType]:
    return _service_set(values, "group_services")


def _sequence(values: object, *, field: str, kind: type, noun: str) -> tuple[object, ...]:
    allowed = f"a non-empty sequence of {noun}"
    if isinstance(values, str | bytes | kind) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed)
    found = tuple(values)
    collector = ErrorCollector(field)
    for index, value in enumerate(found):
        with collector.catch():
            if not isinstance(value, kind):
                raise InvalidTypeError(f"$.{field}[{index}]", value, allowed=f"a {kind.__name__}")
    collector.raise_if_any()
    if not found:
        raise InvalidValueError(field, values, allowed=allowed, reason="is empty")
    return found


# ---------------------------------------------------------------- curricula


@attrs.frozen(kw_only=True)
class Module:
    """One module of a curriculum.

    Args:
        name: What the module is called (``"emotion regulation"``); a label, not a person.
        approach: An :class:`Approach` or its value (``"DBT"``).
        length: How long it runs, in the curriculum's :class:`LengthUnit` (1 to
            :data:`MAX_MODULE_LENGTH`).

    >>> Module(name="cognitive restructuring", approach="CBT", length=3)
    Module(name='cognitive restructuring', approach=<Approach.CBT: 'CBT'>, length=3)
    """

    name: str = attrs.field(converter=_name)
    approach: Approach = attrs.field(converter=_approach)
    length: int = attrs.field(converter=_length)


def _modules(values: object) -> tuple[Module, ...]:
    found = _sequence(values, field="modules", kind=Module, noun="Module values")
    if len(found) > _MAX_MODULES:
        raise InvalidValueError(
            "modules", len(found), allowed=f"at most {_MAX_MODULES} modules", reason="is too many"
        )
    return found  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Curriculum:
    """Ordered modules that a program teaches, once (linear) or round and round (cyclic).

    A module may occur more than once (DBT repeats mindfulness before each module); a
    module is told apart by its index in ``modules``.

    Args:
        name: What the curriculum is called.
        modules: The modules in order (at least one).
        unit: What module lengths count: ``LengthUnit.WEEKS`` (default) or ``SESSIONS``.
        cyclic: Whether it starts over after the last module (default true): a rolling
            group that participants join at any point.
        services: The session types that deliver it (default: group therapy, skills
            group and psychoeducation).
        source: Where its structure comes from.

    Raises:
        InvalidValueError: no modules, or no services.
        InvalidTypeError: a module that is not a :class:`Module`.

    >>> cbt = Curriculum(
    ...     name="CBT for depression",
    ...     modules=[
    ...         Module(name="behavioural activation", approach="CBT", length=4),
    ...         Module(name="cognitive restructuring", approach="CBT", length=4),
    ...     ],
    ...     unit="sessions",
    ...     cyclic=False,
    ... )
    >>> cbt.cycle_length, cbt.module_at(5)
    (8, 1)
    """

    name: str = attrs.field(converter=_name)
    modules: tuple[Module, ...] = attrs.field(converter=_modules)
    unit: LengthUnit = attrs.field(default=LengthUnit.WEEKS, converter=_unit)
    cyclic: bool = attrs.field(default=True, converter=_cyclic)
    services: frozenset[ServiceType] = attrs.field(
        default=DEFAULT_GROUP_SERVICES, converter=_curriculum_services
    )
    source: str = attrs.field(default="", converter=_source)
    # Where each module starts, in positions from the start of a cycle.
    _starts: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        starts, total = [], 0
        for module in self.modules:
            starts.append(total)
            total += module.length
        object.__setattr__(self, "_starts", tuple(starts))

    @property
    def cycle_length(self) -> int:
        """The length of one pass through every module, in the curriculum's unit."""
        return self._starts[-1] + self.modules[-1].length

    def module_at(self, position: int) -> int | None:
        """The index of the module at ``position`` (0 = the first week or session).

        A cyclic curriculum wraps round; a linear one gives ``None`` past its end.

        Raises:
            InvalidValueError: a negative position.
        """
        at = to_int(position, field="position", minimum=0)
        if at >= self.cycle_length and not self.cyclic:
            return None
        return bisect.bisect_right(self._starts, at % self.cycle_length) - 1

    def _occurrence(self, position: int) -> int:
        """The module occurrence (module index plus modules of earlier cycles)."""
        cycle, offset = divmod(position, self.cycle_length)
        return cycle * len(self.modules) + bisect.bisect_right(self._starts, offset) - 1

    def _first_position(self, occurrence: int) -> int:
        cycle, index = divmod(occurrence, len(self.modules))
        return cycle * self.cycle_length + self._starts[index]

    def _end_position(self, occurrence: int) -> int:
        index = occurrence % len(self.modules)
        return self._first_position(occurrence) + self.modules[index].length


#: The DBT skills curriculum: four modules, mindfulness before each of the other three,
#: 24 weeks a cycle, repeated (rankinbh.com/dbt-skills; nuhealing.ca). The lengths are
#: those of the 2015 skills manual's schedule (rankinbh.com/dbt-skills; BPDED 2020,
#: doi:10.1186/s40479-020-0119-y, Table 1): mindfulness 2 weeks before each module,
#: distress tolerance 6, emotion regulation 7, interpersonal effectiveness 5;
#: 3 x 2 + 6 + 7 + 5 = 24 weeks. Before the 2015 manual each module (its mindfulness
#: weeks included) ran 8 weeks (BPDED 2020, Table 1 note). The order of the three
#: modules after mindfulness is a program choice (the sources give no fixed order);
#: change it with :func:`attrs.evolve`.
DBT_SKILLS: Final = Curriculum(
    name="DBT skills",
    modules=[
        Module(name="mindfulness", approach=Approach.DBT, length=2),  # rankinbh.com: 2 weeks
        Module(name="distress tolerance", approach=Approach.DBT, length=6),  # rankinbh.com: 6
        Module(name="mindfulness", approach=Approach.DBT, length=2),  # rankinbh.com: 2 weeks
        Module(name="emotion regulation", approach=Approach.DBT, length=7),  # BPDED 2020: 7
        Module(name="mindfulness", approach=Approach.DBT, length=2),  # rankinbh.com: 2 weeks
        Module(name="interpersonal effectiveness", approach=Approach.DBT, length=5),  # 5
    ],
    unit=LengthUnit.WEEKS,
    cyclic=True,
    services=[ServiceType.SKILLS_GROUP],
    source=(
        "four DBT skills modules, 24 weeks a cycle (https://www.rankinbh.com/dbt-skills; "
        "nuhealing.ca); module lengths of the 2015 skills manual's schedule "
        "(rankinbh.com; Borderline Personality Disorder and Emotion Dysregulation 2020, "
        "doi:10.1186/s40479-020-0119-y, Table 1)"
    ),
)


# ---------------------------------------------------------------- programs


def _program_id(value: object) -> str:
    return to_identifier(value, field="id")


def _level(value: object) -> LevelOfCare:
    if isinstance(value, LevelOfCare):
        return value
    if isinstance(value, str):
        try:
            return LevelOfCare.from_code(value)
        except UnknownCodeError as error:  # named for this field, not from_code's argument
            raise UnknownCodeError("level", value, allowed=error.allowed) from None
    raise InvalidTypeError("level", value, allowed="a LevelOfCare member or its code ('IOP')")


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
    found = _sequence(values, field="schedules", kind=ScheduleTemplate, noun="ScheduleTemplate")
    return found  # type: ignore[return-value]  # noqa: RET504 - narrowed by _sequence


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
    name: str = attrs.field(converter=_name)
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


# ---------------------------------------------------------------- findings


class ProgramCheck(enum.Enum):
    """What a program finding is about."""

    #: The program's level differs from the level placement calls for.
    LEVEL = "level"
    #: The placement does not settle a level, so the level fit cannot be told.
    LEVEL_NOT_DETERMINABLE = "level not determinable"
    #: The participant's population on ``as_of`` is not one the program serves.
    POPULATION = "population"
    #: A condition of the participant's that the program does not serve.
    CONDITION = "condition"
    #: The participant has no conditions recorded, so the condition fit cannot be told.
    CONDITIONS_NOT_RECORDED = "conditions not recorded"
    #: A group meeting attended by more participants than the maximum group size.
    OVER_CAPACITY = "over capacity"


@attrs.frozen(kw_only=True)
class ProgramFinding:
    """One thing found when a program is checked: coded values only, no personal data.

    Attributes:
        check: What it is about.
        observed: What was found (a level code, population, condition or count), or
            ``None`` when it is missing.
        required: What the program has or allows, in words or as a number.
        text: The finding in words.
    """

    check: ProgramCheck
    observed: str | int | None
    required: str | int | None
    text: str


# ---------------------------------------------------------------- matching


class MatchOutcome(enum.Enum):
    """Whether a program can serve a participant now."""

    FITS = "fits"
    MISMATCH = "mismatch"
    NOT_DETERMINABLE = "not determinable"


@attrs.frozen(kw_only=True)
class Match:
    """Whether a program can serve a participant, and each mismatch.

    Attributes:
        program_id: The program's id.
        participant_id: The participant's opaque id.
        as_of: The day it was judged for.
        outcome: Fits, mismatch, or not determinable.
        level: The level placement calls for (the chosen level if an override was
            recorded), or ``None`` when not determinable.
        findings: One finding per mismatch or unknown.
    """

    program_id: str
    participant_id: str
    as_of: pendulum.Date
    outcome: MatchOutcome
    level: LevelOfCare | None
    findings: tuple[ProgramFinding, ...]

    @property
    def fits(self) -> bool:
        """Whether the program can serve the participant now (no finding at all)."""
        return self.outcome is MatchOutcome.FITS

    def lines(self) -> tuple[str, ...]:
        """The outcome, then one line per finding (see :func:`match` for an example)."""
        head = f"{self.program_id} for {self.participant_id} on {self.as_of.isoformat()}"
        return (f"{head}: {self.outcome.value}", *(finding.text for finding in self.findings))


def _names(members: Iterable[enum.Enum]) -> str:
    return ", ".join(sorted(str(member.value) for member in members))


def match(
    program: Program,
    participant: Participant,
    placement: Placement,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
) -> Match:
    """Whether ``program`` can serve ``participant`` on ``as_of`` at the placement's level.

    Checks, each giving a :class:`ProgramFinding` when it fails:

    * population: the participant's population on ``as_of`` (by the program's
      ``adult_age``) is one the program serves;
    * conditions: every condition of the participant's is one the program serves
      (none recorded: the fit cannot be told);
    * level: the program's level is the level placement calls for, the chosen level if
      an override was recorded, else the recommended one (none: cannot be told).

    The outcome is ``MISMATCH`` when any check fails, else ``NOT_DETERMINABLE`` when
    any cannot be told, else ``FITS``.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        InvalidValueError: a placement of another participant, or made after ``as_of``.

    >>> import pendulum
    >>> from iopcore import Participant
    >>> from iopcore.placement import recommend_level
    >>> from iopcore.assessments import Assessment
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> program = Program(
    ...     id="teen-evening",
    ...     name="Adolescent evening IOP",
    ...     level="IOP",
    ...     populations=["adolescent"],
    ...     conditions=["depression", "anxiety"],
    ...     calendar=ProgramCalendar(tz="America/Chicago"),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz="America/Chicago",
    ...             slots=[
    ...                 WeeklySlot(weekday=d, start=pendulum.time(16), end=pendulum.time(19))
    ...                 for d in (0, 1, 3)
    ...             ],
    ...         )
    ...     ],
    ... )
    >>> on = pendulum.date(2026, 3, 2)
    >>> person = Participant(id="p-7", birth_date=pendulum.date(2000, 1, 1), conditions=["ocd"])
    >>> placement = recommend_level(
    ...     Assessment(participant_id="p-7", assessed_on=on, ratings={"safety": 4}), as_of=on
    ... )
    >>> result = match(program, person, placement, as_of=on)
    >>> result.outcome.value
    'mismatch'
    >>> for line in result.lines()[1:]:
    ...     print(line)
    population: adult not served (serves adolescent)
    condition: ocd not served (serves anxiety, depression)
    level: placement calls for INPATIENT, the program delivers INTENSIVE_OUTPATIENT
    """
    if not isinstance(program, Program):
        raise InvalidTypeError("program", program, allowed="a Program")
    if not isinstance(participant, Participant):
        raise InvalidTypeError("participant", participant, allowed="a Participant")
    if not isinstance(placement, Placement):
        raise InvalidTypeError("placement", placement, allowed="a Placement")
    on = to_as_of(as_of)
    if placement.participant_id != participant.id:
        raise InvalidValueError(
            "placement.participant_id",
            placement.participant_id,
            allowed=f"the participant's id {participant.id!r}",
        )
    if placement.as_of > on:
        raise InvalidValueError(
            "placement.as_of", placement.as_of, allowed=f"a day on or before as_of={on}"
        )
    population = participant.population_on(on, adult_age=program.adult_age)
    level = placement.actual_level
    findings = [
        *_population_findings(program, population),
        *_condition_findings(program, participant.conditions),
        *_level_findings(program, placement, level),
    ]
    checks = {finding.check for finding in findings}
    failed = bool(checks & _MISMATCHES)
    unknown = bool(checks - _MISMATCHES)
    if failed:
        outcome = MatchOutcome.MISMATCH
    elif unknown:
        outcome = MatchOutcome.NOT_DETERMINABLE
    else:
        outcome = MatchOutcome.FITS
    return Match(
        program_id=program.id,
        participant_id=participant.id,
        as_of=on,
        outcome=outcome,
        level=level,
        findings=tuple(findings),
    )


def _value(member: enum.Enum) -> str:
    return str(member.value)


#: Findings that make a match fail (the others leave it not determinable).
_MISMATCHES: Final = frozenset(
    {ProgramCheck.LEVEL, ProgramCheck.POPULATION, ProgramCheck.CONDITION}
)


def _population_findings(program: Program, population: Population) -> list[ProgramFinding]:
    if population in program.populations:
        return []
    served = _names(program.populations)
    return [
        ProgramFinding(
            check=ProgramCheck.POPULATION,
            observed=population.value,
            required=served,
            text=f"population: {population.value} not served (serves {served})",
        )
    ]


def _condition_findings(program: Program, conditions: frozenset[Condition]) -> list[ProgramFinding]:
    served = _names(program.conditions)
    if not conditions:
        return [
            ProgramFinding(
                check=ProgramCheck.CONDITIONS_NOT_RECORDED,
                observed=None,
                required=served,
                text=f"conditions: none recorded, cannot tell (serves {served})",
            )
        ]
    return [
        ProgramFinding(
            check=ProgramCheck.CONDITION,
            observed=condition.value,
            required=served,
            text=f"condition: {condition.value} not served (serves {served})",
        )
        for condition in sorted(conditions - program.conditions, key=_value)
    ]


def _level_findings(
    program: Program, placement: Placement, level: LevelOfCare | None
) -> list[ProgramFinding]:
    if level is None:
        return [
            ProgramFinding(
                check=ProgramCheck.LEVEL_NOT_DETERMINABLE,
                observed=None,
                required=program.level.code,
                text=(
                    f"level: placement not determinable (at least {placement.at_least.name}), "
                    f"the program delivers {program.level.name}"
                ),
            )
        ]
    if level is program.level:
        return []
    return [
        ProgramFinding(
            check=ProgramCheck.LEVEL,
            observed=level.code,
            required=program.level.code,
            text=(
                f"level: placement calls for {level.name}, the program delivers "
                f"{program.level.name}"
            ),
        )
    ]


# ---------------------------------------------------------------- schedule intensity


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


# ---------------------------------------------------------------- group capacity


@attrs.frozen(kw_only=True)
class GroupMeeting:
    """One meeting of a group: the sessions of one group service at one time.

    Attributes:
        service: The group service.
        start: When it started.
        end: When it ended.
        scheduled: Participants with a record of it (all but program cancellations).
        attended: Participants who attended, in full or in part.
        max_size: The program's maximum group size, or ``None`` for no limit set.
        findings: An ``OVER_CAPACITY`` finding when more attended than allowed.
    """

    service: ServiceType
    start: pendulum.DateTime
    end: pendulum.DateTime
    scheduled: int
    attended: int
    max_size: int | None
    findings: tuple[ProgramFinding, ...] = ()

    @property
    def over_capacity(self) -> bool:
        """Whether more participants attended than the maximum group size."""
        return bool(self.findings)


def _checked_sessions(sessions: object) -> list[Session]:
    allowed = "an iterable of Session values"
    if isinstance(sessions, str | bytes | Session) or not isinstance(sessions, Iterable):
        raise InvalidTypeError("sessions", sessions, allowed=allowed)
    found = list(sessions)
    collector = ErrorCollector("sessions")
    for index, session in enumerate(found):
        with collector.catch():
            if not isinstance(session, Session):
                raise InvalidTypeError(f"$.sessions[{index}]", session, allowed="a Session")
    collector.raise_if_any()
    return found


def group_capacity(program: Program, sessions: Iterable[Session]) -> tuple[GroupMeeting, ...]:
    """Each group meeting's attendance against the program's maximum group size.

    A meeting is the sessions of one of the program's ``group_services`` with the same
    start and end (the same instant, in any time zone); each participant counts once.
    Concurrent groups of one service at the same time are told apart only by service,
    so record them as different services or check them separately. Other services are
    left out.

    Returns:
        The meetings in time order (then by service), each with an ``OVER_CAPACITY``
        finding when more attended than ``program.max_group_size``.

    Raises:
        InvalidTypeError: ``program`` is not a Program, or an item is not a Session.

    >>> import pendulum
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, Session, WeeklySlot
    >>> zone = "Europe/London"
    >>> program = Program(
    ...     id="p",
    ...     name="Small groups",
    ...     level="IOP",
    ...     populations=["adult"],
    ...     conditions=["anxiety"],
    ...     calendar=ProgramCalendar(tz=zone),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz=zone,
    ...             slots=[WeeklySlot(weekday=0, start=pendulum.time(9), end=pendulum.time(12))],
    ...         )
    ...     ],
    ...     max_group_size=2,
    ... )
    >>> start = pendulum.datetime(2026, 3, 2, 9, tz=zone)
    >>> meetings = group_capacity(
    ...     program,
    ...     [
    ...         Session(
    ...             participant_id=f"p-{n}",
    ...             service="group therapy",
    ...             start=start,
    ...             end=start.add(hours=3),
    ...             attendance="attended",
    ...         )
    ...         for n in range(3)
    ...     ],
    ... )
    >>> meetings[0].attended, meetings[0].findings[0].text
    (3, 'over capacity: 3 attended, at most 2 allowed')
    """
    if not isinstance(program, Program):
        raise InvalidTypeError("program", program, allowed="a Program")
    meetings: dict[tuple[float, float, str], tuple[set[str], set[str], Session]] = {}
    for session in _checked_sessions(sessions):
        if session.service not in program.group_services:
            continue
        if session.attendance is Attendance.CANCELLED:
            continue
        key = (session.start.timestamp(), session.end.timestamp(), session.service.value)
        held, came, _ = meetings.setdefault(key, (set(), set(), session))
        held.add(session.participant_id)
        if session.attendance.attended:
            came.add(session.participant_id)
    most = program.max_group_size
    found = []
    for key in sorted(meetings):
        held, came, first = meetings[key]
        findings: tuple[ProgramFinding, ...] = ()
        if most is not None and len(came) > most:
            findings = (
                ProgramFinding(
                    check=ProgramCheck.OVER_CAPACITY,
                    observed=len(came),
                    required=most,
                    text=f"over capacity: {len(came)} attended, at most {most} allowed",
                ),
            )
        found.append(
            GroupMeeting(
                service=first.service,
                start=first.start,
                end=first.end,
                scheduled=len(held),
                attended=len(came),
                max_size=most,
                findings=findings,
            )
        )
    return tuple(found)


# ---------------------------------------------------------------- curriculum progress


@attrs.frozen(kw_only=True)
class ModuleAttendance:
    """One pass through one module, as a participant had it.

    Attributes:
        index: The module's index in ``curriculum.modules``.
        cycle: Which pass through the curriculum (0 = the first since its start).
        name: The module's name.
        held: The participant's curriculum sessions in it (attended or missed).
        attended: Those attended, in full or in part.
        finished: Whether the module's pass was over by ``as_of``.
    """

    index: int
    cycle: int
    name: str
    held: int
    attended: int
    finished: bool


@attrs.frozen(kw_only=True)
class CurriculumProgress(Shown):
    """Where one participant is in a program's curriculum on ``as_of``.

    Attributes:
        program_id: The program's id.
        participant_id: Whose sessions they were (``None`` with no sessions).
        curriculum: The curriculum.
        as_of: The day it was worked out for.
        position: The current curriculum position, in weeks or sessions from
            ``curriculum_start`` (see the module docstring), or ``None`` as ``current``.
        current: The index of the module the participant is in: the module the group
            is on in the week of ``as_of`` (weeks), or the module of their latest held
            session (sessions); ``None`` before the curriculum starts, past the end of a
            linear one, or (sessions) with none held.
        sessions_in_current: Sessions attended in the current module's pass.
        started: The index of the module of their first attended session, or ``None``.
        attended: Curriculum sessions attended in all.
        passes: Each module pass from the one they started in to the current one.
        missed: Indices of modules with a finished pass since they started and no
            attended session in any pass since then, in curriculum order.
        completed: Whether they completed a full cycle. A linear curriculum: it is
            over and they attended every module. A cyclic one: they attended every
            module in order from the module where they started and are back in that
            module (a session attended in its next pass); or, if they attended that
            module from its first week (or session), the module before it is over.
    """

    program_id: str
    participant_id: str | None
    curriculum: Curriculum
    as_of: pendulum.Date
    position: int | None
    current: int | None
    sessions_in_current: int
    started: int | None
    attended: int
    passes: tuple[ModuleAttendance, ...]
    missed: tuple[int, ...]
    completed: bool

    @property
    def current_module(self) -> Module | None:
        """The module the participant is in, or ``None``."""
        return None if self.current is None else self.curriculum.modules[self.current]

    def lines(self) -> tuple[str, ...]:
        """The progress as text lines (see :func:`iopcore.explain.explain_progress`).

        >>> import pendulum
        >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
        >>> zone = "Europe/London"
        >>> program = Program(
        ...     id="dbt",
        ...     name="DBT",
        ...     level="IOP",
        ...     populations=["adult"],
        ...     conditions=["depression"],
        ...     calendar=ProgramCalendar(tz=zone),
        ...     schedules=[
        ...         ScheduleTemplate(
        ...             tz=zone,
        ...             slots=[
        ...                 WeeklySlot(weekday=0, start=pendulum.time(9), end=pendulum.time(12))
        ...             ],
        ...         )
        ...     ],
        ...     curriculum=DBT_SKILLS,
        ...     curriculum_start=pendulum.date(2026, 1, 5),
        ... )
        >>> progress = curriculum_progress(program, [], as_of=pendulum.date(2026, 1, 21))
        >>> print(progress.lines()[0])
        no sessions, DBT skills in dbt on 2026-01-21: module 2 of 6, distress tolerance
          (0 attended in it)
        """
        return self.view().lines

    def view(self) -> View:
        """Where the participant is in the curriculum, and how they got there.

        Text: the headline, where they started, sessions attended, modules missed
        and whether they completed a full cycle. HTML and Markdown add a table of
        each module pass since they started.
        """
        headline = _progress_headline(self)
        summary = _progress_summary(self)
        return View(
            kind="progress",
            headline=headline,
            lines=(headline, *summary),
            parts=(Items(summary), Table(_PROGRESS_COLUMNS, _progress_rows(self))),
        )


def _positions(
    program: Program, curriculum: Curriculum, sessions: list[Session], on: pendulum.Date
) -> tuple[list[tuple[int, bool]], int | None]:
    """Each held curriculum session as (position, attended), and the current position."""
    calendar = program.calendar
    zone = calendar.tz
    begun = program.curriculum_start
    assert begun is not None  # noqa: S101 - checked by the caller
    week0 = calendar.week_start(begun).toordinal()
    held = []
    for session in sessions:
        if session.service not in curriculum.services:
            continue
        if session.attendance is Attendance.CANCELLED:
            continue
        day = session.start.in_timezone(zone).date()
        if day < begun or day > on:
            continue
        held.append((session.start.timestamp(), day, session.attendance.attended))
    held.sort(key=lambda item: item[0])
    if curriculum.unit is LengthUnit.SESSIONS:
        found = [(position, came) for position, (_, _, came) in enumerate(held)]
        return found, (len(found) - 1 if found else None)
    # week0 is the first day of a program week, so whole weeks from it give the week.
    found = [((day.toordinal() - week0) // 7, came) for _, day, came in held]
    now = None if on < begun else (calendar.week_start(on).toordinal() - week0) // 7
    return found, now


def curriculum_progress(
    program: Program,
    sessions: Iterable[Session],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
) -> CurriculumProgress:
    """Where a participant is in ``program``'s curriculum, from their sessions.

    Sessions map to curriculum positions as the module docstring says (by program week
    for a curriculum in weeks, by the participant's held sessions for one in sessions).
    Only sessions of the curriculum's services count; program cancellations, sessions
    before ``curriculum_start`` and sessions after ``as_of`` are left out. A session
    attended in part counts as attended.

    Raises:
        InvalidValueError: a program without a curriculum, or sessions of several
            participants.
        InvalidTypeError: an argument of the wrong type.

    >>> import pendulum
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, Session, WeeklySlot
    >>> zone = "America/New_York"
    >>> program = Program(
    ...     id="dbt-iop",
    ...     name="DBT IOP",
    ...     level="IOP",
    ...     populations=["adult"],
    ...     conditions=["borderline personality disorder"],
    ...     calendar=ProgramCalendar(tz=zone),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz=zone,
    ...             slots=[
    ...                 WeeklySlot(
    ...                     weekday=d,
    ...                     start=pendulum.time(9),
    ...                     end=pendulum.time(12),
    ...                     service="skills group",
    ...                 )
    ...                 for d in (0, 2, 4)
    ...             ],
    ...         )
    ...     ],
    ...     curriculum=DBT_SKILLS,
    ...     curriculum_start=pendulum.date(2026, 1, 5),
    ... )
    >>> def monday(week, attendance="attended"):
    ...     start = pendulum.datetime(2026, 1, 5, 9, tz=zone).add(weeks=week)
    ...     return Session(
    ...         participant_id="p-1",
    ...         service="skills group",
    ...         start=start,
    ...         end=start.add(hours=3),
    ...         attendance=attendance,
    ...     )
    >>> late = [monday(week) for week in range(12, 20)]  # joins in week 3 of emotion regulation
    >>> progress = curriculum_progress(program, late, as_of=pendulum.date(2026, 5, 20))
    >>> progress.position, progress.current_module.name, progress.sessions_in_current
    (19, 'interpersonal effectiveness', 1)
    >>> progress.started, progress.completed
    (3, False)
    >>> round_once = late + [monday(week) for week in range(20, 34)]  # up to the cycle's end
    >>> curriculum_progress(program, round_once, as_of=pendulum.date(2026, 8, 23)).completed
    False
    >>> back = round_once + [monday(34)]  # back in emotion regulation
    >>> curriculum_progress(program, back, as_of=pendulum.date(2026, 8, 31)).completed
    True
    """
    if not isinstance(program, Program):
        raise InvalidTypeError("program", program, allowed="a Program")
    curriculum = program.curriculum
    if curriculum is None:
        raise InvalidValueError(
            "program.curriculum", None, allowed="a program with a curriculum", reason="is missing"
        )
    on = to_as_of(as_of)
    items = _checked_sessions(sessions)
    who = sorted({session.participant_id for session in items})
    if len(who) > 1:
        raise InvalidValueError(
            "sessions", f"{len(who)} participants", allowed="the sessions of one participant"
        )
    held, now = _positions(program, curriculum, items, on)
    count = len(curriculum.modules)
    # Positions before `reached` are over: weeks before the week of as_of, or the
    # participant's sessions held so far.
    reached = -1 if now is None else now + (curriculum.unit is LengthUnit.SESSIONS)
    if not curriculum.cyclic:
        held = [(p, came) for p, came in held if p < curriculum.cycle_length]
        if now is not None and now >= curriculum.cycle_length:
            now = None  # past the end of a linear curriculum
    attended_at = [p for p, came in held if came]
    by_pass: dict[int, list[int]] = {}  # occurrence -> [held, attended, first attended]
    for position, came in held:
        tally = by_pass.setdefault(curriculum._occurrence(position), [0, 0, position])  # noqa: SLF001
        tally[0] += 1
        if came:
            if tally[1] == 0:  # held is in time order: the first attended comes first
                tally[2] = position
            tally[1] += 1
    current = None if now is None else curriculum._occurrence(now)  # noqa: SLF001
    first = None if not attended_at else curriculum._occurrence(attended_at[0])  # noqa: SLF001
    passes = _passes(curriculum, by_pass, first, current, reached)
    seen = {item.index for item in passes if item.attended}
    missed = tuple(
        sorted({item.index for item in passes if item.finished and item.index not in seen})
    )
    return CurriculumProgress(
        program_id=program.id,
        participant_id=who[0] if who else None,
        curriculum=curriculum,
        as_of=on,
        position=now,
        current=None if current is None else current % count,
        sessions_in_current=0 if current is None else by_pass.get(current, [0, 0])[1],
        started=None if first is None else first % count,
        attended=len(attended_at),
        passes=tuple(passes),
        missed=missed,
        completed=_completed(curriculum, by_pass, reached),
    )


def _passes(
    curriculum: Curriculum,
    by_pass: dict[int, list[int]],
    first: int | None,
    current: int | None,
    reached: int,
) -> list[ModuleAttendance]:
    """Each module pass from the one the participant started in to the current one."""
    if first is None:
        return []
    count = len(curriculum.modules)
    # With no current module, a linear curriculum is over: show it to its end.
    last = count - 1 if current is None else current
    passes = []
    for occurrence in range(first, max(last, first) + 1):
        tally = by_pass.get(occurrence, [0, 0, 0])
        cycle, index = divmod(occurrence, count)
        passes.append(
            ModuleAttendance(
                index=index,
                cycle=cycle,
                name=curriculum.modules[index].name,
                held=tally[0],
                attended=tally[1],
                finished=curriculum._end_position(occurrence) <= reached,  # noqa: SLF001
            )
        )
    return passes


def _completed(curriculum: Curriculum, by_pass: dict[int, list[int]], reached: int) -> bool:
    """Whether a full cycle is done (see :attr:`CurriculumProgress.completed`)."""
    count = len(curriculum.modules)
    came = {occurrence for occurrence, tally in by_pass.items() if tally[1]}
    if not curriculum.cyclic:
        return reached >= curriculum.cycle_length and all(o in came for o in range(count))
    for start in came:
        if not all(start + step in came for step in range(1, count)):
            continue
        if start + count in came:  # back in the module where they started
            return True
        from_first = by_pass[start][2] == curriculum._first_position(start)  # noqa: SLF001
        if from_first and curriculum._end_position(start + count - 1) <= reached:  # noqa: SLF001
            return True
    return False


# ---------------------------------------------------------------- views of programs and progress

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


def _progress_headline(progress: CurriculumProgress) -> str:
    who = progress.participant_id or "no sessions"
    curriculum = progress.curriculum
    where = f"{curriculum.name} in {progress.program_id} on {progress.as_of.isoformat()}"
    module = progress.current_module
    if module is None or progress.current is None:
        return f"{who}, {where}: not in a module"
    number = progress.current + 1
    return (
        f"{who}, {where}: module {number} of {len(curriculum.modules)}, {module.name} "
        f"({progress.sessions_in_current} attended in it)"
    )


def _progress_summary(progress: CurriculumProgress) -> tuple[str, ...]:
    modules = progress.curriculum.modules
    started = "not yet" if progress.started is None else modules[progress.started].name
    missed = ", ".join(f"{modules[i].name} (module {i + 1})" for i in progress.missed)
    return (
        f"started in: {started}",
        f"sessions attended: {progress.attended}",
        f"missed: {missed or 'none'}",
        f"full cycle completed: {'yes' if progress.completed else 'no'}",
    )


_PROGRESS_COLUMNS: Final = ("cycle", "module", "name", "held", "attended", "finished")


def _progress_rows(progress: CurriculumProgress) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            str(item.cycle + 1),
            str(item.index + 1),
            item.name,
            str(item.held),
            str(item.attended),
            "yes" if item.finished else "no",
        )
        for item in progress.passes
    )
