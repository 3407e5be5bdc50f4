"""A token's description after generation (SPEC rule 14): `PATCH /t/{tenant}/api/v1/tokens/{id}`."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.token_fields import token_from_row
from desktop_app.core.tokens import TokenInfo, TokenNameError, normalize_description

from .errors import InvalidInput
from .store import Principal, TokenStore
from .token_listing import AT_ID, AT_NAME, AT_OWNER
from .token_repo import is_token_id


def describe_token(
    store: TokenStore, who: Principal, token_id: str, description: object, client_addr: str | None = None
) -> TokenInfo | None:
    """Set the description of a live token `who` may revoke (its owner or a full admin: the tokens
    `who` sees), audited `token.describe` in the same transaction; None when `who` has no such token.
    Bumps the token's change_seq so a `changed_since` sync picks the new text up."""
    try:
        about = normalize_description(description)  # type: ignore[arg-type]  # it checks the type
    except TokenNameError as exc:
        raise InvalidInput(str(exc)) from None
    if not is_token_id(token_id):
        return None
    m = store.models
    with store.writing():
        row = (
            store.tokens.visible(who)
            .where((m.Token.id == token_id) & m.Token.revoked_at.is_null(True))
            .tuples()
            .first()
        )
        if row is None:
            return None
        m.Token.update(description=about, change_seq=store.next_change_seq()).where(
            m.Token.id == token_id
        ).execute()
        store.audit.record(
            "token.describe",
            tenant_id=who.tenant_id,
            actor=who.username,
            target=f"token {row[AT_ID]} “{row[AT_NAME]}” of {row[AT_OWNER]}",
            client_addr=client_addr,
            detail=f"{len(about)} characters",  # the text itself is the token's, not the log's
        )
    info: TokenInfo = token_from_row(row[:-1], moment=lambda moment: moment)
    return replace(info, description=about)
