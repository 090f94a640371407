"""Group capacity: which group meetings had more participants than the program allows?

:func:`group_capacity` gathers the sessions of each group meeting and flags those
over the program's maximum group size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from iopcore.exceptions import InvalidTypeError
from iopcore.programs._fields import to_session_list
from iopcore.programs._findings import ProgramCheck, ProgramFinding
from iopcore.programs._program import Program
from iopcore.sessions import Attendance, ServiceType, Session

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["GroupMeeting", "group_capacity"]


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
    for session in to_session_list(sessions):
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
