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

from iopcore._deprecated import renamed
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET
from iopcore.transitions._decision import (
    TransitionDecision,
    TransitionFinding,
    TransitionKind,
)
from iopcore.transitions._decision import Value as Value  # the old module's type alias
from iopcore.transitions._evaluation import evaluate_transition
from iopcore.transitions._obligations import Obligation, ObligationKind, obligations

__all__ = [
    "Obligation",
    "ObligationKind",
    "TransitionDecision",
    "TransitionFinding",
    "TransitionKind",
    "evaluate_transition",
    "obligations",
]


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
