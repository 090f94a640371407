"""FHIR R4 export: every resource validated by the R4B models of fhir.resources (a
test-only dependency), parsed back and compared with the iopcore value it came from;
the LOINC codes in a table, each row quoting the page it was checked on."""

import datetime as dt
import json

import pendulum
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.observation import Observation
from hypothesis import given
from hypothesis import strategies as st

from iopcore import fhir
from iopcore.episodes import ChangeReason, Discharge, Episode, LevelChange
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.instruments import (
    INSTRUMENT_NAMES,
    audit,
    audit_c,
    bam,
    cssrs,
    dast10,
    gad7,
    pcl5,
    phq9,
)
from iopcore.levels import LevelOfCare
from iopcore.sessions import Attendance, ServiceType, Session
from iopcore.testing import strategies as ios

D = pendulum.date
NY = "America/New_York"

# ---------------------------------------------------------------- LOINC codes

# (instrument, LOINC code, LOINC long common name, where the code was checked)
LOINC_TOTALS = [
    # https://cdn.loinc.org/44261-6: "Patient Health Questionnaire 9 item (PHQ-9) total
    # score [Reported]", Regenstrief, member of panel 44249-1.
    ("phq9", "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    # https://loinc.org/69729-2 (the PHQ-SADS panel lists "70274-6 Generalized anxiety
    # disorder 7 item (GAD-7) total score [Reported.PHQ]"); also the healthassure.in
    # LOINC mirror page for 70274-6.
    ("gad7", "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    # https://loinc.org/75626-2: "Total score [AUDIT-C]", panel 72109-2 (AUDIT-C).
    ("audit_c", "75626-2", "Total score [AUDIT-C]"),
    # http://r.details.loinc.org/LOINC/75624-7.html: Component "Total score", Method
    # "AUDIT", 0-40, panel 72110-0 (AUDIT). Not to be swapped with 75626-2, as several
    # public code bases do.
    ("audit", "75624-7", "Total score [AUDIT]"),
    # https://loinc.org/82667-7: Component "Total Score", Method "DAST-10", panel
    # 82666-9 (Drug Abuse Screening Test-10).
    ("dast10", "82667-7", "Total score [DAST-10]"),
    # https://www.healthassure.in/codes/loinc-101698-9-ptsd-pcl-5-score-pcl-5 (LOINC
    # mirror): "PTSD PCL-5 score [PCL-5]", Observation, Method PCL-5; panel 101697-1.
    ("pcl5", "101698-9", "PTSD PCL-5 score [PCL-5]"),
]

# Not exported: the C-SSRS screener has no total (LOINC 93373-9 is its panel, NLM
# LHC-Forms questionnaire; no LOINC code for a risk level was found) and the BAM has no
# total.
NOT_EXPORTED = ["bam", "cssrs"]

ANSWERS = {
    "phq9": [1, 1, 2, 1, 0, 1, 1, 0, 1],
    "gad7": [2, 2, 1, 1, 3, 0, 1],
    "audit_c": [2, 1, 1],
    "audit": [2, 1, 1, 0, 0, 0, 0, 0, 0, 2],
    "dast10": [True, False, True, False, False, False, False, False, False, False],
    "pcl5": [1] * 20,
}
MODULES = {
    "phq9": phq9,
    "gad7": gad7,
    "audit_c": audit_c,
    "audit": audit,
    "dast10": dast10,
    "pcl5": pcl5,
    "cssrs": cssrs,
    "bam": bam,
}


def test_the_loinc_table_is_exactly_the_checked_codes():
    assert dict(fhir.LOINC_TOTAL_CODES) == {name: (code, text) for name, code, text in LOINC_TOTALS}
    assert sorted([*fhir.LOINC_TOTAL_CODES, *NOT_EXPORTED]) == sorted(INSTRUMENT_NAMES)


@pytest.mark.parametrize(("name", "code", "text"), LOINC_TOTALS)
def test_each_instrument_is_coded_with_its_checked_loinc_code(name, code, text):
    module = MODULES[name]
    # One place per code: the instrument module's constant, where it has one.
    assert getattr(module, "LOINC_TOTAL", code) == code
    score = module.score(ANSWERS[name])
    resource = fhir.observation(score, participant_id="p-1", effective=D(2026, 3, 2))
    Observation.model_validate(resource)
    assert resource["code"]["coding"] == [
        {"system": "http://loinc.org", "code": code, "display": text}
    ]
    assert resource["valueInteger"] == score.total
    assert isinstance(score.total, int)


def test_audit_and_audit_c_are_not_swapped():
    """Several public code bases swap 75624-7 (AUDIT) and 75626-2 (AUDIT-C); iopcore must not."""
    full = fhir.observation(
        audit.score(ANSWERS["audit"]), participant_id="p", effective=D(2026, 1, 1)
    )
    short = fhir.observation(
        audit_c.score(ANSWERS["audit_c"]), participant_id="p", effective=D(2026, 1, 1)
    )
    assert full["code"]["coding"][0]["code"] == "75624-7"
    assert short["code"]["coding"][0]["code"] == "75626-2"


@pytest.mark.parametrize("name", NOT_EXPORTED)
def test_an_instrument_without_a_checked_code_is_refused(name):
    module = MODULES[name]
    score = module.score([None] * module.ITEM_COUNT)
    with pytest.raises(UnknownCodeError) as caught:
        fhir.observation(score, participant_id="p-1", effective=D(2026, 3, 2))
    assert caught.value.field == "instrument"
    assert caught.value.value == name
    assert caught.value.allowed == "audit, audit_c, dast10, gad7, pcl5, phq9"


# ---------------------------------------------------------------- Observation

DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
# https://hl7.org/fhir/R4/valueset-observation-status.html
OBSERVATION_STATUSES = {
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
}
EXPORTED = sorted(fhir.LOINC_TOTAL_CODES)
EFFECTIVE = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)).map(
        lambda day: D(day.year, day.month, day.day)
    ),
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001 - bounds; the zone comes next
        max_value=dt.datetime(2040, 12, 31),  # noqa: DTZ001
        timezones=st.sampled_from([pendulum.timezone(name) for name in ios.SESSION_TIME_ZONES]),
    ).map(pendulum.instance),
)


