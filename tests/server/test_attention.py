"""`GET /t/{tenant}/api/v1/tokens?attention=…` (SPEC rule 17): never used 30 days after generation,
inactive for 90 days, expiring within the lead time, without expiry, owned by a deprovisioned user —
as time moves (the `clock` fixture), with the list's visibility and in every list format."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from desktop_app.core.policy import DEFAULT_POLICY
from desktop_app.server.models import to_micros

from .helpers import bearer, generate, is_problem, token_auth

TOKENS = "/t/acme/api/v1/tokens"


def _ids(
    http, server, user: str, attention: str, list_format: str = "objects", kind: str = "api"
) -> set[str]:
    """The ids on `user`'s attention list (a fresh session: the clock moves past a session's life)."""
    session = server.store.create_session("acme", user)[0]
    params = {"attention": attention, "kind": kind, "format": list_format}
    response = http.get(TOKENS, params=params, headers=bearer(session))
    assert response.status_code == 200, response.text
    if list_format == "objects":
        return {item["id"] for item in response.json()["items"]}
    if list_format == "columns":
        return set(response.json()["columns"]["id"])
    lines = [orjson.loads(line) for line in response.content.splitlines()]
    assert lines[-1]["end"] is True and lines[-1]["count"] == sum(
        len(x["columns"]["id"]) for x in lines[1:-1]
    )
    return {tid for chunk in lines[1:-1] for tid in chunk["columns"]["id"]}


def test_never_used_and_inactive_follow_the_clock(server, http, clock):
    admin = server.sign_in("acme", "root")
    never = generate(http, "acme", admin, name="never used")
    used = generate(http, "acme", admin, name="used once")
    assert http.get("/t/acme/api/v1/alerts/", headers=token_auth(used["secret"])).status_code == 200
    clock.advance(days=30, seconds=-1)
    assert _ids(http, server, "root", "never_used") == set()
    clock.advance(seconds=1)  # 30 days after generation
    assert _ids(http, server, "root", "never_used") == {never["id"]}
    assert _ids(http, server, "root", "inactive") == set()
    clock.advance(days=60)  # 90 days after the last use
    assert _ids(http, server, "root", "inactive") == {used["id"]}
    assert _ids(http, server, "root", "never_used") == {never["id"]}  # never used is not "inactive"


def test_expiring_no_expiry_and_deprovisioned(server, http, clock):
    admin = server.sign_in("acme", "root")
    bob = server.sign_in("acme", "bob", "security_operator")
    expiring = generate(http, "acme", admin, name="expiring")
    forever = generate(http, "acme", admin, name="forever")
    bobs = generate(http, "acme", bob, name="bob's")
    store = server.store
    warn = DEFAULT_POLICY.warn_days
    with store.db.connection_context():
        m = store.models
        m.Token.update(expires_at=to_micros(clock() + timedelta(days=warn + 2))).where(
            m.Token.id.in_([expiring["id"], bobs["id"]])
        ).execute()
    assert _ids(http, server, "root", "expiring") == set()
    assert _ids(http, server, "root", "no_expiry") == {forever["id"]}
    clock.advance(days=3)
    assert _ids(http, server, "root", "expiring") == {expiring["id"], bobs["id"]}
    assert _ids(http, server, "bob", "expiring") == {bobs["id"]}  # the list's visibility: their own only
    clock.advance(days=warn)
    assert _ids(http, server, "root", "expiring") == set()  # expired now: no longer a warning
    assert _ids(http, server, "root", "deprovisioned") == set()
    store.deprovision("acme", "bob")
    assert _ids(http, server, "root", "deprovisioned") == {bobs["id"]}


@pytest.mark.parametrize("list_format", ["columns", "column-chunks"])
def test_every_list_format_carries_the_same_attention_list(server, http, clock, list_format):
    admin = server.sign_in("acme", "root")
    never = {generate(http, "acme", admin, name=f"n{i}")["id"] for i in range(3)}
    used = generate(http, "acme", admin, name="used")
    http.get("/t/acme/api/v1/alerts/", headers=token_auth(used["secret"]))
    siem = generate(http, "acme", admin, name="agent", kind="siem_agent")
    clock.advance(days=31)
    assert (
        _ids(http, server, "root", "never_used", list_format)
        == never
        == _ids(http, server, "root", "never_used")
    )
    assert _ids(http, server, "root", "never_used", list_format, kind="siem_agent") == {siem["id"]}
    assert _ids(http, server, "root", "inactive", list_format) == set()


def test_an_unknown_attention_list_answers_422_naming_the_choices(server, http):
    admin = server.sign_in("acme", "root")
    detail = is_problem(http.get(TOKENS, params={"attention": "stale"}, headers=bearer(admin)), 422)["detail"]
    assert "never_used, inactive, expiring, no_expiry, deprovisioned" in detail
