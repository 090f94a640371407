"""The cohort tables from tables: exactly the tidy records of iopcore.cohort, row for row."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import narwhals as nw
import pendulum
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import Participant, synthetic
from iopcore.cohort import (
    PARTICIPANT_COLUMNS,
    PLACEMENT_COLUMNS,
    WEEK_COLUMNS,
    ParticipantRecords,
    evaluate_cohort,
)
from iopcore.cohort._evaluate import to_settings
from iopcore.exceptions import InvalidRowsError, InvalidValueError, IopcoreErrorGroup
from iopcore.frames import (
    assessments_frame,
    cohort_tables,
    episodes_frame,
    participants_frame,
    sessions_frame,
)
from iopcore.frames._events import episode_from_rows
from iopcore.frames._participants import participant_from_row
from iopcore.frames._rows import (
    ParticipantRows,
    assessment_columns,
    assessment_from_row,
    evaluate_rows,
    session_from_row,
)
from iopcore.frames._tables import ROW
from iopcore.testing import strategies

AS_OF = pendulum.date(2026, 3, 30)
NY = "America/New_York"


def tables(cohort, backend="polars"):
    """The five input tables of ``cohort`` (records), built with the converters."""
    stays = episodes_frame([r.episode for r in cohort if r.episode is not None], backend=backend)
    return {
        "participants": participants_frame([r.participant for r in cohort], backend=backend),
        "episodes": stays.episodes,
        "events": stays.events,
        "assessments": assessments_frame(
            [a for r in cohort for a in r.assessments], backend=backend
        ),
        "sessions": sessions_frame([s for r in cohort for s in r.sessions], backend=backend),
    }


def plain(frame):
    """A result frame as rows of plain values (pandas/pyarrow through polars)."""
    native = nw.from_native(frame)
    if isinstance(native, nw.LazyFrame):
        native = native.collect()
    return pl.from_arrow(native.to_arrow()).to_dicts()


def expected(cohort, **options):
    evaluations = list(evaluate_cohort(cohort, as_of=AS_OF, tz=NY, **options))
    return (
        [e.participant for e in evaluations],
        [row for e in evaluations for row in e.placements],
        [row for e in evaluations for row in e.weeks],
    )


def check_same(cohort, backend="polars", **options):
    ordered = sorted(cohort, key=lambda r: r.participant.id)
    result = cohort_tables(**_arguments(tables(ordered, backend)), as_of=AS_OF, tz=NY, **options)
    people, placements, weeks = expected(ordered, **options)
    assert plain(result.participants) == people
    assert plain(result.placements) == placements
    assert plain(result.weeks) == weeks
    return result


def _arguments(found):
    return dict(found)


@st.composite
def cohorts(draw):
    """Participants with drawn histories (some without episode or records), distinct ids."""
    count = draw(st.integers(1, 3))
    found = []
    for index in range(count):
        pid = f"p-{index}"
        born = draw(st.dates(dt.date(1950, 1, 1), dt.date(2012, 12, 31)))
        person = Participant(
            id=pid,
            birth_date=born,
            conditions=draw(st.frozensets(strategies.conditions(), max_size=2)),
            sex=draw(strategies.sexes()),
        )
        if draw(st.integers(0, 5)) == 0:
            found.append(ParticipantRecords(participant=person))
            continue
        history = draw(strategies.histories(as_of=AS_OF, max_weeks=4, participant_ids=st.just(pid)))
        found.append(
            ParticipantRecords(
                participant=person,
                episode=history.episode,
                assessments=history.assessments,
                sessions=history.sessions,
            )
        )
    return found


@pytest.mark.parametrize("backend", ["polars", "pandas"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohort=cohorts(), partial=st.sampled_from(["prorate", "full", "exclude"]))
def test_same_records_as_the_object_path(backend, cohort, partial):
    """cohort_tables gives exactly the tidy records of evaluate_cohort: every column, every row."""
    check_same(cohort, backend, partial_weeks=partial)


@pytest.mark.parametrize(
    "make",
    [
        lambda: synthetic.census(40, seed=2026, as_of=AS_OF, tz=NY),
        lambda: synthetic.admissions(
            30, seed=3, start=pendulum.date(2025, 12, 1), end=AS_OF, as_of=AS_OF
        ),
        lambda: synthetic.histories(12, seed=7, as_of=AS_OF, weeks=8),
    ],
    ids=["census", "admissions (discharges)", "histories"],
)
def test_synthetic_cohorts(make):
    """Census, admissions with discharges and histories: the object path's records exactly."""
    cohort = list(make())
    assert any(r.episode is not None and r.episode.events for r in cohort)
    check_same(cohort)


