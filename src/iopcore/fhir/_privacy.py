"""Privacy: how a resource names its participant and writes its dates.

A participant is named by the opaque id only (a ``Patient`` reference, or a logical
reference when the id is no FHIR id); dates and datetimes are written in full, or as
a :class:`~iopcore.fhir.Deidentify` policy keeps them (a pseudonym for the id, the
year or a shifted date).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from iopcore._deidentify import Deidentify
from iopcore.exceptions import InvalidTypeError

__all__ = ["day_text", "moment_text", "subject_reference", "to_policy"]

# A FHIR id: https://hl7.org/fhir/R4/datatypes.html#id
_FHIR_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")


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


def to_policy(value: object) -> Deidentify | None:
    """The ``deidentify=`` argument: a :class:`~iopcore.fhir.Deidentify` or ``None``."""
    if value is not None and not isinstance(value, Deidentify):
        raise InvalidTypeError(
            "deidentify", value, allowed="an iopcore.fhir.Deidentify, or None", sensitive=True
        )
    return value


def subject_reference(participant_id: str, policy: Deidentify | None) -> dict[str, Any]:
    """The reference to a participant: by id, or by pseudonym under a policy."""
    return _subject(participant_id if policy is None else policy.participant(participant_id))


def day_text(day: dt.date, who: str, policy: Deidentify | None, *, field: str) -> str:
    """A FHIR date: in full, or as the de-identified export keeps it."""
    if policy is None:
        return day.isoformat()
    kept = policy.day(day, who, field=field)
    return f"{kept:04d}" if isinstance(kept, int) else kept.isoformat()


def moment_text(moment: dt.datetime, who: str, policy: Deidentify | None, *, field: str) -> str:
    """A FHIR dateTime: in full, or as the de-identified export keeps it."""
    if policy is None:
        return _date_time(moment)
    kept = policy.moment(moment, who, field=field)
    return f"{kept:04d}" if isinstance(kept, int) else _date_time(kept)
