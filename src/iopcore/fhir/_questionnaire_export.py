"""Questionnaire export: an instrument's answers as a FHIR R4 ``QuestionnaireResponse``.

The response names iopcore's own questionnaire of the instrument
(``iopcore.fhir.QUESTIONNAIRE_URLS``). Each answered item is written with its
LOINC item code as ``linkId`` (``/44250-9``, as LHC-Forms writes it) and its LOINC
answer code where both were confirmed, else with the item number as ``linkId`` and
the answer as ``valueInteger`` or ``valueBoolean``. An unanswered item is left out; a
complete score's total is written as the LOINC total item.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from iopcore._validation import ErrorCollector, to_aware_datetime, to_date, to_identifier
from iopcore.exceptions import InvalidTypeError
from iopcore.fhir._codes import LOINC_SYSTEM
from iopcore.fhir._privacy import day_text, moment_text, subject_reference
from iopcore.fhir._questionnaire_codes import FORMS, QUESTIONNAIRE_URLS, YES_NO, FormItem
from iopcore.instruments import Responses

if TYPE_CHECKING:
    import pendulum

__all__ = ["to_questionnaire_response"]


def _responses(value: object) -> Responses:
    if not isinstance(value, Responses):
        raise InvalidTypeError("responses", value, allowed="an iopcore.instruments.Responses")
    if value.instrument not in FORMS:
        raise InvalidTypeError(
            "responses", value.instrument, allowed=f"the answers of one of {', '.join(FORMS)}"
        )
    return value


def _authored(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return to_aware_datetime(value, field="authored")
    if isinstance(value, dt.date):
        return to_date(value, field="authored")
    raise InvalidTypeError("authored", value, allowed="a date or an aware datetime")


def _code_of(item: FormItem, answer: int | bool) -> str | None:
    """The first LOINC answer code of ``answer`` (``True`` is not ``1``), if any."""
    for code, value in item.answers.items():
        if value == answer and isinstance(value, bool) == isinstance(answer, bool):
            return code
    return None


def _item(item: FormItem, answer: int | bool) -> dict[str, Any]:
    link = str(item.number) if item.code is None else f"/{item.code}"
    code = _code_of(item, answer)
    if code is not None and item.code is not None:
        value: dict[str, Any] = {"valueCoding": {"system": LOINC_SYSTEM, "code": code}}
    elif isinstance(answer, bool):
        value = {"valueBoolean": answer}
    else:
        value = {"valueInteger": answer}
    return {"linkId": link, "answer": [value]}


def to_questionnaire_response(
    responses: Responses,
    *,
    participant_id: str,
    authored: pendulum.Date | pendulum.DateTime,
) -> dict[str, Any]:
    """The FHIR R4 ``QuestionnaireResponse`` of an instrument's answers.

    :func:`from_questionnaire_response` reads it back to the same answers. Of the
    scoring options only the C-SSRS follow-up is a question of the form (LOINC
    93269-9); others (AUDIT-C ``sex``, PCL-5 ``cutoff``) are not written.

    Args:
        responses: The answers (:class:`~iopcore.instruments.Responses`) of PHQ-9,
            GAD-7, AUDIT, AUDIT-C, DAST-10, PCL-5 or the C-SSRS screener.
        participant_id: The participant's opaque id (the ``subject``).
        authored: When the answers were given: a date or an aware datetime.

    Raises:
        InvalidTypeError: not Responses of one of those instruments, or ``authored``
            not a date or datetime.
        InvalidValueError: a blank or malformed ``participant_id``.
        NaiveDateTimeError: ``authored`` is a datetime without a time zone.

    >>> import pendulum
    >>> from iopcore.instruments import Responses
    >>> resource = to_questionnaire_response(
    ...     Responses(instrument="phq9", answers=[1, 1, 2, 1, 0, 1, 1, 0, None]),
    ...     participant_id="p-001",
    ...     authored=pendulum.date(2026, 3, 2),
    ... )
    >>> resource["item"][0]["linkId"], resource["item"][0]["answer"][0]["valueCoding"]["code"]
    ('/44250-9', 'LA6569-3')
    >>> len(resource["item"]), resource["authored"]  # item 9 unanswered, so no total
    (8, '2026-03-02')
    """
    kept = _responses(responses)
    collector = ErrorCollector("to_questionnaire_response")
    with collector.catch():
        who = to_identifier(participant_id, field="participant_id")
    with collector.catch():
        when = _authored(authored)
    collector.raise_if_any()
    form = FORMS[kept.instrument]
    items = [
        _item(item, answer)
        for item, answer in zip(form.items, kept.answers, strict=True)
        if answer is not None
    ]
    options = dict(kept.options)
    if form.follow_up is not None and options.get(form.follow_up[1]) is not None:
        follow_up = FormItem(0, form.follow_up[0], YES_NO)
        items.append(_item(follow_up, bool(options[form.follow_up[1]])))
    total = kept.score().total
    if total is not None and form.total is not None:
        items.append({"linkId": f"/{form.total}", "answer": [{"valueInteger": total}]})
    authored_text = (
        moment_text(when, who, None, field="authored")
        if isinstance(when, dt.datetime)
        else day_text(when, who, None, field="authored")
    )
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": QUESTIONNAIRE_URLS[kept.instrument],
        "status": "completed",
        "subject": subject_reference(who, None),
        "authored": authored_text,
        "item": items,
    }
