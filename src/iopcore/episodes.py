"""Episodes of care: one admission, the level changes after it, and the discharge.

An :class:`Episode` is an immutable timeline. It starts on the admission date at an
initial level of care; each :class:`LevelChange` moves the participant to another
level from its *effective* date; a :class:`Discharge` ends it. Every event also has
the date it was *recorded*, which is never before the date it takes effect: a change
entered on 10 March that took effect on 5 March is *backdated*. :meth:`Episode.known_on`
gives the episode as it was known on a date (events recorded later are left out), so
a report or a decision for a past date never uses what was only written down after it.

Conventions:

* Days are calendar dates; no event has a time of day, so a change of clocks (DST)
  cannot move a day in or out of a stay.
* The admission date is a day in care; the discharge's effective date is not (it is
  the first day out of care, as when a stay is counted by nights). So
  :meth:`Episode.level_on` is ``None`` before admission and on or after the
  discharge's effective date, and a discharged episode lasts ``discharge - admitted``
  days.
* A level change takes effect at the start of its effective date: that day is at the
  new level.
* Events come in effective-date order with no two on one date, and none on the
  admission date: every level is in force for at least one day. A same-day correction
  is a new episode value without the corrected event, not a second event.
* The discharge, if any, is the last event.
* Each level change starts from the level in force before it and moves to another one.
* A level change may be backdated, but not to before a level change already on record
  (that would rewrite the earlier change's starting level): level changes are recorded
  in the order they take effect. So every :meth:`Episode.known_on` view is itself a
  valid episode.

Coded reasons and roles appear in ``repr``, ``str``, errors and renderings; the
optional free-text ``note`` of an event never does.

>>> import pendulum
>>> from iopcore import LevelOfCare
>>> from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
>>> episode = Episode(
...     participant_id="p-001",
...     admitted=pendulum.date(2026, 1, 5),
...     initial_level=LevelOfCare.INTENSIVE_OUTPATIENT,
...     events=[
...         LevelChange(
...             effective=pendulum.date(2026, 1, 19),
...             recorded=pendulum.date(2026, 1, 21),
...             from_level=LevelOfCare.INTENSIVE_OUTPATIENT,
...             to_level=LevelOfCare.PARTIAL_HOSPITALIZATION,
...             reason=ChangeReason.CLINICAL_DETERIORATION,
...             decided_by="psychiatrist",
...         ),
...         Discharge(
...             effective=pendulum.date(2026, 2, 16),
...             recorded=pendulum.date(2026, 2, 16),
...             reason=DischargeReason.GOALS_MET,
...         ),
...     ],
... )
>>> episode.level_on(pendulum.date(2026, 1, 19)).code
'PHP'
>>> episode.known_on(pendulum.date(2026, 1, 20)).level_on(pendulum.date(2026, 1, 19)).code
'IOP'
>>> episode.length_of_stay(pendulum.date(2026, 3, 1))
42
>>> {
...     level.code: days
...     for level, days in episode.days_at_each_level(pendulum.date(2026, 3, 1)).items()
... }
{'IOP': 14, 'PHP': 28}
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import ClassVar, Final

import attrs
import pendulum

from iopcore._render import Shown, Table, View
from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_date,
    to_identifier,
    to_member,
)
from iopcore.assessments import Role
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare

__all__ = [
    "MAX_NOTE_LENGTH",
    "ChangeReason",
    "Discharge",
    "DischargeReason",
    "Episode",
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
    return to_member(LevelOfCare, value, field="from_level")


def _to_level(value: object) -> LevelOfCare:
    return to_member(LevelOfCare, value, field="to_level")


def _initial_level(value: object) -> LevelOfCare:
    return to_member(LevelOfCare, value, field="initial_level")


def _note(value: object) -> str | None:
    allowed = f"None or a string of at most {MAX_NOTE_LENGTH} characters"
    if value is None:
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
    return None if value is None else _role(value)


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

_EVENT_ALLOWED: Final = "a LevelChange or a Discharge"


def _participant_id(value: object) -> str:
    return to_identifier(value, field="participant_id")


def _program_id(value: object) -> str | None:
    return None if value is None else to_identifier(value, field="program_id")


def _admitted(value: object) -> pendulum.Date:
    return to_date(value, field="admitted")


def _event(value: object, field: str) -> LevelChange | Discharge:
    if not isinstance(value, LevelChange | Discharge):
        raise InvalidTypeError(field, value, allowed=_EVENT_ALLOWED)
    return value


def _events(values: object) -> tuple[LevelChange | Discharge, ...]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidTypeError("events", values, allowed=f"an iterable of {_EVENT_ALLOWED}")
    collector = ErrorCollector("events")
    found: list[LevelChange | Discharge] = []
    for index, value in enumerate(values):
        with collector.catch():
            found.append(_event(value, f"$.events[{index}]"))
    collector.raise_if_any()
    return tuple(found)


def _timeline_errors(episode: Episode) -> list[InvalidValueError]:
    """Every way the events break the episode's rules, each with its path."""
    errors: list[InvalidValueError] = []
    level = episode.initial_level
    previous: EpisodeEvent | None = None
    discharged_at: int | None = None
    # The level change recorded last so far: (its index, its recorded date).
    latest_record: tuple[int, pendulum.Date] | None = None
    for index, event in enumerate(episode.events):
        where = f"$.events[{index}]"
        if discharged_at is not None:
            errors.append(
                InvalidValueError(
                    where,
                    event.KIND,
                    allowed=f"no event after the discharge $.events[{discharged_at}]",
                    reason="follows the discharge",
                )
            )
        elif event.effective <= episode.admitted:
            errors.append(
                InvalidValueError(
                    f"{where}.effective",
                    event.effective,
                    allowed=f"a date after admitted={episode.admitted.isoformat()}",
                    reason="is not after the admission date",
                )
            )
        elif previous is not None and event.effective <= previous.effective:
            errors.append(
                InvalidValueError(
                    f"{where}.effective",
                    event.effective,
                    allowed=(
                        f"a date after $.events[{index - 1}].effective="
                        f"{previous.effective.isoformat()} (one event a day, in order)"
                    ),
                    reason="is not after the previous event",
                )
            )
        if isinstance(event, LevelChange):
            # Recording order is judged along the effective order; out of order, the
            # effective date is the error to report.
            in_order = previous is None or event.effective > previous.effective
            errors.extend(_change_errors(event, where, level, latest_record if in_order else None))
            if latest_record is None or event.recorded >= latest_record[1]:
                latest_record = (index, event.recorded)
            level = event.to_level
        elif discharged_at is None:
            discharged_at = index
        previous = event
    return errors


