"""Synthetic participants and assessments: deterministic, plausible, and obviously fake.

For demos, docs, benchmarks and golden snapshots. Everything is drawn from
:class:`random.Random` streams seeded from ``seed``, the record's index and the kind
of record, never from the clock or global state, so the same arguments give the same
records in every process and Python version. Only :meth:`random.Random.random` is
used (its doubles are the same on every platform), every number kept is a whole
number or a whole number of tenths, and records are independent of ``n``: the first
100 of 1,000 are the 100 that ``n=100`` gives.

How a record is drawn (numbers are plausible, not epidemiology):

* Each participant ``syn-000001``, ``syn-000002``, ... has a latent severity 0-4:
  40% mild (0-1), 36% moderate (2), 24% more severe (3-4), with 5% at the top.
* Conditions: one primary group (depression, anxiety and substance use most often;
  eating disorders 8%), a second one for 30%. 15% are adolescents (12-17).
* ``for_ruleset="reference"``: the six reference dimensions rated 0-4 around the
  severity; the two admission facts; a C-SSRS screener and a PHQ-9 answered
  plausibly for that severity and scored by their real ``score()`` functions; vital
  signs and percent of healthy body weight for eating-disorder participants.
* ``for_ruleset="locus"``: the seven LOCUS scales rated 1-5 around the severity, and
  the two outside facts (recently completed treatment, ACT team available).
* ``for_ruleset="medicare"``: the six facts of the Medicare IOP/PHP patient criteria
  (more than outpatient care needed, inpatient care otherwise needed, 24-hour care
  needed, danger to self or others, support outside program hours, able to take part).
* About 10% of assessments lack one input (a rating, a fact, the C-SSRS, or a
  follow-up answer), so "not determinable" occurs.

:func:`histories` adds whole episodes for transition work: the same participants,
each admitted ``weeks`` weeks before ``as_of`` (to IOP, or PHP when severe), with a
course (most improve week by week, some stay level, a few get worse), one weekly
assessment of the reference inputs that follows it, three 3-hour group sessions a
week (on the weekday of admission and two and four days later, every week, so on
any weekday including weekends; mostly attended), and a
step down or up part-way for some. Its draws come from streams of their own, so it
leaves every record above as it was. Every stay is as long as ``weeks``: with the
default 12 weeks, all are past the reference ruleset's 60-day maximum stay on
``as_of``, so nearly every decision on that date is a discharge.

:func:`admissions` follows every stay admitted over a period to its discharge or a
cut-off (still open then: ``censored``), with follow-up PHQ-9s after care, for
length-of-stay, discharge and DRR-E analyses; its rates are in its docstring.

:func:`census` gives what a program looks like on one date, for cohort summaries and
the walkthrough (again from streams of its own):

* Admissions are spread evenly over the ``weeks`` (default 9) weeks before ``as_of``,
  as in a program that admits at a steady rate, so days in care on ``as_of`` are
  spread evenly from 0 to about 63 and a few stays reach the 60-day maximum of the
  reference ruleset (DC Medicaid Level 2.1 lasts 30-60 days, DCMR 22-A6329.2).
  A weekend admission date moves to the Friday before. (Made up: a steady state.)
* Severity at admission is the participant's latent severity held to 2-3: an
  intensive program admits impairment beyond routine outpatient care, without need
  of 24-hour care (Evernorth SUD-IOP review list,
  static.evernorth.com). Severity 3 is PHP, 2 is IOP (the reference
  ruleset's symptom rating 3 calls for PHP).
* Course: 60% improve, 25% stay level, 15% get worse (made up), one severity step
  every 2, 3, 4 or 5 weeks (equally likely; made up). When a weekly assessment shows
  the severity of the other level, the team moves the participant from the next day
  (PHP to IOP, or IOP to PHP); the assessment on ``as_of`` is left to
  :func:`~iopcore.transitions.evaluate_transition`.
* One assessment a week from admission: the reference ratings at the course's
  severity, one step lower 15% of the time (made up); PHQ-9 items centred on a
  total of 1, 5, 10, 15 or 20 for severity 0-4, the foot of each band (0-4, 5-9,
  10-14, 15-19, 20-27: Kroenke 2001), each item then moved by
  -1, 0 or +1 as above, and the GAD-7 likewise (1, 6, 11, 15, 20; bands 0-4, 5-9,
  10-14, 15-21: Spitzer 2006), one severity lower for participants not treated for
  anxiety, PTSD or OCD; the weekly C-SSRS screener (the "since last visit" form,
  NINDS Common Data Elements C-SSRS page)
  drawn one safety step lower than the one-off screener (made
  up). 97% of stays have support outside program hours (made up; ambulatory
  programs rely on it, Evernorth SUD-IOP review list). About 10% of assessments lack an input,
  as above.
* Sessions on the level's schedule, on weekdays: IOP 3 hours on Monday, Wednesday
  and Friday (typical IOP schedule, alliedaddictionrecovery.com), 2 hours of group
  therapy and a 1-hour skills group; PHP 4 hours every weekday (20 hours, the need a
  physician certifies for PHP, 42 CFR 410.43(c)(1)), the same and an hour of
  psychoeducation (three covered services, the Medicare 3-service per-diem tier, CMS
  CY2024 OPPS final rule); at either level one hour of individual therapy on Tuesday
  afternoons (a core IOP service, SAMHSA 2021 IOP Advisory). 2% of sessions are
  cancelled; each participant attends 95%, 85% or 55% of the rest (for 60%, 30% and
  10% of participants; made up), each session drawn on its own, and 20% of misses
  are excused (made up).

On a census of 1,000 (seed 2026, as of 2026-03-30) the reference ruleset's
decisions on ``as_of`` are about 68% stay, 13% step down, 9% step up and 9%
discharge (7.5% at the maximum stay, 2% for non-participation), with a median of 32
days in care; these are outputs of the rules, not inputs of the generator.

Every generator has a streaming form (:func:`iter_participants`,
:func:`iter_assessments`, :func:`iter_histories`, and :func:`census` itself), which
draws one participant at a time, so a million participants take the memory of one;
the tuple-returning functions are built on them and give the same records.

The severity weights (:data:`SEVERITY_WEIGHTS`) and condition weights
(:data:`CONDITION_WEIGHTS`) are module constants, to be read, not changed.

References:
    * PHQ-9 bands: Kroenke K, Spitzer RL, Williams JBW. *J Gen Intern Med*
      2001;16:606-613; GAD-7 bands: Spitzer RL et al. *Arch Intern Med*
      2006;166:1092-1097.
    * Typical IOP and PHP schedules, the DC Medicaid Level 2.1 length of stay and
      SAMHSA's core IOP services: alliedaddictionrecovery.com, DCMR 22-A6329.2 and
      the SAMHSA 2021 IOP Advisory; PHP hours: 42 CFR 410.43(c)(1); the Medicare
      per-diem tiers: the CMS CY2024 OPPS final rule; admission themes: Evernorth's
      SUD-IOP review list (static.evernorth.com). Every other number is made up, and says so.

>>> import pendulum
>>> from iopcore import synthetic
>>> day = pendulum.date(2026, 3, 2)
>>> first = synthetic.assessments(3, seed=7, as_of=day)
>>> [a.participant_id for a in first]
['syn-000001', 'syn-000002', 'syn-000003']
>>> first == synthetic.assessments(3, seed=7, as_of=day)
True
>>> sorted(synthetic.assessments(1, seed=7, as_of=day, for_ruleset="locus")[0].ratings)
... # doctest: +NORMALIZE_WHITESPACE
['comorbidity', 'engagement', 'functional_status', 'recovery_stress', 'recovery_support',
 'risk_of_harm', 'treatment_history']
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from iopcore._validation import to_as_of, to_as_of_with_room, to_int, to_timezone
from iopcore.assessments import Assessment, ClinicalFact, Measurement, Role
from iopcore.episodes import Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import Score, cssrs, gad7, phq9
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition, Participant
from iopcore.sessions import Attendance, ServiceType, Session

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    import pendulum

__all__ = [
    "CONDITION_WEIGHTS",
    "FOR_RULESETS",
    "SEVERITY_WEIGHTS",
    "SyntheticAdmission",
    "SyntheticCohort",
    "SyntheticHistory",
    "admissions",
    "assessments",
    "census",
    "cohort",
    "histories",
    "iter_assessments",
    "iter_histories",
    "iter_participants",
    "participants",
]

T = TypeVar("T")
#: Values and their cumulative whole-number weights, for :meth:`_Draw.weighted`.
_Table = tuple[tuple[T, ...], tuple[int, ...]]


def _table(pairs: Sequence[tuple[T, int]]) -> _Table[T]:
    return tuple(value for value, _ in pairs), tuple(accumulate(weight for _, weight in pairs))


#: Most records this generator makes in one call (a guard against typos, not a limit
#: of the method).
_MAX_RECORDS: Final = 10_000_000
#: The rulesets whose inputs :func:`assessments` can generate.
FOR_RULESETS: Final = ("locus", "medicare", "reference")
#: Weight of each latent severity 0 (none) to 4 (extreme), in percent.
SEVERITY_WEIGHTS: Final = (12, 28, 36, 19, 5)
#: Weight of each primary condition group, in percent.
CONDITION_WEIGHTS: Final = (
    (Condition.DEPRESSION, 28),
    (Condition.ANXIETY, 15),
    (Condition.SUBSTANCE_USE, 14),
    (Condition.ALCOHOL_USE, 10),
    (Condition.EATING_DISORDER, 8),
    (Condition.PTSD, 9),
    (Condition.BIPOLAR_DISORDER, 7),
    (Condition.BORDERLINE_PERSONALITY_DISORDER, 4),
    (Condition.OCD, 3),
    (Condition.PSYCHOTIC_DISORDER, 2),
)
_SEVERITIES: Final = _table(tuple(enumerate(SEVERITY_WEIGHTS)))
_CONDITIONS: Final = _table(CONDITION_WEIGHTS)
_ADOLESCENT_PERCENT: Final = 15
_SECOND_CONDITION_PERCENT: Final = 30
_MISSING_PERCENT: Final = 10
#: How many days before ``as_of`` an assessment may be dated (0 to this, inclusive).
_LOOKBACK_DAYS: Final = 89
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
_ROLES: Final = _table(
    (
        (Role.PSYCHIATRIST, 20),
        (Role.PSYCHOLOGIST, 15),
        (Role.COUNSELOR, 30),
        (Role.SOCIAL_WORKER, 20),
        (Role.NURSE_PRACTITIONER, 10),
        (Role.NURSE, 5),
    )
)
_NOISE: Final = _table(((-1, 25), (0, 50), (1, 25)))


@attrs.frozen(kw_only=True)
class SyntheticCohort:
    """Synthetic participants and one assessment each, index for index.

    Attributes:
        participants: The participants, ``syn-000001`` first.
        assessments: ``assessments[i]`` belongs to ``participants[i]``.
    """

    participants: tuple[Participant, ...]
    assessments: tuple[Assessment, ...]


class _Draw:
    """One record's random stream, with the few draws the generator needs."""

    __slots__ = ("_random",)

    def __init__(self, seed: int, kind: str, index: int) -> None:
        # A string seed is hashed with SHA-512 by `random`, the same in every version.
        self._random = random.Random(f"iopcore.synthetic/{seed}/{kind}/{index}")  # noqa: S311 - not for secrets

    def percent(self, chance: int) -> bool:
        """True with probability ``chance`` percent."""
        return self._random.random() * 100 < chance

    def below(self, count: int) -> int:
        """A whole number from 0 to ``count - 1``."""
        return int(self._random.random() * count)

    def weighted(self, table: _Table[T]) -> T:
        """One value of ``table``, with the chances its weights give."""
        values, cumulative = table
        return values[bisect_right(cumulative, self._random.random() * cumulative[-1])]

    def around(self, centre: int, low: int, high: int, noise: _Table[int] | None = None) -> int:
        """``centre`` moved by -1, 0 or +1 (25/50/25%, or as ``noise`` says), kept in range."""
        return min(high, max(low, centre + self.weighted(_NOISE if noise is None else noise)))


