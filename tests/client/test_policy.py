"""The client's policy calls and the expiry and description of generate_token, against the live service."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import PermissionDenied, ValidationFailed
from desktop_app.client.policy import expiry_fields
from desktop_app.core.policy import DEFAULT_POLICY, policy_json
from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenKind
from tests.live_server import LiveServer, MovableClock

from .service import READER, client_for


def test_get_and_put_policy(admin: TokenServiceClient) -> None:
    assert admin.get_policy() == policy_json(DEFAULT_POLICY)
    changed = admin.put_policy({"warn_days": 3, "kinds": {"api": {"max_lifetime_days": 100}}})
    assert changed["warn_days"] == 3 and changed["kinds"]["api"]["max_lifetime_days"] == 100
    assert admin.get_policy() == changed


def test_put_policy_errors_carry_the_services_sentence(
    service: LiveServer, admin: TokenServiceClient
) -> None:
    with pytest.raises(ValidationFailed, match="longer than the maximum"):
        admin.put_policy({"kinds": {"api": {"default_lifetime_days": 400}}})
    with client_for(service, READER) as reader, pytest.raises(PermissionDenied, match="global admin"):
        reader.put_policy({"warn_days": 1})


def test_generate_with_an_expiry_and_a_description(admin: TokenServiceClient, clock: MovableClock) -> None:
    now = clock().replace(microsecond=0)
    default = admin.generate_token("default", Privileges.READ)
    assert default.token.expires_at == now + timedelta(days=90) and default.token.description == ""
    in_days = admin.generate_token("days", Privileges.READ, expires_in_days=7, description="weekly job")
    assert in_days.token.expires_at == now + timedelta(days=7) and in_days.token.description == "weekly job"
    at = admin.generate_token("at", Privileges.READ, expires_at=now + timedelta(days=3, minutes=5))
    assert admin.get_token(at.token.id).expires_at == now + timedelta(days=3, minutes=5)
    agent = admin.generate_token("agent", Privileges.READ, TokenKind.SIEM_AGENT, never_expires=True)
    assert agent.token.expires_at is None
    with pytest.raises(ValidationFailed, match="at most 365 days"):
        admin.generate_token("forever", Privileges.READ, never_expires=True)


def test_expiry_fields_take_one_choice_and_need_an_aware_time() -> None:
    assert expiry_fields(None, None, False) == {}
    with pytest.raises(ValueError):
        expiry_fields(None, 3, True)
    with pytest.raises(ValueError):
        from datetime import datetime

        expiry_fields(datetime(2030, 1, 1), None, False)
