"""Change over time: reliable change, response, remission, recovery and trajectories.

A score on its own says how someone is; two scores say whether they changed, and
whether the change is more than measurement noise. This module holds the published
outcome rules:

* :func:`reliable_change`: the Jacobson-Truax reliable change index for any
  instrument, from its standard deviation and reliability.
  :data:`RELIABILITY_DEFAULTS` gives values for PHQ-9 and GAD-7, so that
  :func:`reliable_change_threshold` can answer "what change is reliable?"; each value
  says where it comes from and whether it was confirmed.
* :func:`response` (a drop of at least 50% from baseline) and :func:`remission`
  (PHQ-9 below 5; GAD-7 below 5), as the HEDIS depression measures define them.
* :func:`reliable_improvement`, :func:`reliable_deterioration`, :func:`is_case`,
  :func:`recovery` and :func:`reliable_recovery`: the fixed-point rules of the NHS
  Talking Therapies programme (formerly IAPT): reliable change of 6 points on the
  PHQ-9 and 4 on the GAD-7; caseness at PHQ-9 >= 10 and GAD-7 >= 8.
* :class:`Trajectory`: one participant's dated scores on one instrument, up to an
  explicit ``as_of`` date, with baseline, latest, first response and remission dates,
  weeks to remission, sustained remission and reliable deterioration.

The Jacobson-Truax threshold with the default PHQ-9 values is about 6.1 points, a
little above Talking Therapies' fixed 6: a drop of exactly 6 is a reliable
improvement by :func:`reliable_improvement` but not by :func:`reliable_change`. Both
are published; choose one per report and say which.

Every function takes totals as ``int``/``float`` or as complete
:class:`~iopcore.instruments.Score` values (whose instrument is then known).

References:
    * Jacobson NS, Truax P. Clinical significance: a statistical approach to defining
      meaningful change in psychotherapy research. *J Consult Clin Psychol*
      1991;59:12-19; Maassen GH 2004 (*JINS*); psyctc.org RCI calculator.
    * NCQA HEDIS "Depression Remission or Response for Adolescents and Adults"
      (DRR-E): response >= 50% reduction, remission PHQ-9 < 5, index PHQ-9 > 9,
      follow-up 120-240 days; CMS159 remission at 12 months +/- 60 days.
    * NHS Talking Therapies (IAPT) manual, via cbtwatch: reliable improvement PHQ-9
      >= 6, GAD-7 >= 4; caseness PHQ-9 >= 10, GAD-7 >= 8 [V2].
    * Jacobson NS, Truax P. *J Consult Clin Psychol* 1991;59:12-19; Maassen 2004 *JINS*.

>>> from iopcore.instruments import phq9
>>> before, after = phq9.score([2, 2, 2, 2, 2, 2, 2, 1, 0]), phq9.score([1] * 7 + [0, 0])
>>> result = reliable_change(before, after, sd=5.5, reliability=0.84)
>>> round(result.index, 2), result.reliable
(-2.57, True)
>>> response(before, after), remission(after), recovery(before, after)
(True, False, True)
"""

from __future__ import annotations

import collections.abc
import math
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._deprecated import renamed
from iopcore._render import Chart, Pairs, Shown, Table, View, value_text, yes_no
from iopcore._validation import ErrorCollector, to_as_of, to_date, to_int, to_number
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments._score import Score

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "CASENESS",
    "RELIABILITY_DEFAULTS",
    "RELIABLE_CHANGE_POINTS",
    "RELIABLE_CHANGE_Z",
    "REMISSION_BELOW",
    "RESPONSE_REDUCTION",
    "DatedScore",
    "ReliabilityDefaults",
    "ReliableChange",
    "Trajectory",
    "is_case",
    "recovery",
    "reliable_change",
    "reliable_change_threshold",
    "reliable_deterioration",
    "reliable_improvement",
    "reliable_recovery",
    "remission",
    "response",
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

#: Reliable improvement or deterioration: a change of at least this many points.
RELIABLE_CHANGE_POINTS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "phq9": 6,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
        "gad7": 4,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
    }
)

