"""Identity resolution with Splink (the `[linkage]` extra): the same comparisons, blocking and
learning as our own scorer, run by Splink on DuckDB over a whole area at once.

Splink (the UK Ministry of Justice's Fellegi-Sunter implementation) runs the model as SQL: on
DuckDB on one machine, and the same settings on Spark where a national scan outgrows one. Our
own scorer stays the incremental check on create and rename; this is the whole-area scan for
those who want the reference implementation, and the benchmark's second opinion.

The rows are prepared exactly as for our scorer (analysis.identity.features: placeholders are
missing, names normalised and squeezed, phonetic codes), then handed to Splink as columns:
- comparisons: given name (exact with term frequencies, a short form of the other, Jaro-Winkler
  0.92, 0.8 — the first transposed with the family name counted as exact), family name (exact
  with term frequencies, Jaro-Winkler 0.92, 0.8), date of birth (exact, day and month swapped,
  one part different, within a year), postcode (exact, one character, district), sex, NHS
  number, carers (a carer's name in common);
- blocking: the keys of analysis.identity.blocking that SQL can say (date of birth with either
  name's phonetic code, with the initials, with the postcode; both phonetic codes; postcode with
  the initials; the NHS number);
- training: u by random sampling, m by expectation-maximisation on pairs born the same day and
  on pairs of the same full name, the prior from pairs of the same name and date of birth.
A pair is proposed at a match probability of 0.5 or more (a match weight of 0), as ours.
Splink has no rule for twins and siblings: pairs our household rule holds back are dropped
after prediction, so the two answers differ in weights, not in that rule.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.identity.comparisons import compare, held_back
from analysis.identity.features import Features
from analysis.identity.model import default_model, with_frequencies
from analysis.identity.resolve import Candidate, collector_paused, prepare_all

log = logging.getLogger(__name__)

PROPOSE_AT = 0.5
"""Match probability at which a pair is proposed (a match weight of 0)."""
U_PAIRS = 1_000_000


class SplinkNotInstalled(RuntimeError):
    """Splink runs only with the `[linkage]` extra installed."""


@dataclass
class SplinkResolution:
    candidates: list[Candidate]
    compared: list[tuple[str, str]]
    """Every pair Splink's blocking compared."""


