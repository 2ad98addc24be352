"""Sourced history: every dated event of a relationship carries its sources, shown on the city
page, the timeline, the city's JSON-LD and the partner-cities export; where sources disagree
about when a relationship began, the city page shows each with its sources and says so.

The disagreeing sources of these tests (Veria: 1980 on the municipality's page, 1982 in a
statement by Veria's mayor) are made here, never in the fixtures."""

import csv
import datetime
import io
import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import strip_tags
from reversion.models import Version

from core.roles import ROLES
from partnerships import exports
from partnerships.models import CityEvent, Document, PartnerCity, Source
from tests import source_facts
from tests.admin_forms import city_form

pytestmark = pytest.mark.django_db

PAGE_URL = "https://www.kazanlak.bg/cat-553.html"  # the page's legacy address (README)
CITATION = (
    f'<a href="{PAGE_URL}"><cite>Международно сътрудничество</cite></a>, Община Казанлък</span>, '
    "без дата"
)
STATEMENT = "https://example.org/veria/1982"


@pytest.fixture
def cooperation_client(client, django_user_model, initial_data):
    """Signed in as „Редактор – международно сътрудничество“, the role that edits sources."""
    editor = django_user_model.objects.create_user("maria", password="x" * 16, is_staff=True)
    editor.groups.add(Group.objects.get(name=ROLES["cooperation"]["name"]))
    client.force_login(editor)
    return client


@pytest.fixture
def municipality_page(initial_data):
    return Source.objects.get(url=PAGE_URL)


@pytest.fixture
def veria_1982(initial_data):
    """A second source for the start of the relationship with Veria, with another year."""
    veria = PartnerCity.objects.get(slug="veriya-gartsiya")
    statement = Source.objects.create(
        title="Δήλωση του δημάρχου της Βέροιας",
        language="el",
        publisher="Δήμος Βέροιας",
        date=datetime.date(2019, 5, 3),
        url=STATEMENT,
    )
    event = CityEvent.objects.create(
        city=veria, kind=CityEvent.Kind.START, date="1982-06-01", date_precision="year"
    )
    event.sources.add(statement)
    return event


def text_of(html):
    return " ".join(unescape(strip_tags(html)).split())


def history(client, url):
    """The city page's history section, as HTML."""
    content = client.get(url).content.decode()
    return content.split('id="city-history"', 1)[1].split("</section>", 1)[0]


def json_ld(client, url):
    content = client.get(url).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(block)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# The fixtures ------------------------------------------------------------------------------------


def test_the_fixtures_cite_the_municipalitys_page_for_the_start_of_every_relationship(
    municipality_page,
):
    """The page's own title, publisher and legacy address; it states no date of its own (the
    „публ. на 21.11.2018 г.“ below it is the form's): none is recorded."""
    assert municipality_page.title == source_facts.text().splitlines()[0]
    assert (municipality_page.publisher, municipality_page.date) == ("Община Казанлък", None)
    assert Source.objects.count() == 1
    cities = source_facts.twin_cities()
    assert CityEvent.objects.count() == len(cities) == 14
    for fact in cities:
        [event] = CityEvent.objects.filter(city__name_bg__startswith=fact.name)
        assert (event.kind, event.date_precision) == ("start", "year"), fact
        assert event.date == datetime.date(fact.year, 1, 1), fact
        assert (event.reference, event.description_bg, event.document) == ("", "", None)
        assert list(event.sources.all()) == [municipality_page], fact


def test_the_cited_address_is_the_one_this_page_had(client, initial_data):
    """The README: /cat-553.html was the international cooperation page; it leads here."""
    response = client.get("/cat-553.html")
    assert (response.status_code, response["Location"]) == (301, "/")


def test_a_year_is_shown_as_a_year_never_as_the_first_of_january(client, initial_data):
    page = client.get("/gradove/kochani-makedoniya/").content.decode()
    assert "1994 г. — начало на отношенията (побратимен град)" in page
    assert "1 януари" not in page and "01.01." not in page
    assert "1 January" not in client.get("/en/gradove/kochani-makedoniya/").content.decode()


