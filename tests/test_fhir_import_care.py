"""FHIR import of care: Encounters as sessions, EpisodeOfCare as episodes, Bundles by participant.

Round trips (export, then import, gives back the values, within what each resource
holds) drawn with the iopcore.testing strategies; tables of refusals, each naming
its FHIR path; Bundles with entries skipped only on request, and said so."""

import copy
import json
import pathlib

import attrs
import pendulum
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore import fhir
from iopcore.assessments import Assessment
from iopcore.episodes import DischargeReason, Episode
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.instruments import Responses
from iopcore.levels import LevelOfCare, from_asam
from iopcore.sessions import Attendance, ServiceType, Session
from iopcore.testing import strategies as ios

D = pendulum.date
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
EHR = "urn:example:ehr-services"
ASAM = "urn:example:asam-levels"
FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "fhir"


def same_session(read, kept):
    """Equal sessions, the instants compared as timestamps and offsets (PEP 495: an
    ambiguous local time is never == a time in another tzinfo)."""
    expected = (kept.attendance, kept.attended_minutes)
    if (
        kept.attended_minutes is not None
        and kept.attended_minutes * 60 == kept.scheduled_hours * 3600
    ):
        # attended "in part" for every minute: the Encounter cannot tell, so attended
        expected = (Attendance.ATTENDED, None)
    assert (read.participant_id, read.service) == (kept.participant_id, kept.service)
    assert (read.attendance, read.attended_minutes) == expected
    assert read.hours == pytest.approx(kept.hours)
    for mine, theirs in ((read.start, kept.start), (read.end, kept.end)):
        assert mine.timestamp() == theirs.timestamp()
        assert mine.utcoffset() == theirs.utcoffset()
        assert isinstance(mine, pendulum.DateTime)


def an_encounter(**changes):
    resource = {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB"},
        "serviceType": {"coding": [{"system": fhir.SERVICE_TYPE_SYSTEM, "code": "group therapy"}]},
        "subject": {"reference": "Patient/p-001"},
        "period": {"start": "2026-03-02T09:00:00-05:00", "end": "2026-03-02T12:00:00-05:00"},
    }
    resource.update(changes)
    return {key: value for key, value in resource.items() if value is not None}


def minutes(value, code="min"):
    return {"value": value, "unit": "min", "system": "http://unitsofmeasure.org", "code": code}


# ---------------------------------------------------------------- Encounter


@given(
    session=st.sampled_from(ios.SESSION_TIME_ZONES).flatmap(
        lambda zone: (
            ios.sessions(tz=zone, around_dst=zone not in ("UTC", "Asia/Kolkata"))
            | ios.sessions(tz=zone)
        )
    )
)
def test_an_attended_session_exported_reads_back_the_same(session):
    if not session.attendance.attended:
        return  # only attended sessions are exported
    same_session(fhir.from_encounter(fhir.encounter(session)), session)


def test_an_encounter_as_an_ehr_writes_it_reads_with_a_caller_mapping():
    resource = an_encounter(
        id="enc-1",
        identifier=[{"system": "urn:example:visits", "value": "V1"}],
        serviceType={
            "coding": [{"system": "urn:example:other", "code": "X"}, {"system": EHR, "code": "IND"}]
        },
        participant=[{"individual": {"reference": "Practitioner/1"}}],
        location=[{"location": {"reference": "Location/1"}}],
        length=minutes(180.0),
    )
    read = fhir.from_encounter(resource, services={(EHR, "IND"): ServiceType.INDIVIDUAL_THERAPY})
    assert read.service is ServiceType.INDIVIDUAL_THERAPY
    assert (read.attendance, read.attended_minutes, read.hours) == (Attendance.ATTENDED, None, 3.0)
    assert read.start.isoformat() == "2026-03-02T09:00:00-05:00"
    assert read.participant_id == "p-001"


