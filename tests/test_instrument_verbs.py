"""The three verbs of every instrument agree: ``score`` takes exactly what ``is_valid``
calls valid, whatever path inside ``score`` the answers take (issue 14, item 15: the
PHQ-9 fast path was once suspected of taking ``True`` for 1)."""

from collections import UserList

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iopcore.exceptions import IopcoreError
from iopcore.instruments import available_instruments, get_instrument, phq9

#: Answers a careless caller might send: good ones, out of range, bools, floats, text.
ANSWERS = st.one_of(
    st.none(),
    st.integers(-1, 31),
    st.booleans(),
    st.sampled_from([1.0, 0.5, float("nan"), "1", b"1"]),
)


@pytest.mark.parametrize("name", available_instruments())
@given(data=st.data())
def test_score_takes_exactly_what_is_valid_calls_valid(name, data):
    """score(r) raises an iopcore error exactly when is_valid(r) is False."""
    module = get_instrument(name)
    kind = data.draw(st.sampled_from([list, tuple]))
    responses = kind(
        data.draw(st.lists(ANSWERS, min_size=module.ITEM_COUNT, max_size=module.ITEM_COUNT))
    )
    if module.is_valid(responses):
        # A sequence that is not a list or tuple takes the general path inside score.
        assert module.score(responses) == module.score(UserList(responses))
    else:
        with pytest.raises(IopcoreError):
            module.score(responses)


@pytest.mark.parametrize("first", [True, False, 1.0])
def test_phq9_fast_path_refuses_what_validate_refuses(first):
    responses = [first, 1, 1, 1, 1, 1, 1, 1, 1]
    assert not phq9.is_valid(responses)
    with pytest.raises(IopcoreError):
        phq9.score(responses)


def test_the_flag_follows_the_suicide_item():
    # Kroenke, Spitzer & Williams 2001: item 9 (thoughts of death or self-harm) above 0
    # needs follow-up whatever the total.
    for answer in (0, 1):
        responses = [0] * phq9.ITEM_COUNT
        responses[phq9.SUICIDE_ITEM - 1] = answer
        flagged = phq9.SUICIDAL_IDEATION in phq9.score(responses).flags
        assert flagged is (answer > 0)
