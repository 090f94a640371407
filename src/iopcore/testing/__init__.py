"""Tools for testing code that uses iopcore: Hypothesis strategies for its types.

Needs the ``testing`` extra (``pip install 'iopcore[testing]'``), which brings
Hypothesis. With it installed, ``hypothesis.strategies.from_type`` also knows the iopcore
types, through the ``hypothesis`` entry point this package declares.

>>> from iopcore.testing import strategies
>>> from iopcore import LevelOfCare
>>> strategies.levels_of_care().example() in set(LevelOfCare)  # doctest: +SKIP
True
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 - imported to fail early with a clear message
except ImportError as missing:  # pragma: no cover - the dev environment has hypothesis
    message = "iopcore.testing needs Hypothesis; install it with: pip install 'iopcore[testing]'"
    raise ImportError(message, name="hypothesis") from missing

__all__: list[str] = []
