"""Junk calls of episodes, programs and transitions: one argument replaced by junk."""

import datetime as dt

from junk import (
    CHANGE_FIELDS,
    DAY,
    DISCHARGE_FIELDS,
    EPISODE_FIELDS,
    NY,
    SESSION_FIELDS,
    TRANSITION_DAY,
    VALID_PARTICIPANT,
)

import iopcore
from iopcore import (
    episodes,
    explain,
    placement,
    programs,
    rulesets,
    serialize,
    sessions,
)
from iopcore.rulesets import reference
from iopcore.testing import strategies


def episode_calls(junk):
    """The episode entry points, each with one argument replaced by junk."""
    for cls, fields in (
        (episodes.LevelChange, CHANGE_FIELDS),
        (episodes.Discharge, DISCHARGE_FIELDS),
        (episodes.Episode, EPISODE_FIELDS),
    ):
        for field in fields:
            yield (
                f"{cls.__name__}({field})",
                lambda j=junk, c=cls, fs=fields, f=field: c(**{**fs, f: j}),
            )
    yield (
        "Episode(events item)",
        lambda j=junk: episodes.Episode(**{**EPISODE_FIELDS, "events": [j]}),
    )
    stay = episodes.Episode(
        **{
            **EPISODE_FIELDS,
            "events": [
                episodes.LevelChange(**CHANGE_FIELDS),
                episodes.Discharge(**DISCHARGE_FIELDS),
            ],
        }
    )
    for method in ("level_on", "length_of_stay", "days_at_each_level", "known_on", "is_discharged"):
        yield f"Episode.{method}", lambda j=junk, m=method: getattr(stay, m)(j)
    yield "Episode.with_event", lambda j=junk: stay.with_event(j)
    yield "EpisodeEvent.kinds", episodes.EpisodeEvent.kinds
    for render in (explain.timeline, explain.timeline_html):
        yield render.__name__, lambda j=junk, r=render: r(stay) if j is None else None
    yield (
        "from_dict(Episode event)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(stay), "events": [j]}, episodes.Episode
        ),
    )
    yield (
        "from_dict(Episode event field)",
        lambda j=junk: serialize.from_dict(
            {
                **serialize.to_dict(stay),
                "events": [{**serialize.to_dict(stay)["events"][0], "effective": j}],
            },
            episodes.Episode,
        ),
    )
    for option in ("as_of", "min_events", "max_events", "discharged", "participant_ids"):
        yield (
            f"strategies.episodes({option})",
            lambda j=junk, o=option: strategies.episodes(**{o: j}),
        )


def _program_fields():
    slot = sessions.WeeklySlot(weekday=0, start=dt.time(9), end=dt.time(12))
    return {
        "id": "prog",
        "name": "Program",
        "level": "IOP",
        "populations": ["adult"],
        "conditions": ["depression"],
        "calendar": sessions.ProgramCalendar(tz=NY),
        "schedules": [sessions.ScheduleTemplate(tz=NY, slots=[slot])],
        "curriculum": programs.DBT_SKILLS,
        "curriculum_start": DAY,
        "max_group_size": 8,
        "group_services": ["group therapy"],
        "ruleset": "asam",
        "adult_age": 18,
    }


