"""Levels of care, ordered by intensity, and crosswalks to the published level systems.

A *level of care* is how intensive and how restrictive a person's treatment is. iopcore
uses five broad levels: outpatient (``OP``), intensive outpatient (``IOP``), partial
hospitalization (``PHP``), residential (``RES``) and inpatient (``IP``). They are
ordered, so ``<``, :func:`max` and :func:`sorted` work.

Payers and clinics also use finer systems: the ASAM Criteria (3rd edition, 2013, and
4th edition, 2023), LOCUS for adults and CALOCUS-CASII for children and adolescents.
The crosswalks here translate their level *codes* (never their criteria text, which is
proprietary) to and from :class:`LevelOfCare`. Every crosswalk is lossy: several
published levels fall into one broad level, so the way back returns all candidates.

References:
    * ASAM 3rd edition level codes and names: Mid Shore Behavioral Health ASAM
      glossary; SAMHSA *Intensive Outpatient Programs for SUD* advisory (2021).
    * ASAM 4th edition level codes: Colorado BHA FHIR implementation guide and
      several independent public code bases.
    * LOCUS levels 0-6: MN DHS MHIS manual; public EHR code tables
      (gatewaypsychiatric.com).
    * CALOCUS-CASII levels 0-6: AACAP CALOCUS-CASII page; level names as commonly
      published, not confirmed against the licensed manual (unconfirmed).

>>> from iopcore import LevelOfCare
>>> LevelOfCare.from_code("iop")
<LevelOfCare.INTENSIVE_OUTPATIENT: 'IOP'>
>>> max(LevelOfCare.OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION).code
'PHP'
>>> from_asam("2.5", edition=3).code
'PHP'
>>> to_asam(LevelOfCare.INTENSIVE_OUTPATIENT, edition=4)
('2.1',)
"""

from __future__ import annotations

import enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from iopcore._validation import to_int, to_member
from iopcore.exceptions import InvalidTypeError, UnknownCodeError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ASAM_3RD_EDITION",
    "ASAM_4TH_EDITION",
    "CALOCUS_CASII_LEVELS",
    "LOCUS_LEVELS",
    "CrosswalkRow",
    "LevelOfCare",
    "from_asam",
    "from_calocus_casii",
    "from_locus",
    "to_asam",
    "to_calocus_casii",
    "to_locus",
]


class LevelOfCare(enum.Enum):
    """The five broad levels of care, from least to most intensive.

    Members compare by intensity: ``LevelOfCare.OUTPATIENT < LevelOfCare.INPATIENT``.
    The value of each member is its short code.
    """

    OUTPATIENT = "OP"
    INTENSIVE_OUTPATIENT = "IOP"
    PARTIAL_HOSPITALIZATION = "PHP"
    RESIDENTIAL = "RES"
    INPATIENT = "IP"

    @property
    def code(self) -> str:
        """The short code, one of ``"OP"``, ``"IOP"``, ``"PHP"``, ``"RES"`` or ``"IP"``."""
        return str(self.value)

    @property
    def rank(self) -> int:
        """Position by intensity, 0 (outpatient) to 4 (inpatient)."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """The level's name in words, e.g. ``"intensive outpatient"``."""
        return self.name.lower().replace("_", " ")

    @classmethod
    def from_code(cls, code: str) -> LevelOfCare:
        """Return the level with this short code (case and surrounding space ignored).

        Raises:
            UnknownCodeError: ``code`` is not one of the five codes (it lists them).
            InvalidTypeError: ``code`` is not a string.

        >>> LevelOfCare.from_code(" php ")
        <LevelOfCare.PARTIAL_HOSPITALIZATION: 'PHP'>
        """
        allowed = ", ".join(member.code for member in cls)
        if not isinstance(code, str):
            raise InvalidTypeError("code", code, allowed=f"one of the codes {allowed}")
        try:
            return cls(code.strip().upper())
        except ValueError:
            raise UnknownCodeError("code", code, allowed=allowed) from None

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, LevelOfCare):
            return NotImplemented
        return _RANK[self] < _RANK[other]

    def __le__(self, other: object) -> bool:
        if not isinstance(other, LevelOfCare):
            return NotImplemented
        return _RANK[self] <= _RANK[other]

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, LevelOfCare):
            return NotImplemented
        return _RANK[self] > _RANK[other]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, LevelOfCare):
            return NotImplemented
        return _RANK[self] >= _RANK[other]