def test_a_session_attended_in_part_for_all_its_minutes_reads_as_attended():
    kept = Session(
        participant_id="p-001",
        service="group therapy",
        start=pendulum.datetime(2026, 3, 2, 9, tz="UTC"),
        end=pendulum.datetime(2026, 3, 2, 11, tz="UTC"),
        attendance="attended in part",
        attended_minutes=120,
    )
    read = fhir.from_encounter(fhir.encounter(kept))
    assert (read.attendance, read.attended_minutes, read.hours) == (Attendance.ATTENDED, None, 2.0)
    same_session(read, kept)


def test_a_cancelled_encounter_is_a_cancelled_session():
    read = fhir.from_encounter(an_encounter(status="cancelled"))
    assert (read.attendance, read.hours) == (Attendance.CANCELLED, 0.0)
    assert fhir.from_encounter(an_encounter(status="cancelled", length=minutes(0))) == read


def test_a_logical_reference_names_the_participant():
    resource = an_encounter(subject={"type": "Patient", "identifier": {"value": "p 1"}})
    assert fhir.from_encounter(resource).participant_id == "p 1"


# (case, changes, error type, field)
ENCOUNTER_REFUSALS = [
    (
        "not an Encounter",
        {"resourceType": "Observation"},
        InvalidValueError,
        "resource.resourceType",
    ),
    ("planned", {"status": "planned"}, UnknownCodeError, "Encounter.status"),
    ("in progress", {"status": "in-progress"}, UnknownCodeError, "Encounter.status"),
    ("an R5 status", {"status": "completed"}, UnknownCodeError, "Encounter.status"),
    ("no status", {"status": None}, UnknownCodeError, "Encounter.status"),
    ("entered in error", {"status": "entered-in-error"}, InvalidValueError, "Encounter.status"),
    (
        "inpatient",
        {"class": {"system": ACT_CODE, "code": "IMP"}},
        UnknownCodeError,
        "Encounter.class",
    ),
    ("class without system", {"class": {"code": "AMB"}}, UnknownCodeError, "Encounter.class"),
    ("R5 class list", {"class": [{"coding": []}]}, InvalidValueError, "Encounter.class"),
    ("R5 serviceType list", {"serviceType": []}, InvalidValueError, "Encounter.serviceType"),
    ("R5 actualPeriod", {"actualPeriod": {}}, InvalidValueError, "Encounter.actualPeriod"),
    ("R5 virtualService", {"virtualService": []}, InvalidValueError, "Encounter.virtualService"),
    (
        "an unknown service",
        {"serviceType": {"coding": [{"system": EHR, "code": "GRP"}]}},
        UnknownCodeError,
        "Encounter.serviceType.coding",
    ),
    ("no service", {"serviceType": None}, InvalidTypeError, "Encounter.serviceType"),
    (
        "two services",
        {
            "serviceType": {
                "coding": [
                    {"system": fhir.SERVICE_TYPE_SYSTEM, "code": "group therapy"},
                    {"system": fhir.SERVICE_TYPE_SYSTEM, "code": "skills group"},
                ]
            }
        },
        InvalidValueError,
        "Encounter.serviceType.coding",
    ),
    ("a modifier", {"modifierExtension": []}, InvalidValueError, "Encounter.modifierExtension"),
    ("an unknown element", {"colour": "red"}, UnknownCodeError, "Encounter.colour"),
    ("no subject", {"subject": None}, InvalidTypeError, "Encounter.subject"),
    (
        "a group subject",
        {"subject": {"reference": "Group/1"}},
        InvalidValueError,
        "Encounter.subject.reference",
    ),
    ("no period", {"period": None}, InvalidTypeError, "Encounter.period"),
    (
        "a date, not a dateTime",
        {"period": {"start": "2026-03-02", "end": "2026-03-02T12:00:00-05:00"}},
        InvalidValueError,
        "Encounter.period.start",
    ),
    (
        "no offset",
        {"period": {"start": "2026-03-02T09:00:00", "end": "2026-03-02T12:00:00-05:00"}},
        NaiveDateTimeError,
        "Encounter.period.start",
    ),
    (
        "no end",
        {"period": {"start": "2026-03-02T09:00:00-05:00"}},
        InvalidTypeError,
        "Encounter.period.end",
    ),
    (
        "end before start",
        {"period": {"start": "2026-03-02T12:00:00-05:00", "end": "2026-03-02T09:00:00-05:00"}},
        InvalidValueError,
        "Encounter.period.end",
    ),
    (
        "an element in period",
        {"period": {"start": "x", "end": "y", "duration": 1}},
        UnknownCodeError,
        "Encounter.period.duration",
    ),
    (
        "hours, not minutes",
        {"length": minutes(3, code="h")},
        UnknownCodeError,
        "Encounter.length.code",
    ),
    (
        "a length not a number",
        {"length": minutes("180")},
        InvalidValueError,
        "Encounter.length.value",
    ),
    ("a negative length", {"length": minutes(-1)}, InvalidValueError, "Encounter.length.value"),
    (
        "longer than the period",
        {"length": minutes(181)},
        InvalidValueError,
        "Encounter.length.value",
    ),
    ("part of a minute", {"length": minutes(90.5)}, InvalidValueError, "Encounter.length.value"),
    ("no minutes attended", {"length": minutes(0)}, InvalidValueError, "Encounter.length.value"),
    (
        "an approximate length",
        {"length": {**minutes(90), "comparator": "<"}},
        InvalidValueError,
        "Encounter.length.comparator",
    ),
    (
        "an element in length",
        {"length": {**minutes(90), "x": 1}},
        UnknownCodeError,
        "Encounter.length.x",
    ),
    (
        "time attended in a cancelled encounter",
        {"status": "cancelled", "length": minutes(30)},
        InvalidValueError,
        "Encounter.length.value",
    ),
    (
        "longer than a session can be",
        {"period": {"start": "2026-03-02T00:00:00-05:00", "end": "2026-03-02T13:00:00-05:00"}},
        InvalidValueError,
        "Encounter.period.end",
    ),
]


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [case[1:] for case in ENCOUNTER_REFUSALS],
    ids=[case[0] for case in ENCOUNTER_REFUSALS],
)
def test_an_encounter_not_understood_is_refused_at_its_path(changes, error, field):
    with pytest.raises(error) as refused:
        fhir.from_encounter(an_encounter(**changes))
    assert type(refused.value) is error
    assert refused.value.field == field
    assert "2026-03-02" not in str(refused.value)  # times of care are never shown


