"""The per-app service object the routes reach through `request.app.state.service`."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from .ratelimit import FailureLimiter, Limits
from .store import TokenStore
from .workgate import WorkGate


@dataclass
class Service:
    store: TokenStore
    limits: Limits
    public_url: str | None
    sign_in_limiter: FailureLimiter
    token_limiter: FailureLimiter
    password_gate: WorkGate

    @classmethod
    def build(cls, store: TokenStore, limits: Limits, public_url: str | None) -> Service:
        window = limits.failure_window_seconds
        return cls(
            store=store,
            limits=limits,
            public_url=public_url.rstrip("/") if public_url else None,
            sign_in_limiter=FailureLimiter(limits.sign_in_failures, window, store.clock),
            token_limiter=FailureLimiter(limits.token_failures, window, store.clock),
            password_gate=WorkGate(limits.password_checks, limits.password_queue),
        )

    def base_url(self, request: Request) -> str:
        return self.public_url or str(request.base_url).rstrip("/")

    def tenant_api_url(self, request: Request, tenant: str) -> str:
        """The tenant's own API URL: the form scripts should call (`{base}/t/{tenant}`)."""
        return f"{self.base_url(request)}/t/{tenant}"


def client_addr(request: Request) -> str:
    client = request.client
    return client.host if client else "unknown"
