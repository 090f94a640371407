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

import hashlib
import itertools
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import attrs
import pendulum
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from iopcore._validation import to_as_of, to_int
from iopcore.assessments import Assessment, ClinicalFact, Role
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    UnknownCodeError,
)
from iopcore.instruments import Score, get_instrument
from iopcore.levels import LevelOfCare
from iopcore.placement import Placement, recommend_level
from iopcore.rules import Finding, Outcome, Truth
from iopcore.rulesets import HourBand, Ruleset
from iopcore.testing import strategies
from iopcore.transitions import TransitionDecision, TransitionKind, evaluate_transition

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iopcore.episodes import Episode
    from iopcore.instruments._scoring import Item
    from iopcore.participants import Population
    from iopcore.sessions import Session

__all__ = [
    "AMBULATORY_LEVELS",
    "EXAMPLE_ID",
    "INVARIANTS",
    "RulesetInvariantError",
    "check_ruleset",
]

#: The invariants :func:`check_ruleset` checks, by the names ``skip`` takes.
INVARIANTS: Final = (
    "determinism",
    "totality",
    "monotonicity",
    "soundness",
    "hash_stability",
    "intensity",
    "transitions",
)

#: The invariants checked on placements of drawn assessments (the others check the
#: ruleset's JSON form, its hour bands, or whole histories).
_PLACEMENT_INVARIANTS: Final = frozenset({"determinism", "totality", "monotonicity", "soundness"})

#: The levels whose hour bands the ``intensity`` invariant compares, in rising order.
AMBULATORY_LEVELS: Final = (
    LevelOfCare.OUTPATIENT,
    LevelOfCare.INTENSIVE_OUTPATIENT,
    LevelOfCare.PARTIAL_HOSPITALIZATION,
)

#: Participant id of every assessment the checks draw (no personal data).
EXAMPLE_ID: Final = "example"

#: Instruments whose answers can be "raised a step" (a total that only grows with
#: each answer); the C-SSRS and BAM have no such total.
_RAISABLE: Final = ("audit", "audit_c", "dast10", "gad7", "pcl5", "phq9")
_HEX64: Final = re.compile(r"[0-9a-f]{64}")
_MAX_EXAMPLES: Final = 100_000
_SHOWN_MISSING: Final = 5


class RulesetInvariantError(AssertionError):
    """A ruleset broke one of the invariants of :func:`check_ruleset`.

    Attributes:
        invariant: Which one (a name from :data:`INVARIANTS`).
        ruleset: The ruleset's id, version and hash, as text.
        detail: What went wrong, with the counterexample, in words.
    """

    def __init__(self, invariant: str, ruleset: str, detail: str) -> None:
        self.invariant = invariant
        self.ruleset = ruleset
        self.detail = detail
        super().__init__(f"ruleset {ruleset} breaks {invariant}: {detail}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.invariant, self.ruleset, self.detail))


# ---------------------------------------------------------------- what the checks draw


class _Change(NamedTuple):
    """One step up in risk: the input changed, and its value before and after, in words."""

    path: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.path} {self.before} -> {self.after}"


class _Step(NamedTuple):
    """An input that can be stepped up in risk: its kind, name and rating range."""

    kind: str
    name: str
    low: int = 0
    high: int = 0


class _Pair(NamedTuple):
    """Two assessments that differ by one step up in risk (for monotonicity)."""

    before: Assessment
    after: Assessment
    change: _Change


class _Scenario:
    """An assessment and every one-step rise in risk from it (shown by the base alone)."""

    def __init__(self, base: Assessment, pairs: tuple[_Pair, ...]) -> None:
        self.base = base
        self.pairs = pairs

    def __repr__(self) -> str:
        return f"<{len(self.pairs)} one-step rises in risk from {self.base!r}>"


def _show(value: object) -> str:
    return "absent" if value is None else repr(value)


def _rating_pairs(assessment: Assessment, step: _Step) -> list[_Pair]:
    """The rating raised by one from each value it can take, the rest unchanged."""
    ratings = assessment.ratings
    return [
        _Pair(
            attrs.evolve(assessment, ratings={**ratings, step.name: value}),
            attrs.evolve(assessment, ratings={**ratings, step.name: value + 1}),
            _Change(f"ratings.{step.name}", str(value), str(value + 1)),
        )
        for value in range(step.low, step.high)
    ]


