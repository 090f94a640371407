"""Curricula: the DBT skills structure, module positions, and bad curricula."""

import attrs
import pytest

from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.programs import (
    DBT_SKILLS,
    Approach,
    Curriculum,
    LengthUnit,
    Module,
)

# ---------------------------------------------------------------- the DBT curriculum

# rankinbh.com/dbt-skills: "Mindfulness - 2 sessions ... Distress Tolerance - 6 sessions
# ... Emotion Regulation - 7 sessions ... Interpersonal Effectiveness - 5 sessions", 24
# group sessions. BPDED 2020 (doi:10.1186/s40479-020-0119-y), Table 1: "two mindfulness
# and seven emotion regulation skills training sessions" since the 2015 manual; before it
# every module ran eight weeks.
DBT_MODULES = [
    ("mindfulness", 2),  # rankinbh.com: 2 weeks of mindfulness before each module
    ("distress tolerance", 6),  # rankinbh.com; BPDED 2020 Table 1: DT 6
    ("mindfulness", 2),
    ("emotion regulation", 7),  # BPDED 2020 Table 1: ER 7 since the 2015 manual (8 before)
    ("mindfulness", 2),
    ("interpersonal effectiveness", 5),  # rankinbh.com; BPDED 2020 Table 1: IE 5
]


def test_dbt_skills_is_the_cited_structure():
    assert [(m.name, m.length) for m in DBT_SKILLS.modules] == DBT_MODULES
    assert {m.name for m in DBT_SKILLS.modules} == {
        "mindfulness",
        "distress tolerance",
        "emotion regulation",
        "interpersonal effectiveness",
    }  # four modules (rankinbh.com)
    assert DBT_SKILLS.cycle_length == 24  # 2+6+2+7+2+5, 24 sessions (rankinbh.com)
    assert DBT_SKILLS.cyclic
    assert DBT_SKILLS.unit is LengthUnit.WEEKS
    assert all(m.approach is Approach.DBT for m in DBT_SKILLS.modules)
    assert "rankinbh.com" in DBT_SKILLS.source
    assert "s40479-020-0119-y" in DBT_SKILLS.source
    assert "DOMAIN" not in DBT_SKILLS.source


@pytest.mark.parametrize(
    ("position", "module"),
    [(0, 0), (1, 0), (2, 1), (7, 1), (8, 2), (10, 3), (16, 3), (17, 4), (19, 5), (23, 5), (24, 0)],
)
def test_module_at_wraps_a_cyclic_curriculum(position, module):
    assert DBT_SKILLS.module_at(position) == module


def test_module_at_ends_a_linear_curriculum():
    linear = attrs.evolve(DBT_SKILLS, cyclic=False)
    assert linear.module_at(23) == 5
    assert linear.module_at(24) is None
    with pytest.raises(InvalidValueError) as caught:
        linear.module_at(-1)
    assert caught.value.field == "position"


BAD_CURRICULA = [
    (lambda: Module(name="x", approach="yoga", length=2), UnknownCodeError, "approach"),
    (lambda: Module(name="x", approach="CBT", length=0), InvalidValueError, "length"),
    (lambda: Module(name="", approach="CBT", length=1), InvalidValueError, "name"),
    (lambda: Curriculum(name="c", modules=[]), InvalidValueError, "modules"),
    (lambda: Curriculum(name="c", modules=["x"]), InvalidTypeError, "$.modules[0]"),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, unit="days"),
        UnknownCodeError,
        "unit",
    ),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, cyclic=1),
        InvalidTypeError,
        "cyclic",
    ),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, services=[]),
        InvalidValueError,
        "services",
    ),
    (
        lambda: Curriculum(name="c", modules=DBT_SKILLS.modules, source=None),
        InvalidTypeError,
        "source",
    ),
    (
        lambda: Curriculum(name="c", modules=[DBT_SKILLS.modules[0]] * 101),
        InvalidValueError,
        "modules",
    ),
]


@pytest.mark.parametrize(("build", "error", "field"), BAD_CURRICULA)
def test_bad_curricula_name_the_field(build, error, field):
    with pytest.raises(error) as caught:
        build()
    assert caught.value.field == field
