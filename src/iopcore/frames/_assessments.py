"""The assessments table: one row per assessment, one column per input a ruleset reads.

An :class:`~iopcore.assessments.Assessment` holds its inputs in named mappings; a
table holds each input in a column named after it:

* ``participant_id`` (text) and ``assessed_on`` (a date), always;
* a rating in a column named by its dimension (``safety``, ``risk_of_harm``: whole
  numbers 0 to :data:`~iopcore.assessments.MAX_DIMENSION_RATING`);
* a clinical fact in a column named by the fact (``imminent_danger``: true/false);
* a measurement in a column named by the measurement (``heart_rate_bpm``: numbers);
* an instrument score in ``<instrument>_total`` (whole numbers), ``<instrument>_band``
  (the published label), ``<instrument>_flags`` (a list of text) and
  ``<instrument>_complete`` (true/false; null: no score on file), as
  :func:`iopcore.frames.score` writes them;
* ``population`` (``"adult"``/``"adolescent"``) or ``birth_date`` (a date, from which
  the population on ``assessed_on`` is derived as
  :meth:`~iopcore.assessments.Assessment.filled_from` does; a stated population
  wins); ``birth_date`` is personal data and never appears in a message;
* ``conditions``, a list of :class:`~iopcore.participants.Condition` values (null: not
  stated; an empty list: none of them).

A null is an input not assessed. Which columns are read follows from the ruleset's
rules; a column the ruleset reads that the table lacks is missing on every row, as an
absent input is on the object path; a column present with the wrong type is an error.
Two inputs that would share a column (a rating and a fact of one name) are an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs
import narwhals as nw

from iopcore.assessments import MAX_DIMENSION_RATING, Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.frames._tables import Column, Kind, RowCheck, Schema
from iopcore.instruments import get_instrument
from iopcore.participants import Condition, Population

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "BACKENDS",
    "FIXED",
    "Input",
    "assessments_frame",
    "birth_checks",
    "input_columns",
    "path_inputs",
    "row_checks",
    "schema_for",
]

TABLE: Final = "assessments"
#: The columns every assessments table has.
FIXED: Final = (
    Column("participant_id", Kind.TEXT, description="The participant's opaque id."),
    Column("assessed_on", Kind.DATE, description="The date the assessment describes."),
)
#: The backends :func:`assessments_frame` builds.
BACKENDS: Final = ("pandas", "polars", "pyarrow")


@attrs.frozen
class Input:
    """One column an assessment input is read from.

    Attributes:
        column: The column's name.
        kind: What it holds.
        what: The input in words, for the docs and for a clash of names.
    """

    column: str
    kind: Kind
    what: str

    @property
    def dtype(self) -> Any:  # noqa: ANN401 - a narwhals data type
        """The column's natural narwhals data type (for a column the table lacks)."""
        return self.kind.dtype


def path_inputs(path: str) -> tuple[Input, ...] | None:  # noqa: PLR0911 - one case per kind
    """The columns the input ``path`` is read from (``None``: a path of another form)."""
    head, _, rest = path.partition(".")
    if head == "ratings" and rest:
        return (Input(rest, Kind.WHOLE_NUMBER, f"the rating {rest!r}"),)
    if head == "facts" and rest:
        return (Input(rest, Kind.YES_NO, f"the fact {rest!r}"),)
    if head == "measurements" and rest:
        return (Input(rest, Kind.NUMBER, f"the measurement {rest!r}"),)
    if head == "scores":
        instrument, _, part = rest.partition(".")
        complete = Input(f"{instrument}_complete", Kind.YES_NO, f"whether {instrument} is complete")
        if part == "total":
            return (Input(f"{instrument}_total", Kind.WHOLE_NUMBER, f"the {instrument} total"),)
        if part == "band":
            return (Input(f"{instrument}_band", Kind.TEXT, f"the {instrument} band"), complete)
        if part == "flags":
            return (
                Input(f"{instrument}_flags", Kind.TEXT_LIST, f"the {instrument} flags"),
                complete,
            )
        return None
    if path == "population":
        return (
            Input("population", Kind.TEXT, "the population"),
            Input("birth_date", Kind.DATE, "the birth date"),
        )
    if path == "conditions":
        return (Input("conditions", Kind.TEXT_LIST, "the conditions"),)
    return None


