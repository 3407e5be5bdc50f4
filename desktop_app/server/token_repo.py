"""Tokens in the store: generate, list (with change cursors), get, revoke, verify a secret, record use."""

from __future__ import annotations

import builtins
import secrets
import threading
from collections.abc import Generator, Iterable
from datetime import datetime, timedelta
from typing import Any

from peewee import IntegrityError

from desktop_app.core.policy import PolicyError, choose_expiry
from desktop_app.core.redact import contains_secret
from desktop_app.core.roles import Privileges, is_full_admin, why_not_allowed
from desktop_app.core.secrets import new_secret
from desktop_app.core.token_fields import (
    ROW_FIELDS,
    token_from_row,
)
from desktop_app.core.tokens import (
    TokenInfo,
    TokenKind,
    TokenNameError,
    TokenStatus,
    format_utc,
    name_key,
    normalize_description,
    normalize_token_name,
    validate_new_token_name,
)

from .errors import Forbidden, InvalidInput
from .hot_reads import Row
from .models import from_micros, to_micros
from .store import Principal, TokenStore
from .token_listing import (
    AT_ID,
    AT_NAME,
    AT_OWNER,
    CURSOR_PATTERN,
    OWNER_COLUMNS,
    Since,
    columns_of,
    list_cursor,
    list_filters,
    list_sql,
    list_sql_bounds,
)

# Re-exported: callers import these listing types from here.
from .token_listing import ColumnChunk as ColumnChunk
from .token_listing import Columns as Columns
from .token_listing import TokenPage as TokenPage
from .verified import VERIFY_COLUMNS, VERIFY_FROM, VerifiedToken, verified_from_row, verify_where

LAST_USED_INTERVAL = timedelta(minutes=1)
UNSET: Any = object()  # `generate(expires_at=...)` left out: the policy's default (None means never)
MAX_BULK_IDS = 1000


def is_token_id(value: object) -> bool:
    """Whether `value` could name a token: up to 32 printable ASCII characters (no NUL: PostgreSQL
    refuses it in text, and that must be a 404, not a server error)."""
    return isinstance(value, str) and 0 < len(value) <= 32 and value.isascii() and value.isprintable()


