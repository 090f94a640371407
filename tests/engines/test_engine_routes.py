"""The engine routes' parts that run on workers, run here in one process (coverage sees them)."""

from __future__ import annotations

import functools
import pickle
import subprocess
import sys

import polars as pl
import pyarrow as pa
import pytest
from _engine_cohorts import AS_OF, REQUIREMENT, TZ, episodes, phq9_items, sessions

from iopcore import frames
from iopcore.exceptions import InvalidRowsError, InvalidValueError, IopcoreErrorGroup
from iopcore.frames import _dask, _engines, _spark

# One xdist group: under ``pytest -n`` every engine test runs on one worker, so a run
# starts one Spark session and one LocalCluster.
pytestmark = pytest.mark.xdist_group("engines")


def _numbered(frame: pl.DataFrame, start: int = 100) -> pl.DataFrame:
    return frame.with_columns(pl.int_range(start, start + pl.len()).alias(_engines.AT))


def _bad_items() -> pl.DataFrame:
    return phq9_items(6).with_columns(phq9_3=pl.Series([0, 9, 0, 0, 9, 0]))


SCORE = functools.partial(frames.score, instrument="phq9")
WEEKS = functools.partial(frames.weekly_compliance, requirement=REQUIREMENT, tz=TZ, as_of=AS_OF)


class GroupedData:  # a pyspark object that is not a DataFrame
    __module__ = "pyspark.sql.group"


def test_engine_for_looks_at_the_type_name_only():
    assert _engines.engine_for(pl.DataFrame()) is None
    assert _engines.engine_for(GroupedData()) is None
    with pytest.raises(TypeError, match="a data frame"):
        frames.score(GroupedData(), "phq9")


