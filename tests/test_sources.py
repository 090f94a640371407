"""Every citation is a public source a reader can open: none names the internal notebook."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "DOMAIN" + ".md"  # split so this file does not match itself
SUFFIXES = {".py", ".md", ".rst", ".txt", ".toml", ".cfg", ".json"}


def _files() -> list[Path]:
    found = [ROOT / "README.md"]
    for top in ("src", "docs"):
        found += sorted(
            path for path in (ROOT / top).rglob("*") if path.is_file() and path.suffix in SUFFIXES
        )
    return found


def test_the_sweep_sees_files():
    names = {path.relative_to(ROOT).as_posix() for path in _files()}
    assert "README.md" in names
    assert "src/iopcore/programs/__init__.py" in names
    assert "docs/programs.md" in names


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_file_cites_the_internal_notebook(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [f"{number}: {line.strip()}" for number, line in enumerate(lines, 1) if NOTEBOOK in line]
    assert hits == [], f"{path.relative_to(ROOT)} cites {NOTEBOOK}; cite the public source"
