"""Ground truth for synthetic data: how each gap rule (DESIGN §6) is read, its thresholds, and
the manifest written with `--truth` (working days come from analysis.gaps.calendar).

The manifest says, for every rule code, exactly which children must be flagged as of its
`as_of` date (`expected`), which were planted for it (`planted`), and the planted duplicate
pairs, twins, siblings close in age and namesakes, so precision and recall of the gap rules and
of identity resolution can be measured exactly.
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

RULE_CODES: tuple[str, ...] = (
    "NO_GP",
    "MISSING_EDUCATION",
    "INVISIBLE_CHILD",
    "MULTI_AGENCY_NO_LEAD",
    "ASSESSMENT_NO_LEAD",
    "INFO_TO_SHARE_UNACKNOWLEDGED",
    "MOVED_WITHOUT_HANDOVER",
    "NO_SERVICES_AFTER_MOVE",
    "FREQUENT_MOVES",
    "WHEREABOUTS_UNKNOWN",
    "SIBLING_NOT_CONSIDERED",
    "POSSIBLE_DUPLICATE",
    "SHIELDED_DUPLICATE",
    "NO_CARER_RECORDED",
    "CARER_WITHOUT_PR",
    "STALE_INVOLVEMENT",
    "ORPHANED_INVOLVEMENT",
    "SENSITIVE_WITHOUT_CONSENT",
)

DUPLICATE_KINDS: tuple[str, ...] = (
    "alias",
    "misspelling",
    "swapped_dob",
    "former_name",
    "transposed_names",
    "placeholder_name",
    "replaced_family_name",
    "phonetic_typo",
    "date_off_by_one",
)
"""How a planted duplicate's record differs from its original (service.data.corruption)."""

INFO_TO_SHARE_WORKING_DAYS = 5
HANDOVER_WINDOW_DAYS = 90
HANDOVER_WORKING_DAYS = 5
SERVICES_AFTER_MOVE_DAYS = 28
FREQUENT_MOVES = 3
FREQUENT_MOVES_WINDOW_DAYS = 365
STALE_DAYS = 365
SCHOOL_AGE = (5, 16)

THRESHOLDS: dict[str, int | list[int]] = {
    "info_to_share_working_days": INFO_TO_SHARE_WORKING_DAYS,
    "handover_window_days": HANDOVER_WINDOW_DAYS,
    "handover_working_days": HANDOVER_WORKING_DAYS,
    "services_after_move_days": SERVICES_AFTER_MOVE_DAYS,
    "frequent_moves": FREQUENT_MOVES,
    "frequent_moves_window_days": FREQUENT_MOVES_WINDOW_DAYS,
    "stale_days": STALE_DAYS,
    "school_age": list(SCHOOL_AGE),
}

