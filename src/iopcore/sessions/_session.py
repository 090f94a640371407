"""The session record: one scheduled service, its kind and whether the participant came.

Holds :class:`Session`, the kinds of service (:class:`ServiceType`, with the Medicare
coverage of each) and the kinds of attendance (:class:`Attendance`). The package
:mod:`iopcore.sessions` re-exports them and explains what each attendance counts as.
"""

from __future__ import annotations

import datetime as dt
import enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._table_values import is_missing
from iopcore._validation import to_aware_datetime, to_int, to_member, to_participant_id
from iopcore.exceptions import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MAX_SESSION_HOURS", "Attendance", "ServiceType", "Session", "to_service"]

#: Longest session accepted, in hours. A PHP day runs about 6 hours (Michigan PIHP PHP criteria); a
#: longer record is almost surely a typo in a date or a time.
MAX_SESSION_HOURS: Final = 12


class ServiceType(enum.Enum):
    """The kinds of service an IOP or PHP offers."""

    GROUP_THERAPY = "group therapy"
    INDIVIDUAL_THERAPY = "individual therapy"
    FAMILY_THERAPY = "family therapy"
    PSYCHOEDUCATION = "psychoeducation"
    SKILLS_GROUP = "skills group"
    MEDICATION_MANAGEMENT = "medication management"
    OCCUPATIONAL_THERAPY = "occupational therapy"
    ACTIVITY_THERAPY = "activity therapy"
    CASE_MANAGEMENT = "case management"
    DIAGNOSTIC_ASSESSMENT = "diagnostic assessment"

    @property
    def medicare_covered(self) -> bool:
        """Whether it is a covered Medicare IOP/PHP service (42 CFR 410.43(a)(4))."""
        return _COVERED[self]


_COVERED: Final[Mapping[ServiceType, bool]] = MappingProxyType(
    {
        ServiceType.GROUP_THERAPY: True,  # 410.43(a)(4)(i): individual and group therapy
        ServiceType.INDIVIDUAL_THERAPY: True,  # 410.43(a)(4)(i)
        ServiceType.FAMILY_THERAPY: True,  # 410.43(a)(4)(vi): family counseling
        ServiceType.PSYCHOEDUCATION: True,  # 410.43(a)(4)(vii): patient training, education
        ServiceType.SKILLS_GROUP: True,  # 410.43(a)(4)(i): a group therapy
        ServiceType.MEDICATION_MANAGEMENT: False,  # 410.43(b): billed separately
        ServiceType.OCCUPATIONAL_THERAPY: True,  # 410.43(a)(4)(ii)
        ServiceType.ACTIVITY_THERAPY: True,  # 410.43(a)(4)(v): not primarily recreational
        ServiceType.CASE_MANAGEMENT: False,  # not on the 410.43(a)(4) list
        ServiceType.DIAGNOSTIC_ASSESSMENT: True,  # 410.43(a)(4)(viii): diagnostic services
    }
)


class Attendance(enum.Enum):
    """Whether the participant attended a session (see the module's table)."""

    ATTENDED = "attended"
    ATTENDED_IN_PART = "attended in part"
    ABSENT = "absent"
    EXCUSED = "excused"
    CANCELLED = "cancelled"

    @property
    def attended(self) -> bool:
        """Attended in full or in part."""
        return self in _ATTENDED

    @property
    def offered(self) -> bool:
        """The program held the session (every kind but ``CANCELLED``)."""
        return self is not Attendance.CANCELLED


_ATTENDED: Final = frozenset({Attendance.ATTENDED, Attendance.ATTENDED_IN_PART})


def to_service(value: object) -> ServiceType:
    """A :class:`ServiceType`, or the member of its value (the field is ``service``)."""
    if type(value) is ServiceType:
        return value
    return to_member(ServiceType, value, field="service")


def _attendance(value: object) -> Attendance:
    if type(value) is Attendance:
        return value
    return to_member(Attendance, value, field="attendance")


