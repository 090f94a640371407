"""Every stay admitted over a period, followed to discharge or a cut-off: :func:`admissions`.

Stays are drawn as in :func:`~iopcore.synthetic.census` and end after a weekly
assessment (leaving early, goals met, a transfer, or the longest stay), or are still
open on the cut-off (``censored``); follow-up PHQ-9s come after discharge. For
length-of-stay, discharge and DRR-E analyses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from iopcore._validation import to_as_of, to_timezone
from iopcore.assessments import Assessment
from iopcore.episodes import Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import InvalidValueError
from iopcore.participants import Participant
from iopcore.sessions import Session
from iopcore.synthetic._census import (
    ADMISSION_SEVERITY,
    CENSUS_STEP_WEEKS,
    SUPPORTED_PERCENT,
    census_assessment,
    census_level,
    census_sessions,
)
from iopcore.synthetic._histories import ATTENDS, COURSES
from iopcore.synthetic._inputs import ROLES, drawn_phq9
from iopcore.synthetic._participants import drawn_participant
from iopcore.synthetic._streams import Draw, to_record_count, to_record_date, to_seed

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pendulum

    from iopcore.levels import LevelOfCare


@attrs.frozen(kw_only=True)
class SyntheticAdmission:
    """One synthetic stay of :func:`admissions`, followed to discharge or the cut-off.

    Attributes:
        participant: The participant (as :func:`participants` gives them).
        episode: The stay, with its level changes and, unless censored, its discharge.
        assessments: One a week in care (C-SSRS, PHQ-9, GAD-7, the reference ratings),
            then follow-up PHQ-9s after discharge, oldest first.
        sessions: The sessions of the stay, in time order.
        censored: Still in care on the cut-off: the stay's end is not known, and its
            length so far is a lower bound.
    """

    participant: Participant
    episode: Episode
    assessments: tuple[Assessment, ...]
    sessions: tuple[Session, ...]
    censored: bool


#: Longest stay: DC Medicaid Level 2.1 lasts 30-60 days (DCMR 22-A6329.2); at the
#: 60th day the stay ends with a step down to outpatient care.
_MAX_STAY_DAYS: Final = 60
#: Weekly chance in percent of leaving care early, by engagement (the attendance
#: chances of ATTENDS, 95/85/55%): made up.
_DROPOUT_PERCENT: Final = {95: 1, 85: 3, 55: 12}
#: Share of early leavers who say so (left against advice); the rest stop coming
#: (non-participation). Made up.
_LEFT_AGAINST_ADVICE_PERCENT: Final = 40
#: Severity at or below which the stay ends, goals met or stepped down to
#: outpatient care (half each; made up), after at least two weeks (made up).
_DONE_SEVERITY: Final = 1
_FEWEST_WEEKS: Final = 2
#: Weeks at the top severity in PHP after which the participant is transferred to
#: a higher level (made up).
_TRANSFER_WEEKS: Final = 2
#: Follow-up PHQ-9s after discharge (a phone or clinic check, made up): 70% of
#: participants answer one 90-270 days after admission, which the HEDIS DRR-E
#: follow-up window of 120-240 days after the index PHQ-9 mostly catches (NCQA
#: DRR-E measure description); 40% of those answer a second one 30-89 days later.
_FOLLOW_UP_PERCENT: Final = 70
_FOLLOW_UP_DAYS: Final = (90, 270)
_SECOND_FOLLOW_UP_PERCENT: Final = 40
#: After care, the PHQ-9 follows the severity at discharge, one step worse for 25%
#: (made up).
_RELAPSE_PERCENT: Final = 25


def _admission_day(draw: Draw, first: pendulum.Date, days: int) -> pendulum.Date:
    """A weekday of the period: a weekend moves to the Monday after, else the Friday before.

    A period of only a weekend keeps the weekend day.
    """
    day = first.add(days=draw.below(days))
    if day.weekday() < 5:  # Monday to Friday
        return day
    after = day.add(days=7 - day.weekday())
    before = day.subtract(days=day.weekday() - 4)
    if after.toordinal() < first.toordinal() + days:
        return after
    return before if before >= first else day


def _end_of_stay(
    draw: Draw, severity: int, *, weeks: int, attends: int, top_weeks: int
) -> DischargeReason | None:
    """Why the stay ends after this week's assessment, or None if it goes on."""
    if draw.percent(_DROPOUT_PERCENT[attends]):
        if draw.percent(_LEFT_AGAINST_ADVICE_PERCENT):
            return DischargeReason.LEFT_AGAINST_ADVICE
        return DischargeReason.NON_PARTICIPATION
    if severity <= _DONE_SEVERITY and weeks >= _FEWEST_WEEKS:
        if draw.percent(50):
            return DischargeReason.GOALS_MET
        return DischargeReason.STEPPED_DOWN_TO_OUTPATIENT
    if top_weeks >= _TRANSFER_WEEKS:  # in PHP by then (severity 3 and up)
        return DischargeReason.TRANSFERRED_TO_HIGHER_LEVEL
    return None


