"""Canary: a secret and a session token, after a full life (generate, use, fail, introspect, revoke),
appear nowhere — not in the database (file, WAL or rows), the logs, the audit log or any error body."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from desktop_app.server.db import is_postgres_url, sqlite_path

from .helpers import bearer, token_auth

PASSWORD = "canary password 7f3a"


def _database_text(server) -> bytes:
    """Everything the database holds: the SQLite file and its WAL/SHM, or every PostgreSQL row as text."""
    if not is_postgres_url(server.db_url):
        path = sqlite_path(server.db_url)
        files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
        assert files[0].exists() and files[1].exists()  # WAL mode: the log is there to be scanned too
        return b"".join(f.read_bytes() for f in files if f.exists())
    import psycopg

    chunks = []
    with psycopg.connect(server.db_url) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        ]
        assert {"token", "user_session", "audit_event"} <= set(tables)
        for table in tables:
            chunks += [r[0].encode() for r in conn.execute(f'SELECT t::text FROM "{table}" t').fetchall()]
    return b"\n".join(chunks)


def test_secret_and_session_token_never_stored_logged_or_echoed(server, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    server.store.ensure_tenant("acme")
    server.store.ensure_user("acme", "alice", "global_admin", password=PASSWORD)
    bodies: list[str] = []
    with httpx.Client(base_url=server.url) as http:

        def call(method, path, **kwargs):
            response = http.request(method, path, **kwargs)
            if method != "POST" or not path.endswith(("/tokens", "/session")) or response.status_code >= 400:
                bodies.append(response.text)  # every body except the two that must carry the secrets
            return response

        session = call(
            "POST", "/t/acme/api/v1/session", json={"username": "alice", "password": PASSWORD}
        ).json()["session_token"]
        created = call(
            "POST",
            "/t/acme/api/v1/tokens",
            headers=bearer(session),
            json={"name": "canary", "privileges": "read"},
        ).json()
        secret = created["secret"]
        body = secret[len("tdk_api_") :]
        assert call("GET", "/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 200
        call("POST", "/t/acme/api/v1/alerts/1/close/", headers=token_auth(secret))  # 403: read only
        call("GET", "/t/acme/api/v1/alerts/", headers=token_auth(secret[:-2]))  # truncated: 401
        call("GET", "/t/acme/api/v1/alerts/?token=" + secret)  # misplaced in the query string: 401
        call(
            "POST",
            "/t/acme/api/v1/tokens",
            headers=bearer(session),
            json={"name": secret, "privileges": "read"},
        )
        call(
            "POST",
            "/t/acme/api/v1/tokens",
            headers=bearer(session),
            json={"name": ["x"], "privileges": secret},
        )
        call("POST", "/t/acme/api/v1/introspect", headers=bearer(session), data={"token": secret})
        call("GET", "/t/acme/api/v1/tokens", headers=bearer(session))
        call("DELETE", f"/t/acme/api/v1/tokens/{created['id']}", headers=bearer(session))
        assert call("GET", "/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 401
        call("GET", "/t/acme/api/v1/session", headers=bearer(session))
        call("DELETE", "/t/acme/api/v1/session", headers=bearer(session))
        call("GET", "/t/acme/api/v1/session", headers=bearer(session))  # 401 after sign-out

    needles = {
        "secret": secret,
        "secret body": body,
        "session token": session,
        "session body": session[len("tds_") :],
    }
    audit = server.store.audit.events("acme")
    assert {"token.generate", "token.revoke", "token.rejected", "token.denied", "session.sign_in"} <= {
        e.action for e in audit
    }
    database = _database_text(server)
    assert created["id"].encode() in database
    _assert_nowhere(needles, caplog, capfd, audit, database, bodies, seen_path="/t/acme/api/v1/alerts/")


def _assert_nowhere(
    needles, caplog, capfd, audit, database: bytes, bodies: list[str], seen_path: str
) -> None:
    """No needle in the service's logs, stdout/stderr, the audit log, the database or a response body."""
    # The scans must look at something real: the logs saw the calls, the audit saw the token's life.
    # Every logger in the process except the test's own HTTP client (httpx/httpcore log the URLs it sends).
    service_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    log_text = "\n".join(f"{r.name} {r.getMessage()}" for r in service_records)
    assert any(r.name == "uvicorn.access" for r in service_records)
    assert any(r.name == "peewee" for r in service_records)  # the SQL debug log, parameters included
    assert seen_path in log_text
    audit_text = "\n".join(repr(e) for e in audit)
    captured = capfd.readouterr()
    streams = captured.out + captured.err
    for what, needle in needles.items():
        assert needle not in log_text, f"{what} in the logs"
        assert needle not in streams, f"{what} on stdout/stderr"
        assert needle not in audit_text, f"{what} in the audit log"
        assert needle.encode() not in database, f"{what} in the database"
        for text in bodies:
            assert needle not in text, f"{what} in a response body"


def test_an_identified_and_a_reported_secret_leave_no_trace(server, caplog, capfd):
    """A full admin pastes a secret to identify it (and a malformed copy), then a scanner reports it
    with a URL that itself holds the secret: neither the secret nor the session is kept anywhere."""
    caplog.set_level(logging.DEBUG)
    session = server.sign_in("acme", "alice")
    secret = server.store.tokens.generate(server.store.session_principal(session), "canary", "read")[1]
    bodies: list[str] = []
    with httpx.Client(base_url=server.url) as http:
        for pasted in (secret, secret[:-1], secret + "x"):
            bodies.append(
                http.post(
                    "/t/acme/api/v1/tokens/identify", headers=bearer(session), json={"secret": pasted}
                ).text
            )
        url = f"https://paste.example.test/raw?token={secret}"
        for path in ("/api/v1/credentials/revoke", "/t/acme/api/v1/credentials/revoke"):
            bodies.append(http.post(path, json={"credentials": [secret, secret[:-1]], "url": url}).text)
        bodies.append(http.get("/t/acme/api/v1/audit", headers=bearer(session)).text)
        bodies.append(http.get("/t/acme/api/v1/audit?format=csv", headers=bearer(session)).text)
        bodies.append(http.get("/t/acme/api/v1/notices", headers=bearer(session)).text)
        assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret)).status_code == 401
    audit = server.store.audit.events("acme")
    actions = [e.action for e in audit]
    assert actions.count("token.identify") == 1 and "token.revoke" in actions  # the malformed ones: 422
    assert any("url=https://paste.example.test/raw?token=" in (e.detail or "") for e in audit)
    assert any("reason=leaked" in text for text in bodies)  # the audit answers were read
    needles = {"secret": secret, "secret body": secret[len("tdk_api_") :], "session token": session}
    database = _database_text(server)
    _assert_nowhere(needles, caplog, capfd, audit, database, bodies, seen_path="/api/v1/credentials/revoke")


def test_every_service_module_logs_through_the_redacting_logger(server, caplog):
    import desktop_app.server.routes.tokens as token_routes
    from desktop_app.core.secrets import new_secret
    from desktop_app.core.tokens import TokenKind

    caplog.set_level(logging.DEBUG)
    secret = new_secret(TokenKind.API)
    token_routes.log.error("streamed token list failed near %s", secret)
    assert caplog.records and secret not in caplog.text
