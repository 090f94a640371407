"""PHQ-9: the Patient Health Questionnaire depression scale (9 items, total 0-27).

Nine items, one per DSM depression criterion, each answered for the last two weeks
from 0 ("not at all") to 3 ("nearly every day"). The total (0-27) falls in one of
five severity bands. Item 9 asks about thoughts of death or self-harm: any answer
above 0 sets the flag ``"suicidal_ideation"``, whatever the total and even when other
items are missing, because it always needs a clinician's follow-up.

An unanswered item makes the score incomplete (``total=None``, ``band=None``). No
proration rule for the PHQ-9 could be confirmed in a public source, so none is
offered; see ``docs/instruments.md``.

Licence: free to use; the PHQ screeners were developed with a grant from Pfizer, which
asks no permission to reproduce, translate, display or distribute them.

References:
    * Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
      severity measure. *J Gen Intern Med* 2001;16:606-613 (items, 0-3 scale, bands
      5/10/15/20).
    * Item 9 follow-up whatever the total: calcipedia.com PHQ-9 page (secondary source).
    * LOINC 44261-6 (PHQ-9 total score), panel 44249-1 (HL7 Personal Health Record IG,
      value set observation-scored-assessment-score-codes).

>>> result = score([2, 2, 1, 2, 1, 1, 2, 1, 0])
>>> result.total, result.band, result.flags
(12, 'moderate', frozenset())
>>> score([0, 0, 0, 0, 0, 0, 0, 0, 1]).flags
frozenset({'suicidal_ideation'})
>>> incomplete = score([0, 1, None, 0, 0, 0, 0, 0, 2])
>>> incomplete.total, incomplete.complete, incomplete.missing, sorted(incomplete.flags)
(None, False, (3,), ['suicidal_ideation'])
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

from iopcore.exceptions import IopcoreError
from iopcore.instruments._score import Score, band_of
from iopcore.instruments._scoring import numeric_items, read_answers, unanswered

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iopcore.instruments._scoring import Answer

__all__ = [
    "ANSWERS",
    "BANDS",
    "BAND_FLOORS",
    "FLAGS",
    "ITEMS",
    "ITEM_COUNT",
    "LOINC_TOTAL",
    "MAX_TOTAL",
    "NAME",
    "SUICIDAL_IDEATION",
    "SUICIDE_ITEM",
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "phq9"
#: Printed name.
TITLE: Final = "PHQ-9"
#: Number of items: Kroenke 2001.
ITEM_COUNT: Final = 9
#: The answers each item takes, "not at all" (0) to "nearly every day" (3): Kroenke 2001.
ANSWERS: Final = (0, 1, 2, 3)
#: Severity bands, least to most severe: Kroenke 2001 (labels as published, lower case).
BANDS: Final = ("minimal", "mild", "moderate", "moderately severe", "severe")
#: Lowest total of each band in :data:`BANDS`.
BAND_FLOORS: Final = (
    0,  # minimal 0-4: Kroenke 2001; PHQ-9 scoring sheet
    5,  # mild 5-9: Kroenke 2001
    10,  # moderate 10-14: Kroenke 2001
    15,  # moderately severe 15-19: Kroenke 2001
    20,  # severe 20-27: Kroenke 2001
)
#: The item on thoughts of death or self-harm; any answer above 0 needs follow-up
#: whatever the total (calcipedia.com PHQ-9 page, a secondary source).
SUICIDE_ITEM: Final = 9
#: Flag set when item :data:`SUICIDE_ITEM` is above 0.
SUICIDAL_IDEATION: Final = "suicidal_ideation"
#: LOINC code of the PHQ-9 total score (HL7 PHR IG; US Core STU7 example).
LOINC_TOTAL: Final = "44261-6"

#: Highest total: every item at its highest answer.
MAX_TOTAL: Final = ANSWERS[-1] * ITEM_COUNT
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset({SUICIDAL_IDEATION})

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = numeric_items(1, ITEM_COUNT, ANSWERS)
_ANSWER_SET: Final = frozenset(ANSWERS)
_FLAGGED: Final = frozenset({SUICIDAL_IDEATION})
_NO_FLAGS: Final[frozenset[str]] = frozenset()
_LAST: Final = SUICIDE_ITEM - 1  # the index of the item that sets the flag


@functools.cache
def _complete_scores() -> tuple[Score, ...]:
    # A complete PHQ-9 score depends only on the total and the item 9 flag: 56 values,
    # built (and checked) once, on first use; entry 2 * total + flagged.
    return tuple(
        Score(
            instrument=NAME,
            total=total,
            band=band_of(total, BAND_FLOORS, BANDS),
            complete=True,
            flags=_FLAGGED if flagged else _NO_FLAGS,
        )
        for total in range(ANSWERS[-1] * ITEM_COUNT + 1)
        for flagged in (False, True)
    )


def _complete(total: int, flagged: bool) -> Score:
    return _complete_scores()[2 * total + flagged]


def _from_answers(answers: tuple[Answer, ...]) -> Score:
    item9 = answers[_LAST]
    flagged = item9 is not None and item9 > 0
    missing = unanswered(answers)
    if missing:
        flags = _FLAGGED if flagged else _NO_FLAGS
        return Score(
            instrument=NAME, total=None, band=None, complete=False, flags=flags, missing=missing
        )
    return _complete(sum(answer for answer in answers if answer is not None), flagged)


def score(responses: Sequence[int | None]) -> Score:
    """Score nine PHQ-9 answers (0-3 each, ``None`` for not answered).

    Returns:
        The total and band, or ``total=None`` if any item is missing; the flag
        ``"suicidal_ideation"`` whenever item 9 is above 0.

    Raises:
        InvalidResponse: a bad answer (each one reported, as a group if several), the
            wrong number of answers, or not a sequence.

    >>> score((3, 3, 3, 3, 3, 3, 2, 2, 0)).band
    'severe'
    """
    # Fast path for the common case, a list or tuple of nine ints from 0 to 3: the
    # same checks as read_answers, unrolled (this is the hot loop of cohort scoring;
    # benchmarks/bench_instruments.py). The type checks come first: they let only
    # ints reach the set test, which alone would let True and 1.0 through (they
    # equal 1) and would fail on unhashable answers. Mutants that only turn this path
    # off (type(None) for a type, "and" for "or" on the kind) give the same score the
    # slow way: they are equivalent and survive; the rest are killed by
    # tests/test_instrument_edges.py (a bool or float in every position).
    kind = type(responses)  # pragma: no mutate - its mutants only turn the path off
    if (kind is tuple or kind is list) and len(responses) == ITEM_COUNT:
        a1, a2, a3, a4, a5, a6, a7, a8, a9 = responses
        if (
            type(a1) is int
            and type(a2) is int
            and type(a3) is int
            and type(a4) is int
            and type(a5) is int
            and type(a6) is int
            and type(a7) is int
            and type(a8) is int
            and type(a9) is int
            and _ANSWER_SET.issuperset(responses)
        ):
            total = a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9
            return _complete_scores()[2 * total + (a9 > 0)]
    return _from_answers(read_answers(responses, ITEMS, title=TITLE))


def validate(responses: object) -> None:
    """Raise if ``responses`` are not nine valid PHQ-9 answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.

    >>> validate([0, 1, 2, 3, None, 0, 0, 0, 0])
    >>> validate([0, 1, 2, 3, 4, 0, 0, 0, 0])
    Traceback (most recent call last):
    ...
    iopcore.exceptions.InvalidResponse: $.responses[4]: 4 is not an answer to PHQ-9 item 5;
    allowed: 0, 1, 2, 3 (int) or None (not answered)
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([1] * 9), is_valid([True] * 9), is_valid("111111111")
    (True, False, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