def _columns(records: Sequence[Features]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {
        name: []
        for name in (
            "unique_id", "given", "family", "given_groups", "dob", "dob_key", "dob_swapped",
            "postcode", "district", "sex", "nhs", "carers", "given_code", "family_code",
            "codes", "initials",
        )
    }  # fmt: skip
    for r in records:
        v = r.variants[0]
        year, month, day = r.dob if r.dob is not None else (None, None, None)
        columns["unique_id"].append(r.id)
        columns["given"].append(v.given_squeezed or None)
        columns["family"].append(v.family_squeezed or None)
        columns["given_groups"].append(sorted(v.groups))
        columns["dob"].append(f"{year:04d}-{month:02d}-{day:02d}" if r.dob else None)
        columns["dob_key"].append(r.dob_key)
        columns["dob_swapped"].append(f"{year:04d}-{day:02d}-{month:02d}" if r.dob else None)
        columns["postcode"].append(r.postcode)
        columns["district"].append(r.postcode[:-3] if r.postcode else None)
        columns["sex"].append(r.sex)
        columns["nhs"].append(r.nhs_number)
        columns["carers"].append(sorted(r.carer_names))
        columns["given_code"].append(v.given_code or None)
        columns["family_code"].append(v.family_code or None)
        codes = sorted(c for c in (v.given_code, v.family_code) if c)
        columns["codes"].append("|".join(codes) if len(codes) == 2 else None)
        initials = sorted((v.given_squeezed[:1] or "?", v.family_squeezed[:1] or "?"))
        columns["initials"].append("".join(initials))
    return columns


def _settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    given = cl.CustomComparison(
        output_column_name="given",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given", term_frequency_adjustments=True),
            cll.ColumnsReversedLevel("given", "family", symmetrical=True),
            cll.ArrayIntersectLevel("given_groups", 1),
            cll.JaroWinklerLevel("given", 0.92),
            cll.JaroWinklerLevel("given", 0.8),
            cll.ElseLevel(),
        ],
    )
    family = cl.CustomComparison(
        output_column_name="family",
        comparison_levels=[
            cll.NullLevel("family"),
            cll.ExactMatchLevel("family", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("family", 0.92),
            cll.JaroWinklerLevel("family", 0.8),
            cll.ElseLevel(),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel('"dob_l" = "dob_swapped_r"', "day and month swapped"),
            cll.DamerauLevenshteinLevel("dob", 1),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="year"
            ),
            cll.ElseLevel(),
        ],
    )
    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode"),
            cll.DamerauLevenshteinLevel("postcode", 1),
            cll.ExactMatchLevel("district"),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            given,
            family,
            dob,
            postcode,
            cl.ExactMatch("sex"),
            cl.ExactMatch("nhs"),
            cl.ArrayIntersectAtSizes("carers", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nhs"),
            block_on("dob_key", "given_code"),
            block_on("dob_key", "family_code"),
            block_on("dob_key", "initials"),
            block_on("dob_key", "postcode"),
            block_on("codes"),
            block_on("postcode", "initials"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def find_candidates_with_splink(
    rows: Iterable[Mapping[str, Any]],
    *,
    focus: Iterable[str] | None = None,
    seed: int = 20,
) -> SplinkResolution:
    """Candidate pairs among `rows` (identity rows) as Splink finds them (see the module's
    docstring); with `focus`, only pairs touching one of those child ids."""
    try:
        import pyarrow as pa
        from splink import Linker, block_on
        from splink.backends.duckdb import DuckDBAPI
    except ImportError as e:
        raise SplinkNotInstalled(
            "Splink is not installed: install childindex with the [linkage] extra"
        ) from e
    with collector_paused():
        records = prepare_all(rows)
    by_id = {r.id: r for r in records}
    db_api = DuckDBAPI()
    table = db_api.register(pa.table(_columns(records)))
    linker = Linker(table, _settings(), log_level=logging.ERROR)
    training = linker.training
    settings = linker._settings_obj  # Splink has no public setter for the prior
    fallback = default_model(len(records)).prior
    training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob")], recall=0.7
    )
    if not 0.0 < settings._probability_two_random_records_match < 1.0:
        # no pair of the same name and date of birth to count: the default model's prior
        settings._probability_two_random_records_match = fallback
    training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=seed)
    for rule in (block_on("dob_key"), block_on("given", "family")):
        try:
            training.estimate_parameters_using_expectation_maximisation(rule)
        except (ValueError, ZeroDivisionError):
            # on few records a session can converge to "all matches" or "none" (Splink then
            # takes the log of 0): the parameters stay as the other sessions left them
            log.info("Splink could not fit a training session: too few records", exc_info=True)
    predictions = linker.inference.predict().as_record_list()
    wanted = set(focus) if focus is not None else None
    model = with_frequencies(default_model(), records)  # the household rule's typing slips
    candidates: list[Candidate] = []
    compared: list[tuple[str, str]] = []
    for row in predictions:
        a, b = sorted((str(row["unique_id_l"]), str(row["unique_id_r"])))
        if wanted is not None and a not in wanted and b not in wanted:
            continue
        compared.append((a, b))
        if row["match_probability"] < PROPOSE_AT:
            continue
        vector, names = compare(by_id[a], by_id[b])
        if held_back(vector, names, slip=model.slip(names)) is not None:
            continue
        weight = round(float(row["match_weight"]), 2)
        reason = f"Splink: match probability {row['match_probability']:.1%} ({weight:+.1f} bits)"
        candidates.append(Candidate(a=a, b=b, score=weight, reasons=(reason,)))
    candidates.sort(key=lambda c: (-c.score, c.a, c.b))
    return SplinkResolution(candidates=candidates, compared=compared)
