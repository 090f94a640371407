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
from iopcore.rulesets import get_ruleset
from iopcore.transitions import evaluate_transition

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
    rules = get_ruleset(ruleset)
    placements = [recommend_level(a, ruleset=rules, as_of=DAY) for a in records]
    undeterminable = sum(not p.determinable for p in placements)
    # A missing C-SSRS screen no longer leaves a reference placement open (2026.2):
    # it is a follow-up instead, so fewer are open than inputs are missing.
    assert 15 < undeterminable < 150
    if ruleset == "reference":
        assert 10 < sum(bool(p.follow_ups) for p in placements) < 100
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


# ---------------------------------------------------------------- streaming


def test_streams_give_the_records_of_the_tuple_functions():
    assert tuple(synthetic.iter_participants(30, seed=11, as_of=DAY)) == synthetic.participants(
        30, seed=11, as_of=DAY
    )
    assert tuple(synthetic.iter_assessments(50, seed=11, as_of=DAY)) == REFERENCE[:50]
    assert (
        tuple(synthetic.iter_assessments(50, seed=11, as_of=DAY, for_ruleset="locus")) == LOCUS[:50]
    )
    assert tuple(synthetic.iter_histories(5, seed=11, as_of=HISTORY_DAY)) == HISTORIES[:5]


def test_streams_are_lazy():
    """A million participants cost nothing until drawn: the first come at once."""
    stream = synthetic.iter_histories(1_000_000, seed=11, as_of=HISTORY_DAY)
    assert next(stream) == HISTORIES[0]
    assert next(stream) == HISTORIES[1]
    people = synthetic.iter_participants(1_000_000, seed=11, as_of=DAY)
    assert [next(people).id for _ in range(3)] == ["syn-000001", "syn-000002", "syn-000003"]
    stays = synthetic.census(1_000_000, seed=11, as_of=HISTORY_DAY)
    assert next(stays).participant.id == "syn-000001"


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: synthetic.iter_participants(-1, seed=1, as_of=DAY), InvalidValueError),
        (lambda: synthetic.iter_participants(1, seed="1", as_of=DAY), InvalidTypeError),
        (
            lambda: synthetic.iter_assessments(1, seed=1, as_of=DAY, for_ruleset="x"),
            UnknownCodeError,
        ),
        (lambda: synthetic.iter_assessments(1, seed=1, as_of="2026-03-02"), InvalidTypeError),
        (lambda: synthetic.iter_histories(1, seed=1, as_of=DAY, weeks=0), InvalidValueError),
        (lambda: synthetic.census(1, seed=1, as_of=DAY, weeks=105), InvalidValueError),
        (lambda: synthetic.census(1, seed=1, as_of=DAY, weeks=2.0), InvalidTypeError),
        (lambda: synthetic.census(1, seed=1, as_of=DAY, tz="Nowhere/Special"), UnknownCodeError),
        (lambda: synthetic.census(2.5, seed=1, as_of=DAY), InvalidTypeError),
    ],
)
def test_streams_check_their_arguments_when_called(make, error):
    """Bad arguments raise at the call, before anything is drawn."""
    with pytest.raises(error):
        make()


_MEMORY_PROBE = """
import tracemalloc, pendulum
from iopcore import synthetic
# Warm up first: lazily built caches (time zones, compiled patterns) are not the stream's.
for stay in synthetic.census(100, seed=4, as_of=pendulum.date(2026, 3, 30), weeks=4):
    pass
tracemalloc.start()
for stay in synthetic.census({n}, seed=3, as_of=pendulum.date(2026, 3, 30), weeks=4):
    pass
print(tracemalloc.get_traced_memory()[1])
"""


def _peak(n):
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE.format(n=n)],
        capture_output=True,
        check=True,
        text=True,
    )
    return int(result.stdout)


def test_streaming_memory_does_not_grow_with_the_cohort():
    """Ten times the participants, not ten times the peak memory (one stay at a time).

    The peak is the largest single stay's footprint, which grows a little with the
    number of stays drawn (a longer stay turns up in a bigger sample); a stream that
    kept its stays would need about ten times the memory.
    """
    small, large = _peak(40), _peak(400)
    assert large < 2.5 * small


# ---------------------------------------------------------------- a program's census

CENSUS = tuple(synthetic.census(1000, seed=2026, as_of=HISTORY_DAY))


