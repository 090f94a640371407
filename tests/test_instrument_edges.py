"""Instrument edges that mutation testing found unpinned (``scripts/mutation.py``).

Each table row quotes its source where it holds a clinical number; the rest pin what
an error says, since a clinician reads the message, not the code: the field, the
value given, what is allowed, and the instrument's name.
"""

from collections.abc import Iterator, Sequence

import pytest

from iopcore.exceptions import (
    InvalidResponse,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.instruments import _scoring, audit, audit_c, bam, cssrs, dast10, gad7, pcl5, phq9

MODULES = [audit, audit_c, bam, cssrs, dast10, gad7, pcl5, phq9]


class _Unreadable(Sequence[int]):
    """A sequence of the right length whose answers cannot be read."""

    def __init__(self, length: int) -> None:
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: object) -> int:
        raise RuntimeError("the store is offline")

    def __iter__(self) -> Iterator[int]:
        raise RuntimeError("the store is offline")


# ---------------------------------------------------------------- what errors say


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
@pytest.mark.parametrize("verb", ["score", "validate"])
def test_a_bad_answer_names_the_instrument_the_item_and_the_answers_allowed(module, verb):
    wrong = "yes" if module is not cssrs else 1
    responses = [wrong] + [None] * (module.ITEM_COUNT - 1)
    with pytest.raises(InvalidResponse) as caught:
        getattr(module, verb)(responses)
    error = caught.value
    assert error.field == "$.responses[0]"
    assert error.value == wrong
    assert error.reason == f"is not an answer to {module.TITLE} item 1"
    assert error.allowed.endswith("or None (not answered)")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_several_bad_answers_come_as_one_group_titled_with_the_instrument(module):
    wrong = "yes" if module is not cssrs else 1
    responses = [wrong, wrong] + [None] * (module.ITEM_COUNT - 2)
    with pytest.raises(IopcoreErrorGroup) as caught:
        module.validate(responses)
    assert str(caught.value).startswith(f"2 problems in {module.TITLE}")
    assert [error.field for error in caught.value.exceptions] == [
        "$.responses[0]",
        "$.responses[1]",
    ]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_the_wrong_number_of_answers_is_refused_with_what_was_given(module):
    responses = [None] * (module.ITEM_COUNT + 1)
    with pytest.raises(InvalidResponse) as caught:
        module.score(responses)
    error = caught.value
    assert error.field == "responses"
    assert error.value is responses
    assert error.allowed == (
        f"a sequence (list or tuple) of {module.ITEM_COUNT} {module.TITLE} answers in item order"
    )
    assert error.reason == f"has {module.ITEM_COUNT + 1} answers, not {module.ITEM_COUNT}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_not_a_sequence_and_an_unreadable_sequence_are_refused_as_given(module):
    allowed = (
        f"a sequence (list or tuple) of {module.ITEM_COUNT} {module.TITLE} answers in item order"
    )
    given = {"item": 1}
    with pytest.raises(InvalidResponse) as caught:
        module.validate(given)
    assert (caught.value.field, caught.value.value, caught.value.allowed) == (
        "responses",
        given,
        allowed,
    )
    unreadable = _Unreadable(module.ITEM_COUNT)
    with pytest.raises(InvalidResponse) as caught:
        module.validate(unreadable)
    error = caught.value
    assert (error.field, error.value, error.allowed, error.reason) == (
        "responses",
        unreadable,
        allowed,
        "cannot be read",
    )


# ---------------------------------------------------------------- PHQ-9 answers by position


@pytest.mark.parametrize("position", range(phq9.ITEM_COUNT))
@pytest.mark.parametrize("wrong", [True, False, 1.0])
def test_phq9_refuses_a_bool_or_float_in_every_position(position, wrong):
    # Items are scored 0-3 (Kroenke 2001): True, False and 1.0 equal 0 or 1 but are
    # not answers, wherever they stand.
    responses: list[object] = [1] * phq9.ITEM_COUNT
    responses[position] = wrong
    with pytest.raises(InvalidResponse) as caught:
        phq9.score(responses)
    assert caught.value.field == f"$.responses[{position}]"


# ---------------------------------------------------------------- cut-offs the caller sets

CUTOFF_BOUNDS = [
    # (module, argument, lowest, highest): a cut-off is a total, from 1 (0 would make
    # every screen positive) to the instrument's highest total.
    (pcl5, "cutoff", 1, pcl5.MAX_TOTAL),  # PCL-5 totals 0-80 (Weathers 2013)
    (audit_c, "male_cutoff", 1, audit_c.MAX_TOTAL),  # AUDIT-C totals 0-12 (Bush 1998)
    (audit_c, "female_cutoff", 1, audit_c.MAX_TOTAL),
]


@pytest.mark.parametrize(("module", "argument", "lowest", "highest"), CUTOFF_BOUNDS)
def test_a_cutoff_is_taken_from_1_to_the_highest_total(module, argument, lowest, highest):
    responses = [0] * module.ITEM_COUNT
    for allowed in (lowest, highest):
        assert module.score(responses, **{argument: allowed}).complete
    for refused in (lowest - 1, highest + 1):
        with pytest.raises(InvalidValueError) as caught:
            module.score(responses, **{argument: refused})
        assert caught.value.field == argument
        assert caught.value.value == refused


