"""FHIR import: the HL7 US Behavioral Health Profiles IG's QuestionnaireResponse examples.

The IG's repository publishes its examples as FHIR XML only; they are kept here
unchanged (tests/fixtures/fhir, source, commit and licence in its README) and turned
into FHIR JSON by ``_json`` below, which knows the few QuestionnaireResponse elements
that repeat. The JSON is then checked against the R4B model of ``fhir.resources``
before iopcore reads it.
"""

from __future__ import annotations

import pathlib
import xml.etree.ElementTree as ET

import pendulum
import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from iopcore import fhir
from iopcore.exceptions import UnknownCodeError

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "fhir"
NS = "{http://hl7.org/fhir}"
#: Elements of a QuestionnaireResponse (and its data types) that repeat (max ``*``).
REPEATING = frozenset({"item", "answer", "coding", "profile"})
NUMBERS = {"valueDecimal": float, "valueInteger": int}


def _element(node: ET.Element) -> dict:
    out: dict = {}
    for child in node:
        name = child.tag.removeprefix(NS)
        text = child.get("value")
        value = _element(child) if text is None else NUMBERS.get(name, str)(text)
        if name in REPEATING:
            out.setdefault(name, []).append(value)
        else:
            assert name not in out, name
            out[name] = value
    return out


def _json(name: str) -> dict:
    root = ET.parse(FIXTURES / name).getroot()  # noqa: S314 (a fixture kept in the repository)
    resource = {"resourceType": root.tag.removeprefix(NS), **_element(root)}
    QuestionnaireResponse.model_validate(resource)
    return resource


def test_the_xml_reader_keeps_repeats_and_numbers():
    resource = _json("bhp-questionnaireresponse-phq-9-example-1.xml")
    assert len(resource["item"]) == 11
    assert resource["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6570-1"
    assert resource["item"][-1] == {
        "linkId": "/44261-6",
        "text": "Patient health questionnaire 9 item total score",
        "answer": [{"valueDecimal": 12.0}],
    }
    assert resource["meta"]["profile"] == [
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-questionnaireresponse|7.0.0"
    ]


def test_bhp_phq9_example_reads_as_its_answers_and_total():
    # LHC-Forms-style linkIds, LOINC answer codes, the "how difficult" item 69722-7
    # (not scored) and the total 12 as valueDecimal, which iopcore checks.
    read = fhir.from_questionnaire_response(_json("bhp-questionnaireresponse-phq-9-example-1.xml"))
    assert read.participant_id == "bh-patient-example"
    assert read.assessed_on == pendulum.date(2024, 2, 1)  # authored 2024-02-01T20:50:32.718Z
    assert read.responses["phq9"].answers == (2, 2, 2, 2, 1, 1, 2, 0, 0)
    score = read.scores["phq9"]
    assert (score.total, score.band, score.complete) == (12, "moderate", True)


def test_bhp_cssrs_example_is_refused_for_its_risk_level_item():
    # Items 1-8 are the C-SSRS screener's answers (all "No"); the last, 93374-7
    # "Suicide risk level", is the form's conclusion, not an answer. iopcore derives
    # the risk itself and reads no conclusion it does not check, so the item is
    # refused at its path rather than dropped.
    resource = _json("bhp-questionnaireresponse-C-SSRS-example-1.xml")
    for instrument in (None, "cssrs"):
        with pytest.raises(UnknownCodeError) as refused:
            fhir.from_questionnaire_response(resource, instrument=instrument)
        assert (refused.value.field, refused.value.value) == (
            "QuestionnaireResponse.item[7].linkId",
            "/93374-7",
        )
        assert "C-SSRS screener LOINC item codes (93246-7" in refused.value.allowed
        assert "James Wolff" not in str(refused.value)  # the subject's display is never shown


def test_bhp_cssrs_answers_without_the_risk_level_read_and_disagree_with_its_low():
    # Without the conclusion the eight answers read. Every answer is "No", which
    # iopcore (after Columbia's triage, see iopcore.instruments.cssrs) puts in no risk
    # level (band None); the form concludes "Low". One more reason not to take the
    # form's conclusion unchecked.
    resource = _json("bhp-questionnaireresponse-C-SSRS-example-1.xml")
    conclusion = resource["item"].pop()
    assert conclusion["answer"][0]["valueCoding"]["display"] == "Low"
    read = fhir.from_questionnaire_response(resource)
    assert read.participant_id == "bh-patient-example"
    assert read.assessed_on == pendulum.date(2024, 2, 1)
    assert read.responses["cssrs"].answers == (False,) * 6
    score = read.scores["cssrs"]
    assert (score.complete, score.band, score.flags) == (True, None, frozenset())
