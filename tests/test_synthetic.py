import collections
import os
import subprocess
import sys

import pendulum
import pytest

from iopcore import serialize, synthetic
from iopcore.assessments import Assessment
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.participants import Condition, Participant, Population
from iopcore.placement import recommend_level
from iopcore.rulesets import get

DAY = pendulum.date(2026, 3, 2)
REFERENCE = synthetic.assessments(1000, seed=11, as_of=DAY)
LOCUS = synthetic.assessments(1000, seed=11, as_of=DAY, for_ruleset="locus")


def test_same_seed_same_records_and_another_seed_others():
    assert synthetic.assessments(50, seed=11, as_of=DAY) == REFERENCE[:50]
    assert synthetic.assessments(50, seed=12, as_of=DAY) != REFERENCE[:50]


def test_records_do_not_depend_on_how_many_are_asked_for():
    """The first k of n records are the k records that n=k gives."""
    assert synthetic.assessments(7, seed=11, as_of=DAY) == REFERENCE[:7]
    assert (
        synthetic.participants(7, seed=11, as_of=DAY)
        == synthetic.participants(70, seed=11, as_of=DAY)[:7]
    )


_PROBE = """
import pendulum
from iopcore import serialize, synthetic
day = pendulum.date(2026, 3, 2)
group = synthetic.cohort(20, seed=5, as_of=day)
locus = synthetic.assessments(20, seed=5, as_of=day, for_ruleset="locus")
for record in (*group.participants, *group.assessments, *locus):
    print(serialize.to_json(record))
"""


def test_same_records_in_another_process_whatever_the_hash_seed():
    outputs = set()
    for hash_seed in ("0", "1", "random"):
        result = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            check=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.add(result.stdout)
    (only,) = outputs  # sets print in sorted order in JSON
    group = synthetic.cohort(20, seed=5, as_of=DAY)
    locus = synthetic.assessments(20, seed=5, as_of=DAY, for_ruleset="locus")
    records = (*group.participants, *group.assessments, *locus)
    assert only.splitlines() == [serialize.to_json(record) for record in records]


def test_ids_are_opaque_and_match_the_participants():
    group = synthetic.cohort(30, seed=3, as_of=DAY)
    assert [p.id for p in group.participants] == [f"syn-{i:06d}" for i in range(1, 31)]
    assert [a.participant_id for a in group.assessments] == [p.id for p in group.participants]
    assert group.participants == synthetic.participants(30, seed=3, as_of=DAY)
    for participant, assessment in zip(group.participants, group.assessments, strict=True):
        assert isinstance(participant, Participant)
        assert isinstance(assessment, Assessment)
        assert assessment.conditions == participant.conditions
        assert assessment.population is participant.population_on(assessment.assessed_on)


def test_assessments_are_dated_within_90_days_up_to_as_of():
    dates = {a.assessed_on for a in REFERENCE}
    assert max(dates) <= DAY
    assert min(dates) >= DAY.subtract(days=89)
    assert len(dates) > 60


def test_reference_inputs_are_plausible():
    ratings = collections.Counter(a.ratings.get("symptoms") for a in REFERENCE)
    # Most people mild or moderate, a tail of severe.
    assert ratings[1] + ratings[2] > ratings[3] + ratings[4] > ratings[4] > 0
    assert all(0 <= r <= 4 for a in REFERENCE for r in a.ratings.values())
    eating = [a for a in REFERENCE if Condition.EATING_DISORDER in a.conditions]
    assert 40 < len(eating) < 200
    assert all(a.measurements for a in eating)
    assert not any(a.measurements for a in REFERENCE if a not in eating)
    bands = collections.Counter(a.scores["cssrs"].band for a in REFERENCE if "cssrs" in a.scores)
    assert bands["high"] > 0
    assert bands[None] > bands["high"]
    phq = [a.scores["phq9"] for a in REFERENCE]
    assert all(score.complete for score in phq)
    assert any("suicidal_ideation" in score.flags for score in phq)
    adolescents = sum(a.population is Population.ADOLESCENT for a in REFERENCE)
    assert 100 < adolescents < 220


def test_locus_ratings_run_1_to_5():
    assert all(len(a.ratings) >= 6 for a in LOCUS)
    values = collections.Counter(r for a in LOCUS for r in a.ratings.values())
    assert set(values) == {1, 2, 3, 4, 5}
    assert values[1] + values[2] > values[4] + values[5]


