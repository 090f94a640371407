"""The Ruleset value: a versioned, dated, cited set of rules, and the reference results carry.

:class:`Ruleset` holds the rules, an optional decision tree, hour bands and transition
parameters; its ``content_hash`` is a SHA-256 over its canonical JSON form.
:class:`RulesetRef` is the id, version and hash a result carries.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from typing import Final

import attrs
import pendulum

from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_date,
    to_identifier,
)
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.levels import LevelOfCare, to_level
from iopcore.participants import Population  # noqa: TC001 - Sphinx reads the annotations
from iopcore.rules import DecisionTree, Rule
from iopcore.rules.rule import CompiledRule, unique_ids
from iopcore.rulesets._bands import HourBand, band_population, bands
from iopcore.rulesets._parameters import TransitionParameter, transitions
from iopcore.rulesets._shipped import iopcore_inputs


def _identifier(value: object) -> str:
    return to_identifier(value, field="id")


def _version(value: object) -> str:
    return to_identifier(value, field="version")


def _effective_from(value: object) -> pendulum.Date:
    return to_date(value, field="effective_from")


def _effective_to(value: object) -> pendulum.Date | None:
    return None if value is None else to_date(value, field="effective_to")


def _texts(values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidTypeError("sources", values, allowed="a sequence of citations (str)")
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, str) or not value.strip():
            raise InvalidTypeError(f"$.sources[{index}]", value, allowed="a non-blank citation")
    return found


def _rules(values: object) -> tuple[Rule, ...]:
    if isinstance(values, Rule) or not isinstance(values, Iterable):
        raise InvalidTypeError("rules", values, allowed="a sequence of Rule values")
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, Rule):
            raise InvalidTypeError(f"$.rules[{index}]", value, allowed="a Rule")
    return found


def _tree(value: object) -> DecisionTree | None:
    if value is None or isinstance(value, DecisionTree):
        return value
    raise InvalidTypeError("tree", value, allowed="a DecisionTree or None")


@attrs.frozen(kw_only=True)
class RulesetRef:
    """Which ruleset made a result: its id, version and content hash."""

    id: str
    version: str
    hash: str

    def __str__(self) -> str:
        return f"{self.id} {self.version} ({self.hash[:12]})"


#: The kinds of input whose names an assessment chooses (see Ruleset.other_inputs).
_NAMED_KINDS: Final = ("ratings", "facts", "measurements")
_OTHER_INPUT: Final = re.compile(rf"({'|'.join(_NAMED_KINDS)})\.([a-z][a-z0-9_]*|\*)")


def _other_inputs(values: object) -> tuple[str, ...]:
    allowed = 'paths such as "ratings.readiness", or "ratings.*" for any rating'
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("other_inputs", values, allowed=f"a sequence of {allowed}")
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, str) or not _OTHER_INPUT.fullmatch(value):
            raise InvalidValueError(f"$.other_inputs[{index}]", value, allowed=allowed)
    return tuple(sorted(set(found)))


@attrs.frozen(kw_only=True)
class Ruleset:
    """A versioned set of rules that are in force from ``effective_from``.

    Args:
        id: The ruleset's id, e.g. ``"reference"``.
        version: Its version, e.g. ``"2026.1"``.
        title: A one-line name.
        effective_from: The first day it is in force.
        effective_to: The first day it is no longer in force (``None``: open-ended).
        sources: The public sources it rests on.
        rules: Its rules, evaluated independently; the placement is the least
            intensive level that every fired rule allows.
        tree: A decision tree evaluated alongside the rules (its leaf acts as one
            more fired rule), for algorithms whose order matters.
        notice: Licence or usage notice shown with it.
        hours: Weekly hour bands, at most one per level and population (read by
            :func:`iopcore.intensity.requirement_for`).
        transitions: Transition parameters, at most one per name (read by
            :mod:`iopcore.transitions`).
        other_inputs: Inputs the ruleset knows beyond what its rules read, as paths
            (``"ratings.readiness"``), or a kind ending in ``*`` to allow any name
            of it (``"ratings.*"``). Placement refuses a rating, fact or measurement
            name that neither the ruleset nor iopcore knows, most often a
            misspelling (see :meth:`check_names`).

    Raises:
        InvalidValueError: repeated rule or node ids, or ``effective_to`` not after
            ``effective_from``.
    """

    id: str = attrs.field(converter=_identifier)
    version: str = attrs.field(converter=_version)
    title: str = ""
    effective_from: pendulum.Date = attrs.field(converter=_effective_from)
    effective_to: pendulum.Date | None = attrs.field(default=None, converter=_effective_to)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    tree: DecisionTree | None = attrs.field(default=None, converter=_tree)
    notice: str = ""
    # Left out of the dict form when empty (see iopcore.serialize), so that the
    # content hashes of rulesets without hour bands did not change when it was added.
    hours: tuple[HourBand, ...] = attrs.field(
        default=(), converter=bands, metadata={"omit_if_default": True}
    )
    # Also left out of the dict form when empty, for the same reason.
    transitions: tuple[TransitionParameter, ...] = attrs.field(
        default=(), converter=transitions, metadata={"omit_if_default": True}
    )
    # Also left out of the dict form while False, for the same reason.
    other_inputs: tuple[str, ...] = attrs.field(
        default=(), converter=_other_inputs, metadata={"omit_if_default": True}
    )

    def __attrs_post_init__(self) -> None:
        ids = [rule.id for rule in self.rules]
        if self.tree is not None:
            ids.extend(branch.id for branch in self.tree.branches)
            ids.extend(leaf.id for leaf in self.tree.leaves)
        unique_ids(ids, field="rules")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise InvalidValueError(
                "effective_to",
                self.effective_to,
                allowed=f"a date after effective_from={self.effective_from.isoformat()}",
            )

    @functools.cached_property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the ruleset's canonical JSON: sorted keys, no spaces.

        A ruleset without hour bands has no ``hours`` key in its dict form, so adding
        that field left the hashes of rulesets without bands as they were.
        """
        from iopcore.serialize import to_dict  # noqa: PLC0415 - cattrs only when hashing

        canonical = json.dumps(
            to_dict(self), sort_keys=True, separators=(",", ":"), ensure_ascii=True
        )
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()

    @functools.cached_property
    def compiled_rules(self) -> tuple[CompiledRule, ...]:
        """Every rule compiled for placement's fast path, built on first use.

        :meta private:
        """
        return tuple(rule.compiled for rule in self.rules)

    @functools.cached_property
    def inputs(self) -> frozenset[str]:
        """The assessment paths its rules and tree read, e.g. ``"ratings.safety"``."""
        conditions = [rule.when for rule in self.rules]
        if self.tree is not None:
            conditions.extend(branch.when for branch in self.tree.branches)
        return frozenset().union(*(condition.inputs() for condition in conditions))

    def check_names(self, assessment: Assessment) -> None:
        """Refuse rating, fact and measurement names that nobody reads.

        A name is known when this ruleset reads it, or when iopcore knows it (a
        :class:`~iopcore.assessments.ClinicalFact`, a
        :class:`~iopcore.assessments.Measurement`, or an input of a shipped ruleset:
        a record holding LOCUS and ASAM ratings together is ordinary). Anything else
        is most often a misspelling (``"safty"``) that would otherwise be read as a
        rating not given. The ruleset's ``other_inputs`` are known too; ``"ratings.*"``
        there lets any rating name through.

        Raises:
            UnknownCodeError: a name neither knows, naming it and listing the names
                of that kind this ruleset knows (several as a group).
            InvalidTypeError: ``assessment`` is not an Assessment.
        """
        if not isinstance(assessment, Assessment):
            raise InvalidTypeError("assessment", assessment, allowed="an Assessment")
        (_, ratings), (_, facts), (_, measurements) = self.known_names
        if (
            (ratings is None or ratings.issuperset(assessment.ratings))
            and (facts is None or facts.issuperset(assessment.facts))
            and (measurements is None or measurements.issuperset(assessment.measurements))
        ):
            return  # the common case, on the placement fast path: every name known
        collector = ErrorCollector("assessment names")
        for kind, names in self.known_names:
            given = getattr(assessment, kind)
            if names is None or names.issuperset(given):
                continue
            prefix = f"{kind}."
            own = sorted(
                path.removeprefix(prefix)
                for path in (*self.inputs, *self.other_inputs)
                if path.startswith(prefix)
            )
            allowed = ", ".join(dict.fromkeys(own)) or f"none (it reads no {kind})"
            reason = f"is not a name that ruleset {self.id} or iopcore knows"
            collector.errors.extend(
                UnknownCodeError(f"assessment.{kind}.{name}", name, allowed=allowed, reason=reason)
                for name in given
                if name not in names
            )
        collector.raise_if_any()

    @functools.cached_property
    def known_names(self) -> tuple[tuple[str, frozenset[str] | None], ...]:
        """For each kind of named input, the names known (``None``: any), built on first use.

        :meta private:
        """
        own = self.inputs | set(self.other_inputs)
        known = own | iopcore_inputs()
        found: list[tuple[str, frozenset[str] | None]] = []
        for kind in _NAMED_KINDS:
            prefix = f"{kind}."
            names = frozenset(p.removeprefix(prefix) for p in known if p.startswith(prefix))
            found.append((kind, None if f"{kind}.*" in own else names))
        return tuple(found)

    @functools.cached_property
    def ref(self) -> RulesetRef:
        """The id, version and hash, for results to carry."""
        return RulesetRef(id=self.id, version=self.version, hash=self.content_hash)

    def in_force_on(self, date: pendulum.Date | pendulum.DateTime) -> bool:
        """Whether the ruleset is in force on ``date``."""
        return in_force(self, to_as_of(date, field="date"))

    def hour_band(self, level: LevelOfCare, population: Population) -> HourBand:
        """The hour band for ``level`` and ``population``.

        Raises:
            UnknownCodeError: the ruleset has no band for them (the error lists the
                level/population pairs it has).
            InvalidTypeError: ``level`` or ``population`` is not a member.
        """
        wanted_level = to_level(level)
        wanted_population = band_population(population)
        for band in self.hours:
            if band.level is wanted_level and band.population is wanted_population:
                return band
        pairs = ", ".join(f"{b.level.code}/{b.population.value}" for b in self.hours)
        raise UnknownCodeError(
            "level",
            f"{wanted_level.code}/{wanted_population.value}",
            allowed=pairs or f"none: ruleset {self.id} has no hour bands",
            reason="has no hour band in this ruleset",
        )

    def transition_parameter(self, name: str) -> TransitionParameter:
        """The transition parameter called ``name``.

        Raises:
            UnknownCodeError: the ruleset does not set it (the error lists the names
                it sets).
        """
        for parameter in self.transitions:
            if isinstance(name, str) and parameter.name == name:
                return parameter
        names = ", ".join(parameter.name for parameter in self.transitions)
        raise UnknownCodeError(
            "name",
            name,
            allowed=names or f"none: ruleset {self.id} has no transition parameters",
            reason="is not a transition parameter of this ruleset",
        )

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Raises:
            UnknownCodeError: no rule has that id (the error lists the ids).
        """
        if isinstance(rule_id, str):  # an array-like id would compare item by item
            for rule in self.rules:
                if rule.id == rule_id:
                    return rule
        allowed = ", ".join(rule.id for rule in self.rules)
        raise UnknownCodeError("rule_id", rule_id, allowed=allowed)

    def derive(  # noqa: PLR0913 - keyword-only options of one operation
        self,
        *,
        id: str,  # noqa: A002 - the field is called id
        version: str,
        add: Iterable[Rule] = (),
        drop: Iterable[str] = (),
        replace: Iterable[Rule] = (),
        title: str | None = None,
        sources: Iterable[str] = (),
    ) -> Ruleset:
        """Return a new ruleset built from this one.

        Args:
            id: The new ruleset's id (a derived ruleset is not the original).
            version: The new ruleset's version.
            add: Rules to append.
            drop: Ids of rules to remove.
            replace: Rules that take the place of the rules with the same ids.
            title: A new title (default: this one's, marked as derived).
            sources: Citations to add to this ruleset's sources.

        Raises:
            UnknownCodeError: ``drop`` or ``replace`` names a rule that is not here.
        """
        dropped = list(drop)
        replacing = {rule.id: rule for rule in replace}
        for rule_id in [*dropped, *replacing]:
            self.rule(rule_id)
        kept = tuple(replacing.get(rule.id, rule) for rule in self.rules if rule.id not in dropped)
        return attrs.evolve(
            self,
            id=id,
            version=version,
            title=f"{self.title} (derived)" if title is None else title,
            rules=(*kept, *add),
            sources=(*self.sources, *sources),
        )


def in_force(ruleset: Ruleset, on: pendulum.Date) -> bool:
    """Whether ``ruleset`` is in force on ``on``, a date already checked.

    :meth:`Ruleset.in_force_on` checks its argument and asks this.
    """
    ends = ruleset.effective_to
    return ruleset.effective_from <= on and (ends is None or on < ends)
