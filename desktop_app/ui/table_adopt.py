"""Adopting the cache's per-kind columns (`desktop_app.cache.columns.TokenColumns`) as table data.

The cache hands one kind's tokens over column by column (ids and names possibly packed in one blob
each, owners and privileges as codes into small tables); the table data takes the lists and arrays
over instead of building 100,000 row tuples and taking them apart again. No Qt here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.roles import Privileges

PRIVILEGES_BY_CODE: tuple[Privileges, ...] = (Privileges.READ, Privileges.READ_WRITE)  # label order
PRIVILEGE_CODES = {p.value: code for code, p in enumerate(PRIVILEGES_BY_CODE)}


def is_columns(tokens: object) -> bool:
    """True for one kind's cache columns (a TokenColumns or anything with the same attributes)."""
    return hasattr(tokens, "owner_codes") and hasattr(tokens, "privilege_values")


def _is_packed(values: object) -> bool:
    """Packed strings (desktop_app.cache.columns.PackedStrings): len, [row], index(), to_list()."""
    return hasattr(values, "to_list") and hasattr(values, "index")


def _text(values: Any) -> Any:
    # Packed ids and names stay packed (read per row) until the table's warm-up splits them.
    return values if isinstance(values, list) or _is_packed(values) else list(values)


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
    return {
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
    }
