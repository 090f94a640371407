"""Frame expressions that score a questionnaire, built from its instrument module's data.

The generic builder, :func:`summed`, reads everything from the module: the items
and their answers, :data:`BAND_FLOORS` and :data:`BANDS`, a reversed yes/no item
(DAST-10's ``REVERSED_ITEM``). The total is the sum of the item points when every
item is answered, and null otherwise, as the object path's ``summed_score``. Flags
come from small rules next to it (PHQ-9's item 9, PCL-5's cut-off and DSM-5 pattern),
each reading the module's constants.

Three instruments score by their own logic rather than a sum, and have a builder
each, a line-for-line reading of their module's ``score``: AUDIT-C (sex-specific
cut-offs, a band left open between them), the C-SSRS screener (skip rule, item-based
risk level, the question 6 follow-up) and the BAM (subscales, no total). Nothing here
holds a clinical number: each comes from the instrument module.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import narwhals as nw

from iopcore.participants import Sex

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["BUILDERS", "Answers", "Scored", "band_expression", "flag_list"]

#: The answers of one questionnaire as expressions, by 1-based item number: whole
#: numbers (Int64) for numeric items, Boolean for yes/no items; null = not answered.
Answers = Mapping[int, nw.Expr]

_NO_TOTAL: Final = nw.lit(None, dtype=nw.Int64())
_NO_BAND: Final = nw.lit(None, dtype=nw.String())


@attrs.frozen
class Scored:
    """A questionnaire's score as expressions, one per field of ``Score``.

    Attributes:
        total: Int64, null where the object path gives ``total=None``.
        band: String, null where it gives ``band=None``.
        complete: Boolean, never null.
        flags: ``(flag name, Boolean expression)`` pairs; a null condition is not set.
        subscales: ``(subscale name, Int64 expression)`` pairs (BAM only).
    """

    total: nw.Expr
    band: nw.Expr
    complete: nw.Expr
    flags: tuple[tuple[str, nw.Expr], ...] = ()
    subscales: tuple[tuple[str, nw.Expr], ...] = ()


def band_expression(
    total: nw.Expr, floors: tuple[int, ...], bands: tuple[str, ...], *, most: int
) -> nw.Expr:
    """The band whose floor is the highest at or below ``total`` (null for a null total).

    The band of every total from 0 to ``most`` (the highest total the answers allow)
    is looked up: the total is read once, where a ``when/then`` per band would
    repeat its expression once per band.
    """
    labels: dict[int, str] = {}
    for floor, label in zip(floors, bands, strict=True):  # lowest floor first
        labels.update(dict.fromkeys(range(floor, most + 1), label))
    return total.replace_strict(labels, default=None, return_dtype=nw.String())


def _most(module: ModuleType) -> int:
    """The highest total the answers allow: each item's highest answer (yes scores 1)."""
    return sum(1 if values is None else max(values) for _, values in module.ITEMS)


def flag_list(flags: tuple[tuple[str, nw.Expr], ...]) -> nw.Expr:
    """A list column of the flag names whose condition holds, sorted by name.

    narwhals has no ``concat_list``, so the list is chosen among the literal lists of
    every combination of flags (at most two flags per instrument: four lists).
    """
    empty = nw.lit([], dtype=nw.List(nw.String()))
    if not flags:
        return empty
    ordered = sorted(flags, key=lambda flag: flag[0])
    held = [condition.fill_null(value=False) for _, condition in ordered]
    result = empty
    for size in range(1, len(ordered) + 1):
        for chosen in itertools.combinations(range(len(ordered)), size):
            names = [ordered[index][0] for index in chosen]
            exact = nw.all_horizontal(
                *(held[index] if index in chosen else ~held[index] for index in range(len(held))),
                ignore_nulls=False,
            )
            result = (
                nw.when(exact).then(nw.lit(names, dtype=nw.List(nw.String()))).otherwise(result)
            )
    return result


def _answered(answers: Answers, numbers: object = None) -> nw.Expr:
    chosen = answers.values() if numbers is None else [answers[n] for n in numbers]  # type: ignore[attr-defined]
    return nw.all_horizontal(*(~answer.is_null() for answer in chosen), ignore_nulls=False)


def _sum(expressions: list[nw.Expr]) -> nw.Expr:
    """The sum of the answered ones (nulls count for nothing, as a partial sum)."""
    return nw.sum_horizontal(*expressions)


def summed(module: ModuleType, answers: Answers, options: Mapping[str, Any]) -> Scored:
    """Total = sum of item points when all are answered; band from ``BAND_FLOORS``."""
    del options  # the summed instruments take none; their flag rules read their own
    reversed_item = getattr(module, "REVERSED_ITEM", None)
    points = [
        (~answer).cast(nw.Int64())
        if number == reversed_item
        else answer.cast(nw.Int64())  # a yes scores 1 on a yes/no item
        for number, answer in answers.items()
    ]
    complete = _answered(answers)
    total = nw.when(complete).then(_sum(points))
    floors: tuple[int, ...] | None = getattr(module, "BAND_FLOORS", None)
    band = (
        _NO_BAND
        if floors is None
        else band_expression(total, floors, module.BANDS, most=_most(module))
    )
    return Scored(total=total, band=band, complete=complete)


