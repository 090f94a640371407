"""Junk drawn by Hypothesis, into every public entry point (issue 14).

``test_robustness.py`` feeds a fixed list of junk values to the table of every
public entry point; here the junk is drawn, so that shrinking finds the smallest
value that breaks a promise: floats of every kind (subnormal, infinite, NaN, signed
zero), ints far beyond any count, dates and times at both ends of the calendar and in
any time zone, text and bytes of any content, unhashable containers, array-like
values. Each example calls one entry point of the table with one argument replaced.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from junk import programmer_words
from test_robustness import GROUPS

from iopcore.exceptions import IopcoreError

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy comes with the frames extra
    np = None

MAKERS = GROUPS

# The calendar's first days (its last ones are valid as_of dates that make the cohort
# functions build a row per week for millennia: slow, not wrong; see
# tests/test_calendar_edges.py).
_EDGE_DAYS = st.sampled_from([dt.date.min, dt.date.min + dt.timedelta(days=1)])


_LATEST = dt.datetime(2100, 1, 1)  # noqa: DTZ001 - hypothesis wants naive bounds


def _pendulum_date(day: dt.date) -> pendulum.Date:
    return pendulum.Date(day.year, day.month, day.day)


def junk_values() -> st.SearchStrategy[object]:
    """Values of every kind a careless caller or an attacker might pass."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_subnormal=True, allow_nan=True, allow_infinity=True),
        st.sampled_from([5e-324, -5e-324, -0.0, 1.7976931348623157e308]),
        # Small ints, and ints beyond every maximum (a valid size such as a cohort of
        # a million participants is not junk, only slow).
        st.integers(-10_000, 10_000),
        st.integers(min_value=10**18, max_value=10**40),
        st.sampled_from([10**5000, -(10**5000)]),  # too long to print as text
        st.text(max_size=30),
        st.binary(max_size=10),
    )
    days = st.one_of(
        st.dates(max_value=dt.date(2100, 1, 1)), _EDGE_DAYS, _EDGE_DAYS.map(_pendulum_date)
    )
    times = st.one_of(
        # Up to 2100: a valid as_of millennia later is slow, not wrong (a row per week).
        st.datetimes(max_value=_LATEST, timezones=st.none() | st.timezones()),
        st.sampled_from(
            [
                pendulum.datetime(1, 1, 1, tz="UTC"),
                pendulum.datetime(1, 1, 1, tz="Pacific/Kiritimati"),
            ]
        ),
    )
    containers = st.one_of(
        st.lists(scalars, max_size=3),
        st.lists(st.lists(scalars, max_size=2), max_size=2),  # unhashable members
        st.dictionaries(st.text(max_size=5), scalars, max_size=3),
        st.frozensets(st.integers(), max_size=3),
        st.tuples(scalars, scalars),
    )
    kinds = [scalars, days, times, containers]
    if np is not None:
        kinds.append(
            st.sampled_from(
                [np.array([1, 2]), np.array([]), np.float64("nan"), np.int64(3), np.bool_(True)]
            )
        )
    return st.one_of(*kinds)


@pytest.mark.one_value_everywhere
# Some junk is valid input, and check_ruleset then runs its own @given inside this one.
@settings(
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.nested_given],
    deadline=None,
)
@given(junk=junk_values(), data=st.data())
def test_drawn_junk_gives_a_result_or_a_plain_spoken_iopcore_error(junk, data):
    maker = data.draw(st.sampled_from(MAKERS), label="table")
    calls = list(maker(junk))
    name, call = data.draw(st.sampled_from(calls), label="entry point")
    leaks: list[str] = []
    try:
        call()
    except IopcoreError as error:
        leaks = programmer_words(error)
    assert leaks == [], name