def program_calls(junk):
    """The program entry points, each with one argument replaced by junk."""
    fields = _program_fields()
    for field in fields:
        yield (
            f"Program({field})",
            lambda j=junk, f=field: programs.Program(**{**_program_fields(), f: j}),
        )
    yield "Program(schedules item)", lambda j=junk: programs.Program(**{**fields, "schedules": [j]})
    module_fields = {"name": "m", "approach": "CBT", "length": 2}
    for field in module_fields:
        yield (
            f"Module({field})",
            lambda j=junk, f=field: programs.Module(**{**module_fields, f: j}),
        )
    module = programs.Module(**module_fields)
    curriculum_fields = {
        "name": "c",
        "modules": [module],
        "unit": "weeks",
        "cyclic": True,
        "services": ["skills group"],
        "source": "",
    }
    for field in curriculum_fields:
        yield (
            f"Curriculum({field})",
            lambda j=junk, f=field: programs.Curriculum(**{**curriculum_fields, f: j}),
        )
    yield (
        "Curriculum(modules item)",
        lambda j=junk: programs.Curriculum(name="c", modules=[module, j]),
    )
    yield "Curriculum.module_at", lambda j=junk: programs.DBT_SKILLS.module_at(j)
    program = programs.Program(**fields)
    person = iopcore.Participant(**VALID_PARTICIPANT)
    placed = placement.Placement(
        participant_id="p-1",
        assessed_on=DAY,
        as_of=DAY,
        level=iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
        determinable=True,
        at_least=iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
        at_most=iopcore.LevelOfCare.INTENSIVE_OUTPATIENT,
        missing=(),
        findings=(),
        ruleset=rulesets.RulesetRef(id="r", version="1", hash="0"),
    )
    match_args = {"program": program, "participant": person, "placement": placed, "as_of": DAY}
    for option in match_args:
        yield (
            f"match({option})",
            lambda j=junk, o=option: programs.match(**{**match_args, o: j}),
        )
    yield "Match.lines", programs.match(**match_args).lines
    intensity_args = {
        "start": DAY,
        "end": DAY.add(days=13),
        "ruleset": None,
        "partial_weeks": "prorate",
    }
    yield "schedule_intensity", lambda j=junk: programs.schedule_intensity(j, start=DAY, end=DAY)
    for option in intensity_args:
        yield (
            f"schedule_intensity({option})",
            lambda j=junk, o=option: programs.schedule_intensity(
                program, **{**intensity_args, o: j}
            ),
        )
    group = sessions.Session(**SESSION_FIELDS)
    yield "group_capacity(program)", lambda j=junk: programs.group_capacity(j, [group])
    yield "group_capacity(sessions)", lambda j=junk: programs.group_capacity(program, j)
    yield "group_capacity(session)", lambda j=junk: programs.group_capacity(program, [group, j])
    yield (
        "curriculum_progress(program)",
        lambda j=junk: programs.curriculum_progress(j, [group], as_of=DAY),
    )
    yield (
        "curriculum_progress(sessions)",
        lambda j=junk: programs.curriculum_progress(program, j, as_of=DAY),
    )
    yield (
        "curriculum_progress(session)",
        lambda j=junk: programs.curriculum_progress(program, [group, j], as_of=DAY),
    )
    yield (
        "curriculum_progress(as_of)",
        lambda j=junk: programs.curriculum_progress(program, [group], as_of=j),
    )
    progress = programs.curriculum_progress(program, [group], as_of=DAY)
    yield "CurriculumProgress.lines", progress.lines
    yield "Program.lines", program.lines
    # Renderers take the values iopcore built (as the other renderers here).
    for render, shown in (
        (explain.explain_program, program),
        (explain.program_html, program),
        (explain.explain_progress, progress),
        (explain.progress_html, progress),
    ):
        yield render.__name__, lambda j=junk, r=render, v=shown: r(v) if j is None else None
    for option in ("tz", "curriculum", "ruleset"):
        yield (
            f"strategies.programs({option})",
            lambda j=junk, o=option: strategies.programs(**{o: j}),
        )
    for option in ("unit", "cyclic", "max_modules", "max_length"):
        yield (
            f"strategies.curricula({option})",
            lambda j=junk, o=option: strategies.curricula(**{o: j}),
        )


def transition_calls(junk):
    """The transition entry points, each with one argument replaced by junk."""
    from iopcore import transitions  # noqa: PLC0415 - loaded with its table

    open_episode = episodes.Episode(**{**EPISODE_FIELDS, "events": []})
    fields = {"episode": open_episode, "as_of": TRANSITION_DAY}
    for option in ("episode", "as_of", "ruleset", "assessments", "sessions"):
        yield (
            f"evaluate_transition({option})",
            lambda j=junk, o=option: transitions.evaluate_transition(**{**fields, o: j}),
        )
        yield (
            f"obligations({option})",
            lambda j=junk, o=option: transitions.obligations(
                **{**fields, **({} if o == "sessions" else {o: j})}
            ),
        )
    for option in ("certified", "plan_reviews", "medicare"):
        yield (
            f"obligations({option})",
            lambda j=junk, o=option: transitions.obligations(**{**fields, o: j}),
        )
    yield (
        "evaluate_transition(participant)",
        lambda j=junk: transitions.evaluate_transition(**fields, participant=j),
    )
    yield (
        "evaluate_transition(assessments item)",
        lambda j=junk: transitions.evaluate_transition(**fields, assessments=[j]),
    )
    yield (
        "obligations(certified item)",
        lambda j=junk: transitions.obligations(**fields, certified=[j]),
    )
    decision = transitions.evaluate_transition(
        open_episode, as_of=open_episode.admitted.add(days=59)
    )
    for option in ("decided_by", "recorded"):
        yield (
            f"TransitionDecision.event({option})",
            lambda j=junk, o=option: decision.event(**{"decided_by": "counselor", o: j}),
        )
    for option in ("name", "value", "source"):
        yield (
            f"TransitionParameter({option})",
            lambda j=junk, o=option: rulesets.TransitionParameter(
                **{"name": "taper_weeks", "value": 2, "source": "example", o: j}
            ),
        )
    yield (
        "Ruleset.transition_parameter",
        lambda j=junk: reference.RULESET.transition_parameter(j),
    )
    yield (
        "Ruleset(transitions)",
        lambda j=junk: rulesets.Ruleset(
            id="x", version="1", effective_from=TRANSITION_DAY, transitions=j
        ),
    )
    for render in (explain.explain_transition, explain.transition_html):
        yield render.__name__, lambda j=junk, r=render: r(decision) if j is None else None
    for option in ("ruleset", "as_of", "max_weeks", "tz", "participant_ids"):
        yield (
            f"strategies.histories({option})",
            lambda j=junk, o=option: strategies.histories(**{o: j}),
        )
