"""The object path takes what tables hold (issue 16, item 6).

numpy integer, float and bool scalars are the plain values they hold; ``None``, NaN,
``pandas.NA`` and ``NaT`` are missing wherever missing is allowed, and refused with the
usual error where it is not; ``numpy.datetime64`` is a naive datetime (or a date when it
holds a whole day). What comes back is always a plain Python value. None of this makes
``import iopcore`` import numpy or pandas (tests/guarantees/test_no_io.py).
"""

import datetime as dt
import math
import pickle

import attrs
import numpy as np
import pandas as pd
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import Participant, Session
from iopcore._table_values import bool_value, int_value, is_missing, plain_scalar
from iopcore._validation import (
    to_as_of,
    to_aware_datetime,
    to_bool,
    to_date,
    to_int,
    to_number,
)
from iopcore.assessments import Assessment
from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import (
    InvalidResponse,
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    NaiveDateTimeError,
)
from iopcore.instruments import (
    INSTRUMENT_NAMES,
    Responses,
    Score,
    audit_c,
    cssrs,
    dast10,
    gad7,
    get_instrument,
    phq9,
)
from iopcore.instruments.change import reliable_change
from iopcore.levels import LevelOfCare
from iopcore.serialize import to_dict, to_json
from iopcore.sessions import Attendance, ProgramCalendar, ServiceType
from iopcore.testing import strategies

INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
FLOAT_TYPES = [np.float32, np.float64]
NUMPY_BOOLS = [np.bool_(True), np.bool_(False)]
# Every way a table says "no value": Python's, numpy's and pandas'.
MISSING = [
    None,
    math.nan,
    float("nan"),
    np.float64("nan"),
    np.float32("nan"),
    pd.NA,
    pd.NaT,
    np.datetime64("NaT"),
    np.datetime64("NaT", "ns"),
]
DAY = pendulum.date(2026, 3, 2)
# A date as tables hold it: numpy days, numpy timestamps at midnight, a naive pandas
# Timestamp at midnight (pandas' datetime64[ns] column), and the standard dates.
TABLE_DATES = [
    np.datetime64("2026-03-02"),
    np.datetime64("2026-03-02", "D"),
    np.datetime64("2026-03-02T00:00", "m"),
    np.datetime64("2026-03-02T00:00:00", "s"),
    np.datetime64("2026-03-02T00:00:00.000", "ms"),
    np.datetime64("2026-03-02T00:00:00.000000000", "ns"),
    pd.Timestamp("2026-03-02"),
    pd.Timestamp("2026-03-02").to_pydatetime().date(),
    dt.date(2026, 3, 2),
    pendulum.date(2026, 3, 2),
]
# Not a date: a time of day, a month, a point in time, or a day beyond year 9999.
NOT_DATES = [
    np.datetime64("2026-03-02T10:30"),
    np.datetime64("2026-03-02T00:00:00.000000001", "ns"),
    np.datetime64("2026-03", "M"),
    np.datetime64("2026", "Y"),
    pd.Timestamp("2026-03-02 10:30"),
    pd.Timestamp("2026-03-02", tz="UTC"),
    np.datetime64("20000-01-01"),
    dt.datetime(2026, 3, 2),  # noqa: DTZ001 - a plain naive datetime stays refused
    np.int64(20260302),
]


