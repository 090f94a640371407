import pendulum
import pytest

from iopcore import LevelOfCare
from iopcore import explain as explain_module
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError
from iopcore.explain import explain, to_html, to_markdown
from iopcore.placement import recommend_level
from iopcore.rules import FactIs, RatingAtLeast, Rule
from iopcore.rulesets import Ruleset, locus

DAY = pendulum.date(2026, 3, 2)
RULES = Ruleset(
    id="demo",
    version="1",
    effective_from=pendulum.date(2020, 1, 1),
    rules=[
        Rule(
            id="R-S4",
            when=RatingAtLeast(dimension="safety", minimum=4),
            min_level=LevelOfCare.INPATIENT,
            rationale="r",
            source="Source A",
        ),
        Rule(
            id="R-ALERT",
            when=FactIs(fact="medically_unstable"),
            rationale="alert",
            source="Source B",
        ),
        Rule(
            id="R-NOT-OP",
            when=FactIs(fact="did_not_improve_at_lower_level"),
            excludes=[LevelOfCare.OUTPATIENT],
            rationale="r",
            source="Source <C>",
        ),
    ],
)


def place(**fields):
    assessment = Assessment(participant_id="p", assessed_on=DAY, **fields)
    return recommend_level(assessment, ruleset=RULES, as_of=DAY)


def test_text_lines_show_fired_rules_with_observed_and_required():
    placement = place(
        ratings={"safety": 4},
        facts={"medically_unstable": True, "did_not_improve_at_lower_level": True},
    )
    assert explain(placement) == (
        "recommended: INPATIENT (demo 1)",
        "ratings.safety 4 >= 4 -> INPATIENT (demo/R-S4)",
        "facts.medically_unstable True is True -> ALERT (demo/R-ALERT)",
        "facts.did_not_improve_at_lower_level True is True -> not OUTPATIENT (demo/R-NOT-OP)",
    )


def test_not_determinable_lists_what_is_missing():
    placement = place(facts={"medically_unstable": False, "did_not_improve_at_lower_level": False})
    lines = explain(placement)
    assert (
        lines[0]
        == "not determinable: at least OUTPATIENT, up to INPATIENT (demo 1); missing: ratings.safety"
    )
    assert lines[1] == "? ratings.safety missing >= 4 -> INPATIENT (demo/R-S4)"


def test_markdown_table_has_every_finding():
    text = to_markdown(
        place(
            ratings={"safety": 1},
            facts={"medically_unstable": False, "did_not_improve_at_lower_level": False},
        )
    )
    lines = text.splitlines()
    assert lines[0] == "**recommended: OUTPATIENT (demo 1)**"
    assert lines[2] == "| rule | outcome | observed | required | calls for | source |"
    assert len([line for line in lines if line.startswith("| R-")]) == 3
    assert (
        "| R-S4 | not fired | ratings.safety = 1 | ratings.safety >= 4 | INPATIENT | Source A |"
        in lines
    )


def test_html_escapes_and_tabulates():
    html = to_html(
        place(
            ratings={"safety": 1},
            facts={"medically_unstable": False, "did_not_improve_at_lower_level": True},
        )
    )
    assert html.startswith("<div class='iopcore-explain'>")
    assert "Source &lt;C&gt;" in html
    assert html.count("<tr>") == 4  # header and three findings


def test_tree_steps_are_listed_on_one_line():
    ratings = dict(zip(locus.DIMENSIONS, (1, 1, 1, 1, 1, 1, 1), strict=True))
    placement = recommend_level(
        Assessment(
            participant_id="p",
            assessed_on=DAY,
            ratings=ratings,
            facts={"completed_treatment_recently": False},
        ),
        ruleset=locus.RULESET,
        as_of=DAY,
    )
    lines = explain(placement)
    assert lines[0] == "recommended: OUTPATIENT (locus 2010.1)"
    assert lines[1] == "steps: S0 yes, S1 yes, S2 no, S3 no, S4 no"
    assert lines[2] == "LOCUS level 0: Basic Services -> OUTPATIENT (locus/L0)"


def test_override_reason_is_never_rendered():
    placement = place(
        ratings={"safety": 1},
        facts={"medically_unstable": False, "did_not_improve_at_lower_level": False},
    )
    chosen = placement.override(
        LevelOfCare.INTENSIVE_OUTPATIENT, reason="Jane Roe prefers", decided_by="physician"
    )
    for text in (*explain(chosen), to_markdown(chosen), to_html(chosen)):
        assert "Jane" not in text


@pytest.mark.parametrize(
    "render",
    [getattr(explain_module, name) for name in explain_module.__all__ if name != "Explainable"],
)
@pytest.mark.parametrize("value", [None, 3, "p-001 1990-05-17", object(), [1, 2]])
def test_every_renderer_refuses_a_value_of_the_wrong_type(render, value):
    # Issue 14.6: each of them raised AttributeError from inside the renderer.
    with pytest.raises(InvalidTypeError) as caught:
        render(value)
    assert caught.value.field in {
        "result",
        "episode",
        "decision",
        "score",
        "change",
        "trajectory",
        "program",
        "progress",
        "weeks",
        "summary",
    }
    assert "1990" not in str(caught.value)
