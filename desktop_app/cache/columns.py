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
from dataclasses import dataclass
from typing import Any

import numpy as np

SEPARATOR = "\x00"  # cannot occur in an id, a name (control characters are refused) or a username
SNAPSHOT_FORMAT = 1  # bump when the blob layout below changes (older snapshots are then rebuilt)

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
    last_used_at BLOB NOT NULL
)"""
SNAPSHOT_COLUMNS = (
    "count", "ids", "names", "owners", "owner_codes", "deprovisioned", "privileges", "privilege_codes",
    "created_at", "last_used_at",
)


class SnapshotMismatch(ValueError):
    """The blobs do not add up (damaged, or written by something else): rebuild from the rows."""


@dataclass(eq=False)
class TokenColumns:
    """The tokens of one kind, oldest first (created_at, then id), one sequence per field.

    `owner_codes[i]` indexes `owner_values`, `privilege_codes[i]` indexes `privilege_values`;
    `last_used_at` is NaN for a token never used. Whoever adopts the lists and arrays owns them.
    """

    kind: str
    ids: list[str]
    names: list[str]
    owner_values: list[str]
    owner_codes: np.ndarray  # int32
    deprovisioned: np.ndarray  # bool
    privilege_values: list[str]
    privilege_codes: np.ndarray  # int8
    created_at: np.ndarray  # float64, POSIX seconds (UTC)
    last_used_at: np.ndarray  # float64, NaN = never used

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(cls, kind: str, rows: Iterable[Sequence[Any]]) -> TokenColumns:
        """From row tuples in ROW_FIELDS order (all of this kind, already in the cache's order)."""
        rows = rows if isinstance(rows, list) else list(rows)
        ids, names, _kinds, owners, deprovisioned, privileges, created, last_used = (
            [row[field] for row in rows] for field in range(8)
        )
        owner_table: dict[str, int] = {}
        owner_codes = [owner_table.setdefault(owner, len(owner_table)) for owner in owners]
        privilege_table: dict[str, int] = {}
        privilege_codes = [privilege_table.setdefault(value, len(privilege_table)) for value in privileges]
        return cls(
            kind=str(kind),
            ids=ids,
            names=names,
            owner_values=list(owner_table),
            owner_codes=np.array(owner_codes, dtype=np.int32),
            deprovisioned=np.array(deprovisioned, dtype=bool),
            privilege_values=list(privilege_table),
            privilege_codes=np.array(privilege_codes, dtype=np.int8),
            created_at=np.array(created, dtype=np.float64),
            last_used_at=np.array(last_used, dtype=np.float64),  # None → NaN
        )

    @classmethod
    def empty(cls, kind: str) -> TokenColumns:
        return cls.from_rows(kind, [])

    def owners(self) -> list[str]:
        """The owner of each token (the same string object for every token of one owner)."""
        values = self.owner_values
        return [values[code] for code in self.owner_codes.tolist()]

    def rows(self) -> list[tuple]:
        """Back to row tuples in ROW_FIELDS order (tests, diffs)."""
        privileges = [self.privilege_values[code] for code in self.privilege_codes.tolist()]
        return [
            (token_id, name, self.kind, owner, deprovisioned, privilege, created,
             None if math.isnan(last_used) else last_used)
            for token_id, name, owner, deprovisioned, privilege, created, last_used in zip(
                self.ids, self.names, self.owners(), self.deprovisioned.tolist(), privileges,
                self.created_at.tolist(), self.last_used_at.tolist(),
            )
        ]

    # ---- the snapshot's blobs ------------------------------------------------------------------

    def encode(self) -> tuple | None:
        """Values for SNAPSHOT_COLUMNS, or None when a text value holds the separator (no snapshot then)."""
        count = len(self.ids)
        texts = []
        for values in (self.ids, self.names, self.owner_values, self.privilege_values):
            joined = SEPARATOR.join(values)
            if joined.count(SEPARATOR) != max(len(values) - 1, 0):
                return None
            texts.append(joined.encode("utf-8"))
        ids, names, owners, privileges = texts
        return (
            count, ids, names, owners,
            np.ascontiguousarray(self.owner_codes, dtype="<i4").tobytes(),
            np.ascontiguousarray(self.deprovisioned, dtype=np.uint8).tobytes(),
            privileges,
            np.ascontiguousarray(self.privilege_codes, dtype=np.int8).tobytes(),
            np.ascontiguousarray(self.created_at, dtype="<f8").tobytes(),
            np.ascontiguousarray(self.last_used_at, dtype="<f8").tobytes(),
        )

    @classmethod
    def decode(cls, kind: str, values: Sequence[Any]) -> TokenColumns:
        """From SNAPSHOT_COLUMNS values; raises SnapshotMismatch when they do not fit together."""
        try:
            count, ids, names, owners, owner_codes, deprovisioned, privileges, privilege_codes, created, last_used = values
            count = int(count)
            id_list = _split(ids, count)
            name_list = _split(names, count)
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
            )
        except (TypeError, ValueError, UnicodeDecodeError) as error:
            raise SnapshotMismatch(str(error)) from None
        if count and (
            int(columns.owner_codes.min()) < 0 or int(columns.owner_codes.max()) >= len(owner_values)
            or int(columns.privilege_codes.min()) < 0
            or int(columns.privilege_codes.max()) >= len(privilege_values)
        ):
            raise SnapshotMismatch("a code points outside its table")
        return columns


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
