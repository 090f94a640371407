"""frames.score: every instrument on whole tables, equal to the object path row for row."""

from __future__ import annotations

import duckdb
import narwhals as nw
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore import frames
from iopcore.exceptions import (
    InvalidRowsError,
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.frames import Kind
from iopcore.instruments import INSTRUMENT_NAMES, Responses, get_instrument
from iopcore.testing.strategies import responses_with_options

#: The options that hold for a whole table, by instrument, and what to draw them from.
TABLE_OPTIONS = {
    "audit_c": {"male_cutoff": st.integers(1, 12), "female_cutoff": st.integers(1, 12)},
    "pcl5": {"cutoff": st.integers(1, 80)},
}
ROW_OPTION_COLUMNS = {
    "sex": "sex",
    "behaviour_within_3_months": "cssrs_behaviour_within_3_months",
}


def polars_table(name, kept):
    """The answers of ``kept`` (Responses) as a polars table with typed columns."""
    data, schema = {}, {}
    for index, column in enumerate(item_columns(name)):
        data[column.name] = [responses.answers[index] for responses in kept]
        schema[column.name] = pl.Boolean if column.kind is Kind.YES_NO else pl.Int64
    for option, column in ROW_OPTION_COLUMNS.items():
        if any(option == given for responses in kept for given, _ in responses.options):
            data[column] = [dict(responses.options)[option] for responses in kept]
            schema[column] = pl.String if option == "sex" else pl.Boolean
    return pl.DataFrame(data, schema=schema)


def pandas_table(table):
    """As an analyst's pandas frame: int columns with gaps are float with NaN."""
    frame = table.to_pandas()
    for column, dtype in table.schema.items():
        if dtype == pl.Boolean:
            frame[column] = frame[column].astype("boolean")
    return frame


def expected_rows(name, kept, table_options):
    module = get_instrument(name)
    rows = []
    for responses in kept:
        result = module.score(list(responses.answers), **dict(responses.options), **table_options)
        row = {
            f"{name}_total": result.total,
            f"{name}_band": result.band,
            f"{name}_flags": sorted(result.flags),
            f"{name}_complete": result.complete,
        }
        row.update({f"{name}_{sub}": value for sub, value in result.subscales})
        rows.append(row)
    return rows


def scored_rows(native, added):
    table = nw.from_native(native, eager_only=True).to_polars()
    return table.select(added).to_dicts()


def item_columns(name):
    return [column for column in frames.items_schema(name).columns if column.required]


@st.composite
def tables(draw, name):
    kept = draw(st.lists(responses_with_options(name), min_size=1, max_size=12))
    options = {key: draw(values) for key, values in TABLE_OPTIONS.get(name, {}).items()}
    return kept, options


@pytest.mark.parametrize("name", INSTRUMENT_NAMES)
@settings(max_examples=40)
@given(data=st.data())
def test_every_field_equals_the_object_path(name, data):
    """frames.score gives, row for row, the total, band, flags, complete and subscales
    that the instrument's score gives the same answers, on polars and on pandas."""
    kept, options = data.draw(tables(name))
    table = polars_table(name, kept)
    expected = expected_rows(name, kept, options)
    added = list(expected[0])
    got = frames.score(table, name, options=options or None)
    assert got.columns == [*table.columns, *added]
    assert scored_rows(got, added) == expected
    assert table.equals(got.select(table.columns))
    from_pandas = frames.score(pandas_table(table), name, options=options or None)
    assert isinstance(from_pandas, pd.DataFrame)
    assert scored_rows(from_pandas, added) == expected


PHQ9_ROWS = [
    [1, 1, 2, 1, 0, 1, 1, 0, 1],  # 8 mild, item 9 flag
    [3, 3, 3, 3, 3, 3, 2, 2, 0],  # 22 severe
    [0, 1, None, 0, 0, 0, 0, 0, 2],  # incomplete, flagged
    [None] * 9,
]


def phq9_table(rows=PHQ9_ROWS):
    return pl.DataFrame(
        {f"phq9_{n}": [row[n - 1] for row in rows] for n in range(1, 10)},
        schema={column.name: pl.Int64 for column in item_columns("phq9")},
    ).with_columns(participant_id=pl.Series([f"p{i}" for i in range(len(rows))]))


def phq9_expected(rows=PHQ9_ROWS):
    return expected_rows("phq9", [Responses(instrument="phq9", answers=row) for row in rows], {})


ADDED = ["phq9_total", "phq9_band", "phq9_flags", "phq9_complete"]


def test_a_lazy_frame_stays_lazy_and_a_duckdb_relation_comes_back():
    lazy = frames.score(phq9_table().lazy(), "PHQ-9")
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().select(ADDED).to_dicts() == phq9_expected()
    relation = duckdb.from_arrow(phq9_table().to_arrow())
    back = frames.score(relation, "phq9")
    assert type(back).__name__ == "DuckDBPyRelation"
    assert pl.from_arrow(back.to_arrow_table()).select(ADDED).to_dicts() == phq9_expected()


def test_the_result_columns_have_natural_types():
    got = frames.score(phq9_table(), "phq9")
    assert [got.schema[column] for column in ADDED] == [
        pl.Int64,
        pl.String,
        pl.List(pl.String),
        pl.Boolean,
    ]


@pytest.mark.parametrize(
    "convert",
    [
        pytest.param(
            lambda t: t.with_columns(pl.all().exclude("participant_id").cast(pl.UInt8)), id="uint8"
        ),
        pytest.param(
            lambda t: t.with_columns(pl.all().exclude("participant_id").cast(pl.Int8)), id="int8"
        ),
        pytest.param(
            lambda t: t.with_columns(
                pl.all().exclude("participant_id").cast(pl.Float64).fill_null(np.nan)
            ),
            id="float NaN",
        ),
        pytest.param(lambda t: t.to_pandas(), id="pandas float NaN"),
        pytest.param(
            lambda t: t.to_pandas().astype({c.name: "Int64" for c in item_columns("phq9")}),
            id="pandas Int64",
        ),
        pytest.param(lambda t: t.to_arrow(), id="pyarrow"),
    ],
)
def test_numbers_as_tables_hold_them_are_answers(convert):
    got = frames.score(convert(phq9_table()), "phq9")
    assert scored_rows(got, ADDED) == phq9_expected()


def test_yes_no_answers_in_a_pandas_object_column():
    rows = [[True, False, None, None, None, False], [True, True, False, True, False, None]]
    table = pd.DataFrame(
        {f"cssrs_{n}": [row[n - 1] for row in rows] for n in range(1, 7)}, dtype=object
    )
    got = frames.score(table, "cssrs")
    assert got["cssrs_band"].tolist()[0] == "low"
    assert got["cssrs_flags"].tolist()[1].tolist() == ["high_suicide_risk"]


def test_renamed_columns_are_read():
    table = phq9_table().rename({f"phq9_{n}": f"q{n}" for n in range(1, 10)})
    got = frames.score(table, "phq9", columns={f"phq9_{n}": f"q{n}" for n in range(1, 10)})
    assert got.select(ADDED).to_dicts() == phq9_expected()
    assert got.columns[:9] == [f"q{n}" for n in range(1, 10)]


def with_item(name, number, values, dtype=None):
    """A one-column change to a table of ``name`` with no answers."""
    columns = item_columns(name)
    rows = len(values)
    table = pl.DataFrame(
        {
            column.name: pl.Series(
                [None] * rows, dtype=pl.Boolean if column.kind is Kind.YES_NO else pl.Int64
            )
            for column in columns
        }
    )
    return table.with_columns(pl.Series(f"{name}_{number}", values, dtype=dtype))


PHQ9_ALLOWED = "0, 1, 2, 3 (int) or None (not answered)"


# Each row: the table, the instrument, the column named, the rows and count, the words.
BAD_ROWS = [
    pytest.param(
        with_item("phq9", 5, [0, 4, 1, 7, None]),
        "phq9",
        "phq9 items.phq9_5",
        (1, 3),
        2,
        # pandas makes the column float: "4.0 is not ..."
        f"is not an answer to PHQ-9 item 5; allowed: {PHQ9_ALLOWED}",
        id="out of range",
    ),
    pytest.param(
        with_item("phq9", 2, [1.5, 2.0, np.nan, -1.0], pl.Float64),
        "phq9",
        "phq9 items.phq9_2",
        (0, 3),
        2,
        "1.5 is not an answer to PHQ-9 item 2",
        id="not whole",
    ),
    pytest.param(
        with_item("audit", 9, [0, 1, 2, 3, 4]),
        "audit",
        "audit items.audit_9",
        (1, 3),
        2,
        "allowed: 0, 2, 4 (int) or None (not answered)",
        id="audit 0/2/4 item",
    ),
    pytest.param(
        with_item("bam", 13, [31, 30, 0]),
        "bam",
        "bam items.bam_13",
        (0,),
        1,
        "allowed: an int from 0 to 30 or None (not answered)",
        id="bam day count",
    ),
    pytest.param(
        with_item("cssrs", 2, [False, False, True]).with_columns(
            cssrs_4=pl.Series([None, True, True])
        ),
        "cssrs",
        "cssrs items.cssrs_4",
        (1,),
        1,
        "answers a question the screener skips when question 2 is no; "
        "allowed: None or False (skipped: question 2 is no)",
        id="cssrs skip rule",
    ),
    pytest.param(
        with_item("cssrs", 6, [True, False, None]).with_columns(
            cssrs_behaviour_within_3_months=pl.Series([True, True, True])
        ),
        "cssrs",
        "cssrs items.cssrs_behaviour_within_3_months",
        (1, 2),
        2,
        "follows up a behaviour question that is not yes; "
        "allowed: None or False unless question 6 is yes",
        id="cssrs follow-up",
    ),
    pytest.param(
        with_item("audit_c", 1, [1, 2]).with_columns(sex=pl.Series(["female", "F"])),
        "audit_c",
        "audit_c items.sex",
        (1,),
        1,
        "'F' is not allowed; allowed: 'female', 'male'",
        id="audit_c sex",
    ),
]


@pytest.mark.parametrize(("table", "name", "field", "rows", "count", "words"), BAD_ROWS)
def test_bad_answers_are_refused_by_row(table, name, field, rows, count, words):  # noqa: PLR0917 - one table row
    for native in (table, pandas_table(table)):
        with pytest.raises(InvalidRowsError) as caught:
            frames.score(native, name)
        assert caught.value.field == field
        assert caught.value.rows == rows
        assert caught.value.count == count
        assert words in str(caught.value)
        assert str(caught.value).startswith(f"{field}, row")


def test_every_bad_column_is_reported_at_once():
    table = with_item("phq9", 1, [9]).with_columns(phq9_9=pl.Series([-1]))
    with pytest.raises(IopcoreErrorGroup) as caught:
        frames.score(table, "phq9")
    assert [error.field for error in caught.value.exceptions] == [
        "phq9 items.phq9_1",
        "phq9 items.phq9_9",
    ]


BAD_TABLES = [
    pytest.param(
        phq9_table().drop("phq9_9"),
        "phq9",
        None,
        InvalidValueError,
        "has no column 'phq9_9'",
        id="missing item",
    ),
    pytest.param(
        phq9_table().with_columns(pl.col("phq9_3").cast(pl.Boolean)),
        "phq9",
        None,
        InvalidTypeError,
        "phq9 items.phq9_3: 'Boolean' is not allowed; allowed: a column of whole numbers",
        id="bool where int",
    ),
    pytest.param(
        with_item("dast10", 1, [1]),
        "dast10",
        None,
        InvalidTypeError,
        "dast10 items.dast10_1: 'Int64' is not allowed; allowed: a column of true/false",
        id="int where yes/no",
    ),
    pytest.param(
        phq9_table().with_columns(pl.col("phq9_3").cast(pl.String)),
        "phq9",
        None,
        InvalidTypeError,
        "phq9 items.phq9_3",
        id="text where int",
    ),
    pytest.param(
        phq9_table().with_columns(phq9_total=pl.lit(3)),
        "phq9",
        None,
        InvalidValueError,
        "already has a column 'phq9_total'",
        id="score columns there already",
    ),
    pytest.param(
        phq9_table(),
        "phq-10",
        None,
        UnknownCodeError,
        "name: 'phq-10' is not",
        id="unknown instrument",
    ),
    pytest.param(
        phq9_table(),
        "phq9",
        {"cutoff": 3},
        UnknownCodeError,
        "none (PHQ-9 takes no options)",
        id="no options",
    ),
    pytest.param(
        with_item("pcl5", 1, [1]),
        "pcl5",
        {"cut": 3},
        UnknownCodeError,
        "allowed: cutoff",
        id="unknown option",
    ),
    pytest.param(
        with_item("pcl5", 1, [1]),
        "pcl5",
        {"cutoff": 0},
        InvalidValueError,
        "cutoff: 0",
        id="bad cut-off",
    ),
    pytest.param(
        with_item("pcl5", 1, [1]),
        "pcl5",
        [("cutoff", 3)],
        InvalidTypeError,
        "a mapping of option names",
        id="options not a mapping",
    ),
    pytest.param(
        with_item("audit_c", 1, [1]),
        "audit_c",
        {"sex": "male"},
        InvalidValueError,
        "allowed: the column 'sex' (it varies by row)",
        id="row option in options",
    ),
    pytest.param([1, 2, 3], "phq9", None, InvalidTypeError, "a data frame", id="not a frame"),
]


@pytest.mark.parametrize(("table", "name", "options", "error", "words"), BAD_TABLES)
def test_bad_tables_and_options_are_refused(table, name, options, error, words):
    with pytest.raises(error) as caught:
        frames.score(table, name, options=options)
    assert words in str(caught.value)


def test_a_table_option_applies_to_every_row():
    table = with_item("pcl5", 1, [4, 3])
    got = frames.score(table, "pcl5", options={"cutoff": 4})
    assert got["pcl5_flags"].to_list() == [["probable_ptsd"], []]
