"""One-step rises in risk: the pairs of assessments the monotonicity check places.

Each input alone, every step of it (a sweep), and on drawn assessments, where inputs
act together (scenarios).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple, cast

import attrs
from hypothesis import strategies as st

from iopcore.assessments import Assessment, ClinicalFact
from iopcore.instruments import Score, get_instrument
from iopcore.testing import strategies
from iopcore.testing.invariants._report import EXAMPLE_ID, show

if TYPE_CHECKING:
    import pendulum

    from iopcore.instruments._scoring import Item

#: Instruments whose answers can be "raised a step" (a total that only grows with
#: each answer); the C-SSRS and BAM have no such total.
_RAISABLE: Final = ("audit", "audit_c", "dast10", "gad7", "pcl5", "phq9")


class _Change(NamedTuple):
    """One step up in risk: the input changed, and its value before and after, in words."""

    path: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.path} {self.before} -> {self.after}"


class _Step(NamedTuple):
    """An input that can be stepped up in risk: its kind, name and rating range."""

    kind: str
    name: str
    low: int = 0
    high: int = 0


class Pair(NamedTuple):
    """Two assessments that differ by one step up in risk (for monotonicity)."""

    before: Assessment
    after: Assessment
    change: _Change


class Scenario:
    """An assessment and every one-step rise in risk from it (shown by the base alone)."""

    def __init__(self, base: Assessment, pairs: tuple[Pair, ...]) -> None:
        self.base = base
        self.pairs = pairs

    def __repr__(self) -> str:
        return f"<{len(self.pairs)} one-step rises in risk from {self.base!r}>"


def _rating_pairs(assessment: Assessment, step: _Step) -> list[Pair]:
    """The rating raised by one from each value it can take, the rest unchanged."""
    ratings = assessment.ratings
    return [
        Pair(
            attrs.evolve(assessment, ratings={**ratings, step.name: value}),
            attrs.evolve(assessment, ratings={**ratings, step.name: value + 1}),
            _Change(f"ratings.{step.name}", str(value), str(value + 1)),
        )
        for value in range(step.low, step.high)
    ]


def _fact_pairs(assessment: Assessment, step: _Step) -> list[Pair]:
    """The fact going to its worse value, from absent and from its better value."""
    worse = ClinicalFact(step.name).is_risk
    facts = {key: value for key, value in assessment.facts.items() if key != step.name}
    after = attrs.evolve(assessment, facts={**facts, step.name: worse})
    return [
        Pair(
            attrs.evolve(assessment, facts=facts if was is None else {**facts, step.name: was}),
            after,
            _Change(f"facts.{step.name}", show(was), repr(worse)),
        )
        for was in (None, not worse)
    ]


def _raise(item: Item, answer: int | bool | None, reversed_item: object) -> int | bool | None:
    """The answer one step worse, or ``None`` when there is none (unanswered, or worst)."""
    if answer is None:
        return None
    if item.values is None:  # yes/no: "yes" is the worse answer, except on a reversed item
        worse = item.number != reversed_item
        return worse if answer is not worse else None
    higher = [value for value in item.values if value > answer]
    return higher[0] if higher else None


def _score_pairs(draw: st.DrawFn, assessment: Assessment, step: _Step) -> list[Pair]:
    """The assessment with a drawn score, and each answer raised a step in turn."""
    module = get_instrument(step.name)
    answers = list(draw(strategies.responses(step.name)))
    # iopcore's own item tables, read as strategies.responses reads them.
    items = cast("tuple[Item, ...]", module.ITEMS)  # Item: the named form of each pair
    reversed_item = getattr(module, "REVERSED_ITEM", None)
    sex = draw(strategies.sexes()) if step.name == "audit_c" else None

    def score(given: list[int | bool | None]) -> Score:
        if step.name == "audit_c":
            return module.score(given, sex=sex)  # type: ignore[call-arg]
        return module.score(given)

    first = score(answers)
    others = [kept for key, kept in assessment.scores.items() if key != step.name]
    before = attrs.evolve(assessment, scores=[*others, first])
    pairs = []
    for index, item in enumerate(items):
        raised = _raise(item, answers[index], reversed_item)
        if raised is None:
            continue
        second = score([*answers[:index], raised, *answers[index + 1 :]])
        change = _Change(
            f"scores.{step.name} item {item.number}",
            f"{answers[index]!r} (total {show(first.total)})",
            f"{raised!r} (total {show(second.total)})",
        )
        pairs.append(Pair(before, attrs.evolve(assessment, scores=[*others, second]), change))
    return pairs


@st.composite
def scenarios(
    draw: st.DrawFn, base: st.SearchStrategy[Assessment], steps: tuple[_Step, ...]
) -> Scenario:
    """An assessment and, for every input that can take more risk, the step up."""
    assessment = draw(base)
    pairs: list[Pair] = []
    for step in steps:
        # Most steps are taken; shrinking drops the ones a failure does not need, so
        # that each shrinking run places a few pairs, not all of them.
        if draw(st.integers(0, 3)) == 0:
            continue
        if step.kind == "ratings":
            pairs.extend(_rating_pairs(assessment, step))
        elif step.kind == "facts":
            pairs.extend(_fact_pairs(assessment, step))
        else:
            pairs.extend(_score_pairs(draw, assessment, step))
    return Scenario(assessment, tuple(pairs))


def _answer_orders(instrument: str) -> list[list[int | bool]]:
    """Each item's answers from best to worst."""
    module = get_instrument(instrument)
    items = cast("tuple[Item, ...]", module.ITEMS)  # Item: the named form of each pair
    reversed_item = getattr(module, "REVERSED_ITEM", None)
    orders: list[list[int | bool]] = []
    for item in items:
        if item.values is None:
            orders.append([True, False] if item.number == reversed_item else [False, True])
        else:
            orders.append(list(item.values))
    return orders


