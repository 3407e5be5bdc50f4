"""Leaked secrets reported by anyone (SPEC rule 16): check each entry's format and checksum, revoke
the token it belongs to by digest, audit it as revoked as leaked — and answer the same whatever happened.

No oracle: the caller learns only how many entries it sent and how many were not Token Desk secrets
at all (which it could tell itself). Every well-formed entry costs the same work whether it names a
live token, a revoked one or none: its digest, then the same indexed statements — `UPDATE … WHERE
digest = ? AND revoked_at IS NULL`, and the audit record's `INSERT … SELECT` from that match (one row
or none, its text built in SQL) — in the batch's one transaction, which always takes a change number.
A match adds only the rows' own writes, a fraction of a millisecond against the request's milliseconds.

A rotation's old secret still in its grace period is a live secret too: reporting it revokes the
whole token (new secret included), since whoever found the old one may have found the new one where it
came from. Expired (not yet revoked) tokens are revoked as well: harmless, and their secret is out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from desktop_app.core.redact import redact
from desktop_app.core.secrets import MalformedSecret, parse_secret

from .errors import InvalidInput
from .store import TokenStore

MAX_CREDENTIALS = 100
MAX_URL_LENGTH = 2000
REPORTER = "leak report"  # the audit actor of a revoke by report (the reporter is anonymous)


def clean_url(url: object) -> str:
    """The URL where a secret was found, as the audit keeps it: control characters removed (no line
    or terminal tricks in an audit view), at most MAX_URL_LENGTH characters (more: InvalidInput)."""
    if url is None:
        return ""
    if not isinstance(url, str):
        raise InvalidInput("“url” is the address where the secrets were found, as text.")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidInput(f"“url” is longer than {MAX_URL_LENGTH:,} characters; send a shorter address.")
    return "".join(ch for ch in url if unicodedata.category(ch)[0] != "C").strip()


def check_credentials(credentials: object) -> Sequence[object]:
    if not isinstance(credentials, list):
        raise InvalidInput("“credentials” is a list of the secrets found (at most 100).")
    if len(credentials) > MAX_CREDENTIALS:
        raise InvalidInput(
            f"Report at most {MAX_CREDENTIALS} credentials per call; send the rest in another."
        )
    return credentials


class LeakReports:
    """Revokes reported secrets in one store."""

    def __init__(self, store: TokenStore) -> None:
        self._store = store
        p = store.db.param
        match = (
            f"(t.digest = {p} OR (t.old_digest = {p} AND t.old_secret_valid_until > {p})) "
            "AND t.revoked_at IS NULL"
        )
        # The audit record is written by the same kind of statement for every entry, inserting one row
        # or none: its target is built in SQL, not in Python per match.
        audit = (
            "INSERT INTO audit_event (tenant_id, at, actor, action, target, outcome, client_addr, detail, "
            f"token_id) SELECT t.tenant_id, {p}, {p}, 'token.revoke', "
            "substr('token ' || t.id || ' “' || t.name || '” of ' || u.username, 1, 200), 'ok', "
            f"{p}, {p}, t.id FROM {{tokens}} JOIN app_user u ON u.id = t.owner_id"
        )
        if store.is_postgres:
            # One statement: the revoke and its record, atomic under concurrent reports of one secret.
            self._statements = [
                f"WITH t AS (UPDATE token t SET revoked_at = {p}, change_seq = {p} WHERE "
                + match
                + " RETURNING t.*) "
                + audit.format(tokens="t")
            ]
            self._order = "revoke-first"
        else:
            # SQLite writes one transaction at a time (BEGIN IMMEDIATE): record, then revoke.
            self._statements = [
                audit.format(tokens="token t") + " WHERE " + match,
                f"UPDATE token AS t SET revoked_at = {p}, change_seq = {p} WHERE " + match,
            ]
            self._order = "record-first"

    def report(self, credentials: Sequence[object], url: str, client_addr: str | None) -> tuple[int, int]:
        """Revoke the tokens of the well-formed entries; → (received, ignored). Never says which matched."""
        digests: list[str] = []
        ignored = 0
        for entry in credentials:
            try:
                parse_secret(entry)  # type: ignore[arg-type]  # anything: refused unless a secret
            except MalformedSecret:
                ignored += 1
                continue
            digests.append(self._store.digest(entry))  # type: ignore[arg-type]
        if digests:
            self._revoke(digests, url, client_addr)
        return len(credentials), ignored

    def _revoke(self, digests: list[str], url: str, client_addr: str | None) -> None:
        store = self._store
        detail = redact(f"reason=leaked url={url}" if url else "reason=leaked")
        addr = (client_addr or None) and client_addr[:64]
        with store.writing():
            now = store.models.Token.revoked_at.db_value(store.now())
            seq = store.next_change_seq()
            record = (now, REPORTER, addr, detail)
            for digest in digests:
                match = (digest, digest, now)
                if self._order == "revoke-first":
                    store.db.execute_sql(self._statements[0], (now, seq, *match, *record))
                else:
                    store.db.execute_sql(self._statements[0], (*record, *match))
                    store.db.execute_sql(self._statements[1], (now, seq, *match))


def identify(store: TokenStore, tenant_id: int, secret: str) -> tuple[str, bool] | None:
    """The live token of the tenant with this secret (already format-checked): (its id, whether the
    secret is a rotation's old one still in its grace period), or None. Nothing of the secret is kept."""
    p = store.db.param
    digest = store.digest(secret)
    now = store.models.Token.revoked_at.db_value(store.now())
    with store.db.connection_context():
        row = store.db.execute_sql(
            f"SELECT id, digest = {p} FROM token WHERE tenant_id = {p} AND revoked_at IS NULL "
            f"AND (digest = {p} OR (old_digest = {p} AND old_secret_valid_until > {p}))",
            (digest, tenant_id, digest, digest, now),
        ).fetchone()
    return (row[0], not row[1]) if row else None
