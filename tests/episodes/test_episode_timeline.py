"""The episode's timeline rules (the conventions in the iopcore.episodes docstring) and
its own fields."""

import pytest

from _episode_helpers import (
    ADMITTED,
    END,
    IOP,
    OP,
    PHP,
    RES,
    STEP_DOWN,
    STEP_UP,
    D,
    change,
    discharge,
    episode,
)
from iopcore.assessments import Role
from iopcore.episodes import (
    Episode,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)

# ---------------------------------------------------------------- validation

# Each row: events, then the (error type, field) pairs expected, in order. The rules
# are iopcore's conventions, stated in the iopcore.episodes docstring.
TIMELINE_CASES = [
    # an event on the admission date: the initial level would last no day
    ([change(ADMITTED, IOP, PHP)], [(InvalidValueError, "$.events[0].effective")]),
    # an event before admission
    ([change(D(2026, 1, 1), IOP, PHP)], [(InvalidValueError, "$.events[0].effective")]),
    ([discharge(D(2025, 12, 31))], [(InvalidValueError, "$.events[0].effective")]),
    # out of effective-date order
    (
        [change(D(2026, 1, 20), IOP, PHP), change(D(2026, 1, 10), PHP, IOP)],
        [(InvalidValueError, "$.events[1].effective")],
    ),
    # two events on one date: not allowed (one event a day)
    (
        [change(D(2026, 1, 10), IOP, PHP), change(D(2026, 1, 10), PHP, RES)],
        [(InvalidValueError, "$.events[1].effective")],
    ),
    (
        [change(D(2026, 1, 10), IOP, PHP), discharge(D(2026, 1, 10))],
        [(InvalidValueError, "$.events[1].effective")],
    ),
    # anything after the discharge; the discharge is terminal
    (
        [discharge(D(2026, 1, 10)), change(D(2026, 1, 20), IOP, PHP)],
        [(InvalidValueError, "$.events[1]")],
    ),
    ([discharge(D(2026, 1, 10)), discharge(D(2026, 1, 20))], [(InvalidValueError, "$.events[1]")]),
    (
        [
            discharge(D(2026, 1, 10)),
            change(D(2026, 1, 20), IOP, PHP),
            change(D(2026, 1, 25), PHP, OP),
        ],
        [(InvalidValueError, "$.events[1]"), (InvalidValueError, "$.events[2]")],
    ),
    # a change must start from the level in force before it
    ([change(D(2026, 1, 10), PHP, RES)], [(InvalidValueError, "$.events[0].from_level")]),
    (
        [change(D(2026, 1, 10), IOP, PHP), change(D(2026, 1, 20), IOP, OP)],
        [(InvalidValueError, "$.events[1].from_level")],
    ),
    # a change backdated to before a change already on record
    (
        [
            change(D(2026, 1, 10), IOP, PHP, recorded=D(2026, 1, 25)),
            change(D(2026, 1, 20), PHP, OP, recorded=D(2026, 1, 20)),
        ],
        [(InvalidValueError, "$.events[1].recorded")],
    ),
    # several problems at once, each with its path
    (
        [change(ADMITTED, PHP, RES), discharge(D(2026, 1, 4))],
        [
            (InvalidValueError, "$.events[0].effective"),
            (InvalidValueError, "$.events[0].from_level"),
            (InvalidValueError, "$.events[1].effective"),
        ],
    ),
    # not an event at all
    ([42], [(InvalidTypeError, "$.events[0]")]),
    ([STEP_UP, "discharge"], [(InvalidTypeError, "$.events[1]")]),
]


@pytest.mark.parametrize(("events", "expected"), TIMELINE_CASES)
def test_timeline_rules(events, expected):
    with pytest.raises(IopcoreError) as caught:
        episode(*events)
    error = caught.value
    found = list(error.exceptions) if isinstance(error, IopcoreErrorGroup) else [error]
    assert [(type(e), e.field) for e in found] == expected
    assert isinstance(error, IopcoreErrorGroup) == (len(expected) > 1)


VALID_TIMELINES = [
    [],
    [STEP_UP],
    [STEP_UP, STEP_DOWN],
    [STEP_UP, STEP_DOWN, END],
    [discharge(ADMITTED.add(days=1))],
    # a backdated change after every change on record is fine
    [change(D(2026, 1, 10), IOP, PHP), change(D(2026, 1, 20), PHP, OP, recorded=D(2026, 2, 20))],
    # a change recorded after the discharge was recorded (late paperwork) is fine
    [change(D(2026, 1, 10), IOP, PHP, recorded=D(2026, 2, 1)), discharge(D(2026, 1, 20))],
]


@pytest.mark.parametrize("events", VALID_TIMELINES)
def test_valid_timelines(events):
    assert episode(*events).events == tuple(events)


@pytest.mark.parametrize(
    ("fields", "error_type", "field"),
    [
        ({"participant_id": " "}, InvalidValueError, "participant_id"),
        ({"program_id": 5}, InvalidTypeError, "program_id"),
        ({"admitted": "2026-01-05"}, InvalidTypeError, "admitted"),
        ({"initial_level": "ICU"}, UnknownCodeError, "initial_level"),
        ({"events": "abc"}, InvalidTypeError, "events"),
        ({"events": {"a": 1}}, InvalidTypeError, "events"),
    ],
)
def test_episode_fields(fields, error_type, field):
    values = {"participant_id": "p", "admitted": ADMITTED, "initial_level": "IOP", **fields}
    with pytest.raises(error_type) as caught:
        Episode(**values)
    assert caught.value.field == field


def test_levels_and_roles_may_be_given_as_values():
    made = Episode(
        participant_id="p", program_id="iop-east", admitted=ADMITTED, initial_level="PHP"
    )
    assert made.initial_level is PHP
    assert made.program_id == "iop-east"
    assert change(D(2026, 1, 10), "IOP", "OP", decided_by="counselor").decided_by is Role.COUNSELOR