@given(
    score=st.sampled_from(EXPORTED).flatmap(ios.scores),
    who=ios.identifiers(),
    effective=EFFECTIVE,
)
def test_observations_are_valid_and_carry_the_score(score, who, effective):
    """Every exportable score gives a valid Observation with its total, or no value and
    a dataAbsentReason when incomplete (never a zero); the date and band come back."""
    resource = fhir.observation(score, participant_id=who, effective=effective)
    parsed = Observation.model_validate(resource)
    assert resource["status"] in OBSERVATION_STATUSES
    assert parsed.code.coding[0].code == fhir.LOINC_TOTAL_CODES[score.instrument][0]
    if score.total is None:
        assert "valueInteger" not in resource
        assert parsed.dataAbsentReason.coding[0].system == DATA_ABSENT
        assert parsed.dataAbsentReason.coding[0].code == "unknown"
        assert str(score.missing[0]) in parsed.dataAbsentReason.text
    else:
        assert "dataAbsentReason" not in resource
        assert parsed.valueInteger == score.total
    if score.band is None:
        assert "interpretation" not in resource
    else:
        assert parsed.interpretation[0].text == score.band
    back = parsed.effectiveDateTime
    if isinstance(effective, pendulum.DateTime):
        assert back.timestamp() == effective.timestamp()
        assert back.utcoffset() == effective.utcoffset()
    else:
        assert resource["effectiveDateTime"] == effective.isoformat()
    _check_subject(resource["subject"], who)


def _check_subject(subject, who):
    """The subject names the participant by the opaque id only."""
    if subject.get("reference"):
        assert subject == {"reference": f"Patient/{who}"}
        assert len(who) <= 64
    else:
        assert subject == {"type": "Patient", "identifier": {"value": who}}


