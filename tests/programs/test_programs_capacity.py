"""Group capacity: meetings over the program's maximum group size."""

import pendulum
import pytest
from _program_builders import NY, program

from iopcore.exceptions import InvalidTypeError
from iopcore.programs import (
    ProgramCheck,
    group_capacity,
)
from iopcore.sessions import Session

# ---------------------------------------------------------------- group capacity

GROUP_START = pendulum.datetime(2026, 3, 2, 9, tz=NY)


def group(who, attendance="attended", *, service="group therapy", start=GROUP_START):
    return Session(
        participant_id=who,
        service=service,
        start=start,
        end=start.add(hours=3),
        attendance=attendance,
    )


# One row per case: the sessions, the maximum group size, then per meeting
# (scheduled, attended, over capacity). The size is a program parameter: no clinical
# default (a typical 8-12 is unconfirmed).
CAPACITY_CASES = [
    ("three in a group of two", [group("a"), group("b"), group("c")], 2, [(3, 3, True)]),
    ("at the maximum", [group("a"), group("b")], 2, [(2, 2, False)]),
    (
        "an absence keeps a place but not a seat",
        [group("a"), group("b"), group("c", "absent")],
        2,
        [(3, 2, False)],
    ),
    (
        "cancellations do not count",
        [group("a"), group("b"), group("c", "cancelled")],
        2,
        [(2, 2, False)],
    ),
    (
        "individual therapy is not a group",
        [group("a"), group("b", service="individual therapy")],
        1,
        [(1, 1, False)],
    ),
    ("no maximum set", [group("a"), group("b"), group("c")], None, [(3, 3, False)]),
    ("one person counted once", [group("a"), group("a")], 1, [(1, 1, False)]),
    (
        "the same instant in another time zone is the same meeting",
        [group("a"), group("b", start=GROUP_START.in_timezone("UTC"))],
        1,
        [(2, 2, True)],
    ),
    (
        "two meetings",
        [group("a"), group("b", start=GROUP_START.add(days=1)), group("c", service="skills group")],
        1,
        [(1, 1, False), (1, 1, False), (1, 1, False)],
    ),
]


@pytest.mark.parametrize(
    ("sessions", "size", "expected"),
    [case[1:] for case in CAPACITY_CASES],
    ids=[case[0] for case in CAPACITY_CASES],
)
def test_group_capacity_table(sessions, size, expected):
    meetings = group_capacity(program(max_group_size=size), sessions)
    assert [(m.scheduled, m.attended, m.over_capacity) for m in meetings] == expected
    for meeting in meetings:
        assert meeting.max_size == size
        if meeting.over_capacity:
            (finding,) = meeting.findings
            assert (finding.check, finding.observed, finding.required) == (
                ProgramCheck.OVER_CAPACITY,
                meeting.attended,
                size,
            )


def test_group_capacity_errors():
    with pytest.raises(InvalidTypeError):
        group_capacity("adult-iop", [])
    with pytest.raises(InvalidTypeError) as caught:
        group_capacity(program(), [group("a"), 3])
    assert caught.value.field == "$.sessions[1]"
