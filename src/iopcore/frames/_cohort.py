"""The cohort tables from tables: :func:`cohort_tables`.

The tidy records of :mod:`iopcore.cohort` (a participant table, a placement table and
a week table) from the tables an analyst holds: participants, episodes and their
events, assessments, sessions. The work is per participant and not columnar (an
episode's level changes, the transition decision, the outcomes over a stay), so this
reads and checks each table, groups its rows by participant, rebuilds the values
(:mod:`iopcore.frames._rows`) and runs :func:`iopcore.cohort.evaluate_participant`'s
own step on each: no rule is written a second time. The per-participant step alone,
for an engine that groups the rows itself, is :func:`iopcore.frames._rows.evaluate_rows`.

On Spark and Dask (:mod:`iopcore.frames._spark`, :mod:`iopcore.frames._dask`) the
tables are brought together by participant and each participant's share runs
:func:`tables_of`, the implementation here, unchanged; :func:`staged_errors` is their
check pass for bad rows (the tables read, checked and rebuilt, nobody evaluated).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

import narwhals as nw
import pendulum  # noqa: TC002 - the public signature's names are read at run time

from iopcore.cohort._columns import PARTICIPANT_COLUMNS, PLACEMENT_COLUMNS, WEEK_COLUMNS, Record
from iopcore.cohort._evaluate import Settings, evaluate_records, to_settings
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.frames._assessments import input_columns, row_checks, schema_for
from iopcore.frames._engines import COHORT_TABLES, engine_for, errors_of
from iopcore.frames._events import read_cohort_episodes, read_events
from iopcore.frames._participants import read_participants
from iopcore.frames._rows import (
    AssessmentColumns,
    ParticipantRows,
    RowProblems,
    assessment_columns,
    records_from_rows,
)
from iopcore.frames._sessions import read_sessions
from iopcore.frames._tables import ROW, InputTable, Kind, read_table, refuse_rows
from iopcore.instruments import INSTRUMENT_NAMES
from iopcore.intensity import PartialWeeks
from iopcore.rulesets import Ruleset  # noqa: TC001 - the public signature's names

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iopcore.cohort._records import ParticipantRecords

__all__ = [
    "CHECKS",
    "TABLES",
    "VALUES_STAGE",
    "CohortTables",
    "check_tables",
    "cohort_tables",
    "staged_errors",
    "tables_of",
]

#: The input tables by the names ``columns=`` takes.
TABLES: Final = ("participants", "episodes", "episode_events", "assessments", "sessions")


class CohortTables(NamedTuple):
    """The tidy cohort tables, as :func:`cohort_tables` gives them, of the input's kind."""

    #: One row per participant, :data:`~iopcore.cohort.PARTICIPANT_COLUMNS`.
    participants: Any
    #: One row per assessment on or before ``as_of``, :data:`~iopcore.cohort.PLACEMENT_COLUMNS`.
    placements: Any
    #: One row per program week and level, :data:`~iopcore.cohort.WEEK_COLUMNS`.
    weeks: Any


_DATES: Final = frozenset({"as_of", "admitted", "next_review", "assessed_on", "week_start"})
_WHOLE: Final = frozenset(
    {
        "length_of_stay_days",
        "step_ups",
        "step_downs",
        "assessments",
        "weeks_assessed",
        "weeks_met",
        "program_week",
        "phq9_total",
        "gad7_total",
        "days_attended",
    }
)
_YES_NO: Final = frozenset(
    {"discharged", "placement_determinable", "determinable", "assessed", "met"}
)
_NUMBERS: Final = frozenset(
    {"hours", "scheduled_hours", "required_hours", "max_hours", "open_fraction"}
)


def _dtype(column: str) -> Any:  # noqa: ANN401 - a narwhals data type
    """The natural data type of a tidy column (see :data:`~iopcore.cohort.PARTICIPANT_COLUMNS`)."""
    if column in _DATES:
        return nw.Date()
    if column in _WHOLE or column.endswith(("_baseline", "_latest")):
        return nw.Int64()
    if column in _NUMBERS or column.endswith("_weeks_to_remission"):
        return nw.Float64()
    if column in _YES_NO or column.endswith(("_eligible", "_response", "_remission")):
        return nw.Boolean()
    return nw.String()


def _table(rows: list[Record], columns: tuple[str, ...]) -> nw.LazyFrame[Any]:
    data = {column: [row[column] for row in rows] for column in columns}
    schema = {column: _dtype(column) for column in columns}
    return nw.from_dict(data, schema=schema, backend="polars").lazy()


