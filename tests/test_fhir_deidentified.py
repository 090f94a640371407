"""fhir.deidentified: keyed pseudonyms and year-only or shifted dates, after export.

45 CFR 164.514(b)(2)(i)(C): Safe Harbor keeps only the year of dates directly related
to an individual; shifted dates need an expert determination (164.514(b)(1)).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re

import pendulum
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore import fhir
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.instruments import Responses, phq9
from iopcore.sessions import Session
from iopcore.testing import strategies as ios

KEY = bytes(range(16))
OTHER_KEY = bytes(range(1, 17))
AS_OF = pendulum.date(2026, 3, 30)
#: Ids that no hex pseudonym, code or date could contain.
IDS = st.from_regex(r"mrn-[g-z]{8}", fullmatch=True)
KEYS = st.binary(min_size=16, max_size=40)
MORE_THAN_A_YEAR = re.compile(r'"\d{4}-\d{2}')


def _mac(key, label, who):
    return hmac.new(key, f"{label}\x00{who}".encode(), hashlib.sha256).digest()


def _expected_policy(key, who, dates):
    """The documented formula, written out again: pseudonym and shift from the HMAC."""
    pseudonym = _mac(key, "pseudonym", who).hex()[:32]
    if dates == "year":
        return fhir.Deidentify(pseudonyms={who: pseudonym})
    number = int.from_bytes(_mac(key, "shift", who)[:8], "big")
    days = 1 + (number >> 1) % 3650
    shift = days if number & 1 else -days
    return fhir.Deidentify(pseudonyms={who: pseudonym}, dates="shifted", shift_days={who: shift})


def _session(who="mrn-secretid", tz="America/New_York"):
    return Session(
        participant_id=who,
        service="group therapy",
        start=pendulum.datetime(2026, 3, 2, 9, tz=tz),
        end=pendulum.datetime(2026, 3, 2, 12, tz=tz),
    )


def _questionnaire(who="mrn-secretid"):
    return fhir.to_questionnaire_response(
        Responses(instrument="phq9", answers=[1, 1, 2, 1, 0, 1, 1, 0, 1]),
        participant_id=who,
        authored=pendulum.datetime(2026, 3, 2, 9, 30, tz="America/Chicago"),
    )


@settings(max_examples=30, deadline=None)
@given(ios.episodes(as_of=AS_OF, participant_ids=IDS), KEYS, st.sampled_from(["year", "shift"]))
def test_an_episode_is_written_as_the_export_policy_would_write_it(episode, key, dates):
    plain = fhir.episode_of_care(episode, as_of=AS_OF)
    before = copy.deepcopy(plain)
    result = fhir.deidentified(plain, key=key, dates=dates)
    assert plain == before  # the input is not changed
    policy = _expected_policy(key, episode.participant_id, dates)
    assert result == fhir.episode_of_care(episode, as_of=AS_OF, deidentify=policy)
    EpisodeOfCare.model_validate(result)
    text = json.dumps(result)
    assert episode.participant_id not in text
    for name, value in plain["period"].items():
        assert value not in text
        if dates == "year":
            assert result["period"][name] == value[:4]


@settings(max_examples=30, deadline=None)
@given(ios.sessions(participant_ids=IDS, around_dst=True), KEYS)
def test_a_shifted_session_keeps_its_wall_clock_time_offset_and_length(session, key):
    if not session.attendance.attended:
        return
    plain = fhir.encounter(session)
    moved = fhir.deidentified(plain, key=key, dates="shift")
    policy = _expected_policy(key, session.participant_id, "shift")
    # The resource holds the offset, not the zone: the offset is kept as written,
    # where the export's own policy would take the zone's offset on the new day.
    assert moved["subject"] == fhir.encounter(session, deidentify=policy)["subject"]
    Encounter.model_validate(moved)
    start, end = (pendulum.parse(moved["period"][name]) for name in ("start", "end"))
    old_start, old_end = (pendulum.parse(plain["period"][name]) for name in ("start", "end"))
    assert (start.hour, start.minute, start.utcoffset()) == (
        old_start.hour,
        old_start.minute,
        old_start.utcoffset(),
    )
    assert start.date() != old_start.date()
    assert (end - start).in_seconds() == (old_end - old_start).in_seconds()
    assert moved["length"] == plain["length"]
    assert session.participant_id not in json.dumps(moved)


@settings(max_examples=30, deadline=None)
@given(ios.scores("phq9"), IDS, KEYS, st.sampled_from(["year", "shift"]))
def test_an_observation_round_trips_through_the_export(score, who, key, dates):
    plain = fhir.observation(score, participant_id=who, effective=pendulum.date(2026, 3, 2))
    result = fhir.deidentified(plain, key=key, dates=dates)
    policy = _expected_policy(key, who, dates)
    assert result == fhir.observation(
        score, participant_id=who, effective=pendulum.date(2026, 3, 2), deidentify=policy
    )
    Observation.model_validate(result)
    assert who not in json.dumps(result)
    assert "2026-03-02" not in json.dumps(result)


@settings(max_examples=20, deadline=None)
@given(IDS, KEYS, KEYS)
def test_the_same_key_gives_the_same_person_the_same_pseudonym_and_shift(who, key, other):
    first = fhir.deidentified(fhir.encounter(_session(who)), key=key, dates="shift")
    again = fhir.deidentified(fhir.encounter(_session(who)), key=key, dates="shift")
    assert first == again
    changed = fhir.deidentified(fhir.encounter(_session(who)), key=other, dates="shift")
    if key != other:
        assert changed["subject"] != first["subject"]


def test_two_keys_give_different_pseudonyms_and_shifts():
    plain = fhir.encounter(_session())
    one = fhir.deidentified(plain, key=KEY, dates="shift")
    two = fhir.deidentified(plain, key=OTHER_KEY, dates="shift")
    assert one["subject"] != two["subject"]
    assert one["period"] != two["period"]
    pseudonym = one["subject"]["reference"].removeprefix("Patient/")
    assert re.fullmatch(r"[0-9a-f]{32}", pseudonym)


def test_a_bundle_is_deidentified_entry_by_entry_and_its_urls_derived_anew():
    who = "mrn-secretid"
    resources = [
        fhir.encounter(_session(who)),
        fhir.observation(
            phq9.score([1] * 9), participant_id=who, effective=pendulum.date(2026, 3, 2)
        ),
        _questionnaire(who),
        *fhir.code_systems(),
    ]
    plain = fhir.bundle(resources)
    for dates in ("year", "shift", "shifted", fhir.DateDetail.YEAR):
        result = fhir.deidentified(plain, key=KEY, dates=dates)
        Bundle.model_validate(result)
        text = json.dumps(result)
        assert who not in text
        for entry in plain["entry"][:3]:  # the CodeSystems, unchanged, keep theirs
            assert entry["fullUrl"] not in text
        expected = fhir.bundle(
            [fhir.deidentified(resource, key=KEY, dates=dates) for resource in resources]
        )
        assert result == expected
    year = fhir.deidentified(plain, key=KEY)
    assert not MORE_THAN_A_YEAR.search(json.dumps(year))  # no string starts like a date
    assert year["entry"][3]["resource"] == resources[3]  # a CodeSystem names no one


def test_a_questionnaire_response_keeps_its_answers_and_loses_its_date():
    plain = _questionnaire()
    result = fhir.deidentified(plain, key=KEY)
    assert result["authored"] == "2026"
    assert result["item"] == plain["item"]
    shifted = fhir.deidentified(plain, key=KEY, dates="shift")
    assert shifted["authored"].endswith("T09:30:00-06:00")
    QuestionnaireResponse.model_validate(shifted)


def test_a_logical_reference_and_a_utc_time_are_read():
    resource = fhir.encounter(_session("mrn secret", tz="UTC"))
    assert resource["subject"] == {"type": "Patient", "identifier": {"value": "mrn secret"}}
    resource["period"]["start"] = resource["period"]["start"].replace("+00:00", "Z")
    result = fhir.deidentified(resource, key=KEY, dates="shift")
    assert result["subject"]["reference"].startswith("Patient/")
    assert result["period"]["start"].endswith("T09:00:00+00:00")
    assert "mrn secret" not in json.dumps(result)


def _broken(path, value):
    resource = fhir.encounter(_session())
    where = resource
    *parents, last = path
    for name in parents:
        where = where[name]
    where[last] = value
    return resource


@pytest.mark.parametrize(
    ("resource", "error", "field"),
    [
        (_broken(["note"], [{"text": "called mrn-secretid"}]), UnknownCodeError, "Encounter.note"),
        (_broken(["period", "start"], "2026-03"), InvalidValueError, "Encounter.period.start"),
        (
            _broken(["period", "start"], "2026-02-30T09:00:00Z"),
            InvalidValueError,
            "Encounter.period.start",
        ),
        (
            _broken(["period", "start"], "2026-03-02T09:00:00"),
            InvalidValueError,
            "Encounter.period.start",
        ),
        (
            _broken(["period"], {"start": "2026-03-02", "x": 1}),
            InvalidValueError,
            "Encounter.period",
        ),
        (_broken(["subject"], {"reference": "Group/x"}), InvalidValueError, "Encounter.subject"),
        (_broken(["subject"], "Patient/x"), InvalidValueError, "Encounter.subject"),
        (
            _broken(["serviceType", "text"], "2026-03-02 group"),
            InvalidValueError,
            "Encounter.serviceType.text",
        ),
        (
            _broken(["serviceType", "coding", 0, "display"], "group, seen 2026-03-02"),
            InvalidValueError,
            "Encounter.serviceType.coding[0].display",
        ),
        ({"resourceType": "Patient", "id": "x"}, UnknownCodeError, "Patient.resourceType"),
        ({"status": "final"}, UnknownCodeError, "$.resourceType"),
        (
            {"resourceType": "Observation", "effectiveDateTime": "2026-03-02"},
            InvalidValueError,
            "Observation.effectiveDateTime",
        ),
    ],
)
def test_what_it_cannot_deidentify_is_an_error_naming_the_path(resource, error, field):
    with pytest.raises(error) as caught:
        fhir.deidentified(resource, key=KEY)
    assert caught.value.field == field
    assert "mrn-secretid" not in str(caught.value)
    assert "2026-03-02" not in str(caught.value)


def _with_item(item):
    resource = _questionnaire()
    resource["item"] = [item]
    return resource


@pytest.mark.parametrize(
    ("resource", "error", "field"),
    [
        (
            _with_item({"linkId": "1", "answer": [{"valueString": "felt low"}]}),
            UnknownCodeError,
            "QuestionnaireResponse.item[0].answer[0].valueString",
        ),
        (
            _with_item({"linkId": "1", "answer": [{"valueDate": "2026-03-02"}]}),
            UnknownCodeError,
            "QuestionnaireResponse.item[0].answer[0].valueDate",
        ),
        (
            _with_item({"linkId": "1", "answer": [{"valueInteger": 1, "valueBoolean": True}]}),
            UnknownCodeError,
            "QuestionnaireResponse.item[0].answer[0]",
        ),
        (
            _with_item({"linkId": "1", "answer": ["x"]}),
            InvalidTypeError,
            "QuestionnaireResponse.item[0].answer[0]",
        ),
        (
            _with_item({"linkId": "1", "answer": {"valueInteger": 1}}),
            InvalidTypeError,
            "QuestionnaireResponse.item[0].answer",
        ),
        (
            _with_item({"linkId": "1", "text": "q", "answer": []}),
            InvalidValueError,
            "QuestionnaireResponse.item[0]",
        ),
        ({**_questionnaire(), "item": {}}, InvalidTypeError, "QuestionnaireResponse.item"),
    ],
)
def test_an_answer_it_does_not_know_is_an_error_naming_the_path(resource, error, field):
    with pytest.raises(error) as caught:
        fhir.deidentified(resource, key=KEY)
    assert caught.value.field == field


def test_a_bundle_reports_each_bad_entry_by_its_place():
    plain = fhir.bundle([fhir.encounter(_session()), fhir.encounter(_session())])
    for entry in plain["entry"]:
        entry["resource"]["text"] = {"div": "mrn-secretid"}
    with pytest.raises(IopcoreErrorGroup) as caught:
        fhir.deidentified(plain, key=KEY)
    fields = [error.field for error in caught.value.exceptions]
    assert fields == ["Bundle.entry[0].resource.text", "Bundle.entry[1].resource.text"]


@pytest.mark.parametrize(
    ("bundle", "error", "field"),
    [
        ({"resourceType": "Bundle", "type": "searchset", "entry": []}, InvalidValueError, "Bundle"),
        (
            {"resourceType": "Bundle", "type": "collection", "entry": {}},
            InvalidTypeError,
            "Bundle.entry",
        ),
        (
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {}}]},
            InvalidValueError,
            "Bundle.entry[0]",
        ),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"fullUrl": "u", "resource": 1}],
            },
            InvalidTypeError,
            "Bundle.entry[0].resource",
        ),
    ],
)
def test_a_bundle_not_as_iopcore_writes_it_is_refused(bundle, error, field):
    with pytest.raises(error) as caught:
        fhir.deidentified(bundle, key=KEY)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("key", "error"),
    [
        ("a text key of enough length", InvalidTypeError),
        (b"short-key-123", InvalidValueError),
        (None, InvalidTypeError),
    ],
)
def test_a_bad_key_is_refused_without_showing_it(key, error):
    with pytest.raises(error) as caught:
        fhir.deidentified(fhir.encounter(_session()), key=key)
    assert caught.value.field == "key"
    assert caught.value.value is None
    if key is not None:
        assert str(key) not in str(caught.value)
        assert "short-key" not in str(caught.value)


def test_a_bytearray_key_is_taken():
    plain = fhir.encounter(_session())
    assert fhir.deidentified(plain, key=bytearray(KEY)) == fhir.deidentified(plain, key=KEY)


def test_bad_arguments_are_refused():
    plain = fhir.encounter(_session())
    with pytest.raises(UnknownCodeError) as caught:
        fhir.deidentified(plain, key=KEY, dates="month")
    assert caught.value.field == "dates"
    with pytest.raises(InvalidTypeError):
        fhir.deidentified([plain], key=KEY)
    with pytest.raises(InvalidTypeError):
        fhir.deidentified({"resourceType": "Encounter", "length": float("nan")}, key=KEY)


def test_a_date_at_the_end_of_the_calendar_is_a_typed_error():
    plain = fhir.encounter(_session())
    plain["period"] = {"start": "9999-12-31T09:00:00+00:00"}
    shifted = fhir.deidentified(fhir.encounter(_session()), key=KEY, dates="shift")
    later = pendulum.parse(shifted["period"]["start"]) > pendulum.datetime(2026, 3, 3)
    if not later:
        plain["period"] = {"start": "0001-01-01T09:00:00+00:00"}
    with pytest.raises(InvalidValueError) as caught:
        fhir.deidentified(plain, key=KEY, dates="shift")
    assert caught.value.field == "Encounter.period.start"
