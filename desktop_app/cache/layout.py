"""The cache's schema version and row layout, without peewee (the first paint reads them)."""

SCHEMA_VERSION = 1

ROW_FIELDS = (
    "id",
    "name",
    "kind",
    "owner",
    "owner_deprovisioned",
    "privileges",
    "created_at",
    "last_used_at",
)
