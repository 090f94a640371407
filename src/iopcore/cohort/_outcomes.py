"""In-stay outcomes on one instrument across a cohort, as counts that add up.

:class:`OutcomeSummary` counts the participants eligible on one of
:data:`~iopcore.cohort.OUTCOME_INSTRUMENTS`, how many responded and remitted, and
after how many days from baseline they first reached remission; its rates and the
median weeks to remission are read from those counts.
"""

from __future__ import annotations

import attrs

from iopcore._validation import ErrorCollector
from iopcore.cohort._columns import OUTCOME_INSTRUMENTS
from iopcore.cohort._counts import added_counts, is_count, median_of, rate_of, to_histogram
from iopcore.exceptions import InvalidValueError, UnknownCodeError

__all__ = ["OutcomeSummary"]


def _days_to_remission(values: object) -> tuple[tuple[int, int], ...]:
    return to_histogram(values, "days_to_remission")


def _instrument_name(value: object) -> str:
    if not isinstance(value, str) or value not in OUTCOME_INSTRUMENTS:
        raise UnknownCodeError("instrument", value, allowed=", ".join(OUTCOME_INSTRUMENTS))
    return value


@attrs.frozen(kw_only=True)
class OutcomeSummary:
    """In-stay response and remission on one instrument across a cohort: counts that add up.

    In-stay means from the baseline to the latest score in care; this is not the
    HEDIS DRR-E measure (120 to 240 days after an index score), for which see
    :func:`iopcore.outcomes.drr_e`.

    Attributes:
        instrument: ``"phq9"`` or ``"gad7"``.
        eligible: Participants with a baseline at caseness and a later complete score.
        responses: Of those, how many responded at the latest score
            (:func:`~iopcore.instruments.change.response`: a drop of at least 50%).
        remissions: Of those, how many were in remission at the latest score
            (:func:`~iopcore.instruments.change.remission`: below 5).
        days_to_remission: How many eligible participants first reached remission
            after so many days from baseline, as ``(days, participants)`` pairs.

    Raises:
        UnknownCodeError: an instrument other than those of :data:`OUTCOME_INSTRUMENTS`.
        InvalidTypeError: a count that is not an int (or a malformed histogram).
        InvalidValueError: a negative count, or more responses or remissions than
            eligible participants.

    >>> outcome = OutcomeSummary(
    ...     instrument="phq9", eligible=4, responses=2, remissions=1, days_to_remission={28: 1}
    ... )
    >>> outcome.response_rate, outcome.remission_rate, outcome.median_weeks_to_remission
    (0.5, 0.25, 4.0)
    >>> OutcomeSummary(instrument="gad7").response_rate is None
    True
    """

    instrument: str = attrs.field(converter=_instrument_name)
    eligible: int = attrs.field(default=0, validator=is_count)
    responses: int = attrs.field(default=0, validator=is_count)
    remissions: int = attrs.field(default=0, validator=is_count)
    days_to_remission: tuple[tuple[int, int], ...] = attrs.field(
        default=(), converter=_days_to_remission
    )

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("outcome summary")
        reached = sum(count for _, count in self.days_to_remission)
        for field, value in (
            ("responses", self.responses),
            ("remissions", self.remissions),
            ("days_to_remission", reached),
        ):
            if value > self.eligible:
                collector.errors.append(
                    InvalidValueError(
                        field,
                        value,
                        allowed=f"at most eligible={self.eligible}",
                        reason="counts more participants than are eligible",
                    )
                )
        collector.raise_if_any()

    @property
    def response_rate(self) -> float | None:
        """Responses over eligible participants; ``None`` when none is eligible."""
        return rate_of(self.responses, self.eligible)

    @property
    def remission_rate(self) -> float | None:
        """Remissions over eligible participants; ``None`` when none is eligible."""
        return rate_of(self.remissions, self.eligible)

    @property
    def median_weeks_to_remission(self) -> float | None:
        """Median weeks from baseline to first remission among those who reached it."""
        days = median_of(self.days_to_remission)
        return None if days is None else days / 7

    def __add__(self, other: object) -> OutcomeSummary:
        if not isinstance(other, OutcomeSummary) or other.instrument != self.instrument:
            return NotImplemented
        histogram = added_counts(self.days_to_remission, other.days_to_remission)
        return OutcomeSummary(
            instrument=self.instrument,
            eligible=self.eligible + other.eligible,
            responses=self.responses + other.responses,
            remissions=self.remissions + other.remissions,
            days_to_remission=histogram,
        )
