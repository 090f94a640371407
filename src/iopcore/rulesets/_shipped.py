"""The shipped rulesets: their ids, the modules that define them, and the inputs they read.

The modules are imported on first use, so importing :mod:`iopcore.rulesets` loads no
shipped ruleset.
"""

from __future__ import annotations

import functools
import importlib
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from iopcore.assessments import ClinicalFact, Measurement

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Shipped ruleset ids and the modules that define them (imported on first use).
MODULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "asam": "iopcore.rulesets.asam",
        "locus": "iopcore.rulesets.locus",
        "medicare": "iopcore.rulesets.medicare",
        "reference": "iopcore.rulesets.reference",
    }
)


@functools.cache
def iopcore_inputs() -> frozenset[str]:
    """Every input iopcore knows: its facts and measurements, and every shipped input."""
    paths = {f"facts.{fact.value}" for fact in ClinicalFact}
    paths.update(f"measurements.{measurement.value}" for measurement in Measurement)
    for name in MODULES:
        for ruleset in importlib.import_module(MODULES[name]).VERSIONS:
            paths.update(ruleset.inputs, ruleset.other_inputs)
    return frozenset(paths)
