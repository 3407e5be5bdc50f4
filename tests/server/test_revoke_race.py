"""Two revokes of the same token at once (PostgreSQL: read committed, no global write lock)."""

from __future__ import annotations

import threading

from desktop_app.server.store import TokenStore


def test_concurrent_revokes_of_one_token_record_one_revocation(postgres_url):
    store = TokenStore.open(postgres_url)
    try:
        store.ensure_tenant("acme")
        store.ensure_user("acme", "alice", "global_admin")
        store.ensure_user("acme", "bob", "security_admin")
        alice = store.session_principal(store.create_session("acme", "alice")[0])
        bob = store.session_principal(store.create_session("acme", "bob")[0])
        info, _secret = store.tokens.generate(alice, "contested", "read")

        real_next = store.next_change_seq
        raced = []

        def next_seq_after_a_concurrent_revoke():
            # alice's revoke has read the token as live; bob's revoke commits before it goes on
            if not raced:
                raced.append(True)
                other = threading.Thread(target=store.tokens.revoke, args=(bob, [info.id]))
                other.start()
                other.join(timeout=30)
                assert not other.is_alive()
            return real_next()

        store.next_change_seq = next_seq_after_a_concurrent_revoke
        revoked, not_found = store.tokens.revoke(alice, [info.id])
        del store.next_change_seq
        assert raced and revoked == [info.id] and not_found == []
        revocations = [e for e in store.audit.events("acme") if e.action == "token.revoke"]
        assert len(revocations) == 1, [(e.actor, e.target) for e in revocations]
        assert revocations[0].actor == "bob"
        assert store.tokens.verify(_secret) is None
    finally:
        store.close()
