"""Cohorts: placements, weekly compliance, transitions and outcomes for many participants.

An analyst has many participants, each with an episode, assessments and sessions.
This module runs iopcore's own evaluators over them, one participant at a time, and
gives **tidy records**: flat ``dict`` values with stable column names and plain types
(``str``, ``int``, ``float``, ``bool``, ``None`` and :class:`datetime.date`), one
table per kind of thing observed, that ``pandas.DataFrame(records)`` takes as is.

* :func:`evaluate_participant` evaluates one participant's
  :class:`ParticipantRecords` as known on ``as_of`` and returns an
  :class:`Evaluation`: one row of :data:`PARTICIPANT_COLUMNS`, a row of
  :data:`PLACEMENT_COLUMNS` for each assessment, and a row of :data:`WEEK_COLUMNS`
  for each program week in care.
* :func:`evaluate_cohort` does that for every item of an iterable, lazily: it reads
  one participant, yields their evaluation, and keeps nothing else, so a generator
  of a million participants runs in the memory of one.
  :func:`participant_records`, :func:`placement_records` and :func:`week_records`
  stream one table each.
* :func:`summarize` reduces participant records to a :class:`CohortSummary`: level
  mix, weekly compliance rate, step-up, step-down and discharge rates, median length
  of stay, PHQ-9 and GAD-7 in-stay response and remission rates and median weeks
  to remission (in-stay figures, not the HEDIS DRR-E measure, which
  :func:`iopcore.outcomes.drr_e` computes). A summary holds counts only, so
  summaries of partitions add up (``+``, :func:`merge`) to the summary of the whole, exactly.

Every function that a worker runs is a top-level function and every value pickles,
so the same calls run in a :class:`concurrent.futures.ProcessPoolExecutor`, a Dask
bag or a Spark RDD (see the documentation page "Cohorts").

No rule is written a second time here: placement is :func:`~iopcore.placement.recommend_level`,
weekly compliance :func:`~iopcore.intensity.weekly_compliance` against
:func:`~iopcore.intensity.requirement_for`, the decision
:func:`~iopcore.transitions.evaluate_transition`, and response and remission the
rules of :mod:`iopcore.instruments.change`.

References:
    * Response (a drop of at least 50% from baseline) and remission (PHQ-9 below 5)
      at the latest follow-up, among those whose baseline was elevated (PHQ-9 above
      9): NCQA HEDIS "Depression Remission or Response for Adolescents and Adults"
      (DRR-E), ncqa.org, as in :mod:`iopcore.instruments.change`. These are *in-stay*
      figures, not the HEDIS measure: that is :func:`iopcore.outcomes.drr_e`.
    * Elevated baseline ("caseness"): PHQ-9 >= 10, GAD-7 >= 8, NHS Talking Therapies
      manual (:data:`iopcore.instruments.change.CASENESS`); GAD-7 remission below 5
      (:data:`iopcore.instruments.change.REMISSION_BELOW`).
    * Wickham H. Tidy data. *J Stat Softw* 2014;59(10) (one row per observation,
      one table per kind of observational unit).

>>> import pendulum
>>> from iopcore import synthetic
>>> day = pendulum.date(2026, 3, 30)
>>> cohort = synthetic.histories(3, seed=7, as_of=day, weeks=6)
>>> rows = list(participant_records(cohort, as_of=day, tz="America/New_York"))
>>> [(row["participant_id"], row["level"], row["decision"]) for row in rows]
... # doctest: +NORMALIZE_WHITESPACE
[('syn-000001', 'PHP', 'stay'), ('syn-000002', 'IOP', 'step down'),
 ('syn-000003', 'OP', 'discharge')]
>>> summary = summarize(rows)
>>> summary.participants, summary.levels, summary.discharges
(3, (('OP', 1), ('IOP', 1), ('PHP', 1)), 1)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

import attrs
import pendulum

from iopcore._render import Shown, Table, View
from iopcore._validation import ErrorCollector, to_as_of, to_int, to_member, to_timezone
from iopcore.assessments import Assessment
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError, short_repr
from iopcore.instruments import gad7, phq9
from iopcore.instruments.change import Trajectory, is_case, remission, response
from iopcore.intensity import PartialWeeks, requirement_for, weekly_compliance
from iopcore.levels import LevelOfCare
from iopcore.participants import Participant
from iopcore.placement import recommend_level
from iopcore.rulesets import DEFAULT_HOURS_RULESET, HoursBasis, Ruleset, get_ruleset
from iopcore.sessions import Session
from iopcore.transitions import TransitionKind, evaluate_transition

if TYPE_CHECKING:
    from iopcore.instruments import Score
    from iopcore.intensity import IntensityRequirement
    from iopcore.rulesets import RulesetRef

__all__ = [
    "NOT_DETERMINABLE",
    "OUTCOME_INSTRUMENTS",
    "PARTICIPANT_COLUMNS",
    "PLACEMENT_COLUMNS",
    "WEEK_COLUMNS",
    "CohortSummary",
    "Evaluation",
    "OutcomeSummary",
    "ParticipantRecords",
    "ParticipantRecordsLike",
    "Record",
    "RecordValue",
    "evaluate_cohort",
    "evaluate_participant",
    "merge",
    "participant_records",
    "placement_records",
    "summarize",
    "week_records",
]

K = TypeVar("K", str, int)

#: The type of every value in a record.
RecordValue = str | int | float | bool | dt.date | None
#: One tidy record (a row).
Record = dict[str, RecordValue]

#: The instruments whose response and remission are counted (those with both rules in
#: :mod:`iopcore.instruments.change`).
OUTCOME_INSTRUMENTS: Final = (phq9.NAME, gad7.NAME)

#: The key of :attr:`CohortSummary.recommended` for placements that were not
#: determinable.
NOT_DETERMINABLE: Final = "not determinable"

#: Columns of a participant record, in order (one row per participant, as of
#: ``as_of``):
#:
#: * ``participant_id`` (str), ``as_of`` (date), ``population`` (``"adult"`` or
#:   ``"adolescent"`` on ``as_of``).
#: * ``admitted`` (date), ``initial_level`` and ``level`` (level codes such as
#:   ``"IOP"``; ``level`` is the level in force on ``as_of``, ``None`` before
#:   admission and after discharge), ``discharged`` (bool), ``length_of_stay_days``
#:   (int, :meth:`~iopcore.episodes.Episode.length_of_stay`), ``step_ups`` and
#:   ``step_downs`` (recorded level changes): all ``None`` without an episode. Only
#:   what was recorded on or before ``as_of`` counts.
#: * ``assessments`` (int, dated on or before ``as_of``), ``placement_level`` (the
#:   level recommended on the latest of them; ``None`` when not determinable or with
#:   no assessment), ``placement_determinable`` (bool; ``None`` with no assessment).
#: * ``weeks_assessed`` and ``weeks_met`` (int: program weeks judged, and met;
#:   ``None`` without an episode).
#: * ``decision`` (``"stay"``, ``"step up"``, ``"step down"``, ``"discharge"``),
#:   ``to_level``, ``decision_rule`` and ``next_review`` (date): the transition
#:   decision on ``as_of``, ``None`` without an episode in care on ``as_of`` or when
#:   the ruleset has no transition parameters.
#: * For each of :data:`OUTCOME_INSTRUMENTS` (``phq9_...``, ``gad7_...``):
#:   ``baseline`` and ``latest`` (int totals: first and last complete score, or
#:   ``None``), ``eligible`` (bool: a baseline at caseness and a later complete
#:   score), ``response``, ``remission`` (bool, ``None`` when not eligible) and
#:   ``weeks_to_remission`` (float; ``None`` when not eligible or not reached).
#: * ``ruleset_id``, ``ruleset_version``, ``ruleset_hash``: the placement and
#:   transition ruleset.
PARTICIPANT_COLUMNS: Final = (
    "participant_id",
    "as_of",
    "population",
    "admitted",
    "initial_level",
    "level",
    "discharged",
    "length_of_stay_days",
    "step_ups",
    "step_downs",
    "assessments",
    "placement_level",
    "placement_determinable",
    "weeks_assessed",
    "weeks_met",
    "decision",
    "to_level",
    "decision_rule",
    "next_review",
    *(
        f"{name}_{column}"
        for name in OUTCOME_INSTRUMENTS
        for column in (
            "baseline",
            "latest",
            "eligible",
            "response",
            "remission",
            "weeks_to_remission",
        )
    ),
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)

#: Columns of a placement record (one row per assessment dated on or before
#: ``as_of``, oldest first): ``participant_id``, ``assessed_on`` and ``as_of``
#: (dates), ``program_week`` (int, 1 for the week of admission; ``None`` without an
#: episode or before admission), ``level_in_care`` (the level in force on the
#: assessment's date, or ``None``), ``level`` (recommended; ``None`` when not
#: determinable), ``determinable`` (bool), ``at_least`` and ``at_most`` (level
#: codes), ``missing`` (the missing inputs that leave the level open, joined by
#: ``", "``; ``""`` when none), ``phq9_total`` and ``gad7_total`` (int or ``None``),
#: ``ruleset_id``, ``ruleset_version``, ``ruleset_hash``.
PLACEMENT_COLUMNS: Final = (
    "participant_id",
    "assessed_on",
    "as_of",
    "program_week",
    "level_in_care",
    "level",
    "determinable",
    "at_least",
    "at_most",
    "missing",
    "phq9_total",
    "gad7_total",
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)

#: Columns of a week record (one row per program week in care up to ``as_of``, per
#: level: a week with a level change gives a row for each level):
#: ``participant_id``, ``week_start`` (date), ``program_week`` (int, 1 for the week
#: of admission), ``level`` and ``population`` (what the week was judged for),
#: ``hours``, ``scheduled_hours``, ``required_hours`` (float), ``max_hours``
#: (float, ``None`` with no ceiling), ``days_attended`` (int), ``open_fraction``
#: (float), ``assessed`` and ``met`` (bool, as
#: :class:`~iopcore.intensity.WeekCompliance` has them), ``ruleset_id``,
#: ``ruleset_version``, ``ruleset_hash`` (the hours ruleset).
WEEK_COLUMNS: Final = (
    "participant_id",
    "week_start",
    "program_week",
    "level",
    "population",
    "hours",
    "scheduled_hours",
    "required_hours",
    "max_hours",
    "days_attended",
    "open_fraction",
    "assessed",
    "met",
    "ruleset_id",
    "ruleset_version",
    "ruleset_hash",
)


# ---------------------------------------------------------------- input


def _participant(value: object) -> Participant:
    if not isinstance(value, Participant):
        raise InvalidTypeError("participant", value, allowed="a Participant")
    return value


def _episode(value: object) -> Episode | None:
    if value is not None and not isinstance(value, Episode):
        raise InvalidTypeError("episode", value, allowed="an Episode or None")
    return value


def _items(values: object, field: str, kind: type, allowed: str) -> tuple[object, ...]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed)
    found = tuple(values)
    collector = ErrorCollector(field)
    for index, value in enumerate(found):
        if not isinstance(value, kind):
            collector.errors.append(
                InvalidTypeError(f"$.{field}[{index}]", value, allowed=kind.__name__)
            )
    collector.raise_if_any()
    return found


def _assessments(values: object) -> tuple[Assessment, ...]:
    return _items(values, "assessments", Assessment, "an iterable of Assessment values")  # type: ignore[return-value]


def _sessions(values: object) -> tuple[Session, ...]:
    return _items(values, "sessions", Session, "an iterable of Session values")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class ParticipantRecords:
    """One participant's records: what :func:`evaluate_participant` reads.

    The fields are those of :class:`iopcore.synthetic.SyntheticHistory`, so a
    synthetic history (or any object with these four attributes) can be given
    wherever a ``ParticipantRecords`` is expected.

    Attributes:
        participant: The participant.
        episode: Their episode of care, or ``None`` (then no weeks, no length of
            stay and no transition decision).
        assessments: Their assessments, in any order.
        sessions: Their sessions, in any order.

    Raises:
        InvalidTypeError: a field of the wrong type (each bad item with its index).
        InvalidValueError: an episode, assessment or session of another participant
            (``$.sessions[3].participant_id``).

    >>> import pendulum
    >>> from iopcore import Participant
    >>> someone = Participant(id="p-1", birth_date=pendulum.date(1990, 5, 1))
    >>> ParticipantRecords(participant=someone).sessions
    ()
    """

    participant: Participant = attrs.field(converter=_participant)
    episode: Episode | None = attrs.field(default=None, converter=_episode)
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=_assessments)
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=_sessions)

    def __attrs_post_init__(self) -> None:
        owner = self.participant.id
        collector = ErrorCollector("participant records")
        allowed = f"the participant's own id {owner!r}"
        if self.episode is not None and self.episode.participant_id != owner:
            collector.errors.append(
                InvalidValueError(
                    "episode.participant_id",
                    self.episode.participant_id,
                    allowed=allowed,
                    reason="is another participant",
                )
            )
        groups: tuple[tuple[str, Sequence[Assessment | Session]], ...] = (
            ("assessments", self.assessments),
            ("sessions", self.sessions),
        )
        for field, items in groups:
            for index, item in enumerate(items):
                if item.participant_id != owner:
                    collector.errors.append(
                        InvalidValueError(
                            f"$.{field}[{index}].participant_id",
                            item.participant_id,
                            allowed=allowed,
                            reason="is another participant",
                        )
                    )
        collector.raise_if_any()


class ParticipantRecordsLike(Protocol):
    """What the evaluators read from each participant's records.

    :class:`ParticipantRecords`, :class:`iopcore.synthetic.SyntheticHistory`, or any
    object with these attributes (``episode`` may be absent at run time: read as
    ``None``).
    """

    @property
    def participant(self) -> Participant:
        """The participant."""

    @property
    def episode(self) -> Episode | None:
        """Their episode of care, or ``None``."""

    @property
    def assessments(self) -> Iterable[Assessment]:
        """Their assessments."""

    @property
    def sessions(self) -> Iterable[Session]:
        """Their sessions."""


_RECORDS_ALLOWED: Final = (
    "a ParticipantRecords, or an object with participant, episode, assessments and "
    "sessions attributes (such as iopcore.synthetic.SyntheticHistory)"
)


def _records(value: object, field: str) -> ParticipantRecords:
    if isinstance(value, ParticipantRecords):
        return value
    try:
        participant = value.participant  # type: ignore[attr-defined]
        assessments = value.assessments  # type: ignore[attr-defined]
        sessions = value.sessions  # type: ignore[attr-defined]
    except AttributeError:
        raise InvalidTypeError(field, value, allowed=_RECORDS_ALLOWED) from None
    episode = getattr(value, "episode", None)
    return ParticipantRecords(
        participant=participant, episode=episode, assessments=assessments, sessions=sessions
    )


# ---------------------------------------------------------------- settings


@attrs.frozen
class _Settings:
    """The arguments of one evaluation, checked once for a whole cohort."""

    on: pendulum.Date
    zone: pendulum.Timezone
    rules: Ruleset
    hours: Ruleset
    partial: PartialWeeks


def _settings(
    as_of: object, tz: object, ruleset: object, hours_ruleset: object, partial_weeks: object
) -> _Settings:
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
    if ruleset is None:
        rules = get_ruleset("reference", as_of=on)
    else:
        assert isinstance(ruleset, Ruleset)  # noqa: S101 - checked above
        if not ruleset.in_force_on(on):
            raise InvalidValueError(
                "as_of",
                on,
                allowed=f"a date when ruleset {ruleset.id} {ruleset.version} is in force",
                reason="is outside the ruleset's effective dates",
            )
        rules = ruleset
    # Both rulesets are the ones in force on as_of, so that one report never mixes
    # versions (requirement_for alone would take the latest hours ruleset).
    hours = get_ruleset(DEFAULT_HOURS_RULESET, as_of=on) if hours_ruleset is None else hours_ruleset
    assert isinstance(hours, Ruleset)  # noqa: S101 - checked above
    return _Settings(on, zone, rules, hours, partial)


# ---------------------------------------------------------------- evaluation


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
    return admitted.toordinal() - admitted.weekday()


def _program_week(day: pendulum.Date, first: int | None) -> int | None:
    """The program week of ``day``, 1 for the week of admission (ordinals: fast)."""
    if first is None:
        return None
    days = day.toordinal() - first
    return None if days < 0 else days // 7 + 1


def _periods(
    episode: Episode,
) -> list[tuple[LevelOfCare, pendulum.Date, pendulum.Date | None, bool]]:
    """(level, first day, last day or None, entered by a step down) of each stretch.

    ``episode`` is as known on ``as_of``, so every event in it took effect by then
    (an event is recorded on or after its effective date).
    """
    periods: list[tuple[LevelOfCare, pendulum.Date, pendulum.Date | None, bool]] = []
    start, level, down = episode.admitted, episode.initial_level, False
    for change in episode.level_changes:
        periods.append((level, start, change.effective.subtract(days=1), down))
        start, level, down = change.effective, change.to_level, change.direction == "down"
    discharge = episode.discharge
    periods.append(
        (level, start, None if discharge is None else discharge.effective.subtract(days=1), down)
    )
    return periods


def _weeks(
    records: ParticipantRecords, episode: Episode, settings: _Settings
) -> tuple[Record, ...]:
    first = _week_one(episode.admitted)
    pid = records.participant.id
    rows: list[Record] = []
    for level, start, last, down in _periods(episode):
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


def _evaluate(records: ParticipantRecords, settings: _Settings) -> Evaluation:
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
                "level_in_care": _code(
                    None if episode is None else episode.level_on(assessment.assessed_on)
                ),
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
        weeks = _weeks(records, episode, settings)
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
        row["level"] = _code(episode.level_on(on))
        row["discharged"] = episode.is_discharged(on)
        row["length_of_stay_days"] = episode.length_of_stay(on)
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
    settings = _settings(as_of, tz, ruleset, hours_ruleset, partial_weeks)
    return _evaluate(_records(records, "records"), settings)


def evaluate_cohort(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Evaluation]:
    """Evaluate every participant of ``cohort``, lazily, in order.

    The arguments are checked at the call; each participant is read, evaluated (as
    :func:`evaluate_participant` does) and yielded before the next is read, and
    nothing is kept, so ``cohort`` may be a generator larger than memory.

    Raises:
        InvalidTypeError: ``cohort`` is not an iterable; while iterating, an item
            that is not a participant's records (named ``$.cohort[i]``).

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> results = evaluate_cohort(
    ...     synthetic.histories(2, seed=7, as_of=day, weeks=4), as_of=day, tz="America/New_York"
    ... )
    >>> [len(result.weeks) for result in results]
    [5, 5]
    """
    settings = _settings(as_of, tz, ruleset, hours_ruleset, partial_weeks)
    if isinstance(cohort, str | bytes | Mapping) or not isinstance(cohort, Iterable):
        raise InvalidTypeError(
            "cohort", cohort, allowed="an iterable of ParticipantRecords (or synthetic histories)"
        )
    return _stream(cohort, settings)


def _stream(cohort: Iterable[object], settings: _Settings) -> Iterator[Evaluation]:
    for index, item in enumerate(cohort):
        yield _evaluate(_records(item, f"$.cohort[{index}]"), settings)


def participant_records(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Record]:
    """Stream one participant record (:data:`PARTICIPANT_COLUMNS`) per participant.

    The arguments are those of :func:`evaluate_cohort`.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> sixteenth = synthetic.histories(16, seed=7, as_of=day)[15:]
    >>> (row,) = participant_records(sixteenth, as_of=day, tz="America/New_York")
    >>> row["phq9_baseline"], row["phq9_latest"], row["phq9_response"], row["phq9_remission"]
    (12, 2, True, True)
    >>> row["phq9_weeks_to_remission"], row["gad7_eligible"], row["gad7_response"]
    (6.0, False, None)
    """
    evaluations = evaluate_cohort(
        cohort,
        as_of=as_of,
        tz=tz,
        ruleset=ruleset,
        hours_ruleset=hours_ruleset,
        partial_weeks=partial_weeks,
    )
    return (evaluation.participant for evaluation in evaluations)


def placement_records(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Record]:
    """Stream one placement record (:data:`PLACEMENT_COLUMNS`) per assessment.

    The arguments are those of :func:`evaluate_cohort`.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> rows = placement_records(
    ...     synthetic.histories(1, seed=7, as_of=day, weeks=3), as_of=day, tz="America/New_York"
    ... )
    >>> [(row["program_week"], row["level"], row["phq9_total"]) for row in rows]
    [(1, 'IOP', 6), (2, 'OP', 12), (3, 'PHP', 7)]
    """
    evaluations = evaluate_cohort(
        cohort,
        as_of=as_of,
        tz=tz,
        ruleset=ruleset,
        hours_ruleset=hours_ruleset,
        partial_weeks=partial_weeks,
    )
    return (row for evaluation in evaluations for row in evaluation.placements)


def week_records(  # noqa: PLR0913 - keyword-only options of one evaluation
    cohort: Iterable[ParticipantRecordsLike],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone,
    ruleset: Ruleset | None = None,
    hours_ruleset: Ruleset | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> Iterator[Record]:
    """Stream one week record (:data:`WEEK_COLUMNS`) per program week and level.

    The arguments are those of :func:`evaluate_cohort`.

    >>> import pendulum
    >>> from iopcore import synthetic
    >>> day = pendulum.date(2026, 3, 30)
    >>> rows = week_records(
    ...     synthetic.histories(1, seed=7, as_of=day, weeks=3), as_of=day, tz="America/New_York"
    ... )
    >>> [(row["program_week"], row["hours"], row["met"]) for row in rows]
    [(1, 3.0, True), (2, 6.0, False), (3, 9.0, True), (4, 0.0, False)]
    """
    evaluations = evaluate_cohort(
        cohort,
        as_of=as_of,
        tz=tz,
        ruleset=ruleset,
        hours_ruleset=hours_ruleset,
        partial_weeks=partial_weeks,
    )
    return (row for evaluation in evaluations for row in evaluation.weeks)


# ---------------------------------------------------------------- summaries

_LEVEL_CODES: Final = tuple(level.code for level in LevelOfCare)
_RECOMMENDED_KEYS: Final = (*_LEVEL_CODES, NOT_DETERMINABLE)


def _count(value: object, field: str) -> int:
    return to_int(value, field=field, minimum=0)


def _pairs(values: object, field: str, key: Callable[[object, str], K]) -> list[tuple[K, int]]:
    """``(key, count)`` pairs from a mapping or pairs; keys checked, repeats added up."""
    allowed = "a mapping of keys to counts, or (key, count) pairs"
    if isinstance(values, Mapping):
        items = list(values.items())
    elif isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, allowed=allowed)
    else:
        items = []
        for index, pair in enumerate(values):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidTypeError(f"$.{field}[{index}]", pair, allowed="a (key, count) pair")
            items.append((pair[0], pair[1]))
    found: dict[K, int] = {}
    for raw, count in items:
        checked = key(raw, f"$.{field}")
        found[checked] = found.get(checked, 0) + _count(count, f"$.{field}[{short_repr(checked)}]")
    return [(checked, count) for checked, count in found.items() if count]


def _level_key(value: object, field: str, keys: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in keys:
        raise UnknownCodeError(field, value, allowed=", ".join(keys))
    return value


def _level_code(value: object, field: str) -> str:
    return _level_key(value, field, _LEVEL_CODES)


def _recommended_key(value: object, field: str) -> str:
    return _level_key(value, field, _RECOMMENDED_KEYS)


def _in_order(pairs: list[tuple[str, int]], keys: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(pairs, key=lambda pair: keys.index(pair[0])))


def _histogram(values: object, field: str) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(_pairs(values, field, _count)))


def _levels(values: object) -> tuple[tuple[str, int], ...]:
    return _in_order(_pairs(values, "levels", _level_code), _LEVEL_CODES)


def _recommended(values: object) -> tuple[tuple[str, int], ...]:
    return _in_order(_pairs(values, "recommended", _recommended_key), _RECOMMENDED_KEYS)


def _length_of_stay(values: object) -> tuple[tuple[int, int], ...]:
    return _histogram(values, "length_of_stay")


def _days_to_remission(values: object) -> tuple[tuple[int, int], ...]:
    return _histogram(values, "days_to_remission")


def _median(histogram: tuple[tuple[int, int], ...]) -> float | None:
    """The median of the values a (value, count) histogram holds; ``None`` if empty."""
    total = sum(count for _, count in histogram)
    if not total:
        return None
    # The values at positions (total - 1) // 2 and total // 2 (0-based, sorted).
    wanted = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value, count in histogram:
        found.extend(value for position in wanted if seen <= position < seen + count)
        seen += count
    return (found[0] + found[1]) / 2


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _instrument_name(value: object) -> str:
    if not isinstance(value, str) or value not in OUTCOME_INSTRUMENTS:
        raise UnknownCodeError("instrument", value, allowed=", ".join(OUTCOME_INSTRUMENTS))
    return value


def _is_count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    _count(value, attribute.name)


@attrs.frozen(kw_only=True)
class OutcomeSummary:
    """In-stay response and remission on one instrument across a cohort: counts that add up.

    In-stay means from the baseline to the latest score in care; this is not the
    HEDIS DRR-E measure (120 to 240 days after an index score), for which see
    :func:`iopcore.outcomes.drr_e`.

    Attributes:
        instrument: ``"phq9"`` or ``"gad7"``.
        eligible: Participants with a baseline at caseness and a later complete score.
        responses: Of those, how many responded at the latest score
            (:func:`~iopcore.instruments.change.response`: a drop of at least 50%).
        remissions: Of those, how many were in remission at the latest score
            (:func:`~iopcore.instruments.change.remission`: below 5).
        days_to_remission: How many eligible participants first reached remission
            after so many days from baseline, as ``(days, participants)`` pairs.

    Raises:
        UnknownCodeError: an instrument other than those of :data:`OUTCOME_INSTRUMENTS`.
        InvalidTypeError: a count that is not an int (or a malformed histogram).
        InvalidValueError: a negative count, or more responses or remissions than
            eligible participants.

    >>> outcome = OutcomeSummary(
    ...     instrument="phq9", eligible=4, responses=2, remissions=1, days_to_remission={28: 1}
    ... )
    >>> outcome.response_rate, outcome.remission_rate, outcome.median_weeks_to_remission
    (0.5, 0.25, 4.0)
    >>> OutcomeSummary(instrument="gad7").response_rate is None
    True
    """

    instrument: str = attrs.field(converter=_instrument_name)
    eligible: int = attrs.field(default=0, validator=_is_count)
    responses: int = attrs.field(default=0, validator=_is_count)
    remissions: int = attrs.field(default=0, validator=_is_count)
    days_to_remission: tuple[tuple[int, int], ...] = attrs.field(
        default=(), converter=_days_to_remission
    )

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("outcome summary")
        reached = sum(count for _, count in self.days_to_remission)
        for field, value in (
            ("responses", self.responses),
            ("remissions", self.remissions),
            ("days_to_remission", reached),
        ):
            if value > self.eligible:
                collector.errors.append(
                    InvalidValueError(
                        field,
                        value,
                        allowed=f"at most eligible={self.eligible}",
                        reason="counts more participants than are eligible",
                    )
                )
        collector.raise_if_any()

    @property
    def response_rate(self) -> float | None:
        """Responses over eligible participants; ``None`` when none is eligible."""
        return _rate(self.responses, self.eligible)

    @property
    def remission_rate(self) -> float | None:
        """Remissions over eligible participants; ``None`` when none is eligible."""
        return _rate(self.remissions, self.eligible)

    @property
    def median_weeks_to_remission(self) -> float | None:
        """Median weeks from baseline to first remission among those who reached it."""
        days = _median(self.days_to_remission)
        return None if days is None else days / 7

    def __add__(self, other: object) -> OutcomeSummary:
        if not isinstance(other, OutcomeSummary) or other.instrument != self.instrument:
            return NotImplemented
        histogram = _added(self.days_to_remission, other.days_to_remission)
        return OutcomeSummary(
            instrument=self.instrument,
            eligible=self.eligible + other.eligible,
            responses=self.responses + other.responses,
            remissions=self.remissions + other.remissions,
            days_to_remission=histogram,
        )


def _outcome_summary(value: object, instrument: str) -> OutcomeSummary:
    if value is None:
        return OutcomeSummary(instrument=instrument)
    if not isinstance(value, OutcomeSummary) or value.instrument != instrument:
        raise InvalidTypeError(
            instrument, value, allowed=f"an OutcomeSummary of {instrument}, or None"
        )
    return value


def _phq9_outcomes(value: object) -> OutcomeSummary:
    return _outcome_summary(value, phq9.NAME)


def _gad7_outcomes(value: object) -> OutcomeSummary:
    return _outcome_summary(value, gad7.NAME)


@attrs.frozen(kw_only=True)
class CohortSummary(Shown):
    """What a cohort looks like on ``as_of``: counts that add up across partitions.

    Build one with :func:`summarize`; add two with ``+`` (or :func:`merge` many):
    the summary of two partitions is the summary of their union, exactly, since every
    field is a count (medians are kept as histograms of whole days). ``CohortSummary()``
    is the empty summary, so ``sum(parts, CohortSummary())`` works too.

    Rates are properties, and ``None`` (not 0) when nobody is eligible for them.

    Attributes:
        participants: Participant records summarized.
        levels: Participants in care on ``as_of`` by level code.
        recommended: Participants by the level recommended on their latest assessment
            (:data:`NOT_DETERMINABLE` when not determinable); those without an
            assessment are left out.
        weeks_assessed: Program weeks judged for intensity.
        weeks_met: Of those, weeks that met their requirement.
        decisions: Participants with a transition decision on ``as_of``.
        step_ups: Decisions to step up.
        step_downs: Decisions to step down.
        discharges: Decisions to discharge.
        length_of_stay: Participants with an episode by length of stay in days, as
            ``(days, participants)`` pairs.
        phq9: PHQ-9 response and remission.
        gad7: GAD-7 response and remission.

    Raises:
        InvalidTypeError: a field of the wrong type.
        InvalidValueError: a negative count, or more of a part than its whole.
        UnknownCodeError: an unknown level code.

    >>> summary = CohortSummary(
    ...     participants=2,
    ...     levels={"IOP": 2},
    ...     weeks_assessed=4,
    ...     weeks_met=3,
    ...     decisions=2,
    ...     step_downs=1,
    ...     length_of_stay={30: 1, 40: 1},
    ... )
    >>> summary.compliance_rate, summary.step_down_rate, summary.median_length_of_stay_days
    (0.75, 0.5, 35.0)
    >>> (summary + summary).participants, summary.step_up_rate, summary.phq9.response_rate
    (4, 0.0, None)
    """

    participants: int = attrs.field(default=0, validator=_is_count)
    levels: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_levels)
    recommended: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_recommended)
    weeks_assessed: int = attrs.field(default=0, validator=_is_count)
    weeks_met: int = attrs.field(default=0, validator=_is_count)
    decisions: int = attrs.field(default=0, validator=_is_count)
    step_ups: int = attrs.field(default=0, validator=_is_count)
    step_downs: int = attrs.field(default=0, validator=_is_count)
    discharges: int = attrs.field(default=0, validator=_is_count)
    length_of_stay: tuple[tuple[int, int], ...] = attrs.field(default=(), converter=_length_of_stay)
    phq9: OutcomeSummary = attrs.field(default=None, converter=_phq9_outcomes)
    gad7: OutcomeSummary = attrs.field(default=None, converter=_gad7_outcomes)

    def __attrs_post_init__(self) -> None:
        collector = ErrorCollector("cohort summary")
        checks = (
            ("weeks_met", self.weeks_met, "weeks_assessed", self.weeks_assessed),
            (
                "step_ups + step_downs + discharges",
                self.step_ups + self.step_downs + self.discharges,
                "decisions",
                self.decisions,
            ),
            ("decisions", self.decisions, "participants", self.participants),
            ("levels", sum(count for _, count in self.levels), "participants", self.participants),
            (
                "recommended",
                sum(count for _, count in self.recommended),
                "participants",
                self.participants,
            ),
            (
                "length_of_stay",
                sum(count for _, count in self.length_of_stay),
                "participants",
                self.participants,
            ),
            ("phq9.eligible", self.phq9.eligible, "participants", self.participants),
            ("gad7.eligible", self.gad7.eligible, "participants", self.participants),
        )
        for field, part, whole_name, whole in checks:
            if part > whole:
                collector.errors.append(
                    InvalidValueError(
                        field,
                        part,
                        allowed=f"at most {whole_name}={whole}",
                        reason="counts more than its whole",
                    )
                )
        collector.raise_if_any()

    @property
    def level_distribution(self) -> dict[str, float]:
        """Share of participants in care at each level (of those in care)."""
        return _shares(self.levels)

    @property
    def recommended_distribution(self) -> dict[str, float]:
        """Share of each recommended level (of participants with an assessment)."""
        return _shares(self.recommended)

    @property
    def compliance_rate(self) -> float | None:
        """Weeks that met their requirement over weeks judged."""
        return _rate(self.weeks_met, self.weeks_assessed)

    @property
    def step_up_rate(self) -> float | None:
        """Step-up decisions over decisions."""
        return _rate(self.step_ups, self.decisions)

    @property
    def step_down_rate(self) -> float | None:
        """Step-down decisions over decisions."""
        return _rate(self.step_downs, self.decisions)

    @property
    def discharge_rate(self) -> float | None:
        """Discharge decisions over decisions."""
        return _rate(self.discharges, self.decisions)

    @property
    def median_length_of_stay_days(self) -> float | None:
        """Median days in care on or before ``as_of``, of participants with an episode."""
        return _median(self.length_of_stay)

    def __add__(self, other: object) -> CohortSummary:
        if not isinstance(other, CohortSummary):
            return NotImplemented
        return CohortSummary(
            participants=self.participants + other.participants,
            levels=_added(self.levels, other.levels),
            recommended=_added(self.recommended, other.recommended),
            weeks_assessed=self.weeks_assessed + other.weeks_assessed,
            weeks_met=self.weeks_met + other.weeks_met,
            decisions=self.decisions + other.decisions,
            step_ups=self.step_ups + other.step_ups,
            step_downs=self.step_downs + other.step_downs,
            discharges=self.discharges + other.discharges,
            length_of_stay=_added(self.length_of_stay, other.length_of_stay),
            phq9=self.phq9 + other.phq9,
            gad7=self.gad7 + other.gad7,
        )

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """The summary as ``(measure, value, basis)`` text rows (what the views show).

        >>> rows = CohortSummary(participants=4, weeks_assessed=8, weeks_met=6).rows()
        >>> rows[0], rows[1]
        (('participants', '4', ''), ('weekly compliance', '6 (75.0%)', 'of 8 weeks'))
        """
        found = [("participants", str(self.participants), "")]
        in_care = sum(count for _, count in self.levels)
        found.extend(
            (f"in care at {code}", _percent(count, in_care), f"of {in_care} in care")
            for code, count in self.levels
        )
        assessed = sum(count for _, count in self.recommended)
        found.extend(
            (f"recommended {key}", _percent(count, assessed), f"of {assessed} assessed")
            for key, count in self.recommended
        )
        found.append(
            (
                "weekly compliance",
                _percent(self.weeks_met, self.weeks_assessed),
                f"of {self.weeks_assessed} weeks",
            )
        )
        for name, count in (
            ("step up", self.step_ups),
            ("step down", self.step_downs),
            ("discharge", self.discharges),
        ):
            found.append(
                (
                    f"{name} decisions",
                    _percent(count, self.decisions),
                    f"of {self.decisions} decisions",
                )
            )
        stays = sum(count for _, count in self.length_of_stay)
        found.append(
            (
                "median length of stay",
                _number(self.median_length_of_stay_days, "days"),
                f"of {stays} episodes",
            )
        )
        for outcome in (self.phq9, self.gad7):
            label = {phq9.NAME: phq9.TITLE, gad7.NAME: gad7.TITLE}[outcome.instrument]
            basis = f"of {outcome.eligible} eligible"
            reached = sum(count for _, count in outcome.days_to_remission)
            found.extend(
                [
                    (f"{label} response", _percent(outcome.responses, outcome.eligible), basis),
                    (f"{label} remission", _percent(outcome.remissions, outcome.eligible), basis),
                    (
                        f"{label} median weeks to remission",
                        _number(outcome.median_weeks_to_remission, "weeks"),
                        f"of {reached} who reached it",
                    ),
                ]
            )
        return tuple(found)

    def to_text(self) -> str:
        """The summary as aligned plain-text lines (missing figures as ``n/a``).

        >>> print(CohortSummary(participants=3, length_of_stay={20: 2, 30: 1}).to_text())
        ... # doctest: +ELLIPSIS
        participants                             3
        weekly compliance                      n/a  of 0 weeks
        ...
        median length of stay              20 days  of 3 episodes
        ...
        """
        rows = self.rows()
        width = max(len(measure) for measure, _, _ in rows)
        value_width = max(len(value) for _, value, _ in rows)
        return "\n".join(
            f"{measure:<{width}}  {value:>{value_width}}  {basis}".rstrip()
            for measure, value, basis in rows
        )

    def view(self) -> View:
        """What the summary shows: each measure, its value and its basis."""
        return View(
            kind="cohort",
            headline=None,
            lines=tuple(self.to_text().splitlines()),
            parts=(Table(("measure", "value", "basis"), self.rows()),),
        )


def _shares(counts: tuple[tuple[str, int], ...]) -> dict[str, float]:
    whole = sum(count for _, count in counts)
    return {key: count / whole for key, count in counts}


def _added(
    first: tuple[tuple[object, int], ...], second: tuple[tuple[object, int], ...]
) -> dict[object, int]:
    total: Counter[object] = Counter(dict(first))
    total.update(dict(second))
    return dict(total)


def _percent(part: int, whole: int) -> str:
    rate = _rate(part, whole)
    return "n/a" if rate is None else f"{part} ({rate:.1%})"


def _number(value: float | None, unit: str) -> str:
    return "n/a" if value is None else f"{value:g} {unit}"


# ---------------------------------------------------------------- summarizing records

_SUMMARY_COLUMNS: Final = (
    "level",
    "placement_level",
    "placement_determinable",
    "weeks_assessed",
    "weeks_met",
    "decision",
    "length_of_stay_days",
    *(
        f"{name}_{column}"
        for name in OUTCOME_INSTRUMENTS
        for column in ("eligible", "response", "remission", "weeks_to_remission")
    ),
)
_DECISIONS: Final = tuple(kind.value for kind in TransitionKind)


def _read(record: Mapping[str, object], column: str, kinds: tuple[type, ...], where: str) -> object:
    """A record's value, checked; NaN (pandas' missing number) is read as ``None``.

    A whole float is read as an int where an int is expected, since pandas stores an
    int column with missing values as floats.
    """
    value = record[column]
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if int in kinds and float not in kinds and value.is_integer():
            return int(value)
    if value is not None and (
        not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool))
    ):
        allowed = " or ".join(kind.__name__ for kind in kinds) + " or None"
        raise InvalidTypeError(f"{where}.{column}", value, allowed=allowed)
    return value


class _OutcomeTally:
    """Running counts of one instrument's outcomes."""

    def __init__(self) -> None:
        self.eligible = self.responses = self.remissions = 0
        self.days: Counter[int] = Counter()


