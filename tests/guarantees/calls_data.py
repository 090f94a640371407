"""Junk calls of sessions and intensity, schedules and admissions, FHIR and cohorts:
one argument replaced by junk."""

import datetime as dt
import functools
from collections.abc import Hashable

from junk import (
    BAND_FIELDS,
    CALENDAR_FIELDS,
    COHORT_DAY,
    DAY,
    EPISODE_FIELDS,
    NY,
    SESSION_FIELDS,
    drawn,
)

import iopcore
from iopcore import (
    cohort,
    episodes,
    explain,
    intensity,
    rulesets,
    serialize,
    sessions,
    synthetic,
)
from iopcore.exceptions import short_repr
from iopcore.instruments import (
    phq9,
)
from iopcore.rulesets import asam, medicare
from iopcore.testing import strategies


def intensity_calls(junk):  # noqa: PLR0915 - one table of every entry point
    """The session and intensity entry points, each with one argument replaced by junk."""
    yield "WeeklyCompliance.from_form", lambda j=junk: intensity.WeeklyCompliance.from_form(j)
    for cls, fields in (
        (sessions.Session, SESSION_FIELDS),
        (sessions.ProgramCalendar, CALENDAR_FIELDS),
        (rulesets.HourBand, BAND_FIELDS),
        (intensity.IntensityRequirement, {**BAND_FIELDS, "required_services": {}, "ruleset": None}),
    ):
        for field in fields:
            yield (
                f"{cls.__name__}({field})",
                lambda j=junk, c=cls, fs=fields, f=field: c(**{**fs, f: j}),
            )
    yield (
        "ProgramCalendar(partial_days value)",
        lambda j=junk: sessions.ProgramCalendar(tz=NY, partial_days={DAY: j}),
    )
    yield (
        "ProgramCalendar(partial_days key)",
        lambda j=junk: sessions.ProgramCalendar(
            tz=NY, partial_days={j if isinstance(j, Hashable) else short_repr(j): 0.5}
        ),
    )
    yield (
        "IntensityRequirement(required_services)",
        lambda j=junk: intensity.IntensityRequirement(
            **BAND_FIELDS, required_services={"group therapy": j}
        ),
    )
    calendar = sessions.ProgramCalendar(tz=NY)
    yield "ProgramCalendar.week_start", lambda j=junk: calendar.week_start(j)
    yield "ProgramCalendar.open_fraction", lambda j=junk: calendar.open_fraction(j)
    requirement = intensity.requirement_for(iopcore.LevelOfCare.OUTPATIENT, "adult")
    yield (
        "IntensityRequirement.above_ceiling",
        lambda j=junk: requirement.above_ceiling(j if isinstance(j, int | float) else 1.0),
    )
    yield "IntensityRequirement.describe", requirement.describe
    adult = iopcore.Population.ADULT
    yield "requirement_for(level)", lambda j=junk: intensity.requirement_for(j, adult)
    yield (
        "requirement_for(population)",
        lambda j=junk: intensity.requirement_for(iopcore.LevelOfCare.OUTPATIENT, j),
    )
    yield (
        "requirement_for(ruleset)",
        lambda j=junk: intensity.requirement_for(iopcore.LevelOfCare.OUTPATIENT, adult, ruleset=j),
    )
    yield (
        "Ruleset(hours)",
        lambda j=junk: rulesets.Ruleset(id="x", version="1", effective_from=DAY, hours=j),
    )
    yield (
        "Ruleset(hours item)",
        lambda j=junk: rulesets.Ruleset(id="x", version="1", effective_from=DAY, hours=[j]),
    )
    yield "Ruleset.hour_band(level)", lambda j=junk: asam.RULESET.hour_band(j, adult)
    yield (
        "Ruleset.hour_band(population)",
        lambda j=junk: asam.RULESET.hour_band(iopcore.LevelOfCare.OUTPATIENT, j),
    )
    yield "per_diem_tier", lambda j=junk: medicare.per_diem_tier(j)
    yield "per_diem_tier(setting)", lambda j=junk: medicare.per_diem_tier(3, setting=j)
    iop = iopcore.LevelOfCare.INTENSIVE_OUTPATIENT
    yield "recertification_due(level)", lambda j=junk: medicare.recertification_due(j, admitted=DAY)
    yield (
        "recertification_due(admitted)",
        lambda j=junk: medicare.recertification_due(iop, admitted=j),
    )
    yield (
        "recertification_due(last_certified)",
        lambda j=junk: medicare.recertification_due(iop, admitted=DAY, last_certified=j),
    )
    yield (
        "from_dict(Session field)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(sessions.Session(**SESSION_FIELDS)), "end": j}, sessions.Session
        ),
    )
    group = sessions.Session(**SESSION_FIELDS)
    options = {
        "tz": NY,
        "calendar": None,
        "admitted": None,
        "discharged": None,
        "as_of": None,
        "stepping_down": False,
        "partial_weeks": "prorate",
    }
    yield (
        "weekly_compliance(sessions)",
        lambda j=junk: intensity.weekly_compliance(j, requirement, tz=NY),
    )
    yield (
        "weekly_compliance(session)",
        lambda j=junk: intensity.weekly_compliance([group, j], requirement, tz=NY),
    )
    yield (
        "weekly_compliance(requirement)",
        lambda j=junk: intensity.weekly_compliance([group], j, tz=NY),
    )
    for option in options:
        yield (
            f"weekly_compliance({option})",
            lambda j=junk, o=option: intensity.weekly_compliance(
                [group], requirement, **{**options, o: j}
            ),
        )
    weeks = intensity.weekly_compliance([group], requirement, tz=NY)
    yield "WeeklyCompliance.table", weeks.table
    # The renderer takes the weeks iopcore built (as the other renderers here).
    yield "compliance_html", lambda j=junk: explain.compliance_html(weeks) if j is None else None
    slot_fields = {"weekday": 0, "start": dt.time(9), "end": dt.time(12), "service": "skills group"}
    for field in slot_fields:
        yield (
            f"WeeklySlot({field})",
            lambda j=junk, f=field: sessions.WeeklySlot(**{**slot_fields, f: j}),
        )
    slot = sessions.WeeklySlot(**slot_fields)
    yield "ScheduleTemplate(tz)", lambda j=junk: sessions.ScheduleTemplate(tz=j, slots=[slot])
    yield "ScheduleTemplate(slots)", lambda j=junk: sessions.ScheduleTemplate(tz=NY, slots=j)
    yield (
        "ScheduleTemplate(slots item)",
        lambda j=junk: sessions.ScheduleTemplate(tz=NY, slots=[j]),
    )
    plan = sessions.ScheduleTemplate(tz=NY, slots=[slot])
    plan_options = {"start": DAY, "end": DAY.add(days=9), "calendar": None}
    yield "ScheduleTemplate.sessions", lambda j=junk: plan.sessions(j, **plan_options)
    for option in plan_options:
        yield (
            f"ScheduleTemplate.sessions({option})",
            lambda j=junk, o=option: plan.sessions("p", **{**plan_options, o: j}),
        )
        yield (
            f"planned_compliance({option})",
            lambda j=junk, o=option: intensity.planned_compliance(
                plan, requirement, **{**plan_options, o: j}
            ),
        )
    yield (
        "planned_compliance(template)",
        lambda j=junk: intensity.planned_compliance(j, requirement, start=DAY, end=DAY),
    )
    yield (
        "planned_compliance(partial_weeks)",
        lambda j=junk: intensity.planned_compliance(
            plan, requirement, start=DAY, end=DAY, partial_weeks=j
        ),
    )
    yield "checked_requirement", lambda j=junk: intensity.checked_requirement(j)
    yield "checked_calendar", lambda j=junk: intensity.checked_calendar(j, tz=NY)
    yield "checked_calendar(tz)", lambda j=junk: intensity.checked_calendar(None, tz=j)
    summary_options = {"tz": NY, "start": None, "end": None, "excuse_absences": True}
    yield "attendance_summary", lambda j=junk: intensity.attendance_summary(j, tz=NY)
    yield (
        "attendance_summary(session)",
        lambda j=junk: intensity.attendance_summary([group, j], tz=NY),
    )
    billing_options = {"tz": NY, "start": DAY, "end": DAY.add(days=3), "setting": "hospital"}
    yield "billing_days", lambda j=junk: medicare.billing_days(j, **billing_options)
    yield "billing_days(session)", lambda j=junk: medicare.billing_days([j], **billing_options)
    for option in summary_options:
        yield (
            f"attendance_summary({option})",
            lambda j=junk, o=option: intensity.attendance_summary(
                [group], **{**summary_options, o: j}
            ),
        )
    for option in billing_options:
        yield (
            f"billing_days({option})",
            lambda j=junk, o=option: medicare.billing_days([group], **{**billing_options, o: j}),
        )
    for option in ("tz", "min_date", "max_date", "around_dst", "participant_ids"):
        yield (
            f"strategies.sessions({option})",
            lambda j=junk, o=option: strategies.sessions(**{o: j}),
        )
        yield (
            f"strategies.attendance_histories({option})",
            lambda j=junk, o=option: strategies.attendance_histories(**{o: j}),
        )
    for option in ("min_size", "max_size"):
        yield (
            f"strategies.attendance_histories({option})",
            lambda j=junk, o=option: strategies.attendance_histories(**{o: j}),
        )
    yield "strategies.program_calendars", lambda j=junk: strategies.program_calendars(tz=j)
    # INTENSITY-JUNK-MORE


