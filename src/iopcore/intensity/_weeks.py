"""The values weekly compliance answers with, one program week at a time.

A :class:`WeekCompliance` is one program week judged, with its :class:`WeekFinding`
values (each about a :class:`WeekCheck`); :class:`WeeklyCompliance` is the weeks of
one participant, a tuple with a table view and a dict form; :class:`PartialWeeks`
says how a week that is not a full program week is judged. The package
:mod:`iopcore.intensity` re-exports them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, cast

import attrs
import pendulum

from iopcore._days import date_of
from iopcore._render import Table, View, as_html, as_markdown
from iopcore.exceptions import InvalidTypeError
from iopcore.intensity._requirements import IntensityRequirement
from iopcore.sessions import ServiceType

__all__ = ["PartialWeeks", "WeekCheck", "WeekCompliance", "WeekFinding", "WeeklyCompliance"]


class PartialWeeks(enum.Enum):
    """How a week that is not a full program week is judged.

    A week is partial when the participant was not in care all of it (the weeks of
    admission, discharge and ``as_of``) or when the program was closed part of it
    (closures and partial days of the :class:`~iopcore.sessions.ProgramCalendar`).
    Its *open fraction* is the open program days it holds for the participant
    (a partial day counts its fraction) over the open days of a full week.
    """

    #: The minimum hours, days and services are multiplied by the open fraction. A
    #: week with no open program day in care (admitted on a Sunday, say) leaves
    #: nothing to prorate: it is not judged, as under ``EXCLUDE``.
    PRORATE = "prorate"
    #: Partial weeks are not judged: ``assessed`` is false and ``met`` true.
    EXCLUDE = "exclude"
    #: Partial weeks are judged against the full weekly minimum.
    FULL = "full"


class WeekCheck(enum.Enum):
    """What a weekly finding is about."""

    #: Fewer attended hours than the (prorated) minimum.
    MIN_HOURS = "min hours"
    #: More attended hours than the ceiling allows.
    MAX_HOURS = "max hours"
    #: Fewer days with attended sessions than the (prorated) minimum.
    MIN_DAYS = "min days"
    #: Fewer attended sessions of a required service than the (prorated) minimum.
    SERVICE = "service"
    #: A shortfall allowed as one of the taper grace weeks while stepping down.
    TAPER_GRACE = "taper grace"
    #: A partial week, not judged (``PartialWeeks.EXCLUDE``).
    NOT_ASSESSED = "not assessed"
    #: Attended sessions that overlap in time; the overlap was counted once.
    OVERLAP = "overlap"


@attrs.frozen(kw_only=True)
class WeekFinding:
    """One thing found about one program week.

    Attributes:
        check: What it is about.
        observed: What the week had (hours, days or sessions), if a number applies.
        required: What the requirement asked for that week, if a number applies.
        text: The finding in words, e.g. ``"7.5 h attended, 1.5 h short of 9 h"``.
        source: The public source of the requirement.
    """

    check: WeekCheck
    observed: float | None
    required: float | None
    text: str
    source: str = ""

    @property
    def shortfall(self) -> float | None:
        """How much is missing (or, for ``MAX_HOURS``, over); ``None`` if no number applies."""
        if self.observed is None or self.required is None:
            return None
        return abs(self.required - self.observed)


def _read_only(counts: dict[ServiceType, int]) -> Mapping[ServiceType, int]:
    return MappingProxyType(counts)


@attrs.frozen(kw_only=True)
class WeekCompliance:
    """One program week of one participant, judged against a requirement.

    Attributes:
        week_start: The first day of the program week (a ``pendulum.Date``).
        hours: Attended hours (real elapsed time; overlapping time counted once).
        scheduled_hours: Hours of the sessions offered (all but program cancellations).
        days_attended: Days with at least one attended session.
        services: Attended sessions by service type.
        open_fraction: The share of a full program week the participant was in care
            and the program open (1.0 for a full week; see :class:`PartialWeeks`).
        required_hours: The minimum hours the week was judged against.
        assessed: Whether the week was judged (not if excluded as partial).
        met: Whether the week met the requirement (true for a week not assessed).
        findings: What is short or over and by how much, and notes.
    """

    week_start: pendulum.Date
    hours: float
    scheduled_hours: float
    days_attended: int
    services: Mapping[ServiceType, int] = attrs.field(converter=_read_only)
    open_fraction: float
    required_hours: float
    assessed: bool
    met: bool
    findings: tuple[WeekFinding, ...] = ()

    @property
    def week_end(self) -> pendulum.Date:
        """The last day of the program week (9999-12-31 for a week the calendar cuts short)."""
        last = min(self.week_start.toordinal() + 6, dt.date.max.toordinal())
        return date_of(last)

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle; the copy is rebuilt through __init__.
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        return (_week, (fields | {"services": dict(self.services)},))


def _week(fields: dict[str, object]) -> WeekCompliance:
    return WeekCompliance(**fields)  # type: ignore[arg-type]


class WeeklyCompliance(tuple[WeekCompliance, ...]):  # noqa: SLOT001 - holds two attributes
    """The weeks :func:`weekly_compliance` judged, in order: a tuple with a table view.

    Attributes:
        participant_id: Whose sessions they were (``None`` with no sessions).
        requirement: The requirement the weeks were judged against.
    """

    participant_id: str | None
    requirement: IntensityRequirement

    def __new__(  # noqa: PYI034 - the class is not meant to be subclassed
        cls,
        weeks: tuple[WeekCompliance, ...],
        *,
        participant_id: str | None,
        requirement: IntensityRequirement,
    ) -> WeeklyCompliance:
        """Hold ``weeks`` with whose they are and the requirement they were judged on."""
        made = super().__new__(cls, weeks)
        made.participant_id = participant_id
        made.requirement = requirement
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (tuple(self), self.participant_id, self.requirement))

    #: The dict form (a tuple is not an attrs class): whose weeks, the requirement,
    #: the weeks. :mod:`iopcore.serialize` writes and reads it.
    Form: Final = attrs.make_class(
        "WeeklyCompliance",
        {
            "participant_id": attrs.field(type=cast("type", str | None)),
            "requirement": attrs.field(type=IntensityRequirement),
            "weeks": attrs.field(type=tuple[WeekCompliance, ...]),
        },
        frozen=True,
        kw_only=True,
    )

    def to_form(self) -> Any:  # noqa: ANN401 - an instance of Form
        """The weeks as their :attr:`Form`."""
        return self.Form(
            participant_id=self.participant_id, requirement=self.requirement, weeks=tuple(self)
        )

    @classmethod
    def from_form(cls, form: Any) -> WeeklyCompliance:  # noqa: ANN401 - an instance of Form
        """The weeks back from their :attr:`Form`.

        Raises:
            InvalidTypeError: ``form`` is not a ``WeeklyCompliance.Form``.
        """
        if not isinstance(form, cls.Form):
            raise InvalidTypeError("form", form, allowed="a WeeklyCompliance.Form")
        fields: Any = form  # its attributes are Form's fields
        return cls(
            fields.weeks, participant_id=fields.participant_id, requirement=fields.requirement
        )

    def __eq__(self, other: object) -> bool:
        # Two results are equal when their weeks, participant and requirement are; a
        # plain tuple compares with the weeks alone, as any tuple would.
        if isinstance(other, WeeklyCompliance):
            return (
                tuple.__eq__(self, other)
                and self.participant_id == other.participant_id
                and self.requirement == other.requirement
            )
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    @property
    def met(self) -> bool:
        """Whether every week met the requirement."""
        return all(week.met for week in self)

    def table(self) -> tuple[tuple[str, ...], ...]:
        """The weeks as text rows under a header row (what the HTML view shows)."""
        return (_HEADER, *(_row(week) for week in self))

    def view(self) -> View:
        """What the weeks show: the requirement, then a table of every week."""
        requirement = self.requirement
        where = "" if requirement.ruleset is None else f" ({requirement.ruleset})"
        headline = (
            f"{requirement.level.code} {requirement.population.value}: "
            f"{requirement.describe()}{where}"
        )
        rows = tuple(_row(week) for week in self)
        lines = (
            headline,
            *(
                f"{week}: {hours} h of {required}, {met}"
                for week, hours, required, _, met, _ in rows
            ),
        )
        return View(kind="intensity", headline=headline, lines=lines, parts=(Table(_HEADER, rows),))

    def to_markdown(self) -> str:
        """The weeks as Markdown: the requirement and a table of every week."""
        return as_markdown(self.view())

    def _repr_html_(self) -> str:
        return as_html(self.view())


def _rebuild(
    weeks: tuple[WeekCompliance, ...],
    participant_id: str | None,
    requirement: IntensityRequirement,
) -> WeeklyCompliance:
    return WeeklyCompliance(weeks, participant_id=participant_id, requirement=requirement)


_HEADER: Final = ("week", "hours", "required", "days", "met", "findings")


def _row(week: WeekCompliance) -> tuple[str, ...]:
    verdict = "yes" if week.met else "no"
    if not week.assessed:
        verdict = "not assessed"
    return (
        week.week_start.isoformat(),
        f"{week.hours:.2f}",
        f"{week.required_hours:.2f}",
        str(week.days_attended),
        verdict,
        "; ".join(finding.text for finding in week.findings),
    )
