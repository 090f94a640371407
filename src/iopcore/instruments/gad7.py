"""GAD-7: the Generalized Anxiety Disorder scale (7 items, total 0-21).

Seven items about the last two weeks, each from 0 ("not at all") to 3 ("nearly every
day"). The total (0-21) falls in one of four bands at 5, 10 and 15; a total of 10 or
more is the published point for further evaluation.

An unanswered item makes the score incomplete (``total=None``, ``band=None``). No
proration rule for the GAD-7 could be confirmed in a public source, so none is
offered.

Licence: free to use, like the PHQ-9 (developed with a grant from Pfizer; no
permission needed to reproduce or distribute).

References:
    * Spitzer RL, Kroenke K, Williams JBW, Lowe B. A brief measure for assessing
      generalized anxiety disorder: the GAD-7. *Arch Intern Med* 2006;166:1092-1097
      (items, 0-3 scale, cut-points 5/10/15; 10 or more for further evaluation).
    * The label "minimal" for 0-4: the PHQ/GAD-7 scoring sheet (Pfizer PHQ/GAD-7 form).
    * LOINC 70274-6 (GAD-7 total score), panel 69737-5 (HL7 Personal Health Record IG,
      value set observation-scored-assessment-score-codes).

>>> score([1, 2, 1, 1, 0, 2, 3]).band
'moderate'
>>> score([1, 2, 1, None, 0, 2, 3]).total is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore.exceptions import IopcoreError
from iopcore.instruments._scoring import numeric_items, read_answers, summed_score

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iopcore.instruments._score import Score

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
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "gad7"
#: Printed name.
TITLE: Final = "GAD-7"
#: Number of items: Spitzer 2006.
ITEM_COUNT: Final = 7
#: The answers each item takes, "not at all" (0) to "nearly every day" (3): Spitzer 2006.
ANSWERS: Final = (0, 1, 2, 3)
#: Severity bands, least to most severe (Spitzer 2006; "minimal" from the scoring sheet).
BANDS: Final = ("minimal", "mild", "moderate", "severe")
#: Lowest total of each band in :data:`BANDS`.
BAND_FLOORS: Final = (
    0,  # minimal 0-4: PHQ/GAD-7 scoring sheet (Pfizer form)
    5,  # mild 5-9: Spitzer 2006
    10,  # moderate 10-14: Spitzer 2006
    15,  # severe 15-21: Spitzer 2006
)
#: LOINC code of the GAD-7 total score (HL7 PHR IG value set).
LOINC_TOTAL: Final = "70274-6"

#: Highest total: every item at its highest answer.
MAX_TOTAL: Final = ANSWERS[-1] * ITEM_COUNT
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset()

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = numeric_items(1, ITEM_COUNT, ANSWERS)


def score(responses: Sequence[int | None]) -> Score:
    """Score seven GAD-7 answers (0-3 each, ``None`` for not answered).

    Raises:
        InvalidResponse: a bad answer, the wrong number of answers, or not a sequence.

    >>> score([3, 3, 3, 2, 2, 1, 1]).band
    'severe'
    """
    answers = read_answers(responses, ITEMS, title=TITLE)
    return summed_score(answers, instrument=NAME, floors=BAND_FLOORS, bands=BANDS)


def validate(responses: object) -> None:
    """Raise if ``responses`` are not seven valid GAD-7 answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([0] * 7), is_valid([0] * 6)
    (True, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
