"""Staff type dates as they write them, „15.09.2026“, and times as „8:30“, in the Bulgarian and the
English admin; a slash date that reads two ways („05/09/2026“) is refused, never saved as 9 May."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from contacts.models import Office, OpeningHours
from core.admin_forms import StaffDatesMixin
from partnerships.models import Initiative
from tests.admin_forms import city_form, office_form
from tests.factories import make_city, make_kind, make_office

pytestmark = pytest.mark.django_db

SEPT_15 = datetime.date(2026, 9, 15)
REFUSED_BG = "Въведете датата във вида дд.мм.гггг, например 15.09.2026."
REFUSED_EN = "Enter the date as dd.mm.yyyy, for example 15.09.2026."
AMBIGUOUS = ["05/09/2026", "5/9/2026", "09/05/2026", "15/09/2026", "05-09-2026", "9 май 2026"]


@pytest.fixture
def kind(db):
    return make_kind(name="Концерти", name_en="Concerts", slug="kontserti")


def post_initiative(client, kind, date, slug="kontsert-v-kazanlak"):
    return client.post(
        reverse("admin:partnerships_initiative_add"),
        {
            "title_bg": "Концерт в Казанлък", "title_en": "A concert in Kazanlak", "slug": slug,
            "kind": str(kind.pk), "date": date, "description_bg": "", "description_en": "",
            "is_published": "on",
        },
    )  # fmt: skip


@pytest.fixture
def english_admin(settings):
    """The admin is in the site's default language; here that language is English."""
    settings.LANGUAGE_CODE = "en"


def test_an_initiative_dated_as_staff_write_it_is_published_with_that_date(
    cooperation_client, kind
):
    response = post_initiative(cooperation_client, kind, "15.09.2026")
    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="kontsert-v-kazanlak")
    assert initiative.date == SEPT_15
    assertContains(cooperation_client.get(initiative.get_absolute_url()), "15 септември 2026 г.")
    english = cooperation_client.get("/en" + initiative.get_absolute_url())
    assertContains(english, "15 September 2026")
    # Opened again, the form shows the date the way it was typed.
    change = reverse("admin:partnerships_initiative_change", args=[initiative.pk])
    assertContains(cooperation_client.get(change), 'value="15.09.2026"')


@pytest.mark.parametrize("typed", ["15.9.2026", "2026-09-15", " 15.09.2026 ", "15.09.2026 г."])
def test_short_iso_and_copied_dates_are_taken_too(cooperation_client, kind, typed):
    assert post_initiative(cooperation_client, kind, typed).status_code == 302
    assert Initiative.objects.get().date == SEPT_15


@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_a_date_that_reads_two_ways_is_refused_with_the_expected_form(
    cooperation_client, kind, typed
):
    response = post_initiative(cooperation_client, kind, typed)
    assert response.status_code == 200
    assertContains(response, REFUSED_BG)
    assertContains(response, f'value="{typed.strip()}"')  # kept, for staff to correct
    assert not Initiative.objects.exists()


def test_a_day_that_does_not_exist_is_named(cooperation_client, kind):
    response = post_initiative(cooperation_client, kind, "31.02.2026")
    assertContains(response, "Няма такава дата: 31.02.2026.")
    assert not Initiative.objects.exists()


def test_a_citys_agreement_date_is_typed_day_first_and_shown_on_its_page(cooperation_client):
    city = make_city(name="Кочани", name_en="Kočani", slug="kochani", country="MK")
    url = reverse("admin:partnerships_partnercity_change", args=[city.pk])

    refused = cooperation_client.post(url, city_form(city, agreement_date="05/09/2026"))
    assertContains(refused, REFUSED_BG)
    city.refresh_from_db()
    assert city.agreement_date is None

    response = cooperation_client.post(url, city_form(city, agreement_date="15.09.2026"))
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.agreement_date == SEPT_15
    page = cooperation_client.get(city.get_absolute_url())
    assertContains(page, "<dd>15 септември 2026 г.</dd>", html=True)
    assertContains(cooperation_client.get("/en" + city.get_absolute_url()), "15 September 2026")


def test_a_dated_event_added_on_the_citys_page_is_day_first(cooperation_client):
    city = make_city(name="Кочани", slug="kochani", country="MK")
    url = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    event = {
        "events-TOTAL_FORMS": "1", "events-0-date": "05/09/2026", "events-0-date_precision": "day",
        "events-0-kind": "agreement", "events-0-description_bg": "Подписване",
        "events-0-description_en": "",
    }  # fmt: skip
    refused = cooperation_client.post(url, city_form(city, **event))
    assertContains(refused, REFUSED_BG)
    assert not city.events.exists()

    event["events-0-date"] = "15.09.2026"
    assert cooperation_client.post(url, city_form(city, **event)).status_code == 302
    assert city.events.get().date == SEPT_15
    assertContains(cooperation_client.get(city.get_absolute_url()), "15 септември 2026 г.")


