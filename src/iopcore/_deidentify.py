"""How an export that leaves the covered entity writes participants and dates.

Published as :class:`iopcore.fhir.Deidentify` and :class:`iopcore.fhir.DateDetail`.

The HIPAA Privacy Rule's Safe Harbor method (45 CFR 164.514(b)(2)(i)) lists the
identifiers a de-identified data set must not hold. Two of them are in every iopcore
export: "all elements of dates (except year) for dates directly related to an
individual, including ... admission date, discharge date" (item (C)), which covers
the dates of assessments and the times of sessions too, and "any other unique
identifying number, characteristic, or code" (item (R)), which a participant id is.
A covered entity may keep a re-identification code of its own in their place, if the
code is not derived from information about the person and the key stays with it
(45 CFR 164.514(c)): the caller's ``pseudonyms``.

Year-only dates (:attr:`DateDetail.YEAR`) are what Safe Harbor allows. Dates shifted
by a number of days per participant (:attr:`DateDetail.SHIFTED`) keep intervals
(lengths of stay, days between assessments) but are not on the Safe Harbor list: a
data set with them is de-identified only under an expert determination (45 CFR
164.514(b)(1)). HHS explains both methods in its "Guidance Regarding Methods for
De-identification of Protected Health Information" (hhs.gov).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from iopcore._validation import shift_date, to_aware_datetime, to_date, to_identifier
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError

T = TypeVar("T")

if TYPE_CHECKING:
    import datetime as dt

    import pendulum

#: Largest shift taken, in days (ten years either way).
MAX_SHIFT_DAYS: Final = 3650


class DateDetail(enum.Enum):
    """How much of each date a de-identified export keeps."""

    #: The year only (45 CFR 164.514(b)(2)(i)(C), the Safe Harbor method).
    YEAR = "year"
    #: The whole date or time, moved by the participant's number of days (intervals
    #: kept; needs an expert determination, 45 CFR 164.514(b)(1)).
    SHIFTED = "shifted"


def _text_map(values: object, field: str) -> Mapping[str, str]:
    allowed = "a mapping of participant ids to pseudonyms, both non-empty texts"
    if not isinstance(values, Mapping):
        raise InvalidTypeError(field, values, allowed=allowed, sensitive=True)
    found: dict[str, str] = {}
    for key, value in values.items():
        if not (isinstance(key, str) and isinstance(value, str) and key.strip() and value.strip()):
            raise InvalidTypeError(field, None, allowed=allowed, reason="holds a non-text entry")
        if key == value:
            raise InvalidValueError(
                field,
                None,
                allowed="a pseudonym that is not the participant's own id",
                reason="maps an id to itself",
            )
        found[key] = value
    if len(set(found.values())) != len(found):
        raise InvalidValueError(
            field,
            None,
            allowed="a different pseudonym for each participant",
            reason="gives two participants the same pseudonym",
        )
    return MappingProxyType(found)


def _pseudonyms(values: object) -> Mapping[str, str]:
    return _text_map(values, "pseudonyms")


def _shifts(values: object) -> Mapping[str, int]:
    allowed = (
        f"a mapping of participant ids to whole days from -{MAX_SHIFT_DAYS} to {MAX_SHIFT_DAYS}"
    )
    if not isinstance(values, Mapping):
        raise InvalidTypeError("shift_days", values, allowed=allowed, sensitive=True)
    found: dict[str, int] = {}
    for key, value in values.items():
        if not isinstance(key, str) or type(value) is not int:
            raise InvalidTypeError("shift_days", None, allowed=allowed, reason="holds a bad entry")
        if abs(value) > MAX_SHIFT_DAYS:
            raise InvalidValueError("shift_days", value, allowed=allowed)
        found[key] = value
    return MappingProxyType(found)


def _detail(value: object) -> DateDetail:
    try:
        return DateDetail(value)
    except ValueError:
        raise UnknownCodeError(
            "dates", value, allowed="'year' or 'shifted' (a DateDetail)"
        ) from None


@attrs.frozen(repr=False)
class Deidentify:
    """How a de-identified export writes participants and dates.

    Pass it as ``deidentify=`` to :func:`~iopcore.fhir.episode_of_care`,
    :func:`~iopcore.fhir.observation` and :func:`~iopcore.fhir.encounter`. Every
    participant is written as their pseudonym, and every date and time as its year
    (``dates="year"``, the Safe Harbor method) or moved by the participant's
    ``shift_days`` (``dates="shifted"``). A participant without a pseudonym (or, when
    shifting, without a shift) is an error, never exported as they are.

    Its ``repr`` shows the kind and the number of participants, never an id.

    Args:
        pseudonyms: Each participant id and the code to write instead, which must not
            be derived from the person's information (45 CFR 164.514(c)); keep the
            mapping inside the covered entity.
        dates: ``"year"`` (:attr:`DateDetail.YEAR`, the default) or ``"shifted"``.
        shift_days: For ``"shifted"``: each participant id and the whole number of
            days to move their dates by (-3650 to 3650). Times keep their local
            wall-clock time.

    Raises:
        InvalidTypeError: a mapping that is not one of texts (or of days).
        InvalidValueError: an id mapped to itself, two participants with one
            pseudonym, a shift out of range, or shifts given for year-only dates.
        UnknownCodeError: ``dates`` neither ``"year"`` nor ``"shifted"``.

    >>> policy = Deidentify(pseudonyms={"mrn-000123": "study-0001"})
    >>> policy
    Deidentify(dates='year', participants=1)
    >>> policy.participant("mrn-000123")
    'study-0001'
    """

    pseudonyms: Mapping[str, str] = attrs.field(converter=_pseudonyms)
    dates: DateDetail = attrs.field(default=DateDetail.YEAR, converter=_detail)
    shift_days: Mapping[str, int] = attrs.field(
        factory=lambda: MappingProxyType({}), converter=_shifts
    )

    def __attrs_post_init__(self) -> None:
        if self.dates is DateDetail.YEAR and self.shift_days:
            raise InvalidValueError(
                "shift_days",
                None,
                allowed="no shifts with dates='year' (or dates='shifted')",
                reason="is given for year-only dates",
            )

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle; the copy is rebuilt through __init__.
        fields = {
            "pseudonyms": dict(self.pseudonyms),
            "dates": self.dates,
            "shift_days": dict(self.shift_days),
        }
        return (_rebuild, (fields,))

    def __repr__(self) -> str:
        return f"Deidentify(dates={self.dates.value!r}, participants={len(self.pseudonyms)})"

    def participant(self, participant_id: str) -> str:
        """The pseudonym written for ``participant_id``.

        Raises:
            UnknownCodeError: no pseudonym is given for the participant (the id is
                not shown).
        """
        who = to_identifier(participant_id, field="participant_id")
        return _listed(self.pseudonyms, who, "pseudonyms", "pseudonym")

    def _shift(self, participant_id: str) -> int:
        return _listed(self.shift_days, participant_id, "shift_days", "date shift")

    def day(self, day: dt.date, participant_id: str, *, field: str) -> int | pendulum.Date:
        """What is written for a date: its year, or the date moved by the shift."""
        kept = to_date(day, field=field)
        if self.dates is DateDetail.YEAR:
            return kept.year
        return shift_date(kept, self._shift(participant_id), field=field)

    def moment(
        self, moment: dt.datetime, participant_id: str, *, field: str
    ) -> int | pendulum.DateTime:
        """What is written for a time: its year, or the time moved by the shift."""
        kept = to_aware_datetime(moment, field=field)
        if self.dates is DateDetail.YEAR:
            return kept.year
        days = self._shift(participant_id)
        shift_date(kept.date(), days, field=field)  # a typed error off the calendar
        return kept.add(days=days)


def _rebuild(fields: dict[str, object]) -> Deidentify:
    return Deidentify(**fields)


def _listed(values: Mapping[str, T], participant_id: str, field: str, what: str) -> T:
    """The participant's entry in ``values``, or an error that does not show the id."""
    found = values.get(participant_id)
    if found is None:
        raise UnknownCodeError(
            "participant_id",
            participant_id,
            allowed=f"an id listed in the export's {field}",
            reason=f"has no {what}, so it is not exported",
            sensitive=True,
        )
    return found