#: Caseness: a total at or above this is "a case" (clinical range).
CASENESS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "phq9": 10,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
        "gad7": 8,  # NHS Talking Therapies (IAPT) manual via cbtwatch [V2]
    }
)

#: Remission: a total below this.
REMISSION_BELOW: Final[Mapping[str, int]] = MappingProxyType(
    {
        "phq9": 5,  # HEDIS DRR-E (ncqa.org) and CMS159: PHQ-9 < 5 [V]
        "gad7": 5,  # GAD-7 "minimal" band 0-4 (Spitzer 2006 cut-point 5), by analogy [M]
    }
)

#: Response: a drop of at least this fraction of the baseline total. HEDIS DRR-E
#: (ncqa.org): >= 50% reduction [V].
RESPONSE_REDUCTION: Final = 0.5


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


def _total(value: object, field: str) -> tuple[float, str | None]:
    """A total from a number or a complete Score, and the Score's instrument."""
    if isinstance(value, Score):
        if value.total is None:
            reason = "has no total (incomplete, or an instrument without one)"
            raise InvalidValueError(
                field, value, allowed="a Score with a total, or a number", reason=reason
            )
        return float(value.total), value.instrument
    return to_number(value, field=field, minimum=0), None


def _instrument(given: object, found: tuple[str | None, ...], table: Mapping[str, object]) -> str:
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
        start, _ = _total(before, "before")
    with collector.catch():
        end, _ = _total(after, "after")
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
    name = _instrument(instrument, (), RELIABILITY_DEFAULTS)
    defaults = RELIABILITY_DEFAULTS[name]
    return reliable_change(0, 0, sd=defaults.sd, reliability=defaults.reliability).threshold


def response(baseline: float | Score, follow_up: float | Score) -> bool:
    """Whether the total fell by at least 50% from ``baseline`` (HEDIS DRR-E).

    A baseline of 0 has nothing to fall from: the answer is ``False``.

    Raises:
        InvalidValueError: a negative total or a Score without one.

    >>> response(20, 10), response(20, 11), response(0, 0)
    (True, False, False)
    """
    collector = ErrorCollector("response")
    start = end = 0.0
    with collector.catch():
        start, _ = _total(baseline, "baseline")
    with collector.catch():
        end, _ = _total(follow_up, "follow_up")
    collector.raise_if_any()
    return start > 0 and start - end >= RESPONSE_REDUCTION * start


def remission(score: float | Score, *, instrument: str | None = None) -> bool:
    """Whether the total is in remission: PHQ-9 below 5 (HEDIS), GAD-7 below 5.

    Args:
        score: A total, or a Score with a total.
        instrument: ``"phq9"`` or ``"gad7"``; needed when ``score`` is a number.

    Raises:
        UnknownCodeError: an instrument without a remission rule here.
        InvalidValueError: a number without ``instrument``, or a Score without a total.

    >>> remission(4, instrument="phq9"), remission(5, instrument="phq9")
    (True, False)
    """
    total, found = _total(score, "score")
    name = _instrument(instrument, (found,), REMISSION_BELOW)
    return total < REMISSION_BELOW[name]


def is_case(score: float | Score, *, instrument: str | None = None) -> bool:
    """Whether the total is at or above caseness (Talking Therapies: PHQ-9 10, GAD-7 8).

    >>> is_case(10, instrument="phq9"), is_case(9, instrument="phq9")
    (True, False)
    >>> is_case(8, instrument="gad7"), is_case(7, instrument="gad7")
    (True, False)
    """
    total, found = _total(score, "score")
    name = _instrument(instrument, (found,), CASENESS)
    return total >= CASENESS[name]


def _pair(
    before: object, after: object, instrument: object, table: Mapping[str, object]
) -> tuple[float, float, str]:
    collector = ErrorCollector("scores")
    start = end = 0.0
    first: str | None = None
    second: str | None = None
    with collector.catch():
        start, first = _total(before, "before")
    with collector.catch():
        end, second = _total(after, "after")
    collector.raise_if_any()
    return start, end, _instrument(instrument, (first, second), table)


