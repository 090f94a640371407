"""The real engines, started once per test run: a local Spark session and a Dask LocalCluster.

Outside CI a test of an engine skips, saying why, when the engine (or Java, for
Spark) is missing; in CI (``CI=true``) it fails instead, so CI cannot pass untested.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import warnings

import pytest

IN_CI = os.environ.get("CI") == "true"

#: The session time zone of the Spark fixture: not the programs' zone, on purpose.
SPARK_TIME_ZONE = "America/Chicago"


def _needed(module, extra, *, program=None):
    missing = None
    try:
        importlib.import_module(module)
    except ImportError:
        missing = f"{module} is not installed (pip install 'iopcore[{extra}]')"
    if missing is None and program is not None and shutil.which(program) is None:
        missing = f"no {program} on PATH (Spark needs a Java runtime, 17 or later)"
    if missing is None:
        return
    if IN_CI:
        pytest.fail(f"CI must run the {extra} tests: {missing}")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def spark():
    _needed("pyspark", "spark", program="java")
    from pyspark.sql import SparkSession  # noqa: PLC0415 - only once it is known installed

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this Python
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark's start-up notes (pandas versions ...)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("iopcore-tests")
            .config("spark.sql.session.timeZone", SPARK_TIME_ZONE)
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dask_client():
    _needed("distributed", "dask")
    _needed("dask.dataframe", "dask")
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415 - likewise

    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            # Any free port: a fixed one may be taken (by another cluster on this machine).
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