def test_columns_and_dtypes():
    result = check_same(synthetic.histories(3, seed=7, as_of=AS_OF, weeks=3))
    assert tuple(result.participants.columns) == PARTICIPANT_COLUMNS
    assert tuple(result.placements.columns) == PLACEMENT_COLUMNS
    assert tuple(result.weeks.columns) == WEEK_COLUMNS
    schema = result.participants.schema
    assert schema["as_of"] == pl.Date
    assert schema["discharged"] == pl.Boolean
    assert schema["step_ups"] == pl.Int64
    assert schema["phq9_weeks_to_remission"] == pl.Float64
    assert result.weeks.schema["week_start"] == pl.Date
    assert result.weeks.schema["met"] == pl.Boolean


def test_kinds_come_back():
    """Lazy stays lazy; pandas comes back as Arrow-backed pandas; pyarrow as pyarrow."""
    cohort = synthetic.histories(2, seed=7, as_of=AS_OF, weeks=2)
    found = tables(cohort)
    lazy = {name: frame.lazy() for name, frame in found.items()}
    result = cohort_tables(**_arguments(lazy), as_of=AS_OF, tz=NY)
    assert isinstance(result.weeks, pl.LazyFrame)
    assert result.weeks.collect().height > 0
    pandas = cohort_tables(**_arguments(tables(cohort, "pandas")), as_of=AS_OF, tz=NY)
    assert str(pandas.participants["admitted"].dtype) == "date32[day][pyarrow]"
    assert str(pandas.participants["step_ups"].dtype) == "int64[pyarrow]"
    arrow = cohort_tables(**_arguments(tables(cohort, "pyarrow")), as_of=AS_OF, tz=NY)
    assert type(arrow.weeks).__name__ == "Table"


def test_participants_without_records():
    """Only a participants table: one row each, no placements, no weeks."""
    people = [Participant(id=f"p-{n}", birth_date=pendulum.date(1990, 1, 1)) for n in (2, 1)]
    result = cohort_tables(participants_frame(people), as_of=AS_OF, tz=NY)
    assert result.participants["participant_id"].to_list() == ["p-1", "p-2"]
    assert result.participants["level"].to_list() == [None, None]
    assert result.placements.height == 0
    assert result.weeks.height == 0


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohort=cohorts())
def test_round_trip(cohort):
    """Objects -> frames -> objects: the same values (but what a table has no column for)."""
    found = tables(cohort)
    for record, row in zip(cohort, found["participants"].to_dicts(), strict=True):
        assert participant_from_row(row) == record.participant
    events = found["events"].to_dicts()
    for row in found["episodes"].to_dicts():
        original = next(r.episode for r in cohort if r.participant.id == row["participant_id"])
        mine = [event for event in events if event["participant_id"] == row["participant_id"]]
        assert episode_from_rows(row, mine) == original
    given_sessions = [s for r in cohort for s in r.sessions]
    assert [session_from_row(row) for row in found["sessions"].to_dicts()] == given_sessions
    given_assessments = [a for r in cohort for a in r.assessments]
    frame = found["assessments"]
    paths = {f"ratings.{n}" for a in given_assessments for n in a.ratings}
    paths |= {f"facts.{n}" for a in given_assessments for n in a.facts}
    paths |= {f"measurements.{n}" for a in given_assessments for n in a.measurements}
    columns = assessment_columns(paths, frame.columns)
    for assessment, row in zip(given_assessments, frame.to_dicts(), strict=True):
        back = assessment_from_row(row, columns)
        assert attrs.evolve(back, scores={}) == attrs.evolve(
            assessment, scores={}, responses={}, recorded_by=None
        )
        assert {name: _parts(score) for name, score in back.scores.items()} == {
            name: _parts(score) for name, score in assessment.scores.items()
        }


