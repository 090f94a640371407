"""Trajectories: one participant's dated scores on one instrument, and their view.

A :class:`Trajectory` knows its scores up to an explicit ``as_of`` date and answers
the outcome rules over them: baseline, latest, first response and remission,
sustained remission, reliable improvement and deterioration.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._render import Chart, Pairs, Shown, Table, View, yes_no
from iopcore._validation import ErrorCollector, to_as_of, to_int
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments.change._criteria import (
    RELIABLE_CHANGE_POINTS,
    REMISSION_BELOW,
    reliable_deterioration,
    reliable_improvement,
    remission,
    response,
)
from iopcore.instruments.change._dated import DatedScore, to_dated_scores

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iopcore.instruments._score import Score

__all__ = ["Trajectory"]


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
    measurements: tuple[DatedScore, ...] = attrs.field(converter=to_dated_scores)

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
        known = to_dated_scores(measurements)
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
