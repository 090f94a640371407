"""The tidy tables: the type of a record's values and the columns of each table.

:mod:`iopcore.cohort` gives three tables, one per kind of thing observed: a participant
record per participant, a placement record per assessment and a week record per
program week and level. This module names their columns, in order, and the
instruments (:data:`OUTCOME_INSTRUMENTS`) whose outcomes have columns.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from iopcore.instruments import gad7, phq9

__all__ = [
    "OUTCOME_INSTRUMENTS",
    "PARTICIPANT_COLUMNS",
    "PLACEMENT_COLUMNS",
    "WEEK_COLUMNS",
    "Record",
    "RecordValue",
]


#: The type of every value in a record.
RecordValue = str | int | float | bool | dt.date | None
#: One tidy record (a row).
Record = dict[str, RecordValue]

#: The instruments whose response and remission are counted (those with both rules in
#: :mod:`iopcore.instruments.change`).
OUTCOME_INSTRUMENTS: Final = (phq9.NAME, gad7.NAME)

#: Columns of a participant record, in order (one row per participant, as of
#: ``as_of``):
#:
#: * ``participant_id`` (str), ``as_of`` (date), ``population`` (``"adult"`` or
#:   ``"adolescent"`` on ``as_of``).
#: * ``admitted`` (date), ``initial_level`` and ``level`` (level codes such as
#:   ``"IOP"``; ``level`` is the level in force on ``as_of``, ``None`` before
#:   admission and after discharge), ``discharged`` (bool), ``length_of_stay_days``
#:   (int, :meth:`~iopcore.episodes.Episode.length_of_stay`), ``step_ups`` and
#:   ``step_downs`` (recorded level changes): all ``None`` without an episode. Only
#:   what was recorded on or before ``as_of`` counts.
#: * ``assessments`` (int, dated on or before ``as_of``), ``placement_level`` (the
#:   level recommended on the latest of them; ``None`` when not determinable or with
#:   no assessment), ``placement_determinable`` (bool; ``None`` with no assessment).
#: * ``weeks_assessed`` and ``weeks_met`` (int: program weeks judged, and met;
#:   ``None`` without an episode).
#: * ``decision`` (``"stay"``, ``"step up"``, ``"step down"``, ``"discharge"``),
#:   ``to_level``, ``decision_rule`` and ``next_review`` (date): the transition
#:   decision on ``as_of``, ``None`` without an episode in care on ``as_of`` or when
#:   the ruleset has no transition parameters.
#: * For each of :data:`OUTCOME_INSTRUMENTS` (``phq9_...``, ``gad7_...``):
#:   ``baseline`` and ``latest`` (int totals: first and last complete score, or
#:   ``None``), ``eligible`` (bool: a baseline at caseness and a later complete
#:   score), ``response``, ``remission`` (bool, ``None`` when not eligible) and
#:   ``weeks_to_remission`` (float; ``None`` when not eligible or not reached).
#: * ``ruleset_id``, ``ruleset_version``, ``ruleset_hash``: the placement and
#:   transition ruleset.
PARTICIPANT_COLUMNS: Final = (
    "participant_id",
    "as_of",
    "population",
    "admitted",
    "initial_level",
    "level",
    "discharged",
    "length_of_stay_days",
    "step_ups",
    "step_downs",
    "assessments",
    "placement_level",
    "placement_determinable",
    "weeks_assessed",
    "weeks_met",
    "decision",
    "to_level",
    "decision_rule",
    "next_review",
    *(
        f"{name}_{column}"
        for name in OUTCOME_INSTRUMENTS
        for column in (
            "baseline",
            "latest",
            "eligible",
            "response",
            "remission",
            "weeks_to_remission",
        )
    ),
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)

#: Columns of a placement record (one row per assessment dated on or before
#: ``as_of``, oldest first): ``participant_id``, ``assessed_on`` and ``as_of``
#: (dates), ``program_week`` (int, 1 for the week of admission; ``None`` without an
#: episode or before admission), ``level_in_care`` (the level in force on the
#: assessment's date, or ``None``), ``level`` (recommended; ``None`` when not
#: determinable), ``determinable`` (bool), ``at_least`` and ``at_most`` (level
#: codes), ``missing`` (the missing inputs that leave the level open, joined by
#: ``", "``; ``""`` when none), ``phq9_total`` and ``gad7_total`` (int or ``None``),
#: ``ruleset_id``, ``ruleset_version``, ``ruleset_hash``.
PLACEMENT_COLUMNS: Final = (
    "participant_id",
    "assessed_on",
    "as_of",
    "program_week",
    "level_in_care",
    "level",
    "determinable",
    "at_least",
    "at_most",
    "missing",
    "phq9_total",
    "gad7_total",
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)

#: Columns of a week record (one row per program week in care up to ``as_of``, per
#: level: a week with a level change gives a row for each level):
#: ``participant_id``, ``week_start`` (date), ``program_week`` (int, 1 for the week
#: of admission), ``level`` and ``population`` (what the week was judged for),
#: ``hours``, ``scheduled_hours``, ``required_hours`` (float), ``max_hours``
#: (float, ``None`` with no ceiling), ``days_attended`` (int), ``open_fraction``
#: (float), ``assessed`` and ``met`` (bool, as
#: :class:`~iopcore.intensity.WeekCompliance` has them), ``ruleset_id``,
#: ``ruleset_version``, ``ruleset_hash`` (the hours ruleset).
WEEK_COLUMNS: Final = (
    "participant_id",
    "week_start",
    "program_week",
    "level",
    "population",
    "hours",
    "scheduled_hours",
    "required_hours",
    "max_hours",
    "days_attended",
    "open_fraction",
    "assessed",
    "met",
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)
