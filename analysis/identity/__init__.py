"""Identity resolution: find records that are likely the same child (DESIGN §7).

Pure: identity rows in (plain mappings, see `features`), candidate pairs out, each with a score
and human-readable reasons. Candidates come from blocking (`blocking`), so the work grows with
the number of look-alikes, not with N²; scoring (`scoring`) weighs every name and alias, the date
of birth (day/month swaps too), sex, NHS numbers, carers and postcode. Twins and namesakes are
not proposed. Nothing here merges anything: a data steward decides.
"""

from analysis.identity.blocking import BLOCKING_KEYS, BlockingStats, candidate_pairs
from analysis.identity.features import BadIdentityRow, Features, name_keys, prepare
from analysis.identity.resolve import Candidate, Resolution, ResolveStats, find_candidates
from analysis.identity.scoring import DEFAULT_SETTINGS, Match, MatchSettings, score_pair

__all__ = [
    "BLOCKING_KEYS",
    "DEFAULT_SETTINGS",
    "BadIdentityRow",
    "BlockingStats",
    "Candidate",
    "Features",
    "Match",
    "MatchSettings",
    "Resolution",
    "ResolveStats",
    "candidate_pairs",
    "find_candidates",
    "name_keys",
    "prepare",
    "score_pair",
]
