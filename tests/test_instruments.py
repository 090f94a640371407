"""Instruments: the registry and protocol, the Score value, answers and their errors.

Each instrument's published scoring, table by table with both sides of every band
boundary, is in test_instrument_scoring.py."""

import inspect
import pickle

import pytest

from iopcore.exceptions import (
    InvalidResponse,
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.instruments import (
    INSTRUMENT_NAMES,
    Instrument,
    Score,
    audit,
    audit_c,
    available_instruments,
    bam,
    cssrs,
    dast10,
    gad7,
    get_instrument,
    pcl5,
    phq9,
)

MODULES = [audit, audit_c, bam, cssrs, dast10, gad7, pcl5, phq9]

# ---------------------------------------------------------------- registry and protocol


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.NAME)
def test_every_module_satisfies_the_protocol(module):
    assert isinstance(module, Instrument)
    assert get_instrument(module.NAME) is module
    assert isinstance(module.NAME, str)
    assert isinstance(module.ITEM_COUNT, int)
    assert module.ITEM_COUNT > 0
    assert isinstance(module.BANDS, tuple)
    assert all(isinstance(band, str) and band == band.lower() for band in module.BANDS)
    for verb in ("score", "validate", "is_valid"):
        parameters = list(inspect.signature(getattr(module, verb)).parameters.values())
        assert parameters[0].name == "responses"
        assert all(
            parameter.kind is inspect.Parameter.KEYWORD_ONLY
            and parameter.default is not inspect.Parameter.empty
            for parameter in parameters[1:]
        )


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.NAME)
def test_an_unanswered_form_is_incomplete_with_every_item_missing(module):
    result = module.score([None] * module.ITEM_COUNT)
    assert result.instrument == module.NAME
    assert result.total is None
    assert result.band is None
    assert result.complete is False
    assert result.missing  # at least the items every form asks
    assert module.is_valid([None] * module.ITEM_COUNT)


def test_available_instruments_is_sorted_and_matches_the_modules():
    assert available_instruments() == INSTRUMENT_NAMES
    assert list(available_instruments()) == sorted(module.NAME for module in MODULES)


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("PHQ-9", phq9),
        (" gad_7 ", gad7),
        ("AUDIT-C", audit_c),
        ("c-ssrs", cssrs),
        ("DAST 10", dast10),
    ],
)
def test_get_instrument_ignores_case_and_punctuation(name, module):
    assert get_instrument(name) is module


def test_get_instrument_unknown_lists_the_names():
    with pytest.raises(UnknownCodeError) as caught:
        get_instrument("hamd")
    assert caught.value.allowed == ", ".join(INSTRUMENT_NAMES)
    with pytest.raises(InvalidTypeError):
        get_instrument(9)  # type: ignore[arg-type]


def test_bands_of_the_public_contract():
    """DESIGN.md public contract: band labels exactly."""
    assert phq9.BANDS == ("minimal", "mild", "moderate", "moderately severe", "severe")
    assert gad7.BANDS == ("minimal", "mild", "moderate", "severe")
    assert audit.BANDS == ("low risk", "hazardous", "harmful", "possible dependence")
    assert dast10.BANDS == ("none", "low", "moderate", "substantial", "severe")
    assert cssrs.BANDS == ("low", "moderate", "high")
    assert bam.BANDS == ()


# ---------------------------------------------------------------- Score


def test_score_is_a_hashable_picklable_value():
    first = phq9.score([1] * 9)
    assert first == phq9.score((1,) * 9)
    assert hash(first) == hash(phq9.score([1] * 9))
    assert pickle.loads(pickle.dumps(first)) == first
    assert {first, phq9.score([1] * 9)} == {first}


def test_score_subscale_accessor():
    result = bam.score([1, 3, 2, 0, 0, 0, None, 1, 4, 6, 1, 3, 20, 4, 0, 12, 3])
    assert result.subscale("risk") == 8
    assert result.subscale("protective") == 49
    with pytest.raises(UnknownCodeError) as caught:
        result.subscale("total")
    assert caught.value.allowed == "protective, risk, use"
    with pytest.raises(UnknownCodeError) as caught:
        phq9.score([0] * 9).subscale("use")
    assert caught.value.allowed == "none"


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"instrument": "hamd"}, UnknownCodeError, "instrument"),
        ({"instrument": 3}, InvalidTypeError, "instrument"),
        ({"total": -1}, InvalidValueError, "total"),
        ({"total": True}, InvalidTypeError, "total"),
        ({"band": 3}, InvalidTypeError, "band"),
        ({"complete": 1}, InvalidTypeError, "complete"),
        ({"flags": "suicidal_ideation"}, InvalidTypeError, "flags"),
        ({"flags": [""]}, InvalidTypeError, "$.flags[0]"),
        ({"subscales": 3}, InvalidTypeError, "subscales"),
        ({"subscales": [("use",)]}, InvalidTypeError, "$.subscales[0]"),
        ({"subscales": [("use", 1), ("use", 2)]}, InvalidValueError, "$.subscales[1]"),
        ({"subscales": [("use", -1)]}, InvalidValueError, "$.subscales[0]"),
        ({"missing": [0]}, InvalidValueError, "$.missing[0]"),
        ({"missing": "1"}, InvalidTypeError, "missing"),
    ],
)
def test_score_checks_its_fields(changes, error, field):
    fields = {"instrument": "phq9", "total": 3, "band": "minimal", "complete": True}
    with pytest.raises(error) as caught:
        Score(**{**fields, **changes})
    assert caught.value.field == field


