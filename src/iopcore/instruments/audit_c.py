"""AUDIT-C: the first three AUDIT items (alcohol consumption), total 0-12.

Each item is scored 0-4, as in the full AUDIT. The screen is positive at a total of
**4 or more for men** and **3 or more for women**. Both cut-offs are keyword
parameters of :func:`score` (defaults :data:`MALE_CUTOFF`, :data:`FEMALE_CUTOFF`),
since programs and payers set their own.

The band is ``"positive"`` or ``"negative"``. When ``sex`` is not given, the band is
told only where both cut-offs agree: below both is negative, at or above both is
positive, and a total between them (3 with the default cut-offs) gives ``band=None``,
since the answer depends on the sex. A positive screen also sets the flag
``"positive_screen"``, as soon as the answered items prove it.

Licence: free to use (part of the WHO AUDIT; the AUDIT-C form is from the US VA).

References:
    * Men's cut-off >= 4: Bush K et al. The AUDIT alcohol consumption questions
      (AUDIT-C). *Arch Intern Med* 1998;158:1789-1795 (unconfirmed: attribution not
      read in the paper's text).
    * Women's cut-off >= 3: Bradley KA et al. *Alcohol Clin Exp Res* 2003;27:821-827,
      and Bradley KA et al. 2007 (unconfirmed: attribution not read in the papers'
      text; the 2003 abstract, jamanetwork.com/journals/jamainternalmedicine
      /fullarticle/215347, validates the AUDIT-C in women without stating 3).
    * US Core 7.0.0 example Observation "AUDIT-C-item-example-75626-2" (note gives
      >= 4 men, >= 3 women); LOINC 75626-2, total score (HL7 US Core 7.0.0).

>>> from iopcore import Sex
>>> score([1, 1, 1], sex=Sex.FEMALE).band
'positive'
>>> score([1, 1, 1], sex="male").band
'negative'
>>> score([1, 1, 1]).band is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore._table_values import is_missing
from iopcore._validation import to_int, to_member
from iopcore.exceptions import IopcoreError
from iopcore.instruments._score import Score
from iopcore.instruments._scoring import numeric_items, read_answers, unanswered
from iopcore.participants import Sex

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ANSWERS",
    "BANDS",
    "FEMALE_CUTOFF",
    "FLAGS",
    "ITEMS",
    "ITEM_COUNT",
    "LOINC_TOTAL",
    "MALE_CUTOFF",
    "MAX_TOTAL",
    "NAME",
    "POSITIVE_SCREEN",
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "audit_c"
#: Printed name.
TITLE: Final = "AUDIT-C"
#: Number of items (AUDIT items 1-3): Bush 1998.
ITEM_COUNT: Final = 3
#: The answers each item takes: 0-4, as AUDIT items 1-3 (WHO AUDIT manual, Babor 2001).
ANSWERS: Final = (0, 1, 2, 3, 4)
#: Screen results, least to most severe.
BANDS: Final = ("negative", "positive")
#: Positive screen for men at this total or more: Bush 1998 (unconfirmed); US Core note.
MALE_CUTOFF: Final = 4
#: Positive screen for women at this total or more: Bradley 2003, 2007 (unconfirmed).
FEMALE_CUTOFF: Final = 3
#: Flag set on a positive screen.
POSITIVE_SCREEN: Final = "positive_screen"
#: LOINC code of the AUDIT-C total score (US Core 7.0.0 example).
LOINC_TOTAL: Final = "75626-2"

#: Highest total: every item at its highest answer.
MAX_TOTAL: Final = ANSWERS[-1] * ITEM_COUNT
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset({POSITIVE_SCREEN})

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = numeric_items(1, ITEM_COUNT, ANSWERS)


def _cutoff(sex: Sex | None, male: int, female: int) -> int | None:
    """The cut-off that applies, or ``None`` when the sex is not known.

    :func:`score` then decides on both cut-offs: positive at the higher one, negative
    below the lower one, undetermined between (nothing is between when they are equal).
    """
    if sex is Sex.MALE:
        return male
    if sex is Sex.FEMALE:
        return female
    return None


def score(
    responses: Sequence[int | None],
    *,
    sex: Sex | str | None = None,
    male_cutoff: int = MALE_CUTOFF,
    female_cutoff: int = FEMALE_CUTOFF,
) -> Score:
    """Score three AUDIT-C answers (0-4 each, ``None`` for not answered).

    Args:
        responses: The answers to AUDIT items 1-3, in order.
        sex: :class:`~iopcore.participants.Sex` or its value (``"male"``,
            ``"female"``); ``None`` when not recorded (see the module notes).
        male_cutoff: Lowest positive total for men (1-12).
        female_cutoff: Lowest positive total for women (1-12).

    Raises:
        InvalidResponse: a bad answer, the wrong number of answers, or not a sequence.
        UnknownCodeError: an unknown ``sex``.
        InvalidValueError: a cut-off outside 1-12.

    >>> score([2, 1, 1], sex="male").flags
    frozenset({'positive_screen'})
    """
    who = None if is_missing(sex) else to_member(Sex, sex, field="sex")
    male = to_int(male_cutoff, field="male_cutoff", minimum=1, maximum=MAX_TOTAL)
    female = to_int(female_cutoff, field="female_cutoff", minimum=1, maximum=MAX_TOTAL)
    answers = read_answers(responses, ITEMS, title=TITLE)
    answered_sum = sum(answer for answer in answers if answer is not None)
    cutoff = _cutoff(who, male, female)
    # A partial sum is a lower bound of the total, so it can already prove a positive.
    proven = answered_sum >= (max(male, female) if cutoff is None else cutoff)
    flags = frozenset({POSITIVE_SCREEN}) if proven else frozenset()
    missing = unanswered(answers)
    if missing:
        return Score(
            instrument=NAME, total=None, band=None, complete=False, flags=flags, missing=missing
        )
    if proven:
        band: str | None = "positive"
    elif answered_sum < min(male, female) or cutoff is not None:
        band = "negative"
    else:
        band = None
    return Score(instrument=NAME, total=answered_sum, band=band, complete=True, flags=flags)


def validate(responses: object) -> None:
    """Raise if ``responses`` are not three valid AUDIT-C answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`.
    """
    read_answers(responses, ITEMS, title=TITLE)


def is_valid(responses: object) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([4, 4, 4]), is_valid([5, 0, 0])
    (True, False)
    """
    try:
        validate(responses)
    except IopcoreError:
        return False
    return True
