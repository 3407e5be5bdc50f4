"""PostgreSQL for tests: a fresh database per test on the server named by DESKTOP_APP_TEST_POSTGRES_URL.

    from tests.postgres import postgres_url        # fixture: "postgresql://.../test_<random>"
    with fresh_database(admin_url) as url: ...     # the same as a context manager

When the variable is unset the test skips with the reason — unless CI=true, where it fails.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV_VAR = "DESKTOP_APP_TEST_POSTGRES_URL"


def admin_url() -> str:
    """The admin URL, or skip (locally) / fail (CI=true) the calling test when there is none."""
    url = os.environ.get(ENV_VAR, "").strip()
    if url:
        return url
    reason = (
        f"{ENV_VAR} is not set: start PostgreSQL (see .ci/run) and set it, e.g. "
        "postgresql://postgres@127.0.0.1:55432/postgres"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(reason)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@contextmanager
def fresh_database(admin: str) -> Iterator[str]:
    """CREATE DATABASE test_<random>, yield its URL, then drop it (closing whatever is still connected)."""
    import psycopg

    name = f"test_{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database URL for this test."""
    with fresh_database(admin_url()) as url:
        yield url
