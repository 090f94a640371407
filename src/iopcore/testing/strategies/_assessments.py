"""Hypothesis strategies for every iopcore type, valid by construction.

Use them to property-test code that takes iopcore values, such as assessments limited
to the inputs a ruleset reads (see :func:`assessments`):

>>> import pendulum
>>> from hypothesis import given
>>> from iopcore.testing import strategies as ios
>>> @given(ios.participants(as_of=pendulum.date(2026, 1, 1), min_age=18))
... def test_adults(person):
...     assert person.population_on(pendulum.date(2026, 1, 1)).value == "adult"
>>> test_adults()

Bounds are checked when the strategy is built: a bad bound raises an iopcore error
naming the argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import attrs
import pendulum
from hypothesis import strategies as st

from iopcore._validation import (
    MAX_IDENTIFIER_LENGTH,
    shift_date,
    to_as_of,
    to_as_of_with_room,
    to_identifier,
    to_int,
    to_member,
)
from iopcore.assessments import MAX_DIMENSION_RATING, Assessment, ClinicalFact, Role
from iopcore.assessments import Measurement as Vital
from iopcore.episodes import ChangeReason, Discharge, DischargeReason, Episode, LevelChange
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import INSTRUMENT_NAMES, Responses, Score, get_instrument
from iopcore.instruments.change import DatedScore, Trajectory
from iopcore.levels import LevelOfCare
from iopcore.participants import Condition, Participant, Population, Sex
from iopcore.sessions import Session  # noqa: TC001 - History's annotations are read at run time (serialize)
from iopcore.testing._schedules import (
    MAX_SCHEDULED_WEEKS,
    TYPICAL_WEEKS,
    TypicalWeek,
    scheduled_histories,
    typical_weeks,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iopcore.instruments._scoring import Item
    from iopcore.programs import Curriculum, Program
    from iopcore.rulesets import Ruleset
    from iopcore.sessions import ProgramCalendar, ScheduleTemplate

__all__ = [
    "DEFAULT_RATING_RANGE",
    "MAX_HISTORY_WEEKS",
    "MAX_SCHEDULED_WEEKS",
    "MEASUREMENT_RANGES",
    "SESSION_MINUTES",
    "SESSION_TIME_ZONES",
    "TYPICAL_WEEKS",
    "History",
    "RulesetInputs",
    "TypicalWeek",
    "assessments",
    "attendance_histories",
    "birth_dates",
    "conditions",
    "curricula",
    "episodes",
    "histories",
    "identifiers",
    "levels_of_care",
    "measurements",
    "participants",
    "populations",
    "program_calendars",
    "programs",
    "rating_ranges",
    "responses",
    "responses_with_options",
    "ruleset_inputs",
    "scheduled_histories",
    "scores",
    "sessions",
    "sexes",
    "trajectories",
    "typical_weeks",
]

#: Oldest age the participant strategies draw, in whole years.
MAX_AGE: Final = 110
#: Date the birth dates fall around when no ``as_of`` is given (a fixed date, not
#: today: strategies never read the clock).
_DEFAULT_AS_OF: Final = pendulum.Date(2026, 1, 1)
#: Calendar room the strategies need around an ``as_of``: birth dates up to
#: MAX_AGE years and a year before it, records up to two years after it.
_DAYS_BEFORE: Final = (MAX_AGE + 2) * 366
_DAYS_AFTER: Final = 2 * 366


def _as_of(value: object) -> pendulum.Date:
    return to_as_of_with_room(value, before=_DAYS_BEFORE, after=_DAYS_AFTER)


def _level(value: object, field: str) -> LevelOfCare | None:
    if value is None or isinstance(value, LevelOfCare):
        return value
    raise InvalidTypeError(field, value, allowed="a LevelOfCare member or None")


def levels_of_care(
    *, min_level: LevelOfCare | None = None, max_level: LevelOfCare | None = None
) -> st.SearchStrategy[LevelOfCare]:
    """Levels of care from ``min_level`` to ``max_level`` inclusive, shrinking to the lowest.

    Raises:
        InvalidValueError: ``min_level`` is above ``max_level``.
    """
    low = _level(min_level, "min_level") or min(LevelOfCare)
    high = _level(max_level, "max_level") or max(LevelOfCare)
    if low > high:
        raise InvalidValueError("min_level", low, allowed=f"a level at most max_level={high.code}")
    return st.sampled_from([level for level in LevelOfCare if low <= level <= high])


def populations() -> st.SearchStrategy[Population]:
    """Either population."""
    return st.sampled_from(Population)


def sexes() -> st.SearchStrategy[Sex | None]:
    """A recorded sex, or ``None`` (not recorded)."""
    return st.none() | st.sampled_from(Sex)


def conditions() -> st.SearchStrategy[Condition]:
    """Any condition group."""
    return st.sampled_from(Condition)


def identifiers() -> st.SearchStrategy[str]:
    """Opaque identifiers: non-blank printable strings, mostly short ASCII keys."""
    keys = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,35}", fullmatch=True)
    anything = st.text(
        st.characters(categories=("L", "N", "P", "S")),
        min_size=1,
        max_size=MAX_IDENTIFIER_LENGTH,
    )
    return keys | anything


def birth_dates(
    *,
    as_of: pendulum.Date | None = None,
    min_age: int = 0,
    max_age: int = MAX_AGE,
) -> st.SearchStrategy[pendulum.Date]:
    """Birth dates of people aged ``min_age`` to ``max_age`` whole years on ``as_of``.

    Args:
        as_of: The date the ages hold on; a fixed date in 2026 when not given.
        min_age: Youngest age, in whole years.
        max_age: Oldest age, in whole years.

    Raises:
        InvalidValueError: an age out of 0-110, or ``min_age > max_age``.
    """
    on = _DEFAULT_AS_OF if as_of is None else _as_of(as_of)
    youngest = to_int(min_age, field="min_age", minimum=0, maximum=MAX_AGE)
    oldest = to_int(max_age, field="max_age", minimum=0, maximum=MAX_AGE)
    if youngest > oldest:
        raise InvalidValueError("min_age", youngest, allowed=f"at most max_age={oldest}")
    # Born on `latest` -> exactly min_age today; born the day after `earliest` ->
    # max_age for one more day.
    latest = on.subtract(years=youngest)
    earliest = on.subtract(years=oldest + 1).add(days=1)
    return st.dates(min_value=earliest, max_value=latest).map(
        lambda day: pendulum.Date(day.year, day.month, day.day)
    )


def participants(
    *,
    as_of: pendulum.Date | None = None,
    min_age: int = 0,
    max_age: int = MAX_AGE,
    condition_groups: st.SearchStrategy[frozenset[Condition]] | None = None,
) -> st.SearchStrategy[Participant]:
    """Participants aged ``min_age`` to ``max_age`` on ``as_of`` (see :func:`birth_dates`).

    Args:
        as_of: The date the ages hold on.
        min_age: Youngest age.
        max_age: Oldest age.
        condition_groups: Strategy for the set of conditions; any subset by default.
    """
    groups = (
        st.frozensets(conditions(), max_size=len(Condition))
        if condition_groups is None
        else condition_groups
    )
    return st.builds(
        Participant,
        id=identifiers(),
        birth_date=birth_dates(as_of=as_of, min_age=min_age, max_age=max_age),
        conditions=groups,
        sex=sexes(),
    )


# ---------------------------------------------------------------- instruments

#: Instruments whose scores have a total (the ones a trajectory can follow).
_WITH_TOTALS: Final = ("audit", "audit_c", "dast10", "gad7", "pcl5", "phq9")


def _instrument(value: object, *, among: tuple[str, ...] = INSTRUMENT_NAMES) -> str:
    allowed = ", ".join(among)
    if not isinstance(value, str):
        raise InvalidTypeError("instrument", value, allowed=f"one of {allowed}")
    if value not in among:
        raise UnknownCodeError("instrument", value, allowed=allowed)
    return value


def _complete_flag(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidTypeError("complete", value, allowed="True, False or None (either)")


def _item_answers(item: Item) -> st.SearchStrategy[int | bool]:
    if item.values is None:
        return st.booleans()
    return st.sampled_from(item.values)


@st.composite
def _cssrs_responses(draw: st.DrawFn, complete: bool | None) -> list[bool | None]:
    q1, q2, q6 = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    if q2:
        middle: list[bool | None] = [draw(st.booleans()) for _ in range(3)]
    else:
        skipped = st.sampled_from((None, False))  # either way of recording a skipped question
        middle = [draw(skipped) for _ in range(3)]
    answers: list[bool | None] = [q1, q2, *middle, q6]
    gap = draw(st.booleans()) if complete is None else not complete
    if gap:
        asked = [0, 1, 5] + ([2, 3, 4] if q2 else [])
        index = draw(st.sampled_from(asked))
        answers[index] = None
    return answers


@st.composite
def _numeric_responses(
    draw: st.DrawFn, items: tuple[Item, ...], complete: bool | None
) -> list[int | bool | None]:
    answers: list[int | bool | None] = [draw(_item_answers(item)) for item in items]
    askable = [index for index, item in enumerate(items) if item.number != _BAM_DETAIL]
    if complete is None:
        answers = [
            None if draw(st.integers(0, 9)) == 0 and index in askable else answer
            for index, answer in enumerate(answers)
        ]
    elif not complete:
        gaps = draw(st.sets(st.sampled_from(askable), min_size=1))
        answers = [None if index in gaps else answer for index, answer in enumerate(answers)]
    return answers


_BAM_DETAIL: Final = 7


def responses(
    instrument: str, *, complete: bool | None = None
) -> st.SearchStrategy[list[int | bool | None]]:
    """Valid answer lists for ``instrument``, in item order.

    Args:
        instrument: A registry name (``"phq9"``, ...).
        complete: ``True`` for no missing answer, ``False`` for at least one,
            ``None`` (default) for either. For the C-SSRS this is about the six
            answers (questions skipped by its skip rule are not missing); question
            6's follow-up is a keyword of ``cssrs.score``, drawn by :func:`scores`.
            For the BAM, item 7 (not scored) is always answered.

    Raises:
        UnknownCodeError: an unknown instrument.

    >>> from iopcore.instruments import phq9
    >>> from hypothesis import given
    >>> @given(responses("phq9", complete=True))
    ... def test_complete(answers):
    ...     assert phq9.score(answers).complete
    >>> test_complete()
    """
    name = _instrument(instrument)
    wanted = _complete_flag(complete)
    if name == "cssrs":
        return _cssrs_responses(wanted)  # type: ignore[return-value]
    # Each module keeps its item table private; iopcore's own strategies may read it,
    # so that the answers drawn are exactly the ones the scorer accepts.
    items: tuple[Item, ...] = getattr(get_instrument(name), "_ITEMS")  # noqa: B009
    return _numeric_responses(items, wanted)


@st.composite
def _kept(draw: st.DrawFn, instrument: str | None, complete: bool | None) -> Responses:
    name = draw(st.sampled_from(INSTRUMENT_NAMES)) if instrument is None else instrument
    answers = draw(responses(name, complete=complete))
    options: dict[str, object] = {}
    if name == "cssrs":
        recent = draw(st.booleans()) if answers[5] is True else None
        if answers[5] is True and complete is None and draw(st.booleans()):
            recent = None
        options["behaviour_within_3_months"] = recent
    elif name == "audit_c":
        sex = draw(sexes())
        options["sex"] = None if sex is None else sex.value
    return Responses(instrument=name, answers=answers, options=options)


def responses_with_options(
    instrument: str | None = None, *, complete: bool | None = None
) -> st.SearchStrategy[Responses]:
    """Kept answers (:class:`~iopcore.instruments.Responses`) of ``instrument``.

    The answers come from :func:`responses`, with the options the instrument's
    ``score`` takes (the C-SSRS follow-up, AUDIT-C's ``sex``); ``.score()`` gives
    what :func:`scores` draws.

    Raises:
        UnknownCodeError: an unknown instrument.
    """
    name = None if instrument is None else _instrument(instrument)
    return _kept(name, _complete_flag(complete))


def scores(
    instrument: str | None = None, *, complete: bool | None = None
) -> st.SearchStrategy[Score]:
    """Scores of ``instrument`` (any instrument by default), from valid answers.

    Args:
        instrument: A registry name, or ``None`` for any.
        complete: As :func:`responses`; ``True`` gives complete scores only (for the
            C-SSRS, question 6's follow-up is then always given).

    Raises:
        UnknownCodeError: an unknown instrument.
    """
    name = None if instrument is None else _instrument(instrument)
    wanted = _complete_flag(complete)
    strategy = _kept(name, wanted).map(Responses.score)
    if wanted is True:
        return strategy.filter(lambda score: score.complete)
    return strategy


def measurements(
    instrument: str = "phq9",
    *,
    min_date: pendulum.Date | None = None,
    max_date: pendulum.Date | None = None,
    complete: bool | None = None,
) -> st.SearchStrategy[DatedScore]:
    """Dated scores of an instrument with a total, dated ``min_date`` to ``max_date``.

    Raises:
        UnknownCodeError: an instrument without a total (C-SSRS, BAM) or unknown.
        InvalidValueError: ``min_date`` after ``max_date``.
    """
    name = _instrument(instrument, among=_WITH_TOTALS)
    last = _DEFAULT_AS_OF if max_date is None else to_as_of(max_date, field="max_date")
    if min_date is None:
        shift_date(last, -366, field="max_date")  # a year before it must be on the calendar
        first = last.subtract(years=1)
    else:
        first = to_as_of(min_date, field="min_date")
    if first > last:
        raise InvalidValueError("min_date", first, allowed=f"a date on or before {last}")
    dates = st.dates(min_value=first, max_value=last).map(
        lambda day: pendulum.Date(day.year, day.month, day.day)
    )
    return st.builds(DatedScore, on=dates, score=scores(name, complete=complete))


def trajectories(
    instrument: str = "phq9",
    *,
    as_of: pendulum.Date | None = None,
    max_size: int = 12,
) -> st.SearchStrategy[Trajectory]:
    """Trajectories of up to ``max_size`` measurements within a year before ``as_of``.

    Some measurements are incomplete (and so skipped by the trajectory). The
    trajectory is built with :meth:`~iopcore.instruments.change.Trajectory.from_measurements`,
    given also a few measurements after ``as_of``, which it drops.

    Raises:
        UnknownCodeError: an instrument without a total, or unknown.
        InvalidValueError: ``max_size`` outside 0-100.
    """
    name = _instrument(instrument, among=_WITH_TOTALS)
    on = _DEFAULT_AS_OF if as_of is None else _as_of(as_of)
    size = to_int(max_size, field="max_size", minimum=0, maximum=100)
    before = st.lists(measurements(name, max_date=on), max_size=size)
    after = st.lists(
        measurements(name, min_date=on.add(days=1), max_date=on.add(days=60)), max_size=2
    )
    return st.builds(
        lambda kept, later: Trajectory.from_measurements(
            [*kept, *later], as_of=on, instrument=name
        ),
        before,
        after,
    )


# ---------------------------------------------------------------- assessments

#: Plausible ranges (low, high) of the measurements the shipped rulesets read, wide
#: enough to cross every threshold they use (adult and adolescent vital signs,
#: laboratory values, body weight); drawn to one decimal place.
MEASUREMENT_RANGES: Final[Mapping[str, tuple[float, float]]] = {
    Vital.HEART_RATE_BPM.value: (30.0, 180.0),
    Vital.SYSTOLIC_BP_MMHG.value: (60.0, 200.0),
    Vital.DIASTOLIC_BP_MMHG.value: (30.0, 120.0),
    Vital.TEMPERATURE_F.value: (93.0, 104.0),
    Vital.GLUCOSE_MG_DL.value: (40.0, 400.0),
    Vital.POTASSIUM_MEQ_L.value: (2.0, 6.5),
    Vital.PERCENT_HEALTHY_BODY_WEIGHT.value: (60.0, 130.0),
    Vital.BMI.value: (12.0, 45.0),
}
#: Range drawn for a measurement of your own (a name iopcore does not know).
_OTHER_MEASUREMENT: Final = (0.0, 200.0)
#: Ratings drawn by default: 0-4, as in the reference ruleset and the ASAM risk ratings.
DEFAULT_RATING_RANGE: Final = (0, 4)
#: How many days before ``as_of`` an assessment may be dated.
_ASSESSMENT_WINDOW_DAYS: Final = 90


class RulesetInputs(NamedTuple):
    """The inputs a ruleset reads, grouped by kind (see :func:`ruleset_inputs`)."""

    dimensions: tuple[str, ...]
    instruments: tuple[str, ...]
    facts: tuple[str, ...]
    measurements: tuple[str, ...]
    population: bool
    conditions: bool


def _split_paths(paths: frozenset[str]) -> RulesetInputs:
    found: dict[str, set[str]] = {"ratings": set(), "scores": set(), "facts": set()}
    found["measurements"] = set()
    for path in paths:
        head, _, rest = path.partition(".")
        if head == "scores":
            rest = rest.split(".")[0]
        if head in found and rest:
            found[head].add(rest)
    return RulesetInputs(
        dimensions=tuple(sorted(found["ratings"])),
        instruments=tuple(sorted(found["scores"])),
        facts=tuple(sorted(found["facts"])),
        measurements=tuple(sorted(found["measurements"])),
        population="population" in paths,
        conditions="conditions" in paths,
    )


def _check_ruleset(value: object) -> Ruleset:
    from iopcore.rulesets import Ruleset  # noqa: PLC0415 - the rules engine only when asked

    if not isinstance(value, Ruleset):
        raise InvalidTypeError("ruleset", value, allowed="a Ruleset or None")
    return value


def ruleset_inputs(ruleset: Ruleset) -> RulesetInputs:
    """The inputs ``ruleset`` reads: from every rule's condition and every tree branch.

    Paths such as ``ratings.safety``, ``scores.phq9.flags``, ``facts.x``,
    ``measurements.x``, ``population`` and ``conditions`` are grouped by kind; paths
    of other forms (from predicates of your own) are left out.

    Raises:
        InvalidTypeError: ``ruleset`` is not a :class:`~iopcore.rulesets.Ruleset`.

    >>> from iopcore.rulesets import get_ruleset
    >>> ruleset_inputs(get_ruleset("locus")).facts
    ('act_team_available', 'completed_treatment_recently')
    """
    return _split_paths(_check_ruleset(ruleset).inputs)


def _every_input() -> RulesetInputs:
    """What an assessment may hold when no ruleset limits it."""
    from iopcore.rulesets import locus, reference  # noqa: PLC0415 - loaded only when asked

    names = [dimension.name for dimension in reference.DIMENSIONS]
    return RulesetInputs(
        dimensions=tuple(dict.fromkeys([*names, *locus.DIMENSIONS])),
        instruments=INSTRUMENT_NAMES,
        facts=tuple(fact.value for fact in ClinicalFact),
        measurements=tuple(MEASUREMENT_RANGES),
        population=True,
        conditions=True,
    )


def _range(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    allowed = f"a (low, high) pair of ints from 0 to {MAX_DIMENSION_RATING}, low <= high"
    if not isinstance(value, tuple) or len(value) != 2:
        raise InvalidTypeError("rating_range", value, allowed=allowed)
    low = to_int(value[0], field="rating_range[0]", minimum=0, maximum=MAX_DIMENSION_RATING)
    high = to_int(value[1], field="rating_range[1]", minimum=0, maximum=MAX_DIMENSION_RATING)
    if low > high:
        raise InvalidValueError("rating_range", value, allowed=allowed, reason="is reversed")
    return low, high


def rating_ranges(
    dimensions: Iterable[str], rating_range: tuple[int, int] | None = None
) -> dict[str, tuple[int, int]]:
    """The (low, high) ratings drawn on each dimension.

    ``rating_range`` applies to every dimension when given. Otherwise the LOCUS
    scales (:data:`iopcore.rulesets.locus.DIMENSIONS`) run 1-5, as LOCUS defines them,
    and every other dimension 0-4 (:data:`DEFAULT_RATING_RANGE`).

    Raises:
        InvalidTypeError: ``rating_range`` is not a pair of ints.
        InvalidValueError: a bound outside 0 to ``MAX_DIMENSION_RATING``, or low above high.

    >>> rating_ranges(("safety", "risk_of_harm"))
    {'safety': (0, 4), 'risk_of_harm': (1, 5)}
    """
    from iopcore.rulesets import locus  # noqa: PLC0415 - loaded only when asked

    if isinstance(dimensions, str) or not isinstance(dimensions, Iterable):
        raise InvalidTypeError("dimensions", dimensions, allowed="a sequence of dimension names")
    names = [to_identifier(name, field="dimensions") for name in dimensions]
    given = _range(rating_range)
    if given is not None:
        return dict.fromkeys(names, given)
    scales = (locus.MIN_RATING, locus.MAX_RATING)
    return {name: scales if name in locus.DIMENSIONS else DEFAULT_RATING_RANGE for name in names}


def _tenths(low: float, high: float) -> st.SearchStrategy[float]:
    return st.integers(round(low * 10), round(high * 10)).map(lambda tenths: tenths / 10)


def _input_strategies(
    inputs: RulesetInputs, ranges: Mapping[str, tuple[int, int]], *, complete: bool | None
) -> dict[str, st.SearchStrategy[object]]:
    """One strategy per input path, keyed by the path the rules name."""
    found: dict[str, st.SearchStrategy[object]] = {}
    for name in inputs.dimensions:
        found[f"ratings.{name}"] = st.integers(*ranges[name])
    for name in inputs.instruments:
        found[f"scores.{name}"] = scores(name, complete=True if complete else None)
    for name in inputs.facts:
        found[f"facts.{name}"] = st.booleans()
    for name in inputs.measurements:
        found[f"measurements.{name}"] = _tenths(*MEASUREMENT_RANGES.get(name, _OTHER_MEASUREMENT))
    if inputs.population:
        found["population"] = populations()
    if inputs.conditions:
        found["conditions"] = st.frozensets(conditions(), max_size=3)
    return found


class _Plan(NamedTuple):
    """What :func:`_assessments` draws from (strategies built once, not per draw)."""

    inputs: Mapping[str, st.SearchStrategy[object]]
    on: pendulum.Date
    ids: st.SearchStrategy[str]
    roles: st.SearchStrategy[Role | None]


#: Densities: an assessment has each input with chance density/_FULL.
_FULL: Final = 4


@st.composite
def _assessments(draw: st.DrawFn, plan: _Plan, complete: bool | None) -> Assessment:
    # A density from none to all inputs, then each input present with that chance:
    # sparse assessments show what one input does alone, full ones are determinable.
    # Both shrink towards absent inputs, so a failure shows only the inputs it needs.
    density = _FULL if complete is True else draw(st.integers(0, _FULL))
    drawn: dict[str, object] = {}
    for path, strategy in plan.inputs.items():
        present = density == _FULL or draw(st.integers(1, _FULL)) > _FULL - density
        drawn[path] = draw(strategy) if present else None
    if complete is False and drawn and all(value is not None for value in drawn.values()):
        drawn[draw(st.sampled_from(sorted(drawn)))] = None
    grouped: dict[str, dict[str, object]] = {"ratings": {}, "scores": {}, "facts": {}}
    grouped["measurements"] = {}
    for path, value in drawn.items():
        head, _, name = path.partition(".")
        if value is not None and head in grouped:
            grouped[head][name] = value
    day = draw(st.integers(0, _ASSESSMENT_WINDOW_DAYS))
    return Assessment(
        participant_id=draw(plan.ids),
        assessed_on=plan.on.subtract(days=day),
        scores=list(grouped["scores"].values()),
        ratings=grouped["ratings"],
        facts=grouped["facts"],
        measurements=grouped["measurements"],
        population=drawn.get("population"),
        conditions=drawn.get("conditions"),
        recorded_by=draw(plan.roles),
    )


def assessments(
    *,
    ruleset: Ruleset | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    rating_range: tuple[int, int] | None = None,
    participant_ids: st.SearchStrategy[str] | None = None,
    complete: bool | None = None,
) -> st.SearchStrategy[Assessment]:
    """Valid assessments, optionally limited to the inputs ``ruleset`` reads.

    Each input is present or absent (not assessed), so that "not determinable" is
    drawn too: some assessments have every input, others few or none, and shrinking
    leaves out whatever a failure does not need.
    Ratings are whole numbers in range (see :func:`rating_ranges`); scores come from
    the instrument's own ``score()`` on valid answers (:func:`scores`); facts are
    ``True`` or ``False``; measurements lie in :data:`MEASUREMENT_RANGES`.

    Args:
        ruleset: Draw only the inputs this ruleset reads (:func:`ruleset_inputs`).
            Without one: the reference and LOCUS dimensions, every instrument, every
            :class:`~iopcore.assessments.ClinicalFact` and measurement, the
            population and the conditions.
        as_of: Assessments are dated up to 90 days before this date (default: a
            fixed date in 2026, never today).
        rating_range: ``(low, high)`` for every rating; by default 0-4, and 1-5 on
            the LOCUS scales.
        participant_ids: Strategy for the participant id (default
            :func:`identifiers`).
        complete: ``True``: every input present, scores complete. ``False``: at
            least one input absent. ``None`` (default): either.

    Raises:
        InvalidTypeError: ``ruleset`` is not a Ruleset, or a bad ``as_of``,
            ``rating_range`` or ``complete``.
        InvalidValueError: ``rating_range`` out of bounds.

    >>> import pendulum
    >>> from hypothesis import given
    >>> from iopcore import recommend_level
    >>> from iopcore.rulesets import get_ruleset
    >>> reference = get_ruleset("reference")
    >>> @given(assessments(ruleset=reference, as_of=pendulum.date(2026, 3, 2)))
    ... def test_placements(assessment):
    ...     placement = recommend_level(
    ...         assessment, ruleset=reference, as_of=pendulum.date(2026, 3, 2)
    ...     )
    ...     assert placement.determinable or placement.missing
    >>> test_placements()
    """
    inputs = _every_input() if ruleset is None else ruleset_inputs(ruleset)
    ranges = rating_ranges(inputs.dimensions, rating_range)
    on = _DEFAULT_AS_OF if as_of is None else _as_of(as_of)
    wanted = _complete_flag(complete)
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    ids = identifiers() if participant_ids is None else participant_ids
    plan = _Plan(
        inputs=_input_strategies(inputs, ranges, complete=wanted),
        on=on,
        ids=ids,
        roles=st.none() | st.sampled_from(Role),
    )
    return _assessments(plan, wanted)


# ---------------------------------------------------------------- episodes

#: How many days before ``as_of`` an episode may start (two years, so that episodes
#: cross month ends, year ends and 29 February).
_EPISODE_WINDOW_DAYS: Final = 730
#: Longest delay drawn between an event taking effect and its being recorded.
_MAX_RECORDING_LAG_DAYS: Final = 14
#: Most events an episode strategy may be asked for.
_MAX_EVENTS: Final = 50


class _EpisodePlan(NamedTuple):
    """What :func:`_episodes` draws from."""

    on: pendulum.Date
    ids: st.SearchStrategy[str]
    min_events: int
    max_events: int
    discharged: bool | None


@st.composite
def _episodes(draw: st.DrawFn, plan: _EpisodePlan) -> Episode:
    fewest = max(plan.min_events, 1 if plan.discharged else 0)
    # Each event takes effect on a day of its own after admission, on or before as_of.
    days_in = draw(st.integers(fewest, _EPISODE_WINDOW_DAYS))
    admitted = plan.on.subtract(days=days_in)
    count = draw(st.integers(fewest, min(plan.max_events, days_in)))
    days = st.integers(1, max(days_in, 1))
    offsets = sorted(draw(st.lists(days, min_size=count, max_size=count, unique=True)))
    with_discharge = count > 0 and (
        plan.discharged is True or (plan.discharged is None and draw(st.booleans()))
    )
    initial = level = draw(levels_of_care())
    notes = st.none() | st.text(max_size=20)
    events: list[LevelChange | Discharge] = []
    # Level changes are recorded in the order they take effect (see iopcore.episodes).
    latest_record = admitted
    for position, offset in enumerate(offsets):
        effective = admitted.add(days=offset)
        lag = draw(st.integers(0, _MAX_RECORDING_LAG_DAYS))
        recorded = min(plan.on, effective.add(days=lag))
        if with_discharge and position == count - 1:
            events.append(
                Discharge(
                    effective=effective,
                    recorded=recorded,
                    reason=draw(st.sampled_from(DischargeReason)),
                    decided_by=draw(st.none() | st.sampled_from(Role)),
                    note=draw(notes),
                )
            )
            break
        recorded = max(recorded, latest_record)
        latest_record = recorded
        to_level = draw(st.sampled_from([other for other in LevelOfCare if other is not level]))
        events.append(
            LevelChange(
                effective=effective,
                recorded=recorded,
                from_level=level,
                to_level=to_level,
                reason=draw(st.sampled_from(ChangeReason)),
                decided_by=draw(st.sampled_from(Role)),
                note=draw(notes),
            )
        )
        level = to_level
    return Episode(
        participant_id=draw(plan.ids),
        program_id=draw(st.none() | identifiers()),
        admitted=admitted,
        initial_level=initial,
        events=events,
    )


def episodes(
    *,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    min_events: int = 0,
    max_events: int = 6,
    discharged: bool | None = None,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Episode]:
    """Valid episodes of care, admitted up to two years before ``as_of``.

    Every event takes effect after admission and on or before ``as_of``, one a day;
    each is recorded on or after that day (up to two weeks later, never after
    ``as_of``), so some are backdated. Level changes move to another level each time
    and are recorded in the order they take effect; a discharge, when drawn, is last.
    Notes are drawn as short free text, to show they stay out of ``repr``.

    Args:
        as_of: The latest date of any event (default: a fixed date in 2026).
        min_events: Fewest events (level changes and discharge together).
        max_events: Most events (at most 50).
        discharged: ``True``: every episode ends in a discharge. ``False``: none
            does. ``None`` (default): either.
        participant_ids: Strategy for the participant id (default
            :func:`identifiers`).

    Raises:
        InvalidTypeError: a bad ``as_of``, ``discharged`` or ``participant_ids``.
        InvalidValueError: event counts out of range, ``min_events`` above
            ``max_events``, or ``discharged=True`` with ``max_events=0``.

    >>> import pendulum
    >>> from hypothesis import given
    >>> @given(episodes(as_of=pendulum.date(2026, 3, 2), discharged=True))
    ... def test_discharged(episode):
    ...     assert episode.is_discharged(pendulum.date(2026, 3, 2))
    ...     assert episode.level_on(pendulum.date(2026, 3, 2)) is None
    >>> test_discharged()
    """
    on = _DEFAULT_AS_OF if as_of is None else _as_of(as_of)
    fewest = to_int(min_events, field="min_events", minimum=0, maximum=_MAX_EVENTS)
    most = to_int(max_events, field="max_events", minimum=0, maximum=_MAX_EVENTS)
    if fewest > most:
        raise InvalidValueError("min_events", fewest, allowed=f"at most max_events={most}")
    if discharged is not None and not isinstance(discharged, bool):
        raise InvalidTypeError("discharged", discharged, allowed="True, False or None (either)")
    if discharged is True and most == 0:
        raise InvalidValueError(
            "max_events", most, allowed="at least 1 when discharged=True", reason="is too low"
        )
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    ids = identifiers() if participant_ids is None else participant_ids
    return _episodes(_EpisodePlan(on, ids, fewest, most, discharged))


# ---------------------------------------------------------------- sessions and calendars

#: Time zones the session strategies draw from when none is given: three with daylight
#: saving time (northern and southern hemispheres) and two without.
SESSION_TIME_ZONES: Final = (
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
)
#: Session lengths drawn, in minutes (a 15-minute check-in to a 6-hour PHP day).
SESSION_MINUTES: Final = (15, 30, 45, 60, 90, 120, 180, 240, 360)
_FIRST_SESSION_DAY: Final = pendulum.Date(2023, 1, 1)
_LAST_SESSION_DAY: Final = pendulum.Date(2026, 12, 31)
_MAX_HISTORY: Final = 500


class _SessionPlan(NamedTuple):
    zone: pendulum.Timezone
    first: float
    last: float
    transitions: tuple[float, ...]
    ids: st.SearchStrategy[str]


def _session_bounds(value: object, field: str, default: pendulum.Date) -> pendulum.Date:
    return default if value is None else to_as_of(value, field=field)


def _transitions(zone: pendulum.Timezone, first: pendulum.Date, last: pendulum.Date) -> list[float]:
    """POSIX times of the clock changes of ``zone`` between two days (hour by hour)."""
    from datetime import datetime  # noqa: PLC0415 - only when building

    found: list[float] = []
    moment = datetime(first.year, first.month, first.day, tzinfo=zone)
    stop = datetime(last.year, last.month, last.day, tzinfo=zone).timestamp()
    offset = moment.utcoffset()
    stamp = moment.timestamp()
    while stamp < stop:
        stamp += 3600
        here = datetime.fromtimestamp(stamp, zone)
        if here.utcoffset() != offset:
            found.append(stamp)
            offset = here.utcoffset()
    return found


def _session_plan(  # noqa: PLR0913 - the options of the session strategies
    tz: object,
    min_date: object,
    max_date: object,
    around_dst: object,
    participant_ids: object,
    *,
    span_days: int,
) -> _SessionPlan:
    from iopcore._validation import to_timezone  # noqa: PLC0415 - with the others below

    zone = to_timezone(tz)
    first = _session_bounds(min_date, "min_date", _FIRST_SESSION_DAY)
    last = _session_bounds(max_date, "max_date", _LAST_SESSION_DAY)
    if last.toordinal() - first.toordinal() < span_days:
        raise InvalidValueError(
            "max_date", last, allowed=f"at least {span_days} days after min_date={first}"
        )
    if not isinstance(around_dst, bool):
        raise InvalidTypeError("around_dst", around_dst, allowed="True or False")
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    transitions: tuple[float, ...] = ()
    if around_dst:
        transitions = tuple(_transitions(zone, first, last))
        if not transitions:
            raise InvalidValueError(
                "tz", zone.name, allowed="a time zone that changes its clocks between the dates"
            )
    begin = pendulum.datetime(first.year, first.month, first.day, tz=zone).timestamp()
    end = pendulum.datetime(last.year, last.month, last.day, tz=zone).timestamp()
    ids = identifiers() if participant_ids is None else participant_ids
    return _SessionPlan(zone, begin, end - span_days * 86400.0, transitions, ids)


def _fields(draw: st.DrawFn, minutes: int) -> dict[str, Any]:  # keyword arguments of Session
    from iopcore.sessions import Attendance, ServiceType  # noqa: PLC0415

    attendance = draw(st.sampled_from(Attendance))
    partial = attendance is Attendance.ATTENDED_IN_PART
    return {
        "service": draw(st.sampled_from(ServiceType)),
        "attendance": attendance,
        "attended_minutes": draw(st.integers(1, minutes)) if partial else None,
    }


def _start(draw: st.DrawFn, plan: _SessionPlan) -> float:
    if plan.transitions:
        # Within 36 hours of a clock change, on a 5-minute grid.
        change = draw(st.sampled_from(plan.transitions))
        return change + 300.0 * draw(st.integers(-432, 432))
    return plan.first + 300.0 * draw(st.integers(0, int((plan.last - plan.first) // 300)))


@st.composite
def _sessions(draw: st.DrawFn, plan: _SessionPlan) -> Session:
    from iopcore.sessions import Session  # noqa: PLC0415

    minutes = draw(st.sampled_from(SESSION_MINUTES))
    start = pendulum.from_timestamp(_start(draw, plan), tz=plan.zone)
    return Session(
        participant_id=draw(plan.ids),
        start=start,
        end=start.add(minutes=minutes),
        **_fields(draw, minutes),
    )


def sessions(
    *,
    tz: str | pendulum.Timezone = "America/New_York",
    min_date: pendulum.Date | None = None,
    max_date: pendulum.Date | None = None,
    around_dst: bool = False,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Session]:
    """Sessions in ``tz`` between two days, valid by construction.

    Start times fall on a 5-minute grid at any hour; lengths are drawn from
    :data:`SESSION_MINUTES`; every service and attendance occurs, with
    ``attended_minutes`` for sessions attended in part. With ``around_dst`` every
    session starts within 36 hours of one of the zone's clock changes.

    Raises:
        UnknownCodeError: an unknown time zone.
        InvalidValueError: ``max_date`` before ``min_date``, or ``around_dst`` in a
            zone without clock changes between them.
    """
    return _sessions(
        _session_plan(tz, min_date, max_date, around_dst, participant_ids, span_days=0)
    )


@st.composite
def _histories(draw: st.DrawFn, plan: _SessionPlan, fewest: int, most: int) -> list[Session]:
    from iopcore.sessions import Session  # noqa: PLC0415

    who = draw(plan.ids)
    count = draw(st.integers(fewest, most))
    moment = _start(draw, plan)
    if plan.transitions:
        moment -= 86400.0 * draw(st.integers(0, 7))  # so that the change falls inside
    history = []
    for _ in range(count):
        minutes = draw(st.sampled_from(SESSION_MINUTES))
        start = pendulum.from_timestamp(moment, tz=plan.zone)
        history.append(
            Session(
                participant_id=who,
                start=start,
                end=start.add(minutes=minutes),
                **_fields(draw, minutes),
            )
        )
        # The next session starts after this one ends: histories never overlap.
        moment += 60.0 * minutes + 300.0 * draw(st.integers(0, 4 * 288))
    return history


def attendance_histories(  # noqa: PLR0913 - keyword-only options of one strategy
    *,
    tz: str | pendulum.Timezone = "America/New_York",
    min_size: int = 0,
    max_size: int = 40,
    min_date: pendulum.Date | None = None,
    max_date: pendulum.Date | None = None,
    around_dst: bool = False,
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[list[Session]]:
    """One participant's sessions in time order, none overlapping another.

    Sessions follow each other with gaps of 0 to 4 days, so a history of 40 spans
    up to about 6 months; every attendance kind occurs. With ``around_dst`` the
    history starts within a week before one of the zone's clock changes.

    Raises:
        InvalidValueError: ``min_size`` above ``max_size`` or sizes out of 0-500, and
            as :func:`sessions`.
    """
    fewest = to_int(min_size, field="min_size", minimum=0, maximum=_MAX_HISTORY)
    most = to_int(max_size, field="max_size", minimum=0, maximum=_MAX_HISTORY)
    if fewest > most:
        raise InvalidValueError("min_size", fewest, allowed=f"at most max_size={most}")
    plan = _session_plan(
        tz, min_date, max_date, around_dst, participant_ids, span_days=(most * 4) + 8
    )
    return _histories(plan, fewest, most)


@st.composite
def _calendars(draw: st.DrawFn, zone: pendulum.Timezone) -> ProgramCalendar:
    from iopcore.sessions import ProgramCalendar  # noqa: PLC0415

    days = st.integers(_FIRST_SESSION_DAY.toordinal(), _LAST_SESSION_DAY.toordinal()).map(
        pendulum.Date.fromordinal
    )
    closures = draw(st.frozensets(days, max_size=5))
    partial = draw(
        st.dictionaries(
            days.filter(lambda day: day not in closures),
            st.sampled_from((0.25, 0.5, 0.75)),
            max_size=5,
        )
    )
    return ProgramCalendar(
        tz=zone,
        first_weekday=draw(st.integers(0, 6)),
        open_weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        closures=closures,
        partial_days=partial,
    )


def program_calendars(
    *, tz: str | pendulum.Timezone | None = None
) -> st.SearchStrategy[ProgramCalendar]:
    """Program calendars: any week start and open weekdays, a few closures and partial days.

    Without ``tz`` the time zone is drawn from :data:`SESSION_TIME_ZONES`.

    Raises:
        UnknownCodeError: an unknown time zone.
    """
    from iopcore._validation import to_timezone  # noqa: PLC0415

    if tz is None:
        return st.sampled_from(SESSION_TIME_ZONES).map(pendulum.timezone).flatmap(_calendars)
    return _calendars(to_timezone(tz))


# ---------------------------------------------------------------- whole histories


class History(NamedTuple):
    """One participant's episode with the assessments and sessions of it, up to ``as_of``."""

    #: The episode, open on ``as_of`` (every event recorded by then).
    episode: Episode
    #: Weekly assessments from admission, in date order, none after ``as_of``.
    assessments: tuple[Assessment, ...]
    #: Sessions on the program's days from admission, in time order, none starting
    #: after ``as_of``'s day.
    sessions: tuple[Session, ...]
    #: The last day of the history.
    as_of: pendulum.Date


#: Most weeks of care :func:`histories` draws.
MAX_HISTORY_WEEKS: Final = 52
_MAX_HISTORY_CHANGES: Final = 3
# Mostly attended, as in a running program; each other kind occurs.
_HISTORY_ATTENDANCE: Final = (
    "attended",
    "attended",
    "attended",
    "attended",
    "attended in part",
    "absent",
    "excused",
    "cancelled",
)


class _HistoryPlan(NamedTuple):
    on: pendulum.Date
    weeks: int
    zone: pendulum.Timezone
    ids: st.SearchStrategy[str]
    assessments: st.SearchStrategy[Assessment]


def _history_episode(
    draw: st.DrawFn, plan: _HistoryPlan, participant_id: str, admitted: pendulum.Date
) -> Episode:
    """An open episode: up to three level changes, recorded in order by ``plan.on``."""
    span = (plan.on - admitted).days
    count = draw(st.integers(0, min(_MAX_HISTORY_CHANGES, span)))
    offsets = sorted(
        draw(st.lists(st.integers(1, max(span, 1)), min_size=count, max_size=count, unique=True))
    )
    level = initial = draw(levels_of_care())
    events: list[LevelChange] = []
    latest_record = admitted
    for offset in offsets:
        effective = admitted.add(days=offset)
        recorded = max(
            latest_record,
            min(plan.on, effective.add(days=draw(st.integers(0, _MAX_RECORDING_LAG_DAYS)))),
        )
        latest_record = recorded
        to_level = draw(st.sampled_from([other for other in LevelOfCare if other is not level]))
        events.append(
            LevelChange(
                effective=effective,
                recorded=recorded,
                from_level=level,
                to_level=to_level,
                reason=draw(st.sampled_from(ChangeReason)),
                decided_by=draw(st.sampled_from(Role)),
            )
        )
        level = to_level
    return Episode(
        participant_id=participant_id, admitted=admitted, initial_level=initial, events=events
    )


def _phq9_near(draw: st.DrawFn, total: int) -> Score:
    """A complete PHQ-9 with about ``total`` points, item 9 mostly 0."""
    item9 = draw(st.sampled_from((0, 0, 0, 1, 2)))
    rest = max(0, total - item9)
    answers = [min(3, max(0, rest - 3 * index)) for index in range(8)]
    return get_instrument("phq9").score([*answers, item9])


def _history_sessions(
    draw: st.DrawFn, plan: _HistoryPlan, participant_id: str, admitted: pendulum.Date
) -> list[Session]:
    from iopcore.sessions import ServiceType, Session  # noqa: PLC0415 - as the session strategies

    weekdays = draw(st.sets(st.integers(0, 6), min_size=1, max_size=5))
    hour = draw(st.integers(8, 17))
    found: list[Session] = []
    for offset in range((plan.on - admitted).days + 1):
        day = admitted.add(days=offset)
        if day.weekday() not in weekdays:
            continue
        start = pendulum.datetime(day.year, day.month, day.day, hour, tz=plan.zone)
        attendance = draw(st.sampled_from(_HISTORY_ATTENDANCE))
        found.append(
            Session(
                participant_id=participant_id,
                service=draw(
                    st.sampled_from((ServiceType.GROUP_THERAPY, ServiceType.INDIVIDUAL_THERAPY))
                ),
                start=start,
                end=start.add(hours=3),
                attendance=attendance,
                attended_minutes=draw(st.integers(15, 165))
                if attendance == "attended in part"
                else None,
            )
        )
    return found


@st.composite
def _whole_histories(draw: st.DrawFn, plan: _HistoryPlan) -> History:
    participant_id = draw(plan.ids)
    admitted = plan.on.subtract(days=draw(st.integers(0, 7 * plan.weeks + 6)))
    episode = _history_episode(draw, plan, participant_id, admitted)
    # PHQ-9 totals walk from a baseline, mostly down, as in care that works.
    total = draw(st.integers(0, 27))
    assessments: list[Assessment] = []
    day = admitted
    while day <= plan.on:
        drawn = draw(plan.assessments)
        total = max(0, min(27, total - draw(st.integers(-3, 6))))
        scores = {**drawn.scores, "phq9": _phq9_near(draw, total)}
        if draw(st.integers(0, 9)) == 0:
            scores.pop("phq9")  # not every week has a PHQ-9
        assessments.append(
            attrs.evolve(drawn, participant_id=participant_id, assessed_on=day, scores=scores)
        )
        day = day.add(days=7)
    sessions = _history_sessions(draw, plan, participant_id, admitted)
    return History(episode, tuple(assessments), tuple(sessions), plan.on)


def histories(
    *,
    ruleset: Ruleset | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    max_weeks: int = 12,
    tz: str | pendulum.Timezone = "America/New_York",
    participant_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[History]:
    """Whole histories: an open episode with its weekly assessments and sessions.

    Everything is coherent in time and valid by construction: the episode is
    admitted up to ``max_weeks`` weeks before ``as_of`` and open on it, with up to
    three level changes, each recorded by ``as_of`` in the order they take effect;
    assessments fall weekly from admission (inputs as :func:`assessments` draws
    them, plus a PHQ-9 whose total mostly falls week to week, item 9 sometimes
    above 0); sessions of 3 hours fall on the program's weekdays in ``tz``, mostly
    attended. All belong to one participant.

    Args:
        ruleset: Limit the assessments' inputs to what it reads (default: every
            input iopcore knows).
        as_of: The history's last day (default: a fixed date in 2026).
        max_weeks: Most weeks from admission to ``as_of`` (at most
            :data:`MAX_HISTORY_WEEKS`).
        tz: The program's time zone (IANA name or pendulum Timezone).
        participant_ids: Strategy for the participant id (default
            :func:`identifiers`).

    Raises:
        InvalidTypeError: a bad ``as_of``, ``ruleset`` or ``participant_ids``.
        InvalidValueError: ``max_weeks`` out of range.
        UnknownCodeError: an unknown time zone.

    >>> import pendulum
    >>> from hypothesis import given
    >>> @given(histories(as_of=pendulum.date(2026, 3, 2), max_weeks=4))
    ... def test_coherent(history):
    ...     assert all(a.assessed_on <= history.as_of for a in history.assessments)
    ...     assert history.episode.level_on(history.as_of) is not None
    >>> test_coherent()
    """
    from iopcore._validation import to_timezone  # noqa: PLC0415 - as the session strategies

    on = _DEFAULT_AS_OF if as_of is None else _as_of(as_of)
    weeks = to_int(max_weeks, field="max_weeks", minimum=0, maximum=MAX_HISTORY_WEEKS)
    zone = to_timezone(tz)
    if participant_ids is not None and not isinstance(participant_ids, st.SearchStrategy):
        raise InvalidTypeError(
            "participant_ids", participant_ids, allowed="a Hypothesis strategy for ids (str)"
        )
    ids = identifiers() if participant_ids is None else participant_ids
    drawn = assessments(ruleset=ruleset, as_of=on, participant_ids=st.just("history"))
    return _whole_histories(_HistoryPlan(on, weeks, zone, ids, drawn))


# ``st.from_type(History)`` draws coherent histories. Registered here rather than in
# the entry-point hook, which must not import this module while Hypothesis is still
# importing; anyone who can name History has imported this module already.
st.register_type_strategy(History, lambda _: histories())


# ---------------------------------------------------------------- programs and curricula

_MODULE_NAMES: Final = (
    "mindfulness",
    "distress tolerance",
    "emotion regulation",
    "interpersonal effectiveness",
    "behavioural activation",
    "cognitive restructuring",
    "relapse prevention",
)
#: Slot lengths drawn for schedule templates, in minutes.
_SLOT_MINUTES: Final = (60, 90, 120, 180, 240)


def _unit_option(value: object) -> object:
    from iopcore.programs import LengthUnit  # noqa: PLC0415 - only when building

    if value is None:
        return None
    return to_member(LengthUnit, value, field="unit")


@st.composite
def _curricula(
    draw: st.DrawFn, unit: object, cyclic: bool | None, most: int, longest: int
) -> Curriculum:
    from iopcore.programs import Approach, Curriculum, LengthUnit, Module  # noqa: PLC0415
    from iopcore.sessions import ServiceType  # noqa: PLC0415

    modules = draw(
        st.lists(
            st.builds(
                Module,
                name=st.sampled_from(_MODULE_NAMES),
                approach=st.sampled_from(Approach),
                length=st.integers(1, longest),
            ),
            min_size=1,
            max_size=most,
        )
    )
    return Curriculum(
        name="curriculum",
        modules=modules,
        unit=draw(st.sampled_from(LengthUnit)) if unit is None else unit,
        cyclic=draw(st.booleans()) if cyclic is None else cyclic,
        services=draw(st.frozensets(st.sampled_from(ServiceType), min_size=1, max_size=3)),
    )


def curricula(
    *,
    unit: str | None = None,
    cyclic: bool | None = None,
    max_modules: int = 6,
    max_length: int = 8,
) -> st.SearchStrategy[Curriculum]:
    """Curricula of 1 to ``max_modules`` modules, each 1 to ``max_length`` long.

    Args:
        unit: ``"weeks"`` or ``"sessions"`` (a :class:`~iopcore.programs.LengthUnit`);
            drawn if ``None``.
        cyclic: Whether the curricula are cyclic; drawn if ``None``.
        max_modules: Most modules (1 to 20).
        max_length: Longest module (1 to 26).

    Raises:
        UnknownCodeError: an unknown unit.
        InvalidTypeError: ``cyclic`` not a bool or ``None``.
        InvalidValueError: a bound out of range.

    >>> from hypothesis import given
    >>> @given(curricula(cyclic=True, max_modules=3))
    ... def test_small(curriculum):
    ...     assert 1 <= curriculum.cycle_length <= 3 * 8
    >>> test_small()
    """
    chosen = _unit_option(unit)
    if cyclic is not None and not isinstance(cyclic, bool):
        raise InvalidTypeError("cyclic", cyclic, allowed="True, False or None")
    most = to_int(max_modules, field="max_modules", minimum=1, maximum=20)
    longest = to_int(max_length, field="max_length", minimum=1, maximum=26)
    return _curricula(chosen, cyclic, most, longest)


@st.composite
def _templates(draw: st.DrawFn, zone: pendulum.Timezone) -> ScheduleTemplate:
    from iopcore.sessions import ScheduleTemplate, ServiceType, WeeklySlot  # noqa: PLC0415

    # One slot a weekday at most, so that no two slots overlap.
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=5, unique=True))
    slots = []
    for day in days:
        minutes = draw(st.sampled_from(_SLOT_MINUTES))
        begin = draw(st.integers(7 * 4, 17 * 4)) * 15  # 07:00 to 17:00 on the quarter hour
        end = begin + minutes
        slots.append(
            WeeklySlot(
                weekday=day,
                start=pendulum.time(begin // 60, begin % 60),
                end=pendulum.time(end // 60, end % 60),
                service=draw(st.sampled_from(ServiceType)),
            )
        )
    return ScheduleTemplate(tz=zone, slots=slots)


@st.composite
def _programs(
    draw: st.DrawFn, zone: pendulum.Timezone, with_curriculum: bool | None, ruleset: str
) -> Program:
    from iopcore.programs import Program  # noqa: PLC0415

    has_curriculum = draw(st.booleans()) if with_curriculum is None else with_curriculum
    days = st.integers(_FIRST_SESSION_DAY.toordinal(), _LAST_SESSION_DAY.toordinal()).map(
        pendulum.Date.fromordinal
    )
    return Program(
        id=draw(identifiers()),
        name="program",
        level=draw(st.sampled_from(_PROGRAM_LEVELS[ruleset])),
        populations=draw(st.frozensets(populations(), min_size=1)),
        conditions=draw(st.frozensets(conditions(), min_size=1, max_size=4)),
        calendar=draw(program_calendars(tz=zone)),
        schedules=draw(st.lists(_templates(zone), min_size=1, max_size=2)),
        curriculum=draw(curricula()) if has_curriculum else None,
        curriculum_start=draw(days) if has_curriculum else None,
        max_group_size=draw(st.none() | st.integers(1, 30)),
        ruleset=ruleset,
    )


#: The levels :func:`programs` draws for each ruleset: the ambulatory levels (the ones
#: an IOP clinic runs programs at) that it has hour bands for at both populations, so
#: that schedule_intensity() answers for every program drawn.
_PROGRAM_LEVELS: Final = {
    "asam": (
        LevelOfCare.OUTPATIENT,
        LevelOfCare.INTENSIVE_OUTPATIENT,
        LevelOfCare.PARTIAL_HOSPITALIZATION,
    ),
    "medicare": (LevelOfCare.INTENSIVE_OUTPATIENT, LevelOfCare.PARTIAL_HOSPITALIZATION),
}


def programs(
    *,
    tz: str | pendulum.Timezone | None = None,
    curriculum: bool | None = None,
    ruleset: str = "asam",
) -> st.SearchStrategy[Program]:
    """Programs with 1 or 2 timetables, a drawn calendar, populations and conditions.

    No two slots of a timetable overlap (one a weekday at most). Unless ``curriculum``
    is false, a program may have a curriculum; the group size is drawn or ``None``.
    The level is one the ruleset has hour bands for at every population, so
    :func:`iopcore.programs.schedule_intensity` answers for each program drawn.

    Args:
        tz: The time zone; drawn from :data:`SESSION_TIME_ZONES` if ``None``.
        curriculum: With a curriculum (``True``), without (``False``), or either.
        ruleset: ``"asam"`` or ``"medicare"``.

    Raises:
        UnknownCodeError: an unknown time zone or ruleset.
        InvalidTypeError: ``curriculum`` not a bool or ``None``.

    >>> from hypothesis import given
    >>> @given(programs(tz="Europe/London", curriculum=True))
    ... def test_has_curriculum(program):
    ...     assert program.curriculum is not None and program.tz.name == "Europe/London"
    >>> test_has_curriculum()
    """
    from iopcore._validation import to_timezone  # noqa: PLC0415

    if curriculum is not None and not isinstance(curriculum, bool):
        raise InvalidTypeError("curriculum", curriculum, allowed="True, False or None")
    if not isinstance(ruleset, str) or ruleset not in _PROGRAM_LEVELS:
        raise UnknownCodeError("ruleset", ruleset, allowed=", ".join(sorted(_PROGRAM_LEVELS)))
    if tz is None:
        return (
            st.sampled_from(SESSION_TIME_ZONES)
            .map(pendulum.timezone)
            .flatmap(lambda zone: _programs(zone, curriculum, ruleset))
        )
    return _programs(to_timezone(tz), curriculum, ruleset)
