"""``python -m iopcore``: a short walkthrough of what iopcore does, on synthetic data.

Every person shown is made up; the walkthrough reads no files and no clock (it works
on a fixed date).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import pendulum

from iopcore import Condition, LevelOfCare, Participant, Population
from iopcore.assessments import Assessment
from iopcore.episodes import Episode
from iopcore.explain import explain, explain_transition, timeline
from iopcore.instruments import cssrs, phq9
from iopcore.instruments.change import Trajectory, reliable_change_threshold
from iopcore.intensity import requirement_for, weekly_compliance
from iopcore.levels import from_asam, from_locus, to_asam, to_calocus_casii, to_locus
from iopcore.placement import recommend_level
from iopcore.rulesets import medicare
from iopcore.sessions import Session
from iopcore.transitions import evaluate_transition, obligations

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The walkthrough's fixed "today", so that its output never changes.
WALKTHROUGH_DATE = pendulum.Date(2026, 3, 2)


def _participants() -> list[Participant]:
    return [
        Participant(
            id="demo-001",
            birth_date=pendulum.Date(1989, 7, 14),
            conditions=[Condition.DEPRESSION, Condition.ANXIETY],
        ),
        Participant(
            id="demo-002",
            birth_date=pendulum.Date(2008, 2, 29),
            conditions=[Condition.from_icd10("F10.20"), Condition.from_icd10("F43.10")],
        ),
    ]


#: demo-001's weekly PHQ-9 answers over the stay (made up); week 3 was left half done.
_WEEKLY_PHQ9: tuple[tuple[int, tuple[int | None, ...]], ...] = (
    (0, (3, 2, 2, 3, 2, 2, 2, 1, 1)),
    (1, (2, 2, 2, 2, 2, 1, 2, 1, 0)),
    (2, (2, 1, 1, 2, 1, 1, 1, 1, 0)),
    (3, (1, 1, None, None, None, 1, 1, 0, 0)),
    (4, (1, 1, 1, 1, 0, 1, 0, 0, 0)),
    (5, (0, 1, 1, 1, 0, 0, 0, 0, 0)),
    (6, (0, 0, 1, 1, 0, 0, 0, 0, 0)),
)


def _phq9_lines(as_of: pendulum.Date) -> list[str]:
    admitted = as_of.subtract(weeks=len(_WEEKLY_PHQ9))
    scored = [(admitted.add(weeks=week), phq9.score(answers)) for week, answers in _WEEKLY_PHQ9]
    lines = ["PHQ-9 over demo-001's stay (weekly, made-up answers):"]
    for on, result in scored:
        total = "--" if result.total is None else f"{result.total:>2}"
        band = result.band or f"incomplete (items {', '.join(map(str, result.missing))} missing)"
        flags = f"  flags: {', '.join(sorted(result.flags))}" if result.flags else ""
        lines.append(f"  {on.isoformat()}  total {total}  {band}{flags}")
    course = Trajectory.from_measurements(scored, as_of=as_of)
    baseline, latest = course.baseline, course.latest
    if baseline is not None and latest is not None:  # pragma: no branch - fixed data
        lines.append(
            f"  baseline {baseline.score.total} -> latest {latest.score.total}; "
            f"first response {course.first_response}; first remission {course.first_remission} "
            f"({course.weeks_to_remission:g} weeks)"
        )
    lines.append(
        f"  remission sustained over 2 assessments: {course.remission_sustained(2)}; "
        f"skipped as incomplete: {', '.join(m.on.isoformat() for m in course.skipped)}"
    )
    lines.append(
        f"  reliable change threshold (Jacobson-Truax, default SD and r): "
        f"{reliable_change_threshold('phq9'):.1f} points"
    )
    return lines


def walkthrough(*, as_of: pendulum.Date = WALKTHROUGH_DATE) -> list[str]:
    """Return the walkthrough's lines (``main`` prints them)."""
    lines = [f"iopcore walkthrough (as of {as_of.isoformat()}, synthetic data only)", ""]
    lines.append("Levels of care, least to most intensive:")
    lines.extend(f"  {level.code:<4} {level.label}" for level in sorted(LevelOfCare))
    lines.append("")
    lines.append("Participants:")
    for person in _participants():
        conditions = ", ".join(sorted(condition.value for condition in person.conditions))
        lines.append(
            f"  {person.id}: {person.population_on(as_of).value}, "
            f"age {person.age_on(as_of)}, treated for {conditions}"
        )
    lines.append("  (demo-002 was born on 29 February: in common years the birthday is 1 March)")
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
    lines.append("")
    lines.extend(_phq9_lines(as_of))
    lines.append("")
    lines.extend(_placement_lines(as_of))
    lines.append("")
    lines.extend(_intensity_lines(as_of))
    lines.append("")
    lines.extend(_transition_lines(as_of))
    return lines


