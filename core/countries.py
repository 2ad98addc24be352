"""Country names from the Unicode CLDR (through Babel), in the language of the page.

django-countries' own Bulgarian catalogue is a poor one („Бисна и Херцеговина“, „Денмарк“), and
its English names are ISO's („Bahamas (The)“). Its `COUNTRIES_OVERRIDE` setting takes a name per
code: here a lazy one that asks CLDR for the active language each time it is shown. Lists are
sorted by django-countries with the Unicode collation algorithm (pyuca), so Bulgarian names come in
Bulgarian alphabetical order and English ones in English order, accents and all.
"""

from functools import cache

from babel import Locale
from django.utils.functional import lazy
from django.utils.translation import get_language
from django_countries.data import COUNTRIES

DEFAULT_LANGUAGE = "bg"


@cache
def _territories(language):
    return Locale.parse(language).territories


def cldr_name(code):
    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return _territories(language).get(code) or str(COUNTRIES[code])


lazy_cldr_name = lazy(cldr_name, str)


def cldr_country_names():
    """For COUNTRIES_OVERRIDE: every code django-countries knows, named by CLDR when shown."""
    return {code: lazy_cldr_name(code) for code in COUNTRIES}
