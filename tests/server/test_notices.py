"""`GET /t/{tenant}/api/v1/notices`: a token's owner hears that it was revoked as leaked (naming the
token and the URL), auto-revoked for inactivity, or expires within the warning lead time; others do
not, full admins hear all; the cursor gives each audit notice once."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.core.policy import DEFAULT_POLICY
from desktop_app.server.models import iso_from_micros, to_micros

from .helpers import bearer, generate, is_problem, token_auth

NOTICES = "/t/acme/api/v1/notices"


def _notices(http, session, since=None) -> dict:
    response = http.get(
        NOTICES, params={"since": since} if since is not None else {}, headers=bearer(session)
    )
    assert response.status_code == 200, response.text
    return response.json()


def _set_expiry(store, token_id: str, moment) -> None:
    with store.db.connection_context():
        m = store.models
        m.Token.update(expires_at=to_micros(moment)).where(m.Token.id == token_id).execute()


def test_the_owner_hears_of_a_leak_once_and_nobody_else_but_full_admins(server, http):
    alice = server.sign_in("acme", "alice", "security_operator")
    bob = server.sign_in("acme", "bob", "security_operator")
    root = server.sign_in("acme", "root", "security_admin")
    leaked = generate(http, "acme", alice, name="deploy bot")
    generate(http, "acme", bob, name="bob's own")
    assert _notices(http, alice) == {"notices": [], "cursor": "0"}

    report = {"credentials": [leaked["secret"]], "url": "https://paste.example.test/raw/abc"}
    assert http.post("/api/v1/credentials/revoke", json=report).status_code == 202
    assert is_problem(http.get("/t/acme/api/v1/alerts/", headers=token_auth(leaked["secret"])), 401)

    first = _notices(http, alice)
    (notice,) = first["notices"]
    assert notice["kind"] == "leaked" and notice["token_id"] == leaked["id"]
    assert (
        notice["token_name"] == "deploy bot" and "url=https://paste.example.test/raw/abc" in notice["detail"]
    )
    assert notice["id"] == first["cursor"] and notice["at"] == iso_from_micros(to_micros(server.store.now()))
    assert _notices(http, bob)["notices"] == []
    assert [n["token_id"] for n in _notices(http, root)["notices"]] == [leaked["id"]]
    # shown once: after the cursor, nothing new
    assert _notices(http, alice, since=first["cursor"]) == {"notices": [], "cursor": first["cursor"]}


def test_an_inactivity_revoke_is_a_notice_and_an_ordinary_revoke_is_not(server, http):
    alice = server.sign_in("acme", "alice", "security_operator")
    idle = generate(http, "acme", alice, name="idle job")
    removed = generate(http, "acme", alice, name="removed by hand")
    store = server.store
    who = store.session_principal(alice)
    store.tokens.revoke(who, [removed["id"]])
    # what the inactivity auto-revoke (another part) writes: a token.revoke with reason=inactive
    with store.writing():
        store.db.execute_sql(
            f"UPDATE token SET revoked_at = {store.db.param} WHERE id = {store.db.param}",
            (to_micros(store.now()), idle["id"]),
        )
        store.audit.record_many(
            "token.revoke",
            [f"token {idle['id']} “idle job” of alice"],
            tenant_id=who.tenant_id,
            detail="reason=inactive days=90",
        )
    (notice,) = _notices(http, alice)["notices"]
    assert (notice["kind"], notice["token_id"], notice["token_name"]) == (
        "inactive_revoked",
        idle["id"],
        "idle job",
    )
    assert notice["detail"] == "reason=inactive days=90"


def test_tokens_expiring_within_the_lead_time_are_listed_while_they_do(server, http, clock):
    alice = server.sign_in("acme", "alice", "security_operator")
    bob = server.sign_in("acme", "bob", "security_operator")
    soon = generate(http, "acme", alice, name="soon")
    later = generate(http, "acme", alice, name="later")
    theirs = generate(http, "acme", bob, name="theirs")
    now = clock()
    warn = DEFAULT_POLICY.warn_days
    _set_expiry(server.store, soon["id"], now + timedelta(days=warn - 4))
    _set_expiry(server.store, later["id"], now + timedelta(days=warn + 3))
    _set_expiry(server.store, theirs["id"], now + timedelta(days=1))

    (notice,) = _notices(http, alice)["notices"]
    expires = now + timedelta(days=warn - 4)
    assert notice == {
        "id": f"expiring.{soon['id']}.{int(expires.timestamp())}",
        "at": iso_from_micros(to_micros(expires)),
        "kind": "expiring",
        "token_id": soon["id"],
        "token_name": "soon",
        "detail": iso_from_micros(to_micros(expires)),
    }
    clock.advance(days=5)  # "soon" has expired (no longer a warning), "later" is now within the lead time
    alice = server.store.create_session("acme", "alice")[0]
    assert [n["token_name"] for n in _notices(http, alice)["notices"]] == ["later"]


def test_the_inactivity_auto_revoke_is_announced_seven_days_ahead(server, http, clock):
    """SPEC rule 15: with auto-revoke after 30 days, a token quiet for 23 days is announced with the
    moment it will be revoked; a use moves that moment (a new notice id); with it off, nothing."""
    root = server.sign_in("acme", "root")
    quiet = generate(http, "acme", root, name="quiet")
    busy = generate(http, "acme", root, name="busy")
    assert http.put(
        "/t/acme/api/v1/policy", headers=bearer(root), json={"inactive_revoke_days": 30}
    ).is_success
    clock.advance(days=22)
    assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(busy["secret"])).status_code == 200
    root = server.store.create_session("acme", "root")[0]
    assert [n for n in _notices(http, root)["notices"] if n["kind"] == "inactive_soon"] == []  # 22 < 23 days
    clock.advance(days=1, minutes=1)
    root = server.store.create_session("acme", "root")[0]
    (notice,) = [n for n in _notices(http, root)["notices"] if n["kind"] == "inactive_soon"]
    generated = server.store.tokens.get(server.store.session_principal(root), quiet["id"]).created_at
    revoke_at = generated + timedelta(days=30)
    assert notice["token_name"] == "quiet" and notice["detail"] == iso_from_micros(to_micros(revoke_at))
    assert notice["id"] == f"inactive_soon.{quiet['id']}.{int(revoke_at.timestamp())}"
    assert http.put(
        "/t/acme/api/v1/policy", headers=bearer(root), json={"inactive_revoke_days": None}
    ).is_success
    assert [n for n in _notices(http, root)["notices"] if n["kind"] == "inactive_soon"] == []


def test_bad_cursor_or_no_session_is_refused(server, http):
    alice = server.sign_in("acme", "alice")
    assert (
        "since" in is_problem(http.get(NOTICES, params={"since": "-1"}, headers=bearer(alice)), 422)["detail"]
    )
    assert is_problem(http.get(NOTICES), 401)
