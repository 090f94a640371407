"""Episodes of care: a FHIR R4 ``EpisodeOfCare`` read as an episode, as known on a date.

:func:`from_episode_of_care` reads the period, the status (and checks the status
history) and the level of care (in iopcore's
:data:`~iopcore.fhir.LEVEL_OF_CARE_SYSTEM` or a caller's mapping) into an
:class:`~iopcore.episodes.Episode`; anything it does not understand is an error
naming the FHIR path.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import pendulum

from iopcore._validation import ErrorCollector, to_as_of, to_member
from iopcore.episodes import Discharge, DischargeReason, Episode
from iopcore.exceptions import InvalidValueError, IopcoreError, UnknownCodeError
from iopcore.fhir._codes import LEVEL_OF_CARE_SYSTEM
from iopcore.fhir._reading import (
    code_map,
    coded,
    date_or_moment,
    list_of,
    mapping,
    patient_id,
    refuse_unknown,
    resource_of,
    text_of,
)
from iopcore.levels import LevelOfCare, to_level

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["from_episode_of_care"]

_ROOT: Final = "EpisodeOfCare"
# R4 elements (https://hl7.org/fhir/R4/episodeofcare.html) accepted and not kept.
_IGNORED: Final = frozenset(
    {"id", "meta", "language", "text", "contained", "extension", "identifier"}
    | {"diagnosis", "managingOrganization", "referralRequest", "careManager", "team"}
    | {"account"}
)
_READ: Final = frozenset({"resourceType", "status", "statusHistory", "type", "patient", "period"})
# Only the R5 EpisodeOfCare has these (https://hl7.org/fhir/R5/episodeofcare.html).
_R5_ONLY: Final = frozenset({"reason", "careTeam"})
# EpisodeOfCare.status (https://hl7.org/fhir/R4/valueset-episode-of-care-status.html).
_STATUSES: Final = (
    "planned",
    "waitlist",
    "active",
    "onhold",
    "finished",
    "cancelled",
    "entered-in-error",
)
_READ_STATUSES: Final = "planned, active, finished"
_NOT_READ: Final = MappingProxyType(
    {
        "waitlist": "is a wait for admission, which an iopcore episode does not hold",
        "onhold": "is a pause in care, which an iopcore episode does not hold",
        "cancelled": "was cancelled: no episode of care took place",
        "entered-in-error": "was entered in error: it records nothing",
    }
)
_LEVELS: Final = MappingProxyType({level.code: level for level in LevelOfCare})
_PERIOD: Final = frozenset({"id", "extension", "start", "end"})


def _status(value: object, path: str) -> str:
    status = text_of(value)
    if status not in _STATUSES:
        raise UnknownCodeError(path, value, allowed=", ".join(_STATUSES))
    return status


def _read_status(resource: Mapping[str, Any]) -> str:
    path = f"{_ROOT}.status"
    status = _status(resource.get("status"), path)
    if status in _NOT_READ:
        raise InvalidValueError(path, status, allowed=_READ_STATUSES, reason=_NOT_READ[status])
    return status


def _day(value: object, path: str) -> pendulum.Date:
    """A date, or the date of a dateTime as written (in its own UTC offset)."""
    when = date_or_moment(value, path)
    return when.date() if isinstance(when, pendulum.DateTime) else when


def _period(value: object, path: str) -> tuple[pendulum.Date | None, pendulum.Date | None]:
    period = mapping(value, path, "a Period")
    refuse_unknown(period, _PERIOD, path, resource=_ROOT, choice=None)
    start = None if "start" not in period else _day(period["start"], f"{path}.start")
    end = None if "end" not in period else _day(period["end"], f"{path}.end")
    return start, end


def _history(resource: Mapping[str, Any]) -> None:
    """Check ``statusHistory``: known codes and periods (it is not kept)."""
    path = f"{_ROOT}.statusHistory"
    entries = list_of(resource.get("statusHistory", []), path, "status periods")
    for index, raw in enumerate(entries):
        where = f"{path}[{index}]"
        entry = mapping(raw, where, "a status and its period")
        refuse_unknown(
            entry, frozenset({"id", "extension", "status", "period"}), where, choice=None
        )
        _status(entry.get("status"), f"{where}.status")
        _period(entry.get("period"), f"{where}.period")


def _level(
    resource: Mapping[str, Any], extra: Mapping[tuple[str, str], LevelOfCare]
) -> LevelOfCare:
    path = f"{_ROOT}.type"
    types = list_of(resource.get("type"), path, "CodeableConcepts (the level of care)")
    found: dict[LevelOfCare, str] = {}
    errors: list[IopcoreError] = []
    for index, concept in enumerate(types):
        try:
            found.setdefault(
                coded(concept, f"{path}[{index}]", (LEVEL_OF_CARE_SYSTEM, _LEVELS), extra),
                f"{path}[{index}]",
            )
        except UnknownCodeError as error:
            errors.append(error)  # a type that is no level: refused only if no type is one
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise InvalidValueError(
            path,
            ", ".join(level.code for level in found),
            allowed="one level of care",
            reason="codes several levels (an EpisodeOfCare holds the current one)",
        )
    if errors:
        raise errors[0]
    raise InvalidValueError(path, "none", allowed="the level of care, coded", reason="is missing")


def _discharged(end: pendulum.Date | None, on: pendulum.Date, reason: object) -> Discharge:
    path = f"{_ROOT}.period.end"
    if end is None:
        raise InvalidValueError(
            path, None, allowed="the last day in care", reason="is needed for a finished episode"
        )
    if end >= on:  # the first day out of care, end + 1, is after as_of (or after 9999-12-31)
        raise InvalidValueError(
            path,
            end,
            allowed=f"a day before as_of={on.isoformat()}",
            reason="is not over on as_of, though the episode is finished",
            sensitive=True,
        )
    if reason is None:
        raise InvalidValueError(
            "discharge_reason",
            None,
            allowed="a DischargeReason",
            reason="is needed for a finished episode (an R4 EpisodeOfCare has no discharge reason)",
        )
    return Discharge(
        effective=end.add(days=1),  # the first day out of care
        recorded=on,
        reason=to_member(DischargeReason, reason, field="discharge_reason"),
    )


def _checked(
    status: str, start: pendulum.Date, end: pendulum.Date | None, on: pendulum.Date
) -> None:
    if status != "finished" and end is not None:
        raise InvalidValueError(
            f"{_ROOT}.period.end",
            end,
            allowed="none: a planned or active episode has no last day yet",
            sensitive=True,
        )
    if (status == "planned") != (start > on):
        raise InvalidValueError(
            f"{_ROOT}.status",
            status,
            allowed="planned if the period starts after as_of, else active or finished",
            reason=f"does not fit a period that starts {'after' if start > on else 'by'} as_of",
        )
    if end is not None and end < start:
        raise InvalidValueError(
            f"{_ROOT}.period.end", end, allowed="a day on or after period.start", sensitive=True
        )


def from_episode_of_care(
    resource: Mapping[str, Any],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    levels: Mapping[tuple[str, str], LevelOfCare | str] | None = None,
    discharge_reason: DischargeReason | str | None = None,
) -> Episode:
    """Read a FHIR R4 ``EpisodeOfCare`` as an episode, as it is known on ``as_of``.

    What is read:

    * ``patient``: ``Patient/<id>`` (or iopcore's logical reference) is the participant.
    * ``period.start`` is the admission date. ``period.end``, which FHIR counts as
      the last day in care, is there only when the episode is ``finished``: the
      discharge takes effect the day after it (iopcore's discharge date is the first
      day out of care), exactly inverting :func:`~iopcore.fhir.episode_of_care`.
    * ``status``: ``planned`` (the period starts after ``as_of``), ``active`` or
      ``finished``; ``waitlist``, ``onhold``, ``cancelled`` and ``entered-in-error``
      are errors (an episode cannot hold them). ``statusHistory`` is checked (codes,
      periods) but not kept: an Episode has no status of its own, it follows from
      the dates.
    * ``type``: the level of care, coded in :data:`~iopcore.fhir.LEVEL_OF_CARE_SYSTEM`
      or by a ``(system, code)`` pair the caller maps in ``levels`` (such as ASAM
      levels, through :func:`~iopcore.levels.from_asam`). Types that code no level
      are passed over when one does; two levels are an error.

    What an EpisodeOfCare cannot give back, and how the Episode stands for it (the
    import adds nothing else):

    * The level changes. The resource holds one level, the current one (the last,
      for a finished episode); the Episode holds it from admission on, with no
      :class:`~iopcore.episodes.LevelChange`. Its level on earlier days, its initial
      level and :meth:`~iopcore.episodes.Episode.days_at_each_level` are therefore
      only as good as that; the level on ``as_of`` (on the last day in care, once
      finished) is the resource's.
    * The discharge's reason (R4 has no element for it): the caller's
      ``discharge_reason``, required for a finished episode. The date the discharge
      was recorded: ``as_of``, the day the resource tells of it (so
      :meth:`~iopcore.episodes.Episode.known_on` an earlier date leaves it out).
    * ``program_id``, events' notes and roles: none.

    Args:
        resource: The EpisodeOfCare as a JSON dict.
        as_of: The date the resource speaks for (the day it was received or
            exported): an aware datetime is taken as its date.
        levels: More level codes: ``{(system, code): LevelOfCare}`` (or its code).
        discharge_reason: The reason of the discharge of a finished episode.

    Raises:
        UnknownCodeError: a status, level or element iopcore does not read.
        InvalidValueError: an R5-only element, a status an episode cannot hold, a
            period that does not fit the status and ``as_of``, a finished episode
            without ``discharge_reason``.
        InvalidTypeError: a value of the wrong JSON type.
        IopcoreErrorGroup: several of these; each names its FHIR path
            (``EpisodeOfCare.period.end``).

    >>> import pendulum
    >>> from iopcore.fhir import LEVEL_OF_CARE_SYSTEM
    >>> stay = from_episode_of_care(
    ...     {
    ...         "resourceType": "EpisodeOfCare",
    ...         "status": "finished",
    ...         "type": [{"coding": [{"system": LEVEL_OF_CARE_SYSTEM, "code": "IOP"}]}],
    ...         "patient": {"reference": "Patient/p-001"},
    ...         "period": {"start": "2026-01-05", "end": "2026-02-15"},
    ...     },
    ...     as_of=pendulum.date(2026, 3, 1),
    ...     discharge_reason="goals met",
    ... )
    >>> stay.admitted.isoformat(), stay.discharge.effective.isoformat(), stay.initial_level.code
    ('2026-01-05', '2026-02-16', 'IOP')
    >>> stay.length_of_stay(pendulum.date(2026, 3, 1))
    42
    """
    on = to_as_of(as_of)
    episode = resource_of(resource, _ROOT, known=_IGNORED | _READ, r5_only=_R5_ONLY)
    mapped = code_map(
        levels, "levels", lambda value: to_level(value, field="levels", codes="exact"), "levels"
    )
    collector = ErrorCollector(_ROOT)
    fields: dict[str, Any] = {}
    status = start = end = None
    with collector.catch():
        status = _read_status(episode)
    with collector.catch():
        _history(episode)
    with collector.catch():
        fields["initial_level"] = _level(episode, mapped)
    with collector.catch():
        fields["participant_id"] = patient_id(episode.get("patient"), f"{_ROOT}.patient")
    with collector.catch():
        start, end = _period(episode.get("period"), f"{_ROOT}.period")
        if start is None:
            raise InvalidValueError(
                f"{_ROOT}.period.start", None, allowed="the admission date", reason="is missing"
            )
    collector.raise_if_any()
    if status is None or start is None:  # pragma: no cover - each is set, or raised above
        msg = "status and start are read"
        raise AssertionError(msg)
    _checked(status, start, end, on)
    events = [_discharged(end, on, discharge_reason)] if status == "finished" else []
    return Episode(admitted=start, events=events, **fields)
