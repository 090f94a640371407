"""Explanations: findings rendered as text lines, Markdown, and HTML for notebooks.

Every result that carries findings can be read three ways:

* :func:`explain` gives text lines, one per fired rule, such as
  ``ratings.safety 4 >= 4 -> INPATIENT (reference/R-SAFETY-4)``;
* :func:`to_markdown` gives a Markdown report with a table of every finding;
* :func:`to_html` gives the same table as HTML, which notebooks show through the
  result's ``_repr_html_``.

Only coded values appear: rule ids, input paths, numbers and levels. Free text such
as an override's reason is never rendered.

>>> import pendulum
>>> from iopcore.placement import recommend_level
>>> from iopcore.assessments import Assessment
>>> from iopcore.rulesets import reference
>>> only_safety = reference.RULESET.derive(
...     id="safety-only",
...     version="1",
...     drop=[r.id for r in reference.RULESET.rules if not r.id.startswith("R-SAFETY")],
... )
>>> placement = recommend_level(
...     Assessment(
...         participant_id="p-1", assessed_on=pendulum.date(2026, 3, 2), ratings={"safety": 4}
...     ),
...     ruleset=only_safety,
...     as_of=pendulum.date(2026, 3, 2),
... )
>>> for line in explain(placement):
...     print(line)
recommended: INPATIENT (safety-only 1)
ratings.safety 4 >= 2 -> INTENSIVE_OUTPATIENT (safety-only/R-SAFETY-2)
ratings.safety 4 >= 3 -> PARTIAL_HOSPITALIZATION (safety-only/R-SAFETY-3)
ratings.safety 4 >= 4 -> INPATIENT (safety-only/R-SAFETY-4)
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Protocol

from iopcore.rules import Finding, Outcome

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iopcore.episodes import Episode
    from iopcore.levels import LevelOfCare
    from iopcore.rulesets import RulesetRef
    from iopcore.transitions import TransitionDecision, TransitionFinding

__all__ = [
    "Explainable",
    "explain",
    "explain_transition",
    "timeline",
    "timeline_html",
    "to_html",
    "to_markdown",
    "transition_html",
]


class Explainable(Protocol):
    """What the renderers need: a level (or not), the findings and the ruleset."""

    @property
    def level(self) -> LevelOfCare | None:
        """The recommended level, or None."""

    @property
    def determinable(self) -> bool:
        """Whether the inputs settle the level."""

    @property
    def at_least(self) -> LevelOfCare:
        """The floor the known inputs call for."""

    @property
    def at_most(self) -> LevelOfCare:
        """The highest level still possible."""

    @property
    def missing(self) -> tuple[str, ...]:
        """Inputs that leave the level open."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in order."""

    @property
    def ruleset(self) -> RulesetRef:
        """The ruleset's id, version and hash."""


def _value(value: object) -> str:
    if value is None:
        return "missing"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _condition(finding: Finding) -> str:
    parts = [f"{o.path} {_value(o.observed)} {o.required}" for o in finding.observations]
    return " and ".join(parts) or finding.rationale or "always"


def _calls_for(finding: Finding) -> str:
    if finding.min_level is not None:
        return finding.min_level.name
    if finding.excludes:
        return "not " + ", ".join(level.name for level in sorted(finding.excludes))
    return "ALERT"


def _headline(result: Explainable) -> str:
    where = f"({result.ruleset.id} {result.ruleset.version})"
    if result.determinable and result.level is not None:
        return f"recommended: {result.level.name} {where}"
    missing = ", ".join(result.missing)
    return (
        f"not determinable: at least {result.at_least.name}, up to {result.at_most.name} "
        f"{where}; missing: {missing}"
    )


def _rule_lines(findings: Iterable[Finding], ruleset: RulesetRef) -> list[str]:
    return [
        f"{_condition(f)} -> {_calls_for(f)} ({ruleset.id}/{f.rule_id})"
        for f in findings
        if f.outcome is Outcome.FIRED and not f.step
    ]


def explain(result: Explainable) -> tuple[str, ...]:
    """Text lines: the headline, then one line per fired rule (alerts included).

    Decision-tree steps come first, on one line (``S0 no, S11 yes``). Rules that did
    not fire are left out; rules that could not tell are listed with ``?`` when the
    result is not determinable.
    """
    lines = [_headline(result)]
    steps = [f for f in result.findings if f.step]
    if steps:
        lines.append("steps: " + ", ".join(f"{f.rule_id} {_STEP[f.outcome]}" for f in steps))
    lines.extend(_rule_lines(result.findings, result.ruleset))
    if not result.determinable:
        lines.extend(
            f"? {_condition(f)} -> {_calls_for(f)} ({result.ruleset.id}/{f.rule_id})"
            for f in result.findings
            if f.outcome is Outcome.UNKNOWN and f.calls_for_care
        )
    return tuple(lines)


_STEP = {Outcome.FIRED: "yes", Outcome.NOT_FIRED: "no", Outcome.UNKNOWN: "?"}

_COLUMNS = ("rule", "outcome", "observed", "required", "calls for", "source")


def _rows(result: Explainable) -> list[tuple[str, ...]]:
    return [
        (
            f.rule_id,
            f.outcome.value,
            "; ".join(f"{o.path} = {_value(o.observed)}" for o in f.observations),
            "; ".join(f"{o.path} {o.required}" for o in f.observations),
            _calls_for(f) if f.calls_for_care or f.outcome is Outcome.FIRED else "",
            f.source,
        )
        for f in result.findings
    ]


