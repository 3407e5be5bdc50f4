"""The one description of a token's fields: their order, type, JSON form and row form.

Every layer derives from `TOKEN_FIELDS`: the service's list formats, the client's parsing, the
cache's table and snapshot, and the console's table data. A row is a tuple in `ROW_FIELDS` order
with times as float POSIX seconds (None where a time may be absent); nothing outside this module
unpacks a whole row by position: use `FIELD_INDEX[name]` or the helpers below.

To add a field: one `TokenField` here, the service's storage (model + schema upgrade), and the
console's column entry (`desktop_app/ui/columns.py`). The service's list formats, the client's parsing
and the cache's table and snapshot follow from this tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from .roles import Privileges
from .tokens import TokenInfo, TokenKind, format_utc, parse_utc

KIND_VALUES: frozenset[str] = frozenset(kind.value for kind in TokenKind)
PRIVILEGE_VALUES: frozenset[str] = frozenset(privileges.value for privileges in Privileges)


class FieldType(StrEnum):
    """How a field is held: its Python type in a row and its JSON form."""

    TEXT = "text"  # str in both forms
    FLAG = "flag"  # bool in both forms
    TIME = "time"  # row: float POSIX seconds; JSON: ISO 8601 UTC "…Z" (columns form: int seconds)
    KIND = "kind"  # row and JSON: the TokenKind value
    PRIVILEGES = "privileges"  # row and JSON: the Privileges value


_REQUIRED: Any = object()


@dataclass(frozen=True, slots=True)
class TokenField:
    """One field. `default`: the value when a JSON answer leaves the field out (fields added after the
    first release have one, so an older service's answer still parses); without it the field is required."""

    name: str
    type: FieldType
    nullable: bool = False
    default: Any = _REQUIRED

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


TOKEN_FIELDS: tuple[TokenField, ...] = (
    TokenField("id", FieldType.TEXT),
    TokenField("name", FieldType.TEXT),
    TokenField("kind", FieldType.KIND),
    TokenField("owner", FieldType.TEXT),
    TokenField("owner_deprovisioned", FieldType.FLAG),
    TokenField("privileges", FieldType.PRIVILEGES),
    TokenField("created_at", FieldType.TIME),
    TokenField("last_used_at", FieldType.TIME, nullable=True),
    # SPEC rules 11-14: expiry (None: never), description, and during a rotation's grace period the
    # old secret's end and last use.
    TokenField("expires_at", FieldType.TIME, nullable=True, default=None),
    TokenField("description", FieldType.TEXT, default=""),
    TokenField("old_secret_valid_until", FieldType.TIME, nullable=True, default=None),
    TokenField("old_secret_last_used_at", FieldType.TIME, nullable=True, default=None),
)

ROW_FIELDS: tuple[str, ...] = tuple(field.name for field in TOKEN_FIELDS)
FIELD_INDEX: Mapping[str, int] = {name: index for index, name in enumerate(ROW_FIELDS)}
FIELDS_BY_NAME: Mapping[str, TokenField] = {field.name: field for field in TOKEN_FIELDS}
TIME_FIELDS: tuple[str, ...] = tuple(f.name for f in TOKEN_FIELDS if f.type is FieldType.TIME)

Row = tuple[Any, ...]


def _seconds(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def _moment(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)


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


def token_from_row(row: Sequence[Any], moment: Callable[[Any], datetime | None] = _moment) -> TokenInfo:
    """The TokenInfo a row describes (the inverse of `row_from_token`).

    `moment` turns a stored time into a datetime: POSIX seconds by default (the service passes its
    own for integer microseconds, or for values its database layer already made datetimes).
    """
    values: dict[str, Any] = {}
    for field, value in zip(TOKEN_FIELDS, row, strict=True):
        if field.type is FieldType.TIME:
            value = moment(value)
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
            value = format_utc(datetime.fromtimestamp(value, tz=UTC))
        out[field.name] = value
    return out


def row_from_json(data: Mapping[str, Any]) -> Row:
    """A row from one token in the service's JSON form; KeyError/ValueError/TypeError if malformed."""
    values = []
    for field in TOKEN_FIELDS:
        if field.name in data:
            value: Any = data[field.name]
        elif field.nullable or not field.required:
            value = None if field.required else field.default
        else:
            raise KeyError(field.name)
        if value is None and field.nullable:
            pass
        elif field.type is FieldType.TIME:
            if not isinstance(value, str):
                raise TypeError(f"{field.name} must be an ISO 8601 time")
            value = parse_utc(value).timestamp()
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


# ---- the column form: one list per field ------------------------------------------------------
# Checks run per column as `set(map(type, values))` (C loops: a few ms for 100,000 tokens) instead of
# per value in Python.

_TEXT_TYPES = frozenset({str})
_FLAG_TYPES = frozenset({bool})
_FLAG_STORED_TYPES = frozenset({bool, int})  # SQLite keeps booleans as 0/1
_TIME_TYPES = frozenset({int, float})
_NONE = type(None)


def row_column(
    field: TokenField, values: Sequence[Any] | None, count: int, *, stored: bool = False
) -> Sequence[Any]:
    """One field's values (JSON column form, or as SQLite returns them with `stored`) in row form.

    Times become float POSIX seconds, stored 0/1 flags become bools. Raises KeyError for a missing
    column (`values` None), TypeError/ValueError for a value that does not fit the field.
    """
    if values is None:
        if field.required:
            raise KeyError(field.name)
        return [field.default] * count
    if not isinstance(values, (list, tuple)) or len(values) != count:
        raise ValueError(f"{field.name}: {count} values expected")
    types = set(map(type, values))
    has_none = _NONE in types
    if field.nullable:
        types.discard(_NONE)
    kind = field.type
    if kind is FieldType.TEXT:
        if not types <= _TEXT_TYPES:
            raise TypeError(f"{field.name} must be text")
        return values  # not copied: zipped into rows at once, never changed
    if kind is FieldType.FLAG:
        if not types <= (_FLAG_STORED_TYPES if stored else _FLAG_TYPES):
            raise TypeError(f"{field.name} must be true or false")
        return values if types <= _FLAG_TYPES else [None if v is None else bool(v) for v in values]
    if kind is FieldType.TIME:
        if not types <= _TIME_TYPES:
            raise TypeError(f"{field.name} must be a number of seconds")
        if has_none:
            return [None if v is None else float(v) for v in values]
        return list(map(float, values))
    known = KIND_VALUES if kind is FieldType.KIND else PRIVILEGE_VALUES
    distinct = set(values)
    if field.nullable:
        distinct.discard(None)
    if not distinct <= known:
        raise ValueError(f"unknown {field.name}")
    return values


def rows_from_columns(columns: Mapping[str, Sequence[Any]], count: int, *, stored: bool = False) -> list[Row]:
    """Row tuples from one column per field name (see `row_column`; KeyError if a field is missing)."""
    checked = [row_column(field, columns.get(field.name), count, stored=stored) for field in TOKEN_FIELDS]
    return list(zip(*checked, strict=False))  # row_column checked every length


# ---- fast whole-table helpers, generated from TOKEN_FIELDS -------------------------------------
# A loop written out for the field list (as `collections.namedtuple` and `dataclasses` do) runs at the
# speed of the hand-written loops it replaces: 100,000 rows in one pass, no per-field inner loop.

_CHECKS = {
    FieldType.TEXT: "type({v}) is str",
    FieldType.FLAG: "type({v}) in _FLAG_STORED_TYPES",
    FieldType.TIME: "type({v}) in _TIME_TYPES",
    FieldType.KIND: "{v} in KIND_VALUES",
    FieldType.PRIVILEGES: "{v} in PRIVILEGE_VALUES",
}


def _generated(name: str, source: str) -> Callable[..., Any]:
    namespace: dict[str, Any] = {
        "_FLAG_STORED_TYPES": _FLAG_STORED_TYPES,
        "_TIME_TYPES": _TIME_TYPES,
        "KIND_VALUES": KIND_VALUES,
        "PRIVILEGE_VALUES": PRIVILEGE_VALUES,
        "_misfit": _misfit,
    }
    # The source is built above from TOKEN_FIELDS only (no outside text reaches it).
    exec(compile(source, f"<token_fields.{name}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    return function


def _misfit() -> Any:
    raise ValueError("a value does not fit its token field")


def _stored_rows_source() -> str:
    names = [f"v{at}" for at in range(len(TOKEN_FIELDS))]
    values, checks = [], []
    for field, name in zip(TOKEN_FIELDS, names, strict=True):
        v = name
        if field.type is FieldType.FLAG:
            v = f"(None if {v} is None else bool({v}))" if field.nullable else f"bool({v})"
        values.append(v)
        check = _CHECKS[field.type].format(v=name)
        checks.append(f"({name} is None or {check})" if field.nullable else check)
    return (
        "def rows_from_stored(rows):\n"
        f"    return [({', '.join(values)},) if {' and '.join(checks)} else _misfit()\n"
        f"            for {', '.join(names)} in rows]\n"
    )


def _split_source(width: int) -> str:
    names = [f"c{at}" for at in range(width)]
    return (
        "def split(rows):\n"
        f"    {', '.join(names)}, = {', '.join('[]' for _ in names)},\n"
        f"    {', '.join('a' + n for n in names)}, = {', '.join(n + '.append' for n in names)},\n"
        f"    for {', '.join('v' + n for n in names)}, in rows:\n"
        + "".join(f"        a{n}(v{n})\n" for n in names)
        + f"    return [{', '.join(names)}]\n"
    )


rows_from_stored: Callable[[Any], list[Row]] = _generated("rows_from_stored", _stored_rows_source())
rows_from_stored.__doc__ = """Rows as a database stored them (ROW_FIELDS order; flags may be 0/1) in row form,
each value checked against its field; ValueError for one that does not fit (a damaged file)."""

_SPLITTERS: dict[int, Callable[[Any], list[list[Any]]]] = {}


def split_columns(rows: Any, trailing: int = 0) -> list[list[Any]]:
    """Rows of the ROW_FIELDS and `trailing` further values each, as one list per position."""
    width = len(ROW_FIELDS) + trailing
    split = _SPLITTERS.get(width)
    if split is None:
        split = _SPLITTERS[width] = _generated("split", _split_source(width))
    return split(rows)
