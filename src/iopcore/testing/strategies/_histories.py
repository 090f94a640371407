"""Whole histories: one participant's open episode with its assessments and sessions.

Coherent in time and valid by construction; also what ``st.from_type(History)`` draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple

import attrs
import pendulum
from hypothesis import strategies as st

from iopcore._validation import to_int
from iopcore.assessments import Assessment, Role
from iopcore.episodes import ChangeReason, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError
from iopcore.instruments import Score, get_instrument
from iopcore.levels import LevelOfCare
from iopcore.sessions import Session  # noqa: TC001 - History's annotations are read at run time (serialize)
from iopcore.testing.strategies._assessments import assessments
from iopcore.testing.strategies._episodes import MAX_RECORDING_LAG_DAYS
from iopcore.testing.strategies._participants import (
    DEFAULT_AS_OF,
    as_of_with_room,
    identifiers,
    levels_of_care,
)

if TYPE_CHECKING:
    from iopcore.rulesets import Ruleset


class History(NamedTuple):
    """One participant's episode with the assessments and sessions of it, up to ``as_of``."""

    #: The episode, open on ``as_of`` (every event recorded by then).
    episode: Episode
    #: Weekly assessments from admission, in date order, none after ``as_of``.
    assessments: tuple[Assessment, ...]
    #: Sessions on the program's days from admission, in time order, none starting
    #: after ``as_of``'s day.
    sessions: tuple[Session, ...]
    #: The last day of the history.
    as_of: pendulum.Date


#: Most weeks of care :func:`histories` draws.
MAX_HISTORY_WEEKS: Final = 52
_MAX_HISTORY_CHANGES: Final = 3
# Mostly attended, as in a running program; each other kind occurs.
_HISTORY_ATTENDANCE: Final = (
    "attended",
    "attended",
    "attended",
    "attended",
    "attended in part",
    "absent",
    "excused",
    "cancelled",
)


class _HistoryPlan(NamedTuple):
    on: pendulum.Date
    weeks: int
    zone: pendulum.Timezone
    ids: st.SearchStrategy[str]
    assessments: st.SearchStrategy[Assessment]


def _history_episode(
    draw: st.DrawFn, plan: _HistoryPlan, participant_id: str, admitted: pendulum.Date
) -> Episode:
    """An open episode: up to three level changes, recorded in order by ``plan.on``."""
    span = (plan.on - admitted).days
    count = draw(st.integers(0, min(_MAX_HISTORY_CHANGES, span)))
    offsets = sorted(
        draw(st.lists(st.integers(1, max(span, 1)), min_size=count, max_size=count, unique=True))
    )
    level = initial = draw(levels_of_care())
    events: list[LevelChange] = []
    latest_record = admitted
    for offset in offsets:
        effective = admitted.add(days=offset)
        recorded = max(
            latest_record,
            min(plan.on, effective.add(days=draw(st.integers(0, MAX_RECORDING_LAG_DAYS)))),
        )
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
            )
        )
        level = to_level
    return Episode(
        participant_id=participant_id, admitted=admitted, initial_level=initial, events=events
    )


def _phq9_near(draw: st.DrawFn, total: int) -> Score:
    """A complete PHQ-9 with about ``total`` points, item 9 mostly 0."""
    item9 = draw(st.sampled_from((0, 0, 0, 1, 2)))
    rest = max(0, total - item9)
    answers = [min(3, max(0, rest - 3 * index)) for index in range(8)]
    return get_instrument("phq9").score([*answers, item9])


def _history_sessions(
    draw: st.DrawFn, plan: _HistoryPlan, participant_id: str, admitted: pendulum.Date
) -> list[Session]:
    from iopcore.sessions import ServiceType, Session  # noqa: PLC0415 - as the session strategies

    weekdays = draw(st.sets(st.integers(0, 6), min_size=1, max_size=5))
    hour = draw(st.integers(8, 17))
    found: list[Session] = []
    for offset in range((plan.on - admitted).days + 1):
        day = admitted.add(days=offset)
        if day.weekday() not in weekdays:
            continue
        start = pendulum.datetime(day.year, day.month, day.day, hour, tz=plan.zone)
        attendance = draw(st.sampled_from(_HISTORY_ATTENDANCE))
        found.append(
            Session(
                participant_id=participant_id,
                service=draw(
                    st.sampled_from((ServiceType.GROUP_THERAPY, ServiceType.INDIVIDUAL_THERAPY))
                ),
                start=start,
                end=start.add(hours=3),
                attendance=attendance,
                attended_minutes=draw(st.integers(15, 165))
                if attendance == "attended in part"
                else None,
            )
        )
    return found


