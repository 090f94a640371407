"""iopcore: the care logic of Intensive Outpatient Programs, as plain Python objects.

Levels of care and their crosswalks, participants, questionnaire scoring and
reliable change, placement rules and the rulesets they come in, session intensity
and weekly compliance, episodes of care and transitions between levels, programs and
curricula, cohort tables, JSON and FHIR forms, and a synthetic cohort. No I/O, no
clock: every time-dependent function takes an explicit ``as_of``.

>>> import iopcore
>>> iopcore.LevelOfCare.INTENSIVE_OUTPATIENT < iopcore.LevelOfCare.INPATIENT
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopcore.levels import LevelOfCare
from iopcore.participants import Condition, Participant, Population, Sex

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.episodes import Discharge, Episode, LevelChange
    from iopcore.instruments import Score
    from iopcore.intensity import requirement_for, weekly_compliance
    from iopcore.placement import Placement, recommend_level
    from iopcore.programs import Program
    from iopcore.sessions import Attendance, ServiceType, Session
    from iopcore.transitions import TransitionDecision, evaluate_transition, obligations

__all__ = [
    "Assessment",
    "Attendance",
    "Condition",
    "Discharge",
    "Episode",
    "LevelChange",
    "LevelOfCare",
    "Participant",
    "Placement",
    "Population",
    "Program",
    "Score",
    "ServiceType",
    "Session",
    "Sex",
    "TransitionDecision",
    "__version__",
    "evaluate_transition",
    "obligations",
    "recommend_level",
    "requirement_for",
    "weekly_compliance",
]

__version__: str

# Names imported from their modules on first use, so that `import iopcore` stays
# cheap (the rules engine and the instruments load only when asked for).
_LAZY = {
    "Assessment": "iopcore.assessments",
    "Attendance": "iopcore.sessions",
    "Discharge": "iopcore.episodes",
    "Episode": "iopcore.episodes",
    "LevelChange": "iopcore.episodes",
    "Placement": "iopcore.placement",
    "Program": "iopcore.programs",
    "Score": "iopcore.instruments",
    "ServiceType": "iopcore.sessions",
    "Session": "iopcore.sessions",
    "TransitionDecision": "iopcore.transitions",
    "evaluate_transition": "iopcore.transitions",
    "obligations": "iopcore.transitions",
    "recommend_level": "iopcore.placement",
    "requirement_for": "iopcore.intensity",
    "weekly_compliance": "iopcore.intensity",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - lazy by design

        return version("iopcore")
    if name in _LAZY:
        import importlib  # noqa: PLC0415 - lazy by design

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'iopcore' has no attribute {name!r}")