@pytest.mark.parametrize(
    ("who", "subject"),
    [
        ("p-001", {"reference": "Patient/p-001"}),
        ("A.b-9", {"reference": "Patient/A.b-9"}),
        ("x" * 64, {"reference": f"Patient/{'x' * 64}"}),
        # Not FHIR ids (https://hl7.org/fhir/R4/datatypes.html#id): a logical reference.
        ("x" * 65, {"type": "Patient", "identifier": {"value": "x" * 65}}),
        ("p_001", {"type": "Patient", "identifier": {"value": "p_001"}}),
        ("p 1", {"type": "Patient", "identifier": {"value": "p 1"}}),
        ("pé", {"type": "Patient", "identifier": {"value": "pé"}}),
    ],
)
def test_subject_references(who, subject):
    resource = fhir.observation(phq9.score([0] * 9), participant_id=who, effective=D(2026, 1, 1))
    assert resource["subject"] == subject
    Observation.model_validate(resource)


def test_an_incomplete_score_has_no_zero():
    score = phq9.score([0, 0, 0, None, 0, 0, None, 0, 0])
    resource = fhir.observation(score, participant_id="p-1", effective=D(2026, 3, 2))
    Observation.model_validate(resource)
    assert "valueInteger" not in resource
    assert resource["dataAbsentReason"]["text"] == (
        "not scored: item(s) 4, 7 not answered (iopcore never prorates)"
    )
    # The flag from item 9 is not an Observation value, and nothing else says zero.
    assert '"value' not in json.dumps(resource)


def test_observation_errors_name_each_bad_field():
    score = phq9.score([0] * 9)
    with pytest.raises(InvalidTypeError) as caught:
        fhir.observation("8", participant_id="p", effective=D(2026, 1, 1))
    assert caught.value.field == "score"
    with pytest.raises(NaiveDateTimeError):
        fhir.observation(score, participant_id="p", effective=dt.datetime(2026, 1, 1, 9))  # noqa: DTZ001
    with pytest.raises(InvalidTypeError) as caught:
        fhir.observation(score, participant_id="p", effective="2026-01-01")
    assert caught.value.field == "effective"
    with pytest.raises(IopcoreErrorGroup) as group:
        fhir.observation(cssrs.score([False] * 6), participant_id=" ", effective=None)
    assert sorted(error.field for error in group.value.exceptions) == [
        "effective",
        "instrument",
        "participant_id",
    ]


def test_an_effective_datetime_with_seconds_in_its_offset_is_written_in_utc():
    # Amsterdam kept local mean time (+00:19:32) until 1937; FHIR offsets have no seconds.
    moment = pendulum.datetime(1930, 6, 1, 12, tz="Europe/Amsterdam")
    assert moment.utcoffset().seconds % 60 != 0
    resource = fhir.observation(phq9.score([1] * 9), participant_id="p", effective=moment)
    parsed = Observation.model_validate(resource)
    assert resource["effectiveDateTime"].endswith("+00:00")
    assert parsed.effectiveDateTime == moment


# ---------------------------------------------------------------- EpisodeOfCare

# https://hl7.org/fhir/R4/valueset-episode-of-care-status.html
EPISODE_STATUSES = {
    "planned",
    "waitlist",
    "active",
    "onhold",
    "finished",
    "cancelled",
    "entered-in-error",
}
LEVEL_CODES = {level.code for level in LevelOfCare}