def _change_errors(
    change: LevelChange,
    where: str,
    level: LevelOfCare,
    latest_record: tuple[int, pendulum.Date] | None,
) -> list[InvalidValueError]:
    """How a level change fails to follow the level in force and the record so far."""
    errors: list[InvalidValueError] = []
    if change.from_level is not level:
        errors.append(
            InvalidValueError(
                f"{where}.from_level",
                change.from_level,
                allowed=f"{level.code}, the level in force before the change",
                reason="is not the level in force",
            )
        )
    if latest_record is not None and change.recorded < latest_record[1]:
        earlier, on = latest_record
        errors.append(
            InvalidValueError(
                f"{where}.recorded",
                change.recorded,
                allowed=(
                    f"a date on or after {on.isoformat()}, when the earlier change "
                    f"$.events[{earlier}] was recorded"
                ),
                reason="backdates the change to before a change already on record",
            )
        )
    return errors


@attrs.frozen(kw_only=True)
class Episode(Shown):
    """One participant's episode of care in one program.

    Args:
        participant_id: The participant's opaque id.
        program_id: The program's opaque id, if the caller keeps one.
        admitted: The admission date (the first day in care).
        initial_level: The level of care on admission.
        events: Level changes and at most one discharge, in effective-date order
            (see the module's conventions).

    Raises:
        InvalidTypeError: a field of the wrong type, or an event that is neither a
            :class:`LevelChange` nor a :class:`Discharge`.
        UnknownCodeError: an unknown initial level.
        InvalidValueError: events that break the timeline's rules.
        IopcoreErrorGroup: several problems, each with its path, such as
            ``$.events[2].effective``.
    """

    participant_id: str = attrs.field(converter=_participant_id)
    program_id: str | None = attrs.field(default=None, converter=_program_id)
    admitted: pendulum.Date = attrs.field(converter=_admitted)
    initial_level: LevelOfCare = attrs.field(converter=_initial_level)
    events: tuple[EpisodeEvent, ...] = attrs.field(default=(), converter=_events)

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("episode")
        collector.errors.extend(_timeline_errors(self))
        collector.raise_if_any()

    @property
    def discharge(self) -> Discharge | None:
        """The discharge, or ``None`` while the episode is open (as recorded so far)."""
        last = self.events[-1] if self.events else None
        return last if isinstance(last, Discharge) else None

    @property
    def level_changes(self) -> tuple[LevelChange, ...]:
        """The level changes, in effective-date order."""
        return tuple(event for event in self.events if isinstance(event, LevelChange))

    def is_discharged(self, as_of: pendulum.Date | pendulum.DateTime) -> bool:
        """Whether the discharge has taken effect on ``as_of`` (its effective date on).

        This reads the episode as it is; for what was known on a date, ask
        :meth:`known_on` first.

        Raises:
            InvalidTypeError: ``as_of`` is not a date or datetime.
            NaiveDateTimeError: ``as_of`` is a datetime without a time zone.
        """
        on = to_as_of(as_of)
        discharge = self.discharge
        return discharge is not None and discharge.effective <= on

    def level_on(self, date: pendulum.Date | pendulum.DateTime) -> LevelOfCare | None:
        """The level of care in force on ``date``.

        ``None`` before admission and on or after the discharge's effective date. On
        a level change's effective date the new level is in force.

        Raises:
            InvalidTypeError: ``date`` is not a date or datetime.
            NaiveDateTimeError: ``date`` is a datetime without a time zone.
        """
        on = to_as_of(date, field="date")
        if on < self.admitted:
            return None
        level = self.initial_level
        for event in self.events:
            if event.effective > on:
                break
            if isinstance(event, Discharge):
                return None
            if isinstance(event, LevelChange):  # pragma: no branch - the only other kind
                level = event.to_level
        return level

    def _periods(self, as_of: pendulum.Date) -> list[tuple[LevelOfCare, int]]:
        """(level, days) for each stretch at one level, up to and including ``as_of``."""
        # Day numbers, not dates: the day after 9999-12-31 has a number but no date.
        end = as_of.toordinal() + 1  # as_of itself counts, when it is a day in care
        discharge = self.discharge
        if discharge is not None:
            end = min(end, discharge.effective.toordinal())
        periods: list[tuple[LevelOfCare, int]] = []
        start, level = self.admitted.toordinal(), self.initial_level
        for change in self.level_changes:
            effective = change.effective.toordinal()
            if effective >= end:
                break
            periods.append((level, effective - start))
            start, level = effective, change.to_level
        if end > start:
            periods.append((level, end - start))
        return periods

    def length_of_stay(self, as_of: pendulum.Date | pendulum.DateTime) -> int:
        """Days in care on or before ``as_of``: the days on which :meth:`level_on` is a level.

        The admission date is day 1; the discharge's effective date is not counted.
        Before admission the length of stay is 0.

        Raises:
            InvalidTypeError: ``as_of`` is not a date or datetime.
            NaiveDateTimeError: ``as_of`` is a datetime without a time zone.
        """
        return sum(days for _, days in self._periods(to_as_of(as_of)))

    def days_at_each_level(
        self, as_of: pendulum.Date | pendulum.DateTime
    ) -> Mapping[LevelOfCare, int]:
        """Days in care at each level on or before ``as_of``; they sum to :meth:`length_of_stay`.

        Only levels with at least one day appear, from least to most intensive.

        Raises:
            InvalidTypeError: ``as_of`` is not a date or datetime.
            NaiveDateTimeError: ``as_of`` is a datetime without a time zone.
        """
        totals: dict[LevelOfCare, int] = {}
        for level, days in self._periods(to_as_of(as_of)):
            totals[level] = totals.get(level, 0) + days
        return MappingProxyType({level: totals[level] for level in sorted(totals)})

    def known_on(self, date: pendulum.Date | pendulum.DateTime) -> Episode:
        """The episode as it was known on ``date``: events recorded after it left out.

        The admission itself is kept (its recording date is not modelled). The result
        is a valid episode, since level changes are recorded in effective order.

        Raises:
            InvalidTypeError: ``date`` is not a date or datetime.
            NaiveDateTimeError: ``date`` is a datetime without a time zone.
        """
        on = to_as_of(date, field="date")
        kept = tuple(event for event in self.events if event.recorded <= on)
        if len(kept) == len(self.events):
            return self
        return attrs.evolve(self, events=kept)

    def with_event(self, event: LevelChange | Discharge) -> Episode:
        """A new episode with ``event`` added at its place in effective-date order.

        The result is validated like any episode, so a level change must start from
        the level in force, nothing may follow a discharge, and so on.

        Raises:
            InvalidTypeError: ``event`` is not a LevelChange or a Discharge.
            InvalidValueError: the event does not fit the timeline (the error says
                where, as ``$.events[i]...``).
        """
        new = _event(event, "event")
        position = sum(1 for existing in self.events if existing.effective <= new.effective)
        events = (*self.events[:position], new, *self.events[position:])
        return attrs.evolve(self, events=events)

    def view(self) -> View:
        """What the episode shows: its timeline (see :func:`iopcore.explain.timeline`).

        Text: a headline, then the admission and each event on its effective date
        (a backdated event shows when it was recorded). HTML and Markdown: a table
        of the admission and every event. Free-text notes are never shown.
        """
        headline = _timeline_headline(self)
        rows = _timeline_rows(self)
        return View(
            kind="timeline",
            headline=headline,
            lines=(headline, *map(_timeline_line, rows)),
            parts=(Table(_TIMELINE_COLUMNS, rows),),
        )