def schedule_and_admission_calls(junk):
    """The typical weeks of the testing kit and the synthetic admissions."""
    for option in (
        "week",
        "max_weeks",
        "tz",
        "min_date",
        "max_date",
        "around_dst",
        "all_attended",
        "participant_ids",
    ):
        yield (
            f"strategies.scheduled_histories({option})",
            lambda j=junk, o=option: strategies.scheduled_histories(**{o: j}),
        )
    yield "strategies.typical_weeks", lambda j=junk: strategies.typical_weeks(j)
    typical = {"level": iopcore.LevelOfCare.INTENSIVE_OUTPATIENT, "days": 3}
    typical |= {"hours_per_day": 3, "source": "where"}
    for option in typical:
        yield (
            f"TypicalWeek({option})",
            lambda j=junk, o=option: strategies.TypicalWeek(**{**typical, o: j}),
        )
    period = {"seed": 1, "start": DAY, "end": DAY.add(days=30), "as_of": DAY.add(days=60)}
    period |= {"tz": NY}
    yield "synthetic.admissions(n)", lambda j=junk: drawn(synthetic.admissions(j, **period))
    for option in period:
        yield (
            f"synthetic.admissions({option})",
            lambda j=junk, o=option: drawn(synthetic.admissions(1, **{**period, o: j})),
        )


