"""The tenants' token policies (SPEC rule 15) in the TenantPolicy table, read through a small cache.

A tenant without a row has `core.policy.DEFAULT_POLICY`. The stored document is the full `policy_json`
form; it is read back through `merge_policy(DEFAULT_POLICY, document)`, so a field added to the policy
later gets its default for tenants stored before.

Cache: per store (so per replica), per tenant. A write through this store replaces its entry at once
(the running service applies a change immediately); an entry is re-read after `refresh_seconds`
(30 s), so another replica sharing the database applies a change within that time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.policy import DEFAULT_POLICY, PolicyError, TokenPolicy, merge_policy, policy_json

from .errors import InvalidInput

if TYPE_CHECKING:
    from .store import TokenStore

REFRESH_SECONDS = 30.0


class PolicyStore:
    """Read and write tenants' policies; `ticker` (monotonic seconds) is replaceable for tests."""

    def __init__(
        self,
        store: TokenStore,
        refresh_seconds: float = REFRESH_SECONDS,
        ticker: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self.refresh_seconds = refresh_seconds
        self.ticker = ticker
        self._cache: dict[int, tuple[TokenPolicy, float]] = {}
        self._lock = threading.Lock()

    def get(self, tenant_id: int) -> TokenPolicy:
        """The tenant's policy (cached; at most `refresh_seconds` old)."""
        now = self.ticker()
        with self._lock:
            cached = self._cache.get(tenant_id)
        if cached is not None and now - cached[1] < self.refresh_seconds:
            return cached[0]
        with self._store.db.connection_context():
            policy = self._read(tenant_id)
        self._remember(tenant_id, policy, now)
        return policy

    def put(
        self, tenant_id: int, body: object, *, actor: str | None, client_addr: str | None = None
    ) -> TokenPolicy:
        """Merge `body` (a PUT document: fields left out keep their value) into the stored policy,
        audited `tenant.policy` in the same transaction; raise InvalidInput (PolicyError's sentence)."""
        store, m = self._store, self._store.models
        with store.writing():
            try:
                policy = merge_policy(self._read(tenant_id), body)
            except PolicyError as exc:
                raise InvalidInput(str(exc)) from None
            document = json.dumps(policy_json(policy), separators=(",", ":"), sort_keys=True)
            changed_at = m.TenantPolicy.changed_at.db_value(store.now())
            m.TenantPolicy.insert(tenant=tenant_id, document=document, changed_at=changed_at).on_conflict(
                conflict_target=[m.TenantPolicy.tenant],
                update={m.TenantPolicy.document: document, m.TenantPolicy.changed_at: changed_at},
            ).execute()
            store.audit.record(
                "tenant.policy",
                tenant_id=tenant_id,
                actor=actor,
                target=f"tenant {store.tenant_slug(tenant_id)}",
                client_addr=client_addr,
                detail=document,
            )
        self._remember(tenant_id, policy, self.ticker())
        return policy

    def forget(self) -> None:
        """Drop every cached policy (the next `get` reads the table)."""
        with self._lock:
            self._cache.clear()

    def _read(self, tenant_id: int) -> TokenPolicy:
        """The stored policy (inside a connection context)."""
        m = self._store.models
        row = (
            m.TenantPolicy.select(m.TenantPolicy.document)
            .where(m.TenantPolicy.tenant == tenant_id)
            .tuples()
            .first()
        )
        if row is None:
            return DEFAULT_POLICY
        return merge_policy(DEFAULT_POLICY, json.loads(row[0]))

    def _remember(self, tenant_id: int, policy: TokenPolicy, at: float) -> None:
        with self._lock:
            if len(self._cache) > 10_000:  # tenants are few; a bound keeps a mistake from growing
                self._cache.clear()
            self._cache[tenant_id] = (policy, at)
