"""Write the docs' references page: every public source a shipped ruleset uses.

Every version of every shipped ruleset (``iopcore.rulesets.available()``, all of
``VERSIONS``) is read: the ``source`` of each rule, decision tree, hour band and
transition parameter, and the sources the ruleset lists. Each distinct source string
gets one section on ``docs/references.md``, with the rulesets and the items that cite
it, so that a reader can go from a placement's ``source`` to everything resting on
the same citation. ``tests/test_references.py`` fails when the page is out of date.

Run it from the repository root after a ruleset changes, and commit the page::

    .venv/bin/python scripts/references.py
    .venv/bin/python scripts/references.py --check   # compare only
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from iopcore import rulesets

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from iopcore.rulesets import Ruleset

ROOT: Final = Path(__file__).resolve().parent.parent
PAGE: Final = ROOT / "docs" / "references.md"

_HEADER: Final = """\
# References

Every public source that a shipped ruleset rests on, with the rules, hour bands and
transition parameters that cite it, for every shipped version (older versions stay
available through `rulesets.get_ruleset(id, version=...)`). A placement's findings, an
intensity requirement and a transition finding each carry the `source` string shown
here. Sources marked *unconfirmed* in their text were not confirmed in a primary text.

This page is generated from the rulesets by `scripts/references.py`; a test fails
when it is out of date.
"""

# Characters that Markdown would read as markup inside a source string.
_MARKUP: Final = re.compile(r"([\\`*_\[\]<>#|])")


def versions() -> Iterator[Ruleset]:
    """Every shipped ruleset version: by id, oldest version first."""
    for ruleset_id in rulesets.available():
        module = importlib.import_module(f"iopcore.rulesets.{ruleset_id}")
        yield from module.VERSIONS


def citations(ruleset: Ruleset) -> Iterator[tuple[str, str]]:
    """``(source, item)`` for each item of ``ruleset`` that cites a source."""
    for rule in ruleset.rules:
        yield rule.source, f"rule {rule.id}"
    if ruleset.tree is not None and ruleset.tree.source:
        yield ruleset.tree.source, "decision tree"
    for band in ruleset.hours:
        yield band.source, f"hours {band.level.code}/{band.population.value}"
    for parameter in ruleset.transitions:
        yield parameter.source, f"parameter {parameter.name}"
    for source in ruleset.sources:
        yield source, "listed source"


def _escaped(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text)


def render() -> str:
    """The page: one numbered section per distinct source, in order of first use."""
    users: dict[str, dict[str, list[str]]] = {}
    for ruleset in versions():
        label = f"{ruleset.id} {ruleset.version}"
        for source, item in citations(ruleset):
            items = users.setdefault(source, {}).setdefault(label, [])
            if item not in items:
                items.append(item)
    sections = [_HEADER]
    for number, (source, by_ruleset) in enumerate(users.items(), start=1):
        lines = [f"## [{number}] {_escaped(_title(source))}", "", _escaped(source), ""]
        for label, items in by_ruleset.items():
            cited = [item for item in items if item != "listed source"]
            named = ", ".join(f"`{item}`" for item in cited) or "listed in its sources"
            lines.append(f"- **{label}**: {named}")
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)


def _title(source: str) -> str:
    """A short heading: the text up to the first ": " or "; " outside brackets."""
    depth = 0
    for index, char in enumerate(source):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and source[index : index + 2] in {": ", "; "}:
            head = source[:index]
            break
    else:
        head = source
    if len(head) <= 90:
        return head
    return head[:90].rsplit(" ", 1)[0] + " ..."


def main(argv: Sequence[str] | None = None) -> int:
    """Write the page, or with ``--check`` say whether it is current (exit 1 if not)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    options = parser.parse_args(argv)
    text = render()
    if options.check:
        current = PAGE.exists() and PAGE.read_text(encoding="utf-8") == text
        if not current:
            print(f"{PAGE.relative_to(ROOT)} is out of date: run scripts/references.py")
            return 1
        print(f"{PAGE.relative_to(ROOT)} is current")
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