RULES: dict[str, str] = {
    "NO_GP": "no current involvement (since <= as-of, until empty or after as-of) whose agency"
    " (agency_id) is a gp_practice",
    "MISSING_EDUCATION": "aged 5 to 16 in whole years on the as-of date and no current"
    " involvement from a school, alternative_provision or elective_home_education agency"
    " (every non-planted child aged 4 to 17 has one, so the edges of school age never matter)",
    "INVISIBLE_CHILD": "no current involvement from any universal kind (gp_practice, school,"
    " early_years, health_visiting, elective_home_education, alternative_provision); planted"
    " children are aged 1-3, so each is also NO_GP",
    "MULTI_AGENCY_NO_LEAD": "two or more distinct agencies (agency_id) with current involvements"
    " of a non-universal kind, and no current involvement with lead_professional true",
    "ASSESSMENT_NO_LEAD": "a current involvement has assessment_kind set, and no current"
    " involvement has lead_professional true",
    "INFO_TO_SHARE_UNACKNOWLEDGED": "a current involvement has info_to_share true raised"
    " (info_to_share_since) more than 5 working days (weekends and England bank holidays"
    " excluded) before the as-of date, and its info_acknowledged_by (new INVOLVED_WITH property:"
    " list of practitioner ids) names no currently involved practitioner other than the raiser"
    " (non-planted flags are acknowledged, or raised within the last 2 working days)",
    "MOVED_WITHOUT_HANDOVER": "the current residence began with a move from another local"
    " authority in the last 90 days and more than 5 working days ago; a social_care or"
    " early_help involvement was open on the move date (ending on it counts), and none started"
    " on or after it",
    "NO_SERVICES_AFTER_MOVE": "the current residence began with a move from another local"
    " authority at least 28 days ago, and no current involvement comes from a gp_practice or"
    " education agency located in the new authority (planted children still use the old"
    " authority's GP and school)",
    "FREQUENT_MOVES": "three or more moves (residence periods other than the first, LA or"
    " address) began in the 365 days up to the as-of date; non-planted children move at most"
    " once",
    "WHEREABOUTS_UNKNOWN": "address_status is no_known_address or left_england",
    "SIBLING_NOT_CONSIDERED": "shares a current carer with another child who has a current"
    " social_care or early_help involvement or a current assessment, and has no current"
    " non-universal involvement itself",
    "POSSIBLE_DUPLICATE": "planted as pairs of child records for one child (kinds: alias,"
    " misspelling, swapped_dob, former_name, transposed_names, placeholder_name,"
    " replaced_family_name, phonetic_typo, date_off_by_one; a quarter with a second typing slip;"
    " the second record has no NHS number, a duplicate carer and its own services); fires once"
    " identity resolution leaves an unresolved SAME_AS candidate on the pair. The seed writes no"
    " SAME_AS edges",
    "SHIELDED_DUPLICATE": "a planted duplicate pair whose first record is shielded and whose"
    " second is not; the shielded child is listed, and both records are also POSSIBLE_DUPLICATE",
    "NO_CARER_RECORDED": "no current CARES_FOR (no until, or until after the as-of date)",
    "CARER_WITHOUT_PR": "lives with at least one current carer (lives_with), none of the carers"
    " it lives with has parental_responsibility, and no current social_care involvement"
    " (a step-parent without PR living alongside a parent with PR is not flagged)",
    "STALE_INVOLVEMENT": "a current involvement whose updated_at is more than 365 days before"
    " the as-of date (non-planted involvements were updated within the last 183 days)",
    "ORPHANED_INVOLVEMENT": "a current involvement from a practitioner whose WORKS_FOR to the"
    " involvement's agency has ended (until on or before the as-of date) or does not exist",
    "SENSITIVE_WITHOUT_CONSENT": "a current involvement without consent from an agency of a"
    " sensitive kind whose `sensitive` flag is false, so anything trusting the flag shows it"
    " outside the agency (each area has one mis-flagged 'legacy' sexual health service, used"
    " only by planted children)",
}

IMPLIES: dict[str, tuple[str, ...]] = {
    "INVISIBLE_CHILD": ("NO_GP",),
    "SHIELDED_DUPLICATE": ("POSSIBLE_DUPLICATE",),
}
"""A child planted for the key rule is necessarily flagged by these too."""


class DuplicatePair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    original: str
    duplicate: str
    shielded: bool = False
    """The original is shielded and the duplicate is not (SHIELDED_DUPLICATE)."""


class Manifest(BaseModel):
    """What the generator planted, and what the gap rules and identity resolution must find."""

    model_config = ConfigDict(extra="forbid")

    seed: int
    children: int
    local_authorities: list[str]
    as_of: date
    plants_per_rule: int
    rules: dict[str, str] = Field(default_factory=lambda: dict(RULES))
    thresholds: dict[str, int | list[int]] = Field(default_factory=lambda: dict(THRESHOLDS))
    planted: dict[str, list[str]] = Field(default_factory=dict)
    expected: dict[str, list[str]] = Field(default_factory=dict)
    not_planted: dict[str, str] = Field(default_factory=dict)
    duplicates: list[DuplicatePair] = Field(default_factory=list)
    twins: list[tuple[str, str]] = Field(default_factory=list)
    siblings: list[tuple[str, str]] = Field(default_factory=list)
    """Children of one family born less than two years apart (not twins): never one child."""
    namesakes: list[tuple[str, str]] = Field(default_factory=list)
    """Children of the same given and family name in different families (some at the same
    postcode), born on different days."""
    shielded: list[str] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many children each rule must flag."""
        return {rule: len(self.expected.get(rule, [])) for rule in RULE_CODES}
