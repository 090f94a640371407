"""Deadlines ahead: Medicare recertification, plan review and assessment, table-driven
across month ends, leap years and a time zone's clock changes."""

import attrs
import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore.assessments import Assessment
from iopcore.episodes import Discharge, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.rulesets import TransitionParameter, reference
from iopcore.transitions import Obligation, ObligationKind, obligations

OP, IOP, PHP, RES, IP = list(LevelOfCare)
D = pendulum.date
PID = "p-1"
RECERT, REVIEW, ASSESS = (
    ObligationKind.MEDICARE_RECERTIFICATION,
    ObligationKind.PLAN_REVIEW,
    ObligationKind.ASSESSMENT,
)


def episode(admitted, level=IOP, events=()):
    return Episode(participant_id=PID, admitted=admitted, initial_level=level, events=events)


def due(found, kind):
    return next(o for o in found if o.kind is kind)


RECERTIFICATION_CASES = [
    # Each row: level, admitted, certified, as_of and the due date.
    # 42 CFR 424.24(d)(3): IOP at least every 60 days; 2024 is a leap year (31 + 29 = 60).
    (IOP, D(2024, 1, 1), [], D(2024, 1, 2), D(2024, 3, 1)),
    # Not a leap year: the same 60 days end a day later.
    (IOP, D(2023, 1, 1), [], D(2023, 1, 2), D(2023, 3, 2)),
    # From the latest recertification, across a year end.
    (IOP, D(2024, 10, 1), [D(2024, 11, 29), D(2024, 12, 31)], D(2025, 1, 5), D(2025, 3, 1)),
    # A certification signed after as_of is not yet known.
    (IOP, D(2024, 10, 1), [D(2024, 11, 29), D(2025, 1, 20)], D(2025, 1, 5), D(2025, 1, 28)),
    # 424.24(e)(3)(ii): PHP as of the 18th day (admission + 17 days) ...
    (PHP, D(2024, 2, 20), [], D(2024, 2, 21), D(2024, 3, 8)),
    # ... which is 29 February in a leap year, 1 March otherwise.
    (PHP, D(2024, 2, 12), [], D(2024, 2, 12), D(2024, 2, 29)),
    (PHP, D(2023, 2, 12), [], D(2023, 2, 12), D(2023, 3, 1)),
    # ... then at least every 30 days.
    (PHP, D(2024, 2, 20), [D(2024, 3, 8)], D(2024, 3, 10), D(2024, 4, 7)),
    (PHP, D(2024, 1, 14), [D(2024, 1, 31)], D(2024, 2, 1), D(2024, 3, 1)),
    # A certification before the 18th day leaves the 18th day as the deadline.
    (PHP, D(2024, 2, 20), [D(2024, 2, 25)], D(2024, 2, 26), D(2024, 3, 8)),
]


@pytest.mark.parametrize(
    ("level", "admitted", "certified", "as_of", "expected"), RECERTIFICATION_CASES
)
def test_medicare_recertification(level, admitted, certified, as_of, expected):
    found = obligations(episode(admitted, level), as_of=as_of, certified=certified)
    recert = due(found, RECERT)
    assert recert.due == expected
    assert recert.level is level
    assert recert.overdue is False
    known = [d for d in certified if d <= as_of]
    assert recert.last_done == (known[-1] if known else None)
    assert "424.24" in recert.source


def test_a_level_change_starts_the_php_clock_on_its_effective_date():
    to_php = LevelChange(
        effective=D(2024, 1, 20),
        recorded=D(2024, 1, 20),
        from_level=IOP,
        to_level=PHP,
        reason="clinical deterioration",
        decided_by="psychiatrist",
    )
    found = obligations(
        episode(D(2024, 1, 1), IOP, [to_php]), as_of=D(2024, 1, 22), certified=[D(2024, 1, 2)]
    )
    # The IOP certification does not count for PHP: day 18 of PHP is 6 February.
    assert due(found, RECERT).due == D(2024, 2, 6)
    assert due(found, RECERT).last_done is None


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(D(2024, 2, 29), False), (D(2024, 3, 1), False), (D(2024, 3, 2), True)],
)
def test_overdue_only_after_the_due_date(as_of, overdue):
    found = obligations(episode(D(2024, 1, 1)), as_of=as_of)
    assert due(found, RECERT).due == D(2024, 3, 1)
    assert due(found, RECERT).overdue is overdue


CADENCE_CASES = [
    # Each row: admitted, reviewed, assessed, as_of, review due and assessment due.
    # WAC 388-877B-0350 monthly plan review, as 30 days: past February's end.
    (D(2024, 1, 31), [], [], D(2024, 2, 1), D(2024, 3, 1), D(2024, 2, 7)),
    (D(2023, 1, 31), [], [], D(2023, 2, 1), D(2023, 3, 2), D(2023, 2, 7)),
    # DC 22-A6329: first assessment within 7 days of admission; then weekly.
    (D(2024, 2, 26), [], [], D(2024, 2, 26), D(2024, 3, 27), D(2024, 3, 4)),
    (D(2024, 2, 26), [], [D(2024, 2, 28)], D(2024, 3, 1), D(2024, 3, 27), D(2024, 3, 6)),
    (D(2023, 2, 26), [], [D(2023, 2, 28)], D(2023, 3, 1), D(2023, 3, 28), D(2023, 3, 7)),
    # From the latest review and assessment; later ones are not yet known.
    (
        D(2024, 11, 1),
        [D(2024, 12, 1), D(2024, 12, 31), D(2025, 1, 30)],
        [D(2024, 12, 24), D(2024, 12, 31), D(2025, 1, 7)],
        D(2025, 1, 2),
        D(2025, 1, 30),
        D(2025, 1, 7),
    ),
    # An assessment before admission does not start the weekly clock.
    (D(2024, 3, 4), [], [D(2024, 3, 1)], D(2024, 3, 5), D(2024, 4, 3), D(2024, 3, 11)),
]