def _parts(score):
    """What a table holds of a score (not the items an incomplete one left out)."""
    return (score.instrument, score.total, score.band, score.complete, score.flags)


def test_per_participant_step():
    """evaluate_rows: one participant's rows in, their tidy records out."""
    (history,) = synthetic.histories(1, seed=7, as_of=AS_OF, weeks=3)
    found = tables([history])
    settings_ = to_settings(AS_OF, NY, None, None, "prorate")
    rows = ParticipantRows(
        participant=found["participants"].to_dicts()[0],
        episode=found["episodes"].to_dicts()[0],
        events=found["events"].to_dicts(),
        assessments=found["assessments"].to_dicts(),
        sessions=found["sessions"].to_dicts(),
    )
    columns = assessment_columns(settings_.rules.inputs, found["assessments"].columns)
    result = evaluate_rows(rows, settings=settings_, columns=columns)
    (expected_evaluation,) = evaluate_cohort([history], as_of=AS_OF, tz=NY)
    assert result == expected_evaluation


# ------------------------------------------------------------------------- bad rows

PERSON = Participant(id="p-1", birth_date=pendulum.date(1990, 5, 1))


def small():
    """One participant's tables, with a level change (admitted 22 February 2026)."""
    (history,) = synthetic.histories(1, seed=7, as_of=AS_OF, weeks=6)
    assert len(history.episode.events) == 1
    return tables([history])


def refused(found, **options):
    with pytest.raises(InvalidRowsError) as caught:
        cohort_tables(**_arguments(found), as_of=AS_OF, tz=NY, **options)
    return caught.value


def test_a_session_of_someone_not_on_file_is_refused():
    found = small()
    found["sessions"] = found["sessions"].with_columns(
        participant_id=pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit("stranger"))
        .otherwise(pl.col("participant_id"))
    )
    error = refused(found)
    assert error.field == "sessions.participant_id"
    assert error.rows == (2,)
    assert error.count == 1
    assert "is not in the participants table" in str(error)


def test_events_without_an_episode_are_refused():
    found = small()
    found["episodes"] = found["episodes"].clear()
    error = refused(found)
    assert error.field == "episode_events.participant_id"
    assert error.reason == "has no episode"


def test_events_need_the_episodes_table():
    found = small()
    del found["episodes"]
    with pytest.raises(InvalidValueError, match="episodes"):
        cohort_tables(**_arguments(found), as_of=AS_OF, tz=NY)


@pytest.mark.parametrize(
    ("table", "column", "value", "field"),
    [
        ("participants", "sex", "unknown", "participants.sex"),
        ("participants", "participant_id", " ", "participants.participant_id"),
        ("episodes", "initial_level", "ICU", "episodes.initial_level"),
        ("events", "reason", "boredom", "episode_events.reason"),
        ("events", "decided_by", None, "episode_events.decided_by"),
        ("events", "to_level", "XX", "episode_events.to_level"),
        ("assessments", "safety", 11, "assessments.safety"),
        ("sessions", "service", "yoga", "sessions.service"),
    ],
)
def test_bad_values_are_refused_by_column(table, column, value, field):
    found = small()
    frame = found[table]
    dtype = frame.schema[column]
    found[table] = frame.with_columns(pl.lit(value, dtype=dtype).alias(column))
    error = refused(found)
    assert error.field == field
    assert error.rows[0] == 0
    assert error.count == frame.height


def test_a_timeline_that_does_not_hold_is_refused_by_row():
    """A level change on the admission day: the Episode's own check, on the event's row."""
    found = small()
    found["events"] = found["events"].with_columns(
        effective=pl.lit(dt.date(2026, 2, 22)), recorded=pl.lit(dt.date(2026, 2, 22))
    )
    error = refused(found)
    assert error.field == "episode_events.effective"
    assert error.reason == "is not after the admission date"
    assert error.rows == (0,)


