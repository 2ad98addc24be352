"""One search across cities, initiatives, organisations, documents and contacts."""

import pytest

from tests.factories import make_initiative
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
