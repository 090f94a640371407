"""frames.weekly_compliance gives the object path's weeks, every field, on every kind of frame."""

from __future__ import annotations

import collections

import attrs
import duckdb
import pendulum
import polars as pl
import pytest
from _weeks_helpers import frame_rows, object_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopcore import LevelOfCare, Population, frames
from iopcore.intensity import PartialWeeks, requirement_for
from iopcore.sessions import ServiceType
from iopcore.testing import strategies as ios

IOP = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
STRICT = attrs.evolve(
    IOP,
    min_days_per_week=3,
    required_services={ServiceType.INDIVIDUAL_THERAPY: 1, ServiceType.GROUP_THERAPY: 2},
    max_exclusive=True,
)
REQUIREMENTS = (IOP, STRICT, requirement_for(LevelOfCare.OUTPATIENT, Population.ADOLESCENT))
DST_ZONES = ("America/New_York", "Europe/London", "Australia/Sydney")


def _person(draw, who, tz, dst):
    """One participant's sessions: a history, a timetable, or loose overlapping ones."""
    ids = st.just(who)
    kind = draw(st.sampled_from(("history", "scheduled", "loose")))
    if kind == "history":
        return draw(
            ios.attendance_histories(tz=tz, max_size=15, around_dst=dst, participant_ids=ids)
        )
    if kind == "scheduled":
        return draw(
            ios.scheduled_histories(tz=tz, max_weeks=4, around_dst=dst, participant_ids=ids)
        )
    days = (pendulum.date(2024, 3, 1), pendulum.date(2024, 3, 20))
    drawn = ios.sessions(tz=tz, min_date=days[0], max_date=days[1], participant_ids=ids)
    mine = draw(st.lists(drawn, max_size=12))
    if mine:
        # One sure overlap: an attended copy of a session, 15 minutes later.
        first = mine[0]
        mine.append(
            attrs.evolve(
                first,
                start=first.start.add(minutes=15),
                end=first.end.add(minutes=15),
                attendance="attended",
                attended_minutes=None,
            )
        )
    return mine


@st.composite
def cases(draw):
    """Sessions of up to three participants, a calendar, episodes and options."""
    tz = draw(st.sampled_from(ios.SESSION_TIME_ZONES))
    dst = tz in DST_ZONES and draw(st.booleans())
    people = [f"p-{number}" for number in range(draw(st.integers(1, 3)))]
    sessions = [session for who in people for session in _person(draw, who, tz, dst)]
    sessions = draw(st.permutations(sessions))
    calendar = draw(st.none() | ios.program_calendars(tz=tz))
    days = sorted({s.start.in_tz(tz).date() for s in sessions})
    if calendar is not None and days and draw(st.booleans()):
        # Closures and partial days where the sessions are, not only years away.
        shut = draw(st.sets(st.sampled_from(days), max_size=3))
        part = draw(st.sets(st.sampled_from(days), max_size=3)) - shut - calendar.closures
        calendar = attrs.evolve(
            calendar,
            closures=calendar.closures | shut,
            partial_days={
                **{day: share for day, share in calendar.partial_days.items() if day not in shut},
                **dict.fromkeys(part, 0.5),
            },
        )
    stays = {}
    for who in people:
        if draw(st.booleans()):
            mine = [s.start.in_tz(tz).date() for s in sessions if s.participant_id == who]
            near = min(mine) if mine else pendulum.date(2024, 3, 1)
            admitted = near.add(days=draw(st.integers(-10, 10)))
            later = draw(st.integers(0, 60))
            discharged = draw(st.none() | st.just(admitted.add(days=later)))
            stays[who] = (admitted, discharged, draw(st.none() | st.booleans()))
    if draw(st.booleans()):  # a participant with an episode and no sessions
        stays["q-empty"] = (pendulum.date(2024, 5, 6), pendulum.date(2024, 5, 23), None)
    as_of = None
    if draw(st.booleans()):
        firsts = [s.start.in_tz(tz).date() for s in sessions] or [pendulum.date(2024, 5, 6)]
        floor = max(
            [max(firsts).add(days=7)] + [stay[0] for stay in stays.values()]
        )  # on or after every admission and every first week
        as_of = floor.add(days=draw(st.integers(0, 30)))
        if draw(st.booleans()):
            as_of = pendulum.datetime(as_of.year, as_of.month, as_of.day, 12, tz="UTC")
    return {
        "sessions": sessions,
        "requirement": draw(st.sampled_from(REQUIREMENTS)),
        "tz": tz,
        "calendar": calendar,
        "stays": stays,
        "as_of": as_of,
        "stepping_down": draw(st.booleans()),
        "policy": draw(st.sampled_from(PartialWeeks)),
    }


