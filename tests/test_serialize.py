import datetime as dt
import json

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import (
    Assessment,
    Condition,
    LevelOfCare,
    Participant,
    Population,
    Session,
    requirement_for,
    weekly_compliance,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.instruments import bam
from iopcore.intensity import WeeklyCompliance
from iopcore.levels import ASAM_3RD_EDITION, CrosswalkRow
from iopcore.rules import Predicate, Rule
from iopcore.rulesets.reference import DIMENSIONS, Dimension
from iopcore.serialize import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from iopcore.serialize._converter import json_converter
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


def test_json_text_without_a_schema_version_is_refused():
    # Issue 14.9: stored text without it was read as the current layout.
    body = {key: value for key, value in GOOD.items() if key != "schema_version"}
    with pytest.raises(InvalidValueError) as caught:
        from_json(json.dumps(body), Participant)
    assert caught.value.field == "$.schema_version"


@pytest.mark.parametrize("version", [2, 0, "1", True, None, 1.0])
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


@pytest.mark.parametrize("data", [["1990-05-17 p-1"], "born 1990-05-17"])
def test_data_that_is_not_a_mapping_is_not_echoed(data):
    # Issue 14.10: a list or a string may be a record's text; the message names its type only.
    with pytest.raises(InvalidTypeError) as caught:
        from_dict(data, Participant)
    assert "1990" not in str(caught.value)
    assert type(data).__name__ in str(caught.value)


@pytest.mark.parametrize("key", [1, None, (1,), 2.5])
def test_a_key_that_is_not_text_is_a_typed_error(key):
    # Issue 14.1: from_dict({1: 1}, Participant) raised a plain AttributeError.
    with pytest.raises(UnknownCodeError) as caught:
        from_dict({**GOOD, key: 1}, Participant)
    assert caught.value.field == "$"
    assert "birth_date" in caught.value.allowed


def test_a_key_that_is_not_text_in_a_nested_mapping_is_a_typed_error():
    record = to_dict(Assessment(participant_id="p-1", assessed_on=pendulum.date(2026, 3, 2)))
    record["ratings"] = {1: 1}
    with pytest.raises(IopcoreError):
        from_dict(record, Assessment)


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


@pytest.mark.parametrize("key", ["schema_version", "id", "birth_date"])
def test_a_key_given_twice_is_refused(key):
    # Issue 14.9: json keeps the last of two equal keys, so an edited record could hide one.
    text = json.dumps(GOOD)[:-1] + f', "{key}": {json.dumps(GOOD[key])}' + "}"
    with pytest.raises(InvalidValueError) as caught:
        from_json(text, Participant)
    assert caught.value.field == "text"
    assert caught.value.value == key
    assert "1990" not in str(caught.value)


def test_a_key_given_twice_in_a_nested_object_is_refused():
    text = '{"schema_version": 1, "participant_id": "p", "assessed_on": "2026-03-02", "ratings": {"safety": 1, "safety": 2}}'
    with pytest.raises(InvalidValueError, match="given twice"):
        from_json(text, Assessment)


def test_the_dict_form_holds_lists_not_tuples():
    # Issue 14.9: subscales and histograms came out of to_dict as tuples.
    written = to_dict(bam.score([0] * 17))
    assert written["subscales"]
    assert all(type(pair) is list for pair in written["subscales"])


def test_text_that_is_not_json_is_not_echoed():
    # Issue 14.10: the start of the text (a birth date here) was shown in the message.
    with pytest.raises(InvalidValueError) as caught:
        from_json('{"birth_date": "1990-05-17", oops', Participant)
    assert "1990" not in str(caught.value)
    assert "line 1 column 30" in str(caught.value)


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
    converter = json_converter()
    text = converter.unstructure(value)
    back = converter.structure(text, pendulum.DateTime)
    assert back == value
    assert back.utcoffset() == value.utcoffset()
    assert getattr(back.tzinfo, "name", None) == getattr(value.tzinfo, "name", None)


def test_datetime_text_form():
    text = json_converter().unstructure(pendulum.datetime(2024, 3, 11, 9, tz="America/New_York"))
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
        json_converter().structure(text, pendulum.DateTime)


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
    converter = json_converter()
    assert converter.unstructure(duration) == text
    assert converter.structure(text, pendulum.Duration) == duration


@pytest.mark.parametrize("text", ["P1D", "90 minutes", 5400])
def test_bad_durations(text):
    with pytest.raises(IopcoreError):
        json_converter().structure(text, pendulum.Duration)


def test_a_duration_longer_than_a_timedelta_holds_is_refused_by_name():
    with pytest.raises(IopcoreError, match=r"is too long; allowed: .*at most 999999999 days"):
        json_converter().structure("PT99999999999999999999S", pendulum.Duration)


def test_time_zones():
    converter = json_converter()
    zone = pendulum.timezone("Europe/Berlin")
    assert converter.unstructure(zone) == "Europe/Berlin"
    assert converter.structure("Europe/Berlin", pendulum.Timezone) == zone
    with pytest.raises(UnknownCodeError):
        converter.structure("Europe/Atlantis", pendulum.Timezone)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_scalar_hooks_are_strict(number):
    """Numbers structure as themselves; booleans and strings never pass as numbers."""
    converter = json_converter()
    assert converter.structure(number, int) == number
    assert converter.structure(number, float) == float(number)
    for bad in (True, str(number)):
        with pytest.raises(InvalidTypeError):
            converter.structure(bad, int)
    with pytest.raises(InvalidTypeError):
        converter.structure(1, bool)
    assert converter.structure(False, bool) is False


def test_hooks_take_values_that_are_already_typed():
    converter = json_converter()
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


# Times of day (WeeklySlot), unions of scalars (findings, records), fixed-length tuples,
# named tuples and WeeklyCompliance: the hooks added for the round trip of every type.


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("09:30:00", pendulum.time(9, 30)),
        ("23:59:59.500000", pendulum.time(23, 59, 59, 500000)),
        ("07:05", pendulum.time(7, 5)),
    ],
)
def test_times_of_day(text, time):
    converter = json_converter()
    read = converter.structure(text, pendulum.Time)
    assert read == time
    assert type(read) is pendulum.Time
    assert converter.structure(read, pendulum.Time) == time
    assert converter.unstructure(time) == time.isoformat()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("09:30:00+02:00", InvalidValueError),
        ("half past nine", InvalidValueError),
        ("25:00", InvalidValueError),
        (930, InvalidTypeError),
    ],
)
def test_bad_times_of_day(text, error):
    with pytest.raises(error) as caught:
        json_converter().structure(text, pendulum.Time)
    assert caught.value.field == "$"


