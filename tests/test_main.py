import os
import re
import subprocess
import sys

import pendulum
import pytest

from iopcore import cohort, synthetic
from iopcore.__main__ import (
    DEFAULT_PARTICIPANTS,
    DEFAULT_SEED,
    WALKTHROUGH_DATE,
    _curriculum_lines,
    _placement_lines,
    _program_lines,
    _transition_lines,
    main,
    programs,
    walkthrough,
)
from iopcore.programs import schedule_intensity
from iopcore.transitions import evaluate_transition

DEFAULT = walkthrough()
SMALL = walkthrough(participants=40, seed=3)


def _block(lines, heading):
    """The lines from the one starting with ``heading`` to the next blank line."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def _shown_id(lines):
    (line,) = [line for line in lines if line.startswith("Placement of ")]
    return line.split()[2]


def test_walkthrough_header_levels_and_crosswalks():
    assert DEFAULT[0] == (
        "iopcore walkthrough (as of 2026-03-02, synthetic data only: "
        f"{DEFAULT_PARTICIPANTS} participants, seed {DEFAULT_SEED})"
    )
    assert pendulum.date(2026, 3, 2) == WALKTHROUGH_DATE
    assert "  IOP  intensive outpatient" in DEFAULT
    text = "\n".join(DEFAULT)
    assert "RES -> ASAM 3rd ed.  3.1, 3.2-WM, 3.3, 3.5, 3.7, 3.7-WM" in text
    assert "A program census on 2026-03-02: 300 made-up participants in care" in text


def test_walkthrough_shows_every_part_in_order():
    headings = [
        "Placement of syn-",
        "Program for syn-",
        "PHQ-9 and GAD-7 over syn-",
        "Weekly intensity of syn-",
        "Medicare billing days since",
        "Curriculum progress of syn-",
        "Episode of syn-",
        "Deadlines ahead of syn-",
        "Cohort summary on 2026-03-02 (iopcore.cohort):",
    ]
    positions = [
        next(i for i, line in enumerate(DEFAULT) if line.startswith(heading))
        for heading in headings
    ]
    assert positions == sorted(positions)
    person = _shown_id(DEFAULT)
    assert all(
        person in DEFAULT[i] for i in positions[:-1] if "syn-" in headings[positions.index(i)]
    )


def test_the_participant_shown_is_the_first_long_stay_with_a_decision():
    """The first participant in care for 28 days or more whose decision is not a stay."""
    person = _shown_id(DEFAULT)
    for stay in synthetic.census(DEFAULT_PARTICIPANTS, seed=DEFAULT_SEED, as_of=WALKTHROUGH_DATE):
        if stay.episode.length_of_stay(WALKTHROUGH_DATE) < 28:
            continue
        decision = evaluate_transition(
            stay.episode,
            assessments=stay.assessments,
            sessions=stay.sessions,
            as_of=WALKTHROUGH_DATE,
        )
        if decision.kind.name != "STAY":
            assert stay.participant.id == person
            break
    else:  # pragma: no cover - the default census has one
        pytest.fail("no participant to show")
    block = _block(DEFAULT, "Episode of ")
    assert not any(line.startswith("  STAY") for line in block)
    assert any(line.startswith("  once confirmed: 2026-03-03 ") for line in block)


def test_the_shown_blocks_hold_what_they_say():
    person = _shown_id(DEFAULT)
    placement = _block(DEFAULT, "Placement of ")
    assert placement[1].startswith("  recommended: ")
    assert placement[-1].startswith("  ruleset: reference 2026.2 (")
    outcomes = _block(DEFAULT, "PHQ-9 and GAD-7 over ")
    weekly = [line for line in outcomes if re.match(r"  2026-\d\d-\d\d  PHQ-9", line)]
    assert len(weekly) >= 4  # in care for four weeks or more: an assessment a week
    assert any(line.startswith("  PHQ-9: baseline ") for line in outcomes)
    assert any(line.startswith("  GAD-7: baseline ") for line in outcomes)
    assert outcomes[-1].endswith("PHQ-9 6.1, GAD-7 3.5 points")
    intensity = _block(DEFAULT, "Weekly intensity of ")
    assert intensity[1].split()[:3] == ["week", "hours", "required"]
    billing = _block(DEFAULT, "Medicare billing days since")
    assert all(
        re.match(r"  2026-\d\d-\d\d  \d services?  tier (none|3|4)$", x) for x in billing[1:]
    )
    curriculum = _block(DEFAULT, "Curriculum progress of ")
    assert curriculum[1].startswith(f"  {person}, DBT skills in ")
    deadlines = DEFAULT[DEFAULT.index(f"Deadlines ahead of {person} on 2026-03-02:") + 1 :]
    deadlines = deadlines[: deadlines.index("")]
    dues = [line.split()[0] for line in deadlines]
    assert dues == sorted(dues)


def test_the_cohort_summary_is_that_of_iopcore_cohort():
    block = _block(DEFAULT, "Cohort summary on ")
    expected = cohort.summarize(
        cohort.participant_records(
            synthetic.census(DEFAULT_PARTICIPANTS, seed=DEFAULT_SEED, as_of=WALKTHROUGH_DATE),
            as_of=WALKTHROUGH_DATE,
            tz="America/New_York",
        )
    )
    assert [line[2:] for line in block[1:]] == expected.to_text().splitlines()
    text = "\n".join(block)
    for measure in ("step up decisions", "step down decisions", "discharge decisions"):
        assert measure in text
    assert "PHQ-9 remission" in text
    assert "GAD-7 median weeks to remission" in text


def test_walkthrough_is_deterministic_for_a_seed_and_differs_across_seeds():
    assert walkthrough() == DEFAULT
    assert walkthrough(participants=40, seed=3) == SMALL
    other = walkthrough(participants=40, seed=4)
    assert other != SMALL
    assert other[0].endswith("40 participants, seed 4)")


def test_walkthrough_never_looks_past_its_date():
    """Every record shown before the deadlines is dated on or before the walkthrough's
    date; only the confirmed event (the next day), the next review and the deadlines
    look ahead."""
    for lines in (DEFAULT, SMALL):
        records = lines[: next(i for i, x in enumerate(lines) if x.startswith("Deadlines"))]
        for line in records:
            if line.startswith(("  once confirmed", "  next review by")):
                continue
            for found in re.findall(r"\d{4}-\d\d-\d\d", line):
                assert found <= "2026-03-02", line


def test_walkthrough_shows_no_birth_dates():
    for lines, seed, count in ((DEFAULT, DEFAULT_SEED, DEFAULT_PARTICIPANTS), (SMALL, 3, 40)):
        text = "\n".join(lines)
        for person in synthetic.participants(count, seed=seed, as_of=WALKTHROUGH_DATE):
            assert person.birth_date.isoformat() not in text


def test_a_census_with_no_long_stay_shows_only_the_summary():
    (only,) = synthetic.census(1, seed=1, as_of=WALKTHROUGH_DATE)
    assert only.episode.length_of_stay(WALKTHROUGH_DATE) < 28
    lines = walkthrough(participants=1, seed=1)
    assert "  None has been in care for 28 days yet: try more participants to see one in full." in (
        lines
    )
    assert not any(line.startswith("Placement of ") for line in lines)
    assert lines[0].endswith("synthetic data only: 1 participant, seed 1)")
    assert "A program census on 2026-03-02: 1 made-up participant in care" in "\n".join(lines)
    assert any(re.fullmatch(r"  participants +1", line) for line in lines)


def _stay(person_id, seed=DEFAULT_SEED, count=DEFAULT_PARTICIPANTS):
    return next(
        s
        for s in synthetic.census(count, seed=seed, as_of=WALKTHROUGH_DATE)
        if s.participant.id == person_id
    )


def test_a_participant_no_program_fits_is_shown_with_why():
    """syn-000014 (seed 2026) is treated for an eating disorder and admitted to IOP: the
    adult IOP does not serve eating disorders, and the eating-disorder PHP is a PHP."""
    stay = _stay("syn-000014")
    _, placement = _placement_lines(stay)
    lines, program = _program_lines(stay, placement)
    assert lines[1] == "  no program fits; the program at the admission level says:"
    assert lines[2] == "  adult-iop for syn-000014 on 2026-02-12: mismatch"
    assert lines[3].startswith("  condition: eating disorder not served")
    assert program.id == "adult-iop"


def test_a_program_without_a_curriculum():
    stay = _stay("syn-000014")
    (eating,) = [p for p in programs() if p.id == "eating-disorder-php"]
    assert _curriculum_lines(stay, eating, WALKTHROUGH_DATE) == [
        "Curriculum: syn-000014's program has none."
    ]
    assert _curriculum_lines(stay, None, WALKTHROUGH_DATE)[0].endswith("has none.")


def test_the_programs_deliver_their_levels_hours():
    ids = [program.id for program in programs()]
    assert ids == [
        "adult-iop",
        "adult-php",
        "adolescent-iop",
        "adolescent-php",
        "eating-disorder-php",
    ]
    for program in programs():
        checks = schedule_intensity(
            program, start=WALKTHROUGH_DATE, end=WALKTHROUGH_DATE.add(weeks=12)
        )
        assert all(check.met for check in checks), program.id


def test_main_prints_the_walkthrough(capsys):
    assert main(["--participants", "40", "--seed", "3"]) == 0
    assert capsys.readouterr().out.splitlines() == SMALL


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--participants", "0"], "argument --participants: must be from 1 to 1,000,000, not 0"),
        (
            ["--participants", "1000001"],
            "argument --participants: must be from 1 to 1,000,000, not 1,000,001",
        ),
        (
            ["--participants", "ten"],
            "argument --participants: must be a whole number from 1 to 1,000,000, not 'ten'",
        ),
        (["--participants", "2.5"], "must be a whole number from 1 to 1,000,000, not '2.5'"),
        (["--seed", "x"], "argument --seed: must be a whole number, not 'x'"),
        (["--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_options_are_clear_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("usage: python -m iopcore [-h] [--participants N] [--seed S]")
    assert message in error


def test_help_names_the_options(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "--participants N" in out
    assert "--seed S" in out


def test_python_dash_m_iopcore_runs_the_same_in_every_process():
    outputs = set()
    for hash_seed in ("0", "random"):
        result = subprocess.run(
            [sys.executable, "-m", "iopcore"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert result.stderr == ""
        outputs.add(result.stdout)
    (only,) = outputs
    assert only.splitlines() == DEFAULT


def test_python_dash_m_iopcore_takes_its_options():
    result = subprocess.run(
        [sys.executable, "-m", "iopcore", "--participants", "40", "--seed", "3"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == SMALL


def test_a_stay_decision_has_no_event_to_confirm():
    for stay in synthetic.census(40, seed=3, as_of=WALKTHROUGH_DATE):
        decision = evaluate_transition(
            stay.episode,
            assessments=stay.assessments,
            sessions=stay.sessions,
            as_of=WALKTHROUGH_DATE,
        )
        if decision.kind.name == "STAY":
            break
    lines = _transition_lines(stay, WALKTHROUGH_DATE)
    assert any(line.startswith("  STAY: ") for line in lines)
    assert not any(line.startswith("  once confirmed") for line in lines)
    assert lines[-1].startswith("  2026-")
