"""What a synthetic assessment holds, drawn for a severity.

The C-SSRS screener and PHQ-9 answers (scored by their real ``score()`` functions),
vital signs, and the inputs of each ruleset (reference, LOCUS, Medicare), with about
10% of records lacking one input; and who recorded them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore.assessments import ClinicalFact, Measurement, Role
from iopcore.instruments import cssrs, phq9
from iopcore.participants import Condition
from iopcore.synthetic._streams import table

if TYPE_CHECKING:
    from collections.abc import Callable

    import pendulum

    from iopcore.instruments import Score
    from iopcore.participants import Participant
    from iopcore.synthetic._streams import Draw, Table

_MISSING_PERCENT: Final = 10
_SUBSTANCE: Final = frozenset({Condition.SUBSTANCE_USE, Condition.ALCOHOL_USE})
_REFERENCE_DIMENSIONS: Final = (
    "safety",
    "medical",
    "symptoms",
    "substance_use",
    "environment",
    "readiness",
)
# The LOCUS scales, in LOCUS order (iopcore.rulesets.locus.DIMENSIONS; spelled out
# here so that generating data does not load a ruleset).
_LOCUS_DIMENSIONS: Final = (
    "risk_of_harm",
    "functional_status",
    "comorbidity",
    "recovery_stress",
    "recovery_support",
    "treatment_history",
    "engagement",
)
ROLES: Final = table(
    (
        (Role.PSYCHIATRIST, 20),
        (Role.PSYCHOLOGIST, 15),
        (Role.COUNSELOR, 30),
        (Role.SOCIAL_WORKER, 20),
        (Role.NURSE_PRACTITIONER, 10),
        (Role.NURSE, 5),
    )
)


def drawn_cssrs(draw: Draw, safety: int) -> Score:
    """C-SSRS screener answers that fit a safety rating 0-4."""
    wish = draw.percent((5, 30, 70, 90, 98)[safety])
    thoughts = wish and draw.percent((10, 35, 60, 80, 95)[safety])
    method = thoughts and draw.percent(25 + 15 * safety)
    intent = thoughts and draw.percent((0, 2, 10, 35, 70)[safety])
    plan = intent and draw.percent(50)
    behaviour = draw.percent((1, 5, 15, 30, 50)[safety])
    recent = behaviour and draw.percent(20 + 15 * safety)
    skipped: bool | None = None if not thoughts else False
    answers: list[bool | None] = [
        wish,
        thoughts,
        method if thoughts else skipped,
        intent if thoughts else skipped,
        plan if thoughts else skipped,
        behaviour,
    ]
    return cssrs.score(answers, behaviour_within_3_months=recent if behaviour else None)


def drawn_phq9(draw: Draw, severity: int, safety: int) -> Score:
    """PHQ-9 answers 0-3 that fit a severity 0-4; item 9 follows the safety rating."""
    items = [draw.around((0, 1, 1, 2, 3)[severity], 0, 3) for _ in range(8)]
    items.append(draw.around((-1, -1, 0, 1, 2)[safety], 0, 3))
    return phq9.score(items)


def _vitals(draw: Draw, severity: int) -> dict[Measurement, float]:
    """Vital signs of a person with an eating disorder; lower as severity rises.

    Whole numbers, or whole tenths (temperature, potassium), so values print the same
    everywhere.
    """
    unwell = severity >= 3 and draw.percent(40)
    dip = 2 if unwell else 0
    return {
        Measurement.HEART_RATE_BPM: float(72 - 8 * severity - 8 * dip + draw.below(15)),
        Measurement.SYSTOLIC_BP_MMHG: float(112 - 4 * severity - 8 * dip + draw.below(15)),
        Measurement.DIASTOLIC_BP_MMHG: float(72 - 3 * severity - 5 * dip + draw.below(10)),
        Measurement.TEMPERATURE_F: (982 - 3 * severity - 6 * dip + draw.below(8)) / 10,
        Measurement.GLUCOSE_MG_DL: float(90 - 5 * severity - 10 * dip + draw.below(20)),
        Measurement.POTASSIUM_MEQ_L: (42 - 2 * severity - 5 * dip + draw.below(6)) / 10,
        Measurement.PERCENT_HEALTHY_BODY_WEIGHT: float(96 - 4 * severity - 4 * dip + draw.below(8)),
    }


def reference_inputs(  # noqa: PLR0913 - the record and how to draw it
    draw: Draw,
    severity: int,
    participant: Participant,
    on: pendulum.Date,
    *,
    noise: Table[int] | None = None,
    screen: Callable[[Draw, int, int], list[Score]] | None = None,
) -> dict[str, object]:
    """The reference inputs; ``screen(draw, severity, safety)`` gives the scores."""
    uses = bool(participant.conditions & _SUBSTANCE)
    ratings = {
        "safety": draw.around(severity - 1, 0, 4, noise),
        "medical": draw.around(severity - 2, 0, 4, noise),
        "symptoms": draw.around(severity, 0, 4, noise),
        "substance_use": draw.around(severity if uses else 0, 0, 4, noise),
        "environment": draw.around(severity - 1, 0, 4, noise),
        "readiness": draw.around(1, 0, 4, noise),
    }
    facts = {
        ClinicalFact.IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT: draw.percent(
            (3, 20, 75, 95, 100)[severity]
        ),
        ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS: draw.percent((98, 95, 92, 80, 60)[severity]),
    }
    scores = (
        [drawn_cssrs(draw, ratings["safety"]), drawn_phq9(draw, severity, ratings["safety"])]
        if screen is None
        else screen(draw, severity, ratings["safety"])
    )
    population = participant.population_on(on)
    measurements = (
        _vitals(draw, severity) if Condition.EATING_DISORDER in participant.conditions else {}
    )
    if draw.percent(_MISSING_PERCENT):
        what = draw.below(5)
        if what == 0:
            del ratings[_REFERENCE_DIMENSIONS[draw.below(len(_REFERENCE_DIMENSIONS))]]
        elif what == 1:
            del scores[0]
        elif what == 2:  # the screener stopped after question 1
            scores[0] = cssrs.score([True, None, None, None, None, None])
        elif what == 3:
            del facts[ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS]
        else:
            del facts[ClinicalFact.IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT]
    return {
        "ratings": ratings,
        "facts": facts,
        "scores": scores,
        "measurements": measurements,
        "population": population,
    }


def locus_inputs(draw: Draw, severity: int) -> dict[str, object]:
    centre = (1, 1, 2, 3, 4)[severity]
    ratings = {name: draw.around(centre, 1, 5) for name in _LOCUS_DIMENSIONS}
    facts = {
        ClinicalFact.COMPLETED_TREATMENT_RECENTLY: draw.percent(10),
        ClinicalFact.ACT_TEAM_AVAILABLE: draw.percent(15),
    }
    if draw.percent(_MISSING_PERCENT):
        what = draw.below(len(_LOCUS_DIMENSIONS) + 1)
        if what < len(_LOCUS_DIMENSIONS):
            del ratings[_LOCUS_DIMENSIONS[what]]
        else:
            del facts[ClinicalFact.ACT_TEAM_AVAILABLE]
    return {"ratings": ratings, "facts": facts}


def medicare_inputs(draw: Draw, severity: int) -> dict[str, object]:
    """The facts of the Medicare IOP/PHP patient criteria (42 CFR 410.44(c), 410.43(c))."""
    facts = {
        ClinicalFact.IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT: draw.percent(
            (3, 20, 75, 95, 100)[severity]
        ),
        ClinicalFact.WOULD_OTHERWISE_NEED_INPATIENT: draw.percent((0, 2, 10, 40, 70)[severity]),
        ClinicalFact.NEEDS_24_HOUR_SUPERVISION: draw.percent((0, 0, 2, 8, 25)[severity]),
        ClinicalFact.IMMINENT_DANGER: draw.percent((0, 0, 1, 4, 15)[severity]),
        ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS: draw.percent((98, 95, 92, 80, 60)[severity]),
        ClinicalFact.ABLE_TO_PARTICIPATE: draw.percent((99, 98, 96, 90, 75)[severity]),
    }
    if draw.percent(_MISSING_PERCENT):
        del facts[list(facts)[draw.below(len(facts))]]
    return {"facts": facts}
