"""Shared by the transition tests: levels, dates, and builders of assessments, sessions,
episodes and decisions for one participant."""

import pendulum

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.episodes import (
    Episode,
)
from iopcore.instruments import cssrs, phq9
from iopcore.sessions import Attendance, Session
from iopcore.transitions import (
    TransitionKind,
    evaluate_transition,
)

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
NY = pendulum.timezone("America/New_York")
ADMITTED = D(2026, 1, 5)  # a Monday
PID = "p-1"
STAY, UP, DOWN, DISCHARGE = (
    TransitionKind.STAY,
    TransitionKind.STEP_UP,
    TransitionKind.STEP_DOWN,
    TransitionKind.DISCHARGE,
)
#: Symptom rating and impairment fact that make the reference placement give a level.
PLACED_AT = {OP: (1, False), IOP: (2, True), PHP: (3, True), RES: (4, True)}


def phq(total, *, item9=0):
    """A complete PHQ-9 with ``total`` points, ``item9`` of them on item 9."""
    rest = total - item9
    answers = [min(3, max(0, rest - 3 * index)) for index in range(8)]
    return phq9.score([*answers, item9])


def assessment(day, *, total=None, item9=0, placed=IOP, cssrs_high=False):
    symptoms, impaired = PLACED_AT[placed]
    scores = [cssrs.score([True, True, True, True, False, False] if cssrs_high else [False] * 6)]
    if total is not None:
        scores.append(phq(total, item9=item9))
    return Assessment(
        participant_id=PID,
        assessed_on=day,
        scores=scores,
        ratings={
            "safety": 0,
            "medical": 0,
            "symptoms": symptoms,
            "substance_use": 0,
            "environment": 0,
            "readiness": 0,
        },
        facts={
            "impairment_beyond_routine_outpatient": impaired,
            "support_outside_program_hours": True,
        },
        conditions=["depression"],
    )


def session(day, attendance=Attendance.ATTENDED, hour=9):
    start = pendulum.datetime(day.year, day.month, day.day, hour, tz=NY)
    return Session(
        participant_id=PID,
        service="group therapy",
        start=start,
        end=start.add(hours=3),
        attendance=attendance,
    )


def attended_sessions(first, last, attendance=Attendance.ATTENDED):
    """Sessions on Monday, Wednesday and Friday from ``first`` to ``last``."""
    days = []
    day = first
    while day <= last:
        if day.day_of_week in (pendulum.MONDAY, pendulum.WEDNESDAY, pendulum.FRIDAY):
            days.append(session(day, attendance))
        day = day.add(days=1)
    return days


def episode(level=IOP, events=()):
    return Episode(participant_id=PID, admitted=ADMITTED, initial_level=level, events=events)


def weekly(totals, *, placed=IOP, start=ADMITTED, **fields):
    return [
        assessment(start.add(weeks=week), total=total, placed=placed, **fields)
        for week, total in enumerate(totals)
    ]


def decide(ep=None, *, assessments=(), sessions=(), as_of, **fields):
    return evaluate_transition(
        episode() if ep is None else ep,
        assessments=assessments,
        sessions=sessions,
        as_of=as_of,
        **fields,
    )


AS_OF = D(2026, 2, 2)  # four weeks after admission
FOUR_WEEKS = attended_sessions(ADMITTED, AS_OF)
