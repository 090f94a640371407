"""Invariant checks for any ruleset: run them inside your own pytest tests.

A ruleset of your own (derived from a shipped one or written from scratch) should keep
the promises the shipped ones keep. :func:`check_ruleset` draws assessments limited to
the inputs the ruleset reads (:func:`iopcore.testing.strategies.assessments`), places
each with :func:`~iopcore.placement.recommend_level`, and checks:

``determinism``
    The same assessment placed twice, and an equal copy of it, give equal placements.
``totality``
    Every placement names a level, or is not determinable and lists the missing
    inputs; ``at_least <= at_most``, equal exactly when determinable.
``monotonicity``
    More risk never lowers ``at_least`` nor the level: one rating raised by one, one
    score re-scored with one answer raised a step, a risk
    :class:`~iopcore.assessments.ClinicalFact` going from false or absent to true,
    or a protective one going from true or absent to false.
``soundness``
    The findings explain the placement: every rule of the ruleset appears in them
    exactly once, agreeing with its own condition; the level (and ``at_least``) is
    the least level at or above the highest ``min_level`` of the fired findings that
    no fired finding excludes; the placement names the ruleset's id, version and hash.
``hash_stability``
    ``content_hash`` is 64 hex digits, the same when computed afresh and after a JSON
    round trip, and the ruleset read back from JSON equals it.
``transitions``
    Only for a ruleset with transition parameters, on whole histories
    (:func:`iopcore.testing.strategies.histories`) from ``as_of`` on:
    :func:`~iopcore.transitions.evaluate_transition` is deterministic (also with its
    inputs in another order); data dated after the decision's date never changes it;
    a step up raises the level and a step down lowers it; the decision's event
    applied to the episode gives a valid episode at the new level; and after a
    discharge no further decision is made. A quarter of ``max_examples`` histories
    are drawn (each holds up to 12 weekly assessments).
``intensity``
    Only for a ruleset with hour bands: for each population, the minimum weekly hours
    never fall as the level rises through the ambulatory levels (outpatient,
    intensive outpatient, partial hospitalization), where session hours are what
    tells the levels apart. Residential and inpatient bands are not compared: those
    levels are set apart by their 24-hour setting, and ASAM's low-intensity
    residential level (3.1) calls for only 5 clinical hours a week
    (midshorebehavioralhealth.org ASAM glossary), fewer than partial hospitalization's 20.

Monotonicity is checked first on each input alone (every rating step, every change of
a fact, every score total from the best answers to the worst), then on assessments
Hypothesis draws, where inputs act together; every placement made on the way is
checked for totality and soundness too.

On failure it raises :class:`RulesetInvariantError` (an :class:`AssertionError`, so
pytest shows it as a failed assertion), naming the invariant and showing Hypothesis's
smallest counterexample: the assessment (its participant id is ``"example"``, no
personal data) and the placements compared. Hypothesis settings come from the active
profile, so a CI profile with more examples checks more.

Measurements are not part of the monotonicity check (a low heart rate is the risky
direction, a high glucose another), nor are facts iopcore does not know, nor ratings
that are absent.

>>> from iopcore.rulesets import get_ruleset
>>> from iopcore.testing.invariants import check_ruleset
>>> check_ruleset(get_ruleset("reference"), max_examples=20)

A rule that asks for less care as risk rises is caught:

>>> from iopcore import LevelOfCare
>>> from iopcore.rules import RatingAtLeast, Rule, not_
>>> broken = get_ruleset("reference").derive(
...     id="broken",
...     version="1",
...     add=[
...         Rule(
...             id="X-CALM-SAFETY",
...             when=not_(RatingAtLeast(dimension="safety", minimum=1)),
...             min_level=LevelOfCare.RESIDENTIAL,
...             rationale="Inverted on purpose.",
...             source="a test",
...         )
...     ],
... )
>>> check_ruleset(broken, max_examples=50)
Traceback (most recent call last):
...
iopcore.testing.invariants.RulesetInvariantError: ruleset broken 1 (...) breaks monotonicity: ...

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from iopcore.testing.invariants._check import check_ruleset
from iopcore.testing.invariants._report import EXAMPLE_ID, INVARIANTS, RulesetInvariantError
from iopcore.testing.invariants._ruleset import AMBULATORY_LEVELS

__all__ = [
    "AMBULATORY_LEVELS",
    "EXAMPLE_ID",
    "INVARIANTS",
    "RulesetInvariantError",
    "check_ruleset",
]
