"""Programs: bad fields named, storage and display."""

import pickle

import attrs
import pendulum
import pytest
from _program_builders import CBT, NY, START, dbt_program, program, template

from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.explain import explain_program
from iopcore.programs import (
    DBT_SKILLS,
)
from iopcore.serialize import from_json, to_json
from iopcore.sessions import ProgramCalendar

# ---------------------------------------------------------------- bad input

BAD_PROGRAMS = [
    ({"populations": []}, InvalidValueError, "populations"),
    ({"populations": ["child"]}, UnknownCodeError, "$.populations[0]"),
    ({"conditions": []}, InvalidValueError, "conditions"),
    ({"conditions": ["flu"]}, UnknownCodeError, "$.conditions[0]"),
    ({"level": "XYZ"}, UnknownCodeError, "level"),
    ({"level": 2}, InvalidTypeError, "level"),
    ({"id": " "}, InvalidValueError, "id"),
    ({"schedules": []}, InvalidValueError, "schedules"),
    ({"schedules": template()}, InvalidTypeError, "schedules"),
    ({"schedules": ["Mon 9-12"]}, InvalidTypeError, "$.schedules[0]"),
    ({"schedules": [template(tz="Europe/London")]}, InvalidValueError, "$.schedules[0].tz"),
    ({"calendar": NY}, InvalidTypeError, "calendar"),
    ({"curriculum": DBT_SKILLS}, InvalidValueError, "curriculum_start"),
    ({"curriculum_start": START}, InvalidValueError, "curriculum"),
    ({"curriculum": "DBT", "curriculum_start": START}, InvalidTypeError, "curriculum"),
    ({"max_group_size": 0}, InvalidValueError, "max_group_size"),
    ({"max_group_size": 8.5}, InvalidTypeError, "max_group_size"),
    ({"group_services": []}, InvalidValueError, "group_services"),
    ({"ruleset": "nope"}, UnknownCodeError, "ruleset"),
    ({"adult_age": 0}, InvalidValueError, "adult_age"),
]


@pytest.mark.parametrize(("changes", "error", "field"), BAD_PROGRAMS)
def test_bad_programs_name_the_field(changes, error, field):
    with pytest.raises(error) as caught:
        program(**changes)
    assert caught.value.field == field
    assert caught.value.allowed


# ---------------------------------------------------------------- storage and display


@pytest.mark.parametrize(
    "value",
    [
        DBT_SKILLS,
        CBT,
        program(),
        dbt_program(max_group_size=10, ruleset="medicare", adult_age=21),
        program(
            calendar=ProgramCalendar(
                tz=NY,
                closures=[pendulum.date(2026, 7, 3)],
                partial_days={pendulum.date(2026, 12, 24): 0.5},
            ),
            schedules=[template(), template(days=(1, 3), start=17, end=20)],
            curriculum=CBT,
            curriculum_start=START,
        ),
    ],
    ids=["dbt", "cbt", "plain", "dbt-program", "two-timetables"],
)
def test_round_trips(value):
    assert from_json(to_json(value), type(value)) == value
    assert pickle.loads(pickle.dumps(value)) == value


def test_program_lines_and_html():
    shown = dbt_program(max_group_size=10)
    lines = explain_program(shown)
    assert shown.lines() == lines
    assert lines[0] == "program dbt-iop: Adult depression and anxiety IOP"
    assert (
        "curriculum: DBT skills, cyclic, 24 weeks from 2026-01-05: mindfulness 2 weeks (DBT)"
        in (lines[7])
    )
    assert lines[-1] == "group size: at most 10"
    assert explain_program(program())[-1] == "group size: no maximum set"
    page = attrs.evolve(shown, name="<b>Evening</b> & more")._repr_html_()
    assert "&lt;b&gt;Evening&lt;/b&gt; &amp; more" in page
    assert "<b>Evening" not in page