class _Tally:
    """Counts of one pass over participant records (private; the summary is the value)."""

    def __init__(self) -> None:
        self.participants = self.weeks_assessed = self.weeks_met = 0
        self.levels: Counter[str] = Counter()
        self.recommended: Counter[str] = Counter()
        self.decisions: Counter[str] = Counter()
        self.stays: Counter[int] = Counter()
        self.outcomes = {name: _OutcomeTally() for name in OUTCOME_INSTRUMENTS}

    def add(self, record: object, where: str) -> None:
        if not isinstance(record, Mapping):
            raise InvalidTypeError(where, record, allowed="a participant record (a mapping)")
        absent = [column for column in _SUMMARY_COLUMNS if column not in record]
        if absent:
            raise InvalidValueError(
                where,
                f"a mapping without {', '.join(absent)}",
                allowed="a participant record (PARTICIPANT_COLUMNS)",
                reason="lacks columns",
            )
        self.participants += 1
        level = _read(record, "level", (str,), where)
        if level is not None:
            self.levels[_level_key(level, f"{where}.level", _LEVEL_CODES)] += 1
        self._placement(record, where)
        assessed = _read(record, "weeks_assessed", (int,), where)
        met = _read(record, "weeks_met", (int,), where)
        if assessed is not None:
            self.weeks_assessed += _count(assessed, f"{where}.weeks_assessed")
        if met is not None:
            self.weeks_met += _count(met, f"{where}.weeks_met")
        decision = _read(record, "decision", (str,), where)
        if decision is not None:
            if decision not in _DECISIONS:
                raise UnknownCodeError(f"{where}.decision", decision, allowed=", ".join(_DECISIONS))
            self.decisions[decision] += 1
        stay = _read(record, "length_of_stay_days", (int,), where)
        if stay is not None:
            self.stays[_count(stay, f"{where}.length_of_stay_days")] += 1
        for name in OUTCOME_INSTRUMENTS:
            self._outcome(record, name, where)

    def _placement(self, record: Mapping[str, object], where: str) -> None:
        determinable = _read(record, "placement_determinable", (bool,), where)
        recommended = _read(record, "placement_level", (str,), where)
        if determinable is None:
            return
        if determinable:
            key = _level_key(recommended, f"{where}.placement_level", _LEVEL_CODES)
        else:
            key = NOT_DETERMINABLE
        self.recommended[key] += 1

    def _outcome(self, record: Mapping[str, object], name: str, where: str) -> None:
        if not _read(record, f"{name}_eligible", (bool,), where):
            return
        tally = self.outcomes[name]
        tally.eligible += 1
        tally.responses += bool(_read(record, f"{name}_response", (bool,), where))
        tally.remissions += bool(_read(record, f"{name}_remission", (bool,), where))
        weeks = _read(record, f"{name}_weeks_to_remission", (int, float), where)
        if isinstance(weeks, int | float):
            column = f"{where}.{name}_weeks_to_remission"
            days = weeks * 7
            if not math.isfinite(days):
                raise InvalidValueError(column, weeks, allowed="a finite number of weeks")
            tally.days[_count(round(days), column)] += 1

    def summary(self) -> CohortSummary:
        outcomes = {
            name: OutcomeSummary(
                instrument=name,
                eligible=tally.eligible,
                responses=tally.responses,
                remissions=tally.remissions,
                days_to_remission=tally.days,
            )
            for name, tally in self.outcomes.items()
        }
        return CohortSummary(
            participants=self.participants,
            levels=self.levels,
            recommended=self.recommended,
            weeks_assessed=self.weeks_assessed,
            weeks_met=self.weeks_met,
            decisions=sum(self.decisions.values()),
            step_ups=self.decisions[TransitionKind.STEP_UP.value],
            step_downs=self.decisions[TransitionKind.STEP_DOWN.value],
            discharges=self.decisions[TransitionKind.DISCHARGE.value],
            length_of_stay=self.stays,
            phq9=outcomes[phq9.NAME],
            gad7=outcomes[gad7.NAME],
        )


