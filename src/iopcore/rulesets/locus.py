"""The ``locus`` ruleset (opt-in): the LOCUS level-of-care assignment tree.

LOCUS, the Level of Care Utilization System, rates seven scales 1-5 (1 minimal ...
5 extreme): I risk of harm, II functional status, III medical, addictive and
psychiatric co-morbidity, IV-A recovery environment stress, IV-B recovery environment
support, V treatment and recovery history, VI engagement. The composite score is
their sum (7-35). The assignment is a decision tree over the ratings and the
composite, with two outside facts: whether a course of treatment was recently
completed, and whether an ACT-type team is available. The result is a LOCUS level
0-6, crosswalked to a :class:`~iopcore.levels.LevelOfCare` by :func:`iopcore.levels.from_locus`.

The tree here is the one of a public EHR vendor's stored procedure, node for node (``S0`` to
``S24``), as transcribed from a public EHR vendor's implementation of LOCUS 2010; it
has not been checked against the licensed AACP manual, and LOCUS version 20 may
differ. Every step taken is recorded in the findings.

.. warning:: Licence. LOCUS is copyrighted by the American Association for Community
   Psychiatry (AACP); all electronic rights belong to Deerfield Behavioral Health.
   iopcore ships the assignment logic only, not the instrument or its criteria text.
   You need your own licence to use LOCUS in software; get advice before you do.

References:
    * Scales, 1-5 ratings and composite range 7-35: MN DHS MHIS manual; LOCUS Adult
      Version 20 (2016) front matter (assets.documentcloud.org/documents/6165436).
    * Assignment tree: public EHR stored procedure ``ssp_GetCALocusResult``
      (the vendor's ``ssp_GetCALocusResult``; MN DHS MHIS manual for the 7-35 composite).
    * Licensing: LOCUS Adult Version 20 front matter (AACP; electronic rights Deerfield).

>>> from iopcore.rulesets.locus import LocusRatings, assign
>>> result = assign(
...     LocusRatings(
...         risk_of_harm=2,
...         functional_status=3,
...         comorbidity=2,
...         recovery_stress=3,
...         recovery_support=3,
...         treatment_history=3,
...         engagement=2,
...     )
... )
>>> result.composite, result.locus_level, result.level
(18, 3, <LevelOfCare.INTENSIVE_OUTPATIENT: 'IOP'>)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from iopcore._validation import to_int
from iopcore.assessments import Assessment, ClinicalFact
from iopcore.exceptions import InvalidTypeError
from iopcore.levels import LOCUS_LEVELS, LevelOfCare
from iopcore.rules import (
    Branch,
    DecisionTree,
    FactIs,
    Finding,
    Leaf,
    RatingAtLeast,
    RatingAtMost,
    RatingCountAtLeast,
    RatingSumAtLeast,
    RatingSumAtMost,
    all_of,
    any_of,
)
from iopcore.rulesets import Ruleset

if TYPE_CHECKING:  # pragma: no mutate - importing it at run time changes nothing
    from iopcore.rules import Predicate

__all__ = [
    "DIMENSIONS",
    "ID",
    "NOTICE",
    "RULESET",
    "TREE",
    "VERSION",
    "VERSIONS",
    "LocusRatings",
    "LocusResult",
    "assign",
]

ID: Final = "locus"
VERSION: Final = "2010.1"

NOTICE: Final = (
    "LOCUS is copyrighted by the American Association for Community Psychiatry (AACP); "
    "electronic rights belong to Deerfield Behavioral Health. iopcore ships the "
    "assignment logic only; users need their own licence to use LOCUS."
)
_SOURCE = (
    "LOCUS assignment tree as transcribed from a public EHR implementation "
    "(ssp_GetCALocusResult); not checked against the AACP manual"
)

# The seven scales, in LOCUS order: I, II, III, IV-A, IV-B, V, VI.
HARM, FUNCTION, COMORBIDITY = "risk_of_harm", "functional_status", "comorbidity"
STRESS, SUPPORT = "recovery_stress", "recovery_support"
HISTORY, ENGAGEMENT = "treatment_history", "engagement"
#: The seven scale names, as assessment rating dimensions, in LOCUS order.
DIMENSIONS: Final = (HARM, FUNCTION, COMORBIDITY, STRESS, SUPPORT, HISTORY, ENGAGEMENT)

#: Ratings run 1 (minimal) to 5 (extreme) on every scale (LOCUS Adult Version 20).
MIN_RATING: Final = 1
MAX_RATING: Final = 5

_DONE_TX = FactIs(fact=ClinicalFact.COMPLETED_TREATMENT_RECENTLY)
_ACT = FactIs(fact=ClinicalFact.ACT_TEAM_AVAILABLE)


def _at_most(dimension: str, value: int) -> RatingAtMost:
    return RatingAtMost(dimension=dimension, maximum=value)


def _at_least(dimension: str, value: int) -> RatingAtLeast:
    return RatingAtLeast(dimension=dimension, minimum=value)


def _equals_any(dimensions: tuple[str, ...], value: int) -> RatingCountAtLeast:
    """At least one of ``dimensions`` is rated exactly ``value``."""
    return RatingCountAtLeast(dimensions=dimensions, value=value, count=1)


def _composite_at_least(value: int) -> RatingSumAtLeast:
    return RatingSumAtLeast(dimensions=DIMENSIONS, minimum=value)


def _composite_at_most(value: int) -> RatingSumAtMost:
    return RatingSumAtMost(dimensions=DIMENSIONS, maximum=value)


def _branch(node: str, when: Predicate, then: str, otherwise: str) -> Branch:
    return Branch(id=node, when=when, then=then, otherwise=otherwise)


# The vendor's tree (ssp_GetCALocusResult), node for node. C = composite; n2 = number of scales
# rated exactly 2; done_tx = recently completed treatment; act = ACT team available.
_BRANCHES: Final = (
    # S0: C<=16 and I<=3 and II<=3 and III<=3 ? S1 : S11
    _branch(
        "S0",
        all_of(
            _composite_at_most(16),
            _at_most(HARM, 3),
            _at_most(FUNCTION, 3),
            _at_most(COMORBIDITY, 3),
        ),
        "S1",
        "S11",
    ),
    # S1: all 7 scales <=2 ? S2 : S5
    _branch("S1", all_of(*(_at_most(d, 2) for d in DIMENSIONS)), "S2", "S5"),
    # S2: C>=14 ? L2 : S3
    _branch("S2", _composite_at_least(14), "L2", "S3"),
    # S3: done_tx ? L0 : S4
    _branch("S3", _DONE_TX, "L0", "S4"),
    # S4: C>=10 ? L1 : L0
    _branch("S4", _composite_at_least(10), "L1", "L0"),
    # S5: I<=2 and III<=2 and VI<=2 and II<=3 ? S7 : S6
    _branch(
        "S5",
        all_of(
            _at_most(HARM, 2),
            _at_most(COMORBIDITY, 2),
            _at_most(ENGAGEMENT, 2),
            _at_most(FUNCTION, 3),
        ),
        "S7",
        "S6",
    ),
    # S6: IVA+IVB<=4 ? S7 : S9
    _branch("S6", RatingSumAtMost(dimensions=(STRESS, SUPPORT), maximum=4), "S7", "S9"),
    # S7: IVA>=3 or IVB>=3 or V>=3 ? S8 : S2
    _branch(
        "S7", any_of(_at_least(STRESS, 3), _at_least(SUPPORT, 3), _at_least(HISTORY, 3)), "S8", "S2"
    ),
    # S8: IVB<=2 ? S2 : S9
    _branch("S8", _at_most(SUPPORT, 2), "S2", "S9"),
    # S9: V<=2 and IVA+IVB<=5 ? S2 : S10
    _branch(
        "S9",
        all_of(_at_most(HISTORY, 2), RatingSumAtMost(dimensions=(STRESS, SUPPORT), maximum=5)),
        "S2",
        "S10",
    ),
    # S10: I==3 or II==3 or III==3 ? L3 : L2
    _branch("S10", _equals_any((HARM, FUNCTION, COMORBIDITY), 3), "L3", "L2"),
    # S11: I==5 or II==5 or III==5 ? L6 : S12
    _branch("S11", _equals_any((HARM, FUNCTION, COMORBIDITY), 5), "L6", "S12"),
    # S12: C>=28 ? L6 : S13
    _branch("S12", _composite_at_least(28), "L6", "S13"),
    # S13: I==4 ? L5 : S14
    _branch("S13", _equals_any((HARM,), 4), "L5", "S14"),
    # S14: II==4 or III==4 ? S15 : S16
    _branch("S14", _equals_any((FUNCTION, COMORBIDITY), 4), "S15", "S16"),
    # S15: IVA==1 and IVB==1 ? S17 : L5
    _branch("S15", RatingCountAtLeast(dimensions=(STRESS, SUPPORT), value=1, count=2), "S17", "L5"),
    # S16: any scale>=4 ? S17 : S23
    _branch("S16", any_of(*(_at_least(d, 4) for d in DIMENSIONS)), "S17", "S23"),
    # S17: V>=4 or VI>=4 ? S21 : S18
    _branch("S17", any_of(_at_least(HISTORY, 4), _at_least(ENGAGEMENT, 4)), "S21", "S18"),
    # S18: 20<=C<=22 ? L4 : S19
    _branch("S18", all_of(_composite_at_least(20), _composite_at_most(22)), "L4", "S19"),
    # S19: C>=23 ? L5 : S20
    _branch("S19", _composite_at_least(23), "L5", "S20"),
    # S20: C>=17 ? L3 : S2
    _branch("S20", _composite_at_least(17), "L3", "S2"),
    # S21: IVA==1 and IVB==1 ? S18 : S22
    _branch(
        "S21", RatingCountAtLeast(dimensions=(STRESS, SUPPORT), value=1, count=2), "S18", "S22"
    ),
    # S22: act and IVA<=2 ? L4 : S18
    _branch("S22", all_of(_ACT, _at_most(STRESS, 2)), "L4", "S18"),
    # S23: n2>=2 ? S24 : S18
    _branch("S23", RatingCountAtLeast(dimensions=DIMENSIONS, value=2, count=2), "S24", "S18"),
    # S24: IVA+IVB<=5 ? S20 : S18
    _branch("S24", RatingSumAtMost(dimensions=(STRESS, SUPPORT), maximum=5), "S20", "S18"),
)

_LEAVES: Final = tuple(
    Leaf(
        id=f"L{row.code}",
        level=row.level,
        code=row.code,
        rationale=f"LOCUS level {row.code}: {row.name}",
    )
    for row in LOCUS_LEVELS
)

#: The assignment tree as data.
TREE: Final = DecisionTree(root="S0", branches=_BRANCHES, leaves=_LEAVES, source=_SOURCE)

#: The ruleset value: the tree alone, no independent rules.
RULESET: Final = Ruleset(
    id=ID,
    version=VERSION,
    title="LOCUS level-of-care assignment (2010 tree)",
    effective_from=pendulum.Date(2010, 1, 1),
    sources=(_SOURCE,),
    tree=TREE,
    notice=NOTICE,
)

#: Every version, oldest first.
VERSIONS: Final = (RULESET,)


def _check_rating(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    to_int(value, field=attribute.name, minimum=MIN_RATING, maximum=MAX_RATING)


@attrs.frozen(kw_only=True)
class LocusRatings:
    """The seven LOCUS ratings, each 1 (minimal) to 5 (extreme).

    Raises:
        InvalidValueError: a rating outside 1-5.
        InvalidTypeError: a rating that is not an int (``bool`` included).
    """

    risk_of_harm: int = attrs.field(validator=_check_rating)
    functional_status: int = attrs.field(validator=_check_rating)
    comorbidity: int = attrs.field(validator=_check_rating)
    recovery_stress: int = attrs.field(validator=_check_rating)
    recovery_support: int = attrs.field(validator=_check_rating)
    treatment_history: int = attrs.field(validator=_check_rating)
    engagement: int = attrs.field(validator=_check_rating)

    @property
    def composite(self) -> int:
        """The composite score: the sum of the seven ratings (7-35)."""
        return sum(attrs.astuple(self))

    def as_ratings(self) -> dict[str, int]:
        """The ratings keyed by dimension name, for an :class:`~iopcore.assessments.Assessment`."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class LocusResult:
    """A LOCUS assignment: the LOCUS level, the composite, the broad level, the steps.

    Attributes:
        locus_level: The LOCUS level, 0-6.
        composite: The composite score, 7-35.
        level: The broad level the LOCUS level crosswalks to.
        steps: The tree's steps taken, one finding each, in order.
    """

    locus_level: int
    composite: int
    level: LevelOfCare
    steps: tuple[Finding, ...]