def _numpy_free(value):
    """Whether ``value`` and what it holds are plain Python values (no numpy, no pandas)."""
    module = type(value).__module__
    if module.startswith(("numpy", "pandas")):
        return False
    if isinstance(value, dict):
        return all(_numpy_free(k) and _numpy_free(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return all(_numpy_free(item) for item in value)
    return True


# ---------------------------------------------------------------- the converters


@pytest.mark.parametrize("kind", INT_TYPES)
def test_integer_scalars_are_plain_ints(kind):
    number = to_int(kind(7), field="x", minimum=0, maximum=10)
    assert number == 7
    assert type(number) is int
    assert type(to_number(kind(7), field="x")) is float
    assert to_number(kind(7), field="x") == 7.0
    assert int_value(kind(7)) == 7
    assert type(plain_scalar(kind(7))) is int


def test_the_largest_unsigned_int_stays_exact():
    assert to_int(np.uint64(2**64 - 1), field="x") == 2**64 - 1


@pytest.mark.parametrize("kind", FLOAT_TYPES)
def test_float_scalars_are_plain_floats(kind):
    number = to_number(kind(1.5), field="x", minimum=0, maximum=2)
    assert number == 1.5
    assert type(number) is float


@pytest.mark.parametrize("kind", FLOAT_TYPES)
def test_a_float_is_not_an_int(kind):
    # A whole float too: 2.0 from a column of floats is refused where an int is asked,
    # as Python's 2.0 is.
    with pytest.raises(InvalidTypeError) as caught:
        to_int(kind(2.0), field="x", minimum=0, maximum=10)
    assert caught.value.allowed == "an int from 0 to 10"


@pytest.mark.parametrize("flag", [True, False, *NUMPY_BOOLS])
def test_a_bool_is_neither_an_int_nor_a_number(flag):
    with pytest.raises(InvalidTypeError):
        to_int(flag, field="x")
    with pytest.raises(InvalidTypeError):
        to_number(flag, field="x")
    assert int_value(flag) is None


@pytest.mark.parametrize("flag", NUMPY_BOOLS)
def test_numpy_bools_are_plain_bools(flag):
    assert to_bool(flag, field="x") is bool(flag)
    assert bool_value(flag) is bool(flag)
    assert plain_scalar(flag) is bool(flag)


@pytest.mark.parametrize("value", [0, 1, np.int64(1), 1.0, "True", None, math.nan])
def test_an_int_is_not_a_bool(value):
    with pytest.raises(InvalidTypeError):
        to_bool(value, field="x")
    assert bool_value(value) is None


@pytest.mark.parametrize("value", MISSING)
def test_missing_values(value):
    assert is_missing(value) is True
    assert plain_scalar(value) is None


@pytest.mark.parametrize(
    "value",
    [
        *(0, 0.0, "", "nan", False, np.int64(0), np.float64(0), np.bool_(False), [], {}),
        *(object(), np.array([math.nan]), pd.Series([math.nan])),
    ],
)
def test_present_values(value):
    """Zero, false and empty are values, not missing; an array is never "missing" (a
    0-d array is numpy's scalar, though, and is what it holds)."""
    assert is_missing(value) is False


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (np.array([1, 2]), InvalidTypeError),
        (np.array([1]), InvalidTypeError),
        (np.datetime64("2026-03-02"), InvalidTypeError),
        (np.timedelta64(3, "D"), InvalidTypeError),
        (pd.NA, InvalidTypeError),
        (np.float64("inf"), InvalidValueError),
        (np.float64("nan"), InvalidValueError),
        (np.int64(-1), InvalidValueError),
    ],
)
def test_numbers_refused(value, error):
    with pytest.raises(error) as caught:
        to_number(value, field="hours", minimum=0)
    assert caught.value.field == "hours"


@pytest.mark.parametrize("value", TABLE_DATES)
def test_table_dates(value):
    for converted in (to_date(value, field="d"), to_as_of(value)):
        assert converted == DAY
        assert type(converted) is pendulum.Date


@pytest.mark.parametrize("value", NOT_DATES + MISSING)
def test_not_dates(value):
    with pytest.raises(InvalidTypeError) as caught:
        to_date(value, field="assessed_on")
    assert caught.value.field == "assessed_on"
    assert caught.value.allowed == "a date (pendulum.Date or datetime.date), not a datetime"


@pytest.mark.parametrize(
    "value",
    [
        pd.Timestamp("2026-03-08 03:30", tz="America/New_York"),
        pd.Timestamp("2026-03-08 07:30", tz="UTC").tz_convert("America/New_York"),
        pd.Timestamp("2026-03-08 03:30:00.000000999", tz="America/New_York"),
    ],
)
def test_aware_pandas_timestamps_become_pendulum(value):
    converted = to_aware_datetime(value, field="start")
    assert type(converted) is pendulum.DateTime
    assert converted == pendulum.datetime(2026, 3, 8, 3, 30, tz="America/New_York")
    assert converted.tzinfo.name == "America/New_York"
    assert to_as_of(value) == pendulum.date(2026, 3, 8)


@pytest.mark.parametrize(
    "value",
    [
        np.datetime64("2026-03-02T10:30"),
        np.datetime64("2026-03-02"),  # a day is not a moment either
        pd.Timestamp("2026-03-02 10:30"),
    ],
)
def test_numpy_datetimes_are_naive(value):
    with pytest.raises(NaiveDateTimeError) as caught:
        to_aware_datetime(value, field="start")
    assert caught.value.field == "start"
    assert caught.value.reason == "has no time zone"


