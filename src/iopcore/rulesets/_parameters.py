"""Transition parameters: the numbers the transition criteria read, each with its source.

:data:`TRANSITION_PARAMETERS` names the parameters a ruleset may set and their ranges
(:class:`ParameterSpec`); a :class:`TransitionParameter` is one value of one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from iopcore._validation import to_number
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rulesets._bands import citation

if TYPE_CHECKING:
    from collections.abc import Mapping


@attrs.frozen(kw_only=True)
class ParameterSpec:
    """What a transition parameter means and the values it may take.

    Attributes:
        meaning: The parameter in words.
        minimum: The smallest value allowed.
        maximum: The largest value allowed.
        whole: Whether the value must be a whole number (a count of days, weeks,
            sessions or levels).
    """

    meaning: str
    minimum: float
    maximum: float
    whole: bool


#: The transition parameters a ruleset may set, by name (a closed set).
TRANSITION_PARAMETERS: Final[Mapping[str, ParameterSpec]] = MappingProxyType(
    {
        "assessment_interval_days": ParameterSpec(
            meaning="days between re-assessments (the weekly measurement cadence)",
            minimum=1,
            maximum=366,
            whole=True,
        ),
        "initial_assessment_days": ParameterSpec(
            meaning="days after admission by which the first assessment is due",
            minimum=0,
            maximum=366,
            whole=True,
        ),
        "max_length_of_stay_days": ParameterSpec(
            meaning="days in care at which the stay ends (discharge)",
            minimum=1,
            maximum=3660,
            whole=True,
        ),
        "max_missed_sessions": ParameterSpec(
            meaning="consecutive missed (absent, unexcused) sessions that end the stay",
            minimum=1,
            maximum=100,
            whole=True,
        ),
        "min_attendance": ParameterSpec(
            meaning="share of held, unexcused sessions attended, for a step down",
            minimum=0,
            maximum=1,
            whole=False,
        ),
        "plan_review_days": ParameterSpec(
            meaning="days between treatment-plan reviews",
            minimum=1,
            maximum=366,
            whole=True,
        ),
        "reliable_deterioration_points": ParameterSpec(
            meaning="PHQ-9 rise since baseline that is reliable deterioration",
            minimum=1,
            maximum=27,
            whole=True,
        ),
        "remission_below": ParameterSpec(
            meaning="PHQ-9 total below which depression is in remission",
            minimum=1,
            maximum=28,
            whole=True,
        ),
        "response_reduction": ParameterSpec(
            meaning="share by which the PHQ-9 total falls from baseline for a response",
            minimum=0.01,
            maximum=1,
            whole=False,
        ),
        "risk_step_up_levels": ParameterSpec(
            meaning="levels to step up at least on new high risk",
            minimum=1,
            maximum=4,
            whole=True,
        ),
        "sustained_assessments": ParameterSpec(
            meaning="consecutive weekly assessments improvement must hold for",
            minimum=1,
            maximum=52,
            whole=True,
        ),
        "taper_weeks": ParameterSpec(
            meaning="weeks placement must call for a lower level before a step down",
            minimum=0,
            maximum=52,
            whole=True,
        ),
    }
)


def _parameter_name(value: object) -> str:
    if not isinstance(value, str) or value not in TRANSITION_PARAMETERS:
        raise UnknownCodeError("name", value, allowed=", ".join(TRANSITION_PARAMETERS))
    return value


def _parameter_value(value: object) -> float:
    return to_number(value, field="value")


@attrs.frozen(kw_only=True)
class TransitionParameter:
    """One number the transition criteria read, and its public source.

    Args:
        name: One of :data:`TRANSITION_PARAMETERS`.
        value: Its value, within the parameter's range (a whole number where the
            parameter counts something).
        source: Where the number comes from; a program-policy choice says so.

    Raises:
        UnknownCodeError: an unknown name (the error lists the names).
        InvalidValueError: a value out of range, or not whole where it must be.

    >>> TransitionParameter(name="taper_weeks", value=2, source="ASAM via Aetna").value
    2.0
    """

    name: str = attrs.field(converter=_parameter_name)
    value: float = attrs.field(converter=_parameter_value)
    source: str = attrs.field(converter=citation)

    @value.validator
    def _check_value(self, _: object, value: float) -> None:
        spec = TRANSITION_PARAMETERS[self.name]
        to_number(value, field="value", minimum=spec.minimum, maximum=spec.maximum)
        if spec.whole and not value.is_integer():
            raise InvalidValueError(
                "value", value, allowed=f"a whole number for {self.name}", reason="is not whole"
            )


def transitions(values: object) -> tuple[TransitionParameter, ...]:
    if isinstance(values, TransitionParameter) or not isinstance(values, Iterable):
        raise InvalidTypeError(
            "transitions", values, allowed="a sequence of TransitionParameter values"
        )
    found = tuple(values)
    seen: set[str] = set()
    for index, value in enumerate(found):
        if not isinstance(value, TransitionParameter):
            raise InvalidTypeError(
                f"$.transitions[{index}]", value, allowed="a TransitionParameter"
            )
        if value.name in seen:
            raise InvalidValueError(
                f"$.transitions[{index}]",
                value.name,
                allowed="one value per parameter",
                reason="repeats a parameter",
            )
        seen.add(value.name)
    return found
