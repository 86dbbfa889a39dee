"""Synthetic England-like data, deterministic for a seed, with planted gaps and their truth.

`SyntheticArea(options).records()` yields plain records (service.data.records) in dependency
order: local authorities, then per authority its agencies, practitioners and their employment,
then families one cluster at a time (children, carers, links, residence history, involvements).
After the last record, `manifest` holds the ground truth (service.data.truth).

Everything random comes from one `random.Random(seed)`, drawn in a fixed order; Faker (seeded,
several locales: service.data.name_pools) is used once, up front, to fill name pools, so a
million children stay fast. Records
are trusted: no pydantic in the hot path (the importer validates files; a unit test validates a
generated sample with the graph models).

How the truth stays exact: every child not planted for a rule is built so that no rule fires
for it (see truth.RULES for how each rule is read), and each planted child is built from a
template that fires its one rule (and the rules truth.IMPLIES says it must). Siblings matter to
SIBLING_NOT_CONSIDERED, so support (social care, early help, assessments) is decided per family
cluster: when one child in a cluster has it, every child in the cluster has a non-universal
involvement.
"""

import random
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import mul
from typing import Any

from analysis.gaps.calendar import working_days_before
from graph_model import clock
from service.data.corruption import Identity, corrupt
from service.data.hard_negatives import Addresses, alike, close_siblings, next_birth
from service.data.name_pools import draw_pools
from service.data.places import PLACES, Place
from service.data.records import Record
from service.data.truth import (
    DUPLICATE_KINDS,
    IMPLIES,
    RULE_CODES,
    DuplicatePair,
    Manifest,
)

UNIVERSAL = frozenset(
    {
        "gp_practice",
        "school",
        "early_years",
        "health_visiting",
        "elective_home_education",
        "alternative_provision",
    }
)
EDUCATION = frozenset({"school", "alternative_provision", "elective_home_education"})
SENSITIVE = frozenset({"sexual_health", "substance_misuse", "mental_health", "camhs"})

NICKNAMES: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Beth", "Liz", "Lizzie"),
    "Katherine": ("Kate", "Katie"),
    "Jessica": ("Jess",),
    "Rebecca": ("Becky",),
    "Charlotte": ("Lottie",),
    "Victoria": ("Vicky",),
    "Abigail": ("Abby",),
    "Olivia": ("Liv",),
    "Isabella": ("Bella", "Izzy"),
    "Amelia": ("Millie",),
    "Eleanor": ("Ellie",),
    "Margaret": ("Maggie",),
    "William": ("Will", "Billy"),
    "Thomas": ("Tom", "Tommy"),
    "Alexander": ("Alex",),
    "Samuel": ("Sam",),
    "Benjamin": ("Ben",),
    "Daniel": ("Danny",),
    "James": ("Jamie",),
    "Joseph": ("Joe",),
    "Matthew": ("Matt",),
    "Nicholas": ("Nick",),
    "Jacob": ("Jake",),
    "Oliver": ("Ollie",),
    "Christopher": ("Chris",),
    "Jonathan": ("Jon",),
    "Robert": ("Rob", "Bobby"),
    "Michael": ("Mike",),
    "Edward": ("Ed", "Teddy"),
    "Henry": ("Harry",),
}
FEMALE_NICKNAMED = tuple(list(NICKNAMES)[:12])
MALE_NICKNAMED = tuple(list(NICKNAMES)[12:])

_PLACE_WORDS = (
    "Oak", "Elm", "Ash", "Willow", "Beech", "Cedar", "Park", "Hill", "Green", "Meadow",
    "Brook", "Mill", "Grange", "Manor", "Orchard", "Priory", "Abbey", "Castle", "Bridge",
    "Valley", "Field", "Heath", "Lake", "River", "Forest", "Kings", "Queens", "Victoria",
    "Albert", "Windmill", "Chestnut", "Hawthorn", "Rowan", "Holly", "Larch", "Poplar",
)  # fmt: skip
_STREET_SUFFIXES = (
    "Road", "Street", "Avenue", "Close", "Lane", "Drive", "Gardens", "Way", "Crescent",
    "Grove", "Place", "Terrace", "Court", "Rise", "Walk",
)  # fmt: skip
_SAINTS = ("St Mary's", "St John's", "St Joseph's", "Holy Trinity", "St Peter's", "Christ Church")
_POSTCODE_UNIT = "ABDEFGHJLNPQRSTUWXYZ"
_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"
_UPN_VALUE = {ch: i for i, ch in enumerate(_UPN_ALPHABET)}

_JOB_TITLES: dict[str, tuple[str, ...]] = {
    "gp_practice": ("General practitioner", "Practice nurse", "GP partner"),
    "school": ("Class teacher", "Designated safeguarding lead", "SENCO", "Head of year"),
    "early_years": ("Nursery key worker", "Early years practitioner"),
    "health_visiting": ("Health visitor", "Community nursery nurse"),
    "school_nursing": ("School nurse",),
    "midwifery": ("Community midwife",),
    "hospital": ("Consultant paediatrician", "Paediatric registrar"),
    "camhs": ("CAMHS clinician", "Clinical psychologist", "Mental health practitioner"),
    "social_care": ("Social worker", "Senior social worker", "Team manager"),
    "early_help": ("Early help practitioner", "Family support worker"),
    "police": ("Police constable (public protection)", "Detective constable"),
    "youth_offending": ("Youth justice officer",),
    "sexual_health": ("Sexual health nurse",),
    "substance_misuse": ("Young people's substance misuse worker",),
    "mental_health": ("Early intervention practitioner",),
    "housing": ("Housing officer",),
    "voluntary": ("Family support volunteer coordinator",),
    "alternative_provision": ("AP teacher", "Pastoral lead"),
    "elective_home_education": ("EHE adviser",),
}


class _Random(random.Random):
    """random.Random whose randrange(start[, stop]) (and so randint) skips the library's
    argument handling but draws exactly as it does (CPython 3.11+: start + _randbelow(width),
    by getrandbits): the same numbers for a seed, and generation ~20% faster (measured)."""

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            low, width = 0, start
        else:
            low, width = start, stop - start
        if step != 1 or type(low) is not int or type(width) is not int or width <= 0:
            return super().randrange(start, stop, step)  # the library's checks and errors
        bits = width.bit_length()
        drawn = self.getrandbits(bits)
        while drawn >= width:
            drawn = self.getrandbits(bits)
        return low + drawn


@dataclass(frozen=True)
class SeedOptions:
    children: int
    las: int = 3
    seed: int = 1
    as_of: date = field(default_factory=clock.today)
    plant_rate: float = 0.002
    """Planted cases per rule, as a share of `children`..."""
    plant_min: int = 3
    """...but at least this many (fewer only when the area is too small to hold them)."""

    def __post_init__(self) -> None:
        if self.children < 0:
            raise ValueError("children must be 0 or more")
        if not 1 <= self.las <= len(PLACES):
            raise ValueError(f"las must be between 1 and {len(PLACES)}")
        if self.as_of > clock.today():
            raise ValueError("as_of cannot be after today: the index holds no future dates")


# --- the generator's own plain structures ------------------------------------------------------


@dataclass(slots=True)
class _Agency:
    id: str
    kind: str
    la: str
    staff: list[str] = field(default_factory=list)
    """Practitioners currently working here."""
    leavers: dict[str, int] = field(default_factory=dict)
    """Practitioners who left, with the ordinal day they left."""


@dataclass(slots=True)
class _Area:
    place: Place
    index: int
    quota: int
    agencies: dict[str, list[_Agency]] = field(default_factory=dict)
    primary: list[_Agency] = field(default_factory=list)
    secondary: list[_Agency] = field(default_factory=list)
    legacy_sensitive: _Agency | None = None
    streets: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)

    def one(self, kind: str) -> _Agency:
        return self.agencies[kind][0]


@dataclass(slots=True)
class _Kid:
    id: str
    given: str
    family: str
    sex: str
    dob: int
    other_names: list[str] = field(default_factory=list)
    nhs: str | None = None
    upn: str | None = None
    shielded: bool = False
    address_status: str = "current"
    links: list[tuple[str, str, bool, bool, int]] = field(default_factory=list)
    """(carer id, relationship, parental responsibility, lives with, since)."""
    residences: list[tuple[str, int, int | None, str, str, str | None]] = field(
        default_factory=list
    )
    """(la, since, until, address line, postcode, from la) per period, oldest first."""
    invs: list[Record] = field(default_factory=list)
    plant: str | None = None


