"""Reliable change: the Jacobson-Truax reliable change index and its default inputs.

:func:`reliable_change` works for any instrument from its standard deviation and
reliability; :data:`RELIABILITY_DEFAULTS` holds values for PHQ-9 and GAD-7, each
saying where it comes from (Jacobson & Truax 1991, *J Consult Clin Psychol* 59:12-19).
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from iopcore._render import Pairs, Shown, View, value_text, yes_no
from iopcore._validation import ErrorCollector, to_number
from iopcore.exceptions import InvalidValueError
from iopcore.instruments.change._totals import instrument_of, total_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iopcore.instruments._score import Score

__all__ = [
    "RELIABILITY_DEFAULTS",
    "RELIABLE_CHANGE_Z",
    "ReliabilityDefaults",
    "ReliableChange",
    "reliable_change",
    "reliable_change_threshold",
]

#: An index (RC) whose absolute value is above this is reliable change at the 95% level:
#: Jacobson & Truax 1991.
RELIABLE_CHANGE_Z: Final = 1.96


@attrs.frozen(kw_only=True)
class ReliabilityDefaults:
    """An instrument's standard deviation and reliability for the reliable change index.

    Attributes:
        sd: Standard deviation of the pre-treatment scores.
        reliability: Reliability coefficient (test-retest or Cronbach's alpha).
        source: Where the values come from.
        verified: Whether both values were confirmed in a public copy of the source;
            ``False`` means "use with care, pass your own".
    """

    sd: float
    reliability: float
    source: str
    verified: bool


#: Default SD and reliability per instrument (pass your own population's values
#: where you have them).
RELIABILITY_DEFAULTS: Final[Mapping[str, ReliabilityDefaults]] = MappingProxyType(
    {
        "phq9": ReliabilityDefaults(
            sd=5.5,  # unverified: Kroenke 2001 as recalled
            reliability=0.84,  # test-retest, Kroenke 2001 as recalled, unconfirmed
            source="unconfirmed worked example (SD 5.5, test-retest r 0.84, "
            "Kroenke 2001); threshold 6.1 matches the Talking Therapies 6 points",
            verified=False,
        ),
        "gad7": ReliabilityDefaults(
            sd=4.5,  # unverified: Spitzer 2006 as recalled
            reliability=0.92,  # Cronbach's alpha, Spitzer 2006 as recalled, unconfirmed
            source="unconfirmed worked example (SD 4.5, alpha 0.92, "
            "Spitzer 2006); threshold 3.5 rounds to the Talking Therapies 4 points",
            verified=False,
        ),
    }
)


@attrs.frozen(kw_only=True)
class ReliableChange(Shown):
    """The Jacobson-Truax reliable change between two scores.

    Attributes:
        before: The first total.
        after: The second total.
        index: ``(after - before) / standard_error``; negative means the total fell
            (an improvement on every symptom scale here).
        standard_error: ``sd * sqrt(2) * sqrt(1 - reliability)`` (S_diff).
        threshold: The smallest raw change that is reliable:
            ``RELIABLE_CHANGE_Z * standard_error``.
        reliable: ``abs(index) > RELIABLE_CHANGE_Z``.
    """

    before: float
    after: float
    index: float
    standard_error: float
    threshold: float
    reliable: bool

    def view(self) -> View:
        """What the change shows: the numbers of the Jacobson-Truax test."""
        verdict = "reliable" if self.reliable else "not reliable"
        headline = (
            f"{value_text(self.before)} -> {value_text(self.after)}: {verdict} "
            f"(RC {self.index:.2f})"
        )
        rows = (
            ("before", value_text(self.before)),
            ("after", value_text(self.after)),
            ("change", f"{self.after - self.before:+g}"),
            ("index (RC)", f"{self.index:.2f}"),
            ("standard error of the difference", f"{self.standard_error:.2f}"),
            ("smallest reliable change", f"{self.threshold:.2f}"),
            ("reliable", yes_no(self.reliable)),
        )
        lines = (headline, *(f"{label}: {value}" for label, value in rows))
        return View(kind="change", headline=headline, lines=lines, parts=(Pairs(rows),))


def reliable_change(
    before: float | Score,
    after: float | Score,
    *,
    sd: float,
    reliability: float,
) -> ReliableChange:
    """Return the Jacobson-Truax reliable change from ``before`` to ``after``.

    Args:
        before: The earlier total, or a Score with a total.
        after: The later total, or a Score with a total.
        sd: Standard deviation of pre-treatment scores (above 0).
        reliability: Reliability of the instrument, from 0 up to (not including) 1.

    Raises:
        InvalidValueError: a negative or non-finite total, an incomplete Score,
            ``sd <= 0`` or ``reliability`` outside [0, 1).
        InvalidTypeError: a value of the wrong type.

    >>> change = reliable_change(12, 18, sd=5.5, reliability=0.84)
    >>> round(change.threshold, 2), round(change.index, 2), change.reliable
    (6.1, 1.93, False)
    >>> reliable_change(18, 12, sd=5.5, reliability=0.84).index == -change.index
    True
    """
    collector = ErrorCollector("reliable change")
    start = end = spread = r = 0.0
    with collector.catch():
        start, _ = total_of(before, "before")
    with collector.catch():
        end, _ = total_of(after, "after")
    with collector.catch():
        spread = to_number(sd, field="sd", minimum=0)
        if spread == 0:
            raise InvalidValueError("sd", sd, allowed="a number above 0", reason="is zero")
    with collector.catch():
        r = to_number(reliability, field="reliability", minimum=0, maximum=1)
        if r == 1:
            reason = "leaves no measurement error to divide by"
            raise InvalidValueError("reliability", reliability, allowed="0 <= r < 1", reason=reason)
    collector.raise_if_any()
    error = spread * math.sqrt(2) * math.sqrt(1 - r)
    threshold = RELIABLE_CHANGE_Z * error
    index = (end - start) / error if error > 0 else math.inf
    if not (0 < error < threshold < math.inf and math.isfinite(index)):
        # A subnormal sd (5e-324) rounds the standard error to 0, a huge one overflows the
        # threshold: neither describes a real instrument, and neither may divide or print inf.
        raise InvalidValueError(
            "sd",
            sd,
            allowed="a standard deviation that, with the reliability, gives a finite, "
            "non-zero standard error and index (for example 5.5 for the PHQ-9)",
            reason="is too small or too large",
        )
    return ReliableChange(
        before=start,
        after=end,
        index=index,
        standard_error=error,
        threshold=threshold,
        reliable=abs(index) > RELIABLE_CHANGE_Z,
    )


def reliable_change_threshold(instrument: str) -> float:
    """Return the smallest reliable raw change from :data:`RELIABILITY_DEFAULTS`.

    Raises:
        UnknownCodeError: no defaults for ``instrument`` (the error lists those with).

    >>> round(reliable_change_threshold("phq9"), 1), round(reliable_change_threshold("gad7"), 1)
    (6.1, 3.5)
    """
    name = instrument_of(instrument, (), RELIABILITY_DEFAULTS)
    defaults = RELIABILITY_DEFAULTS[name]
    return reliable_change(0, 0, sd=defaults.sd, reliability=defaults.reliability).threshold
