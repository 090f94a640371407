"""iopcore: the care logic of Intensive Outpatient Programs, as plain Python objects.

Levels of care and their crosswalks, participants, and (as the library grows)
instrument scoring, placement rules, session intensity and transitions. No I/O, no
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
    from iopcore.instruments import Score

__all__ = [
    "Condition",
    "LevelOfCare",
    "Participant",
    "Population",
    "Score",
    "Sex",
    "__version__",
]

__version__: str


def __getattr__(name: str) -> object:
    # The version is read from the installed metadata only when asked for, so that
    # `import iopcore` does not pay for importlib.metadata; Score likewise imports
    # the instruments package on first use.
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - lazy by design

        return version("iopcore")
    if name == "Score":
        from iopcore.instruments import Score  # noqa: PLC0415 - lazy by design

        return Score
    raise AttributeError(f"module 'iopcore' has no attribute {name!r}")
