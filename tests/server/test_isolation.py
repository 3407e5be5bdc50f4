"""Nothing crosses tenants: ids answer 404, tokens 401, lists and audit stay per tenant."""

from __future__ import annotations

from .helpers import bearer, generate, is_problem, token_auth


def test_tenants_do_not_see_or_touch_each_others_tokens(server, http):
    acme = server.sign_in("acme", "alice", "global_admin")
    globex = server.sign_in("globex", "alice", "global_admin")  # same username, other tenant
    theirs = generate(http, "globex", globex, name="globex script")
    mine = generate(http, "acme", acme, name="acme script")

    assert [t["id"] for t in http.get("/t/acme/api/v1/tokens", headers=bearer(acme)).json()["items"]] == [
        mine["id"]
    ]
    is_problem(http.get(f"/t/acme/api/v1/tokens/{theirs['id']}", headers=bearer(acme)), 404)
    is_problem(http.delete(f"/t/acme/api/v1/tokens/{theirs['id']}", headers=bearer(acme)), 404)
    bulk = http.post("/t/acme/api/v1/tokens/revoke", headers=bearer(acme), json={"ids": [theirs["id"]]})
    assert bulk.json() == {"revoked": [], "not_found": [theirs["id"]]}
    # still alive and working in its own tenant
    assert http.get("/t/globex/api/v1/alerts/", headers=token_auth(theirs["secret"])).status_code == 200
    is_problem(http.get("/t/acme/api/v1/alerts/", headers=token_auth(theirs["secret"])), 401)
    # closing an alert in one tenant leaves the other's alone
    writer = generate(http, "acme", acme, name="writer", privileges="read_write")["secret"]
    assert http.post("/t/acme/api/v1/alerts/1/close/", headers=token_auth(writer)).status_code == 200
    assert (
        http.get("/t/globex/api/v1/alerts/1/", headers=token_auth(theirs["secret"])).json()["status"]
        == "open"
    )
    assert all(e.tenant == "acme" for e in server.store.audit.events("acme"))
    assert not [e for e in server.store.audit.events("globex") if mine["id"] in (e.target or "")]


def test_unknown_routes_and_methods_answer_problem_json(http):
    is_problem(http.get("/nowhere"), 404)
    is_problem(http.put("/healthz"), 405)


def test_healthz(http):
    response = http.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
