import subprocess
import sys

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import Condition, LevelOfCare, Participant
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import INSTRUMENT_NAMES, Score, get_instrument
from iopcore.instruments.change import DatedScore, Trajectory
from iopcore.testing import strategies as ios


@given(st.from_type(Participant))
def test_from_type_builds_valid_participants(someone):
    """The entry point registers Participant, so st.from_type gives valid ones."""
    assert isinstance(someone, Participant)
    assert someone.id.strip()


@given(
    ios.levels_of_care(
        min_level=LevelOfCare.INTENSIVE_OUTPATIENT, max_level=LevelOfCare.RESIDENTIAL
    )
)
def test_level_bounds_hold(level):
    """levels_of_care(min_level, max_level) stays inside its bounds."""
    assert LevelOfCare.INTENSIVE_OUTPATIENT <= level <= LevelOfCare.RESIDENTIAL


def test_level_bounds_are_checked():
    with pytest.raises(InvalidValueError) as caught:
        ios.levels_of_care(min_level=LevelOfCare.INPATIENT, max_level=LevelOfCare.OUTPATIENT)
    assert caught.value.field == "min_level"
    with pytest.raises(InvalidTypeError):
        ios.levels_of_care(min_level="IOP")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"min_age": 30, "max_age": 20}, "min_age"),
        ({"min_age": -1}, "min_age"),
        ({"max_age": 200}, "max_age"),
        ({"min_age": True}, "min_age"),
        ({"as_of": "2020-01-01"}, "as_of"),
    ],
)
def test_age_bounds_are_checked(kwargs, field):
    with pytest.raises((InvalidValueError, InvalidTypeError)) as caught:
        ios.participants(**kwargs)
    assert caught.value.field == field


@given(ios.birth_dates(as_of=pendulum.date(2024, 2, 29), min_age=18, max_age=18))
def test_birth_dates_of_exact_age_on_a_leap_day(born):
    """min_age == max_age gives people of exactly that age, even on 29 February."""
    someone = Participant(id="x", birth_date=born)
    assert someone.age_on(pendulum.date(2024, 2, 29)) == 18


@given(
    st.data(),
    st.integers(min_value=0, max_value=ios.MAX_AGE),
    st.integers(min_value=0, max_value=ios.MAX_AGE),
    st.dates(min_value=pendulum.date(1990, 1, 1), max_value=pendulum.date(2100, 12, 31)),
)
def test_any_age_range_holds(data, first, second, on):
    """birth_dates(min_age, max_age, as_of) only gives ages in range on as_of."""
    low, high = sorted((first, second))
    born = data.draw(
        ios.birth_dates(as_of=pendulum.date(on.year, on.month, on.day), min_age=low, max_age=high)
    )
    assert (
        low
        <= Participant(id="x", birth_date=born).age_on(pendulum.date(on.year, on.month, on.day))
        <= high
    )


@given(ios.identifiers())
def test_identifiers_are_valid(identifier):
    """Every identifier the strategy draws is accepted as a participant id."""
    assert Participant(id=identifier, birth_date=pendulum.date(2000, 1, 1)).id == identifier


def test_condition_groups_can_be_fixed():
    strategy = ios.participants(condition_groups=st.just(frozenset({Condition.OCD})))

    @given(strategy)
    def check(someone):
        assert someone.conditions == frozenset({Condition.OCD})

    check()


def test_iopcore_testing_without_hypothesis_says_how_to_install():
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import iopcore.testing\nexcept ImportError as e:\n    print(e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install 'iopcore[testing]'" in result.stdout


# ---------------------------------------------------------------- instrument strategies


@pytest.mark.parametrize("name", INSTRUMENT_NAMES)
@pytest.mark.parametrize("complete", [True, False, None])
def test_responses_are_valid_and_as_complete_as_asked(name, complete):
    """responses(name, complete=...) gives answers the scorer accepts, complete or not."""
    module = get_instrument(name)

    @given(ios.responses(name, complete=complete))
    def check(answers):
        assert module.is_valid(answers)
        result = module.score(answers)
        if complete is False:
            assert not result.complete
        if complete is True and name != "cssrs":
            assert result.complete

    check()


@pytest.mark.parametrize("name", [*INSTRUMENT_NAMES, None])
def test_complete_scores_are_complete(name):
    @given(ios.scores(name, complete=True))
    def check(result):
        assert result.complete
        assert name is None or result.instrument == name

    check()


@given(st.from_type(DatedScore), st.from_type(Trajectory))
def test_from_type_builds_measurements_and_trajectories(measurement, course):
    """The entry point registers Measurement and Trajectory too."""
    assert isinstance(measurement.score, Score)
    assert all(m.on <= course.as_of for m in course.measurements)


@given(
    ios.measurements(
        "gad7", min_date=pendulum.date(2026, 1, 1), max_date=pendulum.date(2026, 1, 31)
    )
)
def test_measurement_dates_hold(measurement):
    assert pendulum.date(2026, 1, 1) <= measurement.on <= pendulum.date(2026, 1, 31)
    assert measurement.score.instrument == "gad7"


@pytest.mark.parametrize(
    ("build", "error", "field"),
    [
        (lambda: ios.responses("hamd"), UnknownCodeError, "instrument"),
        (lambda: ios.responses(9), InvalidTypeError, "instrument"),
        (lambda: ios.responses("phq9", complete="yes"), InvalidTypeError, "complete"),
        (lambda: ios.scores("x"), UnknownCodeError, "instrument"),
        (lambda: ios.measurements("bam"), UnknownCodeError, "instrument"),
        (
            lambda: ios.measurements(
                min_date=pendulum.date(2026, 2, 1), max_date=pendulum.date(2026, 1, 1)
            ),
            InvalidValueError,
            "min_date",
        ),
        (lambda: ios.trajectories("cssrs"), UnknownCodeError, "instrument"),
        (lambda: ios.trajectories(max_size=-1), InvalidValueError, "max_size"),
    ],
)
def test_instrument_strategy_arguments_are_checked(build, error, field):
    with pytest.raises(error) as caught:
        build()
    assert caught.value.field == field
