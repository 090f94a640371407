"""Episode events: the rules of a level change and a discharge, their properties, notes
kept out of every output, and their dict and JSON forms."""

import pendulum
import pytest

from _episode_helpers import (
    END,
    IOP,
    OP,
    PHP,
    SECRET,
    STEP_DOWN,
    STEP_UP,
    D,
    change,
    discharge,
    episode,
)
from iopcore.assessments import Role
from iopcore.episodes import (
    Discharge,
    Episode,
    EpisodeEvent,
    LevelChange,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    IopcoreErrorGroup,
    UnknownCodeError,
)
from iopcore.explain import timeline, timeline_html
from iopcore.serialize import from_dict, from_json, to_dict, to_json

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


def test_event_properties():
    assert STEP_UP.backdated
    assert not STEP_DOWN.backdated
    assert (STEP_UP.direction, STEP_DOWN.direction) == ("up", "down")
    assert dict(EpisodeEvent.kinds()) == {"level_change": LevelChange, "discharge": Discharge}


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


def test_events_round_trip_alone():
    for event in (STEP_UP, END):
        assert from_json(to_json(event), type(event)) == event
