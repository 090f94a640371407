"""Junk calls of levels, participants, serialization, instruments, placement, outcomes
and the test kit: one argument replaced by junk."""

import json
from collections.abc import Hashable

import pendulum
from junk import (
    DAY,
    INSTRUMENT_MODULES,
    JUNK,
    LOCUS_NAMES,
    VALID_PARTICIPANT,
    drawn,
)

import iopcore
from iopcore import (
    assessments,
    explain,
    instruments,
    intensity,
    levels,
    outcomes,
    placement,
    rules,
    rulesets,
    serialize,
    synthetic,
)
from iopcore.exceptions import short_repr
from iopcore.instruments import (
    audit_c,
    change,
    cssrs,
    pcl5,
    phq9,
)
from iopcore.rulesets import locus, reference
from iopcore.testing import invariants, strategies


def core_calls():
    """Every public constructor and function, with one argument replaced by junk."""
    someone = iopcore.Participant(**VALID_PARTICIPANT)
    for junk in JUNK:
        for field in VALID_PARTICIPANT:
            yield (
                f"Participant({field}=junk)",
                lambda j=junk, f=field: iopcore.Participant(**{**VALID_PARTICIPANT, f: j}),
            )
        yield "LevelOfCare.from_code", lambda j=junk: iopcore.LevelOfCare.from_code(j)
        yield "Condition.from_icd10", lambda j=junk: iopcore.Condition.from_icd10(j)
        yield "from_asam(code)", lambda j=junk: levels.from_asam(j, edition=3)
        yield "from_asam(edition)", lambda j=junk: levels.from_asam("2.1", edition=j)
        yield "to_asam(level)", lambda j=junk: levels.to_asam(j, edition=4)
        yield (
            "to_asam(edition)",
            lambda j=junk: levels.to_asam(iopcore.LevelOfCare.OUTPATIENT, edition=j),
        )
        yield "from_locus", lambda j=junk: levels.from_locus(j)
        yield "to_locus", lambda j=junk: levels.to_locus(j)
        yield "from_calocus_casii", lambda j=junk: levels.from_calocus_casii(j)
        yield "to_calocus_casii", lambda j=junk: levels.to_calocus_casii(j)
        yield "age_on", lambda j=junk: someone.age_on(j)
        yield "population_on(date)", lambda j=junk: someone.population_on(j)
        yield (
            "population_on(adult_age)",
            lambda j=junk: someone.population_on(pendulum.date(2020, 1, 1), adult_age=j),
        )
        yield "to_dict", lambda j=junk: serialize.to_dict(j)
        yield "to_json", lambda j=junk: serialize.to_json(j)
        yield "from_dict(data)", lambda j=junk: serialize.from_dict(j, iopcore.Participant)
        yield "from_dict(cls)", lambda j=junk: serialize.from_dict({}, j)
        yield "from_json(text)", lambda j=junk: serialize.from_json(j, iopcore.Participant)
        yield (
            "from_dict(field)",
            lambda j=junk: serialize.from_dict(
                {**serialize.to_dict(someone), "birth_date": j}, iopcore.Participant
            ),
        )
        yield (
            "from_json(field)",
            lambda j=junk: serialize.from_json(
                json.dumps({**serialize.to_dict(someone), "conditions": [short_repr(j)]}),
                iopcore.Participant,
            ),
        )
        yield (
            "from_dict(WeeklyCompliance)",
            lambda j=junk: serialize.from_dict(
                {"participant_id": None, "requirement": j, "weeks": [j]},
                intensity.WeeklyCompliance,
            ),
        )
        yield (
            "from_dict(CrosswalkRow)",
            lambda j=junk: serialize.from_dict(
                {**serialize.to_dict(levels.ASAM_3RD_EDITION[0]), "level": j, "code": j},
                levels.CrosswalkRow,
            ),
        )


