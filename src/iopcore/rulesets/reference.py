"""The ``reference`` ruleset: transparent level-of-care criteria to read, test and adapt.

This is **iopcore's own reference**, written to be read and changed. It is not the
ASAM Criteria, not LOCUS, and not any payer's medical-necessity criteria, and it
reproduces none of their text. It borrows one published principle, that the
highest-risk dimension drives the level (ratings are never added up), and a handful of
public thresholds, each cited on the rule that uses it.

Six dimensions are rated 0-4 (0 none, 1 mild, 2 moderate, 3 significant, 4 severe),
each anchored in words in :data:`DIMENSIONS`. Five of them set a minimum level
(:data:`MINIMUM_LEVELS`); ``readiness`` is rated to guide how care is offered, not how
much (as the ASAM 4th edition leaves its sixth dimension unrated for level). On top:

* C-SSRS screener high risk calls for inpatient evaluation. The clinician's
  risk-of-harm rating (``safety``) is the primary input, as in LOCUS: since version
  2026.2 a screen on file can raise the level, and a missing (or unfinished) screen no
  longer leaves the placement open; the placement lists a follow-up instead
  (:data:`NO_SCREEN_FOLLOW_UP`: The Joint Commission's NPSG.15.01.01 asks for a
  validated screen for every behavioral health patient);
* PHQ-9 item 9 above 0 raises an alert (it sets no level by itself);
* eating-disorder medical instability, by the APA (adults) and AAP (adolescents)
  thresholds, calls for inpatient care, and low body weight for residential care;
* the payer admission themes: impairment beyond routine outpatient care calls for at
  least IOP; without support outside program hours an ambulatory program is not
  enough.

Transition criteria (read by :mod:`iopcore.transitions`) are parameters of the
ruleset, each with its source (:data:`TRANSITIONS`): new high risk steps up; improvement
held over weekly assessments, or placement calling for less care over the ASAM taper
period, steps down; non-participation and a maximum stay (program policy) discharge.

Inputs it reads: the six ratings, the C-SSRS screener, the facts
``impairment_beyond_routine_outpatient`` and ``support_outside_program_hours``, the
conditions, and, for eating disorders, the population and vital signs. Missing ones
make the placement not determinable when they could change it, except the C-SSRS
(optional since 2026.2, see above). Version 2026.1, where a missing screen left the
placement open, stays available: ``rulesets.get_ruleset("reference", version="2026.1")``.

References:
    * Risk-rating anchors 0-4 and "highest-risk dimension drives placement":
      ASAM Criteria 3rd ed. (2013) principles (ratings are not added up).
    * C-SSRS screener triage (Columbia Lighthouse Project, cssrs.columbia.edu).
    * The Joint Commission, National Patient Safety Goal NPSG.15.01.01: suicide-risk
      screening with a validated tool for every behavioral health patient.
    * PHQ-9 item 9 follow-up: Kroenke, Spitzer & Williams, J Gen Intern Med 2001.
    * APA Practice Guideline for Eating Disorders (2006) level-of-care table, as
      reproduced in the NEDA toolkit; AAP inpatient criteria for adolescents.
    * Payer IOP admission themes (sample commercial criteria; Evernorth SUD-IOP
      review list, static.evernorth.com).
    * Transitions: HEDIS DRR-E response and remission; NHS Talking Therapies
      reliable change; ASAM 3rd ed. taper (via Aetna); DC 22-A6329 (30-60 days,
      assessment within 7 days); a 30-day plan review (program policy: the former
      WAC 388-877B-0350 monthly review was repealed in 2018); program attendance
      policy (aprodigalspath.com).

>>> from iopcore.rulesets import reference
>>> reference.RULESET.rule("R-SAFETY-4").min_level
<LevelOfCare.INPATIENT: 'IP'>
>>> [d.name for d in reference.DIMENSIONS]
['safety', 'medical', 'symptoms', 'substance_use', 'environment', 'readiness']
"""

from __future__ import annotations

from typing import Final, NamedTuple

import attrs
import pendulum

