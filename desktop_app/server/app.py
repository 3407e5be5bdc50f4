"""create_app(): wire the store, limits and routes into one FastAPI application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from desktop_app import __version__

from .audit import redact
from .bodylimit import BodyLimit
from .openapi import install_openapi
from .problems import PROBLEM_RESPONSES, install_problem_handlers, log, problem_response
from .protected import routes as protected_routes
from .ratelimit import Limits
from .routes.audit import router as audit_router
from .routes.credentials import router as credentials_router
from .routes.identify import router as identify_router
from .routes.index import router as index_router
from .routes.introspect import router as introspect_router
from .routes.notices import router as notices_router
from .routes.session import router as session_router
from .routes.tokens import router as tokens_router
from .service import Service
from .store import TokenStore


class RedactSecrets(logging.Filter):
    """Last line of defence: a secret-shaped string in a log line (e.g. a misused query string) is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = (
                tuple(redact(a) if isinstance(a, str) else a for a in record.args)
                if isinstance(record.args, tuple)
                else record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def _install_log_redaction() -> None:
    for name in ("uvicorn.access", "uvicorn.error", "desktop_app.server"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


def create_app(
    db_url: str,
    public_url: str | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    store: TokenStore | None = None,
    digest_key: bytes | None = None,
    password_hasher: PasswordHasher | None = None,
    docs: bool = False,
    **limits: Any,
) -> FastAPI:
    """The token service for the database at `db_url` (schema created or upgraded now).

    `public_url`: the base URL clients reach the service at (for `tenant_api_url`); default: the
    request's own base URL. `clock`: returns aware UTC now (tests move time). `store`: an already
    open TokenStore to serve instead of opening `db_url`. `digest_key`: HMAC key for the stored
    digests of secrets and session tokens (every replica needs the same one; None = plain SHA-256).
    `password_hasher`: an argon2 PasswordHasher (default: argon2-cffi's argon2id defaults).
    `docs`: also serve the interactive docs at /docs (`/openapi.json` is always served).
    `**limits`: fields of `ratelimit.Limits`.
    The store is `app.state.store`; it is closed when the app shuts down.
    """
    settings = Limits.from_kwargs(**limits)
    if store is None:
        store = TokenStore.open(
            db_url,
            clock=clock,
            digest_key=digest_key,
            password_hasher=password_hasher,
            session_ttl=timedelta(seconds=settings.session_ttl_seconds),
        )
    store.tokens.last_used_interval = timedelta(seconds=settings.last_used_interval_seconds)
    store.tokens.max_live_per_user = settings.max_live_tokens_per_user
    service = Service.build(store, settings, public_url)
    _install_log_redaction()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.password_gate.close()
        await store.aclose()  # on the event loop thread: also closes its kept-open connections

    app = FastAPI(
        title="Token Desk token service",
        version=__version__,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url=None,
    )
    app.state.service = service
    app.state.store = store
    install_problem_handlers(app)
    install_openapi(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    # The token-checked API first (ahead of FastAPI's docs routes too): routes are matched in
    # order and this is the hottest path.
    app.router.routes[0:0] = protected_routes

    @app.get("/livez", tags=["health"])
    async def livez() -> dict[str, Any]:  # bare dict in the OpenAPI document, as before
        """Liveness: the process answers (no database round trip; for frequent probes)."""
        return {"status": "ok"}

    @app.get("/healthz", tags=["health"], responses={503: PROBLEM_RESPONSES[503]})
    async def healthz() -> Response:
        """Readiness: the process answers and its database does."""
        try:
            await run_in_threadpool(store.ping)
        except Exception as exc:
            log.error("Health check: the database does not answer (%s)", type(exc).__name__)
            return problem_response(
                503,
                "Service unavailable",
                "The token service cannot reach its database.",
                kind="storage-unavailable",
                headers={"Retry-After": "5"},
                database="unavailable",
                retry_after=5,
            )
        return JSONResponse({"status": "ok", "database": "ok"})

    app.include_router(session_router)
    app.include_router(identify_router)  # before the tokens router: /tokens/identify is no token id
    app.include_router(tokens_router)
    app.include_router(credentials_router)
    app.include_router(audit_router)
    app.include_router(notices_router)
    app.include_router(introspect_router)
    app.include_router(index_router)
    return app