@pytest.mark.parametrize(
    "value", [np.datetime64("2026-03-02T10:30"), pd.Timestamp("2026-03-02 9:00")]
)
def test_a_naive_time_of_day_is_no_as_of(value):
    with pytest.raises(NaiveDateTimeError):
        to_as_of(value)


@pytest.mark.parametrize("value", MISSING)
def test_a_missing_moment_is_refused_as_missing_not_as_naive(value):
    with pytest.raises(InvalidTypeError) as caught:
        to_aware_datetime(value, field="start")
    assert not isinstance(caught.value, NaiveDateTimeError)
    with pytest.raises(InvalidTypeError):
        to_as_of(value)


# ---------------------------------------------------------------- questionnaires


@pytest.mark.parametrize("kind", INT_TYPES)
def test_phq9_of_numpy_answers(kind):
    expected = phq9.score([1, 1, 2, 1, 0, 1, 1, 0, 1])
    assert phq9.score([kind(a) for a in (1, 1, 2, 1, 0, 1, 1, 0, 1)]) == expected
    assert phq9.score(np.array([1, 1, 2, 1, 0, 1, 1, 0, 1], dtype=kind)) == expected
    assert phq9.is_valid([kind(0)] * 9)


@pytest.mark.parametrize("gap", MISSING)
def test_an_unanswered_item_from_a_table(gap):
    score = gad7.score([np.int64(2), 2, 1, 1, gap, 0, 1])
    assert score == gad7.score([2, 2, 1, 1, None, 0, 1])
    assert score.missing == (5,)
    assert score.total is None


def test_a_pandas_row_of_answers():
    """A row of a nullable-int frame (a Series) holds answers in order, NA unanswered."""
    frame = pd.DataFrame({f"phq9_{n}": pd.array([1, None], dtype="Int64") for n in range(1, 10)})
    items = [f"phq9_{n}" for n in range(1, 10)]
    assert phq9.score(frame.loc[0, items]) == phq9.score([1] * 9)
    assert phq9.score(frame.loc[1, items]).missing == tuple(range(1, 10))
    assert phq9.score(frame.loc[0, items].to_numpy()) == phq9.score([1] * 9)


@pytest.mark.parametrize("flag", NUMPY_BOOLS)
def test_yes_no_items_take_numpy_bools(flag):
    plain = bool(flag)
    assert dast10.score([flag] * 10) == dast10.score([plain] * 10)
    answers = [True, True, flag, flag, flag, True]
    assert cssrs.score(answers, behaviour_within_3_months=flag) == cssrs.score(
        [True, True, plain, plain, plain, True], behaviour_within_3_months=plain
    )


@pytest.mark.parametrize("gap", MISSING)
def test_a_follow_up_not_asked(gap):
    assert cssrs.score([True, True, False, False, False, True], behaviour_within_3_months=gap) == (
        cssrs.score([True, True, False, False, False, True])
    )


# A row per bad answer: the message is the one a plain Python value gets, the bool
# refusals included (a bool is not a number; an int is not yes/no).
REFUSED_ANSWERS = [
    (phq9, True, "$.responses[0]: True is not an answer to PHQ-9 item 1"),
    (phq9, np.bool_(True), "$.responses[0]: np.True_ is not an answer to PHQ-9 item 1"),
    (phq9, np.int64(4), "$.responses[0]: np.int64(4) is not an answer to PHQ-9 item 1"),
    (phq9, np.float64(1.0), "$.responses[0]: np.float64(1.0) is not an answer to PHQ-9 item 1"),
    (phq9, 4, "$.responses[0]: 4 is not an answer to PHQ-9 item 1"),
    (phq9, "1", "$.responses[0]: '1' is not an answer to PHQ-9 item 1"),
    (dast10, np.int64(1), "$.responses[0]: np.int64(1) is not an answer to DAST-10 item 1"),
    (dast10, 1, "$.responses[0]: 1 is not an answer to DAST-10 item 1"),
]


@pytest.mark.parametrize(("module", "answer", "message"), REFUSED_ANSWERS)
def test_bad_answers_keep_their_message(module, answer, message):
    plain = [0] * 9 if module is phq9 else [False] * 10
    with pytest.raises(InvalidResponse) as caught:
        module.score([answer, *plain[1:]])
    assert str(caught.value).startswith(message + "; allowed: ")
    assert not module.is_valid([answer, *plain[1:]])


