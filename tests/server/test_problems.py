"""No input gives a 500 (deep nesting, huge ids, NUL characters); a 500 closes its connection;
storage failures answer 503 with Retry-After; /healthz reports the database, /livez does not ask it."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.server.store import TokenStore
from tests.live_server import TEST_PASSWORD_HASHER, live_server
from tests.postgres import admin_url, fresh_database

from .helpers import bearer, generate, is_problem, token_auth


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def test_deeply_nested_json_to_introspect_is_not_a_server_error(server, http, admin):
    # 2,000 levels fit in the 4 KiB introspect reads and are past json's recursion limit
    deep = '{"token": ' + "[" * 2000 + "]" * 2000 + "}"
    json_type = {"Content-Type": "application/json"}
    is_problem(http.post("/t/acme/api/v1/introspect", content=deep, headers=json_type), 401)
    answer = http.post("/t/acme/api/v1/introspect", content=deep, headers={**bearer(admin), **json_type})
    assert answer.status_code == 200 and answer.json() == {"active": False}
    body = http.post(
        "/t/acme/api/v1/tokens",
        content='{"name": ' + "[" * 20_000 + "]" * 20_000 + "}",
        headers={**bearer(admin), **json_type},
    )
    assert 400 <= body.status_code < 500 and body.headers["content-type"] == "application/problem+json"


def test_an_alert_id_of_thousands_of_digits_is_a_404_on_every_alerts_route(server, http, admin):
    secret = generate(http, "acme", admin, privileges="read_write")["secret"]
    huge = "9" * 4301
    for method, path in (
        ("GET", f"/t/acme/api/v1/alerts/{huge}/"),
        ("POST", f"/t/acme/api/v1/alerts/{huge}/close/"),
        ("GET", f"/api/v1/alerts/{huge}/"),
        ("POST", f"/api/v1/alerts/{huge}/close/"),
    ):
        is_problem(http.request(method, path, headers=token_auth(secret)), 404)


def test_nul_characters_are_client_errors(server, http, admin):
    signed = http.post("/t/acme/api/v1/session", json={"username": "ali\x00ce", "password": "whatever it is"})
    assert is_problem(signed, 401)["detail"] == "Wrong username or password."
    is_problem(http.get("/t/acme/api/v1/tokens/%00", headers=bearer(admin)), 404)
    is_problem(http.delete("/t/acme/api/v1/tokens/ab%00cd", headers=bearer(admin)), 404)
    token = generate(http, "acme", admin)
    long_id = "a" * 40
    bulk = http.post(
        "/t/acme/api/v1/tokens/revoke",
        headers=bearer(admin),
        json={"ids": ["\x00", long_id, token["id"], token["id"]]},
    )
    assert bulk.status_code == 200
    assert bulk.json() == {"revoked": [token["id"]], "not_found": ["\x00", long_id]}
    listed = http.get("/t/acme/api/v1/tokens", params={"search": "a\x00"}, headers=bearer(admin))
    assert listed.status_code == 200


def test_bulk_revoke_counts_distinct_ids_against_its_limit(server, http, admin):
    same = http.post("/t/acme/api/v1/tokens/revoke", headers=bearer(admin), json={"ids": ["abc"] * 1500})
    assert same.status_code == 200 and same.json() == {"revoked": [], "not_found": ["abc"]}
    many = http.post(
        "/t/acme/api/v1/tokens/revoke", headers=bearer(admin), json={"ids": [f"{i:x}" for i in range(1001)]}
    )
    assert is_problem(many, 422)


def test_a_500_closes_its_connection_and_the_next_request_still_works(sqlite_url, clock):
    with live_server(sqlite_url, clock=clock) as srv:

        async def boom():
            raise RuntimeError("a bug")

        srv.app.add_api_route("/boom", boom)
        with httpx.Client(base_url=srv.url) as http:
            failed = http.get("/boom")
            assert is_problem(failed, 500)
            assert failed.headers["connection"] == "close"
            assert http.get("/livez").status_code == 200


def test_healthz_reports_the_database_and_livez_does_not_ask_it(server, http):
    assert http.get("/healthz").json() == {"status": "ok", "database": "ok"}
    assert http.get("/livez").json() == {"status": "ok"}


def _read_only_store(url: str, clock) -> TokenStore:
    """The database as a full disk leaves it: reads work, every write fails."""
    store = TokenStore.open(url, clock=clock, password_hasher=TEST_PASSWORD_HASHER)
    store.close()  # connections opened from here on refuse to write
    store.db._pragmas = [*store.db._pragmas, ("query_only", 1)]
    return store


def test_a_database_that_cannot_be_written_answers_503_and_token_checks_still_answer(sqlite_url, clock):
    seeded = TokenStore.open(sqlite_url, clock=clock)
    seeded.ensure_tenant("acme")
    seeded.ensure_user("acme", "alice", "global_admin")
    session = seeded.create_session("acme", "alice")[0]
    from desktop_app.core.roles import Privileges

    secret = seeded.tokens.generate(seeded.session_principal(session), "script", Privileges.READ)[1]
    seeded.close()
    with (
        live_server(sqlite_url, store=_read_only_store(sqlite_url, clock)) as srv,
        httpx.Client(base_url=srv.url) as http,
    ):
        full = http.post(
            "/t/acme/api/v1/tokens", headers=bearer(session), json={"name": "x", "privileges": "read"}
        )
        assert is_problem(full, 503)["type"].endswith("/storage-unavailable")
        assert int(full.headers["retry-after"]) >= 1
        # a bad token is still a 401 although its denial cannot be audited; a good one still works
        assert is_problem(
            http.get("/t/acme/api/v1/alerts/", headers=token_auth(new_secret(TokenKind.API))), 401
        )
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200


@pytest.mark.postgres
def test_postgresql_down_answers_503_and_healthz_says_so(clock):
    import psycopg

    admin = admin_url()
    with fresh_database(admin) as url:
        name = urlsplit(url).path.lstrip("/")
        with live_server(url, clock=clock) as srv, httpx.Client(base_url=srv.url) as http:
            session = srv.sign_in("acme", "alice")
            secret = generate(http, "acme", session)["secret"]
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
                )
            try:
                for response in (
                    http.get("/t/acme/api/v1/session", headers=bearer(session)),
                    http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)),
                    http.get("/healthz"),
                ):
                    assert is_problem(response, 503) and response.headers["retry-after"]
                assert http.get("/livez").status_code == 200
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
