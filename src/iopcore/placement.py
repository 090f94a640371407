"""Placement: the level of care a ruleset calls for, with every reason shown.

:func:`recommend_level` evaluates every rule of a ruleset (and its decision tree, if
it has one) on an assessment. Each fired rule sets a floor (its minimum level) or rules
levels out; the recommendation is the least intensive level that every fired rule
allows. So the highest-risk input drives the level, and ratings are never added up
unless a ruleset's own rules do so (as LOCUS's composite does).

When inputs are missing, some rules cannot tell. The placement then works out the
lowest and the highest level the missing inputs could lead to. If they agree, the
missing inputs do not matter and the level stands; if not, the placement is *not
determinable*: ``level`` is ``None``, ``at_least`` says what the known inputs already
call for, and ``missing`` lists the inputs that could change the result. A rule may
mark its inputs optional (``Rule(if_missing=...)``): when they are
missing, the placement is decided without it and lists the rule's follow-up in
``follow_ups`` (the ``reference`` ruleset does so for the C-SSRS screen).

:meth:`Placement.override` records the level actually chosen beside the recommended
one, with the reason, who decided, and the direction of the difference.

>>> import pendulum
>>> from iopcore.placement import recommend_level
>>> from iopcore.assessments import Assessment
>>> from iopcore.instruments import cssrs
>>> assessment = Assessment(
...     participant_id="p-001",
...     assessed_on=pendulum.date(2026, 3, 2),
...     ratings={
...         "safety": 1,
...         "medical": 0,
...         "symptoms": 3,
...         "substance_use": 2,
...         "environment": 1,
...         "readiness": 1,
...     },
...     facts={"support_outside_program_hours": True, "impairment_beyond_routine_outpatient": True},
...     conditions=["depression"],
... )
>>> placement = recommend_level(assessment, as_of=pendulum.date(2026, 3, 2))
>>> placement.level.code, placement.follow_ups[0][:52]
('PHP', 'No complete validated suicide-risk screen on file: s')
>>> screened = attrs.evolve(assessment, scores=[cssrs.score([False] * 6)])
>>> recommend_level(screened, as_of=pendulum.date(2026, 3, 2)).follow_ups
()
>>> unrated = attrs.evolve(assessment, ratings={"safety": 1, "symptoms": 3})
>>> open_placement = recommend_level(unrated, as_of=pendulum.date(2026, 3, 2))
>>> open_placement.level, open_placement.at_least.code, open_placement.missing
(None, 'PHP', ('ratings.medical', 'ratings.substance_use', 'ratings.environment'))
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs
import pendulum

from iopcore._deprecated import renamed
from iopcore._render import Note, Shown, Table, View, value_text
from iopcore._validation import to_as_of, to_member
from iopcore.assessments import Assessment, Role
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.rules import Finding, Outcome
from iopcore.rules._compile import FALSE, TRUE
from iopcore.rules.rule import LEVEL_RANK, CompiledRule
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET, Ruleset, RulesetRef, get_ruleset

__all__ = ["Direction", "Override", "Placement", "recommend_level"]


class Direction(enum.Enum):
    """How the chosen level relates to the recommended one."""

    HIGHER = "higher"
    SAME = "same"
    LOWER = "lower"


def _level(value: object) -> LevelOfCare:
    if not isinstance(value, LevelOfCare):
        raise InvalidTypeError("level", value, allowed="a LevelOfCare")
    return value


def _reason(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError("reason", value, allowed="a non-blank reason")
    return value


def _decided_by(value: object) -> Role:
    return to_member(Role, value, field="decided_by")


@attrs.frozen(kw_only=True)
class Override:
    """The level actually chosen, when it differs from (or confirms) the recommendation.

    ``reason`` is free text written by a clinician; it is kept out of ``repr``.
    """

    level: LevelOfCare = attrs.field(converter=_level)
    reason: str = attrs.field(converter=_reason, repr=False)
    decided_by: Role = attrs.field(converter=_decided_by)
    direction: Direction


@attrs.frozen(kw_only=True, slots=False)
class Placement(Shown):
    """A level-of-care recommendation and why.

    Attributes:
        participant_id: Whose assessment it was.
        assessed_on: The assessment's date.
        as_of: The date the recommendation was made for.
        level: The recommended level, or ``None`` when not determinable.
        determinable: Whether the known inputs settle the level.
        at_least: The level the known inputs already call for (a floor).
        at_most: The highest level the missing inputs could lead to.
        missing: Input paths whose absence leaves the level open.
        findings: Every rule's finding (and every decision-tree step), in order.
        ruleset: The ruleset's id, version and hash.
        chosen: The level actually chosen, if recorded with :meth:`override`.
        follow_ups: What a clinician should follow up because an optional input is
            missing (a rule's ``if_missing`` text), e.g. no validated suicide-risk
            screen on file. The level was decided without those inputs.

    A placement made by :func:`recommend_level` builds its findings the first time
    they are read (deciding the level does not need them); they are the same
    whenever they are built, and take part in equality and hashing as any field.
    """

    participant_id: str
    assessed_on: pendulum.Date
    as_of: pendulum.Date
    level: LevelOfCare | None
    determinable: bool
    at_least: LevelOfCare
    at_most: LevelOfCare
    missing: tuple[str, ...]
    findings: tuple[Finding, ...]
    ruleset: RulesetRef
    chosen: Override | None = None
    # Left out of the dict form while empty, so stored placements keep theirs.
    follow_ups: tuple[str, ...] = attrs.field(default=(), metadata={"omit_if_default": True})

    if not TYPE_CHECKING:  # type checkers see `findings` as the plain field it is

        def __getattr__(self, name: str) -> object:
            # Called only while `findings` is not yet stored (see `_placement`).
            if name == "findings":
                assessment, rules = self.__dict__.pop("_pending")
                findings = _findings(assessment, rules)
                self.__dict__["findings"] = findings
                return findings
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, object]:
        # Reading every field builds the findings, so the pending inputs are not kept.
        return {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @property
    def fired(self) -> tuple[Finding, ...]:
        """The findings of rules that fired."""
        return tuple(finding for finding in self.findings if finding.outcome is Outcome.FIRED)

    @property
    def alerts(self) -> tuple[Finding, ...]:
        """Fired rules that only inform (no level attached), such as safety alerts."""
        return tuple(finding for finding in self.fired if not finding.calls_for_care)

    @property
    def actual_level(self) -> LevelOfCare | None:
        """The chosen level if one was recorded, else the recommended one."""
        return self.level if self.chosen is None else self.chosen.level

    def override(self, level: LevelOfCare, *, reason: str, decided_by: Role | str) -> Placement:
        """Return this placement with the level actually chosen recorded beside it.

        Args:
            level: The level chosen.
            reason: Why, in words (kept out of ``repr``).
            decided_by: The role of the person who decided.

        Raises:
            InvalidTypeError: ``level`` is not a LevelOfCare, or ``reason`` is blank.
            UnknownCodeError: ``decided_by`` is not a :class:`~iopcore.assessments.Role`.

        When the placement was not determinable, the direction is measured from
        ``at_least``.
        """
        chosen = _level(level)
        # The floor: the level itself when it is known (at_least is then the level).
        reference = self.at_least
        if chosen > reference:
            direction = Direction.HIGHER
        elif chosen < reference:
            direction = Direction.LOWER
        else:
            direction = Direction.SAME
        record = Override(level=chosen, reason=reason, decided_by=decided_by, direction=direction)
        return attrs.evolve(self, chosen=record)

    def view(self) -> View:
        """What the placement shows (see :mod:`iopcore.explain`).

        Text: the headline, the follow-ups, the decision-tree steps on one line, then
        one line per fired rule (alerts included); rules that could not tell are
        listed with ``?`` when the level is open. HTML and Markdown: the headline,
        the follow-ups and a table of every finding. Coded values only: an
        override's reason is never shown.
        """
        headline = _headline(self)
        follow_ups = tuple(f"follow-up: {text}" for text in self.follow_ups)
        return View(
            kind="explain",
            headline=headline,
            lines=(headline, *follow_ups, *_finding_lines(self)),
            parts=(
                *(Note(text, role="follow-up") for text in follow_ups),
                Table(_COLUMNS, tuple(_finding_row(finding) for finding in self.findings)),
            ),
        )


# ---------------------------------------------------------------- the view

_COLUMNS: Final = ("rule", "outcome", "observed", "required", "calls for", "source")
_STEP: Final = {Outcome.FIRED: "yes", Outcome.NOT_FIRED: "no", Outcome.UNKNOWN: "?"}


def _headline(placement: Placement) -> str:
    where = f"({placement.ruleset.id} {placement.ruleset.version})"
    if placement.determinable and placement.level is not None:
        return f"recommended: {placement.level.name} {where}"
    missing = ", ".join(placement.missing)
    return (
        f"not determinable: at least {placement.at_least.name}, up to "
        f"{placement.at_most.name} {where}; missing: {missing}"
    )


def _condition(finding: Finding) -> str:
    parts = [f"{o.path} {value_text(o.observed)} {o.required}" for o in finding.observations]
    return " and ".join(parts) or finding.rationale or "always"


def _calls_for(finding: Finding) -> str:
    if finding.min_level is not None:
        return finding.min_level.name
    if finding.excludes:
        return "not " + ", ".join(level.name for level in sorted(finding.excludes))
    return "ALERT"


def _finding_lines(placement: Placement) -> list[str]:
    """The tree's steps on one line, each fired rule, and (open) the rules that could not tell."""
    ruleset = placement.ruleset.id
    lines = []
    steps = [f for f in placement.findings if f.step]
    if steps:
        lines.append("steps: " + ", ".join(f"{f.rule_id} {_STEP[f.outcome]}" for f in steps))
    lines.extend(
        f"{_condition(f)} -> {_calls_for(f)} ({ruleset}/{f.rule_id})"
        for f in placement.findings
        if f.outcome is Outcome.FIRED and not f.step
    )
    if not placement.determinable:
        lines.extend(
            f"? {_condition(f)} -> {_calls_for(f)} ({ruleset}/{f.rule_id})"
            for f in placement.findings
            if f.outcome is Outcome.UNKNOWN and f.calls_for_care
        )
    return lines


def _finding_row(finding: Finding) -> tuple[str, ...]:
    return (
        finding.rule_id,
        finding.outcome.value,
        "; ".join(f"{o.path} = {value_text(o.observed)}" for o in finding.observations),
        "; ".join(f"{o.path} {o.required}" for o in finding.observations),
        _calls_for(finding) if finding.calls_for_care or finding.outcome is Outcome.FIRED else "",
        finding.source,
    )


_LEVELS: Final = tuple(LevelOfCare)
_INPATIENT: Final = len(_LEVELS) - 1


def _resolve(floor: int, excluded: set[int] | None) -> int:
    """The rank of the least intensive level from ``floor`` up that is not excluded."""
    if excluded:
        # INPATIENT is never excluded, so "<=" stops at it all the same (equivalent).
        while floor in excluded and floor < _INPATIENT:
            floor += 1
    return floor


def _findings(assessment: Assessment, rules: Ruleset) -> tuple[Finding, ...]:
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


def _decide(assessment: Assessment, rules: Ruleset) -> _Decision:  # noqa: C901, PLR0912 - one flat pass, for speed
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
    for compiled in rules._compiled_rules:  # noqa: SLF001 - the engine's own cache
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
        leaves, steps = rules.tree._reach(assessment)  # noqa: SLF001 - engine internals
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
    paths = [] if rules.tree is None else rules.tree._missing(assessment, steps)  # noqa: SLF001 - engine internals
    for compiled in unknown:
        paths.extend(compiled.missing(assessment))
    return tuple(dict.fromkeys(paths))


def recommend_level(
    assessment: Assessment,
    *,
    ruleset: Ruleset | None = None,
    as_of: pendulum.Date | pendulum.DateTime,
) -> Placement:
    """Recommend a level of care for ``assessment`` under ``ruleset``.

    Args:
        assessment: What is known, dated on or before ``as_of``.
        ruleset: The rules; the ``reference`` ruleset in force on ``as_of`` if
            ``None``.
        as_of: The date the recommendation is for (a date, or an aware datetime).

    Returns:
        The placement, with every finding.

    Raises:
        InvalidTypeError: ``assessment`` or ``ruleset`` has the wrong type.
        InvalidValueError: the assessment is dated after ``as_of``, or the ruleset is
            not in force on ``as_of``.
        UnknownCodeError: a rating, fact or measurement name that neither the ruleset
            nor iopcore knows, most often a misspelling (see
            :meth:`~iopcore.rulesets.Ruleset.check_names`).
        NaiveDateTimeError: ``as_of`` is a datetime without a time zone.
    """
    on = to_as_of(as_of)
    if not isinstance(assessment, Assessment):
        raise InvalidTypeError("assessment", assessment, allowed="an Assessment")
    if assessment.assessed_on > on:
        raise InvalidValueError(
            "assessment.assessed_on",
            assessment.assessed_on,
            allowed=f"a date on or before as_of={on.isoformat()}",
            reason="is after as_of",
        )
    rules = _ruleset(ruleset, on)
    rules.check_names(assessment)
    at_least, at_most, missing, follow_ups = _decide(assessment, rules)
    determinable = at_least == at_most
    return _placement(
        {
            "participant_id": assessment.participant_id,
            "assessed_on": assessment.assessed_on,
            "as_of": on,
            "level": _LEVELS[at_least] if determinable else None,
            "determinable": determinable,
            "at_least": _LEVELS[at_least],
            "at_most": _LEVELS[at_most],
            "missing": missing,
            "ruleset": rules.ref,
            "chosen": None,
            "follow_ups": tuple(dict.fromkeys(follow_ups)),
            "_pending": (assessment, rules),
        }
    )


def _placement(fields: dict[str, object]) -> Placement:
    """A placement whose findings are built on first access (fields are already valid)."""
    placement = object.__new__(Placement)
    placement.__dict__.update(fields)
    return placement


def _ruleset(ruleset: object, on: pendulum.Date) -> Ruleset:
    if ruleset is None:
        return get_ruleset(DEFAULT_PLACEMENT_RULESET, as_of=on)
    if not isinstance(ruleset, Ruleset):
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset or None")
    # The in-force test of Ruleset.in_force_on, on a date already checked here.
    ends = ruleset.effective_to
    if on < ruleset.effective_from or (ends is not None and on >= ends):
        raise InvalidValueError(
            "as_of",
            on,
            allowed=f"a date when ruleset {ruleset.id} {ruleset.version} is in force",
            reason="is outside the ruleset's effective dates",
        )
    return ruleset


def __getattr__(name: str) -> object:
    return renamed(
        __name__,
        name,
        {
            "DEFAULT_RULESET": (
                "iopcore.rulesets.DEFAULT_PLACEMENT_RULESET",
                DEFAULT_PLACEMENT_RULESET,
            ),
        },
    )
