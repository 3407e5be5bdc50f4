"""/openapi.json describes the whole API: problem responses, security schemes, the introspection
body, the alerts API, a typed NewToken; /docs is served only when asked for."""

from __future__ import annotations

import httpx

from tests.live_server import live_server


def test_the_description_covers_problems_security_introspection_alerts_and_new_token(http):
    spec = http.get("/openapi.json").json()
    assert set(spec["components"]["securitySchemes"]) == {"session", "token"}
    tokens = spec["paths"]["/t/{tenant}/api/v1/tokens"]["post"]
    assert tokens["security"] == [{"session": []}]
    for status in ("400", "401", "403", "404", "413", "422", "429", "503"):
        assert "application/problem+json" in tokens["responses"][status]["content"]
    new_token = spec["components"]["schemas"]["NewToken"]["properties"]
    assert new_token["name"]["type"] == "string" and new_token["privileges"]["enum"] == ["read", "read_write"]
    introspect = spec["paths"]["/t/{tenant}/api/v1/introspect"]["post"]
    assert {"application/json", "application/x-www-form-urlencoded"} <= set(
        introspect["requestBody"]["content"]
    )
    assert "active" in introspect["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    for path in (
        "/t/{tenant}/api/v1/alerts/",
        "/api/v1/alerts/{alert_id}/",
        "/t/{tenant}/api/v1/alerts/{alert_id}/close/",
    ):
        operation = next(iter(spec["paths"][path].values()))
        assert operation["security"] == [{"token": []}] and "403" in operation["responses"]


def test_docs_are_served_only_when_asked_for(sqlite_url, http):
    assert http.get("/docs").status_code == 404
    with live_server(sqlite_url, docs=True) as srv:
        assert httpx.get(srv.url + "/docs").status_code == 200


def test_the_leak_report_is_public_and_the_audit_log_for_admins(http):
    spec = http.get("/openapi.json").json()
    for path in ("/api/v1/credentials/revoke", "/t/{tenant}/api/v1/credentials/revoke"):
        report = spec["paths"][path]["post"]
        assert "security" not in report and {"202", "413", "422", "429"} <= set(report["responses"])
    audit = spec["paths"]["/t/{tenant}/api/v1/audit"]["get"]
    assert audit["security"] == [{"session": []}] and "403" in audit["responses"]
    assert (
        "/t/{tenant}/api/v1/tokens/identify" in spec["paths"]
        and "/t/{tenant}/api/v1/notices" in spec["paths"]
    )
