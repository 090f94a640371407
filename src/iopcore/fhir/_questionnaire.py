"""Questionnaire responses: a FHIR R4 ``QuestionnaireResponse`` read as an assessment.

:func:`from_questionnaire_response` finds each item by its LOINC item code (the
``linkId``, bare as in the HL7 PHR IG examples or after a ``/`` as LHC-Forms and the
US Core examples write it; group items are looked into), reads its answer
(``valueCoding`` with a LOINC answer code or an SDC weight, ``valueInteger``,
``valueBoolean``) and gives back the answers in item order as the ``responses`` of an
:class:`~iopcore.assessments.Assessment` of the participant on the ``authored`` date.
A total the form carries is scored again from the answers and must agree. Anything it
does not understand is an error that names the FHIR path; free text is never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import pendulum

from iopcore._validation import (
    ErrorCollector,
)
from iopcore.assessments import Assessment
from iopcore.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    IopcoreError,
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
from iopcore.fhir._reading import date_or_moment, patient_id
from iopcore.instruments import Responses

if TYPE_CHECKING:
    from iopcore.instruments import OptionValue

__all__ = ["from_questionnaire_response"]

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


def _authored_text(value: object) -> pendulum.Date | pendulum.DateTime | None:
    return None if value is None else date_or_moment(value, f"{_ROOT}.authored")


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


def _merged(
    given: Mapping[str, OptionValue] | None, carried: dict[str, OptionValue]
) -> dict[str, OptionValue]:
    if given is None:
        return carried
    if not isinstance(given, Mapping):
        raise InvalidTypeError("options", given, allowed="a mapping of option names to values")
    for name in given:
        if name in carried:
            raise InvalidValueError(
                f"options.{name}",
                given[name],
                allowed="an option the form does not give",
                reason=f"is given by the form too ({carried[name]!r})",
            )
    return {**given, **carried}


def _day(authored: pendulum.Date | pendulum.DateTime | None) -> pendulum.Date:
    if authored is None:
        raise InvalidValueError(
            f"{_ROOT}.authored",
            None,
            allowed="the date (or dateTime) the answers were given",
            reason="is needed to date the assessment",
        )
    if isinstance(authored, pendulum.DateTime):
        return authored.date()  # the day as written, in its own UTC offset
    return authored


def from_questionnaire_response(
    resource: Mapping[str, Any],
    *,
    instrument: str | None = None,
    options: Mapping[str, str | int | bool | None] | None = None,
) -> Assessment:
    """Read a FHIR R4 ``QuestionnaireResponse`` as an assessment of one instrument.

    Args:
        resource: The QuestionnaireResponse as a JSON dict.
        instrument: The instrument (``"PHQ-9"``, ``"audit_c"``); by default told from
            iopcore's questionnaire URL, a group item's LOINC panel code, or the item
            codes.
        options: Scoring options the form does not carry, such as AUDIT-C's ``sex``
            or PCL-5's ``cutoff`` (the C-SSRS follow-up is read from the form).

    Returns:
        An :class:`~iopcore.assessments.Assessment` of the ``subject``
        (``Patient/<id>``) on the day it was ``authored`` (as written, in its own UTC
        offset), holding the answers in item order as ``responses`` and the score
        derived from them.

    Raises:
        UnknownCodeError: an item, answer code or element iopcore does not know.
        InvalidValueError: a bad value, a total that disagrees with the answers, no
            ``authored`` date, an R5-only form, a modifier extension.
        InvalidTypeError: a value of the wrong FHIR type (free text is never shown).
        IopcoreErrorGroup: several of these; each names its FHIR path.

    >>> qr = {
    ...     "resourceType": "QuestionnaireResponse",
    ...     "status": "completed",
    ...     "subject": {"reference": "Patient/p-001"},
    ...     "authored": "2026-03-02T21:30:00-05:00",
    ...     "item": [
    ...         {"linkId": f"/{code}", "answer": [{"valueCoding": {"code": "LA6569-3"}}]}
    ...         for code in ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8")
    ...     ],
    ... }
    >>> read = from_questionnaire_response(qr)
    >>> read.participant_id, read.assessed_on.isoformat(), read.responses["gad7"].answers
    ('p-001', '2026-03-02', (1, 1, 1, 1, 1, 1, None))
    >>> read.score("gad7").total is None, read.score("gad7").missing
    (True, (7,))
    """
    qr = _resource(resource)
    collector = ErrorCollector(_ROOT)
    participant: str | None = None
    day: pendulum.Date | None = None
    with collector.catch():
        _status(qr)
    with collector.catch():
        participant = patient_id(qr.get("subject"), f"{_ROOT}.subject")
    with collector.catch():
        day = _day(_authored_text(qr.get("authored")))
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
    scoring = _merged(options, reading.options)
    try:
        responses = Responses(instrument=form.instrument, answers=reading.answers, options=scoring)
    except IopcoreError as error:
        if error.field.startswith("$.responses"):  # a rule across items (the C-SSRS skip rule)
            raise InvalidValueError(
                f"{_ROOT}.item", error.value, allowed=error.allowed, reason=error.reason
            ) from error
        raise  # an option the caller gave
    _checked_total(reading, responses)
    return Assessment(
        participant_id=participant, assessed_on=day, responses={form.instrument: responses}
    )
