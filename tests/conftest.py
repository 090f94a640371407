"""Shared pytest set-up: Hypothesis profiles.

``dev`` (the default) keeps the suite fast; ``ci`` (chosen when the CI environment
variable is set, as in ``.ci/run``) tries more examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# ---------------------------------------------------------------- personal data in messages
# While each test runs, every iopcore error raised is kept, with every birth date and
# free text (override reasons, episode notes) put into the inputs; after the test, no
# message may show one of them (see tests/_personal_data.py).

import pytest  # noqa: E402

from _personal_data import RECORD, leaks  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "one_value_everywhere: the test puts one value into every field, birth dates "
        "included, so a message showing it as another field's value is no leak",
    )


@pytest.fixture(autouse=True)
def _no_personal_data_in_messages(request):
    RECORD.clear()
    yield
    found = [] if request.node.get_closest_marker("one_value_everywhere") else leaks()
    RECORD.clear()
    assert found == [], "an error message shows a birth date or free text put into the inputs"
