import json

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import Condition, Participant
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.rules import Predicate, Rule
from iopcore.serialize import SCHEMA_VERSION, _converter, from_dict, from_json, to_dict, to_json
from iopcore.testing import strategies as ios

GOOD = {
    "schema_version": 1,
    "id": "p-1",
    "birth_date": "1990-05-17",
    "conditions": ["anxiety"],
    "sex": None,
}


@given(ios.participants())
def test_participants_round_trip_through_json(someone):
    """from_json(to_json(x)) == x for every valid participant."""
    assert from_json(to_json(someone), Participant) == someone
    assert from_dict(to_dict(someone), Participant) == someone


@given(ios.participants())
def test_json_is_stable(someone):
    """The same value always gives the same text; sets are written sorted."""
    text = to_json(someone)
    assert to_json(from_json(text, Participant)) == text
    conditions = json.loads(text)["conditions"]
    assert conditions == sorted(conditions)


def test_layout():
    someone = from_dict(GOOD, Participant)
    assert to_dict(someone) == GOOD
    assert next(iter(to_dict(someone))) == "schema_version"
    assert SCHEMA_VERSION == 1


def test_missing_schema_version_reads_as_current():
    body = {key: value for key, value in GOOD.items() if key != "schema_version"}
    assert from_dict(body, Participant) == from_dict(GOOD, Participant)


@pytest.mark.parametrize("version", [2, 0, "1", True, None])
def test_other_schema_versions_are_refused(version):
    with pytest.raises(UnknownCodeError) as caught:
        from_dict({**GOOD, "schema_version": version}, Participant)
    assert caught.value.field == "$.schema_version"


def test_several_problems_come_together_with_paths():
    bad = {**GOOD, "id": 7, "birth_date": "17/05/1990", "conditions": ["anxiety", "worry", 3]}
    with pytest.raises(IopcoreErrorGroup) as caught:
        from_dict(bad, Participant)
    found = {(type(error), error.field) for error in caught.value.exceptions}
    assert found == {
        (InvalidTypeError, "$.id"),
        (InvalidValueError, "$.birth_date"),
        (UnknownCodeError, "$.conditions[1]"),
        (UnknownCodeError, "$.conditions[2]"),
    }


def test_birth_date_is_never_shown_in_errors():
    with pytest.raises(IopcoreError) as caught:
        from_dict({**GOOD, "birth_date": "1990-02-30"}, Participant)
    assert caught.value.field == "$.birth_date"
    assert "1990" not in str(caught.value)


def test_constructor_checks_report_their_path():
    with pytest.raises(InvalidValueError) as caught:
        from_dict({**GOOD, "id": "  "}, Participant)
    assert caught.value.field == "$.id"


def test_unknown_and_missing_keys():
    with pytest.raises(UnknownCodeError) as caught:
        from_dict({**GOOD, "name": "Jane"}, Participant)
    assert caught.value.field == "$.name"
    assert "birth_date" in caught.value.allowed
    body = {key: value for key, value in GOOD.items() if key != "id"}
    with pytest.raises(InvalidValueError) as missing:
        from_dict(body, Participant)
    assert missing.value.field == "$.id"
    assert missing.value.reason == "is missing"


def test_a_string_is_not_a_list():
    with pytest.raises(InvalidTypeError) as caught:
        from_dict({**GOOD, "conditions": "anxiety"}, Participant)
    assert caught.value.field == "$.conditions"


@pytest.mark.parametrize("data", [[], "x", None, 3])
def test_data_must_be_a_mapping(data):
    with pytest.raises(InvalidTypeError):
        from_dict(data, Participant)


def test_cls_must_be_an_iopcore_type():
    with pytest.raises(InvalidTypeError):
        from_dict(GOOD, dict)


@pytest.mark.parametrize("value", [object(), {"a": 1}, Condition.OCD, pendulum.date(2020, 1, 1)])
def test_to_dict_needs_an_iopcore_value(value):
    with pytest.raises(InvalidTypeError):
        to_dict(value)


def test_to_dict_refuses_other_attrs_classes():
    @attrs.frozen
    class Other:
        x: int

    with pytest.raises(InvalidTypeError):
        to_dict(Other(1))


@pytest.mark.parametrize("text", ["{", "[1,", "", "nul", b"\xff", '{"a": NaN'])
def test_bad_json(text):
    with pytest.raises(InvalidValueError) as caught:
        from_json(text, Participant)
    assert caught.value.field == "text"


