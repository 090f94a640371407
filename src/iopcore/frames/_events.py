"""Episodes as two tables: the admissions, and the level changes and discharges after them.

An :class:`~iopcore.episodes.Episode` is an admission with its events. As tables it is
a row of :data:`~iopcore.frames.EPISODES` (``participant_id``, ``program_id``,
``admitted``, ``initial_level``) and a row of :data:`EPISODE_EVENTS` per event: a
level change (``event`` ``"level_change"``, with ``from_level`` and ``to_level``) or a
discharge (``event`` ``"discharge"``), each with ``effective``, ``recorded``,
``reason`` and ``decided_by``. An event's free-text ``note`` has no column: free text
about a person stays out of the tables.

:func:`episodes_frame` turns episodes into the two tables; :func:`episode_from_rows`
turns one episode's rows back into the value (its inverse, but for the notes);
:func:`read_events` and :func:`read_cohort_episodes` read and check the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import narwhals as nw

from iopcore.assessments import Role
from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError
from iopcore.frames._episodes import read_episodes
from iopcore.frames._participants import native
from iopcore.frames._sessions import identifier_checks
from iopcore.frames._tables import Column, Kind, RowCheck, Schema, read_table, refuse_rows
from iopcore.levels import LevelOfCare

if TYPE_CHECKING:
    from iopcore.frames._tables import InputTable

__all__ = [
    "EPISODE_EVENTS",
    "EpisodeTables",
    "episode_from_rows",
    "episodes_frame",
    "event_from_row",
    "read_cohort_episodes",
    "read_events",
]

_LEVEL_CHANGE: Final = LevelChange.KIND
_DISCHARGE: Final = Discharge.KIND

#: The episode events table: one row per level change or discharge.
EPISODE_EVENTS: Final = Schema(
    "episode_events",
    (
        Column("participant_id", Kind.TEXT, description="The participant's opaque id."),
        Column("event", Kind.TEXT, description="'level_change' or 'discharge'."),
        Column("effective", Kind.DATE, description="The day it takes effect."),
        Column("recorded", Kind.DATE, description="The day it was written down (not earlier)."),
        Column(
            "from_level",
            Kind.TEXT,
            required=False,
            description="A level change's level before it ('IOP'); null for a discharge.",
        ),
        Column(
            "to_level",
            Kind.TEXT,
            required=False,
            description="A level change's new level ('PHP'); null for a discharge.",
        ),
        Column(
            "reason",
            Kind.TEXT,
            description="A ChangeReason value, or a DischargeReason value for a discharge.",
        ),
        Column(
            "decided_by",
            Kind.TEXT,
            required=False,
            description="A Role value; required for a level change, may be null for a discharge.",
        ),
    ),
)


def _words(values: Iterable[str]) -> str:
    return ", ".join(map(repr, values))


_LEVELS: Final = [level.code for level in LevelOfCare]
_CHANGE_REASONS: Final = [member.value for member in ChangeReason]
_DISCHARGE_REASONS: Final = [member.value for member in DischargeReason]
_ROLES: Final = [member.value for member in Role]


def _missing(column: str, allowed: str, when: nw.Expr | None = None) -> RowCheck:
    bad = nw.col(column).is_null()
    return RowCheck(
        column, bad if when is None else when & bad, allowed=allowed, reason="is missing"
    )


def read_events(data: object, *, columns: object = None) -> InputTable:
    """``data`` read as an episode events table, every bad row refused.

    Raises:
        InvalidRowsError: a missing or bad id, an unknown event, a missing date, a
            recorded date before the effective one, a level change without its levels,
            reason or role (or to the level it starts from), a discharge with levels,
            an unknown level, reason or role.
        InvalidTypeError, InvalidValueError, UnknownCodeError: as
            :func:`~iopcore.frames._tables.read_table`.
    """
    table = read_table(data, EPISODE_EVENTS, columns=columns).filled()
    event, reason = nw.col("event"), nw.col("reason")
    change, discharge = event == _LEVEL_CHANGE, event == _DISCHARGE
    levels = _words(_LEVELS)
    checks = [
        *identifier_checks(),
        _missing("event", _words((_LEVEL_CHANGE, _DISCHARGE))),
        RowCheck(
            "event", ~event.is_in([_LEVEL_CHANGE, _DISCHARGE]), _words((_LEVEL_CHANGE, _DISCHARGE))
        ),
        _missing("effective", "the day the event takes effect"),
        _missing("recorded", "the day the event was recorded"),
        RowCheck(
            "recorded",
            nw.col("recorded") < nw.col("effective"),
            allowed="a date on or after effective",
            reason="is before the date the event takes effect",
        ),
        _missing("reason", "a ChangeReason or DischargeReason value"),
        RowCheck("reason", change & ~reason.is_in(_CHANGE_REASONS), _words(_CHANGE_REASONS)),
        RowCheck(
            "reason", discharge & ~reason.is_in(_DISCHARGE_REASONS), _words(_DISCHARGE_REASONS)
        ),
        _missing("decided_by", _words(_ROLES) + " (for a level change)", change),
        RowCheck("decided_by", ~nw.col("decided_by").is_in(_ROLES), _words(_ROLES)),
    ]
    for name in ("from_level", "to_level"):
        checks += [
            _missing(name, f"{levels} (for a level change)", change),
            RowCheck(name, ~nw.col(name).is_in(_LEVELS), levels),
            RowCheck(
                name,
                discharge & ~nw.col(name).is_null(),
                allowed="null for a discharge",
                reason="is given for a discharge",
            ),
        ]
    checks.append(
        RowCheck(
            "to_level",
            nw.col("to_level") == nw.col("from_level"),
            allowed="a level other than from_level",
            reason="does not change the level",
        )
    )
    refuse_rows(table, checks)
    return table


def read_cohort_episodes(data: object, *, columns: object = None) -> InputTable:
    """``data`` read as an episodes table for :func:`~iopcore.frames.cohort_tables`.

    As :func:`~iopcore.frames._episodes.read_episodes` reads it, with an
    ``initial_level`` on every row. A discharge is an event (:data:`EPISODE_EVENTS`),
    and the taper grace follows from the level changes, so ``discharged`` and
    ``stepping_down`` must be null (or absent) here, rather than silently ignored.

    Raises:
        InvalidRowsError: as ``read_episodes``, and a missing or unknown initial
            level, a bad program id, a ``discharged`` or ``stepping_down`` given.
        InvalidValueError: the table has no ``initial_level`` column.
    """
    table = read_episodes(data, columns=columns)  # absent columns read as nulls
    levels = _words(_LEVELS)
    # A program id is optional: null is allowed, a blank or bad one is not.
    program = [check for check in identifier_checks("program_id") if check.reason != "is missing"]
    checks = [
        _missing("initial_level", levels),
        RowCheck("initial_level", ~nw.col("initial_level").is_in(_LEVELS), levels),
        *program,
    ]
    for name, why in (
        ("discharged", "a discharge is a row of the episode events table"),
        ("stepping_down", "the taper grace follows from the level changes"),
    ):
        checks.append(
            RowCheck(
                name, ~nw.col(name).is_null(), allowed=f"null ({why})", reason="is not read here"
            )
        )
    refuse_rows(table, checks)
    return table


def event_from_row(row: Mapping[str, Any]) -> LevelChange | Discharge:
    """The :class:`~iopcore.episodes.LevelChange` or :class:`~iopcore.episodes.Discharge` of a row.

    Raises:
        IopcoreError: what ``LevelChange`` or ``Discharge`` raise for a bad value.
    """
    if row["event"] == _DISCHARGE:
        return Discharge(
            effective=row["effective"],
            recorded=row["recorded"],
            reason=row["reason"],
            decided_by=row.get("decided_by"),
        )
    return LevelChange(
        effective=row["effective"],
        recorded=row["recorded"],
        from_level=row["from_level"],
        to_level=row["to_level"],
        reason=row["reason"],
        decided_by=row["decided_by"],
    )


def episode_from_rows(
    episode: Mapping[str, Any], events: Sequence[Mapping[str, Any] | LevelChange | Discharge] = ()
) -> Episode:
    """The :class:`~iopcore.episodes.Episode` of one episodes row and its event rows.

    The inverse of :func:`episodes_frame` (but for the events' notes, which have no
    column): the rows map the column names to plain values, as
    ``polars.DataFrame.to_dicts`` gives them (an event may be given as the value
    already made); the events are taken in effective-date order, whatever order the
    rows come in.

    Raises:
        IopcoreError: what ``Episode``, ``LevelChange`` or ``Discharge`` raise.
    """
    made = [
        row if isinstance(row, LevelChange | Discharge) else event_from_row(row) for row in events
    ]
    return Episode(
        participant_id=episode["participant_id"],
        program_id=episode.get("program_id"),
        admitted=episode["admitted"],
        initial_level=episode["initial_level"],
        events=sorted(made, key=lambda event: event.effective),
    )


class EpisodeTables(NamedTuple):
    """Episodes as tables, as :func:`episodes_frame` gives them."""

    #: One row per episode (:data:`~iopcore.frames.EPISODES`).
    episodes: Any
    #: One row per level change or discharge (:data:`EPISODE_EVENTS`).
    events: Any


_EPISODE_SCHEMA: Final = {
    "participant_id": nw.String(),
    "program_id": nw.String(),
    "admitted": nw.Date(),
    "initial_level": nw.String(),
}
_EVENT_SCHEMA: Final = {
    "participant_id": nw.String(),
    "event": nw.String(),
    "effective": nw.Date(),
    "recorded": nw.Date(),
    "from_level": nw.String(),
    "to_level": nw.String(),
    "reason": nw.String(),
    "decided_by": nw.String(),
}


def _event_row(participant_id: str, event: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(_EVENT_SCHEMA)
    assert isinstance(event, LevelChange | Discharge)  # noqa: S101 - an Episode holds no other
    row.update(
        participant_id=participant_id,
        event=event.KIND,
        effective=event.effective,
        recorded=event.recorded,
        reason=event.reason.value,
        decided_by=None if event.decided_by is None else event.decided_by.value,
    )
    if isinstance(event, LevelChange):
        row.update(from_level=event.from_level.code, to_level=event.to_level.code)
    return row


def episodes_frame(episodes: Iterable[Episode], *, backend: str = "polars") -> EpisodeTables:
    """Episodes as two tables: one row per episode, and one per event.

    The episodes table has ``participant_id``, ``program_id``, ``admitted`` and
    ``initial_level`` (a level code), in the order given; the events table
    (:data:`EPISODE_EVENTS`) the events of each episode in turn, in effective-date
    order. Notes (free text) are left out. The episodes table is a valid
    :data:`~iopcore.frames.EPISODES` table for
    :func:`~iopcore.frames.weekly_compliance` too (every participant in care).

    Args:
        episodes: :class:`~iopcore.episodes.Episode` values.
        backend: ``"polars"``, ``"pandas"`` (Arrow-backed) or ``"pyarrow"``.

    Returns:
        An :class:`EpisodeTables` of two eager frames of that kind.

    Raises:
        InvalidTypeError: ``episodes`` is not an iterable of Episode values.
        UnknownCodeError: an unknown ``backend``.

    >>> import pendulum
    >>> from iopcore.episodes import Discharge, Episode
    >>> stay = Episode(
    ...     participant_id="p-1",
    ...     admitted=pendulum.date(2026, 3, 2),
    ...     initial_level="IOP",
    ...     events=[
    ...         Discharge(
    ...             effective=pendulum.date(2026, 3, 20),
    ...             recorded=pendulum.date(2026, 3, 20),
    ...             reason="goals met",
    ...         )
    ...     ],
    ... )
    >>> tables = episodes_frame([stay])
    >>> tables.episodes.row(0)
    ('p-1', None, datetime.date(2026, 3, 2), 'IOP')
    >>> tables.events.select("event", "effective", "reason").row(0)
    ('discharge', datetime.date(2026, 3, 20), 'goals met')
    """
    if isinstance(episodes, str | bytes | Mapping) or not isinstance(episodes, Iterable):
        raise InvalidTypeError("episodes", episodes, allowed="an iterable of Episode values")
    items = list(episodes)
    for index, item in enumerate(items):
        if not isinstance(item, Episode):
            raise InvalidTypeError(f"$.episodes[{index}]", item, allowed="an Episode")
    heads = {
        "participant_id": [item.participant_id for item in items],
        "program_id": [item.program_id for item in items],
        "admitted": [item.admitted for item in items],
        "initial_level": [item.initial_level.code for item in items],
    }
    rows = [_event_row(item.participant_id, event) for item in items for event in item.events]
    events = {name: [row[name] for row in rows] for name in _EVENT_SCHEMA}
    return EpisodeTables(
        episodes=native(nw.from_dict(heads, schema=_EPISODE_SCHEMA, backend="polars"), backend),
        events=native(nw.from_dict(events, schema=_EVENT_SCHEMA, backend="polars"), backend),
    )
