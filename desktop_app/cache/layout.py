"""The cache's schema version, without peewee (the first paint reads it).

The row layout itself is `desktop_app.core.token_fields` (ROW_FIELDS, row_from_token): the cache's
table is made from it, and a file whose table has other fields is emptied and refilled.
"""

from __future__ import annotations

# row_from_token: kept importable from here for the console's table model until it imports core.
from desktop_app.core.token_fields import row_from_token

__all__ = ["SCHEMA_VERSION", "row_from_token"]

# 2: the lifecycle fields (expires_at, description, old_secret_valid_until, old_secret_last_used_at);
# a version-1 file gains the columns and forgets its cursor (schema.MIGRATIONS), so its rows paint at
# once and the next sync is a full one that fills the new fields from the service.
SCHEMA_VERSION = 2
