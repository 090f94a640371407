"""Strategies for assessments, and the inputs a ruleset reads that they are drawn from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, NamedTuple

from hypothesis import strategies as st

from iopcore._validation import to_identifier, to_int
from iopcore.assessments import MAX_DIMENSION_RATING, Assessment, ClinicalFact, Role
from iopcore.assessments import Measurement as Vital
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.instruments import INSTRUMENT_NAMES
from iopcore.testing.strategies._instruments import complete_flag, scores
from iopcore.testing.strategies._participants import (
    DEFAULT_AS_OF,
    as_of_with_room,
    conditions,
    identifiers,
    populations,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pendulum

    from iopcore.rulesets import Ruleset

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
    on = DEFAULT_AS_OF if as_of is None else as_of_with_room(as_of)
    wanted = complete_flag(complete)
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