def fhir_calls(junk):
    """The FHIR export's entry points, each with one argument replaced by junk."""
    from iopcore import fhir  # noqa: PLC0415 - loaded with its table

    stay = episodes.Episode(**EPISODE_FIELDS)
    yield "episode_of_care(episode)", lambda j=junk: fhir.episode_of_care(j, as_of=DAY)
    yield "episode_of_care(as_of)", lambda j=junk: fhir.episode_of_care(stay, as_of=j)
    score = phq9.score([1] * 9)
    fields = {"participant_id": "p-1", "effective": DAY}
    yield "observation(score)", lambda j=junk: fhir.observation(j, **fields)
    for option in fields:
        yield (
            f"observation({option})",
            lambda j=junk, o=option: fhir.observation(score, **{**fields, o: j}),
        )
    yield "encounter", lambda j=junk: fhir.encounter(j)
    yield "bundle", lambda j=junk: fhir.bundle(j)
    yield "bundle(resource)", lambda j=junk: fhir.bundle([j])
    yield "bundle(resource value)", lambda j=junk: fhir.bundle([{"resourceType": "Basic", "x": j}])
    yield "code_systems", fhir.code_systems
    mrn = "mrn-1"
    policy = {"pseudonyms": {mrn: "study-1"}, "dates": "shifted", "shift_days": {mrn: 5}}
    for option in policy:
        yield (
            f"Deidentify({option})",
            lambda j=junk, o=option: fhir.Deidentify(**{**policy, o: j}),
        )
    shifted = fhir.Deidentify(**policy)
    yield "Deidentify.participant", lambda j=junk: shifted.participant(j)
    yield "Deidentify.day", lambda j=junk: shifted.day(j, mrn, field="day")
    yield "Deidentify.moment", lambda j=junk: shifted.moment(j, mrn, field="moment")
    yield (
        "episode_of_care(deidentify)",
        lambda j=junk: fhir.episode_of_care(stay, as_of=DAY, deidentify=j),
    )
    yield (
        "observation(deidentify)",
        lambda j=junk: fhir.observation(score, **fields, deidentify=j),
    )
    exported = fhir.encounter(sessions.Session(**SESSION_FIELDS))
    key = bytes(16)
    yield "deidentified", lambda j=junk: fhir.deidentified(j, key=key)
    yield "deidentified(key)", lambda j=junk: fhir.deidentified(exported, key=j)
    yield "deidentified(dates)", lambda j=junk: fhir.deidentified(exported, key=key, dates=j)
    for part in exported:
        yield (
            f"deidentified({part})",
            lambda j=junk, p=part: fhir.deidentified({**exported, p: j}, key=key, dates="shift"),
        )
    yield (
        "deidentified(Bundle.entry)",
        lambda j=junk: fhir.deidentified(
            {"resourceType": "Bundle", "type": "collection", "entry": [j]}, key=key
        ),
    )
    yield from questionnaire_calls(junk)
    yield from care_import_calls(junk)


