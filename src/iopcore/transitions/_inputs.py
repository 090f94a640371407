"""The checks of a transition query's inputs, shared by both entry points.

:func:`iopcore.transitions.evaluate_transition` and :func:`iopcore.transitions.obligations`
take the same episode, ruleset and assessments. The functions here check each input
(a wrong type, another participant's record, a ruleset out of force) and keep only the
assessments and sessions known on ``as_of``, in date order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from iopcore._validation import ErrorCollector, other_participants
from iopcore.assessments import Assessment
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError
from iopcore.participants import Participant
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET, Ruleset, ruleset_for
from iopcore.sessions import Session

if TYPE_CHECKING:
    import pendulum

__all__ = [
    "assessments_until",
    "sessions_until",
    "to_episode",
    "to_participant",
    "to_ruleset",
]


def to_episode(value: object) -> Episode:
    if not isinstance(value, Episode):
        raise InvalidTypeError("episode", value, allowed="an Episode")
    return value


def to_ruleset(value: object, on: pendulum.Date) -> Ruleset:
    return ruleset_for(value, as_of=on, default=DEFAULT_PLACEMENT_RULESET)


def _sequence(values: object, field: str, kind: type, allowed: str) -> list[object]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=f"an iterable of {allowed}")
    found = list(values)
    collector = ErrorCollector(field)
    for index, value in enumerate(found):
        if not isinstance(value, kind):
            collector.errors.append(InvalidTypeError(f"$.{field}[{index}]", value, allowed=allowed))
    collector.raise_if_any()
    return found


def _same_participant(values: Sequence[Assessment | Session], field: str, owner: str) -> None:
    collector = ErrorCollector(field)
    collector.errors.extend(
        other_participants(
            (value.participant_id for value in values),
            owner,
            path=f"$.{field}[{{index}}].participant_id",
            allowed=f"{owner}, the episode's participant",
            reason="is another participant's",
        )
    )
    collector.raise_if_any()


def assessments_until(values: object, owner: str, on: pendulum.Date) -> list[Assessment]:
    found: list[Assessment] = _sequence(values, "assessments", Assessment, "Assessment values")  # type: ignore[assignment]
    _same_participant(found, "assessments", owner)
    kept = [a for a in found if a.assessed_on <= on]
    kept.sort(key=lambda a: a.assessed_on)
    return kept


def sessions_until(values: object, owner: str, as_of: object, on: pendulum.Date) -> list[Session]:
    found: list[Session] = _sequence(values, "sessions", Session, "Session values")  # type: ignore[assignment]
    _same_participant(found, "sessions", owner)
    if isinstance(as_of, dt.datetime):
        # A datetime as_of: sessions that started before that instant.
        cutoff = as_of.timestamp()
        kept = [s for s in found if s.start.timestamp() < cutoff]
    else:
        # A date as_of: sessions that started on or before that day, in their own zone.
        kept = [s for s in found if s.start.date() <= on]
    kept.sort(key=lambda s: s.start.timestamp())
    return kept


def to_participant(participant: object, owner: str) -> Participant:
    if not isinstance(participant, Participant):
        raise InvalidTypeError("participant", participant, allowed="a Participant or None")
    for error in other_participants(
        (participant.id,),
        owner,
        path="participant.id",
        allowed=f"the episode's participant_id {owner!r}",
        reason="is another participant",
    ):
        raise error
    return participant
