"""The transition decision: what to do on a date, the findings behind it, and its view.

A :class:`TransitionDecision` is what :func:`iopcore.transitions.evaluate_transition`
returns: its :class:`TransitionKind`, the levels before and after, the coded reason,
the next review and a :class:`TransitionFinding` for every condition checked. It gives
the event that carries it out (:meth:`TransitionDecision.event`) and builds its own
view (headline, one line per condition, a table of every finding).
"""

from __future__ import annotations

import enum
from typing import Final

import attrs
import pendulum

from iopcore._render import Note, Shown, Table, View, value_text, yes_no
from iopcore._validation import shift_date, to_date, to_member
from iopcore.assessments import Role
from iopcore.episodes import ChangeReason, Discharge, DischargeReason, LevelChange
from iopcore.levels import LevelOfCare
from iopcore.rulesets import RulesetRef

__all__ = [
    "TransitionDecision",
    "TransitionFinding",
    "TransitionKind",
    "Value",
]


class TransitionKind(enum.Enum):
    """What a transition decision says to do."""

    STAY = "stay"
    STEP_UP = "step up"
    STEP_DOWN = "step down"
    DISCHARGE = "discharge"


Value = int | float | str | None


@attrs.frozen(kw_only=True)
class TransitionFinding:
    """One condition of one transition rule, as checked on ``as_of``.

    Attributes:
        rule_id: The rule, such as ``"T-DOWN-SUSTAINED"``.
        condition: Which of its conditions, such as ``"attendance"``.
        met: Whether it held; ``None`` when the data cannot tell.
        observed: What was found (a number, a level code, a short text), if anything.
        required: What the rule asks for.
        source: The public source of the number (or the program policy it is).
    """

    rule_id: str
    condition: str
    met: bool | None
    observed: Value
    required: Value
    source: str = ""


@attrs.frozen(kw_only=True)
class TransitionDecision(Shown):
    """Whether to stay, step up, step down or discharge on ``as_of``, and why.

    Attributes:
        participant_id: Whose episode it is.
        as_of: The date the decision is for.
        kind: What to do.
        from_level: The level in force on ``as_of``.
        to_level: The level after the decision (``from_level`` for ``STAY``;
            ``None`` for ``DISCHARGE``).
        rule_id: The rule that decided (``None`` for ``STAY``).
        change_reason: The coded reason for a level change, if any.
        discharge_reason: The coded reason for a discharge, if any.
        next_review: When the next re-assessment is due (on or before ``as_of``
            means it is due now or overdue); ``None`` after a discharge decision.
        findings: Every condition checked, in rule order.
        ruleset: The ruleset's id, version and hash.
    """

    participant_id: str
    as_of: pendulum.Date
    kind: TransitionKind
    from_level: LevelOfCare
    to_level: LevelOfCare | None
    rule_id: str | None
    change_reason: ChangeReason | None
    discharge_reason: DischargeReason | None
    next_review: pendulum.Date | None
    findings: tuple[TransitionFinding, ...]
    ruleset: RulesetRef

    @property
    def fired(self) -> tuple[TransitionFinding, ...]:
        """The findings of the rule that decided (empty for ``STAY``)."""
        return tuple(f for f in self.findings if f.rule_id == self.rule_id)

    def event(
        self,
        *,
        decided_by: Role | str,
        recorded: pendulum.Date | None = None,
    ) -> LevelChange | Discharge | None:
        """The event that carries the decision out, effective the day after ``as_of``.

        Args:
            decided_by: The role of the person who confirms the decision.
            recorded: When it is written down (default: its effective date).

        Returns:
            A :class:`~iopcore.episodes.LevelChange` for a step, a
            :class:`~iopcore.episodes.Discharge` for a discharge, ``None`` for a stay.

        Raises:
            UnknownCodeError: ``decided_by`` is not a role.
            InvalidValueError: ``recorded`` is before the effective date.
        """
        role = to_member(Role, decided_by, field="decided_by")
        effective = shift_date(self.as_of, 1, field="as_of")
        on = effective if recorded is None else to_date(recorded, field="recorded")
        if self.kind is TransitionKind.DISCHARGE:
            return Discharge(
                effective=effective, recorded=on, reason=self.discharge_reason, decided_by=role
            )
        if self.kind is TransitionKind.STAY:
            return None
        return LevelChange(
            effective=effective,
            recorded=on,
            from_level=self.from_level,
            to_level=self.to_level,
            reason=self.change_reason,
            decided_by=role,
        )

    def view(self) -> View:
        """What the decision shows (see :func:`iopcore.explain.explain_transition`).

        Text: the decision, each condition of the rule that decided (for a stay,
        every condition checked), and the next review. HTML and Markdown: the
        decision, the next review and a table of every condition checked. Coded
        values only (levels, rule ids, numbers).
        """
        headline = _transition_headline(self)
        review = (
            None if self.next_review is None else f"next review by {self.next_review.isoformat()}"
        )
        shown = self.fired if self.rule_id is not None else self.findings
        return View(
            kind="transition",
            headline=headline,
            lines=(headline, *map(_transition_line, shown), *([review] if review else [])),
            parts=(
                *([Note(review)] if review else []),
                Table(_TRANSITION_COLUMNS, tuple(map(_transition_cells, self.findings))),
            ),
        )


# ---------------------------------------------------------------- the decision's view

_TRANSITION_COLUMNS: Final = ("rule", "condition", "met", "observed", "required", "source")


def _transition_headline(decision: TransitionDecision) -> str:
    before = decision.from_level.name
    reason = decision.discharge_reason
    if decision.to_level is not None:
        after = decision.to_level.name
    else:
        after = "discharge" if reason is None else f"discharge ({reason.value})"
    ruleset = decision.ruleset
    return f"{decision.kind.name}: {before} -> {after} ({ruleset.id} {ruleset.version})"


def _transition_cells(finding: TransitionFinding) -> tuple[str, ...]:
    return (
        finding.rule_id,
        finding.condition,
        yes_no(finding.met),
        value_text(finding.observed),
        value_text(finding.required),
        finding.source,
    )


def _transition_line(finding: TransitionFinding) -> str:
    rule, condition, met, observed, required, _ = _transition_cells(finding)
    return f"{rule} {condition}: {observed} (required {required}) -> {met}"
