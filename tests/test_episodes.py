import itertools
import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare
from iopcore.assessments import Role
from iopcore.episodes import (
    ChangeReason,
    Discharge,
    DischargeReason,
    Episode,
    EpisodeEvent,
    LevelChange,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.explain import timeline, timeline_html
from iopcore.serialize import from_dict, from_json, to_dict, to_json
from iopcore.testing import strategies as ios

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
ADMITTED = D(2026, 1, 5)
SECRET = "SECRET-NOTE-TEXT"  # noqa: S105 - a note, not a password


def change(effective, from_level, to_level, *, recorded=None, **fields):
    return LevelChange(
        effective=effective,
        recorded=effective if recorded is None else recorded,
        from_level=from_level,
        to_level=to_level,
        reason=fields.pop("reason", ChangeReason.CLINICAL_DETERIORATION),
        decided_by=fields.pop("decided_by", Role.PSYCHIATRIST),
        **fields,
    )


def discharge(effective, *, recorded=None, **fields):
    return Discharge(
        effective=effective,
        recorded=effective if recorded is None else recorded,
        reason=fields.pop("reason", DischargeReason.GOALS_MET),
        **fields,
    )


def episode(*events, admitted=ADMITTED, initial_level=IOP, **fields):
    return Episode(
        participant_id="p-1",
        admitted=admitted,
        initial_level=initial_level,
        events=events,
        **fields,
    )


# IOP from 5 Jan, PHP from 19 Jan (recorded 21 Jan: backdated), IOP from 2 Feb,
# discharged on 16 Feb (first day out of care).
STEP_UP = change(D(2026, 1, 19), IOP, PHP, recorded=D(2026, 1, 21))
STEP_DOWN = change(D(2026, 2, 2), PHP, IOP, reason=ChangeReason.CLINICAL_IMPROVEMENT)
END = discharge(D(2026, 2, 16), recorded=D(2026, 2, 17))
FULL = episode(STEP_UP, STEP_DOWN, END)


# ---------------------------------------------------------------- validation

# Each row: events, then the (error type, field) pairs expected, in order. The rules
# are iopcore's conventions, stated in the iopcore.episodes docstring.
TIMELINE_CASES = [
    # an event on the admission date: the initial level would last no day
    ([change(ADMITTED, IOP, PHP)], [(InvalidValueError, "$.events[0].effective")]),
    # an event before admission
    ([change(D(2026, 1, 1), IOP, PHP)], [(InvalidValueError, "$.events[0].effective")]),
    ([discharge(D(2025, 12, 31))], [(InvalidValueError, "$.events[0].effective")]),
    # out of effective-date order
    (
        [change(D(2026, 1, 20), IOP, PHP), change(D(2026, 1, 10), PHP, IOP)],
        [(InvalidValueError, "$.events[1].effective")],
    ),
    # two events on one date: not allowed (one event a day)
    (
        [change(D(2026, 1, 10), IOP, PHP), change(D(2026, 1, 10), PHP, RES)],
        [(InvalidValueError, "$.events[1].effective")],
    ),
    (
        [change(D(2026, 1, 10), IOP, PHP), discharge(D(2026, 1, 10))],
        [(InvalidValueError, "$.events[1].effective")],
    ),
    # anything after the discharge; the discharge is terminal
    (
        [discharge(D(2026, 1, 10)), change(D(2026, 1, 20), IOP, PHP)],
        [(InvalidValueError, "$.events[1]")],
    ),
    ([discharge(D(2026, 1, 10)), discharge(D(2026, 1, 20))], [(InvalidValueError, "$.events[1]")]),
    (
        [
            discharge(D(2026, 1, 10)),
            change(D(2026, 1, 20), IOP, PHP),
            change(D(2026, 1, 25), PHP, OP),
        ],
        [(InvalidValueError, "$.events[1]"), (InvalidValueError, "$.events[2]")],
    ),
    # a change must start from the level in force before it
    ([change(D(2026, 1, 10), PHP, RES)], [(InvalidValueError, "$.events[0].from_level")]),
    (
        [change(D(2026, 1, 10), IOP, PHP), change(D(2026, 1, 20), IOP, OP)],
        [(InvalidValueError, "$.events[1].from_level")],
    ),
    # a change backdated to before a change already on record
    (
        [
            change(D(2026, 1, 10), IOP, PHP, recorded=D(2026, 1, 25)),
            change(D(2026, 1, 20), PHP, OP, recorded=D(2026, 1, 20)),
        ],
        [(InvalidValueError, "$.events[1].recorded")],
    ),
    # several problems at once, each with its path
    (
        [change(ADMITTED, PHP, RES), discharge(D(2026, 1, 4))],
        [
            (InvalidValueError, "$.events[0].effective"),
            (InvalidValueError, "$.events[0].from_level"),
            (InvalidValueError, "$.events[1].effective"),
        ],
    ),
    # not an event at all
    ([42], [(InvalidTypeError, "$.events[0]")]),
    ([STEP_UP, "discharge"], [(InvalidTypeError, "$.events[1]")]),
]


@pytest.mark.parametrize(("events", "expected"), TIMELINE_CASES)
def test_timeline_rules(events, expected):
    with pytest.raises(IopcoreError) as caught:
        episode(*events)
    error = caught.value
    found = list(error.exceptions) if isinstance(error, IopcoreErrorGroup) else [error]
    assert [(type(e), e.field) for e in found] == expected
    assert isinstance(error, IopcoreErrorGroup) == (len(expected) > 1)


VALID_TIMELINES = [
    [],
    [STEP_UP],
    [STEP_UP, STEP_DOWN],
    [STEP_UP, STEP_DOWN, END],
    [discharge(ADMITTED.add(days=1))],
    # a backdated change after every change on record is fine
    [change(D(2026, 1, 10), IOP, PHP), change(D(2026, 1, 20), PHP, OP, recorded=D(2026, 2, 20))],
    # a change recorded after the discharge was recorded (late paperwork) is fine
    [change(D(2026, 1, 10), IOP, PHP, recorded=D(2026, 2, 1)), discharge(D(2026, 1, 20))],
]


@pytest.mark.parametrize("events", VALID_TIMELINES)
def test_valid_timelines(events):
    assert episode(*events).events == tuple(events)


EVENT_CASES = [
    # (constructor, fields, error type, field)
    (LevelChange, {"to_level": IOP}, InvalidValueError, "to_level"),
    (LevelChange, {"recorded": D(2026, 1, 9)}, InvalidValueError, "recorded"),
    (LevelChange, {"reason": "felt like it"}, UnknownCodeError, "reason"),
    (LevelChange, {"decided_by": "janitor"}, UnknownCodeError, "decided_by"),
    (LevelChange, {"from_level": "XYZ"}, UnknownCodeError, "from_level"),
    (LevelChange, {"effective": pendulum.datetime(2026, 1, 10)}, InvalidTypeError, "effective"),
    (LevelChange, {"note": 7}, InvalidTypeError, "note"),
    (LevelChange, {"note": "x" * 10_001}, InvalidValueError, "note"),
    (Discharge, {"recorded": D(2026, 1, 9)}, InvalidValueError, "recorded"),
    (Discharge, {"reason": "bored"}, UnknownCodeError, "reason"),
    (Discharge, {"decided_by": 3}, UnknownCodeError, "decided_by"),
]

EVENT_FIELDS = {
    LevelChange: {
        "effective": D(2026, 1, 10),
        "recorded": D(2026, 1, 10),
        "from_level": IOP,
        "to_level": PHP,
        "reason": "safety risk",
        "decided_by": "physician",
    },
    Discharge: {"effective": D(2026, 1, 10), "recorded": D(2026, 1, 10), "reason": "goals met"},
}


@pytest.mark.parametrize(("cls", "fields", "error_type", "field"), EVENT_CASES)
def test_event_rules(cls, fields, error_type, field):
    with pytest.raises(error_type) as caught:
        cls(**{**EVENT_FIELDS[cls], **fields})
    assert caught.value.field == field


def test_an_event_reports_every_problem_at_once():
    with pytest.raises(IopcoreErrorGroup) as caught:
        LevelChange(**{**EVENT_FIELDS[LevelChange], "to_level": IOP, "recorded": D(2026, 1, 1)})
    assert [e.field for e in caught.value.exceptions] == ["recorded", "to_level"]


@pytest.mark.parametrize(
    ("fields", "error_type", "field"),
    [
        ({"participant_id": " "}, InvalidValueError, "participant_id"),
        ({"program_id": 5}, InvalidTypeError, "program_id"),
        ({"admitted": "2026-01-05"}, InvalidTypeError, "admitted"),
        ({"initial_level": "ICU"}, UnknownCodeError, "initial_level"),
        ({"events": "abc"}, InvalidTypeError, "events"),
        ({"events": {"a": 1}}, InvalidTypeError, "events"),
    ],
)
def test_episode_fields(fields, error_type, field):
    values = {"participant_id": "p", "admitted": ADMITTED, "initial_level": "IOP", **fields}
    with pytest.raises(error_type) as caught:
        Episode(**values)
    assert caught.value.field == field


def test_levels_and_roles_may_be_given_as_values():
    made = Episode(
        participant_id="p", program_id="iop-east", admitted=ADMITTED, initial_level="PHP"
    )
    assert made.initial_level is PHP
    assert made.program_id == "iop-east"
    assert change(D(2026, 1, 10), "IOP", "OP", decided_by="counselor").decided_by is Role.COUNSELOR


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


def test_event_properties():
    assert STEP_UP.backdated
    assert not STEP_DOWN.backdated
    assert (STEP_UP.direction, STEP_DOWN.direction) == ("up", "down")
    assert dict(EpisodeEvent.kinds()) == {"level_change": LevelChange, "discharge": Discharge}


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


# ---------------------------------------------------------------- no free text shown


def test_notes_stay_out_of_repr_str_errors_and_renderings():
    noted = episode(
        change(D(2026, 1, 10), IOP, PHP, note=SECRET),
        discharge(D(2026, 2, 1), note=SECRET, decided_by=Role.PHYSICIAN),
    )
    assert noted.events[0].note == SECRET
    for text in (
        repr(noted),
        str(noted),
        *timeline(noted),
        timeline_html(noted),
        noted._repr_html_(),
    ):
        assert SECRET not in text
    with pytest.raises(IopcoreError) as caught:
        noted.with_event(change(D(2026, 3, 1), PHP, OP, note=SECRET))
    assert SECRET not in str(caught.value)
    with pytest.raises(IopcoreError) as caught:
        change(D(2026, 1, 10), IOP, IOP, note=SECRET)
    assert SECRET not in str(caught.value)
    with pytest.raises(InvalidValueError) as caught:
        change(D(2026, 1, 10), IOP, PHP, note=SECRET * 1000)
    assert SECRET not in str(caught.value)
    assert "not shown" in str(caught.value)


def test_a_note_in_stored_data_stays_out_of_errors():
    data = to_dict(episode(change(D(2026, 1, 10), IOP, PHP, note="x")))
    data["events"][0]["note"] = [SECRET]
    with pytest.raises(InvalidTypeError) as caught:
        from_dict(data, Episode)
    assert caught.value.field == "$.events[0].note"
    assert SECRET not in str(caught.value)


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


def test_events_round_trip_alone():
    for event in (STEP_UP, END):
        assert from_json(to_json(event), type(event)) == event


# ---------------------------------------------------------------- properties

AS_OF = D(2026, 3, 2)
DAYS = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 6, 1)).map(
    lambda day: pendulum.Date(day.year, day.month, day.day)
)


