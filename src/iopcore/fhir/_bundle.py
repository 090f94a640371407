"""Bundles: resources gathered in a FHIR R4 ``collection`` Bundle.

Each entry's ``fullUrl`` is a ``urn:uuid:`` derived from the resource's content and
place, so the same resources always give the same Bundle.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Final

from iopcore._validation import ErrorCollector
from iopcore.exceptions import InvalidTypeError, InvalidValueError

__all__ = ["bundle"]

# The namespace of the Bundle entries' name-based UUIDs (minted for iopcore).
_ENTRY_NAMESPACE: Final = uuid.UUID("81f4e9c0-846e-4bd1-87ce-ec2a7d4f259c")


def _entry(resource: object, index: int) -> dict[str, Any]:
    where = f"$.resources[{index}]"
    if not isinstance(resource, Mapping):
        raise InvalidTypeError(where, resource, allowed="a FHIR resource as a dict")
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not kind:
        raise InvalidValueError(
            f"{where}.resourceType", kind, allowed="the resource's type, such as 'Encounter'"
        )
    try:
        text = json.dumps(resource, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidValueError(
            where, kind, allowed="a resource of JSON values only", reason="is not JSON"
        ) from None
    # A name-based UUID: the same resource at the same place gives the same URL, and
    # the index keeps two equal resources apart (full URLs are unique in a Bundle).
    name = uuid.uuid5(_ENTRY_NAMESPACE, f"{index}:{text}")
    return {"fullUrl": f"urn:uuid:{name}", "resource": json.loads(text)}


def bundle(resources: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A FHIR R4 ``collection`` Bundle of ``resources``, in the order given.

    Each resource is copied (as JSON values) into an entry whose ``fullUrl`` is a
    ``urn:uuid:`` derived from its content and position, so the same resources give
    the same Bundle. The Bundle has no ``timestamp``: iopcore never reads the clock.

    Args:
        resources: Resources as dicts, such as those of :func:`episode_of_care`,
            :func:`observation` and :func:`encounter`.

    Raises:
        InvalidTypeError: ``resources`` is not an iterable of dicts.
        InvalidValueError: a resource without a ``resourceType``, or with a value
            that JSON cannot hold (each error names the resource's place).
        IopcoreErrorGroup: several of these at once.

    >>> import datetime as dt
    >>> from iopcore.fhir import observation
    >>> from iopcore.instruments import dast10
    >>> one = observation(
    ...     dast10.score([False] * 10), participant_id="p-001", effective=dt.date(2026, 3, 2)
    ... )
    >>> result = bundle([one])
    >>> result["type"], len(result["entry"]), result["entry"][0]["fullUrl"][:9]
    ('collection', 1, 'urn:uuid:')
    >>> bundle([one]) == result
    True
    """
    allowed = "an iterable of FHIR resources as dicts"
    if isinstance(resources, str | bytes | Mapping) or not isinstance(resources, Iterable):
        raise InvalidTypeError("resources", resources, allowed=allowed)
    collector = ErrorCollector("bundle")
    entries: list[dict[str, Any]] = []
    for index, resource in enumerate(resources):
        with collector.catch():
            entries.append(_entry(resource, index))
    collector.raise_if_any()
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
