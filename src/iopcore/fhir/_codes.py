"""Codes: iopcore's own FHIR code systems, the LOINC codes of the totals it exports.

Holds the system URIs (:data:`LEVEL_OF_CARE_SYSTEM`, :data:`SERVICE_TYPE_SYSTEM`,
:data:`LOINC_SYSTEM`), the checked LOINC codes (:data:`LOINC_TOTAL_CODES`), the
``CodeSystem`` resources that define iopcore's codes (:func:`code_systems`) and the
``CodeableConcept`` of a level of care or a service.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from iopcore.instruments import audit, audit_c, dast10, gad7, pcl5, phq9
from iopcore.levels import LevelOfCare
from iopcore.sessions import ServiceType

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "LEVEL_OF_CARE_SYSTEM",
    "LOINC_SYSTEM",
    "LOINC_TOTAL_CODES",
    "SERVICE_TYPE_SYSTEM",
    "code_systems",
    "level_concept",
    "service_concept",
]

#: iopcore's code system for :class:`~iopcore.levels.LevelOfCare` codes (no standard
#: FHIR value set covers the broad levels; a ``urn:uuid:`` minted for iopcore, since
#: iopcore has no web address to host a CodeSystem URL).
LEVEL_OF_CARE_SYSTEM: Final = "urn:uuid:e86010ec-d2b2-48d8-8947-482edb8fccee"
#: iopcore's code system for :class:`~iopcore.sessions.ServiceType` values.
SERVICE_TYPE_SYSTEM: Final = "urn:uuid:bda20752-8c4d-4367-b238-2cf85ee8784c"
#: The LOINC system URI (https://hl7.org/fhir/R4/loinc.html).
LOINC_SYSTEM: Final = "http://loinc.org"

#: LOINC codes of the instrument totals that iopcore exports, by instrument name:
#: ``(code, LOINC long common name)``. Each code was checked on the public page named
#: on its line; an instrument not listed here has no such check and is not exported.
LOINC_TOTAL_CODES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        # https://cdn.loinc.org/44261-6 (Regenstrief; member of panel 44249-1, PHQ-9)
        phq9.NAME: (
            phq9.LOINC_TOTAL,
            "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
        ),
        # https://loinc.org/69729-2 (Regenstrief PHQ-SADS panel lists 70274-6 by this
        # name); https://www.healthassure.in/codes/loinc-70274-6-generalized-anxiety-disorder-7-item-gad-7-total-score-reportedphq
        gad7.NAME: (
            gad7.LOINC_TOTAL,
            "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
        ),
        # https://loinc.org/75626-2 (Regenstrief; member of panel 72109-2, AUDIT-C)
        audit_c.NAME: (audit_c.LOINC_TOTAL, "Total score [AUDIT-C]"),
        # http://r.details.loinc.org/LOINC/75624-7.html (Regenstrief; panel 72110-0, AUDIT)
        audit.NAME: (audit.LOINC_TOTAL, "Total score [AUDIT]"),
        # https://loinc.org/82667-7 (Regenstrief; panel 82666-9, DAST-10)
        dast10.NAME: (dast10.LOINC_TOTAL, "Total score [DAST-10]"),
        # https://www.healthassure.in/codes/loinc-101698-9-ptsd-pcl-5-score-pcl-5 (a LOINC
        # mirror: the one score term of panel 101697-1, PCL-5; not seen on loinc.org)
        pcl5.NAME: (pcl5.LOINC_TOTAL, "PTSD PCL-5 score [PCL-5]"),
    }
)


def level_concept(level: LevelOfCare) -> dict[str, Any]:
    """The ``CodeableConcept`` of a level of care, in :data:`LEVEL_OF_CARE_SYSTEM`."""
    return {
        "coding": [{"system": LEVEL_OF_CARE_SYSTEM, "code": level.code, "display": level.label}],
        "text": level.label,
    }


def service_concept(service: ServiceType) -> dict[str, Any]:
    """The ``CodeableConcept`` of a service, in :data:`SERVICE_TYPE_SYSTEM`."""
    return {
        "coding": [
            {"system": SERVICE_TYPE_SYSTEM, "code": service.value, "display": service.value}
        ],
        "text": service.value,
    }


def code_systems() -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``CodeSystem`` resources of iopcore's level-of-care and service codes.

    Returns:
        ``(levels, services)``: complete code systems with the URIs
        :data:`LEVEL_OF_CARE_SYSTEM` and :data:`SERVICE_TYPE_SYSTEM`.

    >>> levels, services = code_systems()
    >>> [concept["code"] for concept in levels["concept"]]
    ['OP', 'IOP', 'PHP', 'RES', 'IP']
    >>> services["concept"][0]["code"]
    'group therapy'
    """
    levels = {
        "resourceType": "CodeSystem",
        "url": LEVEL_OF_CARE_SYSTEM,
        "name": "IopcoreLevelOfCare",
        "title": "iopcore levels of care",
        "status": "active",
        "description": (
            "The five broad levels of care of iopcore.levels.LevelOfCare, from least "
            "to most intensive."
        ),
        "caseSensitive": True,
        "content": "complete",
        "concept": [{"code": level.code, "display": level.label} for level in LevelOfCare],
    }
    services = {
        "resourceType": "CodeSystem",
        "url": SERVICE_TYPE_SYSTEM,
        "name": "IopcoreServiceType",
        "title": "iopcore service types",
        "status": "active",
        "description": "The kinds of service of iopcore.sessions.ServiceType.",
        "caseSensitive": True,
        "content": "complete",
        "concept": [{"code": service.value, "display": service.value} for service in ServiceType],
    }
    return levels, services
