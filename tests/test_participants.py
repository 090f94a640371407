import datetime as dt
import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import Condition, Participant, Population, Sex
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.participants import DEFAULT_ADULT_AGE, ICD10_CATEGORIES
from iopcore.testing import strategies as ios

BIRTH = pendulum.date(2000, 6, 15)


def person(**changes):
    fields = {"id": "p-1", "birth_date": BIRTH, "conditions": [Condition.DEPRESSION]}
    return Participant(**{**fields, **changes})


# Age in whole years, birthdays and 29 February births (1 March in common years).
AGES = [
    (pendulum.date(2000, 6, 15), pendulum.date(2000, 6, 15), 0),
    (pendulum.date(2000, 6, 15), pendulum.date(2018, 6, 14), 17),
    (pendulum.date(2000, 6, 15), pendulum.date(2018, 6, 15), 18),
    (pendulum.date(2008, 2, 29), pendulum.date(2026, 2, 28), 17),
    (pendulum.date(2008, 2, 29), pendulum.date(2026, 3, 1), 18),
    (pendulum.date(2008, 2, 29), pendulum.date(2028, 2, 29), 20),
    (pendulum.date(2008, 2, 29), pendulum.date(2028, 2, 28), 19),
    (pendulum.date(1999, 12, 31), pendulum.date(2000, 1, 1), 0),
    (pendulum.date(1999, 12, 31), pendulum.date(2017, 12, 31), 18),
]


@pytest.mark.parametrize(("born", "on", "age"), AGES)
def test_age_on(born, on, age):
    assert person(birth_date=born).age_on(on) == age


@pytest.mark.parametrize(("born", "on", "age"), AGES)
def test_population_follows_the_age_of_18(born, on, age):
    # Kansas R03-704 (aging.ks.gov: 9 h/wk at 18 and over, 6 h/wk under 18) draws the
    # adult line at 18; ASAM 3rd ed. (Mid Shore BH glossary) splits adult and adolescent
    # bands, its age line at 18 unconfirmed.
    expected = Population.ADULT if age >= 18 else Population.ADOLESCENT
    assert DEFAULT_ADULT_AGE == 18
    assert person(birth_date=born).population_on(on) is expected


def test_adult_age_is_a_parameter():
    # DCMR 22-A6329 counts youth under 21 for level 2.1.
    someone = person(birth_date=pendulum.date(2005, 1, 1))
    on = pendulum.date(2025, 1, 1)
    assert someone.population_on(on) is Population.ADULT
    assert someone.population_on(on, adult_age=21) is Population.ADOLESCENT


@pytest.mark.parametrize("adult_age", [0, -1, 151])
def test_adult_age_bounds(adult_age):
    with pytest.raises(InvalidValueError) as caught:
        person().population_on(BIRTH, adult_age=adult_age)
    assert caught.value.field == "adult_age"


def test_age_on_an_aware_datetime_uses_its_own_date():
    late_evening = pendulum.datetime(2018, 6, 14, 23, 30, tz="America/Los_Angeles")
    assert person().age_on(late_evening) == 17
    assert person().age_on(late_evening.in_timezone("UTC")) == 18


def test_age_on_a_naive_datetime_is_an_error():
    with pytest.raises(NaiveDateTimeError):
        person().age_on(dt.datetime(2020, 1, 1))  # noqa: DTZ001 - the point of the test


def test_age_before_birth_is_an_error_that_hides_the_birth_date():
    with pytest.raises(InvalidValueError) as caught:
        person().age_on(pendulum.date(1999, 1, 1))
    assert "2000" not in str(caught.value)


def test_standard_dates_are_converted():
    someone = person(birth_date=dt.date(2000, 6, 15))
    assert type(someone.birth_date) is pendulum.Date
    assert someone.birth_date == BIRTH


@pytest.mark.parametrize(
    "birth_date",
    ["2000-06-15", 20000615, None, pendulum.datetime(2000, 6, 15), dt.datetime(2000, 6, 15)],  # noqa: DTZ001
)
def test_birth_date_must_be_a_date_and_is_never_shown(birth_date):
    with pytest.raises(InvalidTypeError) as caught:
        person(birth_date=birth_date)
    assert caught.value.field == "birth_date"
    assert "2000" not in str(caught.value)
    assert "15" not in str(caught.value)


@pytest.mark.parametrize("bad_id", ["", "   ", "a\nb", "x" * 257])
def test_bad_ids(bad_id):
    with pytest.raises(InvalidValueError) as caught:
        person(id=bad_id)
    assert caught.value.field == "id"


@pytest.mark.parametrize("bad_id", [1, None, b"p-1"])
def test_id_must_be_a_string(bad_id):
    with pytest.raises(InvalidTypeError):
        person(id=bad_id)


def test_conditions_accept_members_and_values():
    someone = person(conditions=["ptsd", Condition.OCD, "ptsd"])
    assert someone.conditions == frozenset({Condition.PTSD, Condition.OCD})


def test_every_bad_condition_is_reported_with_its_index():
    with pytest.raises(IopcoreErrorGroup) as caught:
        person(conditions=["depression", "sadness", Condition.OCD, 7])
    assert [(error.field, error.value) for error in caught.value.exceptions] == [
        ("$.conditions[1]", "sadness"),
        ("$.conditions[3]", 7),
    ]
    assert all(isinstance(error, UnknownCodeError) for error in caught.value.exceptions)


