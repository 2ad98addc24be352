"""With the page cache on, an admin change shows on every public page and export at once."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kazanlak_site import page_cache
from partnerships.models import PartnerCity
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
CITY = "/gradove/kochani-makedoniya/"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_pages_are_served_from_the_cache(client, initial_data):
    first, made = queries_for(client, CITY)
    again, cached = queries_for(client, CITY)
    assert (
        made > 0 and cached <= 1
    )  # at most the content-version lookup's own query: none on LocMem
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

    assert (
        "Датата на последната проверка не е отбелязана."
        in client.get("/kontakti/grao/").content.decode()
    )
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


def test_the_cached_footer_fragment_is_per_language(client, initial_data):
    bulgarian = client.get("/kontakti/?q=грао").content.decode()
    english = client.get("/en/kontakti/?q=grao").content.decode()
    assert "Общинска администрация" in bulgarian.split('<footer class="site-footer">')[1]
    assert "Municipal administration" in english.split('<footer class="site-footer">')[1]


def test_a_restarted_shared_cache_starts_a_version_no_page_was_cached_under(client, initial_data):
    assert "от 1992 г." not in client.get(CITY).content.decode()  # now cached
    caches["default"].clear()  # Redis restarted empty (it keeps nothing on disk)
    PartnerCity.objects.filter(slug="kochani-makedoniya").update(since_year=1992)  # no signal
    assert "1992 г." in client.get(CITY).content.decode()


def test_unpublishing_makes_the_page_404_at_once(client, initial_data):
    assert client.get(CITY).status_code == 200
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    city.is_published = False
    city.save()
    assert client.get(CITY).status_code == 404


def test_a_page_from_the_cache_is_not_hashed_again(client, initial_data):
    hash_body = mock.patch(
        "kazanlak_site.page_cache.set_content_etag", wraps=page_cache.set_content_etag
    )
    django_md5 = mock.patch("django.middleware.http.set_response_etag")
    with hash_body as hashed, django_md5 as md5_tagged:
        first = client.get(CITY)
        assert hashed.call_count == 1
        again = client.get(CITY)
    assert hashed.call_count == 1 and not md5_tagged.called
    assert again["ETag"] == first["ETag"] and again.content == first.content


@pytest.mark.parametrize(
    "url",
    ["/", CITY, "/kontakti/", "/kontakti/?q=98201", "/gradove/partner-cities.json"],
)
def test_with_the_page_cache_off_a_page_of_cached_fragments_runs_no_query(
    client, initial_data, settings, django_assert_num_queries, url
):
    settings.CACHE_MIDDLEWARE_SECONDS = 0  # what the benchmark calls "uncached"
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content


def test_a_change_is_announced_again_when_its_transaction_commits(
    initial_data, django_capture_on_commit_callbacks
):
    """Pages another process makes between the save and the commit (from the data committed
    before) are left behind by the second announcement."""
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        city.save()
        during = page_cache.content_version()
    assert len({before, during, page_cache.content_version()}) == 3