def test_the_english_admin_takes_dates_day_first_too(english_admin, cooperation_client, kind):
    for typed in AMBIGUOUS[:4]:
        response = post_initiative(cooperation_client, kind, typed)
        assertContains(response, REFUSED_EN)
        assertNotContains(response, REFUSED_BG)
    assert not Initiative.objects.exists()

    assert post_initiative(cooperation_client, kind, "15.09.2026").status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.date == SEPT_15
    change = reverse("admin:partnerships_initiative_change", args=[initiative.pk])
    assertContains(cooperation_client.get(change), 'value="15.09.2026"')


def test_the_english_agreement_date_is_day_first(english_admin, cooperation_client):
    with translation.override("bg"):  # a changed LANGUAGE_CODE ends the tests' Bulgarian
        city = make_city(name="Кочани", name_en="Kočani", slug="kochani", country="MK")
    url = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    assert (
        cooperation_client.post(url, city_form(city, agreement_date="5.9.2026")).status_code == 302
    )
    city.refresh_from_db()
    assert city.agreement_date == datetime.date(2026, 9, 5)


class HoursAdmin(StaffDatesMixin, admin.ModelAdmin):
    """An admin with time fields: the office's hours are typed in one text field now, so no
    registered admin has a TimeField; any later one gets the mixin through ContentAdmin."""

    fields = ["office", "weekday", "opens", "closes"]


def hours_form(admin_user, data=None, instance=None):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    form_class = HoursAdmin(OpeningHours, admin.AdminSite()).get_form(request, instance)
    return form_class(data, instance=instance)


def test_an_admin_time_is_shown_as_8_30(admin_user):
    hours = OpeningHours.objects.create(
        office=make_office(), weekday=1, opens=datetime.time(8, 30), closes=datetime.time(12, 30)
    )
    form = hours_form(admin_user, instance=hours)
    assert 'value="8:30"' in str(form["opens"]) and 'value="12:30"' in str(form["closes"])


@pytest.mark.parametrize("typed", ["8:30", "08:30", "8.30", "08:30:00"])
def test_an_admin_time_is_typed_as_8_30(admin_user, typed):
    office = make_office()
    form = hours_form(
        admin_user, {"office": office.pk, "weekday": 1, "opens": typed, "closes": "12:30"}
    )
    assert form.is_valid(), form.errors
    hours = form.save()
    assert (hours.opens, hours.closes) == (datetime.time(8, 30), datetime.time(12, 30))


def test_an_unreadable_time_is_refused_with_the_expected_form(admin_user):
    form = hours_form(
        admin_user, {"office": make_office().pk, "weekday": 1, "opens": "8:70", "closes": "12:30"}
    )
    assert form.errors["opens"] == ["Въведете часа във вида 8:30."]


def test_the_office_check_date_is_day_first(contacts_client):
    office = make_office(name="ГРАО", slug="grao")
    url = reverse("admin:contacts_office_change", args=[office.pk])
    form = office_form(office, verified_on="05/09/2026")
    assertContains(contacts_client.post(url, form), REFUSED_BG)
    form["verified_on"] = "15.09.2026"
    assert contacts_client.post(url, form).status_code == 302
    assert Office.objects.get().verified_on == SEPT_15


OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"partnerships", "contacts"}]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.model_name)
def test_every_date_and_time_in_our_admin_is_typed_the_bulgarian_way(admin_user, model):
    """A guard for admins and inlines added later: each date field of each form (the inlines'
    too) takes „15.09.2026“ and refuses „05/09/2026“ with the expected form; each time reads „8:30“."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    forms_ = [model_admin.get_form(request)]
    forms_ += [
        inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
    ]
    for form in forms_:
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateField):
                assert field.clean("15.09.2026") == SEPT_15, name
                with pytest.raises(forms.ValidationError, match=REFUSED_BG):
                    field.clean("05/09/2026")
            elif isinstance(field, forms.TimeField):
                assert field.clean("8:30") == datetime.time(8, 30), name
                assert field.widget.format_value(datetime.time(8, 30)) == "8:30", name


def test_a_users_date_and_time_joined_are_typed_day_first(admin_client, admin_user):
    """Django's own user admin (date and time in two inputs) follows the same formats."""
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    form = {
        "username": admin_user.username, "email": admin_user.email, "is_active": "on",
        "is_staff": "on", "is_superuser": "on", "last_login_0": "", "last_login_1": "",
        "date_joined_0": "05/09/2026", "date_joined_1": "8:30",
    }  # fmt: skip
    assert admin_client.post(url, form).status_code == 200  # refused, not saved as 9 May
    form["date_joined_0"] = "15.09.2026"
    assert admin_client.post(url, form).status_code == 302
    admin_user.refresh_from_db()
    joined = timezone.localtime(admin_user.date_joined)
    assert (joined.date(), joined.time()) == (SEPT_15, datetime.time(8, 30))
