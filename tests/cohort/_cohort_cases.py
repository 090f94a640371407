"""What the cohort tests share: a participant, a synthetic cohort built once, and
builders of scores, assessments, sessions and a stepped-down stay."""

import datetime as dt

import pendulum

from iopcore import LevelOfCare, Participant, synthetic
from iopcore.assessments import Assessment
from iopcore.cohort import (
    ParticipantRecords,
    evaluate_participant,
)
from iopcore.episodes import Episode, LevelChange
from iopcore.instruments import gad7, phq9
from iopcore.sessions import Session

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
NY = "America/New_York"
AS_OF = D(2026, 3, 30)
PID = "p-1"
PERSON = Participant(id=PID, birth_date=D(1990, 5, 1))
#: A small synthetic cohort (12 weeks each), built once: the parallel tests and the
#: summary properties use it.
HISTORIES = synthetic.histories(24, seed=11, as_of=AS_OF, weeks=12)
PLAIN = (str, int, float, bool, dt.date, type(None))


def phq(total):
    """A complete PHQ-9 with ``total`` points (item 9 at 0)."""
    return phq9.score([min(3, max(0, total - 3 * index)) for index in range(8)] + [0])


def gad(total):
    """A complete GAD-7 with ``total`` points."""
    return gad7.score([min(3, max(0, total - 3 * index)) for index in range(7)])


def scored(day, *scores):
    return Assessment(participant_id=PID, assessed_on=day, scores=list(scores))


def group(day, hours=3, attendance="attended"):
    start = pendulum.datetime(day.year, day.month, day.day, 9, tz=NY)
    return Session(
        participant_id=PID,
        service="group therapy",
        start=start,
        end=start.add(hours=hours),
        attendance=attendance,
    )


def evaluate(records, as_of=AS_OF, **options):
    return evaluate_participant(records, as_of=as_of, tz=NY, **options)


def stepped_down():
    """IOP from Monday 5 January 2026, stepped down to OP from Monday 19 January."""
    episode = Episode(
        participant_id=PID,
        admitted=D(2026, 1, 5),
        initial_level=IOP,
        events=[
            LevelChange(
                effective=D(2026, 1, 19),
                recorded=D(2026, 1, 19),
                from_level=IOP,
                to_level=OP,
                reason="clinical improvement",
                decided_by="psychiatrist",
            )
        ],
    )
    days = [D(2026, 1, 5), D(2026, 1, 7), D(2026, 1, 9), D(2026, 1, 12), D(2026, 1, 14)]
    sessions = [group(day) for day in days] + [group(D(2026, 1, 21))]
    return ParticipantRecords(participant=PERSON, episode=episode, sessions=sessions)
