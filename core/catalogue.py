"""The open-data catalogue: the datasets the apps publish, described for people at /otvoreni-danni/
and for data portals in DCAT-AP 3.0 (/otvoreni-danni/catalog.ttl and catalog.jsonld).

What a dataset *is* belongs to the app whose records it holds: its fields, the files that hold it
whole, its themes, keywords and temporal coverage. Each app registers its datasets in its
AppConfig.ready() (`register_dataset`), as it registers its site search sections, so that core
imports no section app. What staff *say* about a dataset (title, description, how to reuse it,
how often it changes, whether it is published) is a `core.Dataset` row, edited in the admin with
its history; a registered dataset without one gets it from the app's defaults after every
`migrate` (`create_missing_rows`).

The DCAT-AP graph itself is made in core.dcat, which only the catalogue's files import: rdflib
(17 MiB, 90 ms) is not loaded by every worker at start.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import ContentVersion, Dataset


@dataclass(frozen=True)
class Licence:
    name: str
    eu_code: str  # in the EU licence vocabulary, which portals recognise
    summary: str  # what a reuser may do, a lazy translation


# Licences the page can name and summarise; any other OPEN_DATA_LICENCE_URL is shown as its address.
LICENCES = {
    "https://creativecommons.org/licenses/by/4.0/": Licence(
        "CC BY 4.0",
        "CC_BY_4_0",
        _(
            "Можете да копирате, разпространявате и променяте данните, включително с търговска "
            "цел, като посочите източника: Община Казанлък."
        ),
    ),
    "https://creativecommons.org/publicdomain/zero/1.0/": Licence(
        "CC0 1.0",
        "CC0",
        _("Можете да използвате данните без никакви условия."),
    ),
}


@dataclass(frozen=True)
class DataField:
    """A field of the files, as the README's tables document it (stable: added, never renamed)."""

    name: str
    description: str  # a lazy translation


def described_fields(names, descriptions):
    """An export's fields in its order, each with its description ("" while it has none)."""
    return tuple(DataField(name, descriptions.get(name, "")) for name in names)


@dataclass(frozen=True)
class DataFile:
    """A file that holds the whole dataset: a DCAT-AP distribution."""

    url_name: str
    file_type: str  # its code in the EU file-type vocabulary: "JSON", "CSV"
    media_type: str  # as IANA registers it, and as the file is served: "application/json"


def json_and_csv(url_name):
    """The two files of an open-data export (core.open_data): `<url_name>_json` and `_csv`."""
    return (
        DataFile(f"{url_name}_json", "JSON", "application/json"),
        DataFile(f"{url_name}_csv", "CSV", "text/csv"),
    )


@dataclass(frozen=True)
class OtherLink:
    """Another way to the data that holds part of it or serves another use (the newest twenty
    initiatives as a feed, the directory as vCards): linked on the page, not a distribution."""

    url_name: str
    label: str  # a lazy translation


@dataclass(frozen=True)
class RegisteredDataset:
    key: str  # the Dataset row's key and the dataset's id on the page and in the catalogue
    defaults: dict  # the first values of its Dataset row: title_bg, title_en, description_bg, …
    fields: tuple  # DataField
    files: tuple  # DataFile
    landing_page: str  # the URL name of the public page that lists the records
    themes: tuple  # codes of the EU data-theme vocabulary
    keywords: tuple  # lazy translations, each given in both languages
    # (last change) -> (start, end) of the period the records cover, either may be None: a date,
    # or a year as an int. At most one query, whatever the number of records.
    coverage: Callable
    other_links: tuple = ()  # OtherLink


DATASETS = []


def register_dataset(dataset):
    """Add an app's dataset once (ready() may run again, e.g. in tests that reload the apps).
    Its row is made by `migrate` (create_missing_rows)."""
    if all(known.key != dataset.key for known in DATASETS):
        DATASETS.append(dataset)


def create_missing_rows(using):
    """Every registered dataset has its row, made from the app's defaults; rows staff have
    edited are never touched. Published at once: the files it describes are already public.
    Run after `migrate` and `flush` (core.apps.complete_the_data)."""
    rows = Dataset.objects.using(using)
    existing = set(rows.values_list("key", flat=True))
    with translation.override(settings.LANGUAGE_CODE):  # the base columns get the Bulgarian
        for dataset in DATASETS:
            if dataset.key not in existing:
                rows.create(key=dataset.key, **dataset.defaults)


@dataclass
class Entry:
    """A published dataset: what its app says (`dataset`) and what staff say (`row`)."""

    dataset: RegisteredDataset
    row: Dataset


def registered_rows():
    """{key: row} of the registered datasets' rows, published or not: one query."""
    return {row.key: row for row in Dataset.objects.filter(key__in=[d.key for d in DATASETS])}


def published_entries(rows=None):
    """The published datasets in the order the apps registered them."""
    rows = registered_rows() if rows is None else rows
    return [
        Entry(dataset, rows[dataset.key])
        for dataset in DATASETS
        if dataset.key in rows and rows[dataset.key].is_published
    ]


def last_change():
    """When the site's content last changed, the exports' data with it: one query. No model has
    a time of its own change, and every saved or deleted record writes this time (core.page_cache),
    so no dataset has changed since."""
    changed = ContentVersion.objects.values_list("changed_at", flat=True).first()
    return changed or timezone.now()  # no row: a database emptied by `flush` (tests)


def licence():
    """(the licence's address, its Licence or None) for OPEN_DATA_LICENCE_URL."""
    url = settings.OPEN_DATA_LICENCE_URL
    return url, LICENCES.get(url)


def bulgarian_path(url_name):
    """A page's address without the /en/ prefix: the catalogue's addresses name one resource."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(url_name)
