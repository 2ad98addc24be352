"""Site-wide guards, in the spirit of djangoproject.com's. What every public page must be (one
<h1>, no inline script, ...) is checked once per page in tests/test_public_pages.py."""

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django.asserts import assertContains


def test_no_model_change_is_missing_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def iter_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from iter_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_every_url_pattern_of_ours_is_named():
    unnamed = [route for route, p in iter_patterns(get_resolver().url_patterns) if not p.name]
    unnamed = [route for route in unnamed if not route.startswith("media/")]
    assert unnamed == []


@pytest.mark.django_db
def test_unknown_pages_get_the_bulgarian_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assertContains(response, "Страницата не е намерена", status_code=404)
    assertContains(response, '<html lang="bg">', status_code=404)
