"""Field converters and argument checks that curricula, programs and their checks share.

Each raises the iopcore error for the field it names, as the converters of one
attrs class would; the package :mod:`iopcore.programs` exports none of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from iopcore._validation import ErrorCollector, to_identifier, to_members
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.sessions import ServiceType, Session

__all__ = ["to_name", "to_sequence", "to_service_set", "to_session_list"]


def to_name(value: object) -> str:
    return to_identifier(value, field="name")


def to_service_set(values: object, field: str) -> frozenset[ServiceType]:
    found = to_members(
        ServiceType,
        values,
        field=field,
        allowed_iterable="an iterable of ServiceType members or their values",
    )
    if not found:
        raise InvalidValueError(
            field, values, allowed="at least one ServiceType", reason="is empty"
        )
    return found


def to_sequence(values: object, *, field: str, kind: type, noun: str) -> tuple[object, ...]:
    allowed = f"a non-empty sequence of {noun}"
    if isinstance(values, str | bytes | kind) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed)
    found = tuple(values)
    collector = ErrorCollector(field)
    for index, value in enumerate(found):
        with collector.catch():
            if not isinstance(value, kind):
                raise InvalidTypeError(f"$.{field}[{index}]", value, allowed=f"a {kind.__name__}")
    collector.raise_if_any()
    if not found:
        raise InvalidValueError(field, values, allowed=allowed, reason="is empty")
    return found


def to_session_list(sessions: object) -> list[Session]:
    """The sessions as a list, of any participants; every item that is not a Session reported."""
    allowed = "an iterable of Session values"
    if isinstance(sessions, str | bytes | Session) or not isinstance(sessions, Iterable):
        raise InvalidTypeError("sessions", sessions, allowed=allowed)
    found = list(sessions)
    collector = ErrorCollector("sessions")
    for index, session in enumerate(found):
        with collector.catch():
            if not isinstance(session, Session):
                raise InvalidTypeError(f"$.sessions[{index}]", session, allowed="a Session")
    collector.raise_if_any()
    return found