@given(ios.episodes(as_of=AS_OF), DAYS)
def test_days_at_each_level_sum_to_the_length_of_stay(stay, as_of):
    """days_at_each_level(as_of) sums to length_of_stay(as_of), which counts the days
    on or before as_of on which level_on gives a level."""
    by_level = stay.days_at_each_level(as_of)
    assert sum(by_level.values()) == stay.length_of_stay(as_of)
    assert all(days > 0 for days in by_level.values())
    days_in_care = [
        stay.admitted.add(days=n)
        for n in range((as_of - stay.admitted).days + 1)
        if stay.level_on(stay.admitted.add(days=n)) is not None
    ]
    assert len(days_in_care) == stay.length_of_stay(as_of)
    for level, days in by_level.items():
        assert days == sum(1 for day in days_in_care if stay.level_on(day) is level)


@given(ios.episodes(as_of=AS_OF, max_events=4), st.data())
def test_level_on_is_constant_between_events(stay, data):
    """Between two consecutive boundaries (admission, each event, as_of) the level
    does not change; at a level change it becomes the change's to_level."""
    boundaries = [stay.admitted, *(event.effective for event in stay.events), AS_OF.add(days=1)]
    for start, end in itertools.pairwise(boundaries):
        if end <= start:
            continue
        level = stay.level_on(start)
        offset = data.draw(st.integers(0, (end - start).days - 1))
        assert stay.level_on(start.add(days=offset)) is level
        assert stay.level_on(end.subtract(days=1)) is level
    for event in stay.level_changes:
        assert stay.level_on(event.effective) is event.to_level
        assert stay.level_on(event.effective.subtract(days=1)) is event.from_level


