"""Questionnaire codes: the LOINC item and answer codes a QuestionnaireResponse is read by.

One :class:`Form` per instrument: its LOINC panel, its items in order (each with the
LOINC item code, where one was confirmed in a public source, and the LOINC answer
codes it takes), its total-score code, and the items iopcore knows but does not score.
Every code is on a line that names the public source it was read from. An item whose
code could not be confirmed has ``code=None``: it is read only by iopcore's own
``linkId`` (the item number, in a response to iopcore's own questionnaire,
``QUESTIONNAIRE_URLS``); an item whose answer codes could not be confirmed takes
numbers (``valueInteger``) or codings that carry their own weight (the SDC
``ordinalValue`` or ``itemWeight`` extension), never a bare code.

Sources (read 2026-12-07):

* HL7 US Core 9.0.0 (CC0-1.0), github.com/HL7/US-Core commit 85bf4af6,
  ``input/examples/Questionnaire-phq-9-example.json`` (PHQ-9 items and answers with
  ``ordinalValue``) and ``input/examples/Questionnaire-AUDIT-C.json`` (AUDIT-C items
  2 and 3, answers with ``ordinalValue``).
* NLM LHC-Forms, github.com/lhncbc/lforms-fhir-app commit 63057e3f,
  ``cypress/fixtures/R4/phq9.json`` (the PHQ-9 Questionnaire LHC-Forms builds from
  LOINC 44249-1: the same item and answer codes and ordinals).
* HL7 Personal Health Record IG (CC BY 4.0), github.com/HL7/personal-health-record-format-ig
  commit af4b716f, ``input/fsh/pghd/instance/Questionnaire-ScoredAssessment-GAD7.fsh``
  (GAD-7 items and answers; data-absent-reason ``asked-declined`` as an answer).
* Cobalt (Penn Medicine, Apache-2.0), github.com/Penn-Medicine-CHCI/cobalt-api,
  LHC-Forms-style R4 Questionnaires under ``ic/src/main/resources/``: commit 2316e1c5
  ``GAD7-R4.json`` (GAD-7, with LA18938-3 on item 2), ``Audit-C-R4.json`` (AUDIT-C
  item 1 and its answers with ``ordinalValue``); commit 46cb296c ``cssrs.json``
  (C-SSRS screener panel 93373-9, its seven item codes, Yes LA33-6 / No LA32-8).
* LOINC (Regenstrief): https://cdn.loinc.org/72110-0 (AUDIT panel members, total
  75624-7), https://loinc.org/75626-2 (AUDIT-C total, panel 72109-2),
  https://loinc.org/82667-7 (DAST-10 total, panel 82666-9),
  https://cdn.loinc.org/93245-9/panel (answer list LL5384-4: No LA32-8, Yes LA33-6).

Not confirmed, so not used: the LOINC item codes of the DAST-10 (panel 82666-9) and
the PCL-5 (panel 101697-1), and the LOINC answer codes of AUDIT items 4-10.
"""

from __future__ import annotations

import uuid
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NamedTuple

from iopcore.fhir._codes import LOINC_TOTAL_CODES
from iopcore.instruments import audit, audit_c, cssrs, dast10, gad7, pcl5, phq9

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DATA_ABSENT_SYSTEM",
    "FORMS",
    "ITEM_WEIGHT_URL",
    "ORDINAL_VALUE_URL",
    "QUESTIONNAIRE_URLS",
    "YES_NO",
    "Form",
    "FormItem",
]

#: The SDC extensions that give a coded answer its score.
ORDINAL_VALUE_URL: Final = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT_URL: Final = "http://hl7.org/fhir/StructureDefinition/itemWeight"
#: Codes in this system say why an answer is absent (https://hl7.org/fhir/R4/codesystem-data-absent-reason.html).
DATA_ABSENT_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

