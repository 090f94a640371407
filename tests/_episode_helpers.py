"""Shared by the episode tests: levels, dates, builders of events and episodes, and one
full episode (a backdated step up, a step down and a discharge)."""

import pendulum

from iopcore import LevelOfCare
from iopcore.assessments import Role
from iopcore.episodes import (
    ChangeReason,
    Discharge,
    DischargeReason,
    Episode,
    LevelChange,
)

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
ADMITTED = D(2026, 1, 5)
SECRET = "SECRET-NOTE-TEXT"  # noqa: S105 - a note, not a password


def change(effective, from_level, to_level, *, recorded=None, **fields):
    return LevelChange(
        effective=effective,
        recorded=effective if recorded is None else recorded,
        from_level=from_level,
        to_level=to_level,
        reason=fields.pop("reason", ChangeReason.CLINICAL_DETERIORATION),
        decided_by=fields.pop("decided_by", Role.PSYCHIATRIST),
        **fields,
    )


def discharge(effective, *, recorded=None, **fields):
    return Discharge(
        effective=effective,
        recorded=effective if recorded is None else recorded,
        reason=fields.pop("reason", DischargeReason.GOALS_MET),
        **fields,
    )


def episode(*events, admitted=ADMITTED, initial_level=IOP, **fields):
    return Episode(
        participant_id="p-1",
        admitted=admitted,
        initial_level=initial_level,
        events=events,
        **fields,
    )


# IOP from 5 Jan, PHP from 19 Jan (recorded 21 Jan: backdated), IOP from 2 Feb,
# discharged on 16 Feb (first day out of care).
STEP_UP = change(D(2026, 1, 19), IOP, PHP, recorded=D(2026, 1, 21))
STEP_DOWN = change(D(2026, 2, 2), PHP, IOP, reason=ChangeReason.CLINICAL_IMPROVEMENT)
END = discharge(D(2026, 2, 16), recorded=D(2026, 2, 17))
FULL = episode(STEP_UP, STEP_DOWN, END)
