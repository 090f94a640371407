"""Cohort-wide tables: every participant evaluated, lazily, and a stream per table.

:func:`evaluate_cohort` reads one participant, yields their evaluation and keeps
nothing else, so a generator of a million participants runs in the memory of one;
:func:`participant_records`, :func:`placement_records` and :func:`week_records`
stream one table each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

# The public signatures' names are imported at run time, as they were in one module,
# so that typing.get_type_hints (and the documentation) can resolve them.
import pendulum  # noqa: TC002 - see above

from iopcore.cohort._columns import Record  # noqa: TC001 - see above
from iopcore.cohort._evaluate import Evaluation, Settings, evaluate_records, to_settings
from iopcore.cohort._records import ParticipantRecordsLike, to_records
from iopcore.exceptions import InvalidTypeError
from iopcore.intensity import PartialWeeks
from iopcore.rulesets import Ruleset  # noqa: TC001 - see above

__all__ = [
    "evaluate_cohort",
    "participant_records",
    "placement_records",
    "week_records",
]


def evaluate_cohort(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Evaluation]:
    """Evaluate every participant of ``cohort``, lazily, in order.

    The arguments are checked at the call; each participant is read, evaluated (as
    :func:`evaluate_participant` does) and yielded before the next is read, and
    nothing is kept, so ``cohort`` may be a generator larger than memory.

    Raises:
        InvalidTypeError: ``cohort`` is not an iterable; while iterating, an item
            that is not a participant's records (named ``$.cohort[i]``).

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> results = evaluate_cohort(
    ...     synthetic.histories(2, seed=7, as_of=day, weeks=4), as_of=day, tz="America/New_York"
    ... )
    >>> [len(result.weeks) for result in results]
    [5, 5]
    """
    settings = to_settings(as_of, tz, ruleset, hours_ruleset, partial_weeks)
    if isinstance(cohort, str | bytes | Mapping) or not isinstance(cohort, Iterable):
        raise InvalidTypeError(
            "cohort", cohort, allowed="an iterable of ParticipantRecords (or synthetic histories)"
        )
    return _stream(cohort, settings)


def _stream(cohort: Iterable[object], settings: Settings) -> Iterator[Evaluation]:
    for index, item in enumerate(cohort):
        yield evaluate_records(to_records(item, f"$.cohort[{index}]"), settings)


def participant_records(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Record]:
    """Stream one participant record (:data:`PARTICIPANT_COLUMNS`) per participant.

    The arguments are those of :func:`evaluate_cohort`.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> sixteenth = synthetic.histories(16, seed=7, as_of=day)[15:]
    >>> (row,) = participant_records(sixteenth, as_of=day, tz="America/New_York")
    >>> row["phq9_baseline"], row["phq9_latest"], row["phq9_response"], row["phq9_remission"]
    (12, 2, True, True)
    >>> row["phq9_weeks_to_remission"], row["gad7_eligible"], row["gad7_response"]
    (6.0, False, None)
    """
    evaluations = evaluate_cohort(
        cohort,
        as_of=as_of,
        tz=tz,
        ruleset=ruleset,
        hours_ruleset=hours_ruleset,
        partial_weeks=partial_weeks,
    )
    return (evaluation.participant for evaluation in evaluations)


def placement_records(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Record]:
    """Stream one placement record (:data:`PLACEMENT_COLUMNS`) per assessment.

    The arguments are those of :func:`evaluate_cohort`.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> rows = placement_records(
    ...     synthetic.histories(1, seed=7, as_of=day, weeks=3), as_of=day, tz="America/New_York"
    ... )
    >>> [(row["program_week"], row["level"], row["phq9_total"]) for row in rows]
    [(1, 'IOP', 6), (2, 'OP', 12), (3, 'PHP', 7)]
    """
    evaluations = evaluate_cohort(
        cohort,
        as_of=as_of,
        tz=tz,
        ruleset=ruleset,
        hours_ruleset=hours_ruleset,
        partial_weeks=partial_weeks,
    )
    return (row for evaluation in evaluations for row in evaluation.placements)


def week_records(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Record]:
    """Stream one week record (:data:`WEEK_COLUMNS`) per program week and level.

    The arguments are those of :func:`evaluate_cohort`.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> rows = week_records(
    ...     synthetic.histories(1, seed=7, as_of=day, weeks=3), as_of=day, tz="America/New_York"
    ... )
    >>> [(row["program_week"], row["hours"], row["met"]) for row in rows]
    [(1, 3.0, True), (2, 6.0, False), (3, 9.0, True), (4, 0.0, False)]
    """
    evaluations = evaluate_cohort(
        cohort,
        as_of=as_of,
        tz=tz,
        ruleset=ruleset,
        hours_ruleset=hours_ruleset,
        partial_weeks=partial_weeks,
    )
    return (row for evaluation in evaluations for row in evaluation.weeks)