def _fact_pairs(assessment: Assessment, step: _Step) -> list[_Pair]:
    """The fact going to its worse value, from absent and from its better value."""
    worse = ClinicalFact(step.name).is_risk
    facts = {key: value for key, value in assessment.facts.items() if key != step.name}
    after = attrs.evolve(assessment, facts={**facts, step.name: worse})
    return [
        _Pair(
            attrs.evolve(assessment, facts=facts if was is None else {**facts, step.name: was}),
            after,
            _Change(f"facts.{step.name}", _show(was), repr(worse)),
        )
        for was in (None, not worse)
    ]


def _raise(item: Item, answer: int | bool | None, reversed_item: object) -> int | bool | None:
    """The answer one step worse, or ``None`` when there is none (unanswered, or worst)."""
    if answer is None:
        return None
    if item.values is None:  # yes/no: "yes" is the worse answer, except on a reversed item
        worse = item.number != reversed_item
        return worse if answer is not worse else None
    higher = [value for value in item.values if value > answer]
    return higher[0] if higher else None


def _score_pairs(draw: st.DrawFn, assessment: Assessment, step: _Step) -> list[_Pair]:
    """The assessment with a drawn score, and each answer raised a step in turn."""
    module = get_instrument(step.name)
    answers = list(draw(strategies.responses(step.name)))
    # iopcore's own item tables, read as strategies.responses reads them.
    items: tuple[Item, ...] = getattr(module, "_ITEMS")  # noqa: B009
    reversed_item = getattr(module, "REVERSED_ITEM", None)
    sex = draw(strategies.sexes()) if step.name == "audit_c" else None

    def score(given: list[int | bool | None]) -> Score:
        if step.name == "audit_c":
            return module.score(given, sex=sex)  # type: ignore[call-arg]
        return module.score(given)

    first = score(answers)
    others = [kept for key, kept in assessment.scores.items() if key != step.name]
    before = attrs.evolve(assessment, scores=[*others, first])
    pairs = []
    for index, item in enumerate(items):
        raised = _raise(item, answers[index], reversed_item)
        if raised is None:
            continue
        second = score([*answers[:index], raised, *answers[index + 1 :]])
        change = _Change(
            f"scores.{step.name} item {item.number}",
            f"{answers[index]!r} (total {_show(first.total)})",
            f"{raised!r} (total {_show(second.total)})",
        )
        pairs.append(_Pair(before, attrs.evolve(assessment, scores=[*others, second]), change))
    return pairs


@st.composite
def _scenarios(
    draw: st.DrawFn, base: st.SearchStrategy[Assessment], steps: tuple[_Step, ...]
) -> _Scenario:
    """An assessment and, for every input that can take more risk, the step up."""
    assessment = draw(base)
    pairs: list[_Pair] = []
    for step in steps:
        # Most steps are taken; shrinking drops the ones a failure does not need, so
        # that each shrinking run places a few pairs, not all of them.
        if draw(st.integers(0, 3)) == 0:
            continue
        if step.kind == "ratings":
            pairs.extend(_rating_pairs(assessment, step))
        elif step.kind == "facts":
            pairs.extend(_fact_pairs(assessment, step))
        else:
            pairs.extend(_score_pairs(draw, assessment, step))
    return _Scenario(assessment, tuple(pairs))


def _answer_orders(instrument: str) -> list[list[int | bool]]:
    """Each item's answers from best to worst."""
    module = get_instrument(instrument)
    items: tuple[Item, ...] = getattr(module, "_ITEMS")  # noqa: B009 - see _score_pairs
    reversed_item = getattr(module, "REVERSED_ITEM", None)
    orders: list[list[int | bool]] = []
    for item in items:
        if item.values is None:
            orders.append([True, False] if item.number == reversed_item else [False, True])
        else:
            orders.append(list(item.values))
    return orders