_RANK: Final[Mapping[LevelOfCare, int]] = MappingProxyType(
    {level: index for index, level in enumerate(LevelOfCare)}
)

_OP = LevelOfCare.OUTPATIENT
_IOP = LevelOfCare.INTENSIVE_OUTPATIENT
_PHP = LevelOfCare.PARTIAL_HOSPITALIZATION
_RES = LevelOfCare.RESIDENTIAL
_IP = LevelOfCare.INPATIENT


class CrosswalkRow(NamedTuple):
    """One row of a crosswalk table."""

    #: The published level code, e.g. ``"2.1"``.
    code: str
    #: The published level name.
    name: str
    #: The broad iopcore level it falls in.
    level: LevelOfCare
    #: Where the code and name were read.
    source: str


_MIDSHORE = "Mid Shore Behavioral Health ASAM glossary (ASAM 3rd ed., 2013)"
_SAMHSA_2021 = "SAMHSA Advisory: Intensive Outpatient Programs for SUD (2021)"
_ASAM4 = "Colorado BHA FHIR IG; public ASAM 4th ed. (2023) level lists"
_LOCUS = "LOCUS (AACP): MN DHS MHIS manual; public EHR code tables"
_CASII = "CALOCUS-CASII (AACAP/AACP) level numbers; names unconfirmed against the manual"

#: ASAM Criteria 3rd edition (2013) level codes, in order of intensity.
#: The broad level follows the ASAM level family: 0.5 and 1 outpatient, 2.1 intensive
#: outpatient, 2.5 partial hospitalization, 3.x residential, 4 inpatient.
ASAM_3RD_EDITION: Final[tuple[CrosswalkRow, ...]] = (
    CrosswalkRow("0.5", "Early Intervention", _OP, _MIDSHORE),
    CrosswalkRow("1", "Outpatient Services", _OP, _MIDSHORE),
    CrosswalkRow("1-OTP", "Opioid Treatment Program", _OP, _MIDSHORE),
    CrosswalkRow(
        "1-WM",
        "Ambulatory Withdrawal Management without Extended On-Site Monitoring",
        _OP,
        _MIDSHORE,
    ),
    CrosswalkRow("2.1", "Intensive Outpatient Services", _IOP, _SAMHSA_2021),
    CrosswalkRow(
        "2-WM", "Ambulatory Withdrawal Management with Extended On-Site Monitoring", _IOP, _MIDSHORE
    ),
    CrosswalkRow("2.5", "Partial Hospitalization Services", _PHP, _MIDSHORE),
    CrosswalkRow("3.1", "Clinically Managed Low-Intensity Residential Services", _RES, _MIDSHORE),
    CrosswalkRow("3.2-WM", "Clinically Managed Residential Withdrawal Management", _RES, _MIDSHORE),
    CrosswalkRow(
        "3.3",
        "Clinically Managed Population-Specific High-Intensity Residential Services",
        _RES,
        _MIDSHORE,
    ),
    CrosswalkRow("3.5", "Clinically Managed High-Intensity Residential Services", _RES, _MIDSHORE),
    CrosswalkRow("3.7", "Medically Monitored Intensive Inpatient Services", _RES, _MIDSHORE),
    CrosswalkRow("3.7-WM", "Medically Monitored Inpatient Withdrawal Management", _RES, _MIDSHORE),
    CrosswalkRow("4", "Medically Managed Intensive Inpatient Services", _IP, _MIDSHORE),
    CrosswalkRow(
        "4-WM", "Medically Managed Intensive Inpatient Withdrawal Management", _IP, _MIDSHORE
    ),
)

