"""Programs, timetables and a curriculum that the program tests build on."""

import pendulum

from iopcore import LevelOfCare
from iopcore.programs import (
    DBT_SKILLS,
    Curriculum,
    Module,
    Program,
)
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot

NY = "America/New_York"
IOP = LevelOfCare.INTENSIVE_OUTPATIENT
PHP = LevelOfCare.PARTIAL_HOSPITALIZATION
START = pendulum.date(2026, 1, 5)  # a Monday
ON = pendulum.date(2026, 3, 2)


def template(days=(0, 2, 4), start=9, end=12, service="group therapy", tz=NY):
    return ScheduleTemplate(
        tz=tz,
        slots=[
            WeeklySlot(
                weekday=d, start=pendulum.time(start), end=pendulum.time(end), service=service
            )
            for d in days
        ],
    )


def program(**changes):
    fields = {
        "id": "adult-iop",
        "name": "Adult depression and anxiety IOP",
        "level": IOP,
        "populations": ["adult"],
        "conditions": ["depression", "anxiety"],
        "calendar": ProgramCalendar(tz=NY),
        "schedules": [template()],
    }
    return Program(**{**fields, **changes})


def dbt_program(**changes):
    return program(
        id="dbt-iop",
        conditions=["borderline personality disorder", "depression"],
        schedules=[template(days=(0,), service="skills group")],
        curriculum=DBT_SKILLS,
        curriculum_start=START,
        **changes,
    )


CBT = Curriculum(
    name="CBT for depression",
    modules=[
        Module(name="behavioural activation", approach="CBT", length=2),
        Module(name="cognitive restructuring", approach="CBT", length=3),
    ],
    unit="sessions",
    cyclic=False,
    services=["group therapy"],
)