@pytest.mark.parametrize(
    ("admitted", "reviewed", "assessed", "as_of", "review_due", "assessment_due"), CADENCE_CASES
)
def test_plan_review_and_assessment(  # noqa: PLR0917 - one table row
    admitted, reviewed, assessed, as_of, review_due, assessment_due
):
    found = obligations(
        episode(admitted),
        as_of=as_of,
        plan_reviews=reviewed,
        assessments=[Assessment(participant_id=PID, assessed_on=day) for day in assessed],
    )
    assert due(found, REVIEW).due == review_due
    assert due(found, ASSESS).due == assessment_due
    assert "388-877B-0350" in due(found, REVIEW).source
    assert [o.due for o in found] == sorted(o.due for o in found)


def test_overdue_items_say_so():
    found = obligations(episode(D(2024, 1, 1)), as_of=D(2024, 4, 1))
    assert [(o.kind, o.due, o.overdue) for o in found] == [
        (ASSESS, D(2024, 1, 8), True),
        (REVIEW, D(2024, 1, 31), True),
        (RECERT, D(2024, 3, 1), True),
    ]


@pytest.mark.parametrize(
    ("moment", "expected_day"),
    [
        # New York springs forward at 02:00 on 8 March 2026: both sides are 8 March.
        (pendulum.datetime(2026, 3, 8, 1, 30, tz="America/New_York"), D(2026, 3, 8)),
        (pendulum.datetime(2026, 3, 8, 3, 30, tz="America/New_York"), D(2026, 3, 8)),
        # Late on 1 November 2026 (clocks fell back that morning) it is already
        # 2 November in UTC; as_of's own zone decides the day.
        (pendulum.datetime(2026, 11, 1, 23, 30, tz="America/New_York"), D(2026, 11, 1)),
        (pendulum.datetime(2026, 11, 2, 4, 30, tz="UTC"), D(2026, 11, 2)),
    ],
)
def test_an_aware_datetime_as_of_near_a_clock_change(moment, expected_day):
    # Admitted so that the assessment falls due on 1 November 2026 and the Medicare
    # recertification on 8 March 2026 + 60 days.
    admitted = D(2026, 3, 8)
    assessed = [Assessment(participant_id=PID, assessed_on=D(2026, 10, 25))]
    found = obligations(episode(admitted), as_of=moment, assessments=assessed)
    same_day = obligations(episode(admitted), as_of=expected_day, assessments=assessed)
    assert found == same_day
    if expected_day >= D(2026, 10, 25):
        assert due(found, ASSESS).due == D(2026, 11, 1)
        assert due(found, ASSESS).overdue is (expected_day > D(2026, 11, 1))
    else:
        assert due(found, RECERT).due == D(2026, 5, 7)


def test_nothing_is_due_outside_the_stay_or_without_medicare():
    assert obligations(episode(D(2024, 1, 1)), as_of=D(2023, 12, 31)) == ()
    ended = episode(
        D(2024, 1, 1),
        events=[Discharge(effective=D(2024, 2, 1), recorded=D(2024, 2, 1), reason="goals met")],
    )
    assert obligations(ended, as_of=D(2024, 2, 1)) == ()
    assert RECERT in {o.kind for o in obligations(ended, as_of=D(2024, 1, 31))}
    for level in (OP, RES, IP):
        kinds = {o.kind for o in obligations(episode(D(2024, 1, 1), level), as_of=D(2024, 1, 2))}
        assert kinds == {REVIEW, ASSESS}
    kinds = {
        o.kind for o in obligations(episode(D(2024, 1, 1)), as_of=D(2024, 1, 2), medicare=False)
    }
    assert kinds == {REVIEW, ASSESS}


def test_another_ruleset_sets_the_cadence():
    clinic = attrs.evolve(
        reference.RULESET,
        id="clinic",
        transitions=[
            *(p for p in reference.TRANSITIONS if p.name != "plan_review_days"),
            TransitionParameter(name="plan_review_days", value=7, source="clinic policy"),
        ],
    )
    found = obligations(episode(D(2024, 1, 1)), as_of=D(2024, 1, 2), ruleset=clinic)
    assert due(found, REVIEW).due == D(2024, 1, 8)
    assert due(found, REVIEW).source == "clinic policy"
    assert all(isinstance(o, Obligation) for o in found)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"certified": ["2024-01-01"]}, InvalidTypeError),
        ({"certified": "2024-01-01"}, InvalidTypeError),
        ({"plan_reviews": [pendulum.datetime(2024, 1, 1, tz="UTC")]}, InvalidTypeError),
        ({"medicare": "yes"}, InvalidTypeError),
        (
            {"assessments": [Assessment(participant_id="p-2", assessed_on=D(2024, 1, 1))]},
            InvalidValueError,
        ),
        ({"ruleset": "reference"}, InvalidTypeError),
    ],
)
def test_bad_input_is_refused(fields, error):
    with pytest.raises(error):
        obligations(episode(D(2024, 1, 1)), as_of=D(2024, 1, 2), **fields)
