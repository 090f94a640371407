"""The evaluation of one participant: their tidy records as known on ``as_of``.

The arguments of an evaluation are checked once for a whole cohort (:func:`to_settings`
gives the :class:`Settings`); :func:`evaluate_records` then places each assessment,
judges each program week per level of care, decides the transition and reads the
in-stay outcomes, giving an :class:`Evaluation`: a participant record, placement
records and week records. :func:`evaluate_participant` does both for one participant.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pendulum

from iopcore._days import date_of, program_week, week_start_ordinal
from iopcore._periods import days_in_care, level_on_day, stay_periods
from iopcore._validation import ErrorCollector, to_as_of, to_member, to_timezone
from iopcore.cohort._columns import OUTCOME_INSTRUMENTS, PARTICIPANT_COLUMNS, Record
from iopcore.cohort._records import ParticipantRecords, ParticipantRecordsLike, to_records
from iopcore.exceptions import InvalidTypeError, UnknownCodeError
from iopcore.instruments import gad7, phq9
from iopcore.instruments.change import Trajectory, is_case, remission, response
from iopcore.intensity import PartialWeeks, requirement_for, weekly_compliance
from iopcore.placement import recommend_level
from iopcore.rulesets import (
    DEFAULT_HOURS_RULESET,
    DEFAULT_PLACEMENT_RULESET,
    HoursBasis,
    Ruleset,
    get_ruleset,
    ruleset_for,
)
from iopcore.transitions import evaluate_transition

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.episodes import Episode, LevelChange
    from iopcore.instruments import Score
    from iopcore.intensity import IntensityRequirement
    from iopcore.levels import LevelOfCare
    from iopcore.rulesets import RulesetRef

__all__ = ["Evaluation", "Settings", "evaluate_participant", "evaluate_records", "to_settings"]


@attrs.frozen
class Settings:
    """The arguments of one evaluation, checked once for a whole cohort."""

    on: pendulum.Date
    zone: pendulum.Timezone
    rules: Ruleset
    hours: Ruleset
    partial: PartialWeeks


def to_settings(
    as_of: object, tz: object, ruleset: object, hours_ruleset: object, partial_weeks: object
) -> Settings:
    collector = ErrorCollector("cohort evaluation")
    on = zone = partial = None
    with collector.catch():
        on = to_as_of(as_of)
    with collector.catch():
        zone = to_timezone(tz)
    with collector.catch():
        partial = to_member(PartialWeeks, partial_weeks, field="partial_weeks")
    with collector.catch():
        if hours_ruleset is not None and not isinstance(hours_ruleset, Ruleset):
            raise InvalidTypeError(
                "hours_ruleset", hours_ruleset, allowed="a Ruleset with hour bands, or None"
            )
    with collector.catch():
        if ruleset is not None and not isinstance(ruleset, Ruleset):
            raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset or None")
    collector.raise_if_any()
    assert on is not None  # noqa: S101 - checked above
    assert zone is not None  # noqa: S101 - checked above
    assert partial is not None  # noqa: S101 - checked above
    rules = ruleset_for(ruleset, as_of=on, default=DEFAULT_PLACEMENT_RULESET)
    # Both rulesets are the ones in force on as_of, so that one report never mixes
    # versions (requirement_for alone would take the latest hours ruleset).
    hours = get_ruleset(DEFAULT_HOURS_RULESET, as_of=on) if hours_ruleset is None else hours_ruleset
    assert isinstance(hours, Ruleset)  # noqa: S101 - checked above
    return Settings(on, zone, rules, hours, partial)


@attrs.frozen(kw_only=True)
class Evaluation:
    """One participant's tidy records, as :func:`evaluate_participant` gives them.

    Attributes:
        participant: The participant record (:data:`PARTICIPANT_COLUMNS`).
        placements: A placement record per assessment (:data:`PLACEMENT_COLUMNS`).
        weeks: A week record per program week and level (:data:`WEEK_COLUMNS`).

    >>> import pendulum
    >>> from iopcore import Participant
    >>> someone = Participant(id="p-1", birth_date=pendulum.date(1990, 5, 1))
    >>> result = evaluate_participant(
    ...     ParticipantRecords(participant=someone), as_of=pendulum.date(2026, 3, 2), tz="UTC"
    ... )
    >>> result.participant["population"], result.participant["level"], result.weeks
    ('adult', None, ())
    """

    participant: Record
    placements: tuple[Record, ...]
    weeks: tuple[Record, ...]


def _date(value: pendulum.Date | None) -> dt.date | None:
    """A plain :class:`datetime.date` (pandas, Spark and pickle take it as is)."""
    return None if value is None else dt.date(value.year, value.month, value.day)


def _code(level: LevelOfCare | None) -> str | None:
    return None if level is None else level.code


def _ref(ref: RulesetRef | None) -> Record:
    if ref is None:  # pragma: no cover - requirement_for always names its ruleset
        return {"ruleset_id": None, "ruleset_version": None, "ruleset_hash": None}
    return {"ruleset_id": ref.id, "ruleset_version": ref.version, "ruleset_hash": ref.hash}


def _total(assessment: Assessment, instrument: str) -> int | None:
    score = assessment.scores.get(instrument)
    return None if score is None else score.total


def _week_one(admitted: pendulum.Date) -> int:
    """The ordinal of the first day of the (ISO) program week of admission."""
    return week_start_ordinal(admitted.toordinal(), pendulum.WeekDay.MONDAY)


def _program_week(day: pendulum.Date, first: int | None) -> int | None:
    """The program week of ``day``, 1 for the week of admission (ordinals: fast)."""
    return None if first is None else program_week(day.toordinal(), first)


def _periods(
    stretches: list[tuple[LevelOfCare, int, int | None, LevelChange | None]],
) -> list[tuple[LevelOfCare, pendulum.Date, pendulum.Date | None, bool]]:
    """(level, first day, last day or None, entered by a step down) of each stretch.

    ``stretches`` are the episode's as known on ``as_of``, so every event in it took
    effect by then (an event is recorded on or after its effective date).
    """
    return [
        (
            level,
            date_of(start),
            None if stop is None else date_of(stop - 1),
            entered is not None and entered.direction == "down",
        )
        for level, start, stop, entered in stretches
    ]


def _weeks(
    records: ParticipantRecords,
    episode: Episode,
    stretches: list[tuple[LevelOfCare, int, int | None, LevelChange | None]],
    settings: Settings,
) -> tuple[Record, ...]:
    first = _week_one(episode.admitted)
    pid = records.participant.id
    rows: list[Record] = []
    for level, start, last, down in _periods(stretches):
        population = records.participant.population_on(start)
        try:
            requirement: IntensityRequirement = requirement_for(
                level, population, ruleset=settings.hours
            )
        except UnknownCodeError:
            # The hours ruleset has no band here (outpatient care in `medicare`): no
            # weeks to judge, rather than weeks judged against a made-up requirement.
            continue
        if requirement.basis is HoursBasis.TWENTY_FOUR_HOUR_CARE:
            continue  # 24-hour care (inpatient in `asam`): no weekly session band
        ref = _ref(requirement.ruleset)
        judged = weekly_compliance(
            records.sessions,
            requirement,
            tz=settings.zone,
            admitted=start,
            discharged=last,
            as_of=settings.on,
            stepping_down=down,
            partial_weeks=settings.partial,
        )
        rows.extend(
            {
                "participant_id": pid,
                "week_start": _date(week.week_start),
                "program_week": _program_week(week.week_start, first),
                "level": level.code,
                "population": population.value,
                "hours": week.hours,
                "scheduled_hours": week.scheduled_hours,
                "required_hours": week.required_hours,
                "max_hours": requirement.max_hours_per_week,
                "days_attended": week.days_attended,
                "open_fraction": week.open_fraction,
                "assessed": week.assessed,
                "met": week.met,
                **ref,
            }
            for week in judged
        )
    return tuple(rows)


def _outcome(assessments: list[Assessment], instrument: str, on: pendulum.Date) -> Record:
    scored: list[tuple[pendulum.Date, Score]] = [
        (a.assessed_on, score)
        for a in assessments
        if (score := a.scores.get(instrument)) is not None
    ]
    course = Trajectory.from_measurements(scored, as_of=on, instrument=instrument)
    baseline, latest = course.baseline, course.latest
    eligible = (
        baseline is not None
        and latest is not None
        and latest is not baseline
        and is_case(baseline.score)
    )
    found: Record = {
        "baseline": None if baseline is None else baseline.score.total,
        "latest": None if latest is None else latest.score.total,
        "eligible": eligible,
        "response": None,
        "remission": None,
        "weeks_to_remission": None,
    }
    if eligible:
        assert baseline is not None  # noqa: S101 - eligible says so
        assert latest is not None  # noqa: S101 - eligible says so
        found["response"] = response(baseline.score, latest.score)
        found["remission"] = remission(latest.score)
        found["weeks_to_remission"] = course.weeks_to_remission
    return {f"{instrument}_{key}": value for key, value in found.items()}


def evaluate_records(records: ParticipantRecords, settings: Settings) -> Evaluation:
    on, rules = settings.on, settings.rules
    pid = records.participant.id
    ruleset = _ref(rules.ref)
    # Stable sort: two assessments on one date keep their order (the later counts as
    # the latest), as evaluate_transition reads them.
    # The participant's record fills what an assessment leaves out (the conditions,
    # the population on its date), as a clinician reading the chart would.
    assessments = sorted(
        (a.filled_from(records.participant) for a in records.assessments if a.assessed_on <= on),
        key=lambda a: a.assessed_on,
    )
    episode = None if records.episode is None else records.episode.known_on(on)
    # The episode's stretches at each level, read below with the checked as_of (rather
    # than asking the episode's public methods, which would check it again).
    stretches = [] if episode is None else stay_periods(episode)
    admitted = episode is not None and episode.admitted <= on
    first = _week_one(episode.admitted) if episode is not None else None
    placements: list[Record] = []
    latest = None
    for assessment in assessments:
        latest = recommend_level(assessment, ruleset=rules, as_of=on)
        placements.append(
            {
                "participant_id": pid,
                "assessed_on": _date(assessment.assessed_on),
                "as_of": _date(on),
                "program_week": _program_week(assessment.assessed_on, first),
                "level_in_care": _code(level_on_day(stretches, assessment.assessed_on.toordinal())),
                "level": _code(latest.level),
                "determinable": latest.determinable,
                "at_least": latest.at_least.code,
                "at_most": latest.at_most.code,
                "missing": ", ".join(latest.missing),
                "phq9_total": _total(assessment, phq9.NAME),
                "gad7_total": _total(assessment, gad7.NAME),
                **ruleset,
            }
        )
    weeks: tuple[Record, ...] = ()
    if episode is not None and admitted:
        weeks = _weeks(records, episode, stretches, settings)
    row: Record = dict.fromkeys(PARTICIPANT_COLUMNS)
    row["participant_id"] = pid
    row["as_of"] = _date(on)
    row["population"] = records.participant.population_on(on).value
    row["assessments"] = len(assessments)
    if latest is not None:
        row["placement_level"] = _code(latest.level)
        row["placement_determinable"] = latest.determinable
    if episode is not None:
        changes = [c for c in episode.level_changes if c.effective <= on]
        row["admitted"] = _date(episode.admitted)
        row["initial_level"] = episode.initial_level.code
        row["level"] = _code(level_on_day(stretches, on.toordinal()))
        # Known on as_of: a discharge on record took effect by then (recorded on or
        # after its effective date).
        row["discharged"] = episode.discharge is not None
        row["length_of_stay_days"] = days_in_care(stretches, on.toordinal() + 1)
        row["step_ups"] = sum(1 for c in changes if c.direction == "up")
        row["step_downs"] = sum(1 for c in changes if c.direction == "down")
        row["weeks_assessed"] = sum(1 for week in weeks if week["assessed"])
        row["weeks_met"] = sum(1 for week in weeks if week["assessed"] and week["met"])
        if admitted and not row["discharged"] and rules.transitions:
            decision = evaluate_transition(
                episode, assessments=assessments, sessions=records.sessions, as_of=on, ruleset=rules
            )
            row["decision"] = decision.kind.value
            row["to_level"] = _code(decision.to_level)
            row["decision_rule"] = decision.rule_id
            row["next_review"] = _date(decision.next_review)
    for instrument in OUTCOME_INSTRUMENTS:
        row.update(_outcome(assessments, instrument, on))
    row.update(ruleset)
    return Evaluation(participant=row, placements=tuple(placements), weeks=weeks)


def evaluate_participant(  # noqa: PLR0913 - keyword-only options of one evaluation
    records: ParticipantRecordsLike,
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Evaluation:
    """Evaluate one participant as known on ``as_of``.

    Only what was known on ``as_of`` is used: the episode as recorded by then
    (:meth:`~iopcore.episodes.Episode.known_on`), assessments dated on or before it and
    sessions up to it. Each assessment is placed, and the transition decided, under
    the ruleset in force on ``as_of`` (as :func:`~iopcore.transitions.evaluate_transition`
    does), so that one report reads one version of the rules. Weeks are judged per
    level of care in force: each stretch at one level against
    :func:`~iopcore.intensity.requirement_for` that level and the participant's
    population at its start, with taper grace after a step down.

    A top-level function of picklable arguments: give it to an executor with
    :func:`functools.partial`.

    Args:
        records: The participant's records (a :class:`ParticipantRecords`, or any
            object with its four attributes, such as a synthetic history).
        as_of: The date (or aware datetime) to evaluate on.
        tz: The program's time zone (IANA name or pendulum Timezone) for program
            weeks.
        ruleset: Placement and transition rules; the ``reference`` ruleset in force
            on ``as_of`` when ``None``.
        hours_ruleset: The weekly hours ruleset; the ``asam`` ruleset in force on
            ``as_of`` when ``None``.
        partial_weeks: How weeks cut by admission, a level change, discharge or
            ``as_of`` are judged (:class:`~iopcore.intensity.PartialWeeks`).

    Returns:
        The participant's :class:`Evaluation`.

    Raises:
        InvalidTypeError: an argument or a record of the wrong type.
        InvalidValueError: records of another participant, or a ruleset not in force
            on ``as_of``.
        UnknownCodeError: an unknown time zone or ``partial_weeks``.
        NaiveDateTimeError: ``as_of`` is a naive datetime.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> (history,) = synthetic.histories(1, seed=7, as_of=day, weeks=4)
    >>> result = evaluate_participant(history, as_of=day, tz="America/New_York")
    >>> len(result.placements), len(result.weeks), result.participant["weeks_met"]
    (4, 5, 2)
    """
    settings = to_settings(as_of, tz, ruleset, hours_ruleset, partial_weeks)
    return evaluate_records(to_records(records, "records"), settings)
