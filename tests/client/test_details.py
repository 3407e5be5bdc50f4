"""TokenServiceClient.token_details against the real service (usage after real calls from 127.0.0.2),
and the defensive parsing of the single-token answer."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.details import details_from_json
from desktop_app.client.errors import NotFound
from desktop_app.core.roles import Privileges
from desktop_app.core.token_fields import json_from_row, row_from_token
from desktop_app.core.tokens import TokenInfo, TokenKind
from tests.live_server import LiveServer, MovableClock

from .service import TENANT


def test_token_details_carry_the_usage_of_real_calls(
    service: LiveServer, admin: TokenServiceClient, clock: MovableClock
) -> None:
    generated = admin.generate_token("collector", Privileges.READ)
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(transport=transport, headers={"User-Agent": "collector/3.1"}, timeout=10) as http:
        for _ in range(3):
            answer = http.get(
                f"{service.url}/t/{TENANT}/api/v1/alerts/",
                headers={"Authorization": f"Token {generated.secret}"},
            )
            assert answer.status_code == 200
    details = admin.token_details(generated.token.id)
    assert details.token.id == generated.token.id and details.token.name == "collector"
    assert details.usage_known
    assert [(a.address, a.user_agent) for a in details.addresses] == [("127.0.0.2", "collector/3.1")]
    assert details.addresses[0].last_seen == clock().replace(microsecond=0)
    assert details.daily == [(clock().date().isoformat(), 3)]
    assert details.old_secret_last_used is None


def test_token_details_of_an_unknown_token_is_not_found(admin: TokenServiceClient) -> None:
    with pytest.raises(NotFound):
        admin.token_details("no-such-token")


def _token_json() -> dict:
    info = TokenInfo(
        id="t1",
        name="script",
        kind=TokenKind.API,
        owner="alice",
        owner_deprovisioned=False,
        privileges=Privileges.READ,
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
        last_used_at=None,
    )
    return {**json_from_row(row_from_token(info)), "status": "generated"}


def test_malformed_usage_entries_are_left_out() -> None:
    data = {
        **_token_json(),
        "usage": {
            "addresses": [
                {
                    "address": "10.0.0.1",
                    "user_agent": "a",
                    "first_seen": "2026-03-01T10:00:00Z",
                    "last_seen": "2026-03-01T11:00:00Z",
                },
                {"address": "10.0.0.2", "user_agent": "b", "first_seen": "yesterday", "last_seen": "x"},
                {"address": 7},
                "10.0.0.3",
                {
                    "address": "10.0.0.4",
                    "user_agent": "d" * 999,
                    "first_seen": "2026-03-01T09:00:00Z",
                    "last_seen": "2026-03-01T12:00:00Z",
                },
            ],
            "daily": [
                {"date": "2026-03-01", "count": 4},
                {"date": "March", "count": 1},
                {"date": "2026-02-28", "count": -1},
                {"date": "2026-02-27", "count": True},
                {"date": "2026-02-26", "count": 2},
            ],
        },
        "old_secret_last_used": "2026-03-01T08:00:00Z",
    }
    details = details_from_json(data)
    assert [a.address for a in details.addresses] == ["10.0.0.4", "10.0.0.1"]  # most recent first
    assert len(details.addresses[0].user_agent) == 256
    assert details.daily == [("2026-02-26", 2), ("2026-03-01", 4)]
    assert details.old_secret_last_used == datetime(2026, 3, 1, 8, tzinfo=UTC)


def test_an_answer_without_usage_parses_as_unknown_usage() -> None:
    details = details_from_json({**_token_json(), "usage": "n/a", "old_secret_last_used": "garbage"})
    assert details.token.id == "t1" and not details.usage_known
    assert details.addresses == [] and details.daily == [] and details.old_secret_last_used is None
    with pytest.raises(KeyError):
        details_from_json({"usage": {}})
