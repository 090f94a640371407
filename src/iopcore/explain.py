"""Explanations by name: each function shows one result type's view.

Each result shows its own view as ``str(result)``, ``result.to_markdown()`` and, in
notebooks, ``result._repr_html_()``; the functions here are those views by name, kept
for the callers that use them. :func:`explain` gives a placement's text lines, one per
fired rule, and rules that could not tell marked ``?`` (the placement guide shows
them). Given anything else, each function raises a typed error naming the argument
and the type only.

Only coded values appear: rule ids, input paths, numbers and levels, never free text
such as an override's reason or an episode's note.
"""

from __future__ import annotations

from iopcore._render import View, as_html, as_markdown
from iopcore.cohort import CohortSummary
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError
from iopcore.instruments import Score
from iopcore.instruments.change import ReliableChange, Trajectory
from iopcore.intensity import WeeklyCompliance
from iopcore.placement import Placement
from iopcore.programs import CurriculumProgress, Program
from iopcore.transitions import TransitionDecision

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

#: What :func:`explain`, :func:`to_markdown` and :func:`to_html` take: a placement.
Explainable = Placement


def _view(value: object, kind: type, field: str, allowed: str) -> View:
    """``value``'s view, or a typed error naming ``field`` (and the type only)."""
    if not isinstance(value, kind):
        # Name the type only: a wrong argument may be a record's free text.
        raise InvalidTypeError(field, value, allowed=allowed, sensitive=True)
    return value.view()  # type: ignore[attr-defined, no-any-return]


_PLACEMENT = (Placement, "result", "a Placement (or another result with findings and a ruleset)")
_EPISODE = (Episode, "episode", "an Episode")
_DECISION = (TransitionDecision, "decision", "a TransitionDecision")
_TRAJECTORY = (Trajectory, "trajectory", "a Trajectory")
_PROGRAM = (Program, "program", "a Program")
_PROGRESS = (CurriculumProgress, "progress", "a CurriculumProgress")


def explain(result: Placement) -> tuple[str, ...]:
    """Text lines: headline, follow-ups, tree steps (``S0 no, S11 yes``), fired rules."""
    return _view(result, *_PLACEMENT).lines


def to_markdown(result: Placement) -> str:
    """A Markdown report: the headline and a table of every finding."""
    return as_markdown(_view(result, *_PLACEMENT))


def to_html(result: Placement) -> str:
    """An HTML table of every finding, under the headline and any follow-ups."""
    return as_html(_view(result, *_PLACEMENT))


def timeline(episode: Episode) -> tuple[str, ...]:
    """Text lines: a headline, then the admission and each event on its effective date."""
    return _view(episode, *_EPISODE).lines


def timeline_html(episode: Episode) -> str:
    """An HTML table of the admission and every event, under a headline."""
    return as_html(_view(episode, *_EPISODE))


def explain_transition(decision: TransitionDecision) -> tuple[str, ...]:
    """Text lines: the decision, each condition of the rule that decided, the next review."""
    return _view(decision, *_DECISION).lines


def transition_html(decision: TransitionDecision) -> str:
    """An HTML table of every condition checked, under the decision."""
    return as_html(_view(decision, *_DECISION))


def score_html(score: Score) -> str:
    """An HTML view of one questionnaire score: total, band, flags."""
    return as_html(_view(score, Score, "score", "a Score"))


def reliable_change_html(change: ReliableChange) -> str:
    """An HTML view of a Jacobson-Truax reliable change."""
    return as_html(_view(change, ReliableChange, "change", "a ReliableChange"))


def explain_trajectory(trajectory: Trajectory) -> tuple[str, ...]:
    """Text lines: the headline, each outcome, then one line per score."""
    return _view(trajectory, *_TRAJECTORY).lines


def trajectory_html(trajectory: Trajectory) -> str:
    """An HTML view of a trajectory: outcomes, a line of the totals, every score."""
    return as_html(_view(trajectory, *_TRAJECTORY))


def explain_program(program: Program) -> tuple[str, ...]:
    """Text lines: the program, its level, populations, conditions and timetables."""
    return _view(program, *_PROGRAM).lines


def program_html(program: Program) -> str:
    """An HTML table of what :func:`explain_program` lists."""
    return as_html(_view(program, *_PROGRAM))


def explain_progress(progress: CurriculumProgress) -> tuple[str, ...]:
    """Text lines: where the participant is in the curriculum, and how they got there."""
    return _view(progress, *_PROGRESS).lines


def progress_html(progress: CurriculumProgress) -> str:
    """An HTML table of each module pass since the participant started."""
    return as_html(_view(progress, *_PROGRESS))


def compliance_html(weeks: WeeklyCompliance) -> str:
    """An HTML table of one participant's weeks under their requirement."""
    return as_html(_view(weeks, WeeklyCompliance, "weeks", "a WeeklyCompliance"))


def cohort_html(summary: CohortSummary) -> str:
    """An HTML table of a cohort summary's measures, values and bases."""
    return as_html(_view(summary, CohortSummary, "summary", "a CohortSummary"))
