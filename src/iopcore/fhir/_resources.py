"""Resources: an episode, a score and a session, each as its FHIR R4 resource.

:func:`episode_of_care` gives an ``EpisodeOfCare``, :func:`observation` a LOINC-coded
``Observation`` of an instrument's total and :func:`encounter` the ``Encounter`` of
an attended session; each names its participant and dates as
:mod:`iopcore.fhir._privacy` writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_aware_datetime,
    to_date,
    to_identifier,
)
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.fhir._codes import LOINC_SYSTEM, LOINC_TOTAL_CODES, level_concept, service_concept
from iopcore.fhir._privacy import day_text, moment_text, subject_reference, to_policy
from iopcore.instruments import Score
from iopcore.sessions import Session

if TYPE_CHECKING:
    import pendulum

    from iopcore._deidentify import Deidentify

__all__ = ["encounter", "episode_of_care", "observation"]

V3_ACT_CODE: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_DATA_ABSENT_REASON: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
_UCUM: Final = "http://unitsofmeasure.org"
_EXPORTED: Final = ", ".join(sorted(LOINC_TOTAL_CODES))


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
    policy = to_policy(deidentify)
    known = _episode(episode).known_on(on)
    who = known.participant_id
    period = {"start": day_text(known.admitted, who, policy, field="admitted")}
    discharge = known.discharge
    if discharge is not None:
        last_day = discharge.effective.subtract(days=1)
        status, level = "finished", known.level_on(last_day)
        period["end"] = day_text(last_day, who, policy, field="effective")
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
        "type": [level_concept(level)],
        "patient": subject_reference(who, policy),
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
        return moment_text(when, who, policy, field="effective")
    return day_text(when, who, policy, field="effective")


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
        policy = to_policy(deidentify)
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
        "subject": subject_reference(who, policy),
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
    policy = to_policy(deidentify)
    who = attended.participant_id
    # Rounded before the test: hours * 60 is not exact (31 minutes gives 31.000000000000004).
    minutes = round(attended.hours * 60, 3)
    length: int | float = int(minutes) if minutes.is_integer() else minutes
    return {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": V3_ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "serviceType": service_concept(attended.service),
        "subject": subject_reference(who, policy),
        "period": {
            "start": moment_text(attended.start, who, policy, field="start"),
            "end": moment_text(attended.end, who, policy, field="end"),
        },
        "length": {"value": length, "unit": "min", "system": _UCUM, "code": "min"},
    }
