"""Guarantees every public entry point keeps: no I/O, no hypothesis at import, pinned
public names, and robustness against junk input. Later modules add their entry points
to the tables here."""

import datetime as dt
import inspect
import json
import math
import subprocess
import sys
import textwrap

import pendulum
import pytest

import iopcore
from iopcore import exceptions, levels, participants, serialize
from iopcore.exceptions import IopcoreError

# ---------------------------------------------------------------- public names

PUBLIC_NAMES = {
    iopcore: ["Condition", "LevelOfCare", "Participant", "Population", "Sex", "__version__"],
    levels: [
        "ASAM_3RD_EDITION",
        "ASAM_4TH_EDITION",
        "CALOCUS_CASII_LEVELS",
        "LOCUS_LEVELS",
        "CrosswalkRow",
        "LevelOfCare",
        "from_asam",
        "from_calocus_casii",
        "from_locus",
        "to_asam",
        "to_calocus_casii",
        "to_locus",
    ],
    participants: [
        "DEFAULT_ADULT_AGE",
        "ICD10_CATEGORIES",
        "Condition",
        "Participant",
        "Population",
        "Sex",
    ],
    exceptions: [
        "InvalidResponse",
        "InvalidTypeError",
        "InvalidValueError",
        "IopcoreError",
        "IopcoreErrorGroup",
        "NaiveDateTimeError",
        "UnknownCodeError",
    ],
    serialize: ["SCHEMA_VERSION", "from_dict", "from_json", "to_dict", "to_json"],
}


def _isort_key(name):
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return (kind, name)


@pytest.mark.parametrize("module", PUBLIC_NAMES, ids=lambda module: module.__name__)
def test_public_names_are_pinned_and_sorted(module):
    assert module.__all__ == PUBLIC_NAMES[module]
    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    for name in module.__all__:
        assert getattr(module, name) is not None


def test_version_is_read_lazily_from_the_metadata():
    assert iopcore.__version__ == "0.1.0.dev0"
    with pytest.raises(AttributeError):
        _ = iopcore.no_such_name  # type: ignore[attr-defined]


# ---------------------------------------------------------------- no I/O

NO_IO_SCRIPT = textwrap.dedent(
    """
    import sys, os
    events = []
    READ_OK = (".py", ".pyc", ".so", ".pth")

    def allowed_read(path):
        path = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
        return (
            path.endswith(READ_OK)
            or os.path.isdir(path)
            or "zoneinfo" in path
            or "tzdata" in path
        )

    def hook(event, args):
        if event.startswith(("socket.", "subprocess.")) or event in ("os.system", "os.exec", "os.posix_spawn", "os.fork"):
            events.append((event, repr(args)[:200]))
        elif event == "open":
            path, mode = args[0], args[1]
            if isinstance(path, int):
                return
            writing = mode is not None and any(flag in str(mode) for flag in "wax+")
            flags = args[2] if len(args) > 2 else 0
            if isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                writing = True
            if writing or not allowed_read(path):
                events.append((event, repr(args)[:200]))

    sys.addaudithook(hook)

    import pendulum
    import iopcore
    from iopcore import Condition, LevelOfCare, Participant, levels, serialize

    as_of = pendulum.datetime(2026, 3, 1, 9, tz="America/New_York")
    person = Participant(id="p-1", birth_date=pendulum.date(2008, 2, 29), conditions=["ocd"])
    person.age_on(as_of); person.population_on(as_of.date())
    LevelOfCare.from_code("IOP"); Condition.from_icd10("F42.2")
    for edition in (3, 4):
        for row in (levels.ASAM_3RD_EDITION if edition == 3 else levels.ASAM_4TH_EDITION):
            levels.from_asam(row.code, edition=edition)
        levels.to_asam(LevelOfCare.RESIDENTIAL, edition=edition)
    levels.from_locus(3); levels.to_locus(LevelOfCare.OUTPATIENT)
    levels.from_calocus_casii(4); levels.to_calocus_casii(LevelOfCare.INPATIENT)
    serialize.from_json(serialize.to_json(person), Participant)
    try:
        serialize.from_dict({"id": 1}, Participant)
    except iopcore.exceptions.IopcoreError:
        pass
    from iopcore.__main__ import walkthrough
    walkthrough()
    print(repr(events))
    """
)


