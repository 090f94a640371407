"""Shared by the intensity tests: the levels, zone and requirement they use, and
``visit``, which builds one session on a day."""

import pendulum

from iopcore import LevelOfCare, Population
from iopcore.intensity import requirement_for
from iopcore.sessions import Session

IOP = LevelOfCare.INTENSIVE_OUTPATIENT
ADULT = Population.ADULT
NY = "America/New_York"
IOP_ADULT = requirement_for(IOP, ADULT)
D = pendulum.date


def visit(day, hour=9, hours=3, *, who="p-1", tz=NY, **kwargs):
    start = pendulum.datetime(day.year, day.month, day.day, hour, tz=tz)
    return Session(
        participant_id=who,
        service=kwargs.pop("service", "group therapy"),
        start=start,
        end=start.add(hours=hours),
        **kwargs,
    )
