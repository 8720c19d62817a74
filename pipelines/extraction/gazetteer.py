"""The gazetteer: every name the extractor can resolve to an actor code, kept as data.

Sources (all under ``gazetteer/``):

- pycountry: official and common names of every ISO 3166-1 country, plus the
  historical states we code (Soviet Union ``SUN``, East Germany ``DDR``, ...).
- ``states.csv``: one row per UN member state (and a few others): region, capitals
  and seats of power (used as metonyms and as places), demonyms, and short aliases.
- ``places.csv``: other cities, regions, airports, bases and venues, mapped to the state
  they are in.
- ``people.csv``: leaders, ministers and officials, mapped to the state they served.
  ``short_forms`` are surnames/first names that are only trusted when the full name
  appears in the same article (``Kim`` after ``Kim Jong Un``); a person listed without
  them gets the last word of the name, or the first for a state that writes the family
  name first (``derived_short_forms``). Korean-style names also match in their other
  romanised spellings (``romanised_spellings``: "Choi Ho Joong" for "Choi Ho-joong"), and a
  name written with middle initials names its person (``initialled_people``: "Eduard A.
  Shevardnadze"). ``active_until`` is the
  last year the person held a national role, empty while they still do (or when unsure).
- ``groups.csv``: regional groups whose leaders are named together ("the five Central
  Asian presidents"): one participant per member state.
- ``territories.csv``: dependent territories that ISO 3166-1 lists as countries, read as
  places of the state they belong to (Guam: USA; Hong Kong: CHN).
- ``weapon_makers.csv``: weapon designations and the state whose industry makes them; a
  transfer with no supplier in its sentence or article takes the maker (``weapon_maker``).
- ``weapon_origins.csv``: design families ("MiG-", "T-") and the state that designed them,
  read only to tell which way a delivery between two known states went (``weapon_origin``).
- ``arms_companies.csv``: national arms makers and exporters ("HD Hyundai", "Rosoboronexport")
  and their state: a supplier of arms, never a visitor, host, buyer or party.
- ``treaties.csv``: treaties often named without their parties ("the 1965 Treaty on Basic
  Relations"), with their year and parties (``known_treaty``).
- ``war_fronts.csv``: wars in which weapons fired at one state are fired by one other state
  (Ukraine: Russia, since 2022): a foreign weapon fired at that state went to the other
  (``front_user``).
- ``ship_prefixes.txt``: prefixes of warships' names ("ENS", "USS"): a name after one is a
  ship's, not a person's or a place's.
- ``titles.csv``: nouns that make a noun phrase an official actor ("leader",
  "minister", "delegation"); used to tell state visits from tourists.
"""
from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

GAZETTEER_DIR = Path(__file__).resolve().parent / "gazetteer"

#: kinds of alias, from the strongest evidence of a state actor to the weakest
#: ("city": a GeoNames city, only ever a location, never an actor: "Kennedy" is also a
#: district of Bogota)
ALIAS_KINDS = ("person", "state", "org", "demonym", "capital", "place", "person_short", "city", "company")

HISTORICAL = {"SUN": "Soviet Union", "DDR": "East Germany", "CSK": "Czechoslovakia",
              "YUG": "Yugoslavia", "ZAR": "Zaire"}
ORGANISATIONS = {"UN": "United Nations", "NATO": "North Atlantic Treaty Organization",
                 "EU": "European Union"}


