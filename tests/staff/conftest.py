import pytest
from django.contrib.auth.models import Group

from core.roles import ROLES


@pytest.fixture
def make_editor(django_user_model):
    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username or f"{role}-editor", password="a-long-test-password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=ROLES[role]["name"]))
        return user

    return make


@pytest.fixture
def cooperation_client(client, make_editor):
    client.force_login(make_editor("cooperation"))
    return client


@pytest.fixture
def contacts_client(client, make_editor):
    client.force_login(make_editor("contacts"))
    return client
