import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore import LevelOfCare
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.levels import (
    ASAM_3RD_EDITION,
    ASAM_4TH_EDITION,
    CALOCUS_CASII_LEVELS,
    LOCUS_LEVELS,
    from_asam,
    from_calocus_casii,
    from_locus,
    to_asam,
    to_calocus_casii,
    to_locus,
)

OP, IOP, PHP, RES, IP = (
    LevelOfCare.OUTPATIENT,
    LevelOfCare.INTENSIVE_OUTPATIENT,
    LevelOfCare.PARTIAL_HOSPITALIZATION,
    LevelOfCare.RESIDENTIAL,
    LevelOfCare.INPATIENT,
)


def test_members_codes_and_order_are_the_public_contract():
    # shared/DESIGN.md, "The public contract".
    assert [level.code for level in LevelOfCare] == ["OP", "IOP", "PHP", "RES", "IP"]
    assert sorted([IP, OP, RES, IOP, PHP]) == [OP, IOP, PHP, RES, IP]
    assert max(IOP, PHP, OP) is PHP
    assert OP < IOP < PHP < RES < IP
    assert IP > RES >= RES
    assert OP <= OP
    assert [level.rank for level in LevelOfCare] == [0, 1, 2, 3, 4]


def test_levels_do_not_compare_with_other_types():
    with pytest.raises(TypeError):
        _ = OP < 1
    with pytest.raises(TypeError):
        _ = OP > "IP"
    with pytest.raises(TypeError):
        _ = OP <= None
    with pytest.raises(TypeError):
        _ = OP >= 2.0
    assert OP != "OP"


@pytest.mark.parametrize(
    ("code", "level"),
    [("OP", OP), ("iop", IOP), (" PHP ", PHP), ("Res", RES), ("ip", IP)],
)
def test_from_code(code, level):
    assert LevelOfCare.from_code(code) is level


def test_unknown_code_lists_the_valid_codes():
    with pytest.raises(UnknownCodeError) as caught:
        LevelOfCare.from_code("ICU")
    assert caught.value.field == "code"
    assert caught.value.allowed == "OP, IOP, PHP, RES, IP"
    assert "'ICU'" in str(caught.value)


def test_from_code_refuses_non_strings():
    with pytest.raises(InvalidTypeError):
        LevelOfCare.from_code(1)  # type: ignore[arg-type]


def test_labels():
    assert IOP.label == "intensive outpatient"
    assert PHP.label == "partial hospitalization"


def test_levels_pickle():
    assert pickle.loads(pickle.dumps(PHP)) is PHP


# ASAM Criteria 3rd edition (2013). Source for each row: Mid Shore Behavioral Health
# ASAM glossary (level names and families); 2.1 also SAMHSA IOP Advisory (2021) and
# DCMR 22-A6329.
ASAM_3 = [
    ("0.5", OP),  # Early Intervention (Mid Shore)
    ("1", OP),  # Outpatient Services (Mid Shore)
    ("1.0", OP),  # same level written with ".0"
    ("1-OTP", OP),  # Opioid Treatment Program (Mid Shore)
    ("1-WM", OP),  # ambulatory WM without extended on-site monitoring (Mid Shore)
    ("2.1", IOP),  # Intensive Outpatient (SAMHSA 2021; DCMR 22-A6329)
    ("2-WM", IOP),  # ambulatory WM with extended on-site monitoring, a Level 2 service
    ("2.5", PHP),  # Partial Hospitalization (Mid Shore)
    ("3.1", RES),  # Clinically Managed Low-Intensity Residential (Mid Shore)
    ("3.2-WM", RES),  # Clinically Managed Residential WM
    ("3.3", RES),  # Population-Specific High-Intensity Residential
    ("3.5", RES),  # Clinically Managed High-Intensity Residential
    ("3.7", RES),  # Medically Monitored Intensive Inpatient, a Level 3 service
    ("3.7-wm", RES),  # case does not matter
    ("4", IP),  # Medically Managed Intensive Inpatient
    ("4.0", IP),
    ("4-WM", IP),
]


@pytest.mark.parametrize(("code", "level"), ASAM_3)
def test_asam_3rd_edition(code, level):
    assert from_asam(code, edition=3) is level


# ASAM Criteria 4th edition (2023). Source: Colorado BHA FHIR IG and the level lists of
# several independent public code bases.
ASAM_4 = [
    ("1.0", OP),  # Long-Term Remission Monitoring
    ("1", OP),  # "1" and "1.0" are the same level
    ("1.5", OP),  # Outpatient Therapy
    ("1.7", OP),  # Medically Managed Outpatient
    ("2.1", IOP),  # Intensive Outpatient
    ("2.5", PHP),  # High-Intensity Outpatient, in place of partial hospitalization
    ("2.7", PHP),  # Medically Managed Intensive Outpatient
    ("3.1", RES),  # Clinically Managed Low-Intensity Residential
    ("3.5", RES),  # Clinically Managed High-Intensity Residential
    ("3.7", RES),  # Medically Managed Residential
    ("4", IP),  # Medically Managed Inpatient
]


