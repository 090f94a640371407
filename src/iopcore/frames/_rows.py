"""One participant's rows back into iopcore values, and what is wrong with bad rows.

:class:`ParticipantRows` holds one participant's rows of the five cohort tables, as
plain mappings (``polars.DataFrame.to_dicts`` and ``pyarrow.Table.to_pylist`` give
them). :func:`records_from_rows` rebuilds the values the object path reads (a
:class:`~iopcore.participants.Participant`, an :class:`~iopcore.episodes.Episode`
with its events, :class:`~iopcore.assessments.Assessment` and
:class:`~iopcore.sessions.Session` values), each with its own checks: a value a row
cannot make is reported as the row's fault in :class:`RowProblems`, which raises
one :class:`~iopcore.exceptions.InvalidRowsError` per column.
:func:`evaluate_rows` then runs :func:`iopcore.cohort.evaluate_participant`'s own
step: one participant's rows in, their tidy records out, a top-level function of
picklable values, for an engine that groups the rows by participant.

The row converters are the inverses of the objects-to-frame converters:
:func:`~iopcore.frames.participants_frame`, :func:`~iopcore.frames.episodes_frame`
(:func:`~iopcore.frames._events.episode_from_rows`),
:func:`~iopcore.frames.assessments_frame` (:func:`assessment_from_row`) and
:func:`~iopcore.frames.sessions_frame` (:func:`session_from_row`). An assessments
table holds scores as their parts (``phq9_total``, ``phq9_band``, ``phq9_flags``,
``phq9_complete``), not the answers: which items an incomplete score left
unanswered is not in the table, so its rebuilt score lists every item as missing,
and the BAM's subscales are read from ``bam_protective``, ``bam_risk`` and
``bam_use`` where the table has them. The tidy records read neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from iopcore.assessments import Assessment
from iopcore.cohort._evaluate import Evaluation, Settings, evaluate_records
from iopcore.cohort._records import ParticipantRecords
from iopcore.exceptions import InvalidRowsError, IopcoreError
from iopcore.frames._events import episode_from_rows, event_from_row
from iopcore.frames._participants import participant_from_row
from iopcore.frames._tables import ROW
from iopcore.instruments import INSTRUMENT_NAMES, Score, get_instrument
from iopcore.sessions import Session

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from iopcore.episodes import Discharge, Episode, LevelChange
    from iopcore.participants import Participant

__all__ = [
    "AssessmentColumns",
    "ParticipantRows",
    "RowProblems",
    "assessment_columns",
    "assessment_from_row",
    "evaluate_rows",
    "records_from_rows",
    "session_from_row",
]

Row = Mapping[str, Any]

#: How many row numbers an error names (as the frames readers do).
_ROWS_SHOWN: Final = 5


@attrs.frozen
class AssessmentColumns:
    """Which columns of an assessments table hold which inputs.

    Attributes:
        ratings, facts, measurements: Column names, each the input's name.
        instruments: Instruments with score columns (``<name>_total`` or
            ``<name>_complete``).
        population, conditions: Whether the table has these columns.
    """

    ratings: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    measurements: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    population: bool = False
    conditions: bool = False


def assessment_columns(paths: Iterable[str], present: Sequence[str]) -> AssessmentColumns:
    """The columns to read: the inputs ``paths`` a ruleset reads, and every score on file.

    Every instrument with a ``_total`` or ``_complete`` column is read (the
    transitions and outcomes read scores the placement rules may not), and the
    population and conditions where the table has them.
    """
    groups: dict[str, set[str]] = {"ratings": set(), "facts": set(), "measurements": set()}
    for path in paths:
        head, _, name = path.partition(".")
        if head in groups and name in present:
            groups[head].add(name)
    instruments = tuple(
        name
        for name in INSTRUMENT_NAMES
        if f"{name}_total" in present or f"{name}_complete" in present
    )
    return AssessmentColumns(
        ratings=tuple(sorted(groups["ratings"])),
        facts=tuple(sorted(groups["facts"])),
        measurements=tuple(sorted(groups["measurements"])),
        instruments=instruments,
        population="population" in present,
        conditions="conditions" in present,
    )


def _score(row: Row, instrument: str) -> Score | None:
    """The score of ``instrument`` on the row, or ``None`` when none is on file."""
    total = row.get(f"{instrument}_total")
    complete = row.get(f"{instrument}_complete")
    if complete is None:
        if total is None:
            return None  # no score on file
        complete = True  # a total is only given for a complete score
    module = get_instrument(instrument)
    subscales = getattr(module, "SUBSCALES", {})
    return Score(
        instrument=instrument,
        total=total,
        band=row.get(f"{instrument}_band"),
        complete=complete,
        flags=row.get(f"{instrument}_flags") or (),
        subscales=[(name, row.get(f"{instrument}_{name}")) for name in sorted(subscales)],
        # Which items were left unanswered is not in the table (see the module notes).
        missing=() if complete else range(1, module.ITEM_COUNT + 1),
    )


def assessment_from_row(
    row: Row, columns: AssessmentColumns, *, scores: Sequence[Score] | None = None
) -> Assessment:
    """The :class:`~iopcore.assessments.Assessment` of one assessments row.

    The inverse of :func:`~iopcore.frames.assessments_frame` for the ``columns``
    given (kept answers and ``recorded_by`` have no column; see the module notes on
    scores). A null is an input not assessed. ``scores``, if given, are the row's
    scores already made.

    Raises:
        IopcoreError: what ``Assessment`` or ``Score`` raise for a bad value.
    """
    return Assessment(
        participant_id=row["participant_id"],
        assessed_on=row["assessed_on"],
        scores=[score for name in columns.instruments if (score := _score(row, name)) is not None]
        if scores is None
        else scores,
        ratings={name: row[name] for name in columns.ratings},
        facts={name: row[name] for name in columns.facts},
        measurements={name: row[name] for name in columns.measurements},
        population=row["population"] if columns.population else None,
        conditions=row["conditions"] if columns.conditions else None,
    )


def session_from_row(row: Row) -> Session:
    """The :class:`~iopcore.sessions.Session` of one sessions row.

    The inverse of :func:`~iopcore.frames.sessions_frame`.

    Raises:
        IopcoreError: what ``Session`` raises for a bad value.
    """
    return Session(
        participant_id=row["participant_id"],
        service=row["service"],
        start=row["start"],
        end=row["end"],
        attendance=row.get("attendance", "attended"),
        attended_minutes=row.get("attended_minutes"),
    )


@attrs.frozen(kw_only=True)
class ParticipantRows:
    """One participant's rows of the cohort tables, as plain mappings.

    Each row may carry its row number in the input table under
    :data:`~iopcore.frames._tables.ROW`, for the errors.

    Attributes:
        participant: Their row of the participants table.
        episode: Their row of the episodes table, or ``None``.
        events: Their rows of the episode events table.
        assessments: Their rows of the assessments table.
        sessions: Their rows of the sessions table.
    """

    participant: Row
    episode: Row | None = None
    events: Sequence[Row] = ()
    assessments: Sequence[Row] = ()
    sessions: Sequence[Row] = ()


class RowProblems:
    """Bad rows found while rebuilding values: counted per table and column."""

    def __init__(self) -> None:
        # field -> [the first error, its first rows, count]: one error per column, in
        # the first bad row's words (the reason may vary by row: "a total of 6").
        self._found: dict[str, list[Any]] = {}

    def add(self, table: str, column: str, row: Row, error: IopcoreError) -> None:
        """Count ``error``, raised for ``row`` of ``table``, against ``column``."""
        found = self._found.setdefault(f"{table}.{column}", [error, [], 0])
        number = row.get(ROW)
        if number is not None:
            found[1].append(int(number))
        found[2] += 1

    def add_error(self, table: str, row_of: Mapping[str, Row], error: IopcoreError) -> None:
        """Count every iopcore error in ``error`` (a group too) as bad rows of ``table``.

        ``row_of`` maps the first part of an error's field (``$.events[2]``) to the
        row it came from; ``""`` is the row for an error of the whole value.
        """
        for single in _leaves(error):
            column, index = _column(single.field)
            self.add(table, column, row_of.get(index, row_of[""]), single)

    def raise_if_any(self) -> None:
        """Raise the problems found: one error, or an ``IopcoreErrorGroup`` of several.

        Raises:
            InvalidRowsError: the rows of one column with one kind of problem.
            IopcoreErrorGroup: several of them.
        """
        from iopcore._validation import ErrorCollector  # noqa: PLC0415 - only on bad rows

        collector = ErrorCollector("cohort tables")
        for field, (first, rows, count) in self._found.items():
            collector.errors.append(
                InvalidRowsError(
                    field,
                    first.value,
                    allowed=first.allowed,
                    rows=sorted(rows)[:_ROWS_SHOWN],
                    count=count,
                    reason=first.reason,
                    sensitive=first.sensitive,
                )
            )
        collector.raise_if_any()


def _leaves(error: IopcoreError | ExceptionGroup[IopcoreError]) -> Iterator[IopcoreError]:
    if isinstance(error, ExceptionGroup):
        for inner in error.exceptions:
            yield from _leaves(inner)
    else:
        yield error


#: The fields of the values whose column has another name.
_RENAMED: Final = {"id": "participant_id"}
_PATH: Final = re.compile(r"^\$\.(?P<head>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>\w+))?")


def _column(field: str) -> tuple[str, str]:
    """The column an error's field names, and the item it points at (``""``: none).

    ``$.events[2].effective`` is the column ``effective`` of event 2;
    ``$.ratings.safety`` the column ``safety``; ``birth_date`` itself.
    """
    found = _PATH.match(field)
    if found is None:
        return _RENAMED.get(field, field), ""
    head, index, rest = found["head"], found["index"], found["rest"]
    if index is not None:
        item = f"{head}[{index}]"
        return (rest or "event", item) if head == "events" else (head, "")
    return rest or head, ""


def _episode(rows: ParticipantRows, problems: RowProblems) -> Episode | None:
    if rows.episode is None:
        return None
    ordered = sorted(rows.events, key=lambda row: row["effective"])
    events: list[LevelChange | Discharge] = []
    for row in ordered:
        try:
            events.append(event_from_row(row))
        except IopcoreError as error:
            problems.add_error("episode_events", {"": row}, error)
    if len(events) < len(ordered):
        return None
    try:
        return episode_from_rows(rows.episode, events)
    except IopcoreError as error:
        row_of: dict[str, Row] = {f"events[{i}]": row for i, row in enumerate(ordered)}
        row_of[""] = rows.episode
        for single in _leaves(error):
            column, item = _column(single.field)
            table = "episode_events" if item else "episodes"
            problems.add(table, column, row_of[item], single)
    return None


def _assessment(row: Row, columns: AssessmentColumns, problems: RowProblems) -> Assessment | None:
    scores: list[Score] = []
    bad = False
    for name in columns.instruments:
        try:
            score = _score(row, name)
        except IopcoreError as error:
            # A score's part is named by its column: phq9_total, phq9_band.
            for single in _leaves(error):
                part, _ = _column(single.field)
                problems.add("assessments", f"{name}_{part}", row, single)
            bad = True
            continue
        if score is not None:
            scores.append(score)
    if bad:
        return None
    try:
        return assessment_from_row(row, columns, scores=scores)
    except IopcoreError as error:
        problems.add_error("assessments", {"": row}, error)
    return None


def _assessments(
    rows: ParticipantRows,
    participant: Participant | None,
    columns: AssessmentColumns,
    problems: RowProblems,
) -> list[Assessment]:
    assessments: list[Assessment] = []
    for row in rows.assessments:
        assessment = _assessment(row, columns, problems)
        if assessment is None:
            continue
        if participant is not None and assessment.assessed_on < participant.birth_date:
            problems.add("assessments", "assessed_on", row, _before_birth("assessed_on"))
        assessments.append(assessment)
    return assessments


def records_from_rows(
    rows: ParticipantRows, columns: AssessmentColumns, problems: RowProblems
) -> ParticipantRecords | None:
    """The participant's records, rebuilt; ``None`` (and ``problems`` told) on bad rows."""
    participant = None
    try:
        participant = participant_from_row(rows.participant)
    except IopcoreError as error:
        problems.add_error("participants", {"": rows.participant}, error)
    episode = _episode(rows, problems)
    assessments = _assessments(rows, participant, columns, problems)
    sessions: list[Session] = []
    for row in rows.sessions:
        try:
            sessions.append(session_from_row(row))
        except IopcoreError as error:
            problems.add_error("sessions", {"": row}, error)
    if participant is None:
        return None
    if episode is not None and episode.admitted < participant.birth_date:
        problems.add("episodes", "admitted", rows.episode or {}, _before_birth("admitted"))
        return None
    if len(assessments) < len(rows.assessments) or len(sessions) < len(rows.sessions):
        return None
    if rows.episode is not None and episode is None:
        return None
    return ParticipantRecords(
        participant=participant, episode=episode, assessments=assessments, sessions=sessions
    )


def _before_birth(column: str) -> IopcoreError:
    from iopcore.exceptions import InvalidValueError  # noqa: PLC0415 - only on bad rows

    # The birth date is personal data: the error shows neither it nor the date.
    return InvalidValueError(
        column,
        None,
        allowed="a date on or after the participant's birth date",
        reason="is before the participant's birth",
    )


def evaluate_rows(
    rows: ParticipantRows, *, settings: Settings, columns: AssessmentColumns
) -> Evaluation:
    """One participant's tidy records from their rows: the per-participant step.

    The values are rebuilt (:func:`records_from_rows`) and evaluated by
    :func:`iopcore.cohort.evaluate_participant`'s own step, with ``settings``
    checked once for the whole cohort (rulesets by value). A top-level function of
    picklable arguments, for an engine that groups rows by participant.

    Raises:
        InvalidRowsError: a row that cannot make its value (several: a group).
    """
    problems = RowProblems()
    records = records_from_rows(rows, columns, problems)
    problems.raise_if_any()
    assert records is not None  # noqa: S101 - no problems, so the records were made
    return evaluate_records(records, settings)
