"""The ``asam`` ruleset's hour bands, row by row against their published sources."""

import pytest

from iopcore import LevelOfCare, Population
from iopcore.exceptions import UnknownCodeError
from iopcore.intensity import requirement_for
from iopcore.rulesets import HoursBasis, asam, get_ruleset

OP, IOP, PHP, RES, IP = LevelOfCare
ADULT, ADOLESCENT = Population.ADULT, Population.ADOLESCENT

# (level, population, min, max, max_exclusive, taper weeks)
BANDS = [
    # Mid Shore ASAM glossary: level 1 "less than 9 hours per week" (adults)
    (OP, ADULT, 0, 9, True, 0),
    # Mid Shore ASAM glossary: level 1 "less than 6 hours per week" (adolescents)
    (OP, ADOLESCENT, 0, 6, True, 0),
    # aetna ASAM page / SAMHSA 2021: 2.1 at least 9 h; DCMR 22-A6329: 9-19 h adults;
    # aetna quoting ASAM: below the minimum for 1-2 weeks while tapering
    (IOP, ADULT, 9, 19, False, 2),
    # aetna / SAMHSA 2021: 2.1 at least 6 h adolescents; DCMR 22-A6329: 6-19 h youth
    (IOP, ADOLESCENT, 6, 19, False, 2),
    # Mid Shore: 2.5 "20 or more hours per week"
    (PHP, ADULT, 20, None, False, 0),
    (PHP, ADOLESCENT, 20, None, False, 0),
    # Mid Shore: 3.1 "at least 5 hours per week" of clinical service
    (RES, ADULT, 5, None, False, 0),
    (RES, ADOLESCENT, 5, None, False, 0),
]


@pytest.mark.parametrize("row", BANDS, ids=lambda row: f"{row[0].code}-{row[1].value}")
def test_hour_bands_match_their_sources(row):
    level, population, low, high, exclusive, taper = row
    requirement = requirement_for(level, population)
    assert requirement.min_hours_per_week == low
    assert requirement.max_hours_per_week == high
    assert requirement.max_exclusive is exclusive
    assert requirement.taper_grace_weeks == taper
    assert requirement.ruleset == asam.RULESET.ref
    assert requirement.source in asam.SOURCES


@pytest.mark.parametrize("population", list(Population))
def test_inpatient_is_24_hour_care_without_a_weekly_band(population):
    # ASAM level 4, medically managed intensive inpatient: 24-hour care (Mid Shore)
    requirement = requirement_for(IP, population)
    assert requirement.basis is HoursBasis.TWENTY_FOUR_HOUR_CARE
    assert requirement.describe() == "24-hour care (no weekly session band)"
    assert (requirement.min_hours_per_week, requirement.max_hours_per_week) == (0, None)
    assert "level 4" in requirement.source


def test_every_level_has_an_answer():
    for level in LevelOfCare:
        for population in Population:
            assert requirement_for(level, population).describe()


def test_every_band_is_in_the_table():
    assert len(asam.HOURS) == len(BANDS) + 2  # and the two 24-hour inpatient bands


def test_version_3_2013_without_the_inpatient_band_stays_available():
    old = get_ruleset("asam", version="3.2013")
    assert old.content_hash.startswith("d7f1e0dafe2b")
    with pytest.raises(UnknownCodeError) as caught:
        requirement_for(IP, ADULT, ruleset=old)
    assert "IOP/adult" in caught.value.allowed


def test_module_declares_its_identity():
    assert (asam.ID, asam.VERSION) == ("asam", "3.2013.2")
    assert asam.EFFECTIVE_FROM.year == 2013
    assert get_ruleset("asam") is asam.RULESET
    assert asam.RULESET.rules == ()
    assert all(band.source in asam.SOURCES for band in asam.HOURS)


def test_minimum_hours_never_fall_as_the_level_rises():
    for population in Population:
        floors = [requirement_for(level, population).min_hours_per_week for level in (OP, IOP, PHP)]
        assert floors == sorted(floors)
