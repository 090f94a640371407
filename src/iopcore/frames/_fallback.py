"""The object path, row by row: for a ruleset whose conditions cannot be compiled.

A predicate class of a user's own has no frame expression
(:mod:`iopcore.frames._predicates`); :func:`by_object_path` then rebuilds an
:class:`~iopcore.assessments.Assessment` from each row (the inputs of the paths the
ruleset reads that follow the column conventions), places it with
:func:`~iopcore.placement.recommend_level` and gives the same columns back. It is the one place
that does so; :func:`~iopcore.frames.recommend_levels` warns when it is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import narwhals as nw

from iopcore.assessments import Assessment
from iopcore.frames._assessments import input_columns, path_inputs, schema_for
from iopcore.frames._tables import ROW, read_table
from iopcore.instruments import Score
from iopcore.placement import recommend_level

if TYPE_CHECKING:
    import pendulum

    from iopcore.frames._assessments import Input
    from iopcore.rulesets import Ruleset

__all__ = ["by_object_path"]


def by_object_path(assessments: object, rules: Ruleset, on: pendulum.Date, columns: object) -> Any:  # noqa: ANN401 - a native frame of the kind given
    """Every row placed by :func:`~iopcore.placement.recommend_level`, as the columnar result."""
    paths = [path for path in rules.inputs if path_inputs(path) is not None]
    wanted = input_columns(paths)
    table = read_table(assessments, schema_for(wanted), columns=columns)
    present = set(table.frame.collect_schema().names())
    read = [name for name in wanted if name in present]
    rows = table.frame.select(ROW, *read).collect().rows(named=True)
    placed = [recommend_level(_assessment(row, wanted), ruleset=rules, as_of=on) for row in rows]
    result = {
        "participant_id": [p.participant_id for p in placed],
        "assessed_on": [p.assessed_on for p in placed],
        "level": [None if p.level is None else p.level.code for p in placed],
        "determinable": [p.determinable for p in placed],
        "at_least": [p.at_least.code for p in placed],
        "at_most": [p.at_most.code for p in placed],
        "missing": [list(p.missing) for p in placed],
        "fired": [[f.rule_id for f in p.fired if not f.step] for p in placed],
        "follow_ups": [list(p.follow_ups) for p in placed],
        "ruleset_id": [rules.id] * len(placed),
        "ruleset_version": [rules.version] * len(placed),
        "ruleset_hash": [rules.content_hash] * len(placed),
    }
    text, texts = nw.String(), nw.List(nw.String())
    schema = {
        "participant_id": text,
        "assessed_on": nw.Date(),
        "level": text,
        "determinable": nw.Boolean(),
        "at_least": text,
        "at_most": text,
        "missing": texts,
        "fired": texts,
        "follow_ups": texts,
        "ruleset_id": text,
        "ruleset_version": text,
        "ruleset_hash": text,
    }
    frame = nw.from_dict(result, schema=nw.Schema(schema), backend="polars")
    return table.back(frame.lazy())


def _assessment(row: dict[str, Any], wanted: dict[str, Input]) -> Assessment:
    ratings, facts, measurements, scores = {}, {}, {}, []
    for name, column in wanted.items():
        value = row.get(name)
        if value is None:
            continue
        if column.what.startswith("the rating"):
            ratings[name] = int(value)
        elif column.what.startswith("the fact"):
            facts[name] = value
        elif column.what.startswith("the measurement"):
            measurements[name] = value
    for name in wanted:
        if name.endswith("_complete") and row.get(name) is not None:
            instrument = name.removesuffix("_complete")
            scores.append(
                Score(
                    instrument=instrument,
                    total=row.get(f"{instrument}_total"),
                    band=row.get(f"{instrument}_band"),
                    complete=row[name],
                    flags=row.get(f"{instrument}_flags") or (),
                )
            )
    return Assessment(
        participant_id=row["participant_id"],
        assessed_on=row["assessed_on"],
        ratings=ratings,
        facts=facts,
        measurements=measurements,
        scores=scores,
        population=row.get("population"),
        conditions=row.get("conditions"),
    )
