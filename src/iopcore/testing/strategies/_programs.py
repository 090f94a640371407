"""Strategies for programs and curricula: timetables, calendars and modules.

A program's level is one its ruleset has hour bands for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import pendulum
from hypothesis import strategies as st

from iopcore._validation import to_int, to_member
from iopcore.exceptions import InvalidTypeError, UnknownCodeError
from iopcore.levels import LevelOfCare
from iopcore.testing.strategies._participants import conditions, identifiers, populations
from iopcore.testing.strategies._sessions import (
    FIRST_SESSION_DAY,
    LAST_SESSION_DAY,
    SESSION_TIME_ZONES,
    program_calendars,
)

if TYPE_CHECKING:
    from iopcore.programs import Curriculum, Program
    from iopcore.sessions import ScheduleTemplate

_MODULE_NAMES: Final = (
    "mindfulness",
    "distress tolerance",
    "emotion regulation",
    "interpersonal effectiveness",
    "behavioural activation",
    "cognitive restructuring",
    "relapse prevention",
)
#: Slot lengths drawn for schedule templates, in minutes.
_SLOT_MINUTES: Final = (60, 90, 120, 180, 240)


def _unit_option(value: object) -> object:
    from iopcore.programs import LengthUnit  # noqa: PLC0415 - only when building

    if value is None:
        return None
    return to_member(LengthUnit, value, field="unit")


@st.composite
def _curricula(
    draw: st.DrawFn, unit: object, cyclic: bool | None, most: int, longest: int
) -> Curriculum:
    from iopcore.programs import Approach, Curriculum, LengthUnit, Module  # noqa: PLC0415
    from iopcore.sessions import ServiceType  # noqa: PLC0415

    modules = draw(
        st.lists(
            st.builds(
                Module,
                name=st.sampled_from(_MODULE_NAMES),
                approach=st.sampled_from(Approach),
                length=st.integers(1, longest),
            ),
            min_size=1,
            max_size=most,
        )
    )
    return Curriculum(
        name="curriculum",
        modules=modules,
        unit=draw(st.sampled_from(LengthUnit)) if unit is None else unit,
        cyclic=draw(st.booleans()) if cyclic is None else cyclic,
        services=draw(st.frozensets(st.sampled_from(ServiceType), min_size=1, max_size=3)),
    )


def curricula(
    *,
    unit: str | None = None,
    cyclic: bool | None = None,
    max_modules: int = 6,
    max_length: int = 8,
) -> st.SearchStrategy[Curriculum]:
    """Curricula of 1 to ``max_modules`` modules, each 1 to ``max_length`` long.

    Args:
        unit: ``"weeks"`` or ``"sessions"`` (a :class:`~iopcore.programs.LengthUnit`);
            drawn if ``None``.
        cyclic: Whether the curricula are cyclic; drawn if ``None``.
        max_modules: Most modules (1 to 20).
        max_length: Longest module (1 to 26).

    Raises:
        UnknownCodeError: an unknown unit.
        InvalidTypeError: ``cyclic`` not a bool or ``None``.
        InvalidValueError: a bound out of range.

    >>> from hypothesis import given
    >>> @given(curricula(cyclic=True, max_modules=3))
    ... def test_small(curriculum):
    ...     assert 1 <= curriculum.cycle_length <= 3 * 8
    >>> test_small()
    """
    chosen = _unit_option(unit)
    if cyclic is not None and not isinstance(cyclic, bool):
        raise InvalidTypeError("cyclic", cyclic, allowed="True, False or None")
    most = to_int(max_modules, field="max_modules", minimum=1, maximum=20)
    longest = to_int(max_length, field="max_length", minimum=1, maximum=26)
    return _curricula(chosen, cyclic, most, longest)


@st.composite
def _templates(draw: st.DrawFn, zone: pendulum.Timezone) -> ScheduleTemplate:
    from iopcore.sessions import ScheduleTemplate, ServiceType, WeeklySlot  # noqa: PLC0415

    # One slot a weekday at most, so that no two slots overlap.
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=5, unique=True))
    slots = []
    for day in days:
        minutes = draw(st.sampled_from(_SLOT_MINUTES))
        begin = draw(st.integers(7 * 4, 17 * 4)) * 15  # 07:00 to 17:00 on the quarter hour
        end = begin + minutes
        slots.append(
            WeeklySlot(
                weekday=day,
                start=pendulum.time(begin // 60, begin % 60),
                end=pendulum.time(end // 60, end % 60),
                service=draw(st.sampled_from(ServiceType)),
            )
        )
    return ScheduleTemplate(tz=zone, slots=slots)


@st.composite
def _programs(
    draw: st.DrawFn, zone: pendulum.Timezone, with_curriculum: bool | None, ruleset: str
) -> Program:
    from iopcore.programs import Program  # noqa: PLC0415

    has_curriculum = draw(st.booleans()) if with_curriculum is None else with_curriculum
    days = st.integers(FIRST_SESSION_DAY.toordinal(), LAST_SESSION_DAY.toordinal()).map(
        pendulum.Date.fromordinal
    )
    return Program(
        id=draw(identifiers()),
        name="program",
        level=draw(st.sampled_from(_PROGRAM_LEVELS[ruleset])),
        populations=draw(st.frozensets(populations(), min_size=1)),
        conditions=draw(st.frozensets(conditions(), min_size=1, max_size=4)),
        calendar=draw(program_calendars(tz=zone)),
        schedules=draw(st.lists(_templates(zone), min_size=1, max_size=2)),
        curriculum=draw(curricula()) if has_curriculum else None,
        curriculum_start=draw(days) if has_curriculum else None,
        max_group_size=draw(st.none() | st.integers(1, 30)),
        ruleset=ruleset,
    )


#: The levels :func:`programs` draws for each ruleset: the ambulatory levels (the ones
#: an IOP clinic runs programs at) that it has hour bands for at both populations, so
#: that schedule_intensity() answers for every program drawn.
_PROGRAM_LEVELS: Final = {
    "asam": (
        LevelOfCare.OUTPATIENT,
        LevelOfCare.INTENSIVE_OUTPATIENT,
        LevelOfCare.PARTIAL_HOSPITALIZATION,
    ),
    "medicare": (LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION),
}


def programs(
    *,
    tz: str | pendulum.Timezone | None = None,
    curriculum: bool | None = None,
    ruleset: str = "asam",
) -> st.SearchStrategy[Program]:
    """Programs with 1 or 2 timetables, a drawn calendar, populations and conditions.

    No two slots of a timetable overlap (one a weekday at most). Unless ``curriculum``
    is false, a program may have a curriculum; the group size is drawn or ``None``.
    The level is one the ruleset has hour bands for at every population, so
    :func:`iopcore.programs.schedule_intensity` answers for each program drawn.

    Args:
        tz: The time zone; drawn from :data:`SESSION_TIME_ZONES` if ``None``.
        curriculum: With a curriculum (``True``), without (``False``), or either.
        ruleset: ``"asam"`` or ``"medicare"``.

    Raises:
        UnknownCodeError: an unknown time zone or ruleset.
        InvalidTypeError: ``curriculum`` not a bool or ``None``.

    >>> from hypothesis import given
    >>> @given(programs(tz="Europe/London", curriculum=True))
    ... def test_has_curriculum(program):
    ...     assert program.curriculum is not None and program.tz.name == "Europe/London"
    >>> test_has_curriculum()
    """
    from iopcore._validation import to_timezone  # noqa: PLC0415

    if curriculum is not None and not isinstance(curriculum, bool):
        raise InvalidTypeError("curriculum", curriculum, allowed="True, False or None")
    if not isinstance(ruleset, str) or ruleset not in _PROGRAM_LEVELS:
        raise UnknownCodeError("ruleset", ruleset, allowed=", ".join(sorted(_PROGRAM_LEVELS)))
    if tz is None:
        return (
            st.sampled_from(SESSION_TIME_ZONES)
            .map(pendulum.timezone)
            .flatmap(lambda zone: _programs(zone, curriculum, ruleset))
        )
    return _programs(to_timezone(tz), curriculum, ruleset)
