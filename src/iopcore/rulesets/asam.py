"""The ``asam`` ruleset: weekly session hours per level of care, ASAM Criteria 3rd edition.

The ASAM Criteria (3rd edition, 2013) set each ambulatory level apart by its hours of
clinical service a week, with a lower threshold for adolescents. Those thresholds are
republished by payers, state rules and SAMHSA, and are what this ruleset ships; the
criteria text and decision logic are ASAM's and are not reproduced.

===========================  ===========================  ===========================
level (ASAM code)            adults                       adolescents
===========================  ===========================  ===========================
outpatient (1)               under 9 h a week             under 6 h a week
intensive outpatient (2.1)   9 to 19 h a week             6 to 19 h a week
partial hospitalization      20 h a week or more          20 h a week or more
(2.5)
residential (3.1, the        at least 5 h of clinical     at least 5 h of clinical
lowest residential level)    service a week               service a week
inpatient (4)                24-hour care, no weekly      24-hour care, no weekly
                             session band                 session band
===========================  ===========================  ===========================

Stepping down from intensive outpatient care, a participant who no longer needs 9
hours (6 for adolescents) but is not ready for level 1 may stay below the minimum for
one to two weeks: ``taper_grace_weeks = 2`` on the IOP bands.

Inpatient care (level 4) is 24-hour care: since version 3.2013.2 its band says so
(:attr:`~iopcore.rulesets.HoursBasis.TWENTY_FOUR_HOUR_CARE`), so that every level has
an answer; version 3.2013 had no inpatient band and stays available.

References:
    * Mid Shore Behavioral Health, ASAM glossary (3rd ed.): level 1 under 9 h/wk
      adults, under 6 h/wk adolescents; 2.5 at least 20 h/wk; 3.1 at least 5 h/wk
      of clinical service (midshorebehavioralhealth.org ASAM glossary).
    * aetna.com, ASAM level of care page: 2.1 at least 9 h/wk adults, 6 h/wk
      adolescents; the 1-2 week taper below the minimum (aetna.com ASAM page).
    * DC Municipal Regulations 22-A6329: level 2.1 is 9-19 h/wk adults, 6-19 h/wk
      youth.
    * SAMHSA Advisory, Intensive Outpatient Programs for SUD (2021): at least 9 h/wk
      adults, 6 h/wk adolescents.
    * Level 4, medically managed intensive inpatient services: 24-hour care (Mid
      Shore Behavioral Health ASAM glossary).

>>> from iopcore import LevelOfCare, Population
>>> from iopcore.rulesets import asam
>>> band = asam.RULESET.hour_band(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADOLESCENT)
>>> band.min_hours_per_week, band.max_hours_per_week, band.taper_grace_weeks
(6.0, 19.0, 2)
"""

from __future__ import annotations

from typing import Final

import pendulum

from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rulesets import HourBand, HoursBasis, Ruleset

__all__ = ["EFFECTIVE_FROM", "HOURS", "ID", "RULESET", "SOURCES", "VERSION", "VERSIONS"]

ID: Final = "asam"
VERSION: Final = "3.2013.2"
#: The 3rd edition was published in 2013; the month it took effect varies by payer
#: and state, so the ruleset is in force from the start of that year.
EFFECTIVE_FROM: Final = pendulum.Date(2013, 1, 1)

_MIDSHORE = (
    "Mid Shore Behavioral Health ASAM glossary (ASAM Criteria 3rd ed., 2013): level 1 "
    "under 9 h/wk adults, under 6 h/wk adolescents; 2.5 20 h/wk or more; 3.1 at least "
    "5 h/wk of clinical service (midshorebehavioralhealth.org ASAM glossary)"
)
_IOP = (
    "aetna.com ASAM page; DCMR 22-A6329 (2.1 = 9-19 h/wk adults, 6-19 h/wk youth); "
    "SAMHSA IOP Advisory 2021 (9 h/wk adults, 6 h/wk adolescents); taper of 1-2 weeks "
    "below the minimum while stepping down: aetna.com quoting ASAM"
)

_INPATIENT = (
    "ASAM Criteria 3rd ed. level 4, medically managed intensive inpatient services: "
    "24-hour care (Mid Shore Behavioral Health ASAM glossary)"
)

#: Every source the ruleset cites.
SOURCES: Final = (_MIDSHORE, _IOP, _INPATIENT)

