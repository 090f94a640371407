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

from iopcore.programs._capacity import GroupMeeting, group_capacity
from iopcore.programs._curriculum import (
    DBT_SKILLS,
    DEFAULT_GROUP_SERVICES,
    MAX_MODULE_LENGTH,
    Approach,
    Curriculum,
    LengthUnit,
    Module,
)
from iopcore.programs._findings import ProgramCheck, ProgramFinding
from iopcore.programs._match import Match, MatchOutcome, match
from iopcore.programs._program import Program
from iopcore.programs._progress import CurriculumProgress, ModuleAttendance, curriculum_progress
from iopcore.programs._schedules import ScheduleCheck, schedule_intensity

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
