"""Questionnaire responses: a FHIR R4 ``QuestionnaireResponse`` read as an instrument's answers.

:func:`from_questionnaire_response` finds each item by its LOINC item code (the
``linkId``, bare as in the HL7 PHR IG examples or after a ``/`` as LHC-Forms and the
US Core examples write it; group items are looked into), reads its answer
(``valueCoding`` with a LOINC answer code or an SDC weight, ``valueInteger``,
``valueBoolean``) and gives back a :class:`QuestionnaireAnswers`: the answers in item
order, the participant and the ``authored`` date. A total the form carries is
scored again from the answers and must agree. Anything it does not understand is an
error that names the FHIR path; free text is never shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import pendulum

from iopcore._validation import (
    ErrorCollector,
    to_aware_datetime,
    to_date,
    to_int,
    to_participant_id,
)
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
    NaiveDateTimeError,
    UnknownCodeError,
)
from iopcore.fhir._questionnaire_codes import QUESTIONNAIRE_URLS
from iopcore.fhir._questionnaire_items import (
    ROOT,
    Reading,
    form_of,
    leaves,
    mapping,
    refuse_unknown,
    text_of,
)
from iopcore.instruments import OptionValue, Responses
from iopcore.instruments._score import to_instrument_name

if TYPE_CHECKING:
    from iopcore.instruments import Score

__all__ = ["QuestionnaireAnswers", "from_questionnaire_response"]

_ROOT: Final = ROOT
# The elements of an R4 QuestionnaireResponse (https://hl7.org/fhir/R4/questionnaireresponse.html)
# that iopcore accepts and does not need; the rest are read below or refused.
_IGNORED: Final = frozenset(
    {"id", "meta", "language", "text", "contained", "extension", "basedOn", "partOf"}
    | {"questionnaire", "encounter", "author", "source", "identifier"}
)
_READ: Final = frozenset({"resourceType", "status", "subject", "authored", "item"})
# QuestionnaireResponse.status (https://hl7.org/fhir/R4/valueset-questionnaire-answers-status.html).
_STATUSES: Final = ("in-progress", "completed", "amended", "stopped")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _authored(value: object) -> pendulum.Date | pendulum.DateTime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return to_aware_datetime(value, field="authored")
    return to_date(value, field="authored", sensitive=True)


def _pairs(value: object) -> tuple[tuple[str, OptionValue], ...]:
    # Checked, with the names the instrument takes, by Responses (see responses()).
    pairs = value.items() if isinstance(value, Mapping) else value
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise InvalidTypeError("options", value, allowed="(name, value) pairs")
    try:
        return tuple(sorted(dict(pairs).items()))
    except (TypeError, ValueError):
        raise InvalidTypeError("options", value, allowed="(name, value) pairs") from None


def _form_total(value: object) -> int | None:
    return None if value is None else to_int(value, field="form_total", minimum=0)


def _answers(value: object) -> tuple[int | bool | None, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, tuple | list):
        raise InvalidTypeError("answers", value, allowed="a sequence of answers in item order")
    return tuple(value)


@attrs.frozen(kw_only=True)
class QuestionnaireAnswers:
    """One questionnaire as a QuestionnaireResponse gave it: whose, when, and the answers.

    Attributes:
        instrument: The registry name (``"phq9"``).
        participant_id: The id of the ``subject`` (``Patient/<id>``).
        authored: When the answers were given (``QuestionnaireResponse.authored``): a
            date, an aware datetime with its UTC offset, or ``None`` if not given.
        answers: The answers in item order, ``None`` for an item not answered.
        options: Scoring options the form gives, as ``(name, value)`` pairs (the
            C-SSRS ``behaviour_within_3_months`` follow-up); empty for most forms.
        form_total: The total the form itself carried, after it was checked against
            the answers; ``None`` if it carried none.

    Raises:
        InvalidResponse: answers the instrument does not take.
        UnknownCodeError: an unknown instrument or option.

    >>> import pendulum
    >>> given = QuestionnaireAnswers(
    ...     instrument="gad7",
    ...     participant_id="p-001",
    ...     authored=pendulum.date(2026, 3, 2),
    ...     answers=(1, 2, 1, 1, 0, 2, 3),
    ... )
    >>> given.score().band, given.responses().instrument
    ('moderate', 'gad7')
    """

    instrument: str = attrs.field(converter=to_instrument_name)
    participant_id: str = attrs.field(converter=to_participant_id)
    authored: pendulum.Date | pendulum.DateTime | None = attrs.field(converter=_authored)
    answers: tuple[int | bool | None, ...] = attrs.field(converter=_answers)
    options: tuple[tuple[str, OptionValue], ...] = attrs.field(default=(), converter=_pairs)
    form_total: int | None = attrs.field(default=None, converter=_form_total)

    def __attrs_post_init__(self) -> None:
        self.responses()  # the instrument checks the answers and the options

    def responses(self, **options: str | int | bool | None) -> Responses:
        """The answers as :class:`~iopcore.instruments.Responses`, for an Assessment.

        Args:
            **options: Scoring options the form does not carry (AUDIT-C ``sex``,
                PCL-5 ``cutoff``), added to :attr:`options`.
        """
        return Responses(
            instrument=self.instrument,
            answers=self.answers,
            options={**dict(self.options), **options},
        )

    def score(self, **options: str | int | bool | None) -> Score:
        """The instrument's score of the answers (see :meth:`responses`)."""
        return self.responses(**options).score()


