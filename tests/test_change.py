"""Change over time: Jacobson-Truax, the HEDIS and Talking Therapies rules, and
trajectories; each table cites its source."""

import math

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import serialize
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.instruments import Score, audit, bam, gad7, phq9
from iopcore.instruments.change import (
    CASENESS,
    RELIABILITY_DEFAULTS,
    RELIABLE_CHANGE_POINTS,
    RELIABLE_CHANGE_Z,
    REMISSION_BELOW,
    RESPONSE_REDUCTION,
    DatedScore,
    Trajectory,
    is_case,
    recovery,
    reliable_change,
    reliable_change_threshold,
    reliable_deterioration,
    reliable_improvement,
    reliable_recovery,
    remission,
    response,
)
from iopcore.testing import strategies as ios


def _phq9(total):
    answers = []
    for _ in range(8):
        answers.append(min(3, total))
        total -= answers[-1]
    return phq9.score([*answers, total])


# ---------------------------------------------------------------- Jacobson-Truax

# Jacobson & Truax 1991 (formula as in the psyctc.org RCI calculator; Maassen 2004 JINS).
# Worked examples, inputs unconfirmed (SD and r as recalled from Kroenke 2001 and
# Spitzer 2006):
# PHQ-9 SD 5.5, r 0.84 -> S_diff 3.11, threshold ~6.1; GAD-7 SD 4.5, r 0.92 -> ~3.5.
JT_EXAMPLES = [
    (5.5, 0.84, 3.11, 6.10),
    (4.5, 0.92, 1.80, 3.53),
]


@pytest.mark.parametrize(("sd", "r", "s_diff", "threshold"), JT_EXAMPLES)
def test_jacobson_truax_worked_examples(sd, r, s_diff, threshold):
    change = reliable_change(10, 10, sd=sd, reliability=r)
    assert change.standard_error == pytest.approx(s_diff, abs=0.005)
    assert change.threshold == pytest.approx(threshold, abs=0.005)
    assert change.index == 0
    assert change.reliable is False


def test_reliable_change_both_sides_of_the_threshold():
    """|RC| > 1.96 is reliable (Jacobson & Truax 1991): 6 points is not, 7 is (PHQ-9)."""
    assert RELIABLE_CHANGE_Z == 1.96
    six = reliable_change(16, 10, sd=5.5, reliability=0.84)
    seven = reliable_change(16, 9, sd=5.5, reliability=0.84)
    assert six.index == pytest.approx(-6 / (5.5 * math.sqrt(2) * math.sqrt(0.16)))
    assert (six.reliable, seven.reliable) == (False, True)


def test_defaults_are_marked_unverified_and_give_the_thresholds():
    assert RELIABILITY_DEFAULTS["phq9"].sd == 5.5
    assert RELIABILITY_DEFAULTS["phq9"].reliability == 0.84
    assert RELIABILITY_DEFAULTS["gad7"].sd == 4.5
    assert RELIABILITY_DEFAULTS["gad7"].reliability == 0.92
    assert not any(defaults.verified for defaults in RELIABILITY_DEFAULTS.values())
    assert reliable_change_threshold("phq9") == pytest.approx(6.1, abs=0.01)
    assert reliable_change_threshold("gad7") == pytest.approx(3.53, abs=0.01)
    with pytest.raises(UnknownCodeError) as caught:
        reliable_change_threshold("pcl5")
    assert caught.value.allowed == "phq9, gad7"


def test_reliable_change_takes_scores():
    change = reliable_change(_phq9(20), _phq9(8), sd=5.5, reliability=0.84)
    assert (change.before, change.after) == (20.0, 8.0)
    assert change.reliable


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"before": -1}, ["before"]),
        ({"after": math.nan}, ["after"]),
        ({"sd": 0}, ["sd"]),
        ({"sd": -1}, ["sd"]),
        ({"reliability": 1}, ["reliability"]),
        ({"reliability": 1.2}, ["reliability"]),
        ({"before": phq9.score([None] * 9)}, ["before"]),
        ({"before": "3", "sd": True}, ["before", "sd"]),
        # Issue 14.3: a subnormal sd divided by zero; a huge one overflowed the threshold.
        ({"sd": 5e-324}, ["sd"]),
        ({"sd": 5e-324, "reliability": 0.75}, ["sd"]),
        ({"sd": 1e308, "reliability": 0}, ["sd"]),
        ({"sd": math.inf}, ["sd"]),
        ({"reliability": math.nan}, ["reliability"]),
    ],
)
def test_reliable_change_checks_its_inputs(kwargs, fields):
    arguments = {"before": 10, "after": 5, "sd": 5.5, "reliability": 0.84, **kwargs}
    before, after = arguments.pop("before"), arguments.pop("after")
    with pytest.raises((InvalidValueError, InvalidTypeError, IopcoreErrorGroup)) as caught:
        reliable_change(before, after, **arguments)
    error = caught.value
    found = [member.field for member in getattr(error, "exceptions", [error])]
    assert found == fields