# "Not at all" 0 .. "Nearly every day" 3: US Core Questionnaire-phq-9-example.json
# (ordinalValue 0-3); LHC-Forms cypress/fixtures/R4/phq9.json (same codes, ordinals).
_PHQ_FREQUENCY: Final[Mapping[str, int | bool]] = MappingProxyType(
    {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}
)
# GAD-7 item 2 "More than half of the days" LA18938-3 = 2: Cobalt GAD7-R4.json (2316e1c5).
_GAD7_ITEM2: Final[Mapping[str, int | bool]] = MappingProxyType({**_PHQ_FREQUENCY, "LA18938-3": 2})
# AUDIT-C item 1 (how often a drink): Cobalt Audit-C-R4.json (2316e1c5), ordinalValue 0-4.
_DRINK_FREQUENCY: Final[Mapping[str, int | bool]] = MappingProxyType(
    {"LA6270-8": 0, "LA18926-8": 1, "LA18927-6": 2, "LA18928-4": 3, "LA18929-2": 4}
)
# AUDIT-C item 2 (drinks on a typical day): US Core Questionnaire-AUDIT-C.json, ordinalValue 0-4.
_DRINKS_PER_DAY: Final[Mapping[str, int | bool]] = MappingProxyType(
    {"LA15694-5": 0, "LA15695-2": 1, "LA18930-0": 2, "LA18931-8": 3, "LA18932-6": 4}
)
# AUDIT-C item 3 (six or more drinks): US Core Questionnaire-AUDIT-C.json, ordinalValue 0-4.
_HEAVY_FREQUENCY: Final[Mapping[str, int | bool]] = MappingProxyType(
    {"LA6270-8": 0, "LA18933-4": 1, "LA18876-5": 2, "LA18891-4": 3, "LA18934-2": 4}
)
#: Yes LA33-6, No LA32-8: LOINC answer list LL5384-4 (https://cdn.loinc.org/93245-9/panel);
#: Cobalt cssrs.json (46cb296c).
YES_NO: Final[Mapping[str, int | bool]] = MappingProxyType({"LA33-6": True, "LA32-8": False})
# PHQ-9 "how difficult" (not scored): US Core Questionnaire-phq-9-example.json /69722-7.
_DIFFICULTY: Final = frozenset({"LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"})


class FormItem(NamedTuple):
    """One scored item: its LOINC code (``None``: not confirmed) and answer codes."""

    #: 1-based item number, as the instrument module counts it.
    number: int
    #: The LOINC item code, or ``None`` when no public source confirmed one.
    code: str | None
    #: LOINC answer code -> answer; empty when no answer codes were confirmed.
    answers: Mapping[str, int | bool]


class Form(NamedTuple):
    """How one instrument is written as a QuestionnaireResponse."""

    instrument: str
    #: The LOINC panel code (a group item may carry it as its linkId).
    panel: str
    items: tuple[FormItem, ...]
    #: The LOINC code of the total score, or ``None`` (the C-SSRS has no total).
    total: str | None
    #: Known items that are not scored, with the answer codes they take.
    unscored: Mapping[str, frozenset[str]]
    #: The LOINC code of a follow-up read as a scoring option, and the option's name.
    follow_up: tuple[str, str] | None = None


def _items(
    codes: tuple[str | None, ...], answers: Mapping[str, int | bool]
) -> tuple[FormItem, ...]:
    return tuple(FormItem(n, code, answers) for n, code in enumerate(codes, start=1))


_NONE: Final[Mapping[str, int | bool]] = MappingProxyType({})
_NOTHING: Final[Mapping[str, frozenset[str]]] = MappingProxyType({})

