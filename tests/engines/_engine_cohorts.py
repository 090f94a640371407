"""Fixed synthetic cohorts for the engine tests: DST weeks, closures, undeterminable placements."""

from __future__ import annotations

import random

import pendulum
import polars as pl

from iopcore import LevelOfCare, Population, frames, synthetic
from iopcore.intensity import requirement_for
from iopcore.sessions import ProgramCalendar

TZ = "America/New_York"
#: Ten weeks of care up to here cross the clock change of 10 March 2024.
AS_OF = pendulum.date(2024, 4, 15)
REQUIREMENT = requirement_for(LevelOfCare.INTENSIVE_OUTPATIENT, Population.ADULT)
#: Closed on the Monday of the DST week and on a day in April, half a day on 1 April.
CALENDAR = ProgramCalendar(
    tz=TZ,
    closures=[pendulum.date(2024, 3, 11), pendulum.date(2024, 4, 3)],
    partial_days={pendulum.date(2024, 4, 1): 0.5},
)

HISTORIES = synthetic.histories(16, seed=17, as_of=AS_OF, weeks=10, tz=TZ)


def sessions() -> pl.DataFrame:
    return frames.sessions_frame([session for one in HISTORIES for session in one.sessions])


def episodes() -> pl.DataFrame:
    """One row per participant, some discharged, and one admitted without sessions."""
    rows = [
        {
            "participant_id": one.episode.participant_id,
            "admitted": one.episode.admitted,
            "discharged": one.episode.admitted.add(days=40) if number % 3 == 0 else None,
            "stepping_down": number % 4 == 0 or None,
        }
        for number, one in enumerate(HISTORIES)
    ]
    rows.append(
        {
            "participant_id": "syn-no-sessions",
            "admitted": pendulum.date(2024, 3, 4),
            "discharged": None,
            "stepping_down": None,
        }
    )
    return pl.DataFrame(rows)


def assessments() -> pl.DataFrame:
    return frames.assessments_frame([record for one in HISTORIES for record in one.assessments])


def phq9_items(n: int = 60) -> pl.DataFrame:
    """PHQ-9 answers, some unanswered (null), in a fixed draw."""
    draw = random.Random(9)  # noqa: S311 - a fixed draw of test data
    columns = {
        f"phq9_{item}": [None if draw.random() < 0.05 else int(draw.random() * 4) for _ in range(n)]
        for item in range(1, 10)
    }
    return pl.DataFrame({"questionnaire": [f"q-{row}" for row in range(n)], **columns})


def weeks_on_polars(*, episodes_table=None) -> pl.DataFrame:
    return frames.weekly_compliance(
        sessions(), REQUIREMENT, tz=TZ, calendar=CALENDAR, episodes=episodes_table, as_of=AS_OF
    )


def rows(frame: pl.DataFrame, *by: str) -> list[dict]:
    return (frame.sort(*by) if by else frame).to_dicts()


#: A program's census on AS_OF: stays of every length, some crossing the clock change.
CENSUS = list(synthetic.census(12, seed=17, as_of=AS_OF, tz=TZ))


def cohort_inputs() -> dict[str, pl.DataFrame]:
    """The five cohort tables of CENSUS, two assessments with their safety rating left out.

    A placement without the rating it needs is not determinable: the cohort has some.
    """
    stays = frames.episodes_frame([one.episode for one in CENSUS])
    assessed = frames.assessments_frame([record for one in CENSUS for record in one.assessments])
    assessed = assessed.with_columns(
        safety=pl.when(pl.int_range(pl.len()).is_in([2, 30])).then(None).otherwise(pl.col("safety"))
    )
    return {
        "participants": frames.participants_frame([one.participant for one in CENSUS]),
        "episodes": stays.episodes,
        "events": stays.events,
        "assessments": assessed,
        "sessions": frames.sessions_frame([s for one in CENSUS for s in one.sessions]),
    }


def cohort_on_polars(inputs: dict[str, pl.DataFrame]) -> frames.CohortTables:
    return frames.cohort_tables(**inputs, as_of=AS_OF, tz=TZ)


def by_participant(frame: pl.DataFrame) -> list[dict]:
    """The rows, participant by participant, each participant's rows in the order given."""
    return frame.sort("participant_id", maintain_order=True).to_dicts()