def test_one_bad_condition_is_a_plain_error():
    with pytest.raises(UnknownCodeError) as caught:
        person(conditions=["sadness"])
    assert caught.value.field == "$.conditions[0]"


@pytest.mark.parametrize("conditions", ["depression", 3, None])
def test_conditions_must_be_an_iterable(conditions):
    with pytest.raises(InvalidTypeError):
        person(conditions=conditions)


def test_sex():
    assert person(sex="female").sex is Sex.FEMALE
    assert person().sex is None
    with pytest.raises(UnknownCodeError):
        person(sex="f")


def test_participant_is_frozen_keyword_only_and_evolves():
    someone = person()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        someone.id = "p-2"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Participant("p-1", BIRTH)  # type: ignore[misc]
    older = attrs.evolve(someone, conditions=["anxiety"])
    assert older.conditions == frozenset({Condition.ANXIETY})
    assert older.birth_date == someone.birth_date


def test_repr_and_str_never_show_the_birth_date():
    someone = person(birth_date=pendulum.date(1987, 11, 23))
    for text in (repr(someone), str(someone)):
        assert "1987" not in text
        assert "23" not in text
        assert "birth" not in text
    assert repr(someone) == (
        "Participant(id='p-1', conditions=frozenset({<Condition.DEPRESSION: 'depression'>}), sex=None)"
    )


def test_participants_pickle_and_compare():
    someone = person()
    assert pickle.loads(pickle.dumps(someone)) == someone
    assert hash(someone) == hash(person())


# ICD-10-CM Tabular List, chapter 5 (CDC/NCHS), category titles.
ICD10 = [
    ("F32.9", Condition.DEPRESSION),  # F32 depressive episode
    ("F33.1", Condition.DEPRESSION),  # F33 major depressive disorder, recurrent
    ("f32a", Condition.DEPRESSION),  # F32.A depression, unspecified; case and dot ignored
    ("F34.1", Condition.DEPRESSION),  # F34.1 dysthymic disorder
    ("F41.1", Condition.ANXIETY),  # F41.1 generalized anxiety disorder
    ("F40.10", Condition.ANXIETY),  # F40.1 social phobias
    ("F10.20", Condition.ALCOHOL_USE),  # F10 alcohol related disorders
    ("F11.20", Condition.SUBSTANCE_USE),  # F11 opioid related disorders
    ("F12.10", Condition.SUBSTANCE_USE),  # F12 cannabis related disorders
    ("F19.20", Condition.SUBSTANCE_USE),  # F19 other psychoactive substance
    ("F50.00", Condition.EATING_DISORDER),  # F50.0 anorexia nervosa
    ("F50.2", Condition.EATING_DISORDER),  # F50.2 bulimia nervosa
    ("F31.81", Condition.BIPOLAR_DISORDER),  # F31.81 bipolar II disorder
    ("F30.10", Condition.BIPOLAR_DISORDER),  # F30 manic episode
    ("F43.10", Condition.PTSD),  # F43.1 post-traumatic stress disorder
    ("F43.12", Condition.PTSD),  # F43.12 PTSD, chronic
    ("F42.2", Condition.OCD),  # F42 obsessive-compulsive disorder
    ("F20.9", Condition.PSYCHOTIC_DISORDER),  # F20 schizophrenia
    ("F25.0", Condition.PSYCHOTIC_DISORDER),  # F25 schizoaffective disorders
    ("F29", Condition.PSYCHOTIC_DISORDER),  # F29 unspecified psychosis
    ("F60.3", Condition.BORDERLINE_PERSONALITY_DISORDER),  # F60.3 borderline
]


@pytest.mark.parametrize(("code", "condition"), ICD10)
def test_from_icd10(code, condition):
    assert Condition.from_icd10(code) is condition


@pytest.mark.parametrize("code", ["F43.2", "F43", "F60.2", "F34.0", "J45.909", "F90.0", "F35"])
def test_codes_outside_every_group_are_unknown(code):
    with pytest.raises(UnknownCodeError) as caught:
        Condition.from_icd10(code)
    assert caught.value.field == "code"


@pytest.mark.parametrize("code", ["", "33.1", "F", "F3", "FF32", "F32.1.2.3.4.5", "F32 1"])
def test_malformed_icd10(code):
    with pytest.raises(InvalidValueError):
        Condition.from_icd10(code)


def test_icd10_needs_a_string():
    with pytest.raises(InvalidTypeError):
        Condition.from_icd10(32)  # type: ignore[arg-type]


def test_icd10_table_covers_every_condition():
    assert set(ICD10_CATEGORIES.values()) == set(Condition)


@given(ios.participants(as_of=pendulum.date(2025, 3, 1), min_age=12, max_age=17))
def test_strategy_ages_hold(someone):
    """participants(min_age, max_age, as_of) gives exactly those ages on as_of."""
    assert 12 <= someone.age_on(pendulum.date(2025, 3, 1)) <= 17
    assert someone.population_on(pendulum.date(2025, 3, 1)) is Population.ADOLESCENT


@given(ios.birth_dates(), st.integers(min_value=0, max_value=40_000))
def test_age_never_falls_as_time_passes(born, days):
    """A person's age never goes down as the date moves forward."""
    someone = person(birth_date=born)
    on = born.add(days=days)
    assert someone.age_on(on) <= someone.age_on(on.add(days=1))
    assert someone.age_on(on.add(days=1)) - someone.age_on(on) in {0, 1}
