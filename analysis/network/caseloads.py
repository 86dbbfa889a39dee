"""Caseload outliers: professionals carrying far more children than their peers.

Peers are the professionals of the same agency kind (a health visitor is compared with health
visitors, not with GPs). "Far more" is a modified z-score of 3.5 or more (Iglewicz and Hoaglin,
1993): the distance from the peers' median in units of their median absolute deviation, which
one huge caseload cannot drag along the way a mean and standard deviation would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from statistics import mean, median

from analysis.network.model import CaseloadOutlier, Party

OUTLIER_SCORE = 3.5
MIN_PEERS = 5
"""Fewer professionals of a kind than this are too few to call one of them unusual."""
_MAD_SCALE = 0.6745
"""The modified z-score's constant: the 0.75 quantile of the standard normal distribution."""
_MEAN_AD_SCALE = 0.7979
"""Used instead when more than half the peers carry the same caseload (median deviation 0)."""


def caseload_outliers(
    caseloads: Mapping[Party, int],
    *,
    threshold: float = OUTLIER_SCORE,
    min_peers: int = MIN_PEERS,
) -> list[CaseloadOutlier]:
    """Professionals whose caseload stands out above their peers', highest score first.

    >>> staff = {Party(f"hv{i}", "practitioner", f"HV {i}", "hv", "health_visiting"): n
    ...          for i, n in enumerate([20, 22, 25, 21, 23, 60])}
    >>> [(o.party.id, o.caseload, o.peer_median) for o in caseload_outliers(staff)]
    [('hv5', 60, 22.5)]
    """
    by_kind: dict[str, list[tuple[Party, int]]] = defaultdict(list)
    for party, count in caseloads.items():
        by_kind[party.agency_kind].append((party, count))
    found: list[CaseloadOutlier] = []
    for peers in by_kind.values():
        if len(peers) < min_peers:
            continue
        counts = [count for _, count in peers]
        middle = median(counts)
        spread = median(abs(c - middle) for c in counts)
        scale = _MAD_SCALE / spread if spread else None
        if scale is None:
            mean_spread = mean(abs(c - middle) for c in counts)
            if not mean_spread:
                continue  # every peer carries the same caseload
            scale = _MEAN_AD_SCALE / mean_spread
        for party, count in peers:
            score = round(scale * (count - middle), 3)  # the threshold applies to the score shown
            if score >= threshold:
                found.append(
                    CaseloadOutlier(
                        party=party,
                        caseload=count,
                        peer_median=float(middle),
                        peers=len(peers),
                        score=score,
                    )
                )
    found.sort(key=lambda o: (-o.score, o.party.id))
    return found
