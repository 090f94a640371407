"""Matching: can a program serve a participant at the level placement calls for?

:func:`match` checks population, conditions and level, and gives a :class:`Match`
whose findings say what failed or could not be told.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._validation import other_participants, to_as_of
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition, Participant, Population
from iopcore.placement import Placement
from iopcore.programs._findings import ProgramCheck, ProgramFinding
from iopcore.programs._program import Program

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Match", "MatchOutcome", "match"]


class MatchOutcome(enum.Enum):
    """Whether a program can serve a participant now."""

    FITS = "fits"
    MISMATCH = "mismatch"
    NOT_DETERMINABLE = "not determinable"


@attrs.frozen(kw_only=True)
class Match:
    """Whether a program can serve a participant, and each mismatch.

    Attributes:
        program_id: The program's id.
        participant_id: The participant's opaque id.
        as_of: The day it was judged for.
        outcome: Fits, mismatch, or not determinable.
        level: The level placement calls for (the chosen level if an override was
            recorded), or ``None`` when not determinable.
        findings: One finding per mismatch or unknown.
    """

    program_id: str
    participant_id: str
    as_of: pendulum.Date
    outcome: MatchOutcome
    level: LevelOfCare | None
    findings: tuple[ProgramFinding, ...]

    @property
    def fits(self) -> bool:
        """Whether the program can serve the participant now (no finding at all)."""
        return self.outcome is MatchOutcome.FITS

    def lines(self) -> tuple[str, ...]:
        """The outcome, then one line per finding (see :func:`match` for an example)."""
        head = f"{self.program_id} for {self.participant_id} on {self.as_of.isoformat()}"
        return (f"{head}: {self.outcome.value}", *(finding.text for finding in self.findings))


def _names(members: Iterable[enum.Enum]) -> str:
    return ", ".join(sorted(str(member.value) for member in members))


def match(
    program: Program,
    participant: Participant,
    placement: Placement,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
) -> Match:
    """Whether ``program`` can serve ``participant`` on ``as_of`` at the placement's level.

    Checks, each giving a :class:`ProgramFinding` when it fails:

    * population: the participant's population on ``as_of`` (by the program's
      ``adult_age``) is one the program serves;
    * conditions: every condition of the participant's is one the program serves
      (none recorded: the fit cannot be told);
    * level: the program's level is the level placement calls for, the chosen level if
      an override was recorded, else the recommended one (none: cannot be told).

    The outcome is ``MISMATCH`` when any check fails, else ``NOT_DETERMINABLE`` when
    any cannot be told, else ``FITS``.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        InvalidValueError: a placement of another participant, or made after ``as_of``.

    >>> import pendulum
    >>> from iopcore import Participant
    >>> from iopcore.placement import recommend_level
    >>> from iopcore.assessments import Assessment
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> program = Program(
    ...     id="teen-evening",
    ...     name="Adolescent evening IOP",
    ...     level="IOP",
    ...     populations=["adolescent"],
    ...     conditions=["depression", "anxiety"],
    ...     calendar=ProgramCalendar(tz="America/Chicago"),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz="America/Chicago",
    ...             slots=[
    ...                 WeeklySlot(weekday=d, start=pendulum.time(16), end=pendulum.time(19))
    ...                 for d in (0, 1, 3)
    ...             ],
    ...         )
    ...     ],
    ... )
    >>> on = pendulum.date(2026, 3, 2)
    >>> person = Participant(id="p-7", birth_date=pendulum.date(2000, 1, 1), conditions=["ocd"])
    >>> placement = recommend_level(
    ...     Assessment(participant_id="p-7", assessed_on=on, ratings={"safety": 4}), as_of=on
    ... )
    >>> result = match(program, person, placement, as_of=on)
    >>> result.outcome.value
    'mismatch'
    >>> for line in result.lines()[1:]:
    ...     print(line)
    population: adult not served (serves adolescent)
    condition: ocd not served (serves anxiety, depression)
    level: placement calls for INPATIENT, the program delivers INTENSIVE_OUTPATIENT
    """
    if not isinstance(program, Program):
        raise InvalidTypeError("program", program, allowed="a Program")
    if not isinstance(participant, Participant):
        raise InvalidTypeError("participant", participant, allowed="a Participant")
    if not isinstance(placement, Placement):
        raise InvalidTypeError("placement", placement, allowed="a Placement")
    on = to_as_of(as_of)
    for error in other_participants(
        (placement.participant_id,),
        participant.id,
        path="placement.participant_id",
        allowed=f"the participant's id {participant.id!r}",
    ):
        raise error
    if placement.as_of > on:
        raise InvalidValueError(
            "placement.as_of", placement.as_of, allowed=f"a day on or before as_of={on}"
        )
    population = participant.population_on(on, adult_age=program.adult_age)
    level = placement.actual_level
    findings = [
        *_population_findings(program, population),
        *_condition_findings(program, participant.conditions),
        *_level_findings(program, placement, level),
    ]
    checks = {finding.check for finding in findings}
    failed = bool(checks & _MISMATCHES)
    unknown = bool(checks - _MISMATCHES)
    if failed:
        outcome = MatchOutcome.MISMATCH
    elif unknown:
        outcome = MatchOutcome.NOT_DETERMINABLE
    else:
        outcome = MatchOutcome.FITS
    return Match(
        program_id=program.id,
        participant_id=participant.id,
        as_of=on,
        outcome=outcome,
        level=level,
        findings=tuple(findings),
    )


def _value(member: enum.Enum) -> str:
    return str(member.value)


#: Findings that make a match fail (the others leave it not determinable).
_MISMATCHES: Final = frozenset(
    {ProgramCheck.LEVEL, ProgramCheck.POPULATION, ProgramCheck.CONDITION}
)


def _population_findings(program: Program, population: Population) -> list[ProgramFinding]:
    if population in program.populations:
        return []
    served = _names(program.populations)
    return [
        ProgramFinding(
            check=ProgramCheck.POPULATION,
            observed=population.value,
            required=served,
            text=f"population: {population.value} not served (serves {served})",
        )
    ]


def _condition_findings(program: Program, conditions: frozenset[Condition]) -> list[ProgramFinding]:
    served = _names(program.conditions)
    if not conditions:
        return [
            ProgramFinding(
                check=ProgramCheck.CONDITIONS_NOT_RECORDED,
                observed=None,
                required=served,
                text=f"conditions: none recorded, cannot tell (serves {served})",
            )
        ]
    return [
        ProgramFinding(
            check=ProgramCheck.CONDITION,
            observed=condition.value,
            required=served,
            text=f"condition: {condition.value} not served (serves {served})",
        )
        for condition in sorted(conditions - program.conditions, key=_value)
    ]


def _level_findings(
    program: Program, placement: Placement, level: LevelOfCare | None
) -> list[ProgramFinding]:
    if level is None:
        return [
            ProgramFinding(
                check=ProgramCheck.LEVEL_NOT_DETERMINABLE,
                observed=None,
                required=program.level.code,
                text=(
                    f"level: placement not determinable (at least {placement.at_least.name}), "
                    f"the program delivers {program.level.name}"
                ),
            )
        ]
    if level is program.level:
        return []
    return [
        ProgramFinding(
            check=ProgramCheck.LEVEL,
            observed=level.code,
            required=program.level.code,
            text=(
                f"level: placement calls for {level.name}, the program delivers "
                f"{program.level.name}"
            ),
        )
    ]
