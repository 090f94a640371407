"""narwhals expressions translated to polars once, for a query that runs again and again.

Every table is computed on polars (see :mod:`iopcore.frames._tables`). narwhals
translates an expression to polars each time a verb (``select``, ``with_columns``)
runs it, at some tens of microseconds per node: for :func:`~iopcore.frames.score`
that was about 7 ms a call, more than the scoring of 10^5 rows itself. A query that
depends only on the table's schema and the options is therefore built once, and its
expressions are translated once, by :meth:`Translated.of`; :meth:`Translated.select`
and :meth:`Translated.with_columns` then run the polars expressions on the polars
frame underneath.

narwhals has no public way to translate an expression without a frame, so
:func:`_to_polars` reads two of its internals (the polars namespace and
``Expr._to_compliant_expr``). This is the only polars-specific translation in
iopcore; if a narwhals release changes those internals, :func:`_to_polars` gives
``None`` and the verbs run the narwhals expressions as before (the same answers, at
narwhals' speed). A test pins that the quick route is taken with the narwhals that
the project installs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Translated"]


def _to_polars(exprs: Sequence[nw.Expr]) -> tuple[Any, ...] | None:
    """``exprs`` as polars expressions, or ``None`` where narwhals' internals differ."""
    try:
        from narwhals._namespace import Namespace  # noqa: PLC0415 - internals, see above

        namespace = Namespace.from_backend(nw.Implementation.POLARS).compliant
        compliant: list[Any] = [expr._to_compliant_expr(namespace) for expr in exprs]  # noqa: SLF001
        return tuple(expr.native for expr in compliant)
    except (ImportError, AttributeError, TypeError):
        return None


@attrs.frozen
class Translated:
    """Expressions as narwhals builds them and, once translated, as polars runs them.

    Attributes:
        exprs: The narwhals expressions.
        native: The same as polars expressions; ``None`` when narwhals could not be
            asked for them (the verbs then run ``exprs``).
    """

    exprs: tuple[nw.Expr, ...]
    native: tuple[Any, ...] | None

    @classmethod
    def of(cls, exprs: Sequence[nw.Expr]) -> Translated:
        """``exprs``, translated now."""
        return cls(tuple(exprs), _to_polars(exprs))

    def select(self, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        """``frame.select(*exprs)``; ``frame`` is a polars-backed lazy frame."""
        if self.native is None:
            return frame.select(*self.exprs)
        selected: nw.LazyFrame[Any] = nw.from_native(frame.to_native().select(self.native))
        return selected

    def aggregate(self, frame: nw.LazyFrame[Any], keys: Sequence[str]) -> nw.LazyFrame[Any]:
        """``frame.group_by(*keys).agg(*exprs)``; ``frame`` is a polars-backed lazy frame."""
        if self.native is None:
            return frame.group_by(*keys).agg(*self.exprs)
        grouped: nw.LazyFrame[Any] = nw.from_native(
            frame.to_native().group_by(list(keys)).agg(self.native)
        )
        return grouped

    def filter(self, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        """``frame.filter(*exprs)``; ``frame`` is a polars-backed lazy frame."""
        if self.native is None:
            return frame.filter(*self.exprs)
        kept: nw.LazyFrame[Any] = nw.from_native(frame.to_native().filter(*self.native))
        return kept

    def with_columns(self, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        """``frame.with_columns(*exprs)``; ``frame`` is a polars-backed lazy frame."""
        if self.native is None:
            return frame.with_columns(*self.exprs)
        added: nw.LazyFrame[Any] = nw.from_native(frame.to_native().with_columns(self.native))
        return added