def test_census_is_reproducible_and_independent_of_n():
    assert tuple(synthetic.census(20, seed=2026, as_of=HISTORY_DAY)) == CENSUS[:20]
    assert tuple(synthetic.census(20, seed=2027, as_of=HISTORY_DAY)) != CENSUS[:20]
    assert [h.participant for h in CENSUS[:50]] == list(
        synthetic.participants(50, seed=2026, as_of=HISTORY_DAY)
    )
    # Its streams are its own: the other generators give what they gave.
    assert synthetic.histories(5, seed=11, as_of=HISTORY_DAY) == HISTORIES[:5]


def test_census_stays_are_coherent_in_time():
    """Admitted on a weekday within the window; a weekly assessment; weekday sessions."""
    for history in CENSUS:
        episode = history.episode
        admitted = episode.admitted
        assert HISTORY_DAY.subtract(days=9 * 7 + 1) <= admitted <= HISTORY_DAY
        assert admitted.weekday() < 5
        assert episode.level_on(HISTORY_DAY) is not None
        assert all(e.effective <= e.recorded <= HISTORY_DAY for e in episode.events)
        days = [a.assessed_on for a in history.assessments]
        weeks = (HISTORY_DAY - admitted).days // 7 + 1
        assert days == [admitted.add(weeks=week) for week in range(weeks)]
        starts = [s.start for s in history.sessions]
        assert starts == sorted(starts)
        assert all(admitted <= s.start.date() <= HISTORY_DAY for s in history.sessions)
        assert all(s.start.weekday() < 5 for s in history.sessions)
        owner = history.participant.id
        assert {a.participant_id for a in history.assessments} == {owner}
        assert {s.participant_id for s in history.sessions} <= {owner}


#: The census week by level (weekday -> (service, start hour, hours)), as the module
#: docstring gives it: IOP 3 h on Mon/Wed/Fri (alliedaddictionrecovery.com), PHP 4 h every weekday
#: (CMS CY2024 OPPS final rule), individual therapy on Tuesday afternoons.
_IOP_DAY = {("group therapy", 9, 2), ("skills group", 11, 1)}
_PHP_DAY = {*_IOP_DAY, ("psychoeducation", 12, 1)}
_INDIVIDUAL = {("individual therapy", 14, 1)}
CENSUS_WEEK = {
    "IOP": {0: _IOP_DAY, 1: _INDIVIDUAL, 2: _IOP_DAY, 4: _IOP_DAY},
    "PHP": {0: _PHP_DAY, 1: _PHP_DAY | _INDIVIDUAL, 2: _PHP_DAY, 3: _PHP_DAY, 4: _PHP_DAY},
}


def test_census_sessions_follow_the_level_in_force():
    """Every planned session of the level in force on each day, and nothing else, in
    real hours across the March clock change; 10 h a week at IOP, 21 at PHP."""
    assert sum(h for day in CENSUS_WEEK["IOP"].values() for *_, h in day) == 10
    assert sum(h for day in CENSUS_WEEK["PHP"].values() for *_, h in day) == 21
    levels = collections.Counter()
    for history in CENSUS[:200]:
        by_day = collections.defaultdict(set)
        for session in history.sessions:
            hours = (session.end - session.start).total_seconds() / 3600
            assert session.start == pendulum.datetime(
                *session.start.timetuple()[:4], tz="America/New_York"
            )
            by_day[session.start.date()].add((session.service.value, session.start.hour, hours))
        day = history.episode.admitted
        while day <= HISTORY_DAY:
            level = history.episode.level_on(day).code
            levels[level] += 1
            assert by_day.get(day, set()) == CENSUS_WEEK[level].get(day.weekday(), set()), day
            day = day.add(days=1)
    assert set(levels) == {"IOP", "PHP"}


def test_census_admits_moderate_to_severe_participants_at_iop_or_php():
    levels = collections.Counter(h.episode.initial_level.code for h in CENSUS)
    assert set(levels) == {"IOP", "PHP"}
    assert levels["IOP"] > 2 * levels["PHP"]
    # PHQ-9 at admission around the foot of the moderate (IOP) and moderately severe
    # (PHP) bands: Kroenke 2001 bands 10-14 and 15-19.
    for code, low, high in (("IOP", 8, 13), ("PHP", 13, 18)):
        totals = [
            h.assessments[0].scores["phq9"].total
            for h in CENSUS
            if h.episode.initial_level.code == code
        ]
        mean = sum(totals) / len(totals)
        assert low < mean < high, (code, mean)
    gad = [h.assessments[0].scores["gad7"].total for h in CENSUS]
    assert all(0 <= total <= 21 for total in gad)
    assert all({"phq9", "gad7"} <= set(a.scores) for h in CENSUS for a in h.assessments)