@pytest.mark.parametrize("value", [1, 0, np.int64(1), "yes", np.float64(1.0)])
def test_follow_up_refused(value):
    with pytest.raises(InvalidResponse) as caught:
        cssrs.score([True, True, False, False, False, True], behaviour_within_3_months=value)
    assert caught.value.field == "behaviour_within_3_months"


def test_kept_responses_hold_plain_values():
    kept = Responses(
        instrument="audit_c",
        answers=np.array([2, 1, 1], dtype=np.int16),
        options={"sex": np.str_("male"), "male_cutoff": np.int64(4)},
    )
    assert kept.answers == (2, 1, 1)
    assert all(type(answer) is int for answer in kept.answers)
    assert kept == Responses(
        instrument="audit_c", answers=[2, 1, 1], options={"sex": "male", "male_cutoff": 4}
    )
    assert "np." not in repr(kept)
    gaps = Responses(instrument="dast10", answers=[np.bool_(True), pd.NA, *[False] * 8])
    assert gaps.answers == (True, None, *[False] * 8)
    assert type(gaps.answers[0]) is bool


def test_scores_read_from_a_table():
    row = {"total": np.int64(9), "band": np.str_("mild"), "complete": np.bool_(True)}
    score = Score(instrument="phq9", flags=["suicidal_ideation"], **row)
    assert score == phq9.score([1] * 9)
    assert (type(score.total), type(score.band), type(score.complete)) == (int, str, bool)
    incomplete = Score(
        instrument="phq9",
        total=math.nan,
        band=pd.NA,
        complete=np.bool_(False),
        missing=[np.int64(9)],
    )
    assert incomplete == phq9.score([1] * 8 + [None])
    assert type(incomplete.missing[0]) is int
    with pytest.raises(InvalidTypeError):
        Score(instrument="phq9", total=9, band="mild", complete=1)


@pytest.mark.parametrize("missing", MISSING)
def test_audit_c_sex_not_recorded(missing):
    assert audit_c.score([2, 1, 1], sex=missing) == audit_c.score([2, 1, 1])


@pytest.mark.parametrize("missing", MISSING)
def test_a_missing_cutoff_is_refused(missing):
    with pytest.raises(InvalidTypeError) as caught:
        audit_c.score([2, 1, 1], male_cutoff=missing)
    assert caught.value.field == "male_cutoff"


@pytest.mark.parametrize("kind", [*INT_TYPES, *FLOAT_TYPES])
def test_reliable_change_of_numpy_totals(kind):
    plain = reliable_change(20, 8, sd=6, reliability=0.84)
    # float32 of 0.84 is not 0.84: the reliability stays a Python float here.
    assert reliable_change(kind(20), kind(8), sd=kind(6), reliability=0.84) == plain
    assert type(reliable_change(kind(20), kind(8), sd=kind(6), reliability=0.84).index) is float


# ---------------------------------------------------------------- assessments


def _assessment(**fields):
    return Assessment(participant_id="p-1", assessed_on=DAY, **fields)


@pytest.mark.parametrize("kind", INT_TYPES)
def test_ratings_of_numpy_ints(kind):
    assessment = _assessment(ratings={"safety": kind(1), "symptoms": kind(3)})
    assert assessment == _assessment(ratings={"safety": 1, "symptoms": 3})
    assert all(type(value) is int for value in assessment.ratings.values())
    assert _numpy_free(to_dict(assessment))


@pytest.mark.parametrize("flag", [True, np.bool_(True)])
def test_a_bool_is_no_rating(flag):
    with pytest.raises(InvalidTypeError) as caught:
        _assessment(ratings={"safety": flag})
    assert str(caught.value) == (
        f"$.ratings.safety: {flag!r} is not allowed; allowed: an int from 0 to 10"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (11, "$.ratings.safety: 11 is out of range; allowed: an int from 0 to 10"),
        (
            np.int64(11),
            "$.ratings.safety: np.int64(11) is out of range; allowed: an int from 0 to 10",
        ),
        (-1, "$.ratings.safety: -1 is out of range; allowed: an int from 0 to 10"),
        (1.5, "$.ratings.safety: 1.5 is not allowed; allowed: an int from 0 to 10"),
        ("3", "$.ratings.safety: '3' is not allowed; allowed: an int from 0 to 10"),
    ],
)
def test_bad_ratings_keep_their_message(value, message):
    with pytest.raises((InvalidTypeError, InvalidValueError)) as caught:
        _assessment(ratings={"safety": value})
    assert str(caught.value) == message


