"""Rulesets: versioned, dated, cited collections of rules, and the registry of shipped ones.

A :class:`Ruleset` is a value: an id, a version, the dates it is in force, its sources,
its rules (and, for algorithms whose order matters such as LOCUS, a decision tree).
Its ``content_hash`` is a SHA-256 over its canonical JSON form, the same
in every process and Python version, so a stored placement says exactly which rules
made it.

A ruleset may also carry weekly hour bands (:class:`HourBand`): the session intensity
each level of care calls for, per population. The ``asam`` and ``medicare`` rulesets
hold only hour bands; :func:`iopcore.intensity.requirement_for` reads them.

And it may carry transition parameters (:class:`TransitionParameter`): the numbers
:func:`iopcore.transitions.evaluate_transition` and :func:`iopcore.transitions.obligations`
read (how many weekly assessments make improvement "sustained", the taper period, the
review cadence, ...), each with its source. The ``reference`` ruleset has them; the
names and their ranges are in :data:`TRANSITION_PARAMETERS`.

Shipped rulesets are found by id with :func:`get_ruleset` and listed by :func:`available`;
nothing is registered at run time, so re-running a notebook cell cannot change them.
Derive your own with :meth:`Ruleset.derive` (add, drop or replace rules).

>>> from iopcore import rulesets
>>> rulesets.available()
('asam', 'locus', 'medicare', 'reference')
>>> reference = rulesets.get_ruleset("reference")
>>> reference.id, reference.version
('reference', '2026.2')
>>> len(reference.content_hash)
64
"""

from __future__ import annotations

from typing import Final

from iopcore._deprecated import renamed
from iopcore._hours import MAX_HOURS_PER_WEEK
from iopcore.rulesets._bands import HourBand, HoursBasis
from iopcore.rulesets._bands import check_basis as check_basis  # for iopcore.intensity
from iopcore.rulesets._parameters import TRANSITION_PARAMETERS, ParameterSpec, TransitionParameter
from iopcore.rulesets._registry import available, get_ruleset, ruleset_for
from iopcore.rulesets._ruleset import Ruleset, RulesetRef

__all__ = [
    "DEFAULT_HOURS_RULESET",
    "DEFAULT_PLACEMENT_RULESET",
    "MAX_HOURS_PER_WEEK",
    "TRANSITION_PARAMETERS",
    "HourBand",
    "HoursBasis",
    "ParameterSpec",
    "Ruleset",
    "RulesetRef",
    "TransitionParameter",
    "available",
    "get_ruleset",
    "ruleset_for",
]

#: The ruleset placements and transitions follow when the caller passes none.
DEFAULT_PLACEMENT_RULESET: Final = "reference"
#: The ruleset whose hour bands :func:`~iopcore.intensity.requirement_for` reads when
#: the caller passes none.
DEFAULT_HOURS_RULESET: Final = "asam"


def __getattr__(name: str) -> object:
    return renamed(__name__, name, {"get": ("iopcore.rulesets.get_ruleset", get_ruleset)})
