"""De-identifying resources already written: keyed pseudonyms and year-only or shifted dates.

:func:`deidentified` takes what :func:`~iopcore.fhir.episode_of_care`,
:func:`~iopcore.fhir.observation`, :func:`~iopcore.fhir.encounter`,
:func:`~iopcore.fhir.to_questionnaire_response`, :func:`~iopcore.fhir.code_systems`
and :func:`~iopcore.fhir.bundle` write, and gives a de-identified copy. It knows
every element of those resources (:data:`_SHAPES`); anything else is an error
naming its FHIR path, never passed through.

Each participant id is replaced by ``HMAC-SHA256(key, "pseudonym" + id)`` and their
dates move by a whole number of days taken from ``HMAC-SHA256(key, "shift" + id)``
(the two labels keep the values apart). The date arithmetic and the formats are the
export's own (:class:`~iopcore.fhir.Deidentify`, :mod:`iopcore.fhir._privacy`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from typing import Any, Final

from iopcore._deidentify import MAX_SHIFT_DAYS, DateDetail, Deidentify
from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.fhir._bundle import bundle
from iopcore.fhir._privacy import day_text, moment_text, subject_reference

__all__ = ["MIN_KEY_BYTES", "PSEUDONYM_LENGTH", "deidentified"]

#: The shortest key taken, in bytes (128 bits, as NIST SP 800-107 asks of HMAC keys).
MIN_KEY_BYTES: Final = 16
#: Hexadecimal digits of the HMAC kept as the pseudonym (128 bits; a FHIR id).
PSEUDONYM_LENGTH: Final = 32

_KEEP: Final = "keep"  # codes and values iopcore writes, copied as they are
_WHO: Final = "participant"
_DAY: Final = "date"  # a date, or a dateTime with its offset
_PERIOD: Final = "period"

#: Every element of each resource iopcore writes, and how it is de-identified.
_SHAPES: Final[Mapping[str, Mapping[str, str]]] = {
    "EpisodeOfCare": {
        "resourceType": _KEEP,
        "status": _KEEP,
        "type": _KEEP,
        "patient": _WHO,
        "period": _PERIOD,
    },
    "Observation": {
        "resourceType": _KEEP,
        "status": _KEEP,
        "category": _KEEP,
        "code": _KEEP,
        "subject": _WHO,
        "effectiveDateTime": _DAY,
        "valueInteger": _KEEP,
        "dataAbsentReason": _KEEP,
        "interpretation": _KEEP,
    },
    "Encounter": {
        "resourceType": _KEEP,
        "status": _KEEP,
        "class": _KEEP,
        "serviceType": _KEEP,
        "subject": _WHO,
        "period": _PERIOD,
        "length": _KEEP,
    },
    "QuestionnaireResponse": {
        "resourceType": _KEEP,
        "questionnaire": _KEEP,
        "status": _KEEP,
        "subject": _WHO,
        "authored": _DAY,
        "item": "items",
    },
    "CodeSystem": dict.fromkeys(
        [
            "resourceType",
            "url",
            "name",
            "title",
            "status",
            "description",
            "caseSensitive",
            "content",
            "concept",
        ],
        _KEEP,
    ),
}
_ANSWERS: Final = frozenset({"valueCoding", "valueInteger", "valueBoolean"})
_KINDS: Final = ", ".join([*sorted(_SHAPES), "Bundle"])

# FHIR R4 date and dateTime (https://hl7.org/fhir/R4/datatypes.html#dateTime), as
# iopcore writes them: a whole day, or a time with its seconds and UTC offset.
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
#: A kept value that looks like a date is refused: it would pass through unchanged.
_DATE_LIKE: Final = re.compile(r"(?<![0-9A-Za-z])\d{4}-\d{2}(?![0-9A-Za-z])")


def _key(value: object) -> bytes:
    allowed = f"a secret key of at least {MIN_KEY_BYTES} bytes (bytes, not text)"
    # The key itself is never kept in an error: None in its place.
    if not isinstance(value, bytes | bytearray):
        kind = "is text" if isinstance(value, str) else "is not bytes"
        raise InvalidTypeError("key", None, allowed=allowed, reason=kind)
    if len(value) < MIN_KEY_BYTES:
        raise InvalidValueError("key", None, allowed=allowed, reason="is too short")
    return bytes(value)


def _dates(value: object) -> DateDetail:
    if isinstance(value, str) and value == "shift":
        return DateDetail.SHIFTED
    try:
        return DateDetail(value)
    except ValueError:
        raise UnknownCodeError(
            "dates", value, allowed="'year' or 'shift' (or a DateDetail)"
        ) from None


def _mac(key: bytes, label: str, participant_id: str) -> bytes:
    return hmac.new(key, f"{label}\x00{participant_id}".encode(), hashlib.sha256).digest()


def _shift(key: bytes, participant_id: str) -> int:
    """A whole number of days from 1 to MAX_SHIFT_DAYS either way (never 0)."""
    number = int.from_bytes(_mac(key, "shift", participant_id)[:8], "big")
    days = 1 + (number >> 1) % MAX_SHIFT_DAYS
    return days if number & 1 else -days


def _policy(key: bytes, dates: DateDetail, participant_id: str) -> Deidentify:
    """The export's policy for one participant, with the keyed pseudonym and shift."""
    pseudonym = _mac(key, "pseudonym", participant_id).hex()[:PSEUDONYM_LENGTH]
    shifts = {participant_id: _shift(key, participant_id)} if dates is DateDetail.SHIFTED else {}
    return Deidentify(pseudonyms={participant_id: pseudonym}, dates=dates, shift_days=shifts)


