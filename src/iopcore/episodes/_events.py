"""The events of an episode: level changes and the discharge, with their coded reasons.

An :class:`EpisodeEvent` has the date it takes effect and the date it was recorded
(never earlier). A :class:`LevelChange` moves the participant from one level of care
to another with a :class:`ChangeReason`; a :class:`Discharge` ends the episode with a
:class:`DischargeReason`. The optional free-text ``note`` of an event stays out of
``repr``, ``str`` and every error. :class:`~iopcore.episodes.Episode` checks how the
events fit together.
"""

from __future__ import annotations

import enum
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Final

import attrs
import pendulum

from iopcore._table_values import is_missing
from iopcore._validation import ErrorCollector, to_date, to_member
from iopcore.assessments import Role
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "MAX_NOTE_LENGTH",
    "ChangeReason",
    "Discharge",
    "DischargeReason",
    "EpisodeEvent",
    "LevelChange",
]

#: Longest free-text note kept on an event.
MAX_NOTE_LENGTH: Final = 10_000


class ChangeReason(enum.Enum):
    """Why the level of care changed, as a code (the free text goes in ``note``)."""

    CLINICAL_DETERIORATION = "clinical deterioration"
    SAFETY_RISK = "safety risk"
    CLINICAL_IMPROVEMENT = "clinical improvement"
    PLACEMENT_CRITERIA = "placement criteria"
    MEDICAL_NEED = "medical need"
    PAYER_DETERMINATION = "payer determination"
    PARTICIPANT_PREFERENCE = "participant preference"
    ADMINISTRATIVE = "administrative"


class DischargeReason(enum.Enum):
    """Why an episode ended."""

    GOALS_MET = "goals met"
    STEPPED_DOWN_TO_OUTPATIENT = "stepped down to outpatient"
    TRANSFERRED_TO_HIGHER_LEVEL = "transferred to a higher level"
    LEFT_AGAINST_ADVICE = "left against advice"
    NON_PARTICIPATION = "non-participation"
    ADMINISTRATIVE = "administrative"


def _effective(value: object) -> pendulum.Date:
    return to_date(value, field="effective")


def _recorded(value: object) -> pendulum.Date:
    return to_date(value, field="recorded")


def _from_level(value: object) -> LevelOfCare:
    return to_level(value, field="from_level", codes="exact")


def _to_level(value: object) -> LevelOfCare:
    return to_level(value, field="to_level", codes="exact")


def _note(value: object) -> str | None:
    allowed = f"None or a string of at most {MAX_NOTE_LENGTH} characters"
    if is_missing(value):
        return None
    # The note is free text about a person: errors name its type only.
    if not isinstance(value, str):
        raise InvalidTypeError("note", value, allowed=allowed, sensitive=True)
    if len(value) > MAX_NOTE_LENGTH:
        raise InvalidValueError(
            "note", value, allowed=allowed, reason="is too long", sensitive=True
        )
    return value


def _change_reason(value: object) -> ChangeReason:
    return to_member(ChangeReason, value, field="reason")


def _discharge_reason(value: object) -> DischargeReason:
    return to_member(DischargeReason, value, field="reason")


def _role(value: object) -> Role:
    return to_member(Role, value, field="decided_by")


def _optional_role(value: object) -> Role | None:
    return None if is_missing(value) else _role(value)


class EpisodeEvent:
    """Base of the events of an episode: :class:`LevelChange` and :class:`Discharge`.

    Every event has an ``effective`` date (when it takes effect) and a ``recorded``
    date (when it was written down; never earlier). ``KIND`` tags the event in its
    dict/JSON form.
    """

    __slots__ = ()
    KIND: ClassVar[str] = ""
    effective: pendulum.Date
    recorded: pendulum.Date

    @classmethod
    def kinds(cls) -> Mapping[str, type[EpisodeEvent]]:
        """The event classes by their ``KIND`` tag (a closed set).

        >>> sorted(EpisodeEvent.kinds())
        ['discharge', 'level_change']
        """
        return _KINDS

    @property
    def backdated(self) -> bool:
        """Whether the event was recorded after the date it takes effect."""
        return self.recorded > self.effective


def _check_dates(event: EpisodeEvent, collector: ErrorCollector) -> None:
    if event.recorded < event.effective:
        collector.errors.append(
            InvalidValueError(
                "recorded",
                event.recorded,
                allowed=f"a date on or after effective={event.effective.isoformat()}",
                reason="is before the date the event takes effect",
            )
        )


