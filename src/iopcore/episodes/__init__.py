"""Episodes of care: one admission, the level changes after it, and the discharge.

An :class:`Episode` is an immutable timeline. It starts on the admission date at an
initial level of care; each :class:`LevelChange` moves the participant to another
level from its *effective* date; a :class:`Discharge` ends it. Every event also has
the date it was *recorded*, which is never before the date it takes effect: a change
entered on 10 March that took effect on 5 March is *backdated*. :meth:`Episode.known_on`
gives the episode as it was known on a date (events recorded later are left out), so
a report or a decision for a past date never uses what was only written down after it.

Conventions:

* Days are calendar dates; no event has a time of day, so a change of clocks (DST)
  cannot move a day in or out of a stay.
* The admission date is a day in care; the discharge's effective date is not (it is
  the first day out of care, as when a stay is counted by nights). So
  :meth:`Episode.level_on` is ``None`` before admission and on or after the
  discharge's effective date, and a discharged episode lasts ``discharge - admitted``
  days.
* A level change takes effect at the start of its effective date: that day is at the
  new level.
* Events come in effective-date order with no two on one date, and none on the
  admission date: every level is in force for at least one day. A same-day correction
  is a new episode value without the corrected event, not a second event.
* The discharge, if any, is the last event.
* Each level change starts from the level in force before it and moves to another one.
* A level change may be backdated, but not to before a level change already on record
  (that would rewrite the earlier change's starting level): level changes are recorded
  in the order they take effect. So every :meth:`Episode.known_on` view is itself a
  valid episode.

Coded reasons and roles appear in ``repr``, ``str``, errors and renderings; the
optional free-text ``note`` of an event never does.

>>> import pendulum
>>> from iopcore import LevelOfCare
>>> from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
>>> episode = Episode(
...     participant_id="p-001",
...     admitted=pendulum.date(2026, 1, 5),
...     initial_level=LevelOfCare.INTENSIVE_OUTPATIENT,
...     events=[
...         LevelChange(
...             effective=pendulum.date(2026, 1, 19),
...             recorded=pendulum.date(2026, 1, 21),
...             from_level=LevelOfCare.INTENSIVE_OUTPATIENT,
...             to_level=LevelOfCare.PARTIAL_HOSPITALIZATION,
...             reason=ChangeReason.CLINICAL_DETERIORATION,
...             decided_by="psychiatrist",
...         ),
...         Discharge(
...             effective=pendulum.date(2026, 2, 16),
...             recorded=pendulum.date(2026, 2, 16),
...             reason=DischargeReason.GOALS_MET,
...         ),
...     ],
... )
>>> episode.level_on(pendulum.date(2026, 1, 19)).code
'PHP'
>>> episode.known_on(pendulum.date(2026, 1, 20)).level_on(pendulum.date(2026, 1, 19)).code
'IOP'
>>> episode.length_of_stay(pendulum.date(2026, 3, 1))
42
>>> {
...     level.code: days
...     for level, days in episode.days_at_each_level(pendulum.date(2026, 3, 1)).items()
... }
{'IOP': 14, 'PHP': 28}
"""

from __future__ import annotations

from iopcore.episodes._episode import Episode
from iopcore.episodes._events import (
    MAX_NOTE_LENGTH,
    ChangeReason,
    Discharge,
    DischargeReason,
    EpisodeEvent,
    LevelChange,
)

__all__ = [
    "MAX_NOTE_LENGTH",
    "ChangeReason",
    "Discharge",
    "DischargeReason",
    "Episode",
    "EpisodeEvent",
    "LevelChange",
]