@given(
    episode=ios.episodes(as_of=D(2026, 1, 1)),
    days=st.integers(-10, 800),
)
def test_episodes_of_care_are_valid_and_agree_with_the_episode(episode, days):
    """The status, period and level agree with the episode as known on as_of: finished
    exactly when a discharge is on record, and then the period counts the days in care."""
    as_of = episode.admitted.add(days=days)
    resource = fhir.episode_of_care(episode, as_of=as_of)
    parsed = EpisodeOfCare.model_validate(resource)
    known = episode.known_on(as_of)
    assert resource["status"] in EPISODE_STATUSES
    assert parsed.period.start == episode.admitted
    _check_subject(resource["patient"], episode.participant_id)
    [concept] = resource["type"]
    assert concept["coding"][0]["system"] == fhir.LEVEL_OF_CARE_SYSTEM
    code = concept["coding"][0]["code"]
    assert code in LEVEL_CODES
    if known.discharge is not None:
        assert resource["status"] == "finished"
        end = parsed.period.end
        assert end + dt.timedelta(days=1) == known.discharge.effective
        # FHIR periods include their end: start to end inclusive is the stay.
        assert (end - parsed.period.start).days + 1 == known.length_of_stay(as_of)
        assert known.level_on(known.discharge.effective.subtract(days=1)).code == code
    else:
        assert "end" not in resource["period"]
        if as_of < episode.admitted:
            assert resource["status"] == "planned"
            assert code == episode.initial_level.code
        else:
            assert resource["status"] == "active"
            assert known.level_on(as_of).code == code


def _stay(note="free text about the person"):
    change = LevelChange(
        effective=D(2026, 1, 19),
        recorded=D(2026, 1, 21),
        from_level="IOP",
        to_level="PHP",
        reason=ChangeReason.CLINICAL_DETERIORATION,
        decided_by="psychiatrist",
        note=note,
    )
    discharge = Discharge(
        effective=D(2026, 2, 16), recorded=D(2026, 2, 20), reason="goals met", note=note
    )
    return Episode(
        participant_id="p-001",
        admitted=D(2026, 1, 5),
        initial_level="IOP",
        events=[change, discharge],
    )


@pytest.mark.parametrize(
    ("as_of", "status", "level", "period"),
    [
        (D(2026, 1, 4), "planned", "IOP", {"start": "2026-01-05"}),
        (D(2026, 1, 5), "active", "IOP", {"start": "2026-01-05"}),
        # The change took effect on 19 January but was recorded on the 21st.
        (D(2026, 1, 20), "active", "IOP", {"start": "2026-01-05"}),
        (D(2026, 1, 21), "active", "PHP", {"start": "2026-01-05"}),
        # Discharged on 16 February (first day out of care), recorded on the 20th.
        (D(2026, 2, 17), "active", "PHP", {"start": "2026-01-05"}),
        (D(2026, 2, 20), "finished", "PHP", {"start": "2026-01-05", "end": "2026-02-15"}),
        (
            pendulum.datetime(2026, 3, 1, 23, tz=NY),
            "finished",
            "PHP",
            {"start": "2026-01-05", "end": "2026-02-15"},
        ),
    ],
)
def test_episode_status_as_of(as_of, status, level, period):
    resource = fhir.episode_of_care(_stay(), as_of=as_of)
    EpisodeOfCare.model_validate(resource)
    assert resource == {
        "resourceType": "EpisodeOfCare",
        "status": status,
        "type": [
            {
                "coding": [
                    {
                        "system": fhir.LEVEL_OF_CARE_SYSTEM,
                        "code": level,
                        "display": LevelOfCare.from_code(level).label,
                    }
                ],
                "text": LevelOfCare.from_code(level).label,
            }
        ],
        "patient": {"reference": "Patient/p-001"},
        "period": period,
    }


def test_free_text_notes_are_never_exported():
    note = "lives with her sister on Elm Street"
    text = json.dumps(fhir.episode_of_care(_stay(note), as_of=D(2026, 3, 1)))
    assert "Elm" not in text


def test_episode_of_care_errors():
    with pytest.raises(InvalidTypeError) as caught:
        fhir.episode_of_care("p-001", as_of=D(2026, 1, 1))
    assert caught.value.field == "episode"
    with pytest.raises(InvalidTypeError) as caught:
        fhir.episode_of_care(_stay(), as_of="2026-01-01")
    assert caught.value.field == "as_of"
    with pytest.raises(NaiveDateTimeError):
        fhir.episode_of_care(_stay(), as_of=dt.datetime(2026, 1, 1))  # noqa: DTZ001


