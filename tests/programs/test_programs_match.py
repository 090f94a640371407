"""Matching a program to a participant."""

import pendulum
import pytest
from _program_builders import IOP, ON, PHP, program

from iopcore import LevelOfCare, Participant
from iopcore.exceptions import InvalidTypeError, InvalidValueError, IopcoreError
from iopcore.placement import Placement
from iopcore.programs import (
    Match,
    MatchOutcome,
    ProgramCheck,
    match,
)
from iopcore.rulesets import RulesetRef

# ---------------------------------------------------------------- matching


def placement(level, *, who="p-1", at_least=None, as_of=ON):
    return Placement(
        participant_id=who,
        assessed_on=as_of,
        as_of=as_of,
        level=level,
        determinable=level is not None,
        at_least=level or at_least or LevelOfCare.OUTPATIENT,
        at_most=level or LevelOfCare.INPATIENT,
        missing=() if level is not None else ("scores.cssrs.flags",),
        findings=(),
        ruleset=RulesetRef(id="reference", version="1", hash="0" * 64),
    )


ADULT_BIRTH = pendulum.date(1990, 5, 17)
TEEN_BIRTH = pendulum.date(2010, 5, 17)  # 15 on ON

# One row per case: the participant, the placement's level, the outcome and the checks
# of the findings, in order.
MATCH_CASES = [
    ("fits", ADULT_BIRTH, ["depression"], IOP, MatchOutcome.FITS, []),
    ("both conditions served", ADULT_BIRTH, ["depression", "anxiety"], IOP, MatchOutcome.FITS, []),
    ("level differs", ADULT_BIRTH, ["depression"], PHP, MatchOutcome.MISMATCH, ["level"]),
    ("population", TEEN_BIRTH, ["anxiety"], IOP, MatchOutcome.MISMATCH, ["population"]),
    ("condition", ADULT_BIRTH, ["ocd", "depression"], IOP, MatchOutcome.MISMATCH, ["condition"]),
    (
        "not determinable",
        ADULT_BIRTH,
        ["depression"],
        None,
        MatchOutcome.NOT_DETERMINABLE,
        ["level not determinable"],
    ),
    (
        "no conditions recorded",
        ADULT_BIRTH,
        [],
        IOP,
        MatchOutcome.NOT_DETERMINABLE,
        ["conditions not recorded"],
    ),
    (
        "a definite mismatch outweighs an unknown",
        TEEN_BIRTH,
        ["depression"],
        None,
        MatchOutcome.MISMATCH,
        ["population", "level not determinable"],
    ),
    (
        "everything off",
        TEEN_BIRTH,
        ["ptsd", "ocd"],
        PHP,
        MatchOutcome.MISMATCH,
        ["population", "condition", "condition", "level"],
    ),
]


@pytest.mark.parametrize(
    ("born", "conditions", "level", "outcome", "checks"),
    [case[1:] for case in MATCH_CASES],
    ids=[case[0] for case in MATCH_CASES],
)
def test_match_table(born, conditions, level, outcome, checks):
    person = Participant(id="p-1", birth_date=born, conditions=conditions)
    result = match(program(), person, placement(level), as_of=ON)
    assert result.outcome is outcome
    assert result.fits is (outcome is MatchOutcome.FITS)
    assert [finding.check.value for finding in result.findings] == checks
    assert result.level is level
    assert result.lines()[0] == f"adult-iop for p-1 on 2026-03-02: {outcome.value}"


def test_match_findings_are_structured():
    person = Participant(id="p-1", birth_date=TEEN_BIRTH, conditions=["ocd"])
    result = match(program(), person, placement(PHP), as_of=ON)
    population, condition, level = result.findings
    assert (population.observed, population.required) == ("adolescent", "adult")
    assert (condition.observed, condition.required) == ("ocd", "anxiety, depression")
    assert (level.observed, level.required) == ("PHP", "IOP")
    assert level.check is ProgramCheck.LEVEL


def test_match_uses_the_programs_adult_age():
    """DCMR 22-A6329 counts youth under 21: a program may draw its line there."""
    twenty = Participant(id="p-1", birth_date=pendulum.date(2006, 1, 1), conditions=["anxiety"])
    youth = program(populations=["adolescent"], adult_age=21)
    assert match(youth, twenty, placement(IOP), as_of=ON).fits
    assert not match(program(populations=["adolescent"]), twenty, placement(IOP), as_of=ON).fits


def test_match_uses_the_chosen_level_of_an_override():
    person = Participant(id="p-1", birth_date=ADULT_BIRTH, conditions=["depression"])
    chosen = placement(PHP).override(IOP, reason="not shown", decided_by="psychiatrist")
    assert match(program(), person, chosen, as_of=ON).fits
    open_one = placement(None).override(IOP, reason="not shown", decided_by="psychiatrist")
    assert match(program(), person, open_one, as_of=ON).outcome is MatchOutcome.FITS


def test_match_shows_no_personal_data():
    person = Participant(id="p-1", birth_date=ADULT_BIRTH, conditions=["ocd"])
    result = match(program(), person, placement(IOP), as_of=ON)
    shown = repr(result) + "".join(result.lines())
    assert "1990" not in shown
    assert "05-17" not in shown
    assert isinstance(result, Match)


def test_match_errors():
    person = Participant(id="p-1", birth_date=ADULT_BIRTH, conditions=["depression"])
    with pytest.raises(InvalidValueError) as caught:
        match(program(), person, placement(IOP, who="p-2"), as_of=ON)
    assert caught.value.field == "placement.participant_id"
    with pytest.raises(InvalidValueError) as caught:
        match(program(), person, placement(IOP, as_of=ON.add(days=1)), as_of=ON)
    assert caught.value.field == "placement.as_of"
    with pytest.raises(InvalidTypeError):
        match("adult-iop", person, placement(IOP), as_of=ON)
    with pytest.raises(InvalidTypeError):
        match(program(), "p-1", placement(IOP), as_of=ON)
    with pytest.raises(InvalidTypeError):
        match(program(), person, "IOP", as_of=ON)
    with pytest.raises(IopcoreError):
        match(program(), person, placement(IOP), as_of=pendulum.naive(2026, 3, 2))
