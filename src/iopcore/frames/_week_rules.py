"""Program weeks judged as columns: open fraction, minimums, findings, taper grace.

The same arithmetic as ``iopcore.intensity``'s judging, step for step, on a frame of
weeks that holds the counted figures (``hours_us``, ``scheduled_us``, ``days``, one
count per service, ``overlaps``) and each participant's bounds (``first``, ``last``
as day numbers since 1970-01-01, ``tapering``). The thresholds are read from the
:class:`~iopcore.intensity.IntensityRequirement`, never written here.

Two things narwhals 2.29 cannot express are each behind one small function on the
polars lazy frame that every table is computed as (see ``iopcore.frames._tables``):
a range per row (:func:`week_numbers`, ``polars.int_ranges``), a list built from
columns (:func:`findings_list`, ``polars.implode``), and two order-dependent steps in
one window (:func:`running_latest`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import attrs
import narwhals as nw

from iopcore.frames._native import Translated
from iopcore.intensity import PartialWeeks, WeekCheck
from iopcore.sessions import ServiceType

if TYPE_CHECKING:
    from iopcore.intensity import IntensityRequirement
    from iopcore.sessions import ProgramCalendar

__all__ = [
    "FINDING",
    "Judging",
    "WeekRules",
    "day_number",
    "divided",
    "findings_list",
    "judged",
    "judging",
    "running_latest",
    "service_column",
    "share_open",
    "week_numbers",
    "week_start",
]

#: The days from 0001-01-01 (ordinal 1) to 1970-01-01, where polars counts dates from.
EPOCH_ORDINAL: Final = 719_163
#: The same tolerance the object path compares with.
_EPSILON: Final = 1e-9
_HOUR_US: Final = 3_600_000_000
#: The fields of one finding (a WeekFinding less its text, which the object path
#: words; ``service`` names the service of a SERVICE finding).
FINDING: Final = ("check", "service", "observed", "required", "source")


def day_number(ordinal: int) -> int:
    """The day number since 1970-01-01 of a date ordinal."""
    return ordinal - EPOCH_ORDINAL


def service_column(service: ServiceType) -> str:
    """The working column counting attended sessions of ``service``."""
    return "n_" + service.name.lower()


def week_start(day: nw.Expr, first_weekday: int) -> nw.Expr:
    """The first day (a day number) of the program week holding ``day``."""
    # Day 0 (1970-01-01) was a Thursday, weekday 3; polars' % is Python's.
    return day - (day + (3 - first_weekday)) % 7


def divided(numerator: nw.Expr, denominator: int) -> nw.Expr:
    """``numerator / denominator`` rounded as Python rounds it, on every row.

    polars divides a float column by a scalar as a multiplication by the scalar's
    reciprocal, which can differ from true division in the last bit (10620 s is
    2.9499999999999997 h there, 2.95 h in Python); divided by a column of the same
    number, every row is divided in full.
    """
    column = (numerator.cast(nw.Int64).fill_null(0) * 0 + denominator).cast(nw.Float64)
    return numerator.cast(nw.Float64) / column


def week_numbers(frame: nw.LazyFrame[Any], count: str, name: str) -> nw.LazyFrame[Any]:
    """One row per week ``0 .. count - 1`` of each row of ``frame``, numbered in ``name``.

    narwhals gap: no range per row (``int_ranges``); polars does it.
    """
    import polars as pl  # noqa: PLC0415 - the frames extra installs it

    native = frame.to_native()
    ranged = native.with_columns(pl.int_ranges(0, pl.col(count), dtype=pl.Int64).alias(name))
    exploded: nw.LazyFrame[Any] = nw.from_native(ranged.explode(name))
    return exploded


def running_latest(frame: nw.LazyFrame[Any], name: str) -> nw.LazyFrame[Any]:
    """``frame`` with ``name`` replaced by its largest value in the participant's earlier rows.

    The rows are in the order of the column ``order`` within each ``participant_id``;
    a participant's first row gets null.

    narwhals gap: one window holds one order-dependent step, so a running maximum
    then a shift take two windows, each a sort of every participant's rows; polars
    computes ``cum_max().shift(1)`` in one window, in half the time of the two
    (measured at 10^6 sessions on polars 2.1).
    """
    import polars as pl  # noqa: PLC0415 - the frames extra installs it

    earlier = pl.col(name).cum_max().shift(1).over("participant_id", order_by="order")
    shifted: nw.LazyFrame[Any] = nw.from_native(frame.to_native().with_columns(earlier))
    return shifted


def findings_list(frame: nw.LazyFrame[Any], judgement: Judging) -> nw.LazyFrame[Any]:
    """``frame`` with the list column of findings: per week, those whose condition holds.

    The findings keep the order of ``judgement.findings``; ``judgement.keys``
    identify a row. They are gathered in long form (one row per finding) and grouped
    back into lists: quicker in polars than a list built row by row from struct
    columns.

    narwhals gap: no aggregation into a list (``implode``) and no empty-list value;
    polars does both.
    """
    import polars as pl  # noqa: PLC0415 - the frames extra installs it

    keys, name = list(judgement.keys), judgement.name
    found = nw.concat(
        [row.select(condition.filter(frame)) for condition, row in judgement.findings]
    ).to_native()
    dtype = found.collect_schema()[name]
    lists = found.group_by(keys).agg(pl.col(name).sort_by("order"))
    joined = frame.to_native().join(lists, on=keys, how="left")
    filled = joined.with_columns(pl.col(name).fill_null(pl.lit([], dtype=pl.List(dtype))))
    listed: nw.LazyFrame[Any] = nw.from_native(filled)
    return listed


def share_open(rules: WeekRules) -> nw.Expr:
    """The open fraction of each week, summed day by day as the object path sums it.

    Reads ``week_start``, ``first`` and ``last`` (day numbers). A day counts when it
    is in care, an open weekday and not closed; a partial day counts its fraction.
    """
    first_weekday, open_days, fractions = rules.first_weekday, rules.open_days, dict(rules.days)
    start = nw.col("week_start")
    # Day ``offset`` of the week (week_start + offset) is in care when it is on or
    # after first and on or before last: compared as offsets, with fewer nodes.
    before = nw.col("first") - start
    after = nw.col("last") - start
    share: nw.Expr = nw.lit(0.0)
    for offset in range(7):
        if (first_weekday + offset) % 7 not in open_days:
            continue  # the weekday of a week's day is the same every week
        value: nw.Expr = nw.lit(1.0)
        if fractions:
            value = (start + offset).replace_strict(
                list(fractions), list(fractions.values()), default=1.0, return_dtype=nw.Float64
            )
        in_care = (before <= offset) & (after >= offset)
        share = share + nw.when(in_care).then(value).otherwise(0.0)
    return divided(share, len(open_days))


def _finding(  # noqa: PLR0913, PLR0917 - the fields of one finding
    when: nw.Expr,
    check: WeekCheck,
    observed: nw.Expr,
    required: nw.Expr | float | None,
    source: str,
    service: str | None = None,
) -> tuple[nw.Expr, nw.Expr]:
    fields = nw.struct(
        nw.lit(check.value, dtype=nw.String).alias("check"),
        nw.lit(service, dtype=nw.String).alias("service"),
        observed.cast(nw.Float64).alias("observed"),
        nw.lit(required, dtype=nw.Float64).alias("required")
        if not isinstance(required, nw.Expr)
        else required.cast(nw.Float64).alias("required"),
        nw.lit(source, dtype=nw.String).alias("source"),
    )
    return when, fields


@attrs.frozen
class WeekRules:
    """What judging a week reads of the requirement, the policy and the calendar.

    Plain hashable values: the judging expressions depend on nothing else, so
    :func:`judging` builds and translates them once per set of rules.

    Attributes:
        min_hours, max_hours, max_exclusive, min_days, services, grace_weeks, source:
            The :class:`~iopcore.intensity.IntensityRequirement`'s thresholds and
            source (``services``: its required services as ``(service, minimum)``).
        policy: How partial weeks are judged.
        first_weekday: The calendar's first weekday (0 Monday).
        open_days: The open weekdays.
        days: The share open of each closed (0.0) or partial day, by day number.
    """

    min_hours: float
    max_hours: float | None
    max_exclusive: bool
    min_days: int | None
    services: tuple[tuple[ServiceType, int], ...]
    grace_weeks: int
    source: str
    policy: PartialWeeks
    first_weekday: int
    open_days: frozenset[int]
    days: tuple[tuple[int, float], ...]

    @classmethod
    def of(
        cls,
        wanted: IntensityRequirement,
        policy: PartialWeeks,
        calendar: ProgramCalendar | None,
    ) -> WeekRules:
        """The rules that ``wanted``, ``policy`` and ``calendar`` set."""
        first_weekday, open_days, days = 0, frozenset(range(5)), {}
        if calendar is not None:
            first_weekday = int(calendar.first_weekday)
            open_days = frozenset(int(day) for day in calendar.open_weekdays)
            days = {day_number(day.toordinal()): 0.0 for day in calendar.closures}
            days |= {
                day_number(day.toordinal()): share for day, share in calendar.partial_days.items()
            }
        return cls(
            min_hours=wanted.min_hours_per_week,
            max_hours=wanted.max_hours_per_week,
            max_exclusive=wanted.max_exclusive,
            min_days=wanted.min_days_per_week,
            services=tuple(wanted.required_services.items()),
            grace_weeks=wanted.taper_grace_weeks,
            source=wanted.source,
            policy=policy,
            first_weekday=first_weekday,
            open_days=open_days,
            days=tuple(sorted(days.items())),
        )


@attrs.frozen
class Judging:
    """The expressions that judge the weeks, translated once (see :func:`judging`).

    Attributes:
        keys: The columns that identify a week's row.
        name: The list column of findings.
        steps: The columns added, step by step (``with_columns`` in order).
        findings: Per possible finding, in the object path's order: the condition
            (a filter) and the row it adds to the long table of findings (the keys,
            its ``order`` and the finding struct), as :func:`findings_list` reads them.
    """

    keys: tuple[str, ...]
    name: str
    steps: tuple[Translated, ...]
    findings: tuple[tuple[Translated, Translated], ...]


def judged(frame: nw.LazyFrame[Any], rules: WeekRules) -> tuple[nw.LazyFrame[Any], Judging]:
    """The weeks judged: the result's figures, and the judging (for its findings)."""
    judgement = judging(rules, ("participant_id", "week"), "findings")
    for step in judgement.steps:
        frame = step.with_columns(frame)
    return frame, judgement