def instrument_calls(junk):
    """The instrument entry points, each with one argument replaced by junk."""
    phq = phq9.score([1] * 9)
    for module in INSTRUMENT_MODULES:
        name = module.NAME
        yield f"{name}.score", lambda j=junk, m=module: m.score(j)
        yield f"{name}.validate", lambda j=junk, m=module: m.validate(j)
        yield f"{name}.is_valid", lambda j=junk, m=module: m.is_valid(j)
        yield (
            f"{name}.score(item)",
            lambda j=junk, m=module: m.score([j] * m.ITEM_COUNT),
        )
        yield (
            f"{name}.is_valid(item)",
            lambda j=junk, m=module: m.is_valid([None] * (m.ITEM_COUNT - 1) + [j]),
        )
    yield "audit_c.score(sex)", lambda j=junk: audit_c.score([1, 1, 1], sex=j)
    yield "audit_c.score(male_cutoff)", lambda j=junk: audit_c.score([1, 1, 1], male_cutoff=j)
    yield (
        "audit_c.score(female_cutoff)",
        lambda j=junk: audit_c.score([1, 1, 1], female_cutoff=j),
    )
    yield "pcl5.score(cutoff)", lambda j=junk: pcl5.score([1] * 20, cutoff=j)
    yield (
        "cssrs.score(follow-up)",
        lambda j=junk: cssrs.score([True] * 6, behaviour_within_3_months=j),
    )
    yield (
        "cssrs.validate(follow-up)",
        lambda j=junk: cssrs.validate([True] * 6, behaviour_within_3_months=j),
    )
    yield (
        "cssrs.is_valid(follow-up)",
        lambda j=junk: cssrs.is_valid([True] * 6, behaviour_within_3_months=j),
    )
    yield "get_instrument", lambda j=junk: instruments.get_instrument(j)
    yield "available_instruments", instruments.available_instruments
    yield (
        "Score(total)",
        lambda j=junk: instruments.Score(instrument="phq9", total=j, band=None, complete=False),
    )
    yield (
        "Score(flags)",
        lambda j=junk: instruments.Score(
            instrument=j, total=None, band=j, complete=j, flags=j, subscales=j, missing=j
        ),
    )
    yield "Score.subscale", lambda j=junk: phq.subscale(j)
    yield "Responses(instrument)", lambda j=junk: instruments.Responses(instrument=j, answers=[0])
    yield "Responses(answers)", lambda j=junk: instruments.Responses(instrument="gad7", answers=j)
    yield (
        "Responses(options)",
        lambda j=junk: instruments.Responses(instrument="audit_c", answers=[1, 1, 1], options=j),
    )
    yield (
        "Responses(option value)",
        lambda j=junk: instruments.Responses(
            instrument="audit_c", answers=[1, 1, 1], options={"sex": j}
        ),
    )
    kwargs = {"sd": 5.5, "reliability": 0.84}
    yield "reliable_change(before)", lambda j=junk: change.reliable_change(j, 3, **kwargs)
    yield "reliable_change(sd)", lambda j=junk: change.reliable_change(9, 3, sd=j, reliability=0.8)
    yield (
        "reliable_change(reliability)",
        lambda j=junk: change.reliable_change(9, 3, sd=5, reliability=j),
    )
    yield "reliable_change_threshold", lambda j=junk: change.reliable_change_threshold(j)
    yield "response", lambda j=junk: change.response(j, phq)
    yield "remission", lambda j=junk: change.remission(j)
    yield "remission(instrument)", lambda j=junk: change.remission(3, instrument=j)
    yield "is_case", lambda j=junk: change.is_case(phq, instrument=j)
    for rule in (
        change.recovery,
        change.reliable_recovery,
        change.reliable_improvement,
        change.reliable_deterioration,
    ):
        yield rule.__name__, lambda j=junk, f=rule: f(phq, j)
        yield f"{rule.__name__}(instrument)", lambda j=junk, f=rule: f(9, 3, instrument=j)
    on = pendulum.date(2026, 1, 5)
    yield "DatedScore(on)", lambda j=junk: change.DatedScore(on=j, score=phq)
    yield "DatedScore(score)", lambda j=junk: change.DatedScore(on=on, score=j)
    yield (
        "Trajectory.from_measurements",
        lambda j=junk: change.Trajectory.from_measurements(j, as_of=on, instrument="phq9"),
    )
    yield (
        "Trajectory.from_measurements(point)",
        lambda j=junk: change.Trajectory.from_measurements([(on, phq), j], as_of=on),
    )
    yield (
        "Trajectory.from_measurements(as_of)",
        lambda j=junk: change.Trajectory.from_measurements([(on, phq)], as_of=j),
    )
    yield (
        "Trajectory.from_measurements(instrument)",
        lambda j=junk: change.Trajectory.from_measurements([], as_of=on, instrument=j),
    )
    yield (
        "Trajectory(as_of)",
        lambda j=junk: change.Trajectory(instrument="phq9", as_of=j, measurements=[]),
    )
    course = change.Trajectory.from_measurements([(on, phq)], as_of=on)
    yield "remission_sustained", lambda j=junk: course.remission_sustained(j)
    for render, shown in (
        (explain.score_html, phq),
        (explain.reliable_change_html, change.reliable_change(9, 3, **kwargs)),
        (explain.explain_trajectory, course),
        (explain.trajectory_html, course),
    ):
        yield render.__name__, lambda j=junk, r=render, v=shown: r(v) if j is None else None
    yield (
        "from_json(Trajectory)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(course), "as_of": j}, change.Trajectory
        ),
    )