def _back(table: InputTable, result: nw.LazyFrame[Any]) -> Any:  # noqa: ANN401 - a native frame
    """``result`` as the kind of the participants table (pandas: Arrow-backed columns)."""
    if table.eager and table.source is nw.Implementation.PANDAS:
        import pandas as pd  # type: ignore[import-untyped]  # noqa: PLC0415 - pandas came in

        # Arrow-backed, so that dates stay dates and whole numbers and yes/no with
        # nulls stay whole numbers and yes/no (numpy columns would make them floats).
        return result.collect().to_arrow().to_pandas(types_mapper=pd.ArrowDtype)
    return table.back(result)


def _names(columns: object) -> Mapping[str, object]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        allowed = "a mapping of table names to column mappings"
        raise InvalidTypeError("columns", columns, allowed=allowed)
    for name in columns:
        if name not in TABLES:
            raise UnknownCodeError("columns", name, allowed=", ".join(map(repr, TABLES)))
    return columns


def _read_assessments(data: object, rules: Ruleset, names: object) -> InputTable:
    """The assessments table: the inputs ``rules`` read, and every score on file."""
    paths = set(rules.inputs) | {"population", "conditions"}
    paths |= {f"scores.{name}.{part}" for name in INSTRUMENT_NAMES for part in ("total", "flags")}
    paths |= {f"scores.{name}.band" for name in INSTRUMENT_NAMES}
    wanted = input_columns(paths)
    table = read_table(data, schema_for(wanted), columns=names)
    present = table.frame.collect_schema().names()
    refuse_rows(table, row_checks(wanted, present))
    return table


def _read(
    given: Mapping[str, object],
    settings: Settings,
    names: Mapping[str, object],
    only: str | None = None,
) -> dict[str, InputTable]:
    """The tables given, read and checked in turn by name (or ``only`` the one of that name)."""
    readers: dict[str, Callable[[object], InputTable]] = {
        "participants": lambda data: read_participants(
            data, columns=names.get("participants"), as_of_day=settings.on
        ),
        "episodes": lambda data: read_cohort_episodes(data, columns=names.get("episodes")),
        "episode_events": lambda data: read_events(data, columns=names.get("episode_events")),
        "assessments": lambda data: _read_assessments(
            data, settings.rules, names.get("assessments")
        ),
        "sessions": lambda data: read_sessions(data, columns=names.get("sessions")),
    }
    tables: dict[str, InputTable] = {}
    for argument, name in COHORT_TABLES.items():
        data = given[argument]
        if name == "episode_events" and data is not None and given["episodes"] is None:
            raise InvalidValueError(
                "episodes",
                None,
                allowed="an episodes table, for the episode events to belong to",
                reason="is not given, but episode events are",
            )
        # The participants table is read even when None, to say so.
        if (data is not None or name == "participants") and only in (None, name):
            tables[name] = readers[name](data)
    return tables


