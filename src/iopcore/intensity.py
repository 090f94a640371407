"""Session intensity: the weekly hours a level of care calls for, and whether they were met.

:func:`requirement_for` reads an :class:`IntensityRequirement` (minimum and maximum
hours a week, minimum days, required services, taper grace weeks) from a ruleset's
hour bands: by default the ``asam`` ruleset (ASAM Criteria 3rd edition hours), or
``medicare`` (the 2024 IOP and PHP benefit), or a ruleset of your own.

>>> from iopcore import LevelOfCare, Population, rulesets
>>> iop = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
>>> iop.min_hours_per_week, iop.max_hours_per_week, iop.ruleset.id
(9.0, 19.0, 'asam')
>>> requirement_for(
...     LevelOfCare.PARTIAL_HOSPITALIZATION,
...     Population.ADULT,
...     ruleset=rulesets.get_ruleset("medicare"),
... ).min_hours_per_week
20.0
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import operator
import zoneinfo
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple, cast

import attrs
import pendulum

from iopcore._deprecated import renamed
from iopcore._hours import (
    check_ceiling,
    to_days_per_week,
    to_exclusive,
    to_grace_weeks,
    to_max_hours,
    to_min_hours,
)

# The hour fields of a requirement are those of an HourBand: one set of checks.
from iopcore._render import Table, View, as_html, as_markdown
from iopcore._validation import (
    ErrorCollector,
    to_as_of,
    to_aware_datetime,
    to_int,
    to_member,
    to_timezone,
)
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.levels import LevelOfCare
from iopcore.participants import Population
from iopcore.rulesets import (
    DEFAULT_HOURS_RULESET,
    HoursBasis,
    Ruleset,
    RulesetRef,
    check_basis,
    get_ruleset,
)
from iopcore.sessions import (
    Attendance,
    ProgramCalendar,
    ScheduleTemplate,
    ServiceType,
    Session,
)

__all__ = [
    "AttendanceSummary",
    "IntensityRequirement",
    "PartialWeeks",
    "WeekCheck",
    "WeekCompliance",
    "WeekFinding",
    "WeeklyCompliance",
    "attendance_summary",
    "planned_compliance",
    "requirement_for",
    "weekly_compliance",
]


def _level(value: object) -> LevelOfCare:
    if not isinstance(value, LevelOfCare):
        raise InvalidTypeError("level", value, allowed="a LevelOfCare member")
    return value


def _population(value: object) -> Population:
    if isinstance(value, Population):
        return value
    return to_member(Population, value, field="population")


def _services(values: object) -> Mapping[ServiceType, int]:
    if not isinstance(values, Mapping):
        raise InvalidTypeError(
            "required_services",
            values,
            allowed="a mapping of ServiceType (or its value) to attended sessions a week",
        )
    collector = ErrorCollector("required_services")
    found: dict[ServiceType, int] = {}
    for key, value in values.items():
        with collector.catch():
            service = to_member(ServiceType, key, field="$.required_services")
            found[service] = to_int(
                value, field=f"$.required_services[{service.value!r}]", minimum=1, maximum=50
            )
    collector.raise_if_any()
    return MappingProxyType(dict(sorted(found.items(), key=lambda item: item[0].value)))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("source", value, allowed="a citation (str)")
    return value


def _ref(value: object) -> RulesetRef | None:
    if value is None or isinstance(value, RulesetRef):
        return value
    raise InvalidTypeError("ruleset", value, allowed="a RulesetRef or None")


def _basis(value: object) -> HoursBasis:
    return to_member(HoursBasis, value, field="basis")


@attrs.frozen(kw_only=True)
class IntensityRequirement:
    """What a level of care calls for each program week.

    Args:
        level: The level of care it is for.
        population: Adults or adolescents.
        min_hours_per_week: Attended hours a week at least.
        max_hours_per_week: Attended hours a week at most; ``None`` = no ceiling.
        max_exclusive: If true, the ceiling itself is too many ("under 9 hours").
        min_days_per_week: Days with attended sessions a week at least, or ``None``.
        required_services: Attended sessions a week at least, by service type.
        taper_grace_weeks: Weeks below the minimum allowed while stepping down.
        source: The public source of the numbers.
        ruleset: The ruleset it was read from (``None`` if built by hand).
        basis: What the hours stand for (:class:`~iopcore.rulesets.HoursBasis`):
            hours delivered (the default), a need the physician certifies in the
            plan of care (Medicare), or 24-hour care with no weekly session band.

    Raises:
        InvalidValueError: a number out of range, a ceiling below the minimum, or
            hours on a 24-hour-care requirement.

    Build your own, or adjust one read from a ruleset with :func:`attrs.evolve`:

    >>> import attrs
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.sessions import ServiceType
    >>> mine = attrs.evolve(
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     min_days_per_week=3,
    ...     required_services={ServiceType.INDIVIDUAL_THERAPY: 1},
    ... )
    >>> dict(mine.required_services)
    {<ServiceType.INDIVIDUAL_THERAPY: 'individual therapy'>: 1}
    """

    level: LevelOfCare = attrs.field(converter=_level)
    population: Population = attrs.field(converter=_population)
    min_hours_per_week: float = attrs.field(converter=to_min_hours)
    max_hours_per_week: float | None = attrs.field(default=None, converter=to_max_hours)
    max_exclusive: bool = attrs.field(default=False, converter=to_exclusive)
    min_days_per_week: int | None = attrs.field(default=None, converter=to_days_per_week)
    required_services: Mapping[ServiceType, int] = attrs.field(factory=dict, converter=_services)
    taper_grace_weeks: int = attrs.field(default=0, converter=to_grace_weeks)
    source: str = attrs.field(default="", converter=_text)
    ruleset: RulesetRef | None = attrs.field(default=None, converter=_ref)
    # Left out of the dict form while it is the default, so stored results keep theirs.
    basis: HoursBasis = attrs.field(
        default=HoursBasis.DELIVERED, converter=_basis, metadata={"omit_if_default": True}
    )

    def __attrs_post_init__(self) -> None:
        check_ceiling(self.min_hours_per_week, self.max_hours_per_week, self.max_exclusive)
        check_basis(self.basis, self.min_hours_per_week, self.max_hours_per_week)

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle; the copy is rebuilt through __init__.
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        return (_requirement_from, (fields | {"required_services": dict(self.required_services)},))

    def above_ceiling(self, hours: float) -> bool:
        """Whether ``hours`` a week is more than the ceiling allows."""
        ceiling = self.max_hours_per_week
        if ceiling is None:
            return False
        return hours >= ceiling if self.max_exclusive else hours > ceiling

    def describe(self) -> str:
        """The hour band in words, e.g. ``"9-19 h/wk"`` or ``"under 9 h/wk"``.

        A certified need says so (``"at least 9 h/wk (certified need)"``); 24-hour care
        reads ``"24-hour care (no weekly session band)"``.
        """
        low, high = self.min_hours_per_week, self.max_hours_per_week
        if self.basis is HoursBasis.TWENTY_FOUR_HOUR_CARE:
            return "24-hour care (no weekly session band)"
        if self.basis is HoursBasis.CERTIFIED_NEED and high is None:
            return f"at least {low:g} h/wk (certified need)"
        if high is None:
            return f"at least {low:g} h/wk"
        if self.max_exclusive:
            return f"under {high:g} h/wk" if low == 0 else f"{low:g} to under {high:g} h/wk"
        return f"{low:g}-{high:g} h/wk"


def _requirement_from(fields: dict[str, object]) -> IntensityRequirement:
    return IntensityRequirement(**fields)


def requirement_for(
    level: LevelOfCare,
    population: Population,
    *,
    ruleset: Ruleset | None = None,
) -> IntensityRequirement:
    """The weekly intensity ``ruleset`` calls for at ``level`` for ``population``.

    Args:
        level: The level of care.
        population: ``Population.ADULT`` or ``Population.ADOLESCENT`` (or its value).
        ruleset: A ruleset with hour bands; the latest ``asam`` ruleset if ``None``.

    Every level has an answer under ``asam``: inpatient care is 24-hour care, with
    no weekly session band (its requirement says so and :func:`weekly_compliance`
    does not judge it).

    Raises:
        UnknownCodeError: the ruleset has no band for that level and population
            (``medicare`` sets hours for its two benefits, IOP and PHP, only).
        InvalidTypeError: an argument of the wrong type.

    >>> from iopcore import LevelOfCare, Population
    >>> requirement_for(LevelOfCare.OUTPATIENT, "adolescent").describe()
    'under 6 h/wk'
    >>> requirement_for(LevelOfCare.INPATIENT, "adult").describe()
    '24-hour care (no weekly session band)'
    """
    wanted = _level(level)
    group = _population(population)
    if ruleset is None:
        rules = get_ruleset(DEFAULT_HOURS_RULESET)
    elif isinstance(ruleset, Ruleset):
        rules = ruleset
    else:
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset with hour bands, or None")
    band = rules.hour_band(wanted, group)
    return IntensityRequirement(
        level=band.level,
        population=band.population,
        min_hours_per_week=band.min_hours_per_week,
        max_hours_per_week=band.max_hours_per_week,
        max_exclusive=band.max_exclusive,
        min_days_per_week=band.min_days_per_week,
        taper_grace_weeks=band.taper_grace_weeks,
        source=band.source,
        ruleset=rules.ref,
        basis=band.basis,
    )


# ---------------------------------------------------------------- weekly compliance


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


#: Findings that make a week fail (the others only inform).
_FAILING: Final = frozenset(
    {WeekCheck.MIN_HOURS, WeekCheck.MAX_HOURS, WeekCheck.MIN_DAYS, WeekCheck.SERVICE}
)
_SHORT: Final = frozenset({WeekCheck.MIN_HOURS, WeekCheck.MIN_DAYS, WeekCheck.SERVICE})


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
        return _date(last)

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


class _Calendar(NamedTuple):
    """A program calendar reduced to what the weekly loop reads."""

    first_weekday: int
    open_weekdays: frozenset[int]
    closures: frozenset[int]
    partial: Mapping[int, float]


_DEFAULT_CALENDAR: Final = _Calendar(0, frozenset(range(5)), frozenset(), MappingProxyType({}))
_EPSILON: Final = 1e-9
_TIMESTAMP: Final = dt.datetime.timestamp
_FROM_TIMESTAMP: Final = dt.datetime.fromtimestamp
_ATTENDED: Final = Attendance.ATTENDED
_IN_PART: Final = Attendance.ATTENDED_IN_PART
_CANCELLED: Final = Attendance.CANCELLED
_OFFERED: Final = True


def _calendar(value: object, zone: pendulum.Timezone) -> _Calendar:
    if value is None:
        return _DEFAULT_CALENDAR
    if not isinstance(value, ProgramCalendar):
        raise InvalidTypeError("calendar", value, allowed="a ProgramCalendar or None")
    if value.tz.name != zone.name:
        raise InvalidValueError(
            "calendar.tz",
            value.tz.name,
            allowed=f"the time zone given as tz ({zone.name})",
            reason="differs from tz",
        )
    return _Calendar(
        int(value.first_weekday),
        frozenset(int(day) for day in value.open_weekdays),
        frozenset(day.toordinal() for day in value.closures),
        MappingProxyType({day.toordinal(): share for day, share in value.partial_days.items()}),
    )


def _requirement(value: object) -> IntensityRequirement:
    if not isinstance(value, IntensityRequirement):
        raise InvalidTypeError(
            "requirement", value, allowed="an IntensityRequirement (see requirement_for)"
        )
    if value.basis is HoursBasis.TWENTY_FOUR_HOUR_CARE:
        raise InvalidValueError(
            "requirement",
            f"{value.level.code}: {value.describe()}",
            allowed="a requirement with a weekly session band (IOP, PHP, outpatient)",
            reason="is 24-hour care, which has no weekly session hours to check",
        )
    return value


def _day(value: object, field: str) -> int | None:
    return None if value is None else to_as_of(value, field=field).toordinal()


def _cutoff(value: object) -> tuple[int | None, float | None]:
    """The last local day and, for a datetime, the instant sessions must end by."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        moment = to_aware_datetime(value, field="as_of")
        return None, _TIMESTAMP(moment)
    return to_as_of(value).toordinal(), None