@pytest.mark.parametrize(("records", "ruleset"), [(REFERENCE, "reference"), (LOCUS, "locus")])
def test_about_a_tenth_lack_an_input_and_some_are_not_determinable(records, ruleset):
    rules = get(ruleset)
    placements = [recommend_level(a, ruleset=rules, as_of=DAY) for a in records]
    undeterminable = sum(not p.determinable for p in placements)
    assert 30 < undeterminable < 150
    levels = {p.level for p in placements}
    assert len(levels) == 6  # five levels and None


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n": -1}, InvalidValueError),
        ({"n": 2.0}, InvalidTypeError),
        ({"seed": "7"}, InvalidTypeError),
        ({"seed": True}, InvalidTypeError),
        ({"as_of": "2026-03-02"}, InvalidTypeError),
        ({"for_ruleset": "asam"}, UnknownCodeError),
        ({"for_ruleset": None}, InvalidTypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    arguments = {"n": 2, "seed": 7, "as_of": DAY, **kwargs}
    n = arguments.pop("n")
    with pytest.raises(error):
        synthetic.assessments(n, **arguments)


def test_zero_records_and_aware_datetimes():
    assert synthetic.assessments(0, seed=1, as_of=DAY) == ()
    evening = pendulum.datetime(2026, 3, 2, 23, tz="America/Los_Angeles")
    assert synthetic.participants(3, seed=1, as_of=evening) == synthetic.participants(
        3, seed=1, as_of=DAY
    )


# ---------------------------------------------------------------- whole histories

HISTORY_DAY = pendulum.date(2026, 3, 30)
HISTORIES = synthetic.histories(40, seed=11, as_of=HISTORY_DAY)


def test_histories_are_reproducible_and_independent_of_n():
    assert synthetic.histories(5, seed=11, as_of=HISTORY_DAY) == HISTORIES[:5]
    assert synthetic.histories(5, seed=12, as_of=HISTORY_DAY) != HISTORIES[:5]
    # The participants are those of participants(); the assessments of assessments()
    # are left as they were (their streams are their own).
    assert [h.participant for h in HISTORIES] == list(
        synthetic.participants(40, seed=11, as_of=HISTORY_DAY)
    )
    assert synthetic.assessments(7, seed=11, as_of=DAY) == REFERENCE[:7]


def test_histories_are_coherent_in_time():
    """Twelve weekly assessments and three sessions a week, none after as_of."""
    for history in HISTORIES:
        episode = history.episode
        owner = history.participant.id
        assert episode.participant_id == owner
        assert HISTORY_DAY.subtract(days=83) <= episode.admitted <= HISTORY_DAY.subtract(days=77)
        assert episode.level_on(HISTORY_DAY) is not None
        assert all(event.recorded <= HISTORY_DAY for event in episode.events)
        days = [a.assessed_on for a in history.assessments]
        assert days == [episode.admitted.add(weeks=week) for week in range(12)]
        assert {a.participant_id for a in history.assessments} == {owner}
        assert 33 <= len(history.sessions) <= 36
        assert all(s.start.date() <= HISTORY_DAY for s in history.sessions)
        assert all(s.start.tzinfo.name == "America/New_York" for s in history.sessions)
        starts = [s.start for s in history.sessions]
        assert starts == sorted(starts)


def test_histories_have_a_mix_of_courses_and_levels():
    levels = collections.Counter(h.episode.initial_level.code for h in HISTORIES)
    assert set(levels) == {"IOP", "PHP"}
    steps = collections.Counter(
        change.direction for h in HISTORIES for change in h.episode.level_changes
    )
    assert steps["down"] > 0
    attendance = collections.Counter(s.attendance.value for h in HISTORIES for s in h.sessions)
    assert attendance["attended"] > attendance["absent"] > 0
    assert attendance["excused"] > 0


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"weeks": 0}, InvalidValueError),
        ({"weeks": 105}, InvalidValueError),
        ({"weeks": 1.5}, InvalidTypeError),
        ({"tz": "Nowhere/Special"}, UnknownCodeError),
    ],
)
def test_history_options_are_checked(fields, error):
    with pytest.raises(error):
        synthetic.histories(1, seed=1, as_of=HISTORY_DAY, **fields)


def test_a_short_history_in_another_zone():
    (one,) = synthetic.histories(1, seed=3, as_of=HISTORY_DAY, weeks=1, tz="Asia/Kolkata")
    assert len(one.assessments) == 1
    assert one.episode.level_changes == ()
    assert all(s.start.tzinfo.name == "Asia/Kolkata" for s in one.sessions)
