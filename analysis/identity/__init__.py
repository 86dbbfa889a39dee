"""Identity resolution: find records that are likely the same child (DESIGN §7).

Pure: identity rows in (plain mappings, see `features`), candidate pairs out, each with a match
weight and human-readable reasons. Candidates come from blocking (`blocking`), so the work grows
with the number of look-alikes, not with N²; each pair is compared field by field
(`comparisons`: every name and alias, crossed for transposed names, the date of birth with
day/month swaps, postcode, sex, NHS number, carers) and weighed Fellegi-Sunter style with m and
u probabilities learnt by expectation-maximisation on the records scanned (`model`), exact
names weighed by how common they are (`scoring`). Missing is not a mismatch; twins and siblings
are not proposed. Nothing here merges anything: a data steward decides.
"""

from analysis.identity.blocking import (
    BLOCKING_KEYS,
    BlockingStats,
    KeyCost,
    candidate_pairs,
    name_keys,
)
from analysis.identity.comparisons import COMPARISONS, Comparison, given_names_alike
from analysis.identity.features import BadIdentityRow, Features, is_placeholder, prepare
from analysis.identity.model import MatchModel, default_model, learn, summary
from analysis.identity.resolve import (
    Candidate,
    Resolution,
    ResolveStats,
    collector_paused,
    find_candidates,
    model_for,
    prepare_all,
)
from analysis.identity.scoring import DEFAULT_SETTINGS, Match, MatchSettings, score_pair

__all__ = [
    "BLOCKING_KEYS",
    "COMPARISONS",
    "DEFAULT_SETTINGS",
    "BadIdentityRow",
    "BlockingStats",
    "Candidate",
    "Comparison",
    "Features",
    "KeyCost",
    "Match",
    "MatchModel",
    "MatchSettings",
    "Resolution",
    "ResolveStats",
    "candidate_pairs",
    "collector_paused",
    "default_model",
    "find_candidates",
    "given_names_alike",
    "is_placeholder",
    "learn",
    "model_for",
    "name_keys",
    "prepare",
    "prepare_all",
    "score_pair",
    "summary",
]
