"""Keeps the errors raised and the personal data given while one test runs.

``tests/conftest.py`` clears the record before each test and, after it, fails the
test when a message shows a birth date or free text that went into the inputs
(issue 14: "no message of any error raised in the whole suite contains a birth date
or free text put into the inputs").
"""

from __future__ import annotations

import datetime as dt
import re

from iopcore import episodes, exceptions, participants, placement


class Record:
    """What one test raised and what personal data it put in."""

    def __init__(self) -> None:
        self.raised: list[exceptions.IopcoreError] = []
        self.birth_dates: set[dt.date] = set()
        self.free_texts: set[str] = set()

    def clear(self) -> None:
        self.raised.clear()
        self.birth_dates.clear()
        self.free_texts.clear()


RECORD = Record()

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_REPR = re.compile(r"Date\((\d{1,4}), (\d{1,2}), (\d{1,2})")
#: Shorter free texts ("x", "ok") turn up in messages by chance.
_SHORTEST_TEXT = 8


def _days_in(text: str) -> set[tuple[int, int, int]]:
    found = {tuple(map(int, match)) for match in _ISO.findall(text)}
    return found | {tuple(map(int, match)) for match in _REPR.findall(text)}


def _own_value(error: exceptions.IopcoreError) -> set[tuple[int, int, int]]:
    """The error's own value, when it is a date shown for a field that is not private."""
    value = error.value
    if error.sensitive or "birth" in error.field or not isinstance(value, dt.date):
        return set()
    return {(value.year, value.month, value.day)}


def leaks() -> list[str]:
    """Messages of the errors raised that show a birth date or free text given."""
    births = {(day.year, day.month, day.day) for day in RECORD.birth_dates}
    texts = [text for text in RECORD.free_texts if len(text) >= _SHORTEST_TEXT]
    found = []
    for error in RECORD.raised:
        message = str(error)
        if (_days_in(message) - _own_value(error)) & births:
            found.append(message)
        found.extend(message for text in texts if text in message)
    return found


def _recording(cls: type, record: object) -> None:
    original = cls.__init__

    def __init__(self: object, *args: object, **kwargs: object) -> None:  # noqa: N807
        original(self, *args, **kwargs)
        record(self)  # type: ignore[operator]

    cls.__init__ = __init__  # type: ignore[misc]


def _note(event: episodes.LevelChange | episodes.Discharge) -> None:
    if event.note is not None:
        RECORD.free_texts.add(event.note)


_recording(exceptions.IopcoreError, RECORD.raised.append)
_recording(participants.Participant, lambda person: RECORD.birth_dates.add(person.birth_date))
_recording(placement.Override, lambda override: RECORD.free_texts.add(override.reason))
_recording(episodes.LevelChange, _note)
_recording(episodes.Discharge, _note)
