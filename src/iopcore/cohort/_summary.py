"""What a cohort looks like on ``as_of``: the summary, its rates, and its view.

:class:`CohortSummary` holds counts only (level mix, weeks judged and met, decisions,
lengths of stay, an :class:`~iopcore.cohort.OutcomeSummary` per outcome instrument),
so that summaries of partitions add up with ``+``. Its rates are properties; its
rows, text and view show each measure with its value and its basis.
"""

from __future__ import annotations

import attrs

from iopcore._render import Shown, Table, View
from iopcore._validation import ErrorCollector
from iopcore.cohort._counts import (
    LEVEL_CODES,
    RECOMMENDED_KEYS,
    added_counts,
    count_pairs,
    in_order,
    is_count,
    level_key,
    median_of,
    rate_of,
    to_histogram,
)
from iopcore.cohort._outcomes import OutcomeSummary
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.instruments import gad7, phq9

__all__ = ["CohortSummary"]


def _level_code(value: object, field: str) -> str:
    return level_key(value, field, LEVEL_CODES)


def _recommended_key(value: object, field: str) -> str:
    return level_key(value, field, RECOMMENDED_KEYS)


def _levels(values: object) -> tuple[tuple[str, int], ...]:
    return in_order(count_pairs(values, "levels", _level_code), LEVEL_CODES)


def _recommended(values: object) -> tuple[tuple[str, int], ...]:
    return in_order(count_pairs(values, "recommended", _recommended_key), RECOMMENDED_KEYS)


def _length_of_stay(values: object) -> tuple[tuple[int, int], ...]:
    return to_histogram(values, "length_of_stay")


def _outcome_summary(value: object, instrument: str) -> OutcomeSummary:
    if value is None:
        return OutcomeSummary(instrument=instrument)
    if not isinstance(value, OutcomeSummary) or value.instrument != instrument:
        raise InvalidTypeError(
            instrument, value, allowed=f"an OutcomeSummary of {instrument}, or None"
        )
    return value


def _phq9_outcomes(value: object) -> OutcomeSummary:
    return _outcome_summary(value, phq9.NAME)


def _gad7_outcomes(value: object) -> OutcomeSummary:
    return _outcome_summary(value, gad7.NAME)


