"""Tenants, users and signed-in principals as the store hands them out, and the checks on the names
and passwords it is given (shared by the store, the CLI and the routes)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from desktop_app.core.roles import Role

from .errors import InvalidInput

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
USERNAME_MAX_LENGTH = 64


@dataclass(frozen=True, slots=True)
class TenantInfo:
    id: int
    slug: str


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    tenant_id: int
    tenant: str
    username: str
    role: Role
    deprovisioned: bool


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user, as found from a live session."""

    user_id: int
    tenant_id: int
    tenant: str
    username: str
    role: Role
    session_id: int
    expires_at: datetime


def validate_slug(slug: str) -> str:
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        raise InvalidInput(
            "A tenant name uses 1 to 63 lowercase letters, digits and inner hyphens "
            "(for example “acme” or “acme-eu”)."
        )
    return slug


def validate_username(username: str) -> str:
    if not isinstance(username, str):
        raise InvalidInput("Give a username.")
    name = unicodedata.normalize("NFC", username).strip()
    if not name or len(name) > USERNAME_MAX_LENGTH:
        raise InvalidInput(f"A username has 1 to {USERNAME_MAX_LENGTH} characters.")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidInput("A username cannot contain control or invisible characters.")
    return name


MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


def check_password(password: str) -> str:
    """The password if it may be set (12 to 1024 characters), else InvalidInput."""
    if not isinstance(password, str) or not password:
        raise InvalidInput("A password cannot be empty.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"A password has at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"A password has at most {MAX_PASSWORD_LENGTH} characters.")
    return password


def plain_text(text: str) -> bool:
    """No control characters (a NUL is refused by PostgreSQL: an input error, not a server failure)."""
    return not any(unicodedata.category(ch) == "Cc" for ch in text)


def parse_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"Unknown role; use one of: {choices}.") from None
