"""A write and its audit record commit together: SIGKILL the service during a generate+revoke load
(a few times), then every token and every revocation has its audit record, and no record names a
token that was never written."""

from __future__ import annotations

import re
import threading

import httpx

from desktop_app.server.store import TokenStore

from .helpers import bearer
from .spawned import start, stop

KILLS = 3
OPERATIONS_BEFORE_KILL = 25
WORKERS = 12  # many requests in flight at the kill (4 were too few to catch the old gap reliably)
TOKEN_ID = re.compile(r"^token (\S+) ")


def _load(url: str, session: str, prefix: str, done: threading.Event, counter: list, lock) -> None:
    """Generate tokens and revoke every other one until the service dies."""
    with httpx.Client(base_url=url, headers=bearer(session), timeout=10) as http:
        i = 0
        while True:
            i += 1
            try:
                made = http.post(
                    "/t/acme/api/v1/tokens", json={"name": f"{prefix}-{i}", "privileges": "read"}
                )
                if made.status_code == 201 and i % 2 == 0:
                    http.delete(f"/t/acme/api/v1/tokens/{made.json()['id']}")
            except httpx.TransportError:
                return  # killed
            with lock:
                counter[0] += 1
                if counter[0] >= OPERATIONS_BEFORE_KILL:
                    done.set()


def test_sigkill_during_generate_and_revoke_loses_no_audit_record(db_url):
    store = TokenStore.open(db_url)
    store.ensure_tenant("acme")
    store.ensure_user("acme", "alice", "global_admin")
    session = store.create_session("acme", "alice")[0]
    store.close()
    for kill in range(KILLS):
        spawned = start(db_url)
        done, counter, lock = threading.Event(), [0], threading.Lock()
        workers = [
            threading.Thread(target=_load, args=(spawned.url, session, f"k{kill}w{w}", done, counter, lock))
            for w in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        assert done.wait(60), "the load made no progress"
        spawned.process.kill()  # SIGKILL: no shutdown, no flush
        spawned.process.wait(10)
        for worker in workers:
            worker.join(30)
        stop(spawned)
    store = TokenStore.open(db_url)
    try:
        m = store.models
        with store.db.connection_context():
            tokens = {t.id: t.revoked_at for t in m.Token.select(m.Token.id, m.Token.revoked_at)}
        events = store.audit.events("acme", limit=1_000_000)
    finally:
        store.close()
    generated = {TOKEN_ID.match(e.target).group(1) for e in events if e.action == "token.generate"}
    revoked = {TOKEN_ID.match(e.target).group(1) for e in events if e.action == "token.revoke"}
    assert len(tokens) >= KILLS * OPERATIONS_BEFORE_KILL // 2
    assert set(tokens) == generated
    assert {tid for tid, at in tokens.items() if at is not None} == revoked