def _score_sweep(base: Assessment, instrument: str) -> list[Pair]:
    """The score alone, from the best answers to the worst, one step at a time.

    So every total is passed through; at each stage the last item with room is raised
    too (where flags such as PHQ-9 item 9 live).
    """
    module = get_instrument(instrument)
    orders = _answer_orders(instrument)
    levels = [0] * len(orders)

    def answers(at: list[int]) -> list[int | bool | None]:
        return [order[level] for order, level in zip(orders, at, strict=True)]

    def pair(before: list[int], index: int) -> Pair:
        after = [*before[:index], before[index] + 1, *before[index + 1 :]]
        first, second = module.score(answers(before)), module.score(answers(after))
        return Pair(
            attrs.evolve(base, scores=[first]),
            attrs.evolve(base, scores=[second]),
            _Change(
                f"scores.{instrument} item {index + 1}",
                f"{orders[index][before[index]]!r} (total {show(first.total)})",
                f"{orders[index][after[index]]!r} (total {show(second.total)})",
            ),
        )

    found: list[Pair] = []
    while True:
        room = [index for index, level in enumerate(levels) if level < len(orders[index]) - 1]
        if not room:
            return found
        found.append(pair(levels, room[0]))
        if room[-1] != room[0]:
            found.append(pair(levels, room[-1]))
        levels[room[0]] += 1


def sweep(on: pendulum.Date, steps: tuple[_Step, ...]) -> list[Pair]:
    """Every step up in risk of each input alone (no other input assessed)."""
    base = Assessment(participant_id=EXAMPLE_ID, assessed_on=on)
    found: list[Pair] = []
    for step in steps:
        if step.kind == "ratings":
            found.extend(_rating_pairs(base, step))
        elif step.kind == "facts":
            found.extend(_fact_pairs(base, step))
        else:
            found.extend(_score_sweep(base, step.name))
    return found


def risk_steps(
    inputs: strategies.RulesetInputs,
    ranges: dict[str, tuple[int, int]],
    exempt: frozenset[str],
) -> tuple[_Step, ...]:
    """Every input the monotonicity check can step up, minus the exempt ones."""
    known = {fact.value for fact in ClinicalFact}
    found = [
        _Step("ratings", name, *ranges[name])
        for name in inputs.dimensions
        if ranges[name][0] < ranges[name][1]
    ]
    found.extend(_Step("facts", name) for name in inputs.facts if name in known)
    found.extend(_Step("scores", name) for name in inputs.instruments if name in _RAISABLE)
    return tuple(step for step in found if _path(step) not in exempt)


def _path(step: _Step) -> str:
    return f"{step.kind}.{step.name}"