SCALARS = int | float | str | bool | None


@pytest.mark.parametrize("value", [3, -2.5, 0.0, "3", True, False, None])
def test_a_scalar_union_keeps_each_json_type(value):
    converter = json_converter()
    read = converter.structure(value, SCALARS)
    assert read == value
    assert type(read) is type(value)


@pytest.mark.parametrize("value", [[1], {"a": 1}, {"date": "2024-01-01"}])
def test_a_scalar_union_refuses_containers(value):
    with pytest.raises(InvalidTypeError) as caught:
        json_converter().structure(value, SCALARS)
    assert "a string" in caught.value.allowed


def test_a_union_without_int_reads_a_whole_number_as_a_float_and_never_a_bool():
    converter = json_converter()
    assert converter.structure(3, float | str | None) == 3.0
    assert type(converter.structure(3, float | str | None)) is float
    with pytest.raises(InvalidTypeError):
        converter.structure(True, float | str | None)
    with pytest.raises(InvalidTypeError):
        converter.structure(1, str | bool | None)


def test_a_float_field_keeps_a_whole_number_whole():
    """So that the value read back writes the same text (1 stays 1, 1.0 stays 1.0)."""
    converter = json_converter()
    assert type(converter.structure(1, float)) is int
    assert type(converter.structure(1.0, float)) is float


RECORD_VALUE = str | int | float | bool | dt.date | None


def test_dates_in_a_union_with_strings_are_tagged():
    """A record's date and an ISO-looking string stay apart."""
    converter = json_converter()
    day = dt.date(2026, 3, 2)
    assert converter.unstructure(day, unstructure_as=RECORD_VALUE) == {"date": "2026-03-02"}
    assert converter.unstructure("2026-03-02", unstructure_as=RECORD_VALUE) == "2026-03-02"
    read = converter.structure({"date": "2026-03-02"}, RECORD_VALUE)
    assert read == day
    assert type(read) is dt.date
    pendulum_day = converter.structure({"date": "2026-03-02"}, str | pendulum.Date | None)
    assert type(pendulum_day) is pendulum.Date
    assert converter.structure("2026-03-02", RECORD_VALUE) == "2026-03-02"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"date": "2026-02-30"}, "$.date"),
        ({"date": 20260302}, "$.date"),
        ({"date": "2026-03-02", "x": 1}, "$"),
        ({"day": "2026-03-02"}, "$"),
    ],
)
def test_bad_tagged_dates(value, field):
    with pytest.raises(IopcoreError) as caught:
        json_converter().structure(value, RECORD_VALUE)
    assert caught.value.field == field


FIXED = tuple[str, int, str]


def test_fixed_length_tuples():
    converter = json_converter()
    assert converter.structure(["a", 1, "b"], FIXED) == ("a", 1, "b")
    assert json.dumps(converter.unstructure(("a", 1, "b"), unstructure_as=FIXED)) == '["a", 1, "b"]'


