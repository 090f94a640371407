"""What each error says, word for word, for the entry points of the clinical core.

A clinician or analyst reads the message, not the code: each row is a bad call and
the exact text it must raise (for a group, its headline and then each problem on a
line). A changed field name, value, allowed list or reason is a changed contract
and fails here. Mutation testing (``scripts/mutation.py``) found these unpinned.
"""

import datetime as dt
from collections.abc import Callable

import attrs
import pendulum
import pytest

from iopcore import LevelOfCare, Population
from iopcore.assessments import Assessment
from iopcore.episodes import Discharge, Episode
from iopcore.exceptions import IopcoreError, IopcoreErrorGroup
from iopcore.intensity import (
    IntensityRequirement,
    attendance_summary,
    planned_compliance,
    requirement_for,
    weekly_compliance,
)
from iopcore.placement import recommend_level
from iopcore.rulesets import reference
from iopcore.sessions import ProgramCalendar, ServiceType, Session
from iopcore.transitions import evaluate_transition, obligations

TZ = "America/New_York"
IOP = LevelOfCare.INTENSIVE_OUTPATIENT
ADULT = Population.ADULT
REQUIREMENT = requirement_for(IOP, ADULT)
MONDAY = pendulum.date(2025, 3, 3)


def _session(participant: str = "p-1", day: int = 3) -> Session:
    start = pendulum.datetime(2025, 3, day, 9, tz=TZ)
    return Session(
        participant_id=participant,
        service=ServiceType.GROUP_THERAPY,
        start=start,
        end=start.add(hours=3),
    )


def _requirement(**changes: object) -> Callable[[], object]:
    fields = {
        "level": IOP,
        "population": ADULT,
        "min_hours_per_week": 9,
        "max_hours_per_week": 19,
        "source": "a clinic's policy",
        **changes,
    }
    return lambda: IntensityRequirement(**fields)  # type: ignore[arg-type]


def message_of(error: BaseException) -> str:
    """The error's text, and each problem's on its own line for a group."""
    if isinstance(error, IopcoreErrorGroup):
        return "\n".join([error.message, *(message_of(member) for member in error.exceptions)])
    return str(error)