@pytest.mark.parametrize(("code", "level"), ASAM_4)
def test_asam_4th_edition(code, level):
    assert from_asam(code, edition=4) is level


@pytest.mark.parametrize(
    ("code", "edition"),
    [("3.3", 4), ("0.5", 4), ("1.5", 3), ("2.7", 3), ("5", 3), ("", 3), ("2.1-X", 4)],
)
def test_codes_of_the_other_edition_are_unknown(code, edition):
    with pytest.raises(UnknownCodeError) as caught:
        from_asam(code, edition=edition)
    table = ASAM_3RD_EDITION if edition == 3 else ASAM_4TH_EDITION
    assert caught.value.allowed == ", ".join(row.code for row in table)


@pytest.mark.parametrize("edition", [2, 5, 0])
def test_unknown_edition(edition):
    with pytest.raises(InvalidValueError) as caught:
        from_asam("2.1", edition=edition)
    assert caught.value.field == "edition"


@pytest.mark.parametrize("edition", [True, 3.0, "3", None])
def test_edition_must_be_an_int(edition):
    with pytest.raises(InvalidTypeError):
        from_asam("2.1", edition=edition)


def test_asam_code_must_be_a_string():
    with pytest.raises(InvalidTypeError):
        from_asam(2.1, edition=3)  # type: ignore[arg-type]


# LOCUS levels: MN DHS MHIS manual; public EHR code tables; gatewaypsychiatric.com
# (level names; read as 2 ≈ outpatient, 3 ≈ IOP, 4 ≈ PHP, 6 ≈ inpatient).
LOCUS = [(0, OP), (1, OP), (2, OP), (3, IOP), (4, PHP), (5, RES), (6, IP)]
# CALOCUS-CASII levels: AACAP CASII page (aacap.org); level names unconfirmed against
# the licensed manual.
CASII = [(0, OP), (1, OP), (2, OP), (3, IOP), (4, PHP), (5, RES), (6, IP)]


@pytest.mark.parametrize(("number", "level"), LOCUS)
def test_locus(number, level):
    assert from_locus(number) is level


@pytest.mark.parametrize(("number", "level"), CASII)
def test_calocus_casii(number, level):
    assert from_calocus_casii(number) is level


@pytest.mark.parametrize("number", [-1, 7, 100])
def test_locus_out_of_range(number):
    with pytest.raises(InvalidValueError) as caught:
        from_locus(number)
    assert caught.value.allowed == "an int from 0 to 6"
    with pytest.raises(InvalidValueError):
        from_calocus_casii(number)


@pytest.mark.parametrize("number", [True, 3.0, "3", None])
def test_locus_needs_an_int(number):
    with pytest.raises(InvalidTypeError):
        from_locus(number)


def test_reverse_crosswalks_return_every_candidate_in_order():
    assert to_asam(OP, edition=3) == ("0.5", "1", "1-OTP", "1-WM")
    assert to_asam(IOP, edition=3) == ("2.1", "2-WM")
    assert to_asam(PHP, edition=4) == ("2.5", "2.7")
    assert to_asam(IP, edition=4) == ("4",)
    assert to_locus(OP) == (0, 1, 2)
    assert to_locus(IP) == (6,)
    assert to_calocus_casii(PHP) == (4,)


def test_reverse_crosswalk_needs_a_level():
    for reverse in (to_locus, to_calocus_casii):
        with pytest.raises(InvalidTypeError):
            reverse("IOP")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        to_asam("IOP", edition=3)  # type: ignore[arg-type]


@given(st.sampled_from(LevelOfCare), st.sampled_from([3, 4]))
def test_asam_round_trip(level, edition):
    """Every code the way back gives maps forward to the level it came from."""
    for code in to_asam(level, edition=edition):
        assert from_asam(code, edition=edition) is level


@given(st.sampled_from(LevelOfCare))
def test_locus_round_trip(level):
    """Every LOCUS / CALOCUS-CASII level the way back gives maps forward to the same level."""
    assert all(from_locus(number) is level for number in to_locus(level))
    assert all(from_calocus_casii(number) is level for number in to_calocus_casii(level))


@pytest.mark.parametrize(
    "table", [ASAM_3RD_EDITION, ASAM_4TH_EDITION, LOCUS_LEVELS, CALOCUS_CASII_LEVELS]
)
def test_tables_are_in_order_of_intensity_and_cite_a_source(table):
    levels = [row.level for row in table]
    assert levels == sorted(levels)
    assert all(row.source and row.name for row in table)
    assert len({row.code for row in table}) == len(table)
    assert set(levels) == set(LevelOfCare)
