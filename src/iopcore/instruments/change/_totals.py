"""The totals the change rules compare, and the instrument whose rule applies.

Every rule takes a total as a number or as a complete
:class:`~iopcore.instruments.Score`; a Score also names its instrument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopcore._validation import to_number
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments._score import Score

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["instrument_of", "total_of"]


def total_of(value: object, field: str) -> tuple[float, str | None]:
    """A total from a number or a complete Score, and the Score's instrument."""
    if isinstance(value, Score):
        if value.total is None:
            reason = "has no total (incomplete, or an instrument without one)"
            raise InvalidValueError(
                field, value, allowed="a Score with a total, or a number", reason=reason
            )
        return float(value.total), value.instrument
    return to_number(value, field=field, minimum=0), None


def instrument_of(given: object, found: tuple[str | None, ...], table: Mapping[str, object]) -> str:
    """The instrument named by ``instrument=`` or by the Scores, checked against ``table``."""
    allowed = ", ".join(table)
    known = {name for name in found if name is not None}
    if given is not None:
        if not isinstance(given, str):
            raise InvalidTypeError("instrument", given, allowed=f"one of {allowed}")
        known.add(given)
    if len(known) > 1:
        reason = "differ between the arguments"
        raise InvalidValueError(
            "instrument", sorted(known), allowed="one instrument", reason=reason
        )
    if not known:
        reason = "is needed when totals are given as numbers"
        raise InvalidValueError("instrument", None, allowed=allowed, reason=reason)
    (name,) = known
    if name not in table:
        raise UnknownCodeError("instrument", name, allowed=allowed)
    return name