def test_census_courses_improve_mostly_and_the_team_moves_levels():
    improved = sum(
        h.assessments[-1].scores["phq9"].total < h.assessments[0].scores["phq9"].total
        for h in CENSUS
        if len(h.assessments) >= 6
    )
    long_stays = sum(len(h.assessments) >= 6 for h in CENSUS)
    assert 0.5 < improved / long_stays < 0.85
    steps = collections.Counter(c.direction for h in CENSUS for c in h.episode.level_changes)
    assert steps["down"] > steps["up"] > 0
    attendance = collections.Counter(s.attendance.value for h in CENSUS for s in h.sessions)
    assert attendance["attended"] > 5 * attendance["absent"] > 0
    assert attendance["excused"] > 0
    assert attendance["cancelled"] > 0


def test_census_decisions_are_a_plausible_mix():
    """The rules' decisions on the census date (outputs, not inputs): mostly stay, and
    every kind of decision occurs; few stays reach the 60-day maximum. The module
    docstring quotes these rates."""
    kinds = collections.Counter()
    rules = collections.Counter()
    for history in CENSUS:
        decision = evaluate_transition(
            history.episode,
            assessments=history.assessments,
            sessions=history.sessions,
            as_of=HISTORY_DAY,
        )
        kinds[decision.kind.name] += 1
        rules[decision.rule_id] += 1
    assert 0.6 < kinds["STAY"] / 1000 < 0.76
    assert 0.08 < kinds["STEP_DOWN"] / 1000 < 0.18
    assert 0.05 < kinds["STEP_UP"] / 1000 < 0.14
    assert 0.05 < kinds["DISCHARGE"] / 1000 < 0.14
    assert rules["T-DC-MAX-STAY"] < 100
    assert rules["T-DC-NON-PARTICIPATION"] > 0
    assert rules["T-DOWN-SUSTAINED"] > 0
    assert rules["T-DOWN-TAPER"] > 0
    days = sorted(h.episode.length_of_stay(HISTORY_DAY) for h in CENSUS)
    assert 25 <= days[500] <= 40


_CENSUS_PROBE = """
import pendulum
from iopcore import serialize, synthetic
for stay in synthetic.census(3, seed=5, as_of=pendulum.date(2026, 3, 30)):
    for record in (stay.participant, stay.episode, *stay.assessments, *stay.sessions):
        print(serialize.to_json(record))
"""


def test_census_is_the_same_in_another_process():
    outputs = set()
    for hash_seed in ("0", "random"):
        result = subprocess.run(
            [sys.executable, "-c", _CENSUS_PROBE],
            capture_output=True,
            check=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.add(result.stdout)
    (only,) = outputs
    expected = [
        serialize.to_json(record)
        for stay in synthetic.census(3, seed=5, as_of=HISTORY_DAY)
        for record in (stay.participant, stay.episode, *stay.assessments, *stay.sessions)
    ]
    assert only.splitlines() == expected


def test_a_one_week_census_in_another_zone():
    stays = list(synthetic.census(30, seed=4, as_of=HISTORY_DAY, weeks=1, tz="Asia/Kolkata"))
    assert all(len(h.assessments) <= 2 for h in stays)
    assert all(h.episode.level_changes == () for h in stays)
    assert all(s.start.tzinfo.name == "Asia/Kolkata" for h in stays for s in h.sessions)
    assert list(synthetic.census(0, seed=4, as_of=HISTORY_DAY)) == []


def test_a_seed_of_thousands_of_digits_is_a_typed_error():
    # Issue 14.5: a 4,300-digit seed raised Python's plain int-to-text ValueError.
    with pytest.raises(InvalidValueError) as caught:
        synthetic.cohort(1, seed=10**4300, as_of=pendulum.date(2026, 3, 2))
    assert caught.value.field == "seed"
    assert caught.value.allowed == "an int from -999999999999999999 to 999999999999999999"