@given(
    st.integers(0, 27),
    st.integers(0, 27),
    st.floats(0.5, 20),
    st.floats(0, 0.99),
)
def test_reliable_change_is_antisymmetric(before, after, sd, r):
    """Swapping before and after negates the index and keeps `reliable`."""
    forward = reliable_change(before, after, sd=sd, reliability=r)
    backward = reliable_change(after, before, sd=sd, reliability=r)
    assert forward.index == -backward.index
    assert forward.reliable is backward.reliable
    assert forward.threshold == backward.threshold


@given(
    st.integers(0, 27),
    st.integers(0, 27),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
)
def test_reliable_change_gives_finite_figures_or_a_typed_error(before, after, sd, r):
    """Any float for sd or reliability gives finite figures or an iopcore error, never a crash."""
    try:
        change = reliable_change(before, after, sd=sd, reliability=r)
    except (InvalidValueError, InvalidTypeError, IopcoreErrorGroup):
        return
    assert all(math.isfinite(x) for x in (change.index, change.standard_error, change.threshold))
    assert change.standard_error > 0


# ---------------------------------------------------------------- HEDIS and Talking Therapies

# HEDIS DRR-E (ncqa.org): response = reduction of at least 50% from the index score.
RESPONSES = [
    (20, 10, True),
    (20, 11, False),
    (15, 7, True),  # 7.5 is the half: 7 is a response
    (15, 8, False),
    (10, 5, True),
    (10, 6, False),
    (0, 0, False),  # nothing to fall from
    (4, 0, True),
]


@pytest.mark.parametrize(("baseline", "follow_up", "expected"), RESPONSES)
def test_response(baseline, follow_up, expected):
    assert RESPONSE_REDUCTION == 0.5
    assert response(baseline, follow_up) is expected
    assert response(_phq9(baseline), _phq9(follow_up)) is expected


# HEDIS DRR-E / CMS159: PHQ-9 remission < 5; GAD-7 < 5 (minimal band, by analogy [M]).
REMISSIONS = [
    ("phq9", 4, True),
    ("phq9", 5, False),
    ("gad7", 4, True),
    ("gad7", 5, False),
]


@pytest.mark.parametrize(("instrument", "total", "expected"), REMISSIONS)
def test_remission(instrument, total, expected):
    assert REMISSION_BELOW[instrument] == 5
    assert remission(total, instrument=instrument) is expected


def test_remission_takes_a_score_and_infers_the_instrument():
    assert remission(_phq9(4)) is True
    assert remission(gad7.score([1, 1, 1, 1, 1, 0, 0])) is False
    with pytest.raises(InvalidValueError) as caught:
        remission(4)
    assert caught.value.field == "instrument"
    with pytest.raises(InvalidValueError):
        remission(_phq9(4), instrument="gad7")  # the score says phq9
    with pytest.raises(UnknownCodeError):
        remission(3, instrument="audit")
    with pytest.raises(InvalidTypeError):
        remission(3, instrument=9)  # type: ignore[arg-type]


# NHS Talking Therapies (IAPT) manual via cbtwatch [V2]: caseness PHQ-9 >= 10,
# GAD-7 >= 8; reliable improvement PHQ-9 >= 6, GAD-7 >= 4 points.
CASES = [("phq9", 9, False), ("phq9", 10, True), ("gad7", 7, False), ("gad7", 8, True)]


@pytest.mark.parametrize(("instrument", "total", "expected"), CASES)
def test_caseness(instrument, total, expected):
    assert is_case(total, instrument=instrument) is expected


