"""The admin sign-in resists password guessing; staff passwords follow Django's validators."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def sign_in(client, password, address="192.0.2.10"):
    return client.post(
        LOGIN, {"username": "maria", "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


@pytest.fixture
def maria(django_user_model):
    return django_user_model.objects.create_user(
        "maria", password="the-right-password-2026", is_staff=True
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(client, maria, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "guess").status_code == 200  # the form again, with its error
    locked = sign_in(client, "guess")
    assert locked.status_code == 429
    assert "Входът е временно заключен" in locked.content.decode()
    # Even the right password does not open it now.
    assert sign_in(client, "the-right-password-2026").status_code == 429
    # Another address is not locked out with it.
    assert sign_in(client, "the-right-password-2026", address="198.51.100.20").status_code == 302


def test_a_right_password_signs_in(client, maria):
    response = sign_in(client, "the-right-password-2026")
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize("password", ["short", "1234567890123", "password12345"])
def test_weak_passwords_are_refused(maria, password):
    with pytest.raises(ValidationError):
        validate_password(password, maria)


def test_the_admin_refuses_a_weak_password_for_a_new_user(staff_client):
    response = staff_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