def test_an_r5_element_says_it_is_r5():
    with pytest.raises(InvalidValueError) as refused:
        fhir.from_encounter(an_encounter(actualPeriod={"start": "2026-03-02T09:00:00-05:00"}))
    assert "R5" in str(refused.value)


def test_every_problem_of_an_encounter_is_reported_at_once():
    resource = an_encounter(status="planned", subject={}, serviceType={"coding": []})
    with pytest.raises(IopcoreErrorGroup) as refused:
        fhir.from_encounter(resource)
    fields = {error.field for error in refused.value.exceptions}
    assert fields == {"Encounter.status", "Encounter.subject", "Encounter.serviceType.coding"}


@pytest.mark.parametrize(
    ("services", "error", "field"),
    [
        ("group therapy", InvalidTypeError, "services"),
        ({"GRP": "group therapy"}, InvalidTypeError, "services key"),
        ({(EHR, 1): "group therapy"}, InvalidTypeError, "services key"),
        ({(EHR, "GRP"): "yoga"}, UnknownCodeError, "services[('urn:example:ehr-services', 'GRP')]"),
    ],
)
def test_a_bad_service_mapping_is_refused(services, error, field):
    with pytest.raises(error) as refused:
        fhir.from_encounter(an_encounter(), services=services)
    assert refused.value.field == field


# ---------------------------------------------------------------- EpisodeOfCare

AS_OF = D(2026, 1, 1)


