"""IntensityRequirement and requirement_for: the weekly hours a ruleset's bands call for."""

import attrs
import pendulum
import pytest
from _intensity_cases import ADULT, IOP

from iopcore import LevelOfCare, Population
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.intensity import (
    IntensityRequirement,
    checked_calendar,
    checked_requirement,
    requirement_for,
)
from iopcore.rulesets import HourBand, HoursBasis, Ruleset, asam, get_ruleset, reference
from iopcore.serialize import from_json, to_json
from iopcore.sessions import ProgramCalendar, ServiceType

# ---------------------------------------------------------------- requirements


def test_default_ruleset_is_asam():
    assert requirement_for(IOP, ADULT) == requirement_for(IOP, "adult", ruleset=asam.RULESET)


def test_requirement_from_an_own_ruleset():
    mine = Ruleset(
        id="clinic",
        version="1",
        effective_from=pendulum.date(2024, 1, 1),
        hours=[
            HourBand(
                level=IOP,
                population=ADULT,
                min_hours_per_week=12,
                min_days_per_week=3,
                source="clinic policy",
            )
        ],
    )
    requirement = requirement_for(IOP, ADULT, ruleset=mine)
    assert (requirement.min_hours_per_week, requirement.min_days_per_week) == (12, 3)
    assert requirement.ruleset.id == "clinic"
    assert from_json(to_json(mine), Ruleset) == mine
    assert len(mine.content_hash) == 64


def test_requirement_errors():
    with pytest.raises(UnknownCodeError) as caught:
        requirement_for(IOP, ADULT, ruleset=reference.RULESET)
    assert "no hour bands" in caught.value.allowed
    with pytest.raises(InvalidTypeError):
        requirement_for("IOP", ADULT)
    with pytest.raises(UnknownCodeError):
        requirement_for(IOP, "child")
    with pytest.raises(InvalidTypeError):
        requirement_for(IOP, ADULT, ruleset="asam")


def test_describe_and_ceiling():
    op = requirement_for(LevelOfCare.OUTPATIENT, ADULT)
    iop = requirement_for(IOP, ADULT)
    php = requirement_for(LevelOfCare.PARTIAL_HOSPITALIZATION, ADULT)
    assert (op.describe(), iop.describe(), php.describe()) == (
        "under 9 h/wk",
        "9-19 h/wk",
        "at least 20 h/wk",
    )
    assert op.above_ceiling(9.0)
    assert not op.above_ceiling(8.99)
    assert not iop.above_ceiling(19.0)
    assert iop.above_ceiling(19.5)
    assert not php.above_ceiling(100)
    odd = IntensityRequirement(
        level=IOP, population=ADULT, min_hours_per_week=2, max_hours_per_week=4, max_exclusive=True
    )
    assert odd.describe() == "2 to under 4 h/wk"


def test_requirement_round_trips():
    requirement = attrs.evolve(
        requirement_for(IOP, ADULT), required_services={"individual therapy": 1}
    )
    assert requirement.required_services == {ServiceType.INDIVIDUAL_THERAPY: 1}
    assert from_json(to_json(requirement), IntensityRequirement) == requirement


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"min_hours_per_week": -1}, InvalidValueError),
        ({"min_hours_per_week": 200}, InvalidValueError),
        ({"max_hours_per_week": 5}, InvalidValueError),
        ({"max_hours_per_week": 9, "max_exclusive": True}, InvalidValueError),
        ({"max_exclusive": 1}, InvalidTypeError),
        ({"min_days_per_week": 8}, InvalidValueError),
        ({"taper_grace_weeks": -1}, InvalidValueError),
        ({"required_services": ["group therapy"]}, InvalidTypeError),
        ({"required_services": {"yoga": 1}}, UnknownCodeError),
        ({"required_services": {"group therapy": 0}}, InvalidValueError),
        ({"source": None}, InvalidTypeError),
        ({"ruleset": "asam"}, InvalidTypeError),
        ({"level": "IOP"}, InvalidTypeError),
    ],
)
def test_bad_requirements(kwargs, error):
    with pytest.raises(error):
        IntensityRequirement(
            **({"level": IOP, "population": ADULT, "min_hours_per_week": 9} | kwargs)
        )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"level": "IOP"}, InvalidTypeError),
        ({"population": "adult"}, InvalidTypeError),
        ({"min_hours_per_week": None}, InvalidTypeError),
        ({"max_hours_per_week": 1}, InvalidValueError),
        ({"max_hours_per_week": 9, "max_exclusive": True}, InvalidValueError),
        ({"max_exclusive": "yes"}, InvalidTypeError),
        ({"min_days_per_week": -1}, InvalidValueError),
        ({"taper_grace_weeks": 53}, InvalidValueError),
        ({"source": " "}, InvalidTypeError),
    ],
)
def test_bad_hour_bands(kwargs, error):
    fields = {"level": IOP, "population": ADULT, "min_hours_per_week": 9, "source": "s"}
    with pytest.raises(error):
        HourBand(**(fields | kwargs))