EPISODE = Episode(participant_id="p-1", admitted=MONDAY, initial_level=IOP)
LAST_DAY = pendulum.date(9999, 12, 31)
AT_THE_END = Episode(participant_id="p-1", admitted=LAST_DAY.subtract(days=2), initial_level=IOP)
LONG_STAY = Episode(participant_id="p-1", admitted=LAST_DAY.subtract(days=70), initial_level=IOP)
DECISION = evaluate_transition(EPISODE, as_of=MONDAY)
ASSESSMENT = Assessment(participant_id="p-1", assessed_on=MONDAY, ratings={"safety": 1})
PLACEMENT = recommend_level(ASSESSMENT, as_of=MONDAY)
EARLY = Assessment(participant_id="p-1", assessed_on=pendulum.date(2019, 6, 3))
EARLY_EPISODE = Episode(participant_id="p-1", admitted=pendulum.date(2019, 6, 3), initial_level=IOP)
OTHER = Assessment(participant_id="p-2", assessed_on=MONDAY)
DISCHARGED = Episode(
    participant_id="p-1",
    admitted=MONDAY,
    initial_level=IOP,
    events=[
        Discharge(
            effective=MONDAY.add(days=10),
            recorded=MONDAY.add(days=10),
            reason="goals met",
            decided_by="counselor",
        )
    ],
)
ENDED = attrs.evolve(reference.RULESET, effective_to=MONDAY)
RESIDENTIAL = IntensityRequirement(
    level=LevelOfCare.RESIDENTIAL, population=ADULT, min_hours_per_week=0, basis="24-hour care"
)
CASES: list[tuple[str, Callable[[], object], str]] = [
    # ------------------------------------------------------------ requirements
    (
        "requirement level",
        _requirement(level="IOP"),
        "level: 'IOP' is not allowed; allowed: a LevelOfCare member",
    ),
    (
        "requirement population",
        _requirement(population="child"),
        "population: 'child' is not allowed; allowed: 'adult', 'adolescent'",
    ),
    (
        "requirement services not a mapping",
        _requirement(required_services=["group therapy"]),
        (
            "required_services: ['group therapy'] is not allowed; allowed: a mapping of "
            "ServiceType (or its value) to attended sessions a week"
        ),
    ),
    (
        "requirement services bad key and count",
        _requirement(required_services={"yoga": 1, ServiceType.GROUP_THERAPY: 51}),
        (
            "2 problems in required_services\n$.required_services: 'yoga' is not allowed; "
            "allowed: 'group therapy', 'individual therapy', 'family therapy', "
            "'psychoeducation', 'skills group', 'medication management', 'occupational "
            "therapy', 'activity therapy', 'case management', 'diagnostic "
            "assessment'\n$.required_services['group therapy']: 51 is out of range; "
            "allowed: an int from 1 to 50"
        ),
    ),
    (
        "requirement source",
        _requirement(source=7),
        "source: 7 is not allowed; allowed: a citation (str)",
    ),
    (
        "requirement ruleset",
        _requirement(ruleset="asam"),
        "ruleset: 'asam' is not allowed; allowed: a RulesetRef or None",
    ),
    (
        "requirement basis",
        _requirement(basis="weekly"),
        ("basis: 'weekly' is not allowed; allowed: 'delivered', 'certified need', '24-hour care'"),
    ),
    (
        "requirement_for ruleset",
        lambda: requirement_for(IOP, ADULT, ruleset="asam"),  # type: ignore[arg-type]
        "ruleset: 'asam' is not allowed; allowed: a Ruleset with hour bands, or None",
    ),
    # ------------------------------------------------------------ weekly compliance
    (
        "sessions not iterable",
        lambda: weekly_compliance(7, REQUIREMENT, tz=TZ),  # type: ignore[arg-type]
        "sessions: 7 is not allowed; allowed: an iterable of Session values",
    ),
    (
        "sessions of two participants and not a session",
        lambda: weekly_compliance([_session(), "x", _session("p-2")], REQUIREMENT, tz=TZ),
        (
            "2 problems in sessions\n$.sessions[1]: 'x' is not allowed; allowed: a "
            "Session\n$.sessions[2].participant_id: 'p-2' is another participant's "
            "session; allowed: the participant of the first session ('p-1')"
        ),
    ),
    (
        "requirement not a requirement",
        lambda: weekly_compliance([], "IOP", tz=TZ),  # type: ignore[arg-type]
        (
            "requirement: 'IOP' is not allowed; allowed: an IntensityRequirement (see "
            "requirement_for)"
        ),
    ),
    (
        "requirement of 24-hour care",
        lambda: weekly_compliance([], RESIDENTIAL, tz=TZ),
        (
            "requirement: 'RES: 24-hour care (no weekly session band)' is 24-hour care, "
            "which has no weekly session hours to check; allowed: a requirement with a "
            "weekly session band (IOP, PHP, outpatient)"
        ),
    ),
    (
        "calendar not a calendar",
        lambda: weekly_compliance([], REQUIREMENT, tz=TZ, calendar="weekdays"),  # type: ignore[arg-type]
        "calendar: 'weekdays' is not allowed; allowed: a ProgramCalendar or None",
    ),
    (
        "calendar in another zone",
        lambda: weekly_compliance(
            [], REQUIREMENT, tz=TZ, calendar=ProgramCalendar(tz="America/Chicago")
        ),
        (
            "calendar.tz: 'America/Chicago' differs from tz; allowed: the time zone "
            "given as tz (America/New_York)"
        ),
    ),
    (
        "partial weeks",
        lambda: weekly_compliance([], REQUIREMENT, tz=TZ, partial_weeks="skip"),
        "partial_weeks: 'skip' is not allowed; allowed: 'prorate', 'exclude', 'full'",
    ),
    (
        "stepping down",
        lambda: weekly_compliance([], REQUIREMENT, tz=TZ, stepping_down="yes"),  # type: ignore[arg-type]
        "stepping_down: 'yes' is not allowed; allowed: True or False",
    ),
    (
        "admitted",
        lambda: weekly_compliance([], REQUIREMENT, tz=TZ, admitted="2025-03-03"),  # type: ignore[arg-type]
        (
            "admitted: '2025-03-03' is not allowed; allowed: a pendulum.Date or an aware "
            "pendulum.DateTime"
        ),
    ),
    (
        "discharged",
        lambda: weekly_compliance([], REQUIREMENT, tz=TZ, discharged="2025-03-03"),  # type: ignore[arg-type]
        (
            "discharged: '2025-03-03' is not allowed; allowed: a pendulum.Date or an "
            "aware pendulum.DateTime"
        ),
    ),
    (
        "discharged before admitted",
        lambda: weekly_compliance(
            [], REQUIREMENT, tz=TZ, admitted=MONDAY, discharged=MONDAY.subtract(days=7)
        ),
        (
            "discharged: 2025-02-24 is before admission; allowed: a day on or after "
            "admitted=2025-03-03"
        ),
    ),
    (
        "as_of before admitted",
        lambda: weekly_compliance(
            [], REQUIREMENT, tz=TZ, admitted=MONDAY, as_of=MONDAY.subtract(days=7)
        ),
        ("as_of: 2025-02-24 is before admission; allowed: a day on or after admitted=2025-03-03"),
    ),
    (
        "as_of at the end of the calendar",
        lambda: weekly_compliance(
            [_session()],
            REQUIREMENT,
            tz="Pacific/Kiritimati",
            as_of=pendulum.datetime(9999, 12, 31, 23, tz="UTC"),
        ),
        (
            "as_of: 9999-12-31T23:00:00+00:00 falls after the end of the calendar in "
            "Pacific/Kiritimati; allowed: a time whose date in Pacific/Kiritimati is on "
            "or before 9999-12-31"
        ),
    ),
    # ------------------------------------------------------------ planned compliance
    (
        "template",
        lambda: planned_compliance(
            "mon-wed-fri",
            REQUIREMENT,
            start=MONDAY,
            end=MONDAY.add(days=6),  # type: ignore[arg-type]
        ),
        "template: 'mon-wed-fri' is not allowed; allowed: a ScheduleTemplate",
    ),
    # ------------------------------------------------------------ attendance summary
    (
        "attendance start",
        lambda: attendance_summary([], tz=TZ, start="2025-03-03"),  # type: ignore[arg-type]
        (
            "start: '2025-03-03' is not allowed; allowed: a pendulum.Date or an aware "
            "pendulum.DateTime"
        ),
    ),
    (
        "attendance end",
        lambda: attendance_summary([], tz=TZ, end="2025-03-03"),  # type: ignore[arg-type]
        (
            "end: '2025-03-03' is not allowed; allowed: a pendulum.Date or an aware "
            "pendulum.DateTime"
        ),
    ),
    (
        "attendance end before start",
        lambda: attendance_summary([], tz=TZ, start=MONDAY, end=MONDAY.subtract(days=1)),
        "end: 2025-03-02 is not allowed; allowed: a day on or after start=2025-03-03",
    ),
    (
        "attendance excuse_absences",
        lambda: attendance_summary([], tz=TZ, excuse_absences=1),  # type: ignore[arg-type]
        "excuse_absences: 1 is not allowed; allowed: True or False",
    ),
    # ------------------------------------------------------------ transitions
    (
        "transition participant",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY, participant="p-1"),  # type: ignore[arg-type]
        "participant: 'p-1' is not allowed; allowed: a Participant or None",
    ),
    (
        "transition next review past the calendar",
        lambda: evaluate_transition(AT_THE_END, as_of=LAST_DAY),
        (
            "admitted: 9999-12-29 leaves no room for the date 7 days after it; allowed: "
            "a date at least 7 days before the end of the calendar (9999-12-31)"
        ),
    ),
    (
        "event decided_by",
        lambda: DECISION.event(decided_by="boss"),
        (
            "decided_by: 'boss' is not allowed; allowed: 'physician', 'psychiatrist', "
            "'psychologist', 'nurse practitioner', 'nurse', 'counselor', 'social "
            "worker', 'case manager', 'utilization reviewer', 'participant', 'other'"
        ),
    ),
    (
        "event recorded",
        lambda: DECISION.event(decided_by="counselor", recorded="2025-03-04"),  # type: ignore[arg-type]
        (
            "recorded: '2025-03-04' is not allowed; allowed: a date (pendulum.Date or "
            "datetime.date), not a datetime"
        ),
    ),
    (
        "event past the calendar",
        lambda: evaluate_transition(LONG_STAY, as_of=LAST_DAY).event(decided_by="counselor"),
        (
            "as_of: 9999-12-31 leaves no room for the date 1 day after it; allowed: a "
            "date at least 1 day before the end of the calendar (9999-12-31)"
        ),
    ),
    (
        "obligations certified",
        lambda: obligations(EPISODE, as_of=MONDAY, certified="2025-03-03"),  # type: ignore[arg-type]
        "certified: '2025-03-03' is not allowed; allowed: an iterable of dates",
    ),
    (
        "obligations plan reviews",
        lambda: obligations(EPISODE, as_of=MONDAY, plan_reviews=["2025-03-03", 7]),  # type: ignore[list-item]
        (
            "2 problems in plan_reviews\n$.plan_reviews[0]: '2025-03-03' is not allowed; "
            "allowed: a date (pendulum.Date or datetime.date), not a "
            "datetime\n$.plan_reviews[1]: 7 is not allowed; allowed: a date "
            "(pendulum.Date or datetime.date), not a datetime"
        ),
    ),
    (
        "obligations medicare",
        lambda: obligations(EPISODE, as_of=MONDAY, medicare="yes"),  # type: ignore[arg-type]
        "medicare: 'yes' is not allowed; allowed: True or False",
    ),
    (
        "obligations past the calendar",
        lambda: obligations(AT_THE_END, as_of=LAST_DAY, plan_reviews=[LAST_DAY], medicare=False),
        (
            "plan_reviews: 9999-12-31 leaves no room for the date 30 days after it; "
            "allowed: a date at least 30 days before the end of the calendar (9999-12-31)"
        ),
    ),
    # ------------------------------------------------------------ placement
    (
        "placement assessment",
        lambda: recommend_level("p-1", as_of=MONDAY),  # type: ignore[arg-type]
        "assessment: 'p-1' is not allowed; allowed: an Assessment",
    ),
    (
        "placement assessment after as_of",
        lambda: recommend_level(ASSESSMENT, as_of=MONDAY.subtract(days=1)),
        (
            "assessment.assessed_on: 2025-03-03 is after as_of; allowed: a date on or "
            "before as_of=2025-03-02"
        ),
    ),
    (
        "placement ruleset",
        lambda: recommend_level(ASSESSMENT, ruleset="reference", as_of=MONDAY),  # type: ignore[arg-type]
        "ruleset: 'reference' is not allowed; allowed: a Ruleset or None",
    ),
    (
        "placement ruleset not in force",
        lambda: recommend_level(ASSESSMENT, ruleset=ENDED, as_of=MONDAY),
        (
            "as_of: 2025-03-03 is outside the ruleset's effective dates; allowed: a date "
            "when ruleset reference 2026.2 is in force"
        ),
    ),
    (
        "override level",
        lambda: PLACEMENT.override("IP", reason="x", decided_by="physician"),  # type: ignore[arg-type]
        "level: 'IP' is not allowed; allowed: a LevelOfCare",
    ),
    (
        "override reason",
        lambda: PLACEMENT.override(LevelOfCare.INPATIENT, reason=" ", decided_by="physician"),
        "reason: ' ' is not allowed; allowed: a non-blank reason",
    ),
    (
        "override decided_by",
        lambda: PLACEMENT.override(LevelOfCare.INPATIENT, reason="x", decided_by="boss"),
        (
            "decided_by: 'boss' is not allowed; allowed: 'physician', 'psychiatrist', "
            "'psychologist', 'nurse practitioner', 'nurse', 'counselor', 'social "
            "worker', 'case manager', 'utilization reviewer', 'participant', 'other'"
        ),
    ),
    (
        "placement before any reference version",
        lambda: recommend_level(EARLY, as_of=EARLY.assessed_on),
        (
            "as_of: 2019-06-03 is not allowed; allowed: a date when a version is in "
            "force (2026.1: 2020-01-01 to open, 2026.2: 2020-01-01 to open)"
        ),
    ),
    (
        "transition sessions",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY, sessions=7),  # type: ignore[arg-type]
        "sessions: 7 is not allowed; allowed: an iterable of Session values",
    ),
    (
        "transition sessions of another participant",
        lambda: evaluate_transition(
            EPISODE, as_of=MONDAY.add(days=2), sessions=[_session(), _session("p-2")]
        ),
        (
            "$.sessions[1].participant_id: 'p-2' is another participant's; allowed: p-1, "
            "the episode's participant"
        ),
    ),
    (
        "obligations plan review past the calendar",
        lambda: obligations(AT_THE_END, as_of=LAST_DAY, medicare=False),
        (
            "admitted: 9999-12-29 leaves no room for the date 30 days after it; allowed: "
            "a date at least 30 days before the end of the calendar (9999-12-31)"
        ),
    ),
    (
        "obligations assessment past the calendar",
        lambda: obligations(
            LONG_STAY,
            as_of=LAST_DAY,
            medicare=False,
            plan_reviews=[LAST_DAY.subtract(days=30)],
            assessments=[Assessment(participant_id="p-1", assessed_on=LAST_DAY)],
        ),
        (
            "assessed_on: 9999-12-31 leaves no room for the date 7 days after it; "
            "allowed: a date at least 7 days before the end of the calendar (9999-12-31)"
        ),
    ),
    (
        "transition episode",
        lambda: evaluate_transition("p-1", as_of=MONDAY),  # type: ignore[arg-type]
        "episode: 'p-1' is not allowed; allowed: an Episode",
    ),
    (
        "transition ruleset",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY, ruleset="reference"),  # type: ignore[arg-type]
        "ruleset: 'reference' is not allowed; allowed: a Ruleset or None",
    ),
    (
        "transition ruleset not in force",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY, ruleset=ENDED),
        (
            "as_of: 2025-03-03 is outside the ruleset's effective dates; allowed: a date "
            "when ruleset reference 2026.2 is in force"
        ),
    ),
    (
        "transition before any reference version",
        lambda: evaluate_transition(EARLY_EPISODE, as_of=EARLY_EPISODE.admitted),
        (
            "as_of: 2019-06-03 is not allowed; allowed: a date when a version is in "
            "force (2026.1: 2020-01-01 to open, 2026.2: 2020-01-01 to open)"
        ),
    ),
    (
        "transition before admission",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY.subtract(days=1)),
        ("as_of: 2025-03-02 is before admission; allowed: a date on or after admitted=2025-03-03"),
    ),
    (
        "transition after discharge",
        lambda: evaluate_transition(DISCHARGED, as_of=MONDAY.add(days=20)),
        (
            "episode: 'discharged 2025-03-13' is already discharged; allowed: an episode "
            "not yet discharged on as_of (discharge is terminal)"
        ),
    ),
    (
        "transition assessments",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY, assessments=[ASSESSMENT, "x", OTHER]),
        "$.assessments[1]: 'x' is not allowed; allowed: Assessment values",
    ),
    (
        "transition assessments not iterable",
        lambda: evaluate_transition(EPISODE, as_of=MONDAY, assessments=7),  # type: ignore[arg-type]
        "assessments: 7 is not allowed; allowed: an iterable of Assessment values",
    ),
    (
        "as_of a naive datetime",
        lambda: weekly_compliance([], REQUIREMENT, tz=TZ, as_of=dt.datetime(2025, 3, 3, 9)),  # noqa: DTZ001 - naive on purpose
        (
            "as_of: 2025-03-03T09:00:00 has no time zone; allowed: an aware datetime "
            "(pendulum.DateTime with a time zone)"
        ),
    ),
    (
        "sessions of three participants",
        lambda: weekly_compliance(
            [_session(), _session("p-2"), _session("p-3")], REQUIREMENT, tz=TZ
        ),
        (
            "2 problems in sessions\n$.sessions[1].participant_id: 'p-2' is another "
            "participant's session; allowed: the participant of the first session "
            "('p-1')\n$.sessions[2].participant_id: 'p-3' is another participant's "
            "session; allowed: the participant of the first session ('p-1')"
        ),
    ),
    (
        "as_of before admitted with a later discharge",
        lambda: weekly_compliance(
            [],
            REQUIREMENT,
            tz=TZ,
            admitted=MONDAY,
            discharged=MONDAY.add(days=9),
            as_of=MONDAY.subtract(days=7),
        ),
        ("as_of: 2025-02-24 is before admission; allowed: a day on or after admitted=2025-03-03"),
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"),
    [(call, text) for _, call, text in CASES],
    ids=[name for name, _, _ in CASES],
)
def test_the_message_says_exactly_this(call: Callable[[], object], expected: str) -> None:
    with pytest.raises(IopcoreError) as caught:
        call()
    assert message_of(caught.value) == expected


def test_every_case_has_its_own_name() -> None:
    names = [name for name, _, _ in CASES]
    assert len(names) == len(set(names))
