"""Cohort-wide tables: lazy streaming, arguments checked at the call, pandas, and
identical results in a process pool and a Dask bag."""

import functools
import gc
import itertools
import operator
import weakref
from concurrent.futures import ProcessPoolExecutor

import pendulum
import pytest
from _cohort_cases import (
    AS_OF,
    HISTORIES,
    NY,
)

from iopcore.cohort import (
    PARTICIPANT_COLUMNS,
    PLACEMENT_COLUMNS,
    WEEK_COLUMNS,
    ParticipantRecords,
    evaluate_cohort,
    evaluate_participant,
    merge,
    participant_records,
    placement_records,
    summarize,
    week_records,
)
from iopcore.exceptions import (
    InvalidTypeError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)

# ---------------------------------------------------------------- streaming


def test_evaluation_is_lazy_one_participant_at_a_time():
    pulled = []

    def source():
        for history in HISTORIES:
            pulled.append(history.participant.id)
            yield history

    results = evaluate_cohort(source(), as_of=AS_OF, tz=NY)
    assert pulled == []
    first = next(results)
    assert pulled == [first.participant["participant_id"]]
    next(results)
    assert len(pulled) == 2
    # An endless source is fine: nothing is read ahead.
    endless = itertools.cycle(HISTORIES[:2])
    rows = itertools.islice(participant_records(endless, as_of=AS_OF, tz=NY), 5)
    assert [row["participant_id"] for row in rows] == [
        "syn-000001",
        "syn-000002",
        "syn-000001",
        "syn-000002",
        "syn-000001",
    ]


def test_the_stream_keeps_no_participant_it_has_passed():
    """Never holding the cohort: once a participant's rows are yielded, nothing in the
    stream refers to their records any more."""
    seen = []

    def source():
        for history in HISTORIES[:6]:
            records = ParticipantRecords(
                participant=history.participant,
                episode=history.episode,
                assessments=history.assessments,
                sessions=history.sessions,
            )
            seen.append(weakref.ref(records))
            yield records

    stream = participant_records(source(), as_of=AS_OF, tz=NY)
    rows = [next(stream) for _ in range(4)]
    gc.collect()
    assert [ref() is None for ref in seen] == [True, True, True, False]
    assert len(rows) == 4


def test_arguments_are_checked_at_the_call_not_on_first_use():
    with pytest.raises(UnknownCodeError):
        participant_records(HISTORIES, as_of=AS_OF, tz="Mars/Olympus")
    with pytest.raises(InvalidTypeError):
        evaluate_cohort(42, as_of=AS_OF, tz=NY)
    with pytest.raises(NaiveDateTimeError):
        week_records(HISTORIES, as_of=pendulum.naive(2026, 3, 30), tz=NY)
    with pytest.raises(IopcoreErrorGroup) as caught:
        placement_records(HISTORIES, as_of="today", tz=5, partial_weeks="sometimes")
    assert {error.field for error in caught.value.exceptions} == {"as_of", "tz", "partial_weeks"}


def test_a_bad_item_is_named_by_its_place_in_the_cohort():
    results = evaluate_cohort([HISTORIES[0], "syn-000002"], as_of=AS_OF, tz=NY)
    next(results)
    with pytest.raises(InvalidTypeError) as caught:
        next(results)
    assert caught.value.field == "$.cohort[1]"


# ---------------------------------------------------------------- pandas


def test_pandas_takes_the_records_as_they_are():
    pd = pytest.importorskip("pandas")
    people = pd.DataFrame(participant_records(HISTORIES, as_of=AS_OF, tz=NY))
    weeks = pd.DataFrame(week_records(HISTORIES, as_of=AS_OF, tz=NY))
    placements = pd.DataFrame(placement_records(HISTORIES, as_of=AS_OF, tz=NY))
    assert list(people.columns) == list(PARTICIPANT_COLUMNS)
    assert list(weeks.columns) == list(WEEK_COLUMNS)
    assert list(placements.columns) == list(PLACEMENT_COLUMNS)
    assert len(people) == len(HISTORIES)
    assert weeks["hours"].dtype == "float64"
    assert weeks["program_week"].dtype == "int64"
    assert weeks["met"].dtype == "bool"
    assert people["length_of_stay_days"].dtype == "int64"
    assert pd.api.types.is_string_dtype(weeks["level"])
    # Dates convert in one call; missing values become NaN/NaT/None, never 0.
    assert pd.to_datetime(weeks["week_start"]).dtype.kind == "M"
    assert people["gad7_baseline"].isna().all()
    nullable = people.convert_dtypes()
    assert str(nullable["phq9_response"].dtype) == "boolean"
    assert str(nullable["phq9_baseline"].dtype) == "Int64"
    # The weekly compliance rate computed by pandas is the summary's.
    summary = summarize(participant_records(HISTORIES, as_of=AS_OF, tz=NY))
    assessed = weeks[weeks["assessed"]]
    assert summary.compliance_rate == pytest.approx(assessed["met"].mean())
    # Rows of a DataFrame (NaN for missing numbers) summarize to the same counts.
    assert summarize(people.to_dict("records")) == summary


# ---------------------------------------------------------------- beyond one machine

PARALLEL = HISTORIES[:12]


def test_a_process_pool_gives_the_serial_results():
    serial = list(evaluate_cohort(PARALLEL, as_of=AS_OF, tz=NY))
    work = functools.partial(evaluate_participant, as_of=AS_OF, tz=NY)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = list(pool.map(work, PARALLEL, chunksize=3))
        chunks = [PARALLEL[start : start + 4] for start in range(0, len(PARALLEL), 4)]
        rows = functools.partial(participant_records, as_of=AS_OF, tz=NY)
        summaries = list(pool.map(_summary_of, [rows] * len(chunks), chunks))
    assert parallel == serial
    assert merge(summaries) == summarize(result.participant for result in serial)


def _summary_of(rows, chunk):
    """What a worker does with its chunk: evaluate and summarize (top level: picklable)."""
    return summarize(rows(chunk))


def test_a_dask_bag_gives_the_serial_results():
    """The Dask idiom of docs/cohort.md: map evaluate_participant, take the tables, reduce
    the participant records with summarize and merge."""
    db = pytest.importorskip("dask.bag")
    serial = list(evaluate_cohort(PARALLEL, as_of=AS_OF, tz=NY))
    bag = db.from_sequence(PARALLEL, npartitions=3)
    evaluations = bag.map(evaluate_participant, as_of=AS_OF, tz=NY)
    people = evaluations.map(operator.attrgetter("participant"))
    weeks = evaluations.map(operator.attrgetter("weeks")).flatten()
    summary = people.reduction(summarize, merge)
    # Streaming functions run per partition too, once their rows are listed (Dask
    # pickles a partition's result between processes; a generator does not pickle).
    placements = bag.map_partitions(lambda part: list(placement_records(part, as_of=AS_OF, tz=NY)))
    found = _compute(evaluations, people, weeks, summary, placements)
    assert found[0] == serial
    assert found[1] == [result.participant for result in serial]
    assert found[2] == [row for result in serial for row in result.weeks]
    assert found[3] == summarize(result.participant for result in serial)
    assert found[4] == [row for result in serial for row in result.placements]


def _compute(*collections):
    import dask  # noqa: PLC0415 - a test-only dependency

    return dask.compute(*collections, scheduler="processes", num_workers=2)
