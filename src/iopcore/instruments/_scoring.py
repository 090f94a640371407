"""Machinery shared by the instrument modules: reading answers, looking up bands.

Nothing here holds a clinical number; each instrument module passes its own, cited
where it is defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from iopcore._table_values import bool_value, int_value, is_missing
from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidResponse
from iopcore.instruments._score import Score, band_of

#: An answer as read: an int for a numeric item, a bool for a yes/no item, ``None``
#: for an item not answered.
Answer = int | bool | None


class Item(NamedTuple):
    """How one item is answered: the allowed ints, or ``None`` for a yes/no item."""

    #: 1-based item number, as printed on the form.
    number: int
    #: The allowed answers, ascending; ``None`` for a yes/no (``bool``) item.
    values: tuple[int, ...] | None


def numeric_items(first: int, last: int, values: tuple[int, ...]) -> tuple[Item, ...]:
    """Items ``first`` to ``last`` (1-based, inclusive), each allowing ``values``."""
    return tuple(Item(number, values) for number in range(first, last + 1))


def yes_no_items(count: int) -> tuple[Item, ...]:
    """Items 1 to ``count``, each answered yes (``True``) or no (``False``)."""
    return tuple(Item(number, None) for number in range(1, count + 1))


_NOT_ANSWERED: Final = "or None (not answered)"


def allowed_text(item: Item) -> str:
    """The answers ``item`` takes, in words."""
    if item.values is None:
        return f"True (yes), False (no) {_NOT_ANSWERED}"
    values = item.values
    if len(values) > 6 and values == tuple(range(values[0], values[-1] + 1)):
        return f"an int from {values[0]} to {values[-1]} {_NOT_ANSWERED}"
    return f"{', '.join(map(str, values))} (int) {_NOT_ANSWERED}"


def _answer(item: Item, value: object, *, title: str, index: int) -> Answer:
    """One answer as a plain value: an int, a bool or ``None`` (not answered).

    A table's scalars are taken for what they hold (``numpy.int64(2)`` is 2, a
    numpy bool a bool, NaN and ``pandas.NA`` not answered); a bool is never a
    number, nor a number a yes/no.
    """
    if value is None:
        return None
    if item.values is None:
        flag = bool_value(value)
        if flag is not None:
            return flag
    else:
        number = int_value(value)
        if number is not None and number in item.values:
            return number
    if is_missing(value):
        return None
    field = f"$.responses[{index}]"
    reason = f"is not an answer to {title} item {item.number}"
    raise InvalidResponse(field, value, allowed=allowed_text(item), reason=reason)


def _is_row(responses: object) -> bool:
    """Whether ``responses`` is a one-dimensional array: a table's row or column.

    A numpy array or a pandas Series is not a :class:`~collections.abc.Sequence`,
    but it holds answers in order just as well. Known by behaviour (``__array__``
    and ``ndim``), without importing either library.
    """
    return hasattr(responses, "__array__") and getattr(responses, "ndim", None) == 1


def read_answers(responses: object, items: tuple[Item, ...], *, title: str) -> tuple[Answer, ...]:
    """Check ``responses`` against ``items`` and return them as a tuple.

    ``responses`` is a list, a tuple or another sequence, or a one-dimensional array
    (a numpy array, a pandas Series). Every bad answer is reported, each with its
    index; several come as one :class:`~iopcore.exceptions.IopcoreErrorGroup`.

    Raises:
        InvalidResponse: not a sequence, the wrong number of answers, or a bad answer.
    """
    count = len(items)
    allowed = f"a sequence (list or tuple) of {count} {title} answers in item order"
    if isinstance(responses, str | bytes | bytearray) or not (
        isinstance(responses, Sequence) or _is_row(responses)
    ):
        raise InvalidResponse("responses", responses, allowed=allowed)
    try:
        given: tuple[object, ...] = tuple(responses)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a broken sequence is bad input, not our failure
        raise InvalidResponse(
            "responses", responses, allowed=allowed, reason="cannot be read"
        ) from None
    if len(given) != count:
        reason = f"has {len(given)} answers, not {count}"
        raise InvalidResponse("responses", responses, allowed=allowed, reason=reason)
    collector = ErrorCollector(f"{title} responses")
    answers: list[Answer] = []
    # The lengths were compared above, so "strict" changes nothing (equivalent mutants).
    for index, (item, value) in enumerate(zip(items, given, strict=True)):  # pragma: no mutate
        with collector.catch():
            answers.append(_answer(item, value, title=title, index=index))
    collector.raise_if_any()
    return tuple(answers)


def unanswered(answers: Sequence[Answer]) -> tuple[int, ...]:
    """The 1-based numbers of the answers that are ``None``."""
    return tuple(index + 1 for index, answer in enumerate(answers) if answer is None)


def summed_score(
    answers: Sequence[Answer], *, instrument: str, floors: tuple[int, ...], bands: tuple[str, ...]
) -> Score:
    """The score of an instrument whose total is the plain sum of its answers.

    An unanswered item leaves the total and band ``None`` and lists the item.
    """
    missing = unanswered(answers)
    if missing:
        return Score(instrument=instrument, total=None, band=None, complete=False, missing=missing)
    total = sum(answer for answer in answers if answer is not None)
    return Score(
        instrument=instrument, total=total, band=band_of(total, floors, bands), complete=True
    )
