"""Views, and how they are shown: plain text, Markdown and HTML.

Every result type of iopcore builds its own :class:`View` (its ``view()`` method): a
headline, the lines of its plain-text form, and the parts its HTML and Markdown show
(tables of cells, label and value pairs, notes, lists, a line chart). This module
turns a view into text, Markdown or HTML. It sits below everything else and knows
no iopcore type: it sees strings and numbers only, and HTML escapes every one.

>>> view = View(
...     kind="example",
...     headline="a <b> headline",
...     lines=("a <b> headline", "total: 3"),
...     parts=(Pairs((("total", "3"),)),),
... )
>>> print(as_text(view))
a <b> headline
total: 3
>>> shown = as_html(view)
>>> shown.startswith("<div class='iopcore-example'><p><strong>a &lt;b&gt; headline")
True
>>> "<tr><th>total</th><td>3</td></tr>" in shown
True
>>> print(as_markdown(view))
**a <b> headline**
<BLANKLINE>
| | |
|---|---|
| total | 3 |
<BLANKLINE>
"""

from __future__ import annotations

import html

import attrs

__all__ = [
    "Chart",
    "Items",
    "Note",
    "Pairs",
    "Part",
    "Shown",
    "Table",
    "View",
    "as_html",
    "as_markdown",
    "as_text",
    "value_text",
    "yes_no",
]


@attrs.frozen
class Table:
    """A table: a header row, then rows of cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen
class Pairs:
    """A table of (label, value) rows, without a header."""

    rows: tuple[tuple[str, str], ...]


@attrs.frozen
class Note:
    """A sentence on its own line (``role`` names it in HTML, e.g. ``follow-up``)."""

    text: str
    role: str | None = None


@attrs.frozen
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@attrs.frozen
class Chart:
    """A small line chart of (x, y) points, both axes from 0 (y grows upwards).

    The x values are spread over the width, the y values over the height with the
    largest (at least 1) at the top. Fewer than two points draw nothing.
    """

    points: tuple[tuple[float, float], ...]
    label: str


Part = Table | Pairs | Note | Items | Chart


@attrs.frozen
class View:
    """What a result shows: a headline, its text lines, and the parts under the headline.

    Attributes:
        kind: What kind of result it is; HTML puts it in the class ``iopcore-<kind>``.
        headline: One line that says the result, or ``None``.
        lines: The plain-text form, line by line (its first line is most often the
            headline).
        parts: What HTML and Markdown show under the headline, in order.
    """

    kind: str
    headline: str | None
    lines: tuple[str, ...]
    parts: tuple[Part, ...] = ()


# ---------------------------------------------------------------- cells


def value_text(value: object) -> str:
    """A value as a cell: ``missing`` for None, floats without trailing zeros."""
    if value is None:
        return "missing"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_YES_NO = {True: "yes", False: "no", None: "?"}


def yes_no(value: bool | None) -> str:
    """``yes``, ``no``, or ``?`` for unknown."""
    return _YES_NO[value]


# ---------------------------------------------------------------- text


def as_text(view: View) -> str:
    """The view's plain-text form: its lines."""
    return "\n".join(view.lines)


# ---------------------------------------------------------------- Markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_rows(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    return [
        "| " + " | ".join(_cell(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
    ]


def _markdown_part(part: Part) -> list[str]:
    if isinstance(part, Table):
        return _markdown_rows(part.columns, part.rows)
    if isinstance(part, Pairs):
        return [
            "| | |",
            "|---|---|",
            *(f"| {_cell(label)} | {_cell(value)} |" for label, value in part.rows),
        ]
    if isinstance(part, Note):
        return [f"- {_cell(part.text)}"]
    if isinstance(part, Items):
        return [f"- {_cell(item)}" for item in part.items]
    return []  # a chart has no Markdown form


def as_markdown(view: View) -> str:
    """A Markdown report: the headline in bold, then each part (tables as pipe tables).

    Consecutive notes form one list; a blank line separates the parts.
    """
    blocks: list[list[str]] = []
    if view.headline is not None:
        blocks.append([f"**{view.headline}**"])
    for part in view.parts:
        lines = _markdown_part(part)
        if not lines:
            continue
        if isinstance(part, Note) and blocks and blocks[-1][0].startswith("- "):
            blocks[-1].extend(lines)
        else:
            blocks.append(lines)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


# ---------------------------------------------------------------- HTML

_CHART_WIDTH = 240
_CHART_HEIGHT = 48
_CHART_PAD = 4


def _html_table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_pairs(rows: tuple[tuple[str, str], ...]) -> str:
    body = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table><tbody>{body}</tbody></table>"


def _html_chart(chart: Chart) -> str:
    points = chart.points
    if len(points) < 2:  # a line needs two points
        return ""
    span = max(*(x for x, _ in points), 1)
    top = max(*(y for _, y in points), 1)
    inner_w, inner_h = _CHART_WIDTH - 2 * _CHART_PAD, _CHART_HEIGHT - 2 * _CHART_PAD
    xy = [
        (_CHART_PAD + inner_w * x / span, _CHART_PAD + inner_h * (1 - y / top)) for x, y in points
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    dots = "".join(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2'/>" for x, y in xy)
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{_CHART_WIDTH}' "
        f"height='{_CHART_HEIGHT}' role='img' aria-label='{html.escape(chart.label)}'>"
        f"<polyline fill='none' stroke='currentColor' points='{line}'/>"
        f"<g fill='currentColor'>{dots}</g></svg>"
    )


def _html_part(part: Part) -> str:
    if isinstance(part, Table):
        return _html_table(part.columns, part.rows)
    if isinstance(part, Pairs):
        return _html_pairs(part.rows)
    if isinstance(part, Note):
        role = "" if part.role is None else f" class='{html.escape(part.role)}'"
        return f"<p{role}>{html.escape(part.text)}</p>"
    if isinstance(part, Items):
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in part.items) + "</ul>"
    return _html_chart(part)


def as_html(view: View) -> str:
    """One block of class ``iopcore-<kind>``: the headline, then each part; all escaped."""
    title = "" if view.headline is None else f"<p><strong>{html.escape(view.headline)}</strong></p>"
    return f"<div class='iopcore-{view.kind}'>{title}{''.join(map(_html_part, view.parts))}</div>"


class Shown:
    """The three forms of a result that builds a :class:`View`: text, Markdown, HTML.

    A result type inherits them and defines ``view()``; ``str(result)`` is the text,
    ``result.to_markdown()`` the Markdown, ``result._repr_html_()`` what notebooks show.
    """

    __slots__ = ()

    def view(self) -> View:
        """What the result shows (each result type defines it)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return as_text(self.view())

    def to_markdown(self) -> str:
        """The result as Markdown: the headline, then its tables and notes."""
        return as_markdown(self.view())

    def _repr_html_(self) -> str:
        return as_html(self.view())