@pytest.mark.parametrize("missing", MISSING)
def test_a_missing_value_in_a_mapping_was_not_assessed(missing):
    """A rating, fact or measurement given as missing is left out: not assessed."""
    assessment = _assessment(
        ratings={"safety": missing, "symptoms": np.int64(3)},
        facts={"imminent_danger": missing, "able_to_participate": np.bool_(True)},
        measurements={"bmi": missing, "heart_rate_bpm": np.float32(72.0)},
    )
    assert dict(assessment.ratings) == {"symptoms": 3}
    assert dict(assessment.facts) == {"able_to_participate": True}
    assert dict(assessment.measurements) == {"heart_rate_bpm": 72.0}
    assert assessment.rating("safety") is None
    assert assessment.fact("imminent_danger") is None
    assert assessment.measurement("bmi") is None
    assert assessment == _assessment(
        ratings={"symptoms": 3},
        facts={"able_to_participate": True},
        measurements={"heart_rate_bpm": 72.0},
    )


def test_the_name_of_a_missing_value_is_still_checked():
    with pytest.raises(InvalidValueError) as caught:
        _assessment(ratings={"": math.nan})
    assert caught.value.field == "$.ratings"


@pytest.mark.parametrize("value", [1, np.int64(1), 0, "yes"])
def test_a_fact_is_a_bool(value):
    with pytest.raises(InvalidTypeError) as caught:
        _assessment(facts={"imminent_danger": value})
    assert caught.value.allowed == "True or False (leave a fact out if unknown)"


@pytest.mark.parametrize("kind", FLOAT_TYPES)
def test_measurements_of_numpy_floats(kind):
    assessment = _assessment(measurements={"bmi": kind(17.5)})
    assert assessment.measurement("bmi") == 17.5
    assert type(assessment.measurement("bmi")) is float


@pytest.mark.parametrize("value", [np.float64("inf"), np.bool_(True), np.datetime64("2026-03-02")])
def test_bad_measurements(value):
    with pytest.raises(IopcoreError) as caught:
        _assessment(measurements={"bmi": value})
    assert caught.value.field == "$.measurements.bmi"


@pytest.mark.parametrize("value", TABLE_DATES)
def test_assessed_on_from_a_table(value):
    assert (
        _assessment().assessed_on == Assessment(participant_id="p-1", assessed_on=value).assessed_on
    )


@pytest.mark.parametrize("missing", MISSING)
def test_missing_optional_fields_of_an_assessment(missing):
    assessment = _assessment(population=missing, conditions=missing, recorded_by=missing)
    assert (assessment.population, assessment.conditions, assessment.recorded_by) == (None,) * 3


@pytest.mark.parametrize("missing", MISSING)
def test_a_missing_assessment_date_is_refused(missing):
    with pytest.raises(InvalidTypeError) as caught:
        Assessment(participant_id="p-1", assessed_on=missing)
    assert caught.value.field == "assessed_on"


def test_an_assessment_from_numpy_scalars_pickles_and_serializes_plainly():
    assessment = Assessment(
        participant_id=np.str_("p-1"),
        assessed_on=np.datetime64("2026-03-02"),
        ratings={"safety": np.int8(2)},
        facts={"imminent_danger": np.bool_(False)},
        measurements={"bmi": np.float32(18.5)},
        responses={"phq9": np.array([1, 1, 2, 1, 0, 1, 1, 0, 1])},
    )
    assert type(assessment.participant_id) is str
    assert _numpy_free(to_dict(assessment))
    assert "np." not in repr(assessment)
    assert pickle.loads(pickle.dumps(assessment)) == assessment
    assert to_json(assessment) == to_json(
        Assessment(
            participant_id="p-1",
            assessed_on=DAY,
            ratings={"safety": 2},
            facts={"imminent_danger": False},
            measurements={"bmi": 18.5},
            responses={"phq9": [1, 1, 2, 1, 0, 1, 1, 0, 1]},
        )
    )


# ---------------------------------------------------------------- participants, sessions, episodes

BIRTH = pendulum.date(2008, 6, 1)


