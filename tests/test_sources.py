"""Every citation is a public source a reader can open: none names the internal notebook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "DOMAIN" + ".md"  # split so this file does not match itself
# The notebook cited by file name, or by a bare section number after its stem (as "N 7").
CITATION = re.compile("DOMAIN" + r"(?:\.md|\s+\d)")
SUFFIXES = {".py", ".md", ".rst", ".txt", ".toml", ".cfg", ".json"}
TOPS = ("src", "docs", "tests", "benchmarks", "scripts")


def _files() -> list[Path]:
    found = [ROOT / "README.md"]
    for top in TOPS:
        found += sorted(
            path
            for path in (ROOT / top).rglob("*")
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts
        )
    return found


def test_the_sweep_sees_files():
    names = {path.relative_to(ROOT).as_posix() for path in _files()}
    assert "README.md" in names
    assert "src/iopcore/programs/__init__.py" in names
    assert "docs/programs.md" in names
    assert "tests/rulesets/test_locus.py" in names
    assert "benchmarks/run.py" in names
    assert "scripts/mutation.py" in names
    assert "tests/test_sources.py" in names  # this file is swept too, and passes


def test_the_pattern_catches_both_forms():
    assert CITATION.search("see " + NOTEBOOK + " section 5")
    assert CITATION.search("(" + "DOMAIN" + " 10.7)")
    assert not CITATION.search('assert "' + "DOMAIN" + '" not in source')


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_file_cites_the_internal_notebook(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [
        f"{number}: {line.strip()}" for number, line in enumerate(lines, 1) if CITATION.search(line)
    ]
    assert hits == [], f"{path.relative_to(ROOT)} cites {NOTEBOOK}; cite the public source"
