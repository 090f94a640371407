"""Rulesets: versioned, dated, cited collections of rules, and the registry of shipped ones.

A :class:`Ruleset` is a value: an id, a version, the dates it is in force, its sources,
its rules (and, for algorithms whose order matters such as LOCUS, a decision tree).
Its ``content_hash`` is a SHA-256 over its canonical JSON form, the same
in every process and Python version, so a stored placement says exactly which rules
made it.

Shipped rulesets are found by id with :func:`get` and listed by :func:`available`;
nothing is registered at run time, so re-running a notebook cell cannot change them.
Derive your own with :meth:`Ruleset.derive` (add, drop or replace rules).

>>> from iopcore import rulesets
>>> rulesets.available()
('locus', 'reference')
>>> reference = rulesets.get("reference")
>>> reference.id, reference.version
('reference', '2026.1')
>>> len(reference.content_hash)
64
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._validation import to_as_of, to_date, to_identifier
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rules import DecisionTree, Rule
from iopcore.rules.rule import CompiledRule, unique_ids

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Ruleset", "RulesetRef", "available", "get"]

#: Shipped ruleset ids and the modules that define them (imported on first use).
_MODULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "locus": "iopcore.rulesets.locus",
        "reference": "iopcore.rulesets.reference",
    }
)


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
        """SHA-256 (hex) of the ruleset's canonical JSON: sorted keys, no spaces."""
        from iopcore.serialize import to_dict  # noqa: PLC0415 - cattrs only when hashing

        canonical = json.dumps(
            to_dict(self), sort_keys=True, separators=(",", ":"), ensure_ascii=True
        )
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()

    @functools.cached_property
    def _compiled_rules(self) -> tuple[CompiledRule, ...]:
        """Every rule compiled for the placement fast path, built once."""
        return tuple(rule._compiled for rule in self.rules)  # noqa: SLF001 - same engine

    @functools.cached_property
    def ref(self) -> RulesetRef:
        """The id, version and hash, for results to carry."""
        return RulesetRef(id=self.id, version=self.version, hash=self.content_hash)

    def in_force_on(self, date: pendulum.Date | pendulum.DateTime) -> bool:
        """Whether the ruleset is in force on ``date``."""
        on = to_as_of(date, field="date")
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Raises:
            UnknownCodeError: no rule has that id (the error lists the ids).
        """
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


def available() -> tuple[str, ...]:
    """The ids of the shipped rulesets, sorted."""
    return tuple(sorted(_MODULES))


def get(id: str, *, as_of: pendulum.Date | pendulum.DateTime | None = None) -> Ruleset:  # noqa: A002
    """Return a shipped ruleset by id: the version in force on ``as_of``.

    Without ``as_of``, the latest version is returned.

    Raises:
        UnknownCodeError: no shipped ruleset has that id (the error lists them).
        InvalidValueError: no version of it is in force on ``as_of``.
    """
    if not isinstance(id, str) or id not in _MODULES:
        raise UnknownCodeError("id", id, allowed=", ".join(available()))
    versions: tuple[Ruleset, ...] = importlib.import_module(_MODULES[id]).VERSIONS
    if as_of is None:
        return versions[-1]
    on = to_as_of(as_of)
    for ruleset in reversed(versions):
        if ruleset.in_force_on(on):
            return ruleset
    spans = ", ".join(
        f"{r.version}: {r.effective_from.isoformat()} to {r.effective_to or 'open'}"
        for r in versions
    )
    raise InvalidValueError("as_of", on, allowed=f"a date when a version is in force ({spans})")