@settings(max_examples=150)
@given(episode=ios.episodes(as_of=AS_OF), back=st.integers(-10, 800))
def test_an_episode_exported_reads_back_as_known_on_as_of(episode, back):
    """What an EpisodeOfCare holds comes back: participant, admission, discharge
    date, and the level on as_of (on the last day in care, once discharged)."""
    on = AS_OF.subtract(days=back)
    known = episode.known_on(on)
    read = fhir.from_episode_of_care(
        fhir.episode_of_care(episode, as_of=on), as_of=on, discharge_reason="administrative"
    )
    assert (read.participant_id, read.admitted) == (known.participant_id, known.admitted)
    assert read.level_changes == ()  # the history is not in the resource: none is invented
    if known.discharge is None:
        assert read.discharge is None
        day = max(on, known.admitted)
    else:
        assert read.discharge.effective == known.discharge.effective
        assert read.discharge.recorded == on
        day = known.discharge.effective.subtract(days=1)
        assert read.length_of_stay(on) == known.length_of_stay(on)
    assert read.level_on(day) == known.level_on(day)
    assert read.is_discharged(on) == known.is_discharged(on)


@given(episode=ios.episodes(as_of=AS_OF, max_events=0))
def test_an_episode_without_changes_reads_back_equal(episode):
    resource = fhir.episode_of_care(episode, as_of=AS_OF)
    # program_id is not exported (an EpisodeOfCare names no program here)
    assert fhir.from_episode_of_care(resource, as_of=AS_OF) == attrs.evolve(
        episode, program_id=None
    )


def an_episode(**changes):
    resource = {
        "resourceType": "EpisodeOfCare",
        "status": "finished",
        "type": [{"coding": [{"system": fhir.LEVEL_OF_CARE_SYSTEM, "code": "IOP"}]}],
        "patient": {"reference": "Patient/p-001"},
        "period": {"start": "2025-11-03", "end": "2025-12-12"},
    }
    resource.update(changes)
    return {key: value for key, value in resource.items() if value is not None}


def read_episode(resource, **given):
    return fhir.from_episode_of_care(
        resource, **{"as_of": AS_OF, "discharge_reason": DischargeReason.GOALS_MET, **given}
    )


def test_asam_levels_read_through_a_caller_mapping():
    asam = {(ASAM, code): from_asam(code, edition=3) for code in ("1", "2.1", "2.5")}
    resource = an_episode(
        status="active",
        period={"start": "2025-12-01T08:00:00+01:00"},  # a dateTime: its date as written
        type=[
            {"coding": [{"system": "urn:example:programs", "code": "adult"}]},
            {"coding": [{"system": ASAM, "code": "2.5", "display": "PHP"}]},
        ],
        statusHistory=[
            {"status": "planned", "period": {"start": "2025-11-20", "end": "2025-11-30"}},
            {"status": "active", "period": {"start": "2025-12-01"}},
        ],
        managingOrganization={"reference": "Organization/1"},
    )
    read = read_episode(resource, levels=asam)
    assert (read.admitted, read.initial_level) == (
        D(2025, 12, 1),
        LevelOfCare.PARTIAL_HOSPITALIZATION,
    )
    assert read.discharge is None


def test_a_finished_episode_inverts_the_inclusive_end():
    read = read_episode(an_episode())
    assert (read.admitted, read.discharge.effective) == (D(2025, 11, 3), D(2025, 12, 13))
    assert read.discharge.reason is DischargeReason.GOALS_MET
    assert read.length_of_stay(AS_OF) == 40  # 3 Nov to 12 Dec, both in care
    assert read.level_on(D(2025, 12, 12)) is LevelOfCare.INTENSIVE_OUTPATIENT
    assert read.level_on(D(2025, 12, 13)) is None
    assert read.known_on(D(2025, 12, 20)).discharge is None  # told of on as_of, not before


def test_a_planned_episode_starts_after_as_of():
    read = read_episode(an_episode(status="planned", period={"start": "2026-02-01"}))
    assert (read.admitted, read.level_on(AS_OF)) == (D(2026, 2, 1), None)


