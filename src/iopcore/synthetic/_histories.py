"""Whole synthetic episodes for transition work: :func:`histories`.

Each participant is admitted ``weeks`` weeks before ``as_of``, follows a course (most
improve, some stay level, a few get worse), with a weekly assessment and three group
sessions a week, and a step down or up part-way for some. It also holds the course
and attendance tables and the ``weeks`` check that the census and admissions use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from iopcore._validation import to_int, to_timezone
from iopcore.assessments import Assessment
from iopcore.episodes import Episode, LevelChange
from iopcore.levels import LevelOfCare
from iopcore.participants import Participant
from iopcore.sessions import Attendance, ServiceType, Session
from iopcore.synthetic._inputs import ROLES, reference_inputs
from iopcore.synthetic._participants import drawn_participant
from iopcore.synthetic._streams import Draw, table, to_record_count, to_record_date, to_seed

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pendulum


@attrs.frozen(kw_only=True)
class SyntheticHistory:
    """One synthetic participant's episode with its weekly assessments and sessions.

    Attributes:
        participant: The participant (as :func:`participants` gives them).
        episode: The episode, admitted ``weeks`` weeks (and 0-6 days) before ``as_of``.
        assessments: One a week from admission, oldest first.
        sessions: Three a week from admission, in time order.
    """

    participant: Participant
    episode: Episode
    assessments: tuple[Assessment, ...]
    sessions: tuple[Session, ...]


_MAX_HISTORY_WEEKS: Final = 104
#: Courses of care: the change in severity every few weeks, and their weights.
COURSES: Final = table(((-1, 60), (0, 25), (1, 15)))
_COURSE_STEP_WEEKS: Final = 3
#: Days with a group session, counted from the weekday of admission (0, +2, +4).
_SESSION_DAYS: Final = (0, 2, 4)
_SESSION_HOUR: Final = 9
_SESSION_HOURS: Final = 3
#: Chance in percent that a participant attends a session, by engagement.
ATTENDS: Final = table(((95, 60), (85, 30), (55, 10)))


def to_weeks(value: object) -> int:
    return to_int(value, field="weeks", minimum=1, maximum=_MAX_HISTORY_WEEKS)


def _history_sessions(
    draw: Draw,
    participant_id: str,
    admitted: pendulum.Date,
    weeks: int,
    zone: pendulum.Timezone,
) -> tuple[Session, ...]:
    import pendulum  # noqa: PLC0415 - a type-only import elsewhere in this module

    attends = draw.weighted(ATTENDS)
    found = []
    for week in range(weeks):
        for offset in _SESSION_DAYS:
            day = admitted.add(days=7 * week + offset)
            start = pendulum.datetime(day.year, day.month, day.day, _SESSION_HOUR, tz=zone)
            if draw.percent(2):
                attendance = Attendance.CANCELLED
            elif draw.percent(attends):
                attendance = Attendance.ATTENDED
            else:
                attendance = Attendance.EXCUSED if draw.percent(20) else Attendance.ABSENT
            found.append(
                Session(
                    participant_id=participant_id,
                    service=ServiceType.GROUP_THERAPY,
                    start=start,
                    end=start.add(hours=_SESSION_HOURS),
                    attendance=attendance,
                )
            )
    return tuple(found)


def _history(
    seed: int, index: int, as_of: pendulum.Date, weeks: int, zone: pendulum.Timezone
) -> SyntheticHistory:
    participant, severity = drawn_participant(seed, index, as_of)
    draw = Draw(seed, "history", index)
    admitted = as_of.subtract(days=7 * (weeks - 1) + draw.below(7))
    level = (
        LevelOfCare.PARTIAL_HOSPITALIZATION if severity >= 3 else LevelOfCare.INTENSIVE_OUTPATIENT
    )
    course = draw.weighted(COURSES)
    found = []
    for week in range(weeks):
        now = min(4, max(0, severity + course * (week // _COURSE_STEP_WEEKS)))
        day = admitted.add(days=7 * week)
        inputs = reference_inputs(draw, now, participant, day)
        found.append(
            Assessment(
                participant_id=participant.id,
                assessed_on=day,
                conditions=participant.conditions,
                recorded_by=draw.weighted(ROLES),
                **inputs,
            )
        )
    events = []
    if course != 0 and weeks > 4 and draw.percent(50):
        # A step part-way: down for those improving, up for those getting worse.
        to_level = LevelOfCare.OUTPATIENT if course < 0 else LevelOfCare.PARTIAL_HOSPITALIZATION
        if level is LevelOfCare.PARTIAL_HOSPITALIZATION and course < 0:
            to_level = LevelOfCare.INTENSIVE_OUTPATIENT
        if to_level is not level:
            effective = admitted.add(days=7 * (weeks // 2) + 1)
            events.append(
                LevelChange(
                    effective=effective,
                    recorded=min(as_of, effective.add(days=draw.below(3))),
                    from_level=level,
                    to_level=to_level,
                    reason="clinical improvement" if course < 0 else "clinical deterioration",
                    decided_by=draw.weighted(ROLES),
                )
            )
    episode = Episode(
        participant_id=participant.id, admitted=admitted, initial_level=level, events=events
    )
    sessions = _history_sessions(draw, participant.id, admitted, weeks, zone)
    return SyntheticHistory(
        participant=participant,
        episode=episode,
        assessments=tuple(a for a in found if a.assessed_on <= as_of),
        sessions=tuple(s for s in sessions if s.start.date() <= as_of),
    )


def histories(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    weeks: int = 12,
    tz: str | pendulum.Timezone = "America/New_York",
) -> tuple[SyntheticHistory, ...]:
    """Return ``n`` synthetic episodes with ``weeks`` weeks of assessments and sessions.

    Every episode is admitted ``weeks`` weeks before ``as_of``: with the default 12
    weeks, every stay is past the reference ruleset's 60-day maximum on ``as_of``.
    For a program's census on a date, with stays of every length, use :func:`census`.

    Args:
        n: How many (0 or more); the participants are those of :func:`participants`.
        seed: Any int; the same seed gives the same histories.
        as_of: The history's last day; nothing is dated after it.
        weeks: Weeks of care, 1 to 104 (one assessment and three sessions each).
        tz: The program's time zone (IANA name or pendulum Timezone).

    Raises:
        InvalidTypeError: ``n``, ``seed`` or ``weeks`` is not an int, or ``as_of`` is
            not a date.
        InvalidValueError: ``n`` negative, ``weeks`` out of range, or ``as_of``
            without room on the calendar (74 years before it and two weeks after it).
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> (one,) = histories(1, seed=1, as_of=pendulum.date(2026, 3, 30))
    >>> len(one.assessments), len(one.sessions), one.episode.participant_id
    (12, 36, 'syn-000001')
    """
    return tuple(iter_histories(n, seed=seed, as_of=as_of, weeks=weeks, tz=tz))


def iter_histories(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    weeks: int = 12,
    tz: str | pendulum.Timezone = "America/New_York",
) -> Iterator[SyntheticHistory]:
    """Yield the histories of :func:`histories` one at a time.

    The arguments (those of :func:`histories`) are checked when this is called;
    memory stays the same whatever ``n`` is.

    .. versionadded:: 0.1

    >>> import pendulum
    >>> stream = iter_histories(10**6, seed=1, as_of=pendulum.date(2026, 3, 30), weeks=2)
    >>> [len(h.assessments) for h in (next(stream), next(stream))]
    [2, 2]
    """
    count, number, on = to_record_count(n), to_seed(seed), to_record_date(as_of)
    length = to_weeks(weeks)
    zone = to_timezone(tz)
    return (_history(number, index, on, length, zone) for index in range(count))
