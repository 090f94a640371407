"""The ``medicare`` ruleset: eligibility, hours, per-diem tiers and recertification dates.

Sources: 42 CFR 410.43(c), 410.44(c) and 424.24(d)-(e) as amended by CMS-1786-FC
(88 FR 82182); CMS Transmittal 1883; the CY2024 OPPS final rule's two per-diem tiers;
NAHRI 2024 on the CMS RHC/FQHC IOP transmittal.
"""

import pendulum
import pytest

from iopcore import LevelOfCare, Population
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.intensity import requirement_for
from iopcore.rulesets import HoursBasis, get_ruleset, medicare

IOP, PHP = LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION
D = pendulum.date


@pytest.mark.parametrize("population", list(Population))
@pytest.mark.parametrize(
    ("level", "hours"),
    [
        # 410.44(c), 424.24(d)(1): requires "a minimum of 9 hours per week" of IOP
        # services, as evidenced in the plan of care
        (IOP, 9),
        # 410.43(c)(1) (before CY2024), 424.24(e)(1): "a minimum of 20 hours per week"
        (PHP, 20),
    ],
)
def test_hour_minimums_are_a_certified_need(level, hours, population):
    requirement = requirement_for(level, population, ruleset=get_ruleset("medicare"))
    assert requirement.min_hours_per_week == hours
    assert requirement.max_hours_per_week is None
    assert requirement.ruleset.id == "medicare"
    assert requirement.basis is HoursBasis.CERTIFIED_NEED
    assert requirement.describe() == f"at least {hours} h/wk (certified need)"
    assert ("410.44(c)" if level is IOP else "410.43(c)(1)") in requirement.source


def test_the_php_source_no_longer_says_added_in_cy2024():
    assert not any("added in CY2024" in source for source in medicare.SOURCES)
    assert "410.43(c)(1)" in medicare.RULESET.hour_band(PHP, Population.ADULT).source


def test_a_short_week_is_below_the_certified_need_not_a_violation():
    # CMS Transmittal 1883: fewer than 20 PHP hours gets an informational remittance
    # message; the finding says "below the certified need".
    from iopcore.intensity import weekly_compliance  # noqa: PLC0415

    monday = D(2024, 4, 1)
    sessions = [_at(monday.add(days=day), 9, "group therapy", hours=3) for day in range(3)]
    need = requirement_for(IOP, Population.ADULT, ruleset=medicare.RULESET)
    (week,) = weekly_compliance(sessions[:2], need, tz="America/New_York", as_of=D(2024, 4, 7))
    (finding,) = week.findings
    assert finding.text.startswith("min hours: 6 h attended, 3 h below the certified need of 9 h")
    (full,) = weekly_compliance(sessions, need, tz="America/New_York", as_of=D(2024, 4, 7))
    assert full.met


def test_other_levels_have_no_medicare_band():
    with pytest.raises(UnknownCodeError) as caught:
        requirement_for(LevelOfCare.OUTPATIENT, Population.ADULT, ruleset=medicare.RULESET)
    assert "IOP/adult" in caught.value.allowed


def test_version_2024_1_stays_available_unchanged():
    old = get_ruleset("medicare", version="2024.1")
    assert old.content_hash.startswith("7f28d4c3aa64")
    assert old.rules == ()
    assert all(band.basis is HoursBasis.DELIVERED for band in old.hours)
    assert get_ruleset("medicare", as_of=D(2024, 6, 1)) is medicare.RULESET
    with pytest.raises(UnknownCodeError) as caught:
        get_ruleset("medicare", version="2023.9")
    assert caught.value.allowed == "2024.1, 2024.2"


_ELIGIBLE = {
    "impairment_beyond_routine_outpatient": True,
    "would_otherwise_need_inpatient": False,
    "needs_24_hour_supervision": False,
    "imminent_danger": False,
    "support_outside_program_hours": True,
    "able_to_participate": True,
}

