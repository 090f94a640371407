"""Participants: the people an IOP serves, as far as care rules need to know them.

A :class:`Participant` holds an opaque identifier, a birth date, the conditions being
treated and, optionally, the sex that some instruments use for their cut-offs. It holds
no name, address or free text. Its ``repr`` and ``str`` never show the birth date, and
neither does any error message about it.

The *population* (adult or adolescent) decides which hour thresholds apply: the ASAM
Criteria (3rd edition) and many state rules set 9 hours a week for adults and 6 for
adolescents in intensive outpatient care. The age boundary is a parameter, 18 by
default; some state rules draw it elsewhere (the District of Columbia counts youth
under 21 for level 2.1), so pass ``adult_age`` where yours differs.

Age is counted in whole years. A person born on 29 February has their birthday on
1 March in years that are not leap years (they turn 18 on 1 March, not 28 February).

References:
    * ASAM Criteria 3rd ed. via Mid Shore Behavioral Health glossary; Kansas R03-704
      (>= 9 h for 18 and over, >= 6 h under 18); DCMR 22-A6329 (youth under 21).
    * ICD-10-CM Tabular List of Diseases, chapter 5 (F01-F99), CDC/NCHS (public domain).

>>> import pendulum
>>> from iopcore import Participant, Population, Condition
>>> person = Participant(
...     id="p-001", birth_date=pendulum.date(2008, 2, 29), conditions=["depression"]
... )
>>> person
Participant(id='p-001', conditions=frozenset({<Condition.DEPRESSION: 'depression'>}), sex=None)
>>> person.age_on(pendulum.date(2026, 2, 28))
17
>>> person.population_on(pendulum.date(2026, 3, 1))
<Population.ADULT: 'adult'>
>>> Condition.from_icd10("F33.1")
<Condition.DEPRESSION: 'depression'>
"""

from __future__ import annotations

import enum
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._table_values import is_missing
from iopcore._validation import to_as_of, to_date, to_identifier, to_int, to_member, to_members
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "DEFAULT_ADULT_AGE",
    "ICD10_CATEGORIES",
    "Condition",
    "Participant",
    "Population",
    "Sex",
]

#: Age in whole years from which a participant counts as an adult. The ASAM Criteria
#: (3rd ed.) and Kansas R03-704 draw the adult/adolescent line at 18.
DEFAULT_ADULT_AGE: Final = 18


class Population(enum.Enum):
    """Which population's rules apply: adult or adolescent (under ``adult_age``)."""

    ADULT = "adult"
    ADOLESCENT = "adolescent"


class Sex(enum.Enum):
    """Sex as recorded for instruments with sex-specific cut-offs (AUDIT-C)."""

    FEMALE = "female"
    MALE = "male"


class Condition(enum.Enum):
    """The conditions an IOP treats, in broad diagnostic groups."""

    DEPRESSION = "depression"
    ANXIETY = "anxiety"
    SUBSTANCE_USE = "substance use"
    ALCOHOL_USE = "alcohol use"
    EATING_DISORDER = "eating disorder"
    BIPOLAR_DISORDER = "bipolar disorder"
    PTSD = "ptsd"
    OCD = "ocd"
    PSYCHOTIC_DISORDER = "psychotic disorder"
    BORDERLINE_PERSONALITY_DISORDER = "borderline personality disorder"

    @classmethod
    def from_icd10(cls, code: str) -> Condition:
        """Return the condition group of an ICD-10-CM diagnosis code.

        The code may be written with or without its dot and in any case
        (``"F33.1"``, ``"f331"``). The longest matching category prefix in
        :data:`ICD10_CATEGORIES` wins, so ``F43.1`` (PTSD) is told apart from other
        ``F43`` reactions to stress, which have no group here.

        Raises:
            InvalidValueError: ``code`` is not shaped like an ICD-10-CM code.
            UnknownCodeError: a well-formed code outside every group.

        >>> Condition.from_icd10("F10.20")
        <Condition.ALCOHOL_USE: 'alcohol use'>
        >>> Condition.from_icd10("F43.10")
        <Condition.PTSD: 'ptsd'>
        """
        allowed = "an ICD-10-CM code such as 'F33.1' in one of the groups of ICD10_CATEGORIES"
        if not isinstance(code, str):
            raise InvalidTypeError("code", code, allowed=allowed)
        key = code.strip().upper().replace(".", "")
        if not _ICD10_SHAPE.fullmatch(key):
            raise InvalidValueError("code", code, allowed=allowed, reason="is not an ICD-10 code")
        for length in range(len(key), 2, -1):
            found = ICD10_CATEGORIES.get(key[:length])
            if found is not None:
                return found
        raise UnknownCodeError("code", code, allowed=allowed)


_ICD10_SHAPE: Final = re.compile(r"[A-Z][0-9][0-9A-Z]{1,5}")


