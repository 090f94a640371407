"""Notebook display (``_repr_html_``) of scores, reliable change and trajectories.

The HTML is parsed (it is well-formed: every tag closed, every attribute quoted) and
the tables read back cell by cell, so these tests check what a person sees, not
only that a string comes back.
"""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET

import pendulum
import pytest

from iopcore.explain import (
    explain_trajectory,
    reliable_change_html,
    score_html,
    trajectory_html,
)
from iopcore.instruments import Score, audit, bam, cssrs, gad7, phq9
from iopcore.instruments.change import DatedScore, Trajectory, reliable_change

JAN_5 = pendulum.date(2026, 1, 5)


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output, parsed to read it back


def headline(root: ET.Element) -> str:
    strong = root.find("p/strong")
    assert strong is not None
    return strong.text or ""


def pairs(root: ET.Element) -> dict[str, str]:
    """The label/value table (a th and a td per row)."""
    table = root.find("table")
    assert table is not None
    return {
        (row.find("th").text or ""): (row.find("td").text or "")  # type: ignore[union-attr]
        for row in table.iter("tr")
    }


def grid(root: ET.Element) -> list[list[str]]:
    """The last table, header row first, as text cells."""
    table = root.findall("table")[-1]
    return [[cell.text or "" for cell in row] for row in table.iter("tr")]


# ---------------------------------------------------------------- scores


def test_complete_score_shows_total_band_and_flags():
    score = phq9.score([2, 2, 2, 1, 1, 1, 1, 1, 1])  # 12, moderate (Kroenke 2001: 10-14)
    root = parse(score._repr_html_())
    assert root.get("class") == "iopcore-score"
    assert headline(root) == "phq9: 12 (moderate)"
    assert pairs(root) == {
        "total": "12",
        "band": "moderate",
        "complete": "yes",
        "flags": "suicidal_ideation",
    }
    assert score._repr_html_() == score_html(score)


def test_incomplete_score_names_missing_items_and_never_shows_a_total():
    score = gad7.score([3, 3, None, 3, None, 3, 3])
    root = parse(score_html(score))
    assert headline(root) == "gad7: incomplete; items 3, 5 not answered"
    assert pairs(root) == {"total": "incomplete", "band": "", "complete": "no", "flags": ""}
    assert "15" not in score_html(score)  # the sum of the answered items


def test_score_without_a_total_and_with_subscales():
    screener = cssrs.score([False] * 6)
    assert headline(parse(score_html(screener))) == "cssrs: no total"
    answers = [None, 3, 2, 0, 0, 0, 0, 1, 4, 6, 1, 3, 20, 4, 0, 12, 3]  # item 1 unanswered
    result = pairs(parse(score_html(bam.score(answers))))
    subscales = {k: v for k, v in result.items() if k.startswith("subscale")}
    # bam.score gives protective 49, use 0 and risk None (item 1 is a risk item).
    assert subscales == {
        "subscale protective": "49",
        "subscale risk": "missing",
        "subscale use": "0",
    }


def _unchecked_score(**fields):
    """A Score built past its constructor (which refuses flags its instrument never sets)."""
    score = object.__new__(Score)
    for name, value in fields.items():
        object.__setattr__(score, name, value)
    return score


def test_score_html_escapes_every_text():
    # The constructor lets no free text into a score; the renderer escapes anyway.
    score = _unchecked_score(
        instrument="phq9",
        total=None,
        band=None,
        complete=False,
        flags=frozenset({"<script>alert(1)</script>", "a&b"}),
        subscales=(("<i>x</i>", 2),),
        missing=(9,),
    )
    text = score_html(score)
    assert "<script>" not in text
    assert "<i>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "a&amp;b" in text
    result = pairs(parse(text))  # still well-formed
    assert result["flags"] == "<script>alert(1)</script>, a&b"
    assert result["subscale <i>x</i>"] == "2"


# ---------------------------------------------------------------- reliable change


@pytest.mark.parametrize(
    ("before", "after", "verdict", "index"),
    [
        # Jacobson & Truax 1991 with the PHQ-9 defaults (SD 5.5, r 0.84; unconfirmed,
        # as recalled from Kroenke 2001):
        # S_diff = 5.5 * sqrt(2) * sqrt(0.16) = 3.11, threshold 1.96 * 3.11 = 6.10.
        (18, 12, "not reliable", "-1.93"),
        (18, 11, "reliable", "-2.25"),
        (5, 12, "reliable", "2.25"),
    ],
)
def test_reliable_change_html_shows_the_numbers(before, after, verdict, index):
    change = reliable_change(before, after, sd=5.5, reliability=0.84)
    root = parse(change._repr_html_())
    assert root.get("class") == "iopcore-change"
    assert headline(root) == f"{before} -> {after}: {verdict} (RC {index})"
    assert pairs(root) == {
        "before": str(before),
        "after": str(after),
        "change": f"{after - before:+d}",
        "index (RC)": index,
        "standard error of the difference": "3.11",
        "smallest reliable change": "6.10",
        "reliable": "yes" if verdict == "reliable" else "no",
    }
    assert "-&gt;" in reliable_change_html(change)  # escaped in the markup


# ---------------------------------------------------------------- trajectories


def weekly(instrument, answers):
    return [(JAN_5.add(weeks=week), instrument.score(row)) for week, row in enumerate(answers)]