def _grouped(
    rows: dict[str, list[dict[str, Any]]], problems: RowProblems
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The rows of each table by participant; rows of participants not on file refused."""
    known = {row["participant_id"] for row in rows["participants"]}
    with_episode = {row["participant_id"] for row in rows.get("episodes", ())}
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name, table_rows in rows.items():
        by_participant: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in table_rows:
            pid = row["participant_id"]
            if pid not in known:
                problems.add(name, "participant_id", row, _unknown(pid))
            elif name == "episode_events" and pid not in with_episode:
                problems.add(name, "participant_id", row, _without_episode(pid))
            else:
                by_participant[pid].append(row)
        grouped[name] = by_participant
    return grouped


def _unknown(pid: str) -> InvalidValueError:
    return InvalidValueError(
        "participant_id",
        pid,
        allowed="the id of a participant in the participants table",
        reason="is not in the participants table",
    )


def _without_episode(pid: str) -> InvalidValueError:
    return InvalidValueError(
        "participant_id",
        pid,
        allowed="the id of a participant with a row in the episodes table",
        reason="has no episode",
    )


def _by_date(name: str) -> str | None:
    return {"assessments": "assessed_on", "episode_events": "effective", "sessions": "start"}.get(
        name
    )


def _whole(frame: nw.LazyFrame[Any], table: InputTable) -> nw.LazyFrame[Any]:
    """Whole-number columns that came as floats (pandas with gaps) as whole numbers.

    The rows were checked whole by the readers; the values they make take ints.
    """
    dtypes = frame.collect_schema()
    floats = [
        column.name
        for column in table.schema.columns
        if column.kind is Kind.WHOLE_NUMBER
        and column.name in dtypes
        and dtypes[column.name].is_float()
    ]
    return frame.with_columns(nw.col(name).cast(nw.Int64()) for name in floats) if floats else frame


def _records(tables: dict[str, InputTable], columns: AssessmentColumns) -> list[ParticipantRecords]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, table in tables.items():
        frame = table.frame
        order = _by_date(name)
        if order is not None:
            # Rows of one participant on one date keep the table's order (the later of
            # two assessments on a day is the latest, as on the object path).
            frame = frame.sort(order, ROW, nulls_last=True)
        rows[name] = _whole(frame, table).collect().rows(named=True)
    problems = RowProblems()
    grouped = _grouped(rows, problems)
    made: list[ParticipantRecords] = []
    for person in sorted(rows["participants"], key=lambda row: row["participant_id"]):
        pid = person["participant_id"]
        episode = grouped.get("episodes", {}).get(pid)
        found = ParticipantRows(
            participant=person,
            episode=episode[0] if episode else None,
            events=grouped.get("episode_events", {}).get(pid, ()),
            assessments=grouped.get("assessments", {}).get(pid, ()),
            sessions=grouped.get("sessions", {}).get(pid, ()),
        )
        records = records_from_rows(found, columns, problems)
        if records is not None:
            made.append(records)
    problems.raise_if_any()
    return made


def cohort_tables(  # noqa: PLR0913 - one argument per table and the options of the object path
    participants: object,
    *,
    episodes: object = None,
    events: object = None,
    assessments: object = None,
    sessions: object = None,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
    columns: Mapping[str, Mapping[str, str]] | None = None,
) -> CohortTables:
    """The tidy cohort tables of :mod:`iopcore.cohort`, from tables.

    Every participant of ``participants`` is evaluated as
    :func:`iopcore.cohort.evaluate_cohort` evaluates their records, with the same
    options, and the records come back as three tables, exactly the object path's
    records: every column of :data:`~iopcore.cohort.PARTICIPANT_COLUMNS`,
    :data:`~iopcore.cohort.PLACEMENT_COLUMNS` and :data:`~iopcore.cohort.WEEK_COLUMNS`
    in order, with their natural types (dates, whole numbers, true/false, numbers,
    text; nulls where a record has ``None``), sorted by participant and then by date
    (a week with a level change has a row for each level, in order).

    The input tables (any kind each: polars, pandas or pyarrow, eager or lazy, or
    DuckDB):

    * ``participants`` (:data:`~iopcore.frames.PARTICIPANTS`): one row each;
    * ``episodes`` (:data:`~iopcore.frames.EPISODES` with ``initial_level``): at
      most one row per participant; ``events``
      (:data:`~iopcore.frames.EPISODE_EVENTS`): their level changes and discharges;
    * ``assessments``: one row per assessment, in the columns
      :func:`recommend_levels` reads (the inputs the placement ruleset reads), and
      every instrument's score parts (``phq9_total``, ``phq9_band``, ``phq9_flags``,
      ``phq9_complete``) for the outcomes and transitions;
    * ``sessions`` (:data:`~iopcore.frames.SESSIONS`).

    A participant may have no episode, assessment or session. Only what was known
    on ``as_of`` is used, as on the object path (later assessments and sessions are
    read and checked, not used). ``columns`` maps a table's name (``"sessions"``) to
    its ``columns=`` mapping. The result is of the participants table's kind: eager
    for eager, a polars ``LazyFrame`` for a lazy one (the rows are read at the call,
    as the checks read them; the result is computed when collected), pandas with
    Arrow-backed columns (which keep dates, whole numbers and nulls as they are).

    A PySpark or Dask ``participants`` frame gives three frames of that engine,
    computed on its workers in groups of participants (the other tables may be of
    the engine or of any kind above; see the documentation page "Scaling out"): the
    same rows, each participant's together and in order, the participants in no order.

    Args:
        participants: The participants table.
        episodes: The episodes table, or ``None``.
        events: The episode events table, or ``None`` (needs ``episodes``).
        assessments: The assessments table, or ``None``.
        sessions: The sessions table, or ``None``.
        as_of: The date (or aware datetime) to evaluate on.
        tz: The program's time zone (IANA name or pendulum Timezone).
        ruleset: Placement and transition rules, as on the object path.
        hours_ruleset: The weekly hours ruleset, as on the object path.
        partial_weeks: How cut weeks are judged (:class:`~iopcore.intensity.PartialWeeks`).
        columns: ``None``, or table name -> a mapping of iopcore's column names to
            the table's own.

    Returns:
        A :class:`CohortTables` of three frames.

    Raises:
        InvalidRowsError: bad rows, named by table and column (several: a group):
            what each table's reader refuses, a row of a participant absent from the
            participants table (or events without an episode), an episode whose
            events do not make a valid timeline, a date before the participant's
            birth (never shown).
        InvalidTypeError, InvalidValueError, UnknownCodeError, NaiveDateTimeError:
            a bad argument or table, as the object path and the readers say.

    >>> import pendulum
    >>> from iopcore import frames, synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> cohort = synthetic.histories(2, seed=7, as_of=day, weeks=3)
    >>> stays = frames.episodes_frame([h.episode for h in cohort])
    >>> tables = frames.cohort_tables(
    ...     frames.participants_frame([h.participant for h in cohort]),
    ...     episodes=stays.episodes,
    ...     events=stays.events,
    ...     assessments=frames.assessments_frame([a for h in cohort for a in h.assessments]),
    ...     sessions=frames.sessions_frame([s for h in cohort for s in h.sessions]),
    ...     as_of=day,
    ...     tz="America/New_York",
    ... )
    >>> tables.participants.select("participant_id", "level", "decision").rows()
    [('syn-000001', 'IOP', 'step up'), ('syn-000002', 'IOP', 'stay')]
    >>> tables.weeks.select("week_start", "hours", "met").row(0)
    (datetime.date(2026, 3, 9), 3.0, True)
    """
    given = {
        "participants": participants,
        "episodes": episodes,
        "events": events,
        "assessments": assessments,
        "sessions": sessions,
    }
    settings = to_settings(as_of, tz, ruleset, hours_ruleset, partial_weeks)
    engine = engine_for(participants)  # a Spark or Dask frame: its engine runs the job
    if engine is not None:
        return cast("CohortTables", engine.cohort_tables(given, settings=settings, columns=columns))
    return tables_of(given, settings=settings, columns=columns)


def _checked_records(
    given: Mapping[str, object], settings: Settings, columns: object
) -> tuple[InputTable, list[ParticipantRecords]]:
    """The participants table as read, and every participant's records, rebuilt and checked."""
    names = _names(columns)
    tables = _read(given, settings, names)
    present = (
        tables["assessments"].frame.collect_schema().names()
        if given["assessments"] is not None
        else []
    )
    plan = assessment_columns(settings.rules.inputs, present)
    return tables["participants"], _records(tables, plan)


