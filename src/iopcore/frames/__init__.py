"""Tables in, tables out: iopcore's rules on whole data frames.

The columnar path for analysts: the functions here take a data frame (polars, pandas
or pyarrow, eager or lazy, or a DuckDB relation) and give back the same kind, with
the same answers as the object path, at the speed of the frame library. They are
written once on `narwhals <https://narwhals-dev.github.io/narwhals/>`_, the
dataframe-agnostic layer. Install them with the ``frames`` extra::

    pip install 'iopcore[frames]'

They take PySpark and Dask frames too (the ``spark`` and ``dask`` extras) and give
back frames of that engine, computed on its workers: :func:`score`,
:func:`recommend_levels`, :func:`weekly_compliance` and :func:`cohort_tables`, each
running the polars implementation, unchanged, on a batch or on each participant's
rows (see the documentation page "Scaling out").

``import iopcore`` never imports narwhals or a frame library; ``import iopcore.frames``
imports narwhals, and each frame library (pyspark, dask) only when a frame of it is
passed.

Every input table has a documented :class:`Schema` (the columns, what each holds);
``columns=`` maps other column names onto it. Bad rows are refused like bad objects:
an :class:`~iopcore.exceptions.InvalidRowsError` names the column, the first rows
(counting from 0) and how many in all, and nothing is silently dropped.
"""

from __future__ import annotations

try:
    import narwhals as _narwhals  # noqa: F401 - checked here, used by the modules
except ImportError as error:  # pragma: no cover - the test environment has the extra
    message = "iopcore.frames needs the frames extra: pip install 'iopcore[frames]'"
    raise ImportError(message) from error

from iopcore.frames._assessments import assessments_frame
from iopcore.frames._cohort import CohortTables, cohort_tables
from iopcore.frames._episodes import EPISODES
from iopcore.frames._events import EPISODE_EVENTS, EpisodeTables, episodes_frame
from iopcore.frames._participants import PARTICIPANTS, participants_frame
from iopcore.frames._placement import recommend_levels
from iopcore.frames._score import items_schema, score
from iopcore.frames._sessions import SESSIONS, sessions_frame
from iopcore.frames._tables import Column, Kind, Schema
from iopcore.frames._weeks import COMPLIANCE_COLUMNS, weekly_compliance

__all__ = [
    "COMPLIANCE_COLUMNS",
    "EPISODES",
    "EPISODE_EVENTS",
    "PARTICIPANTS",
    "SESSIONS",
    "CohortTables",
    "Column",
    "EpisodeTables",
    "Kind",
    "Schema",
    "assessments_frame",
    "cohort_tables",
    "episodes_frame",
    "items_schema",
    "participants_frame",
    "recommend_levels",
    "score",
    "sessions_frame",
    "weekly_compliance",
]
