"""BAM: the Brief Addiction Monitor (17 items, three subscales, no total).

A progress monitor for substance use care from the US Department of Veterans Affairs.
Seventeen items about the past 30 days (7 days in the weekly IOP variant). Three
subscales are sums of items:

* ``use``: items 4, 5, 6 (days of alcohol, heavy drinking, drug use);
* ``risk``: items 1, 2, 3, 8, 11, 15;
* ``protective``: items 9, 10, 12, 13, 14, 16.

Item 7 (which drugs) elaborates item 6 and is not scored; item 17 (satisfaction with
progress) is an overall rating outside the subscales. There is **no validated total**,
so ``total`` and ``band`` are always ``None`` and :data:`BANDS` is empty. Read the
subscales with ``Score.subscale("use")``; a subscale with a missing item is ``None``.

Each answer is an int from 0 to 30: the continuous BAM records day counts (0-30) and
the rating items on a 0-4 scale, so 0-30 holds both. Item 7 is never missing (it may
be ``None``); every other item is needed for ``complete``. Any use day (``use`` at 1
or more, or any of items 4-6 above 0 when others are missing) sets the flag
``"substance_use"``: the cut-off of "1+" published for the Use subscale. The Risk
(>= 12) and Protective (<= 12) cut-offs belong to the 0-4 Likert variant only and are
not applied.

Licence: free to use (developed by the VA VISN 4 MIRECC and the Philadelphia CESATE,
which publish the BAM and its manual for non-VA clinicians).

References:
    * Cacciola JS et al. Development and initial evaluation of the Brief Addiction
      Monitor (BAM). *J Subst Abuse Treat* 2013;44:256-263 (PMC3602977).
    * DePhilippis D et al. *Brief Addiction Monitor (BAM) Manual for Use in SUD Group
      Treatment, for non-VA clinicians*. Philadelphia CESATE, 2014.
    * Subscale items: VISN 4 MIRECC BAM summary (flutter.super.site copy);
      kipu.health (continuous 0-30 items; 7-day IOP variant); Blueprint (Use cut-off
      1+, Likert variant); kipu.health BAM summary.

>>> answers = [1, 3, 2, 0, 0, 2, 2, 1, 4, 6, 1, 3, 20, 4, 0, 12, 3]
>>> result = score(answers)
>>> result.subscales
(('protective', 49), ('risk', 8), ('use', 2))
>>> sorted(result.flags)
['substance_use']
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from iopcore.exceptions import IopcoreError
from iopcore.instruments._score import Score
from iopcore.instruments._scoring import numeric_items, read_answers

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "ANSWERS",
    "BANDS",
    "DRUG_DETAIL_ITEM",
    "FLAGS",
    "ITEMS",
    "ITEM_COUNT",
    "MAX_TOTAL",
    "NAME",
    "SUBSCALES",
    "SUBSTANCE_USE",
    "TITLE",
    "USE_CUTOFF",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "bam"
#: Printed name.
TITLE: Final = "BAM"
#: Number of items: Cacciola 2013; BAM manual (CESATE 2014).
ITEM_COUNT: Final = 17
#: The answers each item takes: 0-30 (continuous BAM: kipu.health; the 0-4 rating
#: items fit inside).
ANSWERS: Final = tuple(range(31))
#: No bands: the BAM has no validated total (Cacciola 2013; kipu.health).
BANDS: Final[tuple[str, ...]] = ()
#: Subscales and their items: VISN 4 MIRECC BAM summary; BAM manual (CESATE 2014).
SUBSCALES: Final[Mapping[str, tuple[int, ...]]] = MappingProxyType(
    {
        "protective": (9, 10, 12, 13, 14, 16),  # VISN 4 MIRECC BAM summary
        "risk": (1, 2, 3, 8, 11, 15),  # VISN 4 MIRECC BAM summary
        "use": (4, 5, 6),  # VISN 4 MIRECC BAM summary
    }
)
#: Item 7 details item 6 and is not scored: VISN 4 MIRECC BAM summary.
DRUG_DETAIL_ITEM: Final = 7
#: Use subscale at this or more is clinically significant: Blueprint BAM page ("1+").
USE_CUTOFF: Final = 1
#: Flag set when the Use subscale reaches :data:`USE_CUTOFF`.
SUBSTANCE_USE: Final = "substance_use"

#: Highest total: ``None``, the instrument has no total.
MAX_TOTAL: Final[int | None] = None
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset({SUBSTANCE_USE})

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = numeric_items(1, ITEM_COUNT, ANSWERS)


def score(responses: Sequence[int | None]) -> Score:
    """Score seventeen BAM answers (0-30 each, ``None`` for not answered).

    Returns:
        A score with ``total=None``, ``band=None`` and the subscales ``protective``,
        ``risk`` and ``use``.

    Raises:
        InvalidResponse: a bad answer, the wrong number of answers, or not a sequence.

    >>> score([None] * 17).subscale("risk") is None
    True
    """
    answers = read_answers(responses, ITEMS, title=TITLE)
    values: dict[str, int | None] = {}
    for name, numbers in SUBSCALES.items():
        items = [answers[number - 1] for number in numbers]
        values[name] = None if None in items else sum(item for item in items if item is not None)
    use_days = sum(answers[number - 1] or 0 for number in SUBSCALES["use"])
    flags = frozenset({SUBSTANCE_USE}) if use_days >= USE_CUTOFF else frozenset()
    missing = tuple(
        number
        for number, answer in enumerate(answers, start=1)
        if answer is None and number != DRUG_DETAIL_ITEM
    )
    return Score(
        instrument=NAME,
        total=None,
        band=None,
        complete=not missing,
        flags=flags,
        subscales=tuple(values.items()),
        missing=missing,
    )


def validate(responses: object) -> None:
    """Raise if ``responses`` are not seventeen valid BAM answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([0] * 17), is_valid([31] + [0] * 16)
    (True, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
