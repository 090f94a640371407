"""Medicare IOP and PHP recertification: the day by which the next one must be signed.

IOP is recertified at least every 60 days (42 CFR 424.24(d)(3)); PHP as of the 18th
day of services, then at least every 30 days (424.24(e)(3)(ii)). The day of admission
is day 1 of services.
"""

from __future__ import annotations

from typing import Final

import pendulum  # noqa: TC002 - Sphinx reads the annotations

from iopcore._validation import shift_date, to_date
from iopcore.exceptions import InvalidValueError
from iopcore.levels import LevelOfCare, to_level

#: IOP recertification at least every 60 days (42 CFR 424.24(d)(3)).
IOP_RECERTIFICATION_DAYS: Final = 60
#: PHP first recertification as of the 18th day of services (42 CFR 424.24(e)(3)(ii)).
PHP_FIRST_RECERTIFICATION_DAY: Final = 18
#: PHP recertification after the first at least every 30 days (424.24(e)(3)(ii)).
PHP_RECERTIFICATION_DAYS: Final = 30


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
        InvalidValueError: another level, ``last_certified`` before ``admitted``, or a
            due date past the end of the calendar (9999-12-31).
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
    level = to_level(level)
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
        if last is None:
            return shift_date(start, IOP_RECERTIFICATION_DAYS, field="admitted")
        return shift_date(last, IOP_RECERTIFICATION_DAYS, field="last_certified")
    if level is LevelOfCare.PARTIAL_HOSPITALIZATION:
        first = shift_date(start, PHP_FIRST_RECERTIFICATION_DAY - 1, field="admitted")
        if last is None or last < first:
            return first
        return shift_date(last, PHP_RECERTIFICATION_DAYS, field="last_certified")
    raise InvalidValueError(
        "level",
        level,
        allowed="INTENSIVE_OUTPATIENT or PARTIAL_HOSPITALIZATION (the Medicare benefits)",
    )
