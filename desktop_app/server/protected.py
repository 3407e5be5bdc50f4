"""The API that tokens unlock (`Authorization: Token <secret>`): a tenant's alerts.

`/t/{tenant}/api/v1/alerts/...` is the tenant URL; `/api/v1/alerts/...` is the generic form that
finds the tenant from the token. Handlers are `async` and answer without a thread hop: the
check and the read are one query (an indexed digest lookup joined with the tenant's alerts);
only a due last-used write goes to the threadpool.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from desktop_app.core.roles import Privileges

from .auth import authorize_token
from .problems import Problem
from .service import Service
from .verified import VerifiedToken


def _json(body: object) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        media_type="application/json",
    )


def _alert_not_found() -> Problem:
    return Problem(404, "Alert not found", "This tenant has no alert with that id.", kind="alert-not-found")


async def _list(request: Request, tenant: str | None) -> Response:
    service: Service = request.app.state.service
    _token, body = await authorize_token(
        service, request, tenant, Privileges.READ, service.store.alerts.token_and_list
    )
    return Response(body, media_type="application/json")


MAX_ALERT_ID = 2**31 - 1  # the column's range: larger numbers cannot name an alert


class AlertIdConvertor(Convertor[int]):
    """Digits → int, capped: a 4,301-digit id would pass Python's int conversion limit (a 500)."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        return int(value) if len(value) <= 12 else MAX_ALERT_ID + 1

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("alert_id", AlertIdConvertor())


async def _get(request: Request, tenant: str | None, alert_id: int) -> Response:
    service: Service = request.app.state.service
    alert_id = min(alert_id, MAX_ALERT_ID + 1)  # still checks the token, then answers 404
    alerts = service.store.alerts

    async def token_and_alert(secret: str) -> tuple[VerifiedToken | None, dict[str, Any] | None]:
        return await alerts.token_and_get(secret, alert_id)

    _token, alert = await authorize_token(service, request, tenant, Privileges.READ, token_and_alert)
    if alert is None:
        raise _alert_not_found()
    return _json(alert)


async def _close(request: Request, tenant: str | None, alert_id: int) -> Response:
    service: Service = request.app.state.service
    token, _ = await authorize_token(service, request, tenant, Privileges.READ_WRITE)
    if alert_id > MAX_ALERT_ID:
        raise _alert_not_found()
    alert = await run_in_threadpool(service.store.alerts.close, token.tenant_id, alert_id, token.id)
    if alert is None:
        raise _alert_not_found()
    return _json(alert)


# Plain Starlette routes: the handlers take only the request, so FastAPI's parameter solving
# (the largest cost on this path after the query) is skipped. They are left out of the OpenAPI
# schema; the README documents them. `{alert_id:alert_id}` makes a non-number a plain 404.


async def list_alerts(request: Request) -> Response:
    return await _list(request, request.path_params["tenant"])


async def get_alert(request: Request) -> Response:
    return await _get(request, request.path_params["tenant"], request.path_params["alert_id"])


async def close_alert(request: Request) -> Response:
    return await _close(request, request.path_params["tenant"], request.path_params["alert_id"])


async def list_alerts_generic(request: Request) -> Response:
    return await _list(request, None)


async def get_alert_generic(request: Request) -> Response:
    return await _get(request, None, request.path_params["alert_id"])


async def close_alert_generic(request: Request) -> Response:
    return await _close(request, None, request.path_params["alert_id"])


routes = [
    Route("/t/{tenant}/api/v1/alerts/", list_alerts, methods=["GET"]),
    Route("/t/{tenant}/api/v1/alerts/{alert_id:alert_id}/", get_alert, methods=["GET"]),
    Route("/t/{tenant}/api/v1/alerts/{alert_id:alert_id}/close/", close_alert, methods=["POST"]),
    Route("/api/v1/alerts/", list_alerts_generic, methods=["GET"]),
    Route("/api/v1/alerts/{alert_id:alert_id}/", get_alert_generic, methods=["GET"]),
    Route("/api/v1/alerts/{alert_id:alert_id}/close/", close_alert_generic, methods=["POST"]),
]