def care_import_calls(junk):
    """Encounter, EpisodeOfCare and Bundle import, junk in each argument and each element."""
    from iopcore import fhir  # noqa: PLC0415 - loaded with its table

    group = sessions.Session(**SESSION_FIELDS)
    visit = fhir.encounter(group)
    yield "from_encounter", lambda j=junk: fhir.from_encounter(j)
    yield "from_encounter(services)", lambda j=junk: fhir.from_encounter(visit, services=j)
    yield (
        "from_encounter(services value)",
        lambda j=junk: fhir.from_encounter(visit, services={("urn:x", "g"): j}),
    )
    for part in visit:
        yield (
            f"from_encounter({part})",
            lambda j=junk, p=part: fhir.from_encounter({**visit, p: j}),
        )
    for part in ("period", "length", "class", "serviceType"):
        for key in visit[part]:
            yield (
                f"from_encounter({part}.{key})",
                lambda j=junk, p=part, k=key: fhir.from_encounter({**visit, p: {**visit[p], k: j}}),
            )
    stay = episodes.Episode(**EPISODE_FIELDS)
    care = fhir.episode_of_care(stay, as_of=DAY)
    options = {"as_of": DAY, "discharge_reason": "goals met"}
    yield "from_episode_of_care", lambda j=junk: fhir.from_episode_of_care(j, **options)
    for option in ("as_of", "levels", "discharge_reason"):
        yield (
            f"from_episode_of_care({option})",
            lambda j=junk, o=option: fhir.from_episode_of_care(care, **{**options, o: j}),
        )
    for part in (*care, "statusHistory"):
        yield (
            f"from_episode_of_care({part})",
            lambda j=junk, p=part: fhir.from_episode_of_care({**care, p: j}, **options),
        )
    sent = fhir.bundle([care, visit])
    yield "read_bundle", lambda j=junk: fhir.read_bundle(j, as_of=DAY)
    for option in ("as_of", "services", "levels", "discharge_reason", "skip"):
        yield (
            f"read_bundle({option})",
            lambda j=junk, o=option: fhir.read_bundle(sent, **{"as_of": DAY, o: j}),
        )
    for part in ("type", "entry"):
        yield (
            f"read_bundle(Bundle.{part})",
            lambda j=junk, p=part: fhir.read_bundle({**sent, p: j}, as_of=DAY),
        )
    yield "read_bundle(entry)", lambda j=junk: fhir.read_bundle({**sent, "entry": [j]}, as_of=DAY)
    yield (
        "read_bundle(resource)",
        lambda j=junk: fhir.read_bundle({**sent, "entry": [{"resource": j}]}, as_of=DAY),
    )
    records = {"participant_id": "p-1", "sessions": [group]}
    for option in ("participant_id", "episodes", "sessions", "assessments"):
        yield (
            f"BundleRecords({option})",
            lambda j=junk, o=option: fhir.BundleRecords(**{**records, o: j}),
        )
    for option in ("participants", "skipped"):
        yield f"BundleContents({option})", lambda j=junk, o=option: fhir.BundleContents(**{o: j})