#: The date of the assessment :func:`assign` walks the tree on (any date would do).
_ANY_DAY: Final = pendulum.Date(2010, 1, 1)  # pragma: no mutate


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(field, value, allowed="True or False")
    return value


def assign(
    ratings: LocusRatings, *, completed_treatment: bool = False, act_team: bool = False
) -> LocusResult:
    """Assign a LOCUS level from the seven ratings, walking ``TREE``.

    Args:
        ratings: The seven ratings.
        completed_treatment: Whether the person recently completed a course of
            treatment (used at node S3).
        act_team: Whether an ACT-type team is available (used at node S22).

    Raises:
        InvalidTypeError: ``ratings`` is not :class:`LocusRatings`, or a flag is not
            a bool.
    """
    if not isinstance(ratings, LocusRatings):
        raise InvalidTypeError("ratings", ratings, allowed="LocusRatings")
    assessment = Assessment(
        participant_id="locus",
        # Any date: the tree reads ratings and facts only (mutants of it are equivalent).
        assessed_on=_ANY_DAY,
        ratings=ratings.as_ratings(),
        facts={
            ClinicalFact.COMPLETED_TREATMENT_RECENTLY.value: _flag(
                completed_treatment, "completed_treatment"
            ),
            ClinicalFact.ACT_TEAM_AVAILABLE.value: _flag(act_team, "act_team"),
        },
    )
    walk = TREE.walk(assessment)
    (leaf,) = walk.leaves  # every input is known, so exactly one leaf is reached
    return LocusResult(
        locus_level=int(leaf.code),
        composite=ratings.composite,
        level=leaf.level,
        steps=walk.steps,
    )