def test_score_checks_band_and_total_against_the_instrument():
    with pytest.raises(UnknownCodeError) as caught:
        Score(instrument="phq9", total=3, band="severe-ish", complete=True)
    assert caught.value.allowed == "minimal, mild, moderate, moderately severe, severe"
    subscales = [("protective", 1), ("risk", 2), ("use", 0)]
    with pytest.raises(UnknownCodeError) as caught:
        Score(instrument="bam", total=None, band="low", complete=True, subscales=subscales)
    assert caught.value.allowed == "None (BAM has no bands)"
    with pytest.raises(IopcoreErrorGroup):
        Score(instrument="gad7", total=3, band="extreme", complete=False)


def test_score_normalises_subscales_and_missing():
    result = Score(
        instrument="bam",
        total=None,
        band=None,
        complete=False,
        subscales=[["use", 1], ("risk", None), ("protective", 4)],
        missing=[3, 1, 3],
        flags=["substance_use", "substance_use"],
    )
    assert result.subscales == (("protective", 4), ("risk", None), ("use", 1))
    assert result.missing == (1, 3)
    assert result.flags == frozenset({"substance_use"})


# ---------------------------------------------------------------- answers and errors


def test_invalid_response_is_value_and_type_error_naming_item_and_allowed():
    with pytest.raises(InvalidResponse) as caught:
        phq9.score([0, 0, 0, 0, 0, 0, 0, 0, 4])
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, TypeError)
    assert isinstance(error, IopcoreError)
    assert error.field == "$.responses[8]"
    assert error.value == 4
    assert error.allowed == "0, 1, 2, 3 (int) or None (not answered)"
    assert "PHQ-9 item 9" in str(error)
    assert pickle.loads(pickle.dumps(error)).field == "$.responses[8]"


def test_several_bad_answers_come_as_one_group():
    with pytest.raises(IopcoreErrorGroup) as caught:
        phq9.score([True, 0, 0, 1.0, 0, 0, 0, 0, "3"])
    fields = [member.field for member in caught.value.exceptions]
    assert fields == ["$.responses[0]", "$.responses[3]", "$.responses[8]"]
    assert all(isinstance(member, InvalidResponse) for member in caught.value.exceptions)


@pytest.mark.parametrize(
    ("responses", "reason"),
    [
        ([0] * 8, "has 8 answers, not 9"),
        ([0] * 10, "has 10 answers, not 9"),
        ("000000000", None),
        ({0, 1}, None),
        (None, None),
        (iter([0] * 9), None),
    ],
)
def test_wrong_shapes_are_invalid_responses(responses, reason):
    with pytest.raises(InvalidResponse) as caught:
        phq9.score(responses)
    assert caught.value.field == "responses"
    assert caught.value.allowed == "a sequence (list or tuple) of 9 PHQ-9 answers in item order"
    assert caught.value.reason == reason
    assert phq9.is_valid(responses) is False


class _BrokenSequence(list):
    def __iter__(self):
        raise RuntimeError("broken")


def test_a_sequence_that_cannot_be_read_is_an_invalid_response():
    with pytest.raises(InvalidResponse, match="cannot be read"):
        phq9.validate(_BrokenSequence([0] * 9))


@pytest.mark.parametrize(
    ("module", "answers"),
    [
        (phq9, [1] * 9),
        (gad7, [1] * 7),
        (audit, [1] * 8 + [2, 2]),
        (audit_c, [1] * 3),
        (pcl5, [1] * 20),
        (bam, [1] * 17),
    ],
    ids=lambda value: getattr(value, "NAME", ""),
)
def test_numeric_items_refuse_bools_and_floats(module, answers):
    assert module.is_valid(answers)
    for bad in (True, False, 1.0, "1"):
        changed = [bad, *answers[1:]]
        assert module.is_valid(changed) is False
        with pytest.raises(InvalidResponse):
            module.validate(changed)


@pytest.mark.parametrize("module", [dast10, cssrs], ids=lambda module: module.NAME)
def test_yes_no_items_refuse_ints(module):
    with pytest.raises(InvalidResponse) as caught:
        module.validate([1] + [False] * (module.ITEM_COUNT - 1))
    assert caught.value.allowed == "True (yes), False (no) or None (not answered)"


def test_bam_allowed_reads_as_a_range():
    with pytest.raises(InvalidResponse) as caught:
        bam.validate([31] + [0] * 16)
    assert caught.value.allowed == "an int from 0 to 30 or None (not answered)"