def questionnaire_calls(junk):
    """Questionnaire import and export, junk in each argument and in each part of a response."""
    from iopcore import fhir  # noqa: PLC0415 - loaded with its table
    from iopcore.instruments import Responses  # noqa: PLC0415

    answer = {"valueCoding": {"system": "http://loinc.org", "code": "LA6569-3"}}
    resource = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": "Patient/p-1"},
        "authored": "2026-03-02",
        "item": [{"linkId": "/44250-9", "answer": [answer]}],
    }
    yield "from_questionnaire_response", lambda j=junk: fhir.from_questionnaire_response(j)
    yield (
        "from_questionnaire_response(instrument)",
        lambda j=junk: fhir.from_questionnaire_response(resource, instrument=j),
    )
    for part in resource:
        yield (
            f"from_questionnaire_response({part})",
            lambda j=junk, p=part: fhir.from_questionnaire_response({**resource, p: j}),
        )
    for where in ("linkId", "answer"):
        yield (
            f"from_questionnaire_response(item.{where})",
            lambda j=junk, w=where: fhir.from_questionnaire_response(
                {**resource, "item": [{"linkId": "/44250-9", w: j}]}
            ),
        )
    for value in ("valueCoding", "valueInteger", "valueDecimal", "valueBoolean"):
        yield (
            f"from_questionnaire_response({value})",
            lambda j=junk, v=value: fhir.from_questionnaire_response(
                {**resource, "item": [{"linkId": "/44250-9", "answer": [{v: j}]}]}
            ),
        )
    weighted = {
        "code": "x",
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue"}],
    }
    yield (
        "from_questionnaire_response(ordinalValue)",
        lambda j=junk: fhir.from_questionnaire_response(
            {
                **resource,
                "item": [
                    {
                        "linkId": "/44250-9",
                        "answer": [
                            {
                                "valueCoding": {
                                    **weighted,
                                    "extension": [{**weighted["extension"][0], "valueDecimal": j}],
                                }
                            }
                        ],
                    }
                ],
            }
        ),
    )
    kept = Responses(instrument="phq9", answers=[1] * 9)
    written = {"participant_id": "p-1", "authored": DAY}
    yield "to_questionnaire_response", lambda j=junk: fhir.to_questionnaire_response(j, **written)
    for option in written:
        yield (
            f"to_questionnaire_response({option})",
            lambda j=junk, o=option: fhir.to_questionnaire_response(kept, **{**written, o: j}),
        )
    yield (
        "from_questionnaire_response(options)",
        lambda j=junk: fhir.from_questionnaire_response(resource, options=j),
    )
    yield (
        "from_questionnaire_response(options value)",
        lambda j=junk: fhir.from_questionnaire_response(resource, options={"cutoff": j}),
    )


