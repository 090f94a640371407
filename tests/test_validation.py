"""The shared input checks in iopcore._validation, which every public type relies on."""

import datetime as dt
import math
import zoneinfo

import pendulum
import pytest

from iopcore import Population, requirement_for, weekly_compliance
from iopcore._validation import (
    MAX_REPORTED_PROBLEMS,
    ErrorCollector,
    to_as_of,
    to_aware_datetime,
    to_identifier,
    to_member,
    to_members,
    to_number,
    to_timezone,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition


@pytest.mark.parametrize(("value", "expected"), [(3, 3.0), (2.5, 2.5), (0, 0.0)])
def test_to_number(value, expected):
    assert to_number(value, field="hours", minimum=0, maximum=40) == expected


@pytest.mark.parametrize(
    ("value", "error", "reason"),
    [
        (math.nan, InvalidValueError, "is not finite"),
        (math.inf, InvalidValueError, "is not finite"),
        (10**400, InvalidValueError, "is too large"),
        (-1, InvalidValueError, "is out of range"),
        (41, InvalidValueError, "is out of range"),
        (True, InvalidTypeError, None),
        ("3", InvalidTypeError, None),
    ],
)
def test_to_number_refuses(value, error, reason):
    with pytest.raises(error) as caught:
        to_number(value, field="hours", minimum=0, maximum=40)
    assert caught.value.field == "hours"
    assert caught.value.reason == reason
    assert caught.value.allowed == "a number from 0 to 40"


def test_to_number_without_bounds():
    assert to_number(-1e9, field="x") == -1e9


def test_standard_aware_datetimes_become_pendulum():
    value = dt.datetime(2024, 3, 10, 12, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    converted = to_aware_datetime(value, field="start")
    assert isinstance(converted, pendulum.DateTime)
    assert converted == value


def test_naive_datetimes_are_refused_by_name():
    with pytest.raises(NaiveDateTimeError) as caught:
        to_aware_datetime(dt.datetime(2024, 3, 10, 12), field="start")  # noqa: DTZ001
    assert caught.value.field == "start"
    with pytest.raises(InvalidTypeError):
        to_aware_datetime(pendulum.date(2024, 3, 10), field="start")


def test_as_of_takes_dates_and_aware_datetimes():
    assert to_as_of(pendulum.date(2024, 1, 2)) == pendulum.date(2024, 1, 2)
    assert to_as_of(dt.date(2024, 1, 2)) == pendulum.date(2024, 1, 2)
    assert to_as_of(pendulum.datetime(2024, 1, 2, 23, tz="Asia/Tokyo")) == pendulum.date(2024, 1, 2)
    with pytest.raises(InvalidTypeError):
        to_as_of("2024-01-02")


@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",
        pendulum.timezone("America/New_York"),
        zoneinfo.ZoneInfo("America/New_York"),
    ],
)
def test_time_zones_by_name_or_object(zone):
    assert to_timezone(zone).name == "America/New_York"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "EST5EDT/x"])
def test_unknown_time_zones(zone):
    with pytest.raises(UnknownCodeError) as caught:
        to_timezone(zone)
    assert caught.value.field == "tz"


def test_time_zone_must_be_a_name_or_zone():
    with pytest.raises(InvalidTypeError):
        to_timezone(-5)


def test_collector_flattens_groups_and_raises_one_alone():
    collector = ErrorCollector("things")
    with collector.catch():
        raise IopcoreErrorGroup(
            "2",
            [InvalidValueError("$.a", 1, allowed="x"), InvalidValueError("$.b", 2, allowed="x")],
        )
    with collector.catch():
        raise InvalidTypeError("$.c", 3, allowed="x")
    with pytest.raises(IopcoreErrorGroup) as caught:
        collector.raise_if_any()
    assert [error.field for error in caught.value.exceptions] == ["$.a", "$.b", "$.c"]
    assert str(caught.value).startswith("3 problems in things")

    single = ErrorCollector("one")
    with single.catch():
        raise InvalidTypeError("$.c", 3, allowed="x")
    with pytest.raises(InvalidTypeError):
        single.raise_if_any()
    ErrorCollector("none").raise_if_any()


def test_slow_paths_accept_what_the_fast_paths_do_not_see():
    """A str subclass is a valid identifier; a pendulum datetime in a standard-library
    zone is aware; an enum value that is not hashable is an unknown code."""

    class Label(str):
        __slots__ = ()

    assert to_identifier(Label("p-1"), field="id") == "p-1"
    zone = zoneinfo.ZoneInfo("America/New_York")
    moment = pendulum.DateTime(2024, 3, 10, 1, tzinfo=zone)
    assert to_aware_datetime(moment, field="start") is moment
    with pytest.raises(UnknownCodeError):
        to_member(LevelOfCare, ["IOP"], field="level")


def test_a_flood_of_bad_items_lists_the_first_hundred_and_counts_all():
    # Issue 14.8: a stream of a million bad sessions built a million-member group.
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
    with pytest.raises(IopcoreErrorGroup) as caught:
        weekly_compliance((object() for _ in range(10_000)), requirement, tz="America/New_York")
    assert MAX_REPORTED_PROBLEMS == 100
    assert len(caught.value.exceptions) == 100
    assert str(caught.value).startswith("10,000 problems in sessions (the first 100 listed)")
    assert caught.value.exceptions[-1].field == "$.sessions[99]"


def test_a_few_bad_items_are_all_listed():
    with pytest.raises(IopcoreErrorGroup) as caught:
        to_members(Condition, ["x", "y", "z"], field="conditions", allowed_iterable="conditions")
    assert str(caught.value).startswith("3 problems in conditions ")
    assert "listed" not in str(caught.value)
    assert [e.field for e in caught.value.exceptions] == [
        "$.conditions[0]",
        "$.conditions[1]",
        "$.conditions[2]",
    ]


@pytest.mark.parametrize(
    ("bounds", "allowed"),
    [
        ({"minimum": 0, "maximum": 40}, "a number from 0 to 40"),
        ({"minimum": 0}, "a number of at least 0"),
        ({"maximum": 168}, "a number of at most 168"),
        ({}, "a number (not infinite, not NaN)"),
    ],
)
def test_number_ranges_are_said_in_words(bounds, allowed):
    # Issue 14.13: "a finite number from -inf to inf" was written for programmers.
    with pytest.raises(InvalidTypeError) as caught:
        to_number("x", field="f", **bounds)
    assert caught.value.allowed == allowed
    assert "inf to" not in str(caught.value)
