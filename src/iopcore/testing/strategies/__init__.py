"""Hypothesis strategies for every iopcore type, valid by construction.

Use them to property-test code that takes iopcore values, such as assessments limited
to the inputs a ruleset reads (see :func:`assessments`):

>>> import pendulum
>>> from hypothesis import given
>>> from iopcore.testing import strategies as ios
>>> @given(ios.participants(as_of=pendulum.date(2026, 1, 1), min_age=18))
... def test_adults(person):
...     assert person.population_on(pendulum.date(2026, 1, 1)).value == "adult"
>>> test_adults()

Bounds are checked when the strategy is built: a bad bound raises an iopcore error
naming the argument.
"""

from __future__ import annotations

from iopcore.testing.strategies._assessments import (
    DEFAULT_RATING_RANGE,
    MEASUREMENT_RANGES,
    RulesetInputs,
    assessments,
    rating_ranges,
    ruleset_inputs,
)
from iopcore.testing.strategies._episodes import episodes
from iopcore.testing.strategies._histories import MAX_HISTORY_WEEKS, History, histories
from iopcore.testing.strategies._instruments import (
    measurements,
    responses,
    responses_with_options,
    scores,
    trajectories,
)
from iopcore.testing.strategies._participants import (
    MAX_AGE,  # noqa: F401 - not in __all__ (as before), but read as strategies.MAX_AGE
    birth_dates,
    conditions,
    identifiers,
    levels_of_care,
    participants,
    populations,
    sexes,
)
from iopcore.testing.strategies._programs import curricula, programs
from iopcore.testing.strategies._schedules import (
    MAX_SCHEDULED_WEEKS,
    TYPICAL_WEEKS,
    TypicalWeek,
    scheduled_histories,
    typical_weeks,
)
from iopcore.testing.strategies._sessions import (
    SESSION_MINUTES,
    SESSION_TIME_ZONES,
    attendance_histories,
    program_calendars,
    sessions,
)

__all__ = [
    "DEFAULT_RATING_RANGE",
    "MAX_HISTORY_WEEKS",
    "MAX_SCHEDULED_WEEKS",
    "MEASUREMENT_RANGES",
    "SESSION_MINUTES",
    "SESSION_TIME_ZONES",
    "TYPICAL_WEEKS",
    "History",
    "RulesetInputs",
    "TypicalWeek",
    "assessments",
    "attendance_histories",
    "birth_dates",
    "conditions",
    "curricula",
    "episodes",
    "histories",
    "identifiers",
    "levels_of_care",
    "measurements",
    "participants",
    "populations",
    "program_calendars",
    "programs",
    "rating_ranges",
    "responses",
    "responses_with_options",
    "ruleset_inputs",
    "scheduled_histories",
    "scores",
    "sessions",
    "sexes",
    "trajectories",
    "typical_weeks",
]