def input_columns(paths: Iterable[str]) -> dict[str, Input]:
    """The columns the input ``paths`` are read from, by name, in a stable order.

    Raises:
        InvalidValueError: two inputs would be read from one column (a rating and a
            fact of one name, or an input named like ``participant_id``).
        UnknownCodeError: a path no column convention covers (see :func:`schema_for`).
    """
    found: dict[str, Input] = {
        column.name: Input(column.name, column.kind, f"the column {column.name!r}")
        for column in FIXED
    }
    for path in sorted(paths):
        inputs = path_inputs(path)
        if inputs is None:
            raise UnknownCodeError(
                "path", path, allowed="ratings.*, facts.*, measurements.*, scores.*, ..."
            )
        for wanted in inputs:
            known = found.setdefault(wanted.column, wanted)
            if known != wanted:
                raise InvalidValueError(
                    f"{TABLE}.{wanted.column}",
                    path,
                    allowed="inputs of distinct names (one column each)",
                    reason=f"would be read from the column that holds {known.what}",
                )
    return found


def schema_for(columns: Mapping[str, Input]) -> Schema:
    """The schema of an assessments table with ``columns`` (all but the fixed optional)."""
    fixed = {column.name for column in FIXED}
    optional = tuple(
        Column(name, wanted.kind, required=False, description=wanted.what)
        for name, wanted in columns.items()
        if name not in fixed
    )
    return Schema(TABLE, (*FIXED, *optional), open=True)


def _not_whole(column: str) -> nw.Expr:
    value = nw.col(column).cast(nw.Float64())
    return value.round(0) != value


def row_checks(columns: Mapping[str, Input], present: Sequence[str]) -> list[RowCheck]:
    """What every row of the ``present`` ``columns`` must satisfy (see :func:`row_checks`)."""
    checks = [
        RowCheck("participant_id", nw.col("participant_id").is_null(), "an id on every row"),
        RowCheck(
            "participant_id",
            nw.col("participant_id").str.strip_chars() == "",
            "a non-blank id",
            reason="is blank",
        ),
        RowCheck("assessed_on", nw.col("assessed_on").is_null(), "a date on every row"),
    ]
    for name, wanted in columns.items():
        if name not in present or name in ("participant_id", "assessed_on"):
            continue
        checks.extend(_value_checks(name, wanted))
    return checks


def _value_checks(name: str, wanted: Input) -> list[RowCheck]:  # noqa: PLR0911 - one case per kind
    column = nw.col(name)
    if wanted.what.startswith("the rating"):
        allowed = f"a whole number from 0 to {MAX_DIMENSION_RATING} (null: not rated)"
        outside = (column < 0) | (column > MAX_DIMENSION_RATING) | _not_whole(name)
        return [RowCheck(name, outside, allowed)]
    if wanted.kind is Kind.WHOLE_NUMBER:  # an instrument total
        return [RowCheck(name, (column < 0) | _not_whole(name), "a whole number from 0")]
    if wanted.kind is Kind.NUMBER:
        finite = "a finite number (null: not measured)"
        return [RowCheck(name, column.is_nan() | ~column.is_finite(), finite)]
    if name == "population":
        known = [population.value for population in Population]
        return [RowCheck(name, ~column.is_in(known), ", ".join(map(repr, known)))]
    if name == "conditions":
        values = [condition.value for condition in Condition]
        listed = nw.sum_horizontal(
            *(column.list.contains(value).cast(nw.Int64()) for value in values)
        )
        allowed = "lists of " + ", ".join(map(repr, values))
        return [RowCheck(name, column.list.unique().list.len() > listed, allowed)]
    if name.endswith("_band"):
        instrument = name.removesuffix("_band")
        bands = list(get_instrument(instrument).BANDS)
        return [RowCheck(name, ~column.is_in(bands), ", ".join(map(repr, bands)) or "no band")]
    return []


def birth_checks() -> list[RowCheck]:
    """A birth date after the assessment (the object path: "is before birth")."""
    bad = nw.col("birth_date") > nw.col("assessed_on")
    allowed = "a birth date on or before assessed_on"
    return [RowCheck("birth_date", bad, allowed, reason="is after assessed_on", sensitive=True)]


# ---------------------------------------------------------------- objects to a frame