@pytest.mark.parametrize(
    ("precision", "typed", "bg", "en"),
    [
        ("year", "1994-05-12", "1994 г.", "1994"),
        ("month", "1994-05-12", "май 1994 г.", "May 1994"),
        ("day", "1994-05-12", "12 май 1994 г.", "12 May 1994"),
    ],
)
def test_a_date_is_shown_as_far_as_it_is_known(client, initial_data, precision, typed, bg, en):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    CityEvent.objects.create(city=city, kind="agreement", date=typed, date_precision=precision)
    # Stored as the first day of what is known: events sort within their year.
    stored = {"year": datetime.date(1994, 1, 1), "month": datetime.date(1994, 5, 1),
              "day": datetime.date(1994, 5, 12)}[precision]  # fmt: skip
    assert CityEvent.objects.get(kind="agreement").date == stored
    assert f"{bg} — Споразумение" in history(client, city.get_absolute_url())
    assert f"{en} — Agreement" in history(client, "/en" + city.get_absolute_url())


# The city page -----------------------------------------------------------------------------------


def test_every_event_shows_its_sources(client, initial_data):
    section = history(client, "/gradove/kochani-makedoniya/")
    assert "1994 г. — начало на отношенията (побратимен град)" in section
    assert f"Източник: <span>{CITATION}" in section
    assert "различни години" not in section  # one source, one year: nothing to say


def test_conflicting_starts_both_show_with_their_sources_and_the_page_says_so(client, veria_1982):
    section = history(client, "/gradove/veriya-gartsiya/")
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert [text_of(item).split(" — ")[0] for item in items] == ["1980 г.", "1982 г."]
    assert "начало на отношенията (побратимен град)" in items[0] and CITATION in items[0]
    assert "начало на отношенията (побратимен град)" in items[1]
    assert (
        f'<span lang="el"><a href="{STATEMENT}"><cite>Δήλωση του δημάρχου της Βέροιας</cite></a>'
        ", Δήμος Βέροιας</span>, 3 май 2019 г." in items[1]
    )
    assert PAGE_URL not in items[1] and STATEMENT not in items[0]
    assert (
        "Източниците сочат различни години за началото на отношенията (1980 г. и 1982 г.); "
        "списъците на сайта показват 1980 г." in text_of(section)
    )
    english = history(client, "/en/gradove/veriya-gartsiya/")
    assert (
        "Sources give different years for the beginning of the relationship (1980 and 1982); "
        "the site's lists show 1980." in text_of(english)
    )
    assert f'<span lang="bg"><a href="{PAGE_URL}"><cite>Международно сътрудничество</cite>' in (
        english
    )
    assert "undated" in english and "Source:" in english


def test_the_lists_keep_the_year_the_municipality_gives(client, veria_1982):
    """The rule (README): lists, the map, the order and the export use `since_year`."""
    assert PartnerCity.objects.get(slug="veriya-gartsiya").since_year == 1980
    cooperation = text_of(client.get("/").content.decode())
    assert "Верия Гърция · от 1980 г." in cooperation
    items = client.get(reverse("partnerships:cities_json")).json()["items"]
    assert next(i for i in items if i["slug"] == "veriya-gartsiya")["since_year"] == 1980


def test_without_a_start_event_in_its_year_the_list_year_keeps_its_own_line(client, veria_1982):
    CityEvent.objects.filter(city__slug="veriya-gartsiya", date__year=1980).delete()
    section = history(client, "/gradove/veriya-gartsiya/")
    assert "1980 г. — начало на отношенията (побратимен град)." in section  # no source
    assert "(1982 г.); списъците на сайта показват 1980 г." in text_of(section)


def test_a_council_decision_shows_its_number(client, municipality_page):
    city = PartnerCity.objects.get(slug="sent-erblen-frantsiya")
    decision = CityEvent.objects.create(
        city=city, kind="council_decision", date="2008-03-27", reference="№ 431"
    )
    assert decision.reference == "431"  # the page writes the „№“
    section = history(client, city.get_absolute_url())
    assert "27 март 2008 г. — Решение на общинския съвет № 431" in section
    english = history(client, "/en" + city.get_absolute_url())
    assert "27 March 2008 — Municipal council decision No. 431" in english


