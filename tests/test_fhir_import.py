"""FHIR import: QuestionnaireResponses read as an instrument's answers.

Fixtures written by others (tests/fixtures/fhir, sources and licences in its README)
and responses built here in the forms public tools write (LHC-Forms' ``/<LOINC>``
linkIds and group items, the PHR IG's bare LOINC linkIds, iopcore's own item
numbers); missing items, totals the form carries, and every refusal naming its FHIR
path. Round trip: answers written by ``to_questionnaire_response`` read back equal."""

import json
import pathlib

import pendulum
import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given
from hypothesis import strategies as st

from iopcore import fhir
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.fhir._questionnaire_codes import FORMS, ITEM_WEIGHT_URL, ORDINAL_VALUE_URL
from iopcore.instruments import Responses
from iopcore.testing import strategies as ios

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "fhir"
LOINC = "http://loinc.org"
PHQ9_ITEMS = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)
# "Not at all" 0 .. "Nearly every day" 3 (US Core Questionnaire-phq-9-example.json).
FREQUENCY = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")
YES, NO = "LA33-6", "LA32-8"


class Read:
    """What a test reads off the assessment of one questionnaire."""

    def __init__(self, assessment):
        ((self.instrument, kept),) = assessment.responses.items()
        self.assessment = assessment
        self.participant_id = assessment.participant_id
        self.assessed_on = assessment.assessed_on
        self.answers = kept.answers
        self.options = kept.options

    def score(self):
        return self.assessment.score(self.instrument)


def read_from(resource, **given):
    return Read(fhir.from_questionnaire_response(resource, **given))


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def coded(code, *, system=LOINC, weight=None, url=ORDINAL_VALUE_URL):
    coding = {"code": code} if system is None else {"system": system, "code": code}
    if weight is not None:
        coding["extension"] = [{"url": url, "valueDecimal": weight}]
    return {"valueCoding": coding}


def item(link, *answers):
    return {"linkId": link, "answer": list(answers)} if answers else {"linkId": link}


def response(items, **top):
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": "Patient/p-001"},
        "authored": "2026-03-02T09:30:00-05:00",
        "item": items,
        **top,
    }


def phq9_items(answers, *, prefix="/"):
    return [
        item(f"{prefix}{code}", coded(FREQUENCY[answer]))
        for code, answer in zip(PHQ9_ITEMS, answers, strict=True)
        if answer is not None
    ]


# ---------------------------------------------------------------- written by others


def test_us_core_phq9_example_reads_as_its_answers_and_total():
    # US Core QuestionnaireResponse-phq-9-example.json: LHC-Forms-style linkIds, the
    # total 12 as valueDecimal, the "how difficult" item 69722-7 (not scored).
    resource = fixture("us-core-questionnaireresponse-phq-9-example.json")
    QuestionnaireResponse.model_validate(resource)
    read = read_from(resource)
    assert read.instrument == "phq9"
    assert read.participant_id == "example"
    assert read.assessed_on == pendulum.date(2022, 11, 29)  # authored 2022-11-29T20:50:32.718Z
    assert read.answers == (2, 2, 2, 2, 1, 1, 2, 0, 0)  # and the form's total, 12, agrees
    assert (read.score().total, read.score().band) == (12, "moderate")


def test_phr_ig_gad7_example_reads_with_bare_loinc_link_ids():
    resource = fixture("phr-ig-questionnaireresponse-gad7.json")
    QuestionnaireResponse.model_validate(resource)
    read = read_from(resource)
    assert (read.instrument, read.participant_id) == ("gad7", "PGHDPatientExample")
    assert read.answers == (0, 0, 1, 1, 0, 1, 0)
    assert read.assessed_on == pendulum.date(2024, 12, 1)  # the day at +09:00, as written
    assert (read.score().total, read.score().band) == (3, "minimal")


