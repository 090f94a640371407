"""AUDIT: the WHO Alcohol Use Disorders Identification Test (10 items, total 0-40).

Items 1-8 are scored 0-4; items 9 and 10 (injury, others' concern) only 0, 2 or 4
("no", "yes, but not in the last year", "yes, during the last year"). The total falls
in one of the four WHO risk zones, labelled here as iopcore's public contract names
them: ``"low risk"`` (zone I), ``"hazardous"`` (II), ``"harmful"`` (III) and
``"possible dependence"`` (IV). UK forms name the same zones "lower risk / increasing
risk / higher risk / possible dependence"; the cut-points are the same.

An unanswered item makes the score incomplete (``total=None``, ``band=None``); the
WHO manual gives no proration rule.

Licence: free to use; the WHO publishes the AUDIT for use without permission.

References:
    * Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. *AUDIT: The Alcohol Use
      Disorders Identification Test. Guidelines for Use in Primary Care*, 2nd ed.
      WHO, 2001 (items, 0/2/4 scoring of items 9-10, zones 0-7, 8-15, 16-19, 20-40).
    * Australian Comorbidity Guidelines, Appendix U, "AUDIT Scoring" (zones I-III);
      auditscreen.org (items 9-10 scoring). Babor et al., AUDIT manual, WHO 2001, 2nd ed.
    * LOINC 75624-7 (AUDIT total score; medium-high confidence, loinc.org).

>>> score([2, 1, 2, 0, 0, 0, 1, 0, 0, 2]).band
'hazardous'
>>> score([4, 4, 4, 2, 2, 0, 2, 2, 4, 4]).band
'possible dependence'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore.exceptions import IopcoreError
from iopcore.instruments._scoring import numeric_items, read_answers, summed_score

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iopcore.instruments._score import Score

__all__ = [
    "BANDS",
    "BAND_FLOORS",
    "FLAGS",
    "INJURY_CONCERN_ANSWERS",
    "ITEMS",
    "ITEM_COUNT",
    "LIKERT_ANSWERS",
    "LOINC_TOTAL",
    "MAX_TOTAL",
    "NAME",
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "audit"
#: Printed name.
TITLE: Final = "AUDIT"
#: Number of items: WHO AUDIT manual 2nd ed. (Babor 2001).
ITEM_COUNT: Final = 10
#: Answers of items 1-8: 0-4 (WHO AUDIT manual, Babor 2001).
LIKERT_ANSWERS: Final = (0, 1, 2, 3, 4)
#: Answers of items 9-10: 0, 2, 4 (WHO AUDIT manual, Babor 2001; auditscreen.org).
INJURY_CONCERN_ANSWERS: Final = (0, 2, 4)
#: Risk zones I-IV, least to most severe (WHO zones; labels per iopcore's contract).
BANDS: Final = ("low risk", "hazardous", "harmful", "possible dependence")
#: Lowest total of each zone in :data:`BANDS`.
BAND_FLOORS: Final = (
    0,  # zone I 0-7: WHO AUDIT manual (Babor 2001); Australian Comorbidity Guidelines App. U
    8,  # zone II 8-15: WHO AUDIT manual (Babor 2001)
    16,  # zone III 16-19: WHO AUDIT manual (Babor 2001)
    20,  # zone IV 20-40: WHO AUDIT manual (Babor 2001)
)
#: LOINC code of the AUDIT total score (http://r.details.loinc.org/LOINC/75624-7.html).
LOINC_TOTAL: Final = "75624-7"

#: Highest total: every item at its highest answer (items 1-8 Likert, 9-10 injury/concern).
MAX_TOTAL: Final = LIKERT_ANSWERS[-1] * 8 + INJURY_CONCERN_ANSWERS[-1] * 2
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset()

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = numeric_items(1, 8, LIKERT_ANSWERS) + numeric_items(9, 10, INJURY_CONCERN_ANSWERS)


def score(responses: Sequence[int | None]) -> Score:
    """Score ten AUDIT answers (items 1-8: 0-4; items 9-10: 0, 2 or 4; ``None`` = missing).

    Raises:
        InvalidResponse: a bad answer (such as 1 or 3 on item 9), the wrong number of
            answers, or not a sequence.

    >>> score([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).band
    'low risk'
    """
    answers = read_answers(responses, ITEMS, title=TITLE)
    return summed_score(answers, instrument=NAME, floors=BAND_FLOORS, bands=BANDS)


def validate(responses: object) -> None:
    """Raise if ``responses`` are not ten valid AUDIT answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([0] * 8 + [2, 4]), is_valid([0] * 8 + [1, 0])
    (True, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