def test_an_event_marked_as_the_start_says_so(client, initial_data):
    city = PartnerCity.objects.get(slug="toliyati-ruska-federatsiya")
    CityEvent.objects.create(city=city, kind="protocol_of_intent", date="1994-01-01",
                             date_precision="year", marks_start=True)  # fmt: skip
    section = history(client, city.get_absolute_url())
    assert "1994 г. — Протокол за намерения (начало на отношенията)" in section
    assert "(1994 г. и 1995 г.); списъците на сайта показват 1995 г." in text_of(section)


def test_a_source_kept_as_a_document_links_to_it(client, initial_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        title_bg="Решение № 431", slug="reshenie-431", published_on="2008-03-28",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="reshenie.pdf"),
    )  # fmt: skip
    source = Source.objects.create(title="Решение № 431 на Общинския съвет", document=document)
    city = PartnerCity.objects.get(slug="sent-erblen-frantsiya")
    CityEvent.objects.create(city=city, kind="council_decision", date="2008-03-27").sources.add(
        source
    )
    section = history(client, city.get_absolute_url())
    assert f'<a href="{document.file.url}"><cite>Решение № 431 на Общинския съвет</cite></a>' in (
        section
    )
    [item] = [i for i in client.get("/gradove/partner-cities.json").json()["items"]
              if i["slug"] == city.slug]  # fmt: skip
    assert item["sources"][-1]["url"] == f"http://testserver{document.file.url}"
    document.is_published = False  # a draft: the source is cited without a link
    document.save()
    section = history(client, city.get_absolute_url())
    assert "<cite>Решение № 431 на Общинския съвет</cite></span>" in section
    assert document.file.url not in section


def test_a_source_whose_document_has_no_file_yet_links_to_it_in_the_list(client, initial_data):
    """The page and the export give the same link: the document in the „Документи“ list, which
    says how to obtain it, until its file is uploaded."""
    document = Document.objects.create(
        title_bg="Решение № 431", slug="reshenie-431", published_on="2008-03-28",
        how_to_obtain="В деловодството на общината.",
    )  # fmt: skip
    source = Source.objects.create(title="Решение № 431 на Общинския съвет", document=document)
    city = PartnerCity.objects.get(slug="sent-erblen-frantsiya")
    CityEvent.objects.create(city=city, kind="council_decision", date="2008-03-27").sources.add(
        source
    )
    link = document.get_absolute_url()
    assert link == "/dokumenti/#reshenie-431"
    assert f'<a href="{link}"><cite>Решение № 431 на Общинския съвет</cite></a>' in history(
        client, city.get_absolute_url()
    )
    [item] = [i for i in client.get(reverse("partnerships:cities_json")).json()["items"]
              if i["slug"] == city.slug]  # fmt: skip
    assert item["sources"][-1]["url"] == f"http://testserver{link}"
    [row] = [r for r in csv_rows(client.get(reverse("partnerships:cities_csv")))
             if r["slug"] == city.slug]  # fmt: skip
    assert row["sources"].endswith(f"Решение № 431 на Общинския съвет, http://testserver{link}")


def test_a_draft_source_is_nowhere_public(client, veria_1982):
    statement = Source.objects.get(url=STATEMENT)
    statement.is_published = False
    statement.save()
    for url in ("/gradove/veriya-gartsiya/", "/gradove/hronologiya/"):
        assert STATEMENT not in client.get(url).content.decode()
    citations = json_ld(client, "/gradove/veriya-gartsiya/")["subjectOf"]["citation"]
    assert [c["url"] for c in citations] == [PAGE_URL]
    items = client.get(reverse("partnerships:cities_json")).json()["items"]
    veria = next(i for i in items if i["slug"] == "veriya-gartsiya")
    assert [s["url"] for s in veria["sources"]] == [PAGE_URL]


# JSON-LD -----------------------------------------------------------------------------------------


def test_the_city_json_ld_cites_the_sources(client, veria_1982):
    """schema.org's `citation` belongs to a CreativeWork: the city's page, `subjectOf`."""
    data = json_ld(client, "/en/gradove/veriya-gartsiya/")
    assert data["@type"] == "City" and data["name"] == "Veria"
    page = data["subjectOf"]
    assert (page["@type"], page["url"]) == (
        "WebPage",
        "http://testserver/en/gradove/veriya-gartsiya/",
    )
    assert page["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Международно сътрудничество",
            "inLanguage": "bg",
            "publisher": {"@type": "Organization", "name": "Община Казанлък"},
            "url": PAGE_URL,
        },
        {
            "@type": "CreativeWork",
            "name": "Δήλωση του δημάρχου της Βέροιας",
            "inLanguage": "el",
            "publisher": {"@type": "Organization", "name": "Δήμος Βέροιας"},
            "datePublished": "2019-05-03",
            "url": STATEMENT,
        },
    ]


