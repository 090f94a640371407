"""Change over time: reliable change, response, remission, recovery and trajectories.

A score on its own says how someone is; two scores say whether they changed, and
whether the change is more than measurement noise. This package holds the published
outcome rules:

* :func:`reliable_change`: the Jacobson-Truax reliable change index for any
  instrument, from its standard deviation and reliability.
  :data:`RELIABILITY_DEFAULTS` gives values for PHQ-9 and GAD-7, so that
  :func:`reliable_change_threshold` can answer "what change is reliable?"; each value
  says where it comes from and whether it was confirmed.
* :func:`response` (a drop of at least 50% from baseline) and :func:`remission`
  (PHQ-9 below 5; GAD-7 below 5), as the HEDIS depression measures define them.
* :func:`reliable_improvement`, :func:`reliable_deterioration`, :func:`is_case`,
  :func:`recovery` and :func:`reliable_recovery`: the fixed-point rules of the NHS
  Talking Therapies programme (formerly IAPT): reliable change of 6 points on the
  PHQ-9 and 4 on the GAD-7; caseness at PHQ-9 >= 10 and GAD-7 >= 8.
* :class:`Trajectory`: one participant's dated scores on one instrument, up to an
  explicit ``as_of`` date, with baseline, latest, first response and remission dates,
  weeks to remission, sustained remission and reliable deterioration.

The Jacobson-Truax threshold with the default PHQ-9 values is about 6.1 points, a
little above Talking Therapies' fixed 6: a drop of exactly 6 is a reliable
improvement by :func:`reliable_improvement` but not by :func:`reliable_change`. Both
are published; choose one per report and say which.

Every function takes totals as ``int``/``float`` or as complete
:class:`~iopcore.instruments.Score` values (whose instrument is then known).

References:
    * Jacobson NS, Truax P. Clinical significance: a statistical approach to defining
      meaningful change in psychotherapy research. *J Consult Clin Psychol*
      1991;59:12-19; Maassen GH 2004 (*JINS*); psyctc.org RCI calculator.
    * NCQA HEDIS "Depression Remission or Response for Adolescents and Adults"
      (DRR-E): response >= 50% reduction, remission PHQ-9 < 5, index PHQ-9 > 9,
      follow-up 120-240 days; CMS159 remission at 12 months +/- 60 days.
    * NHS Talking Therapies (IAPT) manual, via cbtwatch: reliable improvement PHQ-9
      >= 6, GAD-7 >= 4; caseness PHQ-9 >= 10, GAD-7 >= 8 [V2].

>>> from iopcore.instruments import phq9
>>> before, after = phq9.score([2, 2, 2, 2, 2, 2, 2, 1, 0]), phq9.score([1] * 7 + [0, 0])
>>> result = reliable_change(before, after, sd=5.5, reliability=0.84)
>>> round(result.index, 2), result.reliable
(-2.57, True)
>>> response(before, after), remission(after), recovery(before, after)
(True, False, True)
"""

from __future__ import annotations

from iopcore._deprecated import renamed
from iopcore.instruments.change._criteria import (
    CASENESS,
    RELIABLE_CHANGE_POINTS,
    REMISSION_BELOW,
    RESPONSE_REDUCTION,
    is_case,
    recovery,
    reliable_deterioration,
    reliable_improvement,
    reliable_recovery,
    remission,
    response,
)
from iopcore.instruments.change._dated import DatedScore
from iopcore.instruments.change._reliable import (
    RELIABILITY_DEFAULTS,
    RELIABLE_CHANGE_Z,
    ReliabilityDefaults,
    ReliableChange,
    reliable_change,
    reliable_change_threshold,
)
from iopcore.instruments.change._trajectory import Trajectory

__all__ = [
    "CASENESS",
    "RELIABILITY_DEFAULTS",
    "RELIABLE_CHANGE_POINTS",
    "RELIABLE_CHANGE_Z",
    "REMISSION_BELOW",
    "RESPONSE_REDUCTION",
    "DatedScore",
    "ReliabilityDefaults",
    "ReliableChange",
    "Trajectory",
    "is_case",
    "recovery",
    "reliable_change",
    "reliable_change_threshold",
    "reliable_deterioration",
    "reliable_improvement",
    "reliable_recovery",
    "remission",
    "response",
]


def __getattr__(name: str) -> object:
    return renamed(
        __name__, name, {"Measurement": ("iopcore.instruments.change.DatedScore", DatedScore)}
    )
