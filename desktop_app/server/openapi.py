"""The OpenAPI description: FastAPI's own, completed with what it cannot see.

Added: the problem responses (application/problem+json) of every operation, the two security
schemes (sessions: `Authorization: Bearer tds_...`; tokens: `Authorization: Token tdk_...`), the
introspection body and answer, and the token-unlocked alerts API (plain Starlette routes, kept out
of FastAPI's routing for speed).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .problems import PROBLEM_RESPONSES, PROBLEM_SCHEMA

SECURITY_SCHEMES = {
    "session": {
        "type": "http",
        "scheme": "bearer",
        "description": "A session token from POST /t/{tenant}/api/v1/session (`tds_...`).",
    },
    "token": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Token <secret>`: an API token's secret (`tdk_api_...`).",
    },
}

ALERT = {
    "type": "object",
    "required": ["id", "title", "severity", "status", "created_at", "closed_at"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "severity": {"type": "string"},
        "status": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "closed_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

# Untyped on purpose: whatever does not carry a usable secret (a number, a list...) is simply
# answered inactive, as RFC 7662 answers an unknown token.
INTROSPECTION_REQUEST = {
    "description": "An object with the secret as `token`; any other body is answered inactive.",
    "properties": {"token": {"description": "the secret to check"}},
}
INTROSPECTION_ANSWER = {
    "type": "object",
    "required": ["active"],
    "properties": {
        "active": {"type": "boolean"},
        "scope": {"type": "string", "enum": ["read", "read write"]},
        "client_id": {"type": "string"},
        "username": {"type": "string"},
        "sub": {"type": "string"},
        "token_type": {"type": "string"},
        "iat": {"type": "integer"},
        "tenant": {"type": "string"},
    },
}

_TENANT = {"name": "tenant", "in": "path", "required": True, "schema": {"type": "string"}}
_ALERT_ID = {"name": "alert_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _problems(*statuses: int) -> dict[str, Any]:
    return {str(s): PROBLEM_RESPONSES[s] for s in statuses}


def _alert_operations(tenant: bool) -> dict[str, dict[str, Any]]:
    prefix = "/t/{tenant}/api/v1/alerts/" if tenant else "/api/v1/alerts/"
    params = [_TENANT] if tenant else []
    where = "this tenant's" if tenant else "the token's tenant's"
    common = {"tags": ["alerts"], "security": [{"token": []}]}
    denied = _problems(401, 403, 404, 413, 429, 503)
    return {
        prefix: {
            "get": {
                **common,
                "summary": f"List {where} alerts (read)",
                "parameters": params,
                "operationId": f"list_alerts{'' if tenant else '_generic'}",
                "responses": {
                    "200": _json(
                        {"type": "object", "properties": {"items": {"type": "array", "items": ALERT}}},
                        "The alerts",
                    ),
                    **denied,
                },
            }
        },
        prefix + "{alert_id}/": {
            "get": {
                **common,
                "summary": "Read one alert (read)",
                "operationId": f"get_alert{'' if tenant else '_generic'}",
                "parameters": [*params, _ALERT_ID],
                "responses": {"200": _json(ALERT, "The alert"), **denied},
            }
        },
        prefix + "{alert_id}/close/": {
            "post": {
                **common,
                "summary": "Close one alert (read + write)",
                "operationId": f"close_alert{'' if tenant else '_generic'}",
                "parameters": [*params, _ALERT_ID],
                "responses": {"200": _json(ALERT, "The closed alert"), **denied},
            }
        },
    }


def _complete(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {})
    components["securitySchemes"] = SECURITY_SCHEMES
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's HTTPValidationError: this service answers problems
            if path.endswith("/credentials/revoke"):  # leak reports: public, no credential
                responses.update(_problems(400, 404, 413, 422, 429, 503))
                continue
            if not path.startswith("/t/"):
                continue
            if path in ("/t/{tenant}/", "/t/{tenant}/api/v1/"):  # the API index: public, no credential
                responses.update(_problems(404))
                continue
            signing_in = path.endswith("/session") and method == "post"
            if not signing_in:
                operation["security"] = [{"session": []}]
            statuses = (400, 401, 413, 422, 429, 503) if signing_in else (400, 401, 404, 413, 422, 429, 503)
            if path.startswith(("/t/{tenant}/api/v1/tokens", "/t/{tenant}/api/v1/audit")):
                statuses = (*statuses, 403)
            responses.update(_problems(*sorted(statuses)))
            if path.endswith("/introspect"):
                operation["requestBody"] = {
                    "required": False,
                    "content": {
                        "application/x-www-form-urlencoded": {"schema": INTROSPECTION_REQUEST},
                        "application/json": {"schema": INTROSPECTION_REQUEST},
                    },
                }
                responses["200"] = _json(
                    INTROSPECTION_ANSWER, "RFC 7662 answer: inactive for any unusable token"
                )
    for tenant in (True, False):
        schema["paths"].update(_alert_operations(tenant))
    return schema


def install_openapi(app: FastAPI) -> None:
    """Serve the completed description at /openapi.json (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            described = get_openapi(
                title=app.title, version=app.version, routes=app.routes, description=app.description
            )
            app.openapi_schema = _complete(described)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
