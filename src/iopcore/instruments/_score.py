"""A questionnaire's score, the protocol every instrument module follows, and the registry.

The package :mod:`iopcore.instruments` re-exports what is public here; the instrument
modules import :class:`Score` from this module, so that none of them imports the
package that lists them.
"""

from __future__ import annotations

import functools
import importlib
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import attrs

from iopcore._render import Pairs, Shown, View, value_text, yes_no
from iopcore._table_values import is_missing
from iopcore._validation import ErrorCollector, to_bool, to_int
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    UnknownCodeError,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ALLOWED_NAMES",
    "INSTRUMENT_NAMES",
    "Instrument",
    "Score",
    "band_of",
    "registered",
    "to_instrument_name",
]


def band_of(total: int, floors: tuple[int, ...], bands: tuple[str, ...]) -> str:
    """The band whose floor is the highest one at or below ``total``.

    ``floors`` are the lowest totals of each band, ascending, the first being the
    instrument's minimum; ``bands`` the labels in the same order.
    """
    return bands[bisect_right(floors, total) - 1]


#: Registry names of the shipped instruments, sorted.
INSTRUMENT_NAMES: Final = ("audit", "audit_c", "bam", "cssrs", "dast10", "gad7", "pcl5", "phq9")

#: The registry names as error messages list them.
ALLOWED_NAMES: Final = ", ".join(INSTRUMENT_NAMES)