@given(ios.episodes(as_of=AS_OF), DAYS)
def test_known_on_never_includes_events_recorded_after_the_date(stay, day):
    """known_on(day) holds exactly the events recorded on or before day, and is a
    valid episode whose own known_on(day) is itself."""
    known = stay.known_on(day)
    assert all(event.recorded <= day for event in known.events)
    assert known.events == tuple(event for event in stay.events if event.recorded <= day)
    assert known.known_on(day) == known
    assert Episode(**attrs.asdict(known, recurse=False)) == known


@given(ios.episodes(as_of=AS_OF, discharged=False), st.data())
def test_with_event_of_a_valid_next_event_keeps_the_episode_valid(stay, data):
    """Adding the next event (a change from the level in force, or a discharge), dated
    after the last one, gives a valid episode whose level follows it."""
    last = stay.events[-1].effective if stay.events else stay.admitted
    effective = last.add(days=data.draw(st.integers(1, 60)))
    recorded = effective.add(days=data.draw(st.integers(0, 10)))
    current = stay.level_on(last)
    assert current is not None
    if data.draw(st.booleans()):
        to_level = data.draw(
            st.sampled_from([level for level in LevelOfCare if level is not current])
        )
        if stay.level_changes:
            recorded = max(recorded, *(change.recorded for change in stay.level_changes))
        event = change(effective, current, to_level, recorded=recorded)
        expected = to_level
    else:
        event = discharge(effective, recorded=recorded)
        expected = None
    longer = stay.with_event(event)
    assert longer.events == (*stay.events, event)
    assert longer.level_on(effective) is expected
    assert (
        longer.known_on(recorded.subtract(days=1)).events
        == stay.known_on(recorded.subtract(days=1)).events
    )


