"""The ``medicare`` ruleset: the Medicare IOP and PHP benefit from 1 January 2024.

The Consolidated Appropriations Act 2023 (section 4124) added intensive outpatient
services to Medicare, and the CY2024 OPPS final rule (CMS-1786-FC) set them up beside
partial hospitalization. For iopcore's purposes the benefit is four numbers and two
day counts:

* hours: the patient needs **at least 9 hours a week** of IOP services
  (42 CFR 424.24(d)(1)), or **at least 20 hours a week** of PHP services
  (42 CFR 424.24(e)(1), added in CY2024). Medicare sets no adolescent threshold, so
  both populations get the same band.
* per-diem payment: two tiers, days with **3 services** and days with **4 or more**
  (:func:`per_diem_tier`). Days with fewer than 3 services are not paid per diem: a
  recalled rule not confirmed in a primary text (not in the CY2024 rule summaries
  read: Coronis Health 2023, NAHRI 2024), kept as the
  configurable :data:`MIN_SERVICES_PER_DAY`.
* recertification (:func:`recertification_due`): IOP at provider-set intervals but
  **at least every 60 days** (424.24(d)(3)); PHP **as of the 18th day** of services,
  then **at least every 30 days** (424.24(e)(3)(ii)).

Day counting, as :func:`recertification_due` does it: the day of admission is the
first day of services, so "as of the 18th day" is 17 days after admission; "every N
days" from a certification signed on day D means due by D + N days. Days are calendar
days (month ends and 29 February count as any other day). The initial certification
has no timing rule in 424.24(d); iopcore treats admission as the first certification.

References:
    * 42 CFR 424.24(d) and (e) as amended by 88 FR 82182 (22 Nov 2023, CMS-1786-FC),
      read from an eCFR mirror of the amended text.
    * CY2024 OPPS final rule fact sheet (cms.gov); Krieg DeVault and Behavioral
      Health Business summaries: IOP at least 9 h/wk; two per-diem tiers, 3 and 4 or
      more services a day (Coronis Health 2023; Behavioral Health Business 2024).
    * 42 CFR 410.43(a)(4) and 410.44: the covered IOP/PHP services (CMS-1786-FC),
      tagged on :class:`iopcore.sessions.ServiceType`.

>>> import pendulum
>>> from iopcore import LevelOfCare
>>> from iopcore.rulesets import medicare
>>> medicare.per_diem_tier(2), medicare.per_diem_tier(3), medicare.per_diem_tier(6)
(None, 3, 4)
>>> medicare.recertification_due(
...     LevelOfCare.PARTIAL_HOSPITALIZATION, admitted=pendulum.date(2024, 2, 20)
... )
Date(2024, 3, 8)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Final

import attrs
import pendulum

from iopcore._validation import ErrorCollector, to_date, to_int, to_timezone
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rulesets import HourBand, Ruleset
from iopcore.sessions import ServiceType, Session

__all__ = [
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
    "billing_days",
    "per_diem_tier",
    "recertification_due",
]

ID: Final = "medicare"
VERSION: Final = "2024.1"
#: The CY2024 OPPS final rule took effect on 1 January 2024 (CMS-1786-FC).
EFFECTIVE_FROM: Final = pendulum.Date(2024, 1, 1)

_CFR = (
    "42 CFR 424.24(d)(1) (IOP: at least 9 h/wk) and (e)(1) (PHP: at least 20 h/wk), as "
    "amended by 88 FR 82182, CMS-1786-FC (22 Nov 2023)"
)
_RECERT = (
    "42 CFR 424.24(d)(3) (IOP recertification at least every 60 days) and (e)(3)(ii) "
    "(PHP: as of the 18th day, then at least every 30 days)"
)
_PER_DIEM = (
    "CY2024 OPPS final rule: per-diem APCs for 3 services a day and 4 or more a day "
    "(Coronis Health 2023; Behavioral Health Business 2024)"
)
_COVERED = "42 CFR 410.43(a)(4) and 410.44: covered IOP/PHP services (88 FR 82182)"

#: Every source the ruleset cites.
SOURCES: Final = (_CFR, _RECERT, _PER_DIEM, _COVERED)

#: The hour bands: the same for adults and adolescents (Medicare sets one threshold).
HOURS: Final = tuple(
    band
    for population in Population
    for band in (
        HourBand(
            level=LevelOfCare.INTENSIVE_OUTPATIENT,
            population=population,
            min_hours_per_week=9,  # 42 CFR 424.24(d)(1): at least 9 hours per week
            source=_CFR,
        ),
        HourBand(
            level=LevelOfCare.PARTIAL_HOSPITALIZATION,
            population=population,
            min_hours_per_week=20,  # 42 CFR 424.24(e)(1): at least 20 hours per week
            source=_CFR,
        ),
    )
)

#: Fewest services in a day for a per-diem payment (CY2024 OPPS: the lower tier is 3
#: services a day). That days with fewer are not paid per diem is recalled, not
#: confirmed in a primary text (not in the CY2024 rule summaries read: Coronis Health
#: 2023, NAHRI 2024).
MIN_SERVICES_PER_DAY: Final = 3
#: Services in a day from which the higher per-diem tier applies (CY2024 OPPS: "4 or
#: more services per day").
HIGH_TIER_SERVICES: Final = 4
#: IOP recertification at least every 60 days (42 CFR 424.24(d)(3)).
IOP_RECERTIFICATION_DAYS: Final = 60
#: PHP first recertification as of the 18th day of services (42 CFR 424.24(e)(3)(ii)).
PHP_FIRST_RECERTIFICATION_DAY: Final = 18
#: PHP recertification after the first at least every 30 days (424.24(e)(3)(ii)).
PHP_RECERTIFICATION_DAYS: Final = 30


def per_diem_tier(services: int) -> int | None:
    """The per-diem tier of a day with ``services`` distinct covered services.

    Returns:
        ``None`` below :data:`MIN_SERVICES_PER_DAY` (3), ``3`` for 3 services, ``4``
        for 4 or more.

    Raises:
        InvalidTypeError: ``services`` is not an int.
        InvalidValueError: ``services`` is negative.

    >>> [per_diem_tier(n) for n in range(6)]
    [None, None, None, 3, 4, 4]
    """
    count = to_int(services, field="services", minimum=0)
    if count >= HIGH_TIER_SERVICES:
        return HIGH_TIER_SERVICES
    if count >= MIN_SERVICES_PER_DAY:
        return MIN_SERVICES_PER_DAY
    return None


def _plus_days(day: pendulum.Date, days: int) -> pendulum.Date:
    # Calendar-day arithmetic with the standard library (pendulum.Date subclasses it).
    later = dt.date.fromordinal(day.toordinal() + days)
    return pendulum.Date(later.year, later.month, later.day)


def recertification_due(
    level: LevelOfCare,
    *,
    admitted: pendulum.Date,
    last_certified: pendulum.Date | None = None,
) -> pendulum.Date:
    """The last day by which the next Medicare recertification must be signed.

    Args:
        level: ``INTENSIVE_OUTPATIENT`` or ``PARTIAL_HOSPITALIZATION``.
        admitted: The first day of IOP or PHP services (day 1).
        last_certified: The date of the latest certification or recertification;
            ``None`` when only the admission certification exists.

    Returns:
        IOP: ``last_certified`` (or ``admitted``) plus 60 days. PHP: the 18th day of
        services (``admitted`` plus 17 days) while the latest certification is before
        it, else ``last_certified`` plus 30 days.

    Raises:
        InvalidValueError: another level, or ``last_certified`` before ``admitted``.
        InvalidTypeError: a date of the wrong type.

    >>> import pendulum
    >>> from iopcore import LevelOfCare
    >>> recertification_due(LevelOfCare.INTENSIVE_OUTPATIENT, admitted=pendulum.date(2024, 1, 1))
    Date(2024, 3, 1)
    >>> recertification_due(
    ...     LevelOfCare.PARTIAL_HOSPITALIZATION,
    ...     admitted=pendulum.date(2024, 1, 2),
    ...     last_certified=pendulum.date(2024, 1, 19),
    ... )
    Date(2024, 2, 18)
    """
    if not isinstance(level, LevelOfCare):
        raise InvalidTypeError("level", level, allowed="a LevelOfCare member")
    start = to_date(admitted, field="admitted")
    last = None if last_certified is None else to_date(last_certified, field="last_certified")
    if last is not None and last < start:
        raise InvalidValueError(
            "last_certified",
            last,
            allowed=f"a date on or after admitted={start.isoformat()}",
            reason="is before admission",
        )
    if level is LevelOfCare.INTENSIVE_OUTPATIENT:
        return _plus_days(start if last is None else last, IOP_RECERTIFICATION_DAYS)
    if level is LevelOfCare.PARTIAL_HOSPITALIZATION:
        first = _plus_days(start, PHP_FIRST_RECERTIFICATION_DAY - 1)
        if last is None or last < first:
            return first
        return _plus_days(last, PHP_RECERTIFICATION_DAYS)
    raise InvalidValueError(
        "level",
        level,
        allowed="INTENSIVE_OUTPATIENT or PARTIAL_HOSPITALIZATION (the Medicare benefits)",
    )


@attrs.frozen(kw_only=True)
class BillingDay:
    """One day of IOP/PHP services as the per-diem payment sees it.

    Attributes:
        day: The local day.
        services: The distinct covered services attended that day (see
            :attr:`iopcore.sessions.ServiceType.medicare_covered`).
        count: How many there are.
        tier: :func:`per_diem_tier` of ``count``: ``None`` (not paid per diem), 3 or 4.
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
) -> tuple[BillingDay, ...]:
    """Each day from ``start`` to ``end``: distinct covered services attended and the tier.

    A service counts on the local day (in ``tz``) its session starts, when attended
    in full or in part; absences and cancellations count nothing; a service type
    counts once a day however many sessions of it there were; services Medicare does
    not cover as IOP/PHP services (medication management, case management) do not
    count. Every day of the range is listed, days without services included.

    Raises:
        InvalidTypeError: an item that is not a Session, or a bad argument.
        InvalidValueError: ``end`` before ``start`` or more than 3 years after it.

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
        instant = dt.datetime.timestamp(session.start)
        day = dt.datetime.fromtimestamp(instant, local).toordinal()
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
                tier=per_diem_tier(len(services)),
            )
        )
    return tuple(days)


#: The ruleset value (the latest version).
RULESET: Final = Ruleset(
    id=ID,
    version=VERSION,
    title="Medicare IOP and PHP benefit (CY2024 OPPS final rule)",
    effective_from=EFFECTIVE_FROM,
    sources=SOURCES,
    hours=HOURS,
    notice="Public-domain federal rules; dollar rates are not included.",
)

#: Every version, oldest first (the registry picks the one in force).
VERSIONS: Final = (RULESET,)
