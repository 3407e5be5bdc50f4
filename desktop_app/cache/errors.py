"""The database errors the cache handles: sqlite3's, and peewee's wrappers of them once peewee is in use."""

from __future__ import annotations

import sqlite3
import sys


def database_errors() -> tuple[type[BaseException], ...]:
    """sqlite3's errors, and peewee's wrappers of them once peewee is in use."""
    peewee = sys.modules.get("peewee")
    return (sqlite3.DatabaseError, peewee.DatabaseError) if peewee is not None else (sqlite3.DatabaseError,)


def operational_errors() -> tuple[type[BaseException], ...]:
    peewee = sys.modules.get("peewee")
    return (
        (sqlite3.OperationalError, peewee.OperationalError)
        if peewee is not None
        else (sqlite3.OperationalError,)
    )
