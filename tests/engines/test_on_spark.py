"""iopcore.frames on a real Spark session (local[2]): the same rows as polars on one machine."""

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
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("engines")]


def _spark_frame(spark, frame: pl.DataFrame, parts: int = 2):
    return spark.createDataFrame(frame.to_arrow()).repartition(parts)


def _back(result) -> pl.DataFrame:
    return pl.from_arrow(result.toArrow())


def _ordered(spark, frame: pl.DataFrame):
    """A Spark frame whose partitions keep the rows' order (no shuffle), in two or more."""
    ordered = spark.createDataFrame(frame.to_arrow())
    assert ordered.rdd.getNumPartitions() >= 2
    return ordered


def test_weekly_compliance_matches_polars_row_for_row(spark):
    result = frames.weekly_compliance(
        _spark_frame(spark, sessions()), REQUIREMENT, tz=TZ, calendar=CALENDAR, as_of=AS_OF
    )
    assert type(result).__name__ == "DataFrame"
    assert type(result).__module__.startswith("pyspark.")
    kinds = {field.name: field.dataType.typeName() for field in result.schema.fields}
    assert kinds["week_start"] == "date"
    assert kinds["findings"] == "array"
    assert kinds["services"] == "struct"
    expected = weeks_on_polars()
    assert (
        expected["week_start"].is_in([pendulum.date(2024, 3, 4), pendulum.date(2024, 3, 11)]).any()
    )
    assert rows(_back(result), "participant_id", "week_start") == rows(expected)


def test_weekly_compliance_with_episodes_cogroups_them(spark):
    stays = episodes()
    result = frames.weekly_compliance(
        _spark_frame(spark, sessions()),
        REQUIREMENT,
        tz=TZ,
        calendar=CALENDAR,
        episodes=_spark_frame(spark, stays),
        as_of=AS_OF,
    )
    expected = weeks_on_polars(episodes_table=stays)
    assert "syn-no-sessions" in expected["participant_id"].to_list()
    assert rows(_back(result), "participant_id", "week_start") == rows(expected)


def test_a_participants_rows_in_sessions_and_episodes_share_one_group(spark):
    from pyspark.sql import functions as sf  # noqa: PLC0415 - only with Spark

    from iopcore.frames import _spark  # noqa: PLC0415 - the route's own grouping

    def groups(frame: pl.DataFrame, parts: int) -> dict[str, set[int]]:
        grouped = _spark._in_groups(_spark_frame(spark, frame, parts), "participant_id", 3)
        numbers = pl.from_arrow(
            grouped.agg(sf.collect_set("participant_id").alias("ids")).toArrow()
        )
        found: dict[str, set[int]] = {}
        for number, ids in numbers.iter_rows():
            for who in ids:
                found.setdefault(who, set()).add(number)
        return found

    by_sessions, by_episodes = groups(sessions(), 2), groups(episodes(), 3)
    assert all(len(numbers) == 1 for numbers in by_sessions.values())
    assert set().union(*by_sessions.values()) <= {0, 1, 2}
    assert len(set().union(*by_sessions.values())) > 1
    shared = by_sessions.keys() & by_episodes.keys()
    assert shared
    assert all(by_sessions[who] == by_episodes[who] for who in shared)


def test_episodes_of_another_kind_are_made_a_spark_frame(spark):
    stays = episodes().lazy()
    result = frames.weekly_compliance(
        _spark_frame(spark, sessions()), REQUIREMENT, tz=TZ, episodes=stays, as_of=AS_OF
    )
    expected = frames.weekly_compliance(sessions(), REQUIREMENT, tz=TZ, episodes=stays, as_of=AS_OF)
    assert rows(_back(result), "participant_id", "week_start") == rows(expected)


def test_recommend_levels_matches_polars_in_input_order(spark):
    table = assessments()
    ruleset = pickle.loads(pickle.dumps(get_ruleset("reference")))  # travels by value
    result = frames.recommend_levels(_ordered(spark, table), as_of=AS_OF, ruleset=ruleset)
    expected = frames.recommend_levels(table, as_of=AS_OF, ruleset=ruleset)
    assert expected["level"].null_count() > 0  # undeterminable placements are in the cohort
    got = _back(result)
    assert rows(got) == rows(expected)
    assert set(got["ruleset_hash"]) == {ruleset.content_hash}


def test_score_matches_polars_in_input_order(spark):
    table = phq9_items()
    result = frames.score(_ordered(spark, table), "phq9")
    assert rows(_back(result)) == rows(frames.score(table, "phq9"))


def test_bad_rows_are_refused_with_their_global_row_numbers(spark):
    table = sessions()
    bad = table.with_columns(
        end=pl.when(pl.int_range(pl.len()).is_in([3, 200, 301]))
        .then(pl.col("start"))
        .otherwise(pl.col("end"))
    )
    with pytest.raises(InvalidRowsError) as caught:
        frames.weekly_compliance(_ordered(spark, bad), REQUIREMENT, tz=TZ, as_of=AS_OF)
    assert caught.value.field == "sessions.end"
    assert caught.value.rows == (3, 200, 301)
    assert caught.value.count == 3


def test_bad_answers_are_refused_across_batches(spark):
    table = phq9_items().with_columns(
        phq9_2=pl.when(pl.int_range(pl.len()).is_in([1, 58])).then(7).otherwise(pl.col("phq9_2"))
    )
    with pytest.raises(InvalidRowsError) as caught:
        frames.score(_ordered(spark, table), "phq9")
    assert caught.value.field.endswith("phq9_2")
    assert (caught.value.rows, caught.value.count) == ((1, 58), 2)


def test_a_missing_column_is_refused_before_any_job(spark):
    with pytest.raises(InvalidValueError, match="participant_id"):
        frames.weekly_compliance(
            _spark_frame(spark, sessions().drop("participant_id")), REQUIREMENT, tz=TZ
        )
