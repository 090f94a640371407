"""Level periods: the stretches of an episode at each level of care, in one place.

An episode starts at one level on its admission day and moves to another on each level
change's effective date; its discharge's effective date is the first day out of care.
:func:`level_periods` cuts that timeline into stretches at one level, in day ordinals
(as :mod:`iopcore._days` counts days), for the length of stay and the days at each
level (:class:`iopcore.episodes.Episode`), the weekly rows of :mod:`iopcore.cohort` and
the start of the level in force in :mod:`iopcore.transitions`. It takes plain values
(the level changes themselves, read through :class:`_Change`), so it sits below every
package that asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from iopcore.levels import LevelOfCare

__all__ = ["level_periods"]


class _Change(Protocol):
    """What a level change (:class:`iopcore.episodes.LevelChange`) gives here."""

    @property
    def effective(self) -> dt.date: ...

    @property
    def to_level(self) -> LevelOfCare: ...


_ChangeT = TypeVar("_ChangeT", bound=_Change)


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