from iopcore.assessments import ClinicalFact, Measurement
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition, Population
from iopcore.rules import (
    FactIs,
    FlagPresent,
    HasCondition,
    MeasurementBelow,
    PopulationIs,
    RatingAtLeast,
    Rule,
    all_of,
    any_of,
)
from iopcore.rulesets import Ruleset, TransitionParameter

__all__ = [
    "DIMENSIONS",
    "ID",
    "MINIMUM_LEVELS",
    "NO_SCREEN_FOLLOW_UP",
    "RULESET",
    "SOURCES",
    "TRANSITIONS",
    "VERSION",
    "VERSIONS",
    "Dimension",
]

ID: Final = "reference"
VERSION: Final = "2026.2"
#: In force from 2020 so that recent cohorts can be evaluated with it.
EFFECTIVE_FROM: Final = pendulum.Date(2020, 1, 1)

_OWN = (
    "iopcore reference criteria (own wording); the highest-risk dimension drives the "
    "level, as in the ASAM Criteria 3rd ed. (2013) principle"
)
_CSSRS = (
    "Columbia Lighthouse Project, C-SSRS screener triage: yes to Q4 or Q5, or suicidal "
    "behaviour in the past 3 months, is high risk (cssrs.columbia.edu triage pages)"
)
_PHQ9 = (
    "Kroenke, Spitzer & Williams 2001 (PHQ-9): item 9 above 0 needs follow-up whatever "
    "the total (J Gen Intern Med 2001;16:606-613)"
)
_APA = (
    "APA Practice Guideline for Eating Disorders (2006), level-of-care table as "
    "reproduced in the NEDA toolkit (nationaleatingdisorders.org)"
)
_AAP = (
    "American Academy of Pediatrics, inpatient criteria for adolescents with eating "
    "disorders (Pediatrics, AAP policy statement table)"
)
_PAYER = (
    "Payer IOP admission themes: sample commercial medical-necessity criteria and the "
    "Evernorth SUD-IOP review list (static.evernorth.com)"
)

#: Every source the ruleset cites (2026.2 adds NPSG.15.01.01, after the transitions'
#: sources, see below).
_SOURCES_2026_1: Final = (_OWN, _CSSRS, _PHQ9, _APA, _AAP, _PAYER)


class Dimension(NamedTuple):
    """A rated dimension: its name, title, and the meaning of ratings 0 to 4."""

    name: str
    title: str
    anchors: tuple[str, str, str, str, str]


#: The six dimensions, each rated 0-4; the anchors are iopcore's own words.
DIMENSIONS: Final = (
    Dimension(
        "safety",
        "Risk of harm to self or others",
        (
            "no thoughts of harm",
            "passing thoughts of harm, no plan or intent",
            "thoughts of harm with some intent or recent self-harm, able to keep safe with support",
            "serious thoughts, plan or recent attempt; safety depends on close daily monitoring",
            "imminent danger to self or others",
        ),
    ),
    Dimension(
        "medical",
        "Medical and withdrawal needs",
        (
            "no medical needs bearing on care",
            "minor needs, managed in routine care",
            "needs that call for regular medical follow-up",
            "needs that call for daily medical or nursing attention",
            "unstable: needs 24-hour medical management",
        ),
    ),
    Dimension(
        "symptoms",
        "Psychiatric symptoms and daily functioning",
        (
            "no symptoms that impair functioning",
            "mild symptoms, functioning mostly kept",
            "moderate symptoms that impair work, school or relationships",
            "severe symptoms; daily functioning seriously impaired",
            "cannot meet basic needs without 24-hour support",
        ),
    ),
    Dimension(
        "substance_use",
        "Substance use and relapse potential",
        (
            "no use or risk of relapse",
            "some risk, managed with routine support",
            "continued use or high relapse risk despite outpatient care",
            "use or relapse risk that needs daily structure",
            "cannot stop using without a 24-hour setting",
        ),
    ),
    Dimension(
        "environment",
        "Recovery environment: stress and support",
        (
            "stable and supportive",
            "some stress, support at hand",
            "notable stress or thin support",
            "environment works against recovery; support is scarce",
            "environment is unsafe or has no support at all",
        ),
    ),
    Dimension(
        "readiness",
        "Readiness and engagement",
        (
            "engaged and motivated",
            "ambivalent but taking part",
            "reluctant; takes part with encouragement",
            "rarely takes part",
            "refuses to take part",
        ),
    ),
)