def test_a_city_without_sources_has_no_citation(client, initial_data):
    CityEvent.objects.filter(city__slug="kochani-makedoniya").delete()
    assert "subjectOf" not in json_ld(client, "/gradove/kochani-makedoniya/")


# The export --------------------------------------------------------------------------------------


def test_the_export_adds_sources_at_the_end_and_keeps_the_other_fields(client, veria_1982):
    earlier = ["slug", "name_bg", "name_en", "country", "country_name_bg", "country_name_en",
               "continent", "relationship_type", "status", "since_year", "agreement_date",
               "latitude", "longitude", "website", "url"]  # fmt: skip
    assert [*earlier, "sources"] == exports.CITY_FIELDS
    data = client.get(reverse("partnerships:cities_json")).json()
    assert data["fields"] == exports.CITY_FIELDS
    page = {"title": "Международно сътрудничество", "language": "bg",
            "publisher": "Община Казанлък", "date": "", "url": PAGE_URL}  # fmt: skip
    assert all(item["sources"][0] == page for item in data["items"])
    veria = next(i for i in data["items"] if i["slug"] == "veriya-gartsiya")
    assert veria["sources"][1] == {
        "title": "Δήλωση του δημάρχου της Βέροιας",
        "language": "el",
        "publisher": "Δήμος Βέροιας",
        "date": "2019-05-03",
        "url": STATEMENT,
    }
    response = client.get(reverse("partnerships:cities_csv"))
    assert response.content.decode("utf-8-sig").splitlines()[0].endswith(",url,sources")
    row = next(r for r in csv_rows(response) if r["slug"] == "veriya-gartsiya")
    assert row["sources"] == (
        f"Международно сътрудничество, Община Казанлък, {PAGE_URL} | "
        f"Δήλωση του δημάρχου της Βέροιας, Δήμος Βέροιας, 2019-05-03, {STATEMENT}"
    )


def test_a_source_cited_twice_for_one_city_is_exported_once(client, municipality_page):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    CityEvent.objects.create(city=city, kind="visit", date="2019-09-14").sources.add(
        municipality_page
    )
    items = client.get(reverse("partnerships:cities_json")).json()["items"]
    assert len(next(i for i in items if i["slug"] == city.slug)["sources"]) == 1


# The timeline ------------------------------------------------------------------------------------


def test_the_timeline_shows_each_entry_with_its_linked_sources(client, veria_1982):
    content = client.get(reverse("partnerships:timeline")).content.decode()
    years = dict(re.findall(r'<h2 class="timeline-year">(\d{4}) г\.</h2>(.*?)</ul>', content, re.S))
    veria_1980 = next(li for li in re.findall(r"<li>(.*?)</li>", years["1980"], re.S)
                      if "Верия" in li)  # fmt: skip
    assert "Начало на отношенията (побратимен град)" in veria_1980 and CITATION in veria_1980
    [veria_82] = [li for li in re.findall(r"<li>(.*?)</li>", years["1982"], re.S) if "Верия" in li]
    assert f'<a href="{STATEMENT}"><cite>Δήλωση' in veria_82
    assert "според този източник; списъците на сайта показват 1980 г." in veria_82
    for city in source_facts.twin_cities():  # each city in its year, citing the page
        [entry] = [li for li in re.findall(r"<li>(.*?)</li>", years[str(city.year)], re.S)
                   if f">{city.name}" in li]  # fmt: skip
        assert "Начало на отношенията (побратимен град)" in entry and CITATION in entry, city
    assert content.count("Начало на отношенията (побратимен град)") == 15  # 14 cities + 1982
    english = client.get("/en" + reverse("partnerships:timeline")).content.decode()
    assert "(according to this source; the site's lists show 1980)" in unescape(english)


