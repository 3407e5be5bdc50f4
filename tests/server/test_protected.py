"""The API tokens unlock: alerts under the tenant URL and the generic URL, 401/403 rules, last use."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind, parse_utc

from .helpers import bearer, generate, is_problem, token_auth


@pytest.fixture
def admin(server):
    return server.sign_in("acme", "alice", "global_admin")


def test_read_token_lists_and_reads_alerts_under_the_tenant_url(http, admin):
    secret = generate(http, "acme", admin)["secret"]
    listed = http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret))
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert len(items) >= 3 and {"id", "title", "severity", "status", "created_at", "closed_at"} <= set(
        items[0]
    )
    one = http.get(f"/t/acme/api/v1/alerts/{items[0]['id']}/", headers=token_auth(secret))
    assert one.status_code == 200 and one.json() == items[0]
    is_problem(http.get("/t/acme/api/v1/alerts/999/", headers=token_auth(secret)), 404)
    huge = "9" * 40
    is_problem(http.get(f"/t/acme/api/v1/alerts/{huge}/", headers=token_auth(secret)), 404)
    is_problem(http.get("/t/acme/api/v1/alerts/abc/", headers=token_auth(secret)), 404)


def test_generic_url_finds_the_tenant_from_the_token(server, http, admin):
    server.store.ensure_tenant("globex")
    secret = generate(http, "acme", admin)["secret"]
    generic = http.get("/api/v1/alerts/", headers=token_auth(secret))
    assert generic.status_code == 200
    assert generic.json() == http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).json()
    assert http.get("/api/v1/alerts/1/", headers=token_auth(secret)).status_code == 200


def test_closing_needs_read_write_and_alters_the_alert(http, admin):
    reader = generate(http, "acme", admin, name="reader", privileges="read")["secret"]
    writer = generate(http, "acme", admin, name="writer", privileges="read_write")["secret"]
    denied = http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(reader))
    assert denied.headers["www-authenticate"] == 'Token error="insufficient_scope"'
    assert "read + write" in is_problem(denied, 403)["detail"]
    assert http.get("/t/acme/api/v1/alerts/1/", headers=token_auth(reader)).json()["status"] == "open"
    closed = http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(writer))
    assert closed.status_code == 200 and closed.json()["status"] == "closed" and closed.json()["closed_at"]
    assert http.get("/t/acme/api/v1/alerts/1/", headers=token_auth(reader)).json()["status"] == "closed"
    assert http.post("/api/v1/alerts/2/close/", headers=token_auth(writer)).json()["status"] == "closed"
    is_problem(http.post(f"/api/v1/alerts/{'9' * 40}/close/", headers=token_auth(writer)), 404)


def test_missing_malformed_unknown_and_revoked_tokens_get_the_same_401(http, admin):
    token = generate(http, "acme", admin)
    assert http.delete(f"/t/acme/api/v1/tokens/{token['id']}", headers=bearer(admin)).status_code == 204
    typo = token["secret"][:-1] + ("x" if token["secret"][-1] != "x" else "y")
    cases = {
        "missing": {},
        "wrong scheme": {"Authorization": f"Bearer {token['secret']}"},
        "malformed": token_auth("not-a-token"),
        "typo": token_auth(typo),
        "unknown": token_auth(new_secret(TokenKind.API)),
        "revoked": token_auth(token["secret"]),
    }
    bodies = set()
    for headers in cases.values():
        response = http.get("/t/acme/api/v1/alerts/", headers=headers)
        is_problem(response, 401)
        assert response.headers["www-authenticate"] == 'Token error="invalid_token"'
        bodies.add(response.text)
    assert len(bodies) == 1


def test_a_valid_token_on_another_tenants_url_gets_401(server, http, admin):
    server.store.ensure_tenant("globex")
    secret = generate(http, "acme", admin)["secret"]
    response = http.get("/t/globex/api/v1/alerts/", headers=token_auth(secret))
    is_problem(response, 401)
    assert http.get("/t/nosuch/api/v1/alerts/", headers=token_auth(secret)).status_code == 401


def test_deprovisioned_owner_means_403_and_the_denial_is_audited(server, http):
    bob = server.sign_in("acme", "bob", "security_operator")
    token = generate(http, "acme", bob)
    server.store.deprovision("acme", "bob")
    response = http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"]))
    assert "deprovisioned" in is_problem(response, 403)["detail"]
    denied = [e for e in server.store.audit.events("acme") if e.action == "token.denied"]
    assert denied and token["id"] in denied[0].actor and denied[0].client_addr == "127.0.0.1"


def test_write_token_follows_its_owners_current_role(server, http):
    olga = server.sign_in("acme", "olga", "security_operator")
    secret = generate(http, "acme", olga, privileges="read_write")["secret"]
    assert http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(secret)).status_code == 200
    server.store.set_role("acme", "olga", "security_reader")
    is_problem(http.post("/t/acme/api/v1/alerts/2/close/", headers=token_auth(secret)), 403)
    assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
    server.store.set_role("acme", "olga", "security_operator")
    assert http.post("/t/acme/api/v1/alerts/2/close/", headers=token_auth(secret)).status_code == 200


@pytest.mark.parametrize("kind", ["siem_agent", "log_collector"])
def test_other_kinds_of_token_cannot_call_the_alerts_api(http, admin, kind):
    secret = generate(http, "acme", admin, kind=kind)["secret"]
    is_problem(http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)), 403)


def _last_used(http, admin, token_id):
    return http.get(f"/t/acme/api/v1/tokens/{token_id}", headers=bearer(admin)).json()["last_used_at"]


def test_first_use_is_recorded_at_once_later_ones_at_most_once_a_minute(server, http, admin, clock):
    token = generate(http, "acme", admin)
    first_use = clock()
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"]))
    assert parse_utc(_last_used(http, admin, token["id"])) == first_use.replace(microsecond=0)
    clock.advance(seconds=59)
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"]))
    assert parse_utc(_last_used(http, admin, token["id"])) == first_use.replace(microsecond=0)
    clock.advance(seconds=1)
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"]))
    assert parse_utc(_last_used(http, admin, token["id"])) == clock().replace(microsecond=0)


def _change_seq(store) -> int:
    with store.db.connection_context():
        return store.current_change_seq()


def test_coalescing_holds_across_many_calls_in_the_same_minute(server, http, admin, clock):
    token = generate(http, "acme", admin)
    before = _change_seq(server.store)
    for _ in range(20):
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"])).status_code == 200
        clock.advance(seconds=2)
    # 40 s of calls: only the first one was written (each write takes one change number)
    assert _change_seq(server.store) == before + 1
    assert parse_utc(_last_used(http, admin, token["id"])) == (clock() - timedelta(seconds=40)).replace(
        microsecond=0
    )


def test_a_use_never_revives_a_revoked_token(server, http, admin, clock):
    token = generate(http, "acme", admin)
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"]))
    used_at = _last_used(http, admin, token["id"])
    # the write a replica had decided on just before the revocation lands after it
    server.store.tokens.revoke(server.store.session_principal(admin), [token["id"]])
    clock.advance(minutes=5)
    server.store.tokens.record_use(token["id"], clock())
    with server.store.db.connection_context():
        row = server.store.models.Token.get_by_id(token["id"])
    assert row.revoked_at is not None and row.last_used_at == parse_utc(used_at)
    assert http.get(f"/t/acme/api/v1/tokens/{token['id']}", headers=bearer(admin)).status_code == 404
    assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"])).status_code == 401
    listed = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["items"]
    assert token["id"] not in {t["id"] for t in listed}


def test_revocation_takes_effect_on_another_replica_of_the_same_database(server, http, admin, clock):
    from tests.live_server import live_server

    token = generate(http, "acme", admin)
    with live_server(server.db_url, clock=clock) as replica, httpx.Client(base_url=replica.url) as other:
        assert other.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"])).status_code == 200
        assert http.delete(f"/t/acme/api/v1/tokens/{token['id']}", headers=bearer(admin)).status_code == 204
        assert other.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"])).status_code == 401


def test_repeated_bad_tokens_get_429_with_retry_after_without_locking_out_others(db_url, clock):
    from tests.live_server import live_server

    with live_server(db_url, clock=clock, token_failures=3, failure_window_seconds=60) as srv:
        session = srv.sign_in("acme", "alice")
        good_other = httpx.Client(base_url=srv.url, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
        with httpx.Client(base_url=srv.url) as http, good_other:
            secret = generate(http, "acme", session)["secret"]
            bad = token_auth(new_secret(TokenKind.API))
            for _ in range(3):
                assert http.get("/t/acme/api/v1/alerts/", headers=bad).status_code == 401
            limited = http.get("/t/acme/api/v1/alerts/", headers=bad)
            assert is_problem(limited, 429)
            assert 1 <= int(limited.headers["retry-after"]) <= 60
            # a valid token is never refused by the limit, from this client or another
            assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
            assert good_other.get("/t/acme/api/v1/alerts/", headers=bad).status_code == 401
            clock.advance(seconds=61)
            assert http.get("/t/acme/api/v1/alerts/", headers=bad).status_code == 401


def test_with_a_digest_key_the_database_holds_keyed_digests(db_url, clock):
    from desktop_app.core.secrets import secret_digest
    from tests.live_server import live_server

    key = b"replica-shared key"
    with live_server(db_url, clock=clock, digest_key=key) as srv, httpx.Client(base_url=srv.url) as http:
        token = generate(http, "acme", srv.sign_in("acme", "alice"))
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(token["secret"])).status_code == 200
        with srv.store.db.connection_context():
            stored = srv.store.models.Token.get_by_id(token["id"]).digest
    assert stored == secret_digest(token["secret"], key) != secret_digest(token["secret"])


@pytest.mark.postgres
def test_token_checks_survive_dropped_database_connections(postgres_url, clock):
    """A PostgreSQL restart or an idle timeout drops connections: the next call reconnects."""
    import psycopg

    from tests.live_server import live_server

    with live_server(postgres_url, clock=clock) as srv, httpx.Client(base_url=srv.url) as http:
        session = srv.sign_in("acme", "alice")
        secret = generate(http, "acme", session)["secret"]
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
        dbname = postgres_url.rsplit("/", 1)[1]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()) k",
                (dbname,),
            ).fetchone()[0]
        assert killed >= 1
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
        assert http.get("/t/acme/api/v1/alerts/1/", headers=token_auth(secret)).status_code == 200
        assert http.get("/t/acme/api/v1/tokens", headers=bearer(session)).status_code == 200
        assert http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(secret)).status_code == 403


def test_many_concurrent_token_checks_all_succeed(server, http, admin):
    from concurrent.futures import ThreadPoolExecutor

    secret = generate(http, "acme", admin)["secret"]

    def calls(_):
        with httpx.Client(base_url=server.url, timeout=30) as client:
            return [
                client.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code
                for _ in range(25)
            ]

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = [s for batch in pool.map(calls, range(12)) for s in batch]
    assert statuses == [200] * 300