def test_us_core_audit_c_example_is_refused_for_its_first_item():
    # Its first item is 68517-2 (times with X or more drinks in a day), not AUDIT-C
    # item 1, 68518-0 (https://cdn.loinc.org/72110-0): no AUDIT-C can be scored from it.
    resource = fixture("us-core-questionnaireresponse-audit-c.json")
    for instrument in (None, "AUDIT-C"):  # told from its other items, or named
        with pytest.raises(UnknownCodeError) as refused:
            fhir.from_questionnaire_response(resource, instrument=instrument)
        assert (refused.value.field, refused.value.value) == (
            "QuestionnaireResponse.item[0].linkId",
            "/68517-2",
        )
        assert "AUDIT-C LOINC item codes (68518-0, 68519-8" in refused.value.allowed
        assert "Amy Shaw" not in str(refused.value)  # the subject's display is never shown


# ---------------------------------------------------------------- one table per instrument

CSSRS = ("93246-7", "93247-5", "93248-3", "93249-1", "93250-9", "93267-3")
AUDIT_C = ("68518-0", "68519-8", "68520-6")

# (case, instrument, response, answers expected, total expected, band expected)
INSTRUMENT_CASES = [
    (
        "PHQ-9 as LHC-Forms writes it, total as valueDecimal",
        "phq9",
        response(
            [*phq9_items([3, 2, 1, 0, 0, 1, 2, 3, 1]), item("/44261-6", {"valueDecimal": 13})]
        ),
        (3, 2, 1, 0, 0, 1, 2, 3, 1),
        13,
        "moderate",
    ),
    (
        "PHQ-9 in a panel group item (Cobalt's LHC-Forms style), codings without system",
        "phq9",
        response(
            [
                {
                    "linkId": "/44249-1",
                    "item": [
                        item(f"/{code}", coded(FREQUENCY[3], system=None)) for code in PHQ9_ITEMS
                    ],
                }
            ]
        ),
        (3,) * 9,
        27,
        "severe",
    ),
    (
        "GAD-7 with LA18938-3 on item 2 (Cobalt GAD7-R4.json)",
        "gad7",
        response(
            [
                item("69725-0", coded("LA6571-9")),
                item("68509-9", coded("LA18938-3")),
                *(
                    item(code, coded("LA6569-3"))
                    for code in ("69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
                ),
                item("/70274-6", {"valueInteger": 10}),
            ]
        ),
        (3, 2, 1, 1, 1, 1, 1),
        10,
        "moderate",
    ),
    (
        "AUDIT-C coded as LOINC answers, total 75626-2",
        "audit_c",
        response(
            [
                item("/68518-0", coded("LA18927-6")),  # 2-4 times a month: 2
                item("/68519-8", coded("LA15695-2")),  # 3 or 4: 1
                item("/68520-6", coded("LA18933-4")),  # less than monthly: 1
                item("/75626-2", {"valueDecimal": 4}),
            ]
        ),
        (2, 1, 1),
        4,
        "positive",
    ),
    (
        "AUDIT: items 1-3 coded, 4-10 as numbers, total 75624-7",
        "audit",
        response(
            [
                item("/68518-0", coded("LA18929-2")),
                item("/68519-8", coded("LA18932-6")),
                item("/68520-6", coded("LA18934-2")),
                *(
                    item(f"/{code}", {"valueInteger": value})
                    for code, value in zip(
                        ("97734-8", "97735-5", "97736-3", "97737-1", "97738-9"),
                        (2, 2, 0, 2, 2),
                        strict=True,
                    )
                ),
                item("/97739-7", {"valueInteger": 4}),
                item("/97740-5", {"valueInteger": 4}),
                item("/75624-7", {"valueInteger": 28}),
            ]
        ),
        (4, 4, 4, 2, 2, 0, 2, 2, 4, 4),
        28,
        "possible dependence",
    ),
    (
        "DAST-10 by item number, naming iopcore's questionnaire",
        "dast10",
        response(
            [
                item("1", {"valueBoolean": True}),
                item("2", coded(YES)),
                item("3", coded(NO)),  # "no" to item 3 scores 1
                *(item(str(number), {"valueBoolean": False}) for number in range(4, 11)),
                item("/82667-7", {"valueInteger": 3}),
            ],
            questionnaire=fhir.QUESTIONNAIRE_URLS["dast10"],
        ),
        (True, True, False) + (False,) * 7,
        3,
        "moderate",
    ),
    (
        "PCL-5 by item number, total 101698-9",
        "pcl5",
        response(
            [
                *(item(str(number), {"valueInteger": 2}) for number in range(1, 21)),
                item("/101698-9", {"valueInteger": 40}),
            ],
            questionnaire=fhir.QUESTIONNAIRE_URLS["pcl5"],
        ),
        (2,) * 20,
        40,
        None,
    ),
    (
        "C-SSRS screener: question 2 no, questions 3-5 skipped, behaviour over 3 months ago",
        "cssrs",
        response(
            [
                item("/93246-7", coded(YES)),
                item("/93247-5", coded(NO)),
                item("/93267-3", coded(YES)),
                item("/93269-9", coded(NO)),
            ]
        ),
        (True, False, None, None, None, True),
        None,
        "moderate",
    ),
]


@pytest.mark.parametrize(
    ("instrument", "resource", "answers", "total", "band"),
    [case[1:] for case in INSTRUMENT_CASES],
    ids=[case[0] for case in INSTRUMENT_CASES],
)
def test_each_instrument_reads_as_its_answers(instrument, resource, answers, total, band):
    QuestionnaireResponse.model_validate(resource)
    read = read_from(resource)
    assert read.instrument == instrument
    assert read.answers == answers
    assert (read.score().total, read.score().band) == (total, band)
    assert fhir.from_questionnaire_response(resource, instrument=instrument) == read.assessment


def test_options_the_form_does_not_carry_are_given_by_the_caller():
    """AUDIT-C's sex is no question of the form; a total of 3 is positive for women only."""
    items = [
        item("/68518-0", coded("LA18927-6")),  # 2
        item("/68519-8", coded("LA15695-2")),  # 1
        item("/68520-6", coded("LA6270-8")),  # 0
        item("/75626-2", {"valueInteger": 3}),
    ]
    assert read_from(response(items)).score().band is None
    assert read_from(response(items), options={"sex": "female"}).score().band == "positive"
    assert read_from(response(items), options={"sex": "male"}).score().band == "negative"
    with pytest.raises(UnknownCodeError):
        fhir.from_questionnaire_response(response(items), options={"cutoff": 3})
    with pytest.raises(InvalidTypeError):
        fhir.from_questionnaire_response(response(items), options=["sex"])
    with pytest.raises(InvalidValueError, match="is given by the form too"):
        fhir.from_questionnaire_response(
            INSTRUMENT_CASES[-1][2], options={"behaviour_within_3_months": True}
        )


def test_the_cssrs_follow_up_is_an_option():
    read = read_from(INSTRUMENT_CASES[-1][2])
    assert read.options == (("behaviour_within_3_months", False),)


def test_audit_and_audit_c_totals_are_not_swapped():
    # https://loinc.org/75626-2 (AUDIT-C, panel 72109-2); https://cdn.loinc.org/72110-0
    # (AUDIT, total 75624-7). Some codebases swap them.
    assert (FORMS["audit_c"].total, FORMS["audit"].total) == ("75626-2", "75624-7")
    audit_c_with_audit_total = response(
        [*INSTRUMENT_CASES[3][2]["item"][:3], item("/75624-7", {"valueInteger": 4})]
    )
    with pytest.raises(UnknownCodeError, match="is the AUDIT total") as refused:
        fhir.from_questionnaire_response(audit_c_with_audit_total, instrument="audit_c")
    assert refused.value.field == "QuestionnaireResponse.item[3].linkId"


# ---------------------------------------------------------------- answers as they come


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (coded("any-code", weight=3), 3),  # AUDIT item 4 has no confirmed answer codes
        (coded("any-code", weight=1, url=ITEM_WEIGHT_URL), 1),
        ({"valueInteger": 4}, 4),
        ({"valueDecimal": 2.0}, 2),
        (
            coded(
                "asked-declined", system="http://terminology.hl7.org/CodeSystem/data-absent-reason"
            ),
            None,
        ),
    ],
)
def test_an_audit_item_answer_in_each_form(answer, expected):
    read = read_from(response([item("/97734-8", answer)]), instrument="audit")
    assert read.answers[3] == expected
    assert read.answers[:3] == (None, None, None)


