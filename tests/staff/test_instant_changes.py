"""With the page cache on, an admin change shows on every public page and export at once (in
the process that made it; on other servers within a second)."""

import hashlib
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import page_cache
from core.models import ContentVersion
from partnerships.models import PartnerCity
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
CITY = "/gradove/kochani-makedoniya/"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, captured.captured_queries


def is_the_version_read(query):
    return "core_contentversion" in query["sql"] and query["sql"].lstrip().startswith("SELECT")


def test_pages_are_served_from_the_cache(client, initial_data):
    """A cached page costs one query: the content version's. (Inside a test's transaction each
    request reads it; a server process reads it at most once a second, see below.)"""
    first, made = queries_for(client, CITY)
    again, cached = queries_for(client, CITY)
    assert len(made) > 1
    assert len(cached) == 1 and is_the_version_read(cached[0])
    assert again.content == first.content


def test_an_admin_edit_shows_at_once_on_pages_and_exports(client, cooperation_client, initial_data):
    from tests.staff.test_history import city_form

    urls = [CITY, "/gradove/", "/", "/en" + CITY, "/gradove/partner-cities.json", "/sitemap.xml"]
    for url in urls:
        client.get(url)  # now cached
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    change = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    assert cooperation_client.post(change, city_form(city, since_year="1993")).status_code == 302
    assert "1993 г." in client.get(CITY).content.decode()
    assert "от 1993 г." in client.get("/gradove/").content.decode()
    assert "1993" in client.get("/en" + CITY).content.decode()
    assert '"since_year":1993' in client.get(
        "/gradove/partner-cities.json"
    ).content.decode().replace(" ", "")


def test_a_deletion_shows_at_once(client, cooperation_client, initial_data):
    initiative = make_initiative(title="Изтрита инициатива")
    assert "Изтрита инициатива" in client.get("/initsiativi/").content.decode()
    delete = reverse("admin:partnerships_initiative_delete", args=[initiative.pk])
    assert cooperation_client.post(delete, {"post": "yes"}).status_code == 302
    assert "Изтрита инициатива" not in client.get("/initsiativi/").content.decode()
    assert "Изтрита инициатива" not in client.get("/initsiativi/initiatives.csv").content.decode()


def test_the_admin_action_that_updates_in_bulk_also_refreshes(
    client, contacts_client, initial_data
):
    from contacts.models import Office

    assert "Проверено на" not in client.get("/kontakti/grao/").content.decode()  # not known
    office = Office.objects.get(name_bg="ГРАО")
    contacts_client.post(
        reverse("admin:contacts_office_changelist"),
        {"action": "mark_verified_today", "_selected_action": [office.pk]},
    )
    assert "Проверено на" in client.get("/kontakti/grao/").content.decode()


def test_browsers_revalidate_and_get_304_when_nothing_changed(client, initial_data):
    first = client.get(CITY)
    assert first["Cache-Control"] == "no-cache" and first.has_header("ETag")
    unchanged = client.get(CITY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304


def test_the_cached_footer_is_per_language(client, initial_data):
    bulgarian = client.get("/kontakti/?q=грао").content.decode()
    english = client.get("/en/kontakti/?q=grao").content.decode()
    assert "Общинска администрация" in bulgarian.split('<footer class="site-footer">')[1]
    assert "Municipal administration" in english.split('<footer class="site-footer">')[1]


@pytest.mark.django_db(transaction=True)  # committed, as on a server
def test_a_process_reads_the_content_version_about_once_a_second(
    client, initial_data, django_assert_num_queries
):
    """Between a process's reads of the version, a cached page costs no query at all."""
    client.get(CITY)  # cached, and the version read
    with django_assert_num_queries(0):
        client.get(CITY)
    time.sleep(page_cache.VERSION_MEMO_SECONDS)
    with CaptureQueriesContext(connection) as captured:
        client.get(CITY)
    assert len(captured) == 1 and is_the_version_read(captured.captured_queries[0])


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_here_shows_at_once(client, cooperation_client, initial_data):
    from tests.staff.test_history import city_form

    assert "1993 г." not in client.get(CITY).content.decode()  # cached, version remembered
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    change = reverse("admin:partnerships_partnercity_change", args=[city.pk])
    assert cooperation_client.post(change, city_form(city, since_year="1993")).status_code == 302
    assert "1993 г." in client.get(CITY).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_server_shows_within_a_second(client, initial_data):
    assert "1992 г." not in client.get(CITY).content.decode()  # cached, version remembered
    # What another server's admin save commits: the data and a new version, in one transaction.
    with transaction.atomic():
        PartnerCity.objects.filter(slug="kochani-makedoniya").update(since_year=1992)
        ContentVersion.objects.update(token="from-another-server")
    started = time.monotonic()
    while "1992 г." not in client.get(CITY).content.decode():
        assert time.monotonic() - started < 1.5, "still the old page"
        time.sleep(0.05)


def test_unpublishing_makes_the_page_404_at_once(client, initial_data):
    assert client.get(CITY).status_code == 200
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    city.is_published = False
    city.save()
    assert client.get(CITY).status_code == 404


def test_a_page_from_the_cache_keeps_the_etag_made_with_it(client, initial_data):
    """The ETag is the body's SHA-256 (not Django's MD5), made once with the page and stored with
    it: a hit answers with it after one query (the content version's), and a browser that holds
    the page gets a 304."""
    first = client.get(CITY)
    assert first["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()[:32]}"'
    again, queries = queries_for(client, CITY)
    assert len(queries) == 1 and is_the_version_read(queries[0])
    assert again["ETag"] == first["ETag"] and again.content == first.content
    assert client.get(CITY, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_change_rolled_back_leaves_the_cached_pages_in_use(client, initial_data):
    """The version changes in the change's own transaction: a change that never commits does not
    make the pages afresh (and no other process sees a version before its data)."""
    client.get(CITY)  # now cached
    with pytest.raises(RuntimeError), transaction.atomic():
        city = PartnerCity.objects.get(slug="kochani-makedoniya")
        city.since_year = 1991
        city.save()
        raise RuntimeError("the admin's save failed")
    again, queries = queries_for(client, CITY)
    assert len(queries) == 1 and is_the_version_read(queries[0]), "the cached page"
    assert "1991 г." not in again.content.decode()
