"""``python -m iopcore``: a walkthrough of what iopcore does, on a synthetic cohort.

It draws a program census (:func:`iopcore.synthetic.census`: ``--participants``
participants in care on a fixed date, from ``--seed``), evaluates every participant
with :mod:`iopcore.cohort`, and shows one of them in full: their placement at
admission with its reasons, the program they match and their progress in its
curriculum, their PHQ-9 and GAD-7 over the stay, their weekly intensity and Medicare
billing days, the transition decision on the date and the deadlines ahead; then the
cohort summary.

Every person shown is made up; the walkthrough reads no files and no clock (it works
on a fixed date), so the same options always print the same lines.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Final

import pendulum

from iopcore import LevelOfCare, Population
from iopcore.cohort import evaluate_cohort, summarize
from iopcore.explain import (
    explain,
    explain_progress,
    explain_transition,
    timeline,
)
from iopcore.instruments.change import Trajectory, reliable_change_threshold
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.levels import from_asam, from_locus, to_asam, to_calocus_casii, to_locus
from iopcore.participants import Condition
from iopcore.placement import recommend_level
from iopcore.programs import DBT_SKILLS, Program, curriculum_progress, match
from iopcore.rulesets import medicare
from iopcore.sessions import ProgramCalendar, ScheduleTemplate, ServiceType, WeeklySlot
from iopcore.synthetic import census
from iopcore.transitions import evaluate_transition, obligations

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from iopcore.cohort import CohortSummary, Record
    from iopcore.placement import Placement
    from iopcore.synthetic import SyntheticHistory

#: The walkthrough's fixed "today", so that its output never changes.
WALKTHROUGH_DATE: Final = pendulum.Date(2026, 3, 2)
#: Participants in the default census: enough for a stable summary, and the run takes
#: a few seconds.
DEFAULT_PARTICIPANTS: Final = 300
#: The default seed of the census.
DEFAULT_SEED: Final = 2026
#: Most participants the command line accepts (the synthetic generator streams, so a
#: million run in the memory of one, in about an hour).
MAX_PARTICIPANTS: Final = 1_000_000
#: The programs' time zone (the census's sessions are in it).
ZONE: Final = "America/New_York"
#: Days in care from which a participant has enough of a stay to show.
_SHOWN_MIN_DAYS: Final = 28


# ---------------------------------------------------------------- the programs


def _timetable(days: Sequence[int], hours: tuple[int, int]) -> ScheduleTemplate:
    """Group hours on ``days``, and individual therapy on Tuesday afternoons."""
    start, end = hours
    slots = [
        WeeklySlot(weekday=day, start=pendulum.time(start), end=pendulum.time(end)) for day in days
    ]
    slots.append(
        WeeklySlot(
            weekday=1,
            start=pendulum.time(14),
            end=pendulum.time(15),
            service=ServiceType.INDIVIDUAL_THERAPY,
        )
    )
    return ScheduleTemplate(tz=ZONE, slots=slots)


def programs() -> tuple[Program, ...]:
    """The made-up clinic's programs, in the order they are tried for a participant.

    An adult and an adolescent IOP (3 hours on Monday, Wednesday and Friday) and PHP
    (4 hours every weekday), each with individual therapy on Tuesdays and the DBT
    skills curriculum (:data:`iopcore.programs.DBT_SKILLS`, begun on 5 January 2026),
    serving every condition but eating disorders, which go to an eating-disorder PHP.
    The timetables are those of :func:`iopcore.synthetic.census`.
    """
    general = [condition for condition in Condition if condition is not Condition.EATING_DISORDER]
    calendar = ProgramCalendar(tz=ZONE)
    iop = _timetable((0, 2, 4), (9, 12))
    php = _timetable((0, 1, 2, 3, 4), (9, 13))
    start = pendulum.Date(2026, 1, 5)
    made = []
    for population, label in ((Population.ADULT, "Adult"), (Population.ADOLESCENT, "Adolescent")):
        for level, timetable in (
            (LevelOfCare.INTENSIVE_OUTPATIENT, iop),
            (LevelOfCare.PARTIAL_HOSPITALIZATION, php),
        ):
            made.append(
                Program(
                    id=f"{population.value}-{level.code.lower()}",
                    name=f"{label} {level.code} (DBT skills)",
                    level=level,
                    populations=[population],
                    conditions=general,
                    calendar=calendar,
                    schedules=[timetable],
                    curriculum=DBT_SKILLS,
                    curriculum_start=start,
                    max_group_size=12,
                )
            )
    made.append(
        Program(
            id="eating-disorder-php",
            name="Eating-disorder PHP",
            level=LevelOfCare.PARTIAL_HOSPITALIZATION,
            populations=list(Population),
            conditions=[Condition.EATING_DISORDER],
            calendar=calendar,
            schedules=[php],
        )
    )
    return tuple(made)


# ---------------------------------------------------------------- the cohort pass


def _evaluated(
    *, participants: int, seed: int, as_of: pendulum.Date
) -> tuple[CohortSummary, SyntheticHistory | None]:
    """The summary of the whole census, and the participant to show.

    One streaming pass: each stay is drawn, evaluated, counted and dropped, except the
    one to show, so memory does not grow with ``participants``.
    """
    current: list[SyntheticHistory] = []
    chosen: dict[str, SyntheticHistory] = {}

    def stays() -> Iterator[SyntheticHistory]:
        for stay in census(participants, seed=seed, as_of=as_of):
            current[:] = [stay]
            yield stay

    def rows() -> Iterator[Record]:
        for evaluation in evaluate_cohort(stays(), as_of=as_of, tz=ZONE):
            row = evaluation.participant
            stay = current[0]
            if stay.episode.length_of_stay(as_of) >= _SHOWN_MIN_DAYS:
                chosen.setdefault("fallback", stay)
                if row["decision"] != "stay":
                    chosen.setdefault("shown", stay)
            yield row

    summary = summarize(rows())
    return summary, chosen.get("shown", chosen.get("fallback"))


# ---------------------------------------------------------------- one participant


def _header_lines(stay: SyntheticHistory, as_of: pendulum.Date) -> list[str]:
    person = stay.participant
    conditions = ", ".join(sorted(condition.value for condition in person.conditions))
    episode = stay.episode
    return [
        (
            f"  {person.id}: {person.population_on(as_of).value}, age {person.age_on(as_of)}, "
            f"treated for {conditions}"
        ),
        (
            f"  admitted {episode.admitted.isoformat()} at {episode.initial_level.code}; "
            f"{episode.length_of_stay(as_of)} days in care on {as_of.isoformat()}"
        ),
    ]


def _placement_lines(stay: SyntheticHistory) -> tuple[list[str], Placement]:
    admission = stay.assessments[0]
    placement = recommend_level(admission, as_of=admission.assessed_on)
    lines = [f"Placement of {stay.participant.id} at admission ({admission.assessed_on}):"]
    lines.extend(f"  {line}" for line in explain(placement))
    lines.extend(f"  alert: {finding.rationale}" for finding in placement.alerts)
    lines.append(f"  ruleset: {placement.ruleset}")
    return lines, placement


def _program_lines(
    stay: SyntheticHistory, placement: Placement
) -> tuple[list[str], Program | None]:
    """The first program that fits; else the one at the admission level, with why not."""
    on = placement.as_of
    person = stay.participant
    results = [(program, match(program, person, placement, as_of=on)) for program in programs()]
    fitting = [(program, result) for program, result in results if result.fits]
    lines = [f"Program for {person.id} (matched on the placement at admission):"]
    if fitting:
        program, result = fitting[0]
        lines.append(f"  {program.name}: {result.lines()[0]}")
        return lines, program
    population = person.population_on(on)
    admitted_to = [
        (program, result)
        for program, result in results
        if program.level is stay.episode.initial_level and population in program.populations
    ]
    lines.append("  no program fits; the program at the admission level says:")
    for _, result in admitted_to[:1]:
        lines.extend(f"  {line}" for line in result.lines())
    return lines, (admitted_to[0][0] if admitted_to else None)


def _outcome_lines(stay: SyntheticHistory, as_of: pendulum.Date) -> list[str]:
    person = stay.participant.id
    lines = [f"PHQ-9 and GAD-7 over {person}'s stay (weekly):"]
    for assessment in stay.assessments:
        cells = []
        for name, label in (("phq9", "PHQ-9"), ("gad7", "GAD-7")):
            score = assessment.scores.get(name)
            total = "--" if score is None or score.total is None else f"{score.total:>2}"
            band = "" if score is None else score.band or "incomplete"
            cells.append(f"{label} {total} {band:<17}")
        flags = sorted(flag for score in assessment.scores.values() for flag in score.flags)
        shown_flags = f"flags: {', '.join(flags)}" if flags else ""
        lines.append(
            f"  {assessment.assessed_on.isoformat()}  {'  '.join(cells)}{shown_flags}".rstrip()
        )
    for name, label in (("phq9", "PHQ-9"), ("gad7", "GAD-7")):
        scored = [
            (assessment.assessed_on, assessment.scores[name])
            for assessment in stay.assessments
            if name in assessment.scores
        ]
        course = Trajectory.from_measurements(scored, as_of=as_of)
        baseline, latest = course.baseline, course.latest
        if baseline is None or latest is None:  # pragma: no cover - every week has both
            continue
        weeks = course.weeks_to_remission
        remission = (
            "none yet"
            if course.first_remission is None
            else f"{course.first_remission} ({weeks:g} weeks)"
        )
        lines.append(
            f"  {label}: baseline {baseline.score.total} -> latest {latest.score.total}; "
            f"first response {course.first_response or 'none yet'}; first remission {remission}"
        )
    lines.append(
        f"  reliable change threshold (Jacobson-Truax, default SD and r): "
        f"PHQ-9 {reliable_change_threshold('phq9'):.1f}, "
        f"GAD-7 {reliable_change_threshold('gad7'):.1f} points"
    )
    return lines


def _intensity_lines(stay: SyntheticHistory, as_of: pendulum.Date) -> list[str]:
    """Weekly compliance at the level in force since it began, and billing days."""
    episode = stay.episode
    level = episode.level_on(as_of)
    assert level is not None  # noqa: S101 - a census stay is open on as_of
    since = max(
        (change.effective for change in episode.level_changes if change.effective <= as_of),
        default=episode.admitted,
    )
    population = stay.participant.population_on(since)
    requirement = requirement_for(level, population)
    weeks = weekly_compliance(
        stay.sessions, requirement, tz=ZONE, admitted=since, as_of=as_of.subtract(days=1)
    )
    person = stay.participant.id
    lines = [
        (
            f"Weekly intensity of {person} at {level.code} since {since.isoformat()} "
            f"({requirement.describe()}, {requirement.ruleset}):"
        )
    ]
    table = weeks.table()
    widths = [max(len(row[column]) for row in table) for column in range(5)]
    lines.extend(
        "  "
        + "  ".join(f"{cell:<{width}}" for cell, width in zip(row[:5], widths, strict=True))
        + f"  {row[5]}".rstrip()
        for row in table
    )
    first = max(since, as_of.subtract(weeks=1))
    lines.append(
        f"Medicare billing days since {first.isoformat()} "
        "(distinct covered services attended, per-diem tier):"
    )
    days = medicare.billing_days(stay.sessions, tz=ZONE, start=first, end=as_of.subtract(days=1))
    lines.extend(
        f"  {day.day.isoformat()}  {day.count} service{'' if day.count == 1 else 's'}  "
        f"tier {day.tier or 'none'}"
        for day in days
        if day.count
    )
    return lines


def _curriculum_lines(
    stay: SyntheticHistory, program: Program | None, as_of: pendulum.Date
) -> list[str]:
    if program is None or program.curriculum is None:
        return [f"Curriculum: {stay.participant.id}'s program has none."]
    progress = curriculum_progress(program, stay.sessions, as_of=as_of)
    lines = [f"Curriculum progress of {stay.participant.id} in {program.name}:"]
    lines.extend(f"  {line}" for line in explain_progress(progress))
    return lines


def _transition_lines(stay: SyntheticHistory, as_of: pendulum.Date) -> list[str]:
    """The episode, the transition decision on ``as_of`` and the deadlines ahead."""
    episode = stay.episode
    person = stay.participant.id
    decision = evaluate_transition(
        episode,
        assessments=stay.assessments,
        sessions=stay.sessions,
        as_of=as_of,
        participant=stay.participant,
    )
    lines = [f"Episode of {person} and the transition decision on {as_of.isoformat()}:"]
    lines.extend(f"  {line}" for line in timeline(episode))
    lines.extend(f"  {line}" for line in explain_transition(decision))
    event = decision.event(decided_by="psychiatrist")
    if event is not None:
        after = episode.known_on(as_of).with_event(event)
        lines.append(f"  once confirmed: {timeline(after)[-1]}")
    lines.append(f"Deadlines ahead of {person} on {as_of.isoformat()}:")
    # Certification and the plan were (made-up) renewed at admission and at each level
    # change.
    renewed = [episode.admitted, *(change.effective for change in episode.level_changes)]
    renewed = [day for day in renewed if day <= as_of]
    for item in obligations(
        episode,
        as_of=as_of,
        assessments=stay.assessments,
        certified=renewed,
        plan_reviews=renewed,
    ):
        state = "overdue" if item.overdue else ("due today" if item.due == as_of else "")
        last = "" if item.last_done is None else f"last {item.last_done.isoformat()}"
        lines.append(f"  {item.due.isoformat()}  {item.kind.value:<25} {last:<16} {state}".rstrip())
    return lines


# ---------------------------------------------------------------- the walkthrough


def _intro_lines() -> list[str]:
    lines = ["Levels of care, least to most intensive:"]
    lines.extend(f"  {level.code:<4} {level.label}" for level in sorted(LevelOfCare))
    lines.append("")
    lines.append("Crosswalks (lossy: several published levels share one broad level):")
    lines.append(f"  ASAM 3rd ed. 2.5     -> {from_asam('2.5', edition=3).code}")
    lines.append(f"  ASAM 4th ed. 2.5     -> {from_asam('2.5', edition=4).code}")
    lines.append(f"  LOCUS level 3        -> {from_locus(3).code}")
    iop = LevelOfCare.INTENSIVE_OUTPATIENT
    res = LevelOfCare.RESIDENTIAL
    lines.append(f"  IOP -> ASAM 4th ed.  {', '.join(to_asam(iop, edition=4))}")
    lines.append(f"  RES -> ASAM 3rd ed.  {', '.join(to_asam(res, edition=3))}")
    lines.append(f"  OP  -> LOCUS         {', '.join(map(str, to_locus(LevelOfCare.OUTPATIENT)))}")
    php = LevelOfCare.PARTIAL_HOSPITALIZATION
    lines.append(f"  PHP -> CALOCUS-CASII {', '.join(map(str, to_calocus_casii(php)))}")
    return lines


def _people(count: int, kind: str = "") -> str:
    return f"{count:,} {kind}participant{'' if count == 1 else 's'}"


def walkthrough(
    *,
    participants: int = DEFAULT_PARTICIPANTS,
    seed: int = DEFAULT_SEED,
    as_of: pendulum.Date = WALKTHROUGH_DATE,
) -> list[str]:
    """Return the walkthrough's lines (``main`` prints them).

    Args:
        participants: Participants in the synthetic census (1 or more).
        seed: The census's seed.
        as_of: The walkthrough's "today".
    """
    summary, stay = _evaluated(participants=participants, seed=seed, as_of=as_of)
    lines = [
        (
            f"iopcore walkthrough (as of {as_of.isoformat()}, synthetic data only: "
            f"{_people(participants)}, seed {seed})"
        ),
        "",
        *_intro_lines(),
        "",
        (
            f"A program census on {as_of.isoformat()}: {_people(participants, 'made-up ')} in "
            "care (iopcore.synthetic.census)."
        ),
    ]
    if stay is None:
        lines.append(
            f"  None has been in care for {_SHOWN_MIN_DAYS} days yet: "
            "try more participants to see one in full."
        )
    else:
        lines.append(
            f"One of them in full: the first in care for {_SHOWN_MIN_DAYS} days or more "
            "whose decision today is not a stay (else the first in care that long)."
        )
        lines.extend(_header_lines(stay, as_of))
        placement_lines, placement = _placement_lines(stay)
        program_lines, program = _program_lines(stay, placement)
        lines.extend(
            [
                "",
                *placement_lines,
                "",
                *program_lines,
                "",
                *_outcome_lines(stay, as_of),
                "",
                *_intensity_lines(stay, as_of),
                "",
                *_curriculum_lines(stay, program, as_of),
                "",
                *_transition_lines(stay, as_of),
            ]
        )
    lines.extend(["", f"Cohort summary on {as_of.isoformat()} (iopcore.cohort):"])
    lines.extend(f"  {line}" for line in summary.to_text().splitlines())
    return lines


def _participants(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        message = f"must be a whole number from 1 to {MAX_PARTICIPANTS:,}, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    if not 1 <= number <= MAX_PARTICIPANTS:
        message = f"must be from 1 to {MAX_PARTICIPANTS:,}, not {number:,}"
        raise argparse.ArgumentTypeError(message)
    return number


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        message = f"must be a whole number, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the walkthrough and print it."""
    parser = argparse.ArgumentParser(
        prog="python -m iopcore",
        description=(__doc__ or "").split("\n\n")[0],
    )
    parser.add_argument(
        "--participants",
        type=_participants,
        default=DEFAULT_PARTICIPANTS,
        metavar="N",
        help=f"participants in the synthetic census (default {DEFAULT_PARTICIPANTS})",
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"seed of the synthetic census (default {DEFAULT_SEED}); same seed, same output",
    )
    args = parser.parse_args(argv)
    for line in walkthrough(participants=args.participants, seed=args.seed):
        print(line)
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the subprocess tests
    sys.exit(main())
