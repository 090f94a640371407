"""The docs' references page lists every source of every shipped ruleset, and is current."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "references.py"
_spec = importlib.util.spec_from_file_location("references", SCRIPT)
references = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(references)

PAGE = references.PAGE.read_text(encoding="utf-8")
VERSIONS = list(references.versions())


def test_the_page_is_current():
    assert references.render() == PAGE, "run scripts/references.py and commit docs/references.md"
    assert references.main(["--check"]) == 0


def test_every_shipped_version_is_read():
    from iopcore import rulesets  # noqa: PLC0415

    labels = {(r.id, r.version) for r in VERSIONS}
    assert {r.id for r in VERSIONS} == set(rulesets.available())
    assert ("reference", "2026.1") in labels
    assert ("reference", "2026.2") in labels
    assert ("medicare", "2024.1") in labels


@pytest.mark.parametrize("ruleset", VERSIONS, ids=lambda r: f"{r.id}-{r.version}")
def test_every_rule_band_and_parameter_is_on_the_page_under_its_source(ruleset):
    sections = PAGE.split("\n## ")[1:]
    for source, item in references.citations(ruleset):
        (section,) = [s for s in sections if f"\n{references._escaped(source)}\n" in s]
        line = next(
            line
            for line in section.splitlines()
            if line.startswith(f"- **{ruleset.id} {ruleset.version}**")
        )
        if item != "listed source":
            assert f"`{item}`" in line


def test_a_stale_page_is_reported(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "references.md"
    stale.write_text("# References\n", encoding="utf-8")
    monkeypatch.setattr(references, "PAGE", stale)
    monkeypatch.setattr(references, "ROOT", tmp_path)
    assert references.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert references.main([]) == 0
    assert stale.read_text(encoding="utf-8") == references.render()