def _phq9_flags(module: ModuleType, answers: Answers, options: Mapping[str, Any]) -> Scored:
    scored = summed(module, answers, options)
    flag = (module.SUICIDAL_IDEATION, answers[module.SUICIDE_ITEM] > 0)
    return attrs.evolve(scored, flags=(flag,))


def _pcl5_flags(module: ModuleType, answers: Answers, options: Mapping[str, Any]) -> Scored:
    scored = summed(module, answers, options)
    answered_sum = _sum(list(answers.values()))
    clusters = [
        _sum([(answers[n] >= module.SYMPTOM_THRESHOLD).cast(nw.Int64()) for n in numbers])
        >= module.CLUSTER_MINIMUMS[cluster]
        for cluster, numbers in module.CLUSTERS.items()
    ]
    flags = (
        (module.PROBABLE_PTSD, answered_sum >= options["cutoff"]),
        (module.DSM5_SYMPTOM_PATTERN, nw.all_horizontal(*clusters, ignore_nulls=False)),
    )
    return attrs.evolve(scored, flags=flags)


def _audit_c(module: ModuleType, answers: Answers, options: Mapping[str, Any]) -> Scored:
    """AUDIT-C's ``score``: the cut-off of the row's sex, or both when it is null."""
    male, female = options["male_cutoff"], options["female_cutoff"]
    sex = options["sex"]
    answered_sum = _sum(list(answers.values()))
    cutoff = (
        nw.when(sex == Sex.MALE.value)
        .then(nw.lit(male))
        .otherwise(nw.when(sex == Sex.FEMALE.value).then(nw.lit(female)))
    )
    # A partial sum is a lower bound of the total, so it can already prove a positive.
    proven = answered_sum >= cutoff.fill_null(max(male, female))
    negative_label, positive_label = module.BANDS
    complete = _answered(answers)
    settled = (answered_sum < min(male, female)) | ~sex.is_null()
    band = (
        nw.when(complete & proven)
        .then(nw.lit(positive_label))
        .otherwise(nw.when(complete & settled).then(nw.lit(negative_label)))
    )
    return Scored(
        total=nw.when(complete).then(answered_sum),
        band=band,
        complete=complete,
        flags=((module.POSITIVE_SCREEN, proven),),
    )


def _yes(answer: nw.Expr) -> nw.Expr:
    """``answer is True``: null (not asked) is not a yes."""
    return answer.fill_null(value=False)


def _cssrs(module: ModuleType, answers: Answers, options: Mapping[str, Any]) -> Scored:
    """The C-SSRS screener's ``score``: risk level from the questions, no total."""
    q1, q2, q3, q4, q5 = (answers[number] for number in range(1, 6))
    recent = options["behaviour_within_3_months"]
    behaviour = answers[module.BEHAVIOUR_QUESTION]
    high = _yes(q4) | _yes(q5) | (_yes(behaviour) & _yes(recent))
    skipped_asked = _answered(answers, module.SKIPPED_WHEN_Q2_IS_NO)
    complete = (
        ~q1.is_null()
        & ~q2.is_null()
        & ~behaviour.is_null()
        & (~_yes(q2) | skipped_asked)
        & ~(_yes(behaviour) & recent.is_null())
    )
    low_label, moderate_label, high_label = module.BANDS
    band = (
        nw.when(complete & high)
        .then(nw.lit(high_label))
        .otherwise(
            nw.when(complete & (_yes(q3) | _yes(behaviour)))  # behaviour over 3 months ago
            .then(nw.lit(moderate_label))
            .otherwise(nw.when(complete & (_yes(q1) | _yes(q2))).then(nw.lit(low_label)))
        )
    )
    return Scored(
        total=_NO_TOTAL,
        band=band.cast(nw.String()),
        complete=complete,
        flags=((module.HIGH_SUICIDE_RISK, high),),
    )


def _bam(module: ModuleType, answers: Answers, options: Mapping[str, Any]) -> Scored:
    """The BAM's ``score``: three subscales, the use flag, no total or band."""
    del options
    subscales = tuple(
        (name, nw.when(_answered(answers, numbers)).then(_sum([answers[n] for n in numbers])))
        for name, numbers in sorted(module.SUBSCALES.items())
    )
    use_days = _sum([answers[n].fill_null(0) for n in module.SUBSCALES["use"]])
    scored = [number for number in answers if number != module.DRUG_DETAIL_ITEM]
    return Scored(
        total=_NO_TOTAL,
        band=_NO_BAND,
        complete=_answered(answers, scored),
        flags=((module.SUBSTANCE_USE, use_days >= module.USE_CUTOFF),),
        subscales=subscales,
    )


#: How each instrument is scored: the generic sum, with its flag rules, or its own
#: builder (AUDIT-C, C-SSRS, BAM; see the module notes).
BUILDERS: Final[Mapping[str, Callable[[ModuleType, Answers, Mapping[str, Any]], Scored]]] = {
    "audit": summed,
    "audit_c": _audit_c,
    "bam": _bam,
    "cssrs": _cssrs,
    "dast10": summed,
    "gad7": summed,
    "pcl5": _pcl5_flags,
    "phq9": _phq9_flags,
}