def test_birth_dates_are_never_shown():
    found = small()
    born = dt.date(2026, 3, 29)  # after the admission and the assessments, before as_of
    found["participants"] = found["participants"].with_columns(birth_date=pl.lit(born))
    with pytest.raises((InvalidRowsError, IopcoreErrorGroup)) as caught:
        cohort_tables(**_arguments(found), as_of=AS_OF, tz=NY)
    text = str(caught.value) + "".join(
        str(inner) for inner in getattr(caught.value, "exceptions", ())
    )
    assert "before the participant's birth" in text
    assert "2026-03-29" not in text
    assert "2026, 3, 29" not in text


def test_a_birth_after_as_of_is_refused_without_the_date():
    found = small()
    found["participants"] = found["participants"].with_columns(
        birth_date=pl.lit(dt.date(2027, 1, 2))
    )
    error = refused(found)
    assert error.field == "participants.birth_date"
    assert "2027" not in str(error)


def test_discharged_in_the_episodes_table_is_refused():
    found = small()
    found["episodes"] = found["episodes"].with_columns(discharged=pl.lit(AS_OF))
    error = refused(found)
    assert error.field == "episodes.discharged"


def test_rows_of_rebuilt_values_are_counted():
    """A score a row cannot make (a band that does not go with the total) names its column."""
    found = small()
    found["assessments"] = found["assessments"].with_columns(phq9_band=pl.lit("severe"))
    error = refused(found)
    assert error.field == "assessments.phq9_band"
    assert error.rows[0] == 0


def test_columns_mapping():
    found = small()
    found["sessions"] = found["sessions"].rename({"participant_id": "mrn"})
    result = cohort_tables(
        **_arguments(found),
        as_of=AS_OF,
        tz=NY,
        columns={"sessions": {"participant_id": "mrn"}},
    )
    assert result.weeks.height > 0
    with pytest.raises(LookupError):
        cohort_tables(**_arguments(small()), as_of=AS_OF, tz=NY, columns={"visits": {}})
    with pytest.raises(TypeError):
        cohort_tables(**_arguments(small()), as_of=AS_OF, tz=NY, columns=["sessions"])


def test_the_per_participant_step_refuses_bad_rows_together():
    """Rows that skipped the readers' checks: each value's own error, as bad rows."""
    found = small()
    settings_ = to_settings(AS_OF, NY, None, None, "prorate")
    columns = assessment_columns(settings_.rules.inputs, found["assessments"].columns)
    assessments = found["assessments"].to_dicts()
    rows = ParticipantRows(
        participant={**found["participants"].to_dicts()[0], "sex": "robot"},
        episode=found["episodes"].to_dicts()[0],
        events=[{**found["events"].to_dicts()[0], "reason": "boredom"}],
        assessments=[{**assessments[0], "safety": 11}, {**assessments[1], "phq9_total": 99}],
        sessions=[{**found["sessions"].to_dicts()[0], "service": "yoga", ROW: 4}],
    )
    with pytest.raises(IopcoreErrorGroup) as caught:
        evaluate_rows(rows, settings=settings_, columns=columns)
    errors = {error.field: error for error in caught.value.exceptions}
    assert set(errors) == {
        "participants.sex",
        "episode_events.reason",
        "assessments.safety",
        "assessments.phq9_total",
        "sessions.service",
    }
    assert errors["sessions.service"].rows == (4,)
    assert errors["participants.sex"].rows == ()
    assert all(isinstance(error, InvalidRowsError) for error in errors.values())


def test_an_admission_before_birth_is_refused_without_the_date():
    found = small()
    settings_ = to_settings(AS_OF, NY, None, None, "prorate")
    person = {**found["participants"].to_dicts()[0], "birth_date": dt.date(2026, 3, 1)}
    rows = ParticipantRows(participant=person, episode=found["episodes"].to_dicts()[0])
    with pytest.raises(InvalidRowsError) as caught:
        evaluate_rows(rows, settings=settings_, columns=assessment_columns((), ()))
    assert caught.value.field == "episodes.admitted"
    assert "2026-03-01" not in str(caught.value)


