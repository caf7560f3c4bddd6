"""Place names of a language from the CLDR data that ships inside babel: country and
region names ("Egipto", "Estados Unidos") and the exemplar cities of time zones ("El
Cairo", "Damasco").  No model and no network: a lookup table, built once per language.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from corroborate.entities import fold

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