RELIABLE_POINTS = [
    ("phq9", 16, 10, True, False),
    ("phq9", 16, 11, False, False),
    ("phq9", 10, 16, False, True),
    ("phq9", 10, 15, False, False),
    ("gad7", 12, 8, True, False),
    ("gad7", 12, 9, False, False),
    ("gad7", 8, 12, False, True),
    ("gad7", 8, 11, False, False),
]


@pytest.mark.parametrize(("instrument", "before", "after", "better", "worse"), RELIABLE_POINTS)
def test_reliable_improvement_and_deterioration(instrument, before, after, better, worse):
    assert RELIABLE_CHANGE_POINTS == {"phq9": 6, "gad7": 4}
    assert reliable_improvement(before, after, instrument=instrument) is better
    assert reliable_deterioration(before, after, instrument=instrument) is worse


RECOVERIES = [
    ("phq9", 10, 9, True, False),
    ("phq9", 10, 10, False, False),
    ("phq9", 9, 4, False, False),  # not a case at the start
    ("phq9", 15, 9, True, True),
    ("gad7", 8, 7, True, False),
    ("gad7", 12, 7, True, True),
    ("gad7", 7, 2, False, False),
]


@pytest.mark.parametrize(("instrument", "before", "after", "recovered", "reliably"), RECOVERIES)
def test_recovery(instrument, before, after, recovered, reliably):
    assert CASENESS == {"phq9": 10, "gad7": 8}
    assert recovery(before, after, instrument=instrument) is recovered
    assert reliable_recovery(before, after, instrument=instrument) is reliably


def test_pairs_need_one_instrument():
    with pytest.raises(InvalidValueError) as caught:
        recovery(_phq9(12), gad7.score([0] * 7))
    assert caught.value.reason == "differ between the arguments"
    with pytest.raises(IopcoreErrorGroup):
        recovery("a", "b", instrument="phq9")


# ---------------------------------------------------------------- trajectories

D = pendulum.date


def _course(*points):
    return [(D(2026, 1, 5).add(weeks=week), _phq9(total)) for week, total in points]


def test_trajectory_outcomes():
    points = _course((0, 18), (1, 14), (2, 9), (3, 4), (4, 3), (5, 12))
    course = Trajectory.from_measurements(points, as_of=D(2026, 2, 5))  # week 4 is the last
    assert course.baseline.score.total == 18
    assert course.latest.score.total == 3
    assert course.first_response == D(2026, 1, 19)  # 9 <= 18 / 2
    assert course.first_remission == D(2026, 1, 26)
    assert course.weeks_to_remission == 3.0
    assert course.remission_sustained(2) is True
    assert course.remission_sustained(3) is False
    assert course.reliable_improvement is True
    assert course.reliable_deterioration is False
    later = Trajectory.from_measurements(points, as_of=D(2026, 2, 9))
    assert later.latest.score.total == 12
    assert later.remission_sustained(1) is False
    assert later.reliable_deterioration is False


def test_trajectory_skips_incomplete_points():
    points = [*_course((0, 16), (2, 7)), (D(2026, 1, 12), phq9.score([None] * 9))]
    course = Trajectory.from_measurements(points, as_of=D(2026, 3, 1))
    assert [m.on for m in course.skipped] == [D(2026, 1, 12)]
    assert [m.score.total for m in course.assessed] == [16, 7]
    assert len(course.measurements) == 3


def test_trajectory_reliable_deterioration():
    course = Trajectory.from_measurements(_course((0, 8), (1, 14)), as_of=D(2026, 6, 1))
    assert course.reliable_deterioration is True
    assert course.first_response is None
    assert course.first_remission is None
    assert course.weeks_to_remission is None


def test_trajectory_with_too_few_points():
    empty = Trajectory.from_measurements([], as_of=D(2026, 1, 1), instrument="gad7")
    assert (empty.baseline, empty.latest, empty.reliable_deterioration) == (None, None, None)
    assert empty.reliable_improvement is None
    assert empty.remission_sustained() is False
    one = Trajectory.from_measurements(_course((0, 12)), as_of=D(2026, 2, 1))
    assert one.reliable_deterioration is None
    assert one.reliable_improvement is None


