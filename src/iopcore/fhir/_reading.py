"""Reading FHIR JSON: the checks every import shares, each naming the FHIR path.

The JSON types (:func:`mapping`, :func:`list_of`, :func:`text_of`, :func:`whole`),
the refusal of elements iopcore does not read or that change a resource's meaning
(:func:`refuse_unknown`), of elements that only FHIR R5 has (:func:`refuse_r5`), the
participant of a ``Patient`` reference (:func:`patient_id`), and FHIR dates and
dateTimes read as pendulum values (:func:`date_or_moment`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar, cast

import pendulum

from iopcore._validation import to_participant_id
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)

__all__ = [
    "R5_REASON",
    "code_map",
    "coded",
    "date_or_moment",
    "list_of",
    "mapping",
    "patient_id",
    "refuse_r5",
    "refuse_unknown",
    "relabeled",
    "resource_of",
    "text_of",
    "whole",
]

#: Why an element that only FHIR R5 has is refused.
R5_REASON: Final = "is FHIR R5; iopcore reads FHIR R4 (4.0.1)"
_PATIENT: Final = re.compile(r"(?:.*/)?Patient/([A-Za-z0-9\-.]{1,64})")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
T = TypeVar("T")
_RELABELED: Final = (InvalidValueError, InvalidTypeError, UnknownCodeError, NaiveDateTimeError)


def text_of(value: object) -> str | None:
    """A JSON string as it is, anything else as ``None``: compared safely with ``==``."""
    return value if isinstance(value, str) else None


def mapping(value: object, path: str, what: str) -> Mapping[str, Any]:
    """A JSON object, or a typed error naming ``path``."""
    if not isinstance(value, Mapping):
        raise InvalidTypeError(path, value, allowed=f"{what} (a JSON object)")
    return value


def list_of(value: object, path: str, what: str) -> list[Any]:
    """A JSON array, or a typed error naming ``path``."""
    if not isinstance(value, list):
        raise InvalidTypeError(path, value, allowed=f"a list of {what} (a JSON array)")
    return value


def whole(value: object, path: str) -> int:
    """A FHIR integer or decimal that is a whole number (US Core writes totals as decimals)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not value.is_integer())
    ):
        raise InvalidValueError(path, value, allowed="a whole number")
    return int(value)


def refuse_unknown(
    element: Mapping[str, Any],
    known: frozenset[str],
    path: str,
    *,
    resource: str = "QuestionnaireResponse",
    choice: str | None = "value",
) -> None:
    """Refuse modifiers, and elements that an R4 ``resource`` does not have here.

    Elements whose name starts with ``choice`` (a choice type such as ``value[x]``)
    are left for the caller to check.
    """
    for key in element:
        if not isinstance(key, str):
            raise InvalidTypeError(path, key, allowed="element names (strings)")
        if key in {"modifierExtension", "implicitRules"}:
            raise InvalidValueError(
                f"{path}.{key}",
                "present",
                allowed="none (iopcore understands no modifier, so it cannot read this resource)",
                reason="changes the meaning of the resource",
            )
        if key not in known and not (choice is not None and key.startswith(choice)):
            raise UnknownCodeError(
                f"{path}.{key}",
                key,
                allowed=", ".join(sorted(known)),
                reason=f"is not an element iopcore reads in an R4 {resource}",
            )


def refuse_r5(element: Mapping[str, Any], r5_only: frozenset[str], path: str) -> None:
    """Refuse the elements that only the R5 form of the resource has, naming each."""
    for key in element:
        if key in r5_only:
            raise InvalidValueError(
                f"{path}.{key}", key, allowed=f"the R4 elements of {path}", reason=R5_REASON
            )


def resource_of(
    value: object, kind: str, *, known: frozenset[str], r5_only: frozenset[str]
) -> Mapping[str, Any]:
    """A resource of ``kind`` with none of the R5-only elements and only ``known`` ones."""
    resource = mapping(value, "resource", f"a FHIR {kind}")
    if text_of(resource.get("resourceType")) != kind:
        raise InvalidValueError(
            "resource.resourceType", resource.get("resourceType"), allowed=repr(kind)
        )
    refuse_r5(resource, r5_only, kind)
    refuse_unknown(resource, known, kind, resource=kind, choice=None)
    return resource