def _episodes(stays):
    if not stays:
        return None
    return pl.DataFrame(
        {
            "participant_id": list(stays),
            "admitted": [stay[0] for stay in stays.values()],
            "discharged": [stay[1] for stay in stays.values()],
            "stepping_down": [stay[2] for stay in stays.values()],
        },
        schema={
            "participant_id": pl.String,
            "admitted": pl.Date,
            "discharged": pl.Date,
            "stepping_down": pl.Boolean,
        },
    )


def _both_ways(case, backend):
    expected = object_rows(
        case["sessions"],
        case["requirement"],
        tz=case["tz"],
        calendar=case["calendar"],
        stays=case["stays"],
        as_of=case["as_of"],
        stepping_down=case["stepping_down"],
        policy=case["policy"],
    )
    table = frames.sessions_frame(case["sessions"], backend=backend)
    got = frames.weekly_compliance(
        table,
        case["requirement"],
        tz=case["tz"],
        calendar=case["calendar"],
        episodes=_episodes(case["stays"]),
        as_of=case["as_of"],
        stepping_down=case["stepping_down"],
        partial_weeks=case["policy"],
    )
    return expected, frame_rows(got)


def _seen(case, rows, seen):
    """What a case held, so that the test can check the hard cases were drawn."""
    zone = pendulum.timezone(case["tz"])
    offsets = {zone.utcoffset(s.start.naive()) for s in case["sessions"]}
    seen["clock change"] += len(offsets) > 1
    calendar = case["calendar"]
    if calendar is not None:
        shut = calendar.closures | set(calendar.partial_days)
        starts = {pendulum.Date.fromisoformat(row["week_start"]) for row in rows}
        seen["closure"] += any(
            day.add(days=-offset) in starts for day in shut for offset in range(7)
        )
    seen["partial week"] += any(0 < row["open_fraction"] < 1 for row in rows)
    checks = {finding["check"] for row in rows for finding in row["findings"]}
    for check in ("overlap", "taper grace", "not assessed", "service", "min days", "max hours"):
        seen[check] += check in checks
    seen["empty week"] += any(row["scheduled_hours"] == 0 for row in rows)


@pytest.mark.parametrize("backend", ["polars", "pandas"])
def test_every_field_matches_the_object_path(backend):
    seen = collections.Counter()

    # Derandomized, with no example database: the same 60 cases every run, so the
    # count of hard cases below is a fixed check of the strategy, not a dice roll
    # (drawn at random it missed a closure or an overlap about one run in six).
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,
        database=None,
    )
    @given(cases())
    def check(case):
        expected, got = _both_ways(case, backend)
        assert got == expected
        _seen(case, got, seen)

    check()
    for what in (
        "clock change",
        "closure",
        "partial week",
        "overlap",
        "taper grace",
        "not assessed",
        "empty week",
    ):
        assert seen[what], f"no case drew {what}: {dict(seen)}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_fresh_draws_match_the_object_path_too(case):
    """Every field matches the object path on cases drawn anew each run (the test
    above draws the same cases every run, to count the hard ones)."""
    expected, got = _both_ways(case, "polars")
    assert got == expected


def test_a_lazy_frame_and_a_duckdb_relation_give_the_same_rows():
    start = [pendulum.datetime(2024, 3, day, 18, tz="America/New_York") for day in (4, 9, 11, 12)]
    sessions = [frames_session(who, moment) for who in ("a", "b") for moment in start]
    eager = frames.sessions_frame(sessions)
    expected = frame_rows(frames.weekly_compliance(eager, IOP, tz="America/New_York"))
    lazy = frames.weekly_compliance(eager.lazy(), IOP, tz="America/New_York")
    assert isinstance(lazy, pl.LazyFrame)
    assert frame_rows(lazy) == expected
    relation = duckdb.from_arrow(eager.to_arrow())
    back = frames.weekly_compliance(relation, IOP, tz="America/New_York")
    assert type(back).__name__ == "DuckDBPyRelation"
    assert frame_rows(back.pl()) == expected


def frames_session(who, start):
    from iopcore.sessions import Session  # noqa: PLC0415

    return Session(participant_id=who, service="group therapy", start=start, end=start.add(hours=3))