@functools.lru_cache(maxsize=32)
def judging(rules: WeekRules, keys: tuple[str, ...], name: str) -> Judging:
    """The steps that judge weeks by ``rules``, and each possible finding.

    ``keys`` identify a week's row and ``name`` is the list column of findings.
    """
    steps = [
        [
            divided(nw.col("hours_us"), _HOUR_US).alias("hours"),
            divided(nw.col("scheduled_us"), _HOUR_US).alias("scheduled_hours"),
            share_open(rules).alias("open_fraction"),
        ]
    ]
    share = nw.col("open_fraction")
    partial = share < 1.0 - _EPSILON
    policy = rules.policy
    if policy is PartialWeeks.FULL:
        assessed: nw.Expr = nw.lit(value=True)
    elif policy is PartialWeeks.EXCLUDE:
        assessed = ~partial
    else:
        assessed = ~partial | (share > _EPSILON)
    scale: nw.Expr = nw.lit(1.0)
    if policy is PartialWeeks.PRORATE:
        scale = nw.when(partial).then(share).otherwise(1.0)
    steps.append(
        [
            assessed.alias("assessed"),
            scale.alias("scale"),
            (nw.lit(rules.min_hours) * scale).alias("required_hours"),
        ]
    )
    yes = nw.col("assessed")
    hours = nw.col("hours")
    required = nw.col("required_hours")
    source = rules.source
    short: list[nw.Expr] = [yes & (hours < required - _EPSILON)]
    parts = [
        _finding(~yes, WeekCheck.NOT_ASSESSED, share, 1.0, source),
        _finding(short[0], WeekCheck.MIN_HOURS, hours, required, source),
    ]
    over: nw.Expr = nw.lit(value=False)
    ceiling = rules.max_hours
    if ceiling is not None:
        over = yes & ((hours >= ceiling) if rules.max_exclusive else (hours > ceiling))
        parts.append(_finding(over, WeekCheck.MAX_HOURS, hours, ceiling, source))
    if rules.min_days is not None:
        need = nw.lit(float(rules.min_days)) * nw.col("scale")
        short.append(yes & (nw.col("days_attended") < need - _EPSILON))
        parts.append(_finding(short[-1], WeekCheck.MIN_DAYS, nw.col("days_attended"), need, source))
    for service, minimum in rules.services:
        need = nw.lit(float(minimum)) * nw.col("scale")
        have = nw.col(service_column(service))
        short.append(yes & (have < need - _EPSILON))
        parts.append(
            _finding(short[-1], WeekCheck.SERVICE, have, need, source, service=service.value)
        )
    overlaps = nw.col("overlaps")
    parts.append(_finding(overlaps > 0, WeekCheck.OVERLAP, overlaps, None, source))
    any_short = nw.any_horizontal(*short, ignore_nulls=True)
    steps.append([(~(any_short | over)).alias("met_alone"), (any_short & ~over).alias("graceable")])
    graced: nw.Expr = nw.lit(value=False)
    if rules.grace_weeks:
        eligible = nw.col("graceable") & nw.col("tapering")
        running = (
            nw.col("eligible").cast(nw.Int64).cum_sum().over("participant_id", order_by="week")
        )
        steps.append([eligible.alias("eligible")])
        steps.append([(nw.col("eligible") & (running <= rules.grace_weeks)).alias("graced")])
        graced = nw.col("graced")
        parts.append(_finding(graced, WeekCheck.TAPER_GRACE, hours, required, source))
    steps.append([(nw.col("met_alone") | graced).alias("met")])
    findings = tuple(
        (
            Translated.of([condition]),
            Translated.of(
                [
                    *(nw.col(key) for key in keys),
                    nw.lit(order, dtype=nw.Int64).alias("order"),
                    finding.alias(name),
                ]
            ),
        )
        for order, (condition, finding) in enumerate(parts)
    )
    return Judging(keys, name, tuple(Translated.of(step) for step in steps), findings)
