"""Cohorts: placements, weekly compliance, transitions and outcomes for many participants.

An analyst has many participants, each with an episode, assessments and sessions.
This package runs iopcore's own evaluators over them, one participant at a time, and
gives **tidy records**: flat ``dict`` values with stable column names and plain types
(``str``, ``int``, ``float``, ``bool``, ``None`` and :class:`datetime.date`), one
table per kind of thing observed, that ``pandas.DataFrame(records)`` takes as is.

* :func:`evaluate_participant` evaluates one participant's
  :class:`ParticipantRecords` as known on ``as_of`` and returns an
  :class:`Evaluation`: one row of :data:`PARTICIPANT_COLUMNS`, a row of
  :data:`PLACEMENT_COLUMNS` for each assessment, and a row of :data:`WEEK_COLUMNS`
  for each program week in care.
* :func:`evaluate_cohort` does that for every item of an iterable, lazily: it reads
  one participant, yields their evaluation, and keeps nothing else, so a generator
  of a million participants runs in the memory of one.
  :func:`participant_records`, :func:`placement_records` and :func:`week_records`
  stream one table each.
* :func:`summarize` reduces participant records to a :class:`CohortSummary`: level
  mix, weekly compliance rate, step-up, step-down and discharge rates, median length
  of stay, PHQ-9 and GAD-7 in-stay response and remission rates and median weeks
  to remission (in-stay figures, not the HEDIS DRR-E measure, which
  :func:`iopcore.outcomes.drr_e` computes). A summary holds counts only, so
  summaries of partitions add up (``+``, :func:`merge`) to the summary of the whole, exactly.

Every function that a worker runs is a top-level function and every value pickles,
so the same calls run in a :class:`concurrent.futures.ProcessPoolExecutor`, a Dask
bag or a Spark RDD (see the documentation page "Cohorts").

No rule is written a second time here: placement is :func:`~iopcore.placement.recommend_level`,
weekly compliance :func:`~iopcore.intensity.weekly_compliance` against
:func:`~iopcore.intensity.requirement_for`, the decision
:func:`~iopcore.transitions.evaluate_transition`, and response and remission the
rules of :mod:`iopcore.instruments.change`.

References:
    * Response (a drop of at least 50% from baseline) and remission (PHQ-9 below 5)
      at the latest follow-up, among those whose baseline was elevated (PHQ-9 above
      9): NCQA HEDIS "Depression Remission or Response for Adolescents and Adults"
      (DRR-E), ncqa.org, as in :mod:`iopcore.instruments.change`. These are *in-stay*
      figures, not the HEDIS measure: that is :func:`iopcore.outcomes.drr_e`.
    * Elevated baseline ("caseness"): PHQ-9 >= 10, GAD-7 >= 8, NHS Talking Therapies
      manual (:data:`iopcore.instruments.change.CASENESS`); GAD-7 remission below 5
      (:data:`iopcore.instruments.change.REMISSION_BELOW`).
    * Wickham H. Tidy data. *J Stat Softw* 2014;59(10) (one row per observation,
      one table per kind of observational unit).

>>> import pendulum
>>> from iopcore import synthetic
>>> day = pendulum.date(2026, 3, 30)
>>> cohort = synthetic.histories(3, seed=7, as_of=day, weeks=6)
>>> rows = list(participant_records(cohort, as_of=day, tz="America/New_York"))
>>> [(row["participant_id"], row["level"], row["decision"]) for row in rows]
... # doctest: +NORMALIZE_WHITESPACE
[('syn-000001', 'PHP', 'stay'), ('syn-000002', 'IOP', 'step down'),
 ('syn-000003', 'OP', 'discharge')]
>>> summary = summarize(rows)
>>> summary.participants, summary.levels, summary.discharges
(3, (('OP', 1), ('IOP', 1), ('PHP', 1)), 1)
"""

from __future__ import annotations

from iopcore.cohort._columns import (
    OUTCOME_INSTRUMENTS,
    PARTICIPANT_COLUMNS,
    PLACEMENT_COLUMNS,
    WEEK_COLUMNS,
    Record,
    RecordValue,
)
from iopcore.cohort._counts import NOT_DETERMINABLE
from iopcore.cohort._evaluate import Evaluation, evaluate_participant
from iopcore.cohort._outcomes import OutcomeSummary
from iopcore.cohort._records import ParticipantRecords, ParticipantRecordsLike
from iopcore.cohort._summarize import merge, summarize
from iopcore.cohort._summary import CohortSummary
from iopcore.cohort._tables import (
    evaluate_cohort,
    participant_records,
    placement_records,
    week_records,
)

__all__ = [
    "NOT_DETERMINABLE",
    "OUTCOME_INSTRUMENTS",
    "PARTICIPANT_COLUMNS",
    "PLACEMENT_COLUMNS",
    "WEEK_COLUMNS",
    "CohortSummary",
    "Evaluation",
    "OutcomeSummary",
    "ParticipantRecords",
    "ParticipantRecordsLike",
    "Record",
    "RecordValue",
    "evaluate_cohort",
    "evaluate_participant",
    "merge",
    "participant_records",
    "placement_records",
    "summarize",
    "week_records",
]
