"""The one description of a token's fields: their order, type, JSON form and row form.

Every layer derives from `TOKEN_FIELDS`: the service's list formats, the client's parsing, the
cache's table and snapshot, and the console's table data. A row is a tuple in `ROW_FIELDS` order
with times as float POSIX seconds (None where a time may be absent); nothing outside this module
unpacks a whole row by position: use `FIELD_INDEX[name]` or the helpers below.

To add a field: one `TokenField` here, the service's storage (model + schema upgrade), and the
console's column entry (`desktop_app/ui/columns.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any

from .roles import Privileges
from .tokens import TokenInfo, TokenKind, format_utc, parse_utc


class FieldType(StrEnum):
    """How a field is held: its Python type in a row and its JSON form."""

    TEXT = "text"  # str in both forms
    FLAG = "flag"  # bool in both forms
    TIME = "time"  # row: float POSIX seconds; JSON: ISO 8601 UTC "…Z" (columns form: int seconds)
    KIND = "kind"  # row and JSON: the TokenKind value
    PRIVILEGES = "privileges"  # row and JSON: the Privileges value


@dataclass(frozen=True, slots=True)
class TokenField:
    name: str
    type: FieldType
    nullable: bool = False


TOKEN_FIELDS: tuple[TokenField, ...] = (
    TokenField("id", FieldType.TEXT),
    TokenField("name", FieldType.TEXT),
    TokenField("kind", FieldType.KIND),
    TokenField("owner", FieldType.TEXT),
    TokenField("owner_deprovisioned", FieldType.FLAG),
    TokenField("privileges", FieldType.PRIVILEGES),
    TokenField("created_at", FieldType.TIME),
    TokenField("last_used_at", FieldType.TIME, nullable=True),
)

ROW_FIELDS: tuple[str, ...] = tuple(field.name for field in TOKEN_FIELDS)
FIELD_INDEX: Mapping[str, int] = {name: index for index, name in enumerate(ROW_FIELDS)}
FIELDS_BY_NAME: Mapping[str, TokenField] = {field.name: field for field in TOKEN_FIELDS}
TIME_FIELDS: tuple[str, ...] = tuple(f.name for f in TOKEN_FIELDS if f.type is FieldType.TIME)

Row = tuple[Any, ...]


def _seconds(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def _moment(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=timezone.utc)


def row_from_token(token: TokenInfo) -> Row:
    """A token as a row: ROW_FIELDS order, enums as their values, times as POSIX seconds."""
    values = []
    for field in TOKEN_FIELDS:
        value = getattr(token, field.name)
        if field.type is FieldType.TIME:
            value = _seconds(value)
        elif field.type in (FieldType.KIND, FieldType.PRIVILEGES):
            value = str(value)
        elif field.type is FieldType.FLAG:
            value = bool(value)
        values.append(value)
    return tuple(values)


def token_from_row(row: Sequence[Any]) -> TokenInfo:
    """The TokenInfo a row describes (the inverse of `row_from_token`)."""
    values: dict[str, Any] = {}
    for field, value in zip(TOKEN_FIELDS, row, strict=True):
        if field.type is FieldType.TIME:
            value = _moment(value)
        elif field.type is FieldType.KIND:
            value = TokenKind(value)
        elif field.type is FieldType.PRIVILEGES:
            value = Privileges(value)
        elif field.type is FieldType.FLAG:
            value = bool(value)
        values[field.name] = value
    return TokenInfo(**values)


def json_from_row(row: Sequence[Any]) -> dict[str, Any]:
    """A row in the service's JSON form (times as ISO 8601 UTC, None as null)."""
    out: dict[str, Any] = {}
    for field, value in zip(TOKEN_FIELDS, row, strict=True):
        if field.type is FieldType.TIME and value is not None:
            value = format_utc(_moment(value))  # type: ignore[arg-type]
        out[field.name] = value
    return out


def row_from_json(data: Mapping[str, Any]) -> Row:
    """A row from one token in the service's JSON form; KeyError/ValueError/TypeError if malformed."""
    values = []
    for field in TOKEN_FIELDS:
        value = data[field.name] if not field.nullable else data.get(field.name)
        if field.type is FieldType.TIME:
            value = None if value is None else parse_utc(value).timestamp()
        elif field.type is FieldType.KIND:
            value = TokenKind(value).value
        elif field.type is FieldType.PRIVILEGES:
            value = Privileges(value).value
        elif field.type is FieldType.FLAG:
            if not isinstance(value, bool):
                raise TypeError(f"{field.name} must be true or false")
        elif not isinstance(value, str):
            raise TypeError(f"{field.name} must be a string")
        values.append(value)
    return tuple(values)


def field_value(row: Sequence[Any], name: str) -> Any:
    """One field of a row, by name."""
    return row[FIELD_INDEX[name]]