def patient_id(value: object, path: str) -> str:
    """The participant id of a reference to a ``Patient``: ``Patient/<id>`` or a logical one.

    A logical reference is iopcore's own ``{"type": "Patient", "identifier": {"value":
    ...}}`` (for ids that are no FHIR ids).
    """
    subject = mapping(value, path, "a reference to the Patient")
    reference = subject.get("reference")
    if isinstance(reference, str):
        found = _PATIENT.fullmatch(reference)
        if found is None:
            raise InvalidValueError(
                f"{path}.reference", reference, allowed="'Patient/<id>' (a FHIR id)"
            )
        return found.group(1)
    identifier = subject.get("identifier")
    if text_of(subject.get("type")) == "Patient" and isinstance(identifier, Mapping):
        return to_participant_id(identifier.get("value"))  # iopcore's logical reference
    raise InvalidValueError(
        path,
        "a reference without a Patient",
        allowed="{'reference': 'Patient/<id>'} or {'type': 'Patient', 'identifier': {...}}",
    )


def date_or_moment(
    value: object, path: str, *, dates: bool = True
) -> pendulum.Date | pendulum.DateTime:
    """A FHIR ``date`` (``YYYY-MM-DD``) or ``dateTime`` with its UTC offset, as pendulum.

    A dateTime keeps the offset it was written with. With ``dates=False`` only a
    dateTime is accepted. Dates of care are personal data: errors never show them.
    """
    allowed = (
        "a FHIR date (YYYY-MM-DD) or dateTime with its UTC offset"
        if dates
        else "a FHIR dateTime with its UTC offset (YYYY-MM-DDThh:mm:ss+zz:zz)"
    )
    if not isinstance(value, str):
        raise InvalidTypeError(path, value, allowed=allowed, sensitive=True)
    if _DATE.fullmatch(value) and dates:
        try:
            return pendulum.Date.fromisoformat(value)
        except ValueError:
            raise InvalidValueError(path, value, allowed=allowed, sensitive=True) from None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(path, value, allowed=allowed, sensitive=True) from None
    if "T" not in value:
        raise InvalidValueError(path, value, allowed=allowed, sensitive=True)
    if moment.tzinfo is None:
        raise NaiveDateTimeError(path, value, allowed=allowed, sensitive=True)
    return pendulum.instance(moment)


def relabeled(error: IopcoreError, rename: Callable[[str], str]) -> IopcoreError:
    """The same error (or group of errors) with each field renamed, such as to its FHIR path."""
    if isinstance(error, IopcoreErrorGroup):
        return IopcoreErrorGroup(
            error.message,
            [relabeled(cast("IopcoreError", member), rename) for member in error.exceptions],
        )
    if type(error) not in {
        InvalidValueError,
        InvalidTypeError,
        UnknownCodeError,
        NaiveDateTimeError,
    }:
        return error  # pragma: no cover - the errors of value constructors are these four
    return type(error)(
        rename(error.field),
        error.value,
        allowed=error.allowed,
        reason=error.reason,
        sensitive=error.sensitive,
    )


def _constant(value: str, _: str) -> str:
    return value


def code_map(
    given: object, field: str, convert: Callable[[object], T], what: str
) -> dict[tuple[str, str], T]:
    """A caller's ``{(system, code): value}`` mapping, each value converted (``None``: empty)."""
    if given is None:
        return {}
    allowed = f"a mapping of (system, code) pairs of strings to {what}"
    if not isinstance(given, Mapping):
        raise InvalidTypeError(field, given, allowed=allowed)
    found: dict[tuple[str, str], T] = {}
    for key, value in given.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            raise InvalidTypeError(f"{field} key", key, allowed=allowed)
        try:
            found[key] = convert(value)
        except IopcoreError as error:
            where = f"{field}[{key!r}]"
            raise relabeled(error, functools.partial(_constant, where)) from error
    return found


def coded(
    concept: object,
    path: str,
    own: tuple[str, Mapping[str, T]],
    extra: Mapping[tuple[str, str], T],
) -> T:
    """The one value a ``CodeableConcept`` codes: in iopcore's system, or mapped by ``extra``.

    Codings of other systems are passed over; none that iopcore knows, or two that
    disagree, is an error naming ``path``.
    """
    system, codes = own
    element = mapping(concept, path, "a CodeableConcept")
    found: dict[T, None] = {}
    seen: list[str] = []
    for index, raw in enumerate(list_of(element.get("coding", []), f"{path}.coding", "codings")):
        coding = mapping(raw, f"{path}.coding[{index}]", "a Coding")
        pair = (text_of(coding.get("system")), text_of(coding.get("code")))
        seen.append(f"{pair[0]}|{pair[1]}")
        if pair[0] == system and pair[1] is not None and pair[1] in codes:
            found[codes[pair[1]]] = None
        elif pair in extra:
            found[extra[pair]] = None  # type: ignore[index]
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise InvalidValueError(
            f"{path}.coding",
            ", ".join(seen),
            allowed="codings of one value",
            reason="code different values",
        )
    raise UnknownCodeError(
        f"{path}.coding",
        ", ".join(seen) or "no coding",
        allowed=f"a code of {system} ({', '.join(codes)}), or a (system, code) the caller maps",
    )
