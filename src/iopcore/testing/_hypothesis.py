"""The ``hypothesis`` entry point: lets ``st.from_type`` build iopcore types.

Hypothesis calls :func:`_hypothesis_setup_hook` whenever it is imported, in every
environment where iopcore is installed, so the hook stays cheap: it registers
functions that build the strategies only when a test asks for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def _participants(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.participants()


def _scores(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.scores()


def _measurements(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.measurements()


def _trajectories(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.trajectories()


def _assessments(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.assessments()


def _episodes(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.episodes()


def _level_changes(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    # The last event of an open episode with at least one event is a level change.
    return strategies.episodes(min_events=1, discharged=False).map(lambda e: e.events[-1])


def _discharges(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.episodes(discharged=True).map(lambda episode: episode.discharge)


def _episode_events(kind: type) -> SearchStrategy[object]:
    return _level_changes(kind) | _discharges(kind)


def _sessions(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.sessions()


def _program_calendars(_: type) -> SearchStrategy[object]:
    from iopcore.testing import strategies  # noqa: PLC0415 - imported on demand by design

    return strategies.program_calendars()


def _hypothesis_setup_hook() -> None:
    """Register a strategy builder for each iopcore value type (called by Hypothesis).

    Enums (``LevelOfCare``, ``Population``, ``Condition``, ``Sex``) need none:
    Hypothesis samples their members by itself.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 - hypothesis calls us mid-import

    from iopcore.assessments import Assessment  # noqa: PLC0415 - keep the hook cheap
    from iopcore.episodes import (  # noqa: PLC0415 - keep the hook cheap
        Discharge,
        Episode,
        EpisodeEvent,
        LevelChange,
    )
    from iopcore.instruments import Score  # noqa: PLC0415 - keep the hook cheap
    from iopcore.instruments.change import Measurement, Trajectory  # noqa: PLC0415
    from iopcore.participants import Participant  # noqa: PLC0415 - keep the hook cheap
    from iopcore.sessions import ProgramCalendar, Session  # noqa: PLC0415 - keep the hook cheap

    st.register_type_strategy(Participant, _participants)
    st.register_type_strategy(Score, _scores)
    st.register_type_strategy(Measurement, _measurements)
    st.register_type_strategy(Trajectory, _trajectories)
    st.register_type_strategy(Assessment, _assessments)
    st.register_type_strategy(Episode, _episodes)
    st.register_type_strategy(LevelChange, _level_changes)
    st.register_type_strategy(Discharge, _discharges)
    st.register_type_strategy(EpisodeEvent, _episode_events)
    st.register_type_strategy(Session, _sessions)
    st.register_type_strategy(ProgramCalendar, _program_calendars)