# ---------------------------------------------------------------- Encounter

# https://hl7.org/fhir/R4/valueset-encounter-status.html
ENCOUNTER_STATUSES = {
    "planned",
    "arrived",
    "triaged",
    "in-progress",
    "onleave",
    "finished",
    "cancelled",
    "entered-in-error",
    "unknown",
}


@given(
    session=st.sampled_from(ios.SESSION_TIME_ZONES).flatmap(
        lambda zone: (
            ios.sessions(tz=zone, around_dst=zone not in ("UTC", "Asia/Kolkata"))
            | ios.sessions(tz=zone)
        )
    )
)
def test_encounters_are_valid_and_keep_the_session_times(session):
    """An attended session gives a valid finished Encounter whose period parses back to
    the session's start and end with their offsets (also across clock changes), and
    whose length is the minutes attended; any other session is refused."""
    if not session.attendance.attended:
        with pytest.raises(InvalidValueError) as caught:
            fhir.encounter(session)
        assert caught.value.field == "attendance"
        return
    resource = fhir.encounter(session)
    parsed = Encounter.model_validate(resource)
    assert resource["status"] in ENCOUNTER_STATUSES
    assert resource["status"] == "finished"
    # Timestamps, not ==: Python says an ambiguous local time (the repeated hour when
    # clocks fall back) is never equal to a time in another tzinfo (PEP 495).
    assert parsed.period.start.timestamp() == session.start.timestamp()
    assert parsed.period.end.timestamp() == session.end.timestamp()
    assert parsed.period.start.utcoffset() == session.start.utcoffset()
    assert parsed.period.end.utcoffset() == session.end.utcoffset()
    assert float(parsed.length.value) == pytest.approx(session.hours * 60)
    assert resource["serviceType"]["coding"][0] == {
        "system": fhir.SERVICE_TYPE_SYSTEM,
        "code": session.service.value,
        "display": session.service.value,
    }
    _check_subject(resource["subject"], session.participant_id)


@pytest.mark.parametrize("minutes", [31, 62, 123, 124, 125, 599])
def test_whole_minutes_are_written_as_integers(minutes):
    """hours * 60 is not exact for these lengths; the length is still the int minutes."""
    start = pendulum.datetime(2026, 3, 2, 9, tz=NY)
    for attendance, part in ((Attendance.ATTENDED, None), (Attendance.ATTENDED_IN_PART, 30)):
        length = minutes if part is None else part
        session = Session(
            participant_id="p-1",
            service=ServiceType.GROUP_THERAPY,
            start=start,
            end=start.add(minutes=minutes),
            attendance=attendance,
            attended_minutes=part,
        )
        value = fhir.encounter(session)["length"]["value"]
        assert value == length
        assert type(value) is int


