"""The one polars-specific translation: narwhals expressions translated once."""

import sys

import narwhals as nw
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from iopcore import frames
from iopcore.exceptions import InvalidRowsError
from iopcore.frames import _native, _score


def test_the_quick_route_is_taken_with_the_installed_narwhals():
    translated = _native.Translated.of([(nw.col("a") + 1).alias("b")])
    assert translated.native is not None
    frame = nw.from_native(pl.LazyFrame({"a": [1, 2]}))
    assert translated.with_columns(frame).collect().to_native()["b"].to_list() == [2, 3]
    assert translated.select(frame).collect().to_native().columns == ["b"]


def test_without_narwhals_internals_the_expressions_run_through_narwhals(monkeypatch):
    monkeypatch.setitem(sys.modules, "narwhals._namespace", None)  # gone in a new release
    translated = _native.Translated.of([(nw.col("a") * 2).alias("b")])
    assert translated.native is None
    frame = nw.from_native(pl.LazyFrame({"a": [1, None]}))
    assert translated.with_columns(frame).collect().to_native()["b"].to_list() == [2, None]
    assert translated.select(frame).collect().to_native().to_dict(as_series=False) == {
        "b": [2, None]
    }


@pytest.fixture(autouse=True)
def _fresh_queries():
    _score._query.cache_clear()
    yield
    _score._query.cache_clear()


@pytest.mark.parametrize("instrument", ["phq9", "audit_c", "cssrs"])
def test_score_gives_the_same_table_either_way(instrument, monkeypatch):
    schema = frames.items_schema(instrument)
    items = [column.name for column in schema.columns if column.name.startswith(instrument)]
    yes_no = instrument == "cssrs"
    values = [True, False, None] if yes_no else [1, 0, None]
    table = pl.DataFrame(dict.fromkeys(items, values))
    quick = frames.score(table, instrument)
    _score._query.cache_clear()
    monkeypatch.setattr(_native, "_to_polars", lambda _: None)
    assert_frame_equal(frames.score(table, instrument), quick)


def test_a_bad_answer_is_refused_either_way(monkeypatch):
    table = pl.DataFrame({f"phq9_{n}": [1, 7 if n == 4 else 0] for n in range(1, 10)})
    with pytest.raises(InvalidRowsError) as quick:
        frames.score(table, "phq9")
    _score._query.cache_clear()
    monkeypatch.setattr(_native, "_to_polars", lambda _: None)
    with pytest.raises(InvalidRowsError) as slow:
        frames.score(table, "phq9")
    assert str(slow.value) == str(quick.value)
