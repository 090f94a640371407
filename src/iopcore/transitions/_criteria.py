"""The transition rules: what each one reads, and what each one found.

A :class:`TransitionContext` holds what every rule reads, worked out once: the episode
as known on ``as_of``, the level in force and when it began, the assessments (and their
PHQ-9 scores) and sessions known then, and the ruleset. Each rule function reads it and
returns a :class:`RuleOutcome`: its findings, whether it holds, and the level it leads
to. :func:`iopcore.transitions.evaluate_transition` checks the rules in order (the
package :mod:`iopcore.transitions` lists them, in that order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore._days import date_of
from iopcore._periods import days_in_care, level_on_day, stay_periods
from iopcore._validation import shift_date
from iopcore.instruments import cssrs, phq9
from iopcore.levels import LevelOfCare
from iopcore.sessions import Attendance, Session
from iopcore.transitions._decision import TransitionFinding

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from iopcore.assessments import Assessment
    from iopcore.episodes import Episode
    from iopcore.instruments import Score
    from iopcore.rulesets import Ruleset

__all__ = [
    "LOWEST_LEVEL",
    "RuleOutcome",
    "TransitionContext",
    "max_stay",
    "new_high_risk",
    "next_review",
    "non_participation",
    "placement_up",
    "sustained_improvement",
    "taper_down",
]

_LEVELS: Final = tuple(LevelOfCare)
#: The least intensive level: there a sustained improvement is a discharge.
LOWEST_LEVEL: Final = _LEVELS[0]
_HIGHEST: Final = _LEVELS[-1]
_RISK_FLAGS: Final = frozenset({cssrs.HIGH_SUICIDE_RISK, phq9.SUICIDAL_IDEATION})


class TransitionContext:
    """What every rule reads, worked out once."""

    def __init__(
        self,
        episode: Episode,
        assessments: list[Assessment],
        sessions: list[Session],
        rules: Ruleset,
        on: pendulum.Date,
    ) -> None:
        self.episode = episode
        self.assessments = assessments
        self.sessions = sessions
        self.rules = rules
        self.on = on
        # The stretches at each level, read with the checked ``on`` from here on.
        self.periods = stay_periods(episode)
        level = level_on_day(self.periods, on.toordinal())
        assert level is not None  # noqa: S101 - checked by the caller
        self.level = level
        # The first day of the last stretch: the last change's, or the admission day.
        self.level_start = date_of(self.periods[-1][1])
        self.since_level = [a for a in assessments if a.assessed_on >= self.level_start]
        self.phq9 = [
            (a, score)
            for a in assessments
            if (score := a.scores.get(phq9.NAME)) is not None and score.total is not None
        ]
        self._placements: dict[int, LevelOfCare | None] = {}

    def value(self, name: str) -> float:
        return self.rules.transition_parameter(name).value

    def count(self, name: str) -> int:
        return int(self.value(name))

    def source(self, name: str) -> str:
        return self.rules.transition_parameter(name).source

    def placement(self, assessment: Assessment) -> LevelOfCare | None:
        """The level placement recommends on ``assessment`` (``None``: not determinable)."""
        key = id(assessment)
        if key not in self._placements:
            if not self.rules.rules and self.rules.tree is None:
                self._placements[key] = None
            else:
                from iopcore.placement import recommend_level  # noqa: PLC0415 - one-way imports

                self._placements[key] = recommend_level(
                    assessment, ruleset=self.rules, as_of=self.on
                ).level
        return self._placements[key]


class RuleOutcome:
    """A rule's verdict: its findings, whether it holds, and the level it leads to."""

    def __init__(
        self,
        findings: list[TransitionFinding],
        target: LevelOfCare | None = None,
        *,
        holds: bool | None = None,
    ) -> None:
        self.findings = findings
        self.target = target
        # By default a rule holds when every one of its conditions does.
        self.holds = all(f.met for f in findings) if holds is None else holds


def _step(level: LevelOfCare, by: int) -> LevelOfCare:
    rank = _LEVELS.index(level) + by
    # Callers never step above inpatient (the rules check first), so mutants of the
    # upper clamp survive as equivalent; the lower one keeps a step down at OP.
    return _LEVELS[max(0, min(rank, len(_LEVELS) - 1))]


def _flags(assessment: Assessment) -> frozenset[str]:
    found: set[str] = set()
    for score in assessment.scores.values():
        found |= score.flags & _RISK_FLAGS
    return frozenset(found)