def _resource(value: object) -> Mapping[str, Any]:
    resource = mapping(value, "resource", "a FHIR QuestionnaireResponse")
    kind = text_of(resource.get("resourceType"))
    if kind != "QuestionnaireResponse":
        raise InvalidValueError(
            "resource.resourceType", resource.get("resourceType"), allowed="'QuestionnaireResponse'"
        )
    if isinstance(resource.get("identifier"), list):
        raise InvalidValueError(
            f"{_ROOT}.identifier",
            "a list",
            allowed="one Identifier (FHIR R4, 0..1)",
            reason="is the R5 form (0..*); iopcore reads FHIR R4 (4.0.1)",
        )
    refuse_unknown(resource, _IGNORED | _READ, _ROOT)
    for key in resource:
        if key.startswith("value"):  # refuse_unknown lets an answer's value[x] through
            raise UnknownCodeError(
                f"{_ROOT}.{key}", key, allowed="the R4 QuestionnaireResponse elements"
            )
    return resource


def _status(resource: Mapping[str, Any]) -> None:
    given = resource.get("status")
    status = text_of(given)
    if status == "entered-in-error":
        raise InvalidValueError(
            f"{_ROOT}.status", given, allowed=", ".join(_STATUSES), reason="was entered in error"
        )
    if status not in _STATUSES:
        raise UnknownCodeError(f"{_ROOT}.status", given, allowed=", ".join(_STATUSES))


_PATIENT: Final = re.compile(r"(?:.*/)?Patient/([A-Za-z0-9\-.]{1,64})")


def _participant(resource: Mapping[str, Any]) -> str:
    path = f"{_ROOT}.subject"
    subject = mapping(resource.get("subject"), path, "a reference to the Patient")
    reference = subject.get("reference")
    if isinstance(reference, str):
        found = _PATIENT.fullmatch(reference)
        if found is None:
            raise InvalidValueError(
                f"{path}.reference", reference, allowed="'Patient/<id>' (a FHIR id)"
            )
        return found.group(1)
    identifier = subject.get("identifier")
    if text_of(subject.get("type")) == "Patient" and isinstance(identifier, Mapping):
        return to_participant_id(identifier.get("value"))  # iopcore's logical reference
    raise InvalidValueError(
        path,
        "a reference without a Patient",
        allowed="{'reference': 'Patient/<id>'} or {'type': 'Patient', 'identifier': {...}}",
    )


def _authored_text(value: object) -> pendulum.Date | pendulum.DateTime | None:
    path = f"{_ROOT}.authored"
    if value is None:
        return None
    allowed = "a FHIR date (YYYY-MM-DD) or dateTime with its UTC offset"
    if not isinstance(value, str):
        raise InvalidTypeError(path, value, allowed=allowed, sensitive=True)
    if _DATE.fullmatch(value):
        try:
            return pendulum.Date.fromisoformat(value)
        except ValueError:
            raise InvalidValueError(path, value, allowed=allowed, sensitive=True) from None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(path, value, allowed=allowed, sensitive=True) from None
    if "T" not in value:
        raise InvalidValueError(path, value, allowed=allowed, sensitive=True)
    if moment.tzinfo is None:
        raise NaiveDateTimeError(path, value, allowed=allowed, sensitive=True)
    return pendulum.instance(moment)


