"""Level periods: the level in force and the days in care, read from an episode's stretches."""

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare
from iopcore._periods import days_in_care, level_on_day, stay_periods
from iopcore.episodes import Discharge, LevelChange
from iopcore.testing import strategies as ios

AS_OF = pendulum.date(2026, 3, 2)
IOP, PHP = LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION
DAYS = st.dates(min_value=pendulum.date(2023, 1, 1), max_value=pendulum.date(2026, 6, 1))


def level_by_events(stay, day):
    """The level in force on ``day`` read event by event, as the Episode docs define it."""
    if day < stay.admitted:
        return None
    level = stay.initial_level
    for event in stay.events:
        if event.effective > day:
            break
        if isinstance(event, Discharge):
            return None
        assert isinstance(event, LevelChange)
        level = event.to_level
    return level


@given(ios.episodes(as_of=AS_OF, max_events=4), DAYS)
def test_the_level_on_a_day_is_the_one_the_events_put_in_force(stay, day):
    """level_on_day over stay_periods is the level the events put in force on the day:
    none before admission or from the discharge on, the new level from a change on."""
    expected = level_by_events(stay, day)
    assert level_on_day(stay_periods(stay), day.toordinal()) is expected
    assert stay.level_on(pendulum.Date(day.year, day.month, day.day)) is expected


@given(ios.episodes(as_of=AS_OF, max_events=4), DAYS)
def test_days_in_care_count_the_days_with_a_level(stay, day):
    """days_in_care up to the day after ``day`` counts the days from admission to
    ``day`` on which a level is in force."""
    periods = stay_periods(stay)
    first = stay.admitted.toordinal()
    counted = sum(
        1 for ordinal in range(first, day.toordinal() + 1) if level_on_day(periods, ordinal)
    )
    assert days_in_care(periods, day.toordinal() + 1) == counted


def test_days_in_care_of_a_stay_with_a_step_and_a_discharge():
    # Admitted on the 1st at IOP, PHP from the 11th, discharged on the 21st.
    admitted = pendulum.date(2026, 1, 1)
    periods = [
        (IOP, admitted.toordinal(), admitted.toordinal() + 10, None),
        (PHP, admitted.toordinal() + 10, admitted.toordinal() + 20, None),
    ]
    for end, expected in [(0, 0), (1, 1), (10, 10), (11, 11), (20, 20), (21, 20), (400, 20)]:
        assert days_in_care(periods, admitted.toordinal() + end) == expected
    assert level_on_day(periods, admitted.toordinal() - 1) is None
    assert level_on_day(periods, admitted.toordinal() + 9) is IOP
    assert level_on_day(periods, admitted.toordinal() + 10) is PHP
    assert level_on_day(periods, admitted.toordinal() + 20) is None
