"""How a ruleset's rules settle the level of care for an assessment.

:func:`decide` is the fast path: the compiled rules' truth codes give the floor, the
ceiling the missing inputs could lead to, the missing inputs and the follow-ups,
without building findings. :func:`findings_of` builds every rule's finding (and the
decision tree's steps), which every placement holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple

from iopcore.levels import LevelOfCare
from iopcore.rules import Finding, Outcome
from iopcore.rules._compile import FALSE, TRUE
from iopcore.rules.rule import LEVEL_RANK

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.rules.rule import CompiledRule
    from iopcore.rulesets import Ruleset

LEVELS: Final = tuple(LevelOfCare)
_INPATIENT: Final = len(LEVELS) - 1


def _resolve(floor: int, excluded: set[int] | None) -> int:
    """The rank of the least intensive level from ``floor`` up that is not excluded."""
    if excluded:
        # INPATIENT is never excluded, so "<=" stops at it all the same (equivalent).
        while floor in excluded and floor < _INPATIENT:
            floor += 1
    return floor


def findings_of(assessment: Assessment, rules: Ruleset) -> tuple[Finding, ...]:
    """Every rule's finding, then the decision tree's steps and its leaf, in order."""
    findings = [rule.evaluate(assessment) for rule in rules.rules]
    if rules.tree is not None:
        walk = rules.tree.walk(assessment)
        findings.extend(walk.steps)
        lowest, highest = walk.leaves[0], walk.leaves[-1]
        known = lowest.level == highest.level
        if not known and LEVEL_RANK[lowest.level] > 0:
            # Every leaf the known inputs still reach calls for the lowest one's level
            # or more: that much is already called for (rule id "L3.." = L3 or above).
            reached = ", ".join(leaf.id for leaf in walk.leaves)
            findings.append(
                Finding(
                    rule_id=f"{lowest.id}..",
                    outcome=Outcome.FIRED,
                    min_level=lowest.level,
                    rationale=f"every leaf still reachable ({reached}) calls for "
                    f"{lowest.level.code} or more",
                    source=rules.tree.source,
                )
            )
        findings.append(
            Finding(
                rule_id=lowest.id if known else f"{lowest.id}..{highest.id}",
                outcome=Outcome.FIRED if known else Outcome.UNKNOWN,
                # Known: both ends are the one level; open: the most it may call for.
                min_level=highest.level,
                rationale=lowest.rationale,
                source=rules.tree.source,
            )
        )
    return tuple(findings)


class _Decision(NamedTuple):
    """The ranks of ``at_least`` and ``at_most``, the missing inputs, the follow-ups."""

    at_least: int
    at_most: int
    missing: tuple[str, ...]
    follow_ups: tuple[str, ...]


def decide(assessment: Assessment, rules: Ruleset) -> _Decision:  # noqa: C901, PLR0912 - one flat pass, for speed
    """The ranks of ``at_least`` and ``at_most``, and the missing inputs if they differ.

    The fast path: truth codes from compiled rules, no findings. Each fired rule
    raises the floor (``low``); a rule that cannot tell may raise the ceiling
    (``high``), unless its inputs are optional (it then adds its follow-up instead);
    the decision tree's leaves act as one more rule.
    """
    low = high = 0
    # None and an empty value are read alike below ("or ()", "if excluded"), so
    # mutants that start these as "" are equivalent (scripts/mutation.py).
    excluded: set[int] | None = None  # pragma: no mutate
    open_excluded: set[int] | None = None  # pragma: no mutate
    unknown: list[CompiledRule] | None = None  # pragma: no mutate
    follow_ups: tuple[str, ...] = ()
    for compiled in rules.compiled_rules:
        answer = compiled.truth(assessment)
        if answer == FALSE:
            continue
        if answer != TRUE and compiled.follow_up is not None:
            follow_ups = (*follow_ups, compiled.follow_up)
            continue
        if answer == TRUE:
            # ">=" would set the same floor (an equivalent mutant that survives).
            if compiled.floor > low:  # noqa: PLR1730 - cheaper than max() in the hot loop
                low = compiled.floor
            if compiled.excludes:
                excluded = {*(excluded or ()), *compiled.excludes}
        elif compiled.calls_for_care:
            if compiled.floor > high:  # noqa: PLR1730 - as for low (">=" is equivalent)
                high = compiled.floor
            if compiled.excludes:
                open_excluded = {*(open_excluded or ()), *compiled.excludes}
            unknown = [*(unknown or ()), compiled]
    steps: tuple[str, ...] = ()  # pragma: no mutate - read only when there is a tree
    if rules.tree is not None:
        leaves, steps = rules.tree.reach(assessment)
        # Every leaf still reachable calls for at least the lowest one's level.
        lowest, highest = LEVEL_RANK[leaves[0].level], LEVEL_RANK[leaves[-1].level]
        low = max(low, lowest)
        if lowest != highest:
            high = max(high, highest)
    at_least = _resolve(low, excluded)
    if open_excluded and excluded:
        open_excluded |= excluded
    at_most = _resolve(max(low, high), open_excluded or excluded)
    if at_least == at_most:
        return _Decision(at_least, at_most, (), follow_ups)
    missing = _missing(assessment, rules, steps, unknown or [])
    return _Decision(at_least, at_most, missing, follow_ups)


def _missing(
    assessment: Assessment, rules: Ruleset, steps: tuple[str, ...], unknown: list[CompiledRule]
) -> tuple[str, ...]:
    """The missing inputs, in the order the findings list them (tree steps first)."""
    paths = [] if rules.tree is None else rules.tree.missing_inputs(assessment, steps)
    for compiled in unknown:
        paths.extend(compiled.missing(assessment))
    return tuple(dict.fromkeys(paths))
