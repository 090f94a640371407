"""Summarizing participant records: one pass that keeps counts, and the sum of summaries.

:func:`summarize` reads each participant record once (from a stream, or the rows of a
pandas DataFrame, NaN read as missing) into running tallies and gives their
:class:`~iopcore.cohort.CohortSummary`; :func:`merge` adds up summaries of partitions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

from iopcore.cohort._columns import OUTCOME_INSTRUMENTS
from iopcore.cohort._counts import LEVEL_CODES, NOT_DETERMINABLE, level_key, to_count
from iopcore.cohort._outcomes import OutcomeSummary
from iopcore.cohort._summary import CohortSummary
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import gad7, phq9
from iopcore.transitions import TransitionKind

__all__ = ["merge", "summarize"]


_SUMMARY_COLUMNS: Final = (
    "level",
    "placement_level",
    "placement_determinable",
    "weeks_assessed",
    "weeks_met",
    "decision",
    "length_of_stay_days",
    *(
        f"{name}_{column}"
        for name in OUTCOME_INSTRUMENTS
        for column in ("eligible", "response", "remission", "weeks_to_remission")
    ),
)
_DECISIONS: Final = tuple(kind.value for kind in TransitionKind)


def _read(record: Mapping[str, object], column: str, kinds: tuple[type, ...], where: str) -> object:
    """A record's value, checked; NaN (pandas' missing number) is read as ``None``.

    A whole float is read as an int where an int is expected, since pandas stores an
    int column with missing values as floats.
    """
    value = record[column]
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if int in kinds and float not in kinds and value.is_integer():
            return int(value)
    if value is not None and (
        not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool))
    ):
        allowed = " or ".join(kind.__name__ for kind in kinds) + " or None"
        raise InvalidTypeError(f"{where}.{column}", value, allowed=allowed)
    return value


class _OutcomeTally:
    """Running counts of one instrument's outcomes."""

    def __init__(self) -> None:
        self.eligible = self.responses = self.remissions = 0
        self.days: Counter[int] = Counter()


class _Tally:
    """Counts of one pass over participant records (private; the summary is the value)."""

    def __init__(self) -> None:
        self.participants = self.weeks_assessed = self.weeks_met = 0
        self.levels: Counter[str] = Counter()
        self.recommended: Counter[str] = Counter()
        self.decisions: Counter[str] = Counter()
        self.stays: Counter[int] = Counter()
        self.outcomes = {name: _OutcomeTally() for name in OUTCOME_INSTRUMENTS}

    def add(self, record: object, where: str) -> None:
        if not isinstance(record, Mapping):
            raise InvalidTypeError(where, record, allowed="a participant record (a mapping)")
        absent = [column for column in _SUMMARY_COLUMNS if column not in record]
        if absent:
            raise InvalidValueError(
                where,
                f"a mapping without {', '.join(absent)}",
                allowed="a participant record (PARTICIPANT_COLUMNS)",
                reason="lacks columns",
            )
        self.participants += 1
        level = _read(record, "level", (str,), where)
        if level is not None:
            self.levels[level_key(level, f"{where}.level", LEVEL_CODES)] += 1
        self._placement(record, where)
        assessed = _read(record, "weeks_assessed", (int,), where)
        met = _read(record, "weeks_met", (int,), where)
        if assessed is not None:
            self.weeks_assessed += to_count(assessed, f"{where}.weeks_assessed")
        if met is not None:
            self.weeks_met += to_count(met, f"{where}.weeks_met")
        decision = _read(record, "decision", (str,), where)
        if decision is not None:
            if decision not in _DECISIONS:
                raise UnknownCodeError(f"{where}.decision", decision, allowed=", ".join(_DECISIONS))
            self.decisions[decision] += 1
        stay = _read(record, "length_of_stay_days", (int,), where)
        if stay is not None:
            self.stays[to_count(stay, f"{where}.length_of_stay_days")] += 1
        for name in OUTCOME_INSTRUMENTS:
            self._outcome(record, name, where)

    def _placement(self, record: Mapping[str, object], where: str) -> None:
        determinable = _read(record, "placement_determinable", (bool,), where)
        recommended = _read(record, "placement_level", (str,), where)
        if determinable is None:
            return
        if determinable:
            key = level_key(recommended, f"{where}.placement_level", LEVEL_CODES)
        else:
            key = NOT_DETERMINABLE
        self.recommended[key] += 1

    def _outcome(self, record: Mapping[str, object], name: str, where: str) -> None:
        if not _read(record, f"{name}_eligible", (bool,), where):
            return
        tally = self.outcomes[name]
        tally.eligible += 1
        tally.responses += bool(_read(record, f"{name}_response", (bool,), where))
        tally.remissions += bool(_read(record, f"{name}_remission", (bool,), where))
        weeks = _read(record, f"{name}_weeks_to_remission", (int, float), where)
        if isinstance(weeks, int | float):
            column = f"{where}.{name}_weeks_to_remission"
            days = weeks * 7
            if not math.isfinite(days):
                raise InvalidValueError(column, weeks, allowed="a finite number of weeks")
            tally.days[to_count(round(days), column)] += 1

    def summary(self) -> CohortSummary:
        outcomes = {
            name: OutcomeSummary(
                instrument=name,
                eligible=tally.eligible,
                responses=tally.responses,
                remissions=tally.remissions,
                days_to_remission=tally.days,
            )
            for name, tally in self.outcomes.items()
        }
        return CohortSummary(
            participants=self.participants,
            levels=self.levels,
            recommended=self.recommended,
            weeks_assessed=self.weeks_assessed,
            weeks_met=self.weeks_met,
            decisions=sum(self.decisions.values()),
            step_ups=self.decisions[TransitionKind.STEP_UP.value],
            step_downs=self.decisions[TransitionKind.STEP_DOWN.value],
            discharges=self.decisions[TransitionKind.DISCHARGE.value],
            length_of_stay=self.stays,
            phq9=outcomes[phq9.NAME],
            gad7=outcomes[gad7.NAME],
        )


