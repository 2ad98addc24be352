"""Who changed what and when, with earlier values visible and restorable from the admin."""

import pytest
from django.urls import reverse
from reversion.models import Version

from contacts.models import Office
from partnerships.models import PartnerCity

pytestmark = pytest.mark.django_db


def city_form(city, **changes):
    data = {
        "name_bg": city.name_bg, "name_en": city.name_en or "", "slug": city.slug, "country": city.country.code,
        "relationship_type": city.relationship_type, "status": city.status, "since_year": str(city.since_year),
        "is_published": "on", "sort_order": str(city.sort_order), "latitude": str(city.latitude),
        "longitude": str(city.longitude), "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(changes)
    return data


def test_each_admin_change_is_recorded_with_its_author_and_can_be_restored(
    cooperation_client, initial_data
):
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    url = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    assert cooperation_client.post(url, city_form(city, since_year="1993")).status_code == 302
    assert (
        cooperation_client.post(
            url, city_form(city, since_year="1996", name_en="Kochani")
        ).status_code
        == 302
    )
    versions = Version.objects.get_for_object(city)
    assert versions.count() == 2
    assert {v.revision.user.username for v in versions} == {"cooperation-editor"}
    first = versions.last()
    assert first.field_dict["since_year"] == 1993 and first.field_dict["name_en"] == "Kočani"

    history = cooperation_client.get(
        reverse("admin:partnerships_partnercity_history", args=[city.pk])
    )
    assert history.status_code == 200 and "cooperation-editor" in history.content.decode()

    revert_url = reverse("admin:partnerships_partnercity_revision", args=[city.pk, first.pk])
    form = cooperation_client.get(revert_url)
    assert form.status_code == 200 and 'value="1993"' in form.content.decode()  # the earlier values
    assert (
        cooperation_client.post(
            revert_url, city_form(city, since_year="1993", name_en="Kočani")
        ).status_code
        == 302
    )
    city.refresh_from_db()
    assert (city.since_year, city.name_en) == (1993, "Kočani")


def test_an_office_is_restored_with_its_numbers(contacts_client, initial_data):
    office = Office.objects.get(name_bg="ГРАО")
    url = reverse("admin:contacts_office_change", args=[office.pk])
    phone = office.phones.get()

    def form(number):
        return {
            "name_bg": office.name_bg, "name_en": office.name_en, "slug": office.slug, "is_published": "on",
            "sort_order": str(office.sort_order), "phones-TOTAL_FORMS": "1", "phones-INITIAL_FORMS": "1",
            "phones-0-id": str(phone.pk), "phones-0-office": str(office.pk), "phones-0-kind": "phone",
            "phones-0-number": number, "phones-0-sort_order": "0", "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0", "hours-TOTAL_FORMS": "0", "hours-INITIAL_FORMS": "0",
        }  # fmt: skip

    assert contacts_client.post(url, form("0431 98346")).status_code == 302
    assert contacts_client.post(url, form("0431 98999")).status_code == 302
    assert office.phones.get().number == "+35943198999"
    first = Version.objects.get_for_object(office).last()
    revert_url = reverse("admin:contacts_office_revision", args=[office.pk, first.pk])
    assert contacts_client.post(revert_url, form("0431 98346")).status_code == 302
    assert office.phones.get().number == "+35943198346"


@pytest.mark.parametrize(
    "model",
    [
        "partnercity",
        "organisation",
        "initiativekind",
        "initiative",
        "document",
        "pagetext",
        "proposal",
    ],
)
def test_every_cooperation_model_has_a_history(model):
    import reversion
    from django.apps import apps

    assert reversion.is_registered(apps.get_model("partnerships", model))


def test_contacts_models_have_a_history():
    import reversion

    from contacts.models import EmailAddress, OpeningHours, PhoneNumber

    for model in (Office, PhoneNumber, EmailAddress, OpeningHours):
        assert reversion.is_registered(model)
