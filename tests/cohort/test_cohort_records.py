"""A participant's records: what ParticipantRecords takes, refuses, and accepts instead."""

import pickle

import attrs
import pytest
from _cohort_cases import (
    AS_OF,
    HISTORIES,
    NY,
    PERSON,
    D,
    evaluate,
    group,
    phq,
    scored,
    stepped_down,
)

from iopcore import Participant, synthetic
from iopcore.cohort import (
    ParticipantRecords,
    participant_records,
    summarize,
)
from iopcore.exceptions import (
    InvalidTypeError,
    IopcoreErrorGroup,
)

# ---------------------------------------------------------------- input records


def test_participant_records_take_any_iterables_and_keep_tuples():
    records = ParticipantRecords(
        participant=PERSON,
        assessments=(a for a in [scored(D(2026, 3, 2), phq(12))]),
        sessions=[group(D(2026, 3, 2))],
    )
    assert isinstance(records.assessments, tuple)
    assert isinstance(records.sessions, tuple)
    assert pickle.loads(pickle.dumps(records)) == records


def test_participant_records_refuse_other_peoples_records():
    other = Participant(id="p-2", birth_date=D(1991, 1, 1))
    with pytest.raises(IopcoreErrorGroup) as caught:
        ParticipantRecords(
            participant=other,
            episode=stepped_down().episode,
            assessments=[scored(D(2026, 3, 2), phq(12))],
            sessions=[group(D(2026, 3, 2))],
        )
    assert [error.field for error in caught.value.exceptions] == [
        "episode.participant_id",
        "$.assessments[0].participant_id",
        "$.sessions[0].participant_id",
    ]


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("participant", "p-1", "participant"),
        ("episode", "an episode", "episode"),
        ("assessments", "not a list", "assessments"),
        ("assessments", [1], "$.assessments[0]"),
        ("sessions", {"a": 1}, "sessions"),
        ("sessions", [None], "$.sessions[0]"),
    ],
)
def test_participant_records_name_a_bad_field(field, value, where):
    with pytest.raises(InvalidTypeError) as caught:
        ParticipantRecords(**{"participant": PERSON, field: value})
    assert caught.value.field == where


def test_synthetic_histories_and_lookalikes_feed_straight_in():
    history = HISTORIES[2]
    as_records = ParticipantRecords(
        participant=history.participant,
        episode=history.episode,
        assessments=history.assessments,
        sessions=history.sessions,
    )
    assert evaluate(history) == evaluate(as_records)

    @attrs.frozen
    class NoEpisode:
        participant: Participant
        assessments: tuple
        sessions: tuple

    lookalike = NoEpisode(history.participant, history.assessments, history.sessions)
    assert evaluate(lookalike).participant["admitted"] is None


def test_the_synthetic_cohort_feeds_in_with_zip():
    """SyntheticCohort has one assessment per participant, index for index."""
    group_ = synthetic.cohort(30, seed=5, as_of=AS_OF)
    records = (
        ParticipantRecords(participant=person, assessments=[assessment])
        for person, assessment in zip(group_.participants, group_.assessments, strict=True)
    )
    summary = summarize(participant_records(records, as_of=AS_OF, tz=NY))
    assert summary.participants == 30
    assert sum(count for _, count in summary.recommended) == 30
    assert summary.levels == ()
    assert summary.compliance_rate is None
    assert summary.step_up_rate is None
    assert summary.median_length_of_stay_days is None
