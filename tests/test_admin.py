"""Every model's admin opens for staff, in Bulgarian, and refuses bad data with a message."""

import pytest
from django.contrib import admin
from django.urls import reverse

from contacts.models import Office, PhoneNumber
from tests.admin_forms import office_form

pytestmark = pytest.mark.django_db

OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"partnerships", "contacts"}]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_all_our_models_are_in_the_admin():
    names = {m._meta.model_name for m in OUR_MODELS}
    assert names == {
        "partnercity",
        "organisation",
        "initiativekind",
        "initiative",
        "document",
        "pagetext",
        "proposal",
        "office",
        "closure",
        "workingday",
        "source",
    }


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.model_name)
def test_list_search_and_forms_open_for_staff(staff_client, initial_data, model):
    response = staff_client.get(admin_url(model, "changelist"), {"q": "Казанлък"})
    assert response.status_code == 200
    assert 'lang="bg"' in response.content.decode()
    obj = model.objects.first()
    if obj is not None:
        assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.model_name)
def test_add_form_opens_where_adding_is_allowed(staff_client, model):
    """Proposals only arrive through the site; everything else can be added by staff."""
    expected = 403 if model._meta.model_name == "proposal" else 200
    assert staff_client.get(admin_url(model, "add")).status_code == expected


def test_no_page_text_can_be_added_once_every_section_exists(staff_client, initial_data):
    from partnerships.models import PageText

    assert staff_client.get(admin_url(PageText, "add")).status_code == 403


def test_the_office_page_edits_phones_emails_and_hours_inline(staff_client, initial_data):
    office = Office.objects.get(name_bg="Технически сътрудник на кмета")
    content = staff_client.get(admin_url(Office, "change", office.pk)).content.decode()
    # The week's hours are one text field: tests/contacts/test_admin_hours.py
    for field in ("phones-TOTAL_FORMS", "emails-TOTAL_FORMS", 'name="opening_hours"'):
        assert field in content


def one_number(number):
    """The phones inline with one new row, the number typed as given."""
    return {"phones-TOTAL_FORMS": "1", "phones-0-kind": "phone", "phones-0-number": number,
            "phones-0-label_bg": "", "phones-0-label_en": "", "phones-0-sort_order": "0"}  # fmt: skip


def test_an_invalid_number_typed_in_the_admin_is_refused_with_a_message(staff_client, initial_data):
    office = Office.objects.get(name_bg="ГРАО")
    numbers_before = list(office.phones.values_list("number", flat=True))
    response = staff_client.post(
        admin_url(Office, "change", office.pk), office_form(office, **one_number("0431/9"))
    )
    assert response.status_code == 200
    assert "не е валиден номер" in response.content.decode()
    assert 'value="0431/9"' in response.content.decode()  # what was typed is kept
    assert list(office.phones.values_list("number", flat=True)) == numbers_before


def test_a_number_typed_as_people_write_it_is_saved_normalised(staff_client, initial_data):
    office = Office.objects.get(name_bg="ГРАО")
    response = staff_client.post(
        admin_url(Office, "change", office.pk), office_form(office, **one_number("0431/98 999"))
    )
    assert response.status_code == 302
    assert PhoneNumber.objects.filter(office=office, number="+35943198999").exists()


def test_staff_add_dated_history_events_on_the_citys_page(staff_client, initial_data):
    from partnerships.models import PartnerCity

    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    content = staff_client.get(admin_url(PartnerCity, "change", city.pk)).content.decode()
    assert "events-TOTAL_FORMS" in content and "events-1-date" not in content  # extra = 0


@pytest.mark.parametrize(
    "url", ["/admin/partnerships/initiative/add/", "/admin/contacts/closure/add/"]
)
def test_the_two_box_chooser_does_not_tell_staff_to_hold_down_control(staff_client, url):
    """Django's hint for a plain multiple select is wrong beside the arrows of filter_horizontal."""
    content = staff_client.get(url).content.decode()
    assert "selectfilter" in content  # the two-box chooser is there
    assert "Control" not in content and "Command" not in content