#: ASAM Criteria 4th edition (2023) level codes, in order of intensity. Level 2.5 is
#: "High-Intensity Outpatient" in this edition; it takes the place of partial
#: hospitalization, so it falls in ``PHP``.
ASAM_4TH_EDITION: Final[tuple[CrosswalkRow, ...]] = (
    CrosswalkRow("1.0", "Long-Term Remission Monitoring", _OP, _ASAM4),
    CrosswalkRow("1.5", "Outpatient Therapy", _OP, _ASAM4),
    CrosswalkRow("1.7", "Medically Managed Outpatient", _OP, _ASAM4),
    CrosswalkRow("2.1", "Intensive Outpatient", _IOP, _ASAM4),
    CrosswalkRow("2.5", "High-Intensity Outpatient", _PHP, _ASAM4),
    CrosswalkRow("2.7", "Medically Managed Intensive Outpatient", _PHP, _ASAM4),
    CrosswalkRow("3.1", "Clinically Managed Low-Intensity Residential", _RES, _ASAM4),
    CrosswalkRow("3.5", "Clinically Managed High-Intensity Residential", _RES, _ASAM4),
    CrosswalkRow("3.7", "Medically Managed Residential", _RES, _ASAM4),
    CrosswalkRow("4", "Medically Managed Inpatient", _IP, _ASAM4),
)

#: LOCUS levels 0-6 (codes are the level numbers as strings).
LOCUS_LEVELS: Final[tuple[CrosswalkRow, ...]] = (
    CrosswalkRow("0", "Basic Services", _OP, _LOCUS),
    CrosswalkRow("1", "Recovery Maintenance and Health Management", _OP, _LOCUS),
    CrosswalkRow("2", "Low Intensity Community Based Services", _OP, _LOCUS),
    CrosswalkRow("3", "High Intensity Community Based Services", _IOP, _LOCUS),
    CrosswalkRow("4", "Medically Monitored Non-Residential Services", _PHP, _LOCUS),
    CrosswalkRow("5", "Medically Monitored Residential Services", _RES, _LOCUS),
    CrosswalkRow("6", "Medically Managed Residential Services", _IP, _LOCUS),
)

#: CALOCUS-CASII levels 0-6 (codes are the level numbers as strings).
CALOCUS_CASII_LEVELS: Final[tuple[CrosswalkRow, ...]] = (
    CrosswalkRow("0", "Basic Services", _OP, _CASII),
    CrosswalkRow("1", "Recovery Maintenance and Health Management", _OP, _CASII),
    CrosswalkRow("2", "Outpatient Services", _OP, _CASII),
    CrosswalkRow("3", "Intensive Outpatient Services", _IOP, _CASII),
    CrosswalkRow(
        "4", "Intensive Integrated Services without 24-Hour Psychiatric Monitoring", _PHP, _CASII
    ),
    CrosswalkRow("5", "Non-Secure, 24-Hour Services with Psychiatric Monitoring", _RES, _CASII),
    CrosswalkRow("6", "Secure, 24-Hour Services with Psychiatric Management", _IP, _CASII),
)

_ASAM_TABLES: Final = MappingProxyType({3: ASAM_3RD_EDITION, 4: ASAM_4TH_EDITION})


def _asam_key(code: str) -> str:
    """Normalise an ASAM code: case, spaces, and "1" / "1.0" written either way."""
    text = code.strip().upper().replace(" ", "")
    base, dash, suffix = text.partition("-")
    base = base.removesuffix(".0")
    return f"{base}{dash}{suffix}"


def _asam_table(edition: object) -> tuple[CrosswalkRow, ...]:
    number = to_int(edition, field="edition", minimum=3, maximum=4)
    return _ASAM_TABLES[number]


def from_asam(code: str, *, edition: int) -> LevelOfCare:
    """Return the broad level of an ASAM Criteria level code.

    Args:
        code: The ASAM level, e.g. ``"2.1"``, ``"3.7-WM"``; ``"1"`` and ``"1.0"`` are
            the same level.
        edition: ``3`` (2013) or ``4`` (2023).

    Raises:
        UnknownCodeError: ``code`` is not a level of that edition (it lists them).
        InvalidValueError: ``edition`` is not 3 or 4.

    >>> from_asam("3.7-WM", edition=3)
    <LevelOfCare.RESIDENTIAL: 'RES'>
    >>> from_asam("1", edition=4)
    <LevelOfCare.OUTPATIENT: 'OP'>
    """
    table = _asam_table(edition)
    allowed = ", ".join(row.code for row in table)
    if not isinstance(code, str):
        raise InvalidTypeError("code", code, allowed=f"one of the ASAM codes {allowed}")
    key = _asam_key(code)
    for row in table:
        if _asam_key(row.code) == key:
            return row.level
    raise UnknownCodeError("code", code, allowed=allowed)


