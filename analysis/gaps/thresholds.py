"""The numbers the rules compare against (DESIGN §6); service settings fill them in."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    school_age_from: int = 5
    """Compulsory school age, in whole years on the as-of date: from this age..."""
    school_age_to: int = 16
    """...up to and including this one."""
    under_five: int = 5
    """Below this age, the universal services are a GP, early years and health visiting."""
    info_to_share_working_days: int = 5
    handover_window_days: int = 90
    handover_working_days: int = 5
    services_after_move_days: int = 28
    frequent_moves: int = 3
    frequent_moves_window_days: int = 365
    stale_days: int = 365
    multi_agency_min: int = 2
