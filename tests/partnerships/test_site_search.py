"""One search across cities, initiatives, organisations, documents and contacts."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from partnerships.models import InitiativeKind
from tests.factories import make_initiative, make_office
from tests.site_search import search_hits as hits
from tests.site_search import search_results as results

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Кочани", "кочани", "kochani", "Kočani", "KOCANI", "KOČANI"])
def test_a_city_however_it_is_written(client, initial_data, query):
    assert results(client, query)["cities"] == ["Кочани (Северна Македония)"]


def test_in_english_too(client, initial_data):
    found = results(client, "kocani", prefix="/en")["cities"]
    assert found == ["Kočani (North Macedonia)"]


def test_every_kind_of_content(client, initial_data):
    make_initiative(title="Фестивал на розата в Грас")
    assert results(client, "кметове")["organisations"] == ["Кметове за мир"]
    assert results(client, "формуляр")["documents"][0].startswith("Формуляр за сътрудничеството")
    assert results(client, "грао")["offices"] == ["ГРАО"]
    assert results(client, "98201")["offices"] == ["Технически сътрудник на кмета"]
    assert results(client, "розата")["initiatives"] == ["Фестивал на розата в Грас"]
    assert results(client, "tärgoviste") == {"cities": ["Търговище (Румъния)"]}


@pytest.mark.parametrize("query", ["", "x" * 10_000, "\x00", "%", "<b>"])
def test_empty_or_absurd_queries(client, initial_data, query):
    assert results(client, query) == {}


# What a journalist types (issue 16, item 4): a country, a kind of initiative, a fax, an e-mail
# address, what an office does. Each finds what they expect, in either language.

JAPAN_BG = ["Фукуяма (Япония)", "Мунаката (Япония)"]
JAPAN_EN = ["Fukuyama (Japan)", "Munakata (Japan)"]


@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        ("", "Япония", JAPAN_BG),
        ("", "япония", JAPAN_BG),
        ("", "Japan", JAPAN_BG),
        ("", "yaponiya", JAPAN_BG),
        ("/en", "Japan", JAPAN_EN),
        ("/en", "JAPAN", JAPAN_EN),
        ("/en", "Япония", JAPAN_EN),
    ],
)
def test_cities_by_their_country_in_either_language(client, initial_data, prefix, query, expected):
    assert results(client, query, prefix=prefix) == {"cities": expected}


def test_a_country_by_part_of_its_name_and_with_a_city(client, initial_data):
    assert results(client, "Македония")["cities"] == ["Кочани (Северна Македония)"]
    assert results(client, "Korea", prefix="/en")["cities"] == ["Jungnang-gu (Seoul) (South Korea)"]
    assert results(client, "Кремона Италия") == {"cities": ["Кремона (Италия)"]}


def test_concerts_lead_to_where_the_page_names_them(client, initial_data):
    """No initiative is recorded yet: „концерти“ finds the cooperation page's paragraph on joint
    initiatives, with the word marked in a passage around it, and its link opens that section."""
    [hit] = hits(client, "концерти")["pages"]
    assert hit["title"] == "Международно сътрудничество: Съвместни инициативи"
    assert "ученически обмени, концерти, фестивали" in hit["text"]
    assert hit["links"] == ["/#initiatives"]
    page = client.get("/").content.decode()
    assert 'id="initiatives"' in page
    response = client.get(reverse("core:search"), {"q": "концерти"})
    assertContains(response, "<mark>концерти</mark>")
    [english] = hits(client, "concerts", prefix="/en")["pages"]
    assert english["title"] == "International cooperation: Joint initiatives"
    assert "student exchanges, concerts, festivals" in english["text"]


@pytest.mark.parametrize(
    ("prefix", "query"), [("", "концерти"), ("/en", "Concerts"), ("", "kontserti")]
)
def test_initiatives_by_their_kind_in_either_language(client, initial_data, prefix, query):
    concerts = InitiativeKind.objects.get(name_bg="Концерти")
    make_initiative(
        title="Вечер на розата в Кремона", title_en="A rose evening in Cremona", kind=concerts
    )
    make_initiative(title="Фестивал на розата в Грас")
    expected = "A rose evening in Cremona" if prefix else "Вечер на розата в Кремона"
    assert results(client, query, prefix=prefix)["initiatives"] == [expected]


def test_a_kind_renamed_is_found_by_its_new_name_at_once(client, initial_data):
    concerts = InitiativeKind.objects.get(name_bg="Концерти")
    make_initiative(title="Вечер на розата в Кремона", kind=concerts)
    concerts.name_bg = "Концерти и рецитали"
    concerts.save()
    assert results(client, "рецитали")["initiatives"] == ["Вечер на розата в Кремона"]


MAYOR = "Технически сътрудник на кмета"


@pytest.mark.parametrize(
    ("query", "office"),
    [
        ("факс", MAYOR),
        ("FAX", MAYOR),
        ("mayor@kazanlak.bg", MAYOR),
        ("MAYOR@kazanlak.bg", MAYOR),
        ("delovodstvo@kazanlak.bg", "Общо деловодство"),
        ("данъци", "Местни приходи"),
        ("адресна регистрация", "ГРАО"),
        ("акт за раждане", "ГРАО"),
        ("осиновяване", "Общински приют за бездомни кучета"),
    ],
)
def test_offices_by_what_people_need(client, initial_data, query, office):
    assert results(client, query)["offices"] == [office]


@pytest.mark.parametrize(
    ("query", "office"),
    [("fax", "Technical assistant to the Mayor"), ("taxes", "Local taxes and fees"),
     ("address registration", "Civil registration (GRAO)"), ("факс", "Technical assistant to the Mayor")],
)  # fmt: skip
def test_offices_by_what_people_need_in_english(client, initial_data, query, office):
    assert results(client, query, prefix="/en")["offices"] == [office]


def test_an_office_result_shows_its_numbers_e_mails_and_hours(client, initial_data):
    [mayor] = hits(client, "mayor@kazanlak.bg")["offices"]
    assert "Телефон: 0431 98201 Факс: 0431 98266 mayor@kazanlak.bg" in mayor["text"]
    assert {"tel:+35943198201", "tel:+35943198266", "mailto:mayor@kazanlak.bg"} <= set(
        mayor["links"]
    )
    [taxes] = hits(client, "данъци")["offices"]
    assert taxes["text"] == "Местни приходи Телефон: 0431 98373 Телефон: 0431 98497"
    administration = next(
        hit for hit in hits(client, "община")["offices"] if hit["title"] == "Общинска администрация"
    )
    assert "Работно време Понеделник – петък 8:30–12:30, 13:30–17:30" in administration["text"]


def test_english_results_give_numbers_in_international_form_with_the_same_tel_links(
    client, initial_data
):
    [mayor] = hits(client, "fax", prefix="/en")["offices"]
    assert "Phone: +359 431 98201 Fax: +359 431 98266" in mayor["text"]
    assert "0431" not in mayor["text"]
    assert {"tel:+35943198201", "tel:+35943198266"} <= set(mayor["links"])


def test_the_search_has_a_fixed_number_of_queries(
    client, initial_data, settings, django_assert_num_queries
):
    """The offices with their numbers, e-mails and hours (prefetched: 4 queries however many
    offices match, not 3 more per office), the cities (1), the initiatives with their kinds'
    names (2), organisations (1), documents (1), the page's texts (1) and the footer (4). Page
    cache off: the page is made each time."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    with django_assert_num_queries(14):
        assert len(results(client, "телефон")["offices"]) == 8
    for _ in range(10):
        make_office(name_bg=f"Звено {_}", phones=["+35943198299"], hours=[(1, "08:00", "17:00")])
    with django_assert_num_queries(14):
        assert len(results(client, "телефон")["offices"]) == 18