#: Largest seed magnitude taken: 18 digits, far more streams than any study needs, and
#: short enough to write into a stream name (Python refuses int-to-text past 4,300 digits).
_MAX_SEED: Final = 10**18 - 1


#: Calendar room the records need around ``as_of``: birth dates up to 72 years
#: before it, stays up to 104 weeks before it, and the next weekly assessment's day
#: (computed, never kept) after it.
_DAYS_BEFORE: Final = 74 * 366
_DAYS_AFTER: Final = 14


def _as_of(value: object, field: str = "as_of") -> pendulum.Date:
    return to_as_of_with_room(value, field=field, before=_DAYS_BEFORE, after=_DAYS_AFTER)


def _seed(value: object) -> int:
    return to_int(value, field="seed", minimum=-_MAX_SEED, maximum=_MAX_SEED)


def _count(value: object) -> int:
    return to_int(value, field="n", minimum=0, maximum=_MAX_RECORDS)


def _participant_id(index: int) -> str:
    return f"syn-{index + 1:06d}"


def _participant(seed: int, index: int, as_of: pendulum.Date) -> tuple[Participant, int]:
    """The participant at ``index`` and their latent severity."""
    draw = _Draw(seed, "participant", index)
    severity = draw.weighted(_SEVERITIES)
    primary = draw.weighted(_CONDITIONS)
    conditions = {primary}
    if draw.percent(_SECOND_CONDITION_PERCENT):
        conditions.add(draw.weighted(_CONDITIONS))
    # Birth dates keep everyone in their group for the whole look-back window.
    age = 12 + draw.below(5) if draw.percent(_ADOLESCENT_PERCENT) else 19 + draw.below(52)
    birth_date = as_of.subtract(years=age, days=draw.below(365))
    participant = Participant(
        id=_participant_id(index), birth_date=birth_date, conditions=conditions
    )
    return participant, severity