def test_audit_c_names_the_sex_it_does_not_know():
    with pytest.raises(UnknownCodeError) as caught:
        audit_c.score([0, 0, 0], sex="m")
    assert caught.value.field == "sex"


# ---------------------------------------------------------------- BAM use subscale

BAM_USE = [
    # (item 4, item 5, item 6, flagged): the Use subscale (items 4, 5, 6: VISN 4
    # MIRECC BAM summary) is significant at 1 or more days (Blueprint BAM page, "1+").
    (0, 0, 0, False),
    (1, 0, 0, True),
    (0, 1, 0, True),
    (0, 0, 1, True),
]


@pytest.mark.parametrize(("item4", "item5", "item6", "flagged"), BAM_USE)
def test_bam_use_days_at_the_cutoff_set_the_flag(item4, item5, item6, flagged):
    answers = [0] * bam.ITEM_COUNT
    answers[3], answers[4], answers[5] = item4, item5, item6
    # Items outside the Use subscale never count towards it.
    answers[2] = answers[6] = 30
    result = bam.score(answers)
    assert (bam.SUBSTANCE_USE in result.flags) is flagged
    assert dict(result.subscales)["use"] == item4 + item5 + item6


def test_bam_use_subscale_sums_its_own_items():
    answers = [0] * bam.ITEM_COUNT
    answers[3], answers[4], answers[5] = 1, 2, 4
    assert dict(bam.score(answers).subscales)["use"] == 7


# ---------------------------------------------------------------- C-SSRS messages


def test_cssrs_follow_up_that_is_not_a_bool_is_refused_with_what_was_given():
    with pytest.raises(InvalidResponse) as caught:
        cssrs.validate([False] * 6, behaviour_within_3_months="x")
    error = caught.value
    assert (error.field, error.value, error.allowed, error.reason) == (
        "behaviour_within_3_months",
        "x",
        "True, False or None (not asked)",
        None,
    )


@pytest.mark.parametrize("number", cssrs.SKIPPED_WHEN_Q2_IS_NO)
def test_cssrs_a_yes_to_a_question_skipped_after_no_to_question_2_is_refused(number):
    # The screener skips questions 3-5 when question 2 is no (Posner 2011 screener).
    answers: list[bool | None] = [True, False, None, None, None, False]
    answers[number - 1] = True
    with pytest.raises(InvalidResponse) as caught:
        cssrs.validate(answers)
    error = caught.value
    assert (error.field, error.value, error.allowed, error.reason) == (
        f"$.responses[{number - 1}]",
        True,
        "None or False (skipped: question 2 is no)",
        "answers a question the screener skips when question 2 is no",
    )
    assert str(caught.value).startswith(f"$.responses[{number - 1}]: True answers")


def test_cssrs_a_follow_up_without_a_yes_to_question_6_is_refused():
    with pytest.raises(InvalidResponse) as caught:
        cssrs.validate([True, True, False, False, False, False], behaviour_within_3_months=True)
    error = caught.value
    assert (error.field, error.value, error.allowed, error.reason) == (
        "behaviour_within_3_months",
        True,
        "None or False unless question 6 is yes",
        "follows up a behaviour question that is not yes",
    )


def test_cssrs_problems_of_both_kinds_come_together():
    with pytest.raises(IopcoreErrorGroup) as caught:
        cssrs.validate([True, False, True, None, None, False], behaviour_within_3_months="x")
    assert str(caught.value).startswith(f"2 problems in {cssrs.TITLE} responses")
    assert [error.field for error in caught.value.exceptions] == [
        "behaviour_within_3_months",
        "$.responses[2]",
    ]


# ---------------------------------------------------------------- the shared machinery


def test_allowed_answers_are_listed_up_to_six_and_given_as_a_range_beyond():
    assert _scoring.allowed_text(_scoring.Item(1, (1, 2, 3, 4, 5, 6))) == (
        "1, 2, 3, 4, 5, 6 (int) or None (not answered)"
    )
    assert _scoring.allowed_text(_scoring.Item(1, (1, 2, 3, 4, 5, 6, 7))) == (
        "an int from 1 to 7 or None (not answered)"
    )
    assert _scoring.allowed_text(_scoring.Item(1, (0, 2, 4, 6, 8, 10, 12))) == (
        "0, 2, 4, 6, 8, 10, 12 (int) or None (not answered)"
    )


def test_item_tables_number_the_items_from_the_first_to_the_last():
    assert _scoring.numeric_items(9, 10, (0, 2, 4)) == (
        _scoring.Item(9, (0, 2, 4)),
        _scoring.Item(10, (0, 2, 4)),
    )
    assert _scoring.yes_no_items(2) == (_scoring.Item(1, None), _scoring.Item(2, None))
