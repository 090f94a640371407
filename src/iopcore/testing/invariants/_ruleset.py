"""The invariants of the ruleset itself: a stable hash, and hours that rise with the level.

The content hash is the same afresh and across a JSON round trip; the ambulatory
levels' minimum weekly hours never fall as the level rises.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from typing import TYPE_CHECKING, Final

import attrs

from iopcore.levels import LevelOfCare
from iopcore.rulesets import HourBand, Ruleset
from iopcore.testing.invariants._report import RulesetInvariantError, fail

if TYPE_CHECKING:
    from iopcore.participants import Population

#: The levels whose hour bands the ``intensity`` invariant compares, in rising order.
AMBULATORY_LEVELS: Final = (
    LevelOfCare.OUTPATIENT,
    LevelOfCare.INTENSIVE_OUTPATIENT,
    LevelOfCare.PARTIAL_HOSPITALIZATION,
)
_HEX64: Final = re.compile(r"[0-9a-f]{64}")


def check_hash(ruleset: Ruleset) -> None:
    from iopcore.serialize import from_json, to_dict, to_json  # noqa: PLC0415 - cattrs on use

    try:
        digest = ruleset.content_hash
        text = to_json(ruleset)
        copy = from_json(text, Ruleset)
        canonical = json.dumps(to_dict(ruleset), sort_keys=True, separators=(",", ":"))
    except Exception as error:  # noqa: BLE001 - any failure here is the finding to report
        detail = f"cannot be written to JSON and read back: {type(error).__name__}: {error}"
        raise RulesetInvariantError(
            "hash_stability", f"{ruleset.id} {ruleset.version}", detail
        ) from None
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        raise fail(ruleset, "hash_stability", f"content_hash {digest!r} is not 64 hex digits")
    fresh = attrs.evolve(ruleset).content_hash
    if fresh != digest:
        raise fail(ruleset, "hash_stability", f"a fresh copy hashes to {fresh}, not {digest}")
    if copy != ruleset:
        raise fail(ruleset, "hash_stability", "the ruleset read back from JSON differs")
    if copy.content_hash != digest:
        raise fail(
            ruleset,
            "hash_stability",
            f"after a JSON round trip the hash is {copy.content_hash}, not {digest}",
        )
    if hashlib.sha256(canonical.encode("ascii")).hexdigest() != digest:
        raise fail(
            ruleset,
            "hash_stability",
            "content_hash is not the SHA-256 of the canonical JSON (sorted keys, no spaces)",
        )


def check_intensity(ruleset: Ruleset) -> None:
    """The minimum weekly hours never fall as the level rises (ambulatory levels)."""
    by_population: dict[Population, list[HourBand]] = {}
    for band in ruleset.hours:
        if band.level in AMBULATORY_LEVELS:
            by_population.setdefault(band.population, []).append(band)
    for population, bands in by_population.items():
        bands.sort(key=lambda band: band.level)
        for lower, higher in itertools.pairwise(bands):
            if higher.min_hours_per_week < lower.min_hours_per_week:
                raise fail(
                    ruleset,
                    "intensity",
                    (
                        f"for {population.value}s the minimum falls from "
                        f"{lower.min_hours_per_week:g} h/wk at {lower.level.code} to "
                        f"{higher.min_hours_per_week:g} h/wk at {higher.level.code}"
                    ),
                )