def test_the_timeline_lists_other_events_with_their_sources(client, municipality_page):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    CityEvent.objects.create(city=city, kind="visit", date="2019-09-14").sources.add(
        municipality_page
    )
    content = client.get(reverse("partnerships:timeline")).content.decode()
    [visit] = re.findall(r"<li>(14 септември 2019 г\. — Посещение.*?)</li>", content, re.S)
    assert CITATION in visit


# Query counts ------------------------------------------------------------------------------------


def add_cited_events(city, count, sources_each):
    for n in range(count):
        event = CityEvent.objects.create(city=city, kind="visit", date=f"2019-01-{n + 1:02d}")
        for m in range(sources_each):
            event.sources.add(
                Source.objects.create(title=f"Източник {n}-{m}", publisher="Вестник „Искра“")
            )


@pytest.mark.parametrize(
    ("url", "queries", "citations"),
    [
        # The city, its initiatives, previous and next city, its events with their documents,
        # their sources (one query for all), four for the footer.
        ("/gradove/kochani-makedoniya/", 10, 61),
        # The cities, the events with their city, their sources (one query), four for the footer.
        ("/gradove/hronologiya/", 7, 74),
    ],
)
def test_the_events_sources_are_read_in_one_query(
    client, initial_data, settings, django_assert_num_queries, url, queries, citations
):
    """The same number of queries with one event citing one source, or 20 more events citing
    60 more sources: the sources are prefetched (CityEventQuerySet.with_sources), no query per
    event or per source. (Page cache off: the page is made each time.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    add_cited_events(PartnerCity.objects.get(slug="kochani-makedoniya"), 20, 3)
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert page.count("<cite>") == citations


def test_the_export_reads_sources_in_its_one_query(client, initial_data, django_assert_num_queries):
    """One query for the rows with their sources, besides the content version's."""
    add_cited_events(PartnerCity.objects.get(slug="kochani-makedoniya"), 20, 3)
    with django_assert_num_queries(2):
        items = client.get(reverse("partnerships:cities_json")).json()["items"]
    assert len(next(i for i in items if i["slug"] == "kochani-makedoniya")["sources"]) == 61


# The admin ---------------------------------------------------------------------------------------


def source_form(**changes):
    return {"title": "Изявление на кмета на Верия", "language": "bg", "publisher": "",
            "date": "", "url": "", "document": "", "is_published": "on", **changes}  # fmt: skip


def test_the_cooperation_editor_adds_a_source_with_a_bulgarian_date(cooperation_client):
    url = reverse("admin:partnerships_source_add")
    response = cooperation_client.post(
        url, source_form(publisher="Δήμος Βέροιας", date="15.09.2026", url=STATEMENT)
    )
    assert response.status_code == 302
    source = Source.objects.get(url=STATEMENT)
    assert source.date == datetime.date(2026, 9, 15)
    assert Version.objects.get_for_object(source).count() == 1  # in the history from the start


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # Says nowhere where it is: no address, document or publisher.
        ({}, "Посочете откъде е източникът: адрес в интернет, документ от раздел"),
        ({"language": "Гръцки", "url": STATEMENT}, "Въведете кода на езика с малки латински букви"),
    ],
    ids=["nowhere", "language"],
)
def test_a_source_that_cannot_be_cited_is_refused_with_one_message(
    cooperation_client, changes, message
):
    response = cooperation_client.post(
        reverse("admin:partnerships_source_add"), source_form(**changes)
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert unescape(content).count(message) == 1  # said once, not by two checks
    assert 'value="Изявление на кмета на Верия"' in content  # what was typed is kept
    assert Source.objects.count() == 1  # the fixtures' only


def test_the_source_list_shows_undated_sources_and_how_often_they_are_cited(
    cooperation_client, municipality_page
):
    content = cooperation_client.get(reverse("admin:partnerships_source_changelist")).content
    [row] = re.findall(r"<tr>(.*?)</tr>", content.decode().split("<tbody>", 1)[1], re.S)
    cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    assert cells[1:6] == ["Международно сътрудничество", "Община Казанлък", "без дата", "bg", "14"]
    change = cooperation_client.get(
        reverse("admin:partnerships_source_change", args=[municipality_page.pk])
    ).content.decode()
    assert change.count("/admin/partnerships/partnercity/") >= 14  # the events that cite it


def test_sources_are_found_by_typing_for_an_event(cooperation_client, municipality_page):
    """The event's sources are chosen by typing (the admin's autocomplete)."""

    def found(term):
        response = cooperation_client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "partnerships", "model_name": "cityevent",
             "field_name": "sources"},
        )  # fmt: skip
        assert response.status_code == 200
        return [result["id"] for result in response.json()["results"]]

    assert found("общината") == []
    assert found("Казанлък") == [str(municipality_page.pk)]


