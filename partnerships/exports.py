"""Open data: the partner cities and the joint initiatives as JSON and CSV.

Each export is one SQL query, whatever the number of rows. Field names and order are public
(README, "Open data"): add at the end, never rename or remove. The CSV quotes text that starts
like a spreadsheet formula (core.open_data); the JSON keeps every value as it is.
"""

from functools import cache
from urllib.parse import urljoin, urlsplit

from django.utils import translation
from django_countries import countries

from . import geography
from .models import Document, Initiative, PartnerCity, Source

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
    "sources",
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


CITY_COLUMNS = (
    "slug", "name_bg", "name_en", "country", "relationship_type", "status", "since_year",
    "agreement_date", "latitude", "longitude", "website",
)  # fmt: skip
# A city's sources, read through its events: one row per (city, event, source) from one LEFT JOIN.
SOURCE = "events__sources__"
SOURCE_COLUMNS = tuple(
    SOURCE + name
    for name in (
        "pk", "title", "language", "publisher", "date", "url", "is_published",
        "document__slug", "document__file", "document__is_published",
    )
)  # fmt: skip


def city_records(build_url):
    """The published cities, each with `sources`: the published sources cited by its events,
    each once, in the order of the events (then by title)."""
    rows = (
        PartnerCity.objects.published()
        .values("pk", *CITY_COLUMNS, *SOURCE_COLUMNS)
        .order_by(*PartnerCity._meta.ordering, "pk", "events__date", "events__pk", SOURCE + "title")
    )
    records = {}
    for row in rows:
        record = records.get(row["pk"])
        if record is None:
            record = records[row["pk"]] = city_record(row, build_url)
        source_pk = row[SOURCE + "pk"]
        if source_pk is not None and row[SOURCE + "is_published"]:
            record["_cited"].setdefault(source_pk, source_record(row, record["url"]))
    for record in records.values():
        record["sources"] = list(record.pop("_cited").values())
    return list(records.values())


def city_record(row, build_url):
    return {
        **{column: row[column] for column in CITY_COLUMNS},
        "name_en": row["name_en"] or "",
        "country_name_bg": country_name(row["country"], "bg"),
        "country_name_en": country_name(row["country"], "en"),
        "continent": geography.continent_of(row["country"]),
        "agreement_date": row["agreement_date"].isoformat() if row["agreement_date"] else "",
        "latitude": float(row["latitude"]) if row["latitude"] is not None else None,
        "longitude": float(row["longitude"]) if row["longitude"] is not None else None,
        "url": build_url("partnerships:city_detail", row["slug"]),
        "_cited": {},  # {source pk: source}, becomes "sources"
    }


def source_record(row, city_url):
    """A source as the export gives it, with the link its citation has on the city page."""
    date = row[SOURCE + "date"]
    return {
        "title": row[SOURCE + "title"],
        "language": row[SOURCE + "language"],
        "publisher": row[SOURCE + "publisher"],
        "date": date.isoformat() if date else "",
        "url": absolute(source_link(row), city_url),
    }


def source_link(row):
    """Source.link, the rule of the pages, for a source read as columns: its address; else its
    (published) document's file, or the document in the „Документи“ list while it has none."""
    document = None
    if row[SOURCE + "document__slug"] is not None:
        document = Document(
            slug=row[SOURCE + "document__slug"],
            file=row[SOURCE + "document__file"],
            is_published=row[SOURCE + "document__is_published"],
        )
    return Source(url=row[SOURCE + "url"], document=document).link


def absolute(link, base):
    """A link on this site made absolute (urljoin keeps a MEDIA_URL that is one already); an
    address elsewhere, or none, as it is."""
    return urljoin(base, link) if link and not urlsplit(link).scheme else link


def for_csv(record):
    """The record for a CSV row: a city's `sources` become one cell, each source as
    "title, publisher, date, address" (what it has of them), the sources joined with " | "."""
    if "sources" not in record:
        return record
    cell = " | ".join(
        ", ".join(source[key] for key in ("title", "publisher", "date", "url") if source[key])
        for source in record["sources"]
    )
    return {**record, "sources": cell}


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