def _score_sweep(base: Assessment, instrument: str) -> list[_Pair]:
    """The score alone, from the best answers to the worst, one step at a time.

    So every total is passed through; at each stage the last item with room is raised
    too (where flags such as PHQ-9 item 9 live).
    """
    module = get_instrument(instrument)
    orders = _answer_orders(instrument)
    levels = [0] * len(orders)

    def answers(at: list[int]) -> list[int | bool | None]:
        return [order[level] for order, level in zip(orders, at, strict=True)]

    def pair(before: list[int], index: int) -> _Pair:
        after = [*before[:index], before[index] + 1, *before[index + 1 :]]
        first, second = module.score(answers(before)), module.score(answers(after))
        return _Pair(
            attrs.evolve(base, scores=[first]),
            attrs.evolve(base, scores=[second]),
            _Change(
                f"scores.{instrument} item {index + 1}",
                f"{orders[index][before[index]]!r} (total {_show(first.total)})",
                f"{orders[index][after[index]]!r} (total {_show(second.total)})",
            ),
        )

    found: list[_Pair] = []
    while True:
        room = [index for index, level in enumerate(levels) if level < len(orders[index]) - 1]
        if not room:
            return found
        found.append(pair(levels, room[0]))
        if room[-1] != room[0]:
            found.append(pair(levels, room[-1]))
        levels[room[0]] += 1


def _sweep(on: pendulum.Date, steps: tuple[_Step, ...]) -> list[_Pair]:
    """Every step up in risk of each input alone (no other input assessed)."""
    base = Assessment(participant_id=EXAMPLE_ID, assessed_on=on)
    found: list[_Pair] = []
    for step in steps:
        if step.kind == "ratings":
            found.extend(_rating_pairs(base, step))
        elif step.kind == "facts":
            found.extend(_fact_pairs(base, step))
        else:
            found.extend(_score_sweep(base, step.name))
    return found


def _steps(
    inputs: strategies.RulesetInputs,
    ranges: dict[str, tuple[int, int]],
    exempt: frozenset[str],
) -> tuple[_Step, ...]:
    """Every input the monotonicity check can step up, minus the exempt ones."""
    known = {fact.value for fact in ClinicalFact}
    found = [
        _Step("ratings", name, *ranges[name])
        for name in inputs.dimensions
        if ranges[name][0] < ranges[name][1]
    ]
    found.extend(_Step("facts", name) for name in inputs.facts if name in known)
    found.extend(_Step("scores", name) for name in inputs.instruments if name in _RAISABLE)
    return tuple(step for step in found if _path(step) not in exempt)


def _path(step: _Step) -> str:
    return f"{step.kind}.{step.name}"


# ---------------------------------------------------------------- reporting


def _describe_assessment(assessment: Assessment) -> str:
    """The assessment in a few lines: the participant's id only, then the inputs."""
    lines = [f"  assessment of {assessment.participant_id!r} on {assessment.assessed_on}:"]
    ratings = ", ".join(f"{name}={value}" for name, value in assessment.ratings.items())
    lines.append(f"    ratings: {ratings or 'none'}")
    for name, score in assessment.scores.items():
        flags = ", ".join(sorted(score.flags)) or "no flags"
        state = "complete" if score.complete else "incomplete"
        lines.append(
            f"    scores.{name}: total {_show(score.total)}, band {_show(score.band)}, "
            f"{flags}, {state}"
        )
    facts = ", ".join(f"{name}={value}" for name, value in assessment.facts.items())
    lines.append(f"    facts: {facts or 'none'}")
    if assessment.measurements:
        shown = ", ".join(f"{name}={value:g}" for name, value in assessment.measurements.items())
        lines.append(f"    measurements: {shown}")
    lines.append(f"    population: {_show(assessment.population and assessment.population.value)}")
    conditions = assessment.conditions
    listed = "absent" if conditions is None else sorted(c.value for c in conditions) or "none"
    lines.append(f"    conditions: {listed}")
    return "\n".join(lines)


def _describe_placement(label: str, placement: Placement) -> str:
    level = placement.level.code if placement.level is not None else "not determinable"
    fired = ", ".join(f.rule_id for f in placement.fired if not f.step) or "none"
    text = (
        f"  {label}: level {level} (at least {placement.at_least.code}, "
        f"at most {placement.at_most.code}); fired: {fired}"
    )
    if placement.missing:
        shown = ", ".join(placement.missing[:_SHOWN_MISSING])
        more = len(placement.missing) - _SHOWN_MISSING
        text += f"; missing: {shown}" + (f" and {more} more" if more > 0 else "")
    return text


def _fail(ruleset: Ruleset, invariant: str, detail: str, *blocks: str) -> RulesetInvariantError:
    text = "\n".join([detail, *blocks])
    return RulesetInvariantError(invariant, str(ruleset.ref), text)


# ---------------------------------------------------------------- the invariants


