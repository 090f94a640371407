"""C-SSRS screener: the Columbia Suicide Severity Rating Scale, screen version.

Six yes/no questions. Questions 1-5 ask about suicidal ideation in the past month;
question 6 asks about suicidal behaviour, ever, with a follow-up: "was this within the
past 3 months?". The protocol's own skip rule: questions 1 and 2 are always asked; if
question 2 is no, questions 3-5 are skipped and the interview goes on to question 6.
A skipped question is not missing.

How answers are given here:

* ``responses``: six answers, questions 1 to 6 in order, each ``True`` (yes),
  ``False`` (no) or ``None`` (not asked or not answered). When question 2 is no,
  questions 3-5 may be ``None`` or ``False``; a ``True`` there contradicts the skip
  rule and is refused.
* ``behaviour_within_3_months``: the answer to question 6's follow-up, a keyword.
  It is needed only when question 6 is yes (otherwise the score is incomplete and
  ``6`` is listed in ``missing``); it must not be ``True`` when question 6 is not yes.

The result is item-based, as Columbia's triage asks; there is no summed score
(``total`` is always ``None``). The band is the risk level:

* ``"high"``: yes to question 4 or 5, or behaviour within the past 3 months;
* ``"moderate"``: yes to question 3, or behaviour more than 3 months ago;
* ``"low"``: yes to question 1 or 2 only;
* ``None``: every answer no (or the form is incomplete).

High risk sets the flag ``"high_suicide_risk"``, as soon as the answers given prove
it, complete or not.

Licence: © The Research Foundation for Mental Hygiene (Columbia University). Free for
clinical, community and non-profit research use; commercial or EHR use may need
permission from Columbia (unconfirmed: ask before shipping it in a product).

References:
    * Columbia Lighthouse Project, C-SSRS screener "Triage" pages and triage/workflow
      guidelines (risk levels; past-month Q4/Q5 and behaviour in the past 3 months
      are the most worrying), cssrs.columbia.edu triage pages.
    * Skip rule: LOINC 93278-0 coding instructions; Rula help article.
    * LOINC 93373-9, C-SSRS screener - recent (panel), medium confidence.

>>> score([True, False, None, None, None, False]).band
'low'
>>> result = score([True, True, True, False, False, True], behaviour_within_3_months=True)
>>> result.band, sorted(result.flags)
('high', ['high_suicide_risk'])
>>> score([False, False, None, None, None, False]).band is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore._table_values import bool_value, is_missing
from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidResponse, IopcoreError
from iopcore.instruments._score import Score
from iopcore.instruments._scoring import read_answers, yes_no_items

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iopcore.instruments._scoring import Answer

__all__ = [
    "BANDS",
    "BEHAVIOUR_QUESTION",
    "FLAGS",
    "HIGH_SUICIDE_RISK",
    "ITEMS",
    "ITEM_COUNT",
    "LOINC_PANEL",
    "MAX_TOTAL",
    "NAME",
    "SKIPPED_WHEN_Q2_IS_NO",
    "TITLE",
    "is_valid",
    "score",
    "validate",
]

#: Registry name.
NAME: Final = "cssrs"
#: Printed name.
TITLE: Final = "C-SSRS screener"
#: Number of questions (the follow-up to question 6 is a keyword): Columbia screener.
ITEM_COUNT: Final = 6
#: Risk levels, least to most severe: Columbia triage guidelines (cssrs.columbia.edu).
BANDS: Final = ("low", "moderate", "high")
#: Questions skipped when question 2 is no: LOINC 93278-0 coding instructions; Rula.
SKIPPED_WHEN_Q2_IS_NO: Final = (3, 4, 5)
#: The behaviour question, with its "within the past 3 months" follow-up.
BEHAVIOUR_QUESTION: Final = 6
#: Flag set at high risk (Columbia triage: safety precautions required).
HIGH_SUICIDE_RISK: Final = "high_suicide_risk"
#: LOINC panel "C-SSRS screener - recent" (NLM LHC-Forms; medium confidence).
LOINC_PANEL: Final = "93373-9"

#: Highest total: ``None``, the instrument has no total.
MAX_TOTAL: Final[int | None] = None
#: Every flag a score of this instrument can carry.
FLAGS: Final[frozenset[str]] = frozenset({HIGH_SUICIDE_RISK})

#: Each item's number and the answers it takes (``None``: a yes/no item), in order.
ITEMS: Final = yes_no_items(ITEM_COUNT)
_FOLLOW_UP: Final = "behaviour_within_3_months"


def _read(
    responses: object, behaviour_within_3_months: object
) -> tuple[tuple[Answer, ...], bool | None]:
    """Check the answers, the skip rule and the follow-up; every problem at once."""
    collector = ErrorCollector(f"{TITLE} responses")
    answers: tuple[Answer, ...] = ()  # pragma: no mutate - read only as "if answers"
    with collector.catch():
        answers = read_answers(responses, ITEMS, title=TITLE)
    given = behaviour_within_3_months
    recent = None if is_missing(given) else bool_value(given)
    if recent is None and not is_missing(given):
        collector.errors.append(
            InvalidResponse(_FOLLOW_UP, given, allowed="True, False or None (not asked)")
        )
    if answers:
        if answers[1] is False:
            for number in SKIPPED_WHEN_Q2_IS_NO:
                if answers[number - 1] is True:
                    collector.errors.append(
                        InvalidResponse(
                            f"$.responses[{number - 1}]",
                            answers[number - 1],
                            allowed="None or False (skipped: question 2 is no)",
                            reason="answers a question the screener skips when question 2 is no",
                        )
                    )
        if recent is True and answers[BEHAVIOUR_QUESTION - 1] is not True:
            collector.errors.append(
                InvalidResponse(
                    _FOLLOW_UP,
                    recent,
                    allowed="None or False unless question 6 is yes",
                    reason="follows up a behaviour question that is not yes",
                )
            )
    collector.raise_if_any()
    return answers, recent


def _missing(answers: tuple[Answer, ...], recent: bool | None) -> tuple[int, ...]:
    asked = [1, 2, BEHAVIOUR_QUESTION]
    if answers[1] is True:
        asked.extend(SKIPPED_WHEN_Q2_IS_NO)
    missing = {number for number in asked if answers[number - 1] is None}
    if answers[BEHAVIOUR_QUESTION - 1] is True and recent is None:
        missing.add(BEHAVIOUR_QUESTION)
    return tuple(sorted(missing))


def score(
    responses: Sequence[bool | None], *, behaviour_within_3_months: bool | None = None
) -> Score:
    """Score the six screener answers and return the risk level as the band.

    Args:
        responses: Questions 1-6 in order: ``True`` yes, ``False`` no, ``None`` not
            asked or not answered.
        behaviour_within_3_months: Question 6's follow-up; needed when question 6 is
            yes.

    Raises:
        InvalidResponse: a non-bool answer, a yes to a skipped question, a follow-up
            without a yes to question 6, the wrong number of answers.

    >>> score([True, True, True, False, False, True], behaviour_within_3_months=False).band
    'moderate'
    >>> score([True, True, False, True, False, None]).flags  # incomplete, already high
    frozenset({'high_suicide_risk'})
    """
    answers, recent = _read(responses, behaviour_within_3_months)
    q1, q2, q3, q4, q5, q6 = answers
    high = q4 is True or q5 is True or (q6 is True and recent is True)
    flags = frozenset({HIGH_SUICIDE_RISK}) if high else frozenset()
    missing = _missing(answers, recent)
    if missing:
        return Score(
            instrument=NAME, total=None, band=None, complete=False, flags=flags, missing=missing
        )
    band: str | None
    if high:
        band = "high"
    elif q3 is True or q6 is True:  # q6 here: behaviour more than 3 months ago
        band = "moderate"
    elif q1 is True or q2 is True:
        band = "low"
    else:
        band = None
    return Score(instrument=NAME, total=None, band=band, complete=True, flags=flags)


def validate(responses: object, *, behaviour_within_3_months: object = None) -> None:
    """Raise if the answers are not valid screener answers (``None`` is valid).

    Raises:
        InvalidResponse: as :func:`score`; several problems as an
            :class:`~iopcore.exceptions.IopcoreErrorGroup`.
    """
    _read(responses, behaviour_within_3_months)


def is_valid(responses: object, *, behaviour_within_3_months: object = None) -> bool:
    """Whether :func:`validate` passes; never raises.

    >>> is_valid([False, False, None, None, None, False])
    True
    >>> is_valid([False, False, True, None, None, False])  # question 3 was skipped
    False
    """
    try:
        validate(responses, behaviour_within_3_months=behaviour_within_3_months)
    except IopcoreError:
        return False
    return True