def _start(value: object) -> pendulum.DateTime:
    return to_aware_datetime(value, field="start")


def _end(value: object) -> pendulum.DateTime:
    return to_aware_datetime(value, field="end")


def _minutes(value: object) -> int | None:
    if value is None or is_missing(value):
        return None
    return to_int(value, field="attended_minutes", minimum=1, maximum=MAX_SESSION_HOURS * 60)


_TIMESTAMP: Final = dt.datetime.timestamp
_MAX_SECONDS: Final = MAX_SESSION_HOURS * 3600


@attrs.frozen(kw_only=True)
class Session:
    """One scheduled service for one participant, and whether they attended.

    Args:
        participant_id: The participant's opaque id.
        service: A :class:`ServiceType` or its value (``"group therapy"``).
        start: When it starts: an aware datetime.
        end: When it ends: an aware datetime after ``start``, at most
            :data:`MAX_SESSION_HOURS` later in real time.
        attendance: An :class:`Attendance` or its value; ``ATTENDED`` by default.
        attended_minutes: For ``ATTENDED_IN_PART`` only (and then required): the
            minutes attended, at least 1 and at most the session's length.

    Raises:
        NaiveDateTimeError: ``start`` or ``end`` has no time zone.
        InvalidValueError: ``end`` not after ``start``, a session too long, or
            ``attended_minutes`` missing, out of place or longer than the session.
        UnknownCodeError: an unknown service or attendance.
    """

    participant_id: str = attrs.field(converter=to_participant_id)
    service: ServiceType = attrs.field(converter=to_service)
    start: pendulum.DateTime = attrs.field(converter=_start)
    end: pendulum.DateTime = attrs.field(converter=_end)
    attendance: Attendance = attrs.field(default=Attendance.ATTENDED, converter=_attendance)
    attended_minutes: int | None = attrs.field(default=None, converter=_minutes)

    def __attrs_post_init__(self) -> None:
        # Real elapsed time: pendulum types subclass datetime, whose POSIX timestamps
        # are exact across clock changes.
        seconds = _TIMESTAMP(self.end) - _TIMESTAMP(self.start)
        if not 0 < seconds <= _MAX_SECONDS:
            self._refuse_length(seconds)
        if self.attended_minutes is not None or self.attendance is Attendance.ATTENDED_IN_PART:
            self._check_minutes(seconds)

    def _refuse_length(self, seconds: float) -> None:
        if seconds <= 0:
            raise InvalidValueError(
                "end",
                self.end,
                allowed=f"a time after start={self.start.isoformat()}",
                reason="is not after start",
            )
        raise InvalidValueError(
            "end",
            self.end,
            allowed=f"at most {MAX_SESSION_HOURS} hours after start={self.start.isoformat()}",
            reason="makes the session too long",
        )

    def _check_minutes(self, seconds: float) -> None:
        partial = self.attendance is Attendance.ATTENDED_IN_PART
        minutes = self.attended_minutes
        if partial and minutes is None:
            raise InvalidValueError(
                "attended_minutes",
                None,
                allowed="the minutes attended, for a session attended in part",
                reason="is missing",
            )
        if not partial:
            raise InvalidValueError(
                "attended_minutes",
                minutes,
                allowed="None unless attendance is 'attended in part'",
            )
        if minutes is not None and minutes * 60 > seconds:
            raise InvalidValueError(
                "attended_minutes",
                minutes,
                allowed=f"at most the session's {seconds / 60:g} minutes",
                reason="is longer than the session",
            )

    @property
    def scheduled_hours(self) -> float:
        """The session's length in hours (real elapsed time)."""
        return (_TIMESTAMP(self.end) - _TIMESTAMP(self.start)) / 3600

    @property
    def hours(self) -> float:
        """Hours attended: the length, the minutes attended in part, or 0."""
        if self.attendance is Attendance.ATTENDED:
            return self.scheduled_hours
        if self.attended_minutes is not None:
            return self.attended_minutes / 60
        return 0.0
