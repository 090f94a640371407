"""Encounters: a FHIR R4 ``Encounter`` of an outpatient service read as a session.

:func:`from_encounter` reads the period, the class (``AMB`` only), the service type
(in iopcore's :data:`~iopcore.fhir.SERVICE_TYPE_SYSTEM` or a caller's mapping), the
length and the status into a :class:`~iopcore.sessions.Session`; anything it does
not understand is an error naming the FHIR path.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, cast

from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidValueError, UnknownCodeError
from iopcore.fhir._codes import SERVICE_TYPE_SYSTEM
from iopcore.fhir._reading import (
    code_map,
    coded,
    date_or_moment,
    mapping,
    patient_id,
    refuse_unknown,
    resource_of,
    text_of,
)
from iopcore.fhir._resources import V3_ACT_CODE
from iopcore.sessions import MAX_SESSION_HOURS, Attendance, ServiceType, Session
from iopcore.sessions._session import to_service

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pendulum

__all__ = ["from_encounter"]

_ROOT: Final = "Encounter"
# The R4 Encounter elements (https://hl7.org/fhir/R4/encounter.html) accepted and not
# needed for a Session; the rest are read below or refused.
_IGNORED: Final = frozenset(
    {"id", "meta", "language", "text", "contained", "extension", "identifier"}
    | {"statusHistory", "classHistory", "type", "priority", "episodeOfCare", "basedOn"}
    | {"participant", "appointment", "reasonCode", "reasonReference", "diagnosis"}
    | {"account", "hospitalization", "location", "serviceProvider", "partOf"}
)
_READ: Final = frozenset({"resourceType", "status", "class", "serviceType", "subject"})
_KNOWN: Final = _IGNORED | _READ | {"period", "length"}
# Elements that only the R5 Encounter has (https://hl7.org/fhir/R5/encounter.html).
_R5_ONLY: Final = frozenset(
    {"actualPeriod", "plannedStartDate", "plannedEndDate", "virtualService", "subjectStatus"}
    | {"careTeam", "admission", "reason", "dietPreference", "specialArrangement"}
    | {"specialCourtesy"}
)
# Encounter.status, R4 (https://hl7.org/fhir/R4/valueset-encounter-status.html).
_NOT_READ: Final = ("planned", "arrived", "triaged", "in-progress", "onleave", "unknown")
_R5_STATUSES: Final = ("on-hold", "discharged", "completed", "discontinued")
_READ_STATUSES: Final = "finished (attended), cancelled (not held)"
_SERVICES: Final = MappingProxyType({service.value: service for service in ServiceType})
# Within this of the period, a length is the whole period (the export rounds to 3 places).
_SAME_MINUTES: Final = 0.001


def _resource(value: object) -> Mapping[str, Any]:
    resource = resource_of(value, _ROOT, known=_KNOWN, r5_only=_R5_ONLY)
    for key in ("class", "serviceType"):
        if isinstance(resource.get(key), list):
            raise InvalidValueError(
                f"{_ROOT}.{key}",
                "a list",
                allowed="one Coding" if key == "class" else "one CodeableConcept (R4, 0..1)",
                reason="is the R5 form (0..*); iopcore reads FHIR R4 (4.0.1)",
            )
    return resource


def _attendance(resource: Mapping[str, Any]) -> Attendance:
    path = f"{_ROOT}.status"
    given = resource.get("status")
    status = text_of(given)
    if status == "finished":
        return Attendance.ATTENDED
    if status == "cancelled":
        return Attendance.CANCELLED
    if status == "entered-in-error":
        raise InvalidValueError(
            path, given, allowed=_READ_STATUSES, reason="was entered in error: it records nothing"
        )
    if status in _R5_STATUSES:
        raise UnknownCodeError(
            path, given, allowed=_READ_STATUSES, reason="is an R5 status; iopcore reads FHIR R4"
        )
    reason = (
        "is an encounter not over (or not known), which has no attendance yet"
        if status in _NOT_READ
        else None
    )
    raise UnknownCodeError(path, given, allowed=_READ_STATUSES, reason=reason)


def _class(resource: Mapping[str, Any]) -> None:
    path = f"{_ROOT}.class"
    coding = mapping(resource.get("class"), path, "the Coding AMB (ambulatory)")
    pair = (text_of(coding.get("system")), text_of(coding.get("code")))
    if pair != (V3_ACT_CODE, "AMB"):
        raise UnknownCodeError(
            path,
            f"{pair[0]}|{pair[1]}",
            allowed=f"{V3_ACT_CODE}|AMB (ambulatory): an IOP or PHP service",
        )


def _period(resource: Mapping[str, Any]) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    path = f"{_ROOT}.period"
    period = mapping(resource.get("period"), path, "the Period with start and end")
    refuse_unknown(period, frozenset({"id", "extension", "start", "end"}), path, choice=None)
    # dates=False: a dateTime only, so a DateTime.
    start = cast(
        "pendulum.DateTime", date_or_moment(period.get("start"), f"{path}.start", dates=False)
    )
    end = cast("pendulum.DateTime", date_or_moment(period.get("end"), f"{path}.end", dates=False))
    # Checked here, not by Session, so that the error does not show the times of care.
    seconds = end.timestamp() - start.timestamp()
    if not 0 < seconds <= MAX_SESSION_HOURS * 3600:
        raise InvalidValueError(
            f"{path}.end",
            end,
            allowed=f"a time after period.start, at most {MAX_SESSION_HOURS} hours later",
            reason="does not end a session" if seconds > 0 else "is not after period.start",
            sensitive=True,
        )
    return start, end


def _length(resource: Mapping[str, Any]) -> float | None:
    path = f"{_ROOT}.length"
    if "length" not in resource:
        return None
    length = mapping(resource["length"], path, "a Duration in minutes")
    refuse_unknown(
        length,
        frozenset({"id", "extension", "value", "unit", "system", "code", "comparator"}),
        path,
        choice=None,
    )
    if "comparator" in length:
        raise InvalidValueError(
            f"{path}.comparator", length["comparator"], allowed="none (an exact length)"
        )
    code = text_of(length.get("code"))
    if code != "min":
        raise UnknownCodeError(f"{path}.code", length.get("code"), allowed="'min' (UCUM minutes)")
    value = length.get("value")
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_SESSION_HOURS * 60
    ):
        raise InvalidValueError(
            f"{path}.value",
            value,
            allowed=f"the minutes attended (a number from 0 to {MAX_SESSION_HOURS * 60})",
        )
    return float(value)


def _attended(
    attendance: Attendance, length: float | None, start: pendulum.DateTime, end: pendulum.DateTime
) -> tuple[Attendance, int | None]:
    """The attendance and the minutes attended in part, from ``status`` and ``length``."""
    path = f"{_ROOT}.length.value"
    if length is None:
        return attendance, None
    if attendance is Attendance.CANCELLED:
        if length == 0:
            return attendance, None
        raise InvalidValueError(
            path, length, allowed="0 or none", reason="is time attended in a cancelled encounter"
        )
    scheduled = (end.timestamp() - start.timestamp()) / 60
    if abs(length - scheduled) <= _SAME_MINUTES:
        return Attendance.ATTENDED, None
    if length > scheduled:
        raise InvalidValueError(
            path,
            length,
            allowed=f"at most the period's {scheduled:g} minutes",
            reason="is longer than the period",
        )
    if not length.is_integer() or length < 1:
        raise InvalidValueError(
            path,
            length,
            allowed=f"whole minutes attended in part (1 to {scheduled:g}), or the whole period",
        )
    return Attendance.ATTENDED_IN_PART, int(length)


def from_encounter(
    resource: Mapping[str, Any],
    *,
    services: Mapping[tuple[str, str], ServiceType | str] | None = None,
) -> Session:
    """Read a FHIR R4 ``Encounter`` of class ``AMB`` as a session.

    What is read:

    * ``subject``: ``Patient/<id>`` (or iopcore's logical reference) is the
      participant.
    * ``period.start`` and ``period.end``: dateTimes with their UTC offsets, kept as
      written (as pendulum datetimes).
    * ``class``: ``AMB`` (HL7 v3 ActCode), the only class of an IOP or PHP service.
    * ``serviceType``: a coding in :data:`~iopcore.fhir.SERVICE_TYPE_SYSTEM` (the
      :class:`~iopcore.sessions.ServiceType` values, as :func:`encounter` writes
      them), or a ``(system, code)`` pair the caller maps in ``services``. Other
      codings are passed over; none known is an error.
    * ``status``: ``finished`` is attended; ``cancelled`` is
      ``cancelled`` (:class:`~iopcore.sessions.Attendance`; not held: FHIR's code does not
      say who cancelled, and iopcore leaves a cancelled session out of attendance
      measures; map a participant's cancellation to ``excused`` yourself).
      ``entered-in-error`` records nothing and is an error (:func:`~iopcore.fhir.read_bundle`
      can skip it, reported); ``planned``, ``in-progress`` and the other codes of an
      encounter not over are errors too.
    * ``length`` (UCUM ``min``): the whole period means attended in full; fewer whole
      minutes mean attended in part, for that many minutes. (So a session attended
      "in part" for all its minutes reads back as attended: the hours are the same.)

    Elements a session has no place for (``participant``, ``location``,
    ``reasonCode``, ``hospitalization``, ``identifier``, ...) are accepted and not
    kept; a modifier (``modifierExtension``, ``implicitRules``) or an element of the
    R5 Encounter (``actualPeriod``, ``virtualService``, a list of classes) is refused.

    Args:
        resource: The Encounter as a JSON dict.
        services: More service codes: ``{(system, code): ServiceType}`` (or the
            service's value, ``"group therapy"``).

    Raises:
        UnknownCodeError: a status, class, service type or element iopcore does not
            read.
        InvalidValueError: an R5-only element, a status ``entered-in-error``, a
            length longer than the period, a bad value.
        InvalidTypeError: a value of the wrong JSON type.
        NaiveDateTimeError: a period without a UTC offset.
        IopcoreErrorGroup: several of these; each names its FHIR path
            (``Encounter.period.end``).

    >>> act_code = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    >>> session = from_encounter(
    ...     {
    ...         "resourceType": "Encounter",
    ...         "status": "finished",
    ...         "class": {"system": act_code, "code": "AMB"},
    ...         "serviceType": {"coding": [{"system": "urn:example:ehr", "code": "GRP"}]},
    ...         "subject": {"reference": "Patient/p-001"},
    ...         "period": {
    ...             "start": "2026-03-02T09:00:00-05:00",
    ...             "end": "2026-03-02T12:00:00-05:00",
    ...         },
    ...         "length": {"value": 150, "unit": "min", "code": "min"},
    ...     },
    ...     services={("urn:example:ehr", "GRP"): "group therapy"},
    ... )
    >>> session.service.value, session.attendance.value, session.attended_minutes
    ('group therapy', 'attended in part', 150)
    >>> session.start.isoformat()
    '2026-03-02T09:00:00-05:00'
    """
    encounter = _resource(resource)
    mapped = code_map(services, "services", to_service, "ServiceType values")
    collector = ErrorCollector(_ROOT)
    fields: dict[str, Any] = {}
    with collector.catch():
        fields["attendance"] = _attendance(encounter)
    with collector.catch():
        _class(encounter)
    with collector.catch():
        fields["service"] = coded(
            encounter.get("serviceType"),
            f"{_ROOT}.serviceType",
            (SERVICE_TYPE_SYSTEM, _SERVICES),
            mapped,
        )
    with collector.catch():
        fields["participant_id"] = patient_id(encounter.get("subject"), f"{_ROOT}.subject")
    with collector.catch():
        fields["start"], fields["end"] = _period(encounter)
    with collector.catch():
        fields["length"] = _length(encounter)
    collector.raise_if_any()
    attendance, minutes = _attended(
        fields["attendance"], fields.pop("length"), fields["start"], fields["end"]
    )
    # Every field was checked above, at its FHIR path: the Session takes them as they are.
    return Session(**{**fields, "attendance": attendance, "attended_minutes": minutes})