def _checked_total(reading: Reading, responses: Responses) -> None:
    if reading.total is None:
        return
    derived = responses.score()
    where = f"{_ROOT}.item(linkId {reading.form.total})"
    if derived.total is None:
        unanswered = ", ".join(map(str, derived.missing))
        raise InvalidValueError(
            where,
            reading.total,
            allowed="None",
            reason=(
                f"is the form's total, but items {unanswered} are not answered: iopcore gives "
                "no total for an incomplete form (it never counts a missing item as 0)"
            ),
        )
    if derived.total != reading.total:
        raise InvalidValueError(
            where,
            reading.total,
            allowed=repr(derived.total),
            reason="is the form's total, which disagrees with its answers",
        )


def from_questionnaire_response(
    resource: Mapping[str, Any], *, instrument: str | None = None
) -> QuestionnaireAnswers:
    """Read a FHIR R4 ``QuestionnaireResponse`` as an instrument's answers.

    Args:
        resource: The QuestionnaireResponse as a JSON dict.
        instrument: The instrument (``"PHQ-9"``, ``"audit_c"``); by default told from
            iopcore's questionnaire URL, a group item's LOINC panel code, or the item
            codes.

    Returns:
        The answers in item order, the ``subject``'s id and the ``authored`` date.

    Raises:
        UnknownCodeError: an item, answer code or element iopcore does not know.
        InvalidValueError: a bad value, a total that disagrees with the answers, an
            R5-only form, a modifier extension.
        InvalidTypeError: a value of the wrong FHIR type (free text is never shown).
        IopcoreErrorGroup: several of these; each names its FHIR path.

    >>> qr = {
    ...     "resourceType": "QuestionnaireResponse",
    ...     "status": "completed",
    ...     "subject": {"reference": "Patient/p-001"},
    ...     "authored": "2026-03-02T09:30:00-05:00",
    ...     "item": [
    ...         {"linkId": f"/{code}", "answer": [{"valueCoding": {"code": "LA6569-3"}}]}
    ...         for code in ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8")
    ...     ],
    ... }
    >>> read = from_questionnaire_response(qr)
    >>> read.instrument, read.participant_id, read.answers
    ('gad7', 'p-001', (1, 1, 1, 1, 1, 1, None))
    >>> read.score().total is None, read.authored.isoformat()
    (True, '2026-03-02T09:30:00-05:00')
    """
    qr = _resource(resource)
    collector = ErrorCollector(_ROOT)
    participant: str | None = None
    authored: pendulum.Date | pendulum.DateTime | None = None
    with collector.catch():
        _status(qr)
    with collector.catch():
        participant = _participant(qr)
    with collector.catch():
        authored = _authored_text(qr.get("authored"))
    found: list[tuple[str, Mapping[str, Any]]] = []
    groups: list[str] = []
    with collector.catch():
        groups = leaves(qr.get("item", []), f"{_ROOT}.item", found)
    collector.raise_if_any()
    form = form_of(instrument, qr, [item["linkId"] for _, item in found], groups)
    own = text_of(qr.get("questionnaire")) == QUESTIONNAIRE_URLS[form.instrument]
    reading = Reading(form, own_links=own)
    for where, item in found:
        with collector.catch():
            reading.read(where, item)
    collector.raise_if_any()
    try:
        responses = Responses(
            instrument=form.instrument, answers=reading.answers, options=reading.options
        )
    except IopcoreError as error:  # a rule across items (the C-SSRS skip rule)
        raise InvalidValueError(
            f"{_ROOT}.item", error.value, allowed=error.allowed, reason=error.reason
        ) from error
    _checked_total(reading, responses)
    return QuestionnaireAnswers(
        instrument=form.instrument,
        participant_id=participant,
        authored=authored,
        answers=tuple(reading.answers),
        options=tuple(sorted(reading.options.items())),
        form_total=reading.total,
    )