def test_ruleset_hours_are_checked():
    band = asam.HOURS[2]
    day = pendulum.date(2024, 1, 1)
    with pytest.raises(InvalidValueError) as caught:
        Ruleset(id="x", version="1", effective_from=day, hours=[band, band])
    assert caught.value.field == "$.hours[1]"
    with pytest.raises(InvalidTypeError):
        Ruleset(id="x", version="1", effective_from=day, hours=band)
    with pytest.raises(InvalidTypeError):
        Ruleset(id="x", version="1", effective_from=day, hours=[1])
    with pytest.raises(InvalidTypeError):
        asam.RULESET.hour_band("IOP", ADULT)


def test_hours_change_the_content_hash_only_when_present():
    without = Ruleset(id="x", version="1", effective_from=pendulum.date(2024, 1, 1))
    with_bands = attrs.evolve(without, hours=asam.HOURS)
    assert without.content_hash != with_bands.content_hash
    assert get_ruleset("medicare").content_hash != get_ruleset("asam").content_hash


@pytest.mark.parametrize(("low", "high"), [(5, None), (0, 40)])
def test_24_hour_care_carries_no_hours(low, high):

    with pytest.raises(InvalidValueError) as caught:
        HourBand(
            level=LevelOfCare.INPATIENT,
            population=Population.ADULT,
            min_hours_per_week=low,
            max_hours_per_week=high,
            basis=HoursBasis.TWENTY_FOUR_HOUR_CARE,
            source="example",
        )
    assert caught.value.field == "basis"


@pytest.mark.parametrize(
    ("level", "weekly"),
    [
        (LevelOfCare.OUTPATIENT, True),
        (LevelOfCare.INTENSIVE_OUTPATIENT, True),
        (LevelOfCare.PARTIAL_HOSPITALIZATION, True),
        (LevelOfCare.RESIDENTIAL, True),  # the default ruleset counts its weekly clinical hours
        (LevelOfCare.INPATIENT, False),
    ],
)
def test_checked_requirement_refuses_24_hour_care_only(level, weekly):
    requirement = requirement_for(level, Population.ADULT)
    if weekly:
        assert checked_requirement(requirement) is requirement
    else:
        with pytest.raises(InvalidValueError, match="is 24-hour care"):
            checked_requirement(requirement)


def test_checked_calendar_takes_none_or_a_calendar_in_tz():
    calendar = ProgramCalendar(tz="America/New_York")
    assert checked_calendar(None, tz="America/New_York") is None
    assert checked_calendar(calendar, tz=pendulum.timezone("America/New_York")) is calendar
    with pytest.raises(InvalidValueError) as caught:
        checked_calendar(calendar, tz="Europe/London")
    assert caught.value.field == "calendar.tz"
    with pytest.raises(InvalidTypeError):
        checked_calendar("weekdays", tz="America/New_York")
