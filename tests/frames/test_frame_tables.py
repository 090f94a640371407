"""Reading tables: any frame in, the same kind out; bad columns and rows refused by name."""

from __future__ import annotations

import pickle

import duckdb
import narwhals as nw
import pandas as pd
import pendulum
import polars as pl
import pyarrow as pa
import pytest

from iopcore.exceptions import (
    InvalidRowsError,
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.frames import Column, Kind, Schema
from iopcore.frames._tables import ROW, RowCheck, read_table, refuse_rows

SCHEMA = Schema(
    "sessions",
    (
        Column("participant_id", Kind.TEXT),
        Column("start", Kind.AWARE_TIMESTAMP),
        Column("end", Kind.AWARE_TIMESTAMP),
        Column("attended_minutes", Kind.WHOLE_NUMBER, required=False),
    ),
)
START = pendulum.datetime(2026, 3, 8, 1, 30, tz="America/New_York")
ENDS = [START.add(hours=1), START, START.subtract(minutes=5), START.add(hours=2)]
POLARS = pl.DataFrame({"pid": ["a", "b", "c", "d"], "start": [START] * 4, "end": ENDS})
AFTER_START = RowCheck(
    "end", nw.col("end") <= nw.col("start"), allowed="a time after start", reason="is not after"
)

KINDS = {
    "polars": POLARS,
    "polars lazy": POLARS.lazy(),
    "pandas": POLARS.to_pandas(),
    "pyarrow": POLARS.to_arrow(),
}
BACK = {
    "polars": pl.DataFrame,
    "polars lazy": pl.LazyFrame,
    "pandas": pd.DataFrame,
    "pyarrow": pa.Table,
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_kind_comes_back(kind):
    table = read_table(KINDS[kind], SCHEMA, columns={"participant_id": "pid"})
    back = table.back(table.frame.drop(ROW))
    assert isinstance(back, BACK[kind])
    got = nw.from_native(back).lazy().collect("polars").to_native()
    assert got.columns == ["participant_id", "start", "end"]
    assert got["participant_id"].to_list() == ["a", "b", "c", "d"]
    assert got["start"].dt.convert_time_zone("UTC").to_list() == [START.in_tz("UTC")] * 4


@pytest.mark.parametrize("kind", KINDS)
def test_bad_rows_are_named_by_number(kind):
    table = read_table(KINDS[kind], SCHEMA, columns={"participant_id": "pid"})
    with pytest.raises(InvalidRowsError) as caught:
        refuse_rows(table, [AFTER_START])
    assert caught.value.rows == (1, 2)
    assert caught.value.count == 2
    assert str(caught.value).startswith("sessions.end, rows 1, 2: ")


def test_a_duckdb_relation_comes_back_as_one_and_counts_bad_rows():
    relation = duckdb.from_arrow(POLARS.rename({"pid": "participant_id"}).to_arrow())
    table = read_table(relation, SCHEMA)
    assert type(table.back(table.frame.drop(ROW))).__name__ == "DuckDBPyRelation"
    with pytest.raises(InvalidRowsError, match=r"^sessions\.end, 2 rows: ") as caught:
        refuse_rows(table, [AFTER_START])
    assert caught.value.rows == ()


def test_many_bad_rows_show_the_first_five_and_the_count():
    frame = pl.DataFrame({"participant_id": ["a"] * 9, "start": [START] * 9, "end": [START] * 9})
    with pytest.raises(InvalidRowsError) as caught:
        refuse_rows(read_table(frame, SCHEMA), [AFTER_START])
    assert caught.value.rows == (0, 1, 2, 3, 4)
    assert "rows 0, 1, 2, 3, 4 and 4 more" in str(caught.value)
    assert pickle.loads(pickle.dumps(caught.value)).rows == caught.value.rows


def test_two_failed_checks_raise_together():
    table = read_table(POLARS, SCHEMA, columns={"participant_id": "pid"})
    other = RowCheck("participant_id", nw.col("participant_id") == "a", allowed="not a")
    with pytest.raises(IopcoreErrorGroup) as caught:
        refuse_rows(table, [AFTER_START, other])
    assert [error.field for error in caught.value.exceptions] == [
        "sessions.end",
        "sessions.participant_id",
    ]


def test_sensitive_rows_show_only_the_type():
    check = RowCheck("participant_id", nw.col("participant_id") == "b", allowed="x", sensitive=True)
    table = read_table(POLARS, SCHEMA, columns={"participant_id": "pid"})
    with pytest.raises(InvalidRowsError) as caught:
        refuse_rows(table, [check])
    assert "'b'" not in str(caught.value)
    assert "<str, not shown>" in str(caught.value)


@pytest.mark.parametrize(
    ("frame", "columns", "error", "words"),
    [
        (POLARS, None, InvalidValueError, "has no column 'participant_id'"),
        (POLARS, {"participant": "pid"}, UnknownCodeError, "columns: 'participant'"),
        (POLARS, {"participant_id": "nope"}, UnknownCodeError, "columns['participant_id']"),
        (POLARS, ["pid"], InvalidTypeError, "a mapping of iopcore column names"),
        (
            POLARS.with_columns(pl.col("start").dt.replace_time_zone(None)),
            {"participant_id": "pid"},
            NaiveDateTimeError,
            "sessions.start",
        ),
        (
            POLARS.with_columns(pl.col("end").cast(pl.String)),
            {"participant_id": "pid"},
            InvalidTypeError,
            "sessions.end: 'String' is not allowed; allowed: a column of a timestamp",
        ),
        (
            POLARS.with_columns(attended_minutes=pl.lit("x")),
            {"participant_id": "pid"},
            InvalidTypeError,
            "sessions.attended_minutes",
        ),
        (
            POLARS.with_columns(participant_id=pl.lit("x")),
            {"participant_id": "pid"},
            InvalidValueError,
            "renames a column to 'participant_id', which the table already has",
        ),
        ([1, 2], None, InvalidTypeError, "a data frame"),
    ],
)
def test_bad_tables_are_refused_by_name(frame, columns, error, words):
    with pytest.raises(error) as caught:
        read_table(frame, SCHEMA, columns=columns)
    assert words in str(caught.value)


def test_an_optional_column_may_be_absent():
    assert read_table(POLARS, SCHEMA, columns={"participant_id": "pid"}).schema is SCHEMA
    with pytest.raises(UnknownCodeError):
        SCHEMA.column("nope")
    assert SCHEMA.required() == "'participant_id', 'start', 'end'"


NULLS = {
    # polars gives a column of only nulls the type Null
    "polars Null": pl.DataFrame(
        {"participant_id": ["a", "b"], "start": [None, None], "end": [None, None]}
    ),
    # pandas gives object (read as text) for None, float for NaN
    "pandas None": pd.DataFrame(
        {"participant_id": ["a", "b"], "start": [None, None], "end": [None, None]}
    ),
    "pandas NaN": pd.DataFrame(
        {"participant_id": ["a", "b"], "start": [float("nan")] * 2, "end": [float("nan")] * 2}
    ),
}


@pytest.mark.parametrize("kind", NULLS)
def test_a_column_of_only_nulls_is_read_as_missing_values_of_its_kind(kind):
    frame = NULLS[kind].assign(attended_minutes=None) if kind != "polars Null" else NULLS[kind]
    table = read_table(frame, SCHEMA)
    got = table.frame.collect().to_native()
    assert got.schema["start"] == pl.Datetime("us", "UTC")
    assert got.schema["end"] == pl.Datetime("us", "UTC")
    assert got["start"].null_count() == 2
    if "attended_minutes" in got.columns:
        assert got.schema["attended_minutes"] == pl.Int64
    assert got["participant_id"].to_list() == ["a", "b"]


def test_an_empty_pandas_frame_is_read_with_the_schema_types():
    frame = pd.DataFrame({"participant_id": [], "start": [], "end": []}, dtype=object)
    got = read_table(frame, SCHEMA).frame.collect().to_native()
    assert got.height == 0
    assert got.schema["start"] == pl.Datetime("us", "UTC")


def test_a_column_of_text_with_a_value_is_still_refused_as_a_timestamp():
    frame = pl.DataFrame({"participant_id": ["a"], "start": [None], "end": ["2026-03-08"]})
    with pytest.raises(InvalidTypeError) as caught:
        read_table(frame, SCHEMA)
    assert caught.value.field == "sessions.end"
    assert "a timestamp with a time zone" in str(caught.value)


DATES = Schema("episodes", (Column("participant_id", Kind.TEXT), Column("admitted", Kind.DATE)))


def test_pandas_dates_as_midnight_timestamps_are_read_as_dates():
    frame = pd.DataFrame(
        {"participant_id": ["a", "b"], "admitted": pd.to_datetime(["2026-03-02", None])}
    )
    got = read_table(frame, DATES).frame.collect().to_native()
    assert got.schema["admitted"] == pl.Date
    assert got["admitted"].to_list() == [pendulum.date(2026, 3, 2), None]


@pytest.mark.parametrize(
    "admitted",
    [
        pd.to_datetime(["2026-03-02T10:00", "2026-03-09T00:00"]),  # a time of day
        pd.to_datetime(["2026-03-02", "2026-03-09"]).tz_localize("UTC"),  # aware: which day?
    ],
)
def test_timestamps_that_are_not_plain_dates_are_refused_for_a_date(admitted):
    frame = pd.DataFrame({"participant_id": ["a", "b"], "admitted": admitted})
    with pytest.raises(InvalidTypeError) as caught:
        read_table(frame, DATES)
    assert caught.value.field == "episodes.admitted"