_OP = LevelOfCare.OUTPATIENT
_IOP = LevelOfCare.INTENSIVE_OUTPATIENT
_PHP = LevelOfCare.PARTIAL_HOSPITALIZATION
_RES = LevelOfCare.RESIDENTIAL
_IP = LevelOfCare.INPATIENT

#: Minimum level for each rating 0-4 per dimension (own criteria; ``readiness`` sets
#: none). A rating calls for at least its level; the highest across dimensions wins.
MINIMUM_LEVELS: Final = {
    "safety": (_OP, _OP, _IOP, _PHP, _IP),
    "medical": (_OP, _OP, _OP, _PHP, _IP),
    "symptoms": (_OP, _OP, _IOP, _PHP, _RES),
    "substance_use": (_OP, _OP, _IOP, _PHP, _RES),
    "environment": (_OP, _OP, _OP, _IOP, _RES),
}


def _dimension_rules() -> list[Rule]:
    rules = []
    titles = {dimension.name: dimension for dimension in DIMENSIONS}
    for name, levels in MINIMUM_LEVELS.items():
        # Equivalent mutants that survive (scripts/mutation.py): every dimension's
        # levels rise and never fall, and rating 1 calls for outpatient care as rating
        # 0 does, so starting at 2, comparing with rating 0 instead of the rating
        # below, or "<=" for "==", gives the same rules; the published rules are
        # pinned by tests/rulesets.
        for rating in range(1, 5):
            # One rule per step up: the rating from which the dimension calls for a
            # higher level than the rating below it.
            if levels[rating] == levels[rating - 1]:
                continue
            anchor = titles[name].anchors[rating]
            rules.append(
                Rule(
                    id=f"R-{name.upper().replace('_', '-')}-{rating}",
                    when=RatingAtLeast(dimension=name, minimum=rating),
                    min_level=levels[rating],
                    rationale=f"{titles[name].title} rated {rating} or more ({anchor}).",
                    source=_OWN,
                )
            )
    return rules


_ED = HasCondition(condition=Condition.EATING_DISORDER)
_ADULT = PopulationIs(population=Population.ADULT)
_ADOLESCENT = PopulationIs(population=Population.ADOLESCENT)


def _below(measurement: Measurement, threshold: float) -> MeasurementBelow:
    return MeasurementBelow(measurement=measurement, threshold=threshold)


_NPSG = (
    "The Joint Commission, National Patient Safety Goal NPSG.15.01.01: screen every "
    "patient in a behavioral health care setting for suicide risk with a validated tool"
)
#: The follow-up a 2026.2 placement lists when no complete C-SSRS screen is on file.
NO_SCREEN_FOLLOW_UP: Final = (
    "No complete validated suicide-risk screen on file: screen with a validated tool "
    "such as the C-SSRS (The Joint Commission NPSG.15.01.01). Placed on the "
    "clinician's risk-of-harm rating."
)

_CSSRS_RULE = Rule(
    id="R-CSSRS-HIGH",
    when=FlagPresent(instrument="cssrs", flag="high_suicide_risk"),
    min_level=_IP,
    rationale="High suicide risk on the C-SSRS screener calls for inpatient evaluation.",
    source=_CSSRS,
)