def test_trajectory_of_an_instrument_without_remission_rules():
    points = [
        (D(2026, 1, 1), audit.score([4] * 8 + [4, 4])),
        (D(2026, 2, 1), audit.score([0] * 10)),
    ]
    course = Trajectory.from_measurements(points, as_of=D(2026, 3, 1))
    assert course.first_response == D(2026, 2, 1)
    assert course.first_remission is None
    assert course.remission_sustained() is None
    assert course.reliable_deterioration is None
    assert course.reliable_improvement is None


def test_trajectory_errors():
    with pytest.raises(InvalidValueError):
        Trajectory.from_measurements([], as_of=D(2026, 1, 1))
    with pytest.raises(UnknownCodeError):
        Trajectory.from_measurements([], as_of=D(2026, 1, 1), instrument="bam")
    with pytest.raises(InvalidTypeError):
        Trajectory.from_measurements([], as_of=D(2026, 1, 1), instrument=3)
    with pytest.raises(IopcoreErrorGroup) as caught:
        Trajectory(
            instrument="phq9",
            as_of=D(2026, 1, 1),
            measurements=[
                DatedScore(on=D(2026, 2, 1), score=_phq9(3)),
                DatedScore(on=D(2025, 2, 1), score=gad7.score([0] * 7)),
            ],
        )
    assert sorted(error.field for error in caught.value.exceptions) == [
        "$.measurements[0].score",
        "$.measurements[1].on",
    ]
    with pytest.raises(IopcoreErrorGroup) as caught:
        Trajectory.from_measurements([(1, 2), "x", (D(2026, 1, 1),)], as_of=D(2026, 1, 1))
    fields = [error.field for error in caught.value.exceptions]
    assert fields == [
        "$.measurements[0][0]",
        "$.measurements[0][1]",
        "$.measurements[1]",
        "$.measurements[2]",
    ]
    with pytest.raises(InvalidTypeError):
        Trajectory.from_measurements("abc", as_of=D(2026, 1, 1))
    with pytest.raises(InvalidTypeError):
        DatedScore(on=D(2026, 1, 1), score=3)
    with pytest.raises(InvalidValueError):
        Trajectory.from_measurements(_course((0, 3)), as_of=D(2026, 2, 1)).remission_sustained(0)
    with pytest.raises(InvalidValueError):
        reliable_change(bam.score([0] * 17), 3, sd=1, reliability=0.5)


def test_trajectory_as_of_may_be_an_aware_datetime():
    as_of = pendulum.datetime(2026, 1, 12, 23, tz="America/New_York")
    course = Trajectory.from_measurements(_course((0, 10), (1, 9), (2, 3)), as_of=as_of)
    assert course.as_of == D(2026, 1, 12)
    assert course.latest.on == D(2026, 1, 12)


def test_trajectory_round_trips_through_json():
    course = Trajectory.from_measurements(_course((0, 18), (2, 9)), as_of=D(2026, 2, 1))
    text = serialize.to_json(course)
    assert serialize.from_json(text, Trajectory) == course
    score = _phq9(11)
    assert serialize.from_json(serialize.to_json(score), Score) == score
    subscaled = bam.score([1] * 17)
    assert serialize.from_dict(serialize.to_dict(subscaled), Score) == subscaled


@given(ios.trajectories(), st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 6, 1)))
def test_a_trajectory_never_looks_past_as_of(course, day):
    """Outcomes as of a date depend only on the measurements up to that date."""
    on = D(day.year, day.month, day.day)
    cut = Trajectory.from_measurements(course.measurements, as_of=on, instrument="phq9")
    assert all(m.on <= on for m in cut.measurements)
    earlier = [m for m in course.measurements if m.on <= on]
    again = Trajectory.from_measurements(earlier, as_of=on, instrument="phq9")
    assert cut == again
    for date in (cut.first_response, cut.first_remission):
        assert date is None or date <= on


@given(ios.trajectories("gad7"))
def test_trajectory_outcomes_are_consistent(course):
    """Skipped points are exactly the incomplete ones; remission falls between baseline and as_of."""
    assert all(m.score.total is None for m in course.skipped)
    assert len(course.assessed) + len(course.skipped) == len(course.measurements)
    if course.first_remission is not None:
        assert course.baseline.on <= course.first_remission <= course.as_of
        assert course.weeks_to_remission >= 0