@attrs.frozen(kw_only=True)
class CohortSummary(Shown):
    """What a cohort looks like on ``as_of``: counts that add up across partitions.

    Build one with :func:`summarize`; add two with ``+`` (or :func:`merge` many):
    the summary of two partitions is the summary of their union, exactly, since every
    field is a count (medians are kept as histograms of whole days). ``CohortSummary()``
    is the empty summary, so ``sum(parts, CohortSummary())`` works too.

    Rates are properties, and ``None`` (not 0) when nobody is eligible for them.

    Attributes:
        participants: Participant records summarized.
        levels: Participants in care on ``as_of`` by level code.
        recommended: Participants by the level recommended on their latest assessment
            (:data:`NOT_DETERMINABLE` when not determinable); those without an
            assessment are left out.
        weeks_assessed: Program weeks judged for intensity.
        weeks_met: Of those, weeks that met their requirement.
        decisions: Participants with a transition decision on ``as_of``.
        step_ups: Decisions to step up.
        step_downs: Decisions to step down.
        discharges: Decisions to discharge.
        length_of_stay: Participants with an episode by length of stay in days, as
            ``(days, participants)`` pairs.
        phq9: PHQ-9 response and remission.
        gad7: GAD-7 response and remission.

    Raises:
        InvalidTypeError: a field of the wrong type.
        InvalidValueError: a negative count, or more of a part than its whole.
        UnknownCodeError: an unknown level code.

    >>> summary = CohortSummary(
    ...     participants=2,
    ...     levels={"IOP": 2},
    ...     weeks_assessed=4,
    ...     weeks_met=3,
    ...     decisions=2,
    ...     step_downs=1,
    ...     length_of_stay={30: 1, 40: 1},
    ... )
    >>> summary.compliance_rate, summary.step_down_rate, summary.median_length_of_stay_days
    (0.75, 0.5, 35.0)
    >>> (summary + summary).participants, summary.step_up_rate, summary.phq9.response_rate
    (4, 0.0, None)
    """

    participants: int = attrs.field(default=0, validator=is_count)
    levels: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_levels)
    recommended: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_recommended)
    weeks_assessed: int = attrs.field(default=0, validator=is_count)
    weeks_met: int = attrs.field(default=0, validator=is_count)
    decisions: int = attrs.field(default=0, validator=is_count)
    step_ups: int = attrs.field(default=0, validator=is_count)
    step_downs: int = attrs.field(default=0, validator=is_count)
    discharges: int = attrs.field(default=0, validator=is_count)
    length_of_stay: tuple[tuple[int, int], ...] = attrs.field(default=(), converter=_length_of_stay)
    phq9: OutcomeSummary = attrs.field(default=None, converter=_phq9_outcomes)
    gad7: OutcomeSummary = attrs.field(default=None, converter=_gad7_outcomes)

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("cohort summary")
        checks = (
            ("weeks_met", self.weeks_met, "weeks_assessed", self.weeks_assessed),
            (
                "step_ups + step_downs + discharges",
                self.step_ups + self.step_downs + self.discharges,
                "decisions",
                self.decisions,
            ),
            ("decisions", self.decisions, "participants", self.participants),
            ("levels", sum(count for _, count in self.levels), "participants", self.participants),
            (
                "recommended",
                sum(count for _, count in self.recommended),
                "participants",
                self.participants,
            ),
            (
                "length_of_stay",
                sum(count for _, count in self.length_of_stay),
                "participants",
                self.participants,
            ),
            ("phq9.eligible", self.phq9.eligible, "participants", self.participants),
            ("gad7.eligible", self.gad7.eligible, "participants", self.participants),
        )
        for field, part, whole_name, whole in checks:
            if part > whole:
                collector.errors.append(
                    InvalidValueError(
                        field,
                        part,
                        allowed=f"at most {whole_name}={whole}",
                        reason="counts more than its whole",
                    )
                )
        collector.raise_if_any()

    @property
    def level_distribution(self) -> dict[str, float]:
        """Share of participants in care at each level (of those in care)."""
        return _shares(self.levels)

    @property
    def recommended_distribution(self) -> dict[str, float]:
        """Share of each recommended level (of participants with an assessment)."""
        return _shares(self.recommended)

    @property
    def compliance_rate(self) -> float | None:
        """Weeks that met their requirement over weeks judged."""
        return rate_of(self.weeks_met, self.weeks_assessed)

    @property
    def step_up_rate(self) -> float | None:
        """Step-up decisions over decisions."""
        return rate_of(self.step_ups, self.decisions)

    @property
    def step_down_rate(self) -> float | None:
        """Step-down decisions over decisions."""
        return rate_of(self.step_downs, self.decisions)

    @property
    def discharge_rate(self) -> float | None:
        """Discharge decisions over decisions."""
        return rate_of(self.discharges, self.decisions)

    @property
    def median_length_of_stay_days(self) -> float | None:
        """Median days in care on or before ``as_of``, of participants with an episode."""
        return median_of(self.length_of_stay)

    def __add__(self, other: object) -> CohortSummary:
        if not isinstance(other, CohortSummary):
            return NotImplemented
        return CohortSummary(
            participants=self.participants + other.participants,
            levels=added_counts(self.levels, other.levels),
            recommended=added_counts(self.recommended, other.recommended),
            weeks_assessed=self.weeks_assessed + other.weeks_assessed,
            weeks_met=self.weeks_met + other.weeks_met,
            decisions=self.decisions + other.decisions,
            step_ups=self.step_ups + other.step_ups,
            step_downs=self.step_downs + other.step_downs,
            discharges=self.discharges + other.discharges,
            length_of_stay=added_counts(self.length_of_stay, other.length_of_stay),
            phq9=self.phq9 + other.phq9,
            gad7=self.gad7 + other.gad7,
        )

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """The summary as ``(measure, value, basis)`` text rows (what the views show).

        >>> rows = CohortSummary(participants=4, weeks_assessed=8, weeks_met=6).rows()
        >>> rows[0], rows[1]
        (('participants', '4', ''), ('weekly compliance', '6 (75.0%)', 'of 8 weeks'))
        """
        found = [("participants", str(self.participants), "")]
        in_care = sum(count for _, count in self.levels)
        found.extend(
            (f"in care at {code}", _percent(count, in_care), f"of {in_care} in care")
            for code, count in self.levels
        )
        assessed = sum(count for _, count in self.recommended)
        found.extend(
            (f"recommended {key}", _percent(count, assessed), f"of {assessed} assessed")
            for key, count in self.recommended
        )
        found.append(
            (
                "weekly compliance",
                _percent(self.weeks_met, self.weeks_assessed),
                f"of {self.weeks_assessed} weeks",
            )
        )
        for name, count in (
            ("step up", self.step_ups),
            ("step down", self.step_downs),
            ("discharge", self.discharges),
        ):
            found.append(
                (
                    f"{name} decisions",
                    _percent(count, self.decisions),
                    f"of {self.decisions} decisions",
                )
            )
        stays = sum(count for _, count in self.length_of_stay)
        found.append(
            (
                "median length of stay",
                _number(self.median_length_of_stay_days, "days"),
                f"of {stays} episodes",
            )
        )
        for outcome in (self.phq9, self.gad7):
            label = {phq9.NAME: phq9.TITLE, gad7.NAME: gad7.TITLE}[outcome.instrument]
            basis = f"of {outcome.eligible} eligible"
            reached = sum(count for _, count in outcome.days_to_remission)
            found.extend(
                [
                    (f"{label} response", _percent(outcome.responses, outcome.eligible), basis),
                    (f"{label} remission", _percent(outcome.remissions, outcome.eligible), basis),
                    (
                        f"{label} median weeks to remission",
                        _number(outcome.median_weeks_to_remission, "weeks"),
                        f"of {reached} who reached it",
                    ),
                ]
            )
        return tuple(found)

    def to_text(self) -> str:
        """The summary as aligned plain-text lines (missing figures as ``n/a``).

        >>> print(CohortSummary(participants=3, length_of_stay={20: 2, 30: 1}).to_text())
        ... # doctest: +ELLIPSIS
        participants                             3
        weekly compliance                      n/a  of 0 weeks
        ...
        median length of stay              20 days  of 3 episodes
        ...
        """
        rows = self.rows()
        width = max(len(measure) for measure, _, _ in rows)
        value_width = max(len(value) for _, value, _ in rows)
        return "\n".join(
            f"{measure:<{width}}  {value:>{value_width}}  {basis}".rstrip()
            for measure, value, basis in rows
        )

    def view(self) -> View:
        """What the summary shows: each measure, its value and its basis."""
        return View(
            kind="cohort",
            headline=None,
            lines=tuple(self.to_text().splitlines()),
            parts=(Table(("measure", "value", "basis"), self.rows()),),
        )


def _shares(counts: tuple[tuple[str, int], ...]) -> dict[str, float]:
    whole = sum(count for _, count in counts)
    return {key: count / whole for key, count in counts}


def _percent(part: int, whole: int) -> str:
    rate = rate_of(part, whole)
    return "n/a" if rate is None else f"{part} ({rate:.1%})"


def _number(value: float | None, unit: str) -> str:
    return "n/a" if value is None else f"{value:g} {unit}"
