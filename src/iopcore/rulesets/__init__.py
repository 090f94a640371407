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

import enum
import functools
import hashlib
import importlib
import json
import re
from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._deprecated import renamed
from iopcore._hours import (
    MAX_HOURS_PER_WEEK,
    check_ceiling,
    to_days_per_week,
    to_exclusive,
    to_grace_weeks,
    to_max_hours,
    to_min_hours,
)
from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_date,
    to_identifier,
    to_number,
)
from iopcore.assessments import Assessment, ClinicalFact, Measurement
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rules import DecisionTree, Rule
from iopcore.rules.rule import CompiledRule, unique_ids

if TYPE_CHECKING:
    from collections.abc import Mapping

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
]

#: Shipped ruleset ids and the modules that define them (imported on first use).
_MODULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "asam": "iopcore.rulesets.asam",
        "locus": "iopcore.rulesets.locus",
        "medicare": "iopcore.rulesets.medicare",
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


def _band_level(value: object) -> LevelOfCare:
    if not isinstance(value, LevelOfCare):
        raise InvalidTypeError("level", value, allowed="a LevelOfCare member")
    return value


def _band_population(value: object) -> Population:
    if not isinstance(value, Population):
        raise InvalidTypeError("population", value, allowed="a Population member")
    return value


class HoursBasis(enum.Enum):
    """What an hour band's weekly hours stand for.

    The numbers of a band read the same either way; what a short week means differs,
    and findings say it in the band's terms.
    """

    #: Hours the program delivers each week: a short week is below the minimum.
    DELIVERED = "delivered"
    #: Hours a week the physician certifies the patient needs, in the plan of care
    #: (Medicare IOP and PHP, 42 CFR 424.24(d)(1) and (e)(1)): a short week is below
    #: the certified need, not by itself a breach of a payment rule.
    CERTIFIED_NEED = "certified need"
    #: 24-hour care (residential or inpatient): the level is defined by round-the-clock
    #: care, not by a weekly session band. Such a band has no minimum and no ceiling,
    #: and weekly session checks do not apply to it.
    TWENTY_FOUR_HOUR_CARE = "24-hour care"


def _basis(value: object) -> HoursBasis:
    if not isinstance(value, HoursBasis):
        raise InvalidTypeError("basis", value, allowed="an HoursBasis member")
    return value


def check_basis(basis: HoursBasis, floor: float, ceiling: float | None) -> None:
    """Refuse hours on a 24-hour-care band (it has no weekly session band)."""
    if basis is HoursBasis.TWENTY_FOUR_HOUR_CARE and (floor != 0 or ceiling is not None):
        raise InvalidValueError(
            "basis",
            basis.value,
            allowed=(
                "24-hour care only with min_hours_per_week=0 and no max_hours_per_week "
                "(24-hour care has no weekly session band)"
            ),
        )


