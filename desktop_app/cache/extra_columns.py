"""The token fields the snapshot has no column of its own for (`EXTRA_FIELDS`), and their blob.

Fields appended to `core.token_fields` after the snapshot's first layout (expiry, description, the
rotation's grace period...) travel here, each in a form as quick to read as the dedicated columns:
times as float64 arrays (NaN = None), text as one '\\x00'-joined UTF-8 string read lazily
(`PackedStrings`), any other type as a JSON list. The blob is a small JSON header naming each field's
codec and byte length, then the payloads; a header that does not name exactly this version's fields is
a mismatch (the snapshot is then read from the rows).

No SQL and no Qt here.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from desktop_app.core.token_fields import FIELDS_BY_NAME, ROW_FIELDS, FieldType

# Fields with an encoding of their own in columns.py (the kind is the snapshot's key).
ENCODED_FIELDS = (
    "id",
    "name",
    "kind",
    "owner",
    "owner_deprovisioned",
    "privileges",
    "created_at",
    "last_used_at",
)
EXTRA_FIELDS: tuple[str, ...] = tuple(name for name in ROW_FIELDS if name not in ENCODED_FIELDS)
SEPARATOR = "\x00"  # cannot occur in an id, a name, a description (control characters are refused)
_HEADER = struct.Struct("<I")


class ExtraMismatch(ValueError):
    """The blob does not hold this version's extra fields (or does not add up)."""


def is_time(name: str) -> bool:
    return FIELDS_BY_NAME[name].type is FieldType.TIME


def times_array(values: Sequence[Any]) -> np.ndarray:
    """Float POSIX seconds with None → NaN."""
    return np.array(values, dtype=np.float64)


def extra_from_values(values: Callable[[str], list[Any]]) -> dict[str, Any]:
    """The extra columns from each field's list of row values (`values(name)`)."""
    return {name: times_array(values(name)) if is_time(name) else values(name) for name in EXTRA_FIELDS}


def extra_row_values(extra: dict[str, Any], name: str) -> list[Any]:
    """One extra field's values in row form (times as floats or None, text as str)."""
    column = extra[name]
    if isinstance(column, np.ndarray):
        return [None if math.isnan(value) else value for value in column.tolist()]
    if isinstance(column, list):
        return column
    texts: list[Any] = column.to_list()
    return texts


def take_extra(extra: dict[str, Any], take: np.ndarray) -> dict[str, Any]:
    """The extra columns of the rows `take` (positions), in that order."""
    out: dict[str, Any] = {}
    for name, column in extra.items():
        if isinstance(column, np.ndarray):
            out[name] = column[take]
        else:
            out[name] = np.array(list(column) + [None], dtype=object)[:-1][take].tolist()
    return out


def encode_extra(extra: dict[str, Any], count: int) -> bytes | None:
    """The blob for `extra` (exactly EXTRA_FIELDS); None when a text holds the separator."""
    header: list[list[Any]] = []
    payloads: list[bytes] = []
    for name in EXTRA_FIELDS:
        column = extra[name]
        if is_time(name):
            payload = np.ascontiguousarray(column, dtype="<f8").tobytes()
            codec = "f8"
        elif FIELDS_BY_NAME[name].type is FieldType.TEXT:
            texts = column if isinstance(column, list) else column.to_list()
            joined = SEPARATOR.join(texts)
            if joined.count(SEPARATOR) != max(len(texts) - 1, 0):
                return None
            payload, codec = joined.encode("utf-8"), "text"
        else:
            payload, codec = json.dumps(list(column)).encode("utf-8"), "json"
        header.append([name, codec, len(payload)])
        payloads.append(payload)
    head = json.dumps({"count": count, "fields": header}).encode("utf-8")
    return _HEADER.pack(len(head)) + head + b"".join(payloads)


def decode_extra(blob: Any, count: int, packed: Callable[[bytes, int], Any]) -> dict[str, Any]:
    """The extra columns from their blob; `packed(bytes, count)` makes a text column (PackedStrings).

    Raises ExtraMismatch when the blob is not this version's or does not add up.
    """
    data = bytes(blob)
    try:
        (size,) = _HEADER.unpack_from(data, 0)
        head = json.loads(data[_HEADER.size : _HEADER.size + size].decode("utf-8"))
        fields = head["fields"]
        names = [entry[0] for entry in fields]
        if names != list(EXTRA_FIELDS) or head["count"] != count:
            raise ExtraMismatch("the extra fields are not this version's")
        at = _HEADER.size + size
        out: dict[str, Any] = {}
        for name, codec, length in fields:
            payload = data[at : at + length]
            at += length
            if len(payload) != length:
                raise ExtraMismatch("the extra fields' blob is cut short")
            if codec == "f8" and is_time(name):
                column: Any = np.frombuffer(payload, dtype="<f8").astype(np.float64)
            elif codec == "text":
                column = packed(payload, count)
            elif codec == "json":
                column = json.loads(payload.decode("utf-8"))
                if not isinstance(column, list):
                    raise ExtraMismatch(f"{name} is not a list")
            else:
                raise ExtraMismatch(f"unknown codec for {name}")
            if len(column) != count:
                raise ExtraMismatch(f"{name}: {len(column)} values where {count} were expected")
            out[name] = column
        if at != len(data):
            raise ExtraMismatch("trailing bytes after the extra fields")
    except (struct.error, KeyError, TypeError, ValueError, UnicodeDecodeError) as error:
        if isinstance(error, ExtraMismatch):
            raise
        raise ExtraMismatch(str(error)) from None
    return out


__all__ = [
    "ENCODED_FIELDS",
    "EXTRA_FIELDS",
    "ExtraMismatch",
    "decode_extra",
    "encode_extra",
    "extra_from_values",
    "extra_row_values",
    "take_extra",
    "times_array",
]
