"""tests/postgres.py: skip locally without PostgreSQL, fail under CI=true, fresh database per use."""

from __future__ import annotations

import pytest

from tests import postgres


def test_without_the_variable_postgres_tests_skip_with_the_reason(monkeypatch):
    monkeypatch.delenv(postgres.ENV_VAR, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=postgres.ENV_VAR):
        postgres.admin_url()


def test_without_the_variable_under_ci_postgres_tests_fail(monkeypatch):
    monkeypatch.delenv(postgres.ENV_VAR, raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        postgres.admin_url()


@pytest.mark.postgres
def test_fresh_database_is_created_empty_and_dropped_afterwards():
    import psycopg

    admin = postgres.admin_url()
    with postgres.fresh_database(admin) as url:
        name = url.rsplit("/", 1)[1]
        assert name.startswith("test_")
        with psycopg.connect(url) as conn:
            assert (
                conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
            )
            conn.execute("CREATE TABLE left_open (x int)")  # a connection still open at drop time
            with psycopg.connect(admin, autocommit=True) as check:
                exists = check.execute(
                    "SELECT count(*) FROM pg_database WHERE datname = %s", (name,)
                ).fetchone()[0]
            assert exists == 1
            held = psycopg.connect(url)
    try:
        with psycopg.connect(admin, autocommit=True) as check:
            assert (
                check.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,)).fetchone()[0]
                == 0
            )
    finally:
        held.close()
