"""One section's tokens column by column, without Qt: storage, the update diff, sort orders, search keys.

Rows come in as tuples in `core.token_fields.ROW_FIELDS` order (times as float POSIX seconds), or as
one kind's cache columns (`desktop_app.cache.columns.TokenColumns`), which are adopted without building
a tuple per row. Each field is held by its type (`FieldType`): text as a list, flags, times and codes
as numpy arrays, so filters and sorts run over whole columns. Status is derived from `last_used_at`
and `expires_at` at `now()` by `core.status_columns`; a token expiring within `warn_days()` (the
tenant's warning period, set by the window from its policy) is "expiring soon".

The sort orders are computed by the `table_sort.TableSortOrders` mixin.
`TokenTableModel` (token_model.py) shows this to Qt and signals its changes; the proxies read it
through the public methods here. Nothing here needs a QApplication.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..cache.name_order import order_ties_by
from ..core.roles import Privileges
from ..core.status_columns import STATUS_BY_CODE, next_status_change, status_codes
from ..core.token_fields import FIELD_INDEX, ROW_FIELDS, TOKEN_FIELDS, FieldType, Row
from ..core.tokens import TokenKind, TokenStatus
from .columns import Column
from .table_adopt import LIST_TYPES, PRIVILEGES_BY_CODE, adopt_columns, field_values, is_columns, rows_differ
from .table_keys import (
    SEARCH_SEPARATOR,
    bytes_array,
    search_fold,
    search_list,
    sort_key,
)
from .table_sort import TableSortOrders

_ID, _NAME, _KIND, _OWNER = FIELD_INDEX["id"], FIELD_INDEX["name"], FIELD_INDEX["kind"], FIELD_INDEX["owner"]
_ROW_OF_SCANS = 16  # row_of() lookups answered by scanning the ids before the id index is built
KEY_CHUNK = 20_000  # rows of search/sort keys built per warm-up step (~10 ms)
DEFAULT_WARN_DAYS = 7  # core.policy's default warning period, until the tenant's policy says otherwise
_DAY = 86_400.0


@dataclass
class TableDiff:
    """What an update changes: rows to remove (ascending), rows changed in place, rows to append."""

    removed: list[int] = field(default_factory=list)
    changed: list[tuple[int, Sequence[Any]]] = field(default_factory=list)
    added: list[Sequence[Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.removed or self.changed or self.added)


class TokenTableData(TableSortOrders):
    """A flat table of one section's tokens (optionally only one `kind`), held column-wise.

    `load()` replaces everything; `diff()` + `remove()/change()/append()` update in place (the model
    signals around each); `apply_changes()` does all three at once for a caller without signals.
    """

    def __init__(self, tokens: Any = (), *, now: float, kind: TokenKind | None = None) -> None:
        self._kind = TokenKind(kind) if kind is not None else None
        self.revision = 0  # bumped whenever a raw value or the row set changes
        self._all_rows: tuple[int, np.ndarray] | None = None
        self._row_of: dict[str, int] | None = None  # token id → row, built on first use
        self._row_of_scans = 0
        self._warn_seconds = DEFAULT_WARN_DAYS * _DAY
        self.load(tokens, now)

    # ---- loading ------------------------------------------------------------------------------

    def load(self, tokens: Any, now: float) -> None:
        """Hold exactly `tokens`: row tuples, or one kind's cache columns (adopted as they are)."""
        self._now = now
        self._owner_table: dict[str, int] = {}  # owner → code
        self._orders: dict[Column, np.ndarray] = {}
        self._name_rank_cache: np.ndarray | None = None
        self._keys_progress: tuple[int, list[bytes]] | None = None  # (revision, search keys so far)
        self._cols: dict[str, Any] = {"name_keys": None, "search": None}
        if is_columns(tokens):
            adopted = self._kind is None or str(tokens.kind) == self._kind.value
            self._cols.update(adopt_columns(tokens, self._owner_table) if adopted else self._build([]))
        else:
            self._cols.update(self._build(self.own(tokens)))
        self._cols["status"] = self._status_codes(self._cols, now)
        self._set_row_of(None)
        self._bump()
        stored_order = getattr(tokens, "name_order", None) if is_columns(tokens) else None
        if stored_order is not None and len(stored_order) == self.token_count():
            self._orders[Column.NAME] = stored_order  # the snapshot's: a first sort by name waits for nothing

    def own(self, rows: Iterable[Sequence[Any]]) -> list[Sequence[Any]]:
        """The rows of this table's kind (all of them when it has none)."""
        if self._kind is None:
            return list(rows)
        kind = self._kind.value
        return [row for row in rows if row[_KIND] == kind]

    def _build(self, rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
        """Column values for `rows` by field name, plus the owner codes (and keys, once they exist)."""
        built = field_values(rows)
        owners, table = built["owner"], self._owner_table
        for owner in set(owners) - table.keys():
            table[owner] = len(table)
        built["owner_codes"] = np.array([table[owner] for owner in owners], dtype=np.int32)
        if self._cols.get("search") is not None:
            built["search"] = bytes_array(search_list(built["name"], owners))
        if self._cols.get("name_keys") is not None:
            built["name_keys"] = bytes_array([sort_key(name) for name in built["name"]])
        return built

    @staticmethod
    def _status_codes(columns: dict[str, Any], now: float) -> np.ndarray:
        return status_codes(columns["last_used_at"], now, expires=columns["expires_at"])

    def _list(self, name: str) -> list[str]:
        """A text column as a list (split now if it came packed)."""
        store = self._cols[name]
        if not isinstance(store, list):
            store = self._cols[name] = store.to_list()
        texts: list[str] = store
        return texts

    def _bump(self, *, keep_name_order: bool = False) -> None:
        self.revision += 1
        name_order = self._orders.get(Column.NAME)
        self._orders.clear()
        if keep_name_order and name_order is not None:
            self._orders[Column.NAME] = name_order
        else:
            self._name_rank_cache = None

    # ---- reading ------------------------------------------------------------------------------

    @property
    def kind(self) -> TokenKind | None:
        return self._kind

    def __len__(self) -> int:
        return len(self._cols["id"])

    def token_count(self) -> int:
        return len(self._cols["id"])

    def now(self) -> float:
        """The moment (POSIX seconds) at which the statuses hold."""
        return self._now

    def id_at(self, row: int) -> str:
        ids: Sequence[str] = self._cols["id"]  # a list, or cache.columns' packed texts
        return ids[row]

    def name_at(self, row: int) -> str:
        names: Sequence[str] = self._cols["name"]
        return names[row]

    def owner_at(self, row: int) -> str:
        owners: Sequence[str] = self._cols["owner"]
        return owners[row]

    def kind_at(self, row: int) -> TokenKind:
        return TokenKind(self._cols["kind"][row])

    def is_deprovisioned(self, row: int) -> bool:
        return bool(self._cols["owner_deprovisioned"][row])

    def privileges_at(self, row: int) -> Privileges:
        return PRIVILEGES_BY_CODE[int(self._cols["privileges"][row])]

    def created_at(self, row: int) -> float:
        return float(self._cols["created_at"][row])

    def last_used_at(self, row: int) -> float | None:
        moment = self._cols["last_used_at"][row]
        return None if math.isnan(moment) else float(moment)

    def expires_at(self, row: int) -> float | None:
        moment = self._cols["expires_at"][row]
        return None if math.isnan(moment) else float(moment)

    def expires_soon(self, row: int) -> bool:
        """True when the token expires after `now()` but within the warning period."""
        seconds = self._cols["expires_at"][row] - self._now  # NaN (never) compares False
        return bool(0 < seconds <= self._warn_seconds)

    def expiring_soon_count(self) -> int:
        """How many tokens expire after `now()` but within the warning period."""
        seconds = self._cols["expires_at"] - self._now
        return int(np.count_nonzero((seconds > 0) & (seconds <= self._warn_seconds)))

    def warn_days(self) -> int:
        """The warning period in days (the tenant policy's `warn_days`)."""
        return round(self._warn_seconds / _DAY)

    def set_warn_days(self, days: int) -> bool:
        """Set the warning period; True if it changed (the expiry marks then change)."""
        seconds = max(0, int(days)) * _DAY
        if seconds == self._warn_seconds:
            return False
        self._warn_seconds = seconds
        return True

    def status_code_at(self, row: int) -> int:
        return int(self._cols["status"][row])

    def status_at(self, row: int) -> TokenStatus:
        return STATUS_BY_CODE[int(self._cols["status"][row])]

    def value(self, name: str, row: int) -> Any:
        """One field of the token at `row` in its row form (core.token_fields)."""
        store = self._cols[name]
        kind = TOKEN_FIELDS[FIELD_INDEX[name]].type
        if kind in LIST_TYPES:
            return store[row]
        if kind is FieldType.FLAG:
            return bool(store[row])
        if kind is FieldType.TIME:
            return None if math.isnan(store[row]) else float(store[row])
        return PRIVILEGES_BY_CODE[store[row]].value

    def raw(self, name: str, row: int) -> Any:
        """A field (or "status") as its typed value: enums for kind, privileges and status."""
        if name == "status":
            return self.status_at(row)
        if name == "kind":
            return self.kind_at(row)
        if name == "privileges":
            return self.privileges_at(row)
        return self.value(name, row)

    def row_tuple(self, row: int) -> Row:
        """The token at `row` as a row (ROW_FIELDS order)."""
        return tuple(self.value(name, row) for name in ROW_FIELDS)

    def row_of(self, token_id: str) -> int | None:
        if self._row_of is None and self._row_of_scans < _ROW_OF_SCANS:
            # Before the id index exists (warm-up builds it last): a few scans, e.g. the header's
            # persistent indexes on row 0 when the first sort moves them.
            self._row_of_scans += 1
            try:
                return int(self._cols["id"].index(token_id))
            except ValueError:
                return None
        return self._id_index().get(token_id)

    def _id_index(self) -> dict[str, int]:
        row_of = self._row_of
        if row_of is None:
            ids = self._list("id")
            row_of = self._row_of = dict(zip(ids, range(len(ids)), strict=True))
        return row_of

    def _set_row_of(self, value: dict[str, int] | None) -> None:
        self._row_of = value
        self._row_of_scans = 0

    def all_rows(self) -> np.ndarray:
        """0..n-1, the same array object until the data changes (lets the search narrow its last result)."""
        cached = self._all_rows
        if cached is None or cached[0] != self.revision:
            cached = self._all_rows = (self.revision, np.arange(len(self), dtype=np.intp))
        return cached[1]

    def ids(self, rows: np.ndarray | Sequence[int]) -> list[str]:
        """The token ids of `rows` (an index array), in that order."""
        ids = self._list("id")
        return [ids[row] for row in np.asarray(rows, dtype=np.intp).tolist()]

    def has_other_owners(self, username: str) -> bool:
        """True when some token here belongs to someone other than `username`."""
        code = self._owner_table.get(username)
        if code is None:
            return len(self) > 0
        return bool(np.any(self._cols["owner_codes"] != code))

    def deprovisioned_rows(self) -> np.ndarray:
        rows: np.ndarray = np.flatnonzero(self._cols["owner_deprovisioned"])
        return rows

    def column(self, name: str) -> np.ndarray:
        """A time field's column (float POSIX seconds, NaN: none) or a flag's (bool); do not modify."""
        kind = TOKEN_FIELDS[FIELD_INDEX[name]].type
        assert kind in (FieldType.TIME, FieldType.FLAG), name
        values: np.ndarray | None = self._cols.get(name)
        if values is None or len(values) != len(self):  # cache columns adopted without this field
            return np.full(len(self), np.nan) if kind is FieldType.TIME else np.zeros(len(self), dtype=bool)
        return values

    def status_codes(self) -> np.ndarray:
        """Status code per row (core.status_columns.STATUS_BY_CODE) at `now()`; do not modify."""
        codes: np.ndarray = self._cols["status"]
        return codes

    def search_keys(self) -> np.ndarray:
        """Per row, `search_fold(name) + US + search_fold(owner)` as bytes; do not modify."""
        while self._cols["search"] is None:
            self._build_keys_chunk(len(self) + 1)
        keys: np.ndarray = self._cols["search"]
        return keys

    # ---- search and sort keys -----------------------------------------------------------------

    def _build_keys_chunk(self, limit: int | None = None) -> None:
        """Build the search keys of the next `limit` rows; once all are built, publish them as an array."""
        limit = KEY_CHUNK if limit is None else limit
        progress = self._keys_progress
        if progress is None or progress[0] != self.revision:  # the rows changed meanwhile: start over
            progress = self._keys_progress = (self.revision, [])
        search = progress[1]
        start = len(search)
        end = min(len(self), start + limit)
        search.extend(search_list(self._list("name")[start:end], self._cols["owner"][start:end]))
        if end == len(self):
            self._cols["search"] = bytes_array(search)
            self._keys_progress = None

    def warm_up(self) -> None:
        """Everything warm-up would build, now: split ids and names, keys, every sort order, the id index."""
        while self.warm_up_step():
            pass

    def warm_up_step(self) -> bool:
        """Do one piece of idle-time work (~10 ms at 100,000 rows); False when nothing is left."""
        for name in ("name", "id"):
            if not isinstance(self._cols[name], list):
                self._list(name)
                return True
        if self._cols["name_keys"] is None:
            self._name_keys()
            return True
        if self._cols["search"] is None:
            self._build_keys_chunk()
            return True
        for column in Column:
            if column not in self._orders:
                self.sort_order(column)
                return True
        if self._row_of is None:
            self._id_index()
            return True
        return False

    # ---- updates ------------------------------------------------------------------------------

    def diff(
        self, rows: Iterable[Sequence[Any]], removed_ids: Iterable[str] = (), *, exactly: bool = False
    ) -> TableDiff:
        """What upserting `rows` and dropping `removed_ids` changes (or, with `exactly`, what makes the
        table hold exactly `rows`): rows outside this table's kind are ignored. Apply it in order:
        `remove(diff.removed)`, then `change(diff.changed)` (positions after the removal), `append`."""
        rows = self.own(rows)
        index = self._id_index()
        if exactly:
            wanted = {row[_ID] for row in rows}
            removed = {token_id for token_id in index if token_id not in wanted}
        else:
            removed = {token_id for token_id in removed_ids if token_id in index}
        for row in rows:
            removed.discard(row[_ID])
        out = TableDiff(removed=sorted(index[token_id] for token_id in removed))
        unique: dict[str, Sequence[Any]] = {}
        for row in rows:
            unique.setdefault(row[_ID], row)  # the first of several rows with one id
        present = [
            (at, row)
            for at, row in ((index.get(token_id), row) for token_id, row in unique.items())
            if at is not None
        ]
        out.added = [row for token_id, row in unique.items() if token_id not in index]
        if present:
            positions = np.array([at for at, _ in present], dtype=np.intp)
            differs = rows_differ(self._cols, positions, [row for _, row in present])
            gone = np.array(out.removed, dtype=np.intp)
            # Positions as they will be once the removed rows are gone (removal comes first).
            shifted = positions - np.searchsorted(gone, positions)
            out.changed = [(int(shifted[i]), present[i][1]) for i in np.flatnonzero(differs).tolist()]
        return out

    def apply_changes(self, rows: Iterable[Sequence[Any]], removed_ids: Iterable[str] = ()) -> TableDiff:
        """Upsert `rows` and drop `removed_ids` at once (no signals: for callers without a view)."""
        diff = self.diff(rows, removed_ids)
        self.remove(diff.removed)
        self.change(diff.changed)
        self.append(diff.added)
        return diff

    def remove(self, rows: Sequence[int]) -> None:
        """Drop `rows` (positions); later rows move up, cached sort orders are renumbered."""
        if not len(rows):
            return
        keep = np.ones(len(self), dtype=bool)
        keep[np.asarray(rows, dtype=np.intp)] = False
        orders = self._orders.copy()
        self._bump()
        new_row = np.cumsum(keep) - 1  # cached orders stay valid once renumbered
        for column, order in orders.items():
            self._orders[column] = new_row[order[keep[order]]]
        drop = np.flatnonzero(~keep)
        kept = keep.tolist() if len(drop) >= 64 else None
        for name, values in list(self._cols.items()):
            if values is None:
                continue
            if isinstance(values, np.ndarray):
                self._cols[name] = values[keep]
            elif kept is None:
                values = self._list(name)
                for row in reversed(drop.tolist()):
                    del values[row]
            else:
                self._cols[name] = [value for value, k in zip(self._list(name), kept, strict=True) if k]
        self._set_row_of({token_id: i for i, token_id in enumerate(self._cols["id"])})

    def append(self, rows: Sequence[Sequence[Any]]) -> None:
        """Add `rows` (tokens not held yet) at the end."""
        if not rows:
            return
        first = len(self)
        self._bump()
        built = self._build(rows)
        built["status"] = self._status_codes(built, self._now)
        for name, values in built.items():
            if isinstance(values, list):
                self._list(name).extend(values)
            else:
                self._cols[name] = np.concatenate([self._cols[name], values])
        index = self._id_index()
        for offset, row in enumerate(rows):
            index[row[_ID]] = first + offset

    def change(self, changes: Sequence[tuple[int, Sequence[Any]]]) -> None:
        """Overwrite the tokens at the given positions with new values (same ids)."""
        if not changes:
            return
        at = [position for position, _ in changes]
        names = self._cols["name"]
        self._bump(keep_name_order=all(names[position] == row[_NAME] for position, row in changes))
        built = self._build([row for _, row in changes])
        built["status"] = self._status_codes(built, self._now)
        for name, values in built.items():
            if isinstance(values, list):
                current = self._list(name)
                for position, value in zip(at, values, strict=True):
                    current[position] = value
                continue
            current = self._cols[name]
            if values.dtype.kind == "S" and values.dtype.itemsize > current.dtype.itemsize:
                current = self._cols[name] = current.astype(values.dtype)  # a longer key: widen the column
            current[at] = values

    # ---- time passing -------------------------------------------------------------------------

    def refresh_status(self, now: float) -> np.ndarray:
        """Re-derive every status at `now`; the rows whose status changed (ascending)."""
        codes = self._status_codes(self._cols, now)
        self._now = now
        changed = np.flatnonzero(codes != self._cols["status"])
        if len(changed):
            self._cols["status"] = codes
            self._orders.pop(Column.STATUS, None)
        return changed

    def next_status_change(self) -> float | None:
        """POSIX seconds at which the next status changes with no new use (a 7-day window runs out or
        a token expires), or None."""
        return next_status_change(self._cols["last_used_at"], self._now, expires=self._cols["expires_at"])


__all__ = [
    "PRIVILEGES_BY_CODE",
    "SEARCH_SEPARATOR",
    "TableDiff",
    "TokenTableData",
    "is_columns",
    "order_ties_by",
    "search_fold",
]
