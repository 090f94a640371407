"""One participant's records, what the evaluators read, checked once.

:class:`ParticipantRecords` holds a participant with their episode, assessments and
sessions, each checked to be of the right type and of that participant.
:class:`ParticipantRecordsLike` is what the evaluators accept instead (any object with
those attributes, such as a synthetic history), and :func:`to_records` turns one into
the other.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Final, Protocol

import attrs

from iopcore._validation import ErrorCollector, other_participants, to_instances
from iopcore.assessments import Assessment
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError
from iopcore.participants import Participant
from iopcore.sessions import Session

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["ParticipantRecords", "ParticipantRecordsLike", "to_records"]


def _participant(value: object) -> Participant:
    if not isinstance(value, Participant):
        raise InvalidTypeError("participant", value, allowed="a Participant")
    return value


def _episode(value: object) -> Episode | None:
    if value is not None and not isinstance(value, Episode):
        raise InvalidTypeError("episode", value, allowed="an Episode or None")
    return value


def _assessments(values: object) -> tuple[Assessment, ...]:
    return to_instances(
        values, Assessment, field="assessments", allowed="an iterable of Assessment values"
    )


def _sessions(values: object) -> tuple[Session, ...]:
    return to_instances(values, Session, field="sessions", allowed="an iterable of Session values")


_PARTICIPANT_ID: Final = operator.attrgetter("participant_id")


def _episode_owner(episode: Episode | None) -> str | None:
    return None if episode is None else episode.participant_id


@attrs.frozen(kw_only=True)
class ParticipantRecords:
    """One participant's records: what :func:`evaluate_participant` reads.

    The fields are those of :class:`iopcore.synthetic.SyntheticHistory`, so a
    synthetic history (or any object with these four attributes) can be given
    wherever a ``ParticipantRecords`` is expected.

    Attributes:
        participant: The participant.
        episode: Their episode of care, or ``None`` (then no weeks, no length of
            stay and no transition decision).
        assessments: Their assessments, in any order.
        sessions: Their sessions, in any order.

    Raises:
        InvalidTypeError: a field of the wrong type (each bad item with its index).
        InvalidValueError: an episode, assessment or session of another participant
            (``$.sessions[3].participant_id``).

    >>> import pendulum
    >>> from iopcore import Participant
    >>> someone = Participant(id="p-1", birth_date=pendulum.date(1990, 5, 1))
    >>> ParticipantRecords(participant=someone).sessions
    ()
    """

    participant: Participant = attrs.field(converter=_participant)
    episode: Episode | None = attrs.field(default=None, converter=_episode)
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=_assessments)
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=_sessions)

    def __attrs_post_init__(self) -> None:
        owner = self.participant.id
        collector = ErrorCollector("participant records")
        allowed = f"the participant's own id {owner!r}"
        checked: tuple[tuple[str, Iterable[str | None]], ...] = (
            ("episode.participant_id", (_episode_owner(self.episode),)),
            ("$.assessments[{index}].participant_id", map(_PARTICIPANT_ID, self.assessments)),
            ("$.sessions[{index}].participant_id", map(_PARTICIPANT_ID, self.sessions)),
        )
        for path, ids in checked:
            collector.errors.extend(
                other_participants(
                    ids, owner, path=path, allowed=allowed, reason="is another participant"
                )
            )
        collector.raise_if_any()


class ParticipantRecordsLike(Protocol):
    """What the evaluators read from each participant's records.

    :class:`ParticipantRecords`, :class:`iopcore.synthetic.SyntheticHistory`, or any
    object with these attributes (``episode`` may be absent at run time: read as
    ``None``).
    """

    @property
    def participant(self) -> Participant:
        """The participant."""

    @property
    def episode(self) -> Episode | None:
        """Their episode of care, or ``None``."""

    @property
    def assessments(self) -> Iterable[Assessment]:
        """Their assessments."""

    @property
    def sessions(self) -> Iterable[Session]:
        """Their sessions."""


_RECORDS_ALLOWED: Final = (
    "a ParticipantRecords, or an object with participant, episode, assessments and "
    "sessions attributes (such as iopcore.synthetic.SyntheticHistory)"
)


def to_records(value: object, field: str) -> ParticipantRecords:
    if isinstance(value, ParticipantRecords):
        return value
    try:
        participant = value.participant  # type: ignore[attr-defined]
        assessments = value.assessments  # type: ignore[attr-defined]
        sessions = value.sessions  # type: ignore[attr-defined]
    except AttributeError:
        raise InvalidTypeError(field, value, allowed=_RECORDS_ALLOWED) from None
    episode = getattr(value, "episode", None)
    return ParticipantRecords(
        participant=participant, episode=episode, assessments=assessments, sessions=sessions
    )
