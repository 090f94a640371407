"""Questionnaire items: the items of a QuestionnaireResponse and their answers, read for one form.

Helpers of :mod:`iopcore.fhir._questionnaire`: the walk through (nested) items, the
form a response is written in, and each answer read as an int, a bool or ``None``,
every problem named by its FHIR path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.fhir._codes import LOINC_SYSTEM
from iopcore.fhir._questionnaire_codes import (
    DATA_ABSENT_SYSTEM,
    FORMS,
    ITEM_WEIGHT_URL,
    ORDINAL_VALUE_URL,
    QUESTIONNAIRE_URLS,
    Form,
    FormItem,
)
from iopcore.fhir._reading import list_of as _list
from iopcore.fhir._reading import mapping, refuse_unknown, text_of, whole
from iopcore.instruments import get_instrument

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iopcore.instruments import OptionValue
    from iopcore.instruments._score import Instrument

__all__ = [
    "ROOT",
    "Reading",
    "form_of",
    "leaves",
    "mapping",
    "refuse_unknown",
    "text_of",
    "whole",
]

ROOT: Final = "QuestionnaireResponse"
_SUPPORTED: Final = ", ".join(sorted(FORMS))
_ITEM_KEYS: Final = frozenset({"id", "extension", "linkId", "definition", "text", "answer", "item"})
_ANSWER_KEYS: Final = frozenset({"id", "extension"})
_VALUE_TYPES: Final = "valueCoding, valueInteger, valueDecimal (a whole number) or valueBoolean"


def leaves(items: object, path: str, found: list[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Gather the answerable items below ``path``; return the linkIds of the groups."""
    groups: list[str] = []
    for index, raw in enumerate(_list(items, path, "items")):
        where = f"{path}[{index}]"
        item = mapping(raw, where, "an item")
        refuse_unknown(item, _ITEM_KEYS, where)
        link = item.get("linkId")
        if not isinstance(link, str) or not link:
            raise InvalidValueError(f"{where}.linkId", link, allowed="the item's linkId (a string)")
        if "item" in item:
            if "answer" in item:
                raise InvalidValueError(
                    where,
                    link,
                    allowed="an item with answers or with items, not both",
                    reason="has both (FHIR rule qrs-1)",
                )
            groups.append(link)
            groups.extend(leaves(item["item"], f"{where}.item", found))
        else:
            found.append((where, item))
    return groups


def _code(link: str) -> str:
    return link.removeprefix("/")


def form_of(
    instrument: object, resource: Mapping[str, Any], links: list[str], groups: list[str]
) -> Form:
    if instrument is not None:
        name = get_instrument(instrument).NAME  # type: ignore[arg-type]
        if name not in FORMS:
            raise UnknownCodeError("instrument", instrument, allowed=_SUPPORTED)
        return FORMS[name]
    named = [
        form
        for form in FORMS.values()
        if QUESTIONNAIRE_URLS[form.instrument] == text_of(resource.get("questionnaire"))
    ]
    if named:
        return named[0]
    panels = [form for form in FORMS.values() if form.panel in {_code(g) for g in groups}]
    if len(panels) == 1:
        return panels[0]
    codes = {_code(link) for link in links}
    # The form whose codes the items use most; its unknown items are then refused
    # one by one, at their paths. A tie (AUDIT-C's items are AUDIT's first three).
    matches = {form.instrument: len(codes & _known_codes(form)) for form in FORMS.values()}
    best = max(matches.values())
    fits = [FORMS[name] for name, count in matches.items() if count == best and best]
    if len(fits) == 1:
        return fits[0]
    reason = "fit several instruments" if fits else "are the codes of no instrument iopcore reads"
    raise UnknownCodeError(
        f"{ROOT}.item",
        ", ".join(sorted(codes)) or "no items",
        allowed=f"instrument= one of {_SUPPORTED}",
        reason=f"{reason}: name the instrument",
    )


