"""Bring the cache up to date with the service: full the first time, then incremental by cursor.

It sits above both `client/` and `cache/` (the cache knows nothing of the service).

Every sync is written in one transaction; the result names the rows added and changed and the
ids removed, so a table can update those rows instead of resetting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from desktop_app.client.errors import CursorRejected
from desktop_app.core.token_fields import Row
from desktop_app.core.tokens import TokenKind

if TYPE_CHECKING:  # the HTTP client is imported by whoever makes one, not before the first paint
    from desktop_app.cache.store import TokenCache
    from desktop_app.client.api import TokenServiceClient

ALL_KINDS = tuple(TokenKind)


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync changed in the cache; rows are in ROW_FIELDS order."""

    full: bool
    added: list[Row] = field(default_factory=list)
    changed: list[Row] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def sync_tokens(client: TokenServiceClient, cache: TokenCache, now: datetime) -> SyncResult:
    """Sync every kind of token into `cache`; falls back to a full sync if the cursor is rejected.

    Service errors (unreachable, session expired, ...) propagate and leave the cache untouched.
    """
    cursor = cache.cursor
    if cursor is not None:
        try:
            page = client.list_token_rows(kinds=ALL_KINDS, changed_since=cursor)
        except CursorRejected:
            pass
        else:
            return _apply_changes(cache, page.rows, page.removed, page.cursor, now)
    old = {row[0]: row for row in cache.rows()}
    # Streamed: each chunk of rows is written while the service sends the next one.
    with client.stream_token_rows(kinds=ALL_KINDS) as stream:
        rows: list[Row] = []

        def arriving() -> Iterator[Row]:
            for chunk in stream.chunks():
                rows.extend(chunk)
                yield from chunk

        return _apply_full(cache, old, arriving(), rows, stream.cursor, now)


def _apply_full(
    cache: TokenCache,
    old: dict[str, Row],
    arriving: Iterable[Row],
    rows: list[Row],
    cursor: str,
    now: datetime,
) -> SyncResult:
    """Replace the cache with the rows `arriving` yields (collected in `rows` as they pass)."""
    cache.store_sync(arriving, (), cursor, now, replace=True)
    if old:
        new_ids = {row[0] for row in rows}
        added = [row for row in rows if row[0] not in old]
        changed = [row for row in rows if row[0] in old and old[row[0]] != row]
        removed = [token_id for token_id in old if token_id not in new_ids]
    else:  # a first sync: every row is new (no per-row look-ups at 100,000 tokens)
        added, changed, removed = rows, [], []
    return SyncResult(full=True, added=added, changed=changed, removed=removed)


def _apply_changes(
    cache: TokenCache, rows: list[Row], removed_ids: Iterable[str], cursor: str, now: datetime
) -> SyncResult:
    removed_set = set(removed_ids)
    rows = [row for row in rows if row[0] not in removed_set]
    old = cache.rows_by_id([row[0] for row in rows] + sorted(removed_set))
    added = [row for row in rows if row[0] not in old]
    changed = [row for row in rows if row[0] in old and old[row[0]] != row]
    removed = [token_id for token_id in removed_set if token_id in old]
    cache.store_sync(added + changed, removed, cursor, now, replace=False)
    return SyncResult(full=False, added=added, changed=changed, removed=sorted(removed))
