import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.slugs import latin_slug
from partnerships.models import PartnerCity
from tests.factories import make_city

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("parts", "slug"),
    [
        (("Кочани", "Македония"), "kochani-makedoniya"),
        (("Търговище", "Румъния"), "targovishte-rumaniya"),
        (("Казанлък", 2), "kazanlak-2"),
        (("Щастливци", "Цюрих"), "shtastlivtsi-tsyurih"),
    ],
)
def test_slugs_follow_the_bulgarian_streamlined_transliteration(parts, slug):
    assert latin_slug(*parts) == slug


def test_clean_fills_an_empty_slug_from_name_and_country():
    city = PartnerCity(name="Кочани", country="MK", since_year=1994)
    city.full_clean()
    assert city.slug == "kochani-severna-makedoniya"


def test_the_database_refuses_a_second_city_with_the_same_name_and_country():
    make_city(name="Грас", country="FR")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_city(name="Грас", country="FR")
    make_city(name="Грас", country="IT")  # same name elsewhere is fine


@pytest.mark.parametrize("year", [1899, 2101, 0])
def test_the_database_refuses_an_insane_year(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_city(since_year=year)


def test_the_database_refuses_one_coordinate_without_the_other():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_city(latitude="45.0", longitude=None)


def test_the_database_refuses_an_empty_slug():
    city = make_city()
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerCity.objects.filter(pk=city.pk).update(slug="")  # update() skips save()


def test_validation_refuses_a_future_year_in_words_staff_understand():
    next_year = datetime.date.today().year + 1
    city = PartnerCity(name="Нов град", country="FR", since_year=next_year)
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "бъдещето" in str(error.value.message_dict["since_year"])


def test_validation_refuses_a_year_before_1900():
    city = PartnerCity(name="Стар град", country="FR", since_year=1899)
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "since_year" in error.value.message_dict


def test_published_hides_drafts():
    shown = make_city()
    make_city(is_published=False)
    assert list(PartnerCity.objects.published()) == [shown]
