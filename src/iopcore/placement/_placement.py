"""The placement value: :class:`Placement`, its :class:`Override`, and what it shows.

A placement holds the recommended level (or the range the missing inputs leave open),
the findings that explain it, and the level actually chosen if one was recorded; its
view gives the headline, the follow-ups and a line or a table row per finding.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs
import pendulum

from iopcore._render import Note, Shown, Table, View, value_text
from iopcore._validation import to_member
from iopcore.assessments import Role
from iopcore.exceptions import InvalidTypeError
from iopcore.levels import LevelOfCare, to_level
from iopcore.rules import Finding, Outcome
from iopcore.rulesets import RulesetRef


class Direction(enum.Enum):
    """How the chosen level relates to the recommended one."""

    HIGHER = "higher"
    SAME = "same"
    LOWER = "lower"


def _level(value: object) -> LevelOfCare:
    return to_level(value, allowed="a LevelOfCare")


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


@attrs.frozen(kw_only=True)
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

    A placement is a plain frozen value: :func:`recommend_level` builds every field,
    the findings included, when it makes it.
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
