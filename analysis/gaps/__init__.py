"""Coordination-gap rules (DESIGN §6): pure functions over plain facts about a child.

>>> from datetime import date
>>> from analysis.gaps.model import ChildFacts
>>> child = ChildFacts(id="c1", given_name="Anna", family_name="Kouao",
...                    date_of_birth=date(2018, 3, 1), responsible_la="E09000009")
>>> [g.code for g in evaluate(child, as_of=date(2026, 11, 24), agencies={}, practitioners={})]
['MISSING_EDUCATION', 'INVISIBLE_CHILD', 'NO_CARER_RECORDED', 'NO_GP']
"""

from analysis.gaps.engine import UnknownRule, concern, evaluate, gap_order, merge_confirmed, select
from analysis.gaps.model import (
    Agency,
    CarerLink,
    ChildFacts,
    Employment,
    Gap,
    Involvement,
    Practitioner,
    Residence,
    SameAs,
    Severity,
    Sibling,
)
from analysis.gaps.rules import RULES, Rule
from analysis.gaps.thresholds import Thresholds

__all__ = [
    "RULES",
    "Agency",
    "CarerLink",
    "ChildFacts",
    "Employment",
    "Gap",
    "Involvement",
    "Practitioner",
    "Residence",
    "Rule",
    "SameAs",
    "Severity",
    "Sibling",
    "Thresholds",
    "UnknownRule",
    "concern",
    "evaluate",
    "gap_order",
    "merge_confirmed",
    "select",
]
