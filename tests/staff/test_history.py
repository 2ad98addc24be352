"""Who changed what and when, with earlier values visible and restorable from the admin."""

import io
import re
from html.parser import HTMLParser

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from contacts.models import Office
from partnerships.models import PartnerCity
from tests.admin_forms import city_form
from tests.factories import make_proposal

pytestmark = pytest.mark.django_db


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
    original, first, second = reversed(Version.objects.get_for_object(city))
    assert original.revision.user is None  # the first version, from the initial data
    assert original.field_dict["since_year"] == city.since_year
    assert {v.revision.user.username for v in (first, second)} == {"cooperation-editor"}
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
            "emails-INITIAL_FORMS": "0", "opening_hours": "",
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


# Every record has a first version, so that its original values can always be restored.


def records_without_a_version():
    missing = []
    for model in reversion.get_registered_models():
        versioned = set(Version.objects.get_for_model(model).values_list("object_id", flat=True))
        missing += [
            f"{model._meta.label} {pk}"
            for pk in model._base_manager.values_list("pk", flat=True)
            if str(pk) not in versioned
        ]
    return missing


def test_everything_loaded_from_the_initial_data_has_a_first_version(initial_data):
    assert Office.objects.exists() and PartnerCity.objects.exists()
    assert records_without_a_version() == []
    versions = Version.objects.count()
    output = io.StringIO()
    call_command("load_initial_data", stdout=output)  # `make run` runs it every time
    assert Version.objects.count() == versions
    assert output.getvalue().splitlines() == [
        "partnerships: already loaded, skipped",
        "contacts: already loaded, skipped",
    ]


def test_a_database_loaded_before_gets_the_first_versions_on_migrate(db):
    with translation.override("bg"):
        call_command("loaddata", "partnerships", "contacts", verbosity=0)  # as it was loaded
    assert not Version.objects.exists() and len(records_without_a_version()) > 50
    output = io.StringIO()
    call_command("migrate", verbosity=0, stdout=output)  # `make run`
    assert records_without_a_version() == [] and output.getvalue() == ""
    versions = Version.objects.count()
    call_command("migrate", verbosity=0)
    assert Version.objects.count() == versions


class _FormReader(HTMLParser):
    """What a browser sends when the admin's change form is saved as shown."""

    SKIPPED = {"submit", "button", "image", "file", "reset"}

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea, self.first_option = [], None, None, None
        self.chosen = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value") or "on"))
            elif kind not in self.SKIPPED:
                self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and "__prefix__" not in name:
            self.select, self.first_option, self.chosen = name, None, False
        elif tag == "option" and self.select:
            value = attrs.get("value") or ""
            self.first_option = value if self.first_option is None else self.first_option
            if "selected" in attrs:
                self.data.append((self.select, value))
                self.chosen = True
        elif tag == "textarea" and "__prefix__" not in name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            if not self.chosen and self.first_option is not None:
                self.data.append((self.select, self.first_option))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


def form_as_shown(html):
    reader = _FormReader()
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


def contact_details(office):
    return (
        sorted(office.phones.values_list("number", flat=True)),
        sorted(office.emails.values_list("address", flat=True)),
        sorted(office.hours.values_list("weekday", "opens", "closes")),
    )


@pytest.mark.parametrize("name", ["Технически сътрудник на кмета", "Общинска администрация"])
def test_restoring_an_offices_original_brings_back_its_numbers_emails_and_hours(
    contacts_client, initial_data, name
):
    office = Office.objects.get(name_bg=name)
    original = contact_details(office)
    assert any(original)
    for details in (office.phones, office.emails, office.hours):
        details.all().delete()  # a bad day
    assert not any(contact_details(office))

    history = contacts_client.get(reverse("admin:contacts_office_history", args=[office.pk]))
    links = re.findall(
        rf'href="(/admin/contacts/office/{office.pk}/history/(\d+)/)"', history.content.decode()
    )
    oldest = min(links, key=lambda link: int(link[1]))[0]  # the original, from the initial data
    form = contacts_client.get(oldest)
    assert form.status_code == 200
    assert contacts_client.post(oldest, form_as_shown(form.content.decode())).status_code == 302
    assert contact_details(office) == original