def _categories() -> dict[str, Condition]:
    # ICD-10-CM Tabular List, chapter 5 (Mental, Behavioral and Neurodevelopmental
    # disorders, F01-F99), CDC/NCHS FY2024: category ranges by their published titles.
    table: dict[str, Condition] = {
        "F10": Condition.ALCOHOL_USE,  # F10 alcohol related disorders
        "F20": Condition.PSYCHOTIC_DISORDER,  # F20-F29 schizophrenia, schizotypal, delusional
        "F30": Condition.BIPOLAR_DISORDER,  # F30 manic episode
        "F31": Condition.BIPOLAR_DISORDER,  # F31 bipolar disorder
        "F32": Condition.DEPRESSION,  # F32 depressive episode
        "F33": Condition.DEPRESSION,  # F33 major depressive disorder, recurrent
        "F341": Condition.DEPRESSION,  # F34.1 dysthymic disorder (persistent depressive)
        "F40": Condition.ANXIETY,  # F40 phobic anxiety disorders
        "F41": Condition.ANXIETY,  # F41 other anxiety disorders
        "F42": Condition.OCD,  # F42 obsessive-compulsive disorder
        "F431": Condition.PTSD,  # F43.1 post-traumatic stress disorder
        "F50": Condition.EATING_DISORDER,  # F50 eating disorders
        "F603": Condition.BORDERLINE_PERSONALITY_DISORDER,  # F60.3 borderline personality
    }
    # F11-F19: disorders due to other psychoactive substances (opioids, cannabis,
    # sedatives, cocaine, other stimulants, hallucinogens, nicotine, inhalants, other).
    table.update({f"F1{digit}": Condition.SUBSTANCE_USE for digit in range(1, 10)})
    # F21-F29 complete the psychotic block F20-F29.
    table.update({f"F2{digit}": Condition.PSYCHOTIC_DISORDER for digit in range(1, 10)})
    return table


#: ICD-10-CM category prefixes (without the dot) and the condition group each means.
ICD10_CATEGORIES: Final[Mapping[str, Condition]] = MappingProxyType(_categories())


def _conditions(values: Iterable[Condition | str]) -> frozenset[Condition]:
    return to_members(
        Condition,
        values,
        field="conditions",
        allowed_iterable="an iterable of Condition members or their values",
    )


def _participant_id(value: object) -> str:
    return to_identifier(value, field="id")


def _birth_date(value: object) -> pendulum.Date:
    return to_date(value, field="birth_date", sensitive=True)


def _sex(value: object) -> Sex | None:
    return None if is_missing(value) else to_member(Sex, value, field="sex")


@attrs.frozen(kw_only=True)
class Participant:
    """A person in care, identified only by an opaque id.

    Args:
        id: An opaque identifier from the caller's system (never a name or an
            MRN that means something outside it).
        birth_date: Date of birth. Kept out of ``repr``, ``str`` and error messages.
        conditions: The condition groups being treated; members or their values.
        sex: For instruments with sex-specific cut-offs; ``None`` when not recorded.

    Raises:
        InvalidTypeError: a field of the wrong type.
        InvalidValueError: a blank id, for example.
        UnknownCodeError: an unknown condition or sex.
        IopcoreErrorGroup: several bad conditions, each with its index.
    """

    id: str = attrs.field(converter=_participant_id)
    birth_date: pendulum.Date = attrs.field(
        converter=_birth_date, repr=False, metadata={"sensitive": True}
    )
    conditions: frozenset[Condition] = attrs.field(default=frozenset(), converter=_conditions)
    sex: Sex | None = attrs.field(default=None, converter=_sex)

    def age_on(self, date: pendulum.Date | pendulum.DateTime) -> int:
        """Return the age in whole years on ``date``.

        Raises:
            InvalidValueError: ``date`` is before the birth date.
            NaiveDateTimeError: ``date`` is a datetime without a time zone.
        """
        on = to_as_of(date, field="date")
        born = self.birth_date
        if on < born:
            raise InvalidValueError(
                "date", on, allowed="a date on or after the birth date", reason="is before birth"
            )
        # Comparing (month, day) pairs puts a 29 February birthday on 1 March in
        # common years: (2, 28) < (2, 29) <= (3, 1).
        before_birthday = (on.month, on.day) < (born.month, born.day)
        return on.year - born.year - int(before_birthday)

    def population_on(
        self,
        date: pendulum.Date | pendulum.DateTime,
        *,
        adult_age: int = DEFAULT_ADULT_AGE,
    ) -> Population:
        """Return the population on ``date``: adult from ``adult_age`` (default 18).

        >>> import pendulum
        >>> p = Participant(id="p-2", birth_date=pendulum.date(2006, 6, 1))
        >>> p.population_on(pendulum.date(2024, 5, 31)).value
        'adolescent'
        >>> p.population_on(pendulum.date(2024, 5, 31), adult_age=17).value
        'adult'
        """
        threshold = to_int(adult_age, field="adult_age", minimum=1, maximum=150)
        if self.age_on(date) >= threshold:
            return Population.ADULT
        return Population.ADOLESCENT
