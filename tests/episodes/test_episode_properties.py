"""Properties every episode keeps, and the episode strategies."""

import itertools

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _episode_helpers import (
    IOP,
    PHP,
    D,
    change,
    discharge,
    episode,
)
from iopcore import LevelOfCare
from iopcore.episodes import (
    Discharge,
    Episode,
    EpisodeEvent,
    LevelChange,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    NaiveDateTimeError,
)
from iopcore.serialize import from_json, to_json
from iopcore.testing import strategies as ios

# ---------------------------------------------------------------- properties

AS_OF = D(2026, 3, 2)
DAYS = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 6, 1)).map(
    lambda day: pendulum.Date(day.year, day.month, day.day)
)


@given(ios.episodes(as_of=AS_OF), DAYS)
def test_days_at_each_level_sum_to_the_length_of_stay(stay, as_of):
    """days_at_each_level(as_of) sums to length_of_stay(as_of), which counts the days
    on or before as_of on which level_on gives a level."""
    by_level = stay.days_at_each_level(as_of)
    assert sum(by_level.values()) == stay.length_of_stay(as_of)
    assert all(days > 0 for days in by_level.values())
    days_in_care = [
        stay.admitted.add(days=n)
        for n in range((as_of - stay.admitted).days + 1)
        if stay.level_on(stay.admitted.add(days=n)) is not None
    ]
    assert len(days_in_care) == stay.length_of_stay(as_of)
    for level, days in by_level.items():
        assert days == sum(1 for day in days_in_care if stay.level_on(day) is level)


@given(ios.episodes(as_of=AS_OF, max_events=4), st.data())
def test_level_on_is_constant_between_events(stay, data):
    """Between two consecutive boundaries (admission, each event, as_of) the level
    does not change; at a level change it becomes the change's to_level."""
    boundaries = [stay.admitted, *(event.effective for event in stay.events), AS_OF.add(days=1)]
    for start, end in itertools.pairwise(boundaries):
        if end <= start:
            continue
        level = stay.level_on(start)
        offset = data.draw(st.integers(0, (end - start).days - 1))
        assert stay.level_on(start.add(days=offset)) is level
        assert stay.level_on(end.subtract(days=1)) is level
    for event in stay.level_changes:
        assert stay.level_on(event.effective) is event.to_level
        assert stay.level_on(event.effective.subtract(days=1)) is event.from_level


@given(ios.episodes(as_of=AS_OF), DAYS)
def test_known_on_never_includes_events_recorded_after_the_date(stay, day):
    """known_on(day) holds exactly the events recorded on or before day, and is a
    valid episode whose own known_on(day) is itself."""
    known = stay.known_on(day)
    assert all(event.recorded <= day for event in known.events)
    assert known.events == tuple(event for event in stay.events if event.recorded <= day)
    assert known.known_on(day) == known
    assert Episode(**attrs.asdict(known, recurse=False)) == known


@given(ios.episodes(as_of=AS_OF, discharged=False), st.data())
def test_with_event_of_a_valid_next_event_keeps_the_episode_valid(stay, data):
    """Adding the next event (a change from the level in force, or a discharge), dated
    after the last one, gives a valid episode whose level follows it."""
    last = stay.events[-1].effective if stay.events else stay.admitted
    effective = last.add(days=data.draw(st.integers(1, 60)))
    recorded = effective.add(days=data.draw(st.integers(0, 10)))
    current = stay.level_on(last)
    assert current is not None
    if data.draw(st.booleans()):
        to_level = data.draw(
            st.sampled_from([level for level in LevelOfCare if level is not current])
        )
        if stay.level_changes:
            recorded = max(recorded, *(change.recorded for change in stay.level_changes))
        event = change(effective, current, to_level, recorded=recorded)
        expected = to_level
    else:
        event = discharge(effective, recorded=recorded)
        expected = None
    longer = stay.with_event(event)
    assert longer.events == (*stay.events, event)
    assert longer.level_on(effective) is expected
    assert (
        longer.known_on(recorded.subtract(days=1)).events
        == stay.known_on(recorded.subtract(days=1)).events
    )


@given(ios.episodes(as_of=AS_OF))
def test_episodes_round_trip_through_json(stay):
    assert from_json(to_json(stay), Episode) == stay


@given(ios.episodes(as_of=AS_OF, min_events=2, max_events=2, discharged=True))
def test_strategy_options_are_kept(stay):
    assert len(stay.events) == 2
    assert stay.is_discharged(AS_OF)
    assert all(event.recorded <= AS_OF for event in stay.events)


@given(
    st.from_type(Episode),
    st.from_type(LevelChange),
    st.from_type(Discharge),
    st.from_type(EpisodeEvent),
)
def test_from_type_knows_the_episode_types(stay, level_change, ending, event):
    assert isinstance(stay, Episode)
    assert isinstance(level_change, LevelChange)
    assert isinstance(ending, Discharge)
    assert isinstance(event, LevelChange | Discharge)


@pytest.mark.parametrize(
    ("options", "error_type", "field"),
    [
        ({"min_events": 3, "max_events": 2}, InvalidValueError, "min_events"),
        ({"max_events": 51}, InvalidValueError, "max_events"),
        ({"max_events": 0, "discharged": True}, InvalidValueError, "max_events"),
        ({"discharged": "yes"}, InvalidTypeError, "discharged"),
        ({"participant_ids": "p"}, InvalidTypeError, "participant_ids"),
        ({"as_of": pendulum.naive(2026, 1, 1)}, NaiveDateTimeError, "as_of"),
    ],
)
def test_episode_strategy_checks_its_options(options, error_type, field):
    with pytest.raises(error_type) as caught:
        ios.episodes(**options)
    assert caught.value.field == field


@given(ios.episodes(participant_ids=st.just("fixed"), discharged=False, max_events=0))
def test_episode_strategy_takes_ids(stay):
    assert stay.participant_id == "fixed"
    assert stay.events == ()


@pytest.mark.parametrize(
    ("admitted", "as_of", "days"),
    [
        (D(9999, 12, 1), D(9999, 12, 31), 31),  # as_of the last day of the calendar
        (D(1, 1, 1), D(1, 1, 1), 1),  # admitted on the first day of the calendar
    ],
)
def test_lengths_of_stay_at_the_ends_of_the_calendar(admitted, as_of, days):
    stay = episode(admitted=admitted)
    assert stay.length_of_stay(as_of) == days
    assert dict(stay.days_at_each_level(as_of)) == {IOP: days}


def test_days_at_each_level_up_to_the_last_calendar_day():
    stay = episode(change(D(9999, 12, 30), IOP, PHP), admitted=D(9999, 12, 1))
    assert dict(stay.days_at_each_level(D(9999, 12, 31))) == {IOP: 29, PHP: 2}
