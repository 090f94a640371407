"""The Episode value: one admission, its events, and the days in care at each level.

An :class:`Episode` checks that its events make a valid timeline (the conventions are
in :mod:`iopcore.episodes`), answers which level is in force on a date, counts the
length of stay and the days at each level, gives the episode as known on a date, and
builds its own timeline view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs
import pendulum

from iopcore._periods import days_in_care, level_on_day, level_periods, stay_periods
from iopcore._render import Shown, Table, View
from iopcore._table_values import is_missing
from iopcore._validation import ErrorCollector, to_as_of, to_date, to_identifier, to_participant_id
from iopcore.episodes._events import Discharge, EpisodeEvent, LevelChange
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level

__all__ = ["Episode"]


_EVENT_ALLOWED: Final = "a LevelChange or a Discharge"


def _initial_level(value: object) -> LevelOfCare:
    return to_level(value, field="initial_level", codes="exact")


def _program_id(value: object) -> str | None:
    return None if is_missing(value) else to_identifier(value, field="program_id")


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

    participant_id: str = attrs.field(converter=to_participant_id)
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
        return level_on_day(stay_periods(self), to_as_of(date, field="date").toordinal())

    def _periods(self, as_of: pendulum.Date) -> list[tuple[LevelOfCare, int]]:
        """(level, days) for each stretch at one level, up to and including ``as_of``."""
        # Day numbers, not dates: the day after 9999-12-31 has a number but no date.
        end = as_of.toordinal() + 1  # as_of itself counts, when it is a day in care
        discharge = self.discharge
        if discharge is not None:
            end = min(end, discharge.effective.toordinal())
        return [
            (level, (end if stop is None else stop) - start)
            for level, start, stop, _ in level_periods(
                self.admitted.toordinal(), self.initial_level, self.level_changes, end
            )
        ]

    def length_of_stay(self, as_of: pendulum.Date | pendulum.DateTime) -> int:
        """Days in care on or before ``as_of``: the days on which :meth:`level_on` is a level.

        The admission date is day 1; the discharge's effective date is not counted.
        Before admission the length of stay is 0.

        Raises:
            InvalidTypeError: ``as_of`` is not a date or datetime.
            NaiveDateTimeError: ``as_of`` is a datetime without a time zone.
        """
        return days_in_care(stay_periods(self), to_as_of(as_of).toordinal() + 1)

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