def reliable_improvement(
    before: float | Score, after: float | Score, *, instrument: str | None = None
) -> bool:
    """Whether the total fell by at least the Talking Therapies points (PHQ-9 6, GAD-7 4).

    >>> (
    ...     reliable_improvement(16, 10, instrument="phq9"),
    ...     reliable_improvement(16, 11, instrument="phq9"),
    ... )
    (True, False)
    """
    start, end, name = _pair(before, after, instrument, RELIABLE_CHANGE_POINTS)
    return start - end >= RELIABLE_CHANGE_POINTS[name]


def reliable_deterioration(
    before: float | Score, after: float | Score, *, instrument: str | None = None
) -> bool:
    """Whether the total rose by at least the Talking Therapies points (PHQ-9 6, GAD-7 4).

    >>> (
    ...     reliable_deterioration(8, 12, instrument="gad7"),
    ...     reliable_deterioration(8, 11, instrument="gad7"),
    ... )
    (True, False)
    """
    start, end, name = _pair(before, after, instrument, RELIABLE_CHANGE_POINTS)
    return end - start >= RELIABLE_CHANGE_POINTS[name]


def recovery(before: float | Score, after: float | Score, *, instrument: str | None = None) -> bool:
    """Whether a case at ``before`` is below caseness at ``after`` (Talking Therapies).

    The programme's own measure looks at PHQ-9 and GAD-7 together (a case on either
    at the start, below caseness on both at the end); this is the single-instrument
    part of it. Call it for each and combine as your report needs.

    >>> recovery(14, 9, instrument="phq9"), recovery(9, 4, instrument="phq9")
    (True, False)
    """
    start, end, name = _pair(before, after, instrument, CASENESS)
    return start >= CASENESS[name] > end


def reliable_recovery(
    before: float | Score, after: float | Score, *, instrument: str | None = None
) -> bool:
    """Whether :func:`recovery` and :func:`reliable_improvement` both hold.

    >>> reliable_recovery(14, 8, instrument="phq9"), reliable_recovery(11, 9, instrument="phq9")
    (True, False)
    """
    return recovery(before, after, instrument=instrument) and reliable_improvement(
        before, after, instrument=instrument
    )


# ---------------------------------------------------------------- trajectories


def _score(value: object) -> Score:
    if not isinstance(value, Score):
        raise InvalidTypeError("score", value, allowed="an iopcore.instruments.Score")
    return value


def _on(value: object) -> pendulum.Date:
    return to_date(value, field="on")


@attrs.frozen(kw_only=True)
class DatedScore:
    """One dated score: the questionnaire was completed ``on`` that date.

    >>> from iopcore.instruments import phq9
    >>> DatedScore(on=pendulum.date(2026, 1, 5), score=phq9.score([1] * 9)).score.total
    9
    """

    on: pendulum.Date = attrs.field(converter=_on)
    score: Score = attrs.field(converter=_score)


def _measurement(value: object, field: str) -> DatedScore:
    if isinstance(value, DatedScore):
        return value
    allowed = "a DatedScore or an (on, score) pair"
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidTypeError(field, value, allowed=allowed)
    on, score = value
    collector = ErrorCollector(field)
    found: list[object] = []
    with collector.catch():
        found.append(to_date(on, field=f"{field}[0]"))
    with collector.catch():
        if not isinstance(score, Score):
            raise InvalidTypeError(f"{field}[1]", score, allowed="an iopcore.instruments.Score")
        found.append(score)
    collector.raise_if_any()
    return DatedScore(on=on, score=score)


def _measurements(values: object) -> tuple[DatedScore, ...]:
    allowed = "an iterable of DatedScore values or (on, score) pairs"
    if isinstance(values, str | bytes) or not isinstance(values, collections.abc.Iterable):
        raise InvalidTypeError("measurements", values, allowed=allowed)
    collector = ErrorCollector("measurements")
    found: list[DatedScore] = []
    for index, value in enumerate(values):
        with collector.catch():
            found.append(_measurement(value, f"$.measurements[{index}]"))
    collector.raise_if_any()
    # Stable: two scores on one date keep the order they were given in.
    return tuple(sorted(found, key=lambda measurement: measurement.on))


