"""Strategies for episodes of care: admissions, level changes and discharges.

Events are recorded on or after the day they take effect, so some are backdated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple

from hypothesis import strategies as st

from iopcore._validation import to_int
from iopcore.assessments import Role
from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.testing.strategies._participants import (
    DEFAULT_AS_OF,
    as_of_with_room,
    identifiers,
    levels_of_care,
)

if TYPE_CHECKING:
    import pendulum

#: How many days before ``as_of`` an episode may start (two years, so that episodes
#: cross month ends, year ends and 29 February).
_EPISODE_WINDOW_DAYS: Final = 730
#: Longest delay drawn between an event taking effect and its being recorded.
MAX_RECORDING_LAG_DAYS: Final = 14
#: Most events an episode strategy may be asked for.
_MAX_EVENTS: Final = 50


class _EpisodePlan(NamedTuple):
    """What :func:`_episodes` draws from."""

    on: pendulum.Date
    ids: st.SearchStrategy[str]
    min_events: int
    max_events: int
    discharged: bool | None


@st.composite
def _episodes(draw: st.DrawFn, plan: _EpisodePlan) -> Episode:
    fewest = max(plan.min_events, 1 if plan.discharged else 0)
    # Each event takes effect on a day of its own after admission, on or before as_of.
    days_in = draw(st.integers(fewest, _EPISODE_WINDOW_DAYS))
    admitted = plan.on.subtract(days=days_in)
    count = draw(st.integers(fewest, min(plan.max_events, days_in)))
    days = st.integers(1, max(days_in, 1))
    offsets = sorted(draw(st.lists(days, min_size=count, max_size=count, unique=True)))
    with_discharge = count > 0 and (
        plan.discharged is True or (plan.discharged is None and draw(st.booleans()))
    )
    initial = level = draw(levels_of_care())
    notes = st.none() | st.text(max_size=20)
    events: list[LevelChange | Discharge] = []
    # Level changes are recorded in the order they take effect (see iopcore.episodes).
    latest_record = admitted
    for position, offset in enumerate(offsets):
        effective = admitted.add(days=offset)
        lag = draw(st.integers(0, MAX_RECORDING_LAG_DAYS))
        recorded = min(plan.on, effective.add(days=lag))
        if with_discharge and position == count - 1:
            events.append(
                Discharge(
                    effective=effective,
                    recorded=recorded,
                    reason=draw(st.sampled_from(DischargeReason)),
                    decided_by=draw(st.none() | st.sampled_from(Role)),
                    note=draw(notes),
                )
            )
            break
        recorded = max(recorded, latest_record)
        latest_record = recorded
        to_level = draw(st.sampled_from([other for other in LevelOfCare if other is not level]))
        events.append(
            LevelChange(
                effective=effective,
                recorded=recorded,
                from_level=level,
                to_level=to_level,
                reason=draw(st.sampled_from(ChangeReason)),
                decided_by=draw(st.sampled_from(Role)),
                note=draw(notes),
            )
        )
        level = to_level
    return Episode(
        participant_id=draw(plan.ids),
        program_id=draw(st.none() | identifiers()),
        admitted=admitted,
        initial_level=initial,
        events=events,
    )


def episodes(
    *,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    min_events: int = 0,
    max_events: int = 6,
    discharged: bool | None = None,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Episode]:
    """Valid episodes of care, admitted up to two years before ``as_of``.

    Every event takes effect after admission and on or before ``as_of``, one a day;
    each is recorded on or after that day (up to two weeks later, never after
    ``as_of``), so some are backdated. Level changes move to another level each time
    and are recorded in the order they take effect; a discharge, when drawn, is last.
    Notes are drawn as short free text, to show they stay out of ``repr``.

    Args:
        as_of: The latest date of any event (default: a fixed date in 2026).
        min_events: Fewest events (level changes and discharge together).
        max_events: Most events (at most 50).
        discharged: ``True``: every episode ends in a discharge. ``False``: none
            does. ``None`` (default): either.
        participant_ids: Strategy for the participant id (default
            :func:`identifiers`).

    Raises:
        InvalidTypeError: a bad ``as_of``, ``discharged`` or ``participant_ids``.
        InvalidValueError: event counts out of range, ``min_events`` above
            ``max_events``, or ``discharged=True`` with ``max_events=0``.

    >>> import pendulum
    >>> from hypothesis import given
    >>> @given(episodes(as_of=pendulum.date(2026, 3, 2), discharged=True))
    ... def test_discharged(episode):
    ...     assert episode.is_discharged(pendulum.date(2026, 3, 2))
    ...     assert episode.level_on(pendulum.date(2026, 3, 2)) is None
    >>> test_discharged()
    """
    on = DEFAULT_AS_OF if as_of is None else as_of_with_room(as_of)
    fewest = to_int(min_events, field="min_events", minimum=0, maximum=_MAX_EVENTS)
    most = to_int(max_events, field="max_events", minimum=0, maximum=_MAX_EVENTS)
    if fewest > most:
        raise InvalidValueError("min_events", fewest, allowed=f"at most max_events={most}")
    if discharged is not None and not isinstance(discharged, bool):
        raise InvalidTypeError("discharged", discharged, allowed="True, False or None (either)")
    if discharged is True and most == 0:
        raise InvalidValueError(
            "max_events", most, allowed="at least 1 when discharged=True", reason="is too low"
        )
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    ids = identifiers() if participant_ids is None else participant_ids
    return _episodes(_EpisodePlan(on, ids, fewest, most, discharged))