def test_a_weight_that_disagrees_with_the_answer_code_is_refused():
    resource = response([item("/44250-9", coded("LA6570-1", weight=3))])
    with pytest.raises(InvalidValueError, match="is not the weight of LA6570-1") as refused:
        fhir.from_questionnaire_response(resource)
    assert refused.value.field == "QuestionnaireResponse.item[0].answer[0].valueCoding.extension"


def test_a_matching_weight_is_taken():
    resource = response([item("/44250-9", coded("LA6570-1", weight=2))])
    assert read_from(resource).answers[0] == 2


# ---------------------------------------------------------------- missing stays missing


def test_unanswered_and_skipped_items_stay_missing():
    items = phq9_items([1, 1, None, 1, 1, 1, 1, 1, 1])
    items.insert(2, item("/44259-0"))  # present, no answer
    items[5] = item("/44258-2")  # another one with no answer
    read = read_from(response(items))
    assert read.answers == (1, 1, None, 1, 1, None, 1, 1, 1)
    assert read.score().total is None
    assert read.score().missing == (3, 6)


def test_a_declined_answer_is_missing():
    # The PHR IG PHQ-9 Questionnaire offers data-absent-reason "asked-declined" on item 9.
    items = phq9_items([0] * 8 + [None])
    absent = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
    items.append(item("/44260-8", coded("asked-declined", system=absent)))
    read = read_from(response(items))
    assert read.answers[8] is None
    assert read.score().complete is False


