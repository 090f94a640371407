"""Synthetic participants: who they are, and the latent severity their records follow.

Every generator starts from the participant at an index (``syn-000001`` first): the
same seed gives the same people, whatever is drawn for them afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iopcore.participants import Condition, Participant
from iopcore.synthetic._streams import Draw, table, to_record_count, to_record_date, to_seed

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pendulum

#: Weight of each latent severity 0 (none) to 4 (extreme), in percent.
SEVERITY_WEIGHTS: Final = (12, 28, 36, 19, 5)
#: Weight of each primary condition group, in percent.
CONDITION_WEIGHTS: Final = (
    (Condition.DEPRESSION, 28),
    (Condition.ANXIETY, 15),
    (Condition.SUBSTANCE_USE, 14),
    (Condition.ALCOHOL_USE, 10),
    (Condition.EATING_DISORDER, 8),
    (Condition.PTSD, 9),
    (Condition.BIPOLAR_DISORDER, 7),
    (Condition.BORDERLINE_PERSONALITY_DISORDER, 4),
    (Condition.OCD, 3),
    (Condition.PSYCHOTIC_DISORDER, 2),
)
_SEVERITIES: Final = table(tuple(enumerate(SEVERITY_WEIGHTS)))
_CONDITIONS: Final = table(CONDITION_WEIGHTS)
_ADOLESCENT_PERCENT: Final = 15
_SECOND_CONDITION_PERCENT: Final = 30


def _participant_id(index: int) -> str:
    return f"syn-{index + 1:06d}"


def drawn_participant(seed: int, index: int, as_of: pendulum.Date) -> tuple[Participant, int]:
    """The participant at ``index`` and their latent severity."""
    draw = Draw(seed, "participant", index)
    severity = draw.weighted(_SEVERITIES)
    primary = draw.weighted(_CONDITIONS)
    conditions = {primary}
    if draw.percent(_SECOND_CONDITION_PERCENT):
        conditions.add(draw.weighted(_CONDITIONS))
    # Birth dates keep everyone in their group for the whole look-back window.
    age = 12 + draw.below(5) if draw.percent(_ADOLESCENT_PERCENT) else 19 + draw.below(52)
    birth_date = as_of.subtract(years=age, days=draw.below(365))
    participant = Participant(
        id=_participant_id(index), birth_date=birth_date, conditions=conditions
    )
    return participant, severity


def participants(
    n: int, *, seed: int, as_of: pendulum.Date | pendulum.DateTime
) -> tuple[Participant, ...]:
    """Return ``n`` synthetic participants, ``syn-000001`` first.

    Args:
        n: How many (0 or more).
        seed: Any int; the same seed gives the same participants.
        as_of: The date their ages are reckoned on.

    Raises:
        InvalidTypeError: ``n`` or ``seed`` is not an int, or ``as_of`` is not a date.
        InvalidValueError: ``n`` is negative, or ``as_of`` leaves no room on the
            calendar (74 years before it and two weeks after it).

    >>> import pendulum
    >>> [p.id for p in participants(2, seed=1, as_of=pendulum.date(2026, 1, 5))]
    ['syn-000001', 'syn-000002']
    """
    return tuple(iter_participants(n, seed=seed, as_of=as_of))


def iter_participants(
    n: int, *, seed: int, as_of: pendulum.Date | pendulum.DateTime
) -> Iterator[Participant]:
    """Yield the participants of :func:`participants` one at a time.

    The arguments are checked when this is called, not when the first participant is
    drawn; memory stays the same whatever ``n`` is.

    .. versionadded:: 0.1

    >>> import pendulum
    >>> stream = iter_participants(1_000_000, seed=1, as_of=pendulum.date(2026, 1, 5))
    >>> next(stream).id, next(stream).id
    ('syn-000001', 'syn-000002')
    """
    count, number, on = to_record_count(n), to_seed(seed), to_record_date(as_of)
    return (drawn_participant(number, index, on)[0] for index in range(count))