# (fact changed from an eligible IOP patient, level, the criterion it encodes)
CRITERIA = [
    ({}, IOP, "410.44(c): needs more than isolated sessions of outpatient treatment"),
    (
        {"impairment_beyond_routine_outpatient": False},
        LevelOfCare.OUTPATIENT,
        "410.44(c): isolated outpatient sessions are enough",
    ),
    (
        {"would_otherwise_need_inpatient": True},
        PHP,
        "424.24(e)(1), 410.43(c): would otherwise require inpatient psychiatric care",
    ),
    (
        {"needs_24_hour_supervision": True},
        LevelOfCare.RESIDENTIAL,
        "410.44(c), 410.43(c): do not require 24-hour care",
    ),
    (
        {"imminent_danger": True},
        LevelOfCare.INPATIENT,
        "410.44(c), 410.43(c): not judged to be dangerous to self or others",
    ),
    (
        {"support_outside_program_hours": False},
        LevelOfCare.RESIDENTIAL,
        "410.44(c), 410.43(c): an adequate support system outside the program",
    ),
    (
        {"able_to_participate": False, "would_otherwise_need_inpatient": True},
        LevelOfCare.RESIDENTIAL,
        "410.44(c), 410.43(c): the cognitive and emotional ability to participate",
    ),
]


@pytest.mark.parametrize(("changed", "level", "criterion"), CRITERIA, ids=[c[2] for c in CRITERIA])
def test_admission_criteria(changed, level, criterion):
    from iopcore.assessments import Assessment  # noqa: PLC0415
    from iopcore.placement import recommend_level  # noqa: PLC0415

    assessment = Assessment(
        participant_id="p", assessed_on=D(2024, 5, 1), facts=_ELIGIBLE | changed
    )
    placement = recommend_level(assessment, ruleset=medicare.RULESET, as_of=D(2024, 5, 1))
    assert placement.level is level, criterion
    assert all("410.44(c)" in finding.source for finding in placement.findings)


def test_a_missing_criterion_leaves_the_placement_open():
    from iopcore.assessments import Assessment  # noqa: PLC0415
    from iopcore.placement import recommend_level  # noqa: PLC0415

    facts = dict(_ELIGIBLE)
    del facts["would_otherwise_need_inpatient"]
    assessment = Assessment(participant_id="p", assessed_on=D(2024, 5, 1), facts=facts)
    placement = recommend_level(assessment, ruleset=medicare.RULESET, as_of=D(2024, 5, 1))
    assert placement.level is None
    assert placement.missing == ("facts.would_otherwise_need_inpatient",)


@pytest.mark.parametrize(
    ("services", "tier"),
    [
        (0, None),
        (2, None),  # fewer than 3: no per diem (recalled, unconfirmed)
        (3, 3),  # CY2024 OPPS: the 3-services-a-day tier
        (4, 4),  # CY2024 OPPS: the "4 or more services per day" tier
        (9, 4),
    ],
)
@pytest.mark.parametrize("setting", ["hospital", "cmhc", medicare.Setting.HOSPITAL])
def test_per_diem_tier(services, tier, setting):
    assert medicare.per_diem_tier(services, setting=setting) == tier
    assert medicare.per_diem_tier(services) == tier


@pytest.mark.parametrize(
    ("services", "tier"),
    [
        (0, None),
        # NAHRI 2024 (CMS RHC/FQHC IOP transmittal): at least one List A service on the
        # claim; paid at the hospital 3-service per diem; no 4-or-more tier
        (1, 3),
        (3, 3),
        (6, 3),
    ],
)
@pytest.mark.parametrize("setting", ["rhc", "fqhc"])
def test_rural_health_clinics_and_fqhcs_get_one_rate(services, tier, setting):
    assert medicare.per_diem_tier(services, setting=setting) == tier


def test_per_diem_tier_refuses_an_unknown_setting():
    with pytest.raises(UnknownCodeError) as caught:
        medicare.per_diem_tier(3, setting="clinic")
    assert caught.value.field == "setting"
    assert "'rhc'" in caught.value.allowed


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
    assert medicare.VERSION == "2024.2"
    assert medicare.EFFECTIVE_FROM.isoformat() == "2024-01-01"
    assert get_ruleset("medicare", as_of=D(2024, 1, 1)) is medicare.RULESET
    with pytest.raises(InvalidValueError):
        get_ruleset("medicare", as_of=D(2023, 12, 31))