def _weekly_assessments(admitted: pendulum.Date) -> list[Assessment]:
    """demo-001's weekly assessments: the PHQ-9 above, a clear C-SSRS, ratings easing."""
    found = []
    for week, answers in _WEEKLY_PHQ9:
        found.append(
            Assessment(
                participant_id="demo-001",
                assessed_on=admitted.add(weeks=week),
                scores=[phq9.score(answers), cssrs.score([False] * 6)],
                ratings={
                    "safety": 1,
                    "medical": 0,
                    "symptoms": max(1, 3 - week // 2),
                    "substance_use": 0,
                    "environment": 1,
                    "readiness": 1,
                },
                facts={
                    "impairment_beyond_routine_outpatient": week < 4,
                    "support_outside_program_hours": True,
                },
                conditions=[Condition.DEPRESSION, Condition.ANXIETY],
                recorded_by="counselor",
            )
        )
    return found


def _transition_lines(as_of: pendulum.Date) -> list[str]:
    """demo-001's episode, the transition decision on ``as_of`` and the deadlines ahead."""
    admitted = as_of.subtract(weeks=len(_WEEKLY_PHQ9))
    episode = Episode(
        participant_id="demo-001",
        program_id="demo-iop",
        admitted=admitted,
        initial_level=LevelOfCare.INTENSIVE_OUTPATIENT,
    )
    assessments = _weekly_assessments(admitted)
    sessions = _demo_sessions(as_of)
    decision = evaluate_transition(episode, assessments=assessments, sessions=sessions, as_of=as_of)
    lines = [f"Episode of demo-001 and the transition decision on {as_of.isoformat()}:"]
    lines.extend(f"  {line}" for line in timeline(episode))
    lines.extend(f"  {line}" for line in explain_transition(decision))
    event = decision.event(decided_by="psychiatrist")
    if event is not None:  # pragma: no branch - fixed data: a step down
        after = episode.with_event(event)
        lines.append(f"  once confirmed: {timeline(after)[-1]}")
    lines.append(f"Deadlines ahead of demo-001 on {as_of.isoformat()}:")
    for item in obligations(
        episode,
        as_of=as_of,
        assessments=assessments,
        certified=[admitted],
        plan_reviews=[as_of.subtract(days=19)],
    ):
        state = "overdue" if item.overdue else ("due today" if item.due == as_of else "")
        last = "" if item.last_done is None else f"last {item.last_done.isoformat()}"
        lines.append(f"  {item.due.isoformat()}  {item.kind.value:<25} {last:<16} {state}".rstrip())
    return lines


def _placement_lines(as_of: pendulum.Date) -> list[str]:
    """demo-001's admission placement under the reference ruleset, with its reasons."""
    admission = Assessment(
        participant_id="demo-001",
        assessed_on=as_of.subtract(weeks=len(_WEEKLY_PHQ9)),
        scores=[
            phq9.score(_WEEKLY_PHQ9[0][1]),
            cssrs.score([True, False, None, None, None, False]),
        ],
        ratings={
            "safety": 2,
            "medical": 0,
            "symptoms": 3,
            "substance_use": 0,
            "environment": 1,
            "readiness": 1,
        },
        facts={"impairment_beyond_routine_outpatient": True, "support_outside_program_hours": True},
        conditions=[Condition.DEPRESSION, Condition.ANXIETY],
        recorded_by="psychiatrist",
    )
    placement = recommend_level(admission, as_of=admission.assessed_on)
    lines = [f"Placement of demo-001 at admission ({admission.assessed_on.isoformat()}):"]
    lines.extend(f"  {line}" for line in explain(placement))
    lines.extend(f"  alert: {finding.rationale}" for finding in placement.alerts)
    chosen = placement.override(
        LevelOfCare.INTENSIVE_OUTPATIENT, reason="made-up example", decided_by="psychiatrist"
    )
    if chosen.chosen is not None:  # pragma: no branch - just recorded
        lines.append(
            f"  chosen by the psychiatrist: {chosen.chosen.level.name} "
            f"({chosen.chosen.direction.value} than recommended)"
        )
    lines.append(f"  ruleset: {placement.ruleset}")
    return lines


_ZONE = "America/New_York"


def _demo_sessions(as_of: pendulum.Date) -> list[Session]:
    """demo-001's sessions in the three weeks before ``as_of`` (made up)."""
    first = as_of.subtract(weeks=3)
    plan = [
        (0, 9, 3, "group therapy", "attended"),
        (2, 9, 3, "group therapy", "attended"),
        (2, 12, 1, "individual therapy", "attended"),
        (4, 9, 3, "group therapy", "attended"),
        (7, 9, 3, "group therapy", "absent"),
        (9, 9, 3, "group therapy", "attended"),
        (11, 9, 3, "psychoeducation", "excused"),
        (14, 9, 3, "group therapy", "attended"),
        (14, 12, 1, "family therapy", "attended"),
        (14, 13, 1, "psychoeducation", "attended"),
        (16, 9, 3, "skills group", "attended"),
        (18, 9, 3, "group therapy", "attended"),
    ]
    sessions = []
    for offset, hour, hours, service, attendance in plan:
        day = first.add(days=offset)
        start = pendulum.datetime(day.year, day.month, day.day, hour, tz=_ZONE)
        sessions.append(
            Session(
                participant_id="demo-001",
                service=service,
                start=start,
                end=start.add(hours=hours),
                attendance=attendance,
            )
        )
    return sessions


def _intensity_lines(as_of: pendulum.Date) -> list[str]:
    """demo-001's IOP weeks before ``as_of``: compliance table and Medicare billing days."""
    zone = _ZONE
    first = as_of.subtract(weeks=3)
    sessions = _demo_sessions(as_of)
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
    weeks = weekly_compliance(
        sessions, requirement, tz=zone, admitted=first, as_of=as_of.subtract(days=1)
    )
    lines = [f"Weekly intensity of demo-001 ({requirement.describe()}, {requirement.ruleset}):"]
    lines.extend(
        f"  {'  '.join(f'{cell:<10}' for cell in row[:5])} {row[5]}".rstrip()
        for row in weeks.table()
    )
    lines.append("Medicare billing days (distinct covered services, per-diem tier):")
    days = medicare.billing_days(sessions, tz=zone, start=first, end=as_of.subtract(days=1))
    lines.extend(
        f"  {day.day.isoformat()}  {day.count} services  tier {day.tier or 'none'}"
        for day in days
        if day.count
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the walkthrough and print it."""
    parser = argparse.ArgumentParser(prog="python -m iopcore", description=__doc__)
    parser.parse_args(argv)
    for line in walkthrough():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
