"""Settings come from the environment with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

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
