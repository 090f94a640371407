"""Strategies for the questionnaires: answers, kept responses, scores and trajectories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, cast

import pendulum
from hypothesis import strategies as st

from iopcore._validation import shift_date, to_as_of, to_int
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.instruments import INSTRUMENT_NAMES, Responses, Score, get_instrument
from iopcore.instruments.change import DatedScore, Trajectory
from iopcore.testing.strategies._participants import DEFAULT_AS_OF, as_of_with_room, sexes

if TYPE_CHECKING:
    from iopcore.instruments._scoring import Item

#: Instruments whose scores have a total (the ones a trajectory can follow).
_WITH_TOTALS: Final = ("audit", "audit_c", "dast10", "gad7", "pcl5", "phq9")


def _instrument(value: object, *, among: tuple[str, ...] = INSTRUMENT_NAMES) -> str:
    allowed = ", ".join(among)
    if not isinstance(value, str):
        raise InvalidTypeError("instrument", value, allowed=f"one of {allowed}")
    if value not in among:
        raise UnknownCodeError("instrument", value, allowed=allowed)
    return value


def complete_flag(value: object) -> bool | None:
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
    wanted = complete_flag(complete)
    if name == "cssrs":
        return _cssrs_responses(wanted)  # type: ignore[return-value]
    # Each module keeps its item table private; iopcore's own strategies may read it,
    # so that the answers drawn are exactly the ones the scorer accepts.
    items = cast("tuple[Item, ...]", get_instrument(name).ITEMS)  # the named form of each pair
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
    return _kept(name, complete_flag(complete))


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
    wanted = complete_flag(complete)
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
    last = DEFAULT_AS_OF if max_date is None else to_as_of(max_date, field="max_date")
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
    on = DEFAULT_AS_OF if as_of is None else as_of_with_room(as_of)
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
