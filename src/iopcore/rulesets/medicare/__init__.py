"""The ``medicare`` ruleset: the Medicare IOP and PHP benefit from 1 January 2024.

The Consolidated Appropriations Act 2023 (section 4124) added intensive outpatient
services to Medicare, and the CY2024 OPPS final rule (CMS-1786-FC) set them up beside
partial hospitalization. For iopcore's purposes the benefit is:

* who is eligible (:data:`ADMISSION_RULES`, the ruleset's rules): the patient criteria
  of 42 CFR 410.44(c) (IOP) and 410.43(c) (PHP): more than isolated outpatient
  sessions are needed; no 24-hour care is needed; not dangerous to self or others;
  support outside program hours; able to take part; and, for PHP, inpatient
  psychiatric care would otherwise be needed (42 CFR 424.24(e)(1)).
* hours: the patient **needs at least 9 hours a week** of IOP services (42 CFR
  410.44(c); 424.24(d)(1)) or **at least 20 hours a week** of PHP services (42 CFR
  410.43(c)(1), in force long before CY2024, which restated it in 424.24(e)(1)). Both
  are a need the physician certifies in the plan of care, not a weekly delivery
  floor: for PHP patients receiving fewer than 20 hours CMS sends informational
  remittance messages (CMS Transmittal 1883). A short week is therefore *below the
  certified need* (:attr:`~iopcore.rulesets.HoursBasis.CERTIFIED_NEED`), not a Medicare
  violation. Medicare sets no adolescent threshold: both populations get the same band.
* per-diem payment (:func:`per_diem_tier`): hospital outpatient departments and CMHCs
  are paid in two tiers, days with **3 services** and days with **4 or more**. Days
  with fewer than 3 services get no per diem: a recalled rule not found in the rule
  text read (CMS-1786-FC summaries: Coronis Health 2023, NAHRI 2024), so
  **unconfirmed**, kept as the configurable :data:`MIN_SERVICES_PER_DAY`. Rural health
  clinics and FQHCs are paid one rate, based on the hospital 3-service per diem, for a
  claim with at least one IOP service (NAHRI 2024, on the CMS RHC/FQHC IOP
  transmittal): no 4-or-more tier.
* recertification (:func:`recertification_due`): IOP at provider-set intervals but
  **at least every 60 days** (424.24(d)(3); the statute and proposed rule said "every
  other month"); PHP **as of the 18th day** of services, then **at least every 30
  days** (424.24(e)(3)(ii)).

Day counting, as :func:`recertification_due` does it: the day of admission is the
first day of services, so "as of the 18th day" is 17 days after admission; "every N
days" from a certification signed on day D means due by D + N days. Days are calendar
days (month ends and 29 February count as any other day). The initial certification
has no timing rule in 424.24(d); iopcore treats admission as the first certification.

Versions: 2024.2 (the latest) adds the admission rules and marks the hours as a
certified need; 2024.1 (hours as a plain weekly minimum, no rules) stays available
through ``rulesets.get_ruleset("medicare", version="2024.1")``.

References:
    * 42 CFR 410.43(c) and 410.44(c): the PHP and IOP patient criteria, including
      the 20 and 9 hours a week "as evidenced in the plan of care".
    * 42 CFR 424.24(d) and (e) as amended by 88 FR 82182 (22 Nov 2023, CMS-1786-FC),
      read from an eCFR mirror of the amended text.
    * CMS Transmittal 1883: informational remittance messages for PHP patients who
      receive fewer than 20 hours a week.
    * CY2024 OPPS final rule fact sheet (cms.gov); two per-diem tiers, 3 and 4 or
      more services a day (Coronis Health 2023; Behavioral Health Business 2024).
    * NAHRI (2024), "CMS releases IOP requirements for FQHCs and RHCs": condition code
      92 with revenue code 0905, at least one List A service, payment based on the
      hospital 3-service per diem.
    * 42 CFR 410.43(a)(4) and 410.44: the covered IOP/PHP services (CMS-1786-FC),
      tagged on :class:`iopcore.sessions.ServiceType`.

>>> import pendulum
>>> from iopcore import LevelOfCare
>>> from iopcore.rulesets import medicare
>>> medicare.per_diem_tier(2), medicare.per_diem_tier(3), medicare.per_diem_tier(6)
(None, 3, 4)
>>> medicare.per_diem_tier(1, setting="rhc"), medicare.per_diem_tier(6, setting="fqhc")
(3, 3)
>>> medicare.recertification_due(
...     LevelOfCare.PARTIAL_HOSPITALIZATION, admitted=pendulum.date(2024, 2, 20)
... )
Date(2024, 3, 8)
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Final

import attrs
import pendulum

from iopcore._days import day_in_zone
from iopcore._validation import (
    ErrorCollector,
    to_date,
    to_int,
    to_member,
    to_timezone,
)
from iopcore.assessments import ClinicalFact
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rules import FactIs, Rule
from iopcore.rulesets import HourBand, HoursBasis, Ruleset
from iopcore.rulesets.medicare._recertification import (
    IOP_RECERTIFICATION_DAYS,
    PHP_FIRST_RECERTIFICATION_DAY,
    PHP_RECERTIFICATION_DAYS,
    recertification_due,
)
from iopcore.sessions import ServiceType, Session

__all__ = [
    "ADMISSION_RULES",
    "EFFECTIVE_FROM",
    "HIGH_TIER_SERVICES",
    "HOURS",
    "ID",
    "IOP_RECERTIFICATION_DAYS",
    "MIN_SERVICES_PER_DAY",
    "PHP_FIRST_RECERTIFICATION_DAY",
    "PHP_RECERTIFICATION_DAYS",
    "RULESET",
    "SOURCES",
    "VERSION",
    "VERSIONS",
    "BillingDay",
    "Setting",
    "billing_days",
    "per_diem_tier",
    "recertification_due",
]

ID: Final = "medicare"
VERSION: Final = "2024.2"
#: The CY2024 OPPS final rule took effect on 1 January 2024 (CMS-1786-FC).
EFFECTIVE_FROM: Final = pendulum.Date(2024, 1, 1)

_IOP_NEED = (
    "42 CFR 410.44(c) and 424.24(d)(1): the patient requires at least 9 hours a week "
    "of IOP services, as evidenced in the plan of care (a certified need, not a "
    "weekly delivery floor)"
)
_PHP_NEED = (
    "42 CFR 410.43(c)(1) and 424.24(e)(1): the patient requires at least 20 hours a "
    "week of PHP services, as evidenced in the plan of care (a certified need; CMS "
    "Transmittal 1883 sends informational remittance messages below it)"
)
_CRITERIA = (
    "42 CFR 410.44(c) (IOP) and 410.43(c) (PHP) patient criteria, as amended by 88 FR "
    "82182, CMS-1786-FC; PHP also 424.24(e)(1): would otherwise need inpatient "
    "psychiatric care. Encoded from the CMS MAC summary (Noridian, PHP program and "
    "patient criteria) and the CY2024 rule summaries; the eCFR wording of 410.44(c) "
    "was not read: unconfirmed"
)
_RECERT = (
    "42 CFR 424.24(d)(3) (IOP recertification at least every 60 days) and (e)(3)(ii) "
    "(PHP: as of the 18th day, then at least every 30 days)"
)
_PER_DIEM = (
    "CY2024 OPPS final rule: per-diem APCs for 3 services a day and 4 or more a day "
    "for hospital outpatient departments and CMHCs (Coronis Health 2023; Behavioral "
    "Health Business 2024); RHCs and FQHCs one rate based on the hospital 3-service "
    "per diem for a claim with at least one List A IOP service (NAHRI 2024)"
)
_COVERED = "42 CFR 410.43(a)(4) and 410.44: covered IOP/PHP services (88 FR 82182)"

#: Every source the ruleset cites.
SOURCES: Final = (_IOP_NEED, _PHP_NEED, _CRITERIA, _RECERT, _PER_DIEM, _COVERED)


def _hour_bands(
    iop_source: str, php_source: str, basis: HoursBasis = HoursBasis.DELIVERED
) -> tuple[HourBand, ...]:
    """IOP at least 9 h/wk and PHP at least 20 h/wk, the same for every population."""
    return tuple(
        band
        for population in Population
        for band in (
            HourBand(
                level=LevelOfCare.INTENSIVE_OUTPATIENT,
                population=population,
                min_hours_per_week=9,  # 42 CFR 410.44(c), 424.24(d)(1): at least 9 h/wk
                source=iop_source,
                basis=basis,
            ),
            HourBand(
                level=LevelOfCare.PARTIAL_HOSPITALIZATION,
                population=population,
                min_hours_per_week=20,  # 42 CFR 410.43(c)(1), 424.24(e)(1): at least 20 h/wk
                source=php_source,
                basis=basis,
            ),
        )
    )


#: The hour bands: a need certified in the plan of care, the same for adults and
#: adolescents (Medicare sets one threshold).
HOURS: Final = _hour_bands(_IOP_NEED, _PHP_NEED, HoursBasis.CERTIFIED_NEED)

_IOP_OR_PHP: Final = frozenset(
    {LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION}
)

#: The IOP and PHP patient criteria of 42 CFR 410.44(c) and 410.43(c), as rules on
#: the assessment's clinical facts. A diagnosed mental disorder (410.44(c),
#: 410.43(c)) is taken as given for anyone assessed for the benefit and not encoded.
ADMISSION_RULES: Final = (
    Rule(
        id="M-ADMIT-MORE-THAN-OUTPATIENT",
        # 410.44(c), 410.43(c): likely to benefit from a coordinated program of
        # services and needing more than isolated sessions of outpatient treatment.
        when=FactIs(fact=ClinicalFact.IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT),
        min_level=LevelOfCare.INTENSIVE_OUTPATIENT,
        rationale="Needs more than isolated sessions of outpatient treatment.",
        source=_CRITERIA,
    ),
    Rule(
        id="M-ADMIT-PHP-INSTEAD-OF-INPATIENT",
        # 424.24(e)(1), 410.43(c): PHP is for patients who would otherwise need
        # inpatient psychiatric care.
        when=FactIs(fact=ClinicalFact.WOULD_OTHERWISE_NEED_INPATIENT),
        min_level=LevelOfCare.PARTIAL_HOSPITALIZATION,
        rationale="Would otherwise need inpatient psychiatric care: partial hospitalization.",
        source=_CRITERIA,
    ),
    Rule(
        id="M-ADMIT-NEEDS-24-HOUR-CARE",
        # 410.44(c), 410.43(c): the patient does not require 24-hour care.
        when=FactIs(fact=ClinicalFact.NEEDS_24_HOUR_SUPERVISION),
        min_level=LevelOfCare.RESIDENTIAL,
        rationale="Needs 24-hour care, which the IOP and PHP benefit does not give.",
        source=_CRITERIA,
    ),
    Rule(
        id="M-ADMIT-DANGER",
        # 410.44(c), 410.43(c): not judged to be dangerous to self or others.
        when=FactIs(fact=ClinicalFact.IMMINENT_DANGER),
        min_level=LevelOfCare.INPATIENT,
        rationale="Dangerous to self or others: outside the IOP and PHP benefit.",
        source=_CRITERIA,
    ),
    Rule(
        id="M-ADMIT-NO-SUPPORT",
        # 410.44(c), 410.43(c): an adequate support system while not in the program.
        when=FactIs(fact=ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS, value=False),
        excludes=_IOP_OR_PHP,
        rationale="No adequate support outside program hours: IOP and PHP do not apply.",
        source=_CRITERIA,
    ),
    Rule(
        id="M-ADMIT-UNABLE-TO-PARTICIPATE",
        # 410.44(c), 410.43(c): the cognitive and emotional ability to take part in
        # active treatment and to tolerate the program's intensity.
        when=FactIs(fact=ClinicalFact.ABLE_TO_PARTICIPATE, value=False),
        excludes=_IOP_OR_PHP,
        rationale="Not able to take part in active treatment: IOP and PHP do not apply.",
        source=_CRITERIA,
    ),
)


class Setting(enum.Enum):
    """Where Medicare IOP services are furnished, as the per-diem payment sees it."""

    #: A hospital outpatient department (critical access hospitals included).
    HOSPITAL = "hospital"
    #: A community mental health center.
    CMHC = "cmhc"
    #: A rural health clinic.
    RHC = "rhc"
    #: A federally qualified health center.
    FQHC = "fqhc"


#: Fewest services in a day for a per-diem payment in hospital outpatient departments
#: and CMHCs (CY2024 OPPS: the lower tier is 3 services a day). That days with fewer
#: are not paid per diem is recalled, not confirmed in a primary text (not in the
#: CY2024 rule summaries read: Coronis Health 2023, NAHRI 2024): unconfirmed.
MIN_SERVICES_PER_DAY: Final = 3
#: Services in a day from which the higher per-diem tier applies (CY2024 OPPS: "4 or
#: more services per day").
HIGH_TIER_SERVICES: Final = 4
_ONE_RATE: Final = frozenset({Setting.RHC, Setting.FQHC})


def per_diem_tier(services: int, *, setting: Setting | str = Setting.HOSPITAL) -> int | None:
    """The per-diem tier of a day with ``services`` distinct covered IOP services.

    Args:
        services: Covered IOP/PHP services that day (see :func:`billing_days` for how
            iopcore counts them).
        setting: Where they were furnished (:class:`Setting` or its value).

    Returns:
        Hospital outpatient departments and CMHCs: ``None`` below
        :data:`MIN_SERVICES_PER_DAY` (3; unconfirmed), ``3`` for 3 services, ``4`` for
        4 or more. Rural health clinics and FQHCs: ``3`` (the one rate, based on the
        hospital 3-service per diem) for 1 or more services, ``None`` for none. The
        RHC/FQHC rule asks for at least one service from CMS's IOP List A; iopcore does
        not sort services into List A and List B, so any covered service counts.

    Raises:
        InvalidTypeError: ``services`` is not an int.
        InvalidValueError: ``services`` is negative.
        UnknownCodeError: an unknown setting (the error lists them).

    >>> [per_diem_tier(n) for n in range(6)]
    [None, None, None, 3, 4, 4]
    >>> [per_diem_tier(n, setting=Setting.RHC) for n in range(6)]
    [None, 3, 3, 3, 3, 3]
    """
    count = to_int(services, field="services", minimum=0)
    where = to_member(Setting, setting, field="setting")
    if where in _ONE_RATE:
        return MIN_SERVICES_PER_DAY if count >= 1 else None
    if count >= HIGH_TIER_SERVICES:
        return HIGH_TIER_SERVICES
    # Counts of 4 or more returned above, so "==" here would do the same (an equivalent
    # mutant that survives).
    if count >= MIN_SERVICES_PER_DAY:
        return MIN_SERVICES_PER_DAY
    return None


@attrs.frozen(kw_only=True)
class BillingDay:
    """One day of IOP/PHP services as the per-diem payment sees it.

    Attributes:
        day: The local day.
        services: The distinct covered services attended that day (see
            :attr:`iopcore.sessions.ServiceType.medicare_covered`).
        count: How many there are (each service type once: unconfirmed, see
            :func:`billing_days`).
        tier: :func:`per_diem_tier` of ``count`` in the setting: ``None`` (not paid
            per diem), 3 or 4.
    """

    day: pendulum.Date
    services: frozenset[ServiceType]
    count: int
    tier: int | None


_MAX_BILLING_DAYS: Final = 3 * 366


def billing_days(
    sessions: Iterable[Session],
    *,
    tz: str | pendulum.Timezone,
    start: pendulum.Date,
    end: pendulum.Date,
    setting: Setting | str = Setting.HOSPITAL,
) -> tuple[BillingDay, ...]:
    """Each day from ``start`` to ``end``: distinct covered services attended and the tier.

    A service counts on the local day (in ``tz``) its session starts, when attended
    in full or in part; absences and cancellations count nothing; services Medicare
    does not cover as IOP/PHP services (medication management, case management) do
    not count. Every day of the range is listed, days without services included; the
    tier is :func:`per_diem_tier` for ``setting``.

    **Unconfirmed:** a service type counts once a day however many sessions of it
    there were (two group therapies count as one). This is iopcore's reading; the
    counting rule lives in CMS's Integrated Outpatient Code Editor (I/OCE)
    specifications, which were not read, so check it against them before billing.

    Raises:
        InvalidTypeError: an item that is not a Session, or a bad argument.
        InvalidValueError: ``end`` before ``start`` or more than 3 years after it.
        UnknownCodeError: an unknown setting.

    >>> import pendulum
    >>> from iopcore.sessions import Session
    >>> def at(hour, service):
    ...     start = pendulum.datetime(2024, 4, 1, hour, tz="America/New_York")
    ...     return Session(
    ...         participant_id="p-1", service=service, start=start, end=start.add(hours=1)
    ...     )
    >>> day = pendulum.date(2024, 4, 1)
    >>> (monday,) = billing_days(
    ...     [
    ...         at(9, "group therapy"),
    ...         at(10, "group therapy"),
    ...         at(11, "psychoeducation"),
    ...         at(13, "individual therapy"),
    ...         at(14, "medication management"),
    ...     ],
    ...     tz="America/New_York",
    ...     start=day,
    ...     end=day,
    ... )
    >>> monday.count, monday.tier
    (3, 3)
    """
    zone = to_timezone(tz)
    where = to_member(Setting, setting, field="setting")
    first = to_date(start, field="start")
    last = to_date(end, field="end")
    span = last.toordinal() - first.toordinal()
    if span < 0 or span > _MAX_BILLING_DAYS:
        raise InvalidValueError(
            "end",
            last,
            allowed=f"a day from start={first.isoformat()} up to {_MAX_BILLING_DAYS} days later",
        )
    if isinstance(sessions, str | bytes | Mapping) or not isinstance(sessions, Iterable):
        raise InvalidTypeError("sessions", sessions, allowed="an iterable of Session values")
    local = zoneinfo.ZoneInfo(zone.name)
    by_day: dict[int, set[ServiceType]] = {}
    collector = ErrorCollector("sessions")
    given: Iterable[object] = sessions  # checked one by one: callers pass anything
    for index, session in enumerate(given):
        if not isinstance(session, Session):
            collector.errors.append(
                InvalidTypeError(f"$.sessions[{index}]", session, allowed="a Session")
            )
            continue
        if not session.attendance.attended or not session.service.medicare_covered:
            continue
        day = day_in_zone(session.start, local)
        by_day.setdefault(day, set()).add(session.service)
    collector.raise_if_any()
    days = []
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        services = frozenset(by_day.get(ordinal, ()))
        calendar_day = dt.date.fromordinal(ordinal)
        days.append(
            BillingDay(
                day=pendulum.Date(calendar_day.year, calendar_day.month, calendar_day.day),
                services=services,
                count=len(services),
                tier=per_diem_tier(len(services), setting=where),
            )
        )
    return tuple(days)


_TITLE: Final = "Medicare IOP and PHP benefit (CY2024 OPPS final rule)"
_NOTICE: Final = "Public-domain federal rules; dollar rates are not included."

#: The ruleset value (the latest version).
RULESET: Final = Ruleset(
    id=ID,
    version=VERSION,
    title=_TITLE,
    effective_from=EFFECTIVE_FROM,
    sources=SOURCES,
    rules=ADMISSION_RULES,
    hours=HOURS,
    notice=_NOTICE,
)

# Version 2024.1 as it was shipped: hours as a plain weekly minimum, no rules.
_CFR_2024_1 = (
    "42 CFR 424.24(d)(1) (IOP: at least 9 h/wk) and (e)(1) (PHP: at least 20 h/wk), as "
    "amended by 88 FR 82182, CMS-1786-FC (22 Nov 2023)"
)
_PER_DIEM_2024_1 = (
    "CY2024 OPPS final rule: per-diem APCs for 3 services a day and 4 or more a day "
    "(Coronis Health 2023; Behavioral Health Business 2024)"
)

#: Every version, oldest first (the registry picks the newest one in force).
VERSIONS: Final = (
    Ruleset(
        id=ID,
        version="2024.1",
        title=_TITLE,
        effective_from=EFFECTIVE_FROM,
        sources=(_CFR_2024_1, _RECERT, _PER_DIEM_2024_1, _COVERED),
        hours=_hour_bands(_CFR_2024_1, _CFR_2024_1),
        notice=_NOTICE,
    ),
    RULESET,
)