def to_markdown(result: Explainable) -> str:
    """A Markdown report: the headline and a table of every finding."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"**{_headline(result)}**", "", "| " + " | ".join(_COLUMNS) + " |"]
    lines.append("|" + "---|" * len(_COLUMNS))
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in _rows(result))
    return "\n".join(lines) + "\n"


def to_html(result: Explainable) -> str:
    """An HTML table of every finding, under the headline (for notebooks)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in _rows(result)
    )
    return (
        f"<div class='iopcore-explain'><p><strong>{html.escape(_headline(result))}</strong></p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


# ---------------------------------------------------------------- episode timelines

_TIMELINE_COLUMNS = ("effective", "recorded", "event", "from", "to", "reason", "decided by")


def _timeline_rows(episode: Episode) -> list[tuple[str, ...]]:
    """One row per dated event, the admission first; coded values only (no notes)."""
    from iopcore.episodes import LevelChange  # noqa: PLC0415 - episodes load only when shown

    day = episode.admitted.isoformat()
    rows: list[tuple[str, ...]] = [(day, "", "admission", "", episode.initial_level.name, "", "")]
    for event in episode.events:
        if isinstance(event, LevelChange):
            what = f"step {event.direction}"
            before, after = event.from_level.name, event.to_level.name
        else:
            what, before, after = "discharge", "", ""
        role = getattr(event, "decided_by", None)
        reason = getattr(event, "reason", None)
        rows.append(
            (
                event.effective.isoformat(),
                event.recorded.isoformat(),
                what,
                before,
                after,
                "" if reason is None else str(reason.value),
                "" if role is None else str(role.value),
            )
        )
    return rows


def _timeline_headline(episode: Episode) -> str:
    program = "" if episode.program_id is None else f" in program {episode.program_id}"
    discharge = episode.discharge
    end = "open" if discharge is None else f"discharged {discharge.effective.isoformat()}"
    return f"episode of {episode.participant_id}{program}: {end}"


def timeline(episode: Episode) -> tuple[str, ...]:
    """Text lines: a headline, then the admission and each event on its effective date.

    A backdated event shows when it was recorded. Free-text notes are never shown.

    >>> import pendulum
    >>> from iopcore.episodes import Episode, LevelChange
    >>> episode = Episode(
    ...     participant_id="p-1",
    ...     admitted=pendulum.date(2026, 1, 5),
    ...     initial_level="IOP",
    ...     events=[
    ...         LevelChange(
    ...             effective=pendulum.date(2026, 1, 19),
    ...             recorded=pendulum.date(2026, 1, 21),
    ...             from_level="IOP",
    ...             to_level="PHP",
    ...             reason="safety risk",
    ...             decided_by="psychiatrist",
    ...             note="not shown",
    ...         )
    ...     ],
    ... )
    >>> for line in timeline(episode):
    ...     print(line)
    episode of p-1: open
    2026-01-05 admission at INTENSIVE_OUTPATIENT
    2026-01-19 step up INTENSIVE_OUTPATIENT -> PARTIAL_HOSPITALIZATION (safety risk;
      psychiatrist; recorded 2026-01-21)
    """
    lines = [_timeline_headline(episode)]
    for effective, recorded, what, before, after, reason, role in _timeline_rows(episode):
        if what == "admission":
            lines.append(f"{effective} admission at {after}")
            continue
        change = f" {before} -> {after}" if before else ""
        details = [reason, *([role] if role else [])]
        if recorded != effective:
            details.append(f"recorded {recorded}")
        lines.append(f"{effective} {what}{change} ({'; '.join(details)})")
    return tuple(lines)


def timeline_html(episode: Episode) -> str:
    """An HTML table of the admission and every event, under a headline (for notebooks)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in _TIMELINE_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in _timeline_rows(episode)
    )
    return (
        f"<div class='iopcore-timeline'><p><strong>{html.escape(_timeline_headline(episode))}"
        f"</strong></p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


# ---------------------------------------------------------------- transition decisions

_TRANSITION_COLUMNS = ("rule", "condition", "met", "observed", "required", "source")
_MET = {True: "yes", False: "no", None: "?"}


def _transition_headline(decision: TransitionDecision) -> str:
    before = decision.from_level.name
    reason = decision.discharge_reason
    if decision.to_level is not None:
        after = decision.to_level.name
    else:
        after = "discharge" if reason is None else f"discharge ({reason.value})"
    ruleset = decision.ruleset
    return f"{decision.kind.name}: {before} -> {after} ({ruleset.id} {ruleset.version})"


def _finding_cells(finding: TransitionFinding) -> tuple[str, ...]:
    return (
        finding.rule_id,
        finding.condition,
        _MET[finding.met],
        _value(finding.observed),
        _value(finding.required),
        finding.source,
    )


def explain_transition(decision: TransitionDecision) -> tuple[str, ...]:
    """Text lines: the decision, each condition of the rule that decided, the next review.

    For a stay, every condition checked is listed (none of the rules held).
    Only coded values appear (levels, rule ids, numbers).
    """
    lines = [_transition_headline(decision)]
    shown = decision.fired if decision.rule_id is not None else decision.findings
    for finding in shown:
        rule, condition, met, observed, required, _ = _finding_cells(finding)
        lines.append(f"{rule} {condition}: {observed} (required {required}) -> {met}")
    if decision.next_review is not None:
        lines.append(f"next review by {decision.next_review.isoformat()}")
    return tuple(lines)


def transition_html(decision: TransitionDecision) -> str:
    """An HTML table of every condition checked, under the decision (for notebooks)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in _TRANSITION_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in _finding_cells(f)) + "</tr>"
        for f in decision.findings
    )
    review = (
        ""
        if decision.next_review is None
        else f"<p>next review by {html.escape(decision.next_review.isoformat())}</p>"
    )
    return (
        f"<div class='iopcore-transition'><p><strong>"
        f"{html.escape(_transition_headline(decision))}</strong></p>{review}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
