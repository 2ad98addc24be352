"""The directory's one search box: names in any case (Cyrillic too, on SQLite and PostgreSQL),
what people need (the offices' keywords), e-mail addresses, kinds of number and numbers however
they are typed. Runs on both databases in CI."""

import re

import pytest
from django.urls import reverse

from contacts.models import Office
from tests.admin_forms import office_form

pytestmark = pytest.mark.django_db

MAYOR = "Технически сътрудник на кмета"


def shown(response):
    """The offices the directory shows, in its order, by their Bulgarian names."""
    slugs = re.findall(r'<article class="office" id="([^"]+)"', response.content.decode())
    names = dict(Office.objects.filter(slug__in=slugs).values_list("slug", "name_bg"))
    return [names[slug] for slug in slugs]


def found(client, query):
    response = client.get(reverse("contacts:directory"), {"q": query})
    assert response.status_code == 200
    return shown(response)


@pytest.mark.parametrize(
    "query", ["98201", "98 201", "0431/98201", "+359 431 98201", "00359 431 982 01"]
)
def test_a_number_however_it_is_typed(client, initial_data, query):
    assert found(client, query) == [MAYOR]


def test_the_second_number_of_an_office(client, initial_data):
    assert found(client, "98497") == ["Местни приходи"]


def test_the_hotline_and_mobiles(client, initial_data):
    assert found(client, "0700 400 56") == ["Горещ телефон за сигнали и нередности"]
    assert found(client, "0887 311 884") == ["Общински приют за бездомни кучета"]


@pytest.mark.parametrize("query", ["грао", "ГРАО", "Грао", "grao"])
def test_a_name_in_any_letter_case_cyrillic_included(client, initial_data, query):
    assert found(client, query) == ["ГРАО"]


def test_any_word_of_the_name(client, initial_data):
    assert found(client, "ДЕЛОВОДСТВО") == ["Общо деловодство", "Деловодство „Технически услуги“"]
    assert found(client, "деловодство технически") == ["Деловодство „Технически услуги“"]
    assert found(client, "кучета") == ["Общински приют за бездомни кучета"]
    assert found(client, "Registry") == ["Общо деловодство", "Деловодство „Технически услуги“"]


def test_nothing_found_is_a_normal_page_that_says_so(client, initial_data):
    response = client.get(reverse("contacts:directory"), {"q": "несъществуващо"})
    assert response.status_code == 200
    assert "Няма звено с такова име, услуга, номер или електронна поща" in response.content.decode()


def test_a_result_links_to_the_office(client, initial_data):
    content = client.get(reverse("contacts:directory"), {"q": "грао"}).content.decode()
    assert f'<a href="{Office.objects.get(name_bg="ГРАО").get_absolute_url()}">ГРАО</a>' in content


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "\x00\x01\x02грао\x7f",
        "%",
        "_",
        "%%%",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
    ],
)
def test_empty_or_absurd_queries_give_a_normal_page(client, initial_data, query):
    response = client.get(reverse("contacts:directory"), {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    if not query.strip():
        assert len(shown(response)) == Office.objects.count()  # an empty query shows everything


def test_wildcards_are_not_wildcards(client, initial_data):
    assert found(client, "%") == []
    assert found(client, "_") == []


def test_control_characters_are_dropped_and_the_rest_searched(client, initial_data):
    assert found(client, "\x00грао\x1f") == ["ГРАО"]


def test_the_query_is_kept_in_the_box(client, initial_data):
    content = client.get(reverse("contacts:directory"), {"q": "деловодство"}).content.decode()
    assert 'value="деловодство"' in content


def test_a_new_office_is_found_after_saving(client, initial_data):
    office = Office.objects.create(
        name_bg="Отдел „Европейски проекти“", name_en="European projects", slug="ep"
    )
    assert found(client, "европейски") == [office.name_bg]
    assert found(client, "EUROPEAN") == [office.name_bg]


# People search by what they need, not by the office's name (issue 16, item 4).


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("данъци", ["Местни приходи"]),
        ("Данък сгради", ["Местни приходи"]),
        ("такса смет", ["Местни приходи"]),
        ("адресна регистрация", ["ГРАО"]),
        ("АКТ ЗА РАЖДАНЕ", ["ГРАО"]),
        ("осиновяване", ["Общински приют за бездомни кучета"]),
        ("разрешение за строеж", ["Деловодство „Технически услуги“"]),
        ("корупция", ["Горещ телефон за сигнали и нередности"]),
        ("данъци ГРАО", []),
    ],
)
def test_what_people_need_finds_the_office_that_does_it(client, initial_data, query, expected):
    assert found(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mayor@kazanlak.bg", [MAYOR]),
        ("Mayor@Kazanlak.bg", [MAYOR]),
        ("delovodstvo@", ["Общо деловодство"]),
        ("факс", [MAYOR]),
        ("Fax", [MAYOR]),
        ("мобилен", ["Общински приют за бездомни кучета", "„Балканинвест“ ЕООД"]),
        ("факс кмета", [MAYOR]),
        ("факс данъци", []),
    ],
)
def test_e_mail_addresses_and_kinds_of_number(client, initial_data, query, expected):
    assert found(client, query) == expected


def test_in_english_too(client, initial_data):
    response = client.get("/en" + reverse("contacts:directory"), {"q": "taxes"})
    assert "Local taxes and fees" in response.content.decode()
    assert shown(response) == ["Местни приходи"]
    assert shown(client.get("/en/kontakti/", {"q": "stray dogs adoption"})) == [
        "Общински приют за бездомни кучета"
    ]


def test_a_fax_added_later_is_found_without_keywords(client, initial_data):
    grao = Office.objects.get(name_bg="ГРАО")
    grao.phones.create(kind="fax", number="+35943198347")
    assert found(client, "факс") == [MAYOR, "ГРАО"]


def test_keywords_staff_write_in_the_admin_are_found_at_once(staff_client, client, initial_data):
    """The field is on the office's admin form, in both languages, with its help text."""
    office = Office.objects.get(slug="kd-i-pis")
    url = reverse("admin:contacts_office_change", args=[office.pk])
    form = staff_client.get(url).content.decode()
    assert 'name="keywords_bg"' in form and 'name="keywords_en"' in form
    assert "Думите, с които хората търсят звеното" in form
    assert found(client, "поддръжка на паркове") == []
    response = staff_client.post(
        url,
        office_form(
            office, keywords_bg="поддръжка на паркове, улично осветление", keywords_en="parks"
        ),
    )
    assert response.status_code == 302
    assert found(client, "поддръжка на паркове") == ["Общинско предприятие „КД и ПИС“"]
    assert found(client, "ОСВЕТЛЕНИЕ") == ["Общинско предприятие „КД и ПИС“"]
    assert shown(client.get("/en/kontakti/", {"q": "Parks"})) == ["Общинско предприятие „КД и ПИС“"]


def test_the_search_box_says_what_it_finds(client, initial_data):
    content = client.get(reverse("contacts:directory")).content.decode()
    assert "Търсене по име, услуга, номер или електронна поща" in content
    assert "Например: данъци, адресна регистрация, ГРАО, 98201 или mayor@kazanlak.bg." in content
