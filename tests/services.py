"""Services some tests need (Redis). Without one they skip, except in CI (CI=true), where a
missing service is a failure: `.ci/run` starts it."""

import os
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
