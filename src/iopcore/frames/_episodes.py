"""The episodes table weekly compliance reads: when each participant's care began and ended.

:data:`EPISODES` documents it (one row per participant: ``admitted``, and
``discharged`` and ``stepping_down`` if known); :func:`read_episodes` reads one and
refuses the rows ``weekly_compliance`` would refuse as arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import narwhals as nw

from iopcore.frames._sessions import identifier_checks, one_row_per_participant
from iopcore.frames._tables import Column, Kind, RowCheck, Schema, read_table, refuse_rows

if TYPE_CHECKING:
    import datetime as dt

    from iopcore.frames._tables import InputTable

__all__ = ["EPISODES", "read_episodes"]

#: The episodes table: one row per participant, what ``weekly_compliance`` takes as
#: ``admitted``, ``discharged`` and ``stepping_down``.
EPISODES: Final = Schema(
    "episodes",
    (
        Column("participant_id", Kind.TEXT, description="The participant's opaque id."),
        Column("admitted", Kind.DATE, description="The first day in care."),
        Column(
            "discharged",
            Kind.DATE,
            required=False,
            description="The last day in care; null (or no column) while in care.",
        ),
        Column(
            "stepping_down",
            Kind.YES_NO,
            required=False,
            description="Whether the taper grace applies; null takes stepping_down=.",
        ),
        Column(
            "program_id",
            Kind.TEXT,
            required=False,
            description="The program's opaque id, if kept (read by cohort_tables).",
        ),
        Column(
            "initial_level",
            Kind.TEXT,
            required=False,
            description="The level code on admission ('IOP'; required by cohort_tables).",
        ),
    ),
)


def read_episodes(
    data: object, *, as_of_day: dt.date | None = None, columns: object = None
) -> InputTable:
    """``data`` read as an episodes table, the optional columns filled in as nulls.

    ``as_of_day`` is the last day judged (a date), if any: an admission after it is
    refused, as ``weekly_compliance`` refuses ``as_of`` before ``admitted``.

    Raises:
        InvalidRowsError: a missing or bad id, two rows of one participant, a
            missing admission, a discharge before admission, an admission after
            ``as_of``.
    """
    table = read_table(data, EPISODES, columns=columns).filled()
    admitted = nw.col("admitted")
    checks = [
        *identifier_checks(),
        one_row_per_participant(),
        RowCheck(
            "admitted", admitted.is_null(), allowed="the first day in care", reason="is missing"
        ),
        RowCheck(
            "discharged",
            nw.col("discharged") < admitted,
            allowed="a day on or after admitted",
            reason="is before admission",
        ),
    ]
    if as_of_day is not None:
        checks.append(
            RowCheck(
                "admitted",
                admitted > nw.lit(as_of_day, dtype=nw.Date),
                allowed=f"a day on or before as_of={as_of_day}",
                reason="is after as_of",
            )
        )
    refuse_rows(table, checks)
    return table
