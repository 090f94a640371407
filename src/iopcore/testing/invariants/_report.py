"""The invariants by name, the error a broken one raises, and its report.

A report shows the counterexample with the participant id only, never personal data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.placement import Placement
    from iopcore.rulesets import Ruleset


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

#: Participant id of every assessment the checks draw (no personal data).
EXAMPLE_ID: Final = "example"
_SHOWN_MISSING: Final = 5


class RulesetInvariantError(AssertionError):
    """A ruleset broke one of the invariants of :func:`check_ruleset`.

    Attributes:
        invariant: Which one (a name from :data:`INVARIANTS`).
        ruleset: The ruleset's id, version and hash, as text.
        detail: What went wrong, with the counterexample, in words.
    """

    # The name it is caught, shown in tracebacks and pickled by: the public module's.
    __module__ = "iopcore.testing.invariants"

    def __init__(self, invariant: str, ruleset: str, detail: str) -> None:
        self.invariant = invariant
        self.ruleset = ruleset
        self.detail = detail
        super().__init__(f"ruleset {ruleset} breaks {invariant}: {detail}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.invariant, self.ruleset, self.detail))


def show(value: object) -> str:
    return "absent" if value is None else repr(value)


def describe_assessment(assessment: Assessment) -> str:
    """The assessment in a few lines: the participant's id only, then the inputs."""
    lines = [f"  assessment of {assessment.participant_id!r} on {assessment.assessed_on}:"]
    ratings = ", ".join(f"{name}={value}" for name, value in assessment.ratings.items())
    lines.append(f"    ratings: {ratings or 'none'}")
    for name, score in assessment.scores.items():
        flags = ", ".join(sorted(score.flags)) or "no flags"
        state = "complete" if score.complete else "incomplete"
        lines.append(
            f"    scores.{name}: total {show(score.total)}, band {show(score.band)}, "
            f"{flags}, {state}"
        )
    facts = ", ".join(f"{name}={value}" for name, value in assessment.facts.items())
    lines.append(f"    facts: {facts or 'none'}")
    if assessment.measurements:
        shown = ", ".join(f"{name}={value:g}" for name, value in assessment.measurements.items())
        lines.append(f"    measurements: {shown}")
    lines.append(f"    population: {show(assessment.population and assessment.population.value)}")
    conditions = assessment.conditions
    listed = "absent" if conditions is None else sorted(c.value for c in conditions) or "none"
    lines.append(f"    conditions: {listed}")
    return "\n".join(lines)


def describe_placement(label: str, placement: Placement) -> str:
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


def fail(ruleset: Ruleset, invariant: str, detail: str, *blocks: str) -> RulesetInvariantError:
    text = "\n".join([detail, *blocks])
    return RulesetInvariantError(invariant, str(ruleset.ref), text)
