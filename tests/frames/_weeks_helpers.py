"""The object path's weeks and the frame path's rows, in one comparable form."""

from __future__ import annotations

import datetime as dt

import narwhals as nw

from iopcore import frames
from iopcore.intensity import WeekCheck, weekly_compliance
from iopcore.sessions import ServiceType


def object_rows(sessions, requirement, *, tz, calendar, stays, as_of, stepping_down, policy):
    """The object path, participant by participant, as rows like the frame's."""
    by_person = {}
    for session in sessions:
        by_person.setdefault(session.participant_id, []).append(session)
    for who in stays:
        by_person.setdefault(who, [])
    rows = []
    for who in sorted(by_person):
        admitted, discharged, stepping = stays.get(who, (None, None, None))
        weeks = weekly_compliance(
            by_person[who],
            requirement,
            tz=tz,
            calendar=calendar,
            admitted=admitted,
            discharged=discharged,
            as_of=as_of,
            stepping_down=stepping_down if stepping is None else stepping,
            partial_weeks=policy,
        )
        for week in weeks:
            services = {service.value: 0 for service in ServiceType}
            services |= {service.value: count for service, count in week.services.items()}
            rows.append(
                {
                    "participant_id": who,
                    "week_start": week.week_start.isoformat(),
                    "hours": week.hours,
                    "scheduled_hours": week.scheduled_hours,
                    "days_attended": week.days_attended,
                    "services": services,
                    "open_fraction": week.open_fraction,
                    "required_hours": week.required_hours,
                    "assessed": week.assessed,
                    "met": week.met,
                    "findings": [
                        {
                            "check": finding.check.value,
                            "service": finding.text.split(":")[0]
                            if finding.check is WeekCheck.SERVICE
                            else None,
                            "observed": finding.observed,
                            "required": finding.required,
                            "source": finding.source,
                        }
                        for finding in week.findings
                    ],
                }
            )
    return rows


def frame_rows(result):
    """The rows of a result of any kind, as plain values (dates as ISO text)."""
    frame = nw.from_native(result)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect("polars")
    native = frame.lazy().collect("polars").to_native()
    assert tuple(native.columns) == frames.COMPLIANCE_COLUMNS
    rows = native.rows(named=True)
    for row in rows:
        # pandas has no date dtype: a pandas result holds midnight datetimes.
        day = row["week_start"]
        if isinstance(day, dt.datetime):
            assert day.time() == dt.time(0)
            day = day.date()
        row["week_start"] = day.isoformat()
        row["findings"] = list(row["findings"])
    return rows
