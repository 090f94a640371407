"""The recipes of docs/scaling-out.md and docs/cohort.md, run on the real engines.

A page marks a recipe ``<!-- run: spark -->`` or ``<!-- run: dask -->``; the page's
setup (a Spark session, a Dask client) comes from the fixtures. Functions a recipe
defines run on the workers, pickled by value as a notebook's would be.
"""

from __future__ import annotations

import pathlib
import re

import pytest

DOCS = pathlib.Path(__file__).parents[2] / "docs"

#: How many recipes each page has for each engine.
RECIPES = {"scaling-out.md": {"spark": 2, "dask": 2}, "cohort.md": {"spark": 1, "dask": 1}}

# One xdist group: under ``pytest -n`` every engine test runs on one worker, so a run
# starts one Spark session and one LocalCluster.
pytestmark = pytest.mark.xdist_group("engines")


def recipes(page, engine):
    """The code blocks ``page`` marks ``<!-- run: engine -->``, in order."""
    pattern = rf"<!-- run: {engine} -->\n```python\n(.*?)```"
    return re.findall(pattern, (DOCS / page).read_text(encoding="utf-8"), flags=re.DOTALL)


def run(page, engine, **setup):
    for code in recipes(page, engine):
        # A notebook's namespace: what the recipe defines is pickled by value.
        exec(compile(code, str(DOCS / page), "exec"), {"__name__": "__main__", **setup})  # noqa: S102 - our own docs


@pytest.mark.parametrize("page", sorted(RECIPES))
def test_the_page_has_its_recipes(page):
    assert {engine: len(recipes(page, engine)) for engine in ("spark", "dask")} == RECIPES[page]


@pytest.mark.spark
@pytest.mark.parametrize("page", sorted(RECIPES))
def test_the_spark_recipes_run(spark, page):
    run(page, "spark", spark=spark)


@pytest.mark.dask
@pytest.mark.parametrize("page", sorted(RECIPES))
def test_the_dask_recipes_run(dask_client, page):
    run(page, "dask", client=dask_client)
