"""What the site search (core.search) finds in this app beyond each record's own `search_text`.

A city is found by its country's name and an initiative by its kind's name, in every language of
the site („Япония“, "Japan", "yaponiya"), matched against the current names rather than copies
stored with each row, so that no row goes stale when a kind is renamed. The few names are
folded in Python (the database cannot fold Cyrillic) and the rows are then filtered by code or id
in the same single query. The prose of the international cooperation page is searched too, so
that „концерти“ finds where the page says that concerts are among the joint initiatives.
"""

from functools import cache

from babel import Locale
from django.conf import settings
from django.db.models import Q
from django_countries.data import COUNTRIES

from core.search import (
    excerpt,
    folded_names,
    names_containing,
    query_words,
    search_document,
)

from .models import Initiative, InitiativeKind, PageText, PartnerCity

# Where on the cooperation page (templates/partnerships/cooperation.html) each text is shown.
PAGE_TEXT_ANCHORS = {
    PageText.Key.INTRODUCTION: "",
    PageText.Key.INITIATIVES: "#initiatives",
    PageText.Key.RECENT_YEARS: "#recent-years",
}


@cache
def country_names():
    """{code: its Unicode CLDR names in each of the site's languages, as the pages show them,
    folded}: made once per process."""
    locales = [Locale.parse(code) for code, _name in settings.LANGUAGES]
    return folded_names(
        {code: [locale.territories.get(code, "") for locale in locales] for code in COUNTRIES}
    )


def find_cities(query):
    """Published cities with every word of `query` in their name or their country's name."""

    def in_country(word):
        return Q(country__in=names_containing(word, country_names()))

    return PartnerCity.objects.published().matching_words(query, also=in_country)


def find_initiatives(query):
    """Published initiatives with every word of `query` in their title, description or the name
    of their kind (the kinds' names: one query)."""
    kinds = folded_names(
        {kind.pk: (kind.name_bg, kind.name_en) for kind in InitiativeKind.objects.all()}
    )

    def of_kind(word):
        return Q(kind__in=names_containing(word, kinds))

    return Initiative.objects.published().matching_words(query, also=of_kind)


def find_page_texts(query):
    """The cooperation page's texts that have every word of `query` (in either language), each
    with `excerpt` (the passage around the first word, in the page's language) and `url`."""
    words = query_words(query)
    found = []
    for text in PageText.objects.all() if words else ():
        document = search_document(text.body_bg, text.body_en)
        if all(word in document for word in words):
            text.excerpt = excerpt(text.body, query)
            text.anchor = PAGE_TEXT_ANCHORS.get(text.key, "")
            found.append(text)
    return found