def test_public_functions_do_no_io():
    result = subprocess.run(
        [sys.executable, "-c", NO_IO_SCRIPT], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_audit_hook_would_notice_io():
    """The no-I/O check is real: the same hook flags a write and a socket."""
    script = NO_IO_SCRIPT.replace(
        "print(repr(events))",
        "open(os.devnull, 'w').close()\n"
        "import socket; socket.socket().close()\n"
        "print(len(events) >= 2)",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_import_iopcore_does_not_import_hypothesis():
    code = "import sys, iopcore, iopcore.levels, iopcore.participants, iopcore.serialize; print('hypothesis' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_import_iopcore_does_not_import_serialize_machinery():
    code = "import sys, iopcore; print(sorted(m for m in ('cattrs', 'json', 'iopcore.serialize') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------- robustness

JUNK = [
    None,
    math.nan,
    math.inf,
    -math.inf,
    10**100,
    -(10**100),
    True,
    False,
    "",
    "   ",
    "\x00",
    "x" * 10_000,
    b"bytes",
    [],
    {},
    (1, 2),
    {1, 2},
    object(),
    1.5,
    -1,
    dt.datetime(2024, 1, 1),  # noqa: DTZ001 - naive on purpose
    pendulum.naive(2024, 1, 1),
    dt.date(2024, 1, 1),
    pendulum.date(2024, 1, 1),
    pendulum.datetime(2024, 1, 1, tz="UTC"),
    iopcore.LevelOfCare.INPATIENT,
    lambda: None,
]

VALID_PARTICIPANT = {
    "id": "p-1",
    "birth_date": pendulum.date(2000, 1, 1),
    "conditions": [],
    "sex": None,
}


def _calls():
    """Every public constructor and function, with one argument replaced by junk."""
    someone = iopcore.Participant(**VALID_PARTICIPANT)
    for junk in JUNK:
        for field in VALID_PARTICIPANT:
            yield (
                f"Participant({field}=junk)",
                lambda j=junk, f=field: iopcore.Participant(**{**VALID_PARTICIPANT, f: j}),
            )
        yield "LevelOfCare.from_code", lambda j=junk: iopcore.LevelOfCare.from_code(j)
        yield "Condition.from_icd10", lambda j=junk: iopcore.Condition.from_icd10(j)
        yield "from_asam(code)", lambda j=junk: levels.from_asam(j, edition=3)
        yield "from_asam(edition)", lambda j=junk: levels.from_asam("2.1", edition=j)
        yield "to_asam(level)", lambda j=junk: levels.to_asam(j, edition=4)
        yield (
            "to_asam(edition)",
            lambda j=junk: levels.to_asam(iopcore.LevelOfCare.OUTPATIENT, edition=j),
        )
        yield "from_locus", lambda j=junk: levels.from_locus(j)
        yield "to_locus", lambda j=junk: levels.to_locus(j)
        yield "from_calocus_casii", lambda j=junk: levels.from_calocus_casii(j)
        yield "to_calocus_casii", lambda j=junk: levels.to_calocus_casii(j)
        yield "age_on", lambda j=junk: someone.age_on(j)
        yield "population_on(date)", lambda j=junk: someone.population_on(j)
        yield (
            "population_on(adult_age)",
            lambda j=junk: someone.population_on(pendulum.date(2020, 1, 1), adult_age=j),
        )
        yield "to_dict", lambda j=junk: serialize.to_dict(j)
        yield "to_json", lambda j=junk: serialize.to_json(j)
        yield "from_dict(data)", lambda j=junk: serialize.from_dict(j, iopcore.Participant)
        yield "from_dict(cls)", lambda j=junk: serialize.from_dict({}, j)
        yield "from_json(text)", lambda j=junk: serialize.from_json(j, iopcore.Participant)
        yield (
            "from_dict(field)",
            lambda j=junk: serialize.from_dict(
                {**serialize.to_dict(someone), "birth_date": j}, iopcore.Participant
            ),
        )
        yield (
            "from_json(field)",
            lambda j=junk: serialize.from_json(
                json.dumps({**serialize.to_dict(someone), "conditions": [str(j)]}),
                iopcore.Participant,
            ),
        )


def test_junk_gives_a_result_or_an_iopcore_error():
    """No public entry point lets another exception escape on junk input."""
    failures = []
    count = 0
    for name, call in _calls():
        count += 1
        try:
            call()
        except IopcoreError:
            pass
        except Exception as error:  # noqa: BLE001 - collecting every escape is the point
            failures.append(f"{name}: {type(error).__name__}: {error}")
    assert count > 500
    assert failures == []


def test_every_public_callable_is_in_the_junk_table():
    """A new public function must be added to _calls()."""
    covered = {
        "from_code",
        "from_icd10",
        "from_asam",
        "to_asam",
        "from_locus",
        "to_locus",
        "from_calocus_casii",
        "to_calocus_casii",
        "age_on",
        "population_on",
        "to_dict",
        "to_json",
        "from_dict",
        "from_json",
        "Participant",
    }
    public = set()
    for module in (iopcore, levels, participants, serialize):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) or (
                inspect.isclass(value) and not issubclass(value, tuple)
            ):
                public.add(name)
            if inspect.isclass(value):
                public.update(
                    attr
                    for attr, member in vars(value).items()
                    if (
                        not attr.startswith("_") and isinstance(member, (classmethod, staticmethod))
                    )
                    or (not attr.startswith("_") and inspect.isfunction(member))
                )
    enums = {"LevelOfCare", "Condition", "Population", "Sex"}
    assert public - enums - covered == set()
