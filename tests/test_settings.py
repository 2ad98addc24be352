"""Settings come from the environment with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def settings_value(expression, **env):
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE="kazanlak_site.settings")
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_value("settings.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_switched_on():
    assert settings_value("settings.DEBUG", SECRET_KEY="k" * 60).stdout.strip() == "False"
    assert settings_value("settings.DEBUG", DEBUG="1").stdout.strip() == "True"


def test_sqlite_under_var_by_default_and_postgresql_from_database_url():
    default = settings_value("settings.DATABASES['default']['NAME']", DEBUG="1").stdout.strip()
    assert default == str(ROOT / "var" / "db.sqlite3")
    engine = settings_value(
        "settings.DATABASES['default']['ENGINE']",
        DEBUG="1",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
    ).stdout.strip()
    assert engine == "django.db.backends.postgresql"


def test_bulgarian_locale_and_sofia_time():
    out = settings_value(
        "settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ", DEBUG="1"
    ).stdout
    assert out.strip() == "bg Europe/Sofia True"


def test_var_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "var/" in ignored and ".venv/" in ignored


def deploy_check(**env):
    """`manage.py check --deploy` as `make check-deploy` runs it, with more variables set."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}  # nothing of the tests' own settings
    clean_env = {k: v for k, v in os.environ.items() if k in keep}
    clean_env.update(SECRET_KEY="deploy-check-" + "q7Zr" * 12, ALLOWED_HOSTS="example.org", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean_env, capture_output=True, text=True,
    )  # fmt: skip


def test_the_deployment_checks_pass_with_a_complete_production_environment():
    result = deploy_check(
        BEHIND_TLS_PROXY="1",
        RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP",
        WEB_CONCURRENCY="3",
        REDIS_URL="redis://127.0.0.1:6379/0",  # not connected to by the checks
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"BEHIND_TLS_PROXY": "1"},
            "(core.E001) BEHIND_TLS_PROXY=1 is set but RATELIMIT_IP_META_KEY is not",
        ),
        (
            {"BEHIND_TLS_PROXY": "1", "RATELIMIT_IP_META_KEY": "X-Real-IP"},
            "(core.E002) RATELIMIT_IP_META_KEY='X-Real-IP' is not a header name",
        ),
        (
            {"BEHIND_TLS_PROXY": "1", "RATELIMIT_IP_META_KEY": "HTTP_X_FORWARDED_FOR"},
            "(core.E002) RATELIMIT_IP_META_KEY=HTTP_X_FORWARDED_FOR: X-Forwarded-For is a list",
        ),
        (
            {"WEB_CONCURRENCY": "4"},
            "(core.E003) WEB_CONCURRENCY=4 server processes but no shared cache (REDIS_URL",
        ),
        (
            {"MEDIA_ROOT": "/srv/site/media", "PRIVATE_MEDIA_ROOT": "/srv/site/media/private"},
            "(core.E004) PRIVATE_MEDIA_ROOT (/srv/site/media/private) and MEDIA_ROOT",
        ),
    ],
    ids=["proxy-without-address-header", "header-not-in-meta-form", "x-forwarded-for",
         "workers-without-redis", "private-inside-media"],
)  # fmt: skip
def test_the_deployment_checks_refuse_settings_that_do_not_go_together(env, message):
    result = deploy_check(**env)
    assert result.returncode == 1
    assert message in result.stderr
    assert "HINT:" in result.stderr