def test_from_json_takes_bytes_only_or_str():
    assert from_json(json.dumps(GOOD).encode(), Participant).id == "p-1"
    with pytest.raises(InvalidTypeError):
        from_json(GOOD, Participant)  # type: ignore[arg-type]


# The hooks for types that later modules use (sessions carry datetimes and durations).
DATETIMES = [
    pendulum.datetime(2024, 3, 10, 1, 30, tz="America/New_York"),
    pendulum.datetime(2024, 11, 3, 1, 30, tz="America/New_York"),  # ambiguous hour, first
    pendulum.datetime(2024, 11, 3, 1, 30, tz="America/New_York", fold=1),  # second
    pendulum.datetime(2024, 6, 1, 12, tz="UTC"),
    pendulum.datetime(2024, 6, 1, 12, tz=pendulum.fixed_timezone(19800)),
]


@pytest.mark.parametrize("value", DATETIMES)
def test_datetimes_keep_instant_and_zone(value):
    converter = _converter()
    text = converter.unstructure(value)
    back = converter.structure(text, pendulum.DateTime)
    assert back == value
    assert back.utcoffset() == value.utcoffset()
    assert getattr(back.tzinfo, "name", None) == getattr(value.tzinfo, "name", None)


def test_datetime_text_form():
    text = _converter().unstructure(pendulum.datetime(2024, 3, 11, 9, tz="America/New_York"))
    assert text == "2024-03-11T09:00:00-04:00[America/New_York]"


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-11T09:00:00",  # no offset: naive
        "2024-03-11T09:00:00-05:00[America/New_York]",  # offset the zone does not have then
        "2024-03-11T09:00:00-04:00[Mars/Base]",
        "yesterday",
        "2024-03-11",
        "2024-03-11T09:00:00-04:00[a][b]",
        5,
    ],
)
def test_bad_datetimes(text):
    with pytest.raises(IopcoreError):
        _converter().structure(text, pendulum.DateTime)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (pendulum.duration(hours=1, minutes=30), "PT5400S"),
        (pendulum.duration(seconds=0.25), "PT0.25S"),
        (pendulum.duration(days=-1), "-PT86400S"),
        (pendulum.duration(), "PT0S"),
    ],
)
def test_durations(duration, text):
    converter = _converter()
    assert converter.unstructure(duration) == text
    assert converter.structure(text, pendulum.Duration) == duration


@pytest.mark.parametrize("text", ["P1D", "90 minutes", 5400])
def test_bad_durations(text):
    with pytest.raises(IopcoreError):
        _converter().structure(text, pendulum.Duration)


def test_time_zones():
    converter = _converter()
    zone = pendulum.timezone("Europe/Berlin")
    assert converter.unstructure(zone) == "Europe/Berlin"
    assert converter.structure("Europe/Berlin", pendulum.Timezone) == zone
    with pytest.raises(UnknownCodeError):
        converter.structure("Europe/Atlantis", pendulum.Timezone)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_scalar_hooks_are_strict(number):
    """Numbers structure as themselves; booleans and strings never pass as numbers."""
    converter = _converter()
    assert converter.structure(number, int) == number
    assert converter.structure(number, float) == float(number)
    for bad in (True, str(number)):
        with pytest.raises(InvalidTypeError):
            converter.structure(bad, int)
    with pytest.raises(InvalidTypeError):
        converter.structure(1, bool)
    assert converter.structure(False, bool) is False


def test_hooks_take_values_that_are_already_typed():
    converter = _converter()
    moment = pendulum.datetime(2024, 1, 1, tz="UTC")
    assert converter.structure(moment, pendulum.DateTime) is moment
    assert converter.structure(pendulum.duration(hours=2), pendulum.Duration) == pendulum.duration(
        hours=2
    )
    assert converter.structure(Condition.OCD, Condition) is Condition.OCD
    assert converter.structure(pendulum.date(2024, 1, 1), pendulum.Date) == pendulum.date(
        2024, 1, 1
    )


def test_a_predicate_without_a_kind_cannot_be_stored():
    class NoKind(Predicate):
        __slots__ = ()

    rule = Rule(id="r", when=NoKind(), rationale="x", source="y")
    with pytest.raises(InvalidTypeError) as caught:
        to_json(rule)
    assert caught.value.reason == "cannot be stored"
