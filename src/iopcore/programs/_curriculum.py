"""Curricula: the modules a program teaches, in order, and the DBT skills curriculum.

A :class:`Curriculum` is a sequence of :class:`Module` values measured in one
:class:`LengthUnit`; it answers which module is at a position of a cycle. How a
session maps to a position is told in the :mod:`iopcore.programs` docstring.
"""

from __future__ import annotations

import bisect
import enum
from typing import Final

import attrs

from iopcore._validation import to_int, to_member
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.programs._fields import to_name, to_sequence, to_service_set
from iopcore.sessions import ServiceType

__all__ = [
    "DBT_SKILLS",
    "DEFAULT_GROUP_SERVICES",
    "MAX_MODULE_LENGTH",
    "Approach",
    "Curriculum",
    "LengthUnit",
    "Module",
]

#: Longest module accepted, in weeks or sessions (two years of weekly sessions).
MAX_MODULE_LENGTH: Final = 104
#: Most modules in one curriculum.
_MAX_MODULES: Final = 100

#: The services that meet as groups, and so count toward a group's size and deliver a
#: curriculum, unless the program or curriculum says otherwise.
DEFAULT_GROUP_SERVICES: Final = frozenset(
    {ServiceType.GROUP_THERAPY, ServiceType.SKILLS_GROUP, ServiceType.PSYCHOEDUCATION}
)


class Approach(enum.Enum):
    """The therapeutic approach of a curriculum module."""

    CBT = "CBT"
    DBT = "DBT"
    ACT = "ACT"
    MOTIVATIONAL_INTERVIEWING = "MI"
    PSYCHOEDUCATION = "psychoeducation"
    RELAPSE_PREVENTION = "relapse prevention"
    FAMILY_BASED = "family-based"
    OTHER = "other"


class LengthUnit(enum.Enum):
    """What a curriculum's module lengths count (see the module docstring for the mapping)."""

    #: Program weeks on the program's calendar, the same for the whole group.
    WEEKS = "weeks"
    #: Each participant's held curriculum sessions, in order.
    SESSIONS = "sessions"


# ---------------------------------------------------------------- converters


def _approach(value: object) -> Approach:
    return to_member(Approach, value, field="approach")


def _length(value: object) -> int:
    return to_int(value, field="length", minimum=1, maximum=MAX_MODULE_LENGTH)


def _unit(value: object) -> LengthUnit:
    return to_member(LengthUnit, value, field="unit")


