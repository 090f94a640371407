"""Measurement-based care: the standard questionnaires, scored exactly as published.

One module per instrument, each with the same three verbs, written down once as the
:class:`Instrument` protocol:

* ``score(responses, ...)`` returns a :class:`Score`;
* ``validate(responses)`` raises an :class:`~iopcore.exceptions.InvalidResponse` (or
  an :class:`~iopcore.exceptions.IopcoreErrorGroup` of several) for bad answers;
* ``is_valid(responses)`` says whether ``validate`` would pass, and never raises.

Answers are a sequence in item order. ``None`` means "not answered"; numeric items
take an ``int`` (a ``bool`` is refused), yes/no items take a ``bool``. Missing data is
explicit: a questionnaire with an unanswered item has ``total=None`` and
``complete=False``, never a low total. None of the shipped instruments has a published
proration rule that iopcore could confirm, so none is prorated (see
``docs/instruments.md``). Flags (such as PHQ-9's ``suicidal_ideation``) are set from
the answered items, complete or not: a flag is set when the answers given already
prove it.

Each module declares ``NAME`` (its registry name), ``ITEM_COUNT`` and ``BANDS`` (its
band labels, least to most severe; empty where the instrument has no bands). The
registry finds a module by name: :func:`get_instrument`, :func:`available_instruments`.

References:
    Each instrument module cites its own public sources in its References.

>>> from iopcore.instruments import get_instrument
>>> phq9 = get_instrument("PHQ-9")
>>> result = phq9.score([1, 1, 2, 1, 0, 1, 1, 0, 1])
>>> result.total, result.band, sorted(result.flags)
(8, 'mild', ['suicidal_ideation'])
>>> available_instruments()
('audit', 'audit_c', 'bam', 'cssrs', 'dast10', 'gad7', 'pcl5', 'phq9')
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iopcore._table_values import plain_scalar
from iopcore._validation import ErrorCollector
from iopcore.exceptions import (
    InvalidTypeError,
    UnknownCodeError,
)
from iopcore.instruments._score import (
    ALLOWED_NAMES,
    INSTRUMENT_NAMES,
    Instrument,
    Score,
    registered,
    to_instrument_name,
)

__all__ = [
    "INSTRUMENT_NAMES",
    "Instrument",
    "Responses",
    "Score",
    "available_instruments",
    "get_instrument",
]


def _answers(value: object) -> tuple[int | bool | None, ...]:
    # The instrument checks each answer when the responses are scored; a table's
    # scalars are kept as the plain values they hold (numpy.int64(2) as 2, NaN as None).
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError("answers", value, allowed="a sequence of answers in item order")
    return tuple(plain_scalar(answer) for answer in value)  # type: ignore[misc]


#: A scoring option's value: what the instruments' keyword arguments take.
OptionValue = str | int | bool | None


@functools.cache
def _option_names(instrument: str) -> tuple[str, ...]:
    """The keyword-only arguments of the instrument's ``score``, sorted."""
    parameters = inspect.signature(get_instrument(instrument).score).parameters.values()
    return tuple(sorted(p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY))


def _options(value: object) -> tuple[tuple[str, OptionValue], ...]:
    allowed = "a mapping of option names to values, or (name, value) pairs"
    if isinstance(value, Mapping):
        value = list(value.items())
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError("options", value, allowed=allowed)
    collector = ErrorCollector("options")
    options: dict[str, OptionValue] = {}
    for index, pair in enumerate(value):
        with collector.catch():
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidTypeError(f"$.options[{index}]", pair, allowed=allowed)
            name, option = pair
            if isinstance(option, enum.Enum):
                option = option.value
            option = plain_scalar(option)
            if not isinstance(name, str) or not isinstance(option, OptionValue):
                raise InvalidTypeError(
                    f"$.options[{index}]", pair, allowed="a name (str) and a str, int, bool or None"
                )
            options[name] = option
    collector.raise_if_any()
    return tuple(sorted(options.items()))


@attrs.frozen(kw_only=True)
class Responses:
    """The answers given to one questionnaire, kept so that its score can be re-derived.

    A :class:`Score` read from storage could have been edited; kept with the answers
    (in an :class:`~iopcore.assessments.Assessment`'s ``responses``), it is scored
    again and must agree. ``options`` are the keyword arguments the instrument's
    ``score`` was given (AUDIT-C's ``sex``, PCL-5's ``cutoff``, the C-SSRS
    ``behaviour_within_3_months``), as sorted ``(name, value)`` pairs.

    Raises:
        InvalidResponse: an answer the instrument does not take (each one reported).
        UnknownCodeError: an unknown instrument or option name (the error lists the
            names the instrument's ``score`` takes).

    >>> kept = Responses(instrument="phq9", answers=[1, 1, 2, 1, 0, 1, 1, 0, 1])
    >>> kept.score().total, sorted(kept.score().flags)
    (8, ['suicidal_ideation'])
    >>> Responses(instrument="audit_c", answers=[2, 1, 1], options={"sex": "male"}).score().band
    'positive'
    """

    instrument: str = attrs.field(converter=to_instrument_name)
    answers: tuple[int | bool | None, ...] = attrs.field(converter=_answers)
    options: tuple[tuple[str, OptionValue], ...] = attrs.field(default=(), converter=_options)

    def __attrs_post_init__(self) -> None:
        known = _option_names(self.instrument)
        unknown = [name for name, _ in self.options if name not in known]
        if unknown:
            allowed = ", ".join(known) or f"none ({self.instrument} takes no options)"
            raise UnknownCodeError("options", ", ".join(unknown), allowed=allowed)
        self.score()  # the instrument checks the answers and the options' values

    def score(self) -> Score:
        """Score the answers with the options, as the instrument's ``score`` does."""
        scoring: Any = get_instrument(self.instrument).score  # options vary by instrument
        result: Score = scoring(self.answers, **dict(self.options))
        return result


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")


def get_instrument(name: str) -> Instrument:
    """Return the instrument module registered as ``name``.

    The name is matched ignoring case, spaces, hyphens and underscores, so ``"PHQ-9"``,
    ``"phq9"`` and ``"AUDIT-C"`` all work. The module is imported on first use.

    Raises:
        UnknownCodeError: no instrument has that name (the error lists the names).
        InvalidTypeError: ``name`` is not a string.

    >>> get_instrument("AUDIT-C").NAME
    'audit_c'
    >>> get_instrument("dast10").BANDS
    ('none', 'low', 'moderate', 'substantial', 'severe')
    """
    if not isinstance(name, str):
        raise InvalidTypeError("name", name, allowed=f"one of {ALLOWED_NAMES}")
    wanted = _key(name)
    for known in INSTRUMENT_NAMES:
        if _key(known) == wanted:
            return registered(known)
    raise UnknownCodeError("name", name, allowed=ALLOWED_NAMES)


def available_instruments() -> tuple[str, ...]:
    """Return the registry names of every shipped instrument, sorted.

    >>> "phq9" in available_instruments()
    True
    """
    return INSTRUMENT_NAMES


if TYPE_CHECKING:
    # Let mypy check every instrument module against the protocol.
    from iopcore.instruments import audit, audit_c, bam, cssrs, dast10, gad7, pcl5, phq9

    _AUDIT: Instrument = audit
    _AUDIT_C: Instrument = audit_c
    _BAM: Instrument = bam
    _CSSRS: Instrument = cssrs
    _DAST10: Instrument = dast10
    _GAD7: Instrument = gad7
    _PCL5: Instrument = pcl5
    _PHQ9: Instrument = phq9