# ---------------------------------------------------------------- totals the form carries


def test_a_total_that_disagrees_with_the_answers_is_refused():
    resource = response([*phq9_items([1] * 9), item("/44261-6", {"valueInteger": 10})])
    with pytest.raises(InvalidValueError, match="disagrees with its answers") as refused:
        fhir.from_questionnaire_response(resource)
    assert (refused.value.value, refused.value.allowed) == (10, "9")
    assert "44261-6" in refused.value.field


def test_a_total_of_an_incomplete_form_is_refused():
    # LHC-Forms' PHQ-9 calculatedExpression counts an unanswered item as 0
    # (lforms-fhir-app cypress/fixtures/R4/phq9.json); iopcore never does.
    resource = response([*phq9_items([1] * 8 + [None]), item("/44261-6", {"valueInteger": 8})])
    with pytest.raises(InvalidValueError, match="items 9 are not answered"):
        fhir.from_questionnaire_response(resource)


def test_a_total_that_agrees_is_kept():
    resource = response([*phq9_items([1] * 9), item("/44261-6", {"valueInteger": 9})])
    assert read_from(resource).score().total == 9


# ---------------------------------------------------------------- refusals, by FHIR path

PHQ9_OK = phq9_items([1] * 9)


def with_item(index, replaced):
    items = [dict(entry) for entry in PHQ9_OK]
    items[index] = replaced
    return response(items)


