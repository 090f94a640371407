"""The inputs the weekly count and the attendance summary share, checked once.

One participant's sessions (every bad item reported together), turned into spans of
POSIX timestamps in time order; and the yes/no options both take.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from iopcore._validation import ErrorCollector, other_participants
from iopcore.exceptions import InvalidTypeError
from iopcore.sessions import Session

__all__ = ["Span", "checked_sessions", "flag_argument", "in_time_order"]

_TIMESTAMP: Final = dt.datetime.timestamp


def flag_argument(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(field, value, allowed="True or False")
    return value


_JUST_SESSIONS: Final = frozenset({Session})
_PARTICIPANT_ID: Final = operator.attrgetter("participant_id")


def checked_sessions(sessions: object) -> tuple[str | None, list[Session]]:
    """The sessions as a list and their participant; every bad item reported."""
    if isinstance(sessions, str | bytes | Mapping) or not isinstance(sessions, Iterable):
        raise InvalidTypeError("sessions", sessions, allowed="an iterable of Session values")
    items = list(sessions)
    # The usual case, checked at C speed: every item a Session, all of one participant.
    if set(map(type, items)) == _JUST_SESSIONS:
        ids = set(map(_PARTICIPANT_ID, items))
        if len(ids) == 1:
            return ids.pop(), items
    owner = next((s.participant_id for s in items if isinstance(s, Session)), None)
    collector = ErrorCollector("sessions")
    collector.errors.extend(
        other_participants(
            _checked_ids(items, collector),
            owner,
            path="$.sessions[{index}].participant_id",
            allowed=f"the participant of the first session ({owner!r})",
            reason="is another participant's session",
        )
    )
    collector.raise_if_any()
    return owner, items


def _checked_ids(items: list[object], collector: ErrorCollector) -> Iterator[str | None]:
    """Each session's participant id, ``None`` for an item reported as not a Session."""
    for index, session in enumerate(items):
        if type(session) is Session or isinstance(session, Session):
            yield session.participant_id
        else:
            collector.errors.append(
                InvalidTypeError(f"$.sessions[{index}]", session, allowed="a Session")
            )
            yield None


_BEGINS: Final = operator.itemgetter(0)
_START: Final = operator.attrgetter("start")
_END: Final = operator.attrgetter("end")


#: A session with its real start and end as POSIX timestamps (exact across clock
#: changes: pendulum types subclass datetime).
Span = tuple[float, float, Session]


def in_time_order(sessions: list[Session]) -> list[Span]:
    """The sessions as spans, in time order (the order given never matters).

    Timsort is quick on the usual, nearly sorted input.
    """
    begins = map(_TIMESTAMP, map(_START, sessions))
    ends = map(_TIMESTAMP, map(_END, sessions))
    return sorted(zip(begins, ends, sessions, strict=True), key=_BEGINS)
