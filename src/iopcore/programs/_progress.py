"""Curriculum progress: where a participant is in a program's curriculum, and its view.

:func:`curriculum_progress` maps a participant's sessions to curriculum positions
(as the :mod:`iopcore.programs` docstring says) and gives a
:class:`CurriculumProgress`: the current module, each module pass, the modules
missed and whether a full cycle is complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._days import date_of, day_in_zone
from iopcore._render import Items, Shown, Table, View
from iopcore._validation import to_as_of
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.programs._curriculum import Curriculum, LengthUnit, Module
from iopcore.programs._fields import to_session_list
from iopcore.programs._program import Program
from iopcore.sessions import Attendance, Session

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["CurriculumProgress", "ModuleAttendance", "curriculum_progress"]


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
        >>> from iopcore.programs import DBT_SKILLS
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
        day = date_of(day_in_zone(session.start, zone))
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
    >>> from iopcore.programs import DBT_SKILLS
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
    items = to_session_list(sessions)
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


# ---------------------------------------------------------------- the progress view


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
