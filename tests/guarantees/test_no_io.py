"""No public function reads or writes a file, opens a socket or starts a process, and
``import iopcore`` loads neither hypothesis nor the serialization machinery."""

import os
import subprocess
import sys
import textwrap


def _python(code):
    """``python -c code`` in a clean interpreter: coverage measures the test run's
    subprocesses (``[tool.coverage.run] patch``), and would import modules of its own."""
    measured = ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")
    env = {key: value for key, value in os.environ.items() if key not in measured}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )


# ---------------------------------------------------------------- no I/O

NO_IO_SCRIPT = textwrap.dedent(
    """
    import sys, os
    events = []
    READ_OK = (".py", ".pyc", ".so", ".pth")

    def allowed_read(path):
        path = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
        return (
            path.endswith(READ_OK)
            or os.path.isdir(path)
            or "zoneinfo" in path
            or "tzdata" in path
        )

    def hook(event, args):
        if event.startswith(("socket.", "subprocess.")) or event in ("os.system", "os.exec", "os.posix_spawn", "os.fork"):
            events.append((event, repr(args)[:200]))
        elif event == "open":
            path, mode = args[0], args[1]
            if isinstance(path, int):
                return
            writing = mode is not None and any(flag in str(mode) for flag in "wax+")
            flags = args[2] if len(args) > 2 else 0
            if isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                writing = True
            if writing or not allowed_read(path):
                events.append((event, repr(args)[:200]))

    sys.addaudithook(hook)

    import pendulum
    import iopcore
    from iopcore import Condition, LevelOfCare, Participant, levels, serialize

    as_of = pendulum.datetime(2026, 3, 1, 9, tz="America/New_York")
    person = Participant(id="p-1", birth_date=pendulum.date(2008, 2, 29), conditions=["ocd"])
    person.age_on(as_of); person.population_on(as_of.date())
    LevelOfCare.from_code("IOP"); Condition.from_icd10("F42.2")
    for edition in (3, 4):
        for row in (levels.ASAM_3RD_EDITION if edition == 3 else levels.ASAM_4TH_EDITION):
            levels.from_asam(row.code, edition=edition)
        levels.to_asam(LevelOfCare.RESIDENTIAL, edition=edition)
    levels.from_locus(3); levels.to_locus(LevelOfCare.OUTPATIENT)
    levels.from_calocus_casii(4); levels.to_calocus_casii(LevelOfCare.INPATIENT)
    serialize.from_json(serialize.to_json(person), Participant)
    try:
        serialize.from_dict({"id": 1}, Participant)
    except iopcore.exceptions.IopcoreError:
        pass
    from iopcore.instruments import get_instrument, available_instruments, change
    for name in available_instruments():
        module = get_instrument(name)
        module.score([None] * module.ITEM_COUNT)
        module.is_valid(["x"]); module.is_valid([None] * module.ITEM_COUNT)
    phq = get_instrument("phq9")
    first, last = phq.score([2] * 9), phq.score([0, 1, 0, 1, 0, 0, 0, 1, 0])
    get_instrument("audit_c").score([1, 1, 1], sex="female")
    get_instrument("cssrs").score([True] * 6, behaviour_within_3_months=False)
    get_instrument("pcl5").score([2] * 20, cutoff=31)
    change.reliable_change(first, last, sd=5.5, reliability=0.84)
    change.reliable_change_threshold("gad7")
    change.response(first, last); change.remission(last); change.is_case(first)
    change.recovery(first, last); change.reliable_recovery(first, last)
    change.reliable_improvement(first, last); change.reliable_deterioration(first, last)
    course = change.Trajectory.from_measurements(
        [(pendulum.date(2026, 1, 5), first), (pendulum.date(2026, 2, 2), last)],
        as_of=as_of,
    )
    (course.first_response, course.first_remission, course.weeks_to_remission,
     course.remission_sustained(1), course.reliable_deterioration, course.skipped)
    serialize.from_json(serialize.to_json(course), change.Trajectory)
    from iopcore.explain import explain_trajectory, reliable_change_html, score_html, trajectory_html
    explain_trajectory(course); trajectory_html(course); course._repr_html_()
    score_html(first); first._repr_html_()
    moved = change.reliable_change(first, last, sd=5.5, reliability=0.84)
    reliable_change_html(moved); moved._repr_html_()
    from iopcore import recommend_level
    from iopcore.assessments import Assessment
    from iopcore.explain import explain, to_html, to_markdown
    from iopcore.instruments import cssrs as cssrs_module
    from iopcore.rulesets import available, get_ruleset
    from iopcore.rulesets.locus import LocusRatings, assign
    day = pendulum.date(2026, 3, 2)
    assessment = Assessment(
        participant_id="p-1", assessed_on=day, ratings={"safety": 2, "symptoms": 3},
        facts={"support_outside_program_hours": True}, conditions=["eating disorder"],
        scores=[cssrs_module.score([True, False, None, None, None, False])],
    )
    for ruleset_id in available():
        result = recommend_level(assessment, ruleset=get_ruleset(ruleset_id, as_of=day), as_of=day)
        explain(result); to_markdown(result); to_html(result)
        result.override(LevelOfCare.INPATIENT, reason="x", decided_by="physician")
        serialize.from_json(serialize.to_json(get_ruleset(ruleset_id)), type(get_ruleset(ruleset_id)))
    assign(LocusRatings(**dict.fromkeys(
        ("risk_of_harm", "functional_status", "comorbidity", "recovery_stress",
         "recovery_support", "treatment_history", "engagement"), 3)))
    from iopcore.episodes import Discharge, Episode, LevelChange
    from iopcore.explain import timeline, timeline_html
    stay = Episode(participant_id="p-1", admitted=day, initial_level="IOP")
    stay = stay.with_event(LevelChange(
        effective=day.add(days=7), recorded=day.add(days=9), from_level="IOP", to_level="PHP",
        reason="safety risk", decided_by="psychiatrist", note="x",
    )).with_event(Discharge(effective=day.add(days=30), recorded=day.add(days=30), reason="goals met"))
    stay.level_on(as_of); stay.length_of_stay(as_of); stay.days_at_each_level(day.add(days=60))
    stay.known_on(day.add(days=8)); stay.is_discharged(as_of); stay.discharge
    timeline(stay); timeline_html(stay); stay._repr_html_()
    serialize.from_json(serialize.to_json(stay), Episode)
    from iopcore.transitions import evaluate_transition, obligations
    from iopcore.explain import explain_transition, transition_html
    history = [
        Assessment(participant_id="p-1", assessed_on=day.add(weeks=w), ratings={"symptoms": 2},
                   scores=[get_instrument("phq9").score([2 - min(w, 2)] * 9)])
        for w in range(4)
    ]
    for on in (day.add(days=6), day.add(days=21), day.add(days=29)):
        decision = evaluate_transition(stay, assessments=history, sessions=[], as_of=on)
        explain_transition(decision); transition_html(decision); decision._repr_html_()
        decision.event(decided_by="psychiatrist")
        obligations(stay, as_of=on, assessments=history, certified=[day], plan_reviews=[day])
    # INTENSITY-NO-IO
    from iopcore.intensity import requirement_for
    from iopcore.rulesets import medicare
    from iopcore.sessions import ProgramCalendar, Session
    group = Session(
        participant_id="p-1", service="group therapy", attendance="attended in part",
        start=pendulum.datetime(2026, 3, 2, 9, tz="America/New_York"),
        end=pendulum.datetime(2026, 3, 2, 12, tz="America/New_York"), attended_minutes=90,
    )
    group.hours; group.scheduled_hours
    serialize.from_json(serialize.to_json(group), Session)
    calendar = ProgramCalendar(tz="America/New_York", closures=[day], partial_days={day.add(days=1): 0.5})
    calendar.week_start(day); calendar.open_fraction(day)
    requirement = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, "adult")
    requirement.describe(); requirement.above_ceiling(20.0)
    requirement_for(LevelOfCare.PARTIAL_HOSPITALIZATION, "adolescent", ruleset=get_ruleset("medicare"))
    medicare.per_diem_tier(4)
    medicare.recertification_due(LevelOfCare.PARTIAL_HOSPITALIZATION, admitted=day)
    from iopcore.intensity import weekly_compliance
    weeks = weekly_compliance(
        [group], requirement, tz="America/New_York", calendar=calendar, as_of=day.add(days=20),
        stepping_down=True, partial_weeks="exclude",
    )
    weeks.table(); weeks._repr_html_(); weeks.met; weeks[0].week_end
    serialize.from_json(serialize.to_json(weeks), type(weeks))
    serialize.from_json(serialize.to_json(decision), type(decision))
    serialize.from_json(serialize.to_json(result), type(result))
    from iopcore.explain import compliance_html
    compliance_html(weeks)
    from iopcore.intensity import attendance_summary, planned_compliance
    from iopcore.sessions import ScheduleTemplate, WeeklySlot
    template = ScheduleTemplate(tz="America/New_York", slots=[
        WeeklySlot(weekday=d, start=pendulum.time(9), end=pendulum.time(12)) for d in (0, 2, 4)
    ])
    template.weekly_hours
    planned_compliance(template, requirement, start=day, end=day.add(days=30), calendar=calendar)
    attendance_summary([group], tz="America/New_York", start=day, end=day.add(days=7))
    medicare.billing_days([group], tz="America/New_York", start=day, end=day.add(days=7))
    from iopcore import fhir
    fhir.bundle([
        fhir.episode_of_care(stay, as_of=as_of), fhir.encounter(group),
        fhir.observation(first, participant_id="p-1", effective=as_of),
        fhir.observation(last, participant_id="p 1", effective=day),
        *fhir.code_systems(),
    ])
    # PROGRAMS-NO-IO
    import attrs
    from iopcore.programs import (
        DBT_SKILLS, Curriculum, Module, Program, curriculum_progress, group_capacity, match,
        schedule_intensity,
    )
    from iopcore.explain import explain_program, explain_progress, program_html, progress_html
    from iopcore.placement import recommend_level
    dbt = Program(
        id="dbt", name="DBT IOP", level="IOP", populations=["adult"], conditions=["depression"],
        calendar=calendar, schedules=[template], curriculum=DBT_SKILLS, curriculum_start=day,
        max_group_size=1,
    )
    dbt.weekly_hours; dbt.lines(); dbt._repr_html_(); explain_program(dbt); program_html(dbt)
    serialize.from_json(serialize.to_json(dbt), Program)
    Curriculum(name="cbt", modules=[Module(name="m", approach="CBT", length=2)], unit="sessions").module_at(3)
    person = Participant(id="p-1", birth_date=pendulum.date(1990, 1, 1), conditions=["depression"])
    placed = recommend_level(Assessment(participant_id="p-1", assessed_on=day, ratings={"safety": 4}), as_of=day)
    match(dbt, person, placed, as_of=day).lines()
    schedule_intensity(dbt, start=day, end=day.add(days=30))
    group_capacity(dbt, [group, attrs.evolve(group, participant_id="p-2")])
    progress = curriculum_progress(dbt, [attrs.evolve(group, service="group therapy")], as_of=day.add(days=3))
    progress.lines(); progress._repr_html_(); explain_progress(progress); progress_html(progress)
    from iopcore import cohort, synthetic as cohort_synthetic
    histories = cohort_synthetic.histories(3, seed=1, as_of=day, weeks=3)
    options = {"as_of": day, "tz": "America/New_York"}
    rows = list(cohort.participant_records(histories, **options))
    list(cohort.placement_records(histories, **options)); list(cohort.week_records(histories, **options))
    cohort.evaluate_participant(histories[0], **options)
    summary = cohort.merge([cohort.summarize(rows[:1]), cohort.summarize(rows[1:])])
    summary.to_text(); summary._repr_html_(); summary.rows(); summary.phq9.response_rate
    from iopcore.explain import cohort_html
    cohort_html(summary)
    from iopcore.__main__ import walkthrough, programs as walkthrough_programs
    walkthrough(); walkthrough(participants=3, seed=5); walkthrough_programs()
    list(cohort_synthetic.census(3, seed=1, as_of=day)); list(cohort_synthetic.iter_histories(2, seed=1, as_of=day, weeks=2))
    list(cohort_synthetic.iter_participants(2, seed=1, as_of=day)); list(cohort_synthetic.iter_assessments(2, seed=1, as_of=day))
    print(repr(events))
    """
)