def test_import_iopcore_frames_imports_no_engine():
    code = (
        "import sys, polars as pl; from iopcore import frames; "
        "frames.score(pl.DataFrame({f'phq9_{n}': [1] for n in range(1, 10)}), 'phq9'); "
        "print([name for name in ('pyspark', 'dask') if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_spark_batch_is_scored_and_cast_to_sparks_arrow_types():
    batch = _numbered(phq9_items(5)).to_arrow().to_batches()[0]
    expected = SCORE(phq9_items(5))
    target = expected.to_arrow().schema.set(0, pa.field("questionnaire", pa.string()))
    out = pa.Table.from_batches(list(_spark._mapped(SCORE, target, iter([batch]))))
    assert out.schema.field("questionnaire").type == pa.string()
    assert pl.from_arrow(out).to_dicts() == expected.to_dicts()


def test_a_spark_batch_reports_its_bad_rows_by_their_global_numbers():
    batches = [
        _numbered(_bad_items()).to_arrow().to_batches()[0],
        _numbered(phq9_items(2)).to_arrow().to_batches()[0],
    ]
    found = [
        row
        for batch in _spark._mapped_errors(SCORE, iter(batches))
        for row in batch.column(0).to_pylist()
    ]
    (error,) = [pickle.loads(data) for data in found]
    assert (error.field, error.rows, error.count) == ("phq9 items.phq9_3", (101, 104), 2)


def test_a_spark_group_and_cogroup_run_the_weeks_or_report_errors():
    table = _numbered(sessions().filter(pl.col("participant_id") == "syn-000001")).to_arrow()
    expected = WEEKS(sessions().filter(pl.col("participant_id") == "syn-000001"))
    target = expected.to_arrow().schema
    assert pl.from_arrow(_spark._on_groups(WEEKS, target)(table)).to_dicts() == expected.to_dicts()
    assert _spark._on_groups(WEEKS, _spark._ERRORS)(table).num_rows == 0
    stays = _numbered(episodes().filter(pl.col("participant_id") == "syn-000001"), start=7)
    with_stay = _spark._on_cogroups(WEEKS, target)(table, stays.to_arrow())
    assert pl.from_arrow(with_stay)["participant_id"].unique().to_list() == ["syn-000001"]
    twice = pl.concat([stays, stays.with_columns(pl.lit(8, dtype=pl.Int64).alias(_engines.AT))])
    found = _spark._on_cogroups(WEEKS, _spark._ERRORS)(table, twice.to_arrow())
    (error,) = [pickle.loads(data) for data in found.column(0).to_pylist()]
    assert error.field.startswith("episodes.")
    assert set(error.rows) <= {7, 8}


class _Session:
    """What ``_groups`` reads of a Spark frame: its session's settings."""

    def __init__(self, partitions: str) -> None:
        self.conf = {"spark.sql.shuffle.partitions": partitions}


class _Frame:
    def __init__(self, partitions: str) -> None:
        self.sparkSession = _Session(partitions)


@pytest.mark.parametrize(
    ("partitions", "groups"),
    [("8", 8), ("1", 1), ("auto", _spark._GROUPS_UNSET), ("0", _spark._GROUPS_UNSET)],
)
def test_participants_are_grouped_into_as_many_groups_as_shuffle_partitions(partitions, groups):
    assert _spark._groups(_Frame(partitions)) == groups


def test_a_spark_group_of_many_participants_runs_them_all_in_one_call():
    both = sessions().filter(pl.col("participant_id").is_in(["syn-000001", "syn-000002"]))
    grouped = _numbered(both).with_columns(pl.lit(3, dtype=pl.Int64).alias(_spark._GROUP))
    expected = WEEKS(both)
    out = pl.from_arrow(_spark._on_groups(WEEKS, expected.to_arrow().schema)(grouped.to_arrow()))
    assert out.sort("participant_id", "week_start").to_dicts() == expected.to_dicts()
    assert set(out["participant_id"]) == {"syn-000001", "syn-000002"}


def test_a_dask_partition_is_numbered_run_and_checked():
    part = sessions().head(9).to_pandas(use_pyarrow_extension_array=True)
    tagged = _dask._tagged(part, [0, 50], {"number": 1})
    assert tagged[_engines.AT].tolist() == list(range(50, 59))
    assert _dask._tagged(part, [0])[_engines.AT].tolist() == list(range(9))
    routed = _dask._participant_part(tagged, "participant_id", 4)
    assert set(routed["__iopcore_part"]) <= set(range(4))
    assert len(_dask._run(WEEKS, routed)) == len(WEEKS(part))
    stays = _dask._tagged(episodes().head(1).to_pandas(use_pyarrow_extension_array=True), [3])
    assert len(_dask._run(WEEKS, routed, stays)) > 0
    assert _dask._errors(WEEKS, routed) == []
    assert _dask._errors(WEEKS, routed, stays) == []
    bad = _dask._tagged(
        _bad_items().to_pandas(use_pyarrow_extension_array=True), [0, 20], {"number": 1}
    )
    (error,) = [pickle.loads(data) for data in _dask._errors(SCORE, bad)]
    assert error.rows == (21, 24)


def _pickled(*errors):
    return [pickle.dumps(error) for error in errors]


def test_merged_errors_name_the_first_rows_of_all_batches_and_the_count():
    one = InvalidRowsError("t.c", 9, allowed="0 to 3", rows=[40, 41], count=2)
    two = InvalidRowsError("t.c", 7, allowed="0 to 3", rows=[2, 3, 4, 5, 6], count=12)
    with pytest.raises(InvalidRowsError) as caught:
        _engines.raise_merged("t", _pickled(one, two))
    assert (caught.value.rows, caught.value.count, caught.value.value) == ((2, 3, 4, 5, 6), 14, 7)
    _engines.raise_merged("t", [])  # nothing found, nothing raised


def test_other_errors_are_raised_once_each_beside_the_rows():
    other = InvalidValueError("t", "x", allowed="y")
    unnumbered = InvalidRowsError("t.d", 1, allowed="z", rows=[], count=3)
    with pytest.raises(IopcoreErrorGroup) as caught:
        _engines.raise_merged("t", _pickled(other, other, unnumbered))
    assert sorted(type(error).__name__ for error in caught.value.exceptions) == [
        "InvalidRowsError",
        "InvalidValueError",
    ]


def test_a_group_of_errors_on_a_worker_comes_back_as_its_members():
    table = _bad_items().with_columns(phq9_4=pl.Series([0, 0, 5, 0, 0, 0]))
    found = _engines.errors_of(SCORE, table, {"": list(range(10, 16))})
    errors = [pickle.loads(data) for data in found]
    assert sorted((error.field, error.rows) for error in errors) == [
        ("phq9 items.phq9_3", (11, 14)),
        ("phq9 items.phq9_4", (12,)),
    ]


def test_an_error_of_the_whole_batch_comes_back_as_it_is():
    def job(_table):
        raise InvalidValueError("sessions", "x", allowed="y")

    (data,) = _engines.errors_of(job, pl.DataFrame(), {"": []})
    assert str(pickle.loads(data)) == str(InvalidValueError("sessions", "x", allowed="y"))
