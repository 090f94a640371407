"""The one polars-specific translation: narwhals expressions translated once."""

import sys

import narwhals as nw
import pendulum
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from iopcore import LevelOfCare, Population, frames
from iopcore.exceptions import InvalidRowsError
from iopcore.frames import _native, _score, _sessions, _week_rules, _weeks
from iopcore.intensity import requirement_for
from iopcore.sessions import ProgramCalendar


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


_QUERIES = (
    _score._query,
    _sessions._session_checks,
    _week_rules.judging,
    _weeks._counting,
    _weeks._bounding,
    _weeks._timing,
    _weeks._finishing,
)


def _clear():
    for query in _QUERIES:
        query.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_queries():
    _clear()
    yield
    _clear()


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


def test_weekly_compliance_gives_the_same_weeks_either_way(monkeypatch):
    start = [pendulum.datetime(2024, 3, day, 9, tz="America/New_York") for day in (4, 6, 8, 12)]
    sessions = pl.DataFrame(
        {
            "participant_id": ["p-1", "p-1", "p-2", "p-2"],
            "service": "group therapy",
            "start": start,
            "end": [moment.add(hours=3) for moment in start],
        }
    )
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
    calendar = ProgramCalendar(tz="America/New_York", closures=[pendulum.date(2024, 3, 11)])

    def weeks():
        return frames.weekly_compliance(
            sessions,
            requirement,
            tz="America/New_York",
            calendar=calendar,
            as_of=pendulum.date(2024, 3, 17),
        )

    quick = weeks()
    assert quick.height == 4
    _clear()
    monkeypatch.setattr(_native, "_to_polars", lambda _: None)
    assert_frame_equal(weeks(), quick)
