"""frames.weekly_compliance refuses bad tables and arguments by name, never dropping a row."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pendulum
import polars as pl
import pytest

from iopcore import LevelOfCare, Population, frames
from iopcore.exceptions import (
    InvalidRowsError,
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.intensity import requirement_for
from iopcore.sessions import ProgramCalendar

IOP = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
TZ = "America/New_York"
START = pendulum.datetime(2024, 3, 4, 9, tz=TZ)
GOOD = {
    "participant_id": ["a", "a", "b", "b"],
    "service": ["group therapy"] * 4,
    "start": [START.add(days=day) for day in range(4)],
    "end": [START.add(days=day, hours=3) for day in range(4)],
    "attendance": ["attended"] * 4,
    "attended_minutes": [None] * 4,
}


def _table(**changes):
    data = {name: list(values) for name, values in GOOD.items()}
    for name, (rows, value) in changes.items():
        for row in rows:
            data[name][row] = value
    return pl.DataFrame(data, schema_overrides={"attended_minutes": pl.Int64})


#: Bad values: column changed, the rows, the column named, a word of the message.
BAD_ROWS = [
    ("participant_id", ([1, 3], None), "participant_id", "is missing"),
    ("participant_id", ([2], "  "), "participant_id", "is blank"),
    ("participant_id", ([0], "a\tb"), "participant_id", "control characters"),
    ("participant_id", ([0], "x" * 257), "participant_id", "too long"),
    ("service", ([0, 1, 2], "yoga"), "service", "'group therapy'"),
    ("service", ([3], None), "service", "is missing"),
    ("attendance", ([2], "late"), "attendance", "'attended in part'"),
    ("attendance", ([2], None), "attendance", "is missing"),
    ("end", ([1], START.add(days=1)), "end", "is not after start"),
    ("end", ([0], START.add(hours=13)), "end", "too long"),
    ("end", ([0], None), "end", "is missing"),
    ("attendance", ([0], "attended in part"), "attended_minutes", "is missing"),
    ("attended_minutes", ([0], 30), "attended_minutes", "None unless"),
]


@pytest.mark.parametrize(("column", "change", "named", "words"), BAD_ROWS)
def test_bad_rows_are_named_with_their_numbers(column, change, named, words):
    with pytest.raises(InvalidRowsError) as caught:
        frames.weekly_compliance(_table(**{column: change}), IOP, tz=TZ)
    error = caught.value
    assert error.field == f"sessions.{named}"
    assert error.rows == tuple(change[0])
    assert error.count == len(change[0])
    assert words in str(error)


#: attended_minutes of a session attended in part: the value, the words.
MINUTES = [(0, "a whole number from 1 to 720"), (181, "longer than the session"), (721, "720")]


@pytest.mark.parametrize(("minutes", "words"), MINUTES)
def test_attended_minutes_follow_the_session_rules(minutes, words):
    table = _table(attendance=([1], "attended in part"), attended_minutes=([1], minutes))
    with pytest.raises(InvalidRowsError, match=words) as caught:
        frames.weekly_compliance(table, IOP, tz=TZ)
    assert caught.value.rows == (1,)


def test_fractional_minutes_from_pandas_are_refused():
    table = _table(attendance=([1], "attended in part")).to_pandas()
    table["attended_minutes"] = [None, 30.5, None, None]
    with pytest.raises(InvalidRowsError, match="whole number") as caught:
        frames.weekly_compliance(table, IOP, tz=TZ)
    assert caught.value.rows == (1,)


def test_several_bad_columns_are_reported_together():
    table = _table(service=([0], "yoga"), attendance=([3], "late"))
    with pytest.raises(IopcoreErrorGroup) as caught:
        frames.weekly_compliance(table, IOP, tz=TZ)
    assert {error.field for error in caught.value.exceptions} == {
        "sessions.service",
        "sessions.attendance",
    }


def test_a_naive_timestamp_column_is_refused():
    table = _table().with_columns(pl.col("start").dt.replace_time_zone(None))
    with pytest.raises(NaiveDateTimeError, match=r"sessions\.start"):
        frames.weekly_compliance(table, IOP, tz=TZ)


def test_a_missing_column_and_a_wrong_dtype_are_refused():
    with pytest.raises(InvalidValueError, match="has no column 'service'"):
        frames.weekly_compliance(_table().drop("service"), IOP, tz=TZ)
    with pytest.raises(InvalidTypeError, match=r"sessions\.service"):
        frames.weekly_compliance(_table().with_columns(pl.lit(1).alias("service")), IOP, tz=TZ)


def test_the_optional_columns_may_be_absent_and_columns_renames():
    table = _table().drop("attendance", "attended_minutes").rename({"participant_id": "mrn"})
    weeks = frames.weekly_compliance(table, IOP, tz=TZ, columns={"participant_id": "mrn"})
    assert weeks["hours"].to_list() == [6.0, 6.0]


def _episodes(**columns):
    data = {
        "participant_id": ["a", "b"],
        "admitted": [dt.date(2024, 3, 4), dt.date(2024, 3, 4)],
        "discharged": [None, dt.date(2024, 3, 20)],
    }
    return pl.DataFrame(data | columns, schema_overrides={"discharged": pl.Date})


#: Bad episode rows: columns changed, the column named, the rows, a word of the message.
BAD_EPISODES = [
    ({"participant_id": ["a", "a"]}, "participant_id", (0, 1), "more than one row"),
    ({"admitted": [None, dt.date(2024, 3, 4)]}, "admitted", (0,), "is missing"),
    ({"discharged": [dt.date(2024, 3, 1), None]}, "discharged", (0,), "before admission"),
    (
        {"admitted": [dt.date(2024, 3, 4), dt.date(2024, 4, 9)], "discharged": [None, None]},
        "admitted",
        (1,),
        "after as_of",
    ),
]


@pytest.mark.parametrize(("columns", "named", "rows", "words"), BAD_EPISODES)
def test_bad_episode_rows_are_named(columns, named, rows, words):
    with pytest.raises(InvalidRowsError, match=words) as caught:
        frames.weekly_compliance(
            _table(), IOP, tz=TZ, episodes=_episodes(**columns), as_of=dt.date(2024, 4, 1)
        )
    assert caught.value.field == f"episodes.{named}"
    assert caught.value.rows == rows


def test_sessions_after_as_of_without_an_episode_are_refused():
    # Without an episode the first session's week is the admission: as_of before it
    # is as_of before admission, as the object path says.
    with pytest.raises(InvalidRowsError, match="after as_of") as caught:
        frames.weekly_compliance(_table(), IOP, tz=TZ, as_of=dt.date(2024, 3, 1))
    assert caught.value.field == "sessions.start"
    assert caught.value.count == 4


#: Bad arguments: the keyword arguments, the error.
BAD_ARGUMENTS = [
    ({"requirement": "IOP"}, InvalidTypeError),
    ({"requirement": requirement_for(LevelOfCare.INPATIENT, Population.ADULT)}, InvalidValueError),
    ({"tz": "Mars/Olympus"}, UnknownCodeError),
    ({"calendar": ProgramCalendar(tz="UTC")}, InvalidValueError),
    ({"calendar": "weekdays"}, InvalidTypeError),
    ({"as_of": dt.datetime(2024, 3, 8, 12)}, NaiveDateTimeError),  # noqa: DTZ001 - naive on purpose
    ({"as_of": "2024-03-08"}, InvalidTypeError),
    ({"partial_weeks": "some"}, UnknownCodeError),
    ({"stepping_down": 1}, InvalidTypeError),
    ({"episodes": [("a", "2024-03-04")]}, InvalidTypeError),
    ({"columns": ["participant_id"]}, InvalidTypeError),
]


@pytest.mark.parametrize(("arguments", "error"), BAD_ARGUMENTS)
def test_bad_arguments_are_refused(arguments, error):
    options = {"requirement": IOP, "tz": TZ} | arguments
    with pytest.raises(error):
        frames.weekly_compliance(_table(), **options)


def test_sessions_frame_refuses_what_is_not_sessions():
    with pytest.raises(InvalidTypeError):
        frames.sessions_frame("sessions")
    with pytest.raises(InvalidTypeError, match=r"\$\.sessions\[0\]"):
        frames.sessions_frame([1])
    with pytest.raises(UnknownCodeError, match="backend"):
        frames.sessions_frame([], backend="spark")


def test_sessions_frame_gives_each_backend_and_an_empty_table_gives_no_weeks():
    assert isinstance(frames.sessions_frame([], backend="pandas"), pd.DataFrame)
    empty = frames.sessions_frame([])
    assert empty.columns == [column.name for column in frames.SESSIONS.columns]
    weeks = frames.weekly_compliance(empty, IOP, tz=TZ)
    assert weeks.columns == list(frames.COMPLIANCE_COLUMNS)
    assert weeks.height == 0