def _resolve(findings: Iterable[Finding]) -> LevelOfCare:
    """The least level at or above every fired floor that no fired finding excludes.

    Written here again, independently of the engine, so that the check means something.
    """
    fired = [finding for finding in findings if finding.outcome is Outcome.FIRED]
    floors = [finding.min_level for finding in fired if finding.min_level is not None]
    floor = max(floors, default=min(LevelOfCare))
    excluded = {level for finding in fired for level in finding.excludes}
    allowed = [level for level in LevelOfCare if level >= floor and level not in excluded]
    return min(allowed, default=max(LevelOfCare))


_OUTCOME_OF: Final = {
    Truth.TRUE: Outcome.FIRED,
    Truth.FALSE: Outcome.NOT_FIRED,
    Truth.UNKNOWN: Outcome.UNKNOWN,
}


def _totality(placement: Placement) -> str | None:
    if placement.determinable:
        checks = (
            (placement.level is None, "determinable, but names no level"),
            (
                not placement.level == placement.at_least == placement.at_most,
                "determinable, but level, at_least and at_most differ",
            ),
            (bool(placement.missing), "determinable, but lists missing inputs"),
        )
    else:
        checks = (
            (placement.level is not None, "not determinable, but names a level"),
            (not placement.missing, "not determinable, and lists no missing input"),
            (
                placement.at_least == placement.at_most,
                "not determinable, but at_least equals at_most",
            ),
        )
    ordered = ((placement.at_least > placement.at_most, "at_least is above at_most"), *checks)
    return next((problem for failed, problem in ordered if failed), None)


def _rule_findings(ruleset: Ruleset, assessment: Assessment, placement: Placement) -> str | None:
    """Whether each rule appears once in the findings, saying what its condition says."""
    counts = Counter(finding.rule_id for finding in placement.findings)
    by_id = {finding.rule_id: finding for finding in placement.findings}
    for rule in ruleset.rules:
        if counts[rule.id] != 1:
            return f"rule {rule.id} appears {counts[rule.id]} times in the findings, not once"
        finding = by_id[rule.id]
        expected = _OUTCOME_OF[rule.when.evaluate(assessment).truth]
        if finding.outcome is not expected:
            return (
                f"the finding of rule {rule.id} says {finding.outcome.value}; "
                f"its condition says {expected.value}"
            )
        if finding.min_level != rule.min_level or finding.excludes != rule.excludes:
            return f"the finding of rule {rule.id} does not carry the rule's levels"
    return None


def _soundness(ruleset: Ruleset, assessment: Assessment, placement: Placement) -> str | None:
    if placement.ruleset != ruleset.ref:
        return f"the placement names ruleset {placement.ruleset}, not {ruleset.ref}"
    problem = _rule_findings(ruleset, assessment, placement)
    if problem is not None:
        return problem
    expected = _resolve(placement.findings)
    if placement.at_least != expected:
        return f"at_least is {placement.at_least.code}; the fired findings call for {expected.code}"
    if placement.determinable and placement.level != expected:
        return f"the level is not {expected.code}, which the fired findings call for"
    return None


def _check_hash(ruleset: Ruleset) -> None:
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
        raise _fail(ruleset, "hash_stability", f"content_hash {digest!r} is not 64 hex digits")
    fresh = attrs.evolve(ruleset).content_hash
    if fresh != digest:
        raise _fail(ruleset, "hash_stability", f"a fresh copy hashes to {fresh}, not {digest}")
    if copy != ruleset:
        raise _fail(ruleset, "hash_stability", "the ruleset read back from JSON differs")
    if copy.content_hash != digest:
        raise _fail(
            ruleset,
            "hash_stability",
            f"after a JSON round trip the hash is {copy.content_hash}, not {digest}",
        )
    if hashlib.sha256(canonical.encode("ascii")).hexdigest() != digest:
        raise _fail(
            ruleset,
            "hash_stability",
            "content_hash is not the SHA-256 of the canonical JSON (sorted keys, no spaces)",
        )


def _check_intensity(ruleset: Ruleset) -> None:
    """The minimum weekly hours never fall as the level rises (ambulatory levels)."""
    by_population: dict[Population, list[HourBand]] = {}
    for band in ruleset.hours:
        if band.level in AMBULATORY_LEVELS:
            by_population.setdefault(band.population, []).append(band)
    for population, bands in by_population.items():
        bands.sort(key=lambda band: band.level)
        for lower, higher in itertools.pairwise(bands):
            if higher.min_hours_per_week < lower.min_hours_per_week:
                raise _fail(
                    ruleset,
                    "intensity",
                    (
                        f"for {population.value}s the minimum falls from "
                        f"{lower.min_hours_per_week:g} h/wk at {lower.level.code} to "
                        f"{higher.min_hours_per_week:g} h/wk at {higher.level.code}"
                    ),
                )


