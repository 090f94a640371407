"""Old public names kept after a rename: each still works, and warns, until removed.

A module that renamed a public name looks the old one up here from its own
``__getattr__`` (:pep:`562`), so ``from iopcore.intensity import Check`` keeps
working for a year with a :class:`DeprecationWarning` naming the new name. The
CHANGELOG lists every rename under *Deprecated*.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["REMOVED_AFTER", "renamed"]

#: When the deprecated names go: a year after the renames.
REMOVED_AFTER: Final = "December 2027"


def renamed(module: str, name: str, renames: Mapping[str, tuple[str, object]]) -> object:
    """The value the old ``name`` of ``module`` stands for, with a warning.

    ``renames`` maps each old name to the new name (as users write it) and its value.

    Raises:
        AttributeError: ``name`` is not an old name of ``module`` either.
    """
    try:
        new, value = renames[name]
    except KeyError:
        message = f"module {module!r} has no attribute {name!r}"
        raise AttributeError(message) from None
    warnings.warn(
        f"{module}.{name} is deprecated and will be removed after {REMOVED_AFTER}; use {new}",
        DeprecationWarning,
        stacklevel=3,
    )
    return value