#: The stages of the checks, in the order :func:`cohort_tables` runs them: each
#: table's reader (by its name in :data:`TABLES`), then the rows' values (``None``).
CHECKS: Final = (*TABLES, None)
#: The stage of the rows' values: one error per column (in the words of its first
#: bad row), as :class:`~iopcore.frames._rows.RowProblems` tells them.
VALUES_STAGE: Final = len(TABLES)


def check_tables(
    given: Mapping[str, object], *, settings: Settings, columns: object, stage: str | None
) -> None:
    """Stage ``stage`` (of :data:`CHECKS`) of :func:`cohort_tables`' checks of ``given``.

    ``given`` holds the five tables by argument name. Raises what
    :func:`cohort_tables` raises for bad rows at that stage, evaluating nobody.
    """
    names = _names(columns)
    if stage is None:
        _checked_records(given, settings, columns)
    else:
        _read(given, settings, names, only=stage)


def staged_errors(
    given: Mapping[str, object],
    *,
    settings: Settings,
    columns: object,
    at: Mapping[str, Sequence[int]],
) -> tuple[int, list[bytes]]:
    """The check pass of an engine, on one participant's share of the tables (or several).

    The errors of the first stage of :data:`CHECKS` that finds any (pickled, their
    rows renumbered by ``at``, see :func:`~iopcore.frames._engines.errors_of`) and
    that stage's number; no errors (and the number of stages) for clean rows. On one
    machine the first stage that finds bad rows raises, so the driver raises the
    errors of the earliest stage any share found
    (:func:`~iopcore.frames._engines.raise_earliest`).
    """
    for number, stage in enumerate(CHECKS):
        job = functools.partial(check_tables, settings=settings, columns=columns, stage=stage)
        found = errors_of(job, given, at)
        if found:
            return number, found
    return len(CHECKS), []


def tables_of(given: Mapping[str, object], *, settings: Settings, columns: object) -> CohortTables:
    """:func:`cohort_tables` of ``given`` (the five tables by name, ``None`` for absent ones).

    The implementation on one machine, with the options checked once
    (:func:`~iopcore.cohort._evaluate.to_settings`): what an engine runs on each
    participant's share of the tables.
    """
    people, cohort = _checked_records(given, settings, columns)
    found: dict[str, list[Record]] = {"participants": [], "placements": [], "weeks": []}
    for records in cohort:
        evaluation = evaluate_records(records, settings)
        found["participants"].append(evaluation.participant)
        found["placements"].extend(evaluation.placements)
        found["weeks"].extend(evaluation.weeks)
    return CohortTables(
        participants=_back(people, _table(found["participants"], PARTICIPANT_COLUMNS)),
        placements=_back(people, _table(found["placements"], PLACEMENT_COLUMNS)),
        weeks=_back(people, _table(found["weeks"], WEEK_COLUMNS)),
    )