class TokenRepository:
    def __init__(self, store: TokenStore, last_used_interval: timedelta = LAST_USED_INTERVAL) -> None:
        self._store = store
        self.last_used_interval = last_used_interval
        self.max_live_per_user = 10_000  # create_app sets Limits.max_live_tokens_per_user
        self._recent_writes: dict[str, datetime] = {}
        self._recent_lock = threading.Lock()
        p = store.db.param
        self._verify_sql = f"SELECT {VERIFY_COLUMNS} FROM {VERIFY_FROM} WHERE {verify_where(p)}"
        self._use_sql = (
            f"UPDATE token SET last_used_at = {p}, change_seq = {p} "
            f"WHERE id = {p} AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= {p})"
        )
        self._old_use_sql = (
            f"UPDATE token SET old_secret_last_used_at = {p}, change_seq = {p} "
            f"WHERE id = {p} AND revoked_at IS NULL AND old_digest IS NOT NULL "
            f"AND (old_secret_last_used_at IS NULL OR old_secret_last_used_at <= {p})"
        )

    # --- generate -----------------------------------------------------------------------

    def generate(
        self,
        who: Principal,
        name: str,
        privileges: Privileges | str,
        kind: TokenKind | str = TokenKind.API,
        client_addr: str | None = None,
        *,
        expires_at: datetime | None | Any = UNSET,
        expires_in_days: int | None = None,
        description: str | None = None,
    ) -> tuple[TokenInfo, str]:
        """A new token owned by `who`; returns its record and its secret (shown once, never stored).

        Expiry (SPEC rule 11): `expires_at` (aware; None = never, only where the tenant policy has no
        maximum) or `expires_in_days`; leaving both out takes the policy's default for the kind.
        """
        privileges, kind = Privileges(privileges), TokenKind(kind)
        refusal = why_not_allowed(who.role, privileges)
        if refusal:
            raise Forbidden(refusal)
        try:
            clean = normalize_token_name(name)
            about = normalize_description(description)
        except TokenNameError as exc:
            raise InvalidInput(str(exc)) from None
        expiry = self._expiry(who, kind, expires_at, expires_in_days)
        if contains_secret(clean):
            raise InvalidInput(
                "The name looks like a token secret; choose a name that says what the token is for."
            )
        store, m = self._store, self._store.models
        secret = new_secret(kind)
        now = store.now()
        token_id = secrets.token_hex(10)
        try:
            with store.writing():
                live = [
                    r.name
                    for r in m.Token.select(m.Token.name).where(
                        (m.Token.owner == who.user_id) & m.Token.revoked_at.is_null(True)
                    )
                ]
                if len(live) >= self.max_live_per_user:
                    raise InvalidInput(
                        f"You already hold {len(live)} live tokens, the most one user may hold; "
                        "revoke tokens you no longer use first."
                    )
                try:
                    clean = validate_new_token_name(clean, live)
                except TokenNameError as exc:
                    raise InvalidInput(str(exc)) from None
                m.Token.insert(
                    id=token_id,
                    tenant=who.tenant_id,
                    owner=who.user_id,
                    kind=kind.value,
                    name=clean,
                    name_key=name_key(clean),
                    privileges=privileges.value,
                    digest=store.digest(secret),
                    created_at=now,
                    last_used_at=None,
                    revoked_at=None,
                    change_seq=store.next_change_seq(),
                    expires_at=expiry,
                    description=about,
                ).execute()
                # In the same transaction: a crash keeps both or neither.
                store.audit.record(
                    "token.generate",
                    tenant_id=who.tenant_id,
                    actor=who.username,
                    target=f"token {token_id} “{clean}”",
                    client_addr=client_addr,
                    detail=f"kind={kind.value} privileges={privileges.value} expires_at="
                    + (format_utc(expiry) if expiry else "never"),
                )
        except IntegrityError:
            # The partial unique index caught a concurrent request with the same name.
            raise InvalidInput(
                f"You already have a live token named “{clean}”; choose another name "
                "or revoke the old token first."
            ) from None
        info = TokenInfo(
            id=token_id,
            name=clean,
            kind=kind,
            owner=who.username,
            owner_deprovisioned=False,
            privileges=privileges,
            created_at=now,
            last_used_at=None,
            expires_at=expiry,
            description=about,
        )
        return info, secret

    def _expiry(
        self, who: Principal, kind: TokenKind, expires_at: Any, expires_in_days: int | None
    ) -> datetime | None:
        """The new token's expiry within the tenant's policy (InvalidInput names the maximum)."""
        policy = self._store.policies.get(who.tenant_id)
        try:
            asked = {} if expires_at is UNSET else {"expires_at": expires_at}
            return choose_expiry(policy, kind, self._store.now(), expires_in_days=expires_in_days, **asked)
        except PolicyError as exc:
            raise InvalidInput(str(exc)) from None

    # --- read ---------------------------------------------------------------------------

    def _select(self, who: Principal) -> Any:  # a peewee query
        """The visible tokens' fields in ROW_FIELDS order (times as datetimes), then revoked_at."""
        m = self._store.models
        fields = [
            getattr(m.User, OWNER_COLUMNS[name]) if name in OWNER_COLUMNS else getattr(m.Token, name)
            for name in ROW_FIELDS
        ]
        query = (
            m.Token.select(*fields, m.Token.revoked_at)
            .join(m.User, on=(m.Token.owner == m.User.id))
            .where(m.Token.tenant == who.tenant_id)
        )
        if not is_full_admin(who.role):
            query = query.where(m.Token.owner == who.user_id)
        return query

    visible = _select  # the tokens `who` may see, and so revoke or describe (token_describe.py)

    @staticmethod
    def _info(row: Row) -> TokenInfo:
        return token_from_row(row[:-1], moment=_as_is)  # peewee already made the times datetimes

    def parse_cursor(self, who: Principal, cursor: str) -> Since:
        """(change sequence, the listing's moment in µs or None) of a cursor this service gave `who`."""
        match = CURSOR_PATTERN.match(cursor or "")
        if not match or (match.group(2) == "a") != is_full_admin(who.role):
            raise InvalidInput(
                "The sync cursor is not valid any more; list the tokens again without changed_since."
            )
        return int(match.group(1)), None if match.group(3) is None else int(match.group(3))

    def _fetch_listed(
        self, who: Principal, kinds: Iterable[TokenKind], changed_since: str | None
    ) -> tuple[list[Row], str]:
        """The list query: rows of the ROW_FIELDS (times as µs) and revoked µs, in (created_at, id)
        order, live ones only without `changed_since`; the cursor."""
        store = self._store
        since = self.parse_cursor(who, changed_since) if changed_since is not None else None
        sql, params = list_sql(store.db.param, who, [TokenKind(k).value for k in kinds])
        with store.db.connection_context():
            # Read the sequence first: every change numbered up to it has committed (row lock).
            upto = store.current_change_seq()
            now = self._now_micros()
            query, params = list_sql_bounds(store.db.param, sql, params, since, upto, now)
            fetched: list[Row] = store.db.execute_sql(query, params).fetchall()
        return fetched, list_cursor(upto, is_full_admin(who.role), now)

    def _now_micros(self) -> int:
        return to_micros(self._store.now())

    def list_rows(
        self,
        who: Principal,
        kinds: Iterable[TokenKind] = (TokenKind.API,),
        statuses: Iterable[TokenStatus] | None = None,
        search: str | None = None,
        changed_since: str | None = None,
    ) -> tuple[list[Row], list[str], str]:
        """Like `list`, as plain rows (big tenants list fast): (rows, removed ids, cursor).

        A row is the ROW_FIELDS (core.token_fields; times as µs, None where absent), then the status.
        """
        columns, removed, cursor = self.list_columns(who, kinds, statuses, search, changed_since)
        return list(zip(*columns, strict=True)), removed, cursor

    def list_columns(
        self,
        who: Principal,
        kinds: Iterable[TokenKind] = (TokenKind.API,),
        statuses: Iterable[TokenStatus] | None = None,
        search: str | None = None,
        changed_since: str | None = None,
    ) -> tuple[Columns, list[str], str]:
        """`list_rows` column by column: (one list per ROW_FIELDS field, then the statuses), removed ids,
        cursor."""
        fetched, cursor = self._fetch_listed(who, kinds, changed_since)
        wanted, needle = list_filters(statuses, search)
        removed: list[str] = []
        delta = changed_since is not None
        columns = columns_of(fetched, self._now_micros(), wanted, needle, removed, aged_out=delta)
        return columns, removed, cursor

    def iter_column_chunks(
        self,
        who: Principal,
        kinds: Iterable[TokenKind] = (TokenKind.API,),
        statuses: Iterable[TokenStatus] | None = None,
        search: str | None = None,
        changed_since: str | None = None,
        chunk_rows: int = 5000,
    ) -> Generator[ColumnChunk, None, None]:
        """`list_columns` in chunks read as the query runs, for a streamed answer.

        Checks the arguments now (InvalidInput), then returns a generator to run in ONE thread
        (it holds a pooled connection from the first step to the last): it yields ("cursor", str),
        then ("columns", columns as `list_columns` gives them) per chunk of up to `chunk_rows` tokens, then
        ("removed", ids). Rows come from one statement, so one consistent read (as `list_rows`).
        """
        since = self.parse_cursor(who, changed_since) if changed_since is not None else None
        kind_values = [TokenKind(k).value for k in kinds]
        wanted, needle = list_filters(statuses, search)

        def generate() -> Generator[ColumnChunk, None, None]:
            store = self._store
            sql, params = list_sql(store.db.param, who, kind_values)
            with store.db.connection_context():
                upto = store.current_change_seq()
                now = self._now_micros()
                yield "cursor", list_cursor(upto, is_full_admin(who.role), now)
                query, params = list_sql_bounds(store.db.param, sql, params, since, upto, now)
                cursor = store.db.execute_sql(query, params)
                removed: list[str] = []
                while fetched := cursor.fetchmany(chunk_rows):
                    columns = columns_of(fetched, now, wanted, needle, removed, aged_out=since is not None)
                    if columns[0]:
                        yield "columns", columns
            yield "removed", removed

        return generate()

    def list(
        self,
        who: Principal,
        kinds: Iterable[TokenKind] = (TokenKind.API,),
        statuses: Iterable[TokenStatus] | None = None,
        search: str | None = None,
        changed_since: str | None = None,
    ) -> TokenPage:
        """Visible tokens of `kinds`; with `changed_since`, only what changed since, and revoked ids."""
        rows, removed, cursor = self.list_rows(who, kinds, statuses, search, changed_since)
        items = [token_from_row(row[:-1], moment=from_micros) for row in rows]
        return TokenPage(items, removed, cursor)

    def get(self, who: Principal, token_id: str) -> TokenInfo | None:
        """The live token if `who` may see it, else None."""
        m = self._store.models
        if not is_token_id(token_id):
            return None
        with self._store.db.connection_context():
            row = (
                self._select(who)
                .where((m.Token.id == token_id) & m.Token.revoked_at.is_null(True))
                .tuples()
                .first()
            )
        return self._info(row) if row else None

    # --- revoke -------------------------------------------------------------------------

    def revoke(
        self, who: Principal, token_ids: Iterable[str], client_addr: str | None = None
    ) -> tuple[builtins.list[str], builtins.list[str]]:
        """Revoke the visible tokens among `token_ids` (idempotent); → (revoked, not_found)."""
        given = list(dict.fromkeys(t for t in token_ids if isinstance(t, str)))  # duplicates first
        if len(given) > MAX_BULK_IDS:
            raise InvalidInput(f"Revoke at most {MAX_BULK_IDS} tokens at once.")
        # An id that cannot name a token (too long, control characters) is reported as not found.
        wanted = [t for t in given if is_token_id(t)]
        store, m = self._store, self._store.models
        newly: builtins.list[Row] = []
        visible: dict[str, Row] = {}
        if wanted:
            with store.writing():
                rows = self._select(who).where(m.Token.id.in_(wanted)).tuples()
                visible = {row[AT_ID]: row for row in rows}
                live = [row for row in visible.values() if row[-1] is None]  # revoked_at
                if live:
                    seq = store.next_change_seq()
                    # RETURNING: only the rows this call revoked. On PostgreSQL a concurrent revoke
                    # may commit between the read above and this update; its rows are not ours to
                    # audit again.
                    p = store.db.param
                    ids = [r[AT_ID] for r in live]
                    done = {
                        r[0]
                        for r in store.db.execute_sql(
                            f"UPDATE token SET revoked_at = {p}, change_seq = {p} "
                            f"WHERE id IN ({', '.join([p] * len(ids))}) AND revoked_at IS NULL RETURNING id",
                            (m.Token.revoked_at.db_value(store.now()), seq, *ids),
                        ).fetchall()
                    }
                    newly = [row for row in live if row[AT_ID] in done]
                    # Audited in the same transaction, one statement for the lot (a record per token).
                    store.audit.record_many(
                        "token.revoke",
                        [f"token {r[AT_ID]} “{r[AT_NAME]}” of {r[AT_OWNER]}" for r in newly],
                        tenant_id=who.tenant_id,
                        actor=who.username,
                        client_addr=client_addr,
                    )
        revoked = [t for t in wanted if t in visible]
        not_found = [t for t in given if t not in visible]
        return revoked, not_found

    # --- verify and record use (the hot path) -------------------------------------------

    def verify(self, secret: str) -> VerifiedToken | None:
        """The live token with this secret (shape already checked), or None; an old secret only
        during its grace period. Never cached."""
        store = self._store
        digest = store.digest(secret)
        with store.db.connection_context():
            row = store.db.execute_sql(self._verify_sql, (digest, digest)).fetchone()
        token = verified_from_row(row, digest) if row is not None else None
        return token if token is not None and token.works_at(store.now()) else None

    async def verify_on_loop(self, secret: str) -> tuple[VerifiedToken | None, None]:
        """The token row for this secret on the event loop (no thread hop); shaped as an
        authorize_token lookup (which checks `works_at`)."""
        digest = self._store.digest(secret)
        rows = await self._store.hot_fetchall(self._verify_sql, (digest, digest))
        return (verified_from_row(rows[0], digest) if rows else None), None

    def use_needs_write(self, token: VerifiedToken, now: datetime) -> bool:
        """Whether this use must be written: the first at once, then at most once per interval.
        A rotation's old secret has its own last use, throttled apart."""
        interval = self.last_used_interval
        last = token.old_secret_last_used_at if token.old_secret else token.last_used_at
        if last is not None and now - last < interval:
            return False
        key = _use_key(token.id, token.old_secret)
        with self._recent_lock:
            recent = self._recent_writes.get(key)
            if recent is not None and timedelta(0) <= now - recent < interval:
                return False  # this replica is writing (or just wrote) it
            if len(self._recent_writes) > 100_000:
                self._recent_writes.clear()
            self._recent_writes[key] = now
        return True

    def forget_pending_use(self, token_id: str, old_secret: bool = False) -> None:
        """The write decided by use_needs_write failed: let the next use try again."""
        with self._recent_lock:
            self._recent_writes.pop(_use_key(token_id, old_secret), None)

    def record_use(self, token_id: str, now: datetime, old_secret: bool = False) -> None:
        """Write the last use (never on a revoked token, never backwards); with `old_secret`, the
        last use of the rotation's old secret instead."""
        store = self._store
        m = store.models
        threshold = m.Token.last_used_at.db_value(now - self.last_used_interval)
        with store.writing():
            seq = store.next_change_seq()
            store.db.execute_sql(
                self._old_use_sql if old_secret else self._use_sql,
                (m.Token.last_used_at.db_value(now), seq, token_id, threshold),
            )

    def live_visible(self, who: Principal, token_id: str) -> TokenInfo | None:
        """The live token if `who` may see it (and so revoke, rotate or describe it); read on the
        caller's open connection or transaction."""
        if not is_token_id(token_id):
            return None
        m = self._store.models
        live = (m.Token.id == token_id) & m.Token.revoked_at.is_null(True)
        row = self._select(who).where(live).tuples().first()
        return self._info(row) if row else None


def _use_key(token_id: str, old_secret: bool) -> str:
    return f"{token_id} old" if old_secret else token_id  # a token id has no space


def _as_is(moment: datetime | None) -> datetime | None:
    return moment