# ---------------------------------------------------------------- the check


def _skips(values: object) -> frozenset[str]:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise InvalidTypeError("skip", values, allowed="a sequence of invariant names")
    found: set[str] = set()
    for value in values:
        # The type first: a list or an array cannot be looked up (unhashable, or no truth).
        if not isinstance(value, str) or value not in INVARIANTS:
            raise UnknownCodeError("skip", value, allowed=", ".join(INVARIANTS))
        found.add(value)
    return frozenset(found)


def _exempt(values: object, inputs: strategies.RulesetInputs) -> frozenset[str]:
    allowed = f"input paths the ruleset reads, such as {', '.join(_all_paths(inputs)[:3])}"
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise InvalidTypeError("not_monotone_in", values, allowed=allowed)
    known = set(_all_paths(inputs))
    found: set[str] = set()
    for value in values:
        # The type first: a list or an array cannot be looked up (unhashable, or no truth).
        if not isinstance(value, str) or value not in known:
            raise InvalidValueError("not_monotone_in", value, allowed=allowed, reason="is not read")
        found.add(value)
    return frozenset(found)


def _all_paths(inputs: strategies.RulesetInputs) -> list[str]:
    return [
        *(f"ratings.{name}" for name in inputs.dimensions),
        *(f"facts.{name}" for name in inputs.facts),
        *(f"scores.{name}" for name in inputs.instruments),
    ]


def _settings(max_examples: int | None) -> settings:
    """The active profile's settings, with what running inside another test needs.

    No ``explain`` phase: the report already says which input changed, and the phase
    costs as much again as shrinking.
    """
    health = [HealthCheck.too_slow, HealthCheck.nested_given, HealthCheck.data_too_large]
    phases = [phase for phase in settings().phases if phase is not Phase.explain]
    options: dict[str, Any] = {
        "deadline": None,
        "report_multiple_bugs": False,
        "suppress_health_check": health,
        "phases": phases,
    }
    if max_examples is not None:
        options["max_examples"] = max_examples
    return settings(**options)


def check_ruleset(  # noqa: PLR0913 - keyword-only options of one check
    ruleset: Ruleset,
    *,
    max_examples: int | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    rating_range: tuple[int, int] | None = None,
    skip: Iterable[str] = (),
    not_monotone_in: Iterable[str] = (),
) -> None:
    """Check ``ruleset`` for the invariants of this module; raise on the first broken one.

    Args:
        ruleset: Any :class:`~iopcore.rulesets.Ruleset`.
        max_examples: How many assessments to draw (each is placed, and so is every
            one-step rise in risk from it); default: the active Hypothesis profile's
            ``max_examples``.
        as_of: The date placements are made for (default: the ruleset's
            ``effective_from``); it must be a date the ruleset is in force.
        rating_range: ``(low, high)`` for every rating drawn; by default 0-4, and 1-5
            on the LOCUS scales (see :func:`iopcore.testing.strategies.rating_ranges`).
        skip: Invariants not to check, by name (see :data:`INVARIANTS`). Skip one only
            for a documented reason, and pin the reason in a test of its own.
        not_monotone_in: Input paths (``"ratings.x"``, ``"facts.x"``, ``"scores.x"``)
            in which the ruleset is known not to be monotone: they are left out of the
            monotonicity check, every other input stays in it.

    Raises:
        RulesetInvariantError: an invariant does not hold; the message names it and
            shows the smallest counterexample found.
        InvalidTypeError: an argument of the wrong type.
        InvalidValueError: ``as_of`` when the ruleset is not in force, a bad
            ``max_examples`` or ``rating_range``, or a ``not_monotone_in`` path the
            ruleset does not read.
        UnknownCodeError: ``skip`` names an unknown invariant.
    """
    if not isinstance(ruleset, Ruleset):
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset")
    count = (
        None
        if max_examples is None
        else to_int(max_examples, field="max_examples", minimum=1, maximum=_MAX_EXAMPLES)
    )
    on = ruleset.effective_from if as_of is None else to_as_of(as_of)
    if not ruleset.in_force_on(on):
        raise InvalidValueError(
            "as_of", on, allowed=f"a date when ruleset {ruleset.id} {ruleset.version} is in force"
        )
    skipped = _skips(skip)
    inputs = strategies.ruleset_inputs(ruleset)
    ranges = strategies.rating_ranges(inputs.dimensions, rating_range)
    exempt = _exempt(not_monotone_in, inputs)
    base = strategies.assessments(
        ruleset=ruleset,
        as_of=on,
        rating_range=rating_range,
        participant_ids=st.just(EXAMPLE_ID),
    )
    if "hash_stability" not in skipped:
        _check_hash(ruleset)
    steps = () if "monotonicity" in skipped else _steps(inputs, ranges, exempt)
    if _PLACEMENT_INVARIANTS - skipped:
        checker = _Checker(ruleset, on, skipped)
        _check_placements(checker, _sweep(on, steps), _scenarios(base, steps), _settings(count))
    if "transitions" not in skipped and ruleset.transitions:
        _check_transitions(ruleset, on, _settings(count), count)
    if "intensity" not in skipped and ruleset.hours:
        _check_intensity(ruleset)


