"""Open data: the partner cities and the joint initiatives as JSON and CSV.

Each export is one SQL query, whatever the number of rows. Field names and order are public
(README, "Open data"): add at the end, never rename or remove. The CSV quotes text that starts
like a spreadsheet formula (core.open_data); the JSON keeps every value as it is.
"""

from functools import cache

from django.utils import translation
from django_countries import countries

from . import geography
from .models import Initiative, PartnerCity

CITY_FIELDS = [
    "slug",
    "name_bg",
    "name_en",
    "country",
    "country_name_bg",
    "country_name_en",
    "continent",
    "relationship_type",
    "status",
    "since_year",
    "agreement_date",
    "latitude",
    "longitude",
    "website",
    "url",
]

INITIATIVE_FIELDS = [
    "slug",
    "title_bg",
    "title_en",
    "kind",
    "kind_name_bg",
    "kind_name_en",
    "date",
    "partner_cities",
    "description_bg",
    "description_en",
    "url",
]


@cache
def country_name(code, language):
    with translation.override(language):
        return str(countries.name(code))


def city_records(build_url):
    rows = PartnerCity.objects.published().values(
        "slug", "name_bg", "name_en", "country", "relationship_type", "status", "since_year",
        "agreement_date", "latitude", "longitude", "website",
    )  # fmt: skip
    return [
        {
            **row,
            "name_en": row["name_en"] or "",
            "country_name_bg": country_name(row["country"], "bg"),
            "country_name_en": country_name(row["country"], "en"),
            "continent": geography.continent_of(row["country"]),
            "agreement_date": row["agreement_date"].isoformat() if row["agreement_date"] else "",
            "latitude": float(row["latitude"]) if row["latitude"] is not None else None,
            "longitude": float(row["longitude"]) if row["longitude"] is not None else None,
            "url": build_url("partnerships:city_detail", row["slug"]),
        }
        for row in rows
    ]


def initiative_records(build_url):
    """One row per (initiative, partner city) from one LEFT JOIN, folded into one per initiative."""
    rows = Initiative.objects.published().values(
        "pk", "slug", "title_bg", "title_en", "kind__slug", "kind__name_bg", "kind__name_en", "date",
        "description_bg", "description_en", "partner_cities__slug", "partner_cities__is_published",
    ).order_by("-date", "pk", "partner_cities__since_year", "partner_cities__sort_order")  # fmt: skip
    records = {}
    for row in rows:
        record = records.get(row["pk"])
        if record is None:
            record = records[row["pk"]] = {
                "slug": row["slug"],
                "title_bg": row["title_bg"],
                "title_en": row["title_en"] or "",
                "kind": row["kind__slug"],
                "kind_name_bg": row["kind__name_bg"],
                "kind_name_en": row["kind__name_en"] or "",
                "date": row["date"].isoformat(),
                "partner_cities": [],
                "description_bg": row["description_bg"],
                "description_en": row["description_en"] or "",
                "url": build_url("partnerships:initiative_detail", row["slug"]),
            }
        if row["partner_cities__slug"] and row["partner_cities__is_published"]:
            record["partner_cities"].append(row["partner_cities__slug"])
    return list(records.values())