def _participant(value: object, path: str) -> str:
    """The participant id of a reference as iopcore writes it (see _privacy)."""
    allowed = "{'reference': 'Patient/<id>'} or {'type': 'Patient', 'identifier': {'value': <id>}}"
    if isinstance(value, dict):
        reference = value.get("reference")
        if value.keys() == {"reference"} and isinstance(reference, str):
            kind, _, who = reference.partition("/")
            if kind == "Patient" and who:
                return who
        identifier = value.get("identifier")
        if (
            value.keys() == {"type", "identifier"}
            and value["type"] == "Patient"
            and isinstance(identifier, dict)
            and identifier.keys() == {"value"}
            and isinstance(identifier["value"], str)
            and identifier["value"]
        ):
            return identifier["value"]
    raise InvalidValueError(path, value, allowed=allowed, sensitive=True)


def _date(value: object, policy: Deidentify, who: str, path: str) -> str:
    text = value if isinstance(value, str) else ""
    whole_day = _DATE.fullmatch(text) is not None
    if not (whole_day or _DATE_TIME.fullmatch(text)):
        raise InvalidValueError(
            path,
            value,
            allowed="a FHIR date (YYYY-MM-DD) or dateTime with seconds and UTC offset",
            sensitive=True,
        )
    try:
        when = dt.date.fromisoformat(text) if whole_day else dt.datetime.fromisoformat(text)
    except ValueError:  # 2026-02-30
        raise InvalidValueError(
            path, None, allowed="a date on the calendar", reason="is no real date"
        ) from None
    if isinstance(when, dt.datetime):
        return moment_text(when, who, policy, field=path)
    return day_text(when, who, policy, field=path)