#: Instruments with a total, which a trajectory can follow.
_WITH_TOTALS: Final = MappingProxyType(
    dict.fromkeys(("audit", "audit_c", "dast10", "gad7", "pcl5", "phq9"))
)


def _trajectory_instrument(value: object) -> str:
    allowed = ", ".join(_WITH_TOTALS)
    if not isinstance(value, str):
        raise InvalidTypeError("instrument", value, allowed=f"one of {allowed}")
    if value not in _WITH_TOTALS:
        raise UnknownCodeError("instrument", value, allowed=allowed)
    return value


def _date_of(value: object) -> pendulum.Date:
    return to_as_of(value)


@attrs.frozen(kw_only=True)
class Trajectory(Shown):
    """One participant's dated scores on one instrument, as known on ``as_of``.

    Build one with :meth:`from_measurements`, which drops every measurement after
    ``as_of`` (so a report for a past date never looks ahead). The constructor itself
    refuses later measurements. Incomplete scores stay in :attr:`measurements` and are
    listed by :attr:`skipped`; every outcome uses the complete ones only.

    The baseline is the first complete score. Response and remission are looked for
    after it; remission needs an instrument with a remission rule (PHQ-9, GAD-7),
    reliable deterioration one with a reliable change rule (the same two). Elsewhere
    those answers are ``None``.

    Attributes:
        instrument: The registry name; an instrument with a total.
        as_of: The date the trajectory is known on.
        measurements: Every measurement on or before ``as_of``, by date.

    Raises:
        InvalidValueError: a measurement after ``as_of`` or of another instrument.
        UnknownCodeError: an instrument without a total (C-SSRS, BAM).

    >>> from iopcore.instruments import phq9
    >>> weeks = [
    ...     (pendulum.date(2026, 1, 5), [2] * 9),
    ...     (pendulum.date(2026, 1, 19), [1] * 9),
    ...     (pendulum.date(2026, 2, 2), [1, 0, 0, 1, 0, 1, 0, 1, 0]),
    ... ]
    >>> course = Trajectory.from_measurements(
    ...     [(on, phq9.score(answers)) for on, answers in weeks], as_of=pendulum.date(2026, 2, 2)
    ... )
    >>> course.baseline.score.total, course.latest.score.total, course.first_remission
    (18, 4, Date(2026, 2, 2))
    >>> course.weeks_to_remission
    4.0
    """

    instrument: str = attrs.field(converter=_trajectory_instrument)
    as_of: pendulum.Date = attrs.field(converter=_date_of)
    measurements: tuple[DatedScore, ...] = attrs.field(converter=_measurements)

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("trajectory")
        for index, measurement in enumerate(self.measurements):
            field = f"$.measurements[{index}]"
            if measurement.on > self.as_of:
                collector.errors.append(
                    InvalidValueError(
                        f"{field}.on",
                        measurement.on,
                        allowed=f"a date on or before as_of={self.as_of.isoformat()}",
                        reason="is after as_of",
                    )
                )
            if measurement.score.instrument != self.instrument:
                collector.errors.append(
                    InvalidValueError(
                        f"{field}.score",
                        measurement.score.instrument,
                        allowed=f"a {self.instrument} score",
                        reason="is another instrument",
                    )
                )
        collector.raise_if_any()

    @classmethod
    def from_measurements(
        cls,
        measurements: Iterable[DatedScore | tuple[pendulum.Date, Score]],
        *,
        as_of: pendulum.Date | pendulum.DateTime,
        instrument: str | None = None,
    ) -> Trajectory:
        """Build a trajectory from dated scores, ignoring those after ``as_of``.

        Args:
            measurements: :class:`DatedScore` values or ``(date, score)`` pairs, in
                any order.
            as_of: The date to look from (a DateTime gives its own calendar date).
            instrument: The instrument; taken from the first score when not given
                (and needed when there is none).

        Raises:
            InvalidValueError: scores of different instruments; no score and no
                ``instrument``.
            InvalidTypeError: a malformed measurement (each reported with its index).
        """
        on = to_as_of(as_of)
        known = _measurements(measurements)
        name = instrument
        if name is None:
            if not known:
                reason = "is needed when there are no measurements"
                raise InvalidValueError(
                    "instrument", None, allowed=", ".join(_WITH_TOTALS), reason=reason
                )
            name = known[0].score.instrument
        kept = tuple(measurement for measurement in known if measurement.on <= on)
        return cls(instrument=name, as_of=on, measurements=kept)

    @property
    def assessed(self) -> tuple[DatedScore, ...]:
        """The measurements with a complete score, by date."""
        return tuple(m for m in self.measurements if m.score.total is not None)

    @property
    def skipped(self) -> tuple[DatedScore, ...]:
        """The measurements left out because their score is incomplete."""
        return tuple(m for m in self.measurements if m.score.total is None)

    @property
    def baseline(self) -> DatedScore | None:
        """The first complete measurement, or ``None``."""
        assessed = self.assessed
        return assessed[0] if assessed else None

    @property
    def latest(self) -> DatedScore | None:
        """The last complete measurement on or before ``as_of``, or ``None``."""
        assessed = self.assessed
        return assessed[-1] if assessed else None

    def _after_baseline(self) -> tuple[DatedScore, ...]:
        return self.assessed[1:]

    @property
    def first_response(self) -> pendulum.Date | None:
        """The first date after baseline with a 50% drop from it (:func:`response`)."""
        baseline = self.baseline
        for measurement in self._after_baseline():
            if baseline is not None and response(baseline.score, measurement.score):
                return measurement.on
        return None

    @property
    def first_remission(self) -> pendulum.Date | None:
        """The first date after baseline in remission (:func:`remission`).

        ``None`` if there is none yet, or the instrument has no remission rule.
        """
        if self.instrument not in REMISSION_BELOW:
            return None
        for measurement in self._after_baseline():
            if remission(measurement.score):
                return measurement.on
        return None

    @property
    def weeks_to_remission(self) -> float | None:
        """Weeks (days / 7) from baseline to :attr:`first_remission`, or ``None``."""
        reached = self.first_remission
        baseline = self.baseline
        if reached is None or baseline is None:
            return None
        return (reached - baseline.on).days / 7

    def remission_sustained(self, assessments: int = 2) -> bool | None:
        """Whether the last ``assessments`` complete scores after baseline are all in remission.

        Returns:
            ``None`` if the instrument has no remission rule; ``False`` if there are
            fewer complete scores after baseline than ``assessments``.

        Raises:
            InvalidValueError: ``assessments`` below 1.
        """
        count = to_int(assessments, field="assessments", minimum=1)
        if self.instrument not in REMISSION_BELOW:
            return None
        later = self._after_baseline()
        if len(later) < count:
            return False
        return all(remission(measurement.score) for measurement in later[-count:])

    @property
    def reliable_deterioration(self) -> bool | None:
        """Whether the latest score is reliably worse than baseline (Talking Therapies).

        ``None`` without two complete scores or a reliable change rule.
        """
        baseline, latest = self.baseline, self.latest
        if baseline is None or latest is None or baseline is latest:
            return None
        if self.instrument not in RELIABLE_CHANGE_POINTS:
            return None
        return reliable_deterioration(baseline.score, latest.score)

    @property
    def reliable_improvement(self) -> bool | None:
        """Whether the latest score is reliably better than baseline (Talking Therapies).

        ``None`` without two complete scores or a reliable change rule.
        """
        baseline, latest = self.baseline, self.latest
        if baseline is None or latest is None or baseline is latest:
            return None
        if self.instrument not in RELIABLE_CHANGE_POINTS:
            return None
        return reliable_improvement(baseline.score, latest.score)

    def view(self) -> View:
        """What the trajectory shows (see :func:`iopcore.explain.explain_trajectory`).

        Text: the headline, each outcome, then one line per score. HTML: the
        outcomes, a line of the complete totals over time, and a table of every
        score. Only coded values appear (dates, totals, bands, flags).
        """
        headline = _trajectory_headline(self)
        summary = _trajectory_summary(self)
        rows = _trajectory_rows(self)
        return View(
            kind="trajectory",
            headline=headline,
            lines=(
                headline,
                *(f"{label}: {value}" for label, value in summary),
                *map(_trajectory_line, rows),
            ),
            parts=(Pairs(summary), _trajectory_chart(self), Table(_TRAJECTORY_COLUMNS, rows)),
        )


