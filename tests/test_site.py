"""Site-wide guards, in the spirit of djangoproject.com's."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django.asserts import assertContains

from tests.public_pages import PUBLIC_PAGES


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


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_one_h1_a_skip_link_and_a_main(client, initial_data, url):
    content = client.get(url).content.decode()
    assert content.count("<h1") == 1
    assert 'href="#main"' in content
    assert '<main id="main"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/no-such-page/"])
def test_no_inline_script_or_style_and_nothing_loaded_from_outside(client, initial_data, url):
    content = client.get(url).content.decode()
    # Only JSON-LD data blocks: browsers never execute them, so a strict CSP allows them.
    scripts = re.findall(r"<script[^>]*>", content)
    assert all(tag == '<script type="application/ld+json">' for tag in scripts), scripts
    assert "style=" not in content and "<style" not in content
    assert 'src="http' not in content and 'src="//' not in content