def summarize(records: Iterable[Mapping[str, object]]) -> CohortSummary:
    """Summarize participant records (:data:`PARTICIPANT_COLUMNS`) in one pass.

    Reads each record once and keeps only counts, so ``records`` may be a stream
    (:func:`participant_records`) or the rows of a partition; summaries of
    partitions add up with ``+`` or :func:`merge`. Missing values stay missing: a
    participant without an episode adds to no rate about episodes.

    Args:
        records: Participant records, such as :func:`participant_records` gives (or
            rows of a pandas DataFrame of them: ``df.to_dict("records")``, after
            turning NaN back into ``None``).

    Raises:
        InvalidTypeError: ``records`` is not an iterable of mappings, or a value has
            the wrong type (named ``$.records[i].column``).
        InvalidValueError: a record lacks columns the summary reads, or a count is
            negative.
        UnknownCodeError: an unknown level code or decision.

    >>> from iopcore.cohort import PARTICIPANT_COLUMNS
    >>> rows = [
    ...     {column: None for column in PARTICIPANT_COLUMNS}
    ...     | {"level": "IOP", "decision": "step down", "length_of_stay_days": 30},
    ...     {column: None for column in PARTICIPANT_COLUMNS},
    ... ]
    >>> summary = summarize(rows)
    >>> summary.participants, summary.step_down_rate, summary.compliance_rate
    (2, 1.0, None)
    """
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise InvalidTypeError(
            "records", records, allowed="an iterable of participant records (mappings)"
        )
    tally = _Tally()
    for index, record in enumerate(records):
        tally.add(record, f"$.records[{index}]")
    return tally.summary()


def merge(summaries: Iterable[CohortSummary]) -> CohortSummary:
    """Add up summaries of partitions: the summary of all their records.

    For reductions such as ``dask.bag.Bag.reduction(summarize, merge)``.

    Raises:
        InvalidTypeError: ``summaries`` is not an iterable of :class:`CohortSummary`.

    >>> merge([CohortSummary(participants=2), CohortSummary(participants=3)]).participants
    5
    >>> merge([]) == CohortSummary()
    True
    """
    if isinstance(summaries, str | bytes | Mapping) or not isinstance(summaries, Iterable):
        raise InvalidTypeError(
            "summaries", summaries, allowed="an iterable of CohortSummary values"
        )
    total = CohortSummary()
    for index, summary in enumerate(summaries):
        if not isinstance(summary, CohortSummary):
            raise InvalidTypeError(f"$.summaries[{index}]", summary, allowed="a CohortSummary")
        total += summary
    return total
