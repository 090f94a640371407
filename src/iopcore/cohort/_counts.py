"""Counts that add up: checked counts, ``(key, count)`` pairs, histograms, medians, rates.

A cohort summary holds counts only, so that summaries of partitions add up to the
summary of the whole, exactly. These are the checks and sums its fields are built
from, shared by :class:`~iopcore.cohort.OutcomeSummary`,
:class:`~iopcore.cohort.CohortSummary` and :func:`~iopcore.cohort.summarize`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, TypeVar

from iopcore._validation import to_int
from iopcore.exceptions import InvalidTypeError, UnknownCodeError, short_repr
from iopcore.levels import LevelOfCare

if TYPE_CHECKING:
    import attrs

__all__ = [
    "LEVEL_CODES",
    "NOT_DETERMINABLE",
    "RECOMMENDED_KEYS",
    "added_counts",
    "count_pairs",
    "in_order",
    "is_count",
    "level_key",
    "median_of",
    "rate_of",
    "to_count",
    "to_histogram",
]


K = TypeVar("K", str, int)

#: The key of :attr:`CohortSummary.recommended` for placements that were not
#: determinable.
NOT_DETERMINABLE: Final = "not determinable"

LEVEL_CODES: Final = tuple(level.code for level in LevelOfCare)
RECOMMENDED_KEYS: Final = (*LEVEL_CODES, NOT_DETERMINABLE)


def to_count(value: object, field: str) -> int:
    return to_int(value, field=field, minimum=0)


def count_pairs(values: object, field: str, key: Callable[[object, str], K]) -> list[tuple[K, int]]:
    """``(key, count)`` pairs from a mapping or pairs; keys checked, repeats added up."""
    allowed = "a mapping of keys to counts, or (key, count) pairs"
    if isinstance(values, Mapping):
        items = list(values.items())
    elif isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed)
    else:
        items = []
        for index, pair in enumerate(values):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidTypeError(f"$.{field}[{index}]", pair, allowed="a (key, count) pair")
            items.append((pair[0], pair[1]))
    found: dict[K, int] = {}
    for raw, count in items:
        checked = key(raw, f"$.{field}")
        found[checked] = found.get(checked, 0) + to_count(
            count, f"$.{field}[{short_repr(checked)}]"
        )
    return [(checked, count) for checked, count in found.items() if count]


def level_key(value: object, field: str, keys: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in keys:
        raise UnknownCodeError(field, value, allowed=", ".join(keys))
    return value


def in_order(pairs: list[tuple[str, int]], keys: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(pairs, key=lambda pair: keys.index(pair[0])))


def to_histogram(values: object, field: str) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(count_pairs(values, field, to_count)))


def median_of(histogram: tuple[tuple[int, int], ...]) -> float | None:
    """The median of the values a (value, count) histogram holds; ``None`` if empty."""
    total = sum(count for _, count in histogram)
    if not total:
        return None
    # The values at positions (total - 1) // 2 and total // 2 (0-based, sorted).
    wanted = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value, count in histogram:
        found.extend(value for position in wanted if seen <= position < seen + count)
        seen += count
    return (found[0] + found[1]) / 2


def rate_of(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def is_count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    to_count(value, attribute.name)


def added_counts(
    first: tuple[tuple[object, int], ...], second: tuple[tuple[object, int], ...]
) -> dict[object, int]:
    total: Counter[object] = Counter(dict(first))
    total.update(dict(second))
    return dict(total)