PHQ9_COURSE = [
    [3, 2, 2, 2, 2, 2, 2, 1, 1],  # 17, moderately severe; item 9 set
    [2, 2, 2, 2, 1, 1, 1, 1, 0],  # 12
    [1, 1, None, 1, 1, 1, 1, 0, 0],  # incomplete
    [1, 1, 1, 1, 1, 1, 1, 1, 0],  # 8: response (>= 50% of 17), mild
    [1, 1, 1, 0, 0, 0, 0, 0, 0],  # 3: remission (< 5)
    [1, 0, 1, 0, 0, 1, 0, 0, 0],  # 3: remission again
]


def test_trajectory_html_shows_outcomes_and_every_measurement():
    course = Trajectory.from_measurements(weekly(phq9, PHQ9_COURSE), as_of=JAN_5.add(weeks=5))
    text = course._repr_html_()
    assert text == trajectory_html(course)
    root = parse(text)
    assert root.get("class") == "iopcore-trajectory"
    assert headline(root) == (
        "phq9 as of 2026-02-09: baseline 17 on 2026-01-05, latest 3 on 2026-02-09"
    )
    assert pairs(root) == {
        "first response": "2026-01-26",
        "first remission": "2026-02-02",
        "weeks to remission": "4",
        "remission sustained (last 2)": "yes",
        "reliable improvement": "yes",
        "reliable deterioration": "no",
        "skipped as incomplete": "2026-01-19",
    }
    assert grid(root) == [
        ["date", "week", "total", "band", "change", "flags"],
        ["2026-01-05", "0", "17", "moderately severe", "baseline", "suicidal_ideation"],
        ["2026-01-12", "1", "12", "moderate", "-5", ""],
        ["2026-01-19", "2", "incomplete", "", "", ""],
        ["2026-01-26", "3", "8", "mild", "-9", ""],
        ["2026-02-02", "4", "3", "minimal", "-14", ""],
        ["2026-02-09", "5", "3", "minimal", "-14", ""],
    ]


def test_trajectory_line_has_a_point_per_complete_score_highest_at_the_top():
    course = Trajectory.from_measurements(weekly(phq9, PHQ9_COURSE), as_of=JAN_5.add(weeks=5))
    svg = parse(trajectory_html(course)).find("{http://www.w3.org/2000/svg}svg")
    assert svg is not None
    assert svg.get("aria-label") == "phq9 totals, 5 complete scores"
    dots = svg.findall(".//{http://www.w3.org/2000/svg}circle")
    xs = [float(dot.get("cx") or "nan") for dot in dots]
    ys = [float(dot.get("cy") or "nan") for dot in dots]
    assert len(dots) == 5  # the incomplete week is left out
    assert xs == sorted(xs)
    assert xs[0] == 4.0  # left padding
    assert xs[-1] == 236.0  # width 240 less the padding
    assert ys[0] == 4.0  # the highest total (17) at the top
    assert ys[-1] == ys[-2]  # 3 and 3


def test_trajectory_without_a_line_or_a_complete_score():
    one = Trajectory.from_measurements(weekly(gad7, [[2] * 7]), as_of=JAN_5)
    assert "<svg" not in trajectory_html(one)
    assert pairs(parse(trajectory_html(one)))["reliable improvement"] == "?"
    empty = Trajectory.from_measurements(
        [(JAN_5, phq9.score([None] * 9))], as_of=JAN_5, instrument="phq9"
    )
    root = parse(trajectory_html(empty))
    assert headline(root) == "phq9 as of 2026-01-05: no complete score"
    assert grid(root)[1] == ["2026-01-05", "", "incomplete", "", "", ""]
    assert explain_trajectory(empty)[-1] == "2026-01-05: incomplete"


def test_trajectory_of_an_instrument_without_remission_or_reliable_change_rules():
    answers = [[4, 4, 4, 2, 2, 2, 2, 2, 2, 2], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]]
    course = Trajectory.from_measurements(weekly(audit, answers), as_of=JAN_5.add(weeks=1))
    result = pairs(parse(trajectory_html(course)))
    assert result == {
        "first response": "2026-01-12",
        "first remission": "no remission rule for audit",
        "skipped as incomplete": "none",
    }


def test_trajectory_text_matches_the_html():
    course = Trajectory.from_measurements(weekly(phq9, PHQ9_COURSE), as_of=JAN_5.add(weeks=5))
    lines = explain_trajectory(course)
    root = parse(trajectory_html(course))
    assert lines[0] == headline(root)
    assert lines[1:8] == tuple(f"{k}: {v}" for k, v in pairs(root).items())
    assert lines[8:] == (
        "2026-01-05 week 0: 17 (moderately severe) baseline flags: suicidal_ideation",
        "2026-01-12 week 1: 12 (moderate) -5",
        "2026-01-19 week 2: incomplete",
        "2026-01-26 week 3: 8 (mild) -9",
        "2026-02-02 week 4: 3 (minimal) -14",
        "2026-02-09 week 5: 3 (minimal) -14",
    )


def test_display_of_unpickled_values_is_the_same():
    course = Trajectory.from_measurements(weekly(phq9, PHQ9_COURSE), as_of=JAN_5.add(weeks=5))
    change = reliable_change(18, 11, sd=5.5, reliability=0.84)
    for value in (course, change, course.measurements[0].score):
        copy = pickle.loads(pickle.dumps(value))
        assert copy._repr_html_() == value._repr_html_()


def test_measurement_order_does_not_change_the_display():
    given = weekly(phq9, PHQ9_COURSE)
    course = Trajectory.from_measurements(given, as_of=JAN_5.add(weeks=5))
    backwards = Trajectory.from_measurements(
        [DatedScore(on=on, score=score) for on, score in reversed(given)],
        as_of=JAN_5.add(weeks=5),
    )
    assert trajectory_html(backwards) == trajectory_html(course)