@pytest.mark.parametrize(
    ("value", "error", "reason"),
    [
        ("a1b", InvalidTypeError, None),
        ({"a": 1}, InvalidTypeError, None),
        (5, InvalidTypeError, None),
        (["a", 1], InvalidValueError, "has another length"),
        (["a", 1, "b", 2], InvalidValueError, "has another length"),
    ],
)
def test_bad_fixed_length_tuples(value, error, reason):
    with pytest.raises(error) as caught:
        json_converter().structure(value, FIXED)
    assert caught.value.reason == reason
    assert caught.value.allowed == "a list of 3 items"


def test_each_bad_item_of_a_fixed_length_tuple_names_its_index():
    data = to_dict(DIMENSIONS[0])
    data["anchors"] = ["fine", 2, "fine", None, "fine"]
    with pytest.raises(IopcoreErrorGroup) as caught:
        from_dict(data, Dimension)
    assert sorted(error.field for error in caught.value.exceptions) == [
        "$.anchors[1]",
        "$.anchors[3]",
    ]


def test_named_tuples_are_objects_keyed_by_field():
    row = ASAM_3RD_EDITION[3]
    data = to_dict(row)
    assert list(data) == ["schema_version", "code", "name", "level", "source"]
    assert from_dict(data, CrosswalkRow) == row
    with pytest.raises(IopcoreErrorGroup) as caught:
        from_dict({"code": 1, "name": "x", "level": "ZZ", "extra": 2}, CrosswalkRow)
    found = {(type(error), error.field) for error in caught.value.exceptions}
    assert found == {
        (InvalidTypeError, "$.code"),
        (UnknownCodeError, "$.level"),
        (InvalidValueError, "$.source"),
        (UnknownCodeError, "$.extra"),
    }
    extra = next(error for error in caught.value.exceptions if error.field == "$.extra")
    assert extra.allowed == "code, name, level, source"


def _weeks():
    def at(day, service):
        start = pendulum.datetime(2024, 4, day, 9, tz="America/New_York")
        return Session(participant_id="p-1", service=service, start=start, end=start.add(hours=3))

    sessions = [at(1, "psychoeducation"), at(1, "group therapy"), at(3, "group therapy")]
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
    return weekly_compliance(
        sessions, requirement, tz="America/New_York", as_of=pendulum.date(2024, 4, 9)
    )


def test_weekly_compliance_is_written_as_whose_what_and_the_weeks():
    weeks = _weeks()
    data = to_dict(weeks)
    assert list(data) == ["schema_version", "participant_id", "requirement", "weeks"]
    assert len(data["weeks"]) == 2
    copy = from_dict(data, WeeklyCompliance)
    assert type(copy) is WeeklyCompliance
    assert tuple(copy) == tuple(weeks)
    assert (copy.participant_id, copy.requirement) == (weeks.participant_id, weeks.requirement)


def test_bad_weekly_compliance_names_each_path():
    data = to_dict(_weeks())
    data["weeks"][1]["hours"] = "many"
    data["requirement"]["min_hours_per_week"] = None
    data["weeks"][0]["services"]["nap"] = 1
    data["extra"] = 1
    with pytest.raises(IopcoreErrorGroup) as caught:
        from_dict(data, WeeklyCompliance)
    found = {(type(error), error.field) for error in caught.value.exceptions}
    assert found == {
        (InvalidTypeError, "$.weeks[1].hours"),
        (InvalidTypeError, "$.requirement.min_hours_per_week"),
        (UnknownCodeError, "$.weeks[0].services.nap"),
        (UnknownCodeError, "$.extra"),
    }
    with pytest.raises(InvalidTypeError):
        from_dict([], WeeklyCompliance)


def test_a_tagged_value_must_be_a_mapping():
    with pytest.raises(InvalidTypeError) as caught:
        json_converter().structure("always", Predicate)
    assert caught.value.field == "$"


def test_from_dict_takes_only_iopcore_types():
    @attrs.frozen
    class Other:
        x: int

    with pytest.raises(InvalidTypeError) as caught:
        from_dict({"x": 1}, Other)
    assert caught.value.field == "cls"


def test_several_problems_found_by_a_constructor_keep_their_paths():
    data = {"participant_id": "p-1", "assessed_on": "2026-03-02", "ratings": {"a": 99, "b": -1}}
    with pytest.raises(IopcoreErrorGroup) as caught:
        from_dict(data, Assessment)
    assert sorted(error.field for error in caught.value.exceptions) == [
        "$.ratings.a",
        "$.ratings.b",
    ]


def test_a_wrong_kind_of_value_is_named_in_words_not_with_pythons_message():
    from iopcore.assessments import Assessment  # noqa: PLC0415
    from iopcore.exceptions import InvalidTypeError  # noqa: PLC0415

    body = {"participant_id": "p", "assessed_on": "2024-01-01", "ratings": [1, 2]}
    with pytest.raises(InvalidTypeError) as caught:
        from_dict(body, Assessment)
    assert caught.value.field == "$.ratings"
    assert caught.value.value == [1, 2]
    assert "has no attribute" not in str(caught.value)
    assert "an object (a mapping of names to values)" in str(caught.value)
