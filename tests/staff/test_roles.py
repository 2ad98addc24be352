"""Two roles, created by a data migration; each sees its own area of the admin and nothing else."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.roles import ROLES

pytestmark = pytest.mark.django_db

COOPERATION_PAGES = [
    "partnerships_partnercity",
    "partnerships_initiative",
    "partnerships_initiativekind",
    "partnerships_organisation",
    "partnerships_document",
    "partnerships_proposal",
    "partnerships_source",
]
CONTACTS_PAGES = ["contacts_office", "contacts_closure", "contacts_workingday"]
# Both roles edit the texts of their open datasets (core.roles): neither may add one.
SHARED_PAGES = ["core_dataset"]
NOBODYS_PAGES = ["auth_user", "auth_group", "redirects_redirect", "axes_accessattempt"]


def status(client, page, action="changelist"):
    return client.get(reverse(f"admin:{page}_{action}")).status_code


def test_the_migration_made_both_groups_with_exactly_their_permissions():
    for role in ROLES:
        group = Group.objects.get(name=ROLES[role]["name"])
        apps = set(group.permissions.values_list("content_type__app_label", flat=True))
        assert apps == set(ROLES[role]["permissions"])
    cooperation = Group.objects.get(name=ROLES["cooperation"]["name"])
    assert cooperation.permissions.filter(codename="change_partnercity").exists()
    assert not cooperation.permissions.filter(codename="add_proposal").exists()


@pytest.mark.parametrize("page", COOPERATION_PAGES)
def test_the_cooperation_editor_manages_the_cooperation_area(cooperation_client, page):
    assert status(cooperation_client, page) == 200


@pytest.mark.parametrize("page", CONTACTS_PAGES + NOBODYS_PAGES)
def test_the_cooperation_editor_cannot_see_contacts_users_or_groups(cooperation_client, page):
    assert status(cooperation_client, page) == 403


@pytest.mark.parametrize("page", CONTACTS_PAGES)
def test_the_contacts_editor_manages_the_contacts(contacts_client, page):
    assert status(contacts_client, page) == 200
    assert status(contacts_client, page, "add") == 200


@pytest.mark.parametrize("page", COOPERATION_PAGES + NOBODYS_PAGES)
def test_the_contacts_editor_cannot_see_cooperation_users_or_groups(contacts_client, page):
    assert status(contacts_client, page) == 403


@pytest.mark.parametrize("page", SHARED_PAGES)
@pytest.mark.parametrize("editor", ["cooperation_client", "contacts_client"])
def test_both_editors_change_the_shared_pages_but_add_nothing_there(request, editor, page):
    client = request.getfixturevalue(editor)
    assert status(client, page) == 200
    assert status(client, page, "add") == 403


def test_each_editor_sees_only_their_area_on_the_admin_index(
    cooperation_client, make_editor, client
):
    index = cooperation_client.get(reverse("admin:index")).content.decode()
    assert "/admin/partnerships/partnercity/" in index
    assert "/admin/contacts/office/" not in index and "/admin/auth/user/" not in index
    client.force_login(make_editor("contacts", "other"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/contacts/office/" in index and "/admin/partnerships/" not in index


def test_create_staff_user_puts_a_user_in_a_role(monkeypatch, django_user_model):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", "rozova-dolina-2026!")
    out = io.StringIO()
    call_command("create_staff_user", "ivana", "--role", "contacts", "--email", "i@example.org",
                 "--password-env", "NEW_STAFF_PASSWORD", stdout=out)  # fmt: skip
    user = django_user_model.objects.get(username="ivana")
    assert user.is_staff and not user.is_superuser and user.check_password("rozova-dolina-2026!")
    assert list(user.groups.values_list("name", flat=True)) == [ROLES["contacts"]["name"]]
    assert "Редактор – контакти" in out.getvalue()


def test_create_staff_user_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", "12345678")
    with pytest.raises(CommandError, match=r"too short|твърде|common|numeric|цифри"):
        call_command(
            "create_staff_user",
            "weak",
            "--role",
            "cooperation",
            "--password-env",
            "NEW_STAFF_PASSWORD",
        )
    assert not django_user_model.objects.filter(username="weak").exists()