@given(ios.episodes(as_of=AS_OF))
def test_episodes_round_trip_through_json(stay):
    assert from_json(to_json(stay), Episode) == stay


@given(ios.episodes(as_of=AS_OF, min_events=2, max_events=2, discharged=True))
def test_strategy_options_are_kept(stay):
    assert len(stay.events) == 2
    assert stay.is_discharged(AS_OF)
    assert all(event.recorded <= AS_OF for event in stay.events)


@given(
    st.from_type(Episode),
    st.from_type(LevelChange),
    st.from_type(Discharge),
    st.from_type(EpisodeEvent),
)
def test_from_type_knows_the_episode_types(stay, level_change, ending, event):
    assert isinstance(stay, Episode)
    assert isinstance(level_change, LevelChange)
    assert isinstance(ending, Discharge)
    assert isinstance(event, LevelChange | Discharge)


@pytest.mark.parametrize(
    ("options", "error_type", "field"),
    [
        ({"min_events": 3, "max_events": 2}, InvalidValueError, "min_events"),
        ({"max_events": 51}, InvalidValueError, "max_events"),
        ({"max_events": 0, "discharged": True}, InvalidValueError, "max_events"),
        ({"discharged": "yes"}, InvalidTypeError, "discharged"),
        ({"participant_ids": "p"}, InvalidTypeError, "participant_ids"),
        ({"as_of": pendulum.naive(2026, 1, 1)}, NaiveDateTimeError, "as_of"),
    ],
)
def test_episode_strategy_checks_its_options(options, error_type, field):
    with pytest.raises(error_type) as caught:
        ios.episodes(**options)
    assert caught.value.field == field


@given(ios.episodes(participant_ids=st.just("fixed"), discharged=False, max_events=0))
def test_episode_strategy_takes_ids(stay):
    assert stay.participant_id == "fixed"
    assert stay.events == ()


@pytest.mark.parametrize(
    ("admitted", "as_of", "days"),
    [
        (D(9999, 12, 1), D(9999, 12, 31), 31),  # as_of the last day of the calendar
        (D(1, 1, 1), D(1, 1, 1), 1),  # admitted on the first day of the calendar
    ],
)
def test_lengths_of_stay_at_the_ends_of_the_calendar(admitted, as_of, days):
    stay = episode(admitted=admitted)
    assert stay.length_of_stay(as_of) == days
    assert dict(stay.days_at_each_level(as_of)) == {IOP: days}


def test_days_at_each_level_up_to_the_last_calendar_day():
    stay = episode(change(D(9999, 12, 30), IOP, PHP), admitted=D(9999, 12, 1))
    assert dict(stay.days_at_each_level(D(9999, 12, 31))) == {IOP: 29, PHP: 2}