def summarize(records: Iterable[Mapping[str, object]]) -> CohortSummary:
    """Summarize participant records (:data:`PARTICIPANT_COLUMNS`) in one pass.

    Reads each record once and keeps only counts, so ``records`` may be a stream
    (:func:`participant_records`) or the rows of a partition; summaries of
    partitions add up with ``+`` or :func:`merge`. Missing values stay missing: a
    participant without an episode adds to no rate about episodes.

    Args:
        records: Participant records, such as :func:`participant_records` gives (or
            rows of a pandas DataFrame of them: ``df.to_dict("records")``, after
            turning NaN back into ``None``).

    Raises:
        InvalidTypeError: ``records`` is not an iterable of mappings, or a value has
            the wrong type (named ``$.records[i].column``).
        InvalidValueError: a record lacks columns the summary reads, or a count is
            negative.
        UnknownCodeError: an unknown level code or decision.

    >>> rows = [
    ...     {column: None for column in PARTICIPANT_COLUMNS}
    ...     | {"level": "IOP", "decision": "step down", "length_of_stay_days": 30},
    ...     {column: None for column in PARTICIPANT_COLUMNS},
    ... ]
    >>> summary = summarize(rows)
    >>> summary.participants, summary.step_down_rate, summary.compliance_rate
    (2, 1.0, None)
    """
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise InvalidTypeError(
            "records", records, allowed="an iterable of participant records (mappings)"
        )
    tally = _Tally()
    for index, record in enumerate(records):
        tally.add(record, f"$.records[{index}]")
    return tally.summary()


def merge(summaries: Iterable[CohortSummary]) -> CohortSummary:
    """Add up summaries of partitions: the summary of all their records.

    For reductions such as ``dask.bag.Bag.reduction(summarize, merge)``.

    Raises:
        InvalidTypeError: ``summaries`` is not an iterable of :class:`CohortSummary`.

    >>> merge([CohortSummary(participants=2), CohortSummary(participants=3)]).participants
    5
    >>> merge([]) == CohortSummary()
    True
    """
    if isinstance(summaries, str | bytes | Mapping) or not isinstance(summaries, Iterable):
        raise InvalidTypeError(
            "summaries", summaries, allowed="an iterable of CohortSummary values"
        )
    total = CohortSummary()
    for index, summary in enumerate(summaries):
        if not isinstance(summary, CohortSummary):
            raise InvalidTypeError(f"$.summaries[{index}]", summary, allowed="a CohortSummary")
        total += summary
    return total
