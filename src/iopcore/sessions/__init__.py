"""Sessions: the attendance record that intensity rules are checked against.

A :class:`Session` is one scheduled service for one participant: its type
(:class:`ServiceType`), when it starts and ends (aware datetimes), and whether the
participant came (:class:`Attendance`). Its length is real elapsed time, so a session
from 01:00 to 03:00 on the night clocks spring forward lasts one hour.

A :class:`ProgramCalendar` says how the program's weeks run: its time zone, the first
day of its week (Monday, as in ISO weeks, unless set), the weekdays it is open, the
days it is closed and the days it is open only part of the day. Weekly compliance
(:mod:`iopcore.intensity`) uses it to prorate the weekly minimum.

Attendance, and what each kind counts as:

========================  ============  ===========  ===========================
attendance                hours         offered      in attendance measures
========================  ============  ===========  ===========================
``ATTENDED``              the session   yes          attended
``ATTENDED_IN_PART``      its minutes   yes          attended
``ABSENT`` (no-show)      none          yes          missed, a no-show
``EXCUSED``               none          yes          missed, not a no-show
``CANCELLED`` (program)   none          no           left out altogether
========================  ============  ===========  ===========================

Each :class:`ServiceType` says whether it is one of the services the Medicare IOP
and PHP benefit covers (42 CFR 410.43(a)(4), 410.44): :attr:`ServiceType.medicare_covered`.
Medication management and case management are not on that list (professional
services of physicians and practitioners are billed separately, 410.43(b)).

References:
    * 42 CFR 410.43(a)(4) and 410.44, the covered IOP/PHP services (CY2024 OPPS/ASC
      final rule CMS-1786-FC, published 2023-11-22).
    * SAMHSA TIP 47 and the 2021 IOP Advisory: the core services of an IOP
      (TIP 47, CSAT 2006, SMA 06-4182, NCBI NBK64093).

>>> import pendulum
>>> from iopcore.sessions import Attendance, ServiceType, Session
>>> night = Session(
...     participant_id="p-1",
...     service=ServiceType.GROUP_THERAPY,
...     start=pendulum.datetime(2024, 3, 10, 1, tz="America/New_York"),
...     end=pendulum.datetime(2024, 3, 10, 3, tz="America/New_York"),
... )
>>> night.hours
1.0
>>> ServiceType.MEDICATION_MANAGEMENT.medicare_covered
False
"""

from __future__ import annotations

from iopcore.sessions._program_calendar import ProgramCalendar

# Pickles of a ProgramCalendar written before sessions became a package name
# iopcore.sessions._calendar as the function that rebuilds it.
from iopcore.sessions._program_calendar import rebuild_calendar as _calendar  # noqa: F401 - see above
from iopcore.sessions._schedule import ScheduleTemplate, WeeklySlot
from iopcore.sessions._session import MAX_SESSION_HOURS, Attendance, ServiceType, Session

__all__ = [
    "MAX_SESSION_HOURS",
    "Attendance",
    "ProgramCalendar",
    "ScheduleTemplate",
    "ServiceType",
    "Session",
    "WeeklySlot",
]
