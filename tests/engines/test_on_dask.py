"""iopcore.frames on a real dask.distributed LocalCluster (two worker processes): polars' rows."""

from __future__ import annotations

import pickle

import pendulum
import polars as pl
import pytest
from _engine_cohorts import (
    AS_OF,
    CALENDAR,
    REQUIREMENT,
    TZ,
    assessments,
    episodes,
    phq9_items,
    rows,
    sessions,
    weeks_on_polars,
)

from iopcore import frames
from iopcore.exceptions import InvalidRowsError, InvalidValueError
from iopcore.rulesets import get_ruleset

# One xdist group: under ``pytest -n`` every engine test runs on one worker, so a run
# starts one Spark session and one LocalCluster.
pytestmark = [pytest.mark.dask, pytest.mark.xdist_group("engines")]


def _dask_frame(frame: pl.DataFrame, parts: int = 3):
    """A Dask frame of Arrow-backed pandas partitions (as ``dtype_backend="pyarrow"`` reads)."""
    import dask.dataframe as dd  # noqa: PLC0415 - the dask_client fixture checked it

    return dd.from_pandas(frame.to_pandas(use_pyarrow_extension_array=True), npartitions=parts)


def _back(result, dates=()) -> pl.DataFrame:
    """The computed result as polars, its dates (datetime64 in pandas) as dates again."""
    return pl.from_pandas(result.compute()).with_columns(
        pl.col(name).cast(pl.Date) for name in dates
    )


@pytest.mark.usefixtures("dask_client")
def test_weekly_compliance_matches_polars_row_for_row():
    result = frames.weekly_compliance(
        _dask_frame(sessions()), REQUIREMENT, tz=TZ, calendar=CALENDAR, as_of=AS_OF
    )
    assert type(result).__module__.startswith("dask.")
    expected = weeks_on_polars()
    assert (
        expected["week_start"].is_in([pendulum.date(2024, 3, 4), pendulum.date(2024, 3, 11)]).any()
    )
    got = _back(result, dates=["week_start"])
    assert rows(got, "participant_id", "week_start") == rows(expected)


@pytest.mark.usefixtures("dask_client")
@pytest.mark.parametrize("as_dask", [True, False], ids=["dask episodes", "polars episodes"])
def test_weekly_compliance_with_episodes_shuffles_them_alongside(as_dask):
    stays = episodes()
    result = frames.weekly_compliance(
        _dask_frame(sessions()),
        REQUIREMENT,
        tz=TZ,
        calendar=CALENDAR,
        episodes=_dask_frame(stays, parts=2) if as_dask else stays,
        as_of=AS_OF,
    )
    expected = weeks_on_polars(episodes_table=stays)
    assert "syn-no-sessions" in expected["participant_id"].to_list()
    got = _back(result, dates=["week_start"])
    assert rows(got, "participant_id", "week_start") == rows(expected)


@pytest.mark.usefixtures("dask_client")
def test_recommend_levels_matches_polars_in_input_order():
    table = assessments()
    ruleset = pickle.loads(pickle.dumps(get_ruleset("reference")))  # travels by value
    result = frames.recommend_levels(_dask_frame(table), as_of=AS_OF, ruleset=ruleset)
    expected = frames.recommend_levels(table, as_of=AS_OF, ruleset=ruleset)
    assert expected["level"].null_count() > 0  # undeterminable placements are in the cohort
    got = _back(result, dates=["assessed_on"])
    assert rows(got) == rows(expected)
    assert set(got["ruleset_hash"]) == {ruleset.content_hash}


@pytest.mark.usefixtures("dask_client")
def test_score_matches_polars_in_input_order():
    table = phq9_items()
    assert rows(_back(frames.score(_dask_frame(table), "phq9"))) == rows(
        frames.score(table, "phq9")
    )


@pytest.mark.usefixtures("dask_client")
def test_bad_rows_are_refused_with_their_global_row_numbers():
    table = sessions()
    bad = table.with_columns(
        end=pl.when(pl.int_range(pl.len()).is_in([3, 200, 301]))
        .then(pl.col("start"))
        .otherwise(pl.col("end"))
    )
    with pytest.raises(InvalidRowsError) as caught:
        frames.weekly_compliance(_dask_frame(bad), REQUIREMENT, tz=TZ, as_of=AS_OF)
    assert caught.value.field == "sessions.end"
    assert caught.value.rows == (3, 200, 301)
    assert caught.value.count == 3


@pytest.mark.usefixtures("dask_client")
def test_bad_answers_are_refused_across_partitions():
    table = phq9_items().with_columns(
        phq9_2=pl.when(pl.int_range(pl.len()).is_in([1, 58])).then(7).otherwise(pl.col("phq9_2"))
    )
    with pytest.raises(InvalidRowsError) as caught:
        frames.score(_dask_frame(table), "phq9")
    assert caught.value.field.endswith("phq9_2")
    assert (caught.value.rows, caught.value.count) == ((1, 58), 2)


@pytest.mark.usefixtures("dask_client")
def test_a_missing_column_is_refused_before_any_job():
    with pytest.raises(InvalidValueError, match="participant_id"):
        frames.weekly_compliance(_dask_frame(sessions().drop("participant_id")), REQUIREMENT, tz=TZ)