def new_high_risk(ctx: TransitionContext) -> RuleOutcome:
    rule = "T-UP-RISK"
    latest = ctx.since_level[-1] if ctx.since_level else None
    points = ctx.count("reliable_deterioration_points")
    escalation = ctx.source("risk_step_up_levels")
    if latest is None:
        finding = TransitionFinding(
            rule_id=rule,
            condition="new high risk",
            met=False,
            observed="no assessment since the level began",
            required="C-SSRS high, or PHQ-9 item 9 with reliable deterioration",
            source=escalation,
        )
        return RuleOutcome([finding])
    cssrs_score = latest.scores.get(cssrs.NAME)
    high = cssrs_score is not None and cssrs.HIGH_SUICIDE_RISK in cssrs_score.flags
    phq = latest.scores.get(phq9.NAME)
    item9 = phq is not None and phq9.SUICIDAL_IDEATION in phq.flags
    rise: int | None = None
    if phq is not None and phq.total is not None and ctx.phq9:
        first, baseline = ctx.phq9[0]
        if first is not latest and baseline.total is not None:
            rise = phq.total - baseline.total
    deteriorated: bool | None = False
    if item9:
        deteriorated = None if rise is None else rise >= points
    findings = [
        TransitionFinding(
            rule_id=rule,
            condition="C-SSRS high risk",
            met=high,
            observed=_screen_seen(cssrs_score),
            required="high",
            source=escalation,
        ),
        TransitionFinding(
            rule_id=rule,
            condition="PHQ-9 item 9 with reliable deterioration",
            met=deteriorated,
            observed=None
            if phq is None
            else ("item 9 > 0" if item9 else "item 9 = 0")
            + ("" if rise is None else f", {rise:+d} since baseline"),
            required=f"item 9 > 0 and a rise of {points} or more",
            source=ctx.source("reliable_deterioration_points"),
        ),
    ]
    # Either condition is new high risk; at the highest level there is no step up.
    holds = (high or bool(deteriorated)) and ctx.level is not _HIGHEST
    target = None  # pragma: no mutate - read only when the rule holds
    if holds:
        up = _step(ctx.level, ctx.count("risk_step_up_levels"))
        placed = ctx.placement(latest)
        target = up if placed is None else max(up, placed)
    return RuleOutcome(findings, target, holds=holds)


def _screen_seen(screen: Score | None) -> str | None:
    """What a C-SSRS screen showed, in words (``None`` only when there is no screen)."""
    if screen is None:
        return None
    if screen.band is not None:
        return f"{screen.band} risk"
    if cssrs.HIGH_SUICIDE_RISK in screen.flags:
        return "high risk (screen not finished)"
    if not screen.complete:
        return "screen not finished, no high-risk answer"
    return "all answers no"


def placement_up(ctx: TransitionContext) -> RuleOutcome:
    rule = "T-UP-PLACEMENT"
    latest = ctx.since_level[-1] if ctx.since_level else None
    placed = None if latest is None else ctx.placement(latest)
    met: bool | None = None if latest is not None and placed is None else False
    if placed is not None:
        met = placed > ctx.level
    finding = TransitionFinding(
        rule_id=rule,
        condition="placement above the level in force",
        met=met,
        observed="no assessment since the level began"
        if latest is None
        else ("not determinable" if placed is None else placed.code),
        required=f"above {ctx.level.code}",
        source=f"ruleset {ctx.rules.id} {ctx.rules.version} placement rules",
    )
    # A target is read only when the rule holds ("or True" here is equivalent).
    return RuleOutcome([finding], placed if met else None)


def non_participation(ctx: TransitionContext) -> RuleOutcome:
    rule = "T-DC-NON-PARTICIPATION"
    needed = ctx.count("max_missed_sessions")
    counted = [
        s
        for s in ctx.sessions
        if s.attendance is not Attendance.CANCELLED and s.attendance is not Attendance.EXCUSED
    ]
    missed = 0
    for session in reversed(counted):
        if session.attendance is not Attendance.ABSENT:
            break
        missed += 1
    finding = TransitionFinding(
        rule_id=rule,
        condition="consecutive missed sessions",
        met=missed >= needed,
        observed=missed,
        required=needed,
        source=ctx.source("max_missed_sessions"),
    )
    return RuleOutcome([finding], None)  # pragma: no mutate - None is the default