def _cyclic(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("cyclic", value, allowed="True or False")
    return value


def _source(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("source", value, allowed="a citation (str)")
    return value


def _curriculum_services(values: object) -> frozenset[ServiceType]:
    return to_service_set(values, "services")


# ---------------------------------------------------------------- curricula


@attrs.frozen(kw_only=True)
class Module:
    """One module of a curriculum.

    Args:
        name: What the module is called (``"emotion regulation"``); a label, not a person.
        approach: An :class:`Approach` or its value (``"DBT"``).
        length: How long it runs, in the curriculum's :class:`LengthUnit` (1 to
            :data:`MAX_MODULE_LENGTH`).

    >>> Module(name="cognitive restructuring", approach="CBT", length=3)
    Module(name='cognitive restructuring', approach=<Approach.CBT: 'CBT'>, length=3)
    """

    name: str = attrs.field(converter=to_name)
    approach: Approach = attrs.field(converter=_approach)
    length: int = attrs.field(converter=_length)


def _modules(values: object) -> tuple[Module, ...]:
    found = to_sequence(values, field="modules", kind=Module, noun="Module values")
    if len(found) > _MAX_MODULES:
        raise InvalidValueError(
            "modules", len(found), allowed=f"at most {_MAX_MODULES} modules", reason="is too many"
        )
    return found  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Curriculum:
    """Ordered modules that a program teaches, once (linear) or round and round (cyclic).

    A module may occur more than once (DBT repeats mindfulness before each module); a
    module is told apart by its index in ``modules``.

    Args:
        name: What the curriculum is called.
        modules: The modules in order (at least one).
        unit: What module lengths count: ``LengthUnit.WEEKS`` (default) or ``SESSIONS``.
        cyclic: Whether it starts over after the last module (default true): a rolling
            group that participants join at any point.
        services: The session types that deliver it (default: group therapy, skills
            group and psychoeducation).
        source: Where its structure comes from.

    Raises:
        InvalidValueError: no modules, or no services.
        InvalidTypeError: a module that is not a :class:`Module`.

    >>> cbt = Curriculum(
    ...     name="CBT for depression",
    ...     modules=[
    ...         Module(name="behavioural activation", approach="CBT", length=4),
    ...         Module(name="cognitive restructuring", approach="CBT", length=4),
    ...     ],
    ...     unit="sessions",
    ...     cyclic=False,
    ... )
    >>> cbt.cycle_length, cbt.module_at(5)
    (8, 1)
    """

    name: str = attrs.field(converter=to_name)
    modules: tuple[Module, ...] = attrs.field(converter=_modules)
    unit: LengthUnit = attrs.field(default=LengthUnit.WEEKS, converter=_unit)
    cyclic: bool = attrs.field(default=True, converter=_cyclic)
    services: frozenset[ServiceType] = attrs.field(
        default=DEFAULT_GROUP_SERVICES, converter=_curriculum_services
    )
    source: str = attrs.field(default="", converter=_source)
    # Where each module starts, in positions from the start of a cycle.
    _starts: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        starts, total = [], 0
        for module in self.modules:
            starts.append(total)
            total += module.length
        object.__setattr__(self, "_starts", tuple(starts))

    @property
    def cycle_length(self) -> int:
        """The length of one pass through every module, in the curriculum's unit."""
        return self._starts[-1] + self.modules[-1].length

    def module_at(self, position: int) -> int | None:
        """The index of the module at ``position`` (0 = the first week or session).

        A cyclic curriculum wraps round; a linear one gives ``None`` past its end.

        Raises:
            InvalidValueError: a negative position.
        """
        at = to_int(position, field="position", minimum=0)
        if at >= self.cycle_length and not self.cyclic:
            return None
        return bisect.bisect_right(self._starts, at % self.cycle_length) - 1

    def _occurrence(self, position: int) -> int:
        """The module occurrence (module index plus modules of earlier cycles)."""
        cycle, offset = divmod(position, self.cycle_length)
        return cycle * len(self.modules) + bisect.bisect_right(self._starts, offset) - 1

    def _first_position(self, occurrence: int) -> int:
        cycle, index = divmod(occurrence, len(self.modules))
        return cycle * self.cycle_length + self._starts[index]

    def _end_position(self, occurrence: int) -> int:
        index = occurrence % len(self.modules)
        return self._first_position(occurrence) + self.modules[index].length


#: The DBT skills curriculum: four modules, mindfulness before each of the other three,
#: 24 weeks a cycle, repeated (rankinbh.com/dbt-skills; nuhealing.ca). The lengths are
#: those of the 2015 skills manual's schedule (rankinbh.com/dbt-skills; BPDED 2020,
#: doi:10.1186/s40479-020-0119-y, Table 1): mindfulness 2 weeks before each module,
#: distress tolerance 6, emotion regulation 7, interpersonal effectiveness 5;
#: 3 x 2 + 6 + 7 + 5 = 24 weeks. Before the 2015 manual each module (its mindfulness
#: weeks included) ran 8 weeks (BPDED 2020, Table 1 note). The order of the three
#: modules after mindfulness is a program choice (the sources give no fixed order);
#: change it with :func:`attrs.evolve`.
DBT_SKILLS: Final = Curriculum(
    name="DBT skills",
    modules=[
        Module(name="mindfulness", approach=Approach.DBT, length=2),  # rankinbh.com: 2 weeks
        Module(name="distress tolerance", approach=Approach.DBT, length=6),  # rankinbh.com: 6
        Module(name="mindfulness", approach=Approach.DBT, length=2),  # rankinbh.com: 2 weeks
        Module(name="emotion regulation", approach=Approach.DBT, length=7),  # BPDED 2020: 7
        Module(name="mindfulness", approach=Approach.DBT, length=2),  # rankinbh.com: 2 weeks
        Module(name="interpersonal effectiveness", approach=Approach.DBT, length=5),  # 5
    ],
    unit=LengthUnit.WEEKS,
    cyclic=True,
    services=[ServiceType.SKILLS_GROUP],
    source=(
        "four DBT skills modules, 24 weeks a cycle (https://www.rankinbh.com/dbt-skills; "
        "nuhealing.ca); module lengths of the 2015 skills manual's schedule "
        "(rankinbh.com; Borderline Personality Disorder and Emotion Dysregulation 2020, "
        "doi:10.1186/s40479-020-0119-y, Table 1)"
    ),
)
