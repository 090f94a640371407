"""Rules and findings: what a rule calls for, and what it found in one assessment.

A :class:`Rule` pairs a condition (a :class:`~iopcore.rules.predicates.Predicate`) with
what it calls for when the condition holds: a minimum level of care, levels it rules
out, or nothing at all (an alert that only informs). Evaluating a rule on an assessment
gives a :class:`Finding`: whether it fired, did not fire, or could not tell, with the
observed and required values and the paths of any missing inputs.

>>> from iopcore import LevelOfCare
>>> from iopcore.assessments import Assessment
>>> from iopcore.rules import RatingAtLeast, Rule
>>> rule = Rule(
...     id="R-SAFETY-4",
...     when=RatingAtLeast(dimension="safety", minimum=4),
...     min_level=LevelOfCare.INPATIENT,
...     rationale="Imminent danger needs 24-hour medical care.",
...     source="example",
... )
>>> import pendulum
>>> finding = rule.evaluate(
...     Assessment(participant_id="p", assessed_on=pendulum.date(2026, 1, 5), ratings={"safety": 4})
... )
>>> finding.outcome, finding.observed
(<Outcome.FIRED: 'fired'>, {'ratings.safety': 4})
"""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING, NamedTuple

import attrs

from iopcore._validation import to_identifier, to_members
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare, to_level
from iopcore.rules._compile import MissingFunction, TruthFunction, missing_function, truth_function
from iopcore.rules.predicates import Observation, Predicate, Truth, require_assessment

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from iopcore.assessments import Assessment

__all__ = ["Finding", "Outcome", "Rule"]


class Outcome(enum.Enum):
    """How a rule came out on one assessment."""

    FIRED = "fired"
    NOT_FIRED = "not fired"
    UNKNOWN = "unknown"


_OUTCOME = {
    Truth.TRUE: Outcome.FIRED,
    Truth.FALSE: Outcome.NOT_FIRED,
    Truth.UNKNOWN: Outcome.UNKNOWN,
}


def _rule_id(value: object) -> str:
    return to_identifier(value, field="id")


def _predicate(value: object) -> Predicate:
    if not isinstance(value, Predicate):
        raise InvalidTypeError("when", value, allowed="a predicate from iopcore.rules")
    return value


def _min_level(value: object) -> LevelOfCare | None:
    if value is None:
        return None
    return to_level(value, field="min_level", allowed="a LevelOfCare or None")


def _excludes(values: object) -> frozenset[LevelOfCare]:
    levels = to_members(LevelOfCare, values, field="excludes", allowed_iterable="a set of levels")
    if LevelOfCare.INPATIENT in levels:
        raise InvalidValueError(
            "excludes",
            LevelOfCare.INPATIENT,
            allowed="levels below INPATIENT (the most intensive level is always available)",
        )
    return levels


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError("text", value, allowed="a non-blank string")
    return value