# (case, resource, error type, field)
REFUSALS = [
    (
        "free text",
        with_item(0, item("/44250-9", {"valueString": "I feel sad every day"})),
        InvalidTypeError,
        "QuestionnaireResponse.item[0].answer[0].valueString",
    ),
    (
        "unknown answer code",
        with_item(3, item("/44254-1", coded("LA9999-9"))),
        UnknownCodeError,
        "QuestionnaireResponse.item[3].answer[0].valueCoding.code",
    ),
    (
        "answer out of range",
        with_item(3, item("/44254-1", {"valueInteger": 4})),
        InvalidValueError,
        "QuestionnaireResponse.item[3].answer[0].valueInteger",
    ),
    (
        "a yes/no on a numeric item",
        with_item(1, item("/44255-8", {"valueBoolean": True})),
        InvalidTypeError,
        "QuestionnaireResponse.item[1].answer[0].valueBoolean",
    ),
    (
        "a fraction",
        with_item(1, item("/44255-8", {"valueDecimal": 1.5})),
        InvalidValueError,
        "QuestionnaireResponse.item[1].answer[0].valueDecimal",
    ),
    (
        "two answers",
        with_item(0, item("/44250-9", coded(FREQUENCY[0]), coded(FREQUENCY[1]))),
        InvalidValueError,
        "QuestionnaireResponse.item[0].answer",
    ),
    (
        "an unknown item",
        with_item(2, item("/12345-6", {"valueInteger": 1})),
        UnknownCodeError,
        "QuestionnaireResponse.item[2].linkId",
    ),
    (
        "an item given twice",
        with_item(2, item("/44250-9", coded(FREQUENCY[1]))),
        InvalidValueError,
        "QuestionnaireResponse.item[2].linkId",
    ),
    (
        "another code system",
        with_item(0, item("/44250-9", coded("1", system="http://snomed.info/sct"))),
        UnknownCodeError,
        "QuestionnaireResponse.item[0].answer[0].valueCoding.system",
    ),
    (
        "a modifier extension",
        with_item(0, {**PHQ9_OK[0], "modifierExtension": [{"url": "http://example.org/x"}]}),
        InvalidValueError,
        "QuestionnaireResponse.item[0].modifierExtension",
    ),
    (
        "an answer with items below it",
        with_item(0, item("/44250-9", {**coded(FREQUENCY[0]), "item": [item("x")]})),
        UnknownCodeError,
        "QuestionnaireResponse.item[0].answer[0].item",
    ),
    (
        "R5's list of identifiers",
        response(PHQ9_OK, identifier=[{"value": "a"}]),
        InvalidValueError,
        "QuestionnaireResponse.identifier",
    ),
    (
        "an element R4 does not have",
        response(PHQ9_OK, answerConstraint="optionsOnly"),
        UnknownCodeError,
        "QuestionnaireResponse.answerConstraint",
    ),
    (
        "entered in error",
        response(PHQ9_OK, status="entered-in-error"),
        InvalidValueError,
        "QuestionnaireResponse.status",
    ),
    (
        "no subject",
        {key: value for key, value in response(PHQ9_OK).items() if key != "subject"},
        InvalidTypeError,
        "QuestionnaireResponse.subject",
    ),
    (
        "a subject that is no Patient",
        response(PHQ9_OK, subject={"reference": "Group/g-1"}),
        InvalidValueError,
        "QuestionnaireResponse.subject.reference",
    ),
    (
        "a datetime without its offset",
        response(PHQ9_OK, authored="2026-03-02T09:30:00"),
        NaiveDateTimeError,
        "QuestionnaireResponse.authored",
    ),
    (
        "a month, not a day",
        response(PHQ9_OK, authored="2026-03"),
        InvalidValueError,
        "QuestionnaireResponse.authored",
    ),
    (
        "another resource",
        {**response(PHQ9_OK), "resourceType": "Observation"},
        InvalidValueError,
        "resource.resourceType",
    ),
    (
        "the C-SSRS skip rule broken (question 3 yes after question 2 no)",
        response(
            [
                item("/93246-7", coded(YES)),
                item("/93247-5", coded(NO)),
                item("/93248-3", coded(YES)),
                item("/93267-3", coded(NO)),
            ]
        ),
        InvalidValueError,
        "QuestionnaireResponse.item",
    ),
]


