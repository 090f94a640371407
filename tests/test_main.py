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