_RULES_2026_1: Final = (
    *_dimension_rules(),
    _CSSRS_RULE,
    Rule(
        id="R-PHQ9-ITEM9",
        when=FlagPresent(instrument="phq9", flag="suicidal_ideation"),
        rationale="PHQ-9 item 9 above 0: a clinician follows up today, whatever the total.",
        source=_PHQ9,
    ),
    Rule(
        id="R-ED-ADULT-UNSTABLE",
        when=all_of(
            _ED,
            _ADULT,
            any_of(
                _below(Measurement.HEART_RATE_BPM, 40),  # APA 2006: HR < 40 bpm
                _below(Measurement.SYSTOLIC_BP_MMHG, 90),  # APA 2006: BP < 90/60
                _below(Measurement.DIASTOLIC_BP_MMHG, 60),  # APA 2006: BP < 90/60
                _below(Measurement.GLUCOSE_MG_DL, 60),  # APA 2006: glucose < 60 mg/dL
                _below(Measurement.POTASSIUM_MEQ_L, 3),  # APA 2006: K < 3 mEq/L
                _below(Measurement.TEMPERATURE_F, 97.0),  # APA 2006: temp < 97.0 F
            ),
        ),
        min_level=_IP,
        rationale="Adult with an eating disorder, medically unstable: inpatient care.",
        source=_APA,
    ),
    Rule(
        id="R-ED-ADOLESCENT-UNSTABLE",
        when=all_of(
            _ED,
            _ADOLESCENT,
            any_of(
                _below(Measurement.HEART_RATE_BPM, 50),  # AAP: HR < 50 bpm in the daytime
                _below(Measurement.SYSTOLIC_BP_MMHG, 90),  # AAP: systolic BP < 90 mmHg
                _below(Measurement.TEMPERATURE_F, 96.0),  # AAP: temperature < 96 F
                _below(Measurement.PERCENT_HEALTHY_BODY_WEIGHT, 75),  # AAP: < 75% IBW
            ),
        ),
        min_level=_IP,
        rationale="Adolescent with an eating disorder, medically unstable: inpatient care.",
        source=_AAP,
    ),
    Rule(
        id="R-ED-LOW-WEIGHT",
        # APA 2006 table: residential care at under 85% of healthy body weight.
        when=all_of(_ED, _below(Measurement.PERCENT_HEALTHY_BODY_WEIGHT, 85)),
        min_level=_RES,
        rationale="Under 85% of healthy body weight calls for at least residential care.",
        source=_APA,
    ),
    Rule(
        id="R-ADMIT-IMPAIRMENT",
        when=FactIs(fact=ClinicalFact.IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT),
        min_level=_IOP,
        rationale="Impairment beyond what routine outpatient care can address.",
        source=_PAYER,
    ),
    Rule(
        id="R-ADMIT-NO-SUPPORT",
        when=all_of(
            FactIs(fact=ClinicalFact.IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT),
            FactIs(fact=ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS, value=False),
        ),
        min_level=_RES,
        rationale=(
            "Ambulatory programs rely on support outside program hours; without it, "
            "a 24-hour setting is needed."
        ),
        source=_PAYER,
    ),
)

# 2026.2: the clinician's risk-of-harm rating decides; a C-SSRS screen, when on file,
# can raise the level, and its absence is a follow-up (NPSG.15.01.01), not a block.
_RULES: Final = tuple(
    attrs.evolve(rule, if_missing=NO_SCREEN_FOLLOW_UP) if rule is _CSSRS_RULE else rule
    for rule in _RULES_2026_1
)