def _follow_up(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError("if_missing", value, allowed="None or a non-blank follow-up text")
    return value


@attrs.frozen(kw_only=True)
class Finding:
    """What one rule (or one decision-tree step) found in one assessment.

    Attributes:
        rule_id: The rule's id.
        outcome: Fired, not fired, or unknown (an input it needs is missing).
        min_level: The minimum level the rule calls for when fired, if any.
        excludes: Levels the rule rules out when fired.
        observations: What each condition saw: path, value, requirement.
        rationale: Why the rule exists, in words.
        source: The public source it rests on.
        step: Whether this is a decision-tree step (its outcome says which way the
            tree went) rather than a rule.
        follow_up: For an unknown outcome of a rule whose inputs are optional, its
            ``if_missing`` text: the placement was decided without the rule.
    """

    rule_id: str
    outcome: Outcome
    min_level: LevelOfCare | None = None
    excludes: frozenset[LevelOfCare] = frozenset()
    observations: tuple[Observation, ...] = ()
    rationale: str = ""
    source: str = ""
    step: bool = False
    # Left out of the dict form while None, so stored placements keep theirs.
    follow_up: str | None = attrs.field(default=None, metadata={"omit_if_default": True})

    @property
    def fired(self) -> bool:
        """Whether the rule's condition held."""
        return self.outcome is Outcome.FIRED

    @property
    def observed(self) -> Mapping[str, int | float | str | bool | None]:
        """Each input path and the value found there (``None`` if missing)."""
        return {o.path: o.observed for o in self.observations}

    @property
    def required(self) -> Mapping[str, str]:
        """Each input path and what the condition required of it."""
        return {o.path: o.required for o in self.observations}

    @property
    def missing(self) -> tuple[str, ...]:
        """Paths of the inputs that were missing (never a sum or count over them)."""
        return tuple(
            dict.fromkeys(
                o.path for o in self.observations if o.observed is None and not o.aggregate
            )
        )

    @property
    def calls_for_care(self) -> bool:
        """Whether the rule, when fired, constrains the level (not only informs)."""
        return self.min_level is not None or bool(self.excludes)


@attrs.frozen(kw_only=True)
class Rule:
    """A condition and the level of care it calls for when it holds.

    Args:
        id: A short unique id within its ruleset, e.g. ``"R-SAFETY-4"``.
        when: The condition.
        min_level: The least intensive level acceptable when the condition holds;
            ``None`` for a rule that only informs (an alert).
        excludes: Levels that are not acceptable when the condition holds (never
            ``INPATIENT``, so some level always remains).
        rationale: Why, in words.
        source: The public source the rule rests on.
        if_missing: What to do when the condition's inputs are missing. ``None`` (the
            default): the input is required, and its absence leaves the placement
            open whenever it could change the level. A text makes the input optional:
            the placement is decided without the rule and lists the text, a
            follow-up for the clinician, in :attr:`~iopcore.placement.Placement.follow_ups`.
    """

    id: str = attrs.field(converter=_rule_id)
    when: Predicate = attrs.field(converter=_predicate)
    min_level: LevelOfCare | None = attrs.field(default=None, converter=_min_level)
    excludes: frozenset[LevelOfCare] = attrs.field(default=frozenset(), converter=_excludes)
    rationale: str = attrs.field(converter=_text)
    source: str = attrs.field(converter=_text)
    # Left out of the dict form while None, so that the content hashes of rulesets
    # whose rules are all required did not change when it was added.
    if_missing: str | None = attrs.field(
        default=None, converter=_follow_up, metadata={"omit_if_default": True}
    )

    @functools.cached_property
    def compiled(self) -> CompiledRule:
        """The rule as closures and level ranks, built on first use (placement's fast path).

        :meta private:
        """
        return compile_rule(self)

    def evaluate(self, assessment: Assessment) -> Finding:
        """Evaluate the rule's condition on ``assessment``."""
        observations: list[Observation] = []
        truth = self.when._observe(require_assessment(assessment), observations)  # noqa: SLF001
        outcome = _OUTCOME[truth]
        return Finding(
            rule_id=self.id,
            outcome=outcome,
            min_level=self.min_level,
            excludes=self.excludes,
            observations=tuple(observations),
            rationale=self.rationale,
            source=self.source,
            follow_up=self.if_missing if outcome is Outcome.UNKNOWN else None,
        )


#: Each level's rank: its position from OUTPATIENT (0) to INPATIENT (4).
LEVEL_RANK: dict[LevelOfCare, int] = {level: rank for rank, level in enumerate(LevelOfCare)}


class CompiledRule(NamedTuple):
    """What placement needs of a rule, for the fast path.

    Attributes:
        truth: The condition's truth function.
        missing: The condition's missing-inputs function.
        floor: The rank of ``min_level``, or -1 when the rule sets none.
        excludes: The ranks of the excluded levels.
        calls_for_care: Whether the rule constrains the level at all.
        follow_up: The rule's ``if_missing`` text (``None``: its inputs are required).
    """

    truth: TruthFunction
    missing: MissingFunction
    floor: int
    excludes: frozenset[int]
    calls_for_care: bool
    follow_up: str | None


def compile_rule(rule: Rule) -> CompiledRule:
    """Compile ``rule`` (use ``rule.compiled``, which keeps the result)."""
    return CompiledRule(
        truth=truth_function(rule.when),
        missing=missing_function(rule.when),
        floor=-1 if rule.min_level is None else LEVEL_RANK[rule.min_level],
        excludes=frozenset(LEVEL_RANK[level] for level in rule.excludes),
        calls_for_care=rule.min_level is not None or bool(rule.excludes),
        follow_up=rule.if_missing,
    )


def unique_ids(ids: Iterable[str], *, field: str) -> None:
    """Raise if an id repeats (rule ids and tree node ids share one namespace)."""
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise InvalidValueError(field, identifier, allowed="unique ids", reason="repeats")
        seen.add(identifier)