def _citation(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError("source", value, allowed="a non-blank citation")
    return value


@attrs.frozen(kw_only=True)
class HourBand:
    """The weekly session hours one level of care calls for, for one population.

    Args:
        level: The level of care.
        population: Adults or adolescents.
        min_hours_per_week: Hours a week at least (``0`` for none).
        max_hours_per_week: Hours a week at most, or ``None`` for no ceiling.
        max_exclusive: If true the ceiling itself is not allowed ("under 9 hours"),
            otherwise it is ("9 to 19 hours").
        min_days_per_week: Days with attended sessions a week at least, or ``None``.
        taper_grace_weeks: Weeks below the minimum allowed while stepping down.
        source: The public source of these numbers.
        basis: What the hours stand for (:class:`HoursBasis`): hours delivered (the
            default), a certified need, or 24-hour care with no weekly band.

    Raises:
        InvalidValueError: a number out of range, a ceiling below the minimum, or
            hours on a 24-hour-care band.

    >>> band = HourBand(
    ...     level=LevelOfCare.INTENSIVE_OUTPATIENT,
    ...     population=Population.ADULT,
    ...     min_hours_per_week=9,
    ...     max_hours_per_week=19,
    ...     source="example",
    ... )
    >>> band.min_hours_per_week, band.max_hours_per_week
    (9.0, 19.0)
    """

    level: LevelOfCare = attrs.field(converter=_band_level)
    population: Population = attrs.field(converter=_band_population)
    min_hours_per_week: float = attrs.field(converter=to_min_hours)
    max_hours_per_week: float | None = attrs.field(default=None, converter=to_max_hours)
    max_exclusive: bool = attrs.field(default=False, converter=to_exclusive)
    min_days_per_week: int | None = attrs.field(default=None, converter=to_days_per_week)
    taper_grace_weeks: int = attrs.field(default=0, converter=to_grace_weeks)
    source: str = attrs.field(converter=_citation)
    # Left out of the dict form while it is the default, so that the content hashes of
    # rulesets whose bands are all "delivered" did not change when it was added.
    basis: HoursBasis = attrs.field(
        default=HoursBasis.DELIVERED, converter=_basis, metadata={"omit_if_default": True}
    )

    def __attrs_post_init__(self) -> None:
        check_ceiling(self.min_hours_per_week, self.max_hours_per_week, self.max_exclusive)
        check_basis(self.basis, self.min_hours_per_week, self.max_hours_per_week)


def _bands(values: object) -> tuple[HourBand, ...]:
    if isinstance(values, HourBand) or not isinstance(values, Iterable):
        raise InvalidTypeError("hours", values, allowed="a sequence of HourBand values")
    found = tuple(values)
    seen: set[tuple[LevelOfCare, Population]] = set()
    for index, value in enumerate(found):
        if not isinstance(value, HourBand):
            raise InvalidTypeError(f"$.hours[{index}]", value, allowed="an HourBand")
        key = (value.level, value.population)
        if key in seen:
            raise InvalidValueError(
                f"$.hours[{index}]",
                f"{value.level.code}/{value.population.value}",
                allowed="one band per level and population",
                reason="repeats a level and population",
            )
        seen.add(key)
    return found


@attrs.frozen(kw_only=True)
class ParameterSpec:
    """What a transition parameter means and the values it may take.

    Attributes:
        meaning: The parameter in words.
        minimum: The smallest value allowed.
        maximum: The largest value allowed.
        whole: Whether the value must be a whole number (a count of days, weeks,
            sessions or levels).
    """

    meaning: str
    minimum: float
    maximum: float
    whole: bool


#: The transition parameters a ruleset may set, by name (a closed set).
TRANSITION_PARAMETERS: Final[Mapping[str, ParameterSpec]] = MappingProxyType(
    {
        "assessment_interval_days": ParameterSpec(
            meaning="days between re-assessments (the weekly measurement cadence)",
            minimum=1,
            maximum=366,
            whole=True,
        ),
        "initial_assessment_days": ParameterSpec(
            meaning="days after admission by which the first assessment is due",
            minimum=0,
            maximum=366,
            whole=True,
        ),
        "max_length_of_stay_days": ParameterSpec(
            meaning="days in care at which the stay ends (discharge)",
            minimum=1,
            maximum=3660,
            whole=True,
        ),
        "max_missed_sessions": ParameterSpec(
            meaning="consecutive missed (absent, unexcused) sessions that end the stay",
            minimum=1,
            maximum=100,
            whole=True,
        ),
        "min_attendance": ParameterSpec(
            meaning="share of held, unexcused sessions attended, for a step down",
            minimum=0,
            maximum=1,
            whole=False,
        ),
        "plan_review_days": ParameterSpec(
            meaning="days between treatment-plan reviews",
            minimum=1,
            maximum=366,
            whole=True,
        ),
        "reliable_deterioration_points": ParameterSpec(
            meaning="PHQ-9 rise since baseline that is reliable deterioration",
            minimum=1,
            maximum=27,
            whole=True,
        ),
        "remission_below": ParameterSpec(
            meaning="PHQ-9 total below which depression is in remission",
            minimum=1,
            maximum=28,
            whole=True,
        ),
        "response_reduction": ParameterSpec(
            meaning="share by which the PHQ-9 total falls from baseline for a response",
            minimum=0.01,
            maximum=1,
            whole=False,
        ),
        "risk_step_up_levels": ParameterSpec(
            meaning="levels to step up at least on new high risk",
            minimum=1,
            maximum=4,
            whole=True,
        ),
        "sustained_assessments": ParameterSpec(
            meaning="consecutive weekly assessments improvement must hold for",
            minimum=1,
            maximum=52,
            whole=True,
        ),
        "taper_weeks": ParameterSpec(
            meaning="weeks placement must call for a lower level before a step down",
            minimum=0,
            maximum=52,
            whole=True,
        ),
    }
)


def _parameter_name(value: object) -> str:
    if not isinstance(value, str) or value not in TRANSITION_PARAMETERS:
        raise UnknownCodeError("name", value, allowed=", ".join(TRANSITION_PARAMETERS))
    return value


def _parameter_value(value: object) -> float:
    return to_number(value, field="value")


@attrs.frozen(kw_only=True)
class TransitionParameter:
    """One number the transition criteria read, and its public source.

    Args:
        name: One of :data:`TRANSITION_PARAMETERS`.
        value: Its value, within the parameter's range (a whole number where the
            parameter counts something).
        source: Where the number comes from; a program-policy choice says so.

    Raises:
        UnknownCodeError: an unknown name (the error lists the names).
        InvalidValueError: a value out of range, or not whole where it must be.

    >>> TransitionParameter(name="taper_weeks", value=2, source="ASAM via Aetna").value
    2.0
    """

    name: str = attrs.field(converter=_parameter_name)
    value: float = attrs.field(converter=_parameter_value)
    source: str = attrs.field(converter=_citation)

    @value.validator
    def _check_value(self, _: object, value: float) -> None:
        spec = TRANSITION_PARAMETERS[self.name]
        to_number(value, field="value", minimum=spec.minimum, maximum=spec.maximum)
        if spec.whole and not value.is_integer():
            raise InvalidValueError(
                "value", value, allowed=f"a whole number for {self.name}", reason="is not whole"
            )


def _transitions(values: object) -> tuple[TransitionParameter, ...]:
    if isinstance(values, TransitionParameter) or not isinstance(values, Iterable):
        raise InvalidTypeError(
            "transitions", values, allowed="a sequence of TransitionParameter values"
        )
    found = tuple(values)
    seen: set[str] = set()
    for index, value in enumerate(found):
        if not isinstance(value, TransitionParameter):
            raise InvalidTypeError(
                f"$.transitions[{index}]", value, allowed="a TransitionParameter"
            )
        if value.name in seen:
            raise InvalidValueError(
                f"$.transitions[{index}]",
                value.name,
                allowed="one value per parameter",
                reason="repeats a parameter",
            )
        seen.add(value.name)
    return found


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
        default=(), converter=_bands, metadata={"omit_if_default": True}
    )
    # Also left out of the dict form when empty, for the same reason.
    transitions: tuple[TransitionParameter, ...] = attrs.field(
        default=(), converter=_transitions, metadata={"omit_if_default": True}
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
    def _compiled_rules(self) -> tuple[CompiledRule, ...]:
        """Every rule compiled for the placement fast path, built once."""
        return tuple(rule._compiled for rule in self.rules)  # noqa: SLF001 - same engine

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
        (_, ratings), (_, facts), (_, measurements) = self._known_names
        if (
            (ratings is None or ratings.issuperset(assessment.ratings))
            and (facts is None or facts.issuperset(assessment.facts))
            and (measurements is None or measurements.issuperset(assessment.measurements))
        ):
            return  # the common case, on the placement fast path: every name known
        collector = ErrorCollector("assessment names")
        for kind, names in self._known_names:
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
    def _known_names(self) -> tuple[tuple[str, frozenset[str] | None], ...]:
        """For each kind of named input, the names known (``None``: any), built once."""
        own = self.inputs | set(self.other_inputs)
        known = own | _iopcore_inputs()
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
        on = to_as_of(date, field="date")
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def hour_band(self, level: LevelOfCare, population: Population) -> HourBand:
        """The hour band for ``level`` and ``population``.

        Raises:
            UnknownCodeError: the ruleset has no band for them (the error lists the
                level/population pairs it has).
            InvalidTypeError: ``level`` or ``population`` is not a member.
        """
        wanted_level = _band_level(level)
        wanted_population = _band_population(population)
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


@functools.cache
def _iopcore_inputs() -> frozenset[str]:
    """Every input iopcore knows: its facts and measurements, and every shipped input."""
    paths = {f"facts.{fact.value}" for fact in ClinicalFact}
    paths.update(f"measurements.{measurement.value}" for measurement in Measurement)
    for name in _MODULES:
        for ruleset in importlib.import_module(_MODULES[name]).VERSIONS:
            paths.update(ruleset.inputs, ruleset.other_inputs)
    return frozenset(paths)


#: The ruleset placements and transitions follow when the caller passes none.
DEFAULT_PLACEMENT_RULESET: Final = "reference"
#: The ruleset whose hour bands :func:`~iopcore.intensity.requirement_for` reads when
#: the caller passes none.
DEFAULT_HOURS_RULESET: Final = "asam"


def available() -> tuple[str, ...]:
    """The ids of the shipped rulesets, sorted."""
    return tuple(sorted(_MODULES))


def get_ruleset(
    id: str,  # noqa: A002 - the ruleset's id
    *,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    version: str | None = None,
) -> Ruleset:
    """Return a shipped ruleset by id: the version asked for, or the one in force.

    Args:
        id: The ruleset's id (see :func:`available`).
        as_of: The version in force on this day (the newest, when several are).
        version: That exact version, e.g. to re-read a result computed under an
            older one; every shipped version stays available.

    Without ``as_of`` and ``version``, the latest version is returned. With both, the
    version must be in force on ``as_of``.

    Raises:
        UnknownCodeError: no shipped ruleset has that id, or it has no such version
            (the error lists them).
        InvalidTypeError: ``version`` is not a string.
        InvalidValueError: no version of it (or not the one asked for) is in force on
            ``as_of``.

    >>> get_ruleset("medicare", version="2024.1").version
    '2024.1'
    """
    if not isinstance(id, str) or id not in _MODULES:
        raise UnknownCodeError("id", id, allowed=", ".join(available()))
    versions: tuple[Ruleset, ...] = importlib.import_module(_MODULES[id]).VERSIONS
    if version is not None:
        if not isinstance(version, str):
            raise InvalidTypeError("version", version, allowed="a version string, e.g. '2024.1'")
        chosen = tuple(ruleset for ruleset in versions if ruleset.version == version)
        if not chosen:
            listed = ", ".join(ruleset.version for ruleset in versions)
            raise UnknownCodeError(
                "version", version, allowed=listed, reason=f"is not a version of {id}"
            )
        versions = chosen
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


def __getattr__(name: str) -> object:
    return renamed(__name__, name, {"get": ("iopcore.rulesets.get_ruleset", get_ruleset)})