def _at(day, hour, service, hours=1, **kwargs):
    from iopcore.sessions import Session  # noqa: PLC0415

    start = pendulum.datetime(day.year, day.month, day.day, hour, tz="America/New_York")
    return Session(
        participant_id="p", service=service, start=start, end=start.add(hours=hours), **kwargs
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
    rural = medicare.billing_days(
        sessions, tz="America/New_York", start=monday, end=D(2024, 4, 3), setting="rhc"
    )
    assert [d.tier for d in rural] == [3, 3, None]  # one rate from one service up


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


@pytest.mark.parametrize(
    ("level", "admitted", "last", "field"),
    [
        (IOP, D(9999, 12, 1), None, "admitted"),
        (PHP, D(9999, 12, 20), None, "admitted"),
        (PHP, D(9999, 11, 1), D(9999, 12, 20), "last_certified"),
        (IOP, D(9999, 10, 1), D(9999, 11, 30), "last_certified"),
    ],
)
def test_a_due_date_past_the_calendar_is_a_typed_error(level, admitted, last, field):
    with pytest.raises(InvalidValueError) as caught:
        medicare.recertification_due(level, admitted=admitted, last_certified=last)
    assert caught.value.field == field
    assert "9999-12-31" in caught.value.allowed


def test_the_last_due_date_on_the_calendar_is_answered():
    assert medicare.recertification_due(IOP, admitted=D(9999, 11, 1)) == D(9999, 12, 31)


def test_billing_days_cover_at_most_three_years_of_366_days():
    # A bound on the work asked for (not a Medicare rule): 3 * 366 days after start.
    day = D(2024, 4, 1)
    assert len(medicare.billing_days([], tz="UTC", start=day, end=day.add(days=1098))) == 1099
    with pytest.raises(InvalidValueError) as caught:
        medicare.billing_days([], tz="UTC", start=day, end=day.add(days=1099))
    assert caught.value.allowed == "a day from start=2024-04-01 up to 1098 days later"
    # From the calendar's first day too.
    first = D(1, 1, 1)
    with pytest.raises(InvalidValueError):
        medicare.billing_days([], tz="UTC", start=first, end=first.add(days=1099))


def test_billing_days_report_every_item_that_is_not_a_session():
    day = D(2024, 4, 1)
    with pytest.raises(IopcoreErrorGroup) as caught:
        medicare.billing_days([1, _at(day, 9, "group therapy"), "x"], tz="UTC", start=day, end=day)
    assert [error.field for error in caught.value.exceptions] == ["$.sessions[0]", "$.sessions[2]"]
    with pytest.raises(InvalidTypeError) as one:
        medicare.billing_days({"a": 1}, tz="UTC", start=day, end=day)
    assert one.value.field == "sessions"


@pytest.mark.parametrize(
    "level", [LevelOfCare.OUTPATIENT, LevelOfCare.RESIDENTIAL, LevelOfCare.INPATIENT]
)
def test_only_iop_and_php_are_recertified(level):
    # 42 CFR 424.24(d) and (e): recertification is a rule of the IOP and PHP benefits.
    with pytest.raises(InvalidValueError) as caught:
        medicare.recertification_due(level, admitted=D(2024, 4, 1))
    assert caught.value.field == "level"


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        medicare.per_diem_tier(3, "hospital")  # type: ignore[misc]
    with pytest.raises(TypeError):
        medicare.billing_days([], "UTC", D(2024, 4, 1), D(2024, 4, 1))  # type: ignore[misc]
    with pytest.raises(TypeError):
        medicare.BillingDay(D(2024, 4, 1), frozenset(), 0, None)  # type: ignore[misc]


def test_recertification_options_are_keyword_only():
    with pytest.raises(TypeError):
        medicare.recertification_due(IOP, D(2024, 4, 1))  # type: ignore[misc]
