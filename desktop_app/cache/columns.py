"""One kind's cached tokens column by column, and their compact form in the cache file (the snapshot).

A table model can adopt a `TokenColumns` as it is (lists of ids and names, numpy arrays for the rest)
instead of building 100,000 row tuples and taking them apart again. The cache keeps one snapshot per
kind, written in the same transaction as a full sync: per-column blobs (float64 times, codes into
small tables of distinct owners and privileges, ids and names as one '\\x00'-joined UTF-8 string),
so reading 100,000 tokens back is a few blob reads and two `str.split` calls.

No SQL and no Qt here: `store.py` reads and writes the blobs, the UI reads the columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop_app.core.token_fields import FIELD_INDEX, PRIVILEGE_VALUES, ROW_FIELDS, Row

from .extra_columns import (
    ENCODED_FIELDS,
    SEPARATOR,
    ExtraMismatch,
    decode_extra,
    encode_extra,
    extra_from_values,
    extra_row_values,
    take_extra,
)
from .name_order import is_permutation, name_keys, name_order, order_ties_by

# Fields with an encoding of their own below (the kind is the snapshot's key); any other field of
# core.token_fields travels in `TokenColumns.extra` (extra_columns.py: times as float64 arrays, text
# packed, in one blob of the snapshot).
_ENCODED_ORDER = ENCODED_FIELDS
# Bump when the blob layout changes (older snapshots are then rebuilt from the rows).
# 3: the lifecycle fields (expiry, description, grace period) as typed blobs, not JSON.
# 4: the order by name (cache.name_order), so a first sort right after start-up finds it made.
SNAPSHOT_FORMAT = 4

# The snapshot table: created on first use, dropped and rebuilt freely (it is derived from `tokens`).
SNAPSHOT_TABLE = "token_columns"
SNAPSHOT_DDL = f"""CREATE TABLE IF NOT EXISTS {SNAPSHOT_TABLE} (
    kind TEXT PRIMARY KEY,
    format INTEGER NOT NULL,
    cursor TEXT,
    last_sync_at TEXT,
    count INTEGER NOT NULL,
    ids BLOB NOT NULL,
    names BLOB NOT NULL,
    owners BLOB NOT NULL,
    owner_codes BLOB NOT NULL,
    deprovisioned BLOB NOT NULL,
    privileges BLOB NOT NULL,
    privilege_codes BLOB NOT NULL,
    created_at BLOB NOT NULL,
    last_used_at BLOB NOT NULL,
    extra BLOB NOT NULL,
    name_order BLOB NOT NULL
)"""
SNAPSHOT_COLUMNS = (
    "count",
    "ids",
    "names",
    "owners",
    "owner_codes",
    "deprovisioned",
    "privileges",
    "privilege_codes",
    "created_at",
    "last_used_at",
    "extra",
    "name_order",
)


class SnapshotMismatch(ValueError):
    """The blobs do not add up (damaged, or written by something else): rebuild from the rows."""


class PackedStrings:
    """Strings joined by SEPARATOR in one UTF-8 blob, read one at a time until `to_list()` splits them.

    Splitting 80,000 ids or names makes 80,000 string objects (~8 ms each in a fresh process); a table's
    first paint needs a screenful, so a model can keep this until idle time. Supports len(), [i]
    (an int), `index(value)` and `to_list()`; a byte that is not UTF-8 (a damaged file) reads as U+FFFD.
    """

    __slots__ = ("_blob", "_starts", "_stops")

    def __init__(self, blob: bytes, count: int) -> None:
        blob = bytes(blob)
        ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 0)
        if len(ends) != max(count - 1, 0) or (count == 0 and blob):
            raise SnapshotMismatch(
                f"{len(ends) + 1 if blob or count else 0} values where {count} were expected"
            )
        self._blob = blob
        self._starts = np.concatenate(([0], ends + 1)) if count else np.zeros(0, dtype=np.intp)
        self._stops = np.concatenate((ends, [len(blob)])) if count else np.zeros(0, dtype=np.intp)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, row: int) -> str:
        return self._blob[int(self._starts[row]) : int(self._stops[row])].decode("utf-8", "replace")

    def index(self, value: str) -> int:
        """The first position holding `value` (ValueError if none), as list.index."""
        needle = value.encode("utf-8")
        blob, starts, stops = self._blob, self._starts, self._stops
        at = blob.find(needle)
        while at >= 0:
            row = int(np.searchsorted(starts, at))
            if row < len(starts) and starts[row] == at and stops[row] == at + len(needle):
                return row
            at = blob.find(needle, at + 1)
        raise ValueError(f"{value!r} is not here")

    def to_list(self) -> list[str]:
        if not len(self._starts):
            return []
        return self._blob.decode("utf-8", "replace").split(SEPARATOR)


@dataclass(eq=False)
class TokenColumns:
    """The tokens of one kind, oldest first (created_at, then id), one sequence per field.

    `owner_codes[i]` indexes `owner_values`, `privilege_codes[i]` indexes `privilege_values`;
    `last_used_at` is NaN for a token never used; `extra` holds the values of EXTRA_FIELDS (fields
    of core.token_fields without an encoding here) by field name: a float64 array (NaN = None) for a
    time, a list (or, decoded, PackedStrings) for text. Whoever adopts the lists
    and arrays owns them.
    """

    kind: str
    ids: list[str] | PackedStrings  # PackedStrings when decoded from a snapshot (see `decode`)
    names: list[str] | PackedStrings
    owner_values: list[str]
    owner_codes: np.ndarray  # int32
    deprovisioned: np.ndarray  # bool
    privilege_values: list[str]
    privilege_codes: np.ndarray  # int8
    created_at: np.ndarray  # float64, POSIX seconds (UTC)
    last_used_at: np.ndarray  # float64, NaN = never used
    extra: dict[str, Any] = field(default_factory=dict)
    # The rows in order of (casefolded name, id), when a snapshot carried it (cache.name_order).
    name_order: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def id_list(self) -> list[str]:
        return self.ids if isinstance(self.ids, list) else self.ids.to_list()

    def name_list(self) -> list[str]:
        return self.names if isinstance(self.names, list) else self.names.to_list()

    @classmethod
    def from_rows(cls, kind: str, rows: Iterable[Sequence[Any]]) -> TokenColumns:
        """From row tuples in ROW_FIELDS order (all of this kind, already in the cache's order)."""
        rows = rows if isinstance(rows, list) else list(rows)
        # One pass per field (faster than zip(*rows) for 100,000 tuples).
        ids, names, owners, deprovisioned, privileges, created, last_used = (
            [row[at] for row in rows] for at in _AT_ENCODED
        )
        owner_values, owner_codes = _categories(owners, np.int32)
        privilege_values, privilege_codes = _categories(privileges, np.int8)
        return cls(
            kind=str(kind),
            ids=ids,
            names=names,
            owner_values=owner_values,
            owner_codes=owner_codes,
            deprovisioned=np.array(deprovisioned, dtype=bool),
            privilege_values=privilege_values,
            privilege_codes=privilege_codes,
            created_at=np.array(created, dtype=np.float64),
            last_used_at=np.array(last_used, dtype=np.float64),  # None → NaN
            extra=extra_from_values(lambda name: [row[FIELD_INDEX[name]] for row in rows]),
        )

    @classmethod
    def by_kind(cls, rows: Sequence[Sequence[Any]], kinds: Iterable[str] = ()) -> dict[str, TokenColumns]:
        """Rows of any kinds (any order) → columns per kind in the cache's order
        (created_at, then id); every kind in `kinds` is there, if need be empty.

        Fields are taken out in the rows' own order (reading 100,000 tuples in another order is
        several times slower: cache misses), then put in order by numpy takes.
        """
        rows = rows if isinstance(rows, list) else list(rows)
        values = {name: [row[at] for row in rows] for at, name in enumerate(ROW_FIELDS)}
        ids, names, row_kinds, owners, deprovisioned, privileges, created, last_used = (
            values[name] for name in _ENCODED_ORDER
        )
        if len(set(ids)) != len(ids):  # an id given twice: the last one counts (as an upsert)
            at_id = FIELD_INDEX["id"]
            return cls.by_kind(list({row[at_id]: row for row in rows}.values()), kinds)
        created_at = np.array(created, dtype=np.float64)
        if len(created_at) > 1 and bool(np.all(created_at[1:] >= created_at[:-1])):
            order = np.arange(len(created_at))  # the service lists tokens oldest first
        else:
            order = np.argsort(created_at, kind="stable")
        ordered = created_at[order]
        tied = np.flatnonzero(ordered[1:] == ordered[:-1])
        if len(tied):  # equal times: by id, as SQLite's ORDER BY created_at, id
            order = order_ties_by(order, tied, ids.__getitem__)
        kind_values, kind_codes = _categories(row_kinds, np.int32)
        owner_values, owner_codes = _categories(owners, np.int32)
        privilege_values, privilege_codes = _categories(privileges, np.int32)
        id_objects, name_objects = np.array(ids, dtype=object), np.array(names, dtype=object)
        flags = np.array(deprovisioned, dtype=bool)
        last_used_at = np.array(last_used, dtype=np.float64)  # None → NaN
        extra_all = extra_from_values(values.__getitem__)
        result = {str(kind): cls.from_rows(str(kind), []) for kind in kinds}
        for code, kind in enumerate(kind_values):
            kind = str(kind)
            take = order[kind_codes[order] == code]
            kind_owners, kind_owner_codes = _compact(owner_values, owner_codes[take])
            kind_privileges, kind_privilege_codes = _compact(privilege_values, privilege_codes[take])
            result[kind] = cls(
                kind=kind,
                ids=id_objects[take].tolist(),
                names=name_objects[take].tolist(),
                owner_values=kind_owners,
                owner_codes=kind_owner_codes.astype(np.int32),
                deprovisioned=flags[take],
                privilege_values=kind_privileges,
                privilege_codes=kind_privilege_codes.astype(np.int8),
                created_at=created_at[take],
                last_used_at=last_used_at[take],
                extra=take_extra(extra_all, take),
            )
        return result

    @classmethod
    def empty(cls, kind: str) -> TokenColumns:
        return cls.from_rows(kind, [])

    def owners(self) -> list[str]:
        """The owner of each token (the same string object for every token of one owner)."""
        values = self.owner_values
        return [values[code] for code in self.owner_codes.tolist()]

    def rows(self) -> list[Row]:
        """Back to row tuples in ROW_FIELDS order (tests, diffs)."""
        values: dict[str, list[Any]] = {
            "id": self.id_list(),
            "name": self.name_list(),
            "kind": [self.kind] * len(self),
            "owner": self.owners(),
            "owner_deprovisioned": self.deprovisioned.tolist(),
            "privileges": [self.privilege_values[code] for code in self.privilege_codes.tolist()],
            "created_at": self.created_at.tolist(),
            "last_used_at": [None if math.isnan(value) else value for value in self.last_used_at.tolist()],
            **{name: extra_row_values(self.extra, name) for name in self.extra},
        }
        return list(zip(*(values[name] for name in ROW_FIELDS), strict=True))

    # ---- the snapshot's blobs ------------------------------------------------------------------

    def encode(self) -> tuple[Any, ...] | None:
        """Values for SNAPSHOT_COLUMNS, or None when a text value holds the separator (no snapshot then)."""
        count = len(self.ids)
        texts = []
        for values in (self.id_list(), self.name_list(), self.owner_values, self.privilege_values):
            joined = SEPARATOR.join(values)
            if joined.count(SEPARATOR) != max(len(values) - 1, 0):
                return None
            texts.append(joined.encode("utf-8"))
        ids, names, owners, privileges = texts
        extra = encode_extra(self.extra, count)
        if extra is None:
            return None
        return (
            count,
            ids,
            names,
            owners,
            np.ascontiguousarray(self.owner_codes, dtype="<i4").tobytes(),
            np.ascontiguousarray(self.deprovisioned, dtype=np.uint8).tobytes(),
            privileges,
            np.ascontiguousarray(self.privilege_codes, dtype=np.int8).tobytes(),
            np.ascontiguousarray(self.created_at, dtype="<f8").tobytes(),
            np.ascontiguousarray(self.last_used_at, dtype="<f8").tobytes(),
            extra,
            np.ascontiguousarray(self._name_order(), dtype="<i4").tobytes(),
        )

    def _name_order(self) -> np.ndarray:
        if self.name_order is not None:
            return self.name_order
        return name_order(name_keys(self.name_list()), self.id_list())

    @classmethod
    def decode(cls, kind: str, values: Sequence[Any]) -> TokenColumns:
        """From SNAPSHOT_COLUMNS values; raises SnapshotMismatch when they do not fit together.

        Ids and names stay packed (PackedStrings) until someone calls `to_list()` on them.
        """
        try:
            (
                count,
                ids,
                names,
                owners,
                owner_codes,
                deprovisioned,
                privileges,
                privilege_codes,
                created,
                last_used,
                extra,
                by_name,
            ) = values
            count = int(count)
            extra_values = decode_extra(extra, count, PackedStrings)
            id_list = PackedStrings(ids, count)
            name_list = PackedStrings(names, count)
            owner_values = _split(owners, None)
            privilege_values = _split(privileges, None)
            columns = cls(
                kind=str(kind),
                ids=id_list,
                names=name_list,
                owner_values=owner_values,
                owner_codes=_array(owner_codes, "<i4", count).astype(np.int32),
                deprovisioned=_array(deprovisioned, np.uint8, count).astype(bool),
                privilege_values=privilege_values,
                privilege_codes=_array(privilege_codes, np.int8, count).copy(),
                created_at=_array(created, "<f8", count).astype(np.float64),
                last_used_at=_array(last_used, "<f8", count).astype(np.float64),
                extra=extra_values,
                name_order=_array(by_name, "<i4", count).astype(np.intp),
            )
        except (TypeError, ValueError, UnicodeDecodeError, ExtraMismatch) as error:
            raise SnapshotMismatch(str(error)) from None
        if count and (
            int(columns.owner_codes.min()) < 0
            or int(columns.owner_codes.max()) >= len(owner_values)
            or int(columns.privilege_codes.min()) < 0
            or int(columns.privilege_codes.max()) >= len(privilege_values)
        ):
            raise SnapshotMismatch("a code points outside its table")
        if columns.name_order is not None and not is_permutation(columns.name_order, count):
            raise SnapshotMismatch("the order by name does not fit the rows")
        if not set(privilege_values) <= PRIVILEGE_VALUES:
            raise SnapshotMismatch("an unknown privilege")
        return columns


_AT_ENCODED = tuple(FIELD_INDEX[name] for name in _ENCODED_ORDER if name != "kind")


def _categories(values: list[str], dtype: Any) -> tuple[list[str], np.ndarray]:
    """(distinct values in first-seen order, each value's code into them)."""
    distinct = list(dict.fromkeys(values))
    code_of = {value: code for code, value in enumerate(distinct)}
    return distinct, np.fromiter(map(code_of.__getitem__, values), dtype=dtype, count=len(values))


def _compact(values: list[str], codes: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Only the values `codes` use, in their first-seen order, and the codes into that shorter list."""
    if not len(codes):
        return [], codes
    used, first = np.unique(codes, return_index=True)
    used = used[np.argsort(first, kind="stable")]
    remap = np.full(len(values), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return [values[code] for code in used.tolist()], remap[codes]


def _split(blob: Any, count: int | None) -> list[str]:
    data = bytes(blob)
    if not data:
        values: list[str] = []
    else:
        values = data.decode("utf-8").split(SEPARATOR)
    if count is not None and len(values) != count:
        if count == 1 and values == []:  # one empty string
            return [""]
        raise SnapshotMismatch(f"{len(values)} values where {count} were expected")
    return values


def _array(blob: Any, dtype: Any, count: int) -> np.ndarray:
    array = np.frombuffer(bytes(blob), dtype=dtype)
    if len(array) != count:
        raise SnapshotMismatch(f"{len(array)} values where {count} were expected")
    return array
