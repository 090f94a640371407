import subprocess
import sys

import pendulum

from iopcore.__main__ import WALKTHROUGH_DATE, main, walkthrough


def test_walkthrough_content():
    lines = walkthrough()
    text = "\n".join(lines)
    assert lines[0] == "iopcore walkthrough (as of 2026-03-02, synthetic data only)"
    assert "  IOP  intensive outpatient" in lines
    assert "demo-002: adult, age 18" in text
    assert "RES -> ASAM 3rd ed.  3.1, 3.2-WM, 3.3, 3.5, 3.7, 3.7-WM" in text
    assert pendulum.date(2026, 3, 2) == WALKTHROUGH_DATE


def test_walkthrough_scores_a_phq9_and_follows_the_trajectory():
    lines = walkthrough()
    assert "  2026-01-12  total 18  moderately severe  flags: suicidal_ideation" in lines
    assert "  2026-02-02  total --  incomplete (items 3, 4, 5 missing)" in lines
    assert (
        "  baseline 18 -> latest 2; first response 2026-02-09; first remission 2026-02-16 (5 weeks)"
    ) in lines
    assert (
        "  remission sustained over 2 assessments: True; skipped as incomplete: 2026-02-02" in lines
    )
    assert any(
        line.endswith("reliable change threshold (Jacobson-Truax, default SD and r): 6.1 points")
        for line in lines
    )


def test_walkthrough_never_looks_past_its_date():
    lines = walkthrough(as_of=pendulum.date(2026, 3, 2))
    # Deadlines are the one block meant to look ahead; every record shown before it
    # is dated before as_of.
    records = lines[: next(i for i, line in enumerate(lines) if line.startswith("Deadlines"))]
    assert all("2026-03-0" not in line for line in records if line.startswith("  2026"))


def test_walkthrough_is_deterministic_and_shows_no_birth_dates():
    text = "\n".join(walkthrough())
    assert text == "\n".join(walkthrough())
    assert "1989" not in text
    assert "2008" not in text


def test_main_prints_the_walkthrough(capsys):
    assert main([]) == 0
    assert capsys.readouterr().out.splitlines() == walkthrough()


def test_python_dash_m_iopcore_runs():
    result = subprocess.run(
        [sys.executable, "-m", "iopcore"], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == walkthrough()
    assert result.stderr == ""


def test_walkthrough_shows_a_placement_with_its_reasons():
    lines = walkthrough()
    start = lines.index("Placement of demo-001 at admission (2026-01-12):")
    block = lines[start:]
    assert block[1] == "  recommended: PARTIAL_HOSPITALIZATION (reference 2026.1)"
    assert "  ratings.symptoms 3 >= 3 -> PARTIAL_HOSPITALIZATION (reference/R-SYMPTOMS-3)" in block
    assert any(line.startswith("  alert: PHQ-9 item 9") for line in block)
    assert "  chosen by the psychiatrist: INTENSIVE_OUTPATIENT (lower than recommended)" in block


def test_walkthrough_shows_weekly_compliance_and_billing_days():
    lines = walkthrough()
    assert any(line.startswith("Weekly intensity of demo-001") for line in lines)
    assert any(
        line.startswith("  2026-02-16  3.00") and "6 h short of 9 h" in line for line in lines
    )
    assert "  2026-02-23  3 services  tier 3" in lines


def test_walkthrough_shows_the_episode_a_transition_decision_and_the_deadlines():
    lines = walkthrough()
    start = lines.index("Episode of demo-001 and the transition decision on 2026-03-02:")
    block = lines[start:]
    assert block[1:3] == [
        "  episode of demo-001 in program demo-iop: open",
        "  2026-01-12 admission at INTENSIVE_OUTPATIENT",
    ]
    assert block[3] == "  STEP_DOWN: INTENSIVE_OUTPATIENT -> OUTPATIENT (reference 2026.1)"
    assert "  T-DOWN-SUSTAINED attendance: 0.857 (required 0.75) -> yes" in block
    assert "  next review by 2026-03-02" in block
    assert (
        "  once confirmed: 2026-03-03 step down INTENSIVE_OUTPATIENT -> OUTPATIENT "
        "(clinical improvement; psychiatrist)"
    ) in block
    deadlines = block[block.index("Deadlines ahead of demo-001 on 2026-03-02:") + 1 :]
    assert [line.split()[0] for line in deadlines] == ["2026-03-02", "2026-03-13", "2026-03-13"]
    assert deadlines[0].endswith("due today")
    assert "Medicare recertification  last 2026-01-12" in deadlines[1]