def test_public_functions_do_no_io():
    result = _python(NO_IO_SCRIPT)
    assert result.stdout.strip() == "[]", result.stdout


def test_the_audit_hook_would_notice_io():
    """The no-I/O check is real: the same hook flags a write and a socket."""
    script = NO_IO_SCRIPT.replace(
        "print(repr(events))",
        "open(os.devnull, 'w').close()\n"
        "import socket; socket.socket().close()\n"
        "print(len(events) >= 2)",
    )
    result = _python(script)
    assert result.stdout.strip() == "True"


def test_import_iopcore_does_not_import_hypothesis():
    code = "import sys, iopcore, iopcore.levels, iopcore.participants, iopcore.serialize, iopcore.instruments.change, iopcore.instruments.phq9; print('hypothesis' in sys.modules)"
    result = _python(code)
    assert result.stdout.strip() == "False"


def test_import_iopcore_does_not_import_serialize_machinery():
    code = "import sys, iopcore; print(sorted(m for m in ('cattrs', 'json', 'iopcore.serialize') if m in sys.modules))"
    result = _python(code)
    assert result.stdout.strip() == "[]"


def test_import_iopcore_imports_no_frame_library():
    # iopcore.frames is an extra: the core never pulls in narwhals or a frame library.
    code = (
        "import sys, iopcore, iopcore.cohort, iopcore.intensity, iopcore.placement; "
        "print(sorted(m for m in ('narwhals', 'polars', 'pandas', 'pyarrow', 'duckdb', 'numpy') "
        "if m in sys.modules))"
    )
    result = _python(code)
    assert result.stdout.strip() == "[]"
