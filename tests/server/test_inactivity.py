"""Inactivity auto-revoke (SPEC rule 15) on SQLite and PostgreSQL: two replicas sweeping the same
database revoke (and audit) each idle token exactly once; the service sweeps on start."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from desktop_app.server.inactivity import revoke_inactive
from desktop_app.server.store import TokenStore
from tests.live_server import live_server

from .helpers import bearer, generate, token_auth

ALERTS = "/t/acme/api/v1/alerts/"


@pytest.fixture
def server(db_url, clock):
    """The live service with sessions lasting longer than the time these tests move the clock."""
    with live_server(db_url, clock=clock, session_ttl_seconds=500 * 86_400) as srv:
        yield srv


def _set_policy(http, session, days):
    response = http.put("/t/acme/api/v1/policy", headers=bearer(session), json={"inactive_revoke_days": days})
    assert response.status_code == 200, response.text


def _inactive_revocations(store):
    return [
        e for e in store.audit.events("acme") if e.action == "token.revoke" and "reason=inactive" in e.detail
    ]


def test_two_replicas_revoke_each_idle_token_once(server, http, clock):
    admin = server.sign_in("acme", "alice")
    idle = [generate(http, "acme", admin, name=f"idle {n}") for n in range(30)]
    busy = generate(http, "acme", admin, name="busy")
    agent = generate(http, "acme", admin, name="agent", kind="siem_agent")  # every kind is swept
    cursor = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["cursor"]
    _set_policy(http, admin, 60)
    clock.advance(days=50)
    assert http.get(ALERTS, headers=token_auth(busy["secret"])).status_code == 200  # last use: day 50
    clock.advance(days=11)  # day 61: the others unused for 61 days, busy for 11
    replicas = [TokenStore.open(server.db_url, clock=clock) for _ in range(2)]
    try:
        start = threading.Barrier(2)
        counts: list[int] = []

        def sweep(store):
            start.wait()
            counts.append(revoke_inactive(store))

        threads = [threading.Thread(target=sweep, args=(r,)) for r in replicas]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        for replica in replicas:
            replica.close()
    assert len(counts) == 2 and sum(counts) == len(idle) + 1
    events = _inactive_revocations(server.store)
    targets = sorted(e.target for e in events)
    assert len(targets) == len(set(targets)) == len(idle) + 1
    assert all(e.detail == "reason=inactive days=60" for e in events)
    assert http.get(ALERTS, headers=token_auth(busy["secret"])).status_code == 200
    assert http.get(ALERTS, headers=token_auth(idle[0]["secret"])).status_code == 401
    admin = server.sign_in("acme", "alice")  # the first session has long expired
    delta = http.get("/t/acme/api/v1/tokens", headers=bearer(admin), params={"changed_since": cursor}).json()
    assert {*[t["id"] for t in idle]} <= set(delta["removed"])
    kinds = {"kind": "siem_agent"}
    assert (
        agent["id"]
        in http.get(
            "/t/acme/api/v1/tokens", headers=bearer(admin), params={"changed_since": cursor, **kinds}
        ).json()["removed"]
    )


def test_off_by_default_and_after_turning_it_off(server, http, clock):
    admin = server.sign_in("acme", "alice")
    generate(http, "acme", admin)
    clock.advance(days=400)
    assert revoke_inactive(server.store) == 0
    admin = server.sign_in("acme", "alice")
    _set_policy(http, admin, 30)
    _set_policy(http, admin, None)
    assert revoke_inactive(server.store) == 0 and _inactive_revocations(server.store) == []


def test_a_token_never_used_counts_from_its_generation(server, http, clock):
    admin = server.sign_in("acme", "alice")
    generate(http, "acme", admin, name="old")
    _set_policy(http, admin, 10)
    clock.advance(days=9)
    young = generate(http, "acme", admin, name="young")
    clock.advance(days=1)  # the first token: 10 days since generation; the second: 1 day
    assert revoke_inactive(server.store) == 1
    admin = server.sign_in("acme", "alice")
    listed = http.get("/t/acme/api/v1/tokens", headers=bearer(admin)).json()["items"]
    assert [item["id"] for item in listed] == [young["id"]]


def test_the_service_sweeps_on_start(db_url, clock):
    with live_server(db_url, clock=clock) as first:
        admin = first.sign_in("acme", "alice")
        import httpx

        with httpx.Client(base_url=first.url) as http:
            token = generate(http, "acme", admin)
            _set_policy(http, admin, 5)
    clock.advance(timedelta(days=6))
    with live_server(db_url, clock=clock) as second:
        assert second.app.state.inactivity.swept.wait(20)
        events = _inactive_revocations(second.store)
        assert [token["id"] in e.target for e in events] == [True]
