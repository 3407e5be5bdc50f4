"""Rotation with a grace period (SPEC rule 12): a new secret for the same token, the old one kept
working until the grace period ends (or *End grace now*).

The token row holds at most one old secret: its digest (`old_digest`, unique), until when it works
(`old_secret_valid_until`) and its last use since the rotation (`old_secret_last_used_at`). The
check of a secret (token_repo.verify / the hot path) matches `digest` or `old_digest` and accepts the
old one only while `old_secret_valid_until` is ahead. Rotating again replaces the old secret, so an
earlier one stops at once. Whoever may revoke a token may rotate it; a token that is revoked (or not
the caller's to see) answers as not found, as for revoke.
"""

from __future__ import annotations

from datetime import timedelta

from desktop_app.core.policy import TokenPolicy, choose_expiry
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenInfo

from .errors import InvalidInput, NotFound
from .store import Principal, TokenStore

MAX_GRACE_HOURS = 72
DEFAULT_GRACE_HOURS = 24
NOT_FOUND = "There is no such token, or it was revoked, or it is not yours to see."


def _policy_for(store: TokenStore, tenant_id: int) -> TokenPolicy:
    """The tenant's token policy (server/policy_store.py), for the renewed expiry."""
    return store.policies.get(tenant_id)


def check_grace_hours(value: object) -> int:
    """`value` as a grace period in whole hours (0 to 72), else InvalidInput with a sentence."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_GRACE_HOURS:
        raise InvalidInput(
            f"grace_hours must be a whole number of hours from 0 to {MAX_GRACE_HOURS} "
            "(0: the old secret stops at once)."
        )
    return value


def _target(token: TokenInfo) -> str:
    return f"token {token.id} “{token.name}” of {token.owner}"


def rotate(
    store: TokenStore,
    who: Principal,
    token_id: str,
    grace_hours: int = DEFAULT_GRACE_HOURS,
    client_addr: str | None = None,
) -> tuple[TokenInfo, str]:
    """Give the live token `token_id` a new secret; the old one works `grace_hours` more hours
    (0: stops at once). The expiry is renewed by the tenant policy. → (the token now, its new
    secret: shown once, never stored). NotFound when it is not `who`'s to revoke or not live."""
    hours = check_grace_hours(grace_hours)
    m = store.models
    with store.writing():
        token = store.tokens.live_visible(who, token_id)
        if token is None:
            raise NotFound(NOT_FOUND)
        now = store.now()
        secret = new_secret(token.kind)  # same kind prefix and checksum as at generation
        valid_until = now + timedelta(hours=hours) if hours else None
        expires_at = choose_expiry(_policy_for(store, who.tenant_id), token.kind, now)
        p = store.db.param
        # One statement: the current digest becomes the old one (the right side reads the row as it
        # was), replacing any earlier old secret. With no grace there is no old secret at all.
        old_digest = "digest" if hours else "NULL"
        changed = store.db.execute_sql(
            f"UPDATE token SET old_digest = {old_digest}, digest = {p}, old_secret_valid_until = {p}, "
            f"old_secret_last_used_at = NULL, expires_at = {p}, change_seq = {p} "
            f"WHERE id = {p} AND revoked_at IS NULL",
            (
                store.digest(secret),
                m.Token.old_secret_valid_until.db_value(valid_until),
                m.Token.expires_at.db_value(expires_at),
                store.next_change_seq(),
                token.id,
            ),
        ).rowcount
        if changed != 1:  # revoked meanwhile (PostgreSQL reads committed rows)
            raise NotFound(NOT_FOUND)
        store.audit.record(
            "token.rotate",
            tenant_id=who.tenant_id,
            actor=who.username,
            target=_target(token),
            client_addr=client_addr,
            detail=f"grace_hours={hours}",
        )
        rotated = store.tokens.live_visible(who, token.id)
    assert rotated is not None  # read in the transaction that just wrote it
    return rotated, secret


def end_grace(store: TokenStore, who: Principal, token_id: str, client_addr: str | None = None) -> TokenInfo:
    """Stop the rotation's old secret of `token_id` now (401 from then on). Without an old secret
    nothing changes and nothing is audited. NotFound as for `rotate`."""
    with store.writing():
        token = store.tokens.live_visible(who, token_id)
        if token is None:
            raise NotFound(NOT_FOUND)
        if token.old_secret_valid_until is None:
            return token
        p = store.db.param
        store.db.execute_sql(
            "UPDATE token SET old_digest = NULL, old_secret_valid_until = NULL, "
            f"change_seq = {p} WHERE id = {p} AND revoked_at IS NULL",
            (store.next_change_seq(), token.id),
        )
        store.audit.record(
            "token.end_grace",
            tenant_id=who.tenant_id,
            actor=who.username,
            target=_target(token),
            client_addr=client_addr,
        )
        ended = store.tokens.live_visible(who, token.id)
    assert ended is not None
    return ended
