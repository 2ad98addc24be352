"""Staff may leave a slug empty on any add form, and no database rule ever reaches them raw."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import BaseConstraint, Field
from django.urls import reverse

from contacts.models import Office
from partnerships.models import Document, Initiative, InitiativeKind, PartnerCity
from tests.admin_forms import errors

pytestmark = pytest.mark.django_db

# What staff type on each add form that has a slug, and the address it must get.
ADD_FORMS = {
    PartnerCity: (
        {"name_bg": "Нов град", "country": "FR", "relationship_type": "twinned",
         "status": "active", "since_year": "2020", "sort_order": "0", "is_published": "on",
         "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"},
        "nov-grad-frantsiya",
    ),
    InitiativeKind: ({"name_bg": "Младежки обмен", "sort_order": "0"}, "mladezhki-obmen"),
    Initiative: (
        {"title_bg": "Концерт в Кочани", "kind": "__kind__", "date": "2026-09-15",
         "is_published": "on"},
        "kontsert-v-kochani-2026",
    ),
    Document: (
        {"title_bg": "Протокол за намерения", "published_on": "2026-09-15", "is_published": "on"},
        "protokol-za-namereniya",
    ),
    Office: (
        {"name_bg": "Общинско радио", "sort_order": "0", "is_published": "on",
         "phones-TOTAL_FORMS": "0", "phones-INITIAL_FORMS": "0", "emails-TOTAL_FORMS": "0",
         "emails-INITIAL_FORMS": "0", "hours-TOTAL_FORMS": "0", "hours-INITIAL_FORMS": "0"},
        "obshtinsko-radio",
    ),
}  # fmt: skip

OUR_APPS = {"partnerships", "contacts"}
OUR_MODELS = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_admin_form_with_a_slug_is_covered_below():
    with_slug = {
        model
        for model in admin.site._registry
        if any(field.name == "slug" for field in model._meta.get_fields())
    }
    assert with_slug == set(ADD_FORMS)


def add(client, model, data):
    data = {
        key: (str(InitiativeKind.objects.first().pk) if value == "__kind__" else value)
        for key, value in data.items()
    }
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    return client.post(url, {**data, "slug": ""})


@pytest.mark.parametrize("model", ADD_FORMS, ids=lambda m: m._meta.model_name)
def test_an_empty_slug_is_filled_on_save_and_kept_unique(staff_client, initial_data, model):
    data, slug = ADD_FORMS[model]
    first = add(staff_client, model, data)
    assert first.status_code == 302, errors(first)
    assert model.objects.filter(slug=slug).exists()

    # The same name again (where the model allows it) gets the next free address.
    unique_names = {"name_bg", "title_bg"} & set(data)
    if model in (InitiativeKind, Office, PartnerCity):
        data = {k: (v + " 2" if k in unique_names else v) for k, v in data.items()}
        expected = f"{slug}-2" if model is not PartnerCity else "nov-grad-2-frantsiya"
    else:
        expected = f"{slug}-2"
    second = add(staff_client, model, data)
    assert second.status_code == 302, errors(second)
    assert model.objects.filter(slug=expected).exists()


def test_the_same_title_twice_gets_a_second_address(staff_client, initial_data):
    data, slug = ADD_FORMS[Initiative]
    assert add(staff_client, Initiative, data).status_code == 302
    assert add(staff_client, Initiative, data).status_code == 302
    assert set(Initiative.objects.values_list("slug", flat=True)) >= {slug, f"{slug}-2"}


def test_an_invalid_date_and_an_empty_slug_give_one_message_each_in_bulgarian(
    staff_client, initial_data
):
    data, _slug = ADD_FORMS[Initiative]
    response = add(staff_client, Initiative, {**data, "date": "дата"})
    assert response.status_code == 200
    text = " ".join(errors(response))
    assert "Ограничението" not in text and "initiative_slug_not_empty" not in text
    assert 'value="Концерт в Кочани"' in response.content.decode()  # the title typed is kept


def test_a_city_that_exists_already_is_refused_in_words_staff_understand(
    staff_client, initial_data
):
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    data, _slug = ADD_FORMS[PartnerCity]
    response = add(staff_client, PartnerCity, {**data, "name_bg": kochani.name_bg, "country": "MK"})
    assert response.status_code == 200
    assert "Вече има град с това име в тази държава" in " ".join(errors(response))


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.model_name)
def test_every_database_rule_has_a_bulgarian_message_for_staff(model):
    for constraint in model._meta.constraints:
        message = str(constraint.violation_error_message)
        assert message != str(BaseConstraint.default_violation_error_message), constraint.name
        assert re.search("[а-я]", message), constraint.name
    default_unique = str(Field.default_error_messages["unique"])
    for field in model._meta.fields:
        if field.unique and field.editable and not field.primary_key:
            # Django's own „… с този … вече съществува“ gets the gender of the label wrong.
            assert str(field.error_messages["unique"]) != default_unique, field.name
