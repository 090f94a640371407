"""Weekly compliance on a sessions table: every participant's program weeks at once.

:func:`weekly_compliance` gives what :func:`iopcore.intensity.weekly_compliance`
gives one participant at a time, for every participant of a sessions table, as one
row per participant and program week.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any, Final

import attrs
import narwhals as nw

from iopcore._validation import to_as_of, to_aware_datetime, to_member, to_timezone
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.frames._engines import engine_for
from iopcore.frames._episodes import read_episodes
from iopcore.frames._native import Translated
from iopcore.frames._sessions import read_sessions
from iopcore.frames._tables import RowCheck, refuse_rows
from iopcore.frames._week_rules import (
    WeekRules,
    day_number,
    findings_list,
    judged,
    running_latest,
    service_column,
    week_numbers,
    week_start,
)
from iopcore.intensity import (
    IntensityRequirement,
    PartialWeeks,
    checked_calendar,
    checked_requirement,
)
from iopcore.sessions import Attendance, ProgramCalendar, ServiceType

if TYPE_CHECKING:
    import pendulum

    from iopcore.frames._tables import InputTable

__all__ = ["COMPLIANCE_COLUMNS", "weekly_compliance"]

#: The columns of the result, in order.
COMPLIANCE_COLUMNS: Final = (
    "participant_id",
    "week_start",
    "hours",
    "scheduled_hours",
    "days_attended",
    "services",
    "open_fraction",
    "required_hours",
    "assessed",
    "met",
    "findings",
)
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_MINUTE_US: Final = 60_000_000
_ATTENDED: Final = (Attendance.ATTENDED.value, Attendance.ATTENDED_IN_PART.value)
#: Earlier than any end, for the running latest end of attended sessions.
_NEVER: Final = -(2**62)


def _cutoff(value: object, zone: pendulum.Timezone) -> tuple[dt.date | None, int | None]:
    """The last local day judged and, for a datetime, the instant (in us) sessions end by."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        moment = to_aware_datetime(value, field="as_of")
        try:
            day = moment.astimezone(zone).date()
        except (OverflowError, ValueError):
            raise InvalidValueError(
                "as_of",
                value,
                allowed=f"a time whose date in {zone.name} is on or before 9999-12-31",
                reason=f"falls after the end of the calendar in {zone.name}",
            ) from None
        utc = moment.astimezone(dt.UTC)
        seconds = ((utc.toordinal() - _EPOCH_ORDINAL) * 24 + utc.hour) * 3600
        seconds += utc.minute * 60 + utc.second
        return dt.date(day.year, day.month, day.day), seconds * 1_000_000 + utc.microsecond
    day = to_as_of(value)
    return dt.date(day.year, day.month, day.day), None


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(field, value, allowed="True or False")
    return value


