"""Predicates on an assessment's questionnaire scores: a total, a band, a flag."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from iopcore._validation import to_identifier
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rules.predicates._base import Predicate, Truth, leaf, whole_minimum

if TYPE_CHECKING:
    from iopcore.assessments import Assessment
    from iopcore.rules.predicates._base import Observation


def _flag(value: object) -> str:
    return to_identifier(value, field="flag")


def _instrument(value: object) -> str:
    # Imported here: rules sit above instruments, and the registry loads lazily.
    from iopcore.instruments import get_instrument  # noqa: PLC0415 - see comment

    if not isinstance(value, str):
        raise InvalidTypeError("instrument", value, allowed="an instrument name")
    try:
        return str(get_instrument(value).NAME)
    except UnknownCodeError as error:
        # get_instrument names its own argument; here the field is `instrument`.
        raise UnknownCodeError("instrument", value, allowed=error.allowed) from None


@attrs.frozen(kw_only=True)
class ScoreAtLeast(Predicate):
    """The total on ``instrument`` is at least ``minimum`` (unknown if absent or incomplete)."""

    KIND: ClassVar[str] = "score_at_least"
    instrument: str = attrs.field(converter=_instrument)
    minimum: int = attrs.field(converter=whole_minimum)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        score = assessment.scores.get(self.instrument)
        total = None if score is None else score.total
        truth = Truth.UNKNOWN if total is None else Truth.of(total >= self.minimum)
        return leaf(
            observations, f"scores.{self.instrument}.total", total, f">= {self.minimum}", truth
        )

    def inputs(self) -> frozenset[str]:
        return frozenset({f"scores.{self.instrument}.total"})

    def describe(self) -> str:
        return f"scores.{self.instrument}.total >= {self.minimum}"


#: What :class:`BandAtLeast` observed on a complete score that has no band.
_NO_BAND = "no band (every answer no)"


@attrs.frozen(kw_only=True)
class BandAtLeast(Predicate):
    """The band on ``instrument`` is ``band`` or a more severe one.

    Unknown when the score is absent or incomplete without a band; false on a complete
    score without a band (the C-SSRS screener when every answer is no).
    """

    KIND: ClassVar[str] = "band_at_least"
    instrument: str = attrs.field(converter=_instrument)
    band: str = attrs.field()

    @band.validator
    def _known_band(self, _: attrs.Attribute[str], value: object) -> None:
        bands = self._bands()
        if value not in bands:
            raise InvalidValueError("band", value, allowed=", ".join(bands) or "no bands")

    def _bands(self) -> tuple[str, ...]:
        from iopcore.instruments import get_instrument  # noqa: PLC0415 - see _instrument

        return tuple(get_instrument(self.instrument).BANDS)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        score = assessment.scores.get(self.instrument)
        band = None if score is None else score.band
        bands = self._bands()
        path, required = f"scores.{self.instrument}.band", f"'{self.band}' or worse"
        if band is None and score is not None and score.complete:
            # A complete score without a band is below every band (the C-SSRS
            # screener with every answer no): seen, and not severe enough.
            return leaf(observations, path, _NO_BAND, required, Truth.FALSE)
        if band is None or band not in bands:
            truth = Truth.UNKNOWN
            band = None
        else:
            truth = Truth.of(bands.index(band) >= bands.index(self.band))
        return leaf(observations, path, band, required, truth)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"scores.{self.instrument}.band"})

    def describe(self) -> str:
        return f"scores.{self.instrument}.band >= '{self.band}'"


@attrs.frozen(kw_only=True)
class FlagPresent(Predicate):
    """The score on ``instrument`` carries ``flag``.

    A flag the answers given already prove is true even on an incomplete score; its
    absence from an incomplete score is unknown (the missing items might set it).
    """

    KIND: ClassVar[str] = "flag_present"
    instrument: str = attrs.field(converter=_instrument)
    flag: str = attrs.field(converter=_flag)

    def _observe(self, assessment: Assessment, observations: list[Observation]) -> Truth:
        score = assessment.scores.get(self.instrument)
        path = f"scores.{self.instrument}.flags"
        if score is None:
            return leaf(observations, path, None, f"has '{self.flag}'", Truth.UNKNOWN)
        present = self.flag in score.flags
        if present or score.complete:
            return leaf(observations, path, present, f"has '{self.flag}'", Truth.of(present))
        return leaf(observations, path, None, f"has '{self.flag}'", Truth.UNKNOWN)

    def inputs(self) -> frozenset[str]:
        return frozenset({f"scores.{self.instrument}.flags"})

    def describe(self) -> str:
        return f"scores.{self.instrument}.flags has '{self.flag}'"
