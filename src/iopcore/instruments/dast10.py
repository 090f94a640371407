"""DAST-10: the Drug Abuse Screening Test, 10-item version (yes/no, total 0-10).

Ten yes/no questions about drug use in the past 12 months. Each "yes" scores 1,
except item 3 ("Are you always able to stop using drugs when you want to?"), where
"no" scores 1. The total falls in one of five bands: none, low, moderate,
substantial, severe. A total of 3 or more is the usual cut-off for further
assessment.

Answers are ``True`` (yes), ``False`` (no) or ``None`` (not answered); an unanswered
item makes the score incomplete. Do not mix in the DAST-20/28 keys: they reverse
different items.

Licence: © Harvey A. Skinner, 1982. Free for clinical and non-profit use; commercial
or EHR use may need permission from the author (unconfirmed: ask before shipping it
in a commercial product).

References:
    * Skinner HA. The Drug Abuse Screening Test. *Addict Behav* 1982;7:363-371.
    * Australian Comorbidity Guidelines, Appendix W, "DAST-10: Scoring and
      interpretation", Table 69 (item 3 reversed; bands 0 / 1-2 / 3-5 / 6-8 / 9-10).
    * NIDA CDE repository, "DAST Score" data element (same bands).
      NIDA CDE repository, "DAST Score" data element.
    * LOINC 82667-7 (DAST-10 total score; medium-high confidence).

>>> answers = [True, False, True, False, False, False, False, False, False, False]
>>> score(answers).total, score(answers).band
(1, 'low')
>>> score([False] * 10).total  # "no" to item 3 scores 1
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore.exceptions import IopcoreError
from iopcore.instruments._score import Score, band_of
from iopcore.instruments._scoring import read_answers, unanswered, yes_no_items

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BANDS",
    "BAND_FLOORS",
    "FLAGS",
    "ITEMS",
    "ITEM_COUNT",
    "LOINC_TOTAL",
    "MAX_TOTAL",
    "NAME",
    "REVERSED_ITEM",
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "dast10"
#: Printed name.
TITLE: Final = "DAST-10"
#: Number of items: Skinner 1982 (10-item version).
ITEM_COUNT: Final = 10
#: The item scored 1 for "no": Australian Comorbidity Guidelines App. W, Table 69.
REVERSED_ITEM: Final = 3
#: Bands, least to most severe: Australian Comorbidity Guidelines App. W; NIDA CDE.
BANDS: Final = ("none", "low", "moderate", "substantial", "severe")
#: Lowest total of each band in :data:`BANDS`.
BAND_FLOORS: Final = (
    0,  # none (no problems reported) 0: Australian Comorbidity Guidelines App. W Table 69
    1,  # low 1-2: Australian Comorbidity Guidelines App. W Table 69; NIDA CDE
    3,  # moderate 3-5: Australian Comorbidity Guidelines App. W Table 69; NIDA CDE
    6,  # substantial 6-8: Australian Comorbidity Guidelines App. W Table 69; NIDA CDE
    9,  # severe 9-10: Australian Comorbidity Guidelines App. W Table 69; NIDA CDE
)
#: LOINC code of the DAST-10 total score (https://loinc.org/82667-7; panel 82666-9).
LOINC_TOTAL: Final = "82667-7"

#: Highest total: every item at its highest answer.
MAX_TOTAL: Final = ITEM_COUNT
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset()

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = yes_no_items(ITEM_COUNT)


def score(responses: Sequence[bool | None]) -> Score:
    """Score ten DAST-10 answers (``True`` yes, ``False`` no, ``None`` not answered).

    Raises:
        InvalidResponse: a non-bool answer (``1`` and ``"yes"`` are refused), the
            wrong number of answers, or not a sequence.

    >>> score([True] * 10).band  # 9: every yes, but "yes" to item 3 scores 0
    'severe'
    """
    answers = read_answers(responses, ITEMS, title=TITLE)
    missing = unanswered(answers)
    if missing:
        return Score(instrument=NAME, total=None, band=None, complete=False, missing=missing)
    total = sum(
        (answer is False) if number == REVERSED_ITEM else (answer is True)
        for number, answer in enumerate(answers, start=1)
    )
    return Score(
        instrument=NAME, total=total, band=band_of(total, BAND_FLOORS, BANDS), complete=True
    )


def validate(responses: object) -> None:
    """Raise if ``responses`` are not ten valid DAST-10 answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([False] * 10), is_valid([0] * 10)
    (True, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
