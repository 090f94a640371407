"""Strategies for participants and their parts: levels, populations, sexes, conditions.

Also identifiers and birth dates, and the dates every strategy falls around: the
fixed default ``as_of`` (strategies never read the clock) and the calendar room an
``as_of`` needs.
"""

from __future__ import annotations

from typing import Final

import pendulum
from hypothesis import strategies as st

from iopcore._validation import MAX_IDENTIFIER_LENGTH, to_as_of_with_room, to_int
from iopcore.exceptions import InvalidValueError
from iopcore.levels import LevelOfCare, to_level
from iopcore.participants import Condition, Participant, Population, Sex

#: Oldest age the participant strategies draw, in whole years.
MAX_AGE: Final = 110
#: Date the birth dates fall around when no ``as_of`` is given (a fixed date, not
#: today: strategies never read the clock).
DEFAULT_AS_OF: Final = pendulum.Date(2026, 1, 1)
#: Calendar room the strategies need around an ``as_of``: birth dates up to
#: MAX_AGE years and a year before it, records up to two years after it.
_DAYS_BEFORE: Final = (MAX_AGE + 2) * 366
_DAYS_AFTER: Final = 2 * 366


def as_of_with_room(value: object) -> pendulum.Date:
    return to_as_of_with_room(value, before=_DAYS_BEFORE, after=_DAYS_AFTER)


def _level(value: object, field: str) -> LevelOfCare | None:
    if value is None:
        return None
    return to_level(value, field=field, allowed="a LevelOfCare member or None")


def levels_of_care(
    *, min_level: LevelOfCare | None = None, max_level: LevelOfCare | None = None
) -> st.SearchStrategy[LevelOfCare]:
    """Levels of care from ``min_level`` to ``max_level`` inclusive, shrinking to the lowest.

    Raises:
        InvalidValueError: ``min_level`` is above ``max_level``.
    """
    low = _level(min_level, "min_level") or min(LevelOfCare)
    high = _level(max_level, "max_level") or max(LevelOfCare)
    if low > high:
        raise InvalidValueError("min_level", low, allowed=f"a level at most max_level={high.code}")
    return st.sampled_from([level for level in LevelOfCare if low <= level <= high])


def populations() -> st.SearchStrategy[Population]:
    """Either population."""
    return st.sampled_from(Population)


def sexes() -> st.SearchStrategy[Sex | None]:
    """A recorded sex, or ``None`` (not recorded)."""
    return st.none() | st.sampled_from(Sex)


def conditions() -> st.SearchStrategy[Condition]:
    """Any condition group."""
    return st.sampled_from(Condition)


def identifiers() -> st.SearchStrategy[str]:
    """Opaque identifiers: non-blank printable strings, mostly short ASCII keys."""
    keys = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,35}", fullmatch=True)
    anything = st.text(
        st.characters(categories=("L", "N", "P", "S")),
        min_size=1,
        max_size=MAX_IDENTIFIER_LENGTH,
    )
    return keys | anything


def birth_dates(
    *,
    as_of: pendulum.Date | None = None,
    min_age: int = 0,
    max_age: int = MAX_AGE,
) -> st.SearchStrategy[pendulum.Date]:
    """Birth dates of people aged ``min_age`` to ``max_age`` whole years on ``as_of``.

    Args:
        as_of: The date the ages hold on; a fixed date in 2026 when not given.
        min_age: Youngest age, in whole years.
        max_age: Oldest age, in whole years.

    Raises:
        InvalidValueError: an age out of 0-110, or ``min_age > max_age``.
    """
    on = DEFAULT_AS_OF if as_of is None else as_of_with_room(as_of)
    youngest = to_int(min_age, field="min_age", minimum=0, maximum=MAX_AGE)
    oldest = to_int(max_age, field="max_age", minimum=0, maximum=MAX_AGE)
    if youngest > oldest:
        raise InvalidValueError("min_age", youngest, allowed=f"at most max_age={oldest}")
    # Born on `latest` -> exactly min_age today; born the day after `earliest` ->
    # max_age for one more day.
    latest = on.subtract(years=youngest)
    earliest = on.subtract(years=oldest + 1).add(days=1)
    return st.dates(min_value=earliest, max_value=latest).map(
        lambda day: pendulum.Date(day.year, day.month, day.day)
    )


def participants(
    *,
    as_of: pendulum.Date | None = None,
    min_age: int = 0,
    max_age: int = MAX_AGE,
    condition_groups: st.SearchStrategy[frozenset[Condition]] | None = None,
) -> st.SearchStrategy[Participant]:
    """Participants aged ``min_age`` to ``max_age`` on ``as_of`` (see :func:`birth_dates`).

    Args:
        as_of: The date the ages hold on.
        min_age: Youngest age.
        max_age: Oldest age.
        condition_groups: Strategy for the set of conditions; any subset by default.
    """
    groups = (
        st.frozensets(conditions(), max_size=len(Condition))
        if condition_groups is None
        else condition_groups
    )
    return st.builds(
        Participant,
        id=identifiers(),
        birth_date=birth_dates(as_of=as_of, min_age=min_age, max_age=max_age),
        conditions=groups,
        sex=sexes(),
    )