#: The form of each instrument, by registry name.
FORMS: Final[Mapping[str, Form]] = MappingProxyType(
    {
        phq9.NAME: Form(
            instrument=phq9.NAME,
            panel="44249-1",  # US Core Questionnaire-phq-9-example.json code
            # US Core Questionnaire-phq-9-example.json, items 1-9 in order; LHC-Forms phq9.json.
            items=_items(
                (
                    "44250-9",
                    "44255-8",
                    "44259-0",
                    "44254-1",
                    "44251-7",
                    "44258-2",
                    "44252-5",
                    "44253-3",
                    "44260-8",
                ),
                _PHQ_FREQUENCY,
            ),
            total=LOINC_TOTAL_CODES[phq9.NAME][0],
            unscored=MappingProxyType({"69722-7": _DIFFICULTY}),  # US Core /69722-7
        ),
        gad7.NAME: Form(
            instrument=gad7.NAME,
            panel="69737-5",  # PHR IG Questionnaire-ScoredAssessment-GAD7.fsh code
            # PHR IG Questionnaire-ScoredAssessment-GAD7.fsh items 1-7; Cobalt GAD7-R4.json.
            items=(
                FormItem(1, "69725-0", _PHQ_FREQUENCY),
                FormItem(2, "68509-9", _GAD7_ITEM2),
                *(
                    FormItem(n, code, _PHQ_FREQUENCY)
                    for n, code in enumerate(
                        ("69733-4", "69734-2", "69735-9", "69689-8", "69736-7"), start=3
                    )
                ),
            ),
            total=LOINC_TOTAL_CODES[gad7.NAME][0],
            unscored=_NOTHING,
        ),
        audit_c.NAME: Form(
            instrument=audit_c.NAME,
            panel="72109-2",  # https://loinc.org/75626-2 (member of panel 72109-2)
            items=(
                FormItem(1, "68518-0", _DRINK_FREQUENCY),  # Cobalt Audit-C-R4.json
                FormItem(2, "68519-8", _DRINKS_PER_DAY),  # US Core Questionnaire-AUDIT-C.json
                FormItem(3, "68520-6", _HEAVY_FREQUENCY),  # US Core Questionnaire-AUDIT-C.json
            ),
            total=LOINC_TOTAL_CODES[audit_c.NAME][0],
            unscored=_NOTHING,
        ),
        audit.NAME: Form(
            instrument=audit.NAME,
            panel="72110-0",  # https://cdn.loinc.org/72110-0
            items=(
                FormItem(1, "68518-0", _DRINK_FREQUENCY),  # cdn.loinc.org/72110-0; Cobalt
                FormItem(2, "68519-8", _DRINKS_PER_DAY),  # cdn.loinc.org/72110-0; US Core
                FormItem(3, "68520-6", _HEAVY_FREQUENCY),  # cdn.loinc.org/72110-0; US Core
                # Items 4-10: the panel members on https://cdn.loinc.org/72110-0, in order;
                # their answer codes were not confirmed (numbers or weighted codings only).
                *(
                    FormItem(n, code, _NONE)
                    for n, code in enumerate(
                        (
                            "97734-8",
                            "97735-5",
                            "97736-3",
                            "97737-1",
                            "97738-9",
                            "97739-7",
                            "97740-5",
                        ),
                        start=4,
                    )
                ),
            ),
            total=LOINC_TOTAL_CODES[audit.NAME][0],  # 75624-7, cdn.loinc.org/72110-0
            # 46098-0 "Please select your gender": a member of the panel
            # (cdn.loinc.org/72110-0); its answers are not read.
            unscored=MappingProxyType({"46098-0": frozenset()}),
        ),
        dast10.NAME: Form(
            instrument=dast10.NAME,
            panel="82666-9",  # https://loinc.org/82667-7 (member of panel 82666-9)
            items=_items((None,) * dast10.ITEM_COUNT, YES_NO),  # item codes not confirmed
            total=LOINC_TOTAL_CODES[dast10.NAME][0],
            unscored=_NOTHING,
        ),
        pcl5.NAME: Form(
            instrument=pcl5.NAME,
            panel="101697-1",  # findacode.com / healthassure.in LOINC mirrors
            items=_items((None,) * pcl5.ITEM_COUNT, _NONE),  # item and answer codes not confirmed
            total=LOINC_TOTAL_CODES[pcl5.NAME][0],
            unscored=_NOTHING,
        ),
        cssrs.NAME: Form(
            instrument=cssrs.NAME,
            panel=cssrs.LOINC_PANEL,  # Cobalt cssrs.json group /93373-9
            # Questions 1-6: Cobalt cssrs.json (46cb296c), in order.
            items=_items(
                ("93246-7", "93247-5", "93248-3", "93249-1", "93250-9", "93267-3"), YES_NO
            ),
            total=None,
            unscored=_NOTHING,
            # "Was this within the past 3 months?": Cobalt cssrs.json /93269-9.
            follow_up=("93269-9", "behaviour_within_3_months"),
        ),
    }
)

# The namespace of iopcore's questionnaire URLs (minted for iopcore, like its code systems).
_QUESTIONNAIRE_NAMESPACE: Final = uuid.UUID("5b0c7f3e-2a8d-4d0b-9a51-7f4f7f3c9e21")

#: The canonical URL of iopcore's own questionnaire of each instrument: a response
#: that names it (``QuestionnaireResponse.questionnaire``) may use the item numbers
#: (``"1"``, ``"2"``, ...) as linkIds.
QUESTIONNAIRE_URLS: Final[Mapping[str, str]] = MappingProxyType(
    {name: f"urn:uuid:{uuid.uuid5(_QUESTIONNAIRE_NAMESPACE, name)}" for name in FORMS}
)
