"""Token rows for tests, built from `core.token_fields.TOKEN_FIELDS` (never written out by position).

`make_row(id="t1", name="ci", last_used_at=...)` gives a row tuple in ROW_FIELDS order; fields left out
take `ROW_DEFAULTS` (and the fields added later, their schema default), so a test names only what it
is about and keeps working when a field is appended to the schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.core.token_fields import FIELD_INDEX, ROW_FIELDS, TOKEN_FIELDS

# Values for the fields without a schema default (times: float POSIX seconds).
ROW_DEFAULTS: Mapping[str, Any] = {
    "id": "t1",
    "name": "ci deploy",
    "kind": "api",
    "owner": "alice",
    "owner_deprovisioned": False,
    "privileges": "read",
    "created_at": 1_700_000_000.0,
    "last_used_at": None,
}


def make_row(**fields: Any) -> tuple[Any, ...]:
    """A row with `fields` (by field name) and defaults for the rest; TypeError for an unknown name."""
    unknown = set(fields) - set(ROW_FIELDS)
    if unknown:
        raise TypeError(f"not token fields: {sorted(unknown)}")
    values = []
    for field in TOKEN_FIELDS:
        if field.name in fields:
            values.append(fields[field.name])
        elif field.name in ROW_DEFAULTS:
            values.append(ROW_DEFAULTS[field.name])
        else:
            values.append(field.default)
    return tuple(values)


def with_fields(row: Sequence[Any], **fields: Any) -> tuple[Any, ...]:
    """`row` with some fields replaced (by name)."""
    values = list(row)
    for name, value in fields.items():
        values[FIELD_INDEX[name]] = value
    return tuple(values)


__all__ = ["ROW_DEFAULTS", "make_row", "with_fields"]