@attrs.frozen(kw_only=True)
class LevelChange(EpisodeEvent):
    """A move from one level of care to another, from its effective date on.

    Args:
        effective: The first day at ``to_level``.
        recorded: The day the change was written down; on or after ``effective``.
        from_level: The level in force before the change.
        to_level: The level from ``effective`` on; not ``from_level``.
        reason: The coded reason (:class:`ChangeReason` or its value).
        decided_by: The role of the person who decided
            (:class:`~iopcore.assessments.Role` or its value).
        note: Optional free text; kept out of ``repr``, ``str`` and every error.

    Raises:
        InvalidTypeError: a field of the wrong type.
        UnknownCodeError: an unknown level, reason or role.
        InvalidValueError: ``to_level`` equals ``from_level``, or ``recorded`` is
            before ``effective``.
        IopcoreErrorGroup: several of these at once.

    >>> change = LevelChange(
    ...     effective=pendulum.date(2026, 3, 2),
    ...     recorded=pendulum.date(2026, 3, 4),
    ...     from_level="IOP",
    ...     to_level="OP",
    ...     reason="clinical improvement",
    ...     decided_by="counselor",
    ...     note="free text stays out of repr",
    ... )
    >>> change.backdated, change.direction
    (True, 'down')
    """

    KIND: ClassVar[str] = "level_change"
    effective: pendulum.Date = attrs.field(converter=_effective)
    recorded: pendulum.Date = attrs.field(converter=_recorded)
    from_level: LevelOfCare = attrs.field(converter=_from_level)
    to_level: LevelOfCare = attrs.field(converter=_to_level)
    reason: ChangeReason = attrs.field(converter=_change_reason)
    decided_by: Role = attrs.field(converter=_role)
    note: str | None = attrs.field(
        default=None, converter=_note, repr=False, metadata={"sensitive": True}
    )

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("level change")
        _check_dates(self, collector)
        if self.to_level is self.from_level:
            collector.errors.append(
                InvalidValueError(
                    "to_level",
                    self.to_level,
                    allowed=f"a level other than from_level={self.from_level.code}",
                    reason="does not change the level",
                )
            )
        collector.raise_if_any()

    @property
    def direction(self) -> str:
        """``"up"`` to a more intensive level, ``"down"`` to a less intensive one."""
        return "up" if self.to_level > self.from_level else "down"


@attrs.frozen(kw_only=True)
class Discharge(EpisodeEvent):
    """The end of an episode; its effective date is the first day out of care.

    Args:
        effective: The first day the participant is no longer in the program's care.
        recorded: The day the discharge was written down; on or after ``effective``.
        reason: The coded reason (:class:`DischargeReason` or its value).
        decided_by: The role of the person who decided, if anyone did (``None``
            when, for example, the participant left against advice).
        note: Optional free text; kept out of ``repr``, ``str`` and every error.

    Raises:
        InvalidTypeError: a field of the wrong type.
        UnknownCodeError: an unknown reason or role.
        InvalidValueError: ``recorded`` is before ``effective``.

    >>> Discharge(
    ...     effective=pendulum.date(2026, 4, 1),
    ...     recorded=pendulum.date(2026, 4, 1),
    ...     reason="left against advice",
    ... )
    Discharge(effective=Date(2026, 4, 1), recorded=Date(2026, 4, 1),
      reason=<DischargeReason.LEFT_AGAINST_ADVICE: 'left against advice'>, decided_by=None)
    """

    KIND: ClassVar[str] = "discharge"
    effective: pendulum.Date = attrs.field(converter=_effective)
    recorded: pendulum.Date = attrs.field(converter=_recorded)
    reason: DischargeReason = attrs.field(converter=_discharge_reason)
    decided_by: Role | None = attrs.field(default=None, converter=_optional_role)
    note: str | None = attrs.field(
        default=None, converter=_note, repr=False, metadata={"sensitive": True}
    )

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("discharge")
        _check_dates(self, collector)
        collector.raise_if_any()


_KINDS: Final[Mapping[str, type[EpisodeEvent]]] = MappingProxyType(
    {LevelChange.KIND: LevelChange, Discharge.KIND: Discharge}
)
