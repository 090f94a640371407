"""What checking a program finds: a coded :class:`ProgramFinding` per mismatch or unknown.

:func:`~iopcore.programs.match` and :func:`~iopcore.programs.group_capacity` both
report their findings in these terms.
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["ProgramCheck", "ProgramFinding"]


class ProgramCheck(enum.Enum):
    """What a program finding is about."""

    #: The program's level differs from the level placement calls for.
    LEVEL = "level"
    #: The placement does not settle a level, so the level fit cannot be told.
    LEVEL_NOT_DETERMINABLE = "level not determinable"
    #: The participant's population on ``as_of`` is not one the program serves.
    POPULATION = "population"
    #: A condition of the participant's that the program does not serve.
    CONDITION = "condition"
    #: The participant has no conditions recorded, so the condition fit cannot be told.
    CONDITIONS_NOT_RECORDED = "conditions not recorded"
    #: A group meeting attended by more participants than the maximum group size.
    OVER_CAPACITY = "over capacity"


@attrs.frozen(kw_only=True)
class ProgramFinding:
    """One thing found when a program is checked: coded values only, no personal data.

    Attributes:
        check: What it is about.
        observed: What was found (a level code, population, condition or count), or
            ``None`` when it is missing.
        required: What the program has or allows, in words or as a number.
        text: The finding in words.
    """

    check: ProgramCheck
    observed: str | int | None
    required: str | int | None
    text: str
