"""The client against a real token service on 127.0.0.1: every endpoint, and no secret in a repr or log."""

from __future__ import annotations

import logging

import httpx
import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.secrets import parse_secret
from desktop_app.core.tokens import TokenKind, TokenStatus
from tests.live_server import LiveServer

from .service import ADMIN, PASSWORD, TENANT


def test_sign_in_whoami_and_sign_out(service: LiveServer) -> None:
    with TokenServiceClient(service.url + "/", TENANT) as client:
        session = client.sign_in(ADMIN, PASSWORD)
        assert client.base_url == service.url
        assert session.session_token and client.session_token == session.session_token
        assert (session.username, session.role, session.tenant) == (ADMIN, Role.GLOBAL_ADMIN, TENANT)
        assert session.tenant_api_url == f"{service.url}/t/{TENANT}"
        assert session.session_token not in repr(session) and "<hidden>" in repr(session)
        me = client.whoami()
        assert me.session_token is None and me.username == ADMIN and me.expires_at == session.expires_at
        client.sign_out()
        assert client.session_token is None
        assert service.store.session_principal(session.session_token) is None  # ended on the service


def test_generate_hands_over_a_working_secret_once(service: LiveServer, admin: TokenServiceClient) -> None:
    generated = admin.generate_token("  nightly export ", Privileges.READ)
    assert parse_secret(generated.secret).kind is TokenKind.API
    assert generated.secret not in repr(generated) and generated.secret not in str(generated)
    assert generated.token.name == "nightly export" and generated.token.owner == ADMIN
    assert generated.token.privileges is Privileges.READ and generated.token.last_used_at is None
    assert generated.tenant_api_url == f"{service.url}/t/{TENANT}"
    alerts = httpx.get(
        f"{generated.tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {generated.secret}"}
    )
    assert alerts.status_code == 200
    assert admin.get_token(generated.token.id).last_used_at is not None


def test_list_filters_by_kind_status_and_search(admin: TokenServiceClient) -> None:
    api = admin.generate_token("billing sync", Privileges.READ_WRITE)
    siem = admin.generate_token("siem forwarder", Privileges.READ, kind=TokenKind.SIEM_AGENT)
    used = admin.generate_token("used one", Privileges.READ)
    httpx.get(f"{used.tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {used.secret}"})

    page = admin.list_tokens()
    assert {t.id for t in page.items} == {api.token.id, used.token.id}
    assert page.removed == [] and page.cursor
    assert [t.id for t in admin.list_tokens(kinds=[TokenKind.SIEM_AGENT]).items] == [siem.token.id]
    assert [t.id for t in admin.list_tokens(statuses=[TokenStatus.ACTIVE]).items] == [used.token.id]
    assert [t.id for t in admin.list_tokens(search="BILLING").items] == [api.token.id]
    assert len(admin.list_tokens(kinds=tuple(TokenKind)).items) == 3


def test_changed_since_returns_changes_and_revocations(admin: TokenServiceClient) -> None:
    first = admin.generate_token("first", Privileges.READ)
    second = admin.generate_token("second", Privileges.READ)
    cursor = admin.list_tokens().cursor
    third = admin.generate_token("third", Privileges.READ)
    admin.revoke_token(first.token.id)
    page = admin.list_tokens(changed_since=cursor)
    assert [t.id for t in page.items] == [third.token.id]
    assert page.removed == [first.token.id]
    assert second.token.id not in {t.id for t in page.items}
    assert admin.list_tokens(changed_since=page.cursor).items == []


def test_revoke_ends_the_token(admin: TokenServiceClient) -> None:
    generated = admin.generate_token("to revoke", Privileges.READ)
    admin.revoke_token(generated.token.id)
    alerts = httpx.get(
        f"{generated.tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {generated.secret}"}
    )
    assert alerts.status_code == 401
    assert generated.token.id not in {t.id for t in admin.list_tokens().items}


def test_bulk_revoke_returns_the_revoked_ids(admin: TokenServiceClient) -> None:
    a = admin.generate_token("a", Privileges.READ)
    b = admin.generate_token("b", Privileges.READ)
    assert sorted(admin.revoke_tokens([a.token.id, b.token.id, "0000deadbeef"])) == sorted(
        [a.token.id, b.token.id]
    )
    assert admin.list_tokens().items == []


def test_introspect_says_active_then_inactive(admin: TokenServiceClient) -> None:
    generated = admin.generate_token("introspected", Privileges.READ_WRITE)
    answer = admin.introspect(generated.secret)
    assert answer["active"] is True and answer["username"] == ADMIN
    admin.revoke_token(generated.token.id)
    assert admin.introspect(generated.secret) == {"active": False}


def test_health_check(service: LiveServer) -> None:
    with TokenServiceClient(service.url, TENANT) as client:
        assert client.healthy()


def test_no_secret_or_session_token_in_log_lines(
    service: LiveServer, admin: TokenServiceClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        generated = admin.generate_token("logged", Privileges.READ)
        admin.introspect(generated.secret)
        admin.list_tokens()
        admin.revoke_token(generated.token.id)
    assert caplog.records, "the client logs its calls"
    assert generated.secret not in caplog.text
    assert admin.session_token and admin.session_token not in caplog.text


def test_revoke_deprovisioned_revokes_by_criteria_and_returns_the_count(
    service: LiveServer, admin: TokenServiceClient
) -> None:
    from tests.seed_tokens import seed_tokens

    seed_tokens(service.store, TENANT, 1500, owners=3, deprovisioned=1)  # user000: 500, api only
    kept = admin.list_tokens(kinds=list(TokenKind))
    assert admin.revoke_deprovisioned(TokenKind.SIEM_AGENT) == 0
    assert admin.revoke_deprovisioned() == 500
    left = admin.list_tokens(kinds=list(TokenKind))
    assert len(left.items) == len(kept.items) - 500
    assert all(not t.owner_deprovisioned for t in left.items)


def _alerts(secret: str, tenant_api_url: str) -> int:
    response = httpx.get(f"{tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {secret}"})
    return response.status_code


def test_rotate_hands_over_a_new_secret_and_end_grace_stops_the_old(
    service: LiveServer, admin: TokenServiceClient
) -> None:
    generated = admin.generate_token("rotated", Privileges.READ)
    rotated = admin.rotate(generated.token.id, 2)
    assert parse_secret(rotated.secret).kind is TokenKind.API and rotated.secret != generated.secret
    assert rotated.secret not in repr(rotated) and rotated.secret not in str(rotated)
    assert rotated.token.id == generated.token.id and rotated.token.name == "rotated"
    assert rotated.old_secret_valid_until == rotated.token.old_secret_valid_until is not None
    assert rotated.tenant_api_url == f"{service.url}/t/{TENANT}"
    assert _alerts(rotated.secret, rotated.tenant_api_url) == 200
    assert _alerts(generated.secret, rotated.tenant_api_url) == 200
    ended = admin.end_grace(generated.token.id)
    assert ended.id == generated.token.id and ended.old_secret_valid_until is None
    assert _alerts(generated.secret, rotated.tenant_api_url) == 401
    assert admin.rotate(generated.token.id, 0).old_secret_valid_until is None


def test_rotate_refusals_are_typed(admin: TokenServiceClient) -> None:
    from desktop_app.client.errors import NotFound, ValidationFailed

    token = admin.generate_token("refused", Privileges.READ).token
    with pytest.raises(ValidationFailed):
        admin.rotate(token.id, 73)
    admin.revoke_token(token.id)
    with pytest.raises(NotFound):
        admin.rotate(token.id, 1)
    with pytest.raises(NotFound):
        admin.end_grace(token.id)
