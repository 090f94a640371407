"""The participants table: one row per participant, the fields of a Participant.

:data:`PARTICIPANTS` documents it; :func:`read_participants` reads one and refuses
the rows a :class:`~iopcore.participants.Participant` would refuse;
:func:`participants_frame` turns ``Participant`` values into a table and
:func:`participant_from_row` turns a row back into the value (its inverse). The birth
date is personal data: no message shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import narwhals as nw

from iopcore.exceptions import InvalidTypeError, UnknownCodeError
from iopcore.frames._assessments import BACKENDS, Input, _value_checks
from iopcore.frames._sessions import identifier_checks, one_row_per_participant
from iopcore.frames._tables import Column, Kind, RowCheck, Schema, read_table, refuse_rows
from iopcore.participants import Participant, Sex

if TYPE_CHECKING:
    import datetime as dt

    from iopcore.frames._tables import InputTable

__all__ = [
    "PARTICIPANTS",
    "native",
    "participant_from_row",
    "participants_frame",
    "read_participants",
]

#: The participants table: one row per participant.
PARTICIPANTS: Final = Schema(
    "participants",
    (
        Column("participant_id", Kind.TEXT, description="The participant's opaque id."),
        Column(
            "birth_date",
            Kind.DATE,
            description="The date of birth (personal data: never shown in a message).",
        ),
        Column(
            "sex",
            Kind.TEXT,
            required=False,
            description="'female', 'male' or null (not recorded), for AUDIT-C cut-offs.",
        ),
        Column(
            "conditions",
            Kind.TEXT_LIST,
            required=False,
            description="A list of Condition values ('depression'); null or absent: none.",
        ),
    ),
)

_SEXES: Final = ", ".join(repr(member.value) for member in Sex)


def read_participants(data: object, *, as_of_day: dt.date, columns: object = None) -> InputTable:
    """``data`` read as a participants table, every bad row refused.

    The optional columns are filled in when absent (``sex`` and ``conditions`` as
    nulls). ``as_of_day`` is the day evaluated on: a birth after it is refused (the
    object path cannot tell a population before birth).

    Raises:
        InvalidRowsError: a missing or bad id, two rows of one participant, a missing
            birth date or one after ``as_of_day``, an unknown sex or condition.
        InvalidTypeError, InvalidValueError, UnknownCodeError: as
            :func:`~iopcore.frames._tables.read_table`.
    """
    table = read_table(data, PARTICIPANTS, columns=columns).filled()
    born = nw.col("birth_date")
    checks = [
        *identifier_checks(),
        one_row_per_participant(),
        RowCheck(
            "birth_date",
            born.is_null(),
            allowed="a date of birth on every row",
            reason="is missing",
            sensitive=True,
        ),
        RowCheck("sex", ~nw.col("sex").is_in([member.value for member in Sex]), allowed=_SEXES),
        *_value_checks("conditions", Input("conditions", Kind.TEXT_LIST, "the conditions")),
        RowCheck(
            "birth_date",
            born > nw.lit(as_of_day, dtype=nw.Date()),
            allowed="a date of birth on or before as_of",
            reason="is after as_of",
            sensitive=True,
        ),
    ]
    refuse_rows(table, checks)
    return table


def participant_from_row(row: Mapping[str, Any]) -> Participant:
    """The :class:`~iopcore.participants.Participant` of one row of the table.

    The inverse of :func:`participants_frame`: ``row`` maps the column names to plain
    values (as ``polars.DataFrame.to_dicts`` or ``pyarrow.Table.to_pylist`` give
    them); a null ``conditions`` is none.

    Raises:
        IopcoreError: what ``Participant`` raises for a bad value.
    """
    conditions = row.get("conditions")
    return Participant(
        id=row["participant_id"],
        birth_date=row["birth_date"],
        conditions=() if conditions is None else conditions,
        sex=row.get("sex"),
    )


def participants_frame(participants: Iterable[Participant], *, backend: str = "polars") -> Any:  # noqa: ANN401 - a native frame
    """Participants as a participants table (:data:`PARTICIPANTS`), one row each, in order.

    ``conditions`` is a sorted list of condition values (empty for none), ``sex``
    the recorded sex or null. For tests and docs, and for
    :func:`iopcore.frames.cohort_tables`.

    Args:
        participants: :class:`~iopcore.participants.Participant` values.
        backend: ``"polars"``, ``"pandas"`` (Arrow-backed columns, which hold dates
            and lists as they are) or ``"pyarrow"``.

    Returns:
        A polars ``DataFrame``, a pandas ``DataFrame`` or a pyarrow ``Table``.

    Raises:
        InvalidTypeError: ``participants`` is not an iterable of Participant values.
        UnknownCodeError: an unknown ``backend``.

    >>> import pendulum
    >>> from iopcore import Participant
    >>> frame = participants_frame(
    ...     [Participant(id="p-1", birth_date=pendulum.date(1990, 5, 1), conditions=["ptsd"])]
    ... )
    >>> frame.columns
    ['participant_id', 'birth_date', 'sex', 'conditions']
    >>> frame.row(0)[2:]
    (None, ['ptsd'])
    """
    if isinstance(participants, str | bytes | Mapping) or not isinstance(participants, Iterable):
        raise InvalidTypeError(
            "participants", participants, allowed="an iterable of Participant values"
        )
    items = list(participants)
    for index, item in enumerate(items):
        if not isinstance(item, Participant):
            raise InvalidTypeError(f"$.participants[{index}]", item, allowed="a Participant")
    data = {
        "participant_id": [item.id for item in items],
        "birth_date": [item.birth_date for item in items],
        "sex": [None if item.sex is None else item.sex.value for item in items],
        "conditions": [sorted(condition.value for condition in item.conditions) for item in items],
    }
    schema = {
        "participant_id": nw.String(),
        "birth_date": nw.Date(),
        "sex": nw.String(),
        "conditions": nw.List(nw.String()),
    }
    return native(nw.from_dict(data, schema=schema, backend="polars"), backend)


def native(frame: nw.DataFrame[Any], backend: object) -> Any:  # noqa: ANN401 - a native frame
    """``frame`` as the ``backend`` asked for (pandas: Arrow-backed, keeping dates).

    Raises:
        UnknownCodeError: an unknown ``backend``.
    """
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise UnknownCodeError("backend", backend, allowed=", ".join(map(repr, BACKENDS)))
    if backend == "polars":
        return frame.to_native()
    if backend == "pyarrow":
        return frame.to_arrow()
    import pandas as pd  # type: ignore[import-untyped]  # noqa: PLC0415 - only when asked for

    return frame.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)
