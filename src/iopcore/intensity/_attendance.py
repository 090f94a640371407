"""Attendance over a window: the rate, no-shows and the longest run of missed sessions.

:func:`attendance_summary` counts one participant's sessions in a window of local
days into an :class:`AttendanceSummary`. The package :mod:`iopcore.intensity`
re-exports both.
"""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Final

import attrs

from iopcore._days import date_of
from iopcore._validation import to_timezone
from iopcore.exceptions import InvalidValueError
from iopcore.intensity._calendar import day_ordinal, local_day
from iopcore.intensity._inputs import checked_sessions, flag_argument, in_time_order
from iopcore.sessions import Attendance, Session

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

__all__ = ["AttendanceSummary", "attendance_summary"]

_ATTENDED: Final = Attendance.ATTENDED
_IN_PART: Final = Attendance.ATTENDED_IN_PART
_CANCELLED: Final = Attendance.CANCELLED


@attrs.frozen(kw_only=True)
class AttendanceSummary:
    """Attendance over a window, counted as :func:`attendance_summary` documents.

    Attributes:
        offered: Sessions the program held (all but program cancellations), less
            excused absences when those are excused.
        attended: Sessions attended in full or in part.
        no_shows: Absences (``ABSENT``).
        excused: Excused absences (``EXCUSED``).
        cancelled: Sessions the program cancelled (never counted against anyone).
        rate: ``attended / offered``, or ``None`` when nothing was offered.
        longest_missed_run: The most consecutive missed sessions, in time order.
    """

    offered: int
    attended: int
    no_shows: int
    excused: int
    cancelled: int
    rate: float | None
    longest_missed_run: int


def attendance_summary(
    sessions: Iterable[Session],
    *,
    tz: str | pendulum.Timezone,
    start: pendulum.Date | None = None,
    end: pendulum.Date | None = None,
    excuse_absences: bool = True,
) -> AttendanceSummary:
    """Attendance rate, no-shows and the longest run of missed sessions over a window.

    Counting:

    * The window is the local days from ``start`` to ``end`` (inclusive) in ``tz``;
      sessions outside it are left out (pass the ``as_of`` day as ``end``).
    * Program cancellations count nowhere: the participant was not offered them.
    * With ``excuse_absences`` (the default) an excused absence is neither attended
      nor missed: it is left out of the rate and neither breaks nor extends a run of
      missed sessions. Without it, an excused absence is a missed session.
    * A no-show (``ABSENT``) is always missed; any attendance, even in part, ends a
      run. Runs follow the sessions' start times, whatever the input order.

    Raises:
        InvalidTypeError: an item that is not a Session, or a bad argument.
        InvalidValueError: sessions of several participants, or ``end`` before
            ``start``.

    >>> import pendulum
    >>> from iopcore.sessions import Session
    >>> def group(day, attendance):
    ...     start = pendulum.datetime(2024, 4, day, 9, tz="America/New_York")
    ...     return Session(
    ...         participant_id="p-1",
    ...         service="group therapy",
    ...         start=start,
    ...         end=start.add(hours=3),
    ...         attendance=attendance,
    ...     )
    >>> kinds = ["attended", "absent", "excused", "absent", "cancelled", "attended"]
    >>> summary = attendance_summary(
    ...     [group(day, kind) for day, kind in zip(range(1, 7), kinds)], tz="America/New_York"
    ... )
    >>> summary.rate, summary.no_shows, summary.longest_missed_run
    (0.5, 2, 2)
    """
    zone = to_timezone(tz)
    first = day_ordinal(start, "start")
    last = day_ordinal(end, "end")
    excusing = flag_argument(excuse_absences, "excuse_absences")
    if first is not None and last is not None and last < first:
        raise InvalidValueError(
            "end",
            date_of(last),
            allowed=f"a day on or after start={date_of(first).isoformat()}",
        )
    _, items = checked_sessions(sessions)
    local = zoneinfo.ZoneInfo(zone.name)
    attended = no_shows = excused = cancelled = run = longest = 0
    for span in in_time_order(items):
        session = span[2]
        if first is not None or last is not None:
            day = local_day(span, zone, local)
            if (first is not None and day < first) or (last is not None and day > last):
                continue
        kind = session.attendance
        if kind is _CANCELLED:
            cancelled += 1
        elif kind is _ATTENDED or kind is _IN_PART:
            attended += 1
            run = 0
        elif kind is Attendance.EXCUSED:
            excused += 1
            if not excusing:
                run += 1
        else:
            no_shows += 1
            run += 1
        longest = max(longest, run)
    offered = attended + no_shows + (0 if excusing else excused)
    return AttendanceSummary(
        offered=offered,
        attended=attended,
        no_shows=no_shows,
        excused=excused,
        cancelled=cancelled,
        rate=attended / offered if offered else None,
        longest_missed_run=longest,
    )
