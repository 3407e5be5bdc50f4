"""What a token's owner should hear about (issue 13): tokens revoked as leaked or for inactivity (from
the audit log), live tokens expiring within the tenant policy's warning lead time, and live tokens the
inactivity auto-revoke will take within 7 days (SPEC rule 15: announced in the app 7 days ahead).

A notice: `{"id", "at", "kind": "leaked"|"inactive_revoked"|"expiring"|"inactive_soon", "token_id", "token_name",
"detail"}`. The audit ones carry the event's id (as text) and are paged by `since` = the cursor of the
answer before; the expiring ones are the current state, listed every time with an id naming the token
and its expiry (`expiring.<token id>.<expiry POSIX s>`), so the app shows each once and a renewed
expiry is news again; an inactive_soon one names the token and the moment it will be revoked
(`inactive_soon.<token id>.<POSIX s>`: a new use moves it, and so makes news again). A user sees their own tokens' notices; full admins all of the tenant's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from desktop_app.core.roles import is_full_admin

from .models import iso_from_micros, to_micros
from .store import Principal, TokenStore

MAX_NOTICES = 500  # per kind of source and call; the cursor continues the audit ones
INACTIVE_NOTICE_DAYS = 7  # inactivity auto-revoke is announced this long ahead


def warn_days(store: TokenStore, tenant_id: int) -> int:
    """The tenant policy's warning lead time, in days (server/policy_store.py)."""
    return store.policies.get(tenant_id).warn_days


def _kind_of(detail: str | None) -> str | None:
    if not detail:
        return None
    if detail.startswith("reason=leaked"):
        return "leaked"
    if "reason=inactive" in detail:
        return "inactive_revoked"
    return None


def notices(store: TokenStore, who: Principal, since: int) -> tuple[list[dict[str, Any]], str]:
    """`who`'s notices after the audit event `since`, and the cursor to pass next time."""
    p = store.db.param
    own = not is_full_admin(who.role)
    revoked_sql = (
        "SELECT e.id, e.at, e.detail, e.token_id, t.name "
        "FROM audit_event e JOIN token t ON t.id = e.token_id "
        f"WHERE e.tenant_id = {p} AND e.action = 'token.revoke' AND e.id > {p} "
        f"AND (e.detail LIKE {p} OR e.detail LIKE {p})"
        + (f" AND t.owner_id = {p}" if own else "")
        + f" ORDER BY e.id LIMIT {MAX_NOTICES}"
    )
    revoked_params: list[Any] = [who.tenant_id, since, "reason=leaked%", "%reason=inactive%"]
    now = store.now()
    horizon = now + timedelta(days=warn_days(store, who.tenant_id))
    expiring_sql = (
        f"SELECT id, name, expires_at FROM token WHERE tenant_id = {p} AND revoked_at IS NULL "
        f"AND expires_at > {p} AND expires_at <= {p}"
        + (f" AND owner_id = {p}" if own else "")
        + f" ORDER BY expires_at, id LIMIT {MAX_NOTICES}"
    )
    expiring_params: list[Any] = [who.tenant_id, to_micros(now), to_micros(horizon)]
    if own:
        revoked_params.append(who.user_id)
        expiring_params.append(who.user_id)
    with store.db.connection_context():
        revoked = store.db.execute_sql(revoked_sql, revoked_params).fetchall()
        expiring = store.db.execute_sql(expiring_sql, expiring_params).fetchall()
        going = _inactive_soon(store, who, now)
    found: list[dict[str, Any]] = []
    for event_id, at, detail, token_id, name in revoked:
        kind = _kind_of(detail)
        if kind is not None:
            found.append(_notice(str(event_id), at, kind, token_id, name, detail))
    for token_id, name, expires_at in expiring:
        notice_id = f"expiring.{token_id}.{expires_at // 1_000_000}"
        found.append(_notice(notice_id, expires_at, "expiring", token_id, name, iso_from_micros(expires_at)))
    for token_id, name, revoked_at in going:
        notice_id = f"inactive_soon.{token_id}.{revoked_at // 1_000_000}"
        detail = iso_from_micros(revoked_at)  # when the auto-revoke takes it unless it is used
        found.append(_notice(notice_id, revoked_at, "inactive_soon", token_id, name, detail))
    cursor = str(revoked[-1][0]) if revoked else str(since)
    return found, cursor


def _inactive_soon(store: TokenStore, who: Principal, now: datetime) -> list[tuple[str, str, int]]:
    """Live tokens of `who`'s view that the inactivity auto-revoke takes within 7 days unless used:
    (id, name, the moment it will take them). None while the tenant's policy has it off."""
    days = store.policies.get(who.tenant_id).inactive_revoke_days
    if days is None:
        return []
    p = store.db.param
    # Unused for `days` (never used: since generation) → revoked; announced from `days` - 7 on.
    quiet_since = "COALESCE(last_used_at, created_at)"
    sql = (
        f"SELECT id, name, {quiet_since} FROM token WHERE tenant_id = {p} AND revoked_at IS NULL "
        f"AND {quiet_since} <= {p}"
        + (f" AND owner_id = {p}" if not is_full_admin(who.role) else "")
        + f" ORDER BY {quiet_since}, id LIMIT {MAX_NOTICES}"
    )
    params: list[Any] = [who.tenant_id, to_micros(now - timedelta(days=days - INACTIVE_NOTICE_DAYS))]
    if not is_full_admin(who.role):
        params.append(who.user_id)
    rows = store.db.execute_sql(sql, params).fetchall()
    after = days * 86_400 * 1_000_000
    return [(token_id, name, quiet + after) for token_id, name, quiet in rows]


def _notice(notice_id: str, at: int, kind: str, token_id: str, name: str, detail: str) -> dict[str, Any]:
    return {
        "id": notice_id,
        "at": iso_from_micros(at),
        "kind": kind,
        "token_id": token_id,
        "token_name": name,
        "detail": detail,
    }