def weekly_compliance(  # noqa: PLR0913 - the options of the object path, and columns=
    sessions: object,
    requirement: IntensityRequirement,
    *,
    tz: str | pendulum.Timezone,
    calendar: ProgramCalendar | None = None,
    episodes: object = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    stepping_down: bool = False,
    partial_weeks: PartialWeeks | str = PartialWeeks.PRORATE,
    columns: object = None,
) -> Any:  # noqa: ANN401 - the kind of frame that came in
    """Judge every participant's sessions week by week against ``requirement``.

    The same answers as :func:`iopcore.intensity.weekly_compliance` for each
    participant, with ``admitted``, ``discharged`` and ``stepping_down`` read from
    ``episodes``: program weeks in ``tz`` (the calendar's first weekday; exact
    across clock changes), closures and partial days, partial weeks as
    ``partial_weeks`` says, overlapping attended time counted once (an ``overlap``
    finding), the taper grace while stepping down, and ``as_of`` as the cutoff.

    A participant without an episode row has weeks from the week of their first
    session to the week of their last (or to ``as_of``), as the object path gives
    with ``admitted=None``; one with an episode row but no sessions has weeks from
    admission with no hours.

    The result has one row per participant and program week, empty weeks included,
    sorted by participant and week, with the columns :data:`COMPLIANCE_COLUMNS`:
    ``participant_id``; ``week_start`` (a date); ``hours`` and ``scheduled_hours``
    (floats, real elapsed time); ``days_attended`` (an integer); ``services`` (a
    struct with one integer field per :class:`~iopcore.sessions.ServiceType`
    value, 0 for none attended); ``open_fraction`` and ``required_hours``
    (floats); ``assessed`` and ``met``; ``findings``, a list of structs
    (``check``: the :class:`~iopcore.intensity.WeekCheck` value; ``service``: the
    service of a ``service`` finding, else null; ``observed``, ``required``,
    ``source``: as in :class:`~iopcore.intensity.WeekFinding`; the finding's words
    are the object path's ``text``).

    Args:
        sessions: A sessions table (see :data:`~iopcore.frames.SESSIONS`): polars,
            pandas or pyarrow, eager or lazy, or a DuckDB relation.
        requirement: What each week must meet (see
            :func:`~iopcore.intensity.requirement_for`).
        tz: The program's time zone: an IANA name or a pendulum ``Timezone``.
        calendar: Week start, open weekdays, closures and partial days (its time
            zone must be ``tz``); Monday-to-Friday ISO weeks when ``None``.
        episodes: ``None``, or an episodes table (see
            :data:`~iopcore.frames.EPISODES`): one row per participant with
            ``admitted`` and, if known, ``discharged`` (the last day in care) and
            ``stepping_down``.
        as_of: The day (or aware instant) the weeks are judged on; weeks end there.
        stepping_down: Whether participants step down (taper grace) when their
            episode row does not say.
        partial_weeks: How partial weeks are judged (see
            :class:`~iopcore.intensity.PartialWeeks`).
        columns: A mapping of the sessions table's iopcore column names to its own.

    Returns:
        A frame of the kind ``sessions`` came as (lazy for lazy).

    Raises:
        InvalidRowsError: bad rows of either table (a row a Session would refuse, a
            discharge before admission, two episode rows of one participant, an
            admission after ``as_of``, or sessions of a participant without an
            episode row that all fall after ``as_of``'s week).
        InvalidTypeError: an argument of the wrong type, or a table that is not one.
        InvalidValueError: a missing column, a calendar in another time zone, or a
            24-hour-care requirement.
        NaiveDateTimeError: a timestamp column or ``as_of`` without a time zone.

    >>> import pendulum, polars as pl
    >>> from iopcore import LevelOfCare, Population
    >>> from iopcore.intensity import requirement_for
    >>> start = [pendulum.datetime(2024, 3, day, 9, tz="America/New_York") for day in (4, 6, 8, 11)]
    >>> sessions = pl.DataFrame(
    ...     {
    ...         "participant_id": "p-1",
    ...         "service": "group therapy",
    ...         "start": start,
    ...         "end": [moment.add(hours=3) for moment in start],
    ...     }
    ... )
    >>> weeks = weekly_compliance(
    ...     sessions,
    ...     requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT),
    ...     tz="America/New_York",
    ...     as_of=pendulum.date(2024, 3, 17),
    ... )
    >>> weeks.select("week_start", "hours", "met").rows()
    [(datetime.date(2024, 3, 4), 9.0, True), (datetime.date(2024, 3, 11), 3.0, False)]
    >>> weeks["findings"][1][0]["check"], weeks["findings"][1][0]["required"]
    ('min hours', 9.0)
    """
    if (engine := engine_for(sessions)) is not None:  # Spark, Dask: see frames._engines
        options = {"tz": tz, "calendar": calendar, "episodes": episodes, "as_of": as_of}
        options |= {"stepping_down": stepping_down, "partial_weeks": partial_weeks}
        return engine.weekly_compliance(sessions, requirement, columns=columns, **options)
    zone = to_timezone(tz)
    wanted = checked_requirement(requirement)
    program = checked_calendar(calendar, tz=zone)
    policy = to_member(PartialWeeks, partial_weeks, field="partial_weeks")
    tapering = _flag(stepping_down, "stepping_down")
    last_date, until = _cutoff(as_of, zone)
    table = read_sessions(sessions, columns=columns)
    stays = None if episodes is None else read_episodes(episodes, as_of_day=last_date)
    first_weekday = 0 if program is None else int(program.first_weekday)
    last_day = None if last_date is None else day_number(last_date.toordinal())

    frame = _timing(zone.name).with_columns(table.frame)
    bounds = _bounds(frame, stays, first_weekday, last_day, tapering)
    if last_day is not None:
        _refuse_late_starts(table, frame, stays, first_weekday, last_day)
    bounded = stays is not None or last_day is not None
    weeks = _settled(table, _counted(frame, bounds, until, first_weekday, bounded=bounded))
    weeks, judgement = judged(weeks, WeekRules.of(wanted, policy, program))
    weeks = findings_list(_settled(table, weeks), judgement)
    result = _finishing().with_columns(weeks).sort("participant_id", "week_start")
    return table.back(result.select(*COMPLIANCE_COLUMNS))


