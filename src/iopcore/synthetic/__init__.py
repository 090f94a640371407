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

from iopcore.synthetic._admissions import SyntheticAdmission, admissions
from iopcore.synthetic._assessments import (
    FOR_RULESETS,
    SyntheticCohort,
    assessments,
    cohort,
    iter_assessments,
)
from iopcore.synthetic._census import census
from iopcore.synthetic._histories import SyntheticHistory, histories, iter_histories
from iopcore.synthetic._participants import (
    CONDITION_WEIGHTS,
    SEVERITY_WEIGHTS,
    iter_participants,
    participants,
)

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
