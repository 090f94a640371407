"""Bundles read: the entries of a FHIR R4 Bundle sorted into iopcore values by participant.

:func:`read_bundle` reads each ``Encounter``, ``EpisodeOfCare`` and
``QuestionnaireResponse`` of a Bundle with :func:`~iopcore.fhir.from_encounter`,
:func:`~iopcore.fhir.from_episode_of_care` and
:func:`~iopcore.fhir.from_questionnaire_response`, and gathers them per participant
in :class:`BundleRecords`; what it skips, it says (:attr:`BundleContents.skipped`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from iopcore._validation import ErrorCollector, other_participants, to_instances, to_participant_id
from iopcore.assessments import Assessment
from iopcore.episodes import Episode
from iopcore.exceptions import InvalidTypeError, InvalidValueError, IopcoreError, UnknownCodeError
from iopcore.fhir._encounter_import import from_encounter
from iopcore.fhir._episode_import import from_episode_of_care
from iopcore.fhir._questionnaire import from_questionnaire_response
from iopcore.fhir._reading import list_of, mapping, refuse_unknown, relabeled, text_of
from iopcore.sessions import Session

if TYPE_CHECKING:
    import pendulum

    from iopcore.episodes import DischargeReason
    from iopcore.levels import LevelOfCare
    from iopcore.sessions import ServiceType

__all__ = ["BundleContents", "BundleRecords", "read_bundle"]

_ROOT: Final = "Bundle"
_READ_TYPES: Final = ("Encounter", "EpisodeOfCare", "QuestionnaireResponse")
# Bundle.type, R4 (https://hl7.org/fhir/R4/valueset-bundle-type.html).
_BUNDLE_TYPES: Final = frozenset(
    {"document", "message", "transaction", "transaction-response", "batch"}
    | {"batch-response", "history", "searchset", "collection"}
)
_BUNDLE_KEYS: Final = frozenset(
    {"resourceType", "id", "meta", "language", "identifier", "type", "timestamp", "total"}
    | {"link", "entry", "signature"}
)
_ENTRY_KEYS: Final = frozenset(
    {"id", "extension", "link", "fullUrl", "resource", "search", "request", "response"}
)
_PARTICIPANT_ID: Final = operator.attrgetter("participant_id")


def _episodes(values: object) -> tuple[Episode, ...]:
    return to_instances(values, Episode, field="episodes", allowed="an iterable of Episode values")


def _sessions(values: object) -> tuple[Session, ...]:
    return to_instances(values, Session, field="sessions", allowed="an iterable of Session values")


def _assessments(values: object) -> tuple[Assessment, ...]:
    return to_instances(
        values, Assessment, field="assessments", allowed="an iterable of Assessment values"
    )


@attrs.frozen(kw_only=True)
class BundleRecords:
    """One participant's values read from a Bundle, each kind in the Bundle's order.

    Not a :class:`~iopcore.cohort.ParticipantRecords`: a Bundle of these resources
    has no birth date (which a :class:`~iopcore.participants.Participant` needs) and
    may hold several episodes. Build one from these values and the participant.

    Attributes:
        participant_id: The participant's opaque id.
        episodes: Their episodes (from ``EpisodeOfCare`` entries).
        sessions: Their sessions (from ``Encounter`` entries).
        assessments: Their assessments (from ``QuestionnaireResponse`` entries).

    Raises:
        InvalidTypeError: a field of the wrong type.
        InvalidValueError: a value of another participant (``$.sessions[3].participant_id``).
    """

    participant_id: str = attrs.field(converter=to_participant_id)
    episodes: tuple[Episode, ...] = attrs.field(default=(), converter=_episodes)
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=_sessions)
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=_assessments)

    def __attrs_post_init__(self) -> None:
        owner = self.participant_id
        collector = ErrorCollector("bundle records")
        for name in ("episodes", "sessions", "assessments"):
            collector.errors.extend(
                other_participants(
                    map(_PARTICIPANT_ID, getattr(self, name)),
                    owner,
                    path=f"$.{name}[{{index}}].participant_id",
                    allowed="the participant's own id",
                    reason="is another participant",
                )
            )
        collector.raise_if_any()


def _records(values: object) -> tuple[BundleRecords, ...]:
    found = to_instances(
        values, BundleRecords, field="participants", allowed="an iterable of BundleRecords"
    )
    ids = [record.participant_id for record in found]
    if len(set(ids)) != len(ids):
        raise InvalidValueError(
            "participants", "a participant twice", allowed="one BundleRecords per participant"
        )
    return found


def _skipped(values: object) -> tuple[str, ...]:
    allowed = "an iterable of FHIR paths (strings)"
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidTypeError("skipped", values, allowed=allowed)
    found = tuple(values)
    for value in found:
        if not isinstance(value, str):
            raise InvalidTypeError("skipped", value, allowed=allowed)
    return found


@attrs.frozen(kw_only=True)
class BundleContents:
    """What :func:`read_bundle` read: each participant's values, and what it skipped.

    Attributes:
        participants: One :class:`BundleRecords` per participant, in the order they
            first appear in the Bundle.
        skipped: The entries skipped on the caller's request, each as its path and
            why: ``"Bundle.entry[2].resource (Patient)"``,
            ``"Bundle.entry[5].resource (entered-in-error)"``.

    Raises:
        InvalidTypeError: a field of the wrong type.
        InvalidValueError: two records of one participant.
    """

    participants: tuple[BundleRecords, ...] = attrs.field(default=(), converter=_records)
    skipped: tuple[str, ...] = attrs.field(default=(), converter=_skipped)

    def by_participant(self) -> dict[str, BundleRecords]:
        """The records keyed by participant id (a new dict)."""
        return {record.participant_id: record for record in self.participants}


def _skip_types(value: object) -> frozenset[str]:
    allowed = "resource types (strings) other than " + ", ".join(_READ_TYPES)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError("skip", value, allowed=f"an iterable of {allowed}")
    found = tuple(value)
    for kind in found:
        if not isinstance(kind, str) or kind in _READ_TYPES:
            raise InvalidValueError("skip", kind, allowed=allowed)
    return frozenset(found)


def _entries(value: object) -> list[Any]:
    bundle = mapping(value, "bundle", "a FHIR Bundle")
    if text_of(bundle.get("resourceType")) != _ROOT:
        raise InvalidValueError(
            "bundle.resourceType", bundle.get("resourceType"), allowed="'Bundle'"
        )
    refuse_unknown(bundle, _BUNDLE_KEYS, _ROOT, resource=_ROOT, choice=None)
    kind = bundle.get("type")
    if text_of(kind) not in _BUNDLE_TYPES:
        raise UnknownCodeError(f"{_ROOT}.type", kind, allowed=", ".join(sorted(_BUNDLE_TYPES)))
    return list_of(bundle.get("entry", []), f"{_ROOT}.entry", "entries")


def read_bundle(  # noqa: PLR0913 - the options of the three readers, and what to skip
    bundle: Mapping[str, Any],
    *,
    as_of: pendulum.Date | pendulum.DateTime,
    services: Mapping[tuple[str, str], ServiceType | str] | None = None,
    levels: Mapping[tuple[str, str], LevelOfCare | str] | None = None,
    discharge_reason: DischargeReason | str | None = None,
    skip: Iterable[str] = (),
    skip_entered_in_error: bool = False,
) -> BundleContents:
    """Read a FHIR R4 Bundle's entries as iopcore values, sorted by participant.

    Every Bundle type is read (``collection``, ``searchset``, ``transaction``,
    ``batch``, ``history``, ...): each entry must hold a ``resource``. An
    ``Encounter`` is read with :func:`~iopcore.fhir.from_encounter` (``services``),
    an ``EpisodeOfCare`` with :func:`~iopcore.fhir.from_episode_of_care` (``as_of``,
    ``levels``, ``discharge_reason``), a ``QuestionnaireResponse`` with
    :func:`~iopcore.fhir.from_questionnaire_response` (the instrument told from the
    form). Any other resource type (a ``Patient``, an ``Observation``, an
    ``OperationOutcome`` of a search) is an error naming ``Bundle.entry[i].resource``,
    unless ``skip`` names its type; a resource ``entered-in-error`` is an error
    unless ``skip_entered_in_error``. Each entry skipped is listed in
    :attr:`BundleContents.skipped`: nothing is dropped unsaid. (An ``Observation``
    of a total is not read: a total without its answers is no assessment.)

    Args:
        bundle: The Bundle as a JSON dict.
        as_of: The date the Bundle speaks for (see
            :func:`~iopcore.fhir.from_episode_of_care`).
        services: More service codes for the encounters.
        levels: More level-of-care codes for the episodes.
        discharge_reason: The discharge reason of the finished episodes.
        skip: Resource types to skip, such as ``{"Patient", "Observation"}``.
        skip_entered_in_error: Skip the resources entered in error.

    Returns:
        A :class:`BundleContents`: each participant's values and the entries skipped.

    Raises:
        UnknownCodeError: a resource type not read and not skipped, or any error of
            the three readers; each error names the entry
            (``Bundle.entry[3].resource.period.end``).
        InvalidValueError, InvalidTypeError, NaiveDateTimeError: as the readers.
        IopcoreErrorGroup: several of these, from all the entries.

    >>> import pendulum
    >>> from iopcore.fhir import bundle, encounter, episode_of_care
    >>> from iopcore.episodes import Episode
    >>> from iopcore.sessions import Session
    >>> stay = Episode(
    ...     participant_id="p-1", admitted=pendulum.date(2026, 3, 2), initial_level="IOP"
    ... )
    >>> group = Session(
    ...     participant_id="p-1",
    ...     service="group therapy",
    ...     start=pendulum.datetime(2026, 3, 2, 9, tz="America/New_York"),
    ...     end=pendulum.datetime(2026, 3, 2, 12, tz="America/New_York"),
    ... )
    >>> day = pendulum.date(2026, 3, 3)
    >>> sent = bundle(
    ...     [episode_of_care(stay, as_of=day), encounter(group), {"resourceType": "Patient"}]
    ... )
    >>> read = read_bundle(sent, as_of=day, skip={"Patient"})
    >>> records = read.by_participant()["p-1"]
    >>> records.episodes == (stay,), records.sessions == (group,), read.skipped
    (True, True, ('Bundle.entry[2].resource (Patient)',))
    """
    on_skip = _skip_types(skip)
    readers: dict[str, Callable[[Mapping[str, Any]], Episode | Session | Assessment]] = {
        "Encounter": lambda resource: from_encounter(resource, services=services),
        "EpisodeOfCare": lambda resource: from_episode_of_care(
            resource, as_of=as_of, levels=levels, discharge_reason=discharge_reason
        ),
        "QuestionnaireResponse": from_questionnaire_response,
    }
    collector = ErrorCollector(_ROOT)
    read: dict[str, dict[str, list[Any]]] = {}
    skipped: list[str] = []
    for index, raw in enumerate(_entries(bundle)):
        where = f"{_ROOT}.entry[{index}]"
        with collector.catch():
            entry = mapping(raw, where, "an entry")
            refuse_unknown(entry, _ENTRY_KEYS, where, resource=_ROOT, choice=None)
            resource = mapping(entry.get("resource"), f"{where}.resource", "a resource")
            kind = text_of(resource.get("resourceType"))
            if kind in on_skip:
                skipped.append(f"{where}.resource ({kind})")
                continue
            if skip_entered_in_error and text_of(resource.get("status")) == "entered-in-error":
                skipped.append(f"{where}.resource (entered-in-error)")
                continue
            if kind not in readers:
                raise UnknownCodeError(
                    f"{where}.resource",
                    resource.get("resourceType"),
                    allowed=", ".join(_READ_TYPES) + " (or a type named in skip=)",
                    reason="is a resource type read_bundle does not read",
                )
            value = _read(readers[kind], resource, kind, f"{where}.resource")
            lists = read.setdefault(
                value.participant_id, {"episodes": [], "sessions": [], "assessments": []}
            )
            lists[_KIND_OF[type(value)]].append(value)
    collector.raise_if_any()
    return BundleContents(
        participants=[BundleRecords(participant_id=who, **kept) for who, kept in read.items()],
        skipped=skipped,
    )


_KIND_OF: Final = {Episode: "episodes", Session: "sessions", Assessment: "assessments"}


def _read(
    reader: Callable[[Mapping[str, Any]], Episode | Session | Assessment],
    resource: Mapping[str, Any],
    kind: str,
    where: str,
) -> Episode | Session | Assessment:
    """One resource read, its errors named by their place in the Bundle."""

    def rename(field: str) -> str:
        for root in (kind, "resource"):
            if field == root or field.startswith((f"{root}.", f"{root}[")):
                return where + field[len(root) :]
        return field  # an argument of read_bundle, such as discharge_reason

    try:
        return reader(resource)
    except IopcoreError as error:
        raise relabeled(error, rename) from None