_ADULT = Population.ADULT
_ADOLESCENT = Population.ADOLESCENT

# The bands of version 3.2013 (no inpatient band).
_HOURS_2013: Final = (
    HourBand(
        level=LevelOfCare.OUTPATIENT,
        population=_ADULT,
        min_hours_per_week=0,
        max_hours_per_week=9,  # ASAM 3rd ed. level 1: under 9 h/wk adults (Mid Shore)
        max_exclusive=True,
        source=_MIDSHORE,
    ),
    HourBand(
        level=LevelOfCare.OUTPATIENT,
        population=_ADOLESCENT,
        min_hours_per_week=0,
        max_hours_per_week=6,  # ASAM 3rd ed. level 1: under 6 h/wk adolescents (Mid Shore)
        max_exclusive=True,
        source=_MIDSHORE,
    ),
    HourBand(
        level=LevelOfCare.INTENSIVE_OUTPATIENT,
        population=_ADULT,
        min_hours_per_week=9,  # ASAM 2.1: at least 9 h/wk adults (aetna; SAMHSA 2021)
        max_hours_per_week=19,  # ASAM 2.1: 9-19 h/wk adults (DCMR 22-A6329)
        taper_grace_weeks=2,  # ASAM: below the minimum for 1-2 weeks when tapering (aetna)
        source=_IOP,
    ),
    HourBand(
        level=LevelOfCare.INTENSIVE_OUTPATIENT,
        population=_ADOLESCENT,
        min_hours_per_week=6,  # ASAM 2.1: at least 6 h/wk adolescents (aetna; SAMHSA 2021)
        max_hours_per_week=19,  # ASAM 2.1: 6-19 h/wk youth (DCMR 22-A6329)
        taper_grace_weeks=2,  # ASAM: below the minimum for 1-2 weeks when tapering (aetna)
        source=_IOP,
    ),
    HourBand(
        level=LevelOfCare.PARTIAL_HOSPITALIZATION,
        population=_ADULT,
        min_hours_per_week=20,  # ASAM 2.5: 20 h/wk or more (Mid Shore)
        source=_MIDSHORE,
    ),
    HourBand(
        level=LevelOfCare.PARTIAL_HOSPITALIZATION,
        population=_ADOLESCENT,
        min_hours_per_week=20,  # ASAM 2.5: 20 h/wk or more (Mid Shore)
        source=_MIDSHORE,
    ),
    HourBand(
        level=LevelOfCare.RESIDENTIAL,
        population=_ADULT,
        min_hours_per_week=5,  # ASAM 3.1: at least 5 h/wk clinical service (Mid Shore)
        source=_MIDSHORE,
    ),
    HourBand(
        level=LevelOfCare.RESIDENTIAL,
        population=_ADOLESCENT,
        min_hours_per_week=5,  # ASAM 3.1: at least 5 h/wk clinical service (Mid Shore)
        source=_MIDSHORE,
    ),
)

#: The hour bands, one per level and population: inpatient care is 24-hour care.
HOURS: Final = (
    *_HOURS_2013,
    *(
        HourBand(
            level=LevelOfCare.INPATIENT,
            population=population,
            min_hours_per_week=0,  # ASAM level 4: 24-hour care, no weekly session band
            basis=HoursBasis.TWENTY_FOUR_HOUR_CARE,
            source=_INPATIENT,
        )
        for population in (_ADULT, _ADOLESCENT)
    ),
)

_TITLE: Final = "ASAM Criteria 3rd edition (2013): weekly hours per level of care"
_NOTICE: Final = (
    "Hour thresholds only, as republished by payers, states and SAMHSA; the ASAM "
    "Criteria text and decision logic are ASAM's and are not included."
)

#: The ruleset value (the latest version).
RULESET: Final = Ruleset(
    id=ID,
    version=VERSION,
    title=_TITLE,
    effective_from=EFFECTIVE_FROM,
    sources=SOURCES,
    hours=HOURS,
    notice=_NOTICE,
)

#: Every version, oldest first (the registry picks the newest one in force): 3.2013
#: without the inpatient band, kept for results computed under it.
VERSIONS: Final = (
    Ruleset(
        id=ID,
        version="3.2013",
        title=_TITLE,
        effective_from=EFFECTIVE_FROM,
        sources=(_MIDSHORE, _IOP),
        hours=_HOURS_2013,
        notice=_NOTICE,
    ),
    RULESET,
)