def _flag_argument(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(field, value, allowed="True or False")
    return value


_JUST_SESSIONS: Final = frozenset({Session})
_PARTICIPANT_ID: Final = operator.attrgetter("participant_id")


def _checked(sessions: object) -> tuple[str | None, list[Session]]:
    """The sessions as a list and their participant; every bad item reported."""
    if isinstance(sessions, str | bytes | Mapping) or not isinstance(sessions, Iterable):
        raise InvalidTypeError("sessions", sessions, allowed="an iterable of Session values")
    items = list(sessions)
    # The usual case, checked at C speed: every item a Session, all of one participant.
    if set(map(type, items)) == _JUST_SESSIONS:
        ids = set(map(_PARTICIPANT_ID, items))
        if len(ids) == 1:
            return ids.pop(), items
    participant: str | None = None
    collector: ErrorCollector | None = None
    for index, session in enumerate(items):
        if type(session) is not Session and not isinstance(session, Session):
            collector = collector or ErrorCollector("sessions")
            collector.errors.append(
                InvalidTypeError(f"$.sessions[{index}]", session, allowed="a Session")
            )
        elif session.participant_id != participant:
            if participant is None:
                participant = session.participant_id
                continue
            collector = collector or ErrorCollector("sessions")
            collector.errors.append(
                InvalidValueError(
                    f"$.sessions[{index}].participant_id",
                    session.participant_id,
                    allowed=f"the participant of the first session ({participant!r})",
                    reason="is another participant's session",
                )
            )
    if collector is not None:
        collector.raise_if_any()
    return participant, items


_BEGINS: Final = operator.itemgetter(0)
_START: Final = operator.attrgetter("start")
_END: Final = operator.attrgetter("end")
_TWO_DAYS: Final = 2 * 86400.0

#: A session with its real start and end as POSIX timestamps (exact across clock
#: changes: pendulum types subclass datetime).
Span = tuple[float, float, Session]


def _in_time_order(sessions: list[Session]) -> list[Span]:
    """The sessions as spans, in time order (the order given never matters).

    Timsort is quick on the usual, nearly sorted input.
    """
    begins = map(_TIMESTAMP, map(_START, sessions))
    ends = map(_TIMESTAMP, map(_END, sessions))
    return sorted(zip(begins, ends, sessions, strict=True), key=_BEGINS)


def weekly_compliance(  # noqa: C901, PLR0912, PLR0913, PLR0915 - one pass, many options
    sessions: Iterable[Session],
    requirement: IntensityRequirement,
    *,
    tz: str | pendulum.Timezone,
    calendar: ProgramCalendar | None = None,
    admitted: pendulum.Date | None = None,
    discharged: pendulum.Date | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    stepping_down: bool = False,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> WeeklyCompliance:
    """Judge one participant's sessions week by week against ``requirement``.

    Weeks are program weeks in the program's time zone ``tz``: ISO weeks (Monday to
    Sunday) unless ``calendar`` says another first weekday. There is one result per
    week from the week of admission to the week of discharge or ``as_of``, including
    weeks without sessions, in order.

    Counting:

    * A session belongs to the week and day on which it starts, in ``tz``.
    * Attended hours are real elapsed time: a session from 01:00 to 03:00 on the
      night clocks spring forward counts 1 hour. A session attended in part counts
      its ``attended_minutes``. Absences, excused absences and program
      cancellations count no hours.
    * Overlapping attended sessions of the participant are not an error (records
      from several systems often overlap): the overlapping time is counted once,
      and the week gets a ``WeekCheck.OVERLAP`` finding.
    * Sessions before ``admitted``, after ``discharged``, and after ``as_of`` (a
      date: starting after that day; a datetime: ending after that instant) are
      left out. The order of ``sessions`` never matters.
    * Partial weeks (admission, discharge, ``as_of``, closures) follow
      ``partial_weeks`` (see :class:`PartialWeeks`); the maximum is never prorated.
    * With ``stepping_down``, up to ``requirement.taper_grace_weeks`` weeks that fall
      short of the minimums (the first such weeks) are met, each with a
      ``WeekCheck.TAPER_GRACE`` finding (ASAM taper, as quoted on aetna.com).

    Args:
        sessions: One participant's sessions, in any order.
        requirement: What each week must meet (see :func:`requirement_for`).
        tz: The program's time zone: an IANA name or a pendulum ``Timezone``.
        calendar: Week start, open weekdays, closures and partial days (its time
            zone must be ``tz``); Monday-to-Friday ISO weeks when ``None``.
        admitted: The first day in care; the first session's day when ``None``.
        discharged: The last day in care, if discharged.
        as_of: The day (or instant) the weeks are judged on; weeks end there.
        stepping_down: Whether the participant is stepping down (taper grace).
        partial_weeks: How partial weeks are judged.

    Returns:
        The weeks, a tuple of :class:`WeekCompliance` (empty when there are no
        sessions and no ``admitted``).

    Raises:
        InvalidTypeError: an item that is not a Session, or an argument of the wrong
            type.
        InvalidValueError: sessions of several participants (each other one is
            reported, ``$.sessions[3].participant_id``), ``discharged`` or ``as_of``
            before ``admitted``, a calendar in another time zone, or a 24-hour-care
            requirement (it has no weekly session band to check).
        IopcoreErrorGroup: several bad sessions.
        NaiveDateTimeError: ``as_of`` is a datetime without a time zone.

    >>> import pendulum
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.sessions import Session
    >>> def group(day, hours):
    ...     start = pendulum.datetime(2024, 3, day, 9, tz="America/New_York")
    ...     return Session(
    ...         participant_id="p-1",
    ...         service="group therapy",
    ...         start=start,
    ...         end=start.add(hours=hours),
    ...     )
    >>> weeks = weekly_compliance(
    ...     [group(4, 3), group(6, 3), group(8, 3), group(11, 3), group(13, 3)],
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     tz="America/New_York",
    ...     as_of=pendulum.date(2024, 3, 17),
    ... )
    >>> [(w.week_start.isoformat(), w.hours, w.met) for w in weeks]
    [('2024-03-04', 9.0, True), ('2024-03-11', 6.0, False)]
    >>> weeks[1].findings[0].text
    'min hours: 6 h attended, 3 h short of 9 h'
    """
    zone = to_timezone(tz)
    wanted = _requirement(requirement)
    program = _calendar(calendar, zone)
    policy = to_member(PartialWeeks, partial_weeks, field="partial_weeks")
    tapering = _flag_argument(stepping_down, "stepping_down")
    first = _day(admitted, "admitted")
    leaves = _day(discharged, "discharged")
    last_day, until = _cutoff(as_of)
    participant, items = _checked(sessions)
    local = zoneinfo.ZoneInfo(zone.name)
    spans = _in_time_order(items)

    if until is not None:
        try:
            last_day = _FROM_TIMESTAMP(until, local).toordinal()
        except (OverflowError, ValueError):
            raise InvalidValueError(
                "as_of",
                as_of,
                allowed=f"a time whose date in {zone.name} is on or before 9999-12-31",
                reason=f"falls after the end of the calendar in {zone.name}",
            ) from None
    if leaves is not None:
        last_day = leaves if last_day is None else min(last_day, leaves)
    if first is None:
        if not spans:
            return WeeklyCompliance((), participant_id=participant, requirement=wanted)
        # Local days follow time order but for a clock change at midnight, which
        # moves a day by at most one: the earliest day is among the first two days.
        soon = spans[0][0] + _TWO_DAYS
        first = min(
            _local_day(span, zone, local)
            for span in itertools.takewhile(lambda span: span[0] < soon, spans)
        )
        # Admission unknown: the first week is taken as a whole week.
        first -= (_weekday(first) - program.first_weekday) % 7
    if last_day is None:
        last_day = first
        if spans:
            late = spans[-1][0] - _TWO_DAYS
            last_day = max(
                first,
                *(
                    _local_day(span, zone, local)
                    for span in itertools.takewhile(lambda span: span[0] > late, reversed(spans))
                ),
            )
        # No discharge and no as_of: the last week is taken as a whole week.
        last_day += 6 - (_weekday(last_day) - program.first_weekday) % 7
    if last_day < first:
        field = "discharged" if leaves is not None and leaves == last_day else "as_of"
        raise InvalidValueError(
            field,
            _date(last_day),
            allowed=f"a day on or after admitted={_date(first).isoformat()}",
            reason="is before admission",
        )

    week0 = first - (_weekday(first) - program.first_weekday) % 7
    count = (last_day - week0) // 7 + 1
    hours = [0.0] * count
    scheduled = [0.0] * count
    days = [0] * count
    services: list[dict[str, int]] = [{} for _ in range(count)]
    overlaps = [0] * count
    latest = -math.inf  # the latest end of an attended session so far
    for begins, ends, session in spans:
        if until is not None and ends > until:
            continue
        opens = session.start
        tzinfo = opens.tzinfo
        if tzinfo is zone or tzinfo is local:
            day = opens.toordinal()
        else:
            day = _FROM_TIMESTAMP(begins, local).toordinal()
        if day < first or day > last_day:
            continue
        offset = day - week0
        week = offset // 7
        attendance = session.attendance
        if attendance is _CANCELLED:
            continue
        scheduled[week] += ends - begins
        if attendance is _ATTENDED:
            seconds = ends - begins
        elif attendance is _IN_PART:
            seconds = 60.0 * (session.attended_minutes or 0)
        else:
            continue
        # Attended time is counted once: each session is clipped at the latest end
        # of the attended sessions before it.
        if begins < latest:
            overlaps[week] += 1
            seconds = min(seconds, max(0.0, ends - latest))
        if ends > latest:  # noqa: PLR1730 - max() is a call per session in this loop
            latest = ends
        hours[week] += seconds
        # A bit per weekday attended (counted below): "2 <<" or "% 8" would count the
        # same days (equivalent mutants that survive).
        days[week] |= 1 << (offset % 7)
        counts = services[week]
        kind = session.service._value_  # a str: hashing the enum member is slower
        counts[kind] = counts.get(kind, 0) + 1

    weeks: list[WeekCompliance] = []
    full_week = len(program.open_weekdays)
    grace = wanted.taper_grace_weeks if tapering else 0
    for week in range(count):
        start = week0 + 7 * week
        # The open days of the week that are in care, as a share of a full week (at
        # most 1: only open weekdays count, partial days count their fraction).
        share = _open_share(program, max(start, first), min(start + 6, last_day)) / full_week
        weeks.append(
            _judge(
                wanted,
                policy,
                start=start,
                share=share,
                seconds=hours[week],
                scheduled=scheduled[week],
                days=days[week].bit_count(),
                counts=services[week],
                overlaps=overlaps[week],
            )
        )
        if grace and not weeks[-1].met:
            weeks[-1], used = _taper(weeks[-1], wanted)
            grace -= used
    return WeeklyCompliance(tuple(weeks), participant_id=participant, requirement=wanted)


def _local_day(span: Span, zone: pendulum.Timezone, local: zoneinfo.ZoneInfo) -> int:
    """The ordinal of the local day in the program's time zone on which a session starts.

    ``span`` is the session's start and end timestamps and the session.
    """
    begins, _, session = span
    start = session.start
    if start.tzinfo is zone or start.tzinfo is local:
        return start.toordinal()
    return _FROM_TIMESTAMP(begins, local).toordinal()


def _weekday(ordinal: int) -> int:
    # 1 January of year 1 (ordinal 1) was a Monday.
    return (ordinal - 1) % 7


def _date(ordinal: int) -> pendulum.Date:
    day = dt.date.fromordinal(ordinal)
    return pendulum.Date(day.year, day.month, day.day)


def _open_share(program: _Calendar, first: int, last: int) -> float:
    share = 0.0
    for ordinal in range(first, last + 1):
        if _weekday(ordinal) in program.open_weekdays and ordinal not in program.closures:
            share += program.partial.get(ordinal, 1.0)
    return share


def _judge(  # noqa: PLR0913 - the week's figures, passed by name
    wanted: IntensityRequirement,
    policy: PartialWeeks,
    *,
    start: int,
    share: float,
    seconds: float,
    scheduled: float,
    days: int,
    counts: dict[str, int],
    overlaps: int,
) -> WeekCompliance:
    hours = seconds / 3600
    partial = share < 1.0 - _EPSILON
    assessed = not partial or policy is PartialWeeks.FULL
    if partial and policy is PartialWeeks.PRORATE:
        assessed = share > _EPSILON  # no open day in care: nothing to prorate
    scale = share if partial and policy is PartialWeeks.PRORATE else 1.0
    required = wanted.min_hours_per_week * scale
    findings: list[WeekFinding] = []
    source = wanted.source
    if not assessed:
        findings.append(
            WeekFinding(
                check=WeekCheck.NOT_ASSESSED,
                observed=share,
                required=1.0,
                text=f"not assessed: partial week ({share:.0%} of a program week)",
                source=source,
            )
        )
    else:
        if hours < required - _EPSILON:
            findings.append(
                WeekFinding(
                    check=WeekCheck.MIN_HOURS,
                    observed=hours,
                    required=required,
                    text=_short_hours(hours, required, wanted.basis),
                    source=source,
                )
            )
        if wanted.above_ceiling(hours):
            ceiling = wanted.max_hours_per_week
            words = "under" if wanted.max_exclusive else "at most"
            findings.append(
                WeekFinding(
                    check=WeekCheck.MAX_HOURS,
                    observed=hours,
                    required=ceiling,
                    text=f"max hours: {hours:g} h attended, the level allows {words} {ceiling:g} h",
                    source=source,
                )
            )
        if wanted.min_days_per_week is not None:
            need = wanted.min_days_per_week * scale
            if days < need - _EPSILON:
                findings.append(
                    WeekFinding(
                        check=WeekCheck.MIN_DAYS,
                        observed=float(days),
                        required=need,
                        text=f"min days: attended on {days} days, {need:g} required",
                        source=source,
                    )
                )
        for service, minimum in wanted.required_services.items():
            need = minimum * scale
            have = counts.get(service.value, 0)
            if have < need - _EPSILON:
                findings.append(
                    WeekFinding(
                        check=WeekCheck.SERVICE,
                        observed=float(have),
                        required=need,
                        text=f"{service.value}: {have} attended, {need:g} required",
                        source=source,
                    )
                )
    if overlaps:
        findings.append(
            WeekFinding(
                check=WeekCheck.OVERLAP,
                observed=float(overlaps),
                required=None,
                text=f"overlap: {overlaps} attended session(s) overlap an earlier one",
                source=source,
            )
        )
    met = not any(finding.check in _FAILING for finding in findings)
    return WeekCompliance(
        week_start=_date(start),
        hours=hours,
        scheduled_hours=scheduled / 3600,
        days_attended=days,
        services={ServiceType(kind): counts[kind] for kind in sorted(counts)},
        open_fraction=share,
        required_hours=required,
        assessed=assessed,
        met=met,
        findings=tuple(findings),
    )


def _short_hours(hours: float, required: float, basis: HoursBasis) -> str:
    """A short week in the requirement's terms: short of hours, or below a certified need."""
    if basis is HoursBasis.CERTIFIED_NEED:
        return (
            f"min hours: {hours:g} h attended, {required - hours:g} h below the certified "
            f"need of {required:g} h (the plan of care's hours, not a payment rule by itself)"
        )
    return f"min hours: {hours:g} h attended, {required - hours:g} h short of {required:g} h"


def _taper(week: WeekCompliance, wanted: IntensityRequirement) -> tuple[WeekCompliance, int]:
    """The week met under the taper grace, if it is only short (never if over)."""
    checks = {finding.check for finding in week.findings}
    if not checks & _SHORT or WeekCheck.MAX_HOURS in checks:
        return week, 0
    note = WeekFinding(
        check=WeekCheck.TAPER_GRACE,
        observed=week.hours,
        required=week.required_hours,
        text=(
            f"taper grace: below the minimum while stepping down (up to "
            f"{wanted.taper_grace_weeks} weeks allowed)"
        ),
        source=wanted.source,
    )
    return attrs.evolve(week, met=True, findings=(*week.findings, note)), 1


# ---------------------------------------------------------------- planned schedules


def planned_compliance(  # noqa: PLR0913 - keyword-only options of one check
    template: ScheduleTemplate,
    requirement: IntensityRequirement,
    *,
    start: pendulum.Date,
    end: pendulum.Date,
    calendar: ProgramCalendar | None = None,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
) -> WeeklyCompliance:
    """Judge a schedule template before anyone attends: could it meet ``requirement``?

    The template's sessions from ``start`` to ``end`` (see
    :meth:`~iopcore.sessions.ScheduleTemplate.sessions`) are judged as if all were
    attended, with ``start`` as admission and ``end`` as discharge, in the template's
    time zone. ``.met`` on the result says whether every week can meet it.

    Raises:
        InvalidTypeError: ``template`` is not a ScheduleTemplate.
        InvalidValueError: as :meth:`~iopcore.sessions.ScheduleTemplate.sessions`.

    >>> import pendulum
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.sessions import ProgramCalendar, ScheduleTemplate, WeeklySlot
    >>> template = ScheduleTemplate(
    ...     tz="America/New_York",
    ...     slots=[
    ...         WeeklySlot(weekday=day, start=pendulum.time(9), end=pendulum.time(12))
    ...         for day in (0, 2, 4)
    ...     ],
    ... )
    >>> plan = planned_compliance(
    ...     template,
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     start=pendulum.date(2024, 12, 16),
    ...     end=pendulum.date(2024, 12, 29),
    ...     calendar=ProgramCalendar(tz="America/New_York", closures=[pendulum.date(2024, 12, 25)]),
    ... )
    >>> [(w.week_start.isoformat(), w.hours, w.met) for w in plan]
    [('2024-12-16', 9.0, True), ('2024-12-23', 6.0, False)]
    >>> plan[1].findings[0].text
    'min hours: 6 h attended, 1.2 h short of 7.2 h'

    The closure on 25 December takes a Wednesday session away: the prorated minimum
    (4 of 5 open days) is 7.2 hours, and Monday and Friday give 6.
    """
    if not isinstance(template, ScheduleTemplate):
        raise InvalidTypeError("template", template, allowed="a ScheduleTemplate")
    planned = template.sessions(_PLANNED, start=start, end=end, calendar=calendar)
    return weekly_compliance(
        planned,
        requirement,
        tz=template.tz,
        calendar=calendar,
        admitted=start,
        discharged=end,
        partial_weeks=partial_weeks,
    )


_PLANNED: Final = "planned"


# ---------------------------------------------------------------- attendance measures


@attrs.frozen(kw_only=True)
class AttendanceSummary:
    """Attendance over a window, counted as :func:`attendance_summary` documents.

    Attributes:
        offered: Sessions the program held (all but program cancellations), less
            excused absences when those are excused.
        attended: Sessions attended in full or in part.
        no_shows: Absences (``ABSENT``).
        excused: Excused absences (``EXCUSED``).
        cancelled: Sessions the program cancelled (never counted against anyone).
        rate: ``attended / offered``, or ``None`` when nothing was offered.
        longest_missed_run: The most consecutive missed sessions, in time order.
    """

    offered: int
    attended: int
    no_shows: int
    excused: int
    cancelled: int
    rate: float | None
    longest_missed_run: int


def attendance_summary(
    sessions: Iterable[Session],
    *,
    tz: str | pendulum.Timezone,
    start: pendulum.Date | None = None,
    end: pendulum.Date | None = None,
    excuse_absences: bool = True,
) -> AttendanceSummary:
    """Attendance rate, no-shows and the longest run of missed sessions over a window.

    Counting:

    * The window is the local days from ``start`` to ``end`` (inclusive) in ``tz``;
      sessions outside it are left out (pass the ``as_of`` day as ``end``).
    * Program cancellations count nowhere: the participant was not offered them.
    * With ``excuse_absences`` (the default) an excused absence is neither attended
      nor missed: it is left out of the rate and neither breaks nor extends a run of
      missed sessions. Without it, an excused absence is a missed session.
    * A no-show (``ABSENT``) is always missed; any attendance, even in part, ends a
      run. Runs follow the sessions' start times, whatever the input order.

    Raises:
        InvalidTypeError: an item that is not a Session, or a bad argument.
        InvalidValueError: sessions of several participants, or ``end`` before
            ``start``.

    >>> import pendulum
    >>> from iopcore.sessions import Session
    >>> def group(day, attendance):
    ...     start = pendulum.datetime(2024, 4, day, 9, tz="America/New_York")
    ...     return Session(
    ...         participant_id="p-1",
    ...         service="group therapy",
    ...         start=start,
    ...         end=start.add(hours=3),
    ...         attendance=attendance,
    ...     )
    >>> kinds = ["attended", "absent", "excused", "absent", "cancelled", "attended"]
    >>> summary = attendance_summary(
    ...     [group(day, kind) for day, kind in zip(range(1, 7), kinds)], tz="America/New_York"
    ... )
    >>> summary.rate, summary.no_shows, summary.longest_missed_run
    (0.5, 2, 2)
    """
    zone = to_timezone(tz)
    first = _day(start, "start")
    last = _day(end, "end")
    excusing = _flag_argument(excuse_absences, "excuse_absences")
    if first is not None and last is not None and last < first:
        raise InvalidValueError(
            "end", _date(last), allowed=f"a day on or after start={_date(first).isoformat()}"
        )
    _, items = _checked(sessions)
    local = zoneinfo.ZoneInfo(zone.name)
    attended = no_shows = excused = cancelled = run = longest = 0
    for span in _in_time_order(items):
        session = span[2]
        if first is not None or last is not None:
            day = _local_day(span, zone, local)
            if (first is not None and day < first) or (last is not None and day > last):
                continue
        kind = session.attendance
        if kind is _CANCELLED:
            cancelled += 1
        elif kind is _ATTENDED or kind is _IN_PART:
            attended += 1
            run = 0
        elif kind is Attendance.EXCUSED:
            excused += 1
            if not excusing:
                run += 1
        else:
            no_shows += 1
            run += 1
        longest = max(longest, run)
    offered = attended + no_shows + (0 if excusing else excused)
    return AttendanceSummary(
        offered=offered,
        attended=attended,
        no_shows=no_shows,
        excused=excused,
        cancelled=cancelled,
        rate=attended / offered if offered else None,
        longest_missed_run=longest,
    )


def __getattr__(name: str) -> object:
    return renamed(
        __name__,
        name,
        {
            "Check": ("iopcore.intensity.WeekCheck", WeekCheck),
            "DEFAULT_RULESET": ("iopcore.rulesets.DEFAULT_HOURS_RULESET", DEFAULT_HOURS_RULESET),
        },
    )
