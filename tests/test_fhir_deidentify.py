"""De-identified FHIR export: pseudonyms for ids, and year-only or shifted dates.

45 CFR 164.514(b)(2)(i)(C): Safe Harbor removes "all elements of dates (except year)
for dates directly related to an individual, including ... admission date, discharge
date"; (R): "any other unique identifying number, characteristic, or code";
164.514(c): a re-identification code not derived from the person's information.
"""

from __future__ import annotations

import json
import pickle
import re

import pendulum
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.observation import Observation
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore import fhir, synthetic
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import phq9
from iopcore.sessions import Session
from iopcore.testing import strategies as ios

AS_OF = pendulum.date(2026, 3, 30)
MRN = "mrn-0042-secret"
STUDY = "study-0001"


def _stays(n=5):
    return list(synthetic.census(n, seed=3, as_of=AS_OF))


def _resources(stay, policy):
    yield fhir.episode_of_care(stay.episode, as_of=AS_OF, deidentify=policy)
    for assessment in stay.assessments:
        if "phq9" in assessment.scores:
            yield fhir.observation(
                assessment.scores["phq9"],
                participant_id=assessment.participant_id,
                effective=assessment.assessed_on,
                deidentify=policy,
            )
    for session in stay.sessions:
        if session.attendance.attended:
            yield fhir.encounter(session, deidentify=policy)


#: FHIR date and dateTime values more precise than a year.
MORE_THAN_A_YEAR = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}$")


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def test_year_only_export_holds_no_id_and_no_date_finer_than_a_year():
    stays = _stays()
    policy = fhir.Deidentify(
        pseudonyms={stay.participant.id: f"study-{i:04d}" for i, stay in enumerate(stays)}
    )
    plain = list(_resources(stays[0], None))
    assert any(MORE_THAN_A_YEAR.match(value) for value in _strings(plain))  # the check bites
    for stay in stays:
        resources = list(_resources(stay, policy))
        text = json.dumps(fhir.bundle(resources))
        assert stay.participant.id not in text
        assert not any(MORE_THAN_A_YEAR.match(value) for value in _strings(resources))
        for resource in resources:
            model = {"EpisodeOfCare": EpisodeOfCare, "Observation": Observation}.get(
                resource["resourceType"], Encounter
            )
            model.model_validate(resource)
        Bundle.model_validate(fhir.bundle(resources))


def test_the_default_export_is_unchanged():
    stay = _stays(1)[0]
    assert fhir.episode_of_care(stay.episode, as_of=AS_OF) == fhir.episode_of_care(
        stay.episode, as_of=AS_OF, deidentify=None
    )


@settings(max_examples=25)
@given(ios.episodes(as_of=AS_OF), st.integers(-3650, 3650))
def test_shifted_dates_keep_the_length_of_stay(episode, days):
    policy = fhir.Deidentify(
        pseudonyms={episode.participant_id: "someone-else"},
        dates="shifted",
        shift_days={episode.participant_id: days},
    )
    plain = fhir.episode_of_care(episode, as_of=AS_OF)
    moved = fhir.episode_of_care(episode, as_of=AS_OF, deidentify=policy)
    EpisodeOfCare.model_validate(moved)
    assert moved["patient"] == {"reference": "Patient/someone-else"}
    for key in plain["period"]:
        before = pendulum.parse(plain["period"][key]).date()
        after = pendulum.parse(moved["period"][key]).date()
        assert (after - before).days == days
    assert moved["status"] == plain["status"]


@settings(max_examples=25)
@given(ios.sessions(participant_ids=st.just(MRN), around_dst=True), st.integers(-400, 400))
def test_shifted_sessions_keep_their_wall_clock_time_and_length(session, days):
    if not session.attendance.attended:
        return
    policy = fhir.Deidentify(pseudonyms={MRN: STUDY}, dates="shifted", shift_days={MRN: days})
    moved = fhir.encounter(session, deidentify=policy)
    Encounter.model_validate(moved)
    start = pendulum.parse(moved["period"]["start"])
    local = session.start
    assert (start.hour, start.minute) == (local.hour, local.minute)
    assert (start.date() - local.date()).days == days
    assert moved["length"] == fhir.encounter(session)["length"]


def test_an_observation_keeps_its_year():
    policy = fhir.Deidentify(pseudonyms={MRN: STUDY})
    resource = fhir.observation(
        phq9.score([1] * 9),
        participant_id=MRN,
        effective=pendulum.datetime(2026, 3, 2, 9, 30, tz="America/New_York"),
        deidentify=policy,
    )
    assert resource["effectiveDateTime"] == "2026"
    assert resource["subject"] == {"reference": f"Patient/{STUDY}"}
    Observation.model_validate(resource)


def test_a_participant_without_a_pseudonym_is_refused_without_showing_the_id():
    policy = fhir.Deidentify(pseudonyms={"someone": STUDY})
    session = Session(
        participant_id=MRN,
        service="group therapy",
        start=pendulum.datetime(2026, 3, 2, 9, tz="UTC"),
        end=pendulum.datetime(2026, 3, 2, 10, tz="UTC"),
    )
    with pytest.raises(UnknownCodeError) as caught:
        fhir.encounter(session, deidentify=policy)
    assert caught.value.field == "participant_id"
    assert MRN not in str(caught.value)
    shifted = fhir.Deidentify(pseudonyms={MRN: STUDY}, dates="shifted", shift_days={})
    with pytest.raises(UnknownCodeError, match="no date shift") as caught:
        fhir.encounter(session, deidentify=shifted)
    assert MRN not in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "error", "field"),
    [
        ({"pseudonyms": {MRN: MRN}}, InvalidValueError, "pseudonyms"),
        ({"pseudonyms": {MRN: STUDY, "b": STUDY}}, InvalidValueError, "pseudonyms"),
        ({"pseudonyms": {MRN: ""}}, InvalidTypeError, "pseudonyms"),
        ({"pseudonyms": [MRN]}, InvalidTypeError, "pseudonyms"),
        ({"pseudonyms": {MRN: STUDY}, "dates": "month"}, UnknownCodeError, "dates"),
        ({"pseudonyms": {MRN: STUDY}, "shift_days": {MRN: 3}}, InvalidValueError, "shift_days"),
        (
            {"pseudonyms": {MRN: STUDY}, "dates": "shifted", "shift_days": {MRN: 4000}},
            InvalidValueError,
            "shift_days",
        ),
        (
            {"pseudonyms": {MRN: STUDY}, "dates": "shifted", "shift_days": {MRN: 1.5}},
            InvalidTypeError,
            "shift_days",
        ),
    ],
)
def test_a_bad_policy_names_its_field_and_shows_no_id(arguments, error, field):
    with pytest.raises(error) as caught:
        fhir.Deidentify(**arguments)
    assert caught.value.field == field
    assert MRN not in str(caught.value)


def test_a_policy_shows_no_id_and_pickles():
    policy = fhir.Deidentify(pseudonyms={MRN: STUDY}, dates="shifted", shift_days={MRN: -20})
    assert MRN not in repr(policy)
    assert MRN not in str(policy)
    assert pickle.loads(pickle.dumps(policy)) == policy


def test_a_wrong_policy_type_is_refused():
    stay = _stays(1)[0]
    with pytest.raises(InvalidTypeError) as caught:
        fhir.episode_of_care(stay.episode, as_of=AS_OF, deidentify={"a": "b"})
    assert caught.value.field == "deidentify"
