"""Level periods: the stretches of an episode at each level of care, in one place.

An episode starts at one level on its admission day and moves to another on each level
change's effective date; its discharge's effective date is the first day out of care.
:func:`level_periods` cuts that timeline into stretches at one level, in day ordinals
(as :mod:`iopcore._days` counts days), for the length of stay and the days at each
level (:class:`iopcore.episodes.Episode`), the weekly rows of :mod:`iopcore.cohort` and
the start of the level in force in :mod:`iopcore.transitions`. :func:`stay_periods`
gives them for a whole episode, :func:`level_on_day` the level in force on a day and
:func:`days_in_care` the days in care before one, so that an evaluator holding a checked
date reads them without asking the episode's public methods to check it again. It takes
plain values (the episode and its level changes, read through :class:`_Stay` and
:class:`_Change`), so it sits below every package that asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from iopcore.levels import LevelOfCare

__all__ = ["days_in_care", "level_on_day", "level_periods", "stay_periods"]


class _Change(Protocol):
    """What a level change (:class:`iopcore.episodes.LevelChange`) gives here."""

    @property
    def effective(self) -> dt.date: ...

    @property
    def to_level(self) -> LevelOfCare: ...


_ChangeT = TypeVar("_ChangeT", bound=_Change)
_ChangeT_co = TypeVar("_ChangeT_co", bound=_Change, covariant=True)


class _Dated(Protocol):
    """What a discharge (:class:`iopcore.episodes.Discharge`) gives here."""

    @property
    def effective(self) -> dt.date: ...


class _Stay(Protocol[_ChangeT_co]):
    """What an episode (:class:`iopcore.episodes.Episode`) gives here."""

    @property
    def admitted(self) -> dt.date: ...

    @property
    def initial_level(self) -> LevelOfCare: ...

    @property
    def level_changes(self) -> Sequence[_ChangeT_co]: ...

    @property
    def discharge(self) -> _Dated | None: ...


def level_periods(
    admitted: int,
    level: LevelOfCare,
    changes: Iterable[_ChangeT],
    end: int | None = None,
) -> list[tuple[LevelOfCare, int, int | None, _ChangeT | None]]:
    """(level, first day, end, the change that entered it) of each stretch at one level.

    Args:
        admitted: The ordinal of the admission day, the first day of the first stretch.
        level: The level on admission.
        changes: The level changes, in effective order, each after the one before and
            after the admission day.
        end: The ordinal of the first day not counted (the discharge's effective day,
            or the day after ``as_of``); ``None``: the last stretch is open.

    A stretch's end is the ordinal of the first day after it (``None``: open); the
    first stretch is entered by the admission (``None`` for its change). Changes on or
    after ``end`` are left out, and so is a last stretch with no day before ``end``.
    """
    periods: list[tuple[LevelOfCare, int, int | None, _ChangeT | None]] = []
    start, entered = admitted, None
    for change in changes:
        effective = change.effective.toordinal()
        if end is not None and effective >= end:
            break
        periods.append((level, start, effective, entered))
        start, level, entered = effective, change.to_level, change
    if end is None or end > start:
        periods.append((level, start, end, entered))
    return periods


def stay_periods(
    stay: _Stay[_ChangeT],
) -> list[tuple[LevelOfCare, int, int | None, _ChangeT | None]]:
    """The stretches of an episode (as :func:`level_periods`), up to its discharge if any."""
    discharge = stay.discharge
    return level_periods(
        stay.admitted.toordinal(),
        stay.initial_level,
        stay.level_changes,
        None if discharge is None else discharge.effective.toordinal(),
    )


def level_on_day(
    periods: Iterable[tuple[LevelOfCare, int, int | None, object]], day: int
) -> LevelOfCare | None:
    """The level of the stretch that holds the day ``day`` (an ordinal), or ``None``.

    ``None`` before the first stretch and from the end of the last one on (before
    admission, on and after the discharge's effective day).
    """
    for level, start, stop, _ in periods:
        if start <= day and (stop is None or day < stop):
            return level
    return None


def days_in_care(periods: Iterable[tuple[LevelOfCare, int, int | None, object]], end: int) -> int:
    """The days of the stretches before the day ``end`` (an ordinal).

    With ``end`` the day after ``as_of``, the days in care on or before ``as_of``.
    """
    return sum(
        max(0, min(end, end if stop is None else stop) - start) for _, start, stop, _ in periods
    )
