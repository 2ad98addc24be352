import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from contacts import phones
from contacts.models import Office
from tests import source_facts
from tests.factories import make_office

pytestmark = pytest.mark.django_db


def test_every_number_is_a_tel_link_and_every_email_a_mailto_link(client, initial_data):
    response = client.get(reverse("contacts:directory"))
    assert response.status_code == 200
    for number in source_facts.phone_numbers():
        assertContains(
            response,
            f'<a class="nowrap" href="tel:{number}">{phones.for_reading(number)}</a>',
            html=True,
        )
    for email in source_facts.emails():
        assertContains(response, f'<a href="mailto:{email}">{email}</a>', html=True)


def test_english_pages_give_numbers_in_international_form_dialling_the_same(client, initial_data):
    """„0431 98201“ is how it is dialled inside Bulgaria; a reader of the English pages is given
    "+359 431 98201", on the directory, an office's page and in the footer, with the same link."""
    directory = client.get("/en" + reverse("contacts:directory")).content.decode()
    for number in source_facts.phone_numbers():
        with translation.override("en"):
            reading = phones.for_reading(number)
        assert reading.startswith("+359 ")
        assert f'<a class="nowrap" href="tel:{number}">{reading}</a>' in directory
    assert "0431 98201" not in directory
    assert '<a class="nowrap" href="tel:+35943198201">+359 431 98201</a>' in directory
    office = client.get("/en/kontakti/mestni-prihodi/").content.decode()
    assert '<a class="nowrap" href="tel:+35943198497">+359 431 98497</a>' in office
    bulgarian = client.get("/kontakti/").content.decode()
    assert '<a class="nowrap" href="tel:+35943198201">0431 98201</a>' in bulgarian


def test_the_directory_shows_the_working_hours_with_the_lunch_break(client, initial_data):
    response = client.get(reverse("contacts:directory"))
    assertContains(
        response, "<dt>Понеделник – петък</dt><dd>8:30–12:30, 13:30–17:30</dd>", html=True
    )
    assertContains(response, "<dd>8:30–17:30</dd>", html=True)
    assertContains(response, "<dd>8:00–17:00</dd>", html=True)


def test_the_footer_on_every_page_reads_address_phones_and_hours_from_the_database(
    client, initial_data
):
    for url in (
        reverse("partnerships:cooperation"),
        reverse("contacts:directory"),
        "/no-such-page/",
    ):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert "бул. „Розова долина“ № 6" in footer
        assert "tel:+35943198201" in footer
        assert "8:30–12:30, 13:30–17:30" in footer
    office = Office.objects.get(name_bg="Общинска администрация")
    office.postal_code = "6199"
    office.save()  # as the admin does: the cached pages are invalidated
    assert "6199" in client.get(reverse("contacts:directory")).content.decode().split("<footer")[1]


def test_directory_queries_do_not_grow_with_offices(
    client, initial_data, settings, django_assert_num_queries
):
    """Ten queries, with 6 offices or 106: the offices with their numbers, e-mails and hours
    (prefetched: no query per office, and the opening status comes from the prefetched hours),
    two for the municipality's address and its hours in the JSON-LD, four for the footer. (Page
    cache off: the page is made each time, and no content version read.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    url = reverse("contacts:directory")
    with django_assert_num_queries(10):
        client.get(url)
    for _ in range(100):
        make_office(phones=["+35943198201"], hours=[(1, "08:00", "17:00")], in_footer=True)
    with django_assert_num_queries(10):
        client.get(url)


def test_a_directory_search_has_a_fixed_number_of_queries(
    client, initial_data, settings, django_assert_num_queries
):
    """Fourteen: the offices found with their details (4), the whole directory with its details
    for the JSON-LD (4), the municipality's address (2) and the footer (4), however many match."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    for _ in range(20):
        make_office(phones=["+35943198201"], hours=[(1, "08:00", "17:00")])
    with django_assert_num_queries(14):
        assert "98201" in client.get(reverse("contacts:directory") + "?q=98201").content.decode()


def test_an_entry_says_when_it_was_last_checked_only_when_that_is_known(client, initial_data):
    """One office checked: its date shows, on the directory and on its own page; the others
    say nothing about it (no line that the date is not recorded, once per office)."""
    import datetime

    grao = Office.objects.get(name_bg="ГРАО")
    Office.objects.filter(pk=grao.pk).update(verified_on=datetime.date(2026, 11, 2))
    page = client.get(reverse("contacts:directory")).content.decode()
    assert page.count("Проверено на") == 1 and "Проверено на 2 ноември 2026 г." in page
    assert "последната проверка" not in page
    assert "Проверено на 2 ноември 2026 г." in client.get(grao.get_absolute_url()).content.decode()
    other = Office.objects.exclude(pk=grao.pk).first()
    content = client.get(other.get_absolute_url()).content.decode()
    assert "Проверено на" not in content and "последната проверка" not in content
    assert (
        "Checked on 2 November 2026"
        in client.get("/en" + reverse("contacts:directory")).content.decode()
    )


def test_report_a_wrong_number_writes_to_the_staff_about_that_office(
    client, initial_data, settings
):
    settings.DIRECTORY_CORRECTIONS_EMAIL = "corrections@example.org"
    office = Office.objects.get(name_bg="ГРАО")
    page = client.get(office.get_absolute_url()).content.decode()
    [link] = re.findall(r'href="(mailto:corrections@example\.org\?subject=[^"]+)"', page)
    assert "ГРАО" in unquote(link)


def test_staff_mark_offices_as_checked_today(staff_client, initial_data):
    from django.utils import timezone

    office = Office.objects.get(name_bg="ГРАО")
    staff_client.post(
        reverse("admin:contacts_office_changelist"),
        {"action": "mark_verified_today", "_selected_action": [office.pk]},
    )
    office.refresh_from_db()
    assert office.verified_on == timezone.localdate()