def _follow_ups(
    draw: Draw, participant: Participant, admitted: pendulum.Date, severity: int, safety: int
) -> list[Assessment]:
    """PHQ-9s after discharge (see _FOLLOW_UP_PERCENT)."""
    found: list[Assessment] = []
    if not draw.percent(_FOLLOW_UP_PERCENT):
        return found
    low, high = _FOLLOW_UP_DAYS
    day = admitted.add(days=low + draw.below(high - low + 1))
    for _ in range(2):
        later = min(4, severity + 1) if draw.percent(_RELAPSE_PERCENT) else severity
        found.append(
            Assessment(
                participant_id=participant.id,
                assessed_on=day,
                conditions=participant.conditions,
                recorded_by=draw.weighted(ROLES),
                scores=[drawn_phq9(draw, later, safety)],
            )
        )
        if not draw.percent(_SECOND_FOLLOW_UP_PERCENT):
            break
        day = day.add(days=30 + draw.below(60))
    return found


def _admission(  # noqa: PLR0913 - one stay and its period
    seed: int,
    index: int,
    *,
    first: pendulum.Date,
    days: int,
    as_of: pendulum.Date,
    zone: pendulum.Timezone,
) -> SyntheticAdmission:
    # Ages as on the first day of the period, near everyone's age at admission.
    participant, severity = drawn_participant(seed, index, first)
    draw = Draw(seed, "admission", index)
    admitted = _admission_day(draw, first, days)
    start = min(ADMISSION_SEVERITY[1], max(ADMISSION_SEVERITY[0], severity))
    course = draw.weighted(COURSES)
    step = CENSUS_STEP_WEEKS[draw.below(len(CENSUS_STEP_WEEKS))]
    attends = draw.weighted(ATTENDS)
    supported = draw.percent(SUPPORTED_PERCENT)
    level = census_level(start)
    changes: list[tuple[pendulum.Date, LevelOfCare]] = [(admitted, level)]
    events: list[LevelChange | Discharge] = []
    found = []
    week, top_weeks, now = 0, 0, start
    day = admitted
    while day <= as_of:
        now = min(4, max(0, start + course * (week // step)))
        top_weeks = top_weeks + 1 if now == 4 else 0  # weeks running at the top severity
        found.append(census_assessment(draw, now, participant, day, supported=supported))
        effective = day.add(days=1)
        if effective > as_of:
            break
        ends = _end_of_stay(draw, now, weeks=week + 1, attends=attends, top_weeks=top_weeks)
        if ends is None and (day - admitted).days + 7 >= _MAX_STAY_DAYS:
            # The next assessment would come at or past the longest stay: the stay
            # ends on its last day (unless the cut-off comes first).
            ends = DischargeReason.STEPPED_DOWN_TO_OUTPATIENT
            effective = admitted.add(days=_MAX_STAY_DAYS)
            if effective > as_of:
                break
        if ends is not None:
            decided = None if ends in _UNDECIDED else draw.weighted(ROLES)
            events.append(
                Discharge(effective=effective, recorded=effective, reason=ends, decided_by=decided)
            )
            break
        wanted = census_level(now)
        if wanted is not level:
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
    censored = not (events and isinstance(events[-1], Discharge))
    last_day = as_of if censored else events[-1].effective.subtract(days=1)
    sessions = census_sessions(
        draw, participant.id, admitted=admitted, as_of=last_day, changes=changes, zone=zone
    )
    if not censored:
        found.extend(
            a for a in _follow_ups(draw, participant, admitted, now, 0) if a.assessed_on <= as_of
        )
    episode = Episode(
        participant_id=participant.id, admitted=admitted, initial_level=changes[0][1], events=events
    )
    return SyntheticAdmission(
        participant=participant,
        episode=episode,
        assessments=tuple(found),
        sessions=sessions,
        censored=censored,
    )


#: Discharges nobody decided: the participant left.
_UNDECIDED: Final = frozenset(
    {DischargeReason.LEFT_AGAINST_ADVICE, DischargeReason.NON_PARTICIPATION}
)


def _period(start: object, end: object, as_of: object) -> tuple[pendulum.Date, int, pendulum.Date]:
    first = to_record_date(start, "start")
    last = to_as_of(end, field="end")
    cut_off = to_record_date(as_of)
    if last < first:
        raise InvalidValueError("end", last, allowed=f"on or after start={first}")
    if cut_off < last:
        raise InvalidValueError("as_of", cut_off, allowed=f"on or after end={last}")
    return first, last.toordinal() - first.toordinal() + 1, cut_off


def admissions(  # noqa: PLR0913 - keyword-only options of one generator
    n: int,
    *,
    seed: int,
    start: pendulum.Date,
    end: pendulum.Date,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone = "America/New_York",
) -> Iterator[SyntheticAdmission]:
    """Yield ``n`` stays admitted between ``start`` and ``end``, followed to ``as_of``.

    The cohort that length-of-stay and outcome analyses need, where :func:`census`
    gives only the people in care on one day: admissions are spread over the period
    (weekdays only), and each stay is followed week by week until it ends or the
    cut-off ``as_of`` comes first (then it is ``censored``: still in care, its end
    unknown). Stays are drawn as in :func:`census` (admission severity, course,
    weekly assessments, the level's sessions, level changes from the next day), and
    end after a weekly assessment:

    * early, for 1%, 3% or 12% a week by engagement (40% of them left against
      advice, the rest non-participation; made up);
    * when the severity is down to mild (1 or less) after at least two weeks: goals
      met or stepped down to outpatient care, half each (made up);
    * transferred to a higher level after two weeks at the top severity in PHP
      (made up);
    * at the latest on day 60 after admission, stepped down to outpatient care (DC
      Medicaid Level 2.1 lasts 30-60 days, DCMR 22-A6329.2).

    The discharge is effective the day after that assessment (the longest stay's on
    day 60). After discharge, 70%
    answer a follow-up PHQ-9 90-270 days after admission, and 40% of those a second
    one 30-89 days later (made up), so the HEDIS DRR-E follow-up window (120-240
    days after the index PHQ-9, NCQA) finds a score for many but not all; nothing is
    dated after ``as_of``. Records come from streams of their own, one stay at a
    time, and do not depend on ``n``.

    .. versionadded:: 0.2

    Args:
        n: How many stays (0 or more); the participants are those of
            :func:`participants` with ``as_of=start``.
        seed: Any int; the same seed gives the same stays.
        start: The first day of the admission period.
        end: The last day of the admission period (on or after ``start``).
        as_of: The cut-off: the last day records are followed (on or after ``end``).
        tz: The program's time zone (IANA name or pendulum Timezone).

    Raises:
        InvalidTypeError: ``n`` or ``seed`` not an int, or a date that is not a date.
        InvalidValueError: ``n`` negative, ``end`` before ``start``, ``as_of``
            before ``end``, or ``start`` within 74 years of the start of the calendar.
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> stays = list(
    ...     admissions(
    ...         200,
    ...         seed=3,
    ...         start=pendulum.date(2025, 1, 1),
    ...         end=pendulum.date(2025, 6, 30),
    ...         as_of=pendulum.date(2025, 6, 30),
    ...     )
    ... )
    >>> sum(stay.censored for stay in stays), len(stays)
    (54, 200)
    >>> stays[0].censored, stays[0].episode.discharge.reason.value
    (False, 'non-participation')
    """
    count, number = to_record_count(n), to_seed(seed)
    first, days, on = _period(start, end, as_of)
    zone = to_timezone(tz)
    return (
        _admission(number, index, first=first, days=days, as_of=on, zone=zone)
        for index in range(count)
    )
