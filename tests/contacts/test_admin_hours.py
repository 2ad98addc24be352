"""Staff enter an office's week in one field, in the words people use; the rows stay as they were
for "open now", JSON-LD, exports and vCards."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from contacts.models import Office, OpeningHours
from tests.admin_forms import office_form

pytestmark = pytest.mark.django_db

WEEK = "понеделник – петък: 8:30–12:30, 13:30–17:30"
LUNCH_BREAK_WEEK = {
    (day, datetime.time(*opens), datetime.time(*closes))
    for day in range(1, 6)
    for opens, closes in (((8, 30), (12, 30)), ((13, 30), (17, 30)))
}


def change_url(office):
    return reverse("admin:contacts_office_change", args=[office.pk])


def rows(office):
    return set(OpeningHours.objects.filter(office=office).values_list("weekday", "opens", "closes"))


@pytest.fixture
def grao(initial_data):
    """An office without hours in the fixtures."""
    return Office.objects.get(slug="grao")


@pytest.fixture
def administration(initial_data):
    """Ten rows in the fixtures: Monday to Friday with a lunch break."""
    return Office.objects.get(slug="obshtinska-administratsiya")


@pytest.mark.parametrize(
    "typed",
    [
        "пн–пт 8:30–12:30, 13:30–17:30",
        "понеделник - петък 8:30-12:30 и 13:30-17:30",
        "Пн. – Пт.: 8.30 – 12.30 и 13.30 – 17.30 ч.",
        "от понеделник до петък 8:30-12:30; 13:30-17:30",
        "Monday - Friday 8:30-12:30, 13:30-17:30",
        "пн 8:30–12:30, 13:30–17:30\nвт–пт 8:30–12:30, 13:30–17:30\n",
        WEEK,
    ],
)
def test_a_week_with_a_lunch_break_is_one_line(staff_client, grao, typed):
    response = staff_client.post(change_url(grao), office_form(grao, opening_hours=typed))
    assert response.status_code == 302
    assert rows(grao) == LUNCH_BREAK_WEEK


def test_the_form_shows_the_hours_as_the_public_page_words_them(staff_client, administration):
    form = staff_client.get(change_url(administration)).content.decode()
    assert f"\n{WEEK}</textarea>" in form
    assert "hours-TOTAL_FORMS" not in form  # no row per interval any more


def test_saved_hours_are_on_the_public_page_and_open_now_reads_them(client, staff_client, grao):
    typed = "пн–пт 8:30–12:30, 13:30–17:30\nсъб 9:00–13:00"
    assert (
        staff_client.post(change_url(grao), office_form(grao, opening_hours=typed)).status_code
        == 302
    )

    wednesday_lunch = datetime.datetime(2026, 11, 25, 10, 45, tzinfo=datetime.UTC)  # 12:45 in Sofia
    with time_machine.travel(wednesday_lunch, tick=False):
        page = client.get("/kontakti/grao/").content.decode()
    assert "<dt>Понеделник – петък</dt><dd>8:30–12:30, 13:30–17:30</dd>" in page
    assert "<dt>Събота</dt><dd>9:00–13:00</dd>" in page
    assert "Затворено сега · отваря в 13:30" in page


def test_hours_past_midnight_are_kept(staff_client, grao):
    typed = "петък – събота 22:00–2:00"
    assert (
        staff_client.post(change_url(grao), office_form(grao, opening_hours=typed)).status_code
        == 302
    )
    assert rows(grao) == {
        (5, datetime.time(22), datetime.time(2)),
        (6, datetime.time(22), datetime.time(2)),
    }
    assertContains(staff_client.get(change_url(grao)), "\nпетък – събота: 22:00–2:00</textarea>")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "пн–пт 8:30–12:30, 13:30–17:30\nпетъчко 9–13",
            "Ред 2 („петъчко 9–13“) не може да се прочете. Пишете дните и часовете, например: "
            "„понеделник – петък: 8:30–12:30, 13:30–17:30“",
        ),
        ("пн–пт 8:30–12:30 13:30", "Ред 1 („пн–пт 8:30–12:30 13:30“) не може да се прочете."),
        ("пн 25:00–26:00", "Ред 1 („пн 25:00–26:00“) не може да се прочете."),
        (
            "пн–пт 8:30–12:30, 12:00–17:30",
            "Интервалите понеделник 8:30–12:30 и понеделник 12:00–17:30 се застъпват.",
        ),
        (
            "пт 22:00–2:00\nсъб 1:00–5:00",
            "Интервалите петък 22:00–2:00 и събота 1:00–5:00 се застъпват.",
        ),
        ("пн 8:00–8:00", "Ред 1: интервалът 8:00–8:00 е празен."),
    ],
)
def test_what_cannot_be_read_is_refused_and_kept_with_a_message(
    staff_client, administration, typed, message
):
    before = rows(administration)
    response = staff_client.post(
        change_url(administration), office_form(administration, opening_hours=typed)
    )
    assert response.status_code == 200
    assertContains(response, message, html=False)
    assertContains(response, f"\n{typed}</textarea>")  # what was typed is kept
    assert rows(administration) == before


def test_emptying_the_field_leaves_the_office_without_hours(staff_client, administration):
    response = staff_client.post(
        change_url(administration), office_form(administration, opening_hours="")
    )
    assert response.status_code == 302
    assert rows(administration) == set()


def test_the_list_shows_each_offices_week_in_one_line(staff_client, administration, grao):
    staff_client.post(change_url(grao), office_form(grao, opening_hours="съб 9:00–13:00"))
    changelist = staff_client.get(reverse("admin:contacts_office_changelist"))
    assertContains(changelist, '<th scope="col" class="column-weekly_hours">')
    assertContains(changelist, f'<td class="field-weekly_hours">{WEEK}</td>', html=True)
    assertContains(changelist, '<td class="field-weekly_hours">събота: 9:00–13:00</td>', html=True)


def test_rewording_the_same_hours_changes_nothing(staff_client, administration):
    ids = set(administration.hours.values_list("pk", flat=True))
    versions = Version.objects.get_for_object(administration).count()
    reworded = "пн-пт 8.30-12.30 и 13.30-17.30"
    assert (
        staff_client.post(
            change_url(administration), office_form(administration, opening_hours=reworded)
        ).status_code
        == 302
    )
    assert set(administration.hours.values_list("pk", flat=True)) == ids
    history = staff_client.get(reverse("admin:contacts_office_history", args=[administration.pk]))
    assert Version.objects.get_for_object(administration).count() == versions + 1
    assertNotContains(history, "Работно време")  # the change message names no changed hours


def test_the_history_records_the_hours_and_restores_them(staff_client, grao):
    url = change_url(grao)
    assert (
        staff_client.post(url, office_form(grao, opening_hours="пн–пт 8:30–17:30")).status_code
        == 302
    )
    first = Version.objects.get_for_object(grao).order_by("pk").last()
    assert (
        staff_client.post(url, office_form(grao, opening_hours="съб 9:00–13:00")).status_code == 302
    )
    history = staff_client.get(reverse("admin:contacts_office_history", args=[grao.pk]))
    assertContains(history, "Работно време")  # the change message names the field

    recorded = first.revision.version_set.filter(content_type__model="openinghours")
    assert recorded.count() == 5  # the rows are in the office's revision

    revert_url = reverse("admin:contacts_office_revision", args=[grao.pk, first.pk])
    assertContains(staff_client.get(revert_url), "\nпонеделник – петък: 8:30–17:30</textarea>")
    assert rows(grao) == {(6, datetime.time(9), datetime.time(13))}  # looking changed nothing
    assert (
        staff_client.post(
            revert_url, office_form(grao, opening_hours="понеделник – петък: 8:30–17:30")
        ).status_code
        == 302
    )
    assert rows(grao) == {(day, datetime.time(8, 30), datetime.time(17, 30)) for day in range(1, 6)}


def test_a_new_office_is_added_with_its_hours(staff_client, grao):
    form = {
        **office_form(grao, opening_hours="съб 9:00–13:00"),
        "name_bg": "Ново звено",
        "name_en": "",
        "slug": "novo-zveno",
    }
    response = staff_client.post(reverse("admin:contacts_office_add"), form)
    assert response.status_code == 302
    assert rows(Office.objects.get(slug="novo-zveno")) == {(6, datetime.time(9), datetime.time(13))}
