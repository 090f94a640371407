"""PCL-5: the PTSD Checklist for DSM-5 (20 items, total 0-80).

Twenty items about the past month, each from 0 ("not at all") to 4 ("extremely"),
summed to a total severity score of 0-80. There are no empirically derived severity
bands for the PCL-5, so :data:`BANDS` is empty and ``band`` is always ``None``. Two
published ways give a *provisional* PTSD result, each a flag:

* ``"probable_ptsd"``: the total is at or above a cut-off. The National Center for
  PTSD finds 31-33 reasonable; the default is :data:`DEFAULT_CUTOFF` (33), and
  ``cutoff`` takes another (a cut-off of 45 has been proposed for psychiatric
  outpatients).
* ``"dsm5_symptom_pattern"``: treating each item rated 2 ("moderately") or more as a
  symptom, the DSM-5 rule holds: at least 1 criterion B item (items 1-5), 1 C item
  (6-7), 2 D items (8-14) and 2 E items (15-20).

Either result needs a clinical interview (e.g. CAPS-5) to confirm. Flags are set from
the answered items: a partial total at or above the cut-off, or a symptom pattern
already met, proves the flag even before the form is complete.

Licence: public domain (US Department of Veterans Affairs, National Center for PTSD).

References:
    * Weathers FW et al. *The PTSD Checklist for DSM-5 (PCL-5)*. National Center for
      PTSD, 2013 (items, 0-4 scale, cluster rule, cut-point 31-33).
    * Australian Comorbidity Guidelines, Appendix S, "PCL-5: Scoring and
      interpretation" (cut-point 31-33; the DSM-5 rule; "no empirically derived
      severity ranges"). onlinemedicaltools.com PCL-5 page.
    * LOINC 101697-1 (panel), 101698-9 (score), medium confidence (findacode.com
      LOINC mirror; added in LOINC 2.75).

>>> result = score([2] * 20)
>>> result.total, sorted(result.flags)
(40, ['dsm5_symptom_pattern', 'probable_ptsd'])
>>> score([1] * 20, cutoff=20).flags
frozenset({'probable_ptsd'})
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from iopcore._validation import to_int
from iopcore.exceptions import IopcoreError
from iopcore.instruments._score import Score
from iopcore.instruments._scoring import numeric_items, read_answers, unanswered

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "ANSWERS",
    "BANDS",
    "CLUSTERS",
    "CLUSTER_MINIMUMS",
    "DEFAULT_CUTOFF",
    "DSM5_SYMPTOM_PATTERN",
    "FLAGS",
    "ITEMS",
    "ITEM_COUNT",
    "LOINC_TOTAL",
    "MAX_TOTAL",
    "NAME",
    "PROBABLE_PTSD",
    "PUBLISHED_CUTOFF_RANGE",
    "SYMPTOM_THRESHOLD",
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "pcl5"
#: Printed name.
TITLE: Final = "PCL-5"
#: Number of items: Weathers 2013.
ITEM_COUNT: Final = 20
#: LOINC code of the PCL-5 score, the one score term of panel 101697-1 (seen on a LOINC
#: mirror, https://www.healthassure.in/codes/loinc-101698-9-ptsd-pcl-5-score-pcl-5;
#: not seen on loinc.org itself: medium confidence, findacode.com LOINC mirror).
LOINC_TOTAL: Final = "101698-9"
#: The answers each item takes, "not at all" (0) to "extremely" (4): Weathers 2013.
ANSWERS: Final = (0, 1, 2, 3, 4)
#: No bands: "no empirically derived severity ranges" (Australian Comorbidity
#: Guidelines, Appendix S).
BANDS: Final[tuple[str, ...]] = ()
#: The cut-point range the National Center for PTSD calls reasonable: 31-33
#: (Weathers 2013; Australian Comorbidity Guidelines App. S).
PUBLISHED_CUTOFF_RANGE: Final = (31, 33)
#: Default cut-off for ``"probable_ptsd"``: the top of the published 31-33 range
#: (NCPTSD; Australian Comorbidity Guidelines App. S), the more specific choice.
DEFAULT_CUTOFF: Final = 33
#: An item rated this or more counts as a symptom for the DSM-5 rule: "2 = moderately"
#: (Weathers 2013; Australian Comorbidity Guidelines App. S).
SYMPTOM_THRESHOLD: Final = 2
#: DSM-5 symptom clusters and their item numbers: B 1-5, C 6-7, D 8-14, E 15-20
#: (Weathers 2013; Australian Comorbidity Guidelines App. S).
CLUSTERS: Final[Mapping[str, tuple[int, ...]]] = MappingProxyType(
    {
        "B": (1, 2, 3, 4, 5),  # intrusion: Australian Comorbidity Guidelines App. S
        "C": (6, 7),  # avoidance: Australian Comorbidity Guidelines App. S
        "D": (8, 9, 10, 11, 12, 13, 14),  # cognition/mood: Austr. Comorbidity Guidelines S
        "E": (15, 16, 17, 18, 19, 20),  # arousal/reactivity: Austr. Comorbidity Guidelines S
    }
)
#: Symptoms needed per cluster for the DSM-5 rule: 1 B, 1 C, 2 D, 2 E
#: (Weathers 2013; Australian Comorbidity Guidelines App. S).
CLUSTER_MINIMUMS: Final[Mapping[str, int]] = MappingProxyType({"B": 1, "C": 1, "D": 2, "E": 2})
#: Flag: the total is at or above the cut-off.
PROBABLE_PTSD: Final = "probable_ptsd"
#: Flag: the DSM-5 symptom pattern is met.
DSM5_SYMPTOM_PATTERN: Final = "dsm5_symptom_pattern"

#: Highest total: every item at its highest answer.
MAX_TOTAL: Final = ANSWERS[-1] * ITEM_COUNT
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset({PROBABLE_PTSD, DSM5_SYMPTOM_PATTERN})

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = numeric_items(1, ITEM_COUNT, ANSWERS)


def _pattern_met(answers: Sequence[int | bool | None]) -> bool:
    for cluster, numbers in CLUSTERS.items():
        symptoms = sum(
            1
            for number in numbers
            if (answer := answers[number - 1]) is not None and answer >= SYMPTOM_THRESHOLD
        )
        if symptoms < CLUSTER_MINIMUMS[cluster]:
            return False
    return True


def score(responses: Sequence[int | None], *, cutoff: int = DEFAULT_CUTOFF) -> Score:
    """Score twenty PCL-5 answers (0-4 each, ``None`` for not answered).

    Args:
        responses: The answers in item order.
        cutoff: Lowest total flagged ``"probable_ptsd"`` (1-80); the published range
            is 31-33 (:data:`PUBLISHED_CUTOFF_RANGE`).

    Raises:
        InvalidResponse: a bad answer, the wrong number of answers, or not a sequence.
        InvalidValueError: ``cutoff`` outside 1-80.

    >>> score([0] * 20).flags
    frozenset()
    """
    threshold = to_int(cutoff, field="cutoff", minimum=1, maximum=MAX_TOTAL)
    answers = read_answers(responses, ITEMS, title=TITLE)
    answered_sum = sum(answer for answer in answers if answer is not None)
    flags = set()
    if answered_sum >= threshold:
        flags.add(PROBABLE_PTSD)
    if _pattern_met(answers):
        flags.add(DSM5_SYMPTOM_PATTERN)
    missing = unanswered(answers)
    total = None if missing else answered_sum
    return Score(
        instrument=NAME,
        total=total,
        band=None,
        complete=not missing,
        flags=frozenset(flags),
        missing=missing,
    )


def validate(responses: object) -> None:
    """Raise if ``responses`` are not twenty valid PCL-5 answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([4] * 20), is_valid([5] * 20)
    (True, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