@st.composite
def _whole_histories(draw: st.DrawFn, plan: _HistoryPlan) -> History:
    participant_id = draw(plan.ids)
    admitted = plan.on.subtract(days=draw(st.integers(0, 7 * plan.weeks + 6)))
    episode = _history_episode(draw, plan, participant_id, admitted)
    # PHQ-9 totals walk from a baseline, mostly down, as in care that works.
    total = draw(st.integers(0, 27))
    assessments: list[Assessment] = []
    day = admitted
    while day <= plan.on:
        drawn = draw(plan.assessments)
        total = max(0, min(27, total - draw(st.integers(-3, 6))))
        scores = {**drawn.scores, "phq9": _phq9_near(draw, total)}
        if draw(st.integers(0, 9)) == 0:
            scores.pop("phq9")  # not every week has a PHQ-9
        assessments.append(
            attrs.evolve(drawn, participant_id=participant_id, assessed_on=day, scores=scores)
        )
        day = day.add(days=7)
    sessions = _history_sessions(draw, plan, participant_id, admitted)
    return History(episode, tuple(assessments), tuple(sessions), plan.on)


def histories(
    *,
    ruleset: Ruleset | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    max_weeks: int = 12,
    tz: str | pendulum.Timezone = "America/New_York",
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[History]:
    """Whole histories: an open episode with its weekly assessments and sessions.

    Everything is coherent in time and valid by construction: the episode is
    admitted up to ``max_weeks`` weeks before ``as_of`` and open on it, with up to
    three level changes, each recorded by ``as_of`` in the order they take effect;
    assessments fall weekly from admission (inputs as :func:`assessments` draws
    them, plus a PHQ-9 whose total mostly falls week to week, item 9 sometimes
    above 0); sessions of 3 hours fall on the program's weekdays in ``tz``, mostly
    attended. All belong to one participant.

    Args:
        ruleset: Limit the assessments' inputs to what it reads (default: every
            input iopcore knows).
        as_of: The history's last day (default: a fixed date in 2026).
        max_weeks: Most weeks from admission to ``as_of`` (at most
            :data:`MAX_HISTORY_WEEKS`).
        tz: The program's time zone (IANA name or pendulum Timezone).
        participant_ids: Strategy for the participant id (default
            :func:`identifiers`).

    Raises:
        InvalidTypeError: a bad ``as_of``, ``ruleset`` or ``participant_ids``.
        InvalidValueError: ``max_weeks`` out of range.
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> from hypothesis import given
    >>> @given(histories(as_of=pendulum.date(2026, 3, 2), max_weeks=4))
    ... def test_coherent(history):
    ...     assert all(a.assessed_on <= history.as_of for a in history.assessments)
    ...     assert history.episode.level_on(history.as_of) is not None
    >>> test_coherent()
    """
    from iopcore._validation import to_timezone  # noqa: PLC0415 - as the session strategies

    on = DEFAULT_AS_OF if as_of is None else as_of_with_room(as_of)
    weeks = to_int(max_weeks, field="max_weeks", minimum=0, maximum=MAX_HISTORY_WEEKS)
    zone = to_timezone(tz)
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    ids = identifiers() if participant_ids is None else participant_ids
    drawn = assessments(ruleset=ruleset, as_of=on, participant_ids=st.just("history"))
    return _whole_histories(_HistoryPlan(on, weeks, zone, ids, drawn))


# ``st.from_type(History)`` draws coherent histories. Registered here rather than in
# the entry-point hook, which must not import this module while Hypothesis is still
# importing; anyone who can name History has imported this module already.
st.register_type_strategy(History, lambda _: histories())