@pytest.mark.parametrize(
    ("resource", "error", "field"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_what_is_not_understood_is_refused_at_its_path(resource, error, field):
    with pytest.raises(error) as refused:
        fhir.from_questionnaire_response(resource)
    assert refused.value.field == field
    assert "sad" not in str(refused.value)
    assert "2026-03" not in str(refused.value)  # dates of care are not shown


def test_several_problems_come_together():
    items = [dict(entry) for entry in PHQ9_OK]
    items[0] = item("/44250-9", {"valueInteger": 7})
    items[4] = item("/44251-7", coded("LA0000-0"))
    with pytest.raises(IopcoreErrorGroup) as refused:
        fhir.from_questionnaire_response(response(items))
    fields = sorted(member.field for member in refused.value.exceptions)
    assert fields == [
        "QuestionnaireResponse.item[0].answer[0].valueInteger",
        "QuestionnaireResponse.item[4].answer[0].valueCoding.code",
    ]


def test_an_instrument_it_cannot_read_is_refused():
    with pytest.raises(UnknownCodeError):
        fhir.from_questionnaire_response(response(PHQ9_OK), instrument="bam")
    with pytest.raises(UnknownCodeError, match="name the instrument"):
        fhir.from_questionnaire_response(response([item("/12345-6", {"valueInteger": 1})]))


def test_iopcores_logical_reference_and_a_plain_date_are_read():
    resource = response(
        PHQ9_OK,
        subject={"type": "Patient", "identifier": {"value": "mrn 42"}},
        authored="2026-03-02",
    )
    read = read_from(resource)
    assert (read.participant_id, read.assessed_on) == ("mrn 42", pendulum.date(2026, 3, 2))


# ---------------------------------------------------------------- round trip

SUPPORTED = sorted(FORMS)


@given(st.sampled_from(SUPPORTED).flatmap(ios.responses_with_options), st.booleans())
def test_answers_written_as_a_response_read_back_equal(kept, as_datetime):
    """Answers written by to_questionnaire_response and read back are the same answers,
    the C-SSRS follow-up included, and the resource is a valid R4(B) QuestionnaireResponse."""
    authored = (
        pendulum.datetime(2026, 3, 2, 9, 30, tz="America/New_York")
        if as_datetime
        else pendulum.date(2026, 3, 2)
    )
    resource = fhir.to_questionnaire_response(kept, participant_id="p-001", authored=authored)
    QuestionnaireResponse.model_validate(resource)
    read = read_from(resource)
    assert (read.instrument, read.answers, read.participant_id) == (
        kept.instrument,
        kept.answers,
        "p-001",
    )
    assert read.assessed_on == pendulum.date(2026, 3, 2)
    follow_up = [
        (name, value) for name, value in kept.options if name == "behaviour_within_3_months"
    ]
    assert list(read.options) == [pair for pair in follow_up if pair[1] is not None]
    assert read.score() == kept.score() or kept.instrument == "audit_c"  # sex is not written


def test_export_refuses_what_it_cannot_write():
    with pytest.raises(InvalidTypeError):
        fhir.to_questionnaire_response(
            Responses(instrument="bam", answers=[0] * 17), participant_id="p", authored=None
        )
    kept = Responses(instrument="phq9", answers=[0] * 9)
    with pytest.raises(NaiveDateTimeError):
        fhir.to_questionnaire_response(
            kept, participant_id="p-1", authored=pendulum.naive(2026, 3, 2, 9)
        )
    with pytest.raises(InvalidTypeError):
        fhir.to_questionnaire_response(kept, participant_id="p-1", authored="2026-03-02")


# (case, resource, instrument, error type, field)
MORE_REFUSALS = [
    (
        "a system that is no text",
        with_item(0, item("/44250-9", coded("LA6568-5", system=5))),
        None,
        InvalidTypeError,
        "QuestionnaireResponse.item[0].answer[0].valueCoding.system",
    ),
    ("not a dict", [], None, InvalidTypeError, "resource"),
    (
        "an unknown status",
        response(PHQ9_OK, status="draft"),
        None,
        UnknownCodeError,
        "QuestionnaireResponse.status",
    ),
    (
        "a value[x] on the resource",
        response(PHQ9_OK, valueInteger=1),
        None,
        UnknownCodeError,
        "QuestionnaireResponse.valueInteger",
    ),
    (
        "an element name that is no string",
        {**response(PHQ9_OK), 1: 2},
        None,
        InvalidTypeError,
        "QuestionnaireResponse",
    ),
    (
        "implicit rules",
        response(PHQ9_OK, implicitRules="http://example.org/rules"),
        None,
        InvalidValueError,
        "QuestionnaireResponse.implicitRules",
    ),
    (
        "a subject without a reference",
        response(PHQ9_OK, subject={"display": "someone"}),
        None,
        InvalidValueError,
        "QuestionnaireResponse.subject",
    ),
    (
        "authored not text",
        response(PHQ9_OK, authored=20260302),
        None,
        InvalidTypeError,
        "QuestionnaireResponse.authored",
    ),
    (
        "authored not a day",
        response(PHQ9_OK, authored="2026-02-30"),
        None,
        InvalidValueError,
        "QuestionnaireResponse.authored",
    ),
    (
        "authored with a space",
        response(PHQ9_OK, authored="2026-03-02 09:30:00+00:00"),
        None,
        InvalidValueError,
        "QuestionnaireResponse.authored",
    ),
    (
        "authored not a date at all",
        response(PHQ9_OK, authored="soon"),
        None,
        InvalidValueError,
        "QuestionnaireResponse.authored",
    ),
    (
        "items not a list",
        response({"linkId": "x"}),
        None,
        InvalidTypeError,
        "QuestionnaireResponse.item",
    ),
    (
        "an item without linkId",
        with_item(0, {"answer": []}),
        None,
        InvalidValueError,
        "QuestionnaireResponse.item[0].linkId",
    ),
    (
        "an item with answers and items",
        with_item(0, {**PHQ9_OK[0], "item": []}),
        None,
        InvalidValueError,
        "QuestionnaireResponse.item[0]",
    ),
    (
        "an answer with no value",
        with_item(0, item("/44250-9", {})),
        None,
        InvalidValueError,
        "QuestionnaireResponse.item[0].answer[0]",
    ),
    (
        "an answer with two values",
        with_item(0, item("/44250-9", {"valueInteger": 1, "valueDecimal": 1})),
        None,
        InvalidValueError,
        "QuestionnaireResponse.item[0].answer[0]",
    ),
    (
        "a weight out of range",
        with_item(0, item("/44250-9", coded("x", weight=7))),
        None,
        InvalidValueError,
        "QuestionnaireResponse.item[0].answer[0].valueCoding",
    ),
    (
        "a weight that is no number",
        with_item(0, item("/44250-9", coded("x", weight="2"))),
        None,
        InvalidValueError,
        "QuestionnaireResponse.item[0].answer[0].valueCoding.extension[0].valueDecimal",
    ),
    (
        "a number on a yes/no item",
        response([item("/93246-7", {"valueInteger": 1})]),
        None,
        InvalidTypeError,
        "QuestionnaireResponse.item[0].answer[0].valueInteger",
    ),
    (
        "an unknown yes/no code",
        response([item("/93246-7", coded("LA0-0"))]),
        None,
        UnknownCodeError,
        "QuestionnaireResponse.item[0].answer[0].valueCoding.code",
    ),
    (
        "a bad 'how difficult' answer",
        response([*PHQ9_OK, item("/69722-7", coded("LA6568-5"))]),
        None,
        UnknownCodeError,
        "QuestionnaireResponse.item[9].answer[0].valueCoding.code",
    ),
    (
        "AUDIT-C items alone fit AUDIT too",
        response(INSTRUMENT_CASES[3][2]["item"][:3]),
        None,
        UnknownCodeError,
        "QuestionnaireResponse.item",
    ),
    (
        "item numbers without iopcore's questionnaire",
        response([item("1", {"valueBoolean": True})]),
        "dast10",
        UnknownCodeError,
        "QuestionnaireResponse.item[0].linkId",
    ),
]


@pytest.mark.parametrize(
    ("resource", "instrument", "error", "field"),
    [case[1:] for case in MORE_REFUSALS],
    ids=[case[0] for case in MORE_REFUSALS],
)
def test_more_refusals_at_their_paths(resource, instrument, error, field):
    with pytest.raises(error) as refused:
        fhir.from_questionnaire_response(resource, instrument=instrument)
    assert refused.value.field == field
    assert "someone" not in str(refused.value)


def test_known_items_that_carry_no_score_are_accepted():
    difficult = item("/69722-7", coded("LA6573-5"))
    read = read_from(response([*PHQ9_OK, difficult, item("/44261-6")]))
    assert read.answers == (1,) * 9
    gender = item("/46098-0", coded("female", system=None))  # AUDIT's 46098-0 is not read
    audit = read_from(response([gender, item("/75624-7"), item("/68518-0", coded("LA6270-8"))]))
    assert audit.instrument == "audit"
    assert audit.answers[0] == 0
    follow_up_unanswered = response([item("/93246-7", coded(NO)), item("/93269-9")])
    assert read_from(follow_up_unanswered).options == ()


def test_small_cases_of_reading_and_writing():
    without_date = {key: value for key, value in response(PHQ9_OK).items() if key != "authored"}
    with pytest.raises(InvalidValueError, match="is needed to date the assessment") as refused:
        fhir.from_questionnaire_response(without_date)
    assert refused.value.field == "QuestionnaireResponse.authored"
    labelled = coded("LA6570-1")
    labelled["valueCoding"]["extension"] = [{"url": "http://example.org/label", "valueString": "x"}]
    assert read_from(with_item(0, item("/44250-9", labelled))).answers[0] == 2
    with pytest.raises(UnknownCodeError, match="is a GAD-7 item"):
        fhir.from_questionnaire_response(with_item(0, item("/69725-0", coded("LA6568-5"))))
    with pytest.raises(InvalidTypeError):
        fhir.to_questionnaire_response(
            [0] * 9, participant_id="p-1", authored=pendulum.date(2026, 3, 2)
        )


def test_export_writes_loinc_codes_where_confirmed_and_item_numbers_elsewhere():
    day = pendulum.date(2026, 3, 2)
    dast = fhir.to_questionnaire_response(
        Responses(instrument="dast10", answers=[True] + [False] * 9),
        participant_id="p-1",
        authored=day,
    )
    assert dast["questionnaire"] == fhir.QUESTIONNAIRE_URLS["dast10"]
    assert dast["item"][0] == {"linkId": "1", "answer": [{"valueBoolean": True}]}
    assert dast["item"][-1] == {"linkId": "/82667-7", "answer": [{"valueInteger": 2}]}
    screener = fhir.to_questionnaire_response(
        Responses(
            instrument="cssrs",
            answers=[True, True, False, False, False, True],
            options={"behaviour_within_3_months": True},
        ),
        participant_id="p-1",
        authored=day,
    )
    assert [entry["linkId"] for entry in screener["item"]] == [
        "/93246-7",
        "/93247-5",
        "/93248-3",
        "/93249-1",
        "/93250-9",
        "/93267-3",
        "/93269-9",
    ]
    assert screener["item"][-1]["answer"] == [{"valueCoding": {"system": LOINC, "code": YES}}]
    assert read_from(screener).score().band == "high"
