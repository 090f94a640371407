"""cohort_tables on Spark (local[2]) and Dask (a LocalCluster): polars' rows on one machine.

The worker parts of both routes are also run here in one process, so that coverage
sees them.
"""

from __future__ import annotations

import pickle

import pendulum
import polars as pl
import pytest
from _engine_cohorts import AS_OF, TZ, by_participant, cohort_inputs, cohort_on_polars

from iopcore import frames
from iopcore.cohort._evaluate import to_settings
from iopcore.exceptions import InvalidRowsError, IopcoreErrorGroup
from iopcore.frames import _cohort, _dask, _engines, _spark

SETTINGS = to_settings(AS_OF, TZ, None, None, "prorate")

# One xdist group: under ``pytest -n`` every engine test runs on one worker, so a run
# starts one Spark session and one LocalCluster.
pytestmark = pytest.mark.xdist_group("engines")


def _polars_expected() -> frames.CohortTables:
    expected = cohort_on_polars(cohort_inputs())
    assert not expected.placements["determinable"].all()  # undeterminable placements
    assert pendulum.date(2024, 3, 4) in expected.weeks["week_start"].to_list()  # the DST week
    return expected


def _same_rows(got: frames.CohortTables, expected: frames.CohortTables) -> None:
    for kind, frame, wanted in zip(frames.CohortTables._fields, got, expected, strict=True):
        assert frame.columns == wanted.columns, kind
        assert by_participant(frame) == wanted.to_dicts(), kind