def max_stay(ctx: TransitionContext) -> RuleOutcome:
    rule = "T-DC-MAX-STAY"
    limit = ctx.count("max_length_of_stay_days")
    days = days_in_care(ctx.periods, ctx.on.toordinal() + 1)
    finding = TransitionFinding(
        rule_id=rule,
        condition="days in care",
        met=days >= limit,
        observed=days,
        required=limit,
        source=ctx.source("max_length_of_stay_days"),
    )
    return RuleOutcome([finding], None)  # pragma: no mutate - None is the default


def _improved(ctx: TransitionContext, baseline: Score, score: Score) -> bool:
    assert baseline.total is not None  # noqa: S101 - only complete scores are kept
    assert score.total is not None  # noqa: S101 - only complete scores are kept
    fall = baseline.total - score.total
    # From a baseline of 0 or 1 only a total of 0 is a 50% fall, and that is remission
    # too, so ">= 0" or "> 1" here survive as equivalent under the reference values.
    responded = baseline.total > 0 and fall >= ctx.value("response_reduction") * baseline.total
    return responded or score.total < ctx.value("remission_below")


def _attendance(sessions: Iterable[Session]) -> float | None:
    held = [
        s
        for s in sessions
        if s.attendance is not Attendance.CANCELLED and s.attendance is not Attendance.EXCUSED
    ]
    if not held:
        return None
    return sum(1 for s in held if s.attendance.attended) / len(held)


def sustained_improvement(ctx: TransitionContext) -> RuleOutcome:
    at_lowest = ctx.level is LOWEST_LEVEL
    rule = "T-DC-GOALS-MET" if at_lowest else "T-DOWN-SUSTAINED"
    needed = ctx.count("sustained_assessments")
    later = ctx.phq9[1:]
    held = 0
    if ctx.phq9:
        baseline = ctx.phq9[0][1]
        for _, score in reversed(later):
            if not _improved(ctx, baseline, score):
                break
            held += 1
    window = [a for a, _ in later[-needed:]] if held >= needed else []
    improved = TransitionFinding(
        rule_id=rule,
        condition="response or remission on consecutive PHQ-9s",
        met=held >= needed,
        observed=held,
        required=needed,
        source=ctx.source("sustained_assessments"),
    )
    share: float | None = None
    flags: frozenset[str] = frozenset()
    if window:
        since = window[0].assessed_on
        share = _attendance(s for s in ctx.sessions if s.start.date() >= since)
        for assessment in window:
            flags |= _flags(assessment)
    minimum = ctx.value("min_attendance")
    attendance = TransitionFinding(
        rule_id=rule,
        condition="attendance",
        met=None if share is None else share >= minimum,
        observed=None if share is None else round(share, 3),
        required=minimum,
        source=ctx.source("min_attendance"),
    )
    no_risk = TransitionFinding(
        rule_id=rule,
        condition="no risk flags",
        met=not flags if window else None,
        observed=(", ".join(sorted(flags)) or "none") if window else None,
        required="none",
        source=ctx.source("risk_step_up_levels"),
    )
    findings = [improved, attendance, no_risk]
    return RuleOutcome(findings, None if at_lowest else _step(ctx.level, -1))


def taper_down(ctx: TransitionContext) -> RuleOutcome:
    rule = "T-DOWN-TAPER"
    weeks = ctx.count("taper_weeks")
    run: list[tuple[Assessment, LevelOfCare]] = []
    for assessment in reversed(ctx.since_level):
        placed = ctx.placement(assessment)
        if placed is None or placed >= ctx.level:
            break
        run.append((assessment, placed))
    # Without a run the finding says "no" and is not met: the 0 is never read.
    days = (ctx.on - run[-1][0].assessed_on).days if run else 0
    finding = TransitionFinding(
        rule_id=rule,
        condition="placement below the level in force",
        met=bool(run) and days >= 7 * weeks,
        observed=f"{days} days" if run else "no",
        required=f"{7 * weeks} days",
        source=ctx.source("taper_weeks"),
    )
    target = max(level for _, level in run) if run else None
    return RuleOutcome([finding], target)


def next_review(ctx: TransitionContext) -> pendulum.Date:
    if ctx.assessments:
        last = ctx.assessments[-1].assessed_on
        return shift_date(last, ctx.count("assessment_interval_days"), field="assessed_on")
    return shift_date(ctx.episode.admitted, ctx.count("initial_assessment_days"), field="admitted")
