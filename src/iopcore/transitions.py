"""Transitions: whether to stay, step up, step down or discharge, and the deadlines ahead.

:func:`evaluate_transition` reads an :class:`~iopcore.episodes.Episode`, the
participant's assessments and sessions, and a ruleset's transition parameters
(:class:`~iopcore.rulesets.TransitionParameter`), and returns a
:class:`TransitionDecision`: its :class:`TransitionKind`, the level it leads to, the
date of the next review, and a finding for every condition it checked, each with what
was observed, what was required and the source of the number.

Only what was known on ``as_of`` is used: the episode as it was known on that date
(:meth:`~iopcore.episodes.Episode.known_on`), assessments dated on or before it, and
sessions that started before its end (before the instant itself for a datetime). Later
data never changes a decision.

The criteria, in the order they are checked (the first rule that holds decides):

1. **Step up** (``T-UP-RISK``): new high risk on the latest assessment since the level
   in force began, either C-SSRS screener high risk or PHQ-9 item 9 above 0 with reliable
   deterioration since the first PHQ-9 (``reliable_deterioration_points``): at least
   ``risk_step_up_levels`` up, or to the placement's level if higher.
2. **Step up** (``T-UP-PLACEMENT``): placement on the latest assessment (since the
   level in force began) calls for a higher level.
3. **Discharge** (``T-DC-NON-PARTICIPATION``): the last ``max_missed_sessions`` held,
   unexcused sessions were all missed.
4. **Discharge** (``T-DC-MAX-STAY``): the stay reached ``max_length_of_stay_days``.
5. **Discharge** at the lowest level, or **step down** one level above it
   (``T-DC-GOALS-MET`` / ``T-DOWN-SUSTAINED``): response (``response_reduction``) or
   remission (``remission_below``) on each of the last ``sustained_assessments``
   PHQ-9s, attendance at least ``min_attendance`` since the first of them, and no risk
   flag on them.
6. **Step down** (``T-DOWN-TAPER``): placement has called for a lower level on every
   assessment for at least ``taper_weeks`` weeks (to the highest of those levels).
7. Otherwise **stay**.

A step up always raises the level and a step down always lowers it. Discharge is
terminal: asked about an episode already discharged on ``as_of`` (as known then),
:func:`evaluate_transition` raises :class:`~iopcore.exceptions.InvalidValueError`.
:meth:`TransitionDecision.event` gives the level change or discharge to record, taking
effect the day after ``as_of``; :meth:`~iopcore.episodes.Episode.with_event` on the
episode as known on ``as_of`` then gives a valid episode.

:func:`obligations` lists the deadlines ahead and overdue: Medicare recertification
(:func:`iopcore.rulesets.medicare.recertification_due`), treatment-plan review and
re-assessment at the ruleset's cadence.

References:
    * Transition parameters of the ``reference`` ruleset, each with its source:
      :data:`iopcore.rulesets.reference.TRANSITIONS` (each parameter cites its source).
    * Medicare recertification: 42 CFR 424.24(d)(3) and (e)(3) as amended by
      88 FR 82182 (CMS-1786-FC, 22 Nov 2023).

>>> import pendulum
>>> from iopcore import Assessment, Episode
>>> from iopcore.instruments import phq9
>>> episode = Episode(participant_id="p-1", admitted=pendulum.date(2026, 1, 5), initial_level="IOP")
>>> decision = evaluate_transition(episode, as_of=pendulum.date(2026, 1, 12))
>>> decision.kind, decision.to_level.code, decision.next_review
(<TransitionKind.STAY: 'stay'>, 'IOP', Date(2026, 1, 12))
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._deprecated import renamed
from iopcore._render import Note, Shown, Table, View, value_text, yes_no
from iopcore._validation import ErrorCollector, shift_date, to_as_of, to_date, to_member
from iopcore.assessments import Assessment, Role
from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.instruments import cssrs, phq9
from iopcore.levels import LevelOfCare
from iopcore.participants import Participant
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET, Ruleset, RulesetRef, get_ruleset
from iopcore.sessions import Attendance, Session

if TYPE_CHECKING:
    from iopcore.instruments import Score

__all__ = [
    "Obligation",
    "ObligationKind",
    "TransitionDecision",
    "TransitionFinding",
    "TransitionKind",
    "evaluate_transition",
    "obligations",
]

_LEVELS: Final = tuple(LevelOfCare)
_LOWEST: Final = _LEVELS[0]
_HIGHEST: Final = _LEVELS[-1]
_RISK_FLAGS: Final = frozenset({cssrs.HIGH_SUICIDE_RISK, phq9.SUICIDAL_IDEATION})


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


class ObligationKind(enum.Enum):
    """What falls due."""

    MEDICARE_RECERTIFICATION = "Medicare recertification"
    PLAN_REVIEW = "treatment-plan review"
    ASSESSMENT = "assessment"


@attrs.frozen(kw_only=True)
class Obligation:
    """Something due by a date.

    Attributes:
        kind: What is due.
        due: The last day it may be done on time.
        overdue: Whether ``as_of`` is after ``due``.
        last_done: When it was last done (``None``: not since the clock started).
        level: The level of care it belongs to, where that matters (recertification).
        source: The public source of the deadline.
    """

    kind: ObligationKind
    due: pendulum.Date
    overdue: bool
    last_done: pendulum.Date | None
    level: LevelOfCare | None
    source: str


# ---------------------------------------------------------------- inputs


def _episode(value: object) -> Episode:
    if not isinstance(value, Episode):
        raise InvalidTypeError("episode", value, allowed="an Episode")
    return value


def _ruleset(value: object, on: pendulum.Date) -> Ruleset:
    if value is None:
        return get_ruleset(DEFAULT_PLACEMENT_RULESET, as_of=on)
    if not isinstance(value, Ruleset):
        raise InvalidTypeError("ruleset", value, allowed="a Ruleset or None")
    if not value.in_force_on(on):
        raise InvalidValueError(
            "as_of",
            on,
            allowed=f"a date when ruleset {value.id} {value.version} is in force",
            reason="is outside the ruleset's effective dates",
        )
    return value


def _sequence(values: object, field: str, kind: type, allowed: str) -> list[object]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=f"an iterable of {allowed}")
    found = list(values)
    collector = ErrorCollector(field)
    for index, value in enumerate(found):
        if not isinstance(value, kind):
            collector.errors.append(InvalidTypeError(f"$.{field}[{index}]", value, allowed=allowed))
    collector.raise_if_any()
    return found


def _same_participant(values: Sequence[Assessment | Session], field: str, owner: str) -> None:
    collector = ErrorCollector(field)
    for index, value in enumerate(values):
        if value.participant_id != owner:
            collector.errors.append(
                InvalidValueError(
                    f"$.{field}[{index}].participant_id",
                    value.participant_id,
                    allowed=f"{owner}, the episode's participant",
                    reason="is another participant's",
                )
            )
    collector.raise_if_any()


def _assessments_until(values: object, owner: str, on: pendulum.Date) -> list[Assessment]:
    found: list[Assessment] = _sequence(values, "assessments", Assessment, "Assessment values")  # type: ignore[assignment]
    _same_participant(found, "assessments", owner)
    kept = [a for a in found if a.assessed_on <= on]
    kept.sort(key=lambda a: a.assessed_on)
    return kept


def _sessions_until(values: object, owner: str, as_of: object, on: pendulum.Date) -> list[Session]:
    found: list[Session] = _sequence(values, "sessions", Session, "Session values")  # type: ignore[assignment]
    _same_participant(found, "sessions", owner)
    if isinstance(as_of, dt.datetime):
        # A datetime as_of: sessions that started before that instant.
        cutoff = as_of.timestamp()
        kept = [s for s in found if s.start.timestamp() < cutoff]
    else:
        # A date as_of: sessions that started on or before that day, in their own zone.
        kept = [s for s in found if s.start.date() <= on]
    kept.sort(key=lambda s: s.start.timestamp())
    return kept


# ---------------------------------------------------------------- evaluation


class _Context:
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
        level = episode.level_on(on)
        assert level is not None  # noqa: S101 - checked by the caller
        self.level = level
        changes = episode.level_changes
        self.level_start = changes[-1].effective if changes else episode.admitted
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


class _Outcome:
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


def _risk(ctx: _Context) -> _Outcome:
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
        return _Outcome([finding])
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
    return _Outcome(findings, target, holds=holds)


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


def _placement_up(ctx: _Context) -> _Outcome:
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
    return _Outcome([finding], placed if met else None)


def _non_participation(ctx: _Context) -> _Outcome:
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
    return _Outcome([finding], None)  # pragma: no mutate - None is the default


def _max_stay(ctx: _Context) -> _Outcome:
    rule = "T-DC-MAX-STAY"
    limit = ctx.count("max_length_of_stay_days")
    days = ctx.episode.length_of_stay(ctx.on)
    finding = TransitionFinding(
        rule_id=rule,
        condition="days in care",
        met=days >= limit,
        observed=days,
        required=limit,
        source=ctx.source("max_length_of_stay_days"),
    )
    return _Outcome([finding], None)  # pragma: no mutate - None is the default


def _improved(ctx: _Context, baseline: Score, score: Score) -> bool:
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


def _sustained(ctx: _Context) -> _Outcome:
    at_lowest = ctx.level is _LOWEST
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
    return _Outcome(findings, None if at_lowest else _step(ctx.level, -1))


def _taper(ctx: _Context) -> _Outcome:
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
    return _Outcome([finding], target)


def _next_review(ctx: _Context) -> pendulum.Date:
    if ctx.assessments:
        last = ctx.assessments[-1].assessed_on
        return shift_date(last, ctx.count("assessment_interval_days"), field="assessed_on")
    return shift_date(ctx.episode.admitted, ctx.count("initial_assessment_days"), field="admitted")


def _record(participant: object, owner: str) -> Participant:
    if not isinstance(participant, Participant):
        raise InvalidTypeError("participant", participant, allowed="a Participant or None")
    if participant.id != owner:
        raise InvalidValueError(
            "participant.id",
            participant.id,
            allowed=f"the episode's participant_id {owner!r}",
            reason="is another participant",
        )
    return participant


def evaluate_transition(  # noqa: PLR0913 - keyword-only inputs of one decision
    episode: Episode,
    *,
    assessments: Iterable[Assessment] = (),
    sessions: Iterable[Session] = (),
    as_of: pendulum.Date | pendulum.DateTime,
    ruleset: Ruleset | None = None,
    participant: Participant | None = None,
) -> TransitionDecision:
    """Decide whether the participant stays, steps up, steps down or is discharged.

    Args:
        episode: The episode; only what was recorded on or before ``as_of`` is read.
        assessments: The participant's assessments; those dated after ``as_of`` are
            left out. Two on the same date are read in the order given (the later
            one counts as the latest).
        sessions: The participant's sessions; those that started after ``as_of``
            (after its day, for a date) are left out.
        as_of: The date (or aware datetime) the decision is for.
        ruleset: The ruleset whose transition parameters and placement rules apply;
            the ``reference`` ruleset in force on ``as_of`` if ``None``.
        participant: The participant's record, when at hand: its conditions, and its
            population on each assessment's date, fill what an assessment leaves out
            (:meth:`~iopcore.assessments.Assessment.filled_from`).

    Returns:
        The decision with every finding (see the module for the rules and their
        order).

    Raises:
        InvalidTypeError: an input of the wrong type.
        InvalidValueError: ``as_of`` before admission, the episode already discharged
            on ``as_of`` (discharge is terminal), an assessment, a session or a
            participant record of another participant, or a ruleset not in force on
            ``as_of``.
        UnknownCodeError: the ruleset lacks a transition parameter.
        NaiveDateTimeError: ``as_of`` is a naive datetime.
    """
    on = to_as_of(as_of)
    whole = _episode(episode)
    rules = _ruleset(ruleset, on)
    owner = whole.participant_id
    kept_assessments = _assessments_until(assessments, owner, on)
    if participant is not None:
        record = _record(participant, owner)
        kept_assessments = [a.filled_from(record) for a in kept_assessments]
    kept_sessions = _sessions_until(sessions, owner, as_of, on)
    known = whole.known_on(on)
    if on < known.admitted:
        raise InvalidValueError(
            "as_of",
            on,
            allowed=f"a date on or after admitted={known.admitted.isoformat()}",
            reason="is before admission",
        )
    if known.is_discharged(on):
        raise InvalidValueError(
            "episode",
            f"discharged {known.discharge.effective.isoformat()}",  # type: ignore[union-attr]
            allowed="an episode not yet discharged on as_of (discharge is terminal)",
            reason="is already discharged",
        )
    ctx = _Context(known, kept_assessments, kept_sessions, rules, on)
    outcomes = [
        (_risk(ctx), TransitionKind.STEP_UP, ChangeReason.SAFETY_RISK, None),
        (_placement_up(ctx), TransitionKind.STEP_UP, ChangeReason.PLACEMENT_CRITERIA, None),
        (
            _non_participation(ctx),
            TransitionKind.DISCHARGE,
            None,
            DischargeReason.NON_PARTICIPATION,
        ),
        (_max_stay(ctx), TransitionKind.DISCHARGE, None, DischargeReason.ADMINISTRATIVE),
    ]
    sustained = _sustained(ctx)
    if ctx.level is _LOWEST:
        outcomes.append((sustained, TransitionKind.DISCHARGE, None, DischargeReason.GOALS_MET))
    else:
        outcomes.append(
            (sustained, TransitionKind.STEP_DOWN, ChangeReason.CLINICAL_IMPROVEMENT, None)
        )
        outcomes.append(
            (_taper(ctx), TransitionKind.STEP_DOWN, ChangeReason.PLACEMENT_CRITERIA, None)
        )
    findings = tuple(f for outcome, *_ in outcomes for f in outcome.findings)
    chosen = next((o for o in outcomes if o[0].holds), None)
    kind, rule_id = TransitionKind.STAY, None
    to_level: LevelOfCare | None = ctx.level
    change_reason: ChangeReason | None = None
    discharge_reason: DischargeReason | None = None
    if chosen is not None:
        outcome, kind, change_reason, discharge_reason = chosen
        rule_id = outcome.findings[0].rule_id
        to_level = outcome.target
    return TransitionDecision(
        participant_id=owner,
        as_of=on,
        kind=kind,
        from_level=ctx.level,
        to_level=to_level,
        rule_id=rule_id,
        change_reason=change_reason,
        discharge_reason=discharge_reason,
        next_review=None if kind is TransitionKind.DISCHARGE else _next_review(ctx),
        findings=findings,
        ruleset=rules.ref,
    )


# ---------------------------------------------------------------- obligations

_MEDICARE_SOURCE: Final = (
    "42 CFR 424.24(d)(3) (IOP: at least every 60 days) and (e)(3)(ii) (PHP: as of the "
    "18th day, then at least every 30 days), as amended by 88 FR 82182"
)
_MEDICARE_LEVELS: Final = frozenset(
    {LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION}
)


def _dates(values: object, field: str) -> list[pendulum.Date]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed="an iterable of dates")
    collector = ErrorCollector(field)
    found: list[pendulum.Date] = []
    for index, value in enumerate(values):
        with collector.catch():
            found.append(to_date(value, field=f"$.{field}[{index}]"))
    collector.raise_if_any()
    return sorted(found)


def _obligation(  # noqa: PLR0913 - the fields of one obligation
    kind: ObligationKind,
    *,
    due: pendulum.Date,
    on: pendulum.Date,
    last: pendulum.Date | None,
    level: LevelOfCare | None,
    source: str,
) -> Obligation:
    return Obligation(
        kind=kind, due=due, overdue=on > due, last_done=last, level=level, source=source
    )


def obligations(  # noqa: PLR0913 - keyword-only inputs of one query
    episode: Episode,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    ruleset: Ruleset | None = None,
    assessments: Iterable[Assessment] = (),
    certified: Iterable[pendulum.Date] = (),
    plan_reviews: Iterable[pendulum.Date] = (),
    medicare: bool = True,
) -> tuple[Obligation, ...]:
    """The deadlines ahead (and overdue) on ``as_of``, soonest first.

    Each clock starts at the latest time the thing was done on or before ``as_of``:

    * **Medicare recertification** (``medicare=True``, at IOP or PHP):
      :func:`iopcore.rulesets.medicare.recertification_due` from the first day at
      the level in force and the latest date in ``certified`` since then.
    * **Treatment-plan review**: ``plan_review_days`` after the latest of
      ``plan_reviews`` (or admission).
    * **Assessment**: ``assessment_interval_days`` after the latest assessment, or,
      with none since admission, ``initial_assessment_days`` after admission.

    Args:
        episode: The episode; read as known on ``as_of``.
        as_of: The date (or aware datetime) to look from.
        ruleset: Whose cadence applies; the ``reference`` ruleset if ``None``.
        assessments: The participant's assessments.
        certified: Dates Medicare (re)certifications were signed.
        plan_reviews: Dates the treatment plan was reviewed.
        medicare: Whether the stay is billed to Medicare.

    Returns:
        The obligations by due date; empty before admission and once discharged.

    Raises:
        InvalidTypeError: an input of the wrong type.
        InvalidValueError: an assessment of another participant, or a ruleset not in
            force on ``as_of``.
        UnknownCodeError: the ruleset lacks a cadence parameter.
    """
    from iopcore.rulesets.medicare import recertification_due  # noqa: PLC0415 - one-way

    on = to_as_of(as_of)
    whole = _episode(episode)
    rules = _ruleset(ruleset, on)
    kept = _assessments_until(assessments, whole.participant_id, on)
    signed = [d for d in _dates(certified, "certified") if d <= on]
    reviews = [d for d in _dates(plan_reviews, "plan_reviews") if d <= on]
    if not isinstance(medicare, bool):
        raise InvalidTypeError("medicare", medicare, allowed="True or False")
    known = whole.known_on(on)
    level = known.level_on(on)
    if level is None:
        return ()
    found: list[Obligation] = []
    if medicare and level in _MEDICARE_LEVELS:
        changes = known.level_changes
        start = changes[-1].effective if changes else known.admitted
        since = [d for d in signed if d >= start]
        last = since[-1] if since else None
        due = recertification_due(level, admitted=start, last_certified=last)
        found.append(
            _obligation(
                ObligationKind.MEDICARE_RECERTIFICATION,
                due=due,
                on=on,
                last=last,
                level=level,
                source=_MEDICARE_SOURCE,
            )
        )
    review = rules.transition_parameter("plan_review_days")
    since_admission = [d for d in reviews if d >= known.admitted]
    last_review = since_admission[-1] if since_admission else None
    found.append(
        _obligation(
            ObligationKind.PLAN_REVIEW,
            due=shift_date(
                last_review or known.admitted,
                int(review.value),
                field="plan_reviews" if last_review else "admitted",
            ),
            on=on,
            last=last_review,
            level=None,
            source=review.source,
        )
    )
    assessed = [a.assessed_on for a in kept if a.assessed_on >= known.admitted]
    if assessed:
        cadence = rules.transition_parameter("assessment_interval_days")
        due = shift_date(assessed[-1], int(cadence.value), field="assessed_on")
    else:
        cadence = rules.transition_parameter("initial_assessment_days")
        due = shift_date(known.admitted, int(cadence.value), field="admitted")
    found.append(
        _obligation(
            ObligationKind.ASSESSMENT,
            due=due,
            on=on,
            last=assessed[-1] if assessed else None,
            level=None,
            source=cadence.source,
        )
    )
    found.sort(key=lambda o: (o.due, o.kind.value))
    return tuple(found)


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
