"""The random streams the synthetic generators draw from, and the arguments they share.

:class:`Draw` is one record's stream, seeded from the seed, the kind of record and its
index (never from the clock or global state); :func:`table` builds the weighted tables
it draws from. ``to_seed``, ``to_record_count`` and ``to_record_date`` check the ``seed``,
``n`` and ``as_of`` every generator takes.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Final, TypeVar

from iopcore._validation import to_as_of_with_room, to_int

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pendulum

T = TypeVar("T")
#: Values and their cumulative whole-number weights, for :meth:`Draw.weighted`.
Table = tuple[tuple[T, ...], tuple[int, ...]]


def table(pairs: Sequence[tuple[T, int]]) -> Table[T]:
    return tuple(value for value, _ in pairs), tuple(accumulate(weight for _, weight in pairs))


#: Most records this generator makes in one call (a guard against typos, not a limit
#: of the method).
_MAX_RECORDS: Final = 10_000_000
_NOISE: Final = table(((-1, 25), (0, 50), (1, 25)))


class Draw:
    """One record's random stream, with the few draws the generator needs."""

    __slots__ = ("_random",)

    def __init__(self, seed: int, kind: str, index: int) -> None:
        # A string seed is hashed with SHA-512 by `random`, the same in every version.
        self._random = random.Random(f"iopcore.synthetic/{seed}/{kind}/{index}")  # noqa: S311 - not for secrets

    def percent(self, chance: int) -> bool:
        """True with probability ``chance`` percent."""
        return self._random.random() * 100 < chance

    def below(self, count: int) -> int:
        """A whole number from 0 to ``count - 1``."""
        return int(self._random.random() * count)

    def weighted(self, table: Table[T]) -> T:
        """One value of ``table``, with the chances its weights give."""
        values, cumulative = table
        return values[bisect_right(cumulative, self._random.random() * cumulative[-1])]

    def around(self, centre: int, low: int, high: int, noise: Table[int] | None = None) -> int:
        """``centre`` moved by -1, 0 or +1 (25/50/25%, or as ``noise`` says), kept in range."""
        return min(high, max(low, centre + self.weighted(_NOISE if noise is None else noise)))


#: Largest seed magnitude taken: 18 digits, far more streams than any study needs, and
#: short enough to write into a stream name (Python refuses int-to-text past 4,300 digits).
_MAX_SEED: Final = 10**18 - 1


#: Calendar room the records need around ``as_of``: birth dates up to 72 years
#: before it, stays up to 104 weeks before it, and the next weekly assessment's day
#: (computed, never kept) after it.
_DAYS_BEFORE: Final = 74 * 366
_DAYS_AFTER: Final = 14


def to_record_date(value: object, field: str = "as_of") -> pendulum.Date:
    return to_as_of_with_room(value, field=field, before=_DAYS_BEFORE, after=_DAYS_AFTER)


def to_seed(value: object) -> int:
    return to_int(value, field="seed", minimum=-_MAX_SEED, maximum=_MAX_SEED)


def to_record_count(value: object) -> int:
    return to_int(value, field="n", minimum=0, maximum=_MAX_RECORDS)