def _known_codes(form: Form) -> set[str]:
    codes = {item.code for item in form.items if item.code is not None}
    codes |= set(form.unscored)
    if form.total is not None:
        codes.add(form.total)
    if form.follow_up is not None:
        codes.add(form.follow_up[0])
    return codes


def _weight(element: Mapping[str, Any], path: str) -> int | None:
    """The SDC ``ordinalValue`` or ``itemWeight`` an element carries, if any."""
    extensions = element.get("extension", [])
    found = None
    for index, raw in enumerate(_list(extensions, f"{path}.extension", "extensions")):
        extension = mapping(raw, f"{path}.extension[{index}]", "an extension")
        if text_of(extension.get("url")) in (ORDINAL_VALUE_URL, ITEM_WEIGHT_URL):
            where = f"{path}.extension[{index}]"
            value = extension.get("valueDecimal", extension.get("valueInteger"))
            found = whole(value, f"{where}.valueDecimal")
    return found


def _single_answer(item: Mapping[str, Any], path: str) -> tuple[str, Mapping[str, Any]] | None:
    """The one answer of an item and its path, or ``None`` when it has none."""
    answers = _list(item.get("answer", []), f"{path}.answer", "answers")
    if not answers:
        return None
    if len(answers) > 1:
        raise InvalidValueError(
            f"{path}.answer", f"{len(answers)} answers", allowed="one answer (a single-choice item)"
        )
    where = f"{path}.answer[0]"
    answer = mapping(answers[0], where, "an answer")
    refuse_unknown(answer, _ANSWER_KEYS, where)  # items below an answer are refused here
    return where, answer


def _value(answer: Mapping[str, Any], where: str) -> tuple[str, object]:
    kinds = [key for key in answer if key.startswith("value")]
    if len(kinds) != 1:
        raise InvalidValueError(
            where, ", ".join(kinds) or "no value", allowed=f"one of {_VALUE_TYPES}"
        )
    kind = kinds[0]
    if kind in {"valueString", "valueAttachment"}:
        raise InvalidTypeError(
            f"{where}.{kind}",
            answer[kind],
            allowed=_VALUE_TYPES,
            sensitive=True,
            reason="is free text, which no scored item takes",
        )
    return kind, answer[kind]


def _coded(
    coding: Mapping[str, Any], item: FormItem, where: str, allowed: tuple[int, ...] | None
) -> int | bool | None:
    system, code = coding.get("system"), coding.get("code")
    if system is not None and not isinstance(system, str):
        raise InvalidTypeError(f"{where}.valueCoding.system", system, allowed="a URI (a string)")
    path = f"{where}.valueCoding"
    if system == DATA_ABSENT_SYSTEM:
        return None  # asked but declined, unknown, ...: not answered
    if system is not None and system != LOINC_SYSTEM:
        raise UnknownCodeError(
            f"{path}.system",
            system,
            allowed=f"{LOINC_SYSTEM} (LOINC answer codes) or {DATA_ABSENT_SYSTEM}",
        )
    weight = _weight(coding, path)
    known = item.answers.get(code) if isinstance(code, str) else None
    if known is None and weight is None:
        accepted = ", ".join(f"{c} ({v})" for c, v in item.answers.items()) or (
            "a coding with an ordinalValue or itemWeight extension, or a valueInteger "
            "(iopcore has no confirmed LOINC answer codes for this item)"
        )
        raise UnknownCodeError(f"{path}.code", code, allowed=accepted)
    if known is not None and weight is not None and weight != known:
        raise InvalidValueError(
            f"{path}.extension", weight, allowed=repr(known), reason=f"is not the weight of {code}"
        )
    value = known if known is not None else weight
    if allowed is not None and value not in allowed:
        raise InvalidValueError(path, value, allowed=", ".join(map(str, allowed)))
    return value


