"""The whole-history strategy: an episode, its assessments and sessions, coherent in time."""

import itertools

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rulesets import locus
from iopcore.testing import strategies as ios

AS_OF = pendulum.date(2026, 3, 2)


@given(ios.histories(as_of=AS_OF, max_weeks=6, tz="Europe/London"))
def test_a_history_is_coherent_in_time(history):
    """One participant; an open episode; weekly assessments and sessions up to as_of."""
    episode, assessments, sessions, as_of = history
    assert as_of == AS_OF
    assert AS_OF.subtract(weeks=6, days=6) <= episode.admitted <= AS_OF
    assert episode.level_on(AS_OF) is not None
    assert all(event.recorded <= AS_OF for event in episode.events)
    assert episode.known_on(AS_OF) == episode
    owners = {episode.participant_id}
    owners |= {a.participant_id for a in assessments} | {s.participant_id for s in sessions}
    assert len(owners) == 1
    days = [a.assessed_on for a in assessments]
    assert days[0] == episode.admitted
    assert all((later - earlier).days == 7 for earlier, later in itertools.pairwise(days))
    assert days[-1] <= AS_OF < days[-1].add(days=7)
    for earlier, later in itertools.pairwise(sessions):
        assert earlier.start < later.start
    assert all(episode.admitted <= s.start.date() <= AS_OF for s in sessions)
    assert all(s.start.tzinfo.name == "Europe/London" for s in sessions)


@given(ios.histories(ruleset=locus.RULESET, max_weeks=2))
def test_a_ruleset_limits_the_assessment_inputs(history):
    """LOCUS reads its seven ratings and no scores: only the added PHQ-9 appears."""
    for assessment in history.assessments:
        assert set(assessment.ratings) <= set(locus.DIMENSIONS)
        assert set(assessment.scores) <= {"phq9"}


@given(st.from_type(ios.History))
def test_from_type_draws_histories(history):
    assert isinstance(history, ios.History)
    assert history.episode.level_on(history.as_of) is not None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"max_weeks": 53}, InvalidValueError),
        ({"max_weeks": "12"}, InvalidTypeError),
        ({"as_of": "2026-03-02"}, InvalidTypeError),
        ({"tz": "Mars/Olympus"}, UnknownCodeError),
        ({"ruleset": "reference"}, InvalidTypeError),
        ({"participant_ids": "p-1"}, InvalidTypeError),
    ],
)
def test_bad_options_are_refused(fields, error):
    with pytest.raises(error):
        ios.histories(**fields)
