"""Export to FHIR R4 resources, as plain dicts ready for ``json.dumps``.

iopcore has no FHIR library at run time: each function here builds the JSON form of
one FHIR R4 (4.0.1) resource from an iopcore value.

* :func:`episode_of_care`: an :class:`~iopcore.episodes.Episode` as an
  ``EpisodeOfCare``, read as it was known on an explicit ``as_of`` (events recorded
  later are left out, as :meth:`~iopcore.episodes.Episode.known_on` does). Its
  ``status`` is ``planned`` before admission, ``finished`` once the discharge is on
  record and ``active`` in between; ``period.start`` is the admission date and
  ``period.end`` the last day in care (FHIR periods include their end, while
  iopcore's discharge date is the first day out of care). ``type`` is the level of
  care in force on ``as_of`` (the last one, for a finished episode; the initial one,
  for a planned episode).
* :func:`observation`: an instrument's total (:class:`~iopcore.instruments.Score`)
  as a LOINC-coded ``Observation`` with ``valueInteger``; an incomplete score has no
  value but a ``dataAbsentReason`` (``unknown``), never a zero. Only instruments
  whose total-score code was checked against a public LOINC source are exported
  (:data:`LOINC_TOTAL_CODES`); the C-SSRS screener (no total; LOINC has its panel
  but no risk-level code) and the BAM (no total) raise
  :class:`~iopcore.exceptions.UnknownCodeError` instead of an Observation that
  could not be coded.
* :func:`encounter`: an attended :class:`~iopcore.sessions.Session` as a
  ``finished`` ``Encounter`` of class ``AMB`` (ambulatory, HL7 v3 ActCode), with its
  start and end (UTC offsets kept), the service as ``serviceType`` and the minutes
  attended as ``length``. A session not attended is not an encounter and raises.
* :func:`bundle`: any of these in a ``collection`` Bundle, each entry with a
  ``urn:uuid:`` full URL derived from its content (the same resources give the same
  Bundle).
* :func:`code_systems`: ``CodeSystem`` resources that define iopcore's own codes.

Codes. FHIR has no standard value set for the broad levels of care, so the level
is coded in iopcore's own code system :data:`LEVEL_OF_CARE_SYSTEM` with the
:class:`~iopcore.levels.LevelOfCare` codes (``OP``, ``IOP``, ``PHP``, ``RES``,
``IP``); the service, likewise, in :data:`SERVICE_TYPE_SYSTEM` with the
:class:`~iopcore.sessions.ServiceType` values. iopcore has no web address that could
host a CodeSystem, so both systems are named by a ``urn:uuid:`` minted for them (a
URI form FHIR allows for code systems without a URL); :func:`code_systems` gives their
definitions for a partner's terminology server. Map them to your partners' codes
(for example ASAM levels, see :func:`~iopcore.levels.to_asam`) if they need others.
``EpisodeOfCare.statusHistory`` is not used: it records changes of *status*
(bound to the EpisodeOfCare status codes), not of level.

Privacy. A resource names its participant only by the opaque id:
``{"reference": "Patient/<id>"}`` when the id is a valid FHIR id (1 to 64 letters,
digits, ``-`` and ``.``), else a logical reference ``{"type": "Patient",
"identifier": {"value": "<id>"}}``. No name, birth date or free-text note is
exported. The default export is for use inside the covered entity: the id and the
dates of care (admission, discharge, questionnaires, sessions) are identifiers under
the HIPAA Safe Harbor method (45 CFR 164.514(b)(2)(i)(R) and (C)). For an export that
leaves it, pass ``deidentify=`` (:class:`Deidentify`): pseudonyms instead of ids
(45 CFR 164.514(c)), and dates as their year (Safe Harbor) or shifted per
participant (which needs an expert determination, 45 CFR 164.514(b)(1)).

Date and time. Dates are ``YYYY-MM-DD``; datetimes keep their UTC offset
(``2026-03-02T09:00:00-05:00``), except that an offset with seconds (a historical
local mean time), which FHIR cannot write, is given in UTC.

Validation. The tests check every resource with the R4B models of
``fhir.resources`` (a test-only dependency). R4B (4.3.0) changed only the
medication-definition, evidence and subscription resources of R4; ``EpisodeOfCare``,
``Encounter``, ``Observation``, ``Bundle`` and ``CodeSystem`` and the data types used
here are the same in R4 and R4B, so the R4B models validate R4 content for them.

References:
    * FHIR R4 (4.0.1): https://hl7.org/fhir/R4/episodeofcare.html,
      https://hl7.org/fhir/R4/encounter.html, https://hl7.org/fhir/R4/observation.html,
      https://hl7.org/fhir/R4/bundle.html; EpisodeOfCare status codes:
      https://hl7.org/fhir/R4/valueset-episode-of-care-status.html.
    * What R4B changed: https://hl7.org/FHIR/r4b-explanation.html.
    * Encounter class ``AMB``: HL7 v3 ActCode,
      http://terminology.hl7.org/CodeSystem/v3-ActCode (ActEncounterCode).
    * ``dataAbsentReason`` ``unknown``:
      http://terminology.hl7.org/CodeSystem/data-absent-reason.
    * LOINC codes: each on its line in :data:`LOINC_TOTAL_CODES`
      (HL7 US Core 7.0.0 and PHR IG examples, as named there).

>>> import pendulum
>>> from iopcore.instruments import phq9
>>> resource = observation(
...     phq9.score([1, 1, 2, 1, 0, 1, 1, 0, 1]),
...     participant_id="p-001",
...     effective=pendulum.date(2026, 3, 2),
... )
>>> resource["code"]["coding"][0]["code"], resource["valueInteger"]
('44261-6', 8)
>>> resource["subject"]
{'reference': 'Patient/p-001'}
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from iopcore._deidentify import DateDetail, Deidentify
from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_aware_datetime,
    to_date,
    to_identifier,
)
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import Score, audit, audit_c, dast10, gad7, pcl5, phq9
from iopcore.levels import LevelOfCare
from iopcore.sessions import ServiceType, Session

if TYPE_CHECKING:
    import pendulum

__all__ = [
    "LEVEL_OF_CARE_SYSTEM",
    "LOINC_SYSTEM",
    "LOINC_TOTAL_CODES",
    "SERVICE_TYPE_SYSTEM",
    "DateDetail",
    "Deidentify",
    "bundle",
    "code_systems",
    "encounter",
    "episode_of_care",
    "observation",
]

#: iopcore's code system for :class:`~iopcore.levels.LevelOfCare` codes (no standard
#: FHIR value set covers the broad levels; a ``urn:uuid:`` minted for iopcore, since
#: iopcore has no web address to host a CodeSystem URL).
LEVEL_OF_CARE_SYSTEM: Final = "urn:uuid:e86010ec-d2b2-48d8-8947-482edb8fccee"
#: iopcore's code system for :class:`~iopcore.sessions.ServiceType` values.
SERVICE_TYPE_SYSTEM: Final = "urn:uuid:bda20752-8c4d-4367-b238-2cf85ee8784c"
#: The LOINC system URI (https://hl7.org/fhir/R4/loinc.html).
LOINC_SYSTEM: Final = "http://loinc.org"

#: LOINC codes of the instrument totals that iopcore exports, by instrument name:
#: ``(code, LOINC long common name)``. Each code was checked on the public page named
#: on its line; an instrument not listed here has no such check and is not exported.
LOINC_TOTAL_CODES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        # https://cdn.loinc.org/44261-6 (Regenstrief; member of panel 44249-1, PHQ-9)
        phq9.NAME: (
            phq9.LOINC_TOTAL,
            "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
        ),
        # https://loinc.org/69729-2 (Regenstrief PHQ-SADS panel lists 70274-6 by this
        # name); https://www.healthassure.in/codes/loinc-70274-6-generalized-anxiety-disorder-7-item-gad-7-total-score-reportedphq
        gad7.NAME: (
            gad7.LOINC_TOTAL,
            "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
        ),
        # https://loinc.org/75626-2 (Regenstrief; member of panel 72109-2, AUDIT-C)
        audit_c.NAME: (audit_c.LOINC_TOTAL, "Total score [AUDIT-C]"),
        # http://r.details.loinc.org/LOINC/75624-7.html (Regenstrief; panel 72110-0, AUDIT)
        audit.NAME: (audit.LOINC_TOTAL, "Total score [AUDIT]"),
        # https://loinc.org/82667-7 (Regenstrief; panel 82666-9, DAST-10)
        dast10.NAME: (dast10.LOINC_TOTAL, "Total score [DAST-10]"),
        # https://www.healthassure.in/codes/loinc-101698-9-ptsd-pcl-5-score-pcl-5 (a LOINC
        # mirror: the one score term of panel 101697-1, PCL-5; not seen on loinc.org)
        pcl5.NAME: (pcl5.LOINC_TOTAL, "PTSD PCL-5 score [PCL-5]"),
    }
)

_V3_ACT_CODE: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_DATA_ABSENT_REASON: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
_UCUM: Final = "http://unitsofmeasure.org"
# A FHIR id: https://hl7.org/fhir/R4/datatypes.html#id
_FHIR_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")
# The namespace of the Bundle entries' name-based UUIDs (minted for iopcore).
_ENTRY_NAMESPACE: Final = uuid.UUID("81f4e9c0-846e-4bd1-87ce-ec2a7d4f259c")
_EXPORTED: Final = ", ".join(sorted(LOINC_TOTAL_CODES))


def _subject(participant_id: str) -> dict[str, Any]:
    """The reference to a participant: their opaque id and nothing else."""
    if _FHIR_ID.fullmatch(participant_id):
        return {"reference": f"Patient/{participant_id}"}
    return {"type": "Patient", "identifier": {"value": participant_id}}


def _date_time(moment: dt.datetime) -> str:
    """A FHIR dateTime with the UTC offset (in UTC when the offset has seconds)."""
    offset = moment.utcoffset()
    if offset is not None and offset % dt.timedelta(minutes=1):
        moment = moment.astimezone(dt.UTC)
    return dt.datetime.isoformat(moment)


def _policy(value: object) -> Deidentify | None:
    if value is not None and not isinstance(value, Deidentify):
        raise InvalidTypeError(
            "deidentify", value, allowed="an iopcore.fhir.Deidentify, or None", sensitive=True
        )
    return value


def _who(participant_id: str, policy: Deidentify | None) -> dict[str, Any]:
    return _subject(participant_id if policy is None else policy.participant(participant_id))


def _day_text(day: dt.date, who: str, policy: Deidentify | None, *, field: str) -> str:
    """A FHIR date: in full, or as the de-identified export keeps it."""
    if policy is None:
        return day.isoformat()
    kept = policy.day(day, who, field=field)
    return f"{kept:04d}" if isinstance(kept, int) else kept.isoformat()


def _moment_text(moment: dt.datetime, who: str, policy: Deidentify | None, *, field: str) -> str:
    """A FHIR dateTime: in full, or as the de-identified export keeps it."""
    if policy is None:
        return _date_time(moment)
    kept = policy.moment(moment, who, field=field)
    return f"{kept:04d}" if isinstance(kept, int) else _date_time(kept)


def _level_concept(level: LevelOfCare) -> dict[str, Any]:
    return {
        "coding": [{"system": LEVEL_OF_CARE_SYSTEM, "code": level.code, "display": level.label}],
        "text": level.label,
    }


def _episode(value: object) -> Episode:
    if not isinstance(value, Episode):
        raise InvalidTypeError("episode", value, allowed="an iopcore.episodes.Episode")
    return value


def episode_of_care(
    episode: Episode,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    deidentify: Deidentify | None = None,
) -> dict[str, Any]:
    """The FHIR R4 ``EpisodeOfCare`` of ``episode``, as it was known on ``as_of``.

    Args:
        episode: The episode.
        as_of: The date (or aware datetime) the export speaks for; events recorded
            after it are left out.
        deidentify: For an export that leaves the covered entity: the pseudonym
            and the year (or shifted date) instead of the id and the dates (see
            :class:`Deidentify`).

    Returns:
        A dict with ``resourceType``, ``status`` (``planned``, ``active`` or
        ``finished``), ``type`` (the level of care), ``patient`` and ``period``.

    Raises:
        InvalidTypeError: ``episode`` is not an Episode, or ``as_of`` not a date.
        NaiveDateTimeError: ``as_of`` is a datetime without a time zone.

    >>> import pendulum
    >>> from iopcore.episodes import Discharge, Episode
    >>> stay = Episode(
    ...     participant_id="p-001", admitted=pendulum.date(2026, 1, 5), initial_level="IOP"
    ... ).with_event(
    ...     Discharge(
    ...         effective=pendulum.date(2026, 2, 16),
    ...         recorded=pendulum.date(2026, 2, 16),
    ...         reason="goals met",
    ...     )
    ... )
    >>> resource = episode_of_care(stay, as_of=pendulum.date(2026, 3, 1))
    >>> resource["status"], resource["period"]
    ('finished', {'start': '2026-01-05', 'end': '2026-02-15'})
    >>> resource["type"][0]["coding"][0]["code"]
    'IOP'
    >>> episode_of_care(stay, as_of=pendulum.date(2026, 2, 1))["status"]
    'active'
    """
    on = to_as_of(as_of)
    policy = _policy(deidentify)
    known = _episode(episode).known_on(on)
    who = known.participant_id
    period = {"start": _day_text(known.admitted, who, policy, field="admitted")}
    discharge = known.discharge
    if discharge is not None:
        last_day = discharge.effective.subtract(days=1)
        status, level = "finished", known.level_on(last_day)
        period["end"] = _day_text(last_day, who, policy, field="effective")
    elif on < known.admitted:
        status, level = "planned", known.initial_level
    else:
        status, level = "active", known.level_on(on)
    if level is None:  # pragma: no cover - each branch above names a day in care
        msg = "no level of care on a day in care"
        raise AssertionError(msg)
    return {
        "resourceType": "EpisodeOfCare",
        "status": status,
        "type": [_level_concept(level)],
        "patient": _who(who, policy),
        "period": period,
    }


def _score(value: object) -> Score:
    if not isinstance(value, Score):
        raise InvalidTypeError("score", value, allowed="an iopcore.instruments.Score")
    return value


def _effective(value: object) -> dt.date:
    """A date, or an aware datetime (a ``datetime`` is a ``date`` too)."""
    allowed = "a date or an aware datetime"
    if isinstance(value, dt.datetime):
        return to_aware_datetime(value, field="effective")
    if isinstance(value, dt.date):
        return to_date(value, field="effective")
    raise InvalidTypeError("effective", value, allowed=allowed)


def _effective_text(when: dt.date, who: str, policy: Deidentify | None) -> str:
    if isinstance(when, dt.datetime):
        return _moment_text(when, who, policy, field="effective")
    return _day_text(when, who, policy, field="effective")


def observation(
    score: Score,
    *,
    participant_id: str,
    effective: pendulum.Date | pendulum.DateTime,
    deidentify: Deidentify | None = None,
) -> dict[str, Any]:
    """The FHIR R4 ``Observation`` of an instrument's total, coded in LOINC.

    Args:
        score: The score; its instrument must be in :data:`LOINC_TOTAL_CODES`.
        participant_id: The participant's opaque id.
        effective: When the questionnaire was answered: a date or an aware datetime.
        deidentify: For an export that leaves the covered entity (see
            :class:`Deidentify`).

    Returns:
        A dict with ``status`` ``final``, ``category`` ``survey``, the LOINC ``code``,
        ``subject``, ``effectiveDateTime`` and either ``valueInteger`` (the total) or,
        for an incomplete score, ``dataAbsentReason`` ``unknown``. The severity band,
        when there is one, is the ``interpretation`` text.

    Raises:
        InvalidTypeError: ``score`` is not a Score, ``effective`` not a date or
            datetime, or ``participant_id`` not a string.
        UnknownCodeError: the instrument has no checked LOINC code for its total
            (C-SSRS, BAM); ``allowed`` lists those that have.
        InvalidValueError: a blank or malformed ``participant_id``.
        NaiveDateTimeError: ``effective`` is a datetime without a time zone.

    >>> import pendulum
    >>> from iopcore.instruments import gad7
    >>> missing = observation(
    ...     gad7.score([2, 2, 1, 1, None, 0, 1]),
    ...     participant_id="p-001",
    ...     effective=pendulum.datetime(2026, 3, 2, 9, 30, tz="America/New_York"),
    ... )
    >>> "valueInteger" in missing, missing["dataAbsentReason"]["coding"][0]["code"]
    (False, 'unknown')
    >>> missing["effectiveDateTime"]
    '2026-03-02T09:30:00-05:00'
    """
    scored = _score(score)
    collector = ErrorCollector("observation")
    policy = None
    with collector.catch():
        policy = _policy(deidentify)
    with collector.catch():
        who = to_identifier(participant_id, field="participant_id")
    with collector.catch():
        moment = _effective(effective)
    if scored.instrument not in LOINC_TOTAL_CODES:
        collector.errors.append(
            UnknownCodeError(
                "instrument",
                scored.instrument,
                allowed=_EXPORTED,
                reason="has no checked LOINC code for a total score, so it is not exported",
            )
        )
    collector.raise_if_any()
    code, name = LOINC_TOTAL_CODES[scored.instrument]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": _OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": {
            "coding": [{"system": LOINC_SYSTEM, "code": code, "display": name}],
            "text": name,
        },
        "subject": _who(who, policy),
        "effectiveDateTime": _effective_text(moment, who, policy),
    }
    if scored.total is None:
        unanswered = ", ".join(str(item) for item in scored.missing)
        resource["dataAbsentReason"] = {
            "coding": [{"system": _DATA_ABSENT_REASON, "code": "unknown", "display": "Unknown"}],
            "text": f"not scored: item(s) {unanswered} not answered (iopcore never prorates)",
        }
    else:
        resource["valueInteger"] = scored.total
    if scored.band is not None:
        resource["interpretation"] = [{"text": scored.band}]
    return resource


def _session(value: object) -> Session:
    if not isinstance(value, Session):
        raise InvalidTypeError("session", value, allowed="an iopcore.sessions.Session")
    if not value.attendance.attended:
        raise InvalidValueError(
            "attendance",
            value.attendance.value,
            allowed="'attended' or 'attended in part' (a session not attended is no encounter)",
        )
    return value


def _service_concept(service: ServiceType) -> dict[str, Any]:
    return {
        "coding": [
            {"system": SERVICE_TYPE_SYSTEM, "code": service.value, "display": service.value}
        ],
        "text": service.value,
    }


def encounter(session: Session, *, deidentify: Deidentify | None = None) -> dict[str, Any]:
    """The FHIR R4 ``Encounter`` of an attended session.

    Args:
        session: A session attended in full or in part.
        deidentify: For an export that leaves the covered entity (see
            :class:`Deidentify`); the length in minutes is kept.

    Returns:
        A dict with ``status`` ``finished``, ``class`` ``AMB``, ``serviceType``,
        ``subject``, ``period`` (start and end with their UTC offsets) and ``length``
        (the minutes attended: the whole session, or ``attended_minutes``).

    Raises:
        InvalidTypeError: ``session`` is not a Session.
        InvalidValueError: the session was not attended (absent, excused or
            cancelled).

    >>> import pendulum
    >>> from iopcore.sessions import Session
    >>> resource = encounter(
    ...     Session(
    ...         participant_id="p-001",
    ...         service="group therapy",
    ...         start=pendulum.datetime(2026, 3, 2, 9, tz="America/New_York"),
    ...         end=pendulum.datetime(2026, 3, 2, 12, tz="America/New_York"),
    ...     )
    ... )
    >>> resource["period"]
    {'start': '2026-03-02T09:00:00-05:00', 'end': '2026-03-02T12:00:00-05:00'}
    >>> resource["class"]["code"], resource["length"]["value"]
    ('AMB', 180)
    """
    attended = _session(session)
    policy = _policy(deidentify)
    who = attended.participant_id
    # Rounded before the test: hours * 60 is not exact (31 minutes gives 31.000000000000004).
    minutes = round(attended.hours * 60, 3)
    length: int | float = int(minutes) if minutes.is_integer() else minutes
    return {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": _V3_ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "serviceType": _service_concept(attended.service),
        "subject": _who(who, policy),
        "period": {
            "start": _moment_text(attended.start, who, policy, field="start"),
            "end": _moment_text(attended.end, who, policy, field="end"),
        },
        "length": {"value": length, "unit": "min", "system": _UCUM, "code": "min"},
    }


def _entry(resource: object, index: int) -> dict[str, Any]:
    where = f"$.resources[{index}]"
    if not isinstance(resource, Mapping):
        raise InvalidTypeError(where, resource, allowed="a FHIR resource as a dict")
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not kind:
        raise InvalidValueError(
            f"{where}.resourceType", kind, allowed="the resource's type, such as 'Encounter'"
        )
    try:
        text = json.dumps(resource, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidValueError(
            where, kind, allowed="a resource of JSON values only", reason="is not JSON"
        ) from None
    # A name-based UUID: the same resource at the same place gives the same URL, and
    # the index keeps two equal resources apart (full URLs are unique in a Bundle).
    name = uuid.uuid5(_ENTRY_NAMESPACE, f"{index}:{text}")
    return {"fullUrl": f"urn:uuid:{name}", "resource": json.loads(text)}


def bundle(resources: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A FHIR R4 ``collection`` Bundle of ``resources``, in the order given.

    Each resource is copied (as JSON values) into an entry whose ``fullUrl`` is a
    ``urn:uuid:`` derived from its content and position, so the same resources give
    the same Bundle. The Bundle has no ``timestamp``: iopcore never reads the clock.

    Args:
        resources: Resources as dicts, such as those of :func:`episode_of_care`,
            :func:`observation` and :func:`encounter`.

    Raises:
        InvalidTypeError: ``resources`` is not an iterable of dicts.
        InvalidValueError: a resource without a ``resourceType``, or with a value
            that JSON cannot hold (each error names the resource's place).
        IopcoreErrorGroup: several of these at once.

    >>> from iopcore.instruments import dast10
    >>> one = observation(
    ...     dast10.score([False] * 10), participant_id="p-001", effective=dt.date(2026, 3, 2)
    ... )
    >>> result = bundle([one])
    >>> result["type"], len(result["entry"]), result["entry"][0]["fullUrl"][:9]
    ('collection', 1, 'urn:uuid:')
    >>> bundle([one]) == result
    True
    """
    allowed = "an iterable of FHIR resources as dicts"
    if isinstance(resources, str | bytes | Mapping) or not isinstance(resources, Iterable):
        raise InvalidTypeError("resources", resources, allowed=allowed)
    collector = ErrorCollector("bundle")
    entries: list[dict[str, Any]] = []
    for index, resource in enumerate(resources):
        with collector.catch():
            entries.append(_entry(resource, index))
    collector.raise_if_any()
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def code_systems() -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``CodeSystem`` resources of iopcore's level-of-care and service codes.

    Returns:
        ``(levels, services)``: complete code systems with the URIs
        :data:`LEVEL_OF_CARE_SYSTEM` and :data:`SERVICE_TYPE_SYSTEM`.

    >>> levels, services = code_systems()
    >>> [concept["code"] for concept in levels["concept"]]
    ['OP', 'IOP', 'PHP', 'RES', 'IP']
    >>> services["concept"][0]["code"]
    'group therapy'
    """
    levels = {
        "resourceType": "CodeSystem",
        "url": LEVEL_OF_CARE_SYSTEM,
        "name": "IopcoreLevelOfCare",
        "title": "iopcore levels of care",
        "status": "active",
        "description": (
            "The five broad levels of care of iopcore.levels.LevelOfCare, from least "
            "to most intensive."
        ),
        "caseSensitive": True,
        "content": "complete",
        "concept": [{"code": level.code, "display": level.label} for level in LevelOfCare],
    }
    services = {
        "resourceType": "CodeSystem",
        "url": SERVICE_TYPE_SYSTEM,
        "name": "IopcoreServiceType",
        "title": "iopcore service types",
        "status": "active",
        "description": "The kinds of service of iopcore.sessions.ServiceType.",
        "caseSensitive": True,
        "content": "complete",
        "concept": [{"code": service.value, "display": service.value} for service in ServiceType],
    }
    return levels, services