def test_a_total_without_the_complete_column_is_a_complete_score():
    """An assessments table with phq9_total only (no phq9_complete): as complete scores."""
    (history,) = synthetic.histories(1, seed=7, as_of=AS_OF, weeks=3)
    found = tables([history])
    found["assessments"] = found["assessments"].drop("phq9_complete", "phq9_band", "phq9_flags")
    result = cohort_tables(**_arguments(found), as_of=AS_OF, tz=NY)
    (person,) = plain(result.participants)
    (expected_person,), _, _ = expected([history])
    assert person["phq9_baseline"] == expected_person["phq9_baseline"]
    assert person["phq9_latest"] == expected_person["phq9_latest"]


def test_tables_without_their_optional_columns():
    """Discharges only (no level columns), episodes without initial_level refused."""
    stays = list(
        synthetic.admissions(6, seed=3, start=pendulum.date(2025, 12, 1), end=AS_OF, as_of=AS_OF)
    )
    found = tables(stays)
    found["events"] = found["events"].filter(pl.col("event") == "discharge")
    found["events"] = found["events"].drop("from_level", "to_level")
    assert found["events"].height > 0
    found["episodes"] = found["episodes"].drop("program_id")
    no_changes = [
        attrs.evolve(
            stay,
            episode=attrs.evolve(
                stay.episode,
                events=[e for e in stay.episode.events if e.KIND == "discharge"],
                initial_level=stay.episode.level_on(stay.episode.admitted),
            ),
        )
        for stay in stays
    ]
    result = cohort_tables(**_arguments(found), as_of=AS_OF, tz=NY)
    people, _, _ = expected(sorted(no_changes, key=lambda r: r.participant.id))
    assert [row["discharged"] for row in plain(result.participants)] == [
        row["discharged"] for row in people
    ]
    found["episodes"] = found["episodes"].drop("initial_level")
    error = refused(found)
    assert error.field == "episodes.initial_level"


def test_several_timeline_problems_of_one_episode():
    """Two level changes on one day, the second from the wrong level: both rows named."""
    found = small()
    change = found["events"].to_dicts()[0]
    later = {**change, "effective": change["effective"], "recorded": change["recorded"]}
    later["from_level"], later["to_level"] = change["from_level"], change["from_level"]
    later["to_level"] = "RES" if change["to_level"] != "RES" else "IP"
    found["events"] = pl.DataFrame([change, later], schema=found["events"].schema)
    with pytest.raises(IopcoreErrorGroup) as caught:
        cohort_tables(**_arguments(found), as_of=AS_OF, tz=NY)
    fields = sorted(error.field for error in caught.value.exceptions)
    assert fields == ["episode_events.effective", "episode_events.from_level"]


def test_a_participants_table_of_ids_and_birth_dates():
    people = pl.DataFrame({"participant_id": ["p-1"], "birth_date": [dt.date(1990, 5, 1)]})
    result = cohort_tables(people, as_of=AS_OF, tz=NY)
    assert result.participants["population"].to_list() == ["adult"]


def test_two_assessments_on_one_day_keep_the_table_order():
    """The later row of one day is the latest, as the later item is on the object path."""
    (history,) = synthetic.histories(1, seed=7, as_of=AS_OF, weeks=3)
    last = history.assessments[-1]
    again = attrs.evolve(history.assessments[0], assessed_on=last.assessed_on)
    for order in ([*history.assessments, again], [*history.assessments[:-1], again, last]):
        record = ParticipantRecords(
            participant=history.participant,
            episode=history.episode,
            assessments=order,
            sessions=history.sessions,
        )
        check_same([record])


def test_the_per_participant_step_pickles():
    """Rows, settings (rulesets by value) and columns travel to a worker and back."""
    found = small()
    settings_ = to_settings(AS_OF, NY, None, None, "prorate")
    columns = assessment_columns(settings_.rules.inputs, found["assessments"].columns)
    rows = ParticipantRows(
        participant=found["participants"].to_dicts()[0],
        episode=found["episodes"].to_dicts()[0],
        events=found["events"].to_dicts(),
        assessments=found["assessments"].to_dicts(),
        sessions=found["sessions"].to_dicts(),
    )
    shipped = pickle.loads(pickle.dumps((rows, settings_, columns)))
    here = evaluate_rows(rows, settings=settings_, columns=columns)
    there = evaluate_rows(shipped[0], settings=shipped[1], columns=shipped[2])
    assert there == here
    assert pickle.loads(pickle.dumps(here)) == here
