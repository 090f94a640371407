"""Assessments: what is known about a participant on a date, as the rules read it.

An :class:`Assessment` bundles, for one participant on one date:

* instrument ``scores`` (:class:`~iopcore.instruments.Score`, one per instrument)
  and, where kept, the ``responses`` they were scored from
  (:class:`~iopcore.instruments.Responses`): a score kept with its answers is
  scored again and must agree, so an edited record cannot change a placement;
* ``ratings`` on named dimensions (whole numbers; higher always means more severe, as
  in the ASAM risk ratings 0-4 and the LOCUS scales 1-5);
* clinical ``facts`` that are true or false (see :class:`ClinicalFact` for the
  names iopcore's rulesets read; other names are allowed for rulesets of your own);
* ``measurements`` such as vital signs and laboratory values (see
  :class:`Measurement`);
* the ``population`` on that date and the ``conditions`` being treated (``None``
  when not stated), and who recorded it (``recorded_by``).

What was not assessed is *absent*, never false or zero: a rule that needs an absent
input cannot tell, and placement then says which inputs are missing. A rating, fact or
measurement given as missing (``None``, NaN, ``pandas.NA``, as a table's empty cell
holds it) was not assessed either: it is left out of the mapping, so that a row of a
table with one column per dimension reads as the assessment it records.

>>> import pendulum
>>> from iopcore.assessments import Assessment, ClinicalFact
>>> assessment = Assessment(
...     participant_id="p-001",
...     assessed_on=pendulum.date(2026, 3, 2),
...     ratings={"safety": 1, "symptoms": 3},
...     facts={ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS: True},
... )
>>> assessment.rating("symptoms"), assessment.rating("medical")
(3, None)
>>> assessment.fact("imminent_danger") is None
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs
import pendulum

from iopcore._deprecated import renamed
from iopcore._table_values import is_missing
from iopcore._validation import (
    ErrorCollector,
    other_participants,
    to_bool,
    to_date,
    to_identifier,
    to_int,
    to_member,
    to_members,
    to_number,
    to_participant_id,
)
from iopcore.exceptions import InvalidTypeError, InvalidValueError
from iopcore.instruments import Responses, Score
from iopcore.participants import Condition, Participant, Population

__all__ = [
    "MAX_DIMENSION_RATING",
    "Assessment",
    "ClinicalFact",
    "Measurement",
    "Role",
]

#: Highest rating accepted on any dimension (LOCUS scales run to 5).
MAX_DIMENSION_RATING: Final = 10


class Role(enum.Enum):
    """Who recorded an assessment or decided an override."""

    PHYSICIAN = "physician"
    PSYCHIATRIST = "psychiatrist"
    PSYCHOLOGIST = "psychologist"
    NURSE_PRACTITIONER = "nurse practitioner"
    NURSE = "nurse"
    COUNSELOR = "counselor"
    SOCIAL_WORKER = "social worker"
    CASE_MANAGER = "case manager"
    UTILIZATION_REVIEWER = "utilization reviewer"
    PARTICIPANT = "participant"
    OTHER = "other"


class ClinicalFact(enum.Enum):
    """Yes/no clinical facts that iopcore's rulesets read.

    ``is_risk`` says which way a fact points: for a risk fact, ``True`` is the
    worse answer (it can only call for more care); for a protective fact, ``False``
    is the worse answer.
    """

    IMMINENT_DANGER = "imminent_danger"
    NEEDS_24_HOUR_SUPERVISION = "needs_24_hour_supervision"
    MEDICALLY_UNSTABLE = "medically_unstable"
    WITHDRAWAL_NEEDS_MEDICAL_MANAGEMENT = "withdrawal_needs_medical_management"
    IMPAIRMENT_BEYOND_ROUTINE_OUTPATIENT = "impairment_beyond_routine_outpatient"
    DID_NOT_IMPROVE_AT_LOWER_LEVEL = "did_not_improve_at_lower_level"
    SUPPORT_OUTSIDE_PROGRAM_HOURS = "support_outside_program_hours"
    ABLE_TO_PARTICIPATE = "able_to_participate"
    COMPLETED_TREATMENT_RECENTLY = "completed_treatment_recently"
    ACT_TEAM_AVAILABLE = "act_team_available"
    #: Without partial hospitalization the patient would need inpatient psychiatric
    #: care (what a Medicare PHP certification states, 42 CFR 424.24(e)(1)).
    WOULD_OTHERWISE_NEED_INPATIENT = "would_otherwise_need_inpatient"

    @property
    def is_risk(self) -> bool:
        """Whether ``True`` is the worse answer for this fact."""
        return self not in _PROTECTIVE_FACTS


_PROTECTIVE_FACTS: Final = frozenset(
    {
        ClinicalFact.SUPPORT_OUTSIDE_PROGRAM_HOURS,
        ClinicalFact.ABLE_TO_PARTICIPATE,
        ClinicalFact.COMPLETED_TREATMENT_RECENTLY,
        ClinicalFact.ACT_TEAM_AVAILABLE,
    }
)


class Measurement(enum.Enum):
    """Measurements the shipped rulesets read, with their units in the name."""

    HEART_RATE_BPM = "heart_rate_bpm"
    SYSTOLIC_BP_MMHG = "systolic_bp_mmhg"
    DIASTOLIC_BP_MMHG = "diastolic_bp_mmhg"
    TEMPERATURE_F = "temperature_f"
    GLUCOSE_MG_DL = "glucose_mg_dl"
    POTASSIUM_MEQ_L = "potassium_meq_l"
    PERCENT_HEALTHY_BODY_WEIGHT = "percent_healthy_body_weight"
    BMI = "bmi"


def _key(value: object, field: str, known: type[enum.Enum] | None = None) -> str:
    """A dimension, fact or measurement name: an enum member or a plain name."""
    if type(value) is str:  # the common case, as read from storage
        return to_identifier(value, field=field)
    if known is not None and isinstance(value, known):
        return str(value.value)
    if isinstance(value, enum.Enum):
        value = value.value
    return to_identifier(value, field=field)


def _frozen_mapping(
    values: object, field: str, check: object, *, known: type[enum.Enum] | None = None
) -> Mapping[str, object]:
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        raise InvalidTypeError(field, values, allowed=f"a mapping of names to {field} values")
    collector = ErrorCollector(field)
    clean: dict[str, object] = {}
    path = f"$.{field}"
    for raw_key, raw_value in values.items():
        with collector.catch():
            key = _key(raw_key, path, known)
            # A missing value (a table's empty cell) was not assessed: absent, as if
            # the key were not given (its name is still checked).
            if raw_value is not None and not is_missing(raw_value):
                clean[key] = check(raw_value, f"{path}.{key}")  # type: ignore[operator]
    collector.raise_if_any()
    return MappingProxyType(dict(sorted(clean.items())))


def _rating(value: object, where: str) -> int:
    return to_int(value, field=where, minimum=0, maximum=MAX_DIMENSION_RATING)


def _fact(value: object, where: str) -> bool:
    return to_bool(value, field=where, allowed="True or False (leave a fact out if unknown)")


def _measurement(value: object, where: str) -> float:
    return to_number(value, field=where)


def _ratings(values: object) -> Mapping[str, int]:
    return _frozen_mapping(values, "ratings", _rating)  # type: ignore[return-value]


def _facts(values: object) -> Mapping[str, bool]:
    return _frozen_mapping(values, "facts", _fact, known=ClinicalFact)  # type: ignore[return-value]


def _measurements(values: object) -> Mapping[str, float]:
    return _frozen_mapping(values, "measurements", _measurement, known=Measurement)  # type: ignore[return-value]


def _scores(values: object) -> Mapping[str, Score]:
    """Scores keyed by instrument; given as a mapping or an iterable of scores."""
    if values is None:
        return MappingProxyType({})
    if isinstance(values, Mapping):
        values = list(values.values())
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError("scores", values, allowed="an iterable of Score values")
    collector = ErrorCollector("scores")
    by_instrument: dict[str, Score] = {}
    for index, score in enumerate(values):
        with collector.catch():
            if not isinstance(score, Score):
                raise InvalidTypeError(f"$.scores[{index}]", score, allowed="a Score")
            if score.instrument in by_instrument:
                raise InvalidValueError(
                    f"$.scores[{index}]",
                    score.instrument,
                    allowed="one score per instrument",
                    reason="repeats an instrument",
                )
            by_instrument[score.instrument] = score
    collector.raise_if_any()
    return MappingProxyType(dict(sorted(by_instrument.items())))


def _responses(values: object) -> Mapping[str, Responses]:
    """Responses keyed by instrument; a mapping of instrument -> answers or Responses."""
    if values is None:
        return MappingProxyType({})
    if not isinstance(values, Mapping):
        raise InvalidTypeError(
            "responses", values, allowed="a mapping of instrument names to answers or Responses"
        )
    collector = ErrorCollector("responses")
    by_instrument: dict[str, Responses] = {}
    for name, given in values.items():
        with collector.catch():
            kept = (
                given if isinstance(given, Responses) else Responses(instrument=name, answers=given)
            )
            if kept.instrument != name:
                raise InvalidValueError(
                    f"$.responses.{name}",
                    kept.instrument,
                    allowed=repr(name),
                    reason="is another instrument than its key",
                )
            by_instrument[name] = kept
    collector.raise_if_any()
    return MappingProxyType(dict(sorted(by_instrument.items())))


def _summary(score: Score) -> str:
    """A score in words, for saying how a stored score and its answers disagree."""
    flags = ", ".join(sorted(score.flags)) or "none"
    missing = ", ".join(map(str, score.missing)) or "none"
    parts = [f"total {score.total}", f"band {score.band}", f"flags {flags}", f"missing {missing}"]
    parts.extend(f"{name} {value}" for name, value in score.subscales)
    return "; ".join(parts)


def _population(value: object) -> Population | None:
    return None if is_missing(value) else to_member(Population, value, field="population")


def _conditions(values: object) -> frozenset[Condition] | None:
    if is_missing(values):
        return None
    return to_members(
        Condition, values, field="conditions", allowed_iterable="an iterable of conditions"
    )


def _role(value: object) -> Role | None:
    return None if is_missing(value) else to_member(Role, value, field="recorded_by")


def _assessed_on(value: object) -> pendulum.Date:
    return to_date(value, field="assessed_on")


@attrs.frozen(kw_only=True, eq=True, hash=False)
class Assessment:
    """What is known about one participant on one date.

    Args:
        participant_id: The participant's opaque id.
        assessed_on: The date the assessment describes.
        scores: Instrument scores, as an iterable of :class:`~iopcore.instruments.Score`
            (at most one per instrument) or a mapping whose values are scores.
        responses: The answers the scores came from, where kept: instrument name ->
            :class:`~iopcore.instruments.Responses` (or the answers alone, for an
            instrument scored without options). Each is scored again: a score given
            for the same instrument must be that score (an edited or corrupted
            record is refused), and a missing one is filled in.
        ratings: Dimension name -> whole-number rating (0 to ``MAX_DIMENSION_RATING``; higher
            is more severe). A missing value (``None``, NaN, ``pandas.NA``) means not
            rated: the dimension is left out.
        facts: Fact name (or :class:`ClinicalFact`) -> ``True``/``False``. Leave out
            what was not assessed (a missing value is left out too).
        measurements: Measurement name (or :class:`Measurement`) -> a finite number;
            a missing value means not taken, and is left out.
        population: Adult or adolescent on ``assessed_on``, if the rules need it.
        conditions: The conditions being treated; ``None`` when not stated (an
            empty set says "none of them").
        recorded_by: The role of the person who recorded it.

    Mappings are stored read-only and sorted by name, so equal assessments look
    equal. Assessments are not hashable (their contents are mappings).
    """

    participant_id: str = attrs.field(converter=to_participant_id)
    assessed_on: pendulum.Date = attrs.field(converter=_assessed_on)
    scores: Mapping[str, Score] = attrs.field(factory=dict, converter=_scores)
    responses: Mapping[str, Responses] = attrs.field(
        factory=dict, converter=_responses, metadata={"omit_if_default": True}
    )
    ratings: Mapping[str, int] = attrs.field(factory=dict, converter=_ratings)
    facts: Mapping[str, bool] = attrs.field(factory=dict, converter=_facts)
    measurements: Mapping[str, float] = attrs.field(factory=dict, converter=_measurements)
    population: Population | None = attrs.field(default=None, converter=_population)
    conditions: frozenset[Condition] | None = attrs.field(default=None, converter=_conditions)
    recorded_by: Role | None = attrs.field(default=None, converter=_role)

    def __attrs_post_init__(self) -> None:
        if not self.responses:
            return
        collector = ErrorCollector("scores")
        scores = dict(self.scores)
        for name, kept in self.responses.items():
            derived = kept.score()
            stored = scores.setdefault(name, derived)
            if stored != derived:
                collector.errors.append(
                    InvalidValueError(
                        f"$.scores.{name}",
                        _summary(stored),
                        allowed=_summary(derived),
                        reason="disagrees with the answers kept in responses",
                    )
                )
        collector.raise_if_any()
        # Filling in the scores the answers give: the one change a frozen class
        # allows itself, while it is being made.
        object.__setattr__(self, "scores", MappingProxyType(dict(sorted(scores.items()))))

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle: its contents go as plain dicts, in order, and
        # the copy is made again through __init__.
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        return (_assessment, (fields | {name: dict(fields[name]) for name in _MAPPINGS},))

    def score(self, instrument: str) -> Score | None:
        """The score on ``instrument`` (registry name), or ``None`` if not given."""
        return self.scores.get(_lookup(instrument, "instrument"))

    def rating(self, dimension: str) -> int | None:
        """The rating on ``dimension``, or ``None`` if not rated."""
        return self.ratings.get(_lookup(dimension, "dimension"))

    def fact(self, name: str | ClinicalFact) -> bool | None:
        """The fact's value, or ``None`` if it was not assessed."""
        return self.facts.get(_lookup(name, "name"))

    def measurement(self, name: str | Measurement) -> float | None:
        """The measurement's value, or ``None`` if it was not taken."""
        return self.measurements.get(_lookup(name, "name"))

    def filled_from(self, participant: Participant) -> Assessment:
        """This assessment with what it leaves out taken from the participant's record.

        The population, when not stated, is the participant's on ``assessed_on`` (from
        the birth date, which is not copied); the conditions, when not stated, are the
        participant's. What the assessment states is kept as it is.

        Raises:
            InvalidTypeError: ``participant`` is not a Participant.
            InvalidValueError: the participant is someone else (another id).

        >>> import pendulum
        >>> from iopcore import Participant
        >>> person = Participant(
        ...     id="p-1", birth_date=pendulum.date(2010, 6, 1), conditions=["eating disorder"]
        ... )
        >>> filled = Assessment(
        ...     participant_id="p-1", assessed_on=pendulum.date(2026, 3, 2)
        ... ).filled_from(person)
        >>> filled.population.value, sorted(c.value for c in filled.conditions)
        ('adolescent', ['eating disorder'])
        """
        if not isinstance(participant, Participant):
            raise InvalidTypeError("participant", participant, allowed="a Participant")
        for error in other_participants(
            (participant.id,),
            self.participant_id,
            path="participant.id",
            allowed=f"the assessment's participant_id {self.participant_id!r}",
            reason="is another participant",
        ):
            raise error
        population = self.population or participant.population_on(self.assessed_on)
        conditions = participant.conditions if self.conditions is None else self.conditions
        if population is self.population and conditions is self.conditions:
            return self
        return attrs.evolve(self, population=population, conditions=conditions)


#: The fields an Assessment holds as read-only mappings.
_MAPPINGS: Final = ("scores", "responses", "ratings", "facts", "measurements")


def _assessment(fields: dict[str, object]) -> Assessment:
    """An unpickled Assessment, made again through ``__init__`` as any other."""
    return Assessment(**fields)


def _lookup(name: object, field: str) -> str:
    """A name to look up: a string, or a :class:`ClinicalFact`/:class:`Measurement`."""
    if isinstance(name, ClinicalFact | Measurement):
        return str(name.value)
    if not isinstance(name, str):
        raise InvalidTypeError(field, name, allowed="a name (str)")
    return name


def __getattr__(name: str) -> object:
    return renamed(
        __name__,
        name,
        {"MAX_RATING": ("iopcore.assessments.MAX_DIMENSION_RATING", MAX_DIMENSION_RATING)},
    )
