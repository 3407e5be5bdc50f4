"""Typed failures of the token service client; each str() is a sentence a person can act on.

No message ever contains a secret or a session token: details that come from the service
are scrubbed of anything shaped like a secret before they are shown.
"""

from __future__ import annotations

from desktop_app.core.errors import UserFacingError
from desktop_app.core.redact import redact


def scrub(text: str | None) -> str:
    """The service's own message with anything shaped like a secret or a session token replaced."""
    return redact((text or "").strip())


class ServiceError(UserFacingError):
    """Base of every failure talking to the token service."""

    # False when the request never left this computer (no connection could be made): the service
    # cannot have acted on it. True otherwise, including a lost answer.
    request_sent = True


class ServiceUnreachable(ServiceError):
    """Nothing answered at the service's address (refused, DNS, network down, connection cut)."""

    def __init__(self, url: str, message: str | None = None) -> None:
        self.url = url
        super().__init__(
            message
            or f"The token service at {url} did not answer. Check that it is running and that "
            "the address is right, then try again."
        )


class UntrustedCertificate(ServiceUnreachable):
    """The TLS certificate could not be verified."""

    def __init__(self, url: str) -> None:
        super().__init__(
            url,
            f"The token service at {url} presented a certificate that could not be verified. "
            "If it uses your organisation's own certificate authority, start the app with "
            "--ca-bundle PATH pointing at that authority's certificate.",
        )


class ServiceTimeout(ServiceError):
    """The service took longer than the client's timeout."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        super().__init__(
            f"The token service at {url} did not respond within {timeout:g} seconds. "
            "It may be overloaded; try again in a moment."
        )


class InsecureConnectionRefused(ServiceError):
    """Plain http:// to a host that is not this machine, without explicit permission."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"Refusing to send your sign-in over unencrypted HTTP to {url}. Use an https:// "
            "address, or start the app with --allow-insecure-http if you really mean it."
        )


class InvalidServiceUrl(ServiceError):
    """The configured address is not an http(s) URL with a host."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"“{url}” is not a token service address; give one like https://tokens.example.com.")


class InvalidCredentials(ServiceError):
    """Sign-in refused: unknown user or wrong password."""

    def __init__(self, url: str, tenant: str) -> None:
        self.url = url
        self.tenant = tenant
        super().__init__(
            f"The username or password is not right for tenant “{tenant}” at {url}. "
            "Check both and sign in again."
        )


class SessionExpired(ServiceError):
    """The admin session is missing, expired or was ended elsewhere."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"Your session with the token service at {url} has ended. Sign in again.")


class PermissionDenied(ServiceError):
    """403: the signed-in user may not do this."""

    def __init__(self, detail: str | None = None) -> None:
        self.detail = scrub(detail)
        super().__init__(self.detail or "You are not allowed to do this; ask a global or security admin.")


class NotFound(ServiceError):
    """404: the token (or tenant) does not exist or is not visible to you."""

    def __init__(self, detail: str | None = None) -> None:
        self.detail = scrub(detail)
        super().__init__(
            self.detail or "That token no longer exists or is not visible to you; refresh the list."
        )


class ValidationFailed(ServiceError):
    """422 (or 409): the service rejected the request; its message says why."""

    def __init__(self, detail: str | None = None) -> None:
        self.detail = scrub(detail)
        super().__init__(self.detail or "The token service rejected the request; check what you entered.")


class CursorRejected(ValidationFailed):
    """The sync cursor is no longer valid; the caller should do a full sync."""


class RateLimited(ServiceError):
    """429: too many requests; `.retry_after` is the wait in seconds the service asked for."""

    def __init__(self, retry_after: float | None) -> None:
        self.retry_after = retry_after
        wait = f"{retry_after:g} seconds" if retry_after is not None else "a moment"
        super().__init__(f"The token service is receiving too many requests. Wait {wait} and try again.")


class UnexpectedResponse(ServiceError):
    """The answer was not what a token service sends (5xx, not JSON, wrong shape)."""

    def __init__(self, url: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        if status is not None and status >= 500:
            text = (
                f"The token service at {url} failed (HTTP {status}). Try again; if it keeps "
                "happening, tell the service's administrator."
            )
        else:
            what = f" (HTTP {status})" if status is not None else ""
            text = (
                f"The server at {url} did not answer like a token service{what}. "
                "Check the address and the tenant."
            )
        super().__init__(text)


class InvalidCaBundle(ServiceError):
    """The CA bundle given with --ca-bundle could not be read."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"The certificate authority bundle {path} could not be read; check the path "
            "given with --ca-bundle (a PEM file or a folder of certificates)."
        )
