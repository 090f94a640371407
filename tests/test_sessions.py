import datetime as dt
import pickle

import pendulum
import pytest

from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.serialize import from_json, to_json
from iopcore.sessions import (
    MAX_SESSION_HOURS,
    Attendance,
    ProgramCalendar,
    ServiceType,
    Session,
)

NY = "America/New_York"


def at(*args, tz=NY):
    return pendulum.datetime(*args, tz=tz)


def session(start, end, **kwargs):
    return Session(
        participant_id=kwargs.pop("participant_id", "p-1"),
        service=kwargs.pop("service", ServiceType.GROUP_THERAPY),
        start=start,
        end=end,
        **kwargs,
    )


# 42 CFR 410.43(a)(4), the PHP list that 42 CFR 410.44 applies to IOP: the covered
# IOP/PHP services
COVERED = [
    (ServiceType.GROUP_THERAPY, True),  # (i) individual or group therapy
    (ServiceType.INDIVIDUAL_THERAPY, True),  # (i)
    (ServiceType.FAMILY_THERAPY, True),  # (vi) family counseling
    (ServiceType.PSYCHOEDUCATION, True),  # (vii) patient training and education
    (ServiceType.SKILLS_GROUP, True),  # (i) a group therapy
    (ServiceType.MEDICATION_MANAGEMENT, False),  # 410.43(b): billed separately
    (ServiceType.OCCUPATIONAL_THERAPY, True),  # (ii)
    (ServiceType.ACTIVITY_THERAPY, True),  # (v) activity therapies
    (ServiceType.CASE_MANAGEMENT, False),  # not on the list
    (ServiceType.DIAGNOSTIC_ASSESSMENT, True),  # (viii) diagnostic services
]


@pytest.mark.parametrize(("service", "covered"), COVERED)
def test_medicare_covered_tag(service, covered):
    assert service.medicare_covered is covered


def test_every_service_is_tagged():
    assert {service for service, _ in COVERED} == set(ServiceType)


def test_hours_are_real_elapsed_time_across_dst():
    spring = session(at(2024, 3, 10, 1), at(2024, 3, 10, 3))  # clocks go 02:00 -> 03:00
    # clocks go 02:00 -> 01:00: from 00:30 to the second 01:30 is two hours
    fall = session(at(2024, 11, 3, 0, 30), at(2024, 11, 3, 0, 30).add(hours=2))
    assert fall.end.hour == 1
    plain = session(at(2024, 3, 11, 9), at(2024, 3, 11, 12))
    assert spring.hours == 1.0
    assert fall.scheduled_hours == 2.0
    assert plain.hours == 3.0


def test_hours_by_attendance():
    start, end = at(2024, 3, 11, 9), at(2024, 3, 11, 12)
    assert session(start, end, attendance="attended in part", attended_minutes=90).hours == 1.5
    for kind in (Attendance.ABSENT, Attendance.EXCUSED, Attendance.CANCELLED):
        assert session(start, end, attendance=kind).hours == 0.0
        assert session(start, end, attendance=kind).scheduled_hours == 3.0
    assert Attendance.ATTENDED_IN_PART.attended
    assert not Attendance.EXCUSED.attended
    assert Attendance.EXCUSED.offered
    assert not Attendance.CANCELLED.offered


def test_times_in_other_zones_and_stdlib_datetimes_are_accepted():
    start = dt.datetime(2024, 3, 11, 13, tzinfo=dt.UTC)
    made = session(start, at(2024, 3, 11, 12))
    assert isinstance(made.start, pendulum.DateTime)
    assert made.hours == 3.0


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"start": pendulum.naive(2024, 1, 1, 9)}, NaiveDateTimeError, "start"),
        ({"end": dt.datetime(2024, 1, 1, 12)}, NaiveDateTimeError, "end"),  # noqa: DTZ001
        ({"end": at(2024, 1, 1, 9)}, InvalidValueError, "end"),
        ({"end": at(2024, 1, 1, 8)}, InvalidValueError, "end"),
        ({"end": at(2024, 1, 1, 9 + MAX_SESSION_HOURS, 1)}, InvalidValueError, "end"),
        ({"service": "yoga"}, UnknownCodeError, "service"),
        ({"attendance": "late"}, UnknownCodeError, "attendance"),
        ({"participant_id": " "}, InvalidValueError, "participant_id"),
        ({"attendance": "attended in part"}, InvalidValueError, "attended_minutes"),
        ({"attended_minutes": 30}, InvalidValueError, "attended_minutes"),
        (
            {"attendance": "attended in part", "attended_minutes": 181},
            InvalidValueError,
            "attended_minutes",
        ),
        ({"attended_minutes": 1.5}, InvalidTypeError, "attended_minutes"),
    ],
)
def test_bad_sessions_name_the_field(kwargs, error, field):
    fields = {
        "participant_id": "p-1",
        "service": "group therapy",
        "start": at(2024, 1, 1, 9),
        "end": at(2024, 1, 1, 12),
    } | kwargs
    with pytest.raises(error) as caught:
        Session(**fields)
    assert caught.value.field == field