def _checked_kept(value: object, path: str) -> None:
    """A kept element must hold no date: iopcore would copy it unchanged."""
    if isinstance(value, dict):
        for name, inner in value.items():
            _checked_kept(inner, f"{path}.{name}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _checked_kept(inner, f"{path}[{index}]")
    elif isinstance(value, str) and _DATE_LIKE.search(value):
        raise InvalidValueError(
            path,
            value,
            allowed="codes and values iopcore writes, without dates",
            reason="looks like a date in an element that is copied as it is",
            sensitive=True,
        )


def _checked_items(items: object, path: str) -> None:
    """QuestionnaireResponse.item as iopcore writes it: linkId and coded or number answers."""
    if not isinstance(items, list):
        raise InvalidTypeError(path, items, allowed="a list of items", sensitive=True)
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if not isinstance(item, dict) or item.keys() != {"linkId", "answer"}:
            raise InvalidValueError(
                where, None, allowed="an item of 'linkId' and 'answer' only", reason="is not"
            )
        answers = item["answer"]
        if not isinstance(answers, list):
            raise InvalidTypeError(f"{where}.answer", answers, allowed="a list of answers")
        for number, answer in enumerate(answers):
            at = f"{where}.answer[{number}]"
            if not isinstance(answer, dict):
                raise InvalidTypeError(at, answer, allowed="an answer", sensitive=True)
            unknown = sorted(answer.keys() - _ANSWERS)
            if unknown or len(answer) != 1:
                raise UnknownCodeError(
                    f"{at}.{unknown[0]}" if unknown else at,
                    None,
                    allowed=f"one of {', '.join(sorted(_ANSWERS))}",
                    reason="is not an answer iopcore de-identifies",
                )
    _checked_kept(items, path)


def _identified(
    data: dict[str, Any], present: Mapping[str, str], key: bytes, dates: DateDetail, path: str
) -> None:
    """The participant and their dates, de-identified in place."""
    named = [name for name, how in present.items() if how == _WHO]
    dated = [name for name, how in present.items() if how in {_DAY, _PERIOD}]
    if not named:
        if dated:
            raise InvalidValueError(
                f"{path}.{dated[0]}",
                None,
                allowed="dates of a named participant",
                reason="has no participant to shift it by",
            )
        return
    who = _participant(data[named[0]], f"{path}.{named[0]}")
    policy = _policy(key, dates, who)
    data[named[0]] = subject_reference(who, policy)
    for name in dated:
        where = f"{path}.{name}"
        if present[name] == _DAY:
            data[name] = _date(data[name], policy, who, where)
        else:
            data[name] = _period(data[name], policy, who, where)


def _resource(data: dict[str, Any], key: bytes, dates: DateDetail, path: str) -> dict[str, Any]:
    """The de-identified copy of one resource (``data`` is a copy, changed in place)."""
    kind = data.get("resourceType")
    shape = _SHAPES.get(kind) if isinstance(kind, str) else None
    if shape is None:
        raise UnknownCodeError(f"{path}.resourceType", kind, allowed=_KINDS)
    for name in data:
        if name not in shape:
            raise UnknownCodeError(
                f"{path}.{name}",
                None,
                allowed=f"the elements iopcore writes in a {kind}: {', '.join(shape)}",
                reason="is an element iopcore does not know how to de-identify",
            )
    present = {name: how for name, how in shape.items() if name in data}
    _identified(data, present, key, dates, path)
    for name, how in present.items():
        if how == _KEEP:
            _checked_kept(data[name], f"{path}.{name}")
        elif how == "items":
            _checked_items(data[name], f"{path}.{name}")
    return data


def _period(value: object, policy: Deidentify, who: str, path: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value or not value.keys() <= {"start", "end"}:
        raise InvalidValueError(
            path, None, allowed="a Period of 'start' and 'end' only", reason="is not"
        )
    return {name: _date(text, policy, who, f"{path}.{name}") for name, text in value.items()}


def _bundle(data: dict[str, Any], key: bytes, dates: DateDetail) -> dict[str, Any]:
    if data.keys() != {"resourceType", "type", "entry"} or data["type"] != "collection":
        raise InvalidValueError(
            "Bundle",
            None,
            allowed="a collection Bundle as iopcore.fhir.bundle writes it "
            "(resourceType, type, entry only)",
            reason="is not",
        )
    entries = data["entry"]
    if not isinstance(entries, list):
        raise InvalidTypeError("Bundle.entry", entries, allowed="a list of entries")
    collector = ErrorCollector("deidentified")
    resources: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        where = f"Bundle.entry[{index}]"
        with collector.catch():
            if not isinstance(entry, dict) or entry.keys() != {"fullUrl", "resource"}:
                raise InvalidValueError(
                    where,
                    None,
                    allowed="an entry of 'fullUrl' and 'resource' only",
                    reason="is not",
                )
            inner = entry["resource"]
            if not isinstance(inner, dict):
                raise InvalidTypeError(f"{where}.resource", inner, allowed="a resource")
            resources.append(_resource(inner, key, dates, f"{where}.resource"))
    collector.raise_if_any()
    # The full URLs were derived from the identified content: derived anew.
    return bundle(resources)


def deidentified(
    resource_or_bundle: Mapping[str, Any], *, key: bytes, dates: str | DateDetail = "year"
) -> dict[str, Any]:
    """A de-identified copy of a resource, or of a Bundle, as iopcore writes them.

    The participant reference (``subject``, or ``patient`` of an EpisodeOfCare) is
    replaced by ``Patient/<pseudonym>``: the first :data:`PSEUDONYM_LENGTH` hex
    digits of ``HMAC-SHA256(key, "pseudonym" + NUL + id)``. Every date is reduced to
    its year (``dates="year"``) or moved by the participant's shift
    (``dates="shift"``): 1 to 3650 days earlier or later, from
    ``HMAC-SHA256(key, "shift" + NUL + id)``; the same key gives the same person the
    same pseudonym and shift, wall-clock times and UTC offsets are kept (``Z`` is
    written ``+00:00``), and so are intervals. The dates, by path:

    * ``EpisodeOfCare.period.start``, ``EpisodeOfCare.period.end``
    * ``Observation.effectiveDateTime``
    * ``Encounter.period.start``, ``Encounter.period.end``
    * ``QuestionnaireResponse.authored``

    A ``CodeSystem`` names no one and is copied. A Bundle's entries are
    de-identified in order and their ``fullUrl`` derived anew, as
    :func:`~iopcore.fhir.bundle` does. The input is not changed. No clock, no
    randomness: the key is the only secret, and it must stay with the covered
    entity.

    Args:
        resource_or_bundle: A resource or Bundle as iopcore writes it (JSON values).
        key: The secret key, at least :data:`MIN_KEY_BYTES` bytes (never shown).
        dates: ``"year"`` (:attr:`DateDetail.YEAR`) or ``"shift"``
            (:attr:`DateDetail.SHIFTED`; ``"shifted"`` is taken too).

    Raises:
        InvalidTypeError: not a dict of JSON values, or a key that is not bytes.
        InvalidValueError: a short key, a reference or date not as iopcore writes
            it, or a date-like text in an element that is copied.
        UnknownCodeError: an unknown ``resourceType`` or ``dates``, or an element
            iopcore does not write (``Encounter.note``), named by its path.
        IopcoreErrorGroup: several entries of a Bundle in error.

    >>> import pendulum
    >>> from iopcore.fhir import episode_of_care
    >>> from iopcore.episodes import Episode
    >>> stay = Episode(
    ...     participant_id="mrn-000123", admitted=pendulum.date(2026, 1, 5), initial_level="IOP"
    ... )
    >>> plain = episode_of_care(stay, as_of=pendulum.date(2026, 2, 1))
    >>> secret = bytes(range(16))
    >>> deidentified(plain, key=secret)["period"]
    {'start': '2026'}
    >>> deidentified(plain, key=secret, dates="shift")["period"]
    {'start': '2023-10-26'}
    >>> deidentified(plain, key=secret)["patient"]
    {'reference': 'Patient/654d2f0dd606c21acef959eafef573df'}
    """
    secret = _key(key)
    detail = _dates(dates)
    if not isinstance(resource_or_bundle, Mapping):
        raise InvalidTypeError(
            "resource_or_bundle", resource_or_bundle, allowed="a FHIR resource as a dict"
        )
    try:
        data = json.loads(json.dumps(resource_or_bundle, allow_nan=False))
    except (TypeError, ValueError):
        raise InvalidTypeError(
            "resource_or_bundle", None, allowed="a resource of JSON values only", reason="is not"
        ) from None
    if data.get("resourceType") == "Bundle":
        return _bundle(data, secret, detail)
    kind = data.get("resourceType")
    return _resource(data, secret, detail, kind if isinstance(kind, str) else "$")
