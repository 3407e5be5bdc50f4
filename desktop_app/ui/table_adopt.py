"""The table data's columns: built from row tuples, or adopted from the cache's per-kind columns.

The cache hands one kind's tokens over column by column (ids and names possibly packed in one blob
each, owners and privileges as codes into small tables); the table data takes the lists and arrays
over instead of building 100,000 row tuples and taking them apart again. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..core.roles import Privileges
from ..core.token_fields import TOKEN_FIELDS, FieldType

PRIVILEGES_BY_CODE: tuple[Privileges, ...] = (Privileges.READ, Privileges.READ_WRITE)  # label order
PRIVILEGE_CODES = {p.value: code for code, p in enumerate(PRIVILEGES_BY_CODE)}
LIST_TYPES = (FieldType.TEXT, FieldType.KIND)  # held as Python lists; every other type as a numpy array


def is_columns(tokens: object) -> bool:
    """True for one kind's cache columns (a TokenColumns or anything with the same attributes)."""
    return hasattr(tokens, "owner_codes") and hasattr(tokens, "privilege_values")


def _is_packed(values: object) -> bool:
    """Packed strings (desktop_app.cache.columns.PackedStrings): len, [row], index(), to_list()."""
    return hasattr(values, "to_list") and hasattr(values, "index")


def _text(values: Any) -> Any:
    # Packed ids and names stay packed (read per row) until the table's warm-up splits them.
    return values if isinstance(values, list) or _is_packed(values) else list(values)


def _adopt_extra(columns: Any, count: int) -> dict[str, Any]:
    """The fields without a column of their own in `columns.extra` (times as float arrays, text as
    lists or packed); a field it lacks takes its schema default."""
    extra = getattr(columns, "extra", None) or {}
    out: dict[str, Any] = {}
    for spec in TOKEN_FIELDS:
        if spec.name in _OWN_COLUMNS:
            continue
        values = extra.get(spec.name)
        if spec.type is FieldType.TIME:
            out[spec.name] = (
                np.full(count, np.nan) if values is None else np.asarray(values, dtype=np.float64)
            )  # a list with None → NaN, an array as it is
        elif values is None:
            out[spec.name] = [spec.default] * count
        elif spec.type in LIST_TYPES:
            out[spec.name] = _text(values)
        elif spec.type is FieldType.FLAG:
            out[spec.name] = np.asarray(values, dtype=bool)
        else:
            out[spec.name] = np.array([PRIVILEGE_CODES[p] for p in values], dtype=np.int8)
    return out


# The fields TokenColumns holds in columns of their own (`adopt_columns` takes them over one by one).
_OWN_COLUMNS = frozenset(
    ("id", "name", "kind", "owner", "owner_deprovisioned", "privileges", "created_at", "last_used_at")
)


def adopt_columns(columns: Any, owner_table: dict[str, int]) -> dict[str, Any]:
    """The table data's columns (by field name, plus "owner_codes") for `columns`; `owner_table`
    (owner → code) gains the owners."""
    values = list(columns.owner_values)
    for owner in values:  # codes stay the columns' codes when the owners are distinct
        owner_table.setdefault(owner, len(owner_table))
    recode = np.array([owner_table[owner] for owner in values], dtype=np.int32)
    codes = np.asarray(columns.owner_codes, dtype=np.intp)
    count = len(columns.ids)
    privilege_codes = np.array([PRIVILEGE_CODES[value] for value in columns.privilege_values], dtype=np.int8)
    adopted = {
        "id": _text(columns.ids),
        "name": _text(columns.names),
        "kind": [str(columns.kind)] * count,
        "owner": np.array(values, dtype=object)[codes].tolist() if count else [],  # one str per owner
        "owner_codes": recode[codes] if count else np.zeros(0, np.int32),
        "owner_deprovisioned": np.asarray(columns.deprovisioned, dtype=bool),
        "privileges": privilege_codes[np.asarray(columns.privilege_codes, dtype=np.intp)]
        if count
        else np.zeros(0, np.int8),
        "created_at": np.asarray(columns.created_at, dtype=np.float64),
        "last_used_at": np.asarray(columns.last_used_at, dtype=np.float64),
        **_adopt_extra(columns, count),
    }
    # The fields the cache keeps without an encoding of their own (its `extra` lists; defaults for a
    # cache written before they existed), held as rows would make them.
    extra = getattr(columns, "extra", {})
    for spec in TOKEN_FIELDS:
        if spec.name not in adopted:
            held: Any = extra.get(spec.name)
            values = held if held is not None else [None if spec.required else spec.default] * count
            adopted[spec.name] = (
                list(values) if spec.type in LIST_TYPES else np.array(values, dtype=np.float64)
            )
    return adopted


def field_values(rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """Each field's values for `rows` as held: lists for text, numpy arrays for the rest."""
    built: dict[str, Any] = {}
    for index, spec in enumerate(TOKEN_FIELDS):
        values = [row[index] for row in rows]  # one pass per field: faster than zip(*rows)
        if spec.type in LIST_TYPES:
            built[spec.name] = values
        elif spec.type is FieldType.FLAG:
            built[spec.name] = np.array(values, dtype=bool)
        elif spec.type is FieldType.TIME:
            built[spec.name] = np.array(values, dtype=np.float64)  # None → NaN
        else:
            built[spec.name] = np.array([PRIVILEGE_CODES[p] for p in values], dtype=np.int8)
    return built


def rows_differ(held_columns: dict[str, Any], positions: np.ndarray, rows: list[Sequence[Any]]) -> np.ndarray:
    """Per row, whether it differs from the token held at its position in `held_columns` (column-wise)."""
    new = field_values(rows)
    differs = np.zeros(len(rows), dtype=bool)
    for spec in TOKEN_FIELDS:
        held, values = held_columns[spec.name], new[spec.name]
        if isinstance(values, list):
            differs |= np.array([held[p] != v for p, v in zip(positions.tolist(), values, strict=True)], bool)
        elif spec.type is FieldType.TIME:
            old = held[positions]
            differs |= ~((old == values) | (np.isnan(old) & np.isnan(values)))
        else:
            differs |= held[positions] != values
    return differs