def test_a_session_at_the_maximum_length_is_accepted():
    assert session(at(2024, 1, 1, 8), at(2024, 1, 1, 8 + MAX_SESSION_HOURS)).hours == 12.0


def test_session_round_trips_and_pickles():
    made = session(
        at(2024, 3, 10, 1), at(2024, 3, 10, 3), attendance="attended in part", attended_minutes=45
    )
    back = from_json(to_json(made), Session)
    assert back == made
    assert back.start.tzinfo.name == NY
    assert pickle.loads(pickle.dumps(made)) == made


def test_session_repr_shows_no_free_text():
    made = session(at(2024, 3, 11, 9), at(2024, 3, 11, 12))
    assert repr(made).startswith("Session(participant_id='p-1', service=<ServiceType.GROUP_THERAPY")


def test_calendar_defaults_and_week_start():
    calendar = ProgramCalendar(tz=NY)
    assert calendar.first_weekday is pendulum.WeekDay.MONDAY
    assert calendar.open_weekdays == frozenset(pendulum.WeekDay(d) for d in range(5))
    assert calendar.week_start(pendulum.date(2024, 3, 10)) == pendulum.date(2024, 3, 4)
    sunday_weeks = ProgramCalendar(tz=NY, first_weekday=6)
    assert sunday_weeks.week_start(pendulum.date(2024, 3, 10)) == pendulum.date(2024, 3, 10)
    assert sunday_weeks.week_start(pendulum.date(2024, 3, 16)) == pendulum.date(2024, 3, 10)
    assert calendar.open_fraction(pendulum.date(2024, 3, 9)) == 0.0  # a Saturday


def test_calendar_round_trips():
    calendar = ProgramCalendar(
        tz=NY,
        first_weekday=pendulum.WeekDay.SUNDAY,
        open_weekdays=[0, 2, 4],
        closures=[pendulum.date(2024, 12, 25)],
        partial_days={pendulum.date(2024, 12, 24): 0.5},
    )
    assert from_json(to_json(calendar), ProgramCalendar) == calendar
    assert pickle.loads(pickle.dumps(calendar)) == calendar


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"tz": "Mars/Olympus"}, UnknownCodeError),
        ({"first_weekday": 7}, InvalidValueError),
        ({"first_weekday": "monday"}, InvalidTypeError),
        ({"open_weekdays": []}, InvalidValueError),
        ({"open_weekdays": "mon"}, InvalidTypeError),
        ({"open_weekdays": [0, 9, -1]}, IopcoreErrorGroup),
        ({"closures": "2024-01-01"}, InvalidTypeError),
        ({"closures": [pendulum.datetime(2024, 1, 1)]}, InvalidTypeError),
        ({"partial_days": [1]}, InvalidTypeError),
        ({"partial_days": {pendulum.date(2024, 1, 2): 1.0}}, InvalidValueError),
        ({"partial_days": {pendulum.date(2024, 1, 2): 0}}, InvalidValueError),
        ({"partial_days": {"x": 0.5, pendulum.date(2024, 1, 3): 2}}, IopcoreErrorGroup),
        (
            {
                "closures": [pendulum.date(2024, 1, 2)],
                "partial_days": {pendulum.date(2024, 1, 2): 0.5},
            },
            InvalidValueError,
        ),
    ],
)
def test_bad_calendars(kwargs, error):
    with pytest.raises(error):
        ProgramCalendar(**({"tz": NY} | kwargs))
