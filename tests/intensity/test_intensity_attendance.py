"""attendance_summary: the rate, no-shows and the longest run of missed sessions."""

import pytest
from _intensity_cases import NY, D, visit

from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.intensity import attendance_summary

MONDAY = D(2024, 4, 1)


def history(*kinds, monday=MONDAY):
    return [
        visit(
            monday.add(days=index),
            attendance=kind,
            attended_minutes=60 if kind == "attended in part" else None,
        )
        for index, kind in enumerate(kinds)
    ]


# (kinds in time order, excuse_absences, offered, attended, rate, no-shows, longest run)
ATTENDANCE = [
    (("attended",) * 3, True, 3, 3, 1.0, 0, 0),
    (("absent", "absent", "attended", "absent"), True, 4, 1, 0.25, 3, 2),
    (("absent", "excused", "absent", "attended"), True, 3, 1, 1 / 3, 2, 2),  # excused: skipped
    (("absent", "excused", "absent", "attended"), False, 4, 1, 0.25, 2, 3),  # excused: missed
    (("absent", "cancelled", "absent"), True, 2, 0, 0.0, 2, 2),  # cancelled: counts nowhere
    (("attended in part", "absent"), True, 2, 1, 0.5, 1, 1),
    (("cancelled", "excused"), True, 0, 0, None, 0, 0),
]


@pytest.mark.parametrize("row", ATTENDANCE, ids=lambda row: "-".join(row[0]) + f"-{row[1]}")
def test_attendance_summary(row):
    kinds, excuse, offered, attended, rate, no_shows, run = row
    sessions = history(*kinds)
    summary = attendance_summary(list(reversed(sessions)), tz=NY, excuse_absences=excuse)
    assert (summary.offered, summary.attended, summary.no_shows, summary.longest_missed_run) == (
        offered,
        attended,
        no_shows,
        run,
    )
    assert summary.rate == (None if rate is None else pytest.approx(rate))
    assert summary.cancelled == kinds.count("cancelled")
    assert summary.excused == kinds.count("excused")


def test_attendance_window():
    sessions = history("absent", "absent", "attended", "absent", "absent")
    summary = attendance_summary(sessions, tz=NY, start=D(2024, 4, 3), end=D(2024, 4, 4))
    assert (summary.offered, summary.no_shows, summary.longest_missed_run) == (2, 1, 1)
    with pytest.raises(InvalidValueError):
        attendance_summary(sessions, tz=NY, start=D(2024, 4, 3), end=D(2024, 4, 2))
    with pytest.raises(InvalidTypeError):
        attendance_summary(sessions, tz=NY, excuse_absences=None)
    with pytest.raises(InvalidValueError):
        attendance_summary([*sessions, visit(D(2024, 4, 1), who="p-2")], tz=NY)
