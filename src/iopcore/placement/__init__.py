"""Placement: the level of care a ruleset calls for, with every reason shown.

:func:`recommend_level` evaluates every rule of a ruleset (and its decision tree, if
it has one) on an assessment. Each fired rule sets a floor (its minimum level) or rules
levels out; the recommendation is the least intensive level that every fired rule
allows. So the highest-risk input drives the level, and ratings are never added up
unless a ruleset's own rules do so (as LOCUS's composite does).

When inputs are missing, some rules cannot tell. The placement then works out the
lowest and the highest level the missing inputs could lead to. If they agree, the
missing inputs do not matter and the level stands; if not, the placement is *not
determinable*: ``level`` is ``None``, ``at_least`` says what the known inputs already
call for, and ``missing`` lists the inputs that could change the result. A rule may
mark its inputs optional (``Rule(if_missing=...)``): when they are
missing, the placement is decided without it and lists the rule's follow-up in
``follow_ups`` (the ``reference`` ruleset does so for the C-SSRS screen).

:meth:`Placement.override` records the level actually chosen beside the recommended
one, with the reason, who decided, and the direction of the difference.

>>> import pendulum
>>> from iopcore.placement import recommend_level
>>> from iopcore.assessments import Assessment
>>> from iopcore.instruments import cssrs
>>> assessment = Assessment(
...     participant_id="p-001",
...     assessed_on=pendulum.date(2026, 3, 2),
...     ratings={
...         "safety": 1,
...         "medical": 0,
...         "symptoms": 3,
...         "substance_use": 2,
...         "environment": 1,
...         "readiness": 1,
...     },
...     facts={"support_outside_program_hours": True, "impairment_beyond_routine_outpatient": True},
...     conditions=["depression"],
... )
>>> placement = recommend_level(assessment, as_of=pendulum.date(2026, 3, 2))
>>> placement.level.code, placement.follow_ups[0][:52]
('PHP', 'No complete validated suicide-risk screen on file: s')
>>> screened = attrs.evolve(assessment, scores=[cssrs.score([False] * 6)])
>>> recommend_level(screened, as_of=pendulum.date(2026, 3, 2)).follow_ups
()
>>> unrated = attrs.evolve(assessment, ratings={"safety": 1, "symptoms": 3})
>>> open_placement = recommend_level(unrated, as_of=pendulum.date(2026, 3, 2))
>>> open_placement.level, open_placement.at_least.code, open_placement.missing
(None, 'PHP', ('ratings.medical', 'ratings.substance_use', 'ratings.environment'))
"""

from __future__ import annotations

import attrs  # noqa: F401 - the module's doctest uses it, as it did before the split

from iopcore._deprecated import renamed
from iopcore.placement._placement import Direction, Override, Placement
from iopcore.placement._recommend import recommend_level
from iopcore.rulesets import DEFAULT_PLACEMENT_RULESET

__all__ = ["Direction", "Override", "Placement", "recommend_level"]


def __getattr__(name: str) -> object:
    return renamed(
        __name__,
        name,
        {
            "DEFAULT_RULESET": (
                "iopcore.rulesets.DEFAULT_PLACEMENT_RULESET",
                DEFAULT_PLACEMENT_RULESET,
            ),
        },
    )
