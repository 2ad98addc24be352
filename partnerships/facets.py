"""What the filters of the public lists can offer: for each value, how many records it gives
together with the other chosen conditions (faceted counts), so that a menu offers only values that
give results, each with its number („Европа (9)“), and an empty result can say which condition to
drop. Each is computed with a fixed number of queries, however many records there are.

`chosen` is always the filters that apply: {name: value}, without empty values."""

import re

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from . import geography
from .models import Initiative, InitiativeKind, PartnerCity


class CityFacets:
    """The published cities counted by country and relationship type: one query, grouped, whose
    rows (one per country and type, a few dozen at most) give every count of the city filters."""

    def __init__(self, chosen):
        self.chosen = chosen
        grouped = (
            PartnerCity.objects.published()
            .order_by()
            .values_list("country", "relationship_type")
            .annotate(count=Count("pk"))
        )
        self.rows = [
            ({"country": country, "continent": geography.continent_of(country), "type": kind}, n)
            for country, kind, n in grouped
        ]

    @property
    def total(self):
        """Every published city."""
        return sum(n for _values, n in self.rows)

    def count(self, without=None):
        """The cities that meet every chosen condition except `without`."""
        return sum(n for values, n in self.rows if self._meets(values, without))

    def counts(self, name):
        """{value of `name`: its cities} under the other chosen conditions, for the values that
        have any."""
        counts = {}
        for values, n in self.rows:
            if self._meets(values, without=name):
                counts[values[name]] = counts.get(values[name], 0) + n
        return counts

    def _meets(self, values, without):
        return all(values[name] == value for name, value in self.chosen.items() if name != without)


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}\Z")
YEAR = re.compile(r"\d{1,4}\Z")


class InitiativeFacets:
    """The published initiatives counted by kind, partner city and year, each under the other
    chosen conditions: three grouped queries (kinds, cities, years).

    An initiative has one kind and one date but any number of cities, so the counts of the
    kinds also give the counts without a kind (their sum), without a city (the chosen kind's
    count under the year alone) and without any condition; the years' counts add up to the count
    without a year."""

    def __init__(self, chosen):
        self.chosen = chosen
        published = Q(initiatives__is_published=True)
        by_kind = published & _conditions(chosen, "initiatives__", without="kind")
        in_year = published & _conditions(chosen, "initiatives__", only="year")
        self.kinds = list(
            InitiativeKind.objects.annotate(
                # distinct: with a city chosen, an initiative of several cities joins once each
                count=Count("initiatives", filter=by_kind, distinct=True),
                in_year=Count("initiatives", filter=in_year, distinct=True),
                total=Count("initiatives", filter=published, distinct=True),
            )
        )
        by_city = published & _conditions(chosen, "initiatives__", without="city")
        self.cities = list(
            PartnerCity.objects.published()
            .only("slug", "name_bg", "name_en")
            .annotate(count=Count("initiatives", filter=by_city))
        )
        self.years = {
            row["year"]: row["count"]
            for row in Initiative.objects.published()
            .filter(_conditions(chosen, "", without="year"))
            .annotate(year=ExtractYear("date"))
            .order_by()
            .values("year")
            .annotate(count=Count("pk", distinct=True))
        }

    @classmethod
    def requested(cls, data):
        """The facets of the conditions asked for in the address, before they are checked: only
        values that could be a slug or a year reach the queries (a bad one is refused by the
        form, and the facets are then made again without any condition)."""
        chosen = {}
        for name, pattern in (("kind", SLUG), ("city", SLUG), ("year", YEAR)):
            value = (data.get(name) or "").strip()
            if pattern.match(value):
                chosen[name] = int(value) if name == "year" else value
        return cls(chosen)

    @property
    def total(self):
        """Every published initiative."""
        return sum(kind.total for kind in self.kinds)

    def counts(self, name):
        """{value of `name`: its initiatives} under the other chosen conditions, for the values
        that have any."""
        if name == "year":
            return dict(self.years)
        records = self.kinds if name == "kind" else self.cities
        return {record.slug: record.count for record in records if record.count}

    def count(self, without=None):
        """The initiatives that meet every chosen condition except `without`."""
        if without == "kind":
            return sum(kind.count for kind in self.kinds)
        if without == "year":
            return sum(self.years.values())
        if without == "city":
            chosen_kind = self.chosen.get("kind")
            return sum(k.in_year for k in self.kinds if chosen_kind in (None, k.slug))
        return next(
            (k.count for k in self.kinds if k.slug == self.chosen.get("kind")),
            self.count(without="kind"),
        )


def _conditions(chosen, prefix, without=None, only=None):
    lookups = {"kind": "kind__slug", "city": "partner_cities__slug", "year": "date__year"}
    condition = Q()
    for name, value in chosen.items():
        if name != without and only in (None, name):
            condition &= Q(**{prefix + lookups[name]: value})
    return condition
