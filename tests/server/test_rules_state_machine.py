"""The SPEC's rules as a state machine over the live service: generate / use / revoke / deprovision /
role change / clock advance, in any order, on SQLite and PostgreSQL; after every step the token
table as each user sees it is what the rules say (visibility, status, deprovisioned marks), and
every use answers what the rules say (401 revoked, 403 deprovisioned or missing privilege).

The expected answers are worked out here from the rules, not from the service's own helpers.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from tests.live_server import MovableClock, live_server

ROLES = ("global_admin", "security_admin", "security_operator", "security_reader")
FULL_ADMINS = {"global_admin", "security_admin"}
USERS = ("op", "reader", "extra")  # "admin" stays a global admin: the observer of every check
WEEK = timedelta(days=7)
COALESCING = timedelta(minutes=2)  # last-used writes may lag a use by up to the interval (1 min)
_tenants = itertools.count()


@dataclass
class ModelToken:
    id: str
    secret: str
    owner: str
    privileges: str
    last_used: object = None  # the clock time of the last successful use
    revoked: bool = False


def _most(role: str) -> str:
    return "read" if role == "security_reader" else "read_write"


def run_machine(db_url: str) -> None:
    clock = MovableClock()
    years = 10 * 365 * 86400  # sessions outlive every clock advance
    with (
        live_server(db_url, clock=clock, token_failures=10**9, session_ttl_seconds=years) as srv,
        httpx.Client(base_url=srv.url, timeout=30) as http,
    ):

        class Rules(RuleBasedStateMachine):
            tokens = Bundle("tokens")

            def __init__(self) -> None:
                super().__init__()
                self.tenant = f"t{next(_tenants)}"
                self.roles = {
                    "admin": "global_admin",
                    "op": "security_operator",
                    "reader": "security_reader",
                    "extra": "security_operator",
                }
                self.gone: set[str] = set()
                self.sessions = {u: srv.sign_in(self.tenant, u, r) for u, r in self.roles.items()}
                self.model: dict[str, ModelToken] = {}
                self.names = itertools.count()

            def api(self, path: str) -> str:
                return f"/t/{self.tenant}/api/v1{path}"

            def auth(self, user: str) -> dict:
                return {"Authorization": f"Bearer {self.sessions[user]}"}

            @rule(
                target=tokens,
                user=st.sampled_from(("admin", *USERS)),
                privileges=st.sampled_from(("read", "read_write")),
            )
            def generate(self, user, privileges):
                answer = http.post(
                    self.api("/tokens"),
                    headers=self.auth(user),
                    json={"name": f"n{next(self.names)}", "privileges": privileges},
                )
                if user in self.gone:
                    assert answer.status_code == 401  # the session ended with the deprovisioning
                    return None
                if privileges == "read_write" and _most(self.roles[user]) == "read":
                    assert answer.status_code == 403  # never wider than the issuer's role
                    return None
                assert answer.status_code == 201, answer.text
                body = answer.json()
                assert body["status"] == "generated" and body["privileges"] == privileges
                token = ModelToken(body["id"], body["secret"], user, privileges)
                self.model[token.id] = token
                return token.id

            @rule(token_id=tokens, write=st.booleans(), generic=st.booleans())
            def use(self, token_id, write, generic):
                if token_id is None:
                    return
                token = self.model[token_id]
                base = "/api/v1/alerts/" if generic else f"/t/{self.tenant}/api/v1/alerts/"
                headers = {"Authorization": f"Token {token.secret}"}
                answer = (
                    http.post(base + "1/close/", headers=headers)
                    if write
                    else http.get(base, headers=headers)
                )
                if token.revoked:
                    expected = 401
                elif token.owner in self.gone:
                    expected = 403
                else:
                    effective = (
                        "read"
                        if "read" in (token.privileges, _most(self.roles[token.owner]))
                        else "read_write"
                    )
                    expected = 403 if write and effective == "read" else 200
                assert answer.status_code == expected, (answer.status_code, expected, answer.text)
                if expected == 200:
                    token.last_used = clock()

            @rule(token_id=consumes(tokens), by=st.sampled_from(("admin", *USERS)))
            def revoke(self, token_id, by):
                if token_id is None:
                    return
                token = self.model[token_id]
                answer = http.delete(self.api(f"/tokens/{token_id}"), headers=self.auth(by))
                if by in self.gone:
                    assert answer.status_code == 401
                elif token.revoked:
                    assert answer.status_code == 404
                elif by == token.owner or self.roles[by] in FULL_ADMINS:
                    assert answer.status_code == 204
                    token.revoked = True
                else:
                    assert answer.status_code == 404  # not theirs to see

            @rule(user=st.sampled_from(USERS))
            def deprovision(self, user):
                srv.store.deprovision(self.tenant, user)
                self.gone.add(user)

            @rule(user=st.sampled_from(USERS), role=st.sampled_from(ROLES))
            def change_role(self, user, role):
                srv.store.set_role(self.tenant, user, role)
                self.roles[user] = role

            @rule(hours=st.sampled_from((1, 23, 24 * 6, 24 * 7, 24 * 8)))
            def advance(self, hours):
                clock.advance(hours=hours)

            @invariant()
            def every_user_sees_what_the_rules_say(self):
                now = clock()
                for user in ("admin", *USERS):
                    if user in self.gone:
                        continue
                    listed = http.get(self.api("/tokens"), headers=self.auth(user))
                    assert listed.status_code == 200, listed.text
                    items = {item["id"]: item for item in listed.json()["items"]}
                    expected = {
                        t.id
                        for t in self.model.values()
                        if not t.revoked and (self.roles[user] in FULL_ADMINS or t.owner == user)
                    }
                    assert set(items) == expected
                    for token_id, item in items.items():
                        token = self.model[token_id]
                        assert item["owner_deprovisioned"] == (token.owner in self.gone)
                        if token.last_used is None:
                            assert item["status"] == "generated"
                        elif abs((now - token.last_used) - WEEK) > COALESCING:
                            recent = now - token.last_used < WEEK
                            assert item["status"] == ("active" if recent else "inactive")

        Rules.TestCase.settings = settings(
            max_examples=12, stateful_step_count=20, deadline=None, suppress_health_check=list(HealthCheck)
        )
        Rules.TestCase().runTest()


def test_the_rules_hold_after_every_step(db_url):
    run_machine(db_url)
