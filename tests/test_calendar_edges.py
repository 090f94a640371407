"""Dates near the ends of the calendar give a typed error naming the field, never a
plain OverflowError or ValueError (generators, strategies and the transition rules)."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings

from iopcore import cohort, synthetic, transitions
from iopcore.assessments import Assessment
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidValueError
from iopcore.participants import Participant
from iopcore.testing import strategies as ios

LAST = pendulum.date(9999, 12, 31)
FIRST = pendulum.date(1, 1, 1)
NEAR_END = pendulum.date(9999, 12, 30)


@pytest.mark.parametrize("name", ["participants", "assessments", "cohort", "histories"])
@pytest.mark.parametrize("day", [FIRST, LAST])
def test_synthetic_generators_refuse_a_day_without_room(name, day):
    with pytest.raises(InvalidValueError) as caught:
        getattr(synthetic, name)(2, seed=1, as_of=day)
    assert caught.value.field == "as_of"
    assert "calendar" in str(caught.value)


@pytest.mark.parametrize("day", [FIRST, LAST])
def test_synthetic_streams_refuse_a_day_without_room(day):
    with pytest.raises(InvalidValueError, match="calendar"):
        synthetic.census(2, seed=1, as_of=day)
    with pytest.raises(InvalidValueError, match="calendar") as caught:
        synthetic.admissions(2, seed=1, start=day, end=day, as_of=day)
    assert caught.value.field == "start"


def test_synthetic_generators_work_at_the_last_day_with_room():
    day = LAST.subtract(days=14)
    assert len(list(synthetic.census(3, seed=1, as_of=day))) == 3
    assert len(list(synthetic.admissions(3, seed=1, start=day, end=day, as_of=day))) == 3
    earliest = FIRST.add(days=74 * 366)
    assert len(synthetic.histories(2, seed=1, as_of=earliest, weeks=2)) == 2


def test_the_next_review_off_the_calendar_is_a_typed_error():
    episode = Episode(participant_id="p", admitted=NEAR_END, initial_level="IOP")
    found = [Assessment(participant_id="p", assessed_on=NEAR_END, ratings={"safety": 1})]
    with pytest.raises(InvalidValueError) as caught:
        transitions.evaluate_transition(episode, assessments=found, sessions=[], as_of=LAST)
    assert caught.value.field == "assessed_on"
    assert "7 days" in str(caught.value)
    with pytest.raises(InvalidValueError) as caught:
        transitions.obligations(episode, assessments=found, as_of=LAST)
    assert caught.value.field in {"admitted", "assessed_on"}
    records = cohort.ParticipantRecords(
        participant=Participant(id="p", birth_date=pendulum.date(9980, 1, 1)),
        episode=episode,
        assessments=found,
    )
    with pytest.raises(InvalidValueError):
        cohort.evaluate_participant(records, as_of=LAST, tz="UTC")


@pytest.mark.parametrize(
    "make", [ios.participants, ios.assessments, ios.episodes, ios.histories, ios.trajectories]
)
@pytest.mark.parametrize("day", [FIRST, LAST])
def test_strategies_refuse_a_day_without_room(make, day):
    with pytest.raises(InvalidValueError) as caught:
        make(as_of=day)
    assert caught.value.field == "as_of"


@pytest.mark.parametrize(
    "day", [FIRST.add(days=112 * 366), LAST.subtract(days=2 * 366)], ids=["first", "last"]
)
@pytest.mark.parametrize("make", [ios.participants, ios.episodes, ios.histories])
def test_strategies_draw_at_the_days_nearest_the_ends(make, day):
    @settings(max_examples=15, database=None)
    @given(make(as_of=day))
    def check(value):
        assert value is not None

    check()