def cohort_calls(junk):
    """The cohort entry points, each with one argument replaced by junk."""
    histories = _cohort_histories()
    options = {"as_of": COHORT_DAY, "tz": NY}
    for option in ("as_of", "tz", "ruleset", "hours_ruleset", "partial_weeks"):
        yield (
            f"evaluate_participant({option})",
            lambda j=junk, o=option: cohort.evaluate_participant(histories[0], **{**options, o: j}),
        )
        for stream in (
            cohort.evaluate_cohort,
            cohort.participant_records,
            cohort.placement_records,
            cohort.week_records,
        ):
            yield (
                f"{stream.__name__}({option})",
                lambda j=junk, o=option, f=stream: list(f(histories, **{**options, o: j})),
            )
    yield "evaluate_participant(records)", lambda j=junk: cohort.evaluate_participant(j, **options)
    yield "evaluate_cohort(cohort)", lambda j=junk: list(cohort.evaluate_cohort(j, **options))
    yield "evaluate_cohort(item)", lambda j=junk: list(cohort.evaluate_cohort([j], **options))
    person = histories[0].participant
    for field in ("participant", "episode", "assessments", "sessions"):
        yield (
            f"ParticipantRecords({field})",
            lambda j=junk, f=field: cohort.ParticipantRecords(**{"participant": person, f: j}),
        )
    for field in ("assessments", "sessions"):
        yield (
            f"ParticipantRecords({field} item)",
            lambda j=junk, f=field: cohort.ParticipantRecords(participant=person, **{f: [j]}),
        )
    row = next(cohort.participant_records(histories, **options))
    yield "summarize", lambda j=junk: cohort.summarize(j)
    yield "summarize(item)", lambda j=junk: cohort.summarize([j])
    empty = cohort.CohortSummary()
    yield "cohort_html", lambda j=junk: explain.cohort_html(empty) if j is None else None
    for column in cohort.PARTICIPANT_COLUMNS:
        yield (
            f"summarize({column})",
            lambda j=junk, c=column: cohort.summarize([{**row, c: j}]),
        )
    yield "merge", lambda j=junk: cohort.merge(j)
    yield "merge(item)", lambda j=junk: cohort.merge([cohort.CohortSummary(), j])
    for field in (
        "participants",
        "levels",
        "recommended",
        "weeks_assessed",
        "weeks_met",
        "decisions",
        "step_ups",
        "step_downs",
        "discharges",
        "length_of_stay",
        "phq9",
        "gad7",
    ):
        yield (
            f"CohortSummary({field})",
            lambda j=junk, f=field: cohort.CohortSummary(**{"participants": 5, f: j}),
        )
    for field in ("levels", "recommended", "length_of_stay"):
        yield (
            f"CohortSummary({field} key)",
            lambda j=junk, f=field: cohort.CohortSummary(participants=5, **{f: [(j, 1)]}),
        )
        yield (
            f"CohortSummary({field} count)",
            lambda j=junk, f=field: cohort.CohortSummary(participants=5, **{f: [("IOP", j)]}),
        )
    for field in ("instrument", "eligible", "responses", "remissions", "days_to_remission"):
        yield (
            f"OutcomeSummary({field})",
            lambda j=junk, f=field: cohort.OutcomeSummary(
                **{"instrument": "phq9", "eligible": 3, f: j}
            ),
        )
    summary = cohort.CohortSummary(participants=2, levels={"IOP": 1})
    yield "CohortSummary.rows", lambda j=junk: summary.rows() if j is None else None
    yield "CohortSummary.to_text", lambda j=junk: summary.to_text() if j is None else None


@functools.cache
def _cohort_histories():
    return synthetic.histories(2, seed=3, as_of=COHORT_DAY, weeks=2)