@dataclass(slots=True)
class _Home:
    """Where a household lives now, and where and when it lived before (moves)."""

    area: _Area
    address: str
    postcode: str
    history: list[tuple[_Area, int, str, str]] = field(default_factory=list)
    """(area, since, address, postcode) of each period, oldest first; the last is current."""

    def since(self) -> int:
        return self.history[-1][1]

    def la_move(self) -> tuple[int, _Area] | None:
        """(date, previous area) if the current period began with a move between authorities."""
        if len(self.history) >= 2 and self.history[-2][0] is not self.history[-1][0]:
            return self.history[-1][1], self.history[-2][0]
        return None


class SyntheticArea:
    """Generates one synthetic area; iterate `records()` once, then read `manifest`."""

    def __init__(self, options: SeedOptions) -> None:
        self.options = options
        self.rng = _Random(options.seed)
        self.as_of = options.as_of.toordinal()
        self._iso_cache: dict[int, str] = {}
        self._stamp_cache: dict[int, str] = {}
        self._counters: dict[str, int] = {}
        self._id_patterns: dict[str, str] = {}
        self._agency_kind: dict[str, str] = {}
        self._used_names: set[tuple[str, str, int]] = set()
        self._recent: list[tuple[str, str, str, str, int]] = []
        self.addresses = Addresses()
        self._nhs_step = 0
        self._upn_count = 0
        self._draw_pools(options.seed)
        self.areas = self._plan_areas()
        self.plants_per_rule = self._plants_per_rule()
        self.manifest = Manifest(
            seed=options.seed,
            children=options.children,
            local_authorities=[area.place.code for area in self.areas],
            as_of=options.as_of,
            plants_per_rule=self.plants_per_rule,
            planted={rule: [] for rule in RULE_CODES},
            expected={rule: [] for rule in RULE_CODES},
        )
        if len(self.areas) < 2:
            for rule in ("MOVED_WITHOUT_HANDOVER", "NO_SERVICES_AFTER_MOVE"):
                self.manifest.not_planted[rule] = "needs at least two local authorities"
        self.children_made = 0

    # --- pools and plans -----------------------------------------------------------------------

    def _draw_pools(self, seed: int) -> None:
        pools = draw_pools(seed)
        self.female, self.male, self.families = pools.female, pools.male, pools.families
        self.female_kids = sorted([*self.female, *FEMALE_NICKNAMED])
        self.male_kids = sorted([*self.male, *MALE_NICKNAMED])

    def _plan_areas(self) -> list[_Area]:
        places = PLACES[: self.options.las]
        weights = [self.rng.uniform(0.6, 1.4) for _ in places]
        total = sum(weights)
        quotas = [int(self.options.children * w / total) for w in weights]
        quotas[0] += self.options.children - sum(quotas)
        return [
            _Area(place=p, index=i, quota=q)
            for i, (p, q) in enumerate(zip(places, quotas, strict=True))
        ]

    def _plants_per_rule(self) -> int:
        n = self.options.children
        per_rule = max(self.options.plant_min, round(n * self.options.plant_rate))
        # The most children one round of plants can take (every template at its largest).
        round_size = 3 * 8 + 2 * 2 + 2 + 1 * 7
        while per_rule > 0 and per_rule * round_size > n // 2:
            per_rule -= 1
        return per_rule

    # --- small helpers ---------------------------------------------------------------------------

    def _iso(self, day: int) -> str:
        text = self._iso_cache.get(day)
        if text is None:
            text = self._iso_cache[day] = date.fromordinal(day).isoformat()
        return text

    def _stamp(self, day: int) -> str:
        text = self._stamp_cache.get(day)
        if text is None:
            text = f"{self._iso(day)}T{9 + day % 8:02d}:{(day * 7) % 60:02d}:00.000+00:00"
            self._stamp_cache[day] = text
        return text

    def _next(self, prefix: str) -> int:
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return n

    def _id(self, prefix: str, width: int) -> str:
        # f"{prefix}{seed}-{n:0{width}d}", with the format made once per prefix (this runs for
        # every record: measured ~8% of generation the other way)
        pattern = self._id_patterns.get(prefix)
        if pattern is None:
            pattern = self._id_patterns[prefix] = f"{prefix}{self.options.seed}-%0{width}d"
        n = self._counters.get(prefix, 0) + 1  # self._next(prefix), inline
        self._counters[prefix] = n
        return pattern % n

    def _age(self, dob: int) -> int:
        born = date.fromordinal(dob)
        today = self.options.as_of
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def _dob_for_age(self, lo: int, hi: int) -> int:
        """A date of birth giving an age between lo and hi years, kept clear of birthdays."""
        age_days = self.rng.randrange(lo * 365 + 20, hi * 365 + 345)
        return self.as_of - age_days

    def _nhs_number(self) -> str:
        # A fixed odd multiplier coprime with 10**8 walks every 8-digit tail exactly once.
        while True:
            self._nhs_step += 1
            tail = (37_558_693 * self._nhs_step + 7_919 * self.options.seed) % 100_000_000
            body = f"9{tail:08d}"
            total = 90  # the leading 9, weighted 10; then the tail's digits, weights 9..2
            for weight in range(2, 10):
                total += tail % 10 * weight
                tail //= 10
            check = 11 - total % 11
            if check == 11:
                check = 0
            if check != 10:
                return f"{body}{check}"

    def _upn(self, area: _Area, issued: int) -> str:
        self._upn_count += 1
        n = self._upn_count
        body = f"{area.place.dfe:03d}{1000 + (n // 1000) % 9000:04d}"
        body += f"{date.fromordinal(issued).year % 100:02d}{n % 1000:03d}"
        weights = range(2, 2 + len(body))  # the first character weighs 2, the next 3, ...
        check = sum(map(mul, weights, map(_UPN_VALUE.__getitem__, body))) % 23
        return _UPN_ALPHABET[check] + body

    def _phone(self, area: _Area) -> str:
        return f"{area.place.phone_prefix}{self.rng.randrange(1000):03d}"

    def _mobile(self) -> str:
        return f"+447700900{self.rng.randrange(1000):03d}"

    @staticmethod
    @cache
    def _mail_name(text: str) -> str:
        # cached: names come from pools of a few thousand
        return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())

    def _pick(self, pool: Sequence[str]) -> str:
        return pool[int(self.rng.random() * len(pool))]

    # --- local authorities and their agencies ----------------------------------------------------

    def records(self) -> Iterator[Record]:
        """Every record, in dependency order. The manifest is complete once this is exhausted."""
        for area in self.areas:
            yield self._local_authority(area)
        for area in self.areas:
            yield from self._agencies(area)
        tasks = self._plant_tasks()
        carry = 0
        for area in self.areas:
            carry = yield from self._families(area, tasks.get(area.index, []), carry)
        self._finish_manifest()

    def _local_authority(self, area: _Area) -> Record:
        p = area.place
        created = self._stamp(self.as_of - 3650)
        return {
            "record": "local_authority",
            "code": p.code,
            "name": p.name,
            "index_team_phone": f"{p.phone_prefix}{500 + area.index % 400:03d}",
            "index_team_email": f"childrensindex@{p.slug}.example.org",
            "created_at": created,
            "updated_at": created,
        }

    def _agencies(self, area: _Area) -> Iterator[Record]:
        rng = self.rng
        n = max(area.quota, 1)
        p = area.place
        for _ in range(12):
            area.streets.append(f"{self._pick(self.families)} {self._pick(_STREET_SUFFIXES)}")
            area.streets.append(f"{self._pick(_PLACE_WORDS)} {self._pick(_STREET_SUFFIXES)}")
        for _ in range(max(40, min(600, n // 10))):
            outward = f"{self._pick(p.postcode_areas)}{rng.randint(1, 28)}"
            inward = f"{rng.randint(1, 9)}{self._pick(_POSTCODE_UNIT)}{self._pick(_POSTCODE_UNIT)}"
            area.postcodes.append(f"{outward} {inward}")
        plan: list[tuple[str, int, str]] = [
            ("gp_practice", max(2, n // 1500), "{w} Medical Centre"),
            ("school", max(2, n // 400), "{w} Primary School"),
            ("school", max(1, n // 1300), "{w} Academy"),
            ("early_years", max(2, n // 900), "{w} Nursery"),
            ("health_visiting", 1, "{la} Health Visiting Service"),
            ("school_nursing", 1, "{la} School Nursing Service"),
            ("midwifery", 1, "{la} Community Midwifery"),
            ("hospital", 1, "{la} Hospital Paediatrics"),
            ("camhs", 1, "{la} CAMHS"),
            ("social_care", 1, "{la} Children's Social Care"),
            ("early_help", 1, "{la} Early Help Service"),
            ("police", 1, "{la} Police Public Protection Unit"),
            ("youth_offending", 1, "{la} Youth Justice Service"),
            ("sexual_health", 1, "{la} Young People's Sexual Health"),
            ("substance_misuse", 1, "{la} Young People's Drug and Alcohol Service"),
            ("mental_health", 1, "{la} Early Intervention in Psychosis"),
            ("housing", 1, "{la} Housing Options"),
            ("voluntary", 1, "{la} Family Support Charity"),
            ("alternative_provision", 1, "{la} Pupil Referral Unit"),
            ("elective_home_education", 1, "{la} Elective Home Education Team"),
            ("sexual_health", 1, "{la} Sexual Health Clinic (legacy record)"),
        ]
        created = self._stamp(self.as_of - 3000)
        names: set[str] = set()
        for kind, count, pattern in plan:
            for k in range(count):
                word = self._pick(_PLACE_WORDS)
                if kind == "school" and "Primary" in pattern and rng.random() < 0.25:
                    word = f"{self._pick(_SAINTS)} CE"
                agency = _Agency(id=self._id("ag", 5), kind=kind, la=p.code)
                self._agency_kind[agency.id] = kind
                legacy = "legacy" in pattern
                if legacy:
                    area.legacy_sensitive = agency
                else:
                    area.agencies.setdefault(kind, []).append(agency)
                if kind == "school":
                    (area.primary if "Primary" in pattern else area.secondary).append(agency)
                name = pattern.format(w=word, la=p.name)
                if name in names:
                    name = f"{name} ({k + 1})"
                names.add(name)
                yield {
                    "record": "agency",
                    "id": agency.id,
                    "name": name,
                    "kind": kind,
                    "la": p.code,
                    "sensitive": kind in SENSITIVE and not legacy,
                    "phone": self._phone(area),
                    "email": f"{self._mail_name(name)[:40]}@{p.slug}.example.org"
                    if rng.random() < 0.5
                    else None,
                    "ods_code": f"Y{rng.randrange(10000, 100000)}"
                    if kind == "gp_practice"
                    else None,
                    "urn": f"{rng.randrange(100000, 160000)}" if kind == "school" else None,
                    "created_at": created,
                    "updated_at": created,
                }
                if not legacy:
                    first_practice = kind == "gp_practice" and k == 0
                    yield from self._staff(area, agency, force_leaver=first_practice)

    def _staff_size(self, area: _Area, kind: str) -> int:
        n = max(area.quota, 1)
        sizes = {
            "gp_practice": 4,
            "school": 6,
            "early_years": 3,
            "health_visiting": max(3, n // 900),
            "school_nursing": max(2, n // 3000),
            "social_care": max(3, n // 500),
            "early_help": max(2, n // 900),
            "camhs": max(2, n // 2500),
            "hospital": max(2, n // 4000),
            "police": max(2, n // 5000),
        }
        return sizes.get(kind, 2)

    def _staff(self, area: _Area, agency: _Agency, *, force_leaver: bool) -> Iterator[Record]:
        rng = self.rng
        kind = agency.kind
        size = self._staff_size(area, kind) + (1 if force_leaver else 0)
        for k in range(size):
            # the first stays, so every agency has someone; the first practice always has a
            # leaver (ORPHANED_INVOLVEMENT plants need one)
            leaver = k > 0 and ((force_leaver and k == size - 1) or rng.random() < 0.06)
            pid = self._id("pr", 6)
            female = rng.random() < 0.7
            given = self._pick(self.female if female else self.male)
            family = self._pick(self.families)
            joined = self.as_of - rng.randrange(800, 5000)
            yield {
                "record": "practitioner",
                "id": pid,
                "given_name": given,
                "family_name": family,
                "job_title": self._pick(_JOB_TITLES[kind]),
                "phone": self._phone(area) if rng.random() < 0.8 else None,
                "email": f"{self._mail_name(given)}.{self._mail_name(family)}"
                f"@{area.place.slug}.example.org",
                "created_at": self._stamp(joined),
                "updated_at": self._stamp(joined),
            }
            until = None
            if leaver:
                left = self.as_of - rng.randrange(30, 400)
                agency.leavers[pid] = left
                until = self._iso(left)
            else:
                agency.staff.append(pid)
            yield {
                "record": "works_for",
                "practitioner_id": pid,
                "agency_id": agency.id,
                "since": self._iso(joined),
                "until": until,
            }
            if not leaver and rng.random() < 0.03:
                second = self._second_agency(area, agency)
                if second is not None:
                    second.staff.append(pid)
                    yield {
                        "record": "works_for",
                        "practitioner_id": pid,
                        "agency_id": second.id,
                        "since": self._iso(joined + rng.randrange(0, 400)),
                        "until": None,
                    }

    def _second_agency(self, area: _Area, agency: _Agency) -> _Agency | None:
        pairs = {
            "health_visiting": "school_nursing",
            "social_care": "early_help",
            "gp_practice": "gp_practice",
            "school": "school",
            "early_help": "social_care",
        }
        kind = pairs.get(agency.kind)
        options = [a for a in area.agencies.get(kind or "", []) if a is not agency]
        return self._pick_agency(options) if options else None

    def _pick_agency(self, options: list[_Agency]) -> _Agency:
        return options[int(self.rng.random() * len(options))]

    # --- plants --------------------------------------------------------------------------------

    def _plant_tasks(self) -> dict[int, list[tuple[int, str]]]:
        """Plant templates per area, each at a position in that area's run of children."""
        rules = [r for r in RULE_CODES if r not in self.manifest.not_planted]
        tasks = [rule for rule in rules for _ in range(self.plants_per_rule)]
        self.rng.shuffle(tasks)
        total = max(sum(area.quota for area in self.areas), 1)
        by_area: dict[int, list[tuple[int, str]]] = {}
        start = 0
        for area in self.areas:
            share = round(len(tasks) * area.quota / total) if area is not self.areas[-1] else None
            mine = tasks[start : start + share] if share is not None else tasks[start:]
            start += len(mine)
            span = max(int(area.quota * 0.8), 1)
            by_area[area.index] = [
                (span * j // max(len(mine), 1), rule) for j, rule in enumerate(mine)
            ]
        return by_area

    # --- families --------------------------------------------------------------------------------

    def _families(
        self, area: _Area, tasks: list[tuple[int, str]], carry: int
    ) -> Generator[Record, None, int]:
        """Children of one area up to its quota (less what earlier areas overshot)."""
        made = 0
        quota = area.quota - carry
        pending = list(tasks)
        while made < quota or pending:
            if pending and (pending[0][0] <= made or made >= quota):
                _, rule = pending.pop(0)
                kids, records = self._planted_cluster(area, rule)
            else:
                kids, records = self._natural_cluster(area, quota - made)
            made += kids
            yield from records
        self.children_made += made
        return max(made - quota, 0)

    def _natural_cluster(self, area: _Area, room: int) -> tuple[int, list[Record]]:
        rng = self.rng
        r = rng.random()
        shape = "couple" if r < 0.55 else "lone" if r < 0.83 else "step" if r < 0.97 else "kin"
        if r >= 0.992:
            shape = "foster"
        support = None
        s = rng.random()
        if shape == "foster":
            support = "looked_after"
        elif s < 0.03:
            support = "early_help"
        elif s < 0.055:
            support = "child_in_need"
        elif s < 0.06:
            support = "child_protection"
        return self._cluster(area, shape=shape, room=room, support=support)

    def _sizes(self, room: int) -> int:
        r = self.rng.random()
        n = 1 if r < 0.42 else 2 if r < 0.80 else 3 if r < 0.94 else 4 if r < 0.985 else 5
        return max(1, min(n, room))

    def _new_home(self, area: _Area) -> _Home:
        address = f"{self.rng.randint(1, 180)} {self._pick(area.streets)}"
        postcode = self._pick(area.postcodes)
        return _Home(area=area, address=address, postcode=postcode)

    def _kid(
        self,
        *,
        family: str,
        dob: int,
        sex: str | None = None,
        given: str | None = None,
        taken: set[str] | None = None,
    ) -> _Kid:
        rng = self.rng
        if sex is None:
            x = rng.random()
            sex = "female" if x < 0.488 else "male" if x < 0.998 else "unspecified"
        pool = self.female_kids if sex == "female" else self.male_kids
        if sex == "unspecified":
            pool = self.female_kids if rng.random() < 0.5 else self.male_kids
        name = given or self._pick(pool)
        tries = 0
        while given is None and (
            (taken and alike(name, taken)) or self._name_taken(name, family, dob)
        ):
            name = self._pick(pool)
            tries += 1
            if tries > 50:
                dob -= 1
                tries = 0
        kid = _Kid(id=self._id("ch", 7), given=name, family=family, sex=sex, dob=dob)
        if rng.random() < 0.96:
            kid.nhs = self._nhs_number()
        self._claim_name(kid)
        return kid

    def _name_taken(self, given: str, family: str, dob: int) -> bool:
        return (given, family, dob) in self._used_names

    def _claim_name(self, kid: _Kid) -> None:
        """Reserve the child's name on its date of birth and on its day/month swap, so no two
        children outside the planted duplicates look like one child entered twice."""
        self._used_names.add((kid.given, kid.family, kid.dob))
        born = date.fromordinal(kid.dob)
        if born.day <= 12 and born.day != born.month:
            swapped = born.replace(month=born.day, day=born.month).toordinal()
            self._used_names.add((kid.given, kid.family, swapped))

    def _siblings(
        self, family: str, n: int, *, first_dob: int | None = None, twins: bool = True
    ) -> list[_Kid]:
        rng = self.rng
        dob = first_dob if first_dob is not None else self.as_of - rng.randrange(0, 6570)
        kids: list[_Kid] = []
        taken: set[str] = set()
        while len(kids) < n and dob <= self.as_of:
            kid = self._kid(family=family, dob=dob, taken=taken)
            taken.add(kid.given)
            kids.append(kid)
            if twins and rng.random() < 0.015 and len(kids) < n:
                twin = self._kid(family=family, dob=dob, taken=taken)
                taken.add(twin.given)
                kids.append(twin)
                self.manifest.twins.append((kid.id, twin.id))
            dob = next_birth(rng, dob)
        self.manifest.siblings.extend(close_siblings(kids))
        return kids

    def _carer(
        self,
        records: list[Record],
        home: _Home | None,
        *,
        female: bool,
        family: str,
        since: int,
    ) -> str:
        rng = self.rng
        cid = self._id("cr", 7)
        given = self._pick(self.female if female else self.male)
        email = None
        if rng.random() < 0.4:
            email = (
                f"{self._mail_name(given)}.{self._mail_name(family)}{rng.randrange(100)}"
                "@example.com"
            )
        records.append(
            {
                "record": "carer",
                "id": cid,
                "given_name": given,
                "family_name": family,
                "phone": self._mobile() if rng.random() < 0.9 else None,
                "email": email,
                "address_line": home.address if home else None,
                "postcode": home.postcode if home else None,
                "created_at": self._stamp(max(since, self.as_of - 3650)),
                "updated_at": self._stamp(self.as_of - rng.randrange(0, 365)),
            }
        )
        return cid

    def _move_history(self, home: _Home, first_dob: int, move: str | None) -> None:
        """Fill home.history: born here, or moved (address or LA) once at a random date."""
        rng = self.rng
        area = home.area
        if move is None or first_dob > self.as_of - 60:
            home.history = [(area, first_dob, home.address, home.postcode)]
            return
        moved = rng.randrange(max(first_dob + 30, self.as_of - 1800), self.as_of - 1)
        before = self._neighbour(area) if move == "la" and len(self.areas) > 1 else area
        old = self._new_home(before)
        home.history = [
            (before, first_dob, old.address, old.postcode),
            (area, moved, home.address, home.postcode),
        ]

    def _neighbour(self, area: _Area) -> _Area:
        i = area.index
        return self.areas[i - 1] if i > 0 else self.areas[1]

    def _cluster(
        self,
        area: _Area,
        *,
        shape: str,
        room: int,
        support: str | None,
        n: int | None = None,
        ages: tuple[int, int] | None = None,
        move: str | None = "natural",
        extras: bool = True,
    ) -> tuple[int, list[Record]]:
        """A family cluster: one household, or two linked through a parent (step-families),
        its carers, residence history and services. Returns (children, records)."""
        rng = self.rng
        records: list[Record] = []
        family = self._pick(self.families)
        count = n if n is not None else self._sizes(room)
        first_dob = self._dob_for_age(*ages) if ages else None
        if move == "natural":
            m = rng.random()
            move = "address" if m < 0.07 else "la" if m < 0.10 else None
        home = self._new_home(area)
        kids: list[_Kid]
        linked: list[_Kid] = []
        if shape == "foster":
            kids = []
            for _ in range(count):
                kid_family = self._pick(self.families)
                kids.extend(self._siblings(kid_family, 1, twins=False))
        else:
            namesake = self._pick_recent() if shape != "step" and rng.random() < 0.01 else None
            if namesake is not None:
                family = namesake[2]
                home.postcode = self.addresses.for_namesake(rng, namesake[0], home.postcode)
            kids = self._siblings(family, count, first_dob=first_dob, twins=n is None)
            if shape != "step":
                self._namesake(kids, namesake)
                self.addresses.remember(kids[0].id, home.postcode)
        first = min(kid.dob for kid in kids)
        self._move_history(home, first, move)
        self._residences(kids, home)
        since = first
        if shape == "couple":
            mother_family = family if rng.random() < 0.75 else self._pick(self.families)
            mum = self._carer(records, home, female=True, family=mother_family, since=since)
            dad = self._carer(records, home, female=False, family=family, since=since)
            for kid in kids:
                kid.links.append((mum, "mother", True, True, kid.dob))
                kid.links.append((dad, "father", True, True, kid.dob))
        elif shape == "lone":
            mum_lives = rng.random() < 0.85
            parent = self._carer(records, home, female=mum_lives, family=family, since=since)
            other = None
            if rng.random() < 0.5:
                away = self._new_home(area)
                other = self._carer(records, away, female=not mum_lives, family=family, since=since)
            other_pr = rng.random() < 0.7
            for kid in kids:
                kid.links.append((parent, "mother" if mum_lives else "father", True, True, kid.dob))
                if other is not None:
                    rel = "father" if mum_lives else "mother"
                    kid.links.append((other, rel, other_pr, False, kid.dob))
        elif shape == "step":
            linked, linked_home = self._step_family(records, area, home, kids, family, room)
        elif shape == "kin":
            gran = self._carer(records, home, female=rng.random() < 0.7, family=family, since=since)
            mum = None
            if rng.random() < 0.6:
                mum = self._carer(
                    records, self._new_home(area), female=True, family=family, since=since
                )
            for kid in kids:
                kid.links.append((gran, "special_guardian", True, True, kid.dob + 200))
                if mum is not None:
                    kid.links.append((mum, "mother", True, False, kid.dob))
        elif shape == "foster":
            fc = self._carer(records, home, female=True, family=family, since=since)
            for kid in kids:
                placed = max(kid.dob + 30, self.as_of - rng.randrange(60, 1500))
                placed = min(placed, self.as_of - 20)
                kid.links.append((fc, "foster_carer", False, True, placed))
                if rng.random() < 0.5:
                    mum = self._carer(
                        records, self._new_home(area), female=True, family=kid.family, since=kid.dob
                    )
                    kid.links.append((mum, "mother", True, False, kid.dob))
        everyone = kids + linked
        single = len(everyone) == 1
        for kid in kids:
            self._services(kid, home, support=support, extras=extras, single=single)
        for kid in linked:
            self._services(kid, linked_home, support=support, extras=extras, single=single)
        return len(everyone), self._emit(everyone, records)

    def _step_family(
        self,
        records: list[Record],
        area: _Area,
        home: _Home,
        kids: list[_Kid],
        family: str,
        room: int,
    ) -> tuple[list[_Kid], _Home]:
        """Mother, step-father and her children; the children may carry the step-father's name
        (their birth name kept in other_names); younger half-siblings; the birth father away,
        perhaps with a new family of his own (half-siblings through him)."""
        rng = self.rng
        step_family = self._pick(self.families)
        first = min(kid.dob for kid in kids)
        mum = self._carer(records, home, female=True, family=family, since=first)
        together = min(self.as_of - 30, first + rng.randrange(365, 3000))
        step = self._carer(records, home, female=False, family=step_family, since=together)
        renamed = rng.random() < 0.4
        for kid in kids:
            kid.links.append((mum, "mother", True, True, kid.dob))
            kid.links.append((step, "step_parent", False, True, max(together, kid.dob)))
            if renamed:
                kid.other_names.append(f"{kid.given} {kid.family}")
                self._rename(kid, step_family)
        room -= len(kids)
        halves = min(rng.choice((0, 0, 1, 2)), max(room, 0))
        dob = max(together + 300, max(kid.dob for kid in kids) + 400)
        if halves and dob <= self.as_of:
            taken = {kid.given for kid in kids}
            for _ in range(halves):
                if dob > self.as_of:
                    break
                half = self._kid(family=step_family, dob=dob, taken=taken)
                taken.add(half.given)
                self._residence_from_home(half, home)
                half.links.append((mum, "mother", True, True, half.dob))
                half.links.append((step, "father", True, True, half.dob))
                kids.append(half)
                room -= 1
                dob += rng.randrange(400, 1200)
        linked: list[_Kid] = []
        linked_home = home
        if rng.random() < 0.6:
            away = self._new_home(area)
            dad = self._carer(records, away, female=False, family=family, since=first)
            for kid in kids:
                if any(link[1] == "step_parent" for link in kid.links):
                    kid.links.append((dad, "father", True, False, kid.dob))
            if rng.random() < 0.3 and room > 0:
                away.history = [
                    (area, self.as_of - rng.randrange(400, 3000), away.address, away.postcode)
                ]
                partner = self._carer(
                    records, away, female=True, family=family, since=away.history[0][1]
                )
                start = max(away.history[0][1], self.as_of - 3000)
                if start < self.as_of:
                    more = self._siblings(
                        family, min(room, rng.choice((1, 2))), first_dob=start, twins=False
                    )
                    for kid in more:
                        self._residence_from_home(kid, away)
                        kid.links.append((partner, "mother", True, True, kid.dob))
                        kid.links.append((dad, "father", True, True, kid.dob))
                    linked = more
                    linked_home = away
        return linked, linked_home

    def _rename(self, kid: _Kid, family: str) -> None:
        self._used_names.discard((kid.given, kid.family, kid.dob))
        kid.family = family
        if self._name_taken(kid.given, family, kid.dob):
            kid.given = next(
                g
                for g in (self.female_kids if kid.sex == "female" else self.male_kids)
                if not self._name_taken(g, family, kid.dob)
            )
        self._claim_name(kid)

    def _namesake(self, kids: list[_Kid], namesake: tuple[str, str, str, str, int] | None) -> None:
        """Now and then the eldest gets the name of an earlier child in another family (same
        sex, a different date of birth) — a hard negative for duplicate detection."""
        kid = kids[0]
        if namesake is not None:
            other_id, given, family, sex, dob = namesake
            gap = abs(dob - kid.dob)
            born, theirs = date.fromordinal(kid.dob), date.fromordinal(dob)
            swapped = (born.day, born.month) == (theirs.month, theirs.day)
            clash = any(k.given == given for k in kids[1:])
            if (
                family == kid.family
                and gap >= 60
                and not swapped
                and not clash
                and not self._name_taken(given, family, kid.dob)
            ):
                self._used_names.discard((kid.given, kid.family, kid.dob))
                kid.given, kid.family, kid.sex = given, family, sex
                self._claim_name(kid)
                self.manifest.namesakes.append((other_id, kid.id))
                return
        self._recent.append((kid.id, kid.given, kid.family, kid.sex, kid.dob))
        if len(self._recent) > 500:
            self._recent.pop(0)

    def _pick_recent(self) -> tuple[str, str, str, str, int] | None:
        if not self._recent:
            return None
        return self._recent[int(self.rng.random() * len(self._recent))]

    def _residences(self, kids: list[_Kid], home: _Home) -> None:
        for kid in kids:
            self._residence_from_home(kid, home)

    def _residence_from_home(self, kid: _Kid, home: _Home) -> None:
        periods: list[tuple[str, int, int | None, str, str, str | None]] = []
        history = home.history or [(home.area, kid.dob, home.address, home.postcode)]
        previous_la: str | None = None
        for i, (area, since, address, postcode) in enumerate(history):
            until = history[i + 1][1] if i + 1 < len(history) else None
            if until is not None and until <= kid.dob:
                previous_la = area.place.code
                continue
            start = max(since, kid.dob)
            from_la = previous_la if periods else None
            periods.append((area.place.code, start, until, address, postcode, from_la))
            previous_la = area.place.code
        kid.residences = periods

    # --- services ------------------------------------------------------------------------------

    def _inv(
        self,
        kid: _Kid,
        agency: _Agency,
        service: str,
        since: int,
        *,
        practitioner: str | None = None,
        until: int | None = None,
        updated: int | None = None,
        lead: bool = False,
        assessment: str | None = None,
        assessed: int | None = None,
        info_since: int | None = None,
        acknowledged_by: list[str] | None = None,
        consent: bool = False,
    ) -> Record:
        since = min(since, self.as_of)
        if updated is None:
            if until is not None:
                updated = until
            else:
                updated = max(since, self.as_of - self.rng.randrange(0, 183))
        record = {
            "record": "involvement",
            "id": self._id("iv", 8),
            "child_id": kid.id,
            "agency_id": agency.id,
            "practitioner_id": practitioner,
            "service": service,
            "since": self._iso(since),
            "until": self._iso(until) if until is not None else None,
            "lead_professional": lead,
            "assessment_kind": assessment,
            "assessment_date": self._iso(assessed) if assessed is not None else None,
            "info_to_share": info_since is not None,
            "info_to_share_since": self._iso(info_since) if info_since is not None else None,
            "info_acknowledged_by": acknowledged_by or None,
            "consent": consent,
            "recorded_by": practitioner,
            "updated_at": self._stamp(updated),
        }
        kid.invs.append(record)
        return record

    def _named(self, kid: _Kid, agency: _Agency, service: str, since: int, **flags: Any) -> Record:
        """An involvement by a named practitioner of `agency`. If the one picked has since
        left, their part ends on the day they left and a current colleague takes over."""
        rng = self.rng
        since = min(since, self.as_of)
        if agency.leavers and rng.random() < 0.1:
            leaver, left = next(iter(agency.leavers.items()))
            if since < left:
                self._inv(kid, agency, service, since, practitioner=leaver, until=left)
                since = left
        who = agency.staff[int(rng.random() * len(agency.staff))]
        return self._inv(kid, agency, service, since, practitioner=who, **flags)

    def _services(
        self, kid: _Kid, home: _Home, *, support: str | None, extras: bool, single: bool
    ) -> None:
        """Universal services for everyone; support and extras as the cluster allows."""
        rng = self.rng
        area = home.area
        moved = home.la_move() if kid.dob < home.since() else None
        start = kid.dob
        if moved is not None:
            start = moved[0]
            self._old_services(kid, moved[1], moved[0])
        age = self._age(kid.dob)
        gp = self._pick_agency(area.agencies["gp_practice"])
        if moved is not None:
            registered = start + rng.randrange(0, 4)
        else:
            registered = start + rng.randrange(0, 43)
        self._inv(kid, gp, "registered patient", registered)
        if rng.random() < 0.03:
            self._named(kid, gp, "GP: long-term condition review", max(registered, start + 200))
        if age < 5:
            hv = area.one("health_visiting")
            self._inv(kid, hv, "health visiting (healthy child programme)", start + 12)
            if age < 2 and rng.random() < 0.4:
                self._named(kid, hv, "named health visitor", start + 12)
        if 2 <= age < 4 and rng.random() < 0.7:
            ey = self._pick_agency(area.agencies["early_years"])
            self._inv(kid, ey, "funded early education place", max(start, kid.dob + 2 * 365))
        if 4 <= age <= 17:
            self._education(kid, area, start, age, plain=kid.plant is not None)
        newborn = self.as_of - kid.dob < 28
        if newborn:
            self._inv(kid, area.one("midwifery"), "postnatal care", kid.dob, until=kid.dob + 28)
        if support is not None:
            self._support(kid, area, support, max(start, self.as_of - 700))
        elif extras and not newborn:
            self._extra(kid, area, age, single=single)
        if extras and rng.random() < (0.2 if support else 0.005):
            self._info_flag(kid, area, age)

    def _old_services(self, kid: _Kid, before: _Area, moved: int) -> None:
        """Services in the authority the family left, ended on the day of the move."""
        if moved - kid.dob < 30:
            return
        gp = self._pick_agency(before.agencies["gp_practice"])
        self._inv(kid, gp, "registered patient", kid.dob + 20, until=moved)
        age_then = (moved - kid.dob) // 365
        if age_then >= 4:
            school = self._pick_agency(before.agencies["school"])
            self._inv(
                kid, school, "pupil on roll", max(kid.dob + 4 * 365, moved - 1500), until=moved
            )
        else:
            hv = before.one("health_visiting")
            self._inv(
                kid, hv, "health visiting (healthy child programme)", kid.dob + 12, until=moved
            )

    def _education(
        self, kid: _Kid, area: _Area, start: int, age: int, *, plain: bool = False
    ) -> None:
        rng = self.rng
        r = rng.random()
        if plain:
            r = 1.0
        if age >= 5 and r < 0.01:
            agency = area.one("elective_home_education")
            self._inv(kid, agency, "elective home education", max(start, self.as_of - 900))
            return
        if 11 <= age <= 16 and r < 0.015:
            agency = area.one("alternative_provision")
            since = max(start, self.as_of - 500)
            self._inv(kid, agency, "pupil on roll (alternative provision)", since)
            kid.upn = kid.upn or self._upn(area, since)
            return
        year = age - 4
        secondary = age >= 11
        school = self._pick_agency(area.secondary if secondary else area.primary)
        entry_age = 11 if secondary else 4
        since = max(start, kid.dob + entry_age * 365 + 150)
        if since > self.as_of:
            since = max(start, self.as_of - 20)
        if secondary and start < kid.dob + 11 * 365 and rng.random() < 0.3:
            old = self._pick_agency(area.primary)
            self._inv(
                kid,
                old,
                "pupil on roll (primary)",
                max(start, kid.dob + 4 * 365 + 150),
                until=since - 40,
            )
        self._inv(kid, school, f"pupil on roll (year {max(year, 0)})", since)
        kid.upn = kid.upn or self._upn(area, since)
        if rng.random() < 0.2:
            self._named(
                kid,
                school,
                "class teacher" if not secondary else "head of year",
                max(since, self.as_of - 300),
            )

    def _extra(self, kid: _Kid, area: _Area, age: int, *, single: bool) -> None:
        """At most one additional (non-universal) service for a child with no lead
        professional; an assessment only where no sibling could be affected."""
        rng = self.rng
        r = rng.random()
        since = max(kid.dob + 30, self.as_of - rng.randrange(20, 700))
        if age >= 5 and r < 0.04:
            self._named(kid, area.one("school_nursing"), "school nursing: health plan", since)
        elif age >= 6 and r < 0.06:
            self._named(
                kid,
                area.one("camhs"),
                "CAMHS: assessment and therapy",
                since,
                consent=rng.random() < 0.65,
            )
        elif r < 0.08:
            self._named(kid, area.one("hospital"), "paediatric outpatients", since)
        elif age >= 10 and r < 0.083:
            self._named(kid, area.one("police"), "police: missing episode follow-up", since)
        elif age >= 10 and r < 0.086:
            self._named(
                kid, area.one("youth_offending"), "youth justice: referral order", since, lead=True
            )
        elif age >= 14 and r < 0.091:
            self._inv(
                kid,
                area.one("sexual_health"),
                "sexual health clinic",
                since,
                consent=rng.random() < 0.5,
            )
        elif age >= 13 and r < 0.093:
            self._named(
                kid,
                area.one("substance_misuse"),
                "drug and alcohol support",
                since,
                consent=rng.random() < 0.6,
            )
        elif r < 0.103:
            kind = "voluntary" if rng.random() < 0.6 else "housing"
            self._inv(kid, area.one(kind), "family support", since)
        elif single and 5 <= age <= 16 and r < 0.12:
            school = self._current_school(kid, area)
            if school is not None:
                self._named(
                    kid,
                    school,
                    "SENCO: education health and care plan",
                    since,
                    lead=True,
                    assessment="education_send",
                    assessed=since + 20,
                )

    def _support(self, kid: _Kid, area: _Area, support: str, earliest: int) -> None:
        rng = self.rng
        since = max(earliest, kid.dob + 7, self.as_of - rng.randrange(30, 700))
        since = min(since, self.as_of - 7)
        assessed = min(since + rng.randrange(5, 40), self.as_of)
        if support == "early_help":
            self._named(
                kid,
                area.one("early_help"),
                "early help: family support plan",
                since,
                lead=True,
                assessment="early_help",
                assessed=assessed,
            )
            return
        assessment = {
            "child_in_need": "child_in_need",
            "child_protection": "child_protection",
            "looked_after": "other",
        }[support]
        service = {
            "child_in_need": "social work: child in need plan",
            "child_protection": "social work: child protection plan",
            "looked_after": "social work: looked after child",
        }[support]
        self._named(
            kid,
            area.one("social_care"),
            service,
            since,
            lead=True,
            assessment=assessment,
            assessed=assessed,
        )
        if support == "child_protection":
            if rng.random() < 0.5:
                self._named(kid, area.one("police"), "police: child protection enquiry", since)
            if rng.random() < 0.3:
                self._named(kid, area.one("hospital"), "child protection medical", since)
        if support == "looked_after" and rng.random() < 0.3:
            self._named(
                kid, area.one("camhs"), "CAMHS: looked after children team", since, consent=True
            )

    def _info_flag(self, kid: _Kid, area: _Area, age: int) -> None:
        """Information to share, raised by a named practitioner: acknowledged by the lead
        professional, or raised in the last two working days."""
        rng = self.rng
        lead = next(
            (
                inv
                for inv in kid.invs
                if inv["lead_professional"] and inv["until"] is None and inv["practitioner_id"]
            ),
            None,
        )
        agency = self._current_school(kid, area) if age >= 5 else area.one("health_visiting")
        if agency is None:
            return
        since = max(kid.dob + 7, self.as_of - 300)
        if lead is not None and rng.random() < 0.7:
            raised = max(since, self.as_of - rng.randrange(0, 120))
            self._named(
                kid,
                agency,
                "designated safeguarding lead",
                since,
                info_since=raised,
                acknowledged_by=[lead["practitioner_id"]],
            )
        else:
            raised = working_days_before(self.options.as_of, rng.randrange(0, 2)).toordinal()
            self._named(
                kid, agency, "designated safeguarding lead", since, info_since=max(raised, since)
            )

    # --- planted templates -----------------------------------------------------------------------

    def _planted_cluster(self, area: _Area, rule: str) -> tuple[int, list[Record]]:
        """A family cluster built to fire `rule` for one child (kids[0]) and nothing else."""
        rng = self.rng
        many = rng.choice((1, 1, 2, 3))
        spec: dict[str, Any] = {
            "shape": rng.choice(("couple", "lone")),
            "support": None,
            "move": None,
            "extras": False,
            "room": 3,
        }
        ages = {
            "NO_GP": (6, 14),
            "MISSING_EDUCATION": (7, 14),
            "INVISIBLE_CHILD": (1, 3),
            "MULTI_AGENCY_NO_LEAD": (10, 15),
            "ASSESSMENT_NO_LEAD": (6, 14),
            "INFO_TO_SHARE_UNACKNOWLEDGED": (6, 14),
            "STALE_INVOLVEMENT": (3, 15),
            "ORPHANED_INVOLVEMENT": (3, 15),
            "SENSITIVE_WITHOUT_CONSENT": (14, 16),
        }.get(rule, (1, 15))
        several = rule in (
            "NO_GP",
            "MISSING_EDUCATION",
            "INVISIBLE_CHILD",
            "MULTI_AGENCY_NO_LEAD",
            "INFO_TO_SHARE_UNACKNOWLEDGED",
            "STALE_INVOLVEMENT",
            "ORPHANED_INVOLVEMENT",
            "SENSITIVE_WITHOUT_CONSENT",
        )
        spec["n"] = many if several else 1
        if rule == "SIBLING_NOT_CONSIDERED":
            spec.update(n=2, shape="couple")
            ages = (8, 15)
        return self._build_plant(area, rule, ages, spec)

    def _build_plant(
        self, area: _Area, rule: str, ages: tuple[int, int], spec: dict[str, Any]
    ) -> tuple[int, list[Record]]:
        rng = self.rng
        records: list[Record] = []
        family = self._pick(self.families)
        dob = self._dob_for_age(*ages)
        given = None
        sex = None
        if rule in ("POSSIBLE_DUPLICATE", "SHIELDED_DUPLICATE"):
            kind = DUPLICATE_KINDS[len(self.manifest.duplicates) % len(DUPLICATE_KINDS)]
            if kind == "alias":
                sex = rng.choice(("female", "male"))
                given = self._pick(FEMALE_NICKNAMED if sex == "female" else MALE_NICKNAMED)
                if self._name_taken(given, family, dob):
                    family = self._pick(self.families)
            if kind == "swapped_dob":
                born = date.fromordinal(dob)
                day = rng.randint(1, 12)
                if day == born.month:
                    day = day % 12 + 1
                chosen = born.replace(day=day)
                if chosen.replace(month=day, day=born.month) > self.options.as_of:
                    chosen = chosen.replace(year=chosen.year - 1)
                dob = chosen.toordinal()
        kid = self._kid(family=family, dob=dob, sex=sex, given=given)
        kid.plant = rule
        kids = [kid]
        taken = {kid.given}
        next_dob = dob + rng.randrange(330, 1200)
        while len(kids) < spec["n"] and next_dob <= self.as_of - 30:
            sibling = self._kid(family=family, dob=next_dob, taken=taken)
            taken.add(sibling.given)
            kids.append(sibling)
            next_dob += rng.randrange(330, 1200)
        home = self._new_home(area)
        move_at: int | None = None
        if rule == "MOVED_WITHOUT_HANDOVER":
            move_at = working_days_before(self.options.as_of, rng.randint(8, 50)).toordinal()
            move_at = max(move_at, self.as_of - 85)
        elif rule == "NO_SERVICES_AFTER_MOVE":
            move_at = self.as_of - rng.randint(40, 300)
        if move_at is not None:
            before = self._neighbour(area)
            old = self._new_home(before)
            home.history = [
                (before, kid.dob, old.address, old.postcode),
                (area, move_at, home.address, home.postcode),
            ]
        elif rule == "FREQUENT_MOVES":
            dates = sorted(
                rng.sample(range(self.as_of - 355, self.as_of - 20, 30), rng.choice((3, 4)))
            )
            periods = [(area, kid.dob, home.address, home.postcode)]
            for day in dates:
                step = self._new_home(area)
                periods.append((area, day, step.address, step.postcode))
            home.history = periods
            home.address, home.postcode = periods[-1][2], periods[-1][3]
        else:
            home.history = [(area, kid.dob, home.address, home.postcode)]
        self._residences(kids, home)
        if rule != "NO_CARER_RECORDED":
            self._plant_carers(records, rule, kids, home, family)
        if rule == "ORPHANED_INVOLVEMENT":
            # register with the practice whose former GP is still recorded as involved
            gps = area.agencies["gp_practice"]
            area.agencies["gp_practice"] = [gps[0]]
            try:
                for child in kids:
                    self._services(child, home, support=None, extras=child is not kid, single=False)
            finally:
                area.agencies["gp_practice"] = gps
        elif rule == "NO_SERVICES_AFTER_MOVE":
            assert move_at is not None
            before_home = _Home(area=self._neighbour(area), address="", postcode="")
            before_home.history = [(before_home.area, kid.dob, "", "")]
            self._services(kid, before_home, support=None, extras=False, single=True)
        else:
            for child in kids:
                self._services(child, home, support=None, extras=child is not kid, single=False)
        self._plant(rule, kid, kids, area, move_at)
        everyone = list(kids)
        if rule in ("POSSIBLE_DUPLICATE", "SHIELDED_DUPLICATE"):
            everyone.append(self._duplicate(records, area, kid, rule))
        return len(everyone), self._emit(everyone, records)

    def _plant_carers(
        self, records: list[Record], rule: str, kids: list[_Kid], home: _Home, family: str
    ) -> None:
        rng = self.rng
        first = kids[0].dob
        if rule == "CARER_WITHOUT_PR":
            relationship = rng.choice(("grandparent", "aunt_uncle", "private_foster_carer"))
            carer_family = (
                family if relationship != "private_foster_carer" else self._pick(self.families)
            )
            carer = self._carer(
                records, home, female=rng.random() < 0.7, family=carer_family, since=first
            )
            moved_in = min(self.as_of - 60, first + rng.randrange(100, 2000))
            for kid in kids:
                kid.links.append((carer, relationship, False, True, max(moved_in, kid.dob)))
            if rng.random() < 0.6:
                mum = self._carer(
                    records, self._new_home(home.area), female=True, family=family, since=first
                )
                for kid in kids:
                    kid.links.append((mum, "mother", True, False, kid.dob))
            return
        mum = self._carer(records, home, female=True, family=family, since=first)
        for kid in kids:
            kid.links.append((mum, "mother", True, True, kid.dob))
        if rng.random() < 0.6:
            dad = self._carer(records, home, female=False, family=family, since=first)
            for kid in kids:
                kid.links.append((dad, "father", True, True, kid.dob))

    def _plant(
        self, rule: str, kid: _Kid, kids: list[_Kid], area: _Area, move_at: int | None
    ) -> None:
        """Make `rule` fire for `kid`."""
        rng = self.rng
        kinds = self._agency_kind
        current = [inv for inv in kid.invs if inv["until"] is None]
        if rule == "NO_GP":
            kid.invs = [i for i in kid.invs if kinds[i["agency_id"]] != "gp_practice"]
        elif rule == "MISSING_EDUCATION":
            kid.invs = [i for i in kid.invs if kinds[i["agency_id"]] not in EDUCATION]
        elif rule == "INVISIBLE_CHILD":
            kid.invs = [i for i in kid.invs if kinds[i["agency_id"]] not in UNIVERSAL]
        elif rule == "MULTI_AGENCY_NO_LEAD":
            since = self.as_of - rng.randrange(30, 300)
            self._named(kid, area.one("hospital"), "paediatric outpatients", since)
            self._named(kid, area.one("police"), "police: missing episode follow-up", since)
        elif rule == "ASSESSMENT_NO_LEAD":
            school = self._school_of(kid, area)
            since = self.as_of - rng.randrange(60, 400)
            self._named(
                kid,
                school,
                "SENCO: SEN support",
                since,
                assessment="education_send",
                assessed=since + 20,
            )
        elif rule == "INFO_TO_SHARE_UNACKNOWLEDGED":
            school = self._school_of(kid, area)
            raised = working_days_before(self.options.as_of, rng.randint(8, 40)).toordinal()
            self._inv(
                kid,
                school,
                "class teacher",
                raised - rng.randrange(10, 200),
                practitioner=school.staff[0],
                info_since=raised,
            )
        elif rule == "MOVED_WITHOUT_HANDOVER":
            assert move_at is not None
            before = self._neighbour(area)
            since = move_at - rng.randrange(60, 400)
            self._inv(
                kid,
                before.one("social_care"),
                "social work: child in need plan",
                since,
                practitioner=before.one("social_care").staff[0],
                until=move_at,
                lead=True,
                assessment="child_in_need",
                assessed=since + 20,
            )
        elif rule == "WHEREABOUTS_UNKNOWN":
            kid.address_status = rng.choice(("no_known_address", "left_england"))
        elif rule == "SIBLING_NOT_CONSIDERED":
            self._support(kids[1], area, "child_in_need", kids[1].dob + 30)
        elif rule == "SHIELDED_DUPLICATE":
            kid.shielded = True
        elif rule == "STALE_INVOLVEMENT":
            gp = next(i for i in current if kinds[i["agency_id"]] == "gp_practice")
            gp["updated_at"] = self._stamp(self.as_of - rng.randrange(400, 900))
        elif rule == "ORPHANED_INVOLVEMENT":
            practice = area.agencies["gp_practice"][0]
            leaver, left = next(iter(practice.leavers.items()))
            since = max(kid.dob + 60, left - rng.randrange(100, 800))
            self._inv(kid, practice, "GP: long-term condition review", since, practitioner=leaver)
        elif rule == "SENSITIVE_WITHOUT_CONSENT":
            assert area.legacy_sensitive is not None
            since = self.as_of - rng.randrange(20, 300)
            self._inv(kid, area.legacy_sensitive, "sexual health clinic", since, consent=False)

    def _current_school(self, kid: _Kid, area: _Area) -> _Agency | None:
        schools = {a.id: a for a in area.agencies["school"]}
        current = (inv["agency_id"] for inv in kid.invs if inv["until"] is None)
        return next((schools[agency_id] for agency_id in current if agency_id in schools), None)

    def _school_of(self, kid: _Kid, area: _Area) -> _Agency:
        found = self._current_school(kid, area)
        assert found is not None, "planted school-age children are on a school roll"
        return found

    def _duplicate(self, records: list[Record], area: _Area, kid: _Kid, rule: str) -> _Kid:
        """A second record of `kid`, made in another authority: no NHS number, a name varied
        as the next duplicate kind says, its own carer record and services."""
        kind = DUPLICATE_KINDS[len(self.manifest.duplicates) % len(DUPLICATE_KINDS)]
        mother = next((link for link in kid.links if link[1] == "mother"), None)
        mother_record = next(
            (r for r in records if mother is not None and r.get("id") == mother[0]), None
        )
        original = Identity(kid.given, kid.family, kid.dob, kid.other_names)
        changed = corrupt(
            kind,
            original,
            self.rng,
            as_of=self.as_of,
            pick_family=lambda: self._pick(self.families),
            nicknames=NICKNAMES,
            mother=mother_record["given_name"] if mother_record else None,
        )
        given, family, dob = changed.given, changed.family, changed.dob
        other_area = self._neighbour(area) if len(self.areas) > 1 else area
        dup = _Kid(id=self._id("ch", 7), given=given, family=family, sex=kid.sex, dob=dob)
        self._claim_name(dup)
        dup.plant = rule
        home = self._new_home(other_area)
        arrived = dob
        home.history = [(other_area, arrived, home.address, home.postcode)]
        self._residence_from_home(dup, home)
        carer_id = self._id("cr", 7)
        records.append(
            {
                "record": "carer",
                "id": carer_id,
                "given_name": mother_record["given_name"] if mother_record else "Sam",
                "family_name": mother_record["family_name"] if mother_record else family,
                "phone": self._mobile(),
                "email": None,
                "address_line": home.address,
                "postcode": home.postcode,
                "created_at": self._stamp(arrived),
                "updated_at": self._stamp(arrived),
            }
        )
        dup.links.append((carer_id, "mother", True, True, dup.dob))
        self._services(dup, home, support=None, extras=False, single=True)
        self.manifest.duplicates.append(
            DuplicatePair(kind=kind, original=kid.id, duplicate=dup.id, shielded=kid.shielded)
        )
        return dup

    # --- output ----------------------------------------------------------------------------------

    def _emit(self, kids: list[_Kid], records: list[Record]) -> list[Record]:
        """The cluster's records: carers (already in `records`), then per child its record,
        carer links, residence periods and involvements."""
        rng = self.rng
        out = records
        for kid in kids:
            if kid.plant is None and rng.random() < 0.002:
                kid.shielded = True
            if kid.plant is None and rng.random() < 0.02 and kid.given in NICKNAMES:
                kid.other_names.append(f"{self._pick(NICKNAMES[kid.given])} {kid.family}")
            current = kid.residences[-1]
            unknown = kid.address_status in ("no_known_address", "left_england")
            created = max(kid.residences[0][1], self.as_of - 3650)
            out.append(
                {
                    "record": "child",
                    "id": kid.id,
                    "given_name": kid.given,
                    "family_name": kid.family,
                    "other_names": kid.other_names,
                    "sex": kid.sex,
                    "date_of_birth": self._iso(kid.dob),
                    "date_of_death": None,
                    "nhs_number": kid.nhs,
                    "upn": kid.upn,
                    "address_line": None if unknown else current[3],
                    "postcode": None if unknown else current[4],
                    "address_status": kid.address_status,
                    "responsible_la": current[0],
                    "shielded": kid.shielded,
                    "status": "active",
                    "created_at": self._stamp(created),
                    "updated_at": self._stamp(max(created, self.as_of - rng.randrange(0, 365))),
                }
            )
            if kid.shielded:
                self.manifest.shielded.append(kid.id)
            for carer_id, relationship, pr, lives, since in kid.links:
                out.append(
                    {
                        "record": "cares_for",
                        "carer_id": carer_id,
                        "child_id": kid.id,
                        "relationship": relationship,
                        "parental_responsibility": pr,
                        "lives_with": lives,
                        "since": self._iso(min(since, self.as_of)),
                        "until": None,
                    }
                )
            for la, since, until, address, postcode, from_la in kid.residences:
                moved = from_la is not None
                transfer = moved and from_la != la
                out.append(
                    {
                        "record": "residence",
                        "id": self._id("rs", 7),
                        "child_id": kid.id,
                        "la": la,
                        "since": self._iso(since),
                        "until": self._iso(until) if until is not None else None,
                        "address_line": address,
                        "postcode": postcode,
                        "from_la": from_la,
                        "recorded_at": self._stamp(since) if moved else None,
                        "accepted_at": self._stamp(min(since + 2, self.as_of))
                        if transfer
                        else None,
                        "accepted_by": "seed" if transfer else None,
                    }
                )
            out.extend(kid.invs)
            if kid.plant is not None:
                self.manifest.planted[kid.plant].append(kid.id)
        return out

    def _finish_manifest(self) -> None:
        m = self.manifest
        m.children = self.children_made
        for pair in m.duplicates:
            m.expected["POSSIBLE_DUPLICATE"] += [pair.original, pair.duplicate]
            if pair.shielded:
                m.expected["SHIELDED_DUPLICATE"].append(pair.original)
        m.planted["POSSIBLE_DUPLICATE"] = [
            i for p in m.duplicates if not p.shielded for i in (p.original, p.duplicate)
        ]
        m.planted["SHIELDED_DUPLICATE"] = [p.original for p in m.duplicates if p.shielded]
        for rule in RULE_CODES:
            if rule in ("POSSIBLE_DUPLICATE", "SHIELDED_DUPLICATE"):
                continue
            m.expected[rule] += m.planted[rule]
            for implied in IMPLIES.get(rule, ()):
                m.expected[implied] += m.planted[rule]
        for rule in RULE_CODES:
            m.expected[rule] = sorted(set(m.expected[rule]))
            m.planted[rule] = sorted(m.planted[rule])


def generate(options: SeedOptions) -> tuple[list[Record], Manifest]:
    """Every record and the manifest, in memory (tests and small areas)."""
    area = SyntheticArea(options)
    records = list(area.records())
    return records, area.manifest