def __getattr__(name: str) -> object:
    return renamed(
        __name__, name, {"Measurement": ("iopcore.instruments.change.DatedScore", DatedScore)}
    )


# ---------------------------------------------------------------- the trajectory's view

_TRAJECTORY_COLUMNS: Final = ("date", "week", "total", "band", "change", "flags")


def _trajectory_headline(trajectory: Trajectory) -> str:
    where = f"{trajectory.instrument} as of {trajectory.as_of.isoformat()}"
    baseline, latest = trajectory.baseline, trajectory.latest
    if baseline is None or latest is None:
        return f"{where}: no complete score"
    return (
        f"{where}: baseline {baseline.score.total} on {baseline.on.isoformat()}, "
        f"latest {latest.score.total} on {latest.on.isoformat()}"
    )


def _date_or(value: pendulum.Date | None, otherwise: str) -> str:
    return otherwise if value is None else value.isoformat()


def _trajectory_summary(trajectory: Trajectory) -> tuple[tuple[str, str], ...]:
    """The outcomes, each as (label, value); every value comes from the Trajectory."""
    name = trajectory.instrument
    rows = [("first response", _date_or(trajectory.first_response, "not yet"))]
    if name in REMISSION_BELOW:
        weeks = trajectory.weeks_to_remission
        rows.extend(
            [
                ("first remission", _date_or(trajectory.first_remission, "not yet")),
                ("weeks to remission", "" if weeks is None else f"{weeks:g}"),
                ("remission sustained (last 2)", yes_no(trajectory.remission_sustained(2))),
            ]
        )
    else:
        rows.append(("first remission", f"no remission rule for {name}"))
    if name in RELIABLE_CHANGE_POINTS:
        rows.extend(
            [
                ("reliable improvement", yes_no(trajectory.reliable_improvement)),
                ("reliable deterioration", yes_no(trajectory.reliable_deterioration)),
            ]
        )
    skipped = ", ".join(m.on.isoformat() for m in trajectory.skipped)
    rows.append(("skipped as incomplete", skipped or "none"))
    return tuple(rows)