def _rows(assessments: Sequence[Assessment]) -> tuple[dict[str, list[object]], dict[str, Input]]:
    paths: set[str] = set()
    for assessment in assessments:
        paths.update(f"ratings.{name}" for name in assessment.ratings)
        paths.update(f"facts.{name}" for name in assessment.facts)
        paths.update(f"measurements.{name}" for name in assessment.measurements)
        for instrument in assessment.scores:
            paths.update(f"scores.{instrument}.{part}" for part in ("total", "band", "flags"))
        if assessment.population is not None:
            paths.add("population")
        if assessment.conditions is not None:
            paths.add("conditions")
    columns = {
        name: wanted
        for name, wanted in input_columns(paths).items()
        if name != "birth_date"  # an Assessment holds the population, not a birth date
    }
    values: dict[str, list[object]] = {name: [] for name in columns}
    for assessment in assessments:
        row = _row(assessment)
        for name, column in values.items():
            column.append(row.get(name))
    return values, columns


def _row(assessment: Assessment) -> dict[str, object]:
    row: dict[str, object] = {
        "participant_id": assessment.participant_id,
        "assessed_on": assessment.assessed_on,
        **assessment.ratings,
        **assessment.facts,
        **assessment.measurements,
    }
    for instrument, score in assessment.scores.items():
        row[f"{instrument}_total"] = score.total
        row[f"{instrument}_band"] = score.band
        row[f"{instrument}_flags"] = sorted(score.flags)
        row[f"{instrument}_complete"] = score.complete
    if assessment.population is not None:
        row["population"] = assessment.population.value
    if assessment.conditions is not None:
        row["conditions"] = sorted(condition.value for condition in assessment.conditions)
    return row


def assessments_frame(assessments: object, *, backend: str = "polars") -> Any:  # noqa: ANN401 - a native frame
    """The assessments as a table of the documented schema, one row each, in order.

    For tests and docs: :func:`iopcore.frames.recommend_levels` gives the placements
    of this table that :func:`~iopcore.placement.recommend_level` gives of the assessments.
    Columns: ``participant_id``, ``assessed_on``, then one per rating, fact,
    measurement and score part any assessment holds, ``population`` and
    ``conditions`` (sorted lists) if any states them; an input an assessment lacks
    is null. Kept answers (``responses``) and ``recorded_by`` are not columns.

    Args:
        assessments: The assessments.
        backend: ``"polars"``, ``"pandas"`` (Arrow-backed columns, which hold dates,
            nullable whole numbers and lists as they are) or ``"pyarrow"``.

    Returns:
        A polars ``DataFrame``, a pandas ``DataFrame`` or a pyarrow ``Table``.

    Raises:
        InvalidTypeError: an item is not an Assessment.
        InvalidValueError: two inputs would share a column (a rating and a fact of one
            name).
        UnknownCodeError: an unknown backend.

    >>> import pendulum
    >>> from iopcore.assessments import Assessment
    >>> frame = assessments_frame(
    ...     [
    ...         Assessment(
    ...             participant_id="p-1",
    ...             assessed_on=pendulum.date(2026, 3, 2),
    ...             ratings={"safety": 2},
    ...             facts={"imminent_danger": False},
    ...         )
    ...     ]
    ... )
    >>> frame.columns
    ['participant_id', 'assessed_on', 'imminent_danger', 'safety']
    """
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise UnknownCodeError("backend", backend, allowed=", ".join(map(repr, BACKENDS)))
    if isinstance(assessments, str | bytes) or not isinstance(assessments, Iterable):
        raise InvalidTypeError("assessments", assessments, allowed="an iterable of Assessments")
    given = list(assessments)
    for index, assessment in enumerate(given):
        if not isinstance(assessment, Assessment):
            raise InvalidTypeError(f"assessments[{index}]", assessment, allowed="an Assessment")
    values, columns = _rows(given)
    schema = nw.Schema({name: wanted.dtype for name, wanted in columns.items()})
    frame = nw.from_dict(values, schema=schema, backend="polars")
    if backend == "polars":
        return frame.to_native()
    if backend == "pyarrow":
        return frame.to_arrow()
    return _arrow_backed_pandas(frame)


def _arrow_backed_pandas(frame: nw.DataFrame[Any]) -> Any:  # noqa: ANN401 - a pandas frame
    # narwhals' to_pandas gives numpy columns: dates become timestamps and nullable
    # whole numbers floats; Arrow-backed pandas columns keep them as they are.
    import pandas as pd  # type: ignore[import-untyped]  # noqa: PLC0415 - only when asked for

    return frame.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)
