"""The criteria form of `POST /t/{tenant}/api/v1/tokens/revoke`: `{"owner_deprovisioned": true}`
with an optional `"kind"` revokes every live token of deprovisioned owners the caller may revoke
(all kinds when `kind` is absent) and answers `{"revoked": <count>}`."""

from __future__ import annotations

from typing import Any

from desktop_app.core.tokens import TokenKind

from ..problems import Problem
from ..revoke_criteria import revoke_deprovisioned
from ..service import Service
from ..store import Principal


def _invalid(detail: str) -> Problem:
    return Problem(422, "Invalid request", detail, kind="invalid-request")


def revoke_by_criteria(service: Service, who: Principal, body: Any, client_addr: str | None) -> int:
    """Check the criteria body (`owner_deprovisioned`, `kind`), revoke, → the count revoked."""
    if body.owner_deprovisioned is not True:
        raise _invalid(
            "Give the ids to revoke (“ids”: at most 1,000), or “owner_deprovisioned”: true "
            "to revoke every token of deprovisioned owners."
        )
    kind = None
    if body.kind is not None:
        try:
            kind = TokenKind(body.kind)
        except ValueError:
            raise _invalid("The token kind is one of “api”, “siem_agent” or “log_collector”.") from None
    return revoke_deprovisioned(service.store, who, kind, client_addr=client_addr)