def _trajectory_rows(trajectory: Trajectory) -> tuple[tuple[str, ...], ...]:
    """One row per score: date, week from baseline, total, band, change, flags."""
    baseline = trajectory.baseline
    rows: list[tuple[str, ...]] = []
    for measurement in trajectory.measurements:
        score = measurement.score
        week = change = ""
        if baseline is not None:
            week = f"{(measurement.on - baseline.on).days / 7:g}"
            if measurement is baseline:
                change = "baseline"
            elif score.total is not None and baseline.score.total is not None:
                change = f"{score.total - baseline.score.total:+d}"
        rows.append(
            (
                measurement.on.isoformat(),
                week,
                score.total_text,
                "" if score.band is None else score.band,
                change,
                ", ".join(sorted(score.flags)),
            )
        )
    return tuple(rows)


def _trajectory_line(row: tuple[str, ...]) -> str:
    on, week, total, band, change, flags = row
    text = f"{on} week {week}: {total}" if week else f"{on}: {total}"
    extras = (f"({band})" if band else "", change, f"flags: {flags}" if flags else "")
    return " ".join([text, *(extra for extra in extras if extra)])


def _trajectory_chart(trajectory: Trajectory) -> Chart:
    """The complete totals over time: days since the first as x, the total as y."""
    points = [(m.on, m.score.total) for m in trajectory.assessed if m.score.total is not None]
    start = points[0][0] if points else None
    coordinates = (
        ()
        if start is None
        else tuple((float((on - start).days), float(total)) for on, total in points)
    )
    return Chart(
        points=coordinates, label=f"{trajectory.instrument} totals, {len(points)} complete scores"
    )