@pytest.mark.parametrize("value", [np.datetime64("2008-06-01"), pd.Timestamp("2008-06-01")])
def test_a_birth_date_from_a_table(value):
    person = Participant(id=np.str_("p-1"), birth_date=value, sex=pd.NA)
    assert person == Participant(id="p-1", birth_date=BIRTH)
    assert type(person.id) is str


@pytest.mark.parametrize("value", [np.datetime64("2008-06-01T10:00"), pd.NaT])
def test_a_birth_date_that_is_not_one_is_not_shown(value):
    with pytest.raises(InvalidTypeError) as caught:
        Participant(id="p-1", birth_date=value)
    assert "2008" not in str(caught.value)
    assert caught.value.field == "birth_date"


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (np.datetime64("2026-05-31"), 17),
        (pd.Timestamp("2026-06-01"), 18),
        (pd.Timestamp("2026-06-01 01:00", tz="Asia/Tokyo"), 18),
    ],
)
def test_ages_on_a_table_date(on, age):
    person = Participant(id="p-1", birth_date=BIRTH)
    assert person.age_on(on) == age
    assert person.population_on(on, adult_age=np.int64(18)) == person.population_on(
        to_as_of(on), adult_age=18
    )


START = pd.Timestamp("2026-03-02 09:00", tz="America/New_York")
END = pd.Timestamp("2026-03-02 12:00", tz="America/New_York")


def _session(**fields):
    return Session(
        participant_id="p-1",
        service=ServiceType.GROUP_THERAPY,
        **({"start": START, "end": END} | fields),
    )


@pytest.mark.parametrize("kind", INT_TYPES)
def test_minutes_attended_of_numpy_ints(kind):
    session = _session(attendance=Attendance.ATTENDED_IN_PART, attended_minutes=kind(90))
    assert session.attended_minutes == 90
    assert type(session.attended_minutes) is int
    assert type(session.start) is pendulum.DateTime
    assert session.hours == 1.5


@pytest.mark.parametrize("missing", MISSING)
def test_minutes_attended_missing(missing):
    assert _session(attended_minutes=missing) == _session()
    with pytest.raises(InvalidValueError) as caught:
        _session(attendance="attended in part", attended_minutes=missing)
    assert caught.value.reason == "is missing"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("start", np.datetime64("2026-03-02T09:00"), NaiveDateTimeError),
        ("end", pd.Timestamp("2026-03-02 12:00"), NaiveDateTimeError),
        ("start", pd.NaT, InvalidTypeError),
        ("end", np.datetime64("NaT"), InvalidTypeError),
        ("start", None, InvalidTypeError),
    ],
)
def test_session_times_from_a_table(field, value, error):
    with pytest.raises(error) as caught:
        _session(**{field: value})
    assert caught.value.field == field


@pytest.mark.parametrize("value", [np.bool_(True), True, np.float64(90.0)])
def test_minutes_attended_are_an_int(value):
    with pytest.raises(InvalidTypeError) as caught:
        _session(attendance="attended in part", attended_minutes=value)
    assert caught.value.field == "attended_minutes"


def test_a_program_calendar_from_numpy_values():
    calendar = ProgramCalendar(
        tz="America/Chicago",
        first_weekday=np.int64(6),
        closures=[np.datetime64("2024-07-04")],
        partial_days={np.datetime64("2024-07-03"): np.float32(0.5)},
    )
    assert calendar == ProgramCalendar(
        tz="America/Chicago",
        first_weekday=pendulum.WeekDay.SUNDAY,
        closures=[pendulum.date(2024, 7, 4)],
        partial_days={pendulum.date(2024, 7, 3): 0.5},
    )
    assert calendar.week_start(np.datetime64("2024-07-04")) == pendulum.date(2024, 6, 30)