def event_fields(event=None, prefix="events-0", **changes):
    return {
        f"{prefix}-id": str(event.pk) if event else "",
        f"{prefix}-date": "", f"{prefix}-date_precision": "day", f"{prefix}-kind": "",
        f"{prefix}-reference": "", f"{prefix}-description_bg": "", f"{prefix}-description_en": "",
        f"{prefix}-document": "", **{f"{prefix}-{key}": value for key, value in changes.items()},
    }  # fmt: skip


def test_an_event_citing_sources_is_added_on_the_city_page(cooperation_client, municipality_page):
    veria = PartnerCity.objects.get(slug="veriya-gartsiya")
    statement = Source.objects.create(title="Изявление", publisher="Δήμος Βέροιας")
    [start] = veria.events.all()
    data = city_form(
        veria,
        **{"events-TOTAL_FORMS": "2", "events-INITIAL_FORMS": "1"},
        **event_fields(
            start,
            date="01.01.1980",
            date_precision="year",
            kind="start",
            marks_start="on",
            sources=[str(municipality_page.pk)],
        ),
        **event_fields(
            prefix="events-1",
            date="15.09.1982",
            date_precision="year",
            kind="start",
            sources=[str(statement.pk), str(municipality_page.pk)],
        ),
    )
    url = reverse("admin:partnerships_partnercity_change", args=[veria.pk])
    response = cooperation_client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    new = veria.events.get(date__year=1982)
    assert (new.date, new.marks_start) == (datetime.date(1982, 1, 1), True)
    assert set(new.sources.all()) == {statement, municipality_page}
    # Restoring the city's first version (the admin's history) takes its history back to the
    # one sourced start: the form shows that one event, and saving it keeps it so.
    first = Version.objects.get_for_object(veria).order_by("pk").first()
    revert_url = reverse("admin:partnerships_partnercity_revision", args=[veria.pk, first.pk])
    form = cooperation_client.get(revert_url).content.decode()
    assert 'name="events-INITIAL_FORMS" value="1"' in form and 'value="01.01.1982"' not in form
    restored = city_form(
        veria,
        **{"events-TOTAL_FORMS": "1", "events-INITIAL_FORMS": "1"},
        **event_fields(start, date="01.01.1980", date_precision="year", kind="start",
                       marks_start="on", sources=[str(municipality_page.pk)]),
    )  # fmt: skip
    assert cooperation_client.post(revert_url, restored).status_code == 302
    assert list(veria.events.values_list("date", flat=True)) == [datetime.date(1980, 1, 1)]
    assert list(veria.events.get().sources.all()) == [municipality_page]


def test_a_document_that_a_source_rests_on_cannot_be_deleted(cooperation_client, initial_data):
    form = Document.objects.get()
    Source.objects.create(title="Формулярът", document=form)
    response = cooperation_client.post(
        reverse("admin:partnerships_document_delete", args=[form.pk]), {"post": "yes"}
    )
    assert response.status_code == 200  # the admin's page that names what protects it
    assert "Формулярът" in response.content.decode()
    assert Document.objects.filter(pk=form.pk).exists()


def test_deleting_a_source_names_the_events_that_keep_going_without_it(
    cooperation_client, municipality_page
):
    url = reverse("admin:partnerships_source_delete", args=[municipality_page.pk])
    page = text_of(cooperation_client.get(url).content.decode())
    assert "Кочани (Северна Македония): 1994 г. — Начало на отношенията (събитието остава" in page
    assert "CityEvent_sources" not in page and "Cityevent-source" not in page
    assert cooperation_client.post(url, {"post": "yes"}).status_code == 302
    assert CityEvent.objects.count() == 14 and not CityEvent.sources.through.objects.exists()
