"""Episode queries (level on a date, length of stay, days at each level, known_on,
with_event), its rendering, and its dict and JSON forms."""

import pickle

import attrs
import pendulum
import pytest

from _episode_helpers import (
    ADMITTED,
    END,
    FULL,
    IOP,
    OP,
    PHP,
    RES,
    STEP_DOWN,
    STEP_UP,
    D,
    change,
    discharge,
    episode,
)
from iopcore.episodes import (
    Episode,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.explain import timeline
from iopcore.serialize import from_dict, from_json, to_dict, to_json

# ---------------------------------------------------------------- queries


@pytest.mark.parametrize(
    ("day", "level"),
    [
        (D(2026, 1, 4), None),  # the day before admission
        (ADMITTED, IOP),  # the admission date is a day in care
        (D(2026, 1, 18), IOP),  # the day before the step up
        (D(2026, 1, 19), PHP),  # the change's effective date is at the new level
        (D(2026, 2, 1), PHP),
        (D(2026, 2, 2), IOP),
        (D(2026, 2, 15), IOP),  # the last day in care
        (D(2026, 2, 16), None),  # the discharge's effective date is not a day in care
        (D(2027, 1, 1), None),
    ],
)
def test_level_on_across_boundaries(day, level):
    assert FULL.level_on(day) is level


def test_level_on_an_open_episode_stays_at_the_last_level():
    assert episode(STEP_UP).level_on(D(2030, 1, 1)) is PHP
    assert episode().level_on(ADMITTED) is IOP


def test_discharge_accessors():
    assert FULL.discharge == END
    assert episode(STEP_UP).discharge is None
    assert episode().discharge is None
    assert FULL.level_changes == (STEP_UP, STEP_DOWN)
    assert not FULL.is_discharged(D(2026, 2, 15))
    assert FULL.is_discharged(D(2026, 2, 16))
    assert not episode(STEP_UP).is_discharged(D(2030, 1, 1))


@pytest.mark.parametrize(
    ("as_of", "days", "by_level"),
    [
        (D(2026, 1, 4), 0, {}),
        (ADMITTED, 1, {IOP: 1}),
        (D(2026, 1, 18), 14, {IOP: 14}),
        (D(2026, 1, 19), 15, {IOP: 14, PHP: 1}),
        (D(2026, 2, 15), 42, {IOP: 28, PHP: 14}),
        (D(2026, 2, 16), 42, {IOP: 28, PHP: 14}),  # discharge day not counted
        (D(2027, 6, 1), 42, {IOP: 28, PHP: 14}),
    ],
)
def test_length_of_stay_and_days_at_each_level(as_of, days, by_level):
    assert FULL.length_of_stay(as_of) == days
    assert dict(FULL.days_at_each_level(as_of)) == by_level
    assert list(FULL.days_at_each_level(as_of)) == sorted(by_level)


@pytest.mark.parametrize(
    ("admitted", "end", "days"),
    [
        # leap year: 28 Feb, 29 Feb, 1 Mar
        (D(2024, 2, 28), D(2024, 3, 1), 3),
        # common year: 28 Feb, 1 Mar
        (D(2023, 2, 28), D(2023, 3, 1), 2),
        # month ends
        (D(2026, 1, 31), D(2026, 2, 1), 2),
        (D(2026, 4, 30), D(2026, 5, 31), 32),
        # year end
        (D(2025, 12, 31), D(2026, 1, 1), 2),
        # a whole leap year and a whole common year
        (D(2024, 1, 1), D(2024, 12, 31), 366),
        (D(2025, 1, 1), D(2025, 12, 31), 365),
    ],
)
def test_length_of_stay_across_month_ends_and_leap_years(admitted, end, days):
    open_episode = episode(admitted=admitted)
    assert open_episode.length_of_stay(end) == days
    # discharged the day after `end`: the same days in care
    closed = open_episode.with_event(discharge(end.add(days=1)))
    assert closed.length_of_stay(end.add(years=1)) == days


def test_a_leap_day_change_counts_its_days():
    stay = episode(
        change(D(2024, 2, 29), IOP, PHP), discharge(D(2024, 3, 2)), admitted=D(2024, 2, 27)
    )
    assert dict(stay.days_at_each_level(D(2024, 4, 1))) == {IOP: 2, PHP: 2}


NEW_YORK = "America/New_York"


def test_queries_take_aware_datetimes_by_their_own_calendar_date():
    """DST-safe: days are dates; a datetime counts by its date in its own zone."""
    # US clocks sprang forward on 8 March 2026 and fall back on 1 November 2026.
    spring = episode(change(D(2026, 3, 8), IOP, PHP), admitted=D(2026, 3, 7))
    just_after = pendulum.datetime(2026, 3, 8, 3, 30, tz=NEW_YORK)
    assert spring.level_on(just_after) is PHP
    assert spring.level_on(pendulum.datetime(2026, 3, 7, 23, 59, tz=NEW_YORK)) is IOP
    # 23:30 in New York on 8 March is 9 March in UTC: the New York date counts.
    late = pendulum.datetime(2026, 3, 8, 23, 30, tz=NEW_YORK)
    assert late.in_timezone("UTC").day == 9
    assert spring.length_of_stay(late) == 2
    autumn = episode(admitted=D(2026, 10, 31))
    assert autumn.length_of_stay(pendulum.datetime(2026, 11, 2, 0, 30, tz=NEW_YORK)) == 3
    assert autumn.length_of_stay(D(2026, 11, 2)) == 3


@pytest.mark.parametrize(
    "method", ["level_on", "length_of_stay", "days_at_each_level", "known_on", "is_discharged"]
)
def test_naive_datetimes_and_junk_dates_are_refused(method):
    with pytest.raises(NaiveDateTimeError):
        getattr(FULL, method)(pendulum.naive(2026, 1, 10))
    with pytest.raises(InvalidTypeError):
        getattr(FULL, method)("2026-01-10")


def test_known_on_leaves_out_what_was_recorded_later():
    # The step up took effect on 19 Jan but was recorded on 21 Jan.
    on_the_20th = FULL.known_on(D(2026, 1, 20))
    assert on_the_20th.events == ()
    assert on_the_20th.level_on(D(2026, 1, 19)) is IOP  # as it was known then
    assert FULL.level_on(D(2026, 1, 19)) is PHP  # as it is known now
    assert FULL.known_on(D(2026, 1, 21)).events == (STEP_UP,)
    # discharged on 16 Feb, recorded on 17 Feb
    assert FULL.known_on(D(2026, 2, 16)).discharge is None
    assert FULL.known_on(D(2026, 2, 17)) is FULL
    assert FULL.known_on(pendulum.datetime(2026, 2, 17, 8, tz=NEW_YORK)) is FULL


def test_with_event_adds_in_effective_order_and_validates():
    assert episode(STEP_UP).with_event(STEP_DOWN) == episode(STEP_UP, STEP_DOWN)
    assert episode().with_event(STEP_UP).with_event(END) == episode(STEP_UP, END)
    # a backdated change that belongs between two recorded ones still has to chain
    with pytest.raises(InvalidValueError) as caught:
        episode(STEP_UP, STEP_DOWN).with_event(change(D(2026, 1, 25), PHP, RES))
    assert caught.value.field == "$.events[2].from_level"
    with pytest.raises(InvalidValueError) as caught:
        FULL.with_event(change(D(2026, 3, 1), IOP, OP))
    assert caught.value.field == "$.events[3]"
    with pytest.raises(InvalidTypeError) as caught:
        FULL.with_event("discharge")
    assert caught.value.field == "event"


def test_episodes_are_frozen_values():
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        FULL.admitted = D(2026, 1, 1)
    assert pickle.loads(pickle.dumps(FULL)) == FULL
    assert hash(FULL) == hash(episode(STEP_UP, STEP_DOWN, END))


# ---------------------------------------------------------------- rendering


def test_timeline_text():
    assert timeline(FULL) == (
        "episode of p-1: discharged 2026-02-16",
        "2026-01-05 admission at INTENSIVE_OUTPATIENT",
        "2026-01-19 step up INTENSIVE_OUTPATIENT -> PARTIAL_HOSPITALIZATION (clinical deterioration; psychiatrist; recorded 2026-01-21)",
        "2026-02-02 step down PARTIAL_HOSPITALIZATION -> INTENSIVE_OUTPATIENT (clinical improvement; psychiatrist)",
        "2026-02-16 discharge (goals met; recorded 2026-02-17)",
    )
    in_program = attrs.evolve(episode(), program_id="east")
    assert timeline(in_program) == (
        "episode of p-1 in program east: open",
        "2026-01-05 admission at INTENSIVE_OUTPATIENT",
    )


def test_timeline_html_is_an_escaped_table_of_dated_events():
    page = attrs.evolve(FULL, program_id="<b>east</b>")._repr_html_()
    assert page.startswith("<div class='iopcore-timeline'>")
    assert "&lt;b&gt;east&lt;/b&gt;" in page
    assert "<b>" not in page
    assert page.count("<tr>") == 5  # header, admission, three events
    assert "<td>2026-01-19</td><td>2026-01-21</td><td>step up</td>" in page


# ---------------------------------------------------------------- dict and JSON


def test_json_round_trip_tags_each_event_with_its_kind():
    noted = attrs.evolve(FULL, program_id="iop-east")
    noted = noted.known_on(D(2026, 1, 1)).with_event(attrs.evolve(STEP_UP, note="kept in storage"))
    text = to_json(noted)
    assert from_json(text, Episode) == noted
    data = to_dict(FULL)
    assert [event["kind"] for event in data["events"]] == [
        "level_change",
        "level_change",
        "discharge",
    ]
    assert data["events"][0]["from_level"] == "IOP"
    assert from_dict(data, Episode) == FULL


def test_stored_episodes_are_checked_with_paths():
    data = to_dict(FULL)
    data["events"][1]["effective"] = "2026-01-02"
    data["events"][2]["reason"] = "bored"
    with pytest.raises(UnknownCodeError) as caught:
        from_dict(data, Episode)
    assert caught.value.field == "$.events[2].reason"
    data["events"][2]["reason"] = "goals met"
    with pytest.raises(InvalidValueError) as caught:
        from_dict(data, Episode)
    assert caught.value.field == "$.events[1].effective"
    data["events"][0]["kind"] = "admission"
    with pytest.raises(UnknownCodeError) as caught:
        from_dict(data, Episode)
    assert caught.value.field == "$.events[0].kind"
    assert caught.value.allowed == "discharge, level_change"


def test_a_stored_episode_reports_several_timeline_problems_at_once():
    data = to_dict(FULL)
    data["events"][0]["from_level"] = "OP"
    data["events"][2]["effective"] = "2026-01-31"
    with pytest.raises(IopcoreErrorGroup) as caught:
        from_dict(data, Episode)
    assert [e.field for e in caught.value.exceptions] == [
        "$.events[0].from_level",
        "$.events[2].effective",
    ]
