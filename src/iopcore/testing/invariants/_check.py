""":func:`check_ruleset`: its arguments checked, then each invariant not skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from iopcore._validation import to_as_of, to_int
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rulesets import Ruleset
from iopcore.testing import strategies
from iopcore.testing.invariants._placements import Checker, check_placements
from iopcore.testing.invariants._report import EXAMPLE_ID, INVARIANTS
from iopcore.testing.invariants._ruleset import check_hash, check_intensity
from iopcore.testing.invariants._steps import risk_steps, scenarios, sweep
from iopcore.testing.invariants._transitions import check_transitions

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

#: The invariants checked on placements of drawn assessments (the others check the
#: ruleset's JSON form, its hour bands, or whole histories).
_PLACEMENT_INVARIANTS: Final = frozenset({"determinism", "totality", "monotonicity", "soundness"})
_MAX_EXAMPLES: Final = 100_000


def _skips(values: object) -> frozenset[str]:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise InvalidTypeError("skip", values, allowed="a sequence of invariant names")
    found: set[str] = set()
    for value in values:
        # The type first: a list or an array cannot be looked up (unhashable, or no truth).
        if not isinstance(value, str) or value not in INVARIANTS:
            raise UnknownCodeError("skip", value, allowed=", ".join(INVARIANTS))
        found.add(value)
    return frozenset(found)


def _exempt(values: object, inputs: strategies.RulesetInputs) -> frozenset[str]:
    allowed = f"input paths the ruleset reads, such as {', '.join(_all_paths(inputs)[:3])}"
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise InvalidTypeError("not_monotone_in", values, allowed=allowed)
    known = set(_all_paths(inputs))
    found: set[str] = set()
    for value in values:
        # The type first: a list or an array cannot be looked up (unhashable, or no truth).
        if not isinstance(value, str) or value not in known:
            raise InvalidValueError("not_monotone_in", value, allowed=allowed, reason="is not read")
        found.add(value)
    return frozenset(found)


def _all_paths(inputs: strategies.RulesetInputs) -> list[str]:
    return [
        *(f"ratings.{name}" for name in inputs.dimensions),
        *(f"facts.{name}" for name in inputs.facts),
        *(f"scores.{name}" for name in inputs.instruments),
    ]


def _settings(max_examples: int | None) -> settings:
    """The active profile's settings, with what running inside another test needs.

    No ``explain`` phase: the report already says which input changed, and the phase
    costs as much again as shrinking.
    """
    health = [HealthCheck.too_slow, HealthCheck.nested_given, HealthCheck.data_too_large]
    phases = [phase for phase in settings().phases if phase is not Phase.explain]
    options: dict[str, Any] = {
        "deadline": None,
        "report_multiple_bugs": False,
        "suppress_health_check": health,
        "phases": phases,
    }
    if max_examples is not None:
        options["max_examples"] = max_examples
    return settings(**options)


def check_ruleset(  # noqa: PLR0913 - keyword-only options of one check
    ruleset: Ruleset,
    *,
    max_examples: int | None = None,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    rating_range: tuple[int, int] | None = None,
    skip: Iterable[str] = (),
    not_monotone_in: Iterable[str] = (),
) -> None:
    """Check ``ruleset`` for the invariants of this module; raise on the first broken one.

    Args:
        ruleset: Any :class:`~iopcore.rulesets.Ruleset`.
        max_examples: How many assessments to draw (each is placed, and so is every
            one-step rise in risk from it); default: the active Hypothesis profile's
            ``max_examples``.
        as_of: The date placements are made for (default: the ruleset's
            ``effective_from``); it must be a date the ruleset is in force.
        rating_range: ``(low, high)`` for every rating drawn; by default 0-4, and 1-5
            on the LOCUS scales (see :func:`iopcore.testing.strategies.rating_ranges`).
        skip: Invariants not to check, by name (see :data:`INVARIANTS`). Skip one only
            for a documented reason, and pin the reason in a test of its own.
        not_monotone_in: Input paths (``"ratings.x"``, ``"facts.x"``, ``"scores.x"``)
            in which the ruleset is known not to be monotone: they are left out of the
            monotonicity check, every other input stays in it.

    Raises:
        RulesetInvariantError: an invariant does not hold; the message names it and
            shows the smallest counterexample found.
        InvalidTypeError: an argument of the wrong type.
        InvalidValueError: ``as_of`` when the ruleset is not in force, a bad
            ``max_examples`` or ``rating_range``, or a ``not_monotone_in`` path the
            ruleset does not read.
        UnknownCodeError: ``skip`` names an unknown invariant.
    """
    if not isinstance(ruleset, Ruleset):
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset")
    count = (
        None
        if max_examples is None
        else to_int(max_examples, field="max_examples", minimum=1, maximum=_MAX_EXAMPLES)
    )
    on = ruleset.effective_from if as_of is None else to_as_of(as_of)
    if not ruleset.in_force_on(on):
        raise InvalidValueError(
            "as_of", on, allowed=f"a date when ruleset {ruleset.id} {ruleset.version} is in force"
        )
    skipped = _skips(skip)
    inputs = strategies.ruleset_inputs(ruleset)
    ranges = strategies.rating_ranges(inputs.dimensions, rating_range)
    exempt = _exempt(not_monotone_in, inputs)
    base = strategies.assessments(
        ruleset=ruleset,
        as_of=on,
        rating_range=rating_range,
        participant_ids=st.just(EXAMPLE_ID),
    )
    if "hash_stability" not in skipped:
        check_hash(ruleset)
    steps = () if "monotonicity" in skipped else risk_steps(inputs, ranges, exempt)
    if _PLACEMENT_INVARIANTS - skipped:
        checker = Checker(ruleset, on, skipped)
        check_placements(checker, sweep(on, steps), scenarios(base, steps), _settings(count))
    if "transitions" not in skipped and ruleset.transitions:
        check_transitions(ruleset, on, _settings(count), count)
    if "intensity" not in skipped and ruleset.hours:
        check_intensity(ruleset)