def placement_calls(junk):  # noqa: C901, PLR0915 - one table of every entry point
    """The placement engine's entry points, each with one argument replaced by junk."""
    good = assessments.Assessment(participant_id="p", assessed_on=DAY, ratings={"safety": 2})
    fields = {"participant_id": "p", "assessed_on": DAY}
    for field in (
        "participant_id",
        "assessed_on",
        "scores",
        "responses",
        "ratings",
        "facts",
        "measurements",
        "population",
        "conditions",
        "recorded_by",
    ):
        yield (
            f"Assessment({field})",
            lambda j=junk, f=field: assessments.Assessment(**{**fields, f: j}),
        )
    for field in ("ratings", "facts", "measurements"):
        yield (
            f"Assessment({field} value)",
            lambda j=junk, f=field: assessments.Assessment(**{**fields, f: {"x": j}}),
        )
        key = junk if isinstance(junk, Hashable) else short_repr(junk)
        yield (
            f"Assessment({field} key)",
            lambda j=key, f=field: assessments.Assessment(**{**fields, f: {j: 1}}),
        )
    yield "Assessment(scores item)", lambda j=junk: assessments.Assessment(**fields, scores=[j])
    yield (
        "Assessment(responses answers)",
        lambda j=junk: assessments.Assessment(**fields, responses={"phq9": j}),
    )
    for method in ("score", "rating", "fact", "measurement", "filled_from"):
        yield f"Assessment.{method}", lambda j=junk, m=method: getattr(good, m)(j)
    yield "recommend_level(assessment)", lambda j=junk: placement.recommend_level(j, as_of=DAY)
    yield (
        "recommend_level(ruleset)",
        lambda j=junk: placement.recommend_level(good, ruleset=j, as_of=DAY),
    )
    yield "recommend_level(as_of)", lambda j=junk: placement.recommend_level(good, as_of=j)
    result = placement.recommend_level(good, as_of=DAY)
    yield "override(level)", lambda j=junk: result.override(j, reason="x", decided_by="physician")
    yield (
        "override(reason)",
        lambda j=junk: result.override(
            iopcore.LevelOfCare.INPATIENT, reason=j, decided_by="physician"
        ),
    )
    yield (
        "override(decided_by)",
        lambda j=junk: result.override(iopcore.LevelOfCare.INPATIENT, reason="x", decided_by=j),
    )
    yield (
        "Override",
        lambda j=junk: placement.Override(level=j, reason=j, decided_by=j, direction=j),
    )
    for render in (explain.explain, explain.to_markdown, explain.to_html):
        yield render.__name__, lambda j=junk, r=render: r(result) if j is None else None
    predicates = [
        (rules.RatingAtLeast, ("dimension", "minimum")),
        (rules.RatingAtMost, ("dimension", "maximum")),
        (rules.RatingSumAtLeast, ("dimensions", "minimum")),
        (rules.RatingSumAtMost, ("dimensions", "maximum")),
        (rules.RatingCountAtLeast, ("dimensions", "value", "count")),
        (rules.ScoreAtLeast, ("instrument", "minimum")),
        (rules.BandAtLeast, ("instrument", "band")),
        (rules.FlagPresent, ("instrument", "flag")),
        (rules.FactIs, ("fact", "value")),
        (rules.MeasurementBelow, ("measurement", "threshold")),
        (rules.MeasurementAbove, ("measurement", "threshold")),
        (rules.PopulationIs, ("population",)),
        (rules.HasCondition, ("condition",)),
    ]
    for cls, names in predicates:
        for name in names:
            yield (
                f"{cls.__name__}({name})",
                lambda j=junk, c=cls, n=name, ns=names: c(**dict.fromkeys(ns, j) | {n: j}),
            )
    yield "all_of", lambda j=junk: rules.all_of(j)
    yield "any_of", lambda j=junk: rules.any_of(j, j)
    yield "not_", lambda j=junk: rules.not_(j)
    yield "AllOf", lambda j=junk: rules.AllOf(of=j)
    yield "walk", lambda j=junk: list(rules.walk(j))
    predicate = rules.RatingAtLeast(dimension="safety", minimum=2)
    yield "Predicate.evaluate", lambda j=junk: predicate.evaluate(j)
    yield (
        "Rule",
        lambda j=junk: rules.Rule(id=j, when=j, min_level=j, excludes=j, rationale=j, source=j),
    )
    yield (
        "Rule(excludes)",
        lambda j=junk: rules.Rule(id="r", when=predicate, excludes=[j], rationale="x", source="y"),
    )
    yield (
        "Rule(if_missing)",
        lambda j=junk: rules.Rule(id="r", when=predicate, rationale="x", source="y", if_missing=j),
    )
    rule = rules.Rule(id="r", when=predicate, rationale="x", source="y")
    yield "Rule.evaluate", lambda j=junk: rule.evaluate(j)
    yield "Branch", lambda j=junk: rules.Branch(id=j, when=j, then=j, otherwise=j)
    yield "Leaf", lambda j=junk: rules.Leaf(id=j, level=j, code=j)
    yield "DecisionTree", lambda j=junk: rules.DecisionTree(root=j, branches=j, leaves=j)
    yield "DecisionTree.walk", lambda j=junk: locus.TREE.walk(j)
    yield "DecisionTree.reach", lambda j=junk: locus.TREE.reach(j)
    known = assessments.Assessment(participant_id="p", assessed_on=DAY)
    yield "DecisionTree.missing_inputs", lambda j=junk: locus.TREE.missing_inputs(j, ["S0"])
    yield "DecisionTree.missing_inputs(steps)", lambda j=junk: locus.TREE.missing_inputs(known, j)
    ruleset_fields = {"id": "x", "version": "1", "effective_from": DAY}
    for field in (
        "id",
        "version",
        "effective_from",
        "effective_to",
        "sources",
        "rules",
        "tree",
        "other_inputs",
    ):
        yield (
            f"Ruleset({field})",
            lambda j=junk, f=field: rulesets.Ruleset(**{**ruleset_fields, f: j}),
        )
    yield "Ruleset.rule", lambda j=junk: reference.RULESET.rule(j)
    yield "Ruleset.check_names", lambda j=junk: reference.RULESET.check_names(j)
    yield "Ruleset.in_force_on", lambda j=junk: reference.RULESET.in_force_on(j)
    yield (
        "Ruleset.derive(drop)",
        lambda j=junk: reference.RULESET.derive(id="x", version="1", drop=[j]),
    )
    yield (
        "Ruleset.derive(add)",
        lambda j=junk: reference.RULESET.derive(id="x", version="1", add=[j]),
    )
    yield "Ruleset.derive(id)", lambda j=junk: reference.RULESET.derive(id=j, version=j)
    yield "rulesets.get", lambda j=junk: rulesets.get_ruleset(j)
    yield "rulesets.get_ruleset(as_of)", lambda j=junk: rulesets.get_ruleset("reference", as_of=j)
    yield (
        "rulesets.ruleset_for(ruleset)",
        lambda j=junk: rulesets.ruleset_for(j, as_of=pendulum.date(2026, 3, 2), default="asam"),
    )
    yield (
        "rulesets.ruleset_for(as_of)",
        lambda j=junk: rulesets.ruleset_for(None, as_of=j, default="asam"),
    )
    yield (
        "rulesets.ruleset_for(default)",
        lambda j=junk: rulesets.ruleset_for(None, as_of=pendulum.date(2026, 3, 2), default=j),
    )
    yield (
        "rulesets.get_ruleset(version)",
        lambda j=junk: rulesets.get_ruleset("reference", version=j),
    )
    yield "rulesets.available", rulesets.available
    yield (
        "from_json(Ruleset)",
        lambda j=junk: serialize.from_dict(
            {**serialize.to_dict(reference.RULESET), "rules": [j]}, rulesets.Ruleset
        ),
    )
    for name in LOCUS_NAMES:
        yield (
            f"LocusRatings({name})",
            lambda j=junk, n=name: locus.LocusRatings(**{**dict.fromkeys(LOCUS_NAMES, 2), n: j}),
        )
    ratings = locus.LocusRatings(**dict.fromkeys(LOCUS_NAMES, 2))
    yield "locus.assign", lambda j=junk: locus.assign(j)
    yield (
        "locus.assign(flags)",
        lambda j=junk: locus.assign(ratings, completed_treatment=j, act_team=j),
    )
    streams = ("iter_participants", "iter_assessments", "iter_histories", "census")
    for name in ("participants", "assessments", "cohort", "histories", *streams):
        # drawn() draws from the streams, which check their arguments at the call.
        make = getattr(synthetic, name)
        yield f"synthetic.{name}(n)", lambda j=junk, m=make: drawn(m(j, seed=1, as_of=DAY))
        yield f"synthetic.{name}(seed)", lambda j=junk, m=make: drawn(m(1, seed=j, as_of=DAY))
        yield f"synthetic.{name}(as_of)", lambda j=junk, m=make: drawn(m(1, seed=1, as_of=j))
    for name in ("assessments", "iter_assessments"):
        make = getattr(synthetic, name)
        yield (
            f"synthetic.{name}(for_ruleset)",
            lambda j=junk, m=make: drawn(m(1, seed=1, as_of=DAY, for_ruleset=j)),
        )
    for name in ("histories", "iter_histories", "census"):
        make = getattr(synthetic, name)
        for option in ("weeks", "tz"):
            yield (
                f"synthetic.{name}({option})",
                lambda j=junk, o=option, m=make: drawn(m(1, seed=1, as_of=DAY, **{o: j})),
            )