def test_an_encounter_across_the_spring_clock_change():
    session = Session(
        participant_id="p-1",
        service=ServiceType.SKILLS_GROUP,
        start=pendulum.datetime(2024, 3, 10, 1, tz=NY),
        end=pendulum.datetime(2024, 3, 10, 3, tz=NY),
        attendance=Attendance.ATTENDED_IN_PART,
        attended_minutes=45,
    )
    resource = fhir.encounter(session)
    Encounter.model_validate(resource)
    assert resource["period"] == {
        "start": "2024-03-10T01:00:00-05:00",
        "end": "2024-03-10T03:00:00-04:00",
    }
    assert resource["length"] == {
        "value": 45,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
    # HL7 v3 ActCode AMB, ambulatory (the R4 Encounter.class binding, ActEncounterCode).
    assert resource["class"] == {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "AMB",
        "display": "ambulatory",
    }


@pytest.mark.parametrize(
    "attendance", [Attendance.ABSENT, Attendance.EXCUSED, Attendance.CANCELLED]
)
def test_a_session_not_attended_is_no_encounter(attendance):
    session = Session(
        participant_id="p-1",
        service="group therapy",
        start=pendulum.datetime(2026, 3, 2, 9, tz=NY),
        end=pendulum.datetime(2026, 3, 2, 12, tz=NY),
        attendance=attendance,
    )
    with pytest.raises(InvalidValueError) as caught:
        fhir.encounter(session)
    assert caught.value.value == attendance.value


def test_encounter_of_junk():
    with pytest.raises(InvalidTypeError) as caught:
        fhir.encounter({"start": "2026-03-02T09:00"})
    assert caught.value.field == "session"


# ---------------------------------------------------------------- Bundle and CodeSystems


@given(
    episode=ios.episodes(as_of=D(2026, 1, 1)),
    history=ios.attendance_histories(max_size=8),
    score=st.sampled_from(EXPORTED).flatmap(ios.scores),
)
def test_bundles_are_valid_and_hold_what_was_given(episode, history, score):
    """A Bundle holds the resources in order, each under its own urn:uuid, and the same
    resources always give the same Bundle."""
    resources = [
        fhir.episode_of_care(episode, as_of=D(2026, 1, 1)),
        fhir.observation(score, participant_id=episode.participant_id, effective=D(2026, 1, 1)),
        *(fhir.encounter(session) for session in history if session.attendance.attended),
    ]
    result = fhir.bundle(resources)
    parsed = Bundle.model_validate(result)
    assert parsed.type == "collection"
    assert [entry["resource"] for entry in result["entry"]] == resources
    urls = [entry["fullUrl"] for entry in result["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("urn:uuid:") for url in urls)
    assert fhir.bundle(resources) == result


def test_equal_resources_get_different_urls_and_are_copied():
    one = fhir.observation(phq9.score([0] * 9), participant_id="p", effective=D(2026, 1, 1))
    result = fhir.bundle([one, one])
    first, second = (entry["fullUrl"] for entry in result["entry"])
    assert first != second
    assert result["entry"][0]["resource"] == one
    assert result["entry"][0]["resource"] is not one


def test_bundle_errors_say_where():
    good = fhir.observation(phq9.score([0] * 9), participant_id="p", effective=D(2026, 1, 1))
    with pytest.raises(InvalidTypeError) as caught:
        fhir.bundle(good)
    assert caught.value.field == "resources"
    with pytest.raises(InvalidTypeError):
        fhir.bundle(5)
    with pytest.raises(IopcoreErrorGroup) as group:
        fhir.bundle([good, "x", {"status": "final"}, {"resourceType": "Basic", "x": float("nan")}])
    assert [error.field for error in group.value.exceptions] == [
        "$.resources[1]",
        "$.resources[2].resourceType",
        "$.resources[3]",
    ]
    with pytest.raises(InvalidValueError):
        fhir.bundle([{"resourceType": "Basic", "when": D(2026, 1, 1)}])


def test_code_systems_define_every_code_used():
    levels, services = fhir.code_systems()
    for system in (levels, services):
        CodeSystem.model_validate(system)
        assert system["content"] == "complete"
    assert levels["url"] == fhir.LEVEL_OF_CARE_SYSTEM
    assert services["url"] == fhir.SERVICE_TYPE_SYSTEM
    assert [concept["code"] for concept in levels["concept"]] == ["OP", "IOP", "PHP", "RES", "IP"]
    assert [concept["code"] for concept in services["concept"]] == [s.value for s in ServiceType]
    assert fhir.LEVEL_OF_CARE_SYSTEM != fhir.SERVICE_TYPE_SYSTEM


def test_every_error_is_an_iopcore_error():
    for call in (
        lambda: fhir.episode_of_care(None, as_of=None),
        lambda: fhir.observation(None, participant_id=None, effective=None),
        lambda: fhir.encounter(None),
        lambda: fhir.bundle(None),
    ):
        with pytest.raises(IopcoreError):
            call()