def _answer(
    answer: Mapping[str, Any], where: str, item: FormItem, allowed: tuple[int, ...] | None
) -> int | bool | None:
    """One item's answer: an int (numeric item), a bool (yes/no) or None."""
    kind, value = _value(answer, where)
    path = f"{where}.{kind}"
    if kind == "valueCoding":
        return _coded(mapping(value, path, "a Coding"), item, where, allowed)
    if kind == "valueBoolean" and allowed is None and isinstance(value, bool):
        return value
    if kind in {"valueInteger", "valueDecimal"} and allowed is not None:
        number = whole(value, path)
        if number not in allowed:
            raise InvalidValueError(path, value, allowed=", ".join(map(str, allowed)))
        return number
    expected = (
        "valueBoolean or valueCoding (yes/no)"
        if allowed is None
        else ("valueCoding, valueInteger or valueDecimal")
    )
    raise InvalidTypeError(path, value, allowed=expected)


class Reading:
    """The answers of one form, gathered item by item."""

    def __init__(self, form: Form, *, own_links: bool) -> None:
        self.form = form
        self.module: Instrument = get_instrument(form.instrument)
        self.answers: list[int | bool | None] = [None] * len(form.items)
        self.seen: set[int] = set()
        self.total: int | None = None
        self.options: dict[str, OptionValue] = {}
        self.by_link = {item.code: item for item in form.items if item.code is not None}
        if own_links:
            self.by_link |= {str(item.number): item for item in form.items}

    def read(self, where: str, item: Mapping[str, Any]) -> None:
        """Read one answerable item into the answers, the total or the options."""
        link: str = item["linkId"]
        code = _code(link)
        given = _single_answer(item, where)
        scored = self.by_link.get(code) or self.by_link.get(link)
        if scored is not None:
            self._scored(scored, given, where, link)
        elif code == self.form.total:
            if given is not None:
                kind, value = _value(given[1], given[0])
                self.total = whole(value, f"{given[0]}.{kind}")
        elif self.form.follow_up is not None and code == self.form.follow_up[0]:
            if given is not None:
                yes_no = FormItem(0, code, self.form.items[-1].answers)
                self.options[self.form.follow_up[1]] = _answer(given[1], given[0], yes_no, None)
        elif code in self.form.unscored:
            _unscored(given, self.form.unscored[code])
        else:
            raise UnknownCodeError(
                f"{where}.linkId", link, allowed=self._allowed(), reason=_other(code)
            )

    def _scored(
        self,
        scored: FormItem,
        given: tuple[str, Mapping[str, Any]] | None,
        where: str,
        link: str,
    ) -> None:
        if scored.number in self.seen:
            raise InvalidValueError(f"{where}.linkId", link, allowed="each item once")
        self.seen.add(scored.number)
        if given is not None:
            allowed = self.module.ITEMS[scored.number - 1][1]
            self.answers[scored.number - 1] = _answer(given[1], given[0], scored, allowed)

    def _allowed(self) -> str:
        title = self.module.TITLE
        codes = ", ".join(sorted(_known_codes(self.form))) or "none confirmed"
        return (
            f"the {title} LOINC item codes ({codes}), or item numbers with iopcore's questionnaire"
        )


def _unscored(given: tuple[str, Mapping[str, Any]] | None, codes: frozenset[str]) -> None:
    """A known item that is not scored: its answer code is checked, its value not kept."""
    if given is None or not codes:
        return
    where, answer = given
    coding = mapping(answer.get("valueCoding"), f"{where}.valueCoding", "a Coding")
    if not isinstance(coding.get("code"), str) or coding["code"] not in codes:
        raise UnknownCodeError(
            f"{where}.valueCoding.code", coding.get("code"), allowed=", ".join(sorted(codes))
        )


def _other(code: str) -> str:
    for form in FORMS.values():
        if code == form.total:
            return f"is the {get_instrument(form.instrument).TITLE} total, not an item of this form"
        if code in _known_codes(form):
            return f"is a {get_instrument(form.instrument).TITLE} item, not one of this form"
    return "is not an item of this form"