# ---------------------------------------------------------------- the timeline view

_TIMELINE_COLUMNS: Final = ("effective", "recorded", "event", "from", "to", "reason", "decided by")


def _timeline_rows(episode: Episode) -> tuple[tuple[str, ...], ...]:
    """One row per dated event, the admission first; coded values only (no notes)."""
    day = episode.admitted.isoformat()
    rows: list[tuple[str, ...]] = [(day, "", "admission", "", episode.initial_level.name, "", "")]
    for event in episode.events:
        if isinstance(event, LevelChange):
            what = f"step {event.direction}"
            before, after = event.from_level.name, event.to_level.name
        else:
            what, before, after = "discharge", "", ""
        role = getattr(event, "decided_by", None)
        reason = getattr(event, "reason", None)
        rows.append(
            (
                event.effective.isoformat(),
                event.recorded.isoformat(),
                what,
                before,
                after,
                "" if reason is None else str(reason.value),
                "" if role is None else str(role.value),
            )
        )
    return tuple(rows)


def _timeline_headline(episode: Episode) -> str:
    program = "" if episode.program_id is None else f" in program {episode.program_id}"
    discharge = episode.discharge
    end = "open" if discharge is None else f"discharged {discharge.effective.isoformat()}"
    return f"episode of {episode.participant_id}{program}: {end}"


def _timeline_line(row: tuple[str, ...]) -> str:
    effective, recorded, what, before, after, reason, role = row
    if what == "admission":
        return f"{effective} admission at {after}"
    change = f" {before} -> {after}" if before else ""
    details = [reason, *([role] if role else [])]
    if recorded != effective:
        details.append(f"recorded {recorded}")
    return f"{effective} {what}{change} ({'; '.join(details)})"
