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

import functools
import html
from typing import TYPE_CHECKING, Protocol, TypeVar

from iopcore.exceptions import InvalidTypeError
from iopcore.rules import Finding, Outcome

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import pendulum

    from iopcore.cohort import CohortSummary
    from iopcore.episodes import Episode
    from iopcore.instruments import Score
    from iopcore.instruments.change import ReliableChange, Trajectory
    from iopcore.intensity import WeeklyCompliance
    from iopcore.levels import LevelOfCare
    from iopcore.programs import CurriculumProgress, Program
    from iopcore.rulesets import RulesetRef
    from iopcore.transitions import TransitionDecision, TransitionFinding

T = TypeVar("T")
R = TypeVar("R")

__all__ = [
    "Explainable",
    "cohort_html",
    "compliance_html",
    "explain",
    "explain_program",
    "explain_progress",
    "explain_trajectory",
    "explain_transition",
    "program_html",
    "progress_html",
    "reliable_change_html",
    "score_html",
    "timeline",
    "timeline_html",
    "to_html",
    "to_markdown",
    "trajectory_html",
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


def _takes(
    field: str, allowed: str, *attributes: str
) -> Callable[[Callable[[T], R]], Callable[[T], R]]:
    """Refuse an argument that lacks what the renderer reads, with a typed error.

    Renderers take iopcore's result types, or anything shaped like them (duck typing, so
    that this module imports none of them back); a value without ``attributes`` raises
    :class:`~iopcore.exceptions.InvalidTypeError` naming ``field``, never an
    ``AttributeError`` from inside the renderer.
    """

    def decorate(render: Callable[[T], R]) -> Callable[[T], R]:
        @functools.wraps(render)
        def checked(value: T) -> R:
            if not all(hasattr(value, attribute) for attribute in attributes):
                # Name the type only: a wrong argument may be a record's free text.
                raise InvalidTypeError(field, value, allowed=allowed, sensitive=True)
            return render(value)

        return checked

    return decorate


#: What the renderers of placements (and results like them) read (see :func:`_takes`).
_RESULT_SHAPE = (
    "result",
    "a Placement (or another result with findings and a ruleset)",
    "level",
    "determinable",
    "findings",
    "ruleset",
)
#: What the renderers of episodes read (see :func:`_takes`).
_EPISODE_SHAPE = (
    "episode",
    "an Episode",
    "admitted",
    "initial_level",
    "events",
    "discharge",
    "participant_id",
    "program_id",
)


def _table(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """An HTML table with a header row; every cell escaped."""
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pairs_table(rows: Iterable[tuple[str, str]]) -> str:
    """An HTML table of label and value rows; every cell escaped."""
    body = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table><tbody>{body}</tbody></table>"


def _card(kind: str, headline: str | None, *parts: str) -> str:
    """One result's HTML: a block of class ``iopcore-<kind>``, its headline escaped."""
    title = "" if headline is None else f"<p><strong>{html.escape(headline)}</strong></p>"
    return f"<div class='iopcore-{kind}'>{title}{''.join(parts)}</div>"


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


def _follow_ups(result: Explainable) -> tuple[str, ...]:
    """A placement's follow-ups (optional inputs that are missing); other results have none."""
    found: tuple[str, ...] = getattr(result, "follow_ups", ())
    return found


def _rule_lines(findings: Iterable[Finding], ruleset: RulesetRef) -> list[str]:
    return [
        f"{_condition(f)} -> {_calls_for(f)} ({ruleset.id}/{f.rule_id})"
        for f in findings
        if f.outcome is Outcome.FIRED and not f.step
    ]


@_takes(*_RESULT_SHAPE)
def explain(result: Explainable) -> tuple[str, ...]:
    """Text lines: the headline, then one line per fired rule (alerts included).

    A placement's follow-ups come right after the headline (``follow-up: ...``).
    Decision-tree steps come first, on one line (``S0 no, S11 yes``). Rules that did
    not fire are left out; rules that could not tell are listed with ``?`` when the
    result is not determinable.
    """
    lines = [_headline(result), *(f"follow-up: {text}" for text in _follow_ups(result))]
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


@_takes(*_RESULT_SHAPE)
def to_markdown(result: Explainable) -> str:
    """A Markdown report: the headline and a table of every finding."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"**{_headline(result)}**", ""]
    lines.extend(f"- follow-up: {cell(text)}" for text in _follow_ups(result))
    if _follow_ups(result):
        lines.append("")
    lines.append("| " + " | ".join(_COLUMNS) + " |")
    lines.append("|" + "---|" * len(_COLUMNS))
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in _rows(result))
    return "\n".join(lines) + "\n"


@_takes(*_RESULT_SHAPE)
def to_html(result: Explainable) -> str:
    """An HTML table of every finding, under the headline and any follow-ups (for notebooks)."""
    notes = "".join(
        f"<p class='follow-up'>follow-up: {html.escape(text)}</p>" for text in _follow_ups(result)
    )
    return _card("explain", _headline(result), notes, _table(_COLUMNS, _rows(result)))


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


@_takes(*_EPISODE_SHAPE)
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


@_takes(*_EPISODE_SHAPE)
def timeline_html(episode: Episode) -> str:
    """An HTML table of the admission and every event, under a headline (for notebooks)."""
    return _card(
        "timeline",
        _timeline_headline(episode),
        _table(_TIMELINE_COLUMNS, _timeline_rows(episode)),
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


@_takes("decision", "a TransitionDecision", "kind", "findings", "next_review", "fired")
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


@_takes("decision", "a TransitionDecision", "kind", "findings", "next_review", "fired")
def transition_html(decision: TransitionDecision) -> str:
    """An HTML table of every condition checked, under the decision (for notebooks)."""
    review = (
        ""
        if decision.next_review is None
        else f"<p>next review by {html.escape(decision.next_review.isoformat())}</p>"
    )
    return _card(
        "transition",
        _transition_headline(decision),
        review,
        _table(_TRANSITION_COLUMNS, (_finding_cells(f) for f in decision.findings)),
    )


# ---------------------------------------------------------------- scores and change over time


def _total_text(score: Score) -> str:
    if score.total is not None:
        return str(score.total)
    return "incomplete" if not score.complete else "no total"


def _score_headline(score: Score) -> str:
    total = _total_text(score)
    band = "" if score.band is None else f" ({score.band})"
    missing = ""
    if score.missing:
        missing = f"; items {', '.join(map(str, score.missing))} not answered"
    return f"{score.instrument}: {total}{band}{missing}"


def _score_rows(score: Score) -> list[tuple[str, str]]:
    rows = [
        ("total", _total_text(score)),
        ("band", "" if score.band is None else score.band),
        ("complete", _MET[score.complete]),
        ("flags", ", ".join(sorted(score.flags))),
    ]
    rows.extend((f"subscale {name}", _value(value)) for name, value in score.subscales)
    return rows


@_takes("score", "a Score", "instrument", "total", "band", "complete", "flags")
def score_html(score: Score) -> str:
    """An HTML view of one questionnaire score (for notebooks): total, band, flags.

    An incomplete score says which items were not answered; it never shows a total.

    >>> from iopcore.instruments import phq9
    >>> print(score_html(phq9.score([1, 1, None, 1, 0, 1, 1, 0, 1])))
    ... # doctest: +ELLIPSIS
    <div class='iopcore-score'><p><strong>phq9: incomplete; items 3 not answered...
    """
    return _card("score", _score_headline(score), _pairs_table(_score_rows(score)))


def _reliable_change_rows(change: ReliableChange) -> list[tuple[str, str]]:
    return [
        ("before", _value(change.before)),
        ("after", _value(change.after)),
        ("change", f"{change.after - change.before:+g}"),
        ("index (RC)", f"{change.index:.2f}"),
        ("standard error of the difference", f"{change.standard_error:.2f}"),
        ("smallest reliable change", f"{change.threshold:.2f}"),
        ("reliable", _MET[change.reliable]),
    ]


@_takes("change", "a ReliableChange", "before", "after", "index", "reliable")
def reliable_change_html(change: ReliableChange) -> str:
    """An HTML view of a Jacobson-Truax reliable change (for notebooks).

    >>> from iopcore.instruments.change import reliable_change
    >>> print(reliable_change_html(reliable_change(18, 12, sd=5.5, reliability=0.84)))
    ... # doctest: +ELLIPSIS
    <div class='iopcore-change'><p><strong>18 -&gt; 12: not reliable (RC -1.93)</strong></p>...
    """
    verdict = "reliable" if change.reliable else "not reliable"
    headline = (
        f"{_value(change.before)} -> {_value(change.after)}: {verdict} (RC {change.index:.2f})"
    )
    return _card("change", headline, _pairs_table(_reliable_change_rows(change)))


_TRAJECTORY_COLUMNS = ("date", "week", "total", "band", "change", "flags")


def _trajectory_headline(trajectory: Trajectory) -> str:
    where = f"{trajectory.instrument} as of {trajectory.as_of.isoformat()}"
    baseline, latest = trajectory.baseline, trajectory.latest
    if baseline is None or latest is None:
        return f"{where}: no complete score"
    return (
        f"{where}: baseline {baseline.score.total} on {baseline.on.isoformat()}, "
        f"latest {latest.score.total} on {latest.on.isoformat()}"
    )


def _date_or(value: pendulum.Date | None, otherwise: str) -> str:
    return otherwise if value is None else value.isoformat()


def _trajectory_summary(trajectory: Trajectory) -> list[tuple[str, str]]:
    """The outcomes, each as (label, value); every value comes from the Trajectory."""
    from iopcore.instruments.change import (  # noqa: PLC0415 - loaded only when shown
        RELIABLE_CHANGE_POINTS,
        REMISSION_BELOW,
    )

    name = trajectory.instrument
    rows = [("first response", _date_or(trajectory.first_response, "not yet"))]
    if name in REMISSION_BELOW:
        weeks = trajectory.weeks_to_remission
        rows.extend(
            [
                ("first remission", _date_or(trajectory.first_remission, "not yet")),
                ("weeks to remission", "" if weeks is None else f"{weeks:g}"),
                ("remission sustained (last 2)", _MET[trajectory.remission_sustained(2)]),
            ]
        )
    else:
        rows.append(("first remission", f"no remission rule for {name}"))
    if name in RELIABLE_CHANGE_POINTS:
        rows.extend(
            [
                ("reliable improvement", _MET[trajectory.reliable_improvement]),
                ("reliable deterioration", _MET[trajectory.reliable_deterioration]),
            ]
        )
    skipped = ", ".join(m.on.isoformat() for m in trajectory.skipped)
    rows.append(("skipped as incomplete", skipped or "none"))
    return rows


def _trajectory_rows(trajectory: Trajectory) -> list[tuple[str, ...]]:
    """One row per measurement: date, week from baseline, total, band, change, flags."""
    baseline = trajectory.baseline
    rows: list[tuple[str, ...]] = []
    for measurement in trajectory.measurements:
        score = measurement.score
        week = change = ""
        if baseline is not None:
            week = f"{(measurement.on - baseline.on).days / 7:g}"
            if measurement is baseline:
                change = "baseline"
            elif score.total is not None and baseline.score.total is not None:
                change = f"{score.total - baseline.score.total:+d}"
        rows.append(
            (
                measurement.on.isoformat(),
                week,
                _total_text(score),
                "" if score.band is None else score.band,
                change,
                ", ".join(sorted(score.flags)),
            )
        )
    return rows


@_takes("trajectory", "a Trajectory", "instrument", "measurements")
def explain_trajectory(trajectory: Trajectory) -> tuple[str, ...]:
    """Text lines: the headline, each outcome, then one line per measurement.

    Only coded values appear (dates, totals, bands, flags).

    >>> import pendulum
    >>> from iopcore.instruments import phq9
    >>> from iopcore.instruments.change import Trajectory
    >>> course = Trajectory.from_measurements(
    ...     [
    ...         (pendulum.date(2026, 1, 5), phq9.score([2] * 9)),
    ...         (pendulum.date(2026, 1, 12), phq9.score([1] * 8 + [None])),
    ...         (pendulum.date(2026, 1, 19), phq9.score([1, 0, 0, 1, 0, 1, 0, 1, 0])),
    ...     ],
    ...     as_of=pendulum.date(2026, 1, 19),
    ... )
    >>> for line in explain_trajectory(course):
    ...     print(line)
    phq9 as of 2026-01-19: baseline 18 on 2026-01-05, latest 4 on 2026-01-19
    first response: 2026-01-19
    first remission: 2026-01-19
    weeks to remission: 2
    remission sustained (last 2): no
    reliable improvement: yes
    reliable deterioration: no
    skipped as incomplete: 2026-01-12
    2026-01-05 week 0: 18 (moderately severe) baseline flags: suicidal_ideation
    2026-01-12 week 1: incomplete
    2026-01-19 week 2: 4 (minimal) -14
    """
    lines = [_trajectory_headline(trajectory)]
    lines.extend(f"{label}: {value}" for label, value in _trajectory_summary(trajectory))
    for on, week, total, band, change, flags in _trajectory_rows(trajectory):
        text = f"{on} week {week}: {total}" if week else f"{on}: {total}"
        extras = (f"({band})" if band else "", change, f"flags: {flags}" if flags else "")
        lines.append(" ".join([text, *(extra for extra in extras if extra)]))
    return tuple(lines)


_SPARK_WIDTH = 240
_SPARK_HEIGHT = 48
_SPARK_PAD = 4


def _sparkline(trajectory: Trajectory) -> str:
    """An inline SVG line of the complete totals over time (two or more), else ''."""
    points = [(m.on, m.score.total) for m in trajectory.assessed if m.score.total is not None]
    if len(points) < 2:  # a line needs two points
        return ""
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    top = max(*(total for _, total in points), 1)
    inner_w, inner_h = _SPARK_WIDTH - 2 * _SPARK_PAD, _SPARK_HEIGHT - 2 * _SPARK_PAD
    xy = [
        (
            _SPARK_PAD + inner_w * (on - first).days / span,
            _SPARK_PAD + inner_h * (1 - total / top),
        )
        for on, total in points
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    dots = "".join(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2'/>" for x, y in xy)
    label = html.escape(f"{trajectory.instrument} totals, {len(points)} complete scores")
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{_SPARK_WIDTH}' "
        f"height='{_SPARK_HEIGHT}' role='img' aria-label='{label}'>"
        f"<polyline fill='none' stroke='currentColor' points='{line}'/>"
        f"<g fill='currentColor'>{dots}</g></svg>"
    )


@_takes("trajectory", "a Trajectory", "instrument", "measurements")
def trajectory_html(trajectory: Trajectory) -> str:
    """An HTML view of a trajectory (for notebooks): outcomes, a line, every measurement.

    >>> import pendulum
    >>> from iopcore.instruments import gad7
    >>> from iopcore.instruments.change import Trajectory
    >>> course = Trajectory.from_measurements(
    ...     [(pendulum.date(2026, 1, 5), gad7.score([2] * 7))], as_of=pendulum.date(2026, 1, 5)
    ... )
    >>> print(trajectory_html(course))  # doctest: +ELLIPSIS
    <div class='iopcore-trajectory'><p><strong>gad7 as of 2026-01-05: baseline 14 ...
    """
    return _card(
        "trajectory",
        _trajectory_headline(trajectory),
        _pairs_table(_trajectory_summary(trajectory)),
        _sparkline(trajectory),
        _table(_TRAJECTORY_COLUMNS, _trajectory_rows(trajectory)),
    )


# ---------------------------------------------------------------- programs and curricula

_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _program_rows(program: Program) -> list[tuple[str, str]]:
    """(label, text) rows: coded values and the program's own labels only."""
    rows = [
        ("level", program.level.name),
        ("populations", ", ".join(sorted(p.value for p in program.populations))),
        ("conditions", ", ".join(sorted(c.value for c in program.conditions))),
        ("time zone", program.tz.name),
        ("ruleset", program.ruleset),
    ]
    for number, template in enumerate(program.schedules, start=1):
        slots = ", ".join(
            f"{_WEEKDAY_NAMES[int(slot.weekday)]} {slot.start.strftime('%H:%M')}-"
            f"{slot.end.strftime('%H:%M')} {slot.service.value}"
            for slot in template.slots
        )
        rows.append((f"schedule {number}", f"{slots} ({template.weekly_hours:g} h/wk)"))
    curriculum = program.curriculum
    if curriculum is not None and program.curriculum_start is not None:
        kind = "cyclic" if curriculum.cyclic else "linear"
        modules = ", ".join(
            f"{m.name} {m.length} {curriculum.unit.value} ({m.approach.value})"
            for m in curriculum.modules
        )
        rows.append(
            (
                "curriculum",
                (
                    f"{curriculum.name}, {kind}, {curriculum.cycle_length} "
                    f"{curriculum.unit.value} from {program.curriculum_start.isoformat()}: "
                    f"{modules}"
                ),
            )
        )
    size = program.max_group_size
    rows.append(("group size", "no maximum set" if size is None else f"at most {size}"))
    return rows


@_takes("program", "a Program", "id", "name")
def explain_program(program: Program) -> tuple[str, ...]:
    """Text lines: the program, then its level, populations, conditions and timetables.

    Then its time zone, ruleset, curriculum and group size; coded values and the
    program's own labels only.

    >>> import pendulum
    >>> from iopcore.programs import DBT_SKILLS, Program
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> program = Program(
    ...     id="dbt-iop",
    ...     name="Adult DBT IOP",
    ...     level="IOP",
    ...     populations=["adult"],
    ...     conditions=["borderline personality disorder"],
    ...     calendar=ProgramCalendar(tz="America/New_York"),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz="America/New_York",
    ...             slots=[
    ...                 WeeklySlot(
    ...                     weekday=d,
    ...                     start=pendulum.time(9),
    ...                     end=pendulum.time(12),
    ...                     service="skills group",
    ...                 )
    ...                 for d in (0, 2, 4)
    ...             ],
    ...         )
    ...     ],
    ...     curriculum=DBT_SKILLS,
    ...     curriculum_start=pendulum.date(2026, 1, 5),
    ... )
    >>> for line in explain_program(program)[:3]:
    ...     print(line)
    program dbt-iop: Adult DBT IOP
    level: INTENSIVE_OUTPATIENT
    populations: adult
    >>> print(explain_program(program)[6])
    schedule 1: Mon 09:00-12:00 skills group, Wed 09:00-12:00 skills group, Fri 09:00-12:00
      skills group (9 h/wk)
    """
    return (
        f"program {program.id}: {program.name}",
        *(f"{label}: {text}" for label, text in _program_rows(program)),
    )


@_takes("program", "a Program", "id", "name")
def program_html(program: Program) -> str:
    """An HTML table of what :func:`explain_program` lists (for notebooks)."""
    return _card(
        "program", f"program {program.id}: {program.name}", _pairs_table(_program_rows(program))
    )


def _progress_headline(progress: CurriculumProgress) -> str:
    who = progress.participant_id or "no sessions"
    curriculum = progress.curriculum
    where = f"{curriculum.name} in {progress.program_id} on {progress.as_of.isoformat()}"
    module = progress.current_module
    if module is None or progress.current is None:
        return f"{who}, {where}: not in a module"
    number = progress.current + 1
    return (
        f"{who}, {where}: module {number} of {len(curriculum.modules)}, {module.name} "
        f"({progress.sessions_in_current} attended in it)"
    )


def _progress_summary(progress: CurriculumProgress) -> list[str]:
    modules = progress.curriculum.modules
    started = "not yet" if progress.started is None else modules[progress.started].name
    missed = ", ".join(f"{modules[i].name} (module {i + 1})" for i in progress.missed)
    return [
        f"started in: {started}",
        f"sessions attended: {progress.attended}",
        f"missed: {missed or 'none'}",
        f"full cycle completed: {'yes' if progress.completed else 'no'}",
    ]


_PROGRESS_COLUMNS = ("cycle", "module", "name", "held", "attended", "finished")


def _progress_rows(progress: CurriculumProgress) -> list[tuple[str, ...]]:
    return [
        (
            str(item.cycle + 1),
            str(item.index + 1),
            item.name,
            str(item.held),
            str(item.attended),
            "yes" if item.finished else "no",
        )
        for item in progress.passes
    ]


@_takes("progress", "a CurriculumProgress", "participant_id", "curriculum")
def explain_progress(progress: CurriculumProgress) -> tuple[str, ...]:
    """Text lines: where the participant is in the curriculum, and how they got there.

    Where they started, sessions attended, modules missed and whether they completed
    a full cycle.

    >>> import pendulum
    >>> from iopcore.programs import DBT_SKILLS, Program, curriculum_progress
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, Session, WeeklySlot
    >>> zone = "America/New_York"
    >>> program = Program(
    ...     id="dbt-iop",
    ...     name="Adult DBT IOP",
    ...     level="IOP",
    ...     populations=["adult"],
    ...     conditions=["borderline personality disorder"],
    ...     calendar=ProgramCalendar(tz=zone),
    ...     schedules=[
    ...         ScheduleTemplate(
    ...             tz=zone,
    ...             slots=[
    ...                 WeeklySlot(
    ...                     weekday=0,
    ...                     start=pendulum.time(9),
    ...                     end=pendulum.time(12),
    ...                     service="skills group",
    ...                 )
    ...             ],
    ...         )
    ...     ],
    ...     curriculum=DBT_SKILLS,
    ...     curriculum_start=pendulum.date(2026, 1, 5),
    ... )
    >>> first = pendulum.datetime(2026, 1, 5, 9, tz=zone)
    >>> sessions = [
    ...     Session(
    ...         participant_id="p-1",
    ...         service="skills group",
    ...         start=first.add(weeks=w),
    ...         end=first.add(weeks=w, hours=3),
    ...     )
    ...     for w in (0, 1, 8, 9)
    ... ]
    >>> for line in explain_progress(
    ...     curriculum_progress(program, sessions, as_of=pendulum.date(2026, 3, 11))
    ... ):
    ...     print(line)
    p-1, DBT skills in dbt-iop on 2026-03-11: module 3 of 6, mindfulness (2 attended in it)
    started in: mindfulness
    sessions attended: 4
    missed: distress tolerance (module 2)
    full cycle completed: no
    """
    return (_progress_headline(progress), *_progress_summary(progress))


@_takes("progress", "a CurriculumProgress", "participant_id", "curriculum")
def progress_html(progress: CurriculumProgress) -> str:
    """An HTML table of each module pass since the participant started (for notebooks)."""
    summary = "".join(f"<li>{html.escape(line)}</li>" for line in _progress_summary(progress))
    return _card(
        "progress",
        _progress_headline(progress),
        f"<ul>{summary}</ul>",
        _table(_PROGRESS_COLUMNS, _progress_rows(progress)),
    )


# ---------------------------------------------------------------- weekly compliance, cohorts


@_takes("weeks", "a WeeklyCompliance", "requirement", "table")
def compliance_html(weeks: WeeklyCompliance) -> str:
    """An HTML table of one participant's weeks under their requirement (for notebooks).

    >>> import pendulum
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.intensity import requirement_for, weekly_compliance
    >>> from iopcore.sessions import Session
    >>> start = pendulum.datetime(2024, 3, 4, 9, tz="America/New_York")
    >>> weeks = weekly_compliance(
    ...     [
    ...         Session(
    ...             participant_id="p-1",
    ...             service="group therapy",
    ...             start=start,
    ...             end=start.add(hours=3),
    ...         )
    ...     ],
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     tz="America/New_York",
    ... )
    >>> print(compliance_html(weeks))  # doctest: +ELLIPSIS
    <div class='iopcore-intensity'><p><strong>IOP adult: 9-19 h/wk (asam ...
    """
    requirement = weeks.requirement
    where = "" if requirement.ruleset is None else f" ({requirement.ruleset})"
    title = (
        f"{requirement.level.code} {requirement.population.value}: {requirement.describe()}{where}"
    )
    header, *rows = weeks.table()
    return _card("intensity", title, _table(header, rows))


@_takes("summary", "a CohortSummary", "rows")
def cohort_html(summary: CohortSummary) -> str:
    """An HTML table of a cohort summary's measures, values and bases (for notebooks).

    >>> from iopcore.cohort import CohortSummary
    >>> print(cohort_html(CohortSummary()))  # doctest: +ELLIPSIS
    <div class='iopcore-cohort'><table><thead><tr><th>measure</th><th>value</th>...
    """
    return _card("cohort", None, _table(("measure", "value", "basis"), summary.rows()))
