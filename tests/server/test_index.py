"""`/t/{tenant}/` and `/t/{tenant}/api/v1/` answer a JSON index without a token;
the example it gives works."""

from __future__ import annotations

import pytest

from .helpers import bearer, generate, is_problem


@pytest.mark.parametrize("path", ["/t/acme", "/t/acme/", "/t/acme/api/v1", "/t/acme/api/v1/"])
def test_the_tenant_api_url_answers_an_index_without_a_token(server, http, path):
    server.store.ensure_tenant("acme")
    response = http.get(path, follow_redirects=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["api_base"] == f"{server.url}/t/acme/api/v1"
    assert body["authentication"]["header"] == "Authorization: Token <secret>"
    assert body["endpoints"]["alerts"]["url"] == f"{server.url}/t/acme/api/v1/alerts/"
    assert body["example"] == f'curl -H "Authorization: Token $TOKEN" {server.url}/t/acme/api/v1/alerts/'


def test_the_example_in_the_index_works_with_a_token(server, http):
    admin = server.sign_in("acme", "alice", "global_admin")
    secret = generate(http, "acme", admin)["secret"]
    url = http.get("/t/acme/").json()["endpoints"]["alerts"]["url"]
    assert http.get(url, headers={"Authorization": f"Token {secret}"}).status_code == 200
    assert http.get(url).status_code == 401
    assert secret not in http.get("/t/acme/", headers=bearer(admin)).text


def test_an_unknown_tenant_has_no_index(http):
    is_problem(http.get("/t/nosuch/"), 404)