@attrs.frozen
class _Checker:
    """The invariants checked on every drawn assessment, for one ruleset and date."""

    ruleset: Ruleset
    on: pendulum.Date
    skipped: frozenset[str]

    def place(self, assessment: Assessment) -> Placement:
        return recommend_level(assessment, ruleset=self.ruleset, as_of=self.on)

    def check(self, assessment: Assessment, placement: Placement) -> None:
        """Totality and soundness of one placement."""
        for invariant, problem in (
            ("totality", _totality(placement)),
            ("soundness", _soundness(self.ruleset, assessment, placement)),
        ):
            if problem is not None and invariant not in self.skipped:
                raise _fail(
                    self.ruleset,
                    invariant,
                    problem,
                    _describe_assessment(assessment),
                    _describe_placement("placement", placement),
                )

    def deterministic(self, assessment: Assessment, placement: Placement) -> None:
        if "determinism" in self.skipped:
            return
        for other in (self.place(assessment), self.place(attrs.evolve(assessment))):
            if other != placement:
                raise _fail(
                    self.ruleset,
                    "determinism",
                    "the same assessment placed twice gave different placements",
                    _describe_assessment(assessment),
                    _describe_placement("first", placement),
                    _describe_placement("second", other),
                )

    def monotone(self, pair: _Pair) -> None:
        before, after = self.place(pair.before), self.place(pair.after)
        self.check(pair.before, before)
        self.check(pair.after, after)
        lowered = after.at_least < before.at_least or (
            before.level is not None and after.level is not None and after.level < before.level
        )
        if lowered:
            raise _fail(
                self.ruleset,
                "monotonicity",
                f"more risk ({pair.change}) lowered the level",
                _describe_assessment(pair.before),
                f"  change: {pair.change}",
                _describe_placement("before", before),
                _describe_placement("after", after),
            )


def _check_placements(
    checker: _Checker,
    sweep: list[_Pair],
    scenarios: st.SearchStrategy[_Scenario],
    chosen: settings,
) -> None:
    # First each input alone, every step of it: cheap, and it finds a rule that turns
    # the wrong way at once. Then Hypothesis, for inputs acting together.
    for pair in sweep:
        checker.monotone(pair)

    @chosen
    @given(scenario=scenarios)
    def ruleset_invariants_hold(scenario: _Scenario) -> None:
        placement = checker.place(scenario.base)
        checker.deterministic(scenario.base, placement)
        checker.check(scenario.base, placement)
        for pair in scenario.pairs:
            checker.monotone(pair)

    ruleset_invariants_hold()


# ---------------------------------------------------------------- transitions

#: Weeks of history drawn for the transition checks.
_HISTORY_WEEKS: Final = 12


def _describe_history(history: strategies.History, cut: pendulum.Date) -> str:
    episode = history.episode
    changes = ", ".join(
        f"{c.from_level.code}->{c.to_level.code} on {c.effective.isoformat()} "
        f"(recorded {c.recorded.isoformat()})"
        for c in episode.level_changes
    )
    return (
        f"  history: admitted {episode.admitted.isoformat()} at {episode.initial_level.code}"
        f"{'; ' + changes if changes else ''}; {len(history.assessments)} assessments, "
        f"{len(history.sessions)} sessions to {history.as_of.isoformat()}; decided on "
        f"{cut.isoformat()}"
    )


