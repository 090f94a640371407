"""A program's census on one date: :func:`census`.

Admissions spread evenly over the weeks before ``as_of``, severities and courses of
an intensive program, one assessment a week (C-SSRS, PHQ-9, GAD-7, the reference
ratings), the sessions of each level's weekly schedule, and the level changes the
team has already made. The weekly assessment and the schedule are shared with
:func:`~iopcore.synthetic.admissions`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from iopcore._validation import to_timezone
from iopcore.assessments import Assessment, ClinicalFact
from iopcore.episodes import Episode, LevelChange
from iopcore.instruments import gad7, phq9
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition
from iopcore.sessions import Attendance, ServiceType, Session
from iopcore.synthetic._histories import ATTENDS, COURSES, SyntheticHistory, to_weeks
from iopcore.synthetic._inputs import ROLES, drawn_cssrs, reference_inputs
from iopcore.synthetic._participants import drawn_participant
from iopcore.synthetic._streams import Draw, table, to_record_count, to_record_date, to_seed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    import pendulum

    from iopcore.instruments import Score
    from iopcore.participants import Participant


#: :func:`census` spreads admissions over this many weeks before ``as_of`` by default.
_CENSUS_WEEKS: Final = 9
#: A participant admitted to an intensive program is at least moderately unwell
#: (impairment beyond what routine outpatient care can address, Evernorth SUD-IOP review list)
#: and not in need of 24-hour care (no imminent danger, same section): admission
#: severity 2 or 3.
ADMISSION_SEVERITY: Final = (2, 3)
#: Severity from which the stay is partial hospitalization rather than IOP (made up,
#: matching the reference ruleset, where a rating of 3 calls for PHP).
_PHP_SEVERITY: Final = 3
#: Week to week, a clinician rates the course's severity, one step lower 15% of the
#: time (made up: the team's own ratings, which placed the participant at this level,
#: rather than a stranger's).
_STEADY_NOISE: Final = table(((-1, 15), (0, 85)))
#: Weeks between one-step changes of severity along a course (made up).
CENSUS_STEP_WEEKS: Final = (2, 3, 4, 5)
#: PHQ-9 items 1-8 centred on a total at the foot of the severity's band
#: (0-4, 5-9, 10-14, 15-19, 20-27: Kroenke 2001).
_PHQ9_CENTRES: Final = (
    (0, 0, 0, 1, 0, 0, 0, 0),
    (1, 1, 0, 1, 1, 0, 1, 0),
    (1, 2, 1, 2, 1, 1, 1, 1),
    (2, 2, 2, 2, 2, 1, 2, 2),
    (3, 3, 2, 3, 2, 2, 3, 2),
)
#: GAD-7 items centred on a total in the severity's band, near its foot
#: (0-4, 5-9, 10-14, 15-21: Spitzer 2006); one severity lower for
#: participants not treated for an anxiety-type condition.
_GAD7_CENTRES: Final = (
    (0, 0, 1, 0, 0, 0, 0),
    (1, 1, 1, 1, 0, 1, 1),
    (2, 2, 2, 1, 1, 2, 1),
    (2, 3, 2, 2, 2, 2, 2),
    (3, 3, 3, 3, 2, 3, 3),
)
#: Stays with support outside program hours, which ambulatory programs rely on
#: (Evernorth SUD-IOP review list); the percentage is made up.
SUPPORTED_PERCENT: Final = 97
_ANXIOUS: Final = frozenset({Condition.ANXIETY, Condition.PTSD, Condition.OCD})
_GROUP = ServiceType.GROUP_THERAPY
_SKILLS = ServiceType.SKILLS_GROUP
_EDUCATION = ServiceType.PSYCHOEDUCATION
#: Individual counseling, a core IOP service (SAMHSA 2021 IOP Advisory): one
#: hour on Tuesday afternoons, at either level.
_INDIVIDUAL: Final = ((ServiceType.INDIVIDUAL_THERAPY, 14, 1),)
#: IOP: 3 hours on Monday, Wednesday and Friday, the typical IOP schedule (3 h x 3
#: days, alliedaddictionrecovery.com): 2 hours of group therapy, then a 1-hour skills group.
_IOP_DAY: Final = ((_GROUP, 9, 2), (_SKILLS, 11, 1))
#: PHP: 4 hours every weekday, 20 hours a week (the 20 hours a physician certifies for
#: PHP, 42 CFR 410.43(c)(1); typical 4 h x 4 days, alliedaddictionrecovery.com, to
#: 6 h x 5 days, Michigan PIHP criteria):
#: group therapy, a skills group and psychoeducation, three covered services a day
#: (the Medicare 3-service per-diem tier, CMS CY2024 OPPS final rule).
_PHP_DAY: Final = (*_IOP_DAY, (_EDUCATION, 12, 1))
#: Each level's week, Monday first: the (service, hour, hours) blocks of each day.
_WEEKS: Final = {
    LevelOfCare.INTENSIVE_OUTPATIENT: (_IOP_DAY, _INDIVIDUAL, _IOP_DAY, (), _IOP_DAY, (), ()),
    LevelOfCare.PARTIAL_HOSPITALIZATION: (
        _PHP_DAY,
        (*_PHP_DAY, *_INDIVIDUAL),
        _PHP_DAY,
        _PHP_DAY,
        _PHP_DAY,
        (),
        (),
    ),
}


def census_level(severity: int) -> LevelOfCare:
    if severity >= _PHP_SEVERITY:
        return LevelOfCare.PARTIAL_HOSPITALIZATION
    return LevelOfCare.INTENSIVE_OUTPATIENT


def _census_screen(*, anxious: bool) -> Callable[[Draw, int, int], list[Score]]:
    """The weekly questionnaires: C-SSRS, PHQ-9 and GAD-7 (see the module docstring)."""

    def screen(draw: Draw, severity: int, safety: int) -> list[Score]:
        # The weekly screener is the "since last visit" version (NINDS Common Data
        # Elements C-SSRS page):
        # drawn one safety step lower than the one-off screener (made up).
        screener = drawn_cssrs(draw, max(0, safety - 1))
        phq_items = [draw.around(centre, 0, 3) for centre in _PHQ9_CENTRES[severity]]
        phq_items.append(draw.around((-1, -1, 0, 1, 2)[safety], 0, 3))
        gad_row = _GAD7_CENTRES[severity if anxious else max(0, severity - 1)]
        gad_items = [draw.around(centre, 0, 3) for centre in gad_row]
        return [screener, phq9.score(phq_items), gad7.score(gad_items)]

    return screen


def census_assessment(
    draw: Draw,
    severity: int,
    participant: Participant,
    on: pendulum.Date,
    *,
    supported: bool,
) -> Assessment:
    screen = _census_screen(anxious=bool(participant.conditions & _ANXIOUS))
    inputs = reference_inputs(draw, severity, participant, on, noise=_STEADY_NOISE, screen=screen)
    facts = inputs["facts"]
    assert isinstance(facts, dict)  # noqa: S101 - built by reference_inputs
    # Support outside program hours belongs to the stay, not to the week (a fact
    # left out stays out: the missing inputs above).
    if ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS in facts:
        facts[ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS] = supported
    return Assessment(
        participant_id=participant.id,
        assessed_on=on,
        conditions=participant.conditions,
        recorded_by=draw.weighted(ROLES),
        **inputs,
    )


def census_sessions(  # noqa: PLR0913 - one participant's schedule
    draw: Draw,
    participant_id: str,
    *,
    admitted: pendulum.Date,
    as_of: pendulum.Date,
    changes: Sequence[tuple[pendulum.Date, LevelOfCare]],
    zone: pendulum.Timezone,
) -> tuple[Session, ...]:
    import pendulum  # noqa: PLC0415 - a type-only import elsewhere in this module

    attends = draw.weighted(ATTENDS)
    found = []
    level = changes[0][1]
    pending = list(changes[1:])
    first = admitted.toordinal()
    for ordinal in range(first, as_of.toordinal() + 1):
        # Standard-library dates: only the calendar fields are read (DESIGN.md: hot
        # loops use the standard arithmetic).
        day = dt.date.fromordinal(ordinal)
        while pending and pending[0][0] <= day:
            level = pending.pop(0)[1]
        for service, hour, hours in _WEEKS[level][day.weekday()]:
            # Built directly (under 1 us against 7 for pendulum.datetime): the same
            # value for a wall time outside a clock change, and sessions run between
            # 9:00 and 15:00, away from the night-time changes of the zones in use.
            start = pendulum.DateTime(day.year, day.month, day.day, hour, tzinfo=zone)
            end = pendulum.DateTime(day.year, day.month, day.day, hour + hours, tzinfo=zone)
            if draw.percent(2):
                attendance = Attendance.CANCELLED
            elif draw.percent(attends):
                attendance = Attendance.ATTENDED
            else:
                attendance = Attendance.EXCUSED if draw.percent(20) else Attendance.ABSENT
            found.append(
                Session(
                    participant_id=participant_id,
                    service=service,
                    start=start,
                    end=end,
                    attendance=attendance,
                )
            )
    return tuple(found)


def _census_history(
    seed: int, index: int, as_of: pendulum.Date, weeks: int, zone: pendulum.Timezone
) -> SyntheticHistory:
    participant, severity = drawn_participant(seed, index, as_of)
    draw = Draw(seed, "census", index)
    admitted = as_of.subtract(days=draw.below(7 * weeks))
    if admitted.weekday() >= 5:  # Saturday or Sunday: the Friday before
        admitted = admitted.subtract(days=admitted.weekday() - 4)
    start = min(ADMISSION_SEVERITY[1], max(ADMISSION_SEVERITY[0], severity))
    course = draw.weighted(COURSES)
    step = CENSUS_STEP_WEEKS[draw.below(len(CENSUS_STEP_WEEKS))]
    level = census_level(start)
    changes: list[tuple[pendulum.Date, LevelOfCare]] = [(admitted, level)]
    events = []
    supported = draw.percent(SUPPORTED_PERCENT)
    found = []
    week = 0
    day = admitted
    while day <= as_of:
        now = min(4, max(0, start + course * (week // step)))
        found.append(census_assessment(draw, now, participant, day, supported=supported))
        wanted = census_level(now)
        effective = day.add(days=1)
        # The team acts on what an assessment showed from the next day; what the
        # assessment on as_of shows is left for the transition decision.
        if wanted is not level and effective <= as_of:
            events.append(
                LevelChange(
                    effective=effective,
                    recorded=min(as_of, effective.add(days=draw.below(3))),
                    from_level=level,
                    to_level=wanted,
                    reason="clinical improvement" if wanted < level else "clinical deterioration",
                    decided_by=draw.weighted(ROLES),
                )
            )
            changes.append((effective, wanted))
            level = wanted
        week += 1
        day = admitted.add(days=7 * week)
    episode = Episode(
        participant_id=participant.id,
        admitted=admitted,
        initial_level=changes[0][1],
        events=events,
    )
    sessions = census_sessions(
        draw, participant.id, admitted=admitted, as_of=as_of, changes=changes, zone=zone
    )
    return SyntheticHistory(
        participant=participant,
        episode=episode,
        assessments=tuple(found),
        sessions=sessions,
    )


def census(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    weeks: int = _CENSUS_WEEKS,
    tz: str | pendulum.Timezone = "America/New_York",
) -> Iterator[SyntheticHistory]:
    """Yield ``n`` participants in care on ``as_of``, each with their stay so far.

    A program's census on a date: admissions are spread evenly over the ``weeks``
    weeks before ``as_of`` (a weekend date moves to the Friday before), so stays of
    every length up to about ``weeks`` weeks are open on ``as_of``, as in a program
    that admits at a steady rate. Each stay has one assessment a week from admission
    (with a PHQ-9 and a GAD-7), its sessions on the level's weekly schedule, and the
    level changes the team has already made; the decision due on ``as_of`` is left to
    :func:`iopcore.transitions.evaluate_transition`. The module docstring gives the
    distributions.

    Records are drawn from streams of their own (the participants are those of
    :func:`participants`), one participant at a time: memory stays the same
    whatever ``n`` is. The arguments are checked when this is called.

    .. versionadded:: 0.1

    Args:
        n: How many (0 or more).
        seed: Any int; the same seed gives the same stays.
        as_of: The census date; nothing is dated after it.
        weeks: The longest stay, in weeks (1 to 104); the default 9 lets a few stays
            reach the reference ruleset's 60-day maximum.
        tz: The program's time zone (IANA name or pendulum Timezone).

    Raises:
        InvalidTypeError: ``n``, ``seed`` or ``weeks`` is not an int, or ``as_of`` is
            not a date.
        InvalidValueError: ``n`` negative, ``weeks`` out of range, or ``as_of``
            without room on the calendar (74 years before it and two weeks after it).
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> day = pendulum.date(2026, 3, 30)
    >>> first = next(census(100, seed=1, as_of=day))
    >>> first.episode.admitted <= day, first.participant.id
    (True, 'syn-000001')
    >>> sorted(first.assessments[0].scores)
    ['cssrs', 'gad7', 'phq9']
    """
    count, number, on = to_record_count(n), to_seed(seed), to_record_date(as_of)
    length = to_weeks(weeks)
    zone = to_timezone(tz)
    return (_census_history(number, index, on, length, zone) for index in range(count))
