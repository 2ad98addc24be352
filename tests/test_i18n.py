"""One site in two languages: Bulgarian at the plain addresses, English under /en/.

What holds for every public page in each language (its lang, a switch to the same page in the
other language, hreflang alternates, no unmarked Bulgarian in English) is checked once per page
in tests/test_public_pages.py."""

import json
import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from partnerships.models import PartnerCity
from tests.factories import make_city
from tests.html_text import cyrillic_outside_bulgarian

ROOT = Path(settings.BASE_DIR)


def english(url):
    return "/en" + url


pytestmark = pytest.mark.django_db


def test_the_404_page_in_english_links_to_the_english_home(client):
    response = client.get("/en/no-such-page/")
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, '<html lang="en">', status_code=404)
    assertContains(response, '<a href="/" hreflang="bg" lang="bg">Български</a>', status_code=404)


def test_content_without_english_falls_back_to_bulgarian_marked_as_such(client, initial_data):
    city = make_city(
        name_bg="Нов град", name_en="", description_bg="Само на български.", country="IT"
    )
    city_url = city.get_absolute_url()
    page = client.get(english(city_url)).content.decode()
    assert '<h1 lang="bg">Нов град</h1>' in page
    assert '<div lang="bg"><p>Само на български.</p></div>' in page
    listing = client.get("/en/").content.decode()
    assert f'<a href="{english(city_url)}" lang="bg">Нов град</a>' in listing
    # The <title> may mix languages and cannot mark a part of itself; the body marks every part.
    assert cyrillic_outside_bulgarian(page.split("<body>", 1)[1], "en") == []


def test_translated_content_is_not_marked(client, initial_data):
    page = client.get("/en/gradove/kochani-makedoniya/").content.decode()
    assert "<h1>Kočani</h1>" in page


def test_dates_years_and_times_in_each_languages_style(client, initial_data):
    assertContains(client.get("/"), "публикуван на 21 ноември 2018 г.")
    assertContains(client.get("/"), "Унгария · от 1970 г.")
    assertContains(client.get("/en/"), "published on 21 November 2018")
    assertContains(client.get("/en/"), "Hungary · since 1970")
    assertContains(
        client.get("/en/kontakti/"),
        "<dt>Monday – Friday</dt><dd>8:30–12:30, 13:30–17:30</dd>",
        html=True,
    )


def test_countries_are_named_in_each_language(client, initial_data):
    assertContains(client.get("/gradove/kochani-makedoniya/"), "Северна Македония")
    assertContains(client.get("/en/gradove/kochani-makedoniya/"), "North Macedonia")


def test_every_fixture_text_has_both_languages():
    for name in ("partnerships", "contacts"):
        for record in json.loads((ROOT / "fixtures" / f"{name}.json").read_text()):
            fields = record["fields"]
            for field, value in fields.items():
                if field.endswith("_bg") and value:
                    english_field = field[:-3] + "_en"
                    assert fields.get(english_field), (record["model"], record["pk"], english_field)


def test_english_city_names_from_the_fixture(initial_data):
    names = set(PartnerCity.objects.values_list("name_en", flat=True))
    for name in (
        "Nagykanizsa",
        "Kočani",
        "Târgoviște",
        "Tolyatti",
        "Jungnang-gu (Seoul)",
        "Cazzago San Martino",
    ):
        assert name in names


@pytest.mark.parametrize("language", ["bg", "en"])
def test_both_catalogues_compile(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with po.open("rb") as source:
        catalogue = read_po(source)
    assert not list(catalogue.check()), "catalogue has format errors"
    with tempfile.TemporaryFile() as mo:
        write_mo(mo, catalogue)
        assert mo.tell() > 0


def test_the_english_catalogue_translates_every_bulgarian_string():
    with (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as source:
        catalogue = read_po(source)
    untranslated = [
        m.id for m in catalogue if m.id and not m.string and re.search("[а-я]", str(m.id))
    ]
    assert untranslated == []


def test_interface_strings_are_translated_at_runtime():
    with translation.override("en"):
        assert str(PartnerCity._meta.verbose_name_plural) == "partner cities"
        assert reverse("contacts:directory") == "/en/kontakti/"
    assert reverse("contacts:directory") == "/kontakti/"


def test_the_admin_shows_both_languages_side_by_side_and_english_may_stay_empty(
    staff_client, initial_data
):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    change_url = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    page = staff_client.get(change_url).content.decode()
    assert "form-row field-name_bg field-name_en" in page
    assert "field-description_bg field-description_en" in page
    form = {
        "name_bg": "Кочани",
        "name_en": "",
        "slug": city.slug,
        "country": "MK",
        "relationship_type": "twinned",
        "status": "active",
        "since_year": "1994",
        "is_published": "on",
        "sort_order": "1",
        "latitude": "41.91639",
        "longitude": "22.41278",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    response = staff_client.post(change_url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    city.refresh_from_db()
    assert not city.name_en  # modeltranslation stores an untranslated field as NULL
    with translation.override("en"):
        assert city.name == "Кочани"  # the fallback
