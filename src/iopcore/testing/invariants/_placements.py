"""The invariants of every placement: determinism, totality, monotonicity, soundness.

The level is resolved again here, independently of the engine, so that soundness
means something.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Final

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from iopcore.levels import LevelOfCare
from iopcore.placement import Placement, recommend_level
from iopcore.rules import Finding, Outcome, Truth
from iopcore.rulesets import Ruleset
from iopcore.testing.invariants._report import describe_assessment, describe_placement, fail

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iopcore.assessments import Assessment
    from iopcore.testing.invariants._steps import Pair, Scenario


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


@attrs.frozen
class Checker:
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
                raise fail(
                    self.ruleset,
                    invariant,
                    problem,
                    describe_assessment(assessment),
                    describe_placement("placement", placement),
                )

    def deterministic(self, assessment: Assessment, placement: Placement) -> None:
        if "determinism" in self.skipped:
            return
        for other in (self.place(assessment), self.place(attrs.evolve(assessment))):
            if other != placement:
                raise fail(
                    self.ruleset,
                    "determinism",
                    "the same assessment placed twice gave different placements",
                    describe_assessment(assessment),
                    describe_placement("first", placement),
                    describe_placement("second", other),
                )

    def monotone(self, pair: Pair) -> None:
        before, after = self.place(pair.before), self.place(pair.after)
        self.check(pair.before, before)
        self.check(pair.after, after)
        lowered = after.at_least < before.at_least or (
            before.level is not None and after.level is not None and after.level < before.level
        )
        if lowered:
            raise fail(
                self.ruleset,
                "monotonicity",
                f"more risk ({pair.change}) lowered the level",
                describe_assessment(pair.before),
                f"  change: {pair.change}",
                describe_placement("before", before),
                describe_placement("after", after),
            )


def check_placements(
    checker: Checker,
    sweep: list[Pair],
    scenarios: st.SearchStrategy[Scenario],
    chosen: settings,
) -> None:
    # First each input alone, every step of it: cheap, and it finds a rule that turns
    # the wrong way at once. Then Hypothesis, for inputs acting together.
    for pair in sweep:
        checker.monotone(pair)

    @chosen
    @given(scenario=scenarios)
    def ruleset_invariants_hold(scenario: Scenario) -> None:
        placement = checker.place(scenario.base)
        checker.deterministic(scenario.base, placement)
        checker.check(scenario.base, placement)
        for pair in scenario.pairs:
            checker.monotone(pair)

    ruleset_invariants_hold()