def _cssrs(draw: _Draw, safety: int) -> Score:
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


def _phq9(draw: _Draw, severity: int, safety: int) -> Score:
    """PHQ-9 answers 0-3 that fit a severity 0-4; item 9 follows the safety rating."""
    items = [draw.around((0, 1, 1, 2, 3)[severity], 0, 3) for _ in range(8)]
    items.append(draw.around((-1, -1, 0, 1, 2)[safety], 0, 3))
    return phq9.score(items)


def _vitals(draw: _Draw, severity: int) -> dict[Measurement, float]:
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


def _reference_inputs(  # noqa: PLR0913 - the record and how to draw it
    draw: _Draw,
    severity: int,
    participant: Participant,
    on: pendulum.Date,
    *,
    noise: _Table[int] | None = None,
    screen: Callable[[_Draw, int, int], list[Score]] | None = None,
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
        [_cssrs(draw, ratings["safety"]), _phq9(draw, severity, ratings["safety"])]
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


def _locus_inputs(draw: _Draw, severity: int) -> dict[str, object]:
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


def _medicare_inputs(draw: _Draw, severity: int) -> dict[str, object]:
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


def _assessment(
    seed: int, index: int, as_of: pendulum.Date, for_ruleset: str
) -> tuple[Participant, Assessment]:
    participant, severity = _participant(seed, index, as_of)
    draw = _Draw(seed, f"assessment/{for_ruleset}", index)
    on = as_of.subtract(days=draw.below(_LOOKBACK_DAYS + 1))
    if for_ruleset == "reference":
        inputs = _reference_inputs(draw, severity, participant, on)
    elif for_ruleset == "medicare":
        inputs = _medicare_inputs(draw, severity)
    else:
        inputs = _locus_inputs(draw, severity)
    assessment = Assessment(
        participant_id=participant.id,
        assessed_on=on,
        conditions=participant.conditions,
        recorded_by=draw.weighted(_ROLES),
        **inputs,
    )
    return participant, assessment


def _for_ruleset(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("for_ruleset", value, allowed=", ".join(FOR_RULESETS))
    if value not in FOR_RULESETS:
        raise UnknownCodeError("for_ruleset", value, allowed=", ".join(FOR_RULESETS))
    return value


def participants(
    n: int, *, seed: int, as_of: pendulum.Date | pendulum.DateTime
) -> tuple[Participant, ...]:
    """Return ``n`` synthetic participants, ``syn-000001`` first.

    Args:
        n: How many (0 or more).
        seed: Any int; the same seed gives the same participants.
        as_of: The date their ages are reckoned on.

    Raises:
        InvalidTypeError: ``n`` or ``seed`` is not an int, or ``as_of`` is not a date.
        InvalidValueError: ``n`` is negative, or ``as_of`` leaves no room on the
            calendar (74 years before it and two weeks after it).

    >>> import pendulum
    >>> [p.id for p in participants(2, seed=1, as_of=pendulum.date(2026, 1, 5))]
    ['syn-000001', 'syn-000002']
    """
    return tuple(iter_participants(n, seed=seed, as_of=as_of))


def iter_participants(
    n: int, *, seed: int, as_of: pendulum.Date | pendulum.DateTime
) -> Iterator[Participant]:
    """Yield the participants of :func:`participants` one at a time.

    The arguments are checked when this is called, not when the first participant is
    drawn; memory stays the same whatever ``n`` is.

    .. versionadded:: 0.1

    >>> import pendulum
    >>> stream = iter_participants(1_000_000, seed=1, as_of=pendulum.date(2026, 1, 5))
    >>> next(stream).id, next(stream).id
    ('syn-000001', 'syn-000002')
    """
    count, number, on = _count(n), _seed(seed), _as_of(as_of)
    return (_participant(number, index, on)[0] for index in range(count))


def assessments(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    for_ruleset: str = "reference",
) -> tuple[Assessment, ...]:
    """Return ``n`` synthetic assessments, one for each of ``participants(n, ...)``.

    Args:
        n: How many (0 or more).
        seed: Any int; the same seed gives the same assessments.
        as_of: The latest date an assessment may carry; each is dated 0-89 days
            before it.
        for_ruleset: Whose inputs to generate: ``"reference"`` (the six reference
            dimensions, C-SSRS, PHQ-9, admission facts, vitals), ``"locus"`` (the
            seven LOCUS scales and its two facts) or ``"medicare"`` (the six facts of
            the IOP/PHP patient criteria).

    Raises:
        InvalidTypeError: ``n`` or ``seed`` is not an int, or ``as_of`` is not a date.
        InvalidValueError: ``n`` is negative, or ``as_of`` leaves no room on the
            calendar (74 years before it and two weeks after it).
        UnknownCodeError: ``for_ruleset`` is not one of :data:`FOR_RULESETS`.

    >>> import pendulum
    >>> (one,) = assessments(1, seed=1, as_of=pendulum.date(2026, 1, 5))
    >>> sorted(one.scores)
    ['cssrs', 'phq9']
    """
    return tuple(iter_assessments(n, seed=seed, as_of=as_of, for_ruleset=for_ruleset))


def iter_assessments(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    for_ruleset: str = "reference",
) -> Iterator[Assessment]:
    """Yield the assessments of :func:`assessments` one at a time.

    The arguments (those of :func:`assessments`) are checked when this is called;
    memory stays the same whatever ``n`` is.

    .. versionadded:: 0.1

    >>> import pendulum
    >>> stream = iter_assessments(10**6, seed=1, as_of=pendulum.date(2026, 1, 5))
    >>> next(stream) == assessments(1, seed=1, as_of=pendulum.date(2026, 1, 5))[0]
    True
    """
    count, number, on = _count(n), _seed(seed), _as_of(as_of)
    kind = _for_ruleset(for_ruleset)
    return (_assessment(number, index, on, kind)[1] for index in range(count))


def cohort(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    for_ruleset: str = "reference",
) -> SyntheticCohort:
    """Return ``n`` synthetic participants with one assessment each.

    The arguments are those of :func:`assessments`; the participants are those of
    :func:`participants` with the same ``n``, ``seed`` and ``as_of``.

    >>> import pendulum
    >>> group = cohort(2, seed=1, as_of=pendulum.date(2026, 1, 5), for_ruleset="locus")
    >>> [a.participant_id for a in group.assessments] == [p.id for p in group.participants]
    True
    """
    count, number, on = _count(n), _seed(seed), _as_of(as_of)
    kind = _for_ruleset(for_ruleset)
    pairs = [_assessment(number, index, on, kind) for index in range(count)]
    return SyntheticCohort(
        participants=tuple(participant for participant, _ in pairs),
        assessments=tuple(assessment for _, assessment in pairs),
    )


# ---------------------------------------------------------------- whole histories


@attrs.frozen(kw_only=True)
class SyntheticHistory:
    """One synthetic participant's episode with its weekly assessments and sessions.

    Attributes:
        participant: The participant (as :func:`participants` gives them).
        episode: The episode, admitted ``weeks`` weeks (and 0-6 days) before ``as_of``.
        assessments: One a week from admission, oldest first.
        sessions: Three a week from admission, in time order.
    """

    participant: Participant
    episode: Episode
    assessments: tuple[Assessment, ...]
    sessions: tuple[Session, ...]


_MAX_HISTORY_WEEKS: Final = 104
#: Courses of care: the change in severity every few weeks, and their weights.
_COURSES: Final = _table(((-1, 60), (0, 25), (1, 15)))
_COURSE_STEP_WEEKS: Final = 3
#: Days with a group session, counted from the weekday of admission (0, +2, +4).
_SESSION_DAYS: Final = (0, 2, 4)
_SESSION_HOUR: Final = 9
_SESSION_HOURS: Final = 3
#: Chance in percent that a participant attends a session, by engagement.
_ATTENDS: Final = _table(((95, 60), (85, 30), (55, 10)))


def _weeks(value: object) -> int:
    return to_int(value, field="weeks", minimum=1, maximum=_MAX_HISTORY_WEEKS)


def _history_sessions(
    draw: _Draw,
    participant_id: str,
    admitted: pendulum.Date,
    weeks: int,
    zone: pendulum.Timezone,
) -> tuple[Session, ...]:
    import pendulum  # noqa: PLC0415 - a type-only import elsewhere in this module

    attends = draw.weighted(_ATTENDS)
    found = []
    for week in range(weeks):
        for offset in _SESSION_DAYS:
            day = admitted.add(days=7 * week + offset)
            start = pendulum.datetime(day.year, day.month, day.day, _SESSION_HOUR, tz=zone)
            if draw.percent(2):
                attendance = Attendance.CANCELLED
            elif draw.percent(attends):
                attendance = Attendance.ATTENDED
            else:
                attendance = Attendance.EXCUSED if draw.percent(20) else Attendance.ABSENT
            found.append(
                Session(
                    participant_id=participant_id,
                    service=ServiceType.GROUP_THERAPY,
                    start=start,
                    end=start.add(hours=_SESSION_HOURS),
                    attendance=attendance,
                )
            )
    return tuple(found)


def _history(
    seed: int, index: int, as_of: pendulum.Date, weeks: int, zone: pendulum.Timezone
) -> SyntheticHistory:
    participant, severity = _participant(seed, index, as_of)
    draw = _Draw(seed, "history", index)
    admitted = as_of.subtract(days=7 * (weeks - 1) + draw.below(7))
    level = (
        LevelOfCare.PARTIAL_HOSPITALIZATION if severity >= 3 else LevelOfCare.INTENSIVE_OUTPATIENT
    )
    course = draw.weighted(_COURSES)
    found = []
    for week in range(weeks):
        now = min(4, max(0, severity + course * (week // _COURSE_STEP_WEEKS)))
        day = admitted.add(days=7 * week)
        inputs = _reference_inputs(draw, now, participant, day)
        found.append(
            Assessment(
                participant_id=participant.id,
                assessed_on=day,
                conditions=participant.conditions,
                recorded_by=draw.weighted(_ROLES),
                **inputs,
            )
        )
    events = []
    if course != 0 and weeks > 4 and draw.percent(50):
        # A step part-way: down for those improving, up for those getting worse.
        to_level = LevelOfCare.OUTPATIENT if course < 0 else LevelOfCare.PARTIAL_HOSPITALIZATION
        if level is LevelOfCare.PARTIAL_HOSPITALIZATION and course < 0:
            to_level = LevelOfCare.INTENSIVE_OUTPATIENT
        if to_level is not level:
            effective = admitted.add(days=7 * (weeks // 2) + 1)
            events.append(
                LevelChange(
                    effective=effective,
                    recorded=min(as_of, effective.add(days=draw.below(3))),
                    from_level=level,
                    to_level=to_level,
                    reason="clinical improvement" if course < 0 else "clinical deterioration",
                    decided_by=draw.weighted(_ROLES),
                )
            )
    episode = Episode(
        participant_id=participant.id, admitted=admitted, initial_level=level, events=events
    )
    sessions = _history_sessions(draw, participant.id, admitted, weeks, zone)
    return SyntheticHistory(
        participant=participant,
        episode=episode,
        assessments=tuple(a for a in found if a.assessed_on <= as_of),
        sessions=tuple(s for s in sessions if s.start.date() <= as_of),
    )


def histories(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    weeks: int = 12,
    tz: str | pendulum.Timezone = "America/New_York",
) -> tuple[SyntheticHistory, ...]:
    """Return ``n`` synthetic episodes with ``weeks`` weeks of assessments and sessions.

    Every episode is admitted ``weeks`` weeks before ``as_of``: with the default 12
    weeks, every stay is past the reference ruleset's 60-day maximum on ``as_of``.
    For a program's census on a date, with stays of every length, use :func:`census`.

    Args:
        n: How many (0 or more); the participants are those of :func:`participants`.
        seed: Any int; the same seed gives the same histories.
        as_of: The history's last day; nothing is dated after it.
        weeks: Weeks of care, 1 to 104 (one assessment and three sessions each).
        tz: The program's time zone (IANA name or pendulum Timezone).

    Raises:
        InvalidTypeError: ``n``, ``seed`` or ``weeks`` is not an int, or ``as_of`` is
            not a date.
        InvalidValueError: ``n`` negative, ``weeks`` out of range, or ``as_of``
            without room on the calendar (74 years before it and two weeks after it).
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> (one,) = histories(1, seed=1, as_of=pendulum.date(2026, 3, 30))
    >>> len(one.assessments), len(one.sessions), one.episode.participant_id
    (12, 36, 'syn-000001')
    """
    return tuple(iter_histories(n, seed=seed, as_of=as_of, weeks=weeks, tz=tz))


def iter_histories(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    weeks: int = 12,
    tz: str | pendulum.Timezone = "America/New_York",
) -> Iterator[SyntheticHistory]:
    """Yield the histories of :func:`histories` one at a time.

    The arguments (those of :func:`histories`) are checked when this is called;
    memory stays the same whatever ``n`` is.

    .. versionadded:: 0.1

    >>> import pendulum
    >>> stream = iter_histories(10**6, seed=1, as_of=pendulum.date(2026, 3, 30), weeks=2)
    >>> [len(h.assessments) for h in (next(stream), next(stream))]
    [2, 2]
    """
    count, number, on = _count(n), _seed(seed), _as_of(as_of)
    length = _weeks(weeks)
    zone = to_timezone(tz)
    return (_history(number, index, on, length, zone) for index in range(count))


# ---------------------------------------------------------------- a program's census

#: :func:`census` spreads admissions over this many weeks before ``as_of`` by default.
_CENSUS_WEEKS: Final = 9
#: A participant admitted to an intensive program is at least moderately unwell
#: (impairment beyond what routine outpatient care can address, Evernorth SUD-IOP review list)
#: and not in need of 24-hour care (no imminent danger, same section): admission
#: severity 2 or 3.
_ADMISSION_SEVERITY: Final = (2, 3)
#: Severity from which the stay is partial hospitalization rather than IOP (made up,
#: matching the reference ruleset, where a rating of 3 calls for PHP).
_PHP_SEVERITY: Final = 3
#: Week to week, a clinician rates the course's severity, one step lower 15% of the
#: time (made up: the team's own ratings, which placed the participant at this level,
#: rather than a stranger's).
_STEADY_NOISE: Final = _table(((-1, 15), (0, 85)))
#: Weeks between one-step changes of severity along a course (made up).
_CENSUS_STEP_WEEKS: Final = (2, 3, 4, 5)
#: PHQ-9 items 1-8 centred on a total at the foot of the severity's band
#: (0-4, 5-9, 10-14, 15-19, 20-27: Kroenke 2001).
_PHQ9_CENTRES: Final = (
    (0, 0, 0, 1, 0, 0, 0, 0),
    (1, 1, 0, 1, 1, 0, 1, 0),
    (1, 2, 1, 2, 1, 1, 1, 1),
    (2, 2, 2, 2, 2, 1, 2, 2),
    (3, 3, 2, 3, 2, 2, 3, 2),
)
#: GAD-7 items centred on a total in the severity's band, near its foot
#: (0-4, 5-9, 10-14, 15-21: Spitzer 2006); one severity lower for
#: participants not treated for an anxiety-type condition.
_GAD7_CENTRES: Final = (
    (0, 0, 1, 0, 0, 0, 0),
    (1, 1, 1, 1, 0, 1, 1),
    (2, 2, 2, 1, 1, 2, 1),
    (2, 3, 2, 2, 2, 2, 2),
    (3, 3, 3, 3, 2, 3, 3),
)
#: Stays with support outside program hours, which ambulatory programs rely on
#: (Evernorth SUD-IOP review list); the percentage is made up.
_SUPPORTED_PERCENT: Final = 97
_ANXIOUS: Final = frozenset({Condition.ANXIETY, Condition.PTSD, Condition.OCD})
_GROUP = ServiceType.GROUP_THERAPY
_SKILLS = ServiceType.SKILLS_GROUP
_EDUCATION = ServiceType.PSYCHOEDUCATION
#: Individual counseling, a core IOP service (SAMHSA 2021 IOP Advisory): one
#: hour on Tuesday afternoons, at either level.
_INDIVIDUAL: Final = ((ServiceType.INDIVIDUAL_THERAPY, 14, 1),)
#: IOP: 3 hours on Monday, Wednesday and Friday, the typical IOP schedule (3 h x 3
#: days, alliedaddictionrecovery.com): 2 hours of group therapy, then a 1-hour skills group.
_IOP_DAY: Final = ((_GROUP, 9, 2), (_SKILLS, 11, 1))
#: PHP: 4 hours every weekday, 20 hours a week (the 20 hours a physician certifies for
#: PHP, 42 CFR 410.43(c)(1); typical 4 h x 4 days, alliedaddictionrecovery.com, to
#: 6 h x 5 days, Michigan PIHP criteria):
#: group therapy, a skills group and psychoeducation, three covered services a day
#: (the Medicare 3-service per-diem tier, CMS CY2024 OPPS final rule).
_PHP_DAY: Final = (*_IOP_DAY, (_EDUCATION, 12, 1))
#: Each level's week, Monday first: the (service, hour, hours) blocks of each day.
_WEEKS: Final = {
    LevelOfCare.INTENSIVE_OUTPATIENT: (_IOP_DAY, _INDIVIDUAL, _IOP_DAY, (), _IOP_DAY, (), ()),
    LevelOfCare.PARTIAL_HOSPITALIZATION: (
        _PHP_DAY,
        (*_PHP_DAY, *_INDIVIDUAL),
        _PHP_DAY,
        _PHP_DAY,
        _PHP_DAY,
        (),
        (),
    ),
}


def _census_level(severity: int) -> LevelOfCare:
    if severity >= _PHP_SEVERITY:
        return LevelOfCare.PARTIAL_HOSPITALIZATION
    return LevelOfCare.INTENSIVE_OUTPATIENT


def _census_screen(*, anxious: bool) -> Callable[[_Draw, int, int], list[Score]]:
    """The weekly questionnaires: C-SSRS, PHQ-9 and GAD-7 (see the module docstring)."""

    def screen(draw: _Draw, severity: int, safety: int) -> list[Score]:
        # The weekly screener is the "since last visit" version (NINDS Common Data
        # Elements C-SSRS page):
        # drawn one safety step lower than the one-off screener (made up).
        screener = _cssrs(draw, max(0, safety - 1))
        phq_items = [draw.around(centre, 0, 3) for centre in _PHQ9_CENTRES[severity]]
        phq_items.append(draw.around((-1, -1, 0, 1, 2)[safety], 0, 3))
        gad_row = _GAD7_CENTRES[severity if anxious else max(0, severity - 1)]
        gad_items = [draw.around(centre, 0, 3) for centre in gad_row]
        return [screener, phq9.score(phq_items), gad7.score(gad_items)]

    return screen


def _census_assessment(
    draw: _Draw,
    severity: int,
    participant: Participant,
    on: pendulum.Date,
    *,
    supported: bool,
) -> Assessment:
    screen = _census_screen(anxious=bool(participant.conditions & _ANXIOUS))
    inputs = _reference_inputs(draw, severity, participant, on, noise=_STEADY_NOISE, screen=screen)
    facts = inputs["facts"]
    assert isinstance(facts, dict)  # noqa: S101 - built by _reference_inputs
    # Support outside program hours belongs to the stay, not to the week (a fact
    # left out stays out: the missing inputs above).
    if ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS in facts:
        facts[ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS] = supported
    return Assessment(
        participant_id=participant.id,
        assessed_on=on,
        conditions=participant.conditions,
        recorded_by=draw.weighted(_ROLES),
        **inputs,
    )


def _census_sessions(  # noqa: PLR0913 - one participant's schedule
    draw: _Draw,
    participant_id: str,
    *,
    admitted: pendulum.Date,
    as_of: pendulum.Date,
    changes: Sequence[tuple[pendulum.Date, LevelOfCare]],
    zone: pendulum.Timezone,
) -> tuple[Session, ...]:
    import pendulum  # noqa: PLC0415 - a type-only import elsewhere in this module

    attends = draw.weighted(_ATTENDS)
    found = []
    level = changes[0][1]
    pending = list(changes[1:])
    first = admitted.toordinal()
    for ordinal in range(first, as_of.toordinal() + 1):
        # Standard-library dates: only the calendar fields are read (DESIGN.md: hot
        # loops use the standard arithmetic).
        day = dt.date.fromordinal(ordinal)
        while pending and pending[0][0] <= day:
            level = pending.pop(0)[1]
        for service, hour, hours in _WEEKS[level][day.weekday()]:
            # Built directly (under 1 us against 7 for pendulum.datetime): the same
            # value for a wall time outside a clock change, and sessions run between
            # 9:00 and 15:00, away from the night-time changes of the zones in use.
            start = pendulum.DateTime(day.year, day.month, day.day, hour, tzinfo=zone)
            end = pendulum.DateTime(day.year, day.month, day.day, hour + hours, tzinfo=zone)
            if draw.percent(2):
                attendance = Attendance.CANCELLED
            elif draw.percent(attends):
                attendance = Attendance.ATTENDED
            else:
                attendance = Attendance.EXCUSED if draw.percent(20) else Attendance.ABSENT
            found.append(
                Session(
                    participant_id=participant_id,
                    service=service,
                    start=start,
                    end=end,
                    attendance=attendance,
                )
            )
    return tuple(found)


def _census_history(
    seed: int, index: int, as_of: pendulum.Date, weeks: int, zone: pendulum.Timezone
) -> SyntheticHistory:
    participant, severity = _participant(seed, index, as_of)
    draw = _Draw(seed, "census", index)
    admitted = as_of.subtract(days=draw.below(7 * weeks))
    if admitted.weekday() >= 5:  # Saturday or Sunday: the Friday before
        admitted = admitted.subtract(days=admitted.weekday() - 4)
    start = min(_ADMISSION_SEVERITY[1], max(_ADMISSION_SEVERITY[0], severity))
    course = draw.weighted(_COURSES)
    step = _CENSUS_STEP_WEEKS[draw.below(len(_CENSUS_STEP_WEEKS))]
    level = _census_level(start)
    changes: list[tuple[pendulum.Date, LevelOfCare]] = [(admitted, level)]
    events = []
    supported = draw.percent(_SUPPORTED_PERCENT)
    found = []
    week = 0
    day = admitted
    while day <= as_of:
        now = min(4, max(0, start + course * (week // step)))
        found.append(_census_assessment(draw, now, participant, day, supported=supported))
        wanted = _census_level(now)
        effective = day.add(days=1)
        # The team acts on what an assessment showed from the next day; what the
        # assessment on as_of shows is left for the transition decision.
        if wanted is not level and effective <= as_of:
            events.append(
                LevelChange(
                    effective=effective,
                    recorded=min(as_of, effective.add(days=draw.below(3))),
                    from_level=level,
                    to_level=wanted,
                    reason="clinical improvement" if wanted < level else "clinical deterioration",
                    decided_by=draw.weighted(_ROLES),
                )
            )
            changes.append((effective, wanted))
            level = wanted
        week += 1
        day = admitted.add(days=7 * week)
    episode = Episode(
        participant_id=participant.id,
        admitted=admitted,
        initial_level=changes[0][1],
        events=events,
    )
    sessions = _census_sessions(
        draw, participant.id, admitted=admitted, as_of=as_of, changes=changes, zone=zone
    )
    return SyntheticHistory(
        participant=participant,
        episode=episode,
        assessments=tuple(found),
        sessions=sessions,
    )


def census(
    n: int,
    *,
    seed: int,
    as_of: pendulum.Date | pendulum.DateTime,
    weeks: int = _CENSUS_WEEKS,
    tz: str | pendulum.Timezone = "America/New_York",
) -> Iterator[SyntheticHistory]:
    """Yield ``n`` participants in care on ``as_of``, each with their stay so far.

    A program's census on a date: admissions are spread evenly over the ``weeks``
    weeks before ``as_of`` (a weekend date moves to the Friday before), so stays of
    every length up to about ``weeks`` weeks are open on ``as_of``, as in a program
    that admits at a steady rate. Each stay has one assessment a week from admission
    (with a PHQ-9 and a GAD-7), its sessions on the level's weekly schedule, and the
    level changes the team has already made; the decision due on ``as_of`` is left to
    :func:`iopcore.transitions.evaluate_transition`. The module docstring gives the
    distributions.

    Records are drawn from streams of their own (the participants are those of
    :func:`participants`), one participant at a time: memory stays the same
    whatever ``n`` is. The arguments are checked when this is called.

    .. versionadded:: 0.1

    Args:
        n: How many (0 or more).
        seed: Any int; the same seed gives the same stays.
        as_of: The census date; nothing is dated after it.
        weeks: The longest stay, in weeks (1 to 104); the default 9 lets a few stays
            reach the reference ruleset's 60-day maximum.
        tz: The program's time zone (IANA name or pendulum Timezone).

    Raises:
        InvalidTypeError: ``n``, ``seed`` or ``weeks`` is not an int, or ``as_of`` is
            not a date.
        InvalidValueError: ``n`` negative, ``weeks`` out of range, or ``as_of``
            without room on the calendar (74 years before it and two weeks after it).
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> day = pendulum.date(2026, 3, 30)
    >>> first = next(census(100, seed=1, as_of=day))
    >>> first.episode.admitted <= day, first.participant.id
    (True, 'syn-000001')
    >>> sorted(first.assessments[0].scores)
    ['cssrs', 'gad7', 'phq9']
    """
    count, number, on = _count(n), _seed(seed), _as_of(as_of)
    length = _weeks(weeks)
    zone = to_timezone(tz)
    return (_census_history(number, index, on, length, zone) for index in range(count))


# ---------------------------------------------------------------- admissions over a period


@attrs.frozen(kw_only=True)
class SyntheticAdmission:
    """One synthetic stay of :func:`admissions`, followed to discharge or the cut-off.

    Attributes:
        participant: The participant (as :func:`participants` gives them).
        episode: The stay, with its level changes and, unless censored, its discharge.
        assessments: One a week in care (C-SSRS, PHQ-9, GAD-7, the reference ratings),
            then follow-up PHQ-9s after discharge, oldest first.
        sessions: The sessions of the stay, in time order.
        censored: Still in care on the cut-off: the stay's end is not known, and its
            length so far is a lower bound.
    """

    participant: Participant
    episode: Episode
    assessments: tuple[Assessment, ...]
    sessions: tuple[Session, ...]
    censored: bool


#: Longest stay: DC Medicaid Level 2.1 lasts 30-60 days (DCMR 22-A6329.2); at the
#: 60th day the stay ends with a step down to outpatient care.
_MAX_STAY_DAYS: Final = 60
#: Weekly chance in percent of leaving care early, by engagement (the attendance
#: chances of _ATTENDS, 95/85/55%): made up.
_DROPOUT_PERCENT: Final = {95: 1, 85: 3, 55: 12}
#: Share of early leavers who say so (left against advice); the rest stop coming
#: (non-participation). Made up.
_LEFT_AGAINST_ADVICE_PERCENT: Final = 40
#: Severity at or below which the stay ends, goals met or stepped down to
#: outpatient care (half each; made up), after at least two weeks (made up).
_DONE_SEVERITY: Final = 1
_FEWEST_WEEKS: Final = 2
#: Weeks at the top severity in PHP after which the participant is transferred to
#: a higher level (made up).
_TRANSFER_WEEKS: Final = 2
#: Follow-up PHQ-9s after discharge (a phone or clinic check, made up): 70% of
#: participants answer one 90-270 days after admission, which the HEDIS DRR-E
#: follow-up window of 120-240 days after the index PHQ-9 mostly catches (NCQA
#: DRR-E measure description); 40% of those answer a second one 30-89 days later.
_FOLLOW_UP_PERCENT: Final = 70
_FOLLOW_UP_DAYS: Final = (90, 270)
_SECOND_FOLLOW_UP_PERCENT: Final = 40
#: After care, the PHQ-9 follows the severity at discharge, one step worse for 25%
#: (made up).
_RELAPSE_PERCENT: Final = 25


def _admission_day(draw: _Draw, first: pendulum.Date, days: int) -> pendulum.Date:
    """A weekday of the period: a weekend moves to the Monday after, else the Friday before.

    A period of only a weekend keeps the weekend day.
    """
    day = first.add(days=draw.below(days))
    if day.weekday() < 5:  # Monday to Friday
        return day
    after = day.add(days=7 - day.weekday())
    before = day.subtract(days=day.weekday() - 4)
    if after.toordinal() < first.toordinal() + days:
        return after
    return before if before >= first else day


def _end_of_stay(
    draw: _Draw, severity: int, *, weeks: int, attends: int, top_weeks: int
) -> DischargeReason | None:
    """Why the stay ends after this week's assessment, or None if it goes on."""
    if draw.percent(_DROPOUT_PERCENT[attends]):
        if draw.percent(_LEFT_AGAINST_ADVICE_PERCENT):
            return DischargeReason.LEFT_AGAINST_ADVICE
        return DischargeReason.NON_PARTICIPATION
    if severity <= _DONE_SEVERITY and weeks >= _FEWEST_WEEKS:
        if draw.percent(50):
            return DischargeReason.GOALS_MET
        return DischargeReason.STEPPED_DOWN_TO_OUTPATIENT
    if top_weeks >= _TRANSFER_WEEKS:  # in PHP by then (severity 3 and up)
        return DischargeReason.TRANSFERRED_TO_HIGHER_LEVEL
    return None


def _follow_ups(
    draw: _Draw, participant: Participant, admitted: pendulum.Date, severity: int, safety: int
) -> list[Assessment]:
    """PHQ-9s after discharge (see _FOLLOW_UP_PERCENT)."""
    found: list[Assessment] = []
    if not draw.percent(_FOLLOW_UP_PERCENT):
        return found
    low, high = _FOLLOW_UP_DAYS
    day = admitted.add(days=low + draw.below(high - low + 1))
    for _ in range(2):
        later = min(4, severity + 1) if draw.percent(_RELAPSE_PERCENT) else severity
        found.append(
            Assessment(
                participant_id=participant.id,
                assessed_on=day,
                conditions=participant.conditions,
                recorded_by=draw.weighted(_ROLES),
                scores=[_phq9(draw, later, safety)],
            )
        )
        if not draw.percent(_SECOND_FOLLOW_UP_PERCENT):
            break
        day = day.add(days=30 + draw.below(60))
    return found


def _admission(  # noqa: PLR0913 - one stay and its period
    seed: int,
    index: int,
    *,
    first: pendulum.Date,
    days: int,
    as_of: pendulum.Date,
    zone: pendulum.Timezone,
) -> SyntheticAdmission:
    # Ages as on the first day of the period, near everyone's age at admission.
    participant, severity = _participant(seed, index, first)
    draw = _Draw(seed, "admission", index)
    admitted = _admission_day(draw, first, days)
    start = min(_ADMISSION_SEVERITY[1], max(_ADMISSION_SEVERITY[0], severity))
    course = draw.weighted(_COURSES)
    step = _CENSUS_STEP_WEEKS[draw.below(len(_CENSUS_STEP_WEEKS))]
    attends = draw.weighted(_ATTENDS)
    supported = draw.percent(_SUPPORTED_PERCENT)
    level = _census_level(start)
    changes: list[tuple[pendulum.Date, LevelOfCare]] = [(admitted, level)]
    events: list[LevelChange | Discharge] = []
    found = []
    week, top_weeks, now = 0, 0, start
    day = admitted
    while day <= as_of:
        now = min(4, max(0, start + course * (week // step)))
        top_weeks = top_weeks + 1 if now == 4 else 0  # weeks running at the top severity
        found.append(_census_assessment(draw, now, participant, day, supported=supported))
        effective = day.add(days=1)
        if effective > as_of:
            break
        ends = _end_of_stay(draw, now, weeks=week + 1, attends=attends, top_weeks=top_weeks)
        if ends is None and (day - admitted).days + 7 >= _MAX_STAY_DAYS:
            # The next assessment would come at or past the longest stay: the stay
            # ends on its last day (unless the cut-off comes first).
            ends = DischargeReason.STEPPED_DOWN_TO_OUTPATIENT
            effective = admitted.add(days=_MAX_STAY_DAYS)
            if effective > as_of:
                break
        if ends is not None:
            decided = None if ends in _UNDECIDED else draw.weighted(_ROLES)
            events.append(
                Discharge(effective=effective, recorded=effective, reason=ends, decided_by=decided)
            )
            break
        wanted = _census_level(now)
        if wanted is not level:
            events.append(
                LevelChange(
                    effective=effective,
                    recorded=min(as_of, effective.add(days=draw.below(3))),
                    from_level=level,
                    to_level=wanted,
                    reason="clinical improvement" if wanted < level else "clinical deterioration",
                    decided_by=draw.weighted(_ROLES),
                )
            )
            changes.append((effective, wanted))
            level = wanted
        week += 1
        day = admitted.add(days=7 * week)
    censored = not (events and isinstance(events[-1], Discharge))
    last_day = as_of if censored else events[-1].effective.subtract(days=1)
    sessions = _census_sessions(
        draw, participant.id, admitted=admitted, as_of=last_day, changes=changes, zone=zone
    )
    if not censored:
        found.extend(
            a for a in _follow_ups(draw, participant, admitted, now, 0) if a.assessed_on <= as_of
        )
    episode = Episode(
        participant_id=participant.id, admitted=admitted, initial_level=changes[0][1], events=events
    )
    return SyntheticAdmission(
        participant=participant,
        episode=episode,
        assessments=tuple(found),
        sessions=sessions,
        censored=censored,
    )


#: Discharges nobody decided: the participant left.
_UNDECIDED: Final = frozenset(
    {DischargeReason.LEFT_AGAINST_ADVICE, DischargeReason.NON_PARTICIPATION}
)


def _period(start: object, end: object, as_of: object) -> tuple[pendulum.Date, int, pendulum.Date]:
    first = _as_of(start, "start")
    last = to_as_of(end, field="end")
    cut_off = _as_of(as_of)
    if last < first:
        raise InvalidValueError("end", last, allowed=f"on or after start={first}")
    if cut_off < last:
        raise InvalidValueError("as_of", cut_off, allowed=f"on or after end={last}")
    return first, last.toordinal() - first.toordinal() + 1, cut_off


def admissions(  # noqa: PLR0913 - keyword-only options of one generator
    n: int,
    *,
    seed: int,
    start: pendulum.Date,
    end: pendulum.Date,
    as_of: pendulum.Date | pendulum.DateTime,
    tz: str | pendulum.Timezone = "America/New_York",
) -> Iterator[SyntheticAdmission]:
    """Yield ``n`` stays admitted between ``start`` and ``end``, followed to ``as_of``.

    The cohort that length-of-stay and outcome analyses need, where :func:`census`
    gives only the people in care on one day: admissions are spread over the period
    (weekdays only), and each stay is followed week by week until it ends or the
    cut-off ``as_of`` comes first (then it is ``censored``: still in care, its end
    unknown). Stays are drawn as in :func:`census` (admission severity, course,
    weekly assessments, the level's sessions, level changes from the next day), and
    end after a weekly assessment:

    * early, for 1%, 3% or 12% a week by engagement (40% of them left against
      advice, the rest non-participation; made up);
    * when the severity is down to mild (1 or less) after at least two weeks: goals
      met or stepped down to outpatient care, half each (made up);
    * transferred to a higher level after two weeks at the top severity in PHP
      (made up);
    * at the latest on day 60 after admission, stepped down to outpatient care (DC
      Medicaid Level 2.1 lasts 30-60 days, DCMR 22-A6329.2).

    The discharge is effective the day after that assessment (the longest stay's on
    day 60). After discharge, 70%
    answer a follow-up PHQ-9 90-270 days after admission, and 40% of those a second
    one 30-89 days later (made up), so the HEDIS DRR-E follow-up window (120-240
    days after the index PHQ-9, NCQA) finds a score for many but not all; nothing is
    dated after ``as_of``. Records come from streams of their own, one stay at a
    time, and do not depend on ``n``.

    .. versionadded:: 0.2

    Args:
        n: How many stays (0 or more); the participants are those of
            :func:`participants` with ``as_of=start``.
        seed: Any int; the same seed gives the same stays.
        start: The first day of the admission period.
        end: The last day of the admission period (on or after ``start``).
        as_of: The cut-off: the last day records are followed (on or after ``end``).
        tz: The program's time zone (IANA name or pendulum Timezone).

    Raises:
        InvalidTypeError: ``n`` or ``seed`` not an int, or a date that is not a date.
        InvalidValueError: ``n`` negative, ``end`` before ``start``, ``as_of``
            before ``end``, or ``start`` within 74 years of the start of the calendar.
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> stays = list(
    ...     admissions(
    ...         200,
    ...         seed=3,
    ...         start=pendulum.date(2025, 1, 1),
    ...         end=pendulum.date(2025, 6, 30),
    ...         as_of=pendulum.date(2025, 6, 30),
    ...     )
    ... )
    >>> sum(stay.censored for stay in stays), len(stays)
    (54, 200)
    >>> stays[0].censored, stays[0].episode.discharge.reason.value
    (False, 'non-participation')
    """
    count, number = _count(n), _seed(seed)
    first, days, on = _period(start, end, as_of)
    zone = to_timezone(tz)
    return (
        _admission(number, index, first=first, days=days, as_of=on, zone=zone)
        for index in range(count)
    )
