"""The ``medicare`` ruleset: hours, per-diem tiers and recertification dates.

Sources: 42 CFR 424.24(d)-(e) as amended by CMS-1786-FC (88 FR 82182); the CY2024
OPPS final rule's two per-diem tiers (shared/DOMAIN.md 3, 10.1, 10.2).
"""

import pendulum
import pytest

from iopcore import LevelOfCare, Population
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.intensity import requirement_for
from iopcore.rulesets import get, medicare

IOP, PHP = LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION
D = pendulum.date


@pytest.mark.parametrize("population", list(Population))
@pytest.mark.parametrize(
    ("level", "hours"),
    [
        (IOP, 9),  # 424.24(d)(1): "needs IOP services for at least 9 hours per week"
        (PHP, 20),  # 424.24(e)(1): "at least 20 hours per week" (added in CY2024)
    ],
)
def test_hour_minimums(level, hours, population):
    requirement = requirement_for(level, population, ruleset=get("medicare"))
    assert requirement.min_hours_per_week == hours
    assert requirement.max_hours_per_week is None
    assert requirement.ruleset.id == "medicare"


def test_only_iop_and_php_have_bands():
    with pytest.raises(UnknownCodeError):
        requirement_for(LevelOfCare.OUTPATIENT, Population.ADULT, ruleset=medicare.RULESET)


@pytest.mark.parametrize(
    ("services", "tier"),
    [
        (0, None),
        (2, None),  # fewer than 3: no per diem (recalled, DOMAIN.md 10.2)
        (3, 3),  # CY2024 OPPS: the 3-services-a-day tier
        (4, 4),  # CY2024 OPPS: the "4 or more services per day" tier
        (9, 4),
    ],
)
def test_per_diem_tier(services, tier):
    assert medicare.per_diem_tier(services) == tier


@pytest.mark.parametrize("bad", [-1, True, 3.0, "3", None])
def test_per_diem_tier_refuses_bad_counts(bad):
    with pytest.raises((InvalidTypeError, InvalidValueError)):
        medicare.per_diem_tier(bad)


# 424.24(d)(3): IOP recertified at least every 60 days; day counting from the last
# certification (the admission when there is none).
IOP_DUE = [
    (D(2024, 1, 1), None, D(2024, 3, 1)),  # leap year: 31 (Jan) + 29 (Feb) = 60
    (D(2023, 1, 1), None, D(2023, 3, 2)),  # common year: 31 + 28 = 59, so 2 March
    (D(2024, 1, 1), D(2024, 2, 29), D(2024, 4, 29)),  # from 29 February
    (D(2024, 11, 15), D(2024, 12, 31), D(2025, 3, 1)),  # across a year end
    (D(2024, 1, 31), D(2024, 1, 31), D(2024, 3, 31)),  # certified on the admission day
]


@pytest.mark.parametrize(("admitted", "last", "due"), IOP_DUE)
def test_iop_recertification(admitted, last, due):
    assert medicare.recertification_due(IOP, admitted=admitted, last_certified=last) == due


# 424.24(e)(3)(ii): PHP first recertified as of the 18th day (admission = day 1),
# then at least every 30 days.
PHP_DUE = [
    (D(2024, 2, 20), None, D(2024, 3, 8)),  # day 18 across 29 February
    (D(2023, 2, 20), None, D(2023, 3, 9)),  # day 18 in a common year
    (D(2024, 1, 2), D(2024, 1, 2), D(2024, 1, 19)),  # certified at admission: day 18 still due
    (D(2024, 1, 2), D(2024, 1, 19), D(2024, 2, 18)),  # recertified on day 18: +30
    (D(2024, 1, 2), D(2024, 1, 31), D(2024, 3, 1)),  # from a month end, leap February
    (D(2023, 1, 2), D(2023, 1, 31), D(2023, 3, 2)),  # the same in a common year
]


@pytest.mark.parametrize(("admitted", "last", "due"), PHP_DUE)
def test_php_recertification(admitted, last, due):
    assert medicare.recertification_due(PHP, admitted=admitted, last_certified=last) == due


def test_recertification_refuses_bad_input():
    with pytest.raises(InvalidValueError):
        medicare.recertification_due(LevelOfCare.OUTPATIENT, admitted=D(2024, 1, 1))
    with pytest.raises(InvalidValueError) as caught:
        medicare.recertification_due(IOP, admitted=D(2024, 1, 2), last_certified=D(2024, 1, 1))
    assert caught.value.field == "last_certified"
    with pytest.raises(InvalidTypeError):
        medicare.recertification_due("IOP", admitted=D(2024, 1, 1))
    with pytest.raises(InvalidTypeError):
        medicare.recertification_due(IOP, admitted=pendulum.datetime(2024, 1, 1))


def test_module_declares_its_identity():
    assert medicare.ID == "medicare"
    assert medicare.VERSION == "2024.1"
    assert medicare.EFFECTIVE_FROM.isoformat() == "2024-01-01"
    assert get("medicare", as_of=D(2024, 1, 1)) is medicare.RULESET
    with pytest.raises(InvalidValueError):
        get("medicare", as_of=D(2023, 12, 31))


def _at(day, hour, service, **kwargs):
    from iopcore.sessions import Session  # noqa: PLC0415

    start = pendulum.datetime(day.year, day.month, day.day, hour, tz="America/New_York")
    return Session(
        participant_id="p", service=service, start=start, end=start.add(hours=1), **kwargs
    )


def test_billing_days_count_distinct_covered_services():
    monday, tuesday = D(2024, 4, 1), D(2024, 4, 2)
    sessions = [
        _at(monday, 9, "group therapy"),
        _at(monday, 10, "individual therapy"),
        _at(monday, 11, "family therapy"),
        _at(monday, 13, "occupational therapy"),
        _at(tuesday, 9, "group therapy"),
        _at(tuesday, 10, "group therapy"),  # the same service again: counts once
        _at(tuesday, 11, "case management"),  # not a covered IOP/PHP service
        _at(tuesday, 12, "medication management"),  # billed separately (410.43(b))
        _at(tuesday, 13, "psychoeducation", attendance="absent"),
        _at(tuesday, 14, "activity therapy", attendance="attended in part", attended_minutes=30),
        _at(D(2024, 4, 4), 9, "group therapy"),  # outside the range
    ]
    days = medicare.billing_days(
        reversed(sessions), tz="America/New_York", start=monday, end=D(2024, 4, 3)
    )
    assert [(d.day, d.count, d.tier) for d in days] == [
        (monday, 4, 4),
        (tuesday, 2, None),
        (D(2024, 4, 3), 0, None),
    ]
    assert {s.value for s in days[1].services} == {"group therapy", "activity therapy"}


def test_billing_days_use_the_program_time_zone():
    late = _at(D(2024, 4, 1), 23, "group therapy")  # 03:00 UTC on 2 April
    (utc_day,) = medicare.billing_days([late], tz="UTC", start=D(2024, 4, 2), end=D(2024, 4, 2))
    assert utc_day.count == 1


def test_billing_days_bad_input():
    day = D(2024, 4, 1)
    with pytest.raises(InvalidValueError):
        medicare.billing_days([], tz="UTC", start=day, end=D(2024, 3, 31))
    with pytest.raises(InvalidValueError):
        medicare.billing_days([], tz="UTC", start=D(2020, 1, 1), end=day)
    with pytest.raises(InvalidTypeError):
        medicare.billing_days("x", tz="UTC", start=day, end=day)
    with pytest.raises(InvalidTypeError):
        medicare.billing_days([1], tz="UTC", start=day, end=day)