def _describe_decision(label: str, decision: TransitionDecision) -> str:
    to = "-" if decision.to_level is None else decision.to_level.code
    return (
        f"  {label}: {decision.kind.name} {decision.from_level.code} -> {to} "
        f"({decision.rule_id or 'no rule'})"
    )


def _transition_problem(
    ruleset: Ruleset, history: strategies.History, cut: pendulum.Date
) -> tuple[str, list[TransitionDecision]] | None:
    """What is wrong with the decision on ``cut``, and the decisions that show it."""
    episode, assessments, sessions, _ = history

    def decide(
        on: pendulum.Date,
        of: Episode = episode,
        given_assessments: Iterable[Assessment] = assessments,
        given_sessions: Iterable[Session] = sessions,
    ) -> TransitionDecision:
        return evaluate_transition(
            of, assessments=given_assessments, sessions=given_sessions, as_of=on, ruleset=ruleset
        )

    decision = decide(cut)
    for other, what in (
        (decide(cut), "the same history decided twice gave different decisions"),
        (
            decide(cut, episode, assessments[::-1], sessions[::-1]),
            "the same inputs in another order gave a different decision",
        ),
        (
            decide(
                cut,
                episode.known_on(cut),
                [a for a in assessments if a.assessed_on <= cut],
                [s for s in sessions if s.start.date() <= cut],
            ),
            "data dated after the decision's date changed it",
        ),
    ):
        if other != decision:
            return what, [decision, other]
    return _application_problem(ruleset, history, cut, decision)


def _application_problem(
    ruleset: Ruleset,
    history: strategies.History,
    cut: pendulum.Date,
    decision: TransitionDecision,
) -> tuple[str, list[TransitionDecision]] | None:
    """Whether the decision moves the level its way and applies to a valid episode."""
    episode = history.episode
    to, before = decision.to_level, decision.from_level
    if (decision.kind is TransitionKind.STEP_UP and not (to is not None and to > before)) or (
        decision.kind is TransitionKind.STEP_DOWN and not (to is not None and to < before)
    ):
        return "a step did not move the level its way", [decision]
    try:
        event = decision.event(decided_by=Role.PHYSICIAN)
        if event is None:
            return None
        after = episode.known_on(cut).with_event(event)
    except IopcoreError as error:
        return f"applying the decision gave an invalid episode: {error}", [decision]
    next_day = cut.add(days=1)
    if after.level_on(next_day) is not to:
        return "applying the decision did not give its level", [decision]
    if decision.kind is TransitionKind.DISCHARGE and ruleset.in_force_on(next_day):
        return _after_discharge_problem(ruleset, history, after, next_day, decision)
    return None


def _after_discharge_problem(
    ruleset: Ruleset,
    history: strategies.History,
    after: Episode,
    next_day: pendulum.Date,
    decision: TransitionDecision,
) -> tuple[str, list[TransitionDecision]] | None:
    """Discharge is terminal: asked again the next day, no decision is made."""
    try:
        later = evaluate_transition(
            after,
            assessments=history.assessments,
            sessions=history.sessions,
            as_of=next_day,
            ruleset=ruleset,
        )
    except InvalidValueError:
        return None
    return "a decision was made after a discharge", [decision, later]


def _check_transitions(
    ruleset: Ruleset, on: pendulum.Date, chosen: settings, count: int | None
) -> None:
    end = on.add(weeks=_HISTORY_WEEKS)
    if ruleset.effective_to is not None and ruleset.effective_to <= end:
        end = ruleset.effective_to.subtract(days=1)
    histories = strategies.histories(
        ruleset=ruleset,
        as_of=end,
        max_weeks=_HISTORY_WEEKS,
        participant_ids=st.just(EXAMPLE_ID),
    )
    examples = max(1, (count if count is not None else chosen.max_examples) // 4)

    @settings(chosen, max_examples=examples)
    @given(history=histories, data=st.data())
    def transitions_hold(history: strategies.History, data: st.DataObject) -> None:
        first = max(history.episode.admitted, on)
        cut = first.add(days=data.draw(st.integers(0, (history.as_of - first).days)))
        problem = _transition_problem(ruleset, history, cut)
        if problem is not None:
            detail, decisions = problem
            raise _fail(
                ruleset,
                "transitions",
                detail,
                _describe_history(history, cut),
                *(_describe_decision(f"decision {n}", d) for n, d in enumerate(decisions, 1)),
            )

    transitions_hold()
