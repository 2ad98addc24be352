"""The directory's one search box: names in any case (Cyrillic too, on SQLite and PostgreSQL) and
numbers however they are typed. Runs on both databases in CI."""

import pytest
from django.urls import reverse

from contacts.models import Office

pytestmark = pytest.mark.django_db

MAYOR = "Технически сътрудник на кмета"


def found(client, query):
    response = client.get(reverse("contacts:directory"), {"q": query})
    assert response.status_code == 200
    return [office.name_bg for office in response.context["offices"]]


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
    assert "Няма звено с такова име или номер" in response.content.decode()


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
    offices = response.context["offices"]
    if not query.strip():
        assert len(offices) == Office.objects.count()  # an empty query shows everything


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