def to_instrument_name(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("instrument", value, allowed=f"one of {ALLOWED_NAMES}")
    if value not in INSTRUMENT_NAMES:
        raise UnknownCodeError("instrument", value, allowed=ALLOWED_NAMES)
    return value


def _total(value: object) -> int | None:
    return None if is_missing(value) else to_int(value, field="total", minimum=0)


def _band(value: object) -> str | None:
    if type(value) is str or value is None:
        return value
    if isinstance(value, str):
        return str.__str__(value)  # a plain str (a numpy.str_ from a table, too)
    if is_missing(value):
        return None
    raise InvalidTypeError("band", value, allowed="a band label (str) or None")


def _complete(value: object) -> bool:
    return to_bool(value, field="complete")


#: The defaults of a score's collections: given back as they are (nothing to check).
_NO_FLAGS: Final[frozenset[str]] = frozenset()
_NONE: Final[tuple[()]] = ()


def _flags(value: object) -> frozenset[str]:
    if value is _NO_FLAGS:
        return _NO_FLAGS
    allowed = "a set of flag names (str)"
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError("flags", value, allowed=allowed)
    collector = ErrorCollector("flags")
    found: set[str] = set()
    for index, flag in enumerate(value):
        with collector.catch():
            if not isinstance(flag, str) or not flag:
                raise InvalidTypeError(f"$.flags[{index}]", flag, allowed="a non-empty str")
            found.add(flag)
    collector.raise_if_any()
    return frozenset(found)


def _subscales(value: object) -> tuple[tuple[str, int | None], ...]:
    if value is _NONE:
        return _NONE
    allowed = "a sequence of (name, int or None) pairs"
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError("subscales", value, allowed=allowed)
    collector = ErrorCollector("subscales")
    pairs: dict[str, int | None] = {}
    for index, pair in enumerate(value):
        with collector.catch():
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidTypeError(f"$.subscales[{index}]", pair, allowed=allowed)
            name, number = pair
            if not isinstance(name, str) or not name or name in pairs:
                reason = "is a repeated name" if name in pairs else None
                raise InvalidValueError(
                    f"$.subscales[{index}]", pair, allowed="a unique subscale name", reason=reason
                )
            pairs[name] = _total_at(number, f"$.subscales[{index}]")
    collector.raise_if_any()
    return tuple(sorted(pairs.items()))


def _total_at(value: object, field: str) -> int | None:
    return None if is_missing(value) else to_int(value, field=field, minimum=0)


def _missing(value: object) -> tuple[int, ...]:
    if value is _NONE:
        return _NONE
    allowed = "a sequence of item numbers (int, 1 or more)"
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError("missing", value, allowed=allowed)
    collector = ErrorCollector("missing")
    numbers: set[int] = set()
    for index, number in enumerate(value):
        with collector.catch():
            numbers.add(to_int(number, field=f"$.missing[{index}]", minimum=1))
    collector.raise_if_any()
    return tuple(sorted(numbers))


def _impossible_parts(score: Score, module: Instrument) -> list[IopcoreError]:
    """What in ``score`` its instrument could not have given, one error per part.

    Checked without the answers: a band the instrument publishes and, where the band
    follows from the total alone (``BAND_FLOORS``), the band of that total; a total
    from 0 to ``MAX_TOTAL`` and only for a complete score (iopcore never prorates);
    flags from ``FLAGS``; missing item numbers from 1 to ``ITEM_COUNT``, present
    exactly when the score is incomplete; the instrument's own subscales.
    """
    return [*_total_and_band(score, module), *_items_and_names(score, module)]


def _total_and_band(score: Score, module: Instrument) -> list[IopcoreError]:
    title, bands, highest = module.TITLE, module.BANDS, module.MAX_TOTAL
    errors: list[IopcoreError] = []
    if score.band is not None and score.band not in bands:
        allowed = ", ".join(bands) or f"None ({title} has no bands)"
        errors.append(UnknownCodeError("band", score.band, allowed=allowed))
    if score.total is not None:
        if not score.complete:
            reason = "is given for an incomplete score"
        elif highest is None:
            reason = f"is given, but {title} has no total"
        else:
            reason = None
        if reason is not None:
            errors.append(InvalidValueError("total", score.total, allowed="None", reason=reason))
            return errors
        if highest is not None and score.total > highest:
            allowed = f"a whole number from 0 to {highest} (the highest {title} total)"
            errors.append(InvalidValueError("total", score.total, allowed=allowed))
            return errors
    floors: tuple[int, ...] | None = getattr(module, "BAND_FLOORS", None)
    if floors is not None and score.band in bands:
        expected = None if score.total is None else band_of(score.total, floors, bands)
        if score.band != expected:
            reason = (
                "is given without a total"
                if score.total is None
                else f"does not go with a total of {score.total}"
            )
            allowed = "None" if expected is None else repr(expected)
            errors.append(InvalidValueError("band", score.band, allowed=allowed, reason=reason))
    return errors


def _items_and_names(score: Score, module: Instrument) -> list[IopcoreError]:
    title = module.TITLE
    errors: list[IopcoreError] = []
    unknown = score.flags - module.FLAGS
    if unknown:
        allowed = ", ".join(sorted(module.FLAGS)) or f"none ({title} sets no flags)"
        errors.append(UnknownCodeError("flags", ", ".join(sorted(unknown)), allowed=allowed))
    if score.missing and score.missing[-1] > module.ITEM_COUNT:  # missing is sorted
        allowed = f"item numbers from 1 to {module.ITEM_COUNT}"
        errors.append(InvalidValueError("missing", list(score.missing), allowed=allowed))
    if score.complete == bool(score.missing):
        if score.complete:
            reason, allowed = "is given, but items are listed as missing", "False"
        else:
            reason, allowed = "is given, but no item is listed as missing", "True"
        errors.append(InvalidValueError("complete", score.complete, allowed=allowed, reason=reason))
    expected = tuple(sorted(getattr(module, "SUBSCALES", {})))
    names = tuple(subscale for subscale, _ in score.subscales)
    if names != expected:
        allowed = ", ".join(expected) or f"none ({title} has no subscales)"
        errors.append(InvalidValueError("subscales", ", ".join(names) or "none", allowed=allowed))
    return errors


@attrs.frozen(kw_only=True)
class Score(Shown):
    """The result of scoring one completed (or partly completed) questionnaire.

    A ``Score`` is an immutable, hashable value: equal answers give equal scores.
    Build one with an instrument module's ``score()``. The constructor refuses a
    score its instrument could not have given (a PHQ-9 total of 99, a band that does
    not go with the total, a flag the instrument never sets, a complete score with
    missing items), so an edited record read from storage is refused; what only the
    answers can prove (the item 9 flag of a PHQ-9) is re-derived where the answers
    are kept, in :class:`~iopcore.assessments.Assessment` ``responses``.

    Attributes:
        instrument: The registry name, e.g. ``"phq9"``.
        total: The published total, or ``None`` when an item is missing or the
            instrument has no total (C-SSRS, BAM).
        band: The published severity label in lower case (``"moderately severe"``),
            or ``None`` when it cannot be told (incomplete) or there is none.
        complete: Whether every item the instrument asks was answered. A question
            skipped by the instrument's own skip logic counts as answered.
        flags: Findings that need attention, such as ``"suicidal_ideation"``; set
            from the answered items, complete or not.
        subscales: ``(name, value)`` pairs sorted by name, for instruments with
            subscales (BAM: ``protective``, ``risk``, ``use``); a value is ``None``
            when one of its items is missing. Read one with :meth:`subscale`. A tuple
            of pairs (not a dict) keeps ``Score`` hashable.
        missing: The numbers (1-based) of the items not answered, in order.

    >>> from iopcore.instruments import gad7
    >>> gad7.score([2, 2, 1, 1, None, 0, 1])
    Score(instrument='gad7', total=None, band=None, complete=False, flags=frozenset(),
          subscales=(), missing=(5,))
    """

    instrument: str = attrs.field(converter=to_instrument_name)
    total: int | None = attrs.field(converter=_total)
    band: str | None = attrs.field(converter=_band)
    complete: bool = attrs.field(converter=_complete)
    # Left out of the stored form while empty (most scores), and read back as empty.
    flags: frozenset[str] = attrs.field(
        default=_NO_FLAGS, converter=_flags, metadata={"omit_if_default": True}
    )
    subscales: tuple[tuple[str, int | None], ...] = attrs.field(
        default=_NONE, converter=_subscales, metadata={"omit_if_default": True}
    )
    missing: tuple[int, ...] = attrs.field(
        default=_NONE, converter=_missing, metadata={"omit_if_default": True}
    )

    def __attrs_post_init__(self) -> None:
        # A score read from storage may have been edited: refuse one that its
        # instrument could not have given (see _impossible_parts).
        errors = _impossible_parts(self, registered(self.instrument))
        if errors:
            collector = ErrorCollector("score")
            collector.errors.extend(errors)
            collector.raise_if_any()

    def subscale(self, name: str) -> int | None:
        """Return the value of subscale ``name`` (``None`` if one of its items is missing).

        Raises:
            UnknownCodeError: the instrument has no subscale of that name (it lists
                the names it has).

        >>> from iopcore.instruments import bam
        >>> answers = [1, 3, 2, 0, 0, 0, None, 1, 4, 6, 1, 3, 20, 4, 0, 12, 3]
        >>> bam.score(answers).subscale("use")
        0
        """
        for known, value in self.subscales:
            if known == name:
                return value
        names = ", ".join(known for known, _ in self.subscales) or "none"
        raise UnknownCodeError("name", name, allowed=names)

    @property
    def total_text(self) -> str:
        """The total as shown: the number, ``incomplete``, or ``no total``."""
        if self.total is not None:
            return str(self.total)
        return "incomplete" if not self.complete else "no total"

    def view(self) -> View:
        """What the score shows: total, band, flags (see :func:`iopcore.explain.score_html`).

        An incomplete score says which items were not answered; it never shows a total.
        """
        band = "" if self.band is None else f" ({self.band})"
        missing = ""
        if self.missing:
            missing = f"; items {', '.join(map(str, self.missing))} not answered"
        headline = f"{self.instrument}: {self.total_text}{band}{missing}"
        rows = (
            ("total", self.total_text),
            ("band", "" if self.band is None else self.band),
            ("complete", yes_no(self.complete)),
            ("flags", ", ".join(sorted(self.flags))),
            *((f"subscale {name}", value_text(value)) for name, value in self.subscales),
        )
        lines = (headline, *(f"{label}: {value}" for label, value in rows[1:] if value))
        return View(kind="score", headline=headline, lines=lines, parts=(Pairs(rows),))


@runtime_checkable
class Instrument(Protocol):
    """What every instrument module offers (``iopcore.instruments.phq9`` and the rest).

    Modules satisfy it structurally; ``get_instrument`` returns one typed as this.
    Instrument-specific options (``sex`` for AUDIT-C, the cut-off for PCL-5) are
    keyword-only arguments with defaults, so ``score(responses)`` always works.
    """

    @property
    def NAME(self) -> str:  # noqa: N802 - a module constant, seen through the protocol
        """The registry name, e.g. ``"phq9"``."""

    @property
    def TITLE(self) -> str:  # noqa: N802 - a module constant
        """The printed name, e.g. ``"PHQ-9"``."""

    @property
    def ITEM_COUNT(self) -> int:  # noqa: N802 - a module constant
        """How many answers ``score`` takes."""

    @property
    def ITEMS(self) -> tuple[tuple[int, tuple[int, ...] | None], ...]:  # noqa: N802
        """Each item's number and the answers it takes (``None``: a yes/no item)."""

    @property
    def BANDS(self) -> tuple[str, ...]:  # noqa: N802 - a module constant
        """Band labels from least to most severe; empty if the instrument has none."""

    @property
    def MAX_TOTAL(self) -> int | None:  # noqa: N802 - a module constant
        """The highest total; ``None`` if the instrument has no total."""

    @property
    def FLAGS(self) -> frozenset[str]:  # noqa: N802 - a module constant
        """Every flag a score of this instrument can carry."""

    def score(self, responses: Sequence[Any], /) -> Score:
        """Score the answers (in item order; ``None`` = not answered).

        The answers are ints or bools by instrument, hence ``Any`` here.
        """

    def validate(self, responses: object, /) -> None:
        """Raise an iopcore error if the answers are not valid for this instrument."""

    def is_valid(self, responses: object, /) -> bool:
        """Whether ``validate`` would pass; never raises."""


@functools.cache
def registered(known: str) -> Instrument:
    """The module of a registry name, imported on first use."""
    module: Instrument = importlib.import_module(f"iopcore.instruments.{known}")
    return module