@dataclass(frozen=True)
class Alias:
    text: str          # surface form, matched case-sensitively on token text
    code: str          # actor code (ISO alpha-3, SUN, UN, NATO, EU)
    kind: str          # one of ALIAS_KINDS
    canonical: str     # canonical name (person's full name, country name, place)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read_csv(name: str) -> list[dict]:
    with open(GAZETTEER_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _country_name(code: str) -> str:
    if code in HISTORICAL:
        return HISTORICAL[code]
    if code in ORGANISATIONS:
        return ORGANISATIONS[code]
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


@lru_cache(maxsize=1)
def aliases() -> tuple[Alias, ...]:
    """Every alias of every actor (the curated tables, then the GeoNames cities of
    ``cities.csv`` that no curated alias names), deduplicated on (text, kind)."""
    curated = curated_aliases()
    taken = {a.text for a in curated}
    cities = []
    for r in _read_csv("cities.csv"):
        for text in dict.fromkeys([r["city"], *city_spellings(r["city"])]):
            if text not in taken:
                taken.add(text)
                cities.append(Alias(text, r["code"], "city", r["city"]))
    return curated + tuple(cities)


#: GeoNames' "-iy" endings of Russian names, written "-y" in the news ("Nizhniy Novgorod")
_IY_ENDING = re.compile(r"(?<=[a-z])iy\b")


def city_spellings(name: str) -> list[str]:
    """The spellings news text uses for a GeoNames city name besides its own: without
    diacritics ("Linköping" -> "Linkoping") and with "-iy" as "-y" ("Nizhniy Novgorod" ->
    "Nizhny Novgorod")."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return [x for x in dict.fromkeys([plain, _IY_ENDING.sub("y", name), _IY_ENDING.sub("y", plain)]) if x != name]


@lru_cache(maxsize=1)
def curated_aliases() -> tuple[Alias, ...]:
    """The aliases of the hand-kept tables (states, places, people) and pycountry."""
    out: dict[tuple[str, str], Alias] = {}

    def add(text: str, code: str, kind: str, canonical: str) -> None:
        text = text.strip()
        if text and (text, kind) not in out:
            out[(text, kind)] = Alias(text, code, kind, canonical)

    sovereign = territories()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            n = getattr(c, attr, None)
            if n and "," not in n and c.alpha_3 in sovereign:
                add(n, sovereign[c.alpha_3], "place", n)   # "stopovers in Hawaii and Guam": the US
            elif n and "," not in n:
                add(n, c.alpha_3, "state", _country_name(c.alpha_3))
                if n.startswith("Republic of ") or n.startswith("Kingdom of "):
                    add("the " + n, c.alpha_3, "state", _country_name(c.alpha_3))
    for row in _read_csv("states.csv"):
        code = row["code"]
        kind = "org" if code in ORGANISATIONS else "state"
        name = _country_name(code)
        for a in _split(row["aliases"]):
            add(a, code, kind, name)
        for d in _split(row["demonyms"]):
            add(d, code, "demonym", name)
        for cap in _split(row["capitals"]):
            add(cap, code, "capital", cap)
    for row in _read_csv("places.csv"):
        add(row["place"], row["code"], "place", row["place"])
    for row in _read_csv("arms_companies.csv"):
        if not row["company"].startswith("#"):
            add(row["company"], row["code"], "company", row["company"])
    people = _read_csv("people.csv")
    # (a family name that some listed person has as a short form of their own is not derived
    # for the others: "Kim" stays Kim Jong Un's, Kim Il Sung's and Kim Jong Il's, not the US
    # envoy Sung Kim's; "Castro" is still Raul Castro's, of Fidel Castro's state)
    explicit_codes: dict[str, set[str]] = {}
    for row in people:
        for s in _split(row["short_forms"]):
            explicit_codes.setdefault(s, set()).add(row["code"])
    for row in people:
        for a in [row["name"], *_split(row["aliases"])]:
            for text in [a, *romanised_spellings(a, row["code"])]:
                add(text, row["code"], "person", row["name"])
        derived = [s for s in derived_short_forms(row["name"], row["code"]) if s not in explicit_codes or (
            row["code"] not in FAMILY_NAME_FIRST and explicit_codes[s] == {row["code"]})]
        for s in _split(row["short_forms"]) or derived:
            # a short form may belong to several people; keep each (text, canonical)
            key = (s, "person_short:" + row["name"])
            out.setdefault(key, Alias(s, row["code"], "person_short", row["name"]))
    return tuple(out.values())


#: roles of the people a bare surname stands for in the news ("Kim", "Bush", "Castro")
LEADER_ROLES = frozenset({"leader", "president", "prime minister", "premier", "king", "crown prince",
                          "general secretary", "chancellor", "emir", "supreme leader"})


@lru_cache(maxsize=1)
def short_form_defaults() -> dict[str, tuple[str, str]]:
    """Short forms that several people share, all of one state, when the one listed first in
    ``people.csv`` is a leader ("Kim": Kim Jong Un; not "Rice", a secretary of state): that
    person, as (canonical name, code). An article that names none of them in full, but names
    their state, means that one."""
    shared: dict[str, list[Alias]] = {}
    explicit = {(r["name"], f) for r in _read_csv("people.csv") for f in _split(r["short_forms"])}
    for a in aliases():
        # (a family name derived for a state that writes it first is no default: "Park" in a
        # byline is not Park Geun-hye)
        if a.kind == "person_short" and not (a.code in FAMILY_NAME_FIRST and (a.canonical, a.text) not in explicit):
            shared.setdefault(a.text, []).append(a)
    roles = person_roles()
    return {text: (group[0].canonical, group[0].code) for text, group in shared.items()
            if len(group) > 1 and len({a.code for a in group}) == 1 and roles.get(group[0].canonical) in LEADER_ROLES}


@lru_cache(maxsize=1)
def groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(alias, member codes) of regional groups whose leaders are named together ("the five
    Central Asian presidents", "the Baltic prime ministers"), longest alias first
    (``groups.csv``)."""
    out = [(alias, tuple(_split(row["members"]))) for row in _read_csv("groups.csv") for alias in _split(row["aliases"])]
    return tuple(sorted(out, key=lambda a: -len(a[0])))


@lru_cache(maxsize=1)
def kingdoms() -> frozenset[str]:
    """States whose ISO name says they are a kingdom ("Kingdom of Saudi Arabia"): what "the
    kingdom" can stand for in an article that names one of them."""
    return frozenset(c.alpha_3 for c in pycountry.countries
                     if "Kingdom" in getattr(c, "official_name", "") or "Kingdom" in c.name)


@lru_cache(maxsize=1)
def described_states() -> dict[str, frozenset[str]]:
    """Definite descriptions that stand for a state the article has named: "the kingdom"
    (a state whose ISO name says it is one), "the North" (North Korea), "the South" (South
    Korea)."""
    return {"kingdom": kingdoms(), "north": frozenset({"PRK"}), "south": frozenset({"KOR"})}


#: states whose people's names are written family name first in English ("Lee Jae-myung":
#: "Lee"; "Wang Yi": "Wang")
FAMILY_NAME_FIRST = frozenset({"CHN", "KOR", "PRK", "TWN"})


def romanised_spellings(name: str, code: str) -> list[str]:
    """The other ways the news writes a Korean or Chinese-style name: a hyphenated given name
    spaced and capitalised, or with a capital after the hyphen ("Choi Ho-joong": "Choi Ho Joong",
    "Choi Ho-Joong"), and a spaced one hyphenated ("Ri Son Gwon": "Ri Son-gwon")."""
    if code not in FAMILY_NAME_FIRST:
        return []
    words = name.split()
    if len(words) == 2 and words[1].count("-") == 1:
        a, b = words[1].split("-")
        if a[:1].isupper() and b[:1].islower():
            return [f"{words[0]} {a} {b.capitalize()}", f"{words[0]} {a}-{b.capitalize()}"]
    if len(words) == 3 and all(w[:1].isupper() and w[1:].isalpha() and w[1:].islower() for w in words):
        return [f"{words[0]} {words[1]}-{words[2].lower()}"]
    return []


@lru_cache(maxsize=1)
def people_by_first_and_last() -> dict[tuple[str, str], str]:
    """(first word, last word) of every listed name of two words ("Eduard Shevardnadze"),
    for names written with middle initials ("Eduard A. Shevardnadze"); a pair two people
    share is left out."""
    seen: dict[tuple[str, str], set[str]] = {}
    for row in _read_csv("people.csv"):
        words = row["name"].split()
        if len(words) == 2 and row["code"] not in FAMILY_NAME_FIRST:
            seen.setdefault((words[0], words[1]), set()).add(row["name"])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


#: a name written with middle initials ("Eduard A. Shevardnadze", "George H. W. Bush")
INITIALLED_NAME = re.compile(r"\b([A-Z][a-z]+)((?: [A-Z]\.)+) ([A-Z][a-z]+(?:[-'’][A-Za-z]+)?)\b")


def initialled_people(text: str) -> set[str]:
    """Listed people named in ``text`` with middle initials between their first and last
    names ("Foreign Minister Eduard A. Shevardnadze": Eduard Shevardnadze)."""
    names = people_by_first_and_last()
    return {names[(m.group(1), m.group(3))] for m in INITIALLED_NAME.finditer(text)
            if (m.group(1), m.group(3)) in names}


def derived_short_forms(name: str, code: str | None = None) -> list[str]:
    """The surname of a person listed without ``short_forms``: the last word of the name
    ("Shehbaz Sharif" -> "Sharif"), or the first for a state that writes the family name first
    ("Lee Jae-myung" -> "Lee"), trusted like any short form only after the full name appears in
    the article. No derived form for one-word names, suffixes ("Jr.") or words shorter than
    three letters."""
    words = name.split()
    if len(words) < 2:
        return []
    last = words[0] if code in FAMILY_NAME_FIRST else words[-1]
    if last.rstrip(".") in ("Jr", "Sr", "II", "III", "IV") or len(last) < 3 or not last[0].isupper() \
            or not all(ch.isalpha() or ch in "-'’" for ch in last):
        return []
    return [last]


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Lower-cased official title noun -> kind (head / official / state)."""
    return {r["title"].lower(): r["kind"] for r in _read_csv("titles.csv")}


@lru_cache(maxsize=1)
def active_until() -> dict[str, int]:
    """Canonical name of each gazetteer person whose public life is over -> the last year they
    held a national role (``people.csv`` column ``active_until``; empty for one still active or
    not known, and then the person is left out; so is one whose name begins another's)."""
    years: dict[str, list] = {}
    for r in _read_csv("people.csv"):
        value = (r.get("active_until") or "").strip()
        years.setdefault(r["name"], []).append(int(value) if value.isdigit() else None)
    # (a name that begins another's is left out: "Ferdinand Marcos" in 2024 news is mostly
    # "Ferdinand Marcos Jr.")
    return {name: max(ys) for name, ys in years.items()
            if None not in ys and not any(other.startswith(name + " ") for other in years)}


@lru_cache(maxsize=1)
def person_codes() -> dict[str, frozenset[str]]:
    """Canonical name of each gazetteer person -> the codes of the states they served."""
    codes: dict[str, set[str]] = {}
    for r in _read_csv("people.csv"):
        codes.setdefault(r["name"], set()).add(r["code"])
    return {name: frozenset(c) for name, c in codes.items()}


@lru_cache(maxsize=1)
def person_roles() -> dict[str, str]:
    """Canonical name of each gazetteer person -> lower-cased role ("prime minister")."""
    return {r["name"]: r["role"].strip().lower() for r in _read_csv("people.csv") if r.get("role", "").strip()}


def _read_words(name: str) -> frozenset[str]:
    """A word list of the gazetteer folder: one word a line, lower-cased; "#" lines are comments."""
    lines = (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip().lower() for l in lines if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=1)
def title_modifiers() -> frozenset[str]:
    """Lower-cased words that may stand inside a title ("deputy", "foreign", "first")."""
    return _read_words("title_modifiers.txt")


@lru_cache(maxsize=1)
def organisation_words() -> frozenset[str]:
    """Lower-cased words that, after a state or city name, make it a company's name."""
    return _read_words("organisation_words.txt")


@lru_cache(maxsize=1)
def _known_treaties() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((" " + r["title"].strip() + " ", r["year"].strip(), tuple(_split(r["parties"])))
                 for r in _read_csv("treaties.csv") if not r["title"].startswith("#"))


def known_treaty(name: str, year: str | None = None, named=(), hint=()) -> tuple[str, ...] | None:
    """The parties of a treaty the gazetteer knows by name (``treaties.csv``: "the 1965 Treaty
    on Basic Relations": JPN and KOR): the one document whose title is in ``name`` and, when
    given, of ``year``, among those that include every state in ``named`` (and, when that
    leaves several, among those with a state of ``hint``: the sentence's); else None."""
    text = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split()) + " "
    # (the Soviet Union and Russia are one party here: "Moscow" in a 1961 sentence)
    one = {"SUN": "RUS"}
    named = {one.get(c, c) for c in named}
    found = {parties for title, y, parties in _known_treaties()
             if title in text and (year is None or y == year) and named <= {one.get(c, c) for c in parties}}
    if len(found) > 1 and hint:
        hint = {one.get(c, c) for c in hint}
        found = {parties for parties in found if hint & {one.get(c, c) for c in parties}}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _war_fronts() -> dict[str, tuple[str, int]]:
    return {r["attacked"]: (r["user"], int(r["from_year"])) for r in _read_csv("war_fronts.csv")
            if not r["attacked"].startswith("#")}


def front_user(attacked: str, when=None) -> str | None:
    """The state whose forces fire weapons at ``attacked``'s land in a war of ``war_fronts.csv``
    (UKR: RUS, since 2022), when ``when`` (a year, an ISO date or a datetime; if given) falls
    in it; else None."""
    found = _war_fronts().get(attacked)
    year = str(when)[:4] if when else ""
    if not found or (year.isdigit() and int(year) < found[1]):
        return None
    return found[0]


@lru_cache(maxsize=1)
def ship_prefixes() -> frozenset[str]:
    """Prefixes of warships' names ("ENS", "USS"), as written: a name after one is a ship's."""
    return frozenset(l.strip() for l in (GAZETTEER_DIR / "ship_prefixes.txt").read_text(encoding="utf-8").splitlines()
                     if l.strip() and not l.startswith("#"))


def actors_table() -> pd.DataFrame:
    """One row per actor the extractor can emit: actor_code, actor_name, actor_kind, region."""
    regions = {r["code"]: r["region"] for r in _read_csv("states.csv")}
    rows = []
    for c in pycountry.countries:
        rows.append((c.alpha_3, _country_name(c.alpha_3), "state", regions.get(c.alpha_3, "Other")))
    for code, name in HISTORICAL.items():
        rows.append((code, name, "historical_state", regions.get(code, "Other")))
    for code, name in ORGANISATIONS.items():
        rows.append((code, name, "organisation", "International"))
    df = pd.DataFrame(rows, columns=["actor_code", "actor_name", "actor_kind", "region"])
    return df.drop_duplicates("actor_code").sort_values("actor_code").reset_index(drop=True)


def files_fingerprint() -> str:
    """Short hash of every gazetteer file (part of the extractor version)."""
    h = hashlib.sha256()
    for p in sorted(GAZETTEER_DIR.glob("*")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:8]


@lru_cache(maxsize=1)
def territories() -> dict[str, str]:
    """Dependent territories ISO 3166-1 lists as countries, and the state they belong to
    (``territories.csv``): Guam is a place of the United States, Hong Kong of China."""
    return {r["code"]: r["sovereign"] for r in _read_csv("territories.csv")}


@lru_cache(maxsize=1)
def _weapon_makers() -> tuple[tuple[re.Pattern, str], ...]:
    rows = [r for r in _read_csv("weapon_makers.csv") if not r["designation"].startswith("#")]
    return tuple((re.compile(rf"(?<![\w-]){re.escape(r['designation'])}[a-z]{{0,2}}(?![\w-])", re.I), r["maker"])
                 for r in rows)


@lru_cache(maxsize=1)
def _weapon_origins() -> tuple[tuple[re.Pattern, str], ...]:
    rows = [r for r in _read_csv("weapon_origins.csv") if not r["family"].startswith("#")]
    return tuple((re.compile(rf"(?<![\w-]){re.escape(r['family'])}\d", re.I), r["origin"]) for r in rows)


def weapon_origin(text: str | None) -> str | None:
    """The state whose industry designed the weapons ``text`` names: their maker
    (``weapon_maker``), else the one state of the design families ``weapon_origins.csv``
    knows in it ("the first MiG-23 fighters": RUS); else None. Only for telling which way a
    delivery went, never as a supplier on its own (these designs are re-exported)."""
    if not text:
        return None
    maker = weapon_maker(text)
    if maker:
        return maker
    origins = {code for pattern, code in _weapon_origins() if pattern.search(text)}
    return origins.pop() if len(origins) == 1 else None


def weapon_maker(items: str | None) -> str | None:
    """The state whose industry makes the weapons named in ``items`` ("six TB2s": TUR), when
    every designation ``weapon_makers.csv`` knows in it points to one state; else None."""
    if not items:
        return None
    makers = {code for pattern, code in _weapon_makers() if pattern.search(items)}
    return makers.pop() if len(makers) == 1 else None
