"""`POST /t/{tenant}/api/v1/tokens/revoke` by criteria: every token of deprovisioned owners, any number
(SQLite file and PostgreSQL), audited per token; the `ids` form keeps working beside it."""

from __future__ import annotations

from desktop_app.server.revoke_criteria import CHUNK
from tests.seed_tokens import owner_name, seed_tokens

from .helpers import bearer, generate, is_problem

URL = "/t/acme/api/v1/tokens/revoke"


def _live(server) -> dict[str, tuple[str, str]]:
    rows = server.store.db.execute_sql(
        "SELECT t.id, t.kind, u.username FROM token t JOIN app_user u ON u.id = t.owner_id "
        "WHERE t.revoked_at IS NULL"
    ).fetchall()
    return {tid: (kind, owner) for tid, kind, owner in rows}


def test_criteria_revokes_every_deprovisioned_token_beyond_one_chunk_and_audits_each(server, http):
    admin = server.sign_in("acme", "alice", "global_admin")
    # 10 owners, 3 of them deprovisioned: 3/10 of 8,000 = 2,400 tokens, more than two chunks
    seed_tokens(server.store, "acme", 8000, owners=10, deprovisioned=3)
    before = _live(server)
    doomed = {tid for tid, (_, owner) in before.items() if owner in {owner_name(n) for n in range(3)}}
    assert len(doomed) == 2400 > 2 * CHUNK
    response = http.post(URL, headers=bearer(admin), json={"owner_deprovisioned": True})
    assert response.status_code == 200, response.text
    assert response.json() == {"revoked": 2400}
    after = _live(server)
    assert set(after) == set(before) - doomed
    audited = [e for e in server.store.audit.events("acme", limit=10_000) if e.action == "token.revoke"]
    assert len(audited) == 2400
    assert {e.target.split()[1] for e in audited} == doomed
    assert all(e.actor == "alice" and e.client_addr == "127.0.0.1" for e in audited)
    # nothing left to revoke: idempotent
    assert http.post(URL, headers=bearer(admin), json={"owner_deprovisioned": True}).json() == {"revoked": 0}


def test_criteria_with_a_kind_revokes_only_that_kind(server, http):
    admin = server.sign_in("acme", "alice", "global_admin")
    seed_tokens(server.store, "acme", 400, owners=4, deprovisioned=1)  # user000 holds 100 of all kinds
    before = _live(server)
    siem = {tid for tid, (kind, owner) in before.items() if owner == owner_name(0) and kind == "siem_agent"}
    assert 0 < len(siem) < 100
    response = http.post(URL, headers=bearer(admin), json={"owner_deprovisioned": True, "kind": "siem_agent"})
    assert response.json() == {"revoked": len(siem)}
    assert set(_live(server)) == set(before) - siem


def test_criteria_revokes_only_what_the_caller_may_revoke(server, http):
    alice = server.sign_in("acme", "alice", "global_admin")
    bob = server.sign_in("acme", "bob", "security_operator")
    mine = generate(http, "acme", bob, name="bob's")
    carol = server.sign_in("acme", "carol", "security_operator")
    theirs = generate(http, "acme", carol, name="carol's")
    server.store.deprovision("acme", "carol")
    # bob is no full admin: carol's token is not his to revoke, and his own owner is not deprovisioned
    assert http.post(URL, headers=bearer(bob), json={"owner_deprovisioned": True}).json() == {"revoked": 0}
    assert set(_live(server)) == {mine["id"], theirs["id"]}
    assert http.post(URL, headers=bearer(alice), json={"owner_deprovisioned": True}).json() == {"revoked": 1}
    assert set(_live(server)) == {mine["id"]}


def test_criteria_body_is_checked(http, server):
    admin = server.sign_in("acme", "alice", "global_admin")
    assert "owner_deprovisioned" in is_problem(http.post(URL, headers=bearer(admin), json={}), 422)["detail"]
    is_problem(http.post(URL, headers=bearer(admin), json={"owner_deprovisioned": False}), 422)
    response = http.post(URL, headers=bearer(admin), json={"owner_deprovisioned": True, "kind": "x"})
    body = is_problem(response, 422)
    assert "siem_agent" in body["detail"]
    is_problem(http.post(URL, json={"owner_deprovisioned": True}), 401)
