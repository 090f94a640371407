"""Finding a shipped ruleset: by id, by version, or the one in force on a day."""

from __future__ import annotations

import importlib

import pendulum  # noqa: TC002 - Sphinx reads the annotations

from iopcore._validation import to_as_of
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.rulesets._ruleset import Ruleset, in_force
from iopcore.rulesets._shipped import MODULES


def available() -> tuple[str, ...]:
    """The ids of the shipped rulesets, sorted."""
    return tuple(sorted(MODULES))


def get_ruleset(
    id: str,  # noqa: A002 - the ruleset's id
    *,
    as_of: pendulum.Date | pendulum.DateTime | None = None,
    version: str | None = None,
) -> Ruleset:
    """Return a shipped ruleset by id: the version asked for, or the one in force.

    Args:
        id: The ruleset's id (see :func:`available`).
        as_of: The version in force on this day (the newest, when several are).
        version: That exact version, e.g. to re-read a result computed under an
            older one; every shipped version stays available.

    Without ``as_of`` and ``version``, the latest version is returned. With both, the
    version must be in force on ``as_of``.

    Raises:
        UnknownCodeError: no shipped ruleset has that id, or it has no such version
            (the error lists them).
        InvalidTypeError: ``version`` is not a string.
        InvalidValueError: no version of it (or not the one asked for) is in force on
            ``as_of``.

    >>> get_ruleset("medicare", version="2024.1").version
    '2024.1'
    """
    if not isinstance(id, str) or id not in MODULES:
        raise UnknownCodeError("id", id, allowed=", ".join(available()))
    versions: tuple[Ruleset, ...] = importlib.import_module(MODULES[id]).VERSIONS
    if version is not None:
        if not isinstance(version, str):
            raise InvalidTypeError("version", version, allowed="a version string, e.g. '2024.1'")
        chosen = tuple(ruleset for ruleset in versions if ruleset.version == version)
        if not chosen:
            listed = ", ".join(ruleset.version for ruleset in versions)
            raise UnknownCodeError(
                "version", version, allowed=listed, reason=f"is not a version of {id}"
            )
        versions = chosen
    if as_of is None:
        return versions[-1]
    on = to_as_of(as_of)
    for ruleset in reversed(versions):
        if in_force(ruleset, on):
            return ruleset
    spans = ", ".join(
        f"{r.version}: {r.effective_from.isoformat()} to {r.effective_to or 'open'}"
        for r in versions
    )
    raise InvalidValueError("as_of", on, allowed=f"a date when a version is in force ({spans})")


def ruleset_for(
    ruleset: object, *, as_of: pendulum.Date | pendulum.DateTime, default: str
) -> Ruleset:
    """The ruleset to apply on ``as_of``: ``ruleset`` itself, or the shipped ``default``.

    This is how every evaluator takes its ``ruleset=`` argument: ``None`` means the
    version of ``default`` in force on ``as_of``; a ruleset given must be in force then.

    Raises:
        InvalidTypeError: ``ruleset`` is neither a :class:`Ruleset` nor ``None``.
        InvalidValueError: ``ruleset`` is not in force on ``as_of`` (the error names
            ``as_of``).

    >>> ruleset_for(None, as_of=pendulum.date(2026, 3, 2), default="asam").id
    'asam'
    """
    on = to_as_of(as_of)
    if ruleset is None:
        return get_ruleset(default, as_of=on)
    if not isinstance(ruleset, Ruleset):
        raise InvalidTypeError("ruleset", ruleset, allowed="a Ruleset or None")
    if not in_force(ruleset, on):
        raise InvalidValueError(
            "as_of",
            on,
            allowed=f"a date when ruleset {ruleset.id} {ruleset.version} is in force",
            reason="is outside the ruleset's effective dates",
        )
    return ruleset
