"""The service creates its schema, upgrades an older one in place, and refuses a newer one."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.roles import Role
from desktop_app.server.schema import SCHEMA_VERSION, SchemaError, current_version
from desktop_app.server.store import TokenStore


def _version(store) -> int:
    with store.db.connection_context():
        return current_version(store.db)


def test_fresh_database_gets_the_current_schema_and_reopening_changes_nothing(db_url):
    store = TokenStore.open(db_url)
    try:
        assert store.schema_found == 0 and _version(store) == SCHEMA_VERSION
        store.ensure_user("acme", "alice", Role.GLOBAL_ADMIN)
    finally:
        store.close()
    again = TokenStore.open(db_url)
    try:
        assert again.schema_found == SCHEMA_VERSION
        assert [u.username for u in again.users("acme")] == ["alice"]
    finally:
        again.close()


def _downgrade_to_v3(store) -> None:
    """Make the database look like one written by schema version 3 (audit events without token_id)."""
    db = store.db
    with db.connection_context():
        db.execute_sql("DROP INDEX audit_event_tenant_id_token_id_at_id")
        db.execute_sql("DROP INDEX audit_event_tenant_id_at_id")
        db.execute_sql("DROP INDEX audit_event_tenant_id_action_at_id")
        db.execute_sql("DROP INDEX audit_event_tenant_id_actor_at_id")
        db.execute_sql("ALTER TABLE audit_event DROP COLUMN token_id")
        db.execute_sql("DELETE FROM schema_version")
        db.execute_sql("INSERT INTO schema_version (version) VALUES (3)")


def _downgrade_to_v2(store) -> None:
    """Make the database look like one written by schema version 2 (before expiry, rotation, usage)."""
    _downgrade_to_v3(store)
    db = store.db
    with db.connection_context():
        db.execute_sql("DROP INDEX token_old_digest")
        for column in ("expires_at", "description", "old_digest", "old_secret_valid_until"):
            db.execute_sql(f"ALTER TABLE token DROP COLUMN {column}")
        db.execute_sql("ALTER TABLE token DROP COLUMN old_secret_last_used_at")
        for table in ("tenant_policy", "token_address", "token_daily_use"):
            db.execute_sql(f"DROP TABLE {table}")
        db.execute_sql("DELETE FROM schema_version")
        db.execute_sql("INSERT INTO schema_version (version) VALUES (2)")


def _downgrade_to_v1(store) -> None:
    """Make the database look like one written by schema version 1 (before change cursors)."""
    _downgrade_to_v2(store)
    db = store.db
    with db.connection_context():
        db.execute_sql("DROP INDEX token_tenant_id_change_seq")
        db.execute_sql("ALTER TABLE token DROP COLUMN change_seq")
        db.execute_sql("DROP TABLE change_counter")
        db.execute_sql("DELETE FROM schema_version")
        db.execute_sql("INSERT INTO schema_version (version) VALUES (1)")


def test_version_2_database_is_upgraded_keeping_its_tokens_without_expiry(db_url):
    old = TokenStore.open(db_url)
    try:
        old.ensure_user("acme", "alice", Role.GLOBAL_ADMIN)
        token, _ = old.create_session("acme", "alice")
        info, secret = old.tokens.generate(old.session_principal(token), "from before expiry", "read")
        _downgrade_to_v2(old)
        assert _version(old) == 2
    finally:
        old.close()

    upgraded = TokenStore.open(db_url)
    try:
        assert upgraded.schema_found == 2 and _version(upgraded) == SCHEMA_VERSION
        (kept,) = upgraded.tokens.list(upgraded.session_principal(token)).items
        # SPEC rule 11 applies to new tokens: one from before the upgrade never expires
        assert kept.id == info.id and kept.expires_at is None and kept.description == ""
        assert upgraded.tokens.verify(secret).id == info.id
        with upgraded.db.connection_context():
            tables = set(upgraded.db.get_tables())
        assert {"tenant_policy", "token_address", "token_daily_use"} <= tables
    finally:
        upgraded.close()


def test_version_3_database_is_upgraded_naming_the_token_of_its_audit_events(db_url):
    old = TokenStore.open(db_url)
    try:
        old.ensure_user("acme", "alice", Role.GLOBAL_ADMIN)
        token, _ = old.create_session("acme", "alice")
        who = old.session_principal(token)
        info, _ = old.tokens.generate(who, "audited before v4", "read")
        old.tokens.revoke(who, [info.id])
        old.audit.record("token.denied", tenant_id=who.tenant_id, actor=f"token {info.id} of alice")
        _downgrade_to_v3(old)
        assert _version(old) == 3
    finally:
        old.close()

    upgraded = TokenStore.open(db_url)
    try:
        assert upgraded.schema_found == 3 and _version(upgraded) == SCHEMA_VERSION
        with upgraded.db.connection_context():
            rows = upgraded.db.execute_sql(
                "SELECT action, token_id FROM audit_event WHERE action LIKE "
                + upgraded.db.param
                + " ORDER BY id",
                ("token.%",),
            ).fetchall()
            names = {i.name for i in upgraded.db.get_indexes("audit_event")}
        assert rows == [("token.generate", info.id), ("token.revoke", info.id), ("token.denied", info.id)]
        assert {"audit_event_tenant_id_at_id", "audit_event_tenant_id_token_id_at_id"} <= names
    finally:
        upgraded.close()


def test_version_1_database_is_upgraded_in_place_keeping_its_data(db_url):
    old = TokenStore.open(db_url)
    try:
        old.ensure_user("acme", "alice", Role.GLOBAL_ADMIN)
        token, _ = old.create_session("acme", "alice")
        who = old.session_principal(token)
        info, secret = old.tokens.generate(who, "kept through the upgrade", "read")
        _downgrade_to_v1(old)
        assert _version(old) == 1
    finally:
        old.close()

    upgraded = TokenStore.open(db_url)
    try:
        assert upgraded.schema_found == 1 and _version(upgraded) == SCHEMA_VERSION
        who = upgraded.session_principal(token)
        page = upgraded.tokens.list(who)
        assert [t.id for t in page.items] == [info.id]
        assert upgraded.tokens.verify(secret).id == info.id
        # the upgrade's feature works on old rows: a later change shows up after the cursor
        upgraded.tokens.revoke(who, [info.id])
        delta = upgraded.tokens.list(who, changed_since=page.cursor)
        assert delta.removed == [info.id] and delta.items == []
        with upgraded.db.connection_context():
            names = {i.name for i in upgraded.db.get_indexes("token")}
        assert "token_tenant_id_change_seq" in names
    finally:
        upgraded.close()


def test_a_newer_schema_is_refused_with_a_sentence(db_url):
    store = TokenStore.open(db_url)
    with store.db.connection_context():
        store.db.execute_sql(f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")
    store.close()
    with pytest.raises(SchemaError, match="upgrade the service"):
        TokenStore.open(db_url)


def test_replicas_starting_together_create_the_schema_once(db_url):
    stores, errors = [], []
    barrier = threading.Barrier(4)

    def start():
        barrier.wait()
        try:
            stores.append(TokenStore.open(db_url))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        assert errors == [] and len(stores) == 4
        assert sorted(s.schema_found for s in stores).count(0) == 1
        with stores[0].db.connection_context():
            rows = stores[0].db.execute_sql("SELECT version FROM schema_version").fetchall()
        assert [r[0] for r in rows] == [SCHEMA_VERSION]
    finally:
        for s in stores:
            s.close()