IOP_TYPE = [{"coding": [{"system": fhir.LEVEL_OF_CARE_SYSTEM, "code": "IOP"}]}]
PHP_TYPE = [{"coding": [{"system": fhir.LEVEL_OF_CARE_SYSTEM, "code": "PHP"}]}]

# (case, changes, options, error type, field)
EPISODE_REFUSALS = [
    (
        "not an EpisodeOfCare",
        {"resourceType": "Encounter"},
        {},
        InvalidValueError,
        "resource.resourceType",
    ),
    ("waitlist", {"status": "waitlist"}, {}, InvalidValueError, "EpisodeOfCare.status"),
    ("on hold", {"status": "onhold"}, {}, InvalidValueError, "EpisodeOfCare.status"),
    ("cancelled", {"status": "cancelled"}, {}, InvalidValueError, "EpisodeOfCare.status"),
    (
        "entered in error",
        {"status": "entered-in-error"},
        {},
        InvalidValueError,
        "EpisodeOfCare.status",
    ),
    ("an unknown status", {"status": "done"}, {}, UnknownCodeError, "EpisodeOfCare.status"),
    ("R5 reason", {"reason": []}, {}, InvalidValueError, "EpisodeOfCare.reason"),
    ("an unknown element", {"level": "IOP"}, {}, UnknownCodeError, "EpisodeOfCare.level"),
    ("a modifier", {"implicitRules": "x"}, {}, InvalidValueError, "EpisodeOfCare.implicitRules"),
    ("no type", {"type": None}, {}, InvalidTypeError, "EpisodeOfCare.type"),
    ("an empty type", {"type": []}, {}, InvalidValueError, "EpisodeOfCare.type"),
    (
        "an unknown level",
        {"type": [{"coding": [{"system": ASAM, "code": "2.1"}]}]},
        {},
        UnknownCodeError,
        "EpisodeOfCare.type[0].coding",
    ),
    ("two levels", {"type": IOP_TYPE + PHP_TYPE}, {}, InvalidValueError, "EpisodeOfCare.type"),
    ("a type not a concept", {"type": ["IOP"]}, {}, InvalidTypeError, "EpisodeOfCare.type[0]"),
    ("no patient", {"patient": None}, {}, InvalidTypeError, "EpisodeOfCare.patient"),
    ("no period", {"period": None}, {}, InvalidTypeError, "EpisodeOfCare.period"),
    (
        "no start",
        {"period": {"end": "2025-12-12"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.period.start",
    ),
    (
        "a bad date",
        {"period": {"start": "2025-13-03"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.period.start",
    ),
    (
        "finished without an end",
        {"period": {"start": "2025-11-03"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.period.end",
    ),
    (
        "an end before the start",
        {"period": {"start": "2025-11-03", "end": "2025-11-01"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.period.end",
    ),
    (
        "finished after as_of",
        {"period": {"start": "2025-11-03", "end": "2026-01-01"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.period.end",
    ),
    (
        "finished on the last day there is",
        {"period": {"start": "2025-11-03", "end": "9999-12-31"}},
        {"as_of": D(9999, 12, 31)},
        InvalidValueError,
        "EpisodeOfCare.period.end",
    ),
    (
        "active with an end",
        {"status": "active"},
        {},
        InvalidValueError,
        "EpisodeOfCare.period.end",
    ),
    (
        "active but starting after as_of",
        {"status": "active", "period": {"start": "2026-02-01"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.status",
    ),
    (
        "planned but started",
        {"status": "planned", "period": {"start": "2025-12-01"}},
        {},
        InvalidValueError,
        "EpisodeOfCare.status",
    ),
    (
        "finished without a reason",
        {},
        {"discharge_reason": None},
        InvalidValueError,
        "discharge_reason",
    ),
    ("an unknown reason", {}, {"discharge_reason": "bored"}, UnknownCodeError, "discharge_reason"),
    (
        "a bad status history",
        {"statusHistory": [{"status": "paused", "period": {"start": "2025-11-03"}}]},
        {},
        UnknownCodeError,
        "EpisodeOfCare.statusHistory[0].status",
    ),
    (
        "a status history without a period",
        {"statusHistory": [{"status": "active"}]},
        {},
        InvalidTypeError,
        "EpisodeOfCare.statusHistory[0].period",
    ),
    (
        "an unknown level mapped",
        {},
        {"levels": {(ASAM, "2.1"): "intensive"}},
        UnknownCodeError,
        "levels[('urn:example:asam-levels', '2.1')]",
    ),
    ("as_of naive", {}, {"as_of": pendulum.naive(2026, 1, 1)}, NaiveDateTimeError, "as_of"),
]


@pytest.mark.parametrize(
    ("changes", "options", "error", "field"),
    [case[1:] for case in EPISODE_REFUSALS],
    ids=[case[0] for case in EPISODE_REFUSALS],
)
def test_an_episode_not_understood_is_refused_at_its_path(changes, options, error, field):
    with pytest.raises(error) as refused:
        read_episode(an_episode(**changes), **options)
    assert type(refused.value) is error
    assert refused.value.field == field
    assert "2025-1" not in str(refused.value)  # dates of care are never shown


# ---------------------------------------------------------------- Bundle


@st.composite
def bundles(draw):
    """A participant's episode, attended sessions and questionnaires, and another's."""
    on = AS_OF
    values = []
    for who in draw(st.lists(ios.identifiers(), min_size=1, max_size=3, unique=True)):
        ids = st.just(who)
        episode = draw(ios.episodes(as_of=on, max_events=0, participant_ids=ids))
        sessions = [
            session
            for session in draw(st.lists(ios.sessions(participant_ids=ids), max_size=3))
            if session.attendance.attended
        ]
        responses = draw(
            st.lists(
                st.sampled_from(("phq9", "gad7")).flatmap(ios.responses_with_options), max_size=2
            )
        )
        values.append((who, episode, sessions, responses))
    return values


@settings(max_examples=40)
@given(drawn=bundles())
def test_a_bundle_of_exports_reads_back_by_participant(drawn):
    resources = []
    for who, episode, sessions, responses in drawn:
        resources.append(fhir.episode_of_care(episode, as_of=AS_OF))
        resources.extend(fhir.encounter(session) for session in sessions)
        resources.extend(
            fhir.to_questionnaire_response(kept, participant_id=who, authored=AS_OF)
            for kept in responses
        )
    read = fhir.read_bundle(fhir.bundle(resources), as_of=AS_OF).by_participant()
    assert list(read) == [who for who, *_ in drawn]
    for who, episode, sessions, responses in drawn:
        records = read[who]
        assert records.episodes == (attrs.evolve(episode, program_id=None),)
        assert len(records.sessions) == len(sessions)
        for mine, theirs in zip(records.sessions, sessions, strict=True):
            same_session(mine, theirs)
        assert [a.responses for a in records.assessments] == [
            {kept.instrument: kept} for kept in responses
        ]
        assert all(a.assessed_on == AS_OF for a in records.assessments)


def a_bundle(*resources, kind="collection"):
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [{"fullUrl": f"urn:uuid:{i}", "resource": r} for i, r in enumerate(resources)],
    }


def test_a_searchset_with_patients_and_outcomes_skips_only_what_is_named():
    sent = a_bundle(
        {"resourceType": "Patient", "id": "p-001"},
        an_encounter(),
        an_encounter(status="entered-in-error"),
        {"resourceType": "OperationOutcome"},
        kind="searchset",
    )
    read = fhir.read_bundle(
        sent, as_of=AS_OF, skip={"Patient", "OperationOutcome"}, skip_entered_in_error=True
    )
    assert read.skipped == (
        "Bundle.entry[0].resource (Patient)",
        "Bundle.entry[2].resource (entered-in-error)",
        "Bundle.entry[3].resource (OperationOutcome)",
    )
    assert [record.participant_id for record in read.participants] == ["p-001"]
    assert len(read.participants[0].sessions) == 1


def test_a_resource_type_not_read_is_refused_unless_skipped():
    observation = {"resourceType": "Observation", "status": "final"}
    with pytest.raises(UnknownCodeError) as refused:
        fhir.read_bundle(a_bundle(an_encounter(), observation), as_of=AS_OF)
    assert refused.value.field == "Bundle.entry[1].resource"
    assert refused.value.value == "Observation"
    with pytest.raises(InvalidValueError) as refused:
        fhir.read_bundle(a_bundle(an_encounter(status="entered-in-error")), as_of=AS_OF)
    assert refused.value.field == "Bundle.entry[0].resource.status"


def test_the_errors_of_every_entry_are_named_by_their_place_in_the_bundle():
    sent = a_bundle(
        an_encounter(),
        an_encounter(period={"start": "2026-03-02T09:00:00", "end": "2026-03-02T10:00:00-05:00"}),
        an_episode(),
        {"resourceType": "QuestionnaireResponse", "status": "completed"},
        {"resourceType": 7},
    )
    with pytest.raises(IopcoreErrorGroup) as refused:
        fhir.read_bundle(sent, as_of=AS_OF)
    fields = [error.field for error in refused.value.exceptions]
    assert fields[:3] == [
        "Bundle.entry[1].resource.period.start",
        "discharge_reason",  # an argument of read_bundle keeps its name
        "Bundle.entry[3].resource.subject",
    ]
    assert "Bundle.entry[4].resource" in fields


def test_one_resource_with_several_problems_is_named_in_the_bundle():
    sent = a_bundle(an_encounter(status="planned", subject={}))
    with pytest.raises(IopcoreErrorGroup) as refused:
        fhir.read_bundle(sent, as_of=AS_OF)
    assert {error.field for error in refused.value.exceptions} == {
        "Bundle.entry[0].resource.status",
        "Bundle.entry[0].resource.subject",
    }


# (case, bundle, options, error type, field)
BUNDLE_REFUSALS = [
    ("not a Bundle", {"resourceType": "Encounter"}, {}, InvalidValueError, "bundle.resourceType"),
    ("not a dict", [], {}, InvalidTypeError, "bundle"),
    ("an unknown type", {**a_bundle(), "type": "pile"}, {}, UnknownCodeError, "Bundle.type"),
    ("an unknown element", {**a_bundle(), "entries": []}, {}, UnknownCodeError, "Bundle.entries"),
    ("entries not a list", {**a_bundle(), "entry": {}}, {}, InvalidTypeError, "Bundle.entry"),
    ("an entry not a dict", {**a_bundle(), "entry": [1]}, {}, InvalidTypeError, "Bundle.entry[0]"),
    (
        "an entry without a resource (a deletion)",
        {**a_bundle(), "type": "history", "entry": [{"request": {"method": "DELETE"}}]},
        {},
        InvalidTypeError,
        "Bundle.entry[0].resource",
    ),
    (
        "an unknown entry element",
        {**a_bundle(), "entry": [{"resource": {}, "x": 1}]},
        {},
        UnknownCodeError,
        "Bundle.entry[0].x",
    ),
    ("skip a type that is read", a_bundle(), {"skip": {"Encounter"}}, InvalidValueError, "skip"),
    ("skip a string", a_bundle(), {"skip": "Patient"}, InvalidTypeError, "skip"),
    ("skip a number", a_bundle(), {"skip": [1]}, InvalidValueError, "skip"),
]


@pytest.mark.parametrize(
    ("sent", "options", "error", "field"),
    [case[1:] for case in BUNDLE_REFUSALS],
    ids=[case[0] for case in BUNDLE_REFUSALS],
)
def test_a_bundle_not_understood_is_refused_at_its_path(sent, options, error, field):
    with pytest.raises(error) as refused:
        fhir.read_bundle(copy.deepcopy(sent), as_of=AS_OF, **options)
    assert type(refused.value) is error
    assert refused.value.field == field


def test_bundle_records_hold_one_participant_each():
    session = fhir.from_encounter(an_encounter())
    episode = read_episode(an_episode())
    assessment = Assessment(
        participant_id="p-001",
        assessed_on=AS_OF,
        responses={"phq9": Responses(instrument="phq9", answers=[0] * 9)},
    )
    records = fhir.BundleRecords(
        participant_id="p-001", episodes=[episode], sessions=[session], assessments=[assessment]
    )
    contents = fhir.BundleContents(
        participants=[records], skipped=["Bundle.entry[9].resource (Patient)"]
    )
    assert contents.by_participant() == {"p-001": records}
    with pytest.raises(InvalidValueError) as refused:
        fhir.BundleRecords(participant_id="p-002", sessions=[session])
    assert refused.value.field == "$.sessions[0].participant_id"
    with pytest.raises(InvalidTypeError):
        fhir.BundleRecords(participant_id="p-001", episodes=[session])
    with pytest.raises(InvalidTypeError):
        fhir.BundleRecords(participant_id="p-001", sessions="s")
    with pytest.raises(InvalidValueError):
        fhir.BundleContents(participants=[records, records])
    with pytest.raises(InvalidTypeError):
        fhir.BundleContents(skipped="Bundle.entry[0]")
    with pytest.raises(InvalidTypeError):
        fhir.BundleContents(skipped=[0])
    assert isinstance(episode, Episode)
    assert isinstance(session, Session)


# ---------------------------------------------------------------- an EHR's searchset


def test_an_ehr_searchset_reads_as_one_participant_with_every_skip_listed():
    """A searchset as an EHR answers a search with _include=Patient (written for these
    tests, valid R4(B)): the clinic's own service codes and ASAM levels mapped, the
    Patient and the Observation of the total skipped on request, the visit entered in
    error skipped and listed."""
    sent = json.loads((FIXTURES / "iopcore-ehr-searchset-bundle.json").read_text("utf-8"))
    Bundle.model_validate(sent)
    services = {
        ("urn:example:clinic:services", "GRP"): "group therapy",
        ("urn:example:clinic:services", "IND"): "individual therapy",
    }
    asam = {(ASAM, code): from_asam(code, edition=3) for code in ("1", "2.1", "2.5")}
    options = {"as_of": D(2026, 3, 6), "services": services, "levels": asam}
    with pytest.raises(IopcoreErrorGroup) as refused:
        fhir.read_bundle(sent, **options)  # nothing is skipped unasked
    assert [error.field for error in refused.value.exceptions] == [
        "Bundle.entry[0].resource",
        "Bundle.entry[5].resource.status",
        "Bundle.entry[7].resource",
    ]
    read = fhir.read_bundle(
        sent, **options, skip={"Patient", "Observation"}, skip_entered_in_error=True
    )
    assert read.skipped == (
        "Bundle.entry[0].resource (Patient)",
        "Bundle.entry[5].resource (entered-in-error)",
        "Bundle.entry[7].resource (Observation)",
    )
    (records,) = read.participants
    assert records.participant_id == "pt-1042"
    (episode,) = records.episodes
    assert (episode.admitted, episode.discharge) == (D(2026, 2, 23), None)
    assert episode.level_on(D(2026, 3, 6)) is LevelOfCare.INTENSIVE_OUTPATIENT
    assert [(s.attendance, s.hours) for s in records.sessions] == [
        (Attendance.ATTENDED, 3.0),
        (Attendance.ATTENDED_IN_PART, 2.0),
        (Attendance.CANCELLED, 0.0),
    ]
    (phq9,) = records.assessments
    assert phq9.score("phq9").total == 8  # the form's total agrees with its answers
    assert phq9.assessed_on == D(2026, 3, 2)


def test_the_resources_built_here_are_valid_r4():
    Encounter.model_validate(an_encounter())
    EpisodeOfCare.model_validate(an_episode())
