"""The recipes of docs/scaling-out.md, run on the real engines (the page's setup from the fixtures)."""

from __future__ import annotations

import pathlib
import re

import pytest

PAGE = pathlib.Path(__file__).parents[2] / "docs" / "scaling-out.md"


def recipes(engine):
    """The code blocks the page marks ``<!-- run: engine -->``, in order."""
    pattern = rf"<!-- run: {engine} -->\n```python\n(.*?)```"
    return re.findall(pattern, PAGE.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_page_has_a_recipe_for_each_engine():
    assert len(recipes("spark")) == 1
    assert len(recipes("dask")) == 1


@pytest.mark.spark
def test_the_spark_recipe_runs(spark):
    for code in recipes("spark"):
        exec(compile(code, str(PAGE), "exec"), {"spark": spark})  # noqa: S102 - our own docs


@pytest.mark.dask
def test_the_dask_recipe_runs(dask_client):
    for code in recipes("dask"):
        exec(compile(code, str(PAGE), "exec"), {"client": dask_client})  # noqa: S102 - our own docs
