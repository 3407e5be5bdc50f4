"""What the session controller offers for leaks, hygiene and the audit log (issue 13), kept apart from it.

The calls go to the client's issue-13 methods (`protocols.HygieneClient`, client/hygiene.py) in the
action lane, never behind a sync. A pasted secret only passes through: the dialogs hand it to the
call, which drops it when done (background._Task forgets its function); nothing here keeps, logs or
shows it. Texts keep the "SessionController" translation context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from ..core.roles import is_full_admin
from ..core.tokens import TokenInfo
from .protocols import HygieneClient

if TYPE_CHECKING:
    from .session_controller import SessionController


AuditFilters = Mapping[str, str]  # query parameters: actor, action, token_id, since, until (ISO 8601)


def is_full_admin_session(c: SessionController) -> bool:
    """Identify and the audit log are for global and security admins."""
    return c.session is not None and c.role is not None and is_full_admin(c.role)


def hygiene_client(c: SessionController) -> HygieneClient | None:
    """The signed-in client, or None when not signed in or when the client has no hygiene calls (a
    client of the core protocol only, such as a test's stand-in)."""
    client = c.client
    if client is None or c.session is None or not all(hasattr(client, call) for call in _HYGIENE_CALLS):
        return None
    return cast(HygieneClient, client)


_HYGIENE_CALLS = ("identify", "report_leaked", "audit_page", "audit_csv", "list_attention", "notices")


def identify_call(c: SessionController) -> Callable[[str], TokenInfo | None] | None:
    """The blocking look-up the identify dialog runs (None unless a full admin is signed in)."""
    client = hygiene_client(c)
    if client is None or not is_full_admin_session(c):
        return None
    return client.identify


def report_call(c: SessionController) -> Callable[[Sequence[str], str | None], tuple[int, int]] | None:
    """The blocking leak report (no sign-in needed: a client without a session when signed out; None
    while no service address is known)."""
    client = hygiene_client(c)
    if client is not None:
        return client.report_leaked
    factory = c.anonymous_client_factory()
    if factory is None or not c.service_url:
        return None
    url = c.service_url

    def report(secrets: Sequence[str], where: str | None) -> tuple[int, int]:
        anonymous = cast(HygieneClient, factory(url, None))
        try:
            return anonymous.report_leaked(secrets, where)
        finally:
            anonymous.close()

    return report


__all__ = [
    "AuditFilters",
    "HygieneClient",
    "hygiene_client",
    "identify_call",
    "is_full_admin_session",
    "report_call",
]
