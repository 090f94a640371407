"""The ``hypothesis`` entry point: lets ``st.from_type`` build every iopcore type.

Hypothesis calls :func:`_hypothesis_setup_hook` whenever it is imported, in every
environment where iopcore is installed. The hook imports iopcore's public modules to
register their classes (about 0.1 s, once per process); the strategies themselves
are built only when a test first asks for one.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each public iopcore value type (called by Hypothesis).

    Enums (``LevelOfCare``, ``Population``, ``Condition``, ``Sex``, ...) need none:
    Hypothesis samples their members by itself.
    """
    from iopcore.testing import _types  # noqa: PLC0415 - hypothesis calls us mid-import

    _types.register()