def outcome_calls(junk):
    intake = {"intake_start": DAY, "intake_end": DAY}
    yield "outcomes.drr_e(participants)", lambda j=junk: outcomes.drr_e(j, [], as_of=DAY, **intake)
    yield "outcomes.drr_e(assessments)", lambda j=junk: outcomes.drr_e([], j, as_of=DAY, **intake)
    yield "outcomes.drr_e(as_of)", lambda j=junk: outcomes.drr_e([], [], as_of=j, **intake)
    yield (
        "outcomes.drr_e(intake_start)",
        lambda j=junk: outcomes.drr_e([], [], as_of=DAY, intake_start=j, intake_end=DAY),
    )
    yield (
        "outcomes.drr_e(exclusions)",
        lambda j=junk: outcomes.drr_e([], [], as_of=DAY, exclusions=j, **intake),
    )
    yield (
        "outcomes.drr_e(exclusions[id])",
        lambda j=junk: outcomes.drr_e([], [], as_of=DAY, exclusions={"p": j}, **intake),
    )


def kit_calls(junk):
    """The testing kit's entry points, each with one argument replaced by junk.

    Strategies are only built here (Hypothesis draws lazily); check_ruleset runs on a
    one-rule ruleset with two examples whenever the junk happens to be valid.
    """
    tiny = rulesets.Ruleset(
        id="tiny",
        version="1",
        effective_from=DAY,
        rules=[
            rules.Rule(
                id="T-SAFETY-3",
                when=rules.RatingAtLeast(dimension="safety", minimum=3),
                min_level=iopcore.LevelOfCare.PARTIAL_HOSPITALIZATION,
                rationale="r",
                source="s",
            )
        ],
    )
    options = {
        "max_examples": 2,
        "as_of": None,
        "rating_range": None,
        "skip": (),
        "not_monotone_in": (),
    }
    yield "check_ruleset(ruleset)", lambda j=junk: invariants.check_ruleset(j, max_examples=2)
    for option in options:
        yield (
            f"check_ruleset({option})",
            lambda j=junk, o=option: invariants.check_ruleset(tiny, **{**options, o: j}),
        )
    for option in ("ruleset", "as_of", "rating_range", "participant_ids", "complete"):
        yield (
            f"strategies.assessments({option})",
            lambda j=junk, o=option: strategies.assessments(**{o: j}),
        )
    yield "strategies.ruleset_inputs", lambda j=junk: strategies.ruleset_inputs(j)
    yield "strategies.rating_ranges", lambda j=junk: strategies.rating_ranges(j)
    yield (
        "strategies.rating_ranges(rating_range)",
        lambda j=junk: strategies.rating_ranges(("safety",), j),
    )
    yield "strategies.levels_of_care", lambda j=junk: strategies.levels_of_care(min_level=j)
    for option in ("as_of", "min_age", "max_age"):
        yield (
            f"strategies.birth_dates({option})",
            lambda j=junk, o=option: strategies.birth_dates(**{o: j}),
        )
        yield (
            f"strategies.participants({option})",
            lambda j=junk, o=option: strategies.participants(**{o: j}),
        )
    yield "strategies.responses", lambda j=junk: strategies.responses(j)
    yield "strategies.responses(complete)", lambda j=junk: strategies.responses("phq9", complete=j)
    yield "strategies.scores", lambda j=junk: strategies.scores(j)
    yield (
        "strategies.responses_with_options",
        lambda j=junk: strategies.responses_with_options(j),
    )
    yield "strategies.scores(complete)", lambda j=junk: strategies.scores("gad7", complete=j)
    for option in ("min_date", "max_date", "complete"):
        yield (
            f"strategies.measurements({option})",
            lambda j=junk, o=option: strategies.measurements(**{o: j}),
        )
    yield "strategies.measurements", lambda j=junk: strategies.measurements(j)
    yield "strategies.trajectories", lambda j=junk: strategies.trajectories(j)
    for option in ("as_of", "max_size"):
        yield (
            f"strategies.trajectories({option})",
            lambda j=junk, o=option: strategies.trajectories(**{o: j}),
        )
