"""Secrets in odd shapes never come back: not in a 422 that quotes the input, not in the access log
(URL-encoded), and a name that is a secret without its prefix or in capitals is refused."""

from __future__ import annotations

import logging
from urllib.parse import quote, unquote

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind

from .helpers import bearer, generate, is_problem


def test_a_secret_split_by_zero_width_characters_is_not_echoed(server, http):
    session = server.sign_in("acme", "alice")
    secret = new_secret(TokenKind.API)
    hidden = "\u200b".join(secret[i : i + 2] for i in range(0, len(secret), 2))
    for param in ("status", "kind", "format"):
        response = http.get("/t/acme/api/v1/tokens", params={param: hidden}, headers=bearer(session))
        text = is_problem(response, 422)["detail"].replace("\u200b", "")
        assert secret[8:14] not in text and secret[20:26] not in text and secret[-6:] not in text


def test_the_access_log_never_holds_a_url_encoded_secret(server, http, caplog):
    session = server.sign_in("acme", "alice")
    secret = generate(http, "acme", session)["secret"]
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    for shaped in (quote(secret, safe=""), "".join(f"%{b:02X}" for b in secret.encode()), secret):
        http.get(f"/t/acme/api/v1/tokens?search={shaped}", headers=bearer(session))
    # decoded: an encoded secret in a log is as good as a plain one to whoever reads the log
    lines = [unquote(unquote(r.getMessage())) for r in caplog.records if r.name == "uvicorn.access"]
    assert len(lines) >= 3
    body = secret[len("tdk_api_") :]
    assert all(body[:10] not in line and body[-10:] not in line for line in lines)


def test_names_that_are_secrets_in_disguise_are_refused(server, http):
    session = server.sign_in("acme", "alice")
    secret = new_secret(TokenKind.API)
    body = secret[len("tdk_api_") :]
    for name in (body, secret.upper(), "TDK_API_" + body, body.upper()):
        response = http.post(
            "/t/acme/api/v1/tokens", headers=bearer(session), json={"name": name, "privileges": "read"}
        )
        detail = is_problem(response, 422)["detail"]
        assert body[:10] not in detail and body[:10].upper() not in detail
    assert http.get("/t/acme/api/v1/tokens", headers=bearer(session)).json()["items"] == []
