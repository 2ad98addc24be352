"""The partnerships fixture holds every fact of the source page, and nothing else."""

import pytest
from django.core.management import call_command
from django.utils import translation

from partnerships.models import Document, InitiativeKind, Organisation, PageText, PartnerCity
from tests import source_facts

pytestmark = pytest.mark.django_db


def city_named(source_name):
    return PartnerCity.objects.get(name_bg__startswith=source_name)


def test_every_twin_city_of_the_source_with_its_country_and_year(initial_data):
    cities = source_facts.twin_cities()
    assert len(cities) == 14
    assert PartnerCity.objects.count() == len(cities)
    for source in cities:
        city = city_named(source.name)
        expected_code = source_facts.COUNTRY_ALIASES.get(source.country)
        if expected_code is None:
            assert city.country.name == source.country, source
        else:
            assert city.country.code == expected_code, source
        assert city.since_year == source.year, source
        assert city.relationship_type == "twinned"


def test_cities_have_real_coordinates_and_the_municipalitys_slug_style(initial_data):
    for city in PartnerCity.objects.all():
        assert city.has_coordinates, city
    assert PartnerCity.objects.get(slug="kochani-makedoniya").country.code == "MK"


def test_every_initiative_kind_of_the_source(initial_data):
    kinds = [kind.name_bg.lower() for kind in InitiativeKind.objects.all()]
    assert kinds == source_facts.initiative_kinds()


def test_the_three_organisations(initial_data):
    assert Organisation.objects.count() == 3
    mayors = Organisation.objects.get(name_bg="Кметове за мир")
    assert str(source_facts.mayors_for_peace_members()) in mayors.description_bg
    network = Organisation.objects.get(name_bg="Мрежа на побратимените градове")
    for fact in ("2011", "Сент-Ерблен", "Ирландия", "Испания", "Румъния"):
        assert fact in network.description_bg
    assert Organisation.objects.filter(
        name_bg__icontains="средноголемите европейски градове"
    ).exists()


def test_the_cooperation_form_without_a_file_says_how_to_obtain_it(initial_data):
    title, published_on = source_facts.cooperation_form()
    form = Document.objects.get()
    assert form.title_bg.lower() == title.lower()
    assert form.published_on == published_on
    assert not form.file
    assert form.how_to_obtain_bg


def test_the_page_prose_is_the_sources_text(initial_data):
    source = " ".join(source_facts.text().split())
    for text in PageText.objects.all():
        assert " ".join(text.body_bg.split()) in source, text.key
    assert set(PageText.objects.values_list("key", flat=True)) == set(PageText.Key.values)


def test_loading_under_an_english_shell_keeps_each_language_in_its_place(db):
    """modeltranslation pitfall: loaddata under another language must not swap the texts."""
    with translation.override("en"):
        call_command("load_initial_data", verbosity=0)
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    assert (kochani.name_bg, kochani.name_en) == ("Кочани", "Kočani")
    with translation.override("bg"):
        assert PartnerCity.objects.get(pk=kochani.pk).name == "Кочани"
    with translation.override("en"):
        assert PartnerCity.objects.get(pk=kochani.pk).name == "Kočani"


def test_loading_twice_loads_nothing_twice_and_keeps_staff_edits(initial_data):
    PartnerCity.objects.filter(slug="kochani-makedoniya").update(since_year=1993)
    counts = (PartnerCity.objects.count(), Organisation.objects.count(), Document.objects.count())
    call_command("load_initial_data", verbosity=0)
    assert (
        PartnerCity.objects.count(),
        Organisation.objects.count(),
        Document.objects.count(),
    ) == counts
    assert PartnerCity.objects.get(slug="kochani-makedoniya").since_year == 1993