def _bad(inputs: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Sessions 5 and 400 of someone not on file; assessment 7's PHQ-9 band not its total's."""
    at = pl.int_range(pl.len())
    sessions = inputs["sessions"].with_columns(
        participant_id=pl.when(at.is_in([5, 400]))
        .then(pl.lit("stranger"))
        .otherwise(pl.col("participant_id"))
    )
    wrong_band = (
        pl.when(pl.col("phq9_total") >= 20).then(pl.lit("minimal")).otherwise(pl.lit("severe"))
    )
    assessments = inputs["assessments"].with_columns(
        phq9_band=pl.when(at == 7).then(wrong_band).otherwise(pl.col("phq9_band"))
    )
    return {**inputs, "sessions": sessions, "assessments": assessments}


def _worse(inputs: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Those bad rows, and a safety rating of 11 in assessments 3 and 50 (its reader refuses it)."""
    bad = _bad(inputs)
    at = pl.int_range(pl.len())
    assessments = bad["assessments"].with_columns(
        safety=pl.when(at.is_in([3, 50])).then(11).otherwise(pl.col("safety"))
    )
    return {**bad, "assessments": assessments}


def _check_bad(error: IopcoreErrorGroup) -> None:
    found = {inner.field: (inner.rows, inner.count) for inner in error.exceptions}
    assert found == {
        "sessions.participant_id": ((5, 400), 2),
        "assessments.phq9_band": ((7,), 1),
    }


def _check_worse(error: InvalidRowsError) -> None:
    """Only the reader's: one machine reads and checks the tables before their rows' values."""
    assert (error.field, error.rows, error.count) == ("assessments.safety", (3, 50), 2)


def test_the_bad_rows_are_those_one_machine_names():
    with pytest.raises(IopcoreErrorGroup) as caught:
        cohort_on_polars(_bad(cohort_inputs()))
    _check_bad(caught.value)
    with pytest.raises(InvalidRowsError) as refused:
        cohort_on_polars(_worse(cohort_inputs()))
    _check_worse(refused.value)


# ------------------------------------------------------------------------- Spark


def _spark_frame(spark, frame: pl.DataFrame, parts: int = 2):
    return spark.createDataFrame(frame.to_arrow()).repartition(parts)


def _from_spark(tables) -> frames.CohortTables:
    return frames.CohortTables(*(pl.from_arrow(table.toArrow()) for table in tables))


@pytest.mark.spark
def test_spark_cohort_tables_match_polars_row_for_row(spark):
    inputs = cohort_inputs()
    given = {name: _spark_frame(spark, frame) for name, frame in inputs.items()}
    given["events"] = inputs["events"]  # a table of another kind is made a Spark frame
    result = frames.cohort_tables(**given, as_of=AS_OF, tz=TZ)
    assert all(type(table).__module__.startswith("pyspark.") for table in result)
    kinds = {field.name: field.dataType.typeName() for field in result.weeks.schema.fields}
    assert (kinds["week_start"], kinds["met"], kinds["program_week"]) == ("date", "boolean", "long")
    _same_rows(_from_spark(result), _polars_expected())


@pytest.mark.spark
def test_spark_refuses_bad_rows_by_their_global_numbers(spark):
    # Spark frames that keep the rows' order, so that row numbers are the input's.
    given = {name: spark.createDataFrame(f.to_arrow()) for name, f in _bad(cohort_inputs()).items()}
    with pytest.raises(IopcoreErrorGroup) as caught:
        frames.cohort_tables(**given, as_of=AS_OF, tz=TZ)
    _check_bad(caught.value)


# ------------------------------------------------------------------------- Dask


def _dask_frame(frame: pl.DataFrame, parts: int = 3):
    import dask.dataframe as dd  # noqa: PLC0415 - the dask_client fixture checked it

    return dd.from_pandas(frame.to_pandas(use_pyarrow_extension_array=True), npartitions=parts)


@pytest.mark.dask
@pytest.mark.usefixtures("dask_client")
def test_dask_cohort_tables_match_polars_row_for_row():
    import dask  # noqa: PLC0415 - the dask_client fixture checked it

    inputs = cohort_inputs()
    given = {name: _dask_frame(frame) for name, frame in inputs.items()}
    given["episodes"] = inputs["episodes"]  # a table of another kind is made a Dask frame
    given["sessions"] = _dask_frame(inputs["sessions"].rename({"participant_id": "mrn"}))
    mrn = {"sessions": {"participant_id": "mrn"}}
    result = frames.cohort_tables(**given, as_of=AS_OF, tz=TZ, columns=mrn)
    assert all(type(table).__module__.startswith("dask.") for table in result)
    computed = dask.compute(*result)  # the three share one run per partition
    _same_rows(frames.CohortTables(*map(pl.from_pandas, computed)), _polars_expected())


@pytest.mark.dask
@pytest.mark.usefixtures("dask_client")
def test_dask_refuses_bad_rows_by_their_global_numbers():
    # (the rows' values alone are refused on Spark above: this is the earliest stage wins)
    worse = _worse(cohort_inputs())
    with pytest.raises(InvalidRowsError) as refused:
        frames.cohort_tables(**{n: _dask_frame(f) for n, f in worse.items()}, as_of=AS_OF, tz=TZ)
    _check_worse(refused.value)


# ------------------------------------------------------------------------- in one process

WHO = "syn-000003"


def _share(inputs: dict[str, pl.DataFrame], start: int = 100) -> dict[str, pl.DataFrame]:
    """WHO's rows of each table, numbered from ``start``, in reverse (as after a shuffle)."""
    return {
        name: frame.with_columns(pl.int_range(start, start + pl.len()).alias(_engines.AT))
        .filter(pl.col("participant_id") == WHO)
        .reverse()
        for name, frame in inputs.items()
    }


def _group(share: dict[str, pl.DataFrame]):
    """WHO's group as Spark gives it: each table's rows in a struct column, stacked."""
    return pl.concat(
        [
            frame.select(pl.struct(pl.all()).alias(name)).with_columns(
                pl.lit(WHO).alias(_spark._WHO), pl.lit(name).alias(_spark._FROM)
            )
            for name, frame in share.items()
        ],
        how="diagonal",
    ).to_arrow()


def _expected_for_who(inputs: dict[str, pl.DataFrame]) -> frames.CohortTables:
    return cohort_on_polars(
        {name: frame.filter(pl.col("participant_id") == WHO) for name, frame in inputs.items()}
    )


def _errors(found):
    return {(error.field, error.rows) for error in map(pickle.loads, found)}


def test_a_spark_group_gives_the_participants_three_tables_or_their_errors():
    inputs = cohort_inputs()
    share = _share(inputs)
    names = tuple(share)
    shown = cohort_on_polars({name: frame.clear() for name, frame in inputs.items()})
    _, target = _spark._declared(_spark._stacked_result(shown).to_arrow().schema)
    out = pl.from_arrow(_spark._on_participants(names, SETTINGS, None, target)(_group(share)))
    for kind, wanted in zip(frames.CohortTables._fields, _expected_for_who(inputs), strict=True):
        got = out.filter(pl.col(_spark._FROM) == kind).select(pl.col(kind).struct.unnest())
        assert got.to_dicts() == wanted.to_dicts(), kind
    check = _spark._on_participants(names, SETTINGS, None, _spark._STAGED)
    assert check(_group(share)).num_rows == 0
    bad = {**share, "sessions": share["sessions"].with_columns(service=pl.lit("yoga"))}
    found = check(_group(bad)).to_pydict()
    assert set(found["stage"]) == {_cohort.CHECKS.index("sessions")}
    first = sorted(bad["sessions"][_engines.AT].to_list())[:5]
    assert _errors(found["error"]) == {("sessions.service", tuple(first))}


def test_a_dask_partition_gives_its_participants_three_tables_or_their_errors():
    inputs = cohort_inputs()
    share = _share(inputs)
    names = tuple(share)
    parts = tuple(frame.to_pandas(use_pyarrow_extension_array=True) for frame in share.values())
    got = _dask._cohort_part(names, SETTINGS, None, *parts)
    for kind, frame, wanted in zip(
        frames.CohortTables._fields, got, _expected_for_who(inputs), strict=True
    ):
        assert pl.from_pandas(frame).to_dicts() == wanted.to_dicts(), kind
    assert _dask._cohort_errors(names, SETTINGS, None, *parts) == []
    stranger = share["sessions"].head(1).with_columns(participant_id=pl.lit("stranger"))
    alone = [
        frame.to_pandas(use_pyarrow_extension_array=True)
        for frame in (share["participants"].clear(), stranger)
    ]
    ((stage, data),) = _dask._cohort_errors(("participants", "sessions"), SETTINGS, None, *alone)
    assert stage == _cohort.CHECKS.index(None)  # the rows' values, after every reader
    assert _errors([data]) == {("sessions.participant_id", (stranger[_engines.AT][0],))}


def test_the_earliest_stage_of_the_checks_is_raised():
    early = InvalidRowsError("assessments.safety", 11, allowed="0 to 4", rows=[8], count=1)
    late = InvalidRowsError("sessions.participant_id", "x", allowed="known", rows=[2], count=1)
    found = [(5, pickle.dumps(late)), (3, pickle.dumps(early)), (3, pickle.dumps(early))]
    with pytest.raises(InvalidRowsError) as caught:
        _engines.raise_earliest("cohort tables", found)
    assert (caught.value.field, caught.value.count) == ("assessments.safety", 2)
    _engines.raise_earliest("cohort tables", [])  # nothing found, nothing raised


def test_the_rows_values_are_merged_by_column_as_one_machine_tells_them():
    """Two groups' errors of one column, in other words: one error, the first row's words."""
    kw = {"allowed": "the band of the total", "count": 1}
    one = InvalidRowsError("assessments.phq9_band", "mild", rows=[9], reason="a total of 6", **kw)
    two = InvalidRowsError("assessments.phq9_band", "severe", rows=[4], reason="a total of 2", **kw)
    found = [(_cohort.VALUES_STAGE, pickle.dumps(error)) for error in (one, two)]
    with pytest.raises(InvalidRowsError) as caught:
        _engines.raise_earliest("cohort tables", found, by_column_from=_cohort.VALUES_STAGE)
    assert (caught.value.rows, caught.value.count, caught.value.reason) == (
        (4, 9),
        2,
        "a total of 2",
    )
    with pytest.raises(IopcoreErrorGroup):  # a reader's checks stay apart
        _engines.raise_earliest("cohort tables", [(3, data) for _, data in found])


def test_participant_ids_are_found_under_their_own_column_names():
    mapped = {"sessions": {"participant_id": "mrn"}, "episodes": {"admitted": "start"}}
    assert _engines.participant_key(mapped, "sessions") == "mrn"
    assert _engines.participant_key(mapped, "episodes") == "participant_id"
    assert _engines.participant_key(None, "participants") == "participant_id"
