"""The admin's policy, health, and faults answered without a traceback. The security headers and
no cookie for visitors on every public page are checked in tests/test_public_pages.py."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from core.json_logging import JsonFormatter
from kazanlak_site.settings import redis_cache
from partnerships.models import PartnerCity

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_the_admin_has_the_same_strict_policy(staff_client):
    response = staff_client.get("/admin/", secure=True)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_says_down_when_the_database_is(client):
    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert (
        response.json()["database"] == "error: OperationalError"
        and response.json()["status"] == "down"
    )


def raising_client():
    return Client(raise_request_exception=False)


def test_a_database_outage_is_a_friendly_503_without_a_traceback(initial_data, caplog):
    with mock.patch(
        "partnerships.views.PageText.objects.all",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = raising_client().get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "Сайтът е временно недостъпен" in content and '<html lang="bg">' in content
    assert "Traceback" not in content and "OperationalError" not in content


def test_other_errors_are_the_500_page(initial_data):
    with mock.patch("partnerships.views.PageText.objects.all", side_effect=RuntimeError("bug")):
        response = raising_client().get("/")
    assert response.status_code == 500
    assert (
        "Възникна грешка в сайта" in response.content.decode()
        and "RuntimeError" not in response.content.decode()
    )


UNREACHABLE_REDIS = {
    **settings.CACHES,  # the per-process caches stay
    "default": redis_cache("redis://127.0.0.1:1/0"),  # nothing listens on port 1
}


def test_with_redis_down_pages_come_from_the_database(client, initial_data, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.PROPOSALS_NOTIFY_EMAILS = ["international@example.org"]
    with override_settings(CACHES=UNREACHABLE_REDIS):
        for url in (
            "/",
            "/gradove/kochani-makedoniya/",
            "/kontakti/?q=98201",
            "/gradove/partner-cities.json",
        ):
            assert client.get(url).status_code == 200, url
        assert client.get("/healthz").json() == {
            "status": "degraded",
            "database": "ok",
            "cache": "unavailable",
        }
        from tests.partnerships.test_proposals import valid_data

        assert client.post("/predlozhenie/", valid_data()).status_code == 302


def test_with_redis_down_pages_are_still_cached_and_an_edit_shows_at_once(client, initial_data):
    """The content version lives in the database: Redis has no say in what a page shows."""
    city_page = "/gradove/kochani-makedoniya/"
    with override_settings(CACHES=UNREACHABLE_REDIS):
        assert "1992 г." not in client.get(city_page).content.decode()  # now cached
        with CaptureQueriesContext(connection) as cached:
            client.get(city_page)
        assert len(cached) == 1, "from this process's cache: only the content version is read"
        city = PartnerCity.objects.get(slug="kochani-makedoniya")
        city.since_year = 1992
        city.save()
        assert "1992 г." in client.get(city_page).content.decode()
    assert "1992 г." in client.get(city_page).content.decode()  # and after Redis returns


def test_each_request_is_one_json_log_line(client, initial_data, caplog):
    with caplog.at_level(logging.INFO, logger="kazanlak.requests"):
        client.get("/kontakti/?q=98201")
    [record] = [r for r in caplog.records if r.name == "kazanlak.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/kontakti/" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and "98201" not in json.dumps(line)
    assert line["level"] == "INFO" and line["logger"] == "kazanlak.requests"


def test_errors_are_logged_as_json_with_the_traceback(initial_data, caplog):
    with (
        caplog.at_level(logging.ERROR, logger="django.request"),
        mock.patch("partnerships.views.PageText.objects.all", side_effect=RuntimeError("bug")),
    ):
        raising_client().get("/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and "RuntimeError: bug" in line["exception"]


def production_env(**extra):
    local = {
        "DEBUG",
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
    }
    env = {
        k: v for k, v in os.environ.items() if k not in local and not k.endswith("_COOKIE_SECURE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kazanlak_site.settings", SECRET_KEY="p" * 20 + "-production-like-secret-key-0123456789",
        ALLOWED_HOSTS="international.kazanlak.bg", **extra,
    )  # fmt: skip
    return env


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_static_files_are_collected_compressed_under_hashed_names(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=production_env(STATIC_ROOT=str(tmp_path)), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    css = [p.name for p in (tmp_path / "css").iterdir()]
    hashed = next(name for name in css if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name))
    assert f"{hashed}.gz" in css
    assert (
        json.loads((tmp_path / "staticfiles.json").read_text())["paths"]["css/site.css"]
        == f"css/{hashed}"
    )