# The history screens keep to their own model and to the editor's area (core/history_admin.py).


@pytest.fixture
def deleted(initial_data, settings, tmp_path):
    """A partner city and an office, deleted after their first version, and a proposal with one."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    proposal = make_proposal()
    call_command("createinitialrevisions", verbosity=0)
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    office = Office.objects.get(name_bg="ГРАО")
    versions = {
        "city": Version.objects.get_for_object(city).get(),
        "office": Version.objects.get_for_object(office).get(),
        "proposal": Version.objects.get_for_object(proposal).get(),
    }
    city.delete()
    office.delete()
    return versions


@pytest.mark.parametrize(
    ("role", "admin_model", "other"),
    [
        ("contacts", "contacts_office", "city"),
        ("cooperation", "partnerships_partnercity", "office"),
    ],
)
def test_no_editor_restores_another_areas_record_through_their_own_history_urls(
    client, make_editor, deleted, role, admin_model, other
):
    client.force_login(make_editor(role))
    version = deleted[other]
    urls = [
        reverse(f"admin:{admin_model}_recover", args=[version.pk]),
        reverse(f"admin:{admin_model}_revision", args=[version.object_id, version.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert not version._model.objects.filter(pk=version.object_id).exists()  # still deleted

    proposal = deleted["proposal"]
    response = client.get(reverse(f"admin:{admin_model}_recover", args=[proposal.pk]), follow=True)
    assert response.status_code == 404
    assert proposal.field_dict["reference"] not in response.content.decode()


def test_each_admins_history_refuses_other_models_versions_to_a_superuser_too(
    staff_client, deleted
):
    city = deleted["city"]
    assert (
        staff_client.get(reverse("admin:contacts_office_recover", args=[city.pk])).status_code
        == 404
    )
    own = reverse("admin:partnerships_partnercity_recover", args=[city.pk])
    form = staff_client.get(own)  # the right admin restores it
    assert form.status_code == 200
    assert staff_client.post(own, form_as_shown(form.content.decode())).status_code == 302
    assert PartnerCity.objects.filter(pk=city.object_id).exists()


def test_staff_who_may_only_view_get_no_earlier_version_to_restore(
    client, django_user_model, deleted
):
    city = PartnerCity.objects.get(slug="gras-frantsiya")
    version = Version.objects.get_for_object(city).get()
    viewer = django_user_model.objects.create_user("viewer", password="x" * 20, is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_partnercity"),
        Permission.objects.get(codename="change_office"),  # no add: no recovering offices
    )
    client.force_login(viewer)
    revision = reverse("admin:partnerships_partnercity_revision", args=[city.pk, version.pk])
    office = deleted["office"]
    recover = reverse("admin:contacts_office_recover", args=[office.pk])
    for url in (revision, recover):
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    assert not Office.objects.filter(pk=office.object_id).exists()


def test_a_proposal_from_the_site_keeps_its_original_after_its_first_change(
    cooperation_client, initial_data, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    proposal = make_proposal()  # as the site's form makes it: no version
    url = reverse("admin:partnerships_proposal_change", args=[proposal.pk])
    form = form_as_shown(cooperation_client.get(url).content.decode())
    form.update(status="answered", internal_note="Отговорено по телефона.")
    assert cooperation_client.post(url, form).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "answered"

    original = Version.objects.get_for_object(proposal).last()
    assert original.field_dict["status"] == "new" and original.field_dict["internal_note"] == ""
    revert_url = reverse("admin:partnerships_proposal_revision", args=[proposal.pk, original.pk])
    shown = cooperation_client.get(revert_url)
    assert shown.status_code == 200
    assert (
        cooperation_client.post(revert_url, form_as_shown(shown.content.decode())).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.internal_note) == ("new", "")