@functools.lru_cache(maxsize=8)
def _timing(zone: str) -> Translated:
    """Each session's times as numbers, its program day in ``zone`` and its time order."""
    return Translated.of(
        [
            nw.col("start").dt.timestamp("us").alias("begins"),
            nw.col("end").dt.timestamp("us").alias("ends"),
            nw.col("start").dt.convert_time_zone(zone).dt.date().cast(nw.Int32).alias("day"),
            # Time order, ties in row order (as the object path's stable sort keeps
            # them): one whole-number key, quicker to order windows by than two columns.
            nw.col("start").dt.timestamp("us").rank("ordinal").alias("order"),
        ]
    )


@functools.cache
def _finishing() -> Translated:
    """The result's week start as a date and its services as one struct column."""
    services = (nw.col(service_column(service)).alias(service.value) for service in ServiceType)
    return Translated.of(
        [nw.col("week_start").cast(nw.Date), nw.struct(*services).alias("services")]
    )


def _settled(table: InputTable, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """``frame`` computed now if the input was eager (its result is asked for at once).

    The weeks are read by several branches (the findings, the taper grace); polars
    does not always share a lazy branch's work between them, so an eager input's
    weeks are computed once and read from memory. A lazy input stays lazy.
    """
    if not table.eager:
        return frame
    return frame.collect(backend=nw.Implementation.POLARS).lazy()


def _bounds(
    frame: nw.LazyFrame[Any],
    stays: InputTable | None,
    first_weekday: int,
    last_day: int | None,
    tapering: bool,
) -> nw.LazyFrame[Any]:
    """Each participant's first and last day judged, the first week and the week count."""
    seen = frame.group_by("participant_id").agg(
        nw.col("day").min().alias("min_day"), nw.col("day").max().alias("max_day")
    )
    bounding = _bounding(first_weekday, last_day, tapering)
    if stays is None:
        people = bounding.no_episodes.with_columns(seen)
    else:
        episodes = stays.frame.select(
            "participant_id",
            nw.col("admitted").cast(nw.Int32),
            nw.col("discharged").cast(nw.Int32),
            "stepping_down",
        )
        ids = nw.concat([seen.select("participant_id"), episodes.select("participant_id")]).unique(
            "participant_id"
        )
        people = ids.join(seen, on="participant_id", how="left").join(
            episodes, on="participant_id", how="left"
        )
    for step in bounding.steps:
        people = step.with_columns(people)
    return people


@attrs.frozen
class _Bounding:
    """The expressions that bound each participant's weeks (see :func:`_bounding`).

    Attributes:
        no_episodes: The episode columns, null, for sessions without an episodes table.
        steps: The first and last day judged, the first week, the taper flag and the
            week count, step by step.
    """

    no_episodes: Translated
    steps: tuple[Translated, ...]


@functools.lru_cache(maxsize=32)
def _bounding(first_weekday: int, last_day: int | None, tapering: bool) -> _Bounding:
    """The bounds' expressions for these options, built once."""
    no_episodes = [
        nw.lit(None, dtype=nw.Int32).alias("admitted"),
        nw.lit(None, dtype=nw.Int32).alias("discharged"),
        nw.lit(None, dtype=nw.Boolean).alias("stepping_down"),
    ]
    # Admission unknown: the first week is taken as a whole week.
    first = nw.coalesce(nw.col("admitted"), week_start(nw.col("min_day"), first_weekday))
    if last_day is None:
        # No discharge and no as_of: the last week is taken as a whole week.
        whole = week_start(nw.max_horizontal(nw.col("first"), nw.col("max_day")), first_weekday) + 6
        last = nw.coalesce(nw.col("discharged"), whole)
    else:
        last = nw.min_horizontal(nw.lit(last_day, dtype=nw.Int32), nw.col("discharged"))
    week0 = week_start(nw.col("first"), first_weekday)
    steps = [
        [first.alias("first")],
        [
            last.alias("last"),
            week0.alias("week0"),
            nw.coalesce(nw.col("stepping_down"), nw.lit(tapering)).alias("tapering"),
        ],
        [((nw.col("last") - nw.col("week0")) // 7 + 1).alias("count")],
    ]
    return _Bounding(Translated.of(no_episodes), tuple(Translated.of(step) for step in steps))


def _refuse_late_starts(
    table: InputTable,
    frame: nw.LazyFrame[Any],
    stays: InputTable | None,
    first_weekday: int,
    last_day: int,
) -> None:
    """Refuse the sessions of a participant with no episode whose first week is after as_of."""
    late = week_start(nw.col("day").min().over("participant_id"), first_weekday) > last_day
    checked = frame
    if stays is not None:
        known = stays.frame.select("participant_id", nw.lit(value=True).alias("known"))
        checked = frame.join(known, on="participant_id", how="left")
        late = late & nw.col("known").is_null()
    refuse_rows(
        type(table)(schema=table.schema, frame=checked, source=table.source, eager=table.eager),
        [
            RowCheck(
                "start",
                late,
                allowed="a session in or before the week of as_of (or an episode row "
                "giving the admission)",
                reason="belongs to a participant whose sessions all start after as_of's "
                "week; without an episode row the first session's week is the admission",
            )
        ],
    )


def _counted(
    frame: nw.LazyFrame[Any],
    bounds: nw.LazyFrame[Any],
    until: int | None,
    first_weekday: int,
    *,
    bounded: bool,
) -> nw.LazyFrame[Any]:
    """The figures of every program week of every participant (empty weeks as zeros).

    ``bounded`` says whether episodes or ``as_of`` bound the weeks; when they do
    not, every session is in its participant's weeks (from the first session's week
    to the last's), and only the cancelled ones are left out.
    """
    offered = frame.filter(nw.col("attendance") != Attendance.CANCELLED.value)
    if bounded:
        keep = nw.col("day").is_between(nw.col("first"), nw.col("last"))
        if until is not None:
            keep = keep & (nw.col("ends") <= until)
        offered = offered.join(
            bounds.select("participant_id", "first", "last"), on="participant_id"
        ).filter(keep)
    counting = _counting(first_weekday)
    counted = running_latest(counting.timed.with_columns(offered), "latest")
    counts = counting.sums.aggregate(counting.figured.with_columns(counted), _WEEK_KEYS)
    grid = week_numbers(
        bounds.select("participant_id", "first", "last", "week0", "tapering", "count"),
        "count",
        "week",
    )
    grid = grid.with_columns((nw.col("week0") + 7 * nw.col("week")).alias("week_start"))
    return grid.join(counts, on=["participant_id", "week_start"], how="left").with_columns(
        nw.col(*_SUMMED, "days_attended").fill_null(0)
    )


#: The figures of a week that are sums of its sessions' (days attended are counted).
_SUMMED: Final = (
    "scheduled_us",
    "hours_us",
    "overlaps",
    *(service_column(service) for service in ServiceType),
)
#: A week's row among the counted sessions.
_WEEK_KEYS: Final = ("participant_id", "week_start")


@attrs.frozen
class _Counting:
    """The expressions that count sessions into weeks (see :func:`_counting`).

    Attributes:
        timed: Each session's week, its attended time (``seconds``) and the end that
            later sessions are clipped at (``latest``, before the running maximum).
        figured: Each session's figures as plain columns, clipped where it overlaps.
        sums: The figures of each week, summed from those columns.
    """

    timed: Translated
    figured: Translated
    sums: Translated


@functools.lru_cache(maxsize=8)
def _counting(first_weekday: int) -> _Counting:
    """The counting expressions for weeks starting on ``first_weekday``, built once."""
    attended = nw.col("attendance").is_in(_ATTENDED)
    # Attended time is counted once: each attended session is clipped at the latest
    # end of the attended sessions before it, in time order ("order", see
    # weekly_compliance). The other sessions' ends count as the earliest time.
    latest = nw.when(attended).then(nw.col("ends")).otherwise(_NEVER)
    timed = [
        week_start(nw.col("day"), first_weekday).cast(nw.Int64).alias("week_start"),
        nw.when(nw.col("attendance") == Attendance.ATTENDED.value)
        .then(nw.col("ends") - nw.col("begins"))
        .when(attended)
        .then(nw.col("attended_minutes").cast(nw.Int64) * _MINUTE_US)
        .otherwise(0)
        .alias("seconds"),
        latest.alias("latest"),
    ]
    overlap = attended & (nw.col("begins") < nw.col("latest"))
    clipped = nw.min_horizontal(
        nw.col("seconds"), nw.max_horizontal(nw.lit(0), nw.col("ends") - nw.col("latest"))
    )
    # Every figure a plain column first: polars sums a column per group far quicker
    # than it evaluates an expression per group.
    figured = [
        nw.when(overlap).then(clipped).otherwise(nw.col("seconds")).alias("hours_us"),
        (nw.col("ends") - nw.col("begins")).alias("scheduled_us"),
        overlap.cast(nw.Int64).alias("overlaps"),
        nw.when(attended).then(nw.col("day")).alias("attended_day"),
        *(
            (attended & (nw.col("service") == service.value))
            .cast(nw.Int64)
            .alias(service_column(service))
            for service in ServiceType
        ),
    ]
    present = nw.col("attended_day")
    sums = [
        nw.col(*_SUMMED).sum(),
        # Distinct days attended: the null of the other sessions is not a day.
        (present.n_unique() - present.is_null().any().cast(nw.Int64))
        .cast(nw.Int64)
        .alias("days_attended"),
    ]
    return _Counting(Translated.of(timed), Translated.of(figured), Translated.of(sums))