_HEDIS = (
    "NCQA HEDIS DRR-E: depression response is a PHQ-9 fall of at least 50%, remission "
    "a PHQ-9 total below 5 (ncqa.org, DRR-E measure description)"
)
_TALKING_THERAPIES = (
    "NHS Talking Therapies (IAPT) manual: reliable change on the PHQ-9 is 6 points or "
    "more, matching the Jacobson-Truax (1991) threshold"
)
_ESCALATION = (
    "Columbia C-SSRS triage (high risk needs safety precautions, cssrs.columbia.edu) "
    "and PHQ-9 item 9 follow-up (Kroenke, Spitzer & Williams 2001); one level up at "
    "least is iopcore's own "
    "choice"
)
_TAPER = (
    "ASAM Criteria 3rd ed. taper rule as quoted by Aetna: below-minimum hours may "
    "continue for 1-2 weeks while stepping down (aetna.com ASAM page)"
)
_SUSTAINED = (
    "Program policy, iopcore's own choice (no published standard): improvement must "
    "hold on 2 consecutive weekly assessments"
)
_ATTENDANCE = (
    "Program policy, iopcore's own choice (no published standard): 75% of held, "
    "unexcused sessions attended for a step down"
)
_MISSED = (
    "Program policy, not a standard: an example program discharges after 2 missed "
    "groups (aprodigalspath.com)"
)
_MAX_STAY = (
    "Program policy, not a standard: DC Medicaid Level 2.1 lasts 30-60 days (DCMR 22-A6329.2)"
)
_WEEKLY = (
    "Program policy: weekly measurement, as in the 7-day-recall IOP variant of the BAM "
    "(kipu.health)"
)
_FIRST_ASSESSMENT = (
    "DC 22-A6329: ongoing assessment within 7 calendar days of admission if none at "
    "intake (DCMR 22-A6329)"
)
_PLAN_REVIEW = (
    "Program policy, iopcore's own choice: a plan review every 30 days. History: "
    "Washington's WAC 388-877B-0350 asked for a monthly service-plan review; it was "
    "repealed in 2018 (chapter 388-877B moved to chapter 246-341 WAC, WSR 19-04-033), "
    "and its successor WAC 246-341-0740 sets no monthly review"
)


def _parameter(name: str, value: float, source: str) -> TransitionParameter:
    return TransitionParameter(name=name, value=value, source=source)


#: The reference transition parameters, each with its source.
TRANSITIONS: Final = (
    _parameter("risk_step_up_levels", 1, _ESCALATION),
    _parameter("reliable_deterioration_points", 6, _TALKING_THERAPIES),  # IAPT: >= 6 points
    _parameter("response_reduction", 0.5, _HEDIS),  # HEDIS DRR-E: >= 50% reduction
    _parameter("remission_below", 5, _HEDIS),  # HEDIS DRR-E: PHQ-9 < 5
    _parameter("sustained_assessments", 2, _SUSTAINED),
    _parameter("min_attendance", 0.75, _ATTENDANCE),
    _parameter("taper_weeks", 2, _TAPER),  # ASAM 3rd ed. via Aetna: 1-2 weeks
    _parameter("max_missed_sessions", 2, _MISSED),  # aprodigalspath.com: >= 2 missed groups
    _parameter("max_length_of_stay_days", 60, _MAX_STAY),  # DCMR 22-A6329.2: 30-60 days
    _parameter("assessment_interval_days", 7, _WEEKLY),
    _parameter("initial_assessment_days", 7, _FIRST_ASSESSMENT),  # DC 22-A6329: 7 days
    _parameter("plan_review_days", 30, _PLAN_REVIEW),  # WAC 388-877B-0350: monthly
)

SOURCES: Final = (*_SOURCES_2026_1, _NPSG)

_TITLE: Final = "iopcore reference level-of-care criteria"
_NOTICE: Final = (
    "A reference to adapt, not ASAM, LOCUS or any payer's criteria. Clinical "
    "judgement decides; record it with Placement.override."
)

#: The ruleset value (the latest version).
RULESET: Final = Ruleset(
    id=ID,
    version=VERSION,
    title=_TITLE,
    effective_from=EFFECTIVE_FROM,
    sources=SOURCES,
    rules=_RULES,
    transitions=TRANSITIONS,
    notice=_NOTICE,
    # Rated to guide how care is offered, not how much: known, read by no rule.
    other_inputs=("ratings.readiness",),
)

#: Every version, oldest first (the registry picks the newest one in force): 2026.1,
#: where a missing C-SSRS screen left the placement open, stays available.
VERSIONS: Final = (
    Ruleset(
        id=ID,
        version="2026.1",
        title=_TITLE,
        effective_from=EFFECTIVE_FROM,
        sources=_SOURCES_2026_1,
        rules=_RULES_2026_1,
        transitions=TRANSITIONS,
        notice=_NOTICE,
    ),
    RULESET,
)