@pytest.mark.parametrize("missing", MISSING)
def test_episodes_from_a_table(missing):
    kwargs = {"recorded": np.datetime64("2026-01-19"), "note": missing}
    step_up = LevelChange(
        effective=pd.Timestamp("2026-01-19"),
        from_level=LevelOfCare.INTENSIVE_OUTPATIENT,
        to_level=LevelOfCare.PARTIAL_HOSPITALIZATION,
        reason=ChangeReason.CLINICAL_DETERIORATION,
        decided_by="psychiatrist",
        **kwargs,
    )
    end = Discharge(
        effective=np.datetime64("2026-02-16"),
        recorded=np.datetime64("2026-02-16"),
        reason=DischargeReason.GOALS_MET,
        decided_by=missing,
        note=missing,
    )
    episode = Episode(
        participant_id="p-1",
        program_id=missing,
        admitted=np.datetime64("2026-01-05"),
        initial_level="IOP",
        events=[step_up, end],
    )
    assert (episode.program_id, end.decided_by, end.note, step_up.note) == (None,) * 4
    assert episode.level_on(np.datetime64("2026-01-20")) is LevelOfCare.PARTIAL_HOSPITALIZATION
    assert episode.admitted == pendulum.date(2026, 1, 5)
    with pytest.raises(InvalidTypeError) as caught:
        attrs.evolve(episode, admitted=missing)
    assert caught.value.field == "admitted"


# ---------------------------------------------------------------- properties


@given(
    instrument=st.sampled_from([n for n in INSTRUMENT_NAMES if n != "cssrs"]).flatmap(
        lambda name: st.tuples(st.just(name), strategies.responses(name))
    ),
    kind=st.sampled_from(INT_TYPES),
)
def test_numpy_answers_score_as_python_answers(instrument, kind):
    """For any valid answers, numpy answers (ints of any width, bools for DAST-10's yes/no
    items, missing ones as NaN) give the score the Python answers give."""
    name, answers = instrument
    module = get_instrument(name)
    tabled = [math.nan if answer is None else _tabled(answer, kind) for answer in answers]
    assert module.score(tabled) == module.score(answers)


@given(
    answers=strategies.responses("cssrs"),
    missing=st.sampled_from(MISSING),
)
def test_numpy_yes_no_answers_score_as_python_answers(answers, missing):
    """For any valid C-SSRS answers, numpy bools (missing ones as NA) give the same score."""
    tabled = [missing if answer is None else np.bool_(answer) for answer in answers]
    assert cssrs.score(tabled) == cssrs.score(answers)


def _int_of(kind, value):
    """``value`` as a numpy int of ``kind``, or of int64 if ``kind`` cannot hold it."""
    return kind(value) if np.iinfo(kind).min <= value <= np.iinfo(kind).max else np.int64(value)


def _tabled(value, kind):
    """``value`` as a table holds it: a numpy int, float or bool."""
    if type(value) is int:
        return _int_of(kind, value)
    if type(value) is float:
        return np.float64(value)
    if type(value) is bool:
        return np.bool_(value)
    return value


@given(
    assessment=strategies.assessments(),
    kind=st.sampled_from(INT_TYPES),
    missing=st.sampled_from(MISSING),
)
def test_an_assessment_of_numpy_values_equals_the_python_one(assessment, kind, missing):
    """For any valid assessment, its ratings as numpy ints, facts as numpy bools,
    measurements as numpy floats, an extra dimension given as missing and the date as
    a datetime64 build the same assessment."""
    tabled = attrs.evolve(
        assessment,
        participant_id=np.str_(assessment.participant_id),
        assessed_on=np.datetime64(assessment.assessed_on.isoformat()),
        ratings={**{k: _tabled(v, kind) for k, v in assessment.ratings.items()}, "extra": missing},
        facts={k: _tabled(v, kind) for k, v in assessment.facts.items()},
        measurements={k: _tabled(v, kind) for k, v in assessment.measurements.items()},
        population=missing if assessment.population is None else assessment.population,
        conditions=missing if assessment.conditions is None else assessment.conditions,
        recorded_by=missing if assessment.recorded_by is None else assessment.recorded_by,
    )
    assert tabled == assessment
    assert to_json(tabled) == to_json(assessment)


@given(
    session=strategies.sessions(), kind=st.sampled_from(INT_TYPES), missing=st.sampled_from(MISSING)
)
def test_a_session_of_table_values_equals_the_python_one(session, kind, missing):
    """For any valid session, pandas timestamps and numpy minutes build the same session."""
    minutes = session.attended_minutes
    tabled = Session(
        participant_id=session.participant_id,
        service=session.service,
        start=pd.Timestamp(session.start),
        end=pd.Timestamp(session.end),
        attendance=session.attendance,
        attended_minutes=missing if minutes is None else _int_of(kind, minutes),
    )
    assert tabled == session
    assert type(tabled.start) is pendulum.DateTime
    assert tabled.start.utcoffset() == session.start.utcoffset()