def to_asam(level: LevelOfCare, *, edition: int) -> tuple[str, ...]:
    """Return every ASAM level code of ``edition`` that falls in ``level``.

    The result is in order of intensity; it is empty where the edition has no level
    in that broad level.

    >>> to_asam(LevelOfCare.RESIDENTIAL, edition=3)
    ('3.1', '3.2-WM', '3.3', '3.5', '3.7', '3.7-WM')
    """
    table = _asam_table(edition)
    wanted = to_level(level)
    return tuple(row.code for row in table if row.level is wanted)


def _numbered(table: tuple[CrosswalkRow, ...], level: object, field: str) -> LevelOfCare:
    return table[to_int(level, field=field, minimum=0, maximum=len(table) - 1)].level


def from_locus(level: int) -> LevelOfCare:
    """Return the broad level of a LOCUS level of care (0-6).

    Raises:
        InvalidValueError: ``level`` is an int outside 0-6.
        InvalidTypeError: ``level`` is not an int (``bool`` included).

    >>> from_locus(3)
    <LevelOfCare.INTENSIVE_OUTPATIENT: 'IOP'>
    """
    return _numbered(LOCUS_LEVELS, level, "level")


def to_locus(level: LevelOfCare) -> tuple[int, ...]:
    """Return every LOCUS level (0-6) that falls in ``level``, least intensive first.

    >>> to_locus(LevelOfCare.OUTPATIENT)
    (0, 1, 2)
    """
    wanted = to_level(level)
    return tuple(int(row.code) for row in LOCUS_LEVELS if row.level is wanted)


def from_calocus_casii(level: int) -> LevelOfCare:
    """Return the broad level of a CALOCUS-CASII level of service intensity (0-6).

    >>> from_calocus_casii(4)
    <LevelOfCare.PARTIAL_HOSPITALIZATION: 'PHP'>
    """
    return _numbered(CALOCUS_CASII_LEVELS, level, "level")


def to_calocus_casii(level: LevelOfCare) -> tuple[int, ...]:
    """Return every CALOCUS-CASII level (0-6) that falls in ``level``.

    >>> to_calocus_casii(LevelOfCare.INPATIENT)
    (6,)
    """
    wanted = to_level(level)
    return tuple(int(row.code) for row in CALOCUS_CASII_LEVELS if row.level is wanted)


def to_level(
    value: object,
    *,
    field: str = "level",
    codes: Literal["no", "exact", "any case"] = "no",
    allowed: str = "a LevelOfCare member",
) -> LevelOfCare:
    """Return ``value`` as a :class:`LevelOfCare`: the one level converter every module calls.

    ``codes`` says what besides a member is accepted: ``"no"``, nothing (any other value
    raises :class:`~iopcore.exceptions.InvalidTypeError` with ``allowed``); ``"exact"``,
    the member's exact code (``'IOP'``; anything else raises
    :class:`~iopcore.exceptions.UnknownCodeError` listing the codes); ``"any case"``, a
    code as :meth:`LevelOfCare.from_code` reads it (a non-string raises
    :class:`~iopcore.exceptions.InvalidTypeError` with ``allowed``, an unknown code
    :class:`~iopcore.exceptions.UnknownCodeError`). Errors name ``field``.
    """
    if type(value) is LevelOfCare:  # the fast path: members cannot be subclassed
        return value
    if codes == "exact":
        return to_member(LevelOfCare, value, field=field)
    if codes == "any case" and isinstance(value, str):
        try:
            return LevelOfCare.from_code(value)
        except UnknownCodeError as error:  # named for this field, not from_code's argument
            raise UnknownCodeError(field, value, allowed=error.allowed) from None
    raise InvalidTypeError(field, value, allowed=allowed)
